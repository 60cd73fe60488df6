"""Numbers, areas, rents, prices, loads, heights and capacities as single canonical floats.

The readers live in :mod:`parkatlas.vocab.quantities` (one parser per concept; they keep
ranges, approximations, notes and markers, and return a typed reason instead of raising).
The ``parse_*`` functions here are the one-figure view of the same readers for callers that
want a float: each returns the value in its canonical unit, ``None`` when the cell states no
figure (empty, 无, —, -, /, 不详, 待定, 面议 …), or raises :class:`UnitError` with the reader's
English message. They refuse a range ("5000-8000㎡"), where one figure cannot stand for both
ends; :func:`parkatlas.vocab.read_area` and friends read ranges.

Canonical units: area m², rent 元/㎡/天, price 元/㎡, floor load kN/m², height m, power kVA.
Conversions (shared/domain.md §0.2): 1 亩 = 10000/15 m², 1 公顷 = 10,000 m², 1 km² = 10⁶ m²,
a monthly rent × 12/365, a yearly rent ÷ 365, 1 t/m² = 9.80665 kN/m² (standard gravity).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal
from numbers import Real

from parkatlas.vocab import quantities as q
from parkatlas.vocab.numbers import Concept
from parkatlas.vocab.reading import NEGOTIABLE_WORDS, UNKNOWN_WORDS, Reading, normalise

__all__ = [
    "MONTH_TO_DAY", "MU_M2", "TONNE_FORCE_KN", "UnitError", "format_area", "parse_area_m2",
    "parse_bool", "parse_floor_load_kn_m2", "parse_height_m", "parse_number", "parse_power_kva",
    "parse_price_cny_m2", "parse_rent_cny_m2_day",
]  # fmt: skip

MU_M2 = q.MU_M2
MONTH_TO_DAY = q.MONTH_TO_DAY
TONNE_FORCE_KN = q.TONNE_FORCE_KN


class UnitError(ValueError):
    """A cell that cannot be read as the expected quantity; the message says why and what fits."""


def _one(
    reader: Callable[[object], Reading[float] | object], concept: Concept, value: object
) -> float | None:
    result = reader(value)
    if not isinstance(result, Reading):
        raise UnitError(str(result))
    if result.is_range:
        raise UnitError(
            f"cannot read {value!r} as {concept.en}: a range is not one value (put the minimum "
            f"and maximum in their own columns); {concept.expected_en}"
        )
    return result.value


def parse_number(value: object) -> float | None:
    """A plain number: "1,234.5", "１２３", "1.5万", "2亿", "3千", "约500", "≥5", "-3", "五千"."""
    return _one(q.read_number, q.NUMBER, value)


def parse_area_m2(value: object) -> float | None:
    """An area in m², > 0. A bare number is m²; 亩/mu, 公顷/ha, 平方公里/km² are converted."""
    return _one(q.read_area, q.AREA, value)


def _plain(number: float) -> str:
    if number == 0:
        return "0"
    if number >= 1000:
        return f"{round(number):,}"
    decimals = min(20, max(0, 3 - math.floor(math.log10(number))))
    return f"{number:,.{decimals}f}".rstrip("0").rstrip(".")


def format_area(m2: float) -> str:
    """Display an area with its 亩 equivalent: 5000 → "5,000 m² (7.5 亩)" (4 significant digits,
    whole numbers from 1,000). :func:`parse_area_m2` reads the result back."""
    if not math.isfinite(m2) or m2 < 0:
        raise ValueError(f"cannot format {m2!r} as an area: expected a finite number ≥ 0")
    return f"{_plain(m2)} m² ({_plain(m2 / MU_M2)} 亩)"


def parse_rent_cny_m2_day(value: object) -> float | None:
    """A rent in 元/㎡/天, ≥ 0: per day as is, per month × 12/365, per year ÷ 365."""
    return _one(q.read_rent, q.RENT, value)


def parse_price_cny_m2(value: object) -> float | None:
    """A sale or land price in 元/㎡, ≥ 0: "8000元/㎡", "1.2万元/㎡", "32万元/亩" (÷ 10000/15)."""
    return _one(q.read_price, q.PRICE, value)


def parse_floor_load_kn_m2(value: object) -> float | None:
    """A floor load in kN/m², > 0: t/m² × 9.80665, kg/m² × 0.00980665, kPa = kN/m²; "2吨" is
    per m²."""
    return _one(q.read_load, q.LOAD, value)


def parse_height_m(value: object) -> float | None:
    """A height (storey, clear or eave height) in m, > 0: "8米", "10.5 M", "800厘米", "8米（檐口）"."""
    return _one(q.read_height, q.HEIGHT, value)


def parse_power_kva(value: object) -> float | None:
    """Electric capacity in kVA, ≥ 0: "800KVA", "1.5MVA", "800千伏安", "2×1250kVA"; 0 or 无 → 0."""
    return _one(q.read_power, q.POWER, value)


def _error(value: object, what: str, expected: str, reason: str = "") -> UnitError:
    cause = f"{reason}; " if reason else ""
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return UnitError(f"cannot read {shown} as {what}: {cause}{expected}")


_BLANKS = (UNKNOWN_WORDS | NEGOTIABLE_WORDS | {""}) - {"无"}


# ---------------------------------------------------------------- yes / no

_TRUE = {
    "是", "有", "允许", "可以", "可", "能", "对", "具备", "支持",
    "yes", "y", "true", "t", "1", "√", "✓", "✔",
}  # fmt: skip
_FALSE = {
    "否", "无", "没有", "不允许", "不可以", "不可", "不能", "错", "不具备", "不支持",
    "no", "n", "false", "f", "0", "×", "✗", "✘", "x",
}  # fmt: skip
_BOOL_EXPECTED = (
    "expected 是/否, 有/无, 允许/不允许, 可以/不可以, yes/no, y/n, true/false, 1/0 or √/×"
)


def parse_bool(value: object) -> bool | None:
    """是/否, 有/无, 允许/不允许, 可以/不可以, yes/no, y/n, true/false, 1/0, √/×; blank → None."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, Real | Decimal):
        try:
            number = float(value)
        except (ValueError, OverflowError):
            number = math.nan
        if number in (0.0, 1.0):
            return number == 1.0
        raise _error(value, "yes or no", _BOOL_EXPECTED, "only 1 and 0 are numbers for yes and no")
    if not isinstance(value, str):
        raise _error(value, "yes or no", _BOOL_EXPECTED)
    text = normalise(value).replace(" ", "")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in _BLANKS:
        return None
    raise _error(value, "yes or no", _BOOL_EXPECTED)
