"""Signing in and out in the browser: ``/login`` (form fields ``login``, ``password``).

The same core as ``POST /api/v1/auth/login`` (`workspace.auth.login_with_password`: argon2,
rate-limited attempts, a session row with its CSRF token) and the same cookie.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from parkatlas.api.deps import SESSION_COOKIE, SessionDep, SettingsDep
from parkatlas.web.deps import PageUser, PostedForm, checked_form
from parkatlas.web.render import form_csrf_ok, render
from parkatlas.workspace.auth import SESSION_HOURS, login_with_password, logout
from parkatlas.workspace.errors import NotAuthenticated, TooManyRequests

router = APIRouter(include_in_schema=False)


def _local(next_url: str | None) -> str:
    """Only a path on this site (no ``//host``, no scheme): no open redirect."""
    if next_url and next_url.startswith("/") and not next_url.startswith("//") and "\\\\" not in next_url:
        return next_url
    return "/"


@router.get("/login")
def login_page(request: Request) -> Response:
    return render(request, "login.html", {
        "next": _local(request.query_params.get("next")),
        "expired": request.query_params.get("expired") == "1",
        "error_key": None, "login_value": "",
    })  # fmt: skip


@router.post("/login")
def login_submit(request: Request, session: SessionDep, settings: SettingsDep, form: PostedForm) -> Response:
    login = str(form.get("login") or "").strip()[:80]
    password = str(form.get("password") or "")
    next_url = _local(str(form.get("next") or "/"))
    ctx = {"next": next_url, "expired": False, "login_value": login}
    if not form_csrf_ok(request, form):
        return render(request, "login.html", ctx | {"error_key": "error.csrf"}, status_code=403)
    if not login or not password:
        return render(request, "login.html", ctx | {"error_key": "login.missing"}, status_code=400)
    address = request.client.host if request.client else None
    try:
        _who, secret = login_with_password(session, login, password, address=address)
    except TooManyRequests:
        session.commit()
        return render(request, "login.html", ctx | {"error_key": "login.too_many"}, status_code=429)
    except NotAuthenticated:
        session.commit()  # the failed attempt counts toward the limit
        return render(request, "login.html", ctx | {"error_key": "login.wrong"}, status_code=401)
    response = RedirectResponse(next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, secret, max_age=SESSION_HOURS * 3600, httponly=True,
                        secure=settings.cookie_secure, samesite="lax", path="/")  # fmt: skip
    return response


@router.post("/logout")
def logout_submit(request: Request, session: SessionDep, who: PageUser, form: PostedForm) -> Response:
    checked_form(form, who)
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        logout(session, secret)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
