"""The pages in-process (TestClient) on SQLite and PostgreSQL: sign-in, the site pages, and
the public portal's rule that nothing unpublished is reachable from /p/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from parkatlas.api.app import create_app
from parkatlas.settings import load_settings
from parkatlas.web.security import CSRF_COOKIE
from parkatlas.workspace.sites import SiteCreate, create_site
from tests.workspace.world import PASSWORD, World, build_world, session_for


def give_passwords(session: Session, *logins: str) -> None:
    """The test world gives passwords to few users (argon2 is slow on purpose)."""
    from parkatlas.workspace.auth import hash_password
    from parkatlas.workspace.tables import User

    digest = hash_password(PASSWORD)
    session.execute(update(User).where(User.login.in_(logins)).values(password_hash=digest))


HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
]


@pytest.fixture
def world(atlas_url: str) -> World:
    w = build_world(atlas_url)
    with session_for(atlas_url) as s:
        from parkatlas.workspace.principal import principal_for

        give_passwords(s, "zj_officer", "jd_officer")
        at = principal_for(s, login="at_officer", role="officer", unit_id="JD-AT", user_id=None, via="cli")
        zj = principal_for(s, login="zj_officer", role="officer", unit_id="PD-ZJ", user_id=None, via="cli")
        create_site(s, at, SiteCreate(id="PUB1", kind="factory", area_m2=5000, region="嘉定区",
                                      rent_cny_m2_day=1.2, lat=31.38, lon=121.25, public=True,
                                      address=HOSTILE[0], source=HOSTILE[2]))  # fmt: skip
        create_site(s, at, SiteCreate(id="PRIV1", kind="factory", area_m2=8000, region="嘉定区",
                                      lat=31.37, lon=121.24, address=HOSTILE[1]))  # fmt: skip
        create_site(s, zj, SiteCreate(id="ZJ1", kind="lab", area_m2=1200, region="浦东新区",
                                      lat=31.20, lon=121.60))  # fmt: skip
    return w


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url}), pool_size=2)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=True) as c:
        yield c


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert m, "no CSRF field in the form"
    return m.group(1)


def login(client: TestClient, who: str = "at_officer") -> None:
    page = client.get("/login")
    r = client.post("/login", data={"login": who, "password": PASSWORD, "csrf_token": _csrf(page.text),
                                    "next": "/sites"}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/sites"


def test_pages_need_sign_in_and_come_back_after_it(client: TestClient) -> None:
    r = client.get("/sites?kind=factory", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/sites%3Fkind%3Dfactory"
    login(client)
    assert client.get("/sites").status_code == 200


def test_wrong_password_is_refused_in_the_page(client: TestClient) -> None:
    page = client.get("/login?lang=en")
    r = client.post("/login", data={"login": "at_officer", "password": "nope", "csrf_token": _csrf(page.text)})
    assert r.status_code == 401 and "Wrong login or password" in r.text


def test_login_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/login")
    r = client.post("/login", data={"login": "at_officer", "password": PASSWORD})
    assert r.status_code == 403
    r = client.post("/login", data={"login": "at_officer", "password": PASSWORD, "csrf_token": "forged"})
    assert r.status_code == 403
    assert client.cookies.get(CSRF_COOKIE)


def test_login_next_is_never_another_site(client: TestClient) -> None:
    page = client.get("/login")
    r = client.post("/login", data={"login": "at_officer", "password": PASSWORD, "csrf_token": _csrf(page.text),
                                    "next": "//evil.example/x"}, follow_redirects=False)  # fmt: skip
    assert r.headers["location"] == "/"


def test_sites_page_filters_with_the_import_words(client: TestClient) -> None:
    login(client)
    r = client.get("/sites", params={"kind": "厂房", "region": "嘉定", "area_max": "7.5亩"})
    assert r.status_code == 200
    assert "PUB1" in r.text and "PRIV1" not in r.text and "ZJ1" not in r.text  # 5000 ㎡ = 7.5 亩
    assert "5,000 ㎡" in r.text and "1.2 元/㎡/天" in r.text
    bad = client.get("/sites", params={"area_min": "abc"})
    assert bad.status_code == 200 and "读作面积：没有数字" in bad.text  # the reader's reason, in Chinese
    english = client.get("/sites", params={"area_min": "abc", "lang": "en"})
    assert "as an area: there is no number" in english.text


def _spec_sites(world: World) -> None:
    from parkatlas.workspace.principal import principal_for

    with session_for(world.url) as s:
        at = principal_for(s, login="at_officer", role="officer", unit_id="JD-AT", user_id=None, via="cli")
        for sid, load, height, power, rent in (("SPEC1", 20.0, 9.0, 1000.0, 0.9),
                                               ("SPEC2", 5.0, 6.0, 200.0, 1.5),
                                               ("SPEC3", None, None, None, None)):  # fmt: skip
            create_site(s, at, SiteCreate(id=sid, kind="factory", area_m2=3000, region="嘉定区",
                                          floor_load_kn_m2=load, clear_height_m=height, power_kva=power,
                                          rent_cny_m2_day=rent))  # fmt: skip


def _ids(html: str) -> set[str]:
    return set(re.findall(r'href="/sites/((?:SPEC|PUB|PRIV|ZJ)\d)"', html))


def test_rent_load_height_power_filters_read_the_import_words(client: TestClient, world: World) -> None:
    _spec_sites(world)
    login(client)
    one = {"q": "SPEC"}
    # 1吨/㎡ = 9.8 kN/㎡, 8米, 800KVA; a site that does not state the figure does not pass
    assert _ids(client.get("/sites", params=one | {"floor_load_min": "1吨/㎡"}).text) == {"SPEC1"}
    assert _ids(client.get("/sites", params=one | {"height_min": "8米"}).text) == {"SPEC1"}
    assert _ids(client.get("/sites", params=one | {"power_min": "800KVA"}).text) == {"SPEC1"}
    assert _ids(client.get("/sites", params=one | {"power_min": "0.1MVA"}).text) == {"SPEC1", "SPEC2"}
    assert _ids(client.get("/sites", params={"rent_max": "1.2元/㎡/天"}).text) == {"SPEC1", "PUB1"}
    assert _ids(client.get("/sites", params={"rent_max": "36元/㎡/月"}).text) == {"SPEC1"}  # 1.18 元/㎡/天
    both = client.get("/sites", params={"height_min": "5米", "power_min": "100千伏安", "rent_max": "1"})
    assert _ids(both.text) == {"SPEC1"}  # the filters add up
    bad = client.get("/sites", params={"height_min": "高"})
    assert bad.status_code == 200 and "应为高度" in bad.text
    assert "expected a height" in client.get("/sites", params={"height_min": "高", "lang": "en"}).text
    # the JSON twin takes the same filters in canonical units (kN/㎡, m, kVA, 元/㎡/天)
    api = client.get("/api/v1/sites", params={"q": "SPEC", "floor_load_min": 9.8, "height_min": 8,
                                              "power_min": 800, "rent_max": 1.0}).json()  # fmt: skip
    assert [s["id"] for s in api["items"]] == ["SPEC1"] and api["count"] == 1
    assert client.get("/api/v1/sites", params={"power_min": -1}).status_code == 422
    public = client.get("/api/v1/public/sites", params={"rent_max": 1.3}).json()
    assert [s["id"] for s in public["items"]] == ["PUB1"]
    assert client.get("/api/v1/public/sites", params={"rent_max": 1.1}).json()["count"] == 0
    assert "PUB1" not in client.get("/p/", params={"rent_max": "1元/㎡/天"}).text
    assert "PUB1" in client.get("/p/", params={"rent_max": "40元/㎡/月"}).text


def test_site_page_json_twin_and_english(client: TestClient) -> None:
    login(client)
    r = client.get("/sites/PUB1?lang=en")
    assert r.status_code == 200 and "Floor load" in r.text and 'href="/api/v1/sites/PUB1"' in r.text
    assert client.get("/sites/NOPE").status_code == 404


def test_site_page_does_not_wait_for_the_matching_index(client: TestClient) -> None:
    import time

    login(client)
    first = client.get("/sites/PUB1")
    assert first.status_code == 200 and "匹配索引正在准备" in first.text
    live = client.app.state.live  # type: ignore[attr-defined]
    for _ in range(300):
        if live.info()["built"]:
            break
        time.sleep(0.05)
    later = client.get("/sites/PUB1")
    assert later.status_code == 200 and "匹配索引正在准备" not in later.text


def test_hostile_text_is_escaped_and_javascript_links_dropped(client: TestClient) -> None:
    login(client)
    for path in ("/sites/PUB1", "/sites/PRIV1", "/p/sites/PUB1"):
        html = client.get(path).text
        for bad in ("<script>alert(1)</script>", "<img src=x onerror"):
            assert bad not in html, path
        assert 'href="javascript:' not in html, path
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in client.get("/sites/PUB1").text


def test_confirm_and_public_buttons_need_the_session_csrf_token(client: TestClient) -> None:
    login(client)
    page = client.get("/sites/PRIV1")
    token = _csrf(page.text)
    forged = client.post("/sites/PRIV1", data={"action": "public", "public": "1", "csrf_token": "x"})
    assert forged.status_code == 403
    assert client.get("/p/sites/PRIV1").status_code == 404
    ok = client.post("/sites/PRIV1", data={"action": "public", "public": "1", "csrf_token": token},
                     follow_redirects=False)  # fmt: skip
    assert ok.status_code == 303
    assert client.get("/p/sites/PRIV1").status_code == 200
    confirm = client.post("/sites/PRIV1", data={"action": "confirm", "csrf_token": token})
    assert confirm.status_code == 200 and "已确认该载体仍可租售" in confirm.text


def test_other_units_may_not_change_a_site(client: TestClient) -> None:
    login(client, "zj_officer")
    token = _csrf(client.get("/sites/PRIV1").text)
    r = client.post("/sites/PRIV1", data={"action": "public", "public": "1", "csrf_token": token})
    assert r.status_code == 403
    assert 'action="/sites/PRIV1"' not in client.get("/sites/PRIV1").text  # no buttons shown


def test_portal_shows_only_public_sites(client: TestClient) -> None:
    home = client.get("/p/")
    assert home.status_code == 200 and "PUB1" in home.text
    assert "PRIV1" not in home.text and "ZJ1" not in home.text
    assert client.get("/p/sites/PUB1").status_code == 200
    for hidden in ("PRIV1", "ZJ1", "NOPE"):
        assert client.get(f"/p/sites/{hidden}").status_code == 404
        assert client.get(f"/p/sites/{hidden}/map.json").status_code == 404
    points = client.get("/p/map.json").json()["points"]
    assert [p[3] for p in points] == ["/p/sites/PUB1"]
    assert "og:title" in client.get("/p/sites/PUB1").text


def test_portal_site_page_has_no_private_fields(client: TestClient) -> None:
    html = client.get("/p/sites/PUB1").text
    assert "JD-AT" not in html and "安亭镇招商中心" not in html  # the owning unit stays inside
    assert "&lt;script&gt;" not in html  # the address is not a public field


def test_site_page_shows_the_listing_fields_and_kept_attributes(client: TestClient, world: World) -> None:
    """What an officer typed in her sheet is on the page: name, town, contact, notes, a rent
    range, and every kept attribute — escaped like any text from outside."""
    with session_for(world.url) as s:
        from parkatlas.workspace.principal import principal_for

        at = principal_for(s, login="at_officer", role="officer", unit_id="JD-AT", user_id=None, via="cli")
        create_site(s, at, SiteCreate(id="ATTR1", kind="factory", area_m2=3000, region="嘉定区",
                                      name="外冈一号厂房", town="外冈镇", contact="王五", phone="021-5999",
                                      description="近高速出口", rent_cny_m2_day=0.9, rent_max_cny_m2_day=1.1,
                                      attrs={"朝向": "朝南", "建筑面积": "约3000平方米",
                                             "备用": HOSTILE[1]}))  # fmt: skip
    login(client)
    html = client.get("/sites/ATTR1").text
    for text in ("外冈一号厂房", "外冈镇", "王五", "021-5999", "近高速出口", "朝向", "朝南", "约3000平方米",
                 "0.9 元/㎡/天 – 1.1 元/㎡/天"):
        assert text in html, text
    assert HOSTILE[1] not in html and "&lt;img src=x" in html
    listing = client.get("/sites", params={"q": "朝南"}).text
    assert "外冈一号厂房" in listing and "ATTR1" in listing


def test_a_list_counted_past_the_limit_says_so(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from parkatlas.workspace import sites as core

    monkeypatch.setattr(core, "COUNT_LIMIT", 1)
    login(client)
    page = client.get("/sites", params={"stale": "0"}).text
    assert "1 条以上（超过此数不再细数）" in page and "第 1 页（前 1 页）" in page
    api = client.get("/api/v1/sites", params={"stale": False}).json()
    assert api["count"] == 1 and api["count_exact"] is False
    exact = client.get("/api/v1/sites", params={"kind": "factory"}).json()
    assert exact["count_exact"] is True and exact["count"] == 2
