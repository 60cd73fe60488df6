"""Read the numbers, areas, rents, prices, loads, heights and capacities of spreadsheet cells.

Chinese park and vacant-space spreadsheets write quantities in many ways ("1.5万平方米",
"20亩", "45元/㎡/月", "1.2吨/平方米", "2×1250KVA"). Every ``parse_*`` function here takes one
cell (``str``, ``int``, ``float``, ``Decimal``, or ``None``) and returns the value in one
canonical unit, ``None`` for an empty cell ("", "-", "—", "/", "无", "N/A"; also 面议/待定,
"to be negotiated"), or raises :class:`UnitError` with a message that says what was read
and what is expected.

Canonical units: area m², rent 元/㎡/天, price 元/㎡, floor load kN/m², height m, power kVA.
Conversions (shared/domain.md §0.2): 1 亩 = 10000/15 m², 1 公顷 = 10,000 m², 1 km² = 10⁶ m²,
a monthly rent × 12/365, a yearly rent ÷ 365, 1 t/m² = 9.80665 kN/m² (standard gravity).

Accepted in every quantity: full-width characters, thousands separators ("8,000", "1，234",
"1 234"), 万/亿/千/百 multipliers, an approximate or lower-bound qualifier ("约500", "≥8米", "8米以上", "1.2元/㎡/天起", "5000余平方米"), and a
bracketed second figure that must agree within 5% ("20亩（13333平方米）").

Refused on purpose: ranges ("5000-8000㎡": one cell, one value; split into min/max columns),
upper bounds ("≤8米", "5吨以下": the true value may be far lower, so it cannot stand for the
capacity of a site), unknown units, bracketed notes ("5000㎡（含办公）"), and Chinese numerals
with a unit ("五千平米", "三千多平": write digits); :func:`parse_number` alone reads "五千".
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from numbers import Real

import cn2an

__all__ = [
    "MONTH_TO_DAY", "MU_M2", "TONNE_FORCE_KN", "UnitError", "format_area", "parse_area_m2",
    "parse_bool", "parse_floor_load_kn_m2", "parse_height_m", "parse_number", "parse_power_kva",
    "parse_price_cny_m2", "parse_rent_cny_m2_day",
]  # fmt: skip

MU_M2 = 10000 / 15
"""Square metres in one 亩 (15 亩 = 1 公顷)."""
MONTH_TO_DAY = 12 / 365
"""Multiply a monthly rent (元/㎡/月) by this to get a daily one (元/㎡/天)."""
TONNE_FORCE_KN = 9.80665
"""kN exerted by one tonne under standard gravity: 1 t/m² = 9.80665 kN/m²."""


class UnitError(ValueError):
    """A cell that cannot be read as the expected quantity; the message says why and what fits."""


# ---------------------------------------------------------------- normalisation and numbers

_BLANKS = {"", "-", "--", "—", "——", "–", "/", "\\", "无", "暂无", "n/a", "na", "none", "null"}
_BLANKS |= {"面议", "电议", "协商", "待定"}  # "to be negotiated": no figure given
_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点负壹贰叁肆伍陆柒捌玖拾佰仟"
_LOWER_BOUND_PREFIXES = (
    "大约", "约为", "约", "≈", "~", "≥", ">=", "≧", ">", "不低于", "不小于", "不少于",
    "大于", "超过", "至少", "最低",
)  # fmt: skip
_LOWER_BOUND_SUFFIXES = ("及以上", "以上", "左右", "起")
_UPPER_BOUND = re.compile(r"^(≤|<=|≦|<|不超过|不大于|不高于|小于|低于|最高|至多)|(以下|以内)$")
_RANGE = re.compile(
    r"[0-9一二三四五六七八九十][^-~至到—–]*?(-|~|至|到|—|–)\s*[+]?[0-9一二三四五六七八九十]"
)
_NUM = re.compile(
    r"([+-]?)\s*((?:[0-9]{1,3}(?:[, ][0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(e[+-]?[0-9]+)?"
)
_UnitFactor = Callable[[str], float | None]
_BRACKETS = re.compile(r"^(.+?)\s*[(\[【]([^()\[\]【】]*)[)\]】]$")


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _error(value: object, what: str, expected: str, reason: str = "") -> UnitError:
    cause = f"{reason}; " if reason else ""
    return UnitError(f"cannot read {_shown(value)} as {what}: {cause}{expected}")


def _normalise(text: str) -> str:
    """NFKC (full width → ASCII, ㎡ → m2, ² → 2), lower case, one space between words."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").lower()
    return " ".join(text.split())


