"""Signing in: argon2 passwords, hashed API tokens, browser sessions with a CSRF token, and
rate-limited password attempts.

Tokens and session secrets are random (256 bits), so a SHA-256 of them is enough to store;
passwords are people's choice and get argon2id. A token's `last_used_at` is written at most
once a minute, so reading with a token does not turn every request into a write.

The server keeps who a token stands for in a `PrincipalCache` for a few seconds
(`PARKATLAS_AUTH_CACHE_SECONDS`), so a request with a known token costs no query at all.
Revoking a token, disabling a user or adding a unit calls `forget_principals`, which empties
every cache of the process at once (and again when that transaction commits); a change made
by another process (the CLI, another worker) takes effect within the TTL.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import event, func, select, update
from sqlalchemy.orm import Session

from parkatlas.db import write_beside
from parkatlas.models import utcnow
from parkatlas.workspace.errors import NotAuthenticated, TooManyRequests
from parkatlas.workspace.principal import Principal, principal_for
from parkatlas.workspace.tables import ApiToken, LoginAttempt, User, WebSession

TOKEN_PREFIX = "pat_"
SESSION_HOURS = 12
LOGIN_WINDOW = dt.timedelta(minutes=15)
MAX_FAILURES_PER_LOGIN = 5  # in LOGIN_WINDOW
MAX_FAILURES_PER_ADDRESS = 20
_LAST_USED_EVERY = dt.timedelta(minutes=1)

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    try:
        return _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def _principal(session: Session, user: User, via: str, csrf: str | None = None) -> Principal:
    return principal_for(session, login=user.login, role=user.role, unit_id=user.unit_id,
                         user_id=user.id, via=via, csrf_token=csrf)  # fmt: skip


_generation = 0  # bumped by forget_principals: an entry read under an older one is void
_generation_lock = threading.Lock()


def forget_principals(session: Session | None = None) -> None:
    """Drop every cached principal of this process, now and (given the session of the change)
    again right after it commits: a request that read the old rows in between cannot keep
    them. Called by whatever changes who a token stands for (revoke, disable, a new unit)."""
    global _generation
    with _generation_lock:
        _generation += 1
    if session is not None:
        event.listen(session, "after_commit", lambda _s: forget_principals(), once=True)


@dataclass
class _Known:
    principal: Principal
    token_id: int
    last_used: dt.datetime | None
    until: float  # time.monotonic() deadline
    generation: int


class PrincipalCache:
    """Principals by token digest for `ttl` seconds (an API token check without a query).
    Only valid tokens are kept; at most `size` of them."""

    def __init__(self, ttl: float, size: int = 4096) -> None:
        self.ttl = ttl
        self.size = size
        self._known: dict[str, _Known] = {}
        self._lock = threading.Lock()

    def get(self, key: str) -> _Known | None:
        with self._lock:
            hit = self._known.get(key)
            if hit is None:
                return None
            if hit.until < time.monotonic() or hit.generation != _generation:
                del self._known[key]
                return None
            return hit

    def put(self, key: str, known: _Known) -> None:
        with self._lock:
            if known.generation != _generation:  # forgotten while it was being read
                return
            if len(self._known) >= self.size:
                now = time.monotonic()
                self._known = {k: v for k, v in self._known.items() if v.until >= now}
                if len(self._known) >= self.size:
                    self._known.clear()
            self._known[key] = known


def _touch(session: Session, token_id: int, last_used: dt.datetime | None) -> dt.datetime | None:
    """Write `last_used_at` when it is older than a minute; returns the value now stored."""
    now = utcnow()
    if last_used is None or now - last_used > _LAST_USED_EVERY:
        # a GET's session only reads (db.read_only): the write goes beside it
        write_beside(session, update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now))
        return now
    return last_used


def principal_from_token(session: Session, token: str, cache: PrincipalCache | None = None) -> Principal:
    """The user behind a bearer token; a revoked or unknown token, or a disabled user → 401.
    With a cache, a token seen in the last `cache.ttl` seconds is answered without a query
    (but for `last_used_at`, still written once a minute)."""
    key = digest(token)
    if cache is not None:
        hit = cache.get(key)
        if hit is not None:
            hit.last_used = _touch(session, hit.token_id, hit.last_used)
            return hit.principal
    generation = _generation  # before reading: a change committed meanwhile voids the entry
    row = session.execute(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(ApiToken.token_hash == digest(token))
    ).first()
    if row is None:
        raise NotAuthenticated("invalid token: check it, or create one with `parkatlas token create LOGIN`")
    tok, user = row
    if tok.revoked_at is not None:
        raise NotAuthenticated("this token was revoked: create a new one")
    if user.disabled:
        raise NotAuthenticated(f"user {user.login} is disabled")
    last_used = _touch(session, tok.id, tok.last_used_at)
    principal = _principal(session, user, "token")
    if cache is not None:
        cache.put(key, _Known(principal, tok.id, last_used, time.monotonic() + cache.ttl, generation))
    return principal


def check_rate(session: Session, login: str, address: str | None) -> None:
    """Refuse an attempt when this login or address failed too often in the last 15 minutes."""
    since = utcnow() - LOGIN_WINDOW
    fails = select(func.count()).select_from(LoginAttempt).where(
        LoginAttempt.at >= since, LoginAttempt.ok.is_(False)
    )
    if session.execute(fails.where(LoginAttempt.login == login)).scalar_one() >= MAX_FAILURES_PER_LOGIN:
        raise TooManyRequests(f"too many failed sign-ins for {login}: wait 15 minutes")
    if address and (
        session.execute(fails.where(LoginAttempt.address == address)).scalar_one()
        >= MAX_FAILURES_PER_ADDRESS
    ):
        raise TooManyRequests("too many failed sign-ins from this address: wait 15 minutes")


def login_with_password(
    session: Session, login: str, password: str, *, address: str | None = None
) -> tuple[Principal, str]:
    """Check the password (rate-limited) and open a browser session.

    Returns the principal and the session secret for the cookie. The attempt is recorded
    either way; the caller commits even on failure (the failure must count)."""
    check_rate(session, login, address)
    user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    ok = user is not None and not user.disabled and verify_password(user.password_hash, password)
    session.add(LoginAttempt(login=login[:80], address=address, at=utcnow(), ok=ok))
    if not ok or user is None:
        session.flush()
        raise NotAuthenticated("wrong login or password")
    secret = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    now = utcnow()
    session.add(WebSession(id=digest(secret), user_id=user.id, csrf_token=csrf, created_at=now,
                           expires_at=now + dt.timedelta(hours=SESSION_HOURS)))  # fmt: skip
    user.last_login_at = now
    session.flush()
    return _principal(session, user, "session", csrf), secret


def principal_from_session(session: Session, secret: str) -> Principal:
    row = session.execute(
        select(WebSession, User)
        .join(User, User.id == WebSession.user_id)
        .where(WebSession.id == digest(secret))
    ).first()
    if row is None:
        raise NotAuthenticated("not signed in")
    ws, user = row
    if ws.expires_at < utcnow() or user.disabled:
        raise NotAuthenticated("the session has expired: sign in again")
    return _principal(session, user, "session", ws.csrf_token)


def logout(session: Session, secret: str) -> None:
    ws = session.get(WebSession, digest(secret))
    if ws is not None:
        session.delete(ws)


def csrf_ok(principal: Principal, presented: str | None) -> bool:
    """A cookie-authenticated write must present the session's CSRF token (form field or
    X-CSRF-Token header); bearer tokens are not sent by browsers on their own and need none."""
    if principal.via != "session":
        return True
    return bool(presented and principal.csrf_token) and hmac.compare_digest(
        str(presented), str(principal.csrf_token)
    )
