"""Sign-in for browsers: a secure, HttpOnly session cookie and a CSRF token for forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from parkatlas.api.deps import SESSION_COOKIE, CurrentUser, SessionDep, SettingsDep
from parkatlas.workspace.auth import SESSION_HOURS, login_with_password, logout
from parkatlas.workspace.errors import NotAuthenticated

router = APIRouter(prefix="/auth", tags=["auth"])


class LoginBody(BaseModel):
    login: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=200)


class Me(BaseModel):
    login: str
    role: str
    unit: str | None
    units_in_scope: list[str]
    csrf_token: str | None


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


async def _login_body(request: Request) -> LoginBody:
    """JSON or form fields; parsed here (async) so the route itself can run in the thread pool."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = await request.json()
        except ValueError:
            data = None
        return LoginBody.model_validate(data if isinstance(data, dict) else {})
    form = await request.form()
    return LoginBody.model_validate({"login": form.get("login"), "password": form.get("password")})


@router.post("/login", response_model=Me)
def login(request: Request, response: Response, session: SessionDep, settings: SettingsDep,
          body: Annotated[LoginBody, Depends(_login_body)]) -> Me:  # fmt: skip
    """Check login and password (JSON or form fields); set the session cookie."""
    try:
        who, secret = login_with_password(session, body.login, body.password, address=_client(request))
    except NotAuthenticated:
        session.commit()  # the failed attempt counts toward the limit
        raise
    response.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_HOURS * 3600, httponly=True,
                        secure=settings.cookie_secure, samesite="lax", path="/")  # fmt: skip
    return Me(login=who.login, role=who.role, unit=who.unit_id, units_in_scope=sorted(who.scope),
              csrf_token=who.csrf_token)  # fmt: skip


@router.post("/logout", status_code=204)
def logout_route(request: Request, response: Response, session: SessionDep, user: CurrentUser) -> Response:
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        logout(session, secret)
    out = Response(status_code=204)
    out.delete_cookie(SESSION_COOKIE, path="/")
    return out


@router.get("/me", response_model=Me)
def me(user: CurrentUser) -> Me:
    return Me(login=user.login, role=user.role, unit=user.unit_id, units_in_scope=sorted(user.scope),
              csrf_token=user.csrf_token)  # fmt: skip


