"""Hard constraints: each excludes sites, vectorised over index rows, and explains a failure
with the numbers ("needs ≥ 10 kN/m², site has 8").

`compile_constraints(needs, index)` turns needs into a list; the engine evaluates those marked
`partition` by choosing partitions and area bounds, the others as masks over the rows left,
and `post` ones (distance) last on the few rows that remain.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from parkatlas.matching.index import EPOCH, NO_DATE, Segment, SiteIndex
from parkatlas.matching.needs import Needs

Rows = slice | np.ndarray
EARTH_KM = 6371.0088


def haversine_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distance on WGS-84 coordinates (mean Earth radius), km."""
    p1 = np.radians(lat)
    p0 = math.radians(lat0)
    dphi = p1 - p0
    dlmb = np.radians(lon) - math.radians(lon0)
    a = np.sin(dphi / 2) ** 2 + math.cos(p0) * np.cos(p1) * np.sin(dlmb / 2) ** 2
    km: np.ndarray = 2 * EARTH_KM * np.arcsin(np.sqrt(a))
    return km


def _fmt(x: float) -> str:
    if x != x:
        return "—"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.4g}"


@dataclass(frozen=True)
class Failure:
    """One failed constraint of one site, with the numbers."""

    constraint: str
    label: str
    need: str
    have: str
    gap: float  # relative miss (0.2 = 20 % short); 1.0 for a yes/no constraint
    message: str  # English, for logs; people get render_failure(failure, lang)
    code: str = ""  # reason: below_min, above_max, missing, not_in, too_far, later …
    need_value: Any = None  # the need as data: a number, [lo, hi], a list of codes, a date
    site_value: Any = None  # the site's value as data (None: none recorded)
    unit: str = ""  # unit of the two values (m², kN/m², 元/㎡/天, km …)

    def as_dict(self) -> dict[str, Any]:
        return {
            "constraint": self.constraint, "label": self.label, "need": self.need,
            "have": self.have, "gap": self.gap, "message": self.message, "code": self.code,
            "need_value": self.need_value, "site_value": self.site_value, "unit": self.unit,
        }  # fmt: skip


class Constraint:
    name = ""
    label = ""
    partition = False  # enforced through the (status, kind, area) layout in the fast path
    post = False  # evaluated last, on the rows that passed the others

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        raise NotImplementedError

    def gap(self, seg: Segment, rows: Rows) -> np.ndarray:
        return np.where(self.mask(seg, rows), 0.0, 1.0)

    def need_text(self) -> str:
        raise NotImplementedError

    def have_text(self, seg: Segment, i: int) -> str:
        raise NotImplementedError

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        """(reason code, need value, site value, unit) of a failure at row i, as data."""
        return "not_met", None, None, ""

    def failure(self, seg: Segment, i: int) -> Failure:
        g = float(self.gap(seg, np.array([i]))[0])
        need, have = self.need_text(), self.have_text(seg, i)
        msg = f"{self.label}: needs {need}, site has {have}"
        if 0 < g < 1 or (g >= 1 and self._numeric):
            msg += f" ({g:.0%} off)"
        code, need_value, site_value, unit = self.data(seg, i)
        return Failure(
            self.name, self.label, need, have, g, msg, code, need_value, site_value, unit
        )

    _numeric = False


