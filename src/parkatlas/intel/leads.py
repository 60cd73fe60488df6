"""Signing records as lead candidates (issue 13 §4): list them, accept one (a lead project is
created) or dismiss it.

Contract: reads and writes the ``signings`` table and, on accept, ``projects`` (stage
``lead``) and ``audit_log``; returns plain dicts (JSON-ready), never prints. A candidate is a
signing of a single project (a batch of "25 projects" is no lead) that is still ``new`` and
whose enterprise and project name match no existing project (names compared without spaces,
punctuation and case). Accepting registers the lead through the workspace's lead
registration (``parkatlas.workspace.leads.register_lead``: 报备 for a unit, the enterprise
found or created, 撞单 with another unit's open lead flagged and answered as a warning,
stage event and audit entry), with source ``signing``; a record that names no enterprise
needs one from the officer.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.db import make_engine, require_schema, session_scope
from parkatlas.errors import ParkatlasError
from parkatlas.models import AuditEntry, Document, Enterprise, Project, Signing, utcnow
from parkatlas.workspace.leads import EnterpriseRef, ProjectCreate, register_lead
from parkatlas.workspace.principal import cli_principal

__all__ = ["accept_signing", "dismiss_signing", "list_signings", "signing_key"]

STATUSES = ("new", "accepted", "dismissed")
_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def signing_key(enterprise: str | None, project: str | None) -> str:
    """The dedupe key of a project: enterprise and name, without spaces, punctuation, case."""
    return _PUNCT.sub("", f"{enterprise or ''}|{project or ''}").casefold()


def _row(s: Signing, source: str | None, *, duplicate_of: str | None = None) -> dict[str, Any]:
    return {
        "id": s.id,
        "project": s.project,
        "enterprise": s.enterprise,
        "place": s.place,
        "place_code": s.place_code,
        "amount": s.amount,
        "currency": s.currency,
        "count": s.count,
        "signed_on": s.signed_on,
        "quote": s.quote,
        "source": source,
        "status": s.status,
        "lead_project_id": s.lead_project_id,
        "duplicate_of": duplicate_of,
    }


def _existing_projects(session: Session) -> dict[str, str]:
    names: dict[str, str] = {
        eid: name for eid, name in session.execute(select(Enterprise.id, Enterprise.name))
    }
    out: dict[str, str] = {}
    for pid, name, ent in session.execute(select(Project.id, Project.name, Project.enterprise)):
        ent_name = names.get(ent, ent) if ent else None
        out[signing_key(ent_name, name)] = pid
        out.setdefault(signing_key(None, name), pid)
    return out


def list_signings(
    url: str,
    *,
    region: str | None = None,
    status: str | None = None,
    candidates: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Signing records, newest first; ``candidates``: only single projects still ``new`` that
    match no existing project (each with ``duplicate_of`` when one matches)."""
    engine = make_engine(url)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            return signings_in(session, region=region, status=status, candidates=candidates, limit=limit)
    finally:
        engine.dispose()


