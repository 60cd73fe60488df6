"""The officer's day, end to end in the browser (issue 11 §4), one walk per role.

Officer of 安亭镇 (JD-AT): sign in, import a sheet with a bad row, read the row report,
download the rejects, upload the fix; register a lead with needs in the import's words, move
its stage, log a visit, look at the best sites and ask why-not; mark the imported site public;
signed out, find it on /p/ and send an inquiry; signed in again, the inquiry is a lead of
her unit — and the officer of another district does not see it. A viewer reads the same
pages without a single write form. Every page: no script error, no CSP violation, no request
to another host, no axe-core violation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import LiveServer, sign_in
from tests.web.test_browser import check_page

pytestmark = pytest.mark.browser

SHEET = (
    "id,kind,region,area_m2,rent_cny_m2_day,lat,lon,address\n"
    "E2E-1,厂房,嘉定区,5000平米,1.2元/㎡/天,31.38,121.25,安亭镇示例路1号\n"
    "E2E-2,厂房,嘉定区,很大,1.1元/㎡/天,31.37,121.24,安亭镇示例路2号\n"
)
FIXED = "id,kind,region,area_m2,rent_cny_m2_day,lat,lon,address\nE2E-2,厂房,嘉定区,6000平米,1.1元/㎡/天,31.37,121.24,安亭镇示例路2号\n"


def upload(page: Any, path: Path) -> None:
    page.goto("/import")
    page.select_option("#kind", "sites")
    page.set_input_files("#file", str(path))
    page.click("form[action='/import'] button[type=submit]")
    page.wait_for_selector("#report")


def test_the_officers_day(page: Any, live_server: LiveServer, tmp_path: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, "at_officer")
    assert page.url.endswith("/")
    check_page(page)

    # import a sheet with a bad row, then the fix
    sheet = tmp_path / "载体.csv"
    sheet.write_text(SHEET, encoding="utf-8")
    upload(page, sheet)
    summary = page.locator("#report .notice").inner_text()
    assert "接受 1 行" in summary and "拒绝 1 行" in summary
    assert "读作面积：没有数字" in page.locator("#report table").inner_text()  # the row, column, reason in Chinese
    with page.expect_download() as download:
        page.click("text=下载被拒绝的行")
    assert "E2E-2" in Path(download.value.path()).read_text(encoding="utf-8-sig")
    check_page(page)
    fixed = tmp_path / "载体.fixed.csv"
    fixed.write_text(FIXED, encoding="utf-8")
    upload(page, fixed)
    assert "拒绝 0 行" in page.locator("#report .notice").inner_text()

    # register a lead, move it, log a visit, match, why-not
    page.goto("/projects")
    page.fill("#f-name", "精密制造基地")
    page.fill("#f-enterprise", "上海示例精密制造有限公司")
    page.fill("#f-investment", "1.5亿元")
    page.select_option("#f-kind", "factory")
    page.fill("#f-area_min", "3000平米")
    page.fill("#f-region", "嘉定")
    page.click("#register button[type=submit]")
    assert "线索已报备" in page.locator(".notice.ok").inner_text()
    assert "1.5 亿元" in page.content()
    project_url = page.url.split("?")[0]
    for stage in ("assessed", "negotiating"):
        page.select_option("#move-stage", stage)
        page.click("button:has-text('变更阶段')")
        assert "阶段已变更" in page.locator(".notice.ok").inner_text()
    page.fill("#f-date", "2026-12-01")
    page.select_option("#f-type", "外出拜访")
    page.fill("#f-topic", "看厂房")
    page.fill("#f-next_step", "报价")
    page.click("button:has-text('保存记录')")
    assert "看厂房" in page.locator("#activities").inner_text()
    assert page.locator("#matches svg.bar").count() > 0  # factor bars of the best sites
    check_page(page)
    page.fill("#why-site", live_server.world.pd_sites[-1])
    page.click("button:has-text('查看原因')")
    assert page.locator("#why table tbody tr").count() >= 1
    page.goto(project_url)

    # publish the imported site, then find it signed out and inquire
    page.goto("/sites/E2E-1")
    page.click("button:has-text('公开到云招商')")
    assert "公开设置已更新" in page.locator(".notice.ok").inner_text()
    page.click("form[action='/logout'] button")
    page.goto("/p/?region=310114&area_min=4000平米")
    page.click("a[href='/p/sites/E2E-1']")
    page.fill("#f-company", "询价示例（上海）有限公司")
    page.fill("#f-contact", "王经理")
    page.fill("#f-phone", "13800000000")
    page.fill("#f-message", "需要 5000 平米厂房，<script>alert(1)</script>")
    page.click("button:has-text('提交咨询')")
    assert "已收到您的咨询" in page.locator(".notice.ok").inner_text()
    check_page(page)

    # the inquiry reached her unit, and only hers
    sign_in(page, "at_officer")
    page.goto("/projects?q=询价示例")
    assert page.locator("table tbody tr a").count() == 1
    page.click("table tbody tr a")
    assert "云招商咨询" in page.content()
    check_page(page)
    page.click("form[action='/logout'] button")
    from tests.web.test_portal_and_sites import give_passwords
    from tests.workspace.world import session_for

    with session_for(live_server.world.url) as s:
        give_passwords(s, "zj_officer")
    sign_in(page, "zj_officer")
    page.goto("/projects?q=询价示例")
    assert page.locator("table tbody tr a").count() == 0
    assert dialogs == []  # no alert() ever ran


def test_a_viewer_reads_but_has_no_write_forms(page: Any, live_server: LiveServer) -> None:
    from tests.web.test_portal_and_sites import give_passwords
    from tests.workspace.world import session_for

    with session_for(live_server.world.url) as s:
        give_passwords(s, "at_viewer")
    sign_in(page, "at_viewer")
    for path in ("/", "/sites", f"/sites/{live_server.world.private_sites[0]}", "/projects", "/parks",
                 "/enterprises", "/reports/monthly", "/facts"):  # fmt: skip
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert page.locator("main form[method=post]").count() == 0, path  # sign-out is in the header
        check_page(page)
