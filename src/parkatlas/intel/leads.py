"""Signing records as lead candidates (issue 13 §4): list them, accept one (a lead project is
created) or dismiss it.

Contract: reads and writes the ``signings`` table and, on accept, ``projects`` (stage
``lead``) and ``audit_log``; returns plain dicts (JSON-ready), never prints. A candidate is a
signing of a single project (a batch of "25 projects" is no lead) that is still ``new`` and
whose enterprise and project name match no existing project (names compared without spaces,
punctuation and case). The workspace's lead pipeline (``parkatlas.workspace``) owns leads
once created; accepting here writes the project row and an audit entry the way its core
writes do, so the lead shows up there.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.db import make_engine, require_schema, session_scope
from parkatlas.errors import ParkatlasError
from parkatlas.models import AuditEntry, Document, Enterprise, Project, Signing, utcnow

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
    if status is not None and status not in STATUSES:
        raise ParkatlasError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
    engine = make_engine(url)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            query = select(Signing, Document.source).join(
                Document, Document.id == Signing.document_id
            )
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
    finally:
        engine.dispose()


def _decide(url: str, signing_id: int, actor: str, action: str) -> dict[str, Any]:
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
            if action == "accept":
                _accept(session, s, actor)
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
            return _row(s, source.source if source else None)
    finally:
        engine.dispose()


def _accept(session: Session, s: Signing, actor: str) -> None:
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
    enterprise_id = None
    if s.enterprise:
        enterprise_id = session.scalar(
            select(Enterprise.id).where(Enterprise.name == s.enterprise).limit(1)
        )
    pid = "lead-" + hashlib.sha1(f"{s.id}|{key}".encode()).hexdigest()[:12]
    wan = s.amount / 1e4 if s.amount is not None and s.currency == "CNY" else None
    session.add(
        Project(
            id=pid,
            name=s.project[:200],
            enterprise=enterprise_id,
            investment_wan=wan,
            stage="lead",
            synthetic=False,
            updated_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
    )
    session.add(
        AuditEntry(
            at=utcnow(),
            actor=actor,
            entity="project",
            entity_id=pid,
            action="create",
            changes={"name": s.project, "stage": "lead", "from_signing": s.id},
        )
    )
    s.lead_project_id = pid


def accept_signing(url: str, signing_id: int, *, actor: str = "cli") -> dict[str, Any]:
    """Accept a signing record as a lead: a project (stage ``lead``) is created."""
    return _decide(url, signing_id, actor, "accept")


def dismiss_signing(url: str, signing_id: int, *, actor: str = "cli") -> dict[str, Any]:
    """Dismiss a signing record: it is no longer offered as a lead candidate."""
    return _decide(url, signing_id, actor, "dismiss")
