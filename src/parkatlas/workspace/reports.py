"""What the caller may see, summed up or written out: stats and CSV/JSON exports. Leads are
counted and exported only through `visibility.lead_filter`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parkatlas.industry_links import column_of
from parkatlas.io.cellsafe import neutralise
from parkatlas.io.exporter import export_columns
from parkatlas.io.store import TABLES
from parkatlas.models import Enterprise, Park, Project, Site
from parkatlas.workspace.audit import jsonable
from parkatlas.workspace.errors import WorkspaceError
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import Lead, SiteState
from parkatlas.workspace.visibility import lead_filter


class Stats(BaseModel):
    sites: int
    sites_by_kind: dict[str, int]
    sites_by_status: dict[str, int]
    public_sites: int
    parks: int
    enterprises: int
    projects: int  # the leads the caller may see
    projects_by_stage: dict[str, int]
    duplicate_leads: int


def stats(session: Session, who: Principal) -> Stats:
    def count(q: Any) -> int:
        return int(session.execute(q).scalar_one())

    vis = lead_filter(who)
    return Stats(
        sites=count(select(func.count()).select_from(Site)),
        sites_by_kind={k: n for k, n in session.execute(select(Site.kind, func.count()).group_by(Site.kind)).all()},
        sites_by_status={k: n for k, n in session.execute(select(Site.status, func.count()).group_by(Site.status)).all()},
        public_sites=count(select(func.count()).select_from(SiteState).where(SiteState.public.is_(True))),
        parks=count(select(func.count()).select_from(Park)),
        enterprises=count(select(func.count()).select_from(Enterprise)),
        projects=count(select(func.count()).select_from(Project).where(vis)),
        projects_by_stage={k: n for k, n in session.execute(
            select(Project.stage, func.count()).where(vis).group_by(Project.stage)).all()},
        duplicate_leads=count(select(func.count()).select_from(Project).join(Lead, Lead.project_id == Project.id)
                              .where(vis, Lead.duplicate.is_(True))),
    )  # fmt: skip


EXPORT_KINDS = ("sites", "parks", "enterprises", "projects")
EXPORT_FORMATS = ("csv", "json")


def export_rows(session: Session, who: Principal, kind: str) -> tuple[list[str], Iterator[dict[str, Any]]]:
    if kind not in EXPORT_KINDS:
        raise WorkspaceError(f"cannot export {kind!r}: one of {', '.join(EXPORT_KINDS)}")
    model = TABLES[kind]
    cols = export_columns(kind)
    q = select(*[column_of(kind, c) for c in cols]).order_by(model.__table__.c.id)
    if kind == "projects":
        q = q.where(lead_filter(who))

    def rows() -> Iterator[dict[str, Any]]:
        for r in session.execute(q.execution_options(yield_per=5000)).mappings():
            yield {c: jsonable(r[c]) for c in cols}

    return cols, rows()


def export_text(session: Session, who: Principal, kind: str, fmt: str) -> Iterator[str]:
    """The export as chunks of text (CSV cells neutralised against spreadsheet formulas)."""
    if fmt not in EXPORT_FORMATS:
        raise WorkspaceError(f"format {fmt!r}: one of {', '.join(EXPORT_FORMATS)}")
    cols, rows = export_rows(session, who, kind)
    if fmt == "json":
        yield "["
        for i, r in enumerate(rows):
            yield ("," if i else "") + json.dumps(r, ensure_ascii=False)
        yield "]\n"
        return
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(cols)
    for i, r in enumerate(rows):
        w.writerow(["" if r[c] is None else neutralise(r[c]) if isinstance(r[c], str) else
                    json.dumps(r[c], ensure_ascii=False) if isinstance(r[c], dict | list) else r[c] for c in cols])  # fmt: skip
        if i % 1000 == 999:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()
