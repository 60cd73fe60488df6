"""招商月报: the monthly report of what the signed-in user may see, as a print page
(``/reports/monthly?month=2026-12``) and an XLSX file (``/reports/monthly.xlsx?month=…``).

Sections: new leads of the month, stage moves by stage and unit, signings with their amounts,
leads by stage and unit (the funnel), vacancy by district and kind, stale sites by district.
Every lead count goes through the workspace's visibility rule (`lead_filter`); the sites
are the shared library. The figures are read with SQL aggregates over the tables the
workspace core writes; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from parkatlas.models import Project, Site, StageEvent, utcnow
from parkatlas.web.summary import Summary
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import Lead, SiteState
from parkatlas.workspace.visibility import lead_filter

KINDS = ("land", "factory", "office", "lab", "warehouse")


def month_bounds(month: str | None, today: dt.date | None = None) -> tuple[str, dt.datetime, dt.datetime]:
    """``"2026-12"`` → ("2026-12", start, end); None → the current month; ValueError if bad."""
    day = today or utcnow().date()
    text = month or f"{day.year:04d}-{day.month:02d}"
    try:
        start = dt.datetime.strptime(text + "-01", "%Y-%m-%d")
    except ValueError:
        raise ValueError(f"month {text!r} is not a month: write it as 2026-12") from None
    end = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return text, start, end


@dataclass
class Monthly:
    month: str
    new_leads: list[tuple[str, str, str | None, float | None, str]] = field(default_factory=list)
    moves: dict[tuple[str, str], int] = field(default_factory=dict)  # (to_stage, unit) → n
    signings: list[tuple[str, str, str | None, float | None, dt.datetime]] = field(default_factory=list)
    signings_by_month: list[tuple[str, int, float]] = field(default_factory=list)
    funnel: dict[tuple[str, str], int] = field(default_factory=dict)  # (stage, unit) → n
    vacancy: dict[tuple[str, str], tuple[int, float]] = field(default_factory=dict)  # (district, kind)
    stale: dict[str, int] = field(default_factory=dict)  # district → n
    sites_as_of: dt.datetime | None = None  # vacancy and stale from a summary made then

    @property
    def units(self) -> list[str]:
        return sorted({u for _s, u in self.funnel} | {u for _s, u in self.moves})

    @property
    def districts(self) -> list[str]:
        return sorted({d for d, _k in self.vacancy} | set(self.stale))

    @property
    def signed_total_wan(self) -> float:
        return sum(s[3] or 0.0 for s in self.signings)


def _unit(u: str | None) -> str:
    return u or "—"


def signings_by_month(session: Session, who: Principal, start: dt.datetime, end: dt.datetime,
                      months_back: int = 12) -> list[tuple[str, int, float]]:  # fmt: skip
    """(month, signings, 万元 signed) for the ``months_back`` months ending with ``start``'s."""
    first = start
    for _ in range(months_back - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    signed = session.execute(
        select(StageEvent.at, Project.investment_wan)
        .join(Project, Project.id == StageEvent.project_id)
        .where(lead_filter(who), StageEvent.to_stage == "signed", StageEvent.at >= first, StageEvent.at < end)
    ).all()
    by_month: dict[str, list[float]] = {}
    for at, inv in signed:
        by_month.setdefault(f"{at.year:04d}-{at.month:02d}", []).append(float(inv or 0.0))
    return [(m, len(v), sum(v)) for m, v in sorted(by_month.items())]


def monthly(session: Session, who: Principal, month: str | None, *, stale_days: int = 90,
            months_back: int = 12, summary: Summary | None = None) -> Monthly:  # fmt: skip
    """The report's figures for ``month`` (and the signings of the months before it). With a
    `summary` of the library, vacancy and stale counts come from it instead of two scans."""
    text, start, end = month_bounds(month)
    vis = lead_filter(who)
    out = Monthly(month=text)
    rows = session.execute(
        select(Project.id, Project.name, Project.owner_unit, Project.investment_wan, Lead.source)
        .join(Lead, Lead.project_id == Project.id)
        .where(vis, Lead.registered_at >= start, Lead.registered_at < end)
        .order_by(Lead.registered_at)
    ).all()
    out.new_leads = [(r[0], r[1], r[2], r[3], r[4] or "") for r in rows]
    for stage, unit, n in session.execute(
        select(StageEvent.to_stage, StageEvent.unit_id, func.count())
        .join(Project, Project.id == StageEvent.project_id)
        .where(vis, StageEvent.at >= start, StageEvent.at < end, StageEvent.from_stage.is_not(None))
        .group_by(StageEvent.to_stage, StageEvent.unit_id)
    ).all():
        out.moves[(stage, _unit(unit))] = int(n)
    out.signings = [
        (r[0], r[1], r[2], r[3], r[4])
        for r in session.execute(
            select(Project.id, Project.name, Project.owner_unit, Project.investment_wan, StageEvent.at)
            .join(StageEvent, StageEvent.project_id == Project.id)
            .where(vis, StageEvent.to_stage == "signed", StageEvent.at >= start, StageEvent.at < end)
            .order_by(StageEvent.at)
        ).all()
    ]
    out.signings_by_month = signings_by_month(session, who, start, end, months_back)
    for stage, unit, n in session.execute(
        select(Project.stage, Project.owner_unit, func.count()).where(vis).group_by(Project.stage, Project.owner_unit)
    ).all():
        out.funnel[(stage, _unit(unit))] = int(n)
    if summary is not None:
        out.vacancy = {(d, k): v for d, ks in summary.vacancy().items() for k, v in ks.items()}
        out.stale = summary.stale_by_district(stale_days)
        out.sites_as_of = summary.made_at
        return out
    district = func.substr(Site.region, 1, 6)
    for d, kind, n, area in session.execute(
        select(district, Site.kind, func.count(), func.sum(Site.area_m2))
        .where(Site.status == "available").group_by(district, Site.kind)
    ).all():  # fmt: skip
        out.vacancy[(d or "", kind)] = (int(n), float(area or 0.0))
    cutoff = utcnow() - dt.timedelta(days=stale_days)
    verified = func.coalesce(SiteState.verified_at, Site.updated_at)
    for d, n in session.execute(
        select(district, func.count()).select_from(Site).outerjoin(SiteState, SiteState.site_id == Site.id)
        .where(Site.status == "available", verified < cutoff).group_by(district)
    ).all():  # fmt: skip
        out.stale[d or ""] = int(n)
    return out


def to_xlsx(report: Monthly, labels: dict[str, Any]) -> bytes:
    """The report as an XLSX workbook, one sheet per section, headers in the page language.
    ``labels`` gives the texts: sheet and column titles, stage/kind/unit/region names."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from parkatlas.io.cellsafe import neutralise

    t = labels["t"]
    stage = labels["stage"]
    kind = labels["kind"]
    unit = labels["unit"]
    region = labels["region"]
    wb = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[Any]], first: bool = False) -> None:
        ws = wb.active if first else wb.create_sheet()
        ws.title = title[:31]
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
        for col in ws.columns:
            width = max(len(str(c.value or "")) for c in col) + 4
            ws.column_dimensions[col[0].column_letter].width = min(60, width * 1.6)

    sheet(t("report.new_leads"), [t("project.name"), t("project.owner"), t("report.investment_wan"), t("project.source"), "id"],
          [[n, unit(u), inv, src, i] for i, n, u, inv, src in report.new_leads], first=True)  # fmt: skip
    sheet(t("report.moves"), [t("project.stage"), t("project.owner"), t("report.count")],
          [[stage(s), unit(u), n] for (s, u), n in sorted(report.moves.items())])  # fmt: skip
    sheet(t("report.signings"), [t("project.name"), t("project.owner"), t("report.investment_wan"), t("report.signed_at"), "id"],
          [[n, unit(u), inv, at.date().isoformat(), i] for i, n, u, inv, at in report.signings])  # fmt: skip
    sheet(t("report.signings_by_month"), [t("report.month"), t("report.count"), t("report.investment_wan")],
          [[m, n, total] for m, n, total in report.signings_by_month])  # fmt: skip
    sheet(t("report.funnel"), [t("project.stage"), t("project.owner"), t("report.count")],
          [[stage(s), unit(u), n] for (s, u), n in sorted(report.funnel.items())])  # fmt: skip
    sheet(t("report.vacancy"), [t("site.district"), t("site.kind"), t("report.count"), t("report.area_m2")],
          [[region(d), kind(k), n, round(a)] for (d, k), (n, a) in sorted(report.vacancy.items())])  # fmt: skip
    sheet(t("report.stale"), [t("site.district"), t("report.count")],
          [[region(d), n] for d, n in sorted(report.stale.items())])  # fmt: skip
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