def signings_in(
    session: Session,
    *,
    region: str | None = None,
    status: str | None = None,
    candidates: bool = False,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """`list_signings` on the caller's session (the server's request)."""
    if status is not None and status not in STATUSES:
        raise ParkatlasError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    query = select(Signing, Document.source).join(Document, Document.id == Signing.document_id)
    if status is not None:
        query = query.where(Signing.status == status)
    if candidates:
        query = query.where(Signing.status == "new", Signing.project.is_not(None))
    if region:
        from parkatlas.intel.profile import region_match

        query = query.where(region_match(Signing.place, Signing.place_code, region))
    query = query.order_by(Signing.signed_on.desc(), Signing.id.desc())
    existing = _existing_projects(session) if candidates else {}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for s, source in session.execute(query):
        if candidates:
            key = signing_key(s.enterprise, s.project)
            dup = existing.get(key) or existing.get(signing_key(None, s.project))
            if dup is not None or key in seen:
                continue
            seen.add(key)
        out.append(_row(s, source))
        if limit is not None and len(out) >= limit:
            break
    return out


def _decide(
    url: str,
    signing_id: int,
    actor: str,
    action: str,
    *,
    enterprise: str | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    engine = make_engine(url, write=True)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            s = session.get(Signing, signing_id)
            if s is None:
                raise ParkatlasError(
                    f"no signing record {signing_id}: list them with `parkatlas signings`"
                )
            if s.status != "new":
                raise ParkatlasError(
                    f"signing record {signing_id} is already {s.status}"
                    + (f" (lead {s.lead_project_id})" if s.lead_project_id else "")
                )
            source = session.get(Document, s.document_id)
            warnings: list[dict[str, Any]] = []
            if action == "accept":
                warnings = _accept(session, s, actor, enterprise=enterprise, unit=unit)
            s.status = "accepted" if action == "accept" else "dismissed"
            s.decided_by = actor
            s.decided_at = utcnow()
            session.add(
                AuditEntry(
                    at=utcnow(),
                    actor=actor,
                    entity="signing",
                    entity_id=str(s.id),
                    action=action,
                    changes={"status": ["new", s.status], "lead": s.lead_project_id},
                )
            )
            session.flush()
            row = _row(s, source.source if source else None)
            if action == "accept":
                row["warnings"] = warnings
            return row
    finally:
        engine.dispose()


def _accept(
    session: Session, s: Signing, actor: str, *, enterprise: str | None, unit: str | None
) -> list[dict[str, Any]]:
    """Register the signing's project as a lead (报备) through the workspace; its 撞单
    warnings come back as dicts."""
    if not s.project:
        raise ParkatlasError(
            f"signing record {s.id} is a batch of {s.count or 'several'} projects, not one "
            "project: it cannot become a lead"
        )
    existing = _existing_projects(session)
    key = signing_key(s.enterprise, s.project)
    dup = existing.get(key) or existing.get(signing_key(None, s.project))
    if dup is not None:
        raise ParkatlasError(
            f"signing record {s.id} ({s.project}) is already project {dup}: dismiss it instead"
        )
    name = (enterprise or s.enterprise or "").strip()
    if not name:
        raise ParkatlasError(
            f"signing record {s.id} ({s.project}) names no enterprise, and a lead is registered "
            "for one: give it with --enterprise NAME"
        )
    wan = s.amount / 1e4 if s.amount is not None and s.currency == "CNY" else None
    who = cli_principal(session, actor)
    try:
        body = ProjectCreate(
            name=s.project[:200],
            enterprise=EnterpriseRef(name=name[:200]),
            investment_wan=wan if wan is None or wan <= 1e9 else None,
            owner_unit=unit,
        )
        out = register_lead(session, who, body, source="signing", check_rights=False)
    except ValueError as exc:  # pydantic's validation, the workspace's refusals
        raise ParkatlasError(f"signing record {s.id} cannot become a lead: {exc}") from exc
    s.lead_project_id = out.id
    return [w.model_dump(mode="json", exclude_none=True) for w in out.warnings]


def accept_signing(
    url: str,
    signing_id: int,
    *,
    actor: str = "cli",
    enterprise: str | None = None,
    unit: str | None = None,
) -> dict[str, Any]:
    """Accept a signing record as a lead: registered (报备) through the workspace for ``unit``
    (default: the actor's), the enterprise the record names or ``enterprise``; the row comes
    back with the 撞单 ``warnings`` of the registration."""
    return _decide(url, signing_id, actor, "accept", enterprise=enterprise, unit=unit)


def dismiss_signing(url: str, signing_id: int, *, actor: str = "cli") -> dict[str, Any]:
    """Dismiss a signing record: it is no longer offered as a lead candidate."""
    return _decide(url, signing_id, actor, "dismiss")
