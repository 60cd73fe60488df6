"""`make screenshots`: every page in Chinese and English into docs/screenshots/.

Builds the web tests' demo workspace in a temporary folder, starts the real server on a free
loopback port, signs in as an officer of 安亭镇 (JD-AT) and photographs each page with
Debian's headless chromium (desktop 1280 px wide; the public portal also at phone size,
390 px). Writes docs/screenshots/README.md, the index the project README links to.
Chinese text needs a CJK font (Debian: fonts-wqy-microhei).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path
from typing import Any

from tests.web.conftest import CHROMIUM, CHROMIUM_ARGS, _build, sign_in, start_server, stop_server


def pages(world: Any) -> list[tuple[str, str, str, bool]]:
    """(file name, path, what it shows, signed in?)"""
    site = world.public_sites[0]
    return [
        ("portal", "/p/", "public portal: search, map, sites, parks", False),
        ("portal-site", f"/p/sites/{site}", "public site page with the inquiry form", False),
        ("login", "/login", "sign-in", False),
        ("dashboard", "/", "dashboard of an officer", True),
        ("sites", "/sites?region=310114", "sites: filters, clustered map, table", True),
        ("site", f"/sites/{site}", "one site: specs, status, freshness, history, photos and documents", True),
        ("projects", "/projects", "projects (leads) of the unit", True),
        ("parks", "/parks", "parks", True),
        ("enterprises", "/enterprises", "enterprises", True),
        ("import", "/import", "import a sheet", True),
        ("facts", "/facts", "facts from the news, news upload", True),
        ("report", "/reports/monthly", "monthly report (print page)", True),
        ("api-docs", "/docs", "API documentation (Swagger UI served by the app, no CDN)", False),
        ("project", "PROJECT", "one lead: stages, activities, best sites with factor bars, why-not", True),
    ]


def add_a_lead(url: str) -> None:
    """A lead of 安亭镇 with needs, two stage moves and a visit, so the lead pages show something."""
    import datetime as dt

    from parkatlas.workspace import leads, pipeline
    from parkatlas.workspace.principal import principal_for
    from tests.workspace.world import session_for

    with session_for(url) as s:
        who = principal_for(s, login="at_officer", role="officer", unit_id="JD-AT", user_id=None, via="cli")
        p = leads.register_lead(s, who, leads.ProjectCreate(
            name="精密医疗器械生产基地（示例）", enterprise=leads.EnterpriseRef(name="上海示例精密医疗科技有限公司"),
            industries="358", investment_wan=32000,
            needs={"kind": ["factory"], "area_m2": {"min": 3000, "max": 12000}, "regions": ["嘉定"],
                   "floor_load_kn_m2": {"min": 8}}))  # fmt: skip
        for stage in ("assessed", "negotiating"):
            pipeline.move_stage(s, who, p.id, pipeline.StageMove(stage=stage))
        pipeline.add_activity(s, who, p.id, pipeline.ActivityCreate(
            date=dt.date.today(), type="外出拜访", participants=["招商中心 张", "企业 王总"], topic="厂房需求与报价",
            next_step="带看两处厂房", due_date=dt.date.today() + dt.timedelta(days=7)))  # fmt: skip


def picture(width: int = 320, height: int = 200) -> bytes:
    """A PNG of a sky-and-ground gradient (a stand-in for a site photo)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    rows = []
    for y in range(height):
        sky = y < height * 0.6
        r, g, b = ((120 + y // 2, 170 + y // 4, 230) if sky else (110, 140 - (y - height) // 8, 90))
        rows.append(b"\x00" + bytes([min(r, 255), min(g, 255), min(b, 255)]) * width)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))  # fmt: skip


def add_files_and_news(url: str, site: str) -> None:
    """A photo and a brochure on the site shown, and one news text read into facts."""
    from parkatlas.web.facts_pages import ingest_uploads
    from parkatlas.workspace.principal import principal_for
    from parkatlas.workspace.site_files import add_file
    from tests.web.test_facts_upload import H1
    from tests.web.test_site_files import PDF
    from tests.workspace.world import session_for

    with session_for(url) as s:
        who = principal_for(s, login="at_officer", role="officer", unit_id="JD-AT", user_id=None, via="cli")
        add_file(s, who, site, "厂房外景（示例）.png", picture())
        add_file(s, who, site, "招商手册（示例）.pdf", PDF)
    ingest_uploads(url, [("嘉定区上半年经济运行（示例）.txt", H1.encode("gb18030"))], None)


def shoot(out: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        world = _build(Path(tmp) / "atlas.db")
        add_a_lead(world.url)
        add_files_and_news(world.url, world.public_sites[0])
        server = start_server(world)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for lang in ("zh", "en"):
                    ctx = browser.new_context(base_url=server.base, viewport={"width": 1280, "height": 900})
                    page = ctx.new_page()
                    signed = False
                    for name, path, what, needs_login in pages(world):
                        if needs_login and not signed:
                            sign_in(page, "at_officer")
                            signed = True
                            page.goto(f"/sites/{world.public_sites[0]}")  # starts the matching index
                            page.wait_for_timeout(3000)
                        if path == "PROJECT":
                            page.goto("/projects")
                            first = page.locator("table tbody tr a").first
                            if first.count() == 0:
                                continue
                            path = first.get_attribute("href") or "/projects"
                        sep = "&" if "?" in path else "?"
                        resp = page.goto(f"{path}{sep}lang={lang}")
                        if resp is None or resp.status >= 400:
                            continue  # a page not built yet is left out of the index
                        page.wait_for_timeout(600)  # let the map draw
                        file = f"{name}.{lang}.png"
                        page.screenshot(path=str(out / file), full_page=True)
                        lines.append(f"| {what} | {lang} | [{file}]({file}) |")
                    ctx.close()
                    phone = browser.new_context(base_url=server.base, viewport={"width": 390, "height": 844},
                                                device_scale_factor=1, is_mobile=True)  # fmt: skip
                    page = phone.new_page()
                    for name, path, what, _needs_login in pages(world)[:2]:
                        page.goto(f"{path}?lang={lang}")
                        page.wait_for_timeout(600)
                        file = f"{name}.phone.{lang}.png"
                        page.screenshot(path=str(out / file), full_page=True)
                        lines.append(f"| {what} (phone) | {lang} | [{file}]({file}) |")
                    phone.close()
                browser.close()
        finally:
            stop_server(server)
    index = ["# Screenshots", "",
             "Every page of the web UI in Chinese (default) and English, refreshed by `make screenshots`",
             "(demo atlas: real parks, **synthetic** sites; signed in as an officer of 安亭镇).", "",
             "| page | language | file |", "|---|---|---|", *sorted(lines), ""]  # fmt: skip
    (out / "README.md").write_text("\n".join(index), encoding="utf-8")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    lines = shoot(args.out)
    print(f"{len(lines)} screenshots in {args.out}")  # noqa: T201 - a command's output


if __name__ == "__main__":
    main()
