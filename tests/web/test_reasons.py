"""The import report's row reasons and the near-miss / why-not lines in the page's language:
every reason a real import gives renders in Chinese on the Chinese page (no English left)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parkatlas.api.app import create_app
from parkatlas.io.importer import import_file
from parkatlas.settings import load_settings
from parkatlas.web.reasons import failure_label, failure_line, import_reason
from parkatlas.workspace.matching import FailureOut
from tests.web.test_pipeline_pages import register
from tests.web.test_portal_and_sites import _csrf, login
from tests.web.test_portal_and_sites import world as world  # noqa: F401 - the same test world
from tests.workspace.world import World

BAD = """id,region,kind,area_m2,rent_cny_m2_day,floor_load_kn_m2,clear_height_m,power_kva,lat,lon,available_from,industries,status,tenure
R1,嘉定区,厂房,abc,1.2,2吨,8米,800KVA,31.3,121.2,2027-01,,可租,出租
R2,嘉定区,,5000,贵,xx,高,很多,31.3,121.2,明年,火星产业,不知道,也许
R3,火星区,厂房,5000,9999,1,1,1,95,500,,,,
R4,嘉定区,仓库,0,1,1,1,1,31.3,121.2,,,,
R5,嘉定区,仓库,99999999999,1,1,1,1,31.3,121.2,,,,
R5,嘉定区,仓库,5000,1,1,1,1,31.3,121.2,,,,
"""


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url}), pool_size=2)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def test_every_reason_of_a_real_import_renders_in_chinese(world: World, tmp_path: Path) -> None:  # noqa: F811
    sheet = tmp_path / "bad.csv"
    sheet.write_text(BAD, encoding="utf-8")
    report = import_file(world.url, "sites", sheet)
    issues = report.errors + report.warnings
    assert len(issues) >= 12
    for e in issues:
        zh = import_reason(e.reason, e.value, "zh")
        assert zh.lang == "zh", e.reason
        assert not any(w in zh.text for w in ("cannot read", "is required", "plausible", "unknown", "outside")), zh
        assert import_reason(e.reason, e.value, "en").text == e.reason
    assert import_reason("a reason no one wrote yet", "x", "zh").lang == "en"  # left as is, marked


def test_import_page_shows_the_reasons_in_the_page_language(client: TestClient) -> None:
    login(client)
    for lang, seen, unseen in (("zh", "读作面积：没有数字", "cannot read"), ("en", "as an area: there is no number", "无法把")):
        token = _csrf(client.get(f"/import?lang={lang}").text)
        r = client.post("/import", data={"csrf_token": token, "kind": "sites"},
                        files={"file": ("bad.csv", BAD.encode(), "text/csv")})  # fmt: skip
        assert r.status_code == 200
        report = r.text.split('id="report"')[1]
        assert seen in report and unseen not in report, lang
        assert "/tmp" not in report  # the file's name, not where the server put it
    assert "必填项「类型」为空" in report or "kind (类型) is required" in report


def test_near_miss_and_why_not_lines_follow_the_language(client: TestClient) -> None:
    f = FailureOut(constraint="floor_load", label="楼面荷载 floor load", need="≥ 10 kN/m²", have="8 kN/m²",
                   gap=0.2, message="floor load: needs ≥ 10, site has 8", code="below_min", need_value=[10.0, None],
                   site_value=8.0, unit="kN/m²")  # fmt: skip
    assert failure_line(f, "zh") == "楼面荷载：需要 ≥ 10 kN/m²，载体为 8 kN/m²（低于要求，差 20%）"
    assert failure_line(f, "en").startswith("楼面荷载 floor load: needs ≥ 10 kN/m², site has 8 kN/m²")
    assert failure_label(f.label, "zh") == "楼面荷载" and failure_label(f.label, "en") == "floor load"
    login(client)
    pid = register(client, name="需要大厂房", enterprise="示例精密制造有限公司", kind="厂房", area_min="6000平米",
                   region="嘉定")  # fmt: skip
    why = client.get(f"/projects/{pid}?why_not=ZJ1").text.split('id="why"')[1].split("</section>")[0]
    assert "需要" in why and "needs" not in why and "site has" not in why
    why_en = client.get(f"/projects/{pid}?why_not=ZJ1&lang=en").text.split('id="why"')[1].split("</section>")[0]
    assert "needs" in why_en