class RangeC(Constraint):
    _numeric = True

    def __init__(self, name: str, label: str, attr: str, unit: str, lo: float | None, hi: float | None, partition: bool = False) -> None:  # fmt: skip
        self.name, self.label, self.attr, self.unit = name, label, attr, unit
        self.lo, self.hi, self.partition = lo, hi, partition

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        v: np.ndarray = getattr(seg, self.attr)[rows]
        if self.lo is not None and self.hi is not None:
            return (v >= self.lo) & (v <= self.hi)
        if self.lo is not None:
            return v >= self.lo
        return v <= self.hi

    def gap(self, seg: Segment, rows: Rows) -> np.ndarray:
        v = getattr(seg, self.attr)[rows].astype(np.float64)
        g = np.zeros(v.shape)
        if self.lo is not None:
            g = np.maximum(g, (self.lo - v) / max(self.lo, 1e-9))
        if self.hi is not None:
            g = np.maximum(g, (v - self.hi) / max(self.hi, 1e-9))
        return np.where(np.isnan(v), 1.0, g)

    def need_text(self) -> str:
        if self.lo is not None and self.hi is not None:
            return f"{_fmt(self.lo)}–{_fmt(self.hi)} {self.unit}"
        if self.lo is not None:
            return f"≥ {_fmt(self.lo)} {self.unit}"
        return f"≤ {_fmt(self.hi or 0)} {self.unit}"

    def have_text(self, seg: Segment, i: int) -> str:
        v = float(getattr(seg, self.attr)[i])
        return "none recorded" if v != v else f"{_fmt(v)}"

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        v = float(getattr(seg, self.attr)[i])
        need = [self.lo, self.hi]
        if v != v:
            return "missing", need, None, self.unit
        code = "below_min" if self.lo is not None and v < self.lo else "above_max"
        return code, need, v, self.unit


class CodeSetC(Constraint):
    """A dictionary-coded column must hold one of some codes (kind, status, region, park)."""

    def __init__(self, name: str, label: str, attr: str, codes: np.ndarray, names: list[str], vocab: list[str], partition: bool = False) -> None:  # fmt: skip
        self.name, self.label, self.attr = name, label, attr
        self.codes, self.names, self.vocab, self.partition = codes, names, vocab, partition

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        v: np.ndarray = getattr(seg, self.attr)[rows]
        if self.codes.size == 1:
            hit: np.ndarray = v == self.codes[0]  # ndarray.__eq__ is typed as returning Any
            return hit
        return np.isin(v, self.codes)

    def need_text(self) -> str:
        return " or ".join(self._show(n) for n in self.names) if self.names else "(none)"

    def have_text(self, seg: Segment, i: int) -> str:
        c = int(getattr(seg, self.attr)[i])
        return self._show(self.vocab[c]) if c >= 0 else "none recorded"

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        c = int(getattr(seg, self.attr)[i])
        return (
            ("not_in" if c >= 0 else "missing"),
            list(self.names),
            (self.vocab[c] if c >= 0 else None),
            "",
        )

    def _show(self, value: str) -> str:
        """Region codes with their names, as an officer says them: 310115 浦东新区."""
        if self.attr != "region":
            return value
        return f"{value} {_region_name(value)}".rstrip()


def _region_name(code: str) -> str:
    try:
        from parkatlas.reference.regions import region_index
    except ImportError:  # pragma: no cover - the reference data ships with the package
        return ""
    rec = region_index().get(code)
    return rec.name if rec else ""


class TenureC(Constraint):
    name, label = "tenure", "租售 tenure"

    def __init__(self, want: str) -> None:
        self.want = want
        self.code = 1 if want == "lease" else 2

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        v: np.ndarray = seg.tenure[rows]
        hit: np.ndarray = (v == self.code) | (v == 3)  # ndarray.__eq__ is typed as returning Any
        return hit

    def need_text(self) -> str:
        return self.want

    def have_text(self, seg: Segment, i: int) -> str:
        return {0: "none recorded", 1: "lease", 2: "sale", 3: "both"}[int(seg.tenure[i])]

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        have = {0: None, 1: "lease", 2: "sale", 3: "both"}[int(seg.tenure[i])]
        return ("not_in" if have else "missing"), self.want, have, ""


class EnvC(Constraint):
    name, label = "env_class", "环评等级 environmental class"
    _numeric = True

    def __init__(self, need: int) -> None:
        self.need = need

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        return seg.env[rows] >= self.need

    def gap(self, seg: Segment, rows: Rows) -> np.ndarray:
        v = seg.env[rows].astype(np.float64)
        return np.where(v <= 0, 1.0, np.maximum(0.0, (self.need - v) / self.need))

    def need_text(self) -> str:
        return f"a site accepting class {self.need}"

    def have_text(self, seg: Segment, i: int) -> str:
        v = int(seg.env[i])
        return f"class ≤ {v}" if v > 0 else "none recorded"

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        v = int(seg.env[i])
        return ("below_min" if v > 0 else "missing"), self.need, (v or None), ""


