"""/api/v1: units, audit, stats, exports, imports, facts and region profiles."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, UploadFile
from fastapi.responses import StreamingResponse

from parkatlas.api.deps import CurrentUser, SessionDep, SettingsDep
from parkatlas.workspace import accounts, reports
from parkatlas.workspace.audit import AuditPage, list_audit
from parkatlas.workspace.errors import WorkspaceError

router = APIRouter(tags=["workspace"])
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/units", response_model=list[accounts.UnitOut])
def units(session: SessionDep, user: CurrentUser) -> list[accounts.UnitOut]:
    """Every unit with its parent (the structure is no secret; leads are)."""
    return accounts.list_units(session)


@router.get("/audit", response_model=AuditPage)
def audit(session: SessionDep, user: CurrentUser, entity: Text = None, entity_id: Text = None,
          page: Annotated[int, Query(ge=1, le=100_000)] = 1,
          per_page: Annotated[int, Query(ge=1, le=500)] = 50) -> AuditPage:  # fmt: skip
    """Who changed what: admins all; others their unit's and the units' below it."""
    return list_audit(session, user, entity=entity, entity_id=entity_id, page=page, per_page=per_page)


@router.get("/stats", response_model=reports.Stats)
def stats(session: SessionDep, user: CurrentUser) -> reports.Stats:
    """Totals; leads counted only where the caller may see them."""
    return reports.stats(session, user)


@router.get("/export/{kind}")
def export(request: Request, kind: str, user: CurrentUser,
           format: Annotated[str, Query(pattern="^(csv|json)$")] = "csv") -> StreamingResponse:  # fmt: skip
    """The rows the caller may see, as CSV or JSON (leads only where visible)."""
    if kind not in reports.EXPORT_KINDS:
        raise WorkspaceError(f"cannot export {kind!r}: one of {', '.join(reports.EXPORT_KINDS)}")

    def body() -> Iterator[str]:
        with request.app.state.sessions() as session:  # its own unit of work: streams after return
            yield from reports.export_text(session, user, kind, format)

    media = "text/csv; charset=utf-8" if format == "csv" else "application/json"
    return StreamingResponse(body(), media_type=media,
                             headers={"Content-Disposition": f'attachment; filename="{kind}.{format}"'})  # fmt: skip


@router.post("/imports/{kind}")
def import_file(kind: str, file: UploadFile, session: SessionDep, user: CurrentUser,
                settings: SettingsDep, strict: bool = False) -> dict[str, Any]:  # fmt: skip
    """Import a CSV/XLSX/JSON/GeoJSON file of parks, sites, enterprises or projects for the
    caller's unit, in this request's transaction; the import report as JSON (every refused
    row with file, row, column, value, reason). Officers import for their unit (new sites and
    leads are owned by it), viewers may not, parks only admins (docs/api.md)."""
    from parkatlas.workspace.imports import KINDS, import_for_unit

    if kind not in KINDS:
        raise WorkspaceError(f"cannot import {kind!r}: one of {', '.join(KINDS)}")
    name = Path(file.filename or "upload.csv").name
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(file.file.read())
        report = import_for_unit(session, user, kind, path, strict=strict, batch_size=settings.batch_size)
    # (sites: the server's matching index catches up from the audit log on its next query)
    data: dict[str, Any] = report.as_dict()
    data["file"] = name
    data["reject_file"] = data["warnings_file"] = None
    return data


@router.get("/facts")
def facts(session: SessionDep, user: CurrentUser, region: Text = None, metric: Text = None,
          since: Annotated[int | None, Query(ge=1900, le=2100)] = None,
          limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:  # fmt: skip
    """Stored facts from the news, each with its quote and source."""
    from parkatlas.intel.profile import facts_in

    return facts_in(session, region=region, metric=metric, since=since, limit=limit)


@router.get("/regions/{code}/profile")
def profile(code: str, session: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """A region's latest indicators, growth, targets and signed projects, with sources."""
    from parkatlas.intel.profile import profile_in

    return profile_in(session, code).to_dict()
