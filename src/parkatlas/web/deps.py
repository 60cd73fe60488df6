"""Who is looking at a page, and the page's errors as pages (not problem+json).

The browser session is the API's (`parkatlas_session` cookie, `workspace.auth`); a page that
needs a signed-in user redirects to ``/login?next=…`` instead of answering 401, and says so
when the session expired. A form POST of a signed-in user must carry the session's CSRF
token in ``csrf_token`` (the same token the API checks); forms of people who are not signed
in (sign-in, the public inquiry) carry the double-submit token of `web.security`.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from starlette.datastructures import FormData

from parkatlas.api.deps import SESSION_COOKIE, SessionDep
from parkatlas.workspace.auth import csrf_ok, principal_from_session
from parkatlas.workspace.errors import NotAuthenticated, WorkspaceError
from parkatlas.workspace.principal import Principal


class PageError(Exception):
    """Rendered as an error page in the reader's language."""

    def __init__(self, status: int, message_key: str, detail: str | None = None) -> None:
        super().__init__(message_key)
        self.status = status
        self.message_key = message_key
        self.detail = detail


class LoginRequired(Exception):
    """Rendered as a redirect to the sign-in page (``expired``: the session ran out)."""

    def __init__(self, next_url: str, expired: bool = False) -> None:
        super().__init__(next_url)
        self.next_url = next_url
        self.expired = expired


def login_url(next_url: str, expired: bool = False) -> str:
    return f"/login?next={quote(next_url, safe='/')}" + ("&expired=1" if expired else "")


def page_principal(request: Request, session: SessionDep) -> Principal:
    secret = request.cookies.get(SESSION_COOKIE)
    path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if not secret:
        raise LoginRequired(path)
    try:
        who = principal_from_session(session, secret)
    except NotAuthenticated:
        raise LoginRequired(path, expired=True) from None
    request.state.web_user = who
    return who


PageUser = Annotated[Principal, Depends(page_principal)]


async def posted_form(request: Request) -> FormData:
    """The POSTed form, read here (async) so that the route itself can be a plain `def`: a
    route that uses the database session runs in the thread pool, never on the event loop
    (see parkatlas.api.deps)."""
    return await request.form()


PostedForm = Annotated[FormData, Depends(posted_form)]


def checked_form(form: FormData, who: Principal) -> FormData:
    """The POSTed form of a signed-in user, after checking its CSRF token (403 page if wrong)."""
    token = form.get("csrf_token")
    if not csrf_ok(who, token if isinstance(token, str) else None):
        raise PageError(403, "error.csrf")
    return form


def page_error(exc: WorkspaceError) -> PageError:
    """A core error as a page: 403 forbidden, 404 not found, 429 too many, else bad input."""
    status = int(getattr(exc, "status", 400))
    key = {403: "error.forbidden", 404: "error.not_found", 429: "error.rate"}.get(status, "error.bad_input")
    return PageError(status, key, detail=str(exc) if status == 400 else None)


def require_writer(who: Principal) -> None:
    if not who.can_write:
        raise PageError(403, "error.forbidden")
