"""The dependencies every route (and the web UI, issue 11) uses.

How a UI module gets the database session and the signed-in user — reuse these names:

    from parkatlas.api.deps import SessionDep, CurrentUser, OptionalUser, SettingsDep

    @router.get("/sites")
    def sites_page(request: Request, session: SessionDep, user: CurrentUser) -> HTMLResponse:
        page = list_sites(session, user, SiteFilter(), stale_days=request.app.state.settings.stale_days)
        ...

* `SessionDep` — a SQLAlchemy `Session`, one unit of work per request: committed when the
  route returns normally (before the response is sent, so an acknowledged write is durable),
  rolled back when it raises. For GET/HEAD/OPTIONS it is read-only (`db.read_only`): on
  SQLite it reads one snapshot without taking the write lock, so pages never queue behind
  writers. A GET must not write through it (`db.write_beside` for a small write).
* `CurrentUser` — the `workspace.principal.Principal` (login, role, unit_id, scope): from
  `Authorization: Bearer TOKEN` or the session cookie `parkatlas_session`; none → 401
  (problem+json). A cookie-authenticated write (POST/PUT/PATCH/DELETE) must carry the
  session's CSRF token as header `X-CSRF-Token` or form field `csrf_token` — or the web
  UI's double-submit token (the same value as its `parkatlas_csrf` cookie) — else 403;
  `principal.csrf_token` holds the session's token.
* `OptionalUser` — the same, or None when nobody is signed in (public pages).
* `SettingsDep` — the `Settings` the app was built with.
Routes that use `SessionDep` must be plain `def` (FastAPI runs them in its thread pool): an
`async def` route that queries the database blocks the event loop while it waits, and on
SQLite the request holding the write lock then cannot finish — every writer stalls until
the busy timeout. Read a form in a small async dependency instead (see `presented_csrf`).
Sign-in: `POST /api/v1/auth/login` (JSON or form: login, password) sets the cookie;
`POST /api/v1/auth/logout` clears it; `GET /api/v1/auth/me` tells who is signed in.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from parkatlas.settings import Settings
from parkatlas.workspace.auth import csrf_ok, principal_from_session, principal_from_token
from parkatlas.workspace.errors import Forbidden, NotAuthenticated
from parkatlas.workspace.principal import Principal

SESSION_COOKIE = "parkatlas_session"
CSRF_COOKIE = "parkatlas_csrf"  # the web UI's double-submit token (parkatlas.web.security)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_bearer = HTTPBearer(auto_error=False, description="an API token (`parkatlas token create LOGIN`)")


def get_session(request: Request) -> Iterator[Session]:
    # a GET reads only: on SQLite its transaction does not take the write lock (db.read_only)
    factory = request.app.state.read_sessions if request.method in SAFE_METHODS else request.app.state.sessions
    session: Session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings)]


async def presented_csrf(request: Request) -> str | None:
    """The CSRF token a write presents: header X-CSRF-Token, else form field csrf_token.
    Async only to read the form; it never touches the database (that would block the loop)."""
    if request.method in SAFE_METHODS:
        return None
    header = request.headers.get("x-csrf-token")
    if header:
        return header
    ctype = request.headers.get("content-type", "")
    if ctype.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()  # Starlette caches it; the route's Form() reads the same
        value = form.get("csrf_token")
        return value if isinstance(value, str) else None
    return None


def get_optional_user(
    request: Request,
    session: SessionDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    presented: Annotated[str | None, Depends(presented_csrf)],
) -> Principal | None:
    # sync on purpose: FastAPI runs it in the thread pool, so waiting for the database never
    # blocks the event loop (on SQLite a blocked loop would stall the writer holding the lock)
    if bearer is not None:
        return principal_from_token(session, bearer.credentials, getattr(request.app.state, "principals", None))
    secret = request.cookies.get(SESSION_COOKIE)
    if not secret:
        return None
    principal = principal_from_session(session, secret)
    if request.method not in SAFE_METHODS:
        double_submit = request.cookies.get(CSRF_COOKIE)
        if not (csrf_ok(principal, presented) or _same(double_submit, presented)):
            raise Forbidden("missing or wrong CSRF token: send the form's csrf_token or X-CSRF-Token")
    return principal


def _same(cookie: str | None, presented: str | None) -> bool:
    return bool(cookie and presented) and hmac.compare_digest(str(cookie), str(presented))


OptionalUser = Annotated[Principal | None, Depends(get_optional_user)]


def get_current_user(user: OptionalUser) -> Principal:
    if user is None:
        raise NotAuthenticated("sign in, or send Authorization: Bearer TOKEN")
    return user


CurrentUser = Annotated[Principal, Depends(get_current_user)]
