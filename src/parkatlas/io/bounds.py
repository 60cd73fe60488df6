"""What a database column can hold and what a value can plausibly be, checked before writing.

Pure: a column of converted values in, the failing positions with reasons out. The checks
are the same on SQLite and PostgreSQL, so the same file gives the same report on both
(SQLite would store a 10 MB text in a VARCHAR(300) and a 2⁶³ integer; PostgreSQL would
stop the import with a driver error):

* text longer than its column (the sizes are read from the models, so a migration that
  widens a column widens the check), and NUL characters (PostgreSQL cannot store them);
* whole numbers outside the 32-bit INTEGER range, numbers that are not finite;
* plausibility bounds per field (`BOUNDS`): the typical ranges of /shared/domain.md §2.2
  (floor load 5–30 kN/㎡, clear height 4.5–12 m, transformers 315–2,000 kVA per building) and
  §2.3 (rents of 0.7–4.65 元/㎡/天 in Shanghai) are widened by an order of magnitude or more,
  so only impossible values (area 1e300 ㎡, floor −1, a rent of 10,000 元/㎡/天) are refused;
  the bound is named in the message. docs/hostile-input.md lists them with their reasoning.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import Integer, String

INT32 = (-(2**31), 2**31 - 1)

# field → (low, high, unit, low inclusive): values outside are refused
BOUNDS: dict[str, tuple[float, float, str, bool]] = {
    "area_m2": (0, 1e8, "㎡", False),  # up to 100 km² in one listing; must be > 0
    "area_min_m2": (0, 1e8, "㎡", False),
    "rent_cny_m2_day": (0, 100, "元/㎡/天", True),  # Shanghai offices average 4.65
    "rent_max_cny_m2_day": (0, 100, "元/㎡/天", True),
    "price_cny_m2": (0, 1_000_000, "元/㎡", True),
    "floor_load_kn_m2": (0, 300, "kN/㎡", False),  # 30 t/㎡; ground floors 10–30 kN/㎡
    "clear_height_m": (0, 100, "m", False),  # single-storey sheds 8–12 m
    "power_kva": (0, 1_000_000, "kVA", True),  # 1,000 MVA; buildings 315–2,000 kVA
    "floors": (0, 200, "", True),  # 0 for land; the tallest buildings have about 160 floors
    "area_km2": (0, 2000, "km²", False),  # a park; Shanghai's largest zones are < 1,000 km²
    "investment_wan": (0, 1e8, "万元", True),  # 1 万亿元
    "output_wan_year": (0, 1e8, "万元", True),
    "tax_wan_year": (0, 1e8, "万元", True),
    "jobs": (0, 1_000_000, "", True),
}


def _all_good(
    values: Sequence[Any], length: int | None, is_int: bool, bound: tuple[float, float, str, bool] | None
) -> bool:
    """True when a whole column surely passes, decided by a few C-level passes (a million-row
    column in milliseconds); False means "look value by value" (check_column's loop)."""
    types = set(map(type, values))
    types.discard(type(None))
    if not types:
        return True
    if types == {str}:
        texts = [v for v in values if v]
        if "\x00" in "".join(texts):
            return False
        return length is None or max(map(len, texts), default=0) <= length
    if not types <= {int, float}:  # bools, dates, JSON: the loop decides
        return False
    nums = [v for v in values if v is not None]
    try:
        if not math.isfinite(sum(map(float, nums))):  # a nan or an inf anywhere (or a huge sum)
            return False
    except OverflowError:  # an integer beyond any float
        return False
    lo_v, hi_v = min(nums), max(nums)
    if is_int and not (INT32[0] <= lo_v and hi_v <= INT32[1]):
        return False
    if bound is not None:
        lo, hi, _, lo_incl = bound
        if hi_v > hi or lo_v < lo or (lo_v == lo and not lo_incl):
            return False
    return True


@cache
def _column_types(entity: str) -> dict[str, Any]:
    from parkatlas.io.store import TABLES

    model = TABLES.get(entity)
    return {} if model is None else {c.name: c.type for c in model.__table__.columns}


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def check_column(entity: str, field: str, values: Sequence[Any]) -> list[tuple[int, str]]:
    """(position, reason) for every value the column cannot hold or that is implausible."""
    errors: list[tuple[int, str]] = []
    coltype = _column_types(entity).get(field)
    length = getattr(coltype, "length", None) if isinstance(coltype, String) else None
    is_int = isinstance(coltype, Integer)
    bound = BOUNDS.get(field)
    if _all_good(values, length, is_int, bound):
        return errors
    for j, v in enumerate(values):
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, str):
            if "\x00" in v:
                errors.append((j, "holds a NUL character (\\x00), which no database column stores"))
            elif length is not None and len(v) > length:
                errors.append((j, f"is {len(v):,} characters long; the {field} column holds at most {length}"))
            continue
        if isinstance(v, int | float):
            if isinstance(v, float) and not math.isfinite(v):
                errors.append((j, f"{v} is not a finite number"))
                continue
            if is_int and not INT32[0] <= v <= INT32[1]:
                errors.append((j, f"{_fmt(v)} is outside the whole-number range of the column (±2,147,483,647)"))
                continue
            if bound is not None:
                lo, hi, unit, lo_incl = bound
                if v > hi or v < lo or (v == lo and not lo_incl):
                    rng = f"{'' if lo_incl else 'above '}{_fmt(lo)} … {_fmt(hi)}{(' ' + unit) if unit else ''}"
                    errors.append((j, f"{_fmt(v)} is not a plausible {field}: allowed {rng}"))
    return errors
