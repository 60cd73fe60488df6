"""Security of the web pages: response headers, the CSRF token of forms, safe links.

* Every response gets a Content-Security-Policy without inline script or style (all script is
  a same-origin file), ``X-Frame-Options: DENY``, ``Referrer-Policy``,
  ``X-Content-Type-Options`` and a ``Permissions-Policy``.
* CSRF: double-submit token. A random token lives in an HttpOnly, SameSite=Lax cookie; every
  form carries it in the hidden field ``csrf_token``; a POST whose field does not equal the
  cookie is refused (403) by :func:`check_csrf`. A cross-site page can neither read the
  cookie nor set it, so it cannot forge the field.
* Links built from outside text pass :func:`safe_url`, which keeps only http(s) and
  same-site paths (``javascript:`` and ``data:`` become ``#``).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "parkatlas_csrf"
CSRF_FIELD = "csrf_token"


def content_security_policy(extra_img_sources: Iterable[str] = ()) -> str:
    img = " ".join(["'self'", "data:", *extra_img_sources])
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src {img}; connect-src 'self'; font-src 'self'; object-src 'none'; "
        "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )


def tile_origin(url_template: str) -> str | None:
    """The origin of a tile URL template (for the CSP), or None if there is none."""
    if not url_template:
        return None
    parts = urlsplit(url_template.replace("{s}", "a"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    host = parts.netloc
    if "{s}" in url_template:  # subdomains a, b, c …
        host = "*." + host.split(".", 1)[1]
    return f"{parts.scheme}://{host}"


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, field: str | None) -> bool:
    if not cookie or not field:
        return False
    return hmac.compare_digest(cookie.encode(), field.encode())


def safe_url(url: str | None) -> str:
    """``url`` if it is http(s) or a same-site path, else ``#``: no ``javascript:`` links."""
    if not url:
        return "#"
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc:
        return text
    if not parts.scheme and not parts.netloc and text.startswith("/") and not text.startswith("//"):
        return text
    return "#"


class SecurityMiddleware:
    """Adds the security headers, and the CSRF cookie when the browser has none yet."""

    def __init__(self, app: ASGIApp, csp: str, secure_cookies: bool = False) -> None:
        self.app = app
        self.csp = csp
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = _cookie(scope, CSRF_COOKIE)
        token = cookie or new_csrf_token()
        scope.setdefault("state", {})["csrf_token"] = token

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", self.csp)
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
                if not cookie:
                    flags = "Path=/; HttpOnly; SameSite=Lax" + ("; Secure" if self.secure else "")
                    headers.append("Set-Cookie", f"{CSRF_COOKIE}={token}; {flags}")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cookie(scope: Scope, name: str) -> str | None:
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name and v:
                    return str(v)
    return None
