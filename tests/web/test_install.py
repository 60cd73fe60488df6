"""`install(app)` on a bare FastAPI app: security headers, static files, outlines, CSRF cookie."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from parkatlas.settings import load_settings
from parkatlas.web import STATIC, install
from parkatlas.web.security import CSRF_COOKIE


def _client(**env: str) -> TestClient:
    app = FastAPI()
    app.state.settings = load_settings({"PARKATLAS_DATABASE_URL": "sqlite://", **env})
    install(app)
    return TestClient(app, base_url="https://testserver")  # the cookies are Secure by default


def test_security_headers_on_every_response() -> None:
    client = _client()
    for path in ("/static/css/app.css", "/map/districts.geojson", "/no-such-page"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "same-origin"
        assert r.headers["x-content-type-options"] == "nosniff"


def test_csrf_cookie_is_set_once_httponly() -> None:
    client = _client()
    r = client.get("/static/css/app.css")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{CSRF_COOKIE}=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    r2 = client.get("/static/css/app.css")
    assert "set-cookie" not in r2.headers  # the browser has it now


def test_vendored_assets_are_served_with_their_licences() -> None:
    client = _client()
    for path in ("vendor/leaflet/leaflet.js", "vendor/leaflet/LICENSE",
                 "vendor/leaflet.markercluster/leaflet.markercluster.js",
                 "vendor/leaflet.markercluster/MIT-LICENCE.txt", "vendor/axe-core/axe.min.js",
                 "vendor/axe-core/LICENSE", "geo/ECHARTS-LICENSE", "js/map.js"):  # fmt: skip
        assert client.get(f"/static/{path}").status_code == 200, path


def test_no_asset_or_template_loads_from_another_host() -> None:
    """No CDN: no script, style or font reference to http(s):// in our own files."""
    web = STATIC.parent
    own = [p for p in web.rglob("*") if p.suffix in (".html", ".css", ".js") and "vendor" not in p.parts]
    assert own
    for path in own:
        text = path.read_text(encoding="utf-8")
        assert "src=\"http" not in text and "href=\"http" not in text and "url(http" not in text, path


def test_api_docs_are_served_from_the_app() -> None:
    """FastAPI's /docs loads Swagger UI from a CDN with an inline script: replaced."""
    client = _client()
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text.lower() and "http" not in page.text
    assert "<script>" not in page.text  # every script has a src (the CSP has no 'unsafe-inline')
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page.text):
        assert ref.startswith("/static/") and client.get(ref).status_code == 200, ref
    assert 'data-openapi="/openapi.json"' in page.text and client.get("/openapi.json").status_code == 200
    assert client.get("/redoc", follow_redirects=False).headers["location"] == "/docs"
    assert client.get("/docs/oauth2-redirect").status_code == 404


def test_outlines_follow_the_tile_crs() -> None:
    plain = _client().get("/map/districts.geojson").json()
    over_amap = _client(PARKATLAS_MAP_TILES="https://wprd0{s}.is.autonavi.com/{z}/{x}/{y}",
                        PARKATLAS_MAP_TILES_CRS="gcj02").get("/map/districts.geojson")  # fmt: skip
    shifted = over_amap.json()
    assert len(plain["features"]) == 16
    a = plain["features"][0]["geometry"]["coordinates"][0][0]
    b = shifted["features"][0]["geometry"]["coordinates"][0][0]
    assert 0.003 < b[0] - a[0] < 0.007  # GCJ-02 lies ~0.0045° east of WGS-84 in Shanghai
    assert "*.is.autonavi.com" in over_amap.headers["content-security-policy"]
