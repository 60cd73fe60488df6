"""Who sees what — the one place the workspace decides it.

* Parks, sites, the enterprise registry: readable by every signed-in user.
* A site is editable by its owning unit and that unit's ancestors (officers), and admins.
* A lead (project, its events, activities, needs, matches) is visible only to its owning
  unit, that unit's ancestors and admins. Everyone else gets 404 for it and never sees it
  in a list, count, search, match result or export: every query over projects goes through
  `lead_filter`, and every single-lead read through `get_visible_project`.
* The audit view: admins see everything; others see the entries made by their unit or the
  units below it, minus entries about leads they may not see.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, not_, or_, select, true
from sqlalchemy.orm import Session

from parkatlas.models import AuditEntry, Project
from parkatlas.workspace.errors import Forbidden, not_found
from parkatlas.workspace.principal import Principal


def lead_filter(who: Principal) -> ColumnElement[bool]:
    """The WHERE clause that keeps only the projects `who` may see."""
    if who.is_admin:
        return true()
    if not who.scope:
        return Project.id.is_(None)  # sees none
    return Project.owner_unit.in_(sorted(who.scope))


def can_see_lead(who: Principal, owner_unit: str | None) -> bool:
    return who.is_admin or (owner_unit is not None and owner_unit in who.scope)


def get_visible_project(session: Session, who: Principal, project_id: str) -> Project:
    """The project, or 404 whether it is absent or out of sight (same message)."""
    p = session.execute(
        select(Project).where(Project.id == project_id, lead_filter(who))
    ).scalar_one_or_none()
    if p is None:
        raise not_found("project", project_id)
    return p


def require_write(who: Principal) -> None:
    if not who.can_write:
        raise Forbidden(f"{who.login} is a {who.role}: only officers and admins may write")


def require_lead_write(who: Principal, owner_unit: str | None) -> None:
    """Called after the lead was found visible: viewers may not write (403)."""
    require_write(who)
    if not can_see_lead(who, owner_unit):  # defensive: callers look it up visibly first
        raise Forbidden("this lead belongs to another unit")


def require_site_write(who: Principal, owner_unit: str | None) -> None:
    """Officers may edit the sites of their unit and the units below it; admins any."""
    require_write(who)
    if who.is_admin:
        return
    if owner_unit is None or owner_unit not in who.scope:
        raise Forbidden(
            "this site belongs to "
            + (f"unit {owner_unit}" if owner_unit else "no unit")
            + ": only its unit, the units above it and admins may change it"
        )


def audit_filter(who: Principal) -> ColumnElement[bool]:
    if who.is_admin:
        return true()
    if not who.scope:
        return AuditEntry.id.is_(None)
    hidden_leads = select(Project.id).where(not_(lead_filter(who)))
    return and_(
        AuditEntry.unit_id.in_(sorted(who.scope)),
        or_(AuditEntry.entity != "projects", AuditEntry.entity_id.is_(None),
            AuditEntry.entity_id.not_in(hidden_leads)),
    )  # fmt: skip