def _finite(number: float, value: object, what: str, expected: str) -> float:
    if not math.isfinite(number):
        raise _error(value, what, expected, "the number is not finite")
    return number


def _prepare(value: object, what: str, expected: str) -> float | str | None:
    """A number for numeric cells, a normalised string for text, None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _error(value, what, expected, "a true/false cell is not a number")
    if isinstance(value, Real | Decimal):
        try:
            return _finite(float(value), value, what, expected)
        except (ValueError, OverflowError, TypeError) as exc:
            raise _error(value, what, expected, "the number is not finite") from exc
    if not isinstance(value, str):
        raise _error(value, what, expected, f"a {type(value).__name__} is not text or a number")
    text = _normalise(value)
    if text in _BLANKS:
        return None
    changed = True
    while changed:
        changed = False
        for prefix in _LOWER_BOUND_PREFIXES:
            if text.startswith(prefix):
                text, changed = text[len(prefix) :].lstrip(), True
        for suffix in _LOWER_BOUND_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)].rstrip(), True
    return text.removeprefix("¥").lstrip()


def _readings(text: str) -> Iterator[tuple[float, str]]:
    """(number, unit) readings of ``text``: as written, with the 万/亿/千/百 multiplier folded
    into the number, and without a 多/余 ("more than") after it. Units carry no spaces."""
    match = _NUM.match(text)
    if not match:
        return
    sign, digits, exponent = match.groups()
    number = float(sign + digits.replace(",", "").replace(" ", "") + (exponent or ""))
    rest = text[match.end() :].replace(" ", "")
    options = [(number, rest)]
    if rest[:1] in _MULTIPLIERS:
        options.append((number * _MULTIPLIERS[rest[0]], rest[1:]))
    for value, unit in options:
        yield value, unit
        if unit[:1] in {"多", "余"}:
            yield value, unit[1:]


def _quantity(value: object, what: str, expected: str, unit_factor: _UnitFactor) -> float | None:
    """Read ``value`` as number × unit; ``unit_factor`` maps a unit text to its factor."""
    prepared = _prepare(value, what, expected)
    if prepared is None or isinstance(prepared, float):
        return prepared
    found = _read_text(prepared, unit_factor)
    if found is not None:
        return _finite(found, value, what, expected)
    brackets = _BRACKETS.match(prepared)
    if brackets:
        outer, inner = brackets.groups()
        joined = _read_text(outer + inner, unit_factor)
        if joined is not None:
            return _finite(joined, value, what, expected)
        first, second = _read_text(outer, unit_factor), _read_text(inner, unit_factor)
        if first is not None and second is not None:
            if abs(first - second) <= 0.05 * max(abs(first), abs(second)):
                return _finite(first, value, what, expected)
            raise _error(value, what, expected, "the figure in brackets does not agree")
        if first is not None:
            raise _error(value, what, expected, "remove the note in brackets")
    raise _error(value, what, expected, _diagnose(prepared, what))


def _read_text(text: str, unit_factor: _UnitFactor) -> float | None:
    for number, unit in _readings(text):
        factor = unit_factor(unit)
        if factor is not None:
            return number * factor
    return None


def _diagnose(text: str, what: str) -> str:
    has_period = re.search(r"/(天|日|月|年|day|month|year)", text)
    if what == "a price" and has_period:
        return "this is a rent (it has a period); a price is per ㎡ or per 亩 only"
    if what == "a rent" and "/" in text and not has_period:
        return "a rent needs a period: /天, /月 or /年"
    if _UPPER_BOUND.search(text):
        return "an upper bound is not a value (give the figure itself)"
    if _RANGE.search(text):
        return "a range is not one value (put the minimum and maximum in their own columns)"
    if re.match(f"[{_CN_DIGITS}]", text) and what != "a number":
        return "write the number in digits (五千平方米 → 5000平方米)"
    if not re.search(f"[0-9{_CN_DIGITS}]", text):
        return "there is no number"
    return ""


def _measure(
    value: object, what: str, expected: str, unit_factor: _UnitFactor, zero: bool = False
) -> float | None:
    """:func:`_quantity`, then refuse values ≤ 0 (or < 0 when ``zero`` is allowed)."""
    number = _quantity(value, what, expected, unit_factor)
    if number is None or number > 0 or (zero and number == 0):
        return number
    raise _error(value, what, expected, f"it must be {'at least' if zero else 'greater than'} 0")


_NUMBER_EXPECTED = "expected a number such as 1234.5, 1,234, 1.5万, 3千 or 五千"


def parse_number(value: object) -> float | None:
    """A plain number: "1,234.5", "１２３", "1.5万", "2亿", "3千", "约500", "≥5", "-3".

    A cell written wholly in Chinese numerals ("五千", "一万五", "三点五") is read with cn2an.
    The quantity parsers below do not take Chinese numerals ("五千平米" is refused and the
    message asks for digits): written-out figures with units are rare in data sheets and
    often approximate ("三千多平").
    """
    prepared = _prepare(value, "a number", _NUMBER_EXPECTED)
    if isinstance(prepared, str) and re.fullmatch(f"[{_CN_DIGITS}]{{1,30}}", prepared):
        try:
            number = float(cn2an.cn2an(prepared, "smart"))
        except Exception:  # noqa: BLE001 - cn2an raises assorted errors on odd input
            number = None
        if number is not None:
            return _finite(number, value, "a number", _NUMBER_EXPECTED)
    return _quantity(value, "a number", _NUMBER_EXPECTED, lambda unit: 1.0 if unit == "" else None)


# ---------------------------------------------------------------- areas

_M2_WORDS = {"m2", "m^2", "平方米", "平米", "平方", "平", "sqm", "sq.m", "平方公尺"}
_AREA_UNITS: dict[str, float] = {
    "": 1.0,
    **dict.fromkeys(_M2_WORDS, 1.0),
    **dict.fromkeys(("亩", "mu"), MU_M2),
    **dict.fromkeys(("公顷", "ha", "hm2"), 1e4),
    **dict.fromkeys(("平方公里", "平方千米", "km2", "sqkm"), 1e6),
}
_AREA_EXPECTED = (
    "expected a number with an area unit such as 5000㎡, 8,000平米, 1.5万平方米, 20亩, 2公顷"
)


def parse_area_m2(value: object) -> float | None:
    """An area in m², > 0. A bare number is m²; 亩/mu, 公顷/ha, 平方公里/km² are converted."""
    return _measure(value, "an area", _AREA_EXPECTED, _AREA_UNITS.get)


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


# ---------------------------------------------------------------- rents and prices

_AREA_PER: dict[str, float] = {
    **dict.fromkeys(_M2_WORDS, 1.0),
    **dict.fromkeys(("亩", "mu"), MU_M2),
    **dict.fromkeys(("公顷", "ha"), 1e4),
}
_PERIODS = {
    **dict.fromkeys(("天", "日", "day", "d"), 1.0),
    **dict.fromkeys(("月", "month", "mon", "mo"), MONTH_TO_DAY),
    **dict.fromkeys(("年", "year", "yr", "a"), 1 / 365),
}


def _money_per(unit: str) -> tuple[float, float | None] | None:
    """For "元/㎡/月" → (area factor, period factor); None when the text is not such a unit."""
    for currency in ("人民币", "元", "rmb", "cny", "块"):
        if unit.startswith(currency):
            unit = unit[len(currency) :]
            break
    if not unit.startswith(("/", "每")):
        return None
    area: float | None = None
    period: float | None = None
    for part in re.split(r"[/每·・•⋅∙]", unit)[1:]:
        if part in _AREA_PER and area is None:
            area = _AREA_PER[part]
        elif part in _PERIODS and period is None:
            period = _PERIODS[part]
        else:
            return None
    return None if area is None else (area, period)


_RENT_EXPECTED = (
    "expected a rent such as 1.2元/㎡/天, 45元/㎡/月 or 438元/㎡/年 (a bare number is 元/㎡/天)"
)


def _rent_factor(unit: str) -> float | None:
    if unit == "":
        return 1.0
    found = _money_per(unit)
    if found is None or found[1] is None:
        return None
    return found[1] / found[0]


def parse_rent_cny_m2_day(value: object) -> float | None:
    """A rent in 元/㎡/天, ≥ 0: per day as is, per month × 12/365, per year ÷ 365."""
    return _measure(value, "a rent", _RENT_EXPECTED, _rent_factor, zero=True)


_PRICE_EXPECTED = (
    "expected a price such as 8000元/㎡, 1.2万元/㎡ or 32万元/亩 (a bare number is 元/㎡)"
)


def _price_factor(unit: str) -> float | None:
    if unit in {"", "元"}:
        return 1.0
    found = _money_per(unit)
    if found is None or found[1] is not None:
        return None
    return 1 / found[0]


def parse_price_cny_m2(value: object) -> float | None:
    """A sale or land price in 元/㎡, ≥ 0: "8000元/㎡", "1.2万元/㎡", "32万元/亩" (÷ 10000/15)."""
    return _measure(value, "a price", _PRICE_EXPECTED, _price_factor, zero=True)


# ---------------------------------------------------------------- loads, heights, power

_LOAD_UNITS: dict[str, float] = {
    "": 1.0,
    "kpa": 1.0,
    **{
        f"{weight}{sep}{area}": factor
        for weights, factor in (
            (("kn", "千牛"), 1.0),
            (("t", "吨"), TONNE_FORCE_KN),
            (("kg", "公斤", "千克"), TONNE_FORCE_KN / 1000),
        )
        for weight in weights
        for sep in ("/", "每")
        for area in ("m2", "平方米", "平米", "平方", "平")
    },
}
_LOAD_EXPECTED = (
    "expected a floor load such as 10kN/㎡, 1.5吨/㎡ or 800kg/㎡ (a bare number is kN/㎡)"
)


def parse_floor_load_kn_m2(value: object) -> float | None:
    """A floor load in kN/m², > 0: t/m² × 9.80665, kg/m² × 0.00980665, kPa = kN/m²."""
    return _measure(value, "a floor load", _LOAD_EXPECTED, _LOAD_UNITS.get)


_HEIGHT_UNITS = {
    "": 1.0,
    **dict.fromkeys(("m", "米", "公尺"), 1.0),
    **dict.fromkeys(("cm", "厘米"), 0.01),
    **dict.fromkeys(("mm", "毫米"), 0.001),
}
_HEIGHT_EXPECTED = "expected a height such as 8米, 10.5m or 800cm (a bare number is m)"


def parse_height_m(value: object) -> float | None:
    """A height (storey, clear or eave height) in m, > 0: "8米", "10.5 M", "800厘米"."""
    return _measure(value, "a height", _HEIGHT_EXPECTED, _HEIGHT_UNITS.get)


_POWER_UNITS = {
    "": 1.0,
    **dict.fromkeys(("kva", "千伏安", "kw", "千瓦"), 1.0),
    **dict.fromkeys(("mva", "兆伏安", "mw", "兆瓦"), 1000.0),
}
_POWER_EXPECTED = (
    "expected a capacity such as 800kVA, 1.5MVA, 800千伏安 or 2×1250kVA (a bare number is kVA)"
)
_TRANSFORMERS = re.compile(r"^([1-9][0-9]?)\s*(?:台\s*)?(?:[×x*]|台)\s*(.+)$")


def parse_power_kva(value: object) -> float | None:
    """Electric capacity in kVA, > 0: "800KVA", "1.5MVA" (× 1000), "800千伏安", "2×1250kVA".

    Assumption: "kW" / "千瓦" (and MW) are read as kVA. Listings quote a transformer's
    capacity in either; the real power is kVA × power factor (≈ 0.9–1.0), close enough for
    matching a project's need, which is quoted the same loose way.
    """
    prepared = _prepare(value, "a capacity", _POWER_EXPECTED)
    if isinstance(prepared, str):
        several = _TRANSFORMERS.match(prepared)
        if several:
            try:
                each = _measure(several.group(2), "a capacity", _POWER_EXPECTED, _POWER_UNITS.get)
            except UnitError:
                each = None  # the whole cell's error message is clearer
            if each is not None:
                return int(several.group(1)) * each
    return _measure(value, "a capacity", _POWER_EXPECTED, _POWER_UNITS.get)


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
    text = _normalise(value).replace(" ", "")
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if text in _BLANKS - {"无"}:
        return None
    raise _error(value, "yes or no", _BOOL_EXPECTED)