class HazardC(Constraint):
    name, label = "hazardous", "危化品 hazardous chemicals"

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        hit: np.ndarray = seg.hazardous[rows] == 1  # ndarray.__eq__ is typed as returning Any
        return hit

    def need_text(self) -> str:
        return "hazardous chemicals allowed"

    def have_text(self, seg: Segment, i: int) -> str:
        return {-1: "none recorded", 0: "not allowed", 1: "allowed"}[int(seg.hazardous[i])]

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        v = int(seg.hazardous[i])
        return ("not_allowed" if v == 0 else "missing"), True, (None if v < 0 else bool(v)), ""


class BudgetC(Constraint):
    """Rent within its range, or price within its range (either way of taking the site)."""

    name, label = "budget", "预算 budget"
    _numeric = True

    def __init__(self, rent: tuple[float | None, float | None] | None, price: tuple[float | None, float | None] | None) -> None:  # fmt: skip
        self.parts = []
        if rent is not None:
            self.parts.append(RangeC("rent", "租金 rent", "rent", "元/㎡/天", *rent))
        if price is not None:
            self.parts.append(RangeC("price", "售价 price", "price", "元/㎡", *price))

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        m = self.parts[0].mask(seg, rows)
        for p in self.parts[1:]:
            m = m | p.mask(seg, rows)
        return m

    def gap(self, seg: Segment, rows: Rows) -> np.ndarray:
        g = self.parts[0].gap(seg, rows)
        for p in self.parts[1:]:
            g = np.minimum(g, p.gap(seg, rows))
        return g

    def need_text(self) -> str:
        return " or ".join(f"{p.label.split()[-1]} {p.need_text()}" for p in self.parts)

    def have_text(self, seg: Segment, i: int) -> str:
        return ", ".join(f"{p.label.split()[-1]} {p.have_text(seg, i)}" for p in self.parts)

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        first = self.parts[0]
        code, need, have, unit = first.data(seg, i)
        return ("over_budget" if code != "missing" else code), need, have, unit


class IndustryC(Constraint):
    name, label = "industry_allowed", "准入产业 allowed industries"

    def __init__(self, code: str, allowed: np.ndarray, index: SiteIndex) -> None:
        self.code, self.allowed, self.index = code, allowed, index

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        allowed: np.ndarray = self.allowed[seg.prof[rows]]
        return allowed

    def need_text(self) -> str:
        return f"industry {self.code} admitted"

    def have_text(self, seg: Segment, i: int) -> str:
        allowed = self.index.profiles.keys[int(seg.prof[i])][0]
        return "admits " + ";".join(allowed)

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        allowed = list(self.index.profiles.keys[int(seg.prof[i])][0])
        return "industry_not_admitted", self.code, allowed, ""


class NearC(Constraint):
    post = True
    _numeric = True

    def __init__(self, k: int, lat: float, lon: float, radius: float, name: str | None) -> None:
        self.name = f"near[{k}]"
        self.label = f"距离 distance to {name or f'({lat:.4f}, {lon:.4f})'}"
        self.lat, self.lon, self.radius = lat, lon, radius

    def distance(self, seg: Segment, rows: Rows) -> np.ndarray:
        return haversine_km(seg.lat[rows], seg.lon[rows], self.lat, self.lon)

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        return self.distance(seg, rows) <= self.radius

    def gap(self, seg: Segment, rows: Rows) -> np.ndarray:
        d = self.distance(seg, rows)
        return np.where(np.isnan(d), 1.0, np.maximum(0.0, (d - self.radius) / self.radius))

    def need_text(self) -> str:
        return f"≤ {_fmt(self.radius)} km"

    def have_text(self, seg: Segment, i: int) -> str:
        d = float(self.distance(seg, np.array([i]))[0])
        return "no coordinates" if d != d else f"{d:,.1f} km"

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        d = float(self.distance(seg, np.array([i]))[0])
        return ("missing" if d != d else "too_far"), self.radius, (None if d != d else d), "km"


