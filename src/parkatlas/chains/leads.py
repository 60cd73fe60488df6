"""A chain target turned into a lead (招商线索) in one step: through the workspace's
`register_lead` (报备, with 撞单 detection) when the workspace has it, else as a project row
in stage `lead` with its stage event and audit entry (the model every import uses)."""

from __future__ import annotations

import importlib
import uuid
from typing import Any

from sqlalchemy import insert, select

from parkatlas.chains.model import find_chain
from parkatlas.chains.store import chains_in_force, find_enterprise
from parkatlas.db import make_engine, require_schema, session_scope
from parkatlas.errors import ParkatlasError
from parkatlas.industry_links import write_links
from parkatlas.models import AuditEntry, Project, StageEvent, Unit, utcnow


def target_to_lead(url: str, *, enterprise: str, chain: str, node: str, unit: str | None, actor: str) -> dict[str, Any]:
    engine = make_engine(url, write=True)
    try:
        require_schema(engine)
        with engine.connect() as conn:
            c = find_chain(chains_in_force(conn), chain)
            n = c.node(node)
            eid, ename, uscc = find_enterprise(conn, enterprise)
        name = f"{ename} · {c.name_zh}/{n.name_zh}"
        needs = c.needs_for(n)
        industries = ";".join(n.codes) or None
        via = f"chain target {c.id}/{n.id}"
        try:  # the workspace's lead registry (报备, 撞单), where this version has it
            ws: Any = importlib.import_module("parkatlas.workspace.leads")
            principal: Any = importlib.import_module("parkatlas.workspace.principal")
        except ImportError:
            return _project_row(engine, eid, name, industries, needs, unit, actor, via)
        with session_scope(engine) as session:
            who = principal.cli_principal(session, actor)
            body = ws.ProjectCreate(name=name, enterprise=eid, industries=industries, needs=needs, owner_unit=unit)
            res = ws.register_lead(session, who, body, source="chain-target", check_rights=False)
            data = res.model_dump(mode="json")
        return {"project": data.get("id"), "name": name, "enterprise": ename, "uscc": uscc,
                "owner_unit": data.get("owner_unit"), "stage": data.get("stage"), "via": via,
                "warnings": [w.get("code", "") + (f" ({w.get('unit_name') or w.get('unit')})" if w.get("unit") else "")
                             for w in data.get("warnings") or []]}  # fmt: skip
    finally:
        engine.dispose()


def _project_row(engine: Any, eid: str, name: str, industries: str | None, needs: dict[str, Any] | None,
                 unit: str | None, actor: str, via: str) -> dict[str, Any]:  # fmt: skip
    now = utcnow()
    pid = f"C{uuid.uuid4().hex[:12].upper()}"
    with engine.begin() as conn:
        if unit is not None and conn.execute(select(Unit.id).where(Unit.id == unit)).first() is None:
            raise ParkatlasError(f"unknown unit {unit!r}: create it first or leave --unit out")
        conn.execute(insert(Project.__table__).values(
            id=pid, name=name, enterprise=eid, needs=needs, owner_unit=unit,
            stage="lead", synthetic=False, updated_at=now,
        ))  # fmt: skip
        write_links(conn, "projects", [{"id": pid, "industries": industries}], replace=False)
        conn.execute(insert(StageEvent.__table__).values(project_id=pid, from_stage=None, to_stage="lead", at=now, actor=actor, note=via))
        conn.execute(insert(AuditEntry.__table__).values(at=now, actor=actor, entity="projects", entity_id=pid, action="insert",
                                                         changes={"name": name, "enterprise": eid, "owner_unit": unit, "source": via}))  # fmt: skip
    return {"project": pid, "name": name, "enterprise": eid, "owner_unit": unit, "stage": "lead", "via": via, "warnings": []}
