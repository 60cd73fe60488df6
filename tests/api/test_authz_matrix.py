"""The authorization matrix: every role × relation to the owning unit (own, ancestor,
sibling, other district; plus admin) × resource (lead, its activities/events/matches, site,
audit) × verb — on SQLite and PostgreSQL. A lead outside sight must leak nowhere: not in a
get (404), list, count, search, match result, export, dashboard, arbitration or audit view.
"""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from tests.workspace.world import World

# caller → (relation to JD-AT, role)
CALLERS = {
    "root": ("admin", "admin"),
    "at_officer": ("own", "officer"),
    "at_viewer": ("own", "viewer"),
    "jd_officer": ("ancestor", "officer"),
    "jd_viewer": ("ancestor", "viewer"),
    "mx_officer": ("sibling", "officer"),
    "mx_viewer": ("sibling", "viewer"),
    "pd_officer": ("other_district", "officer"),
    "pd_viewer": ("other_district", "viewer"),
    "zj_officer": ("other_district", "officer"),
}
SECRET = "保密电驱矩阵项目"  # the lead's name; must never appear in a response to outsiders
ENTERPRISE = "矩阵保密动力科技有限公司"


def _sees(relation: str) -> bool:
    return relation in ("admin", "own", "ancestor")


def _edits_site(relation: str, role: str) -> bool:
    return relation == "admin" or (relation in ("own", "ancestor") and role == "officer")


def test_authorization_matrix(client: TestClient, world: World) -> None:
    at = world.auth("at_officer")
    site = client.post("/api/v1/sites", headers=at, json={"kind": "factory", "area_m2": 7000, "region": "嘉定区"}).json()["id"]
    r = client.post("/api/v1/projects", headers=at, json={
        "name": SECRET, "enterprise": {"name": ENTERPRISE}, "industries": ["34"],
        "needs": {"kind": "factory", "area_m2": {"min": 5000, "max": 9000}}})  # fmt: skip
    pid = r.json()["id"]
    client.post(f"/api/v1/projects/{pid}/activities", headers=at,
                json={"date": (dt.date.today() - dt.timedelta(days=9)).isoformat(), "type": "考察",
                      "topic": SECRET, "due_date": (dt.date.today() - dt.timedelta(days=2)).isoformat()})  # fmt: skip
    # a 撞单 from the other district puts a case on both districts' lists
    client.post("/api/v1/projects", headers=world.auth("zj_officer"), json={"name": "zj", "enterprise": {"name": ENTERPRISE}})

    failures: list[str] = []

    def check(cond: bool, what: str) -> None:
        if not cond:
            failures.append(what)

    for login, (relation, role) in CALLERS.items():
        h = world.auth(login)
        sees = _sees(relation)
        tag = f"{login} ({relation}, {role})"

        def leaked(text: str, where: str, sees: bool = sees, tag: str = tag) -> None:
            if not sees:
                check(pid not in text and SECRET not in text, f"{tag}: lead leaked in {where}")

        # --- reads of the lead and everything hanging off it
        for path in (f"/api/v1/projects/{pid}", f"/api/v1/projects/{pid}/events",
                     f"/api/v1/projects/{pid}/activities", f"/api/v1/projects/{pid}/matches",
                     f"/api/v1/sites/{site}/why-not?project={pid}"):  # fmt: skip
            code = client.get(path, headers=h).status_code
            check(code == (200 if sees else 404), f"{tag}: GET {path} → {code}")
        lst = client.get("/api/v1/projects", headers=h, params={"per_page": 500})
        check((pid in lst.text) == sees, f"{tag}: list")
        leaked(lst.text, "list")
        search = client.get("/api/v1/projects", headers=h, params={"q": "保密电驱"}).json()
        check(search["count"] == (1 if sees else 0), f"{tag}: search count {search['count']}")
        stats = client.get("/api/v1/stats", headers=h).json()
        leaked_count = stats["projects"]
        mine = client.get("/api/v1/projects", headers=h).json()["count"]
        check(leaked_count == mine, f"{tag}: stats count {leaked_count} ≠ visible {mine}")
        sp = client.get(f"/api/v1/sites/{site}/projects", headers=h)
        check(sp.status_code == 200 and (pid in sp.text) == sees, f"{tag}: site projects")
        leaked(sp.text, "site projects")
        export = client.get("/api/v1/export/projects", headers=h, params={"format": "csv"})
        check(export.status_code == 200 and (pid in export.text) == sees, f"{tag}: export")
        leaked(export.text, "export")
        leaked(client.get("/api/v1/export/projects", headers=h, params={"format": "json"}).text, "json export")
        dash = client.get("/api/v1/dashboard", headers=h)
        leaked(dash.text, "dashboard")
        over = client.get("/api/v1/activities/overdue", headers=h)
        check((pid in over.text) == sees, f"{tag}: overdue")
        leaked(over.text, "overdue")
        arb = client.get("/api/v1/arbitration", headers=h)
        leaked(arb.text, "arbitration")
        audit = client.get("/api/v1/audit", headers=h, params={"per_page": 500})
        check((pid in audit.text) == sees, f"{tag}: audit shows lead entries: {pid in audit.text}")
        leaked(audit.text, "audit")
        match = client.post("/api/v1/match", headers=h, json={"needs": {"kind": "factory"}, "k": 50})
        leaked(match.text, "match")

    # writes come after every read: a write (a logged activity) changes what the reads show
    for login, (relation, role) in CALLERS.items():
        h = world.auth(login)
        sees = _sees(relation)
        tag = f"{login} ({relation}, {role})"
        # --- writes on the lead: outsiders 404, viewers 403, officers/admins 200
        want = 404 if not sees else (403 if role == "viewer" else 200)
        code = client.patch(f"/api/v1/projects/{pid}", headers=h, json={"jobs": 10}).status_code
        check(code == want, f"{tag}: PATCH lead → {code}, want {want}")
        code = client.post(f"/api/v1/projects/{pid}/activities", headers=h,
                           json={"date": dt.date.today().isoformat(), "type": "电话"}).status_code  # fmt: skip
        check(code == (201 if want == 200 else want), f"{tag}: POST activity → {code}")
        if want != 200:  # (a permitted delete would end the matrix; deletion is tested elsewhere)
            code = client.delete(f"/api/v1/projects/{pid}", headers=h).status_code
            check(code == want, f"{tag}: DELETE lead → {code}, want {want}")

        # --- the site: everyone reads; its unit, the units above and admins write
        check(client.get(f"/api/v1/sites/{site}", headers=h).status_code == 200, f"{tag}: GET site")
        code = client.patch(f"/api/v1/sites/{site}", headers=h, json={"floors": 2}).status_code
        want_site = 200 if _edits_site(relation, role) else 403
        check(code == want_site, f"{tag}: PATCH site → {code}, want {want_site}")
        if want_site == 403:
            code = client.delete(f"/api/v1/sites/{site}", headers=h).status_code
            check(code == 403, f"{tag}: DELETE site → {code}")

    # the lead still exists, untouched by the refused writes
    assert client.get(f"/api/v1/projects/{pid}", headers=at).status_code == 200
    assert not failures, "\n".join(failures)
