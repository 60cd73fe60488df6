"""Rendering pages: one Jinja2 environment (autoescape on for every template), filters for the
numbers and units of :mod:`parkatlas.web.fmt`, the language of the request, the CSRF token.

Everything that comes from outside (names, notes, quotes, messages) is escaped by Jinja;
nothing in the templates is marked ``|safe``, and links from data go through ``safe_url``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from starlette.requests import Request
from starlette.responses import HTMLResponse

from parkatlas import __version__
from parkatlas.web import fmt, reasons
from parkatlas.web.i18n import LANG_COOKIE, LANGS, Translator, choose_lang
from parkatlas.web.security import CSRF_COOKIE, CSRF_FIELD, csrf_ok, safe_url

TEMPLATES = Path(__file__).parent / "templates"


def _lang_filter(fn: Callable[..., str]) -> Callable[..., str]:
    @pass_context
    def wrapped(ctx: Context, value: Any, *args: Any) -> str:
        return fn(value, ctx.get("lang", "zh"), *args)

    return wrapped


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "xml", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in ("area", "mu", "rent", "price", "money_wan", "load", "height", "power", "date",
                 "moment", "percent"):  # fmt: skip
        env.filters[name] = _lang_filter(getattr(fmt, name))
    env.filters["number"] = fmt.number
    env.filters["safe_url"] = safe_url
    env.globals["version"] = __version__
    return env


def page_lang(request: Request) -> str:
    return choose_lang(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE))


def url_with(request: Request, **changes: object) -> str:
    """The current path with query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def csrf_token(request: Request) -> str:
    """The signed-in user's session token (the API checks the same), else the double-submit
    token of the CSRF cookie (sign-in and public forms)."""
    user = getattr(request.state, "web_user", None)
    if user is not None and getattr(user, "csrf_token", None):
        return str(user.csrf_token)
    token = getattr(request.state, "csrf_token", None)
    return str(token or request.cookies.get(CSRF_COOKIE, ""))


def form_csrf_ok(request: Request, form: Mapping[str, Any]) -> bool:
    """True when the form's ``csrf_token`` equals the browser's CSRF cookie."""
    field = form.get(CSRF_FIELD)
    return csrf_ok(request.cookies.get(CSRF_COOKIE), field if isinstance(field, str) else None)


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    lang = page_lang(request)
    t = Translator(lang)
    ctx: dict[str, Any] = {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "zh" else "zh",
        "t": t,
        "label": t.label,
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "url_with": functools.partial(url_with, request),
        "user": getattr(request.state, "web_user", None),
        "path": request.url.path,
        "import_reason": functools.partial(reasons.import_reason, lang=lang),
        "failure_line": functools.partial(reasons.failure_line, lang=lang),
        "news_reason": functools.partial(reasons.news_reason, lang=lang),
        "failure_label": functools.partial(reasons.failure_label, lang=lang),
    }
    ctx.update(context or {})
    html = environment().get_template(template).render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=dict(headers or {}))
    query_lang = request.query_params.get("lang")
    if query_lang in LANGS and query_lang != request.cookies.get(LANG_COOKIE):
        response.set_cookie(LANG_COOKIE, query_lang, max_age=365 * 86400, samesite="lax")
    return response


def error_page(request: Request, status_code: int, message_key: str,
               detail: str | None = None) -> HTMLResponse:  # fmt: skip
    return render(request, "error.html", {"status": status_code, "message_key": message_key,
                                          "detail": detail}, status_code=status_code)  # fmt: skip
