"""``/docs``: the API's interactive documentation (Swagger UI) served by the app itself.

FastAPI's own ``/docs`` page loads Swagger UI from a CDN and starts it with an inline script;
the web UI's Content-Security-Policy (``script-src 'self'``, no inline script) blocks both,
and a machine with no internet could not load it anyway. This page serves the same Swagger UI
from ``static/vendor/swagger-ui`` (npm ``swagger-ui-dist``, Apache-2.0, see
static/vendor/README.md), started by ``static/js/swagger-init.js``. ``/redoc`` (ReDoc from a
CDN) now leads here.
"""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>parkatlas API</title>
<link rel="icon" type="image/png" href="/static/vendor/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<main><div id="swagger-ui" data-openapi="{openapi}"></div></main>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/js/swagger-init.js"></script>
</body>
</html>
"""

_REPLACED = ("/docs", "/docs/oauth2-redirect", "/redoc")


def install(app: FastAPI) -> None:
    """Replace FastAPI's CDN pages with this one."""
    openapi = app.openapi_url or "/openapi.json"
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) not in _REPLACED]
    router = APIRouter(include_in_schema=False)

    @router.get("/docs")
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE.replace("{openapi}", openapi))

    @router.get("/redoc")
    def redoc() -> RedirectResponse:
        return RedirectResponse("/docs", status_code=308)

    app.include_router(router)
