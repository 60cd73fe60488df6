"""/api/v1/sites: filters, writes by the owning unit, history, problem+json errors, auth."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.workspace.world import PASSWORD, World


def test_no_credentials_is_401_problem_json(client: TestClient) -> None:
    r = client.get("/api/v1/sites")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["status"] == 401 and "Traceback" not in r.text


def test_bad_token_is_401(client: TestClient) -> None:
    r = client.get("/api/v1/sites", headers={"Authorization": "Bearer pat_nope"})
    assert r.status_code == 401


def test_create_filter_update_history(client: TestClient, world: World) -> None:
    h = world.auth("at_officer")
    r = client.post("/api/v1/sites", headers=h,
                    json={"kind": "factory", "area_m2": 5200, "region": "嘉定区", "public": True})  # fmt: skip
    assert r.status_code == 201, r.text
    site = r.json()
    assert site["owner_unit"] == "JD-AT" and site["public"] is True and site["stale"] is False
    client.post("/api/v1/sites", headers=h, json={"kind": "office", "area_m2": 300, "region": "310114"})
    page = client.get("/api/v1/sites", headers=h,
                      params={"kind": "factory", "area_min": 5000, "region": "嘉定"}).json()  # fmt: skip
    assert page["count"] == 1 and page["items"][0]["id"] == site["id"]
    assert client.get("/api/v1/sites", headers=h, params={"kind": "office"}).json()["count"] == 1
    assert client.get("/api/v1/sites", headers=h, params={"public": True}).json()["count"] == 1
    assert client.get("/api/v1/sites", headers=h, params={"stale": True}).json()["count"] == 0
    r = client.patch(f"/api/v1/sites/{site['id']}", headers=h, json={"status": "reserved", "note": "签约"})
    assert r.status_code == 200 and r.json()["status"] == "reserved"
    hist = client.get(f"/api/v1/sites/{site['id']}/history", headers=h).json()
    assert [(e["from_status"], e["to_status"]) for e in hist] == [(None, "available"), ("available", "reserved")]
    assert hist[1]["actor"] == "at_officer" and hist[1]["unit"] == "JD-AT" and hist[1]["note"] == "签约"


def test_site_write_rights(client: TestClient, world: World) -> None:
    sid = client.post("/api/v1/sites", headers=world.auth("at_officer"),
                      json={"kind": "lab", "area_m2": 800}).json()["id"]  # fmt: skip
    # ancestor (district) may edit; sibling town, other district and viewers may not
    assert client.patch(f"/api/v1/sites/{sid}", headers=world.auth("jd_officer"), json={"floors": 3}).status_code == 200
    for login in ("mx_officer", "pd_officer", "at_viewer", "jd_viewer"):
        r = client.patch(f"/api/v1/sites/{sid}", headers=world.auth(login), json={"floors": 4})
        assert r.status_code == 403, login
        # but everyone signed in reads the library
        assert client.get(f"/api/v1/sites/{sid}", headers=world.auth(login)).json()["floors"] == 3
    assert client.delete(f"/api/v1/sites/{sid}", headers=world.auth("mx_officer")).status_code == 403
    assert client.delete(f"/api/v1/sites/{sid}", headers=world.auth("at_officer")).status_code == 204
    assert client.get(f"/api/v1/sites/{sid}", headers=world.auth("at_officer")).status_code == 404


def test_cookie_session_needs_csrf_for_writes(client: TestClient) -> None:
    r = client.post("/api/v1/auth/login", json={"login": "at_officer", "password": PASSWORD})
    assert r.status_code == 200
    cookie = r.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie
    csrf = r.json()["csrf_token"]
    assert client.get("/api/v1/sites").status_code == 200
    body = {"kind": "land", "area_m2": 20000}
    assert client.post("/api/v1/sites", json=body).status_code == 403
    assert client.post("/api/v1/sites", json=body, headers={"X-CSRF-Token": "wrong"}).status_code == 403
    assert client.post("/api/v1/sites", json=body, headers={"X-CSRF-Token": csrf}).status_code == 201
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    client.cookies.clear()
    assert client.get("/api/v1/sites").status_code == 401


def test_login_attempts_are_rate_limited(client: TestClient) -> None:
    for _ in range(5):
        assert client.post("/api/v1/auth/login", json={"login": "mx_officer", "password": "nope"}).status_code == 401
    r = client.post("/api/v1/auth/login", json={"login": "mx_officer", "password": PASSWORD})
    assert r.status_code == 429 and r.headers["content-type"] == "application/problem+json"


def test_validation_error_names_the_field(client: TestClient, world: World) -> None:
    r = client.post("/api/v1/sites", headers=world.auth("at_officer"), json={"kind": "castle", "area_m2": 5})
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    assert "body.kind" in r.json()["detail"]


def test_import_through_the_api_reports_and_audits_the_unit(client: TestClient, world: World) -> None:
    csv = "id,kind,area_m2,region\nSIMP1,factory,5000,嘉定区\nSIMP2,castle,10,嘉定区\n"
    files = {"file": ("sites.csv", csv.encode(), "text/csv")}
    assert client.post("/api/v1/imports/sites", headers=world.auth("at_viewer"), files=files).status_code == 403
    r = client.post("/api/v1/imports/sites", headers=world.auth("at_officer"), files=files)
    assert r.status_code == 200, r.text
    rep = r.json()
    assert rep["accepted"] == 1 and rep["refused"] == 1 and rep["errors"][0]["column"] == "kind"
    # the new site is the importing unit's: it, its district may edit it; a sibling may not
    assert client.get("/api/v1/sites/SIMP1", headers=world.auth("mx_viewer")).json()["owner_unit"] == "JD-AT"
    assert client.patch("/api/v1/sites/SIMP1", headers=world.auth("mx_officer"), json={"floors": 2}).status_code == 403
    assert client.patch("/api/v1/sites/SIMP1", headers=world.auth("jd_officer"), json={"floors": 2}).status_code == 200
    audit = client.get("/api/v1/audit", headers=world.auth("root"), params={"entity": "sites"}).json()
    assert any(e["action"] == "import" and e["actor"] == "at_officer" and e["unit"] == "JD-AT" for e in audit["items"])
    # a sibling town's file that would update JD-AT's site: 403, and nothing of it is kept
    again = "id,kind,area_m2,region\nSIMP1,factory,6000,嘉定区\nSIMP3,land,9000,嘉定区\n"
    r = client.post("/api/v1/imports/sites", headers=world.auth("mx_officer"),
                    files={"file": ("s.csv", again.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 403 and "SIMP1" in r.json()["detail"]
    assert client.get("/api/v1/sites/SIMP1", headers=world.auth("root")).json()["area_m2"] == 5000
    assert client.get("/api/v1/sites/SIMP3", headers=world.auth("root")).status_code == 404
    # parks are kept by admins
    parks = {"file": ("p.csv", "园区名称,区域\n新园,嘉定区\n".encode(), "text/csv")}
    assert client.post("/api/v1/imports/parks", headers=world.auth("jd_officer"), files=parks).status_code == 403
    assert client.post("/api/v1/imports/parks", headers=world.auth("root"), files=parks).status_code == 200


def test_imported_leads_belong_to_the_importing_unit(client: TestClient, world: World) -> None:
    csv = "项目名称,总投资,项目阶段\n新建智能工厂,2亿元,洽谈\n"
    r = client.post("/api/v1/imports/projects", headers=world.auth("at_officer"),
                    files={"file": ("p.csv", csv.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 200, r.text
    mine = client.get("/api/v1/projects", headers=world.auth("at_officer")).json()["items"]
    lead = next(p for p in mine if p["name"] == "新建智能工厂")
    assert lead["owner_unit"] == "JD-AT"
    # the district sees it, a sibling town does not
    assert client.get(f"/api/v1/projects/{lead['id']}", headers=world.auth("jd_viewer")).status_code == 200
    assert client.get(f"/api/v1/projects/{lead['id']}", headers=world.auth("mx_officer")).status_code == 404
    # an officer cannot import a lead for another district's unit
    other = "项目名称,招商单位\n别人的项目,PD\n"
    r = client.post("/api/v1/imports/projects", headers=world.auth("at_officer"),
                    files={"file": ("o.csv", other.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 403, r.text
    # nor take a sibling's lead into her own unit by naming its id
    theirs = client.post("/api/v1/imports/projects", headers=world.auth("mx_officer"),
                         files={"file": ("m.csv", "id,项目名称\nPMX1,马陆的项目\n".encode(), "text/csv")})  # fmt: skip
    assert theirs.status_code == 200, theirs.text
    grab = "id,项目名称,招商单位\nPMX1,马陆的项目,JD-AT\n"
    r = client.post("/api/v1/imports/projects", headers=world.auth("at_officer"),
                    files={"file": ("g.csv", grab.encode(), "text/csv")})  # fmt: skip
    assert r.status_code == 403 and "PMX1" in r.json()["detail"], r.text
    assert client.get("/api/v1/projects/PMX1", headers=world.auth("mx_officer")).json()["owner_unit"] == "JD-MX"


def test_a_park_with_sites_is_not_deleted(client: TestClient, world: World) -> None:
    """sites → parks is a foreign key: deleting a park that sites name is a 409, not a 500."""
    admin = world.auth("root")
    park = client.post("/api/v1/parks", headers=admin, json={"name_zh": "测试园", "region_code": "310114"})
    assert park.status_code == 201, park.text
    pid = park.json()["id"]
    r = client.post("/api/v1/sites", headers=world.auth("at_officer"),
                    json={"kind": "factory", "area_m2": 900, "park": pid})  # fmt: skip
    assert r.status_code == 201, r.text
    sid = r.json()["id"]
    r = client.delete(f"/api/v1/parks/{pid}", headers=admin)
    assert r.status_code == 409 and "has sites" in r.json()["detail"]
    assert client.delete(f"/api/v1/sites/{sid}", headers=admin).status_code == 204
    assert client.delete(f"/api/v1/parks/{pid}", headers=admin).status_code == 204


def test_q_finds_a_site_by_name_notes_and_kept_attributes(client: TestClient, world: World) -> None:
    """Every value a user typed is searchable: the name, the notes and each kept attribute
    (a column the atlas has no field for, and a cell kept as typed such as 约3000平方米)."""
    csv = ("载体名称,类型,建筑面积,所在区域,备注,朝向,招商人员\n"
           "临港一号厂房,厂房,约3000平方米,嘉定区,近高速出口,朝南,王五\n"
           "安亭二号仓库,仓库,8000,嘉定区,,朝北,\n")  # fmt: skip
    files = {"file": ("载体.csv", csv.encode(), "text/csv")}
    r = client.post("/api/v1/imports/sites", headers=world.auth("root"), files=files)
    assert r.status_code == 200, r.text
    h = world.auth("mx_viewer")

    def names(q: str) -> set[str]:
        return {s["name"] for s in client.get("/api/v1/sites", headers=h, params={"q": q}).json()["items"]}

    assert names("临港一号") == {"临港一号厂房"}
    assert names("高速出口") == {"临港一号厂房"}
    assert names("朝南") == {"临港一号厂房"} and names("朝北") == {"安亭二号仓库"}
    assert names("王五") == {"临港一号厂房"}
    assert names("约3000") == {"临港一号厂房"}
    assert names("朝西") == set()


def test_industries_are_checked_codes_on_every_writer(client: TestClient, world: World) -> None:
    """Sites, parks and enterprises take GB/T 4754 codes or names and store codes; an unknown
    industry is refused with its name (as leads always did)."""
    h, admin = world.auth("at_officer"), world.auth("root")
    r = client.post("/api/v1/sites", headers=h, json={"kind": "factory", "area_m2": 900,
                    "industries": "医药制造业、2710", "preferred_industries": "27"})  # fmt: skip
    assert r.status_code == 201, r.text
    assert (r.json()["industries"], r.json()["preferred_industries"]) == ("27;2710", "27")
    bad = client.post("/api/v1/sites", headers=h, json={"kind": "factory", "area_m2": 900, "industries": "火星产业"})
    assert bad.status_code == 400 and "'火星产业' is not a GB/T 4754-2017 industry" in bad.json()["detail"]
    p = client.post("/api/v1/parks", headers=admin, json={"name_zh": "医药园", "industries": "27;医药制造业"})
    assert p.status_code == 201 and p.json()["industries"] == "27"
    e = client.post("/api/v1/enterprises", headers=h, json={"name": "某药业", "industries": "2710"})
    assert e.status_code == 201 and e.json()["industries"] == "2710"
    assert client.patch(f"/api/v1/enterprises/{e.json()['id']}", headers=h, json={"industries": "x"}).status_code == 400
    # stored as link rows, read back the same through every reader: the site, the list, PATCH
    sid = r.json()["id"]
    assert client.get(f"/api/v1/sites/{sid}", headers=h).json()["industries"] == "27;2710"
    listed = {s["id"]: s for s in client.get("/api/v1/sites?per_page=200", headers=h).json()["items"]}
    assert (listed[sid]["industries"], listed[sid]["preferred_industries"]) == ("27;2710", "27")
    patched = client.patch(f"/api/v1/sites/{sid}", headers=h, json={"industries": "2710;36"})
    assert patched.status_code == 200 and patched.json()["industries"] == "2710;36"
    assert client.get(f"/api/v1/sites/{sid}", headers=h).json()["preferred_industries"] == "27"
