"""In a real browser (Debian's headless chromium via Playwright) against a real server.

Every page visited here is also checked for what it must never do: a script error, a
Content-Security-Policy violation, a request to another host (no CDN), an alert() from
hostile data; and axe-core (vendored) finds no WCAG 2 A/AA violation on it.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import update

from tests.web.conftest import LiveServer, sign_in

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa"]


def check_page(page: Any, *, axe: bool = True) -> None:
    watch = page.watch
    assert watch.errors == [], watch.errors
    assert watch.foreign == [], f"requests to other hosts: {watch.foreign}"
    if axe:
        page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = page.evaluate(
            "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))",
            AXE_TAGS,
        )
        assert result == [], result


def wait_for_map(page: Any, selector: str = "div.map") -> int:
    page.wait_for_selector(f"{selector}[data-loaded]", timeout=15000)
    loaded = page.get_attribute(selector, "data-loaded")
    assert loaded != "error"
    return int(loaded or 0)


def test_portal_on_a_phone_lists_public_sites_on_a_map(browser: Any, live_server: LiveServer) -> None:
    ctx = browser.new_context(base_url=live_server.base, viewport={"width": 390, "height": 844}, is_mobile=True)
    page = ctx.new_page()
    from tests.web.conftest import PageWatch

    page.watch = PageWatch(page, live_server.base)
    page.goto("/p/")
    assert page.locator("h1").inner_text() == "找厂房、找土地、找办公"
    shown = wait_for_map(page)
    assert shown == len(live_server.world.public_sites)  # only public sites of the workspace
    assert page.locator("path.leaflet-interactive").count() >= 16  # the district outlines
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the portal must not scroll sideways on a phone"
    check_page(page)
    page.click("ul.cards li.card h3 a >> nth=0")
    assert page.url.split("/p/sites/")[1] in live_server.world.public_sites
    assert page.locator("meta[property='og:title']").count() == 1
    assert wait_for_map(page) == 1
    assert page.locator(".leaflet-marker-icon").count() == 1  # the site itself, on its map
    check_page(page)
    ctx.close()


def test_english_toggle_is_remembered(page: Any) -> None:
    page.goto("/p/")
    page.click("a.lang")
    assert page.locator("h1").inner_text() == "Find a factory, land or an office"
    page.click("ul.cards li.card h3 a >> nth=0")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Ask about this site" in page.content()
    check_page(page)


def test_officer_filters_sites_on_the_map_and_confirms_one(page: Any, live_server: LiveServer) -> None:
    sign_in(page, "at_officer")
    page.goto("/sites")
    page.select_option("#f-region", "310114")
    page.fill("#f-area_min", "2000平米")
    page.click("form.filters button[type=submit]")
    assert "region=310114" in page.url
    assert wait_for_map(page) > 0
    rows = page.locator("table tbody tr")
    assert rows.count() > 0
    check_page(page)
    site = live_server.world.private_sites[0]
    page.goto(f"/sites/{site}")
    page.click("button:has-text('仍可租售')")
    assert page.locator(".notice.ok").inner_text() == "已确认该载体仍可租售。"
    page.click("button:has-text('公开到云招商')")
    check_page(page)
    page.click("form[action='/logout'] button")
    assert page.url.endswith("/login")
    page.goto(f"/p/sites/{site}")
    assert page.locator("h1").count() == 1 and "404" not in page.locator("h1").inner_text()


def test_expired_session_sends_the_officer_back_to_sign_in(page: Any, live_server: LiveServer) -> None:
    from parkatlas.workspace.tables import WebSession
    from tests.workspace.world import session_for

    sign_in(page, "at_officer")
    page.goto("/sites")
    assert page.url.endswith("/sites")
    with session_for(live_server.world.url) as s:
        s.execute(update(WebSession).values(expires_at=WebSession.created_at))
    page.goto("/sites?kind=factory")
    assert "/login?next=/sites%3Fkind%3Dfactory&expired=1" in page.url
    assert "登录已过期" in page.locator(".notice").inner_text()
    sign_in_here = page.locator("#login")
    sign_in_here.fill("at_officer")
    from tests.workspace.world import PASSWORD

    page.fill("#password", PASSWORD)
    page.click("form[action='/login'] button[type=submit]")
    assert page.url.endswith("/sites?kind=factory")


def test_keyboard_reaches_the_search_and_the_skip_link(page: Any) -> None:
    page.goto("/p/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "f-kind":
            break
    else:
        pytest.fail("the kind filter is not reachable with Tab")


def test_api_docs_load_from_the_app_itself(page: Any) -> None:
    """/docs is Swagger UI served from the vendored package: no CDN, no CSP violation."""
    page.goto("/docs")
    page.wait_for_selector(".opblock-tag", timeout=20000)
    assert page.locator(".opblock").count() > 10  # the operations of /openapi.json
    assert page.locator(".info .title").first.inner_text().startswith("parkatlas")
    check_page(page, axe=False)  # Swagger UI's own markup is not ours to fix
    page.goto("/redoc")
    assert page.url.endswith("/docs")


def test_officer_adds_a_photo_and_a_document_to_a_site(page: Any, live_server: LiveServer, tmp_path: Any) -> None:
    from tests.web.test_site_files import PDF, png

    photo = tmp_path / "厂房外景.png"
    photo.write_bytes(png(64, 48))
    fake = tmp_path / "not-a-photo.jpg"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    brochure = tmp_path / "招商手册.pdf"
    brochure.write_bytes(PDF)
    sign_in(page, "at_officer")
    site = live_server.world.private_sites[1]
    page.goto(f"/sites/{site}")
    page.set_input_files("#site-file", str(photo))
    page.click("#files button:has-text('上传')")
    assert page.locator(".notice.ok").inner_text() == "文件已保存。"
    img = page.locator("#files ul.photos img").first
    img.wait_for()
    assert page.evaluate("(el) => el.complete && el.naturalWidth", img.element_handle()) == 64  # served back
    page.set_input_files("#site-file", str(fake))
    page.click("#files button:has-text('上传')")
    assert "按文件内容判断" in page.locator("#files .notice.bad").inner_text()
    page.set_input_files("#site-file", str(brochure))
    page.click("#files button:has-text('上传')")
    assert page.locator("#files ul.documents a").inner_text() == "招商手册.pdf"
    check_page(page)
    page.click("#files ul.photos button:has-text('删除')")
    assert page.locator(".notice.ok").inner_text() == "文件已删除。"
    assert page.locator("#files ul.photos img").count() == 0 and page.locator("#files ul.documents a").count() == 1


def test_officer_uploads_news_and_sees_its_facts(page: Any, tmp_path: Any) -> None:
    from tests.web.test_facts_upload import H1

    news = tmp_path / "嘉定上半年.txt"
    news.write_bytes(H1.encode("gb18030"))
    junk = tmp_path / "扫描件.pdf"
    junk.write_bytes(b"not a pdf")
    sign_in(page, "at_officer")
    page.goto("/facts")
    page.set_input_files("#news-files", [str(news), str(junk)])
    page.click("#upload button[type=submit]")
    report = page.locator("#upload-report").inner_text()
    assert "嘉定上半年.txt" in report and "已入库" in report and "扫描件.pdf" in report and "未能读取" in report
    assert page.locator("table mark", has_text="1120").count() >= 1  # the fact, marked in its sentence
    check_page(page)
