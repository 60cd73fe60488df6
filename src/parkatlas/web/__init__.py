"""The web UI: server-rendered pages over the same core functions as the API.

`install(app)` is called by `parkatlas.api.app:create_app`; it adds the security headers and
the CSRF cookie (`security`), the static files (vendored from npm packages with their
licences, see static/vendor/README.md; nothing is loaded from a CDN), and the page routes:
the public portal under ``/p/`` and the officer's pages. Templates are Jinja2 with
autoescape; the pages work without JavaScript, which only adds the maps.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from parkatlas.settings import Settings, load_settings
from parkatlas.web.security import SecurityMiddleware, content_security_policy, tile_origin

STATIC = Path(__file__).parent / "static"

__all__ = ["install"]


def app_settings(app: FastAPI) -> Settings:
    settings = getattr(app.state, "settings", None)
    if isinstance(settings, Settings):
        return settings
    settings = load_settings()
    app.state.settings = settings
    return settings


def install(app: FastAPI) -> None:
    """Add the web pages, static files and security middleware to the API's app."""
    from parkatlas.web import api_docs, maps, summary

    settings = app_settings(app)
    _install_pages(app)
    summary.install(app)
    origin = tile_origin(settings.map_tiles)
    csp = content_security_policy([origin] if origin else [])
    secure = bool(getattr(settings, "cookie_secure", False))
    app.add_middleware(SecurityMiddleware, csp=csp, secure_cookies=secure)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    app.include_router(maps.router)
    api_docs.install(app)


def _install_pages(app: FastAPI) -> None:
    """The page routes and the two exceptions that turn into pages (error, sign-in redirect)."""
    from fastapi.responses import RedirectResponse
    from starlette.requests import Request
    from starlette.responses import Response

    from parkatlas.web import (
        auth_pages,
        dashboard,
        facts_pages,
        import_pages,
        portal,
        projects_pages,
        registry_pages,
        report_pages,
        site_files_pages,
        sites_pages,
    )
    from parkatlas.web.deps import LoginRequired, PageError, login_url
    from parkatlas.web.render import error_page

    async def on_page_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PageError)
        return error_page(request, exc.status, exc.message_key, exc.detail)

    async def on_login_required(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, LoginRequired)
        return RedirectResponse(login_url(exc.next_url, exc.expired), status_code=303)

    app.add_exception_handler(PageError, on_page_error)
    app.add_exception_handler(LoginRequired, on_login_required)
    for module in (auth_pages, dashboard, facts_pages, import_pages, portal, projects_pages, registry_pages,
                   report_pages, site_files_pages, sites_pages):
        app.include_router(module.router)
