"""The lead pages, the dashboard, the monthly report and the portal's inquiry, in-process on
SQLite and PostgreSQL: the workspace's rules hold in the browser's forms too."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from parkatlas.api.app import create_app
from parkatlas.settings import load_settings
from tests.web.test_portal_and_sites import HOSTILE, _csrf, login
from tests.web.test_portal_and_sites import world as world  # noqa: F401 - the same test world
from tests.workspace.world import World


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url}), pool_size=2)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def register(client: TestClient, **fields: str) -> str:
    token = _csrf(client.get("/projects").text)
    r = client.post("/projects", data={"csrf_token": token, **fields}, follow_redirects=False)
    assert r.status_code == 303, r.text[-3000:]
    m = re.match(r"/projects/([A-Z0-9]+)\?registered=1", r.headers["location"])
    assert m
    return m.group(1)


def test_a_lead_through_the_forms(client: TestClient) -> None:
    login(client)
    pid = register(client, name="医疗器械生产基地", enterprise="上海联影示例医疗科技有限公司",
                   investment="3.2亿元", kind="厂房", area_min="5亩", load_min="1吨/㎡",
                   height_min="8米", region="嘉定")  # fmt: skip
    page = client.get(f"/projects/{pid}?registered=1")
    assert page.status_code == 200
    assert "线索已报备" in page.text
    assert "3.2 亿元" in page.text, re.findall(r"计划投资</dt><dd>[^<]*", page.text)
    assert 'value="8米"' in page.text  # the needs form shows what was stored
    token = _csrf(page.text)
    moved = client.post(f"/projects/{pid}", data={"csrf_token": token, "action": "stage", "stage": "negotiating"})
    assert moved.status_code == 200 and "阶段已变更" in moved.text and "洽谈" in moved.text
    bad = client.post(f"/projects/{pid}", data={"csrf_token": token, "action": "stage", "stage": "in_statistics",
                                                "note": ""})  # fmt: skip
    assert bad.status_code in (200, 400)
    logged = client.post(f"/projects/{pid}", data={
        "csrf_token": token, "action": "activity", "date": "2026-12-01", "type": "外出拜访",
        "participants": "张三, 李四", "topic": "厂房需求", "next_step": "带看厂房", "due_date": "2026-12-10"})  # fmt: skip
    assert logged.status_code == 200 and "跟进记录已保存" in logged.text and "带看厂房" in logged.text
    assert "PUB1" in client.get(f"/projects/{pid}").text or "没有符合条件的载体" in client.get(f"/projects/{pid}").text
    why = client.get(f"/projects/{pid}?why_not=ZJ1")
    assert why.status_code == 200 and "<table>" in why.text.split('id="why"')[1]
    forged = client.post(f"/projects/{pid}", data={"csrf_token": "forged", "action": "stage", "stage": "lead",
                                                   "note": "x"})  # fmt: skip
    assert forged.status_code == 403


def test_unreadable_needs_are_refused_with_the_readers_reason(client: TestClient) -> None:
    login(client)
    token = _csrf(client.get("/projects").text)
    r = client.post("/projects", data={"csrf_token": token, "name": "x", "enterprise": "某公司", "area_min": "很大"})
    assert r.status_code == 400 and "读作面积" in r.text


def test_other_units_do_not_see_the_lead_and_get_the_duplicate_warning(client: TestClient) -> None:
    login(client, "at_officer")
    pid = register(client, name="示例项目", enterprise="上海示例撞单科技有限公司")
    client.cookies.clear()
    login(client, "zj_officer")
    assert client.get(f"/projects/{pid}").status_code == 404
    assert pid not in client.get("/projects").text
    other = register(client, name="另一个项目", enterprise="上海示例撞单科技有限公司")
    page = client.get(f"/projects/{other}")
    assert "安亭镇招商中心" in page.text and "撞单" in page.text  # names the unit that has it


def test_dashboard_and_monthly_report(client: TestClient) -> None:
    login(client)
    pid = register(client, name="报表项目", enterprise="报表示例有限公司", investment="5000万元")
    token = _csrf(client.get(f"/projects/{pid}").text)
    for stage in ("assessed", "negotiating", "pre_reviewed", "signed"):
        assert client.post(f"/projects/{pid}", data={"csrf_token": token, "action": "stage", "stage": stage}).status_code == 200
    dash = client.get("/")
    assert dash.status_code == 200 and "签约" in dash.text
    report = client.get("/reports/monthly")
    assert report.status_code == 200 and "报表项目" in report.text and "5,000 万元" in report.text
    xlsx = client.get("/reports/monthly.xlsx?lang=en")
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames[0] == "New leads this month"
    names = [row[0] for row in wb["New leads this month"].iter_rows(min_row=2, values_only=True)]
    assert "报表项目" in names
    signed = [row for row in wb["Signings this month"].iter_rows(min_row=2, values_only=True)]
    assert signed and signed[0][2] == 5000
    assert client.get("/reports/monthly?month=2026-13").status_code == 400


def test_public_inquiry_becomes_a_lead_of_the_sites_unit(client: TestClient) -> None:
    page = client.get("/p/sites/PUB1")
    token = _csrf(page.text)
    sent = client.post("/p/sites/PUB1/inquiry", data={
        "csrf_token": token, "company": "询价示例有限公司", "contact": "王经理", "phone": "13800000000",
        "message": HOSTILE[1]})  # fmt: skip
    assert sent.status_code == 200 and "已收到您的咨询" in sent.text
    trap = client.post("/p/sites/PUB1/inquiry", data={"csrf_token": token, "company": "机器人公司",
                                                       "contact": "x", "phone": "1", "website": "http://spam"})  # fmt: skip
    assert trap.status_code == 200 and "已收到您的咨询" in trap.text  # answered as usual, nothing kept
    assert client.post("/p/sites/PUB1/inquiry", data={"company": "x", "contact": "x", "phone": "1"}).status_code == 403
    assert client.post("/p/sites/PRIV1/inquiry", data={"csrf_token": token, "company": "x", "contact": "x",
                                                        "phone": "1"}).status_code == 404  # fmt: skip
    login(client, "at_officer")
    leads = client.get("/projects").text
    assert "询价示例有限公司" in leads and "机器人公司" not in leads
    client.cookies.clear()
    login(client, "zj_officer")
    assert "询价示例有限公司" not in client.get("/projects").text


def test_hostile_text_in_leads_and_activities_is_escaped_on_every_page(client: TestClient) -> None:
    login(client)
    pid = register(client, name=HOSTILE[0], enterprise=HOSTILE[1])
    token = _csrf(client.get(f"/projects/{pid}").text)
    client.post(f"/projects/{pid}", data={"csrf_token": token, "action": "activity", "date": "2026-12-01",
                                          "type": "电话", "topic": HOSTILE[1], "next_step": HOSTILE[0],
                                          "due_date": "2026-12-02"})  # fmt: skip
    ent = re.search(r'href="/enterprises/([^"]+)"', client.get(f"/projects/{pid}").text)
    assert ent
    for path in ("/projects", f"/projects/{pid}", "/reports/monthly", "/", "/enterprises?q=img",
                 f"/enterprises/{ent.group(1)}", "/parks", "/facts", "/import"):  # fmt: skip
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html and "<img src=x onerror" not in html, path
        assert 'href="javascript:' not in html, path
    assert "&lt;img src=x onerror" in client.get("/enterprises?q=img").text


def test_the_district_arbitrates_a_duplicate_lead_on_its_dashboard(client: TestClient) -> None:
    login(client, "at_officer")
    first = register(client, name="安亭项目", enterprise="上海裁定示例有限公司")
    client.cookies.clear()
    login(client, "mx_officer")
    second = register(client, name="马陆项目", enterprise="上海裁定示例有限公司")
    assert client.get("/").text.count('action="/arbitration/') == 0  # a town does not arbitrate both
    client.cookies.clear()
    login(client, "jd_officer")
    dash = client.get("/")
    assert "撞单待裁定" in dash.text and first in dash.text and second in dash.text
    action = re.search(r'action="(/arbitration/\d+)"', dash.text)
    assert action
    forged = client.post(action.group(1), data={"csrf_token": "x", "keep": first})
    assert forged.status_code == 403
    done = client.post(action.group(1), data={"csrf_token": _csrf(dash.text), "keep": first})
    assert done.status_code == 200 and "已裁定" in done.text
    assert "退出" in client.get(f"/projects/{second}").text  # withdrawn (duplicate)
    assert "撞单待裁定" not in client.get("/").text
