"""Imports made by a person of a unit, in the caller's unit of work (the HTTP API's).

`import_for_unit` runs the import core (`io.importer.import_table`) on the session's
connection, so the rows, their audit entries and their ownership are one transaction with
the request: a refusal below rolls all of it back.

Who may import what:
* viewers nothing (403); parks only admins (the park registry is kept by admins);
  enterprises every officer (the registry is shared);
* sites: the new ones are owned by the caller's unit (`site_state`); a row that updates a
  stored site is allowed only where the caller may edit that site (its unit or a unit above
  it; admins any) — otherwise 403 and nothing is written;
* projects (leads): new ones without an owner unit get the caller's; every project the
  import wrote must be owned by a unit in the caller's scope, before and after (admins: any)
  — an officer can neither register a lead for another unit nor take or touch one outside
  her sight.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import and_, insert, literal, not_, or_, select, update
from sqlalchemy.orm import Session

from parkatlas.models import AuditEntry, Project, Site, utcnow
from parkatlas.workspace.audit import last_id, stamp_unit
from parkatlas.workspace.errors import Forbidden
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import SiteState
from parkatlas.workspace.visibility import require_write

KINDS = ("parks", "sites", "enterprises", "projects")


def import_for_unit(session: Session, who: Principal, kind: str, path: Path, *, strict: bool = False,
                    crs: str = "wgs84", batch_size: int = 5000, source: str | None = None) -> Any:  # fmt: skip
    """Import one file for the caller's unit on `session` (not committed here); the
    `io.importer.ImportReport`. Nothing is kept when the report says `written` is False."""
    from parkatlas.io.importer import ImportOptions, _header_recognizer, import_table
    from parkatlas.io.readers import open_table

    require_write(who)
    if kind == "parks" and not who.is_admin:
        raise Forbidden("parks are kept by admins: an officer may import sites, enterprises and projects")
    before = last_id(session)
    started = utcnow()
    options = ImportOptions(strict=strict, crs=crs, actor=who.login, source=source or path.name,
                            batch_size=batch_size, parallel=False)  # fmt: skip
    stream = open_table(path, None, None, recognize=_header_recognizer(kind))
    report = import_table(session.connection(), kind, stream, options)
    if not report.written:
        session.rollback()
        return report
    stamp_unit(session, who, before)  # the import store records the actor's name only
    if kind == "sites":
        _own_sites(session, who, before, started)
    elif kind == "projects":
        _own_projects(session, who, before, started)
    return report


def _updated_ids(entity: str, before: int) -> Any:
    """The ids of the rows this import updated (one audit entry each, after `before`)."""
    return select(AuditEntry.entity_id).where(
        AuditEntry.id > before, AuditEntry.entity == entity, AuditEntry.entity_id.is_not(None)
    )


def _some(ids: list[str]) -> str:
    return ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")


def _own_sites(session: Session, who: Principal, before: int, started: Any) -> None:
    updated = _updated_ids("sites", before)
    if not who.is_admin:
        outside = list(session.execute(
            select(Site.id).outerjoin(SiteState, SiteState.site_id == Site.id)
            .where(Site.id.in_(updated),
                   or_(SiteState.owner_unit.is_(None), SiteState.owner_unit.not_in(sorted(who.scope))))
            .limit(6)
        ).scalars())  # fmt: skip
        if outside:
            raise Forbidden(f"the file updates sites your unit may not edit ({_some(outside)}): only their "
                            "unit, the units above it and admins may; nothing was imported")  # fmt: skip
    if who.unit_id is None:
        return
    new = select(Site.id, literal(who.unit_id), literal(False)).where(
        Site.updated_at >= started,
        Site.id.not_in(updated),
        not_(Site.id.in_(select(SiteState.site_id))),
    )
    session.execute(insert(SiteState).from_select(["site_id", "owner_unit", "public"], new))


def _own_projects(session: Session, who: Principal, before: int, started: Any) -> None:
    updated = _updated_ids("projects", before)
    written = or_(Project.id.in_(updated), Project.updated_at >= started)
    if who.unit_id is not None:
        session.execute(update(Project).where(and_(written, Project.owner_unit.is_(None), Project.id.not_in(updated)))
                        .values(owner_unit=who.unit_id))  # fmt: skip
    if who.is_admin:
        return
    for entity_id, changes in session.execute(
        select(AuditEntry.entity_id, AuditEntry.changes).where(
            AuditEntry.id > before, AuditEntry.entity == "projects", AuditEntry.entity_id.is_not(None))
    ):  # fmt: skip
        old = ((changes or {}).get("fields") or {}).get("owner_unit")  # the import store's shape
        if isinstance(old, list) and old and old[0] not in who.scope:  # the lead was someone else's
            raise Forbidden(f"the file takes lead {entity_id} from {old[0] or 'no unit'}: only its unit, the "
                            "units above it and admins may change it; nothing was imported")  # fmt: skip
    outside = list(session.execute(
        select(Project.id).where(written, or_(Project.owner_unit.is_(None),
                                              Project.owner_unit.not_in(sorted(who.scope)))).limit(6)
    ).scalars())  # fmt: skip
    if outside:
        raise Forbidden(f"the file writes leads of units outside yours ({_some(outside)}): an officer imports "
                        "leads for her unit and the units below it; nothing was imported")  # fmt: skip
