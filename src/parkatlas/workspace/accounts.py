"""Units, users and API tokens: the set-up behind `parkatlas unit|user|token …`.

Units form trees: a district bureau (投促中心) at the root, towns/streets and park operators
below it; several districts share one atlas as several trees.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.models import Region, Unit, utcnow
from parkatlas.workspace.audit import record
from parkatlas.workspace.auth import digest, forget_principals, hash_password, new_token
from parkatlas.workspace.errors import Conflict, NotFound, WorkspaceError
from parkatlas.workspace.principal import ROLES, UNIT_KINDS, Principal, ancestors, unit_tree
from parkatlas.workspace.tables import ApiToken, User

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class UnitOut(BaseModel):
    code: str
    name: str
    kind: str
    parent: str | None
    region: str | None


class UserOut(BaseModel):
    login: str
    name: str | None
    unit: str
    role: str
    disabled: bool
    last_login_at: dt.datetime | None


class TokenOut(BaseModel):
    id: int
    login: str
    name: str | None
    prefix: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked: bool


class NewToken(BaseModel):
    token: str
    info: TokenOut


def _unit_out(u: Unit) -> UnitOut:
    return UnitOut(code=u.id, name=u.name, kind=u.kind, parent=u.parent_id, region=u.region_code)


def add_unit(
    session: Session, who: Principal, *, code: str, name: str, parent: str | None = None,
    region: str | None = None, kind: str | None = None,
) -> UnitOut:  # fmt: skip
    """Add a unit; `region` is a region code or name (嘉定区, 310114)."""
    if not _CODE.match(code):
        raise WorkspaceError(
            f"unit code {code!r} is not valid: use letters, digits, '-', '_' or '.' (at most 64)"
        )
    if session.get(Unit, code) is not None:
        raise Conflict(f"unit {code} already exists")
    if parent is not None and session.get(Unit, parent) is None:
        raise NotFound(f"parent unit {parent} not found: add it first (parkatlas unit add {parent} --name …)")
    kind = kind or ("bureau" if parent is None else "town")
    if kind not in UNIT_KINDS:
        raise WorkspaceError(f"unit kind {kind!r} is not one of {', '.join(UNIT_KINDS)}")
    region_code = resolve_region(session, region) if region else None
    unit = Unit(id=code, name=name, kind=kind, region_code=region_code, parent_id=parent)
    session.add(unit)
    session.flush()
    forget_principals(session)  # the scope of the units above it grows
    record(session, who, "units", code, "insert",
           {"name": name, "parent": parent, "region": region_code, "kind": kind})  # fmt: skip
    return _unit_out(unit)


_KNOWN_REGIONS: set[tuple[str, str]] = set()  # (database, code) found in its regions table


def resolve_region(session: Session, text: str) -> str:
    """A region code for a code or a name. A code once found in the atlas's `regions` table is
    remembered for the process (the table is reference data: rows are added, never removed),
    so a filtered list does not look its region up on every request."""
    key = (session.get_bind().engine.url.render_as_string(hide_password=False), text)
    if key in _KNOWN_REGIONS:
        return text
    if session.get(Region, text) is not None:
        if len(_KNOWN_REGIONS) < 100_000:
            _KNOWN_REGIONS.add(key)
        return text
    from parkatlas.reference.regions import region_index

    code = region_index().resolve(text)
    if code is None:
        raise WorkspaceError(
            f"region {text!r} is not known: give a code (310114) or a name (嘉定区); "
            "`parkatlas lookup region TEXT` shows the matches"
        )
    return code


def list_units(session: Session) -> list[UnitOut]:
    return [_unit_out(u) for u in session.execute(select(Unit).order_by(Unit.id)).scalars()]


def get_unit(session: Session, code: str) -> Unit:
    unit = session.get(Unit, code)
    if unit is None:
        raise NotFound(f"unit {code} not found: `parkatlas unit list` shows the units")
    return unit


def unit_chain(session: Session, code: str) -> list[str]:
    """The unit and its ancestors, nearest first."""
    return [code, *ancestors(unit_tree(session), code)]


def _user_out(u: User) -> UserOut:
    return UserOut(login=u.login, name=u.name, unit=u.unit_id, role=u.role, disabled=u.disabled,
                   last_login_at=u.last_login_at)  # fmt: skip


def add_user(
    session: Session, who: Principal, *, login: str, unit: str, role: str, password: str | None,
    name: str | None = None,
) -> UserOut:  # fmt: skip
    if role not in ROLES:
        raise WorkspaceError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if not _CODE.match(login):
        raise WorkspaceError(f"login {login!r} is not valid: letters, digits, '-', '_' or '.'")
    get_unit(session, unit)
    if session.execute(select(User.id).where(User.login == login)).first() is not None:
        raise Conflict(f"user {login} already exists")
    if password is not None and len(password) < 8:
        raise WorkspaceError("the password is too short: use at least 8 characters")
    user = User(login=login, name=name, unit_id=unit, role=role, disabled=False,
                password_hash=hash_password(password) if password else None, created_at=utcnow())  # fmt: skip
    session.add(user)
    session.flush()
    record(session, who, "users", login, "insert", {"unit": unit, "role": role})
    return _user_out(user)


def get_user(session: Session, login: str) -> User:
    user = session.execute(select(User).where(User.login == login)).scalar_one_or_none()
    if user is None:
        raise NotFound(f"user {login} not found: `parkatlas user list` shows the users")
    return user


def list_users(session: Session, unit: str | None = None) -> list[UserOut]:
    q = select(User).order_by(User.login)
    if unit:
        q = q.where(User.unit_id == unit)
    return [_user_out(u) for u in session.execute(q).scalars()]


def set_user_disabled(session: Session, who: Principal, login: str, disabled: bool = True) -> UserOut:
    user = get_user(session, login)
    user.disabled = disabled
    forget_principals(session)
    record(session, who, "users", login, "disable" if disabled else "enable")
    return _user_out(user)


def _token_out(t: ApiToken, login: str) -> TokenOut:
    return TokenOut(id=t.id, login=login, name=t.name, prefix=t.prefix, created_at=t.created_at,
                    last_used_at=t.last_used_at, revoked=t.revoked_at is not None)  # fmt: skip


def create_token(session: Session, who: Principal, login: str, name: str | None = None) -> NewToken:
    """A new API token for a user; only its hash is kept, so show it now or never."""
    user = get_user(session, login)
    if user.disabled:
        raise WorkspaceError(f"user {login} is disabled: enable it first")
    token = new_token()
    t = ApiToken(user_id=user.id, name=name, prefix=token[:12], token_hash=digest(token),
                 created_at=utcnow())  # fmt: skip
    session.add(t)
    session.flush()
    record(session, who, "api_tokens", str(t.id), "insert", {"user": login})
    return NewToken(token=token, info=_token_out(t, login))


def list_tokens(session: Session, login: str | None = None) -> list[TokenOut]:
    q = select(ApiToken, User.login).join(User, User.id == ApiToken.user_id).order_by(ApiToken.id)
    if login:
        q = q.where(User.login == login)
    return [_token_out(t, lg) for t, lg in session.execute(q).all()]


def revoke_token(session: Session, who: Principal, token_id: int) -> TokenOut:
    row = session.execute(
        select(ApiToken, User.login).join(User, User.id == ApiToken.user_id).where(ApiToken.id == token_id)
    ).first()
    if row is None:
        raise NotFound(f"token {token_id} not found: `parkatlas token list` shows the ids")
    t, login = row
    if t.revoked_at is None:
        t.revoked_at = utcnow()
        forget_principals(session)
        record(session, who, "api_tokens", str(t.id), "revoke", {"user": login})
    return _token_out(t, login)
