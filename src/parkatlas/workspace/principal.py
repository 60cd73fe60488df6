"""Who is acting: the signed-in user (or the command line) with their unit and its sub-units.

A `Principal` is built once per request or command; `scope` holds the caller's unit and
every unit below it, which is all the visibility rules need (`workspace.visibility`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.models import Unit

ROLES = ("admin", "officer", "viewer")
UNIT_KINDS = ("bureau", "town", "park_operator")


@dataclass(frozen=True)
class Principal:
    login: str
    role: str
    unit_id: str | None
    scope: frozenset[str]  # the unit and all units below it
    user_id: int | None = None
    via: str = "token"  # token, session, cli
    csrf_token: str | None = None  # the session's form token (cookie sessions only)

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def can_write(self) -> bool:
        return self.role in ("admin", "officer")


def unit_tree(session: Session) -> dict[str, str | None]:
    """unit id → parent id, for every unit (a few hundred rows at most)."""
    return {u: p for u, p in session.execute(select(Unit.id, Unit.parent_id)).all()}


def descendants(tree: Mapping[str, str | None], unit: str) -> frozenset[str]:
    """The unit and every unit below it."""
    children: dict[str | None, list[str]] = {}
    for u, p in tree.items():
        children.setdefault(p, []).append(u)
    out = {unit}
    todo = [unit]
    while todo:
        for c in children.get(todo.pop(), []):
            if c not in out:
                out.add(c)
                todo.append(c)
    return frozenset(out)


def ancestors(tree: Mapping[str, str | None], unit: str) -> list[str]:
    """The units above, nearest first (cycles are refused when units are added)."""
    out: list[str] = []
    cur = tree.get(unit)
    while cur is not None and cur not in out:
        out.append(cur)
        cur = tree.get(cur)
    return out


def district_of(tree: Mapping[str, str | None], unit: str) -> str:
    """The root of the unit's tree: its district bureau (arbitrates 撞单)."""
    up = ancestors(tree, unit)
    return up[-1] if up else unit


def principal_for(
    session: Session, *, login: str, role: str, unit_id: str | None, user_id: int | None,
    via: str, csrf_token: str | None = None,
) -> Principal:  # fmt: skip
    scope = descendants(unit_tree(session), unit_id) if unit_id else frozenset()
    return Principal(login=login, role=role, unit_id=unit_id, scope=scope, user_id=user_id,
                     via=via, csrf_token=csrf_token)  # fmt: skip


def cli_principal(session: Session, login: str) -> Principal:
    """The command line acts with full rights (whoever runs it can open the database), and
    is audited as PARKATLAS_USER; if that is a workspace login, its unit is recorded too."""
    from parkatlas.workspace.tables import User

    unit = session.execute(select(User.unit_id).where(User.login == login)).scalar_one_or_none()
    return Principal(login=login, role="admin", unit_id=unit, scope=frozenset(), via="cli")
