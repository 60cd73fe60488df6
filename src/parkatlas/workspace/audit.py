"""The audit trail of workspace writes: who (login and unit), when, what, before → after.

Every core write calls `record`; the audit view (`list_audit`) shows an entry only to admins
and to users whose unit (or a unit below it) made it, and hides entries about leads the
caller may not see (`visibility.audit_filter`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parkatlas.models import AuditEntry, utcnow
from parkatlas.workspace.principal import Principal


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def record(
    session: Session,
    who: Principal,
    entity: str,
    entity_id: str | None,
    action: str,
    changes: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEntry(at=utcnow(), actor=who.login, unit_id=who.unit_id, entity=entity,
                   entity_id=entity_id, action=action,
                   changes={k: jsonable(v) for k, v in (changes or {}).items()} or None)
    )  # fmt: skip


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """{field: [old, new]} for the fields that changed."""
    return {k: [jsonable(old.get(k)), jsonable(v)] for k, v in new.items() if old.get(k) != v}


def last_id(session: Session) -> int:
    return int(session.execute(select(func.max(AuditEntry.id))).scalar() or 0)


def stamp_unit(session: Session, who: Principal, after_id: int) -> int:
    """Entries written by a core that knows only the actor's name (the import store) get the
    actor's unit: those after `after_id` by `who` without one. Returns how many."""
    from sqlalchemy import update

    res = session.execute(
        update(AuditEntry)
        .where(AuditEntry.id > after_id, AuditEntry.actor == who.login, AuditEntry.unit_id.is_(None))
        .values(unit_id=who.unit_id)
    )
    return int(getattr(res, "rowcount", 0) or 0)


class AuditOut(BaseModel):
    id: int
    at: dt.datetime
    actor: str
    unit: str | None
    entity: str
    entity_id: str | None
    action: str
    changes: dict[str, Any] | None


class AuditPage(BaseModel):
    items: list[AuditOut]
    count: int


def list_audit(
    session: Session,
    who: Principal,
    *,
    entity: str | None = None,
    entity_id: str | None = None,
    page: int = 1,
    per_page: int = 50,
) -> AuditPage:
    from parkatlas.workspace.visibility import audit_filter

    cond = [audit_filter(who)]
    if entity:
        cond.append(AuditEntry.entity == entity)
    if entity_id:
        cond.append(AuditEntry.entity_id == entity_id)
    count = session.execute(select(func.count()).select_from(AuditEntry).where(*cond)).scalar_one()
    rows = session.execute(
        select(AuditEntry).where(*cond).order_by(AuditEntry.id.desc())
        .offset((page - 1) * per_page).limit(per_page)
    ).scalars()  # fmt: skip
    items = [
        AuditOut(id=r.id, at=r.at, actor=r.actor, unit=r.unit_id, entity=r.entity,
                 entity_id=r.entity_id, action=r.action, changes=r.changes)
        for r in rows
    ]  # fmt: skip
    return AuditPage(items=items, count=count)
