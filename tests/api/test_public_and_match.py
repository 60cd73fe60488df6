"""Public endpoints (public fields only, honeypot, rate limit, inquiries → leads) and the
matching endpoints on the warm index (a site written through the API is matched at once)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.workspace.world import World


def _site(client: TestClient, world: World, login: str = "at_officer", **extra: object) -> str:
    body = {"kind": "factory", "area_m2": 6000, "region": "嘉定区", "floor_load_kn_m2": 10,
            "clear_height_m": 8, "rent_cny_m2_day": 1.2, **extra}  # fmt: skip
    r = client.post("/api/v1/sites", headers=world.auth(login), json=body)
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_public_sites_show_public_fields_only(client: TestClient, world: World) -> None:
    pub = _site(client, world, public=True, source="内部台账")
    hidden = _site(client, world)
    page = client.get("/api/v1/public/sites").json()
    assert [s["id"] for s in page["items"]] == [pub] and page["count"] == 1
    assert "owner_unit" not in page["items"][0] and "source" not in page["items"][0]
    assert client.get(f"/api/v1/public/sites/{hidden}").status_code == 404
    assert client.get(f"/api/v1/public/sites/{pub}").json()["area_m2"] == 6000


def test_inquiry_becomes_a_lead_of_the_sites_unit(client: TestClient, world: World) -> None:
    pub = _site(client, world, public=True)
    body = {"site_id": pub, "company": "苏州某精密机械有限公司", "contact": "张先生", "phone": "13800000000",
            "message": "需要 6000 平厂房"}  # fmt: skip
    assert client.post("/api/v1/public/inquiries", json=body).status_code == 202
    mine = client.get("/api/v1/projects", headers=world.auth("at_officer"), params={"q": "苏州某精密"}).json()
    assert mine["count"] == 1 and mine["items"][0]["source"] == "inquiry" and mine["items"][0]["owner_unit"] == "JD-AT"
    assert client.get("/api/v1/projects", headers=world.auth("mx_officer")).json()["count"] == 0
    # honeypot: accepted in appearance, nothing kept
    trap = body | {"company": "机器人公司", "website": "http://spam.example"}
    assert client.post("/api/v1/public/inquiries", json=trap).status_code == 202
    assert client.get("/api/v1/projects", headers=world.auth("root"), params={"q": "机器人"}).json()["count"] == 0
    # unknown or non-public site: 404
    hidden = _site(client, world)
    assert client.post("/api/v1/public/inquiries", json=body | {"site_id": hidden}).status_code == 404
    assert client.post("/api/v1/public/inquiries", json=body | {"site_id": "NOPE"}).status_code == 404


def test_inquiry_on_an_unowned_site_goes_to_the_district(client: TestClient, world: World) -> None:
    sid = _site(client, world, login="root", public=True, owner_unit=None, region="浦东新区")
    # root (admin, unit JD) created it: owned by JD; make an unowned one through the core
    from sqlalchemy import update

    from parkatlas.workspace.tables import SiteState
    from tests.workspace.world import session_for

    with session_for(world.url) as s:
        s.execute(update(SiteState).where(SiteState.site_id == sid).values(owner_unit=None))
    assert client.post("/api/v1/public/inquiries", json={"site_id": sid, "company": "浦东某药业有限公司"}).status_code == 202
    leads = client.get("/api/v1/projects", headers=world.auth("pd_officer"), params={"q": "浦东某药业"}).json()
    assert leads["count"] == 1 and leads["items"][0]["owner_unit"] == "PD"


def test_public_rate_limit(world: World) -> None:
    from parkatlas.api.app import create_app
    from parkatlas.settings import load_settings

    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url, "PARKATLAS_PUBLIC_RATE": "3"}), pool_size=1)
    with TestClient(app, base_url="https://testserver") as c:
        codes = [c.get("/api/v1/public/parks").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]


def test_match_sees_new_sites_without_rebuild(client: TestClient, world: World) -> None:
    needs = {"kind": "factory", "area_m2": {"min": 5000, "max": 8000}, "regions": ["嘉定区"]}
    h = world.auth("mx_officer")
    first = client.post("/api/v1/match", headers=h, json={"needs": needs, "k": 5}).json()
    assert first["count"] == 0
    sid = _site(client, world)
    res = client.post("/api/v1/match", headers=h, json={"needs": needs, "k": 5}).json()
    assert [m["site_id"] for m in res["items"]] == [sid]
    assert abs(sum(res["items"][0]["contributions"].values()) - res["items"][0]["score"]) < 1e-6
    client.patch(f"/api/v1/sites/{sid}", headers=world.auth("at_officer"), json={"area_m2": 20000})
    after = client.post("/api/v1/match", headers=h, json={"needs": needs, "k": 5}).json()
    assert after["count"] == 0 and after["near_misses"][0]["site_id"] == sid


def test_lead_matches_why_not_and_site_projects_respect_visibility(client: TestClient, world: World) -> None:
    sid = _site(client, world)
    at = world.auth("at_officer")
    pid = client.post("/api/v1/projects", headers=at, json={
        "name": "装备项目", "enterprise": {"name": "某装备有限公司"}, "industries": ["34"],
        "needs": {"kind": "factory", "area_m2": {"min": 4000, "max": 8000}}}).json()["id"]  # fmt: skip
    m = client.get(f"/api/v1/projects/{pid}/matches", headers=at).json()
    assert sid in [x["site_id"] for x in m["items"]]
    assert client.get(f"/api/v1/projects/{pid}/matches", headers=world.auth("pd_officer")).status_code == 404
    w = client.get(f"/api/v1/sites/{sid}/why-not", headers=at, params={"project": pid}).json()
    assert w["found"] is True and w["failures"] == [] and w["rank"] >= 1
    assert client.get(f"/api/v1/sites/{sid}/why-not", headers=world.auth("mx_officer"), params={"project": pid}).status_code == 404
    assert pid in [p["project_id"] for p in client.get(f"/api/v1/sites/{sid}/projects", headers=at).json()]
    assert client.get(f"/api/v1/sites/{sid}/projects", headers=world.auth("pd_officer")).json() == []


def test_facts_and_profile_read_in_the_request(client: TestClient, world: World) -> None:
    """GET /api/v1/facts and /regions/{code}/profile run on the request's session."""
    import datetime as dt

    from sqlalchemy import create_engine, insert

    from parkatlas.models import Document, Fact

    eng = create_engine(world.url)
    with eng.begin() as conn:
        text = "嘉定区前三季度规上工业总产值2000亿元。"
        conn.execute(insert(Document).values(id="d1", source="https://example.org/jd", title="嘉定",
                                             lang="zh", published=dt.date(2026, 10, 20), text=text,
                                             ingested_at=dt.datetime(2026, 10, 21)))  # fmt: skip
        conn.execute(insert(Fact).values(document_id="d1", quote="2000亿元", start=14, end=20, kind="money",
                                         value=2e11, unit="CNY", metric="industrial_output", region="嘉定区",
                                         region_code="310114", period=2026, context_start=0,
                                         context_end=len(text)))  # fmt: skip
    eng.dispose()
    h = world.auth("mx_viewer")
    got = client.get("/api/v1/facts", headers=h, params={"region": "嘉定区"})
    assert got.status_code == 200, got.text
    assert [(f["value"], f["source"]) for f in got.json()] == [(2e11, "https://example.org/jd")]
    prof = client.get("/api/v1/regions/310114/profile", headers=h)
    assert prof.status_code == 200, prof.text
    assert client.get("/api/v1/facts", headers=h, params={"metric": "nope"}).status_code == 422
