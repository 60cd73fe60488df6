"""Names to show for codes: regions (行政区划, loaded once per app: reference data), parks and
units of the rows on a page (one query each), and the districts offered in filters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.requests import Request

from parkatlas.models import Park, Region, Unit

SHANGHAI = "310000"


@dataclass(frozen=True)
class RegionName:
    code: str
    zh: str
    en: str
    level: str
    parent: str | None

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else (self.en or self.zh)


class Regions:
    """All regions by code (≈ 3,500 rows of reference data, read once)."""

    def __init__(self, rows: Iterable[RegionName]) -> None:
        self.by_code = {r.code: r for r in rows}

    def name(self, code: str | None, lang: str) -> str:
        if not code:
            return "—"
        r = self.by_code.get(code)
        if r is None:
            return code
        if r.level == "town" and r.parent in self.by_code:
            return f"{self.by_code[r.parent].name(lang)} · {r.name(lang)}"
        return r.name(lang)

    def districts(self, province: str = SHANGHAI) -> list[RegionName]:
        return sorted(
            (r for r in self.by_code.values() if r.level == "district" and r.parent == province),
            key=lambda r: r.code,
        )


def regions(request: Request, session: Session) -> Regions:
    cached = getattr(request.app.state, "web_regions", None)
    if isinstance(cached, Regions) and cached.by_code:
        return cached
    rows = session.execute(
        select(Region.code, Region.name, Region.name_en, Region.level, Region.parent_code)
    )
    loaded = Regions(RegionName(c, n, e or "", lv, p) for c, n, e, lv, p in rows)
    request.app.state.web_regions = loaded
    return loaded


def park_names(session: Session, ids: Iterable[str | None], lang: str) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    rows = session.execute(select(Park.id, Park.name_zh, Park.name_en).where(Park.id.in_(wanted)))
    return {i: (zh if lang == "zh" else (en or zh)) for i, zh, en in rows}


def unit_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = sorted({i for i in ids if i})
    if not wanted:
        return {}
    return {i: n for i, n in session.execute(select(Unit.id, Unit.name).where(Unit.id.in_(wanted)))}


def all_parks(session: Session, lang: str) -> list[tuple[str, str]]:
    rows = session.execute(select(Park.id, Park.name_zh, Park.name_en).order_by(Park.id))
    return [(i, zh if lang == "zh" else (en or zh)) for i, zh, en in rows]


def industry_names(session: Session, codes: str | None, lang: str) -> list[tuple[str, str]]:
    """``"39;65"`` → [("39", "计算机、通信和其他电子设备制造业"), …] (GB/T 4754-2017)."""
    from parkatlas.models import Industry

    wanted = [c.strip() for c in (codes or "").replace(",", ";").split(";") if c.strip()]
    if not wanted:
        return []
    rows = session.execute(select(Industry.code, Industry.name_zh, Industry.name_en).where(Industry.code.in_(wanted)))
    names = {c: (zh if lang == "zh" else (en or zh)) for c, zh, en in rows}
    return [(c, names.get(c, "")) for c in wanted]