class AvailC(Constraint):
    name, label = "available_by", "可用日期 available from"
    _numeric = True

    def __init__(self, by: dt.date) -> None:
        self.by = by
        self.days = (by - EPOCH).days

    def mask(self, seg: Segment, rows: Rows) -> np.ndarray:
        return seg.avail[rows] <= self.days

    def gap(self, seg: Segment, rows: Rows) -> np.ndarray:
        late = seg.avail[rows].astype(np.float64) - self.days
        return np.maximum(0.0, late / 365.0)

    def need_text(self) -> str:
        return f"by {self.by.isoformat()}"

    def have_text(self, seg: Segment, i: int) -> str:
        d = int(seg.avail[i])
        return "now" if d == NO_DATE else (EPOCH + dt.timedelta(days=d)).isoformat()

    def data(self, seg: Segment, i: int) -> tuple[str, Any, Any, str]:
        return "later", self.by.isoformat(), self.have_text(seg, i), ""


def _region_ids(index: SiteIndex, codes: list[str]) -> np.ndarray:
    from parkatlas.matching.needs import region_prefix

    prefixes = tuple(region_prefix(c) for c in codes)
    return index.regions.ids_where(lambda v: v.startswith(prefixes))


def compile_constraints(needs: Needs, index: SiteIndex) -> list[Constraint]:
    """The hard constraints of some needs, in the order they are explained."""
    out: list[Constraint] = []
    kinds: list[str] = list(needs.kind) or [k for k in index.kinds.values]
    out.append(CodeSetC("status", "状态 status", "status",
                        np.array([index.statuses.code(s) for s in needs.status], dtype=np.int8),
                        list(needs.status), index.statuses.values, partition=True))  # fmt: skip
    if needs.kind:
        out.append(CodeSetC("kind", "类型 kind", "kind",
                            np.array([index.kinds.code(k) for k in kinds], dtype=np.int8),
                            kinds, index.kinds.values, partition=True))  # fmt: skip
    a = needs.area_m2
    if a is not None and (a.min is not None or a.max is not None):
        out.append(RangeC("area_m2", "面积 area", "area", "m²", a.min, a.max, partition=True))
    for key, label, attr, unit in (
        ("floor_load_kn_m2", "楼面荷载 floor load", "floor_load", "kN/m²"),
        ("clear_height_m", "净高 clear height", "clear_height", "m"),
        ("power_kva", "电力容量 power", "power", "kVA"),
    ):
        r = getattr(needs, key)
        if r is not None and (r.min is not None or r.max is not None):
            out.append(RangeC(key, label, attr, unit, r.min, r.max))
    if needs.env_class is not None:
        out.append(EnvC(needs.env_class))
    if needs.hazardous:
        out.append(HazardC())
    if needs.tenure is not None:
        out.append(TenureC(needs.tenure))
    rent, price = needs.rent_cny_m2_day, needs.price_cny_m2
    rb = (
        (rent.min, rent.max)
        if rent is not None and (rent.min is not None or rent.max is not None)
        else None
    )
    pb = (
        (price.min, price.max)
        if price is not None and (price.min is not None or price.max is not None)
        else None
    )
    if rb or pb:
        out.append(BudgetC(rb, pb))
    if needs.regions:
        out.append(CodeSetC("region", "区域 region", "region", _region_ids(index, needs.regions),
                            list(needs.regions), index.regions.values))  # fmt: skip
    if needs.parks:
        ids = np.array(
            [index.parks.pos[p] for p in needs.parks if p in index.parks.pos], dtype=np.int32
        )
        out.append(
            CodeSetC("park", "园区 park", "park", ids, list(needs.parks), index.parks.values)
        )
    if needs.industry and needs.industry_required:
        _, allowed = index.profiles.fit(needs.industry)
        out.append(IndustryC(needs.industry, allowed, index))
    if needs.available_by is not None:
        out.append(AvailC(needs.available_by))
    for k, p in enumerate(needs.near):
        if p.required:
            out.append(NearC(k, p.lat, p.lon, p.radius_km, p.name))
    return out
