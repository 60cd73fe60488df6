"""``/reports/monthly`` (print page) and ``/reports/monthly.xlsx``: the 招商月报 of
`web.report`, in the page's language, for what the signed-in user may see."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.web import report
from parkatlas.web.deps import PageError, PageUser
from parkatlas.web.i18n import Translator
from parkatlas.web.lookups import regions, unit_names
from parkatlas.web.render import page_lang, render
from parkatlas.web.summary import keeper_of
from parkatlas.workspace.principal import Principal

router = APIRouter(include_in_schema=False)


def _report(request: Request, session: Session, who: Principal, stale_days: int) -> report.Monthly:
    try:
        return report.monthly(session, who, request.query_params.get("month"), stale_days=stale_days,
                              summary=keeper_of(request.app).get())  # fmt: skip
    except ValueError:
        raise PageError(400, "error.bad_input") from None


@router.get("/reports/monthly")
def monthly_page(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    r = _report(request, session, who, settings.stale_days)
    units = unit_names(session, [*r.units, *(x[2] for x in r.new_leads), *(x[2] for x in r.signings)])
    return render(request, "report.html", {"r": r, "units": units, "regions": regions(request, session),
                                           "kinds": report.KINDS})  # fmt: skip


@router.get("/reports/monthly.xlsx")
def monthly_xlsx(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    lang = page_lang(request)
    t = Translator(lang)
    r = _report(request, session, who, settings.stale_days)
    units = unit_names(session, [*r.units, *(x[2] for x in r.new_leads), *(x[2] for x in r.signings)])
    regs = regions(request, session)
    labels: dict[str, Any] = {
        "t": t, "stage": lambda s: t.label("stage", s), "kind": lambda k: t.label("kind", k),
        "unit": lambda u: units.get(u or "", u or "—"), "region": lambda d: regs.name(d, lang),
    }
    body = report.to_xlsx(r, labels)
    name = f"monthly-report-{r.month}.xlsx"
    return Response(body, media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
