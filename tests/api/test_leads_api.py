"""The issue's "done when": a town officer registers a lead and moves it with activities; her
district sees it, a sibling town and another district do not; the other district
registering the same enterprise is warned with her town's name; arbitration; transfer."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.workspace.world import World

USCC = "91310114MA1GT3QX2C"


def _uscc() -> str:
    from parkatlas.uscc import make_uscc

    return make_uscc(USCC[:17])


def test_lead_lifecycle_visibility_and_duplicate(client: TestClient, world: World) -> None:
    at = world.auth("at_officer")
    body = {"name": "新能源电驱项目", "enterprise": {"name": "上海联驰电驱科技股份有限公司", "uscc": _uscc()},
            "industries": ["3670"], "investment_wan": 50000,
            "needs": {"kind": "factory", "area_m2": {"min": 3000, "max": 9000}}}  # fmt: skip
    r = client.post("/api/v1/projects", headers=at, json=body)
    assert r.status_code == 201, r.text
    lead = r.json()
    pid = lead["id"]
    assert lead["owner_unit"] == "JD-AT" and lead["stage"] == "lead" and lead["warnings"] == []
    assert lead["protection_expired"] is False and lead["source"] == "manual"

    for target, note in (("assessed", None), ("negotiating", "首次拜访后")):
        r = client.post(f"/api/v1/projects/{pid}/stage", headers=at, json={"stage": target, "note": note})
        assert r.status_code == 200, r.text
    # a back-step without a note, a terminal stage without a reason: refused, naming the rule
    r = client.post(f"/api/v1/projects/{pid}/stage", headers=at, json={"stage": "assessed"})
    assert r.status_code == 400 and "needs a note" in r.json()["detail"]
    r = client.post(f"/api/v1/projects/{pid}/stage", headers=at, json={"stage": "lost"})
    assert r.status_code == 400 and "needs a reason" in r.json()["detail"]
    r = client.post(f"/api/v1/projects/{pid}/stage", headers=at, json={"stage": "negotiating"})
    assert r.status_code == 409 and "allowed are" in r.json()["detail"]
    today = dt.date.today()
    act = {"date": today.isoformat(), "type": "外出拜访", "participants": ["王科长", "投资方 李总"],
           "topic": "选址", "demands": "8,000 m² 厂房, 1,250 kVA", "commitments": "两周内提供三处载体",
           "next_step": "陪同考察", "due_date": (today - dt.timedelta(days=0)).isoformat()}  # fmt: skip
    r = client.post(f"/api/v1/projects/{pid}/activities", headers=at, json=act)
    assert r.status_code == 201, r.text
    acts = client.get(f"/api/v1/projects/{pid}/activities", headers=at).json()
    assert acts[0]["type"] == "外出拜访" and acts[0]["actor"] == "at_officer" and acts[0]["unit"] == "JD-AT"
    events = client.get(f"/api/v1/projects/{pid}/events", headers=at).json()
    assert [(e["from_stage"], e["to_stage"]) for e in events] == [
        (None, "lead"), ("lead", "assessed"), ("assessed", "negotiating")]
    assert events[-1]["actor"] == "at_officer" and events[-1]["unit"] == "JD-AT"

    # the district sees it; a sibling town and another district do not (404, absent from lists)
    assert client.get(f"/api/v1/projects/{pid}", headers=world.auth("jd_viewer")).status_code == 200
    for login in ("mx_officer", "pd_officer", "zj_officer"):
        assert client.get(f"/api/v1/projects/{pid}", headers=world.auth(login)).status_code == 404
        assert client.get("/api/v1/projects", headers=world.auth(login)).json()["count"] == 0
    # a viewer of the owning unit reads but may not write
    r = client.post(f"/api/v1/projects/{pid}/stage", headers=world.auth("at_viewer"), json={"stage": "signed"})
    assert r.status_code == 403

    # the other district registers the same enterprise (other name form, same USCC): 201 + warning
    dup = {"name": "电驱二期", "enterprise": {"name": "联驰电驱科技(上海)有限公司", "uscc": _uscc()}}
    r = client.post("/api/v1/projects", headers=world.auth("zj_officer"), json=dup)
    assert r.status_code == 201, r.text
    w = r.json()["warnings"]
    assert len(w) == 1 and w[0]["code"] == "duplicate_lead" and w[0]["unit"] == "JD-AT"
    assert w[0]["unit_name"] == "安亭镇招商中心" and w[0]["since"] == today.isoformat()
    zj_id = r.json()["id"]
    assert r.json()["duplicate"] is True
    assert client.get(f"/api/v1/projects/{pid}", headers=at).json()["duplicate"] is True
    # same name key without USCC also collides
    r = client.post("/api/v1/projects", headers=world.auth("mx_officer"),
                    json={"name": "x", "enterprise": {"name": "上海联驰电驱科技集团"}})  # fmt: skip
    assert sorted(x["unit"] for x in r.json()["warnings"]) == ["JD-AT", "PD-ZJ"]
    # the arbitration lists: each district sees the case, lead ids only where visible
    cases = client.get("/api/v1/arbitration", headers=world.auth("pd_officer")).json()
    case = next(c for c in cases if c["project_id"] == zj_id)
    assert case["other_unit"] == "JD-AT" and case["other_project_id"] is None
    r = client.post(f"/api/v1/arbitration/{case['id']}", headers=world.auth("pd_officer"), json={"keep": zj_id})
    assert r.status_code == 404  # the PD district cannot see the JD lead it would withdraw
    r = client.post(f"/api/v1/arbitration/{case['id']}", headers=world.auth("root"), json={"keep": pid, "note": "首报"})
    assert r.status_code == 200 and r.json()["resolution"].startswith(f"keep {pid}")
    assert client.get(f"/api/v1/projects/{zj_id}", headers=world.auth("zj_officer")).json()["stage"] == "withdrawn"

    # transfer within the district: audited, and the old owner's sibling view changes
    r = client.post(f"/api/v1/projects/{pid}/transfer", headers=world.auth("at_officer"), json={"unit": "JD-MX"})
    assert r.status_code == 403  # JD-MX is not below JD-AT
    r = client.post(f"/api/v1/projects/{pid}/transfer", headers=world.auth("jd_officer"),
                    json={"unit": "JD-MX", "note": "统筹流转"})  # fmt: skip
    assert r.status_code == 200 and r.json()["owner_unit"] == "JD-MX"
    assert client.get(f"/api/v1/projects/{pid}", headers=at).status_code == 404
    assert client.get(f"/api/v1/projects/{pid}", headers=world.auth("mx_officer")).status_code == 200
    audit = client.get("/api/v1/audit", headers=world.auth("jd_officer"), params={"entity_id": pid}).json()
    transfer = next(e for e in audit["items"] if e["action"] == "transfer")
    assert transfer["actor"] == "jd_officer" and transfer["unit"] == "JD" and transfer["changes"]["owner_unit"] == ["JD-AT", "JD-MX"]


def test_overdue_and_protection(client: TestClient, world: World) -> None:
    at = world.auth("at_officer")
    pid = client.post("/api/v1/projects", headers=at, json={"name": "p", "enterprise": {"name": "某某材料有限公司"}}).json()["id"]
    old = dt.date.today() - dt.timedelta(days=30)
    client.post(f"/api/v1/projects/{pid}/activities", headers=at,
                json={"date": old.isoformat(), "type": "电话", "next_step": "寄资料", "due_date": (old + dt.timedelta(days=3)).isoformat()})  # fmt: skip
    over = client.get("/api/v1/activities/overdue", headers=world.auth("jd_officer"), params={"unit": "JD-AT"}).json()
    assert [a["project_id"] for a in over] == [pid]
    assert client.get("/api/v1/activities/overdue", headers=world.auth("mx_officer")).json() == []
    # a later activity clears it
    client.post(f"/api/v1/projects/{pid}/activities", headers=at, json={"date": dt.date.today().isoformat(), "type": "线上"})
    assert client.get("/api/v1/activities/overdue", headers=at).json() == []


def test_protection_lapses_without_follow_up_and_the_district_sees_it(client: TestClient, world: World) -> None:
    from sqlalchemy import update

    from parkatlas.workspace.tables import Lead
    from tests.workspace.world import session_for

    at = world.auth("at_officer")
    quiet = client.post("/api/v1/projects", headers=at, json={"name": "q", "enterprise": {"name": "静默科技有限公司"}}).json()["id"]
    busy = client.post("/api/v1/projects", headers=at, json={"name": "b", "enterprise": {"name": "活跃科技有限公司"}}).json()["id"]
    with session_for(world.url) as s:
        s.execute(update(Lead).values(registered_at=dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(days=20)))
    client.post(f"/api/v1/projects/{busy}/activities", headers=at, json={"date": dt.date.today().isoformat(), "type": "来访"})
    r = client.get("/api/v1/projects", headers=world.auth("jd_viewer"), params={"protection_expired": True})
    assert r.status_code == 200, r.text
    lapsed = r.json()
    assert [p["id"] for p in lapsed["items"]] == [quiet] and lapsed["items"][0]["protection_expired"] is True
    dash = client.get("/api/v1/dashboard", headers=world.auth("jd_officer")).json()
    assert dash["protection_expired_count"] == 1 and dash["leads_by_stage"] == {"lead": 2}
    assert client.get("/api/v1/dashboard", headers=world.auth("pd_officer")).json()["leads_by_stage"] == {}
