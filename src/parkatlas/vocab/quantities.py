"""Readers of the quantities a listing states, one per concept, each returning a
:class:`~parkatlas.vocab.reading.Reading` in one canonical unit or an
:class:`~parkatlas.vocab.reading.Unreadable`; none raises for user text.

=====================  ==============  ==================================================
reader                 canonical unit  also reads
=====================  ==============  ==================================================
:func:`read_area`      m²              亩 (× 10000/15), 公顷, 平方公里; a range → value is
                                       the high end (the whole space), ``low`` the smallest
                                       unit it divides into (area_min_m2)
:func:`read_rent`      元/㎡/天         元/㎡/月 (× 12/365), 元/㎡/年 (÷ 365), 元/亩/年; a range →
                                       value is the low end (cost fit), both ends kept
:func:`read_price`     元/㎡            万元/㎡, 万元/亩; a range → the low end
:func:`read_load`      kN/㎡            t/㎡ (× 9.80665), kg/㎡, kPa; a bare "2吨" or "800kg"
                                       in a load column is per ㎡
:func:`read_height`    m               cm, mm; "8米（檐口）" → 8 with note 檐口
:func:`read_power`     kVA             MVA, kW/千瓦 (read as kVA), "2×1250KVA"; 0 or 无 →
                                       value 0 with marker ``none``
:func:`read_number`    —               "1.5万", "五千" (Chinese numerals, whole cell)
=====================  ==============  ==================================================

Unknown markers (无, —, -, /, 不详, 待定 …) give ``Reading(None, marker="unknown")``; 面议
gives marker ``negotiable``; an empty cell marker ``blank``.
"""

from __future__ import annotations

import re

from parkatlas.vocab.numbers import CN_DIGITS, Concept, read_quantity
from parkatlas.vocab.numerals import parse_chinese
from parkatlas.vocab.reading import Reading, Unreadable, normalise

__all__ = [
    "MONTH_TO_DAY", "MU_M2", "TONNE_FORCE_KN", "AREA", "LOAD", "HEIGHT", "NUMBER", "POWER",
    "PRICE", "RENT", "read_area", "read_height", "read_load", "read_number", "read_power",
    "read_price", "read_rent",
]  # fmt: skip

MU_M2 = 10000 / 15
"""Square metres in one 亩 (15 亩 = 1 公顷; domain.md §0.2). The one 亩 constant of parkatlas."""
MONTH_TO_DAY = 12 / 365
"""Multiply a monthly rent (元/㎡/月) by this to get a daily one (元/㎡/天)."""
TONNE_FORCE_KN = 9.80665
"""kN exerted by one tonne under standard gravity: 1 t/m² = 9.80665 kN/m²."""


# ---------------------------------------------------------------- plain numbers

NUMBER = Concept(
    "a number", "数字",
    "expected a number such as 1234.5, 1,234, 1.5万, 3千 or 五千",
    "应为数字，如 1234.5、1,234、1.5万、3千 或 五千",
    lambda unit: 1.0 if unit == "" else None, zero=True, signed=True,
)  # fmt: skip


def read_number(value: object) -> Reading[float] | Unreadable:
    """A plain number of any sign: "1,234.5", "１２３", "1.5万", "约500", "-3"; a cell written
    wholly in Chinese numerals ("五千", "一万五", "三点五") is read by the one numeral parser,
    :func:`parkatlas.vocab.numerals.parse_chinese`."""
    if isinstance(value, str):
        text = normalise(value)
        bare = text.removeprefix("大约").removeprefix("约")
        has_digit = re.search("[零〇一二两三四五六七八九十壹贰叁肆伍陆柒捌玖拾]", bare)
        if has_digit and re.fullmatch(f"[{CN_DIGITS}]+", bare):
            chinese = parse_chinese(bare)
            if chinese is not None:
                return Reading(chinese, approximate=bare != text)
    return read_quantity(value, NUMBER)


# ---------------------------------------------------------------- areas

_M2_WORDS = {"m2", "m^2", "平方米", "平米", "平方", "平", "sqm", "sq.m", "平方公尺", "㎡"}
_AREA_UNITS: dict[str, float] = {
    "": 1.0,
    **dict.fromkeys(_M2_WORDS, 1.0),
    **dict.fromkeys(("亩", "mu"), MU_M2),
    **dict.fromkeys(("公顷", "ha", "hm2"), 1e4),
    **dict.fromkeys(("平方公里", "平方千米", "km2", "sqkm"), 1e6),
}
AREA = Concept(
    "an area", "面积",
    "expected a number with an area unit such as 5000㎡, 8,000平米, 1.5万平方米, 20亩, 2公顷",
    "应为带面积单位的数字，如 5000㎡、8,000平米、1.5万平方米、20亩、2公顷",
    _AREA_UNITS.get, range_value="high",
)  # fmt: skip


def read_area(value: object) -> Reading[float] | Unreadable:
    """An area in m², > 0. "约3000平方米" / "3000平米左右" → 3000, approximate; "3,000-5,000㎡"
    → value 5000 (the whole space), low 3000 (the smallest unit it divides into)."""
    return read_quantity(value, AREA)


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


def _rent_factor(unit: str) -> float | None:
    if unit == "":
        return 1.0
    found = _money_per(unit)
    if found is None or found[1] is None:
        return None
    return found[1] / found[0]


RENT = Concept(
    "a rent", "租金",
    "expected a rent such as 1.2元/㎡/天, 45元/㎡/月 or 438元/㎡/年 (a bare number is 元/㎡/天)",
    "应为租金，如 1.2元/㎡/天、45元/㎡/月 或 438元/㎡/年（只写数字按 元/㎡/天）",
    _rent_factor, zero=True,
)  # fmt: skip


def read_rent(value: object) -> Reading[float] | Unreadable:
    """A rent in 元/㎡/天, ≥ 0: per day as is, per month × 12/365, per year ÷ 365. A range
    "0.9-1.1元/㎡/天" → value 0.9 (the low end, used for cost fit), low 0.9, high 1.1. 面议 →
    marker ``negotiable``."""
    return read_quantity(value, RENT)


def _price_factor(unit: str) -> float | None:
    if unit in {"", "元"}:
        return 1.0
    found = _money_per(unit)
    if found is None or found[1] is not None:
        return None
    return 1 / found[0]


PRICE = Concept(
    "a price", "售价",
    "expected a price such as 8000元/㎡, 1.2万元/㎡ or 32万元/亩 (a bare number is 元/㎡)",
    "应为售价，如 8000元/㎡、1.2万元/㎡ 或 32万元/亩（只写数字按 元/㎡）",
    _price_factor, zero=True,
)  # fmt: skip


def read_price(value: object) -> Reading[float] | Unreadable:
    """A sale or land price in 元/㎡, ≥ 0: "8000元/㎡", "1.2万元/㎡", "32万元/亩" (÷ 10000/15)."""
    return read_quantity(value, PRICE)


# ---------------------------------------------------------------- loads, heights, power

_LOAD_UNITS: dict[str, float] = {
    "": 1.0,
    "kpa": 1.0,
    # a load column states a load per ㎡: a bare weight ("2吨", "800kg") is per ㎡ (issue 9 §3)
    **dict.fromkeys(("kn", "千牛"), 1.0),
    **dict.fromkeys(("t", "吨"), TONNE_FORCE_KN),
    **dict.fromkeys(("kg", "公斤", "千克"), TONNE_FORCE_KN / 1000),
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
LOAD = Concept(
    "a floor load", "楼板承重",
    "expected a floor load such as 10kN/㎡, 1.5吨/㎡, 2吨 or 800kg/㎡ (a bare number is kN/㎡)",
    "应为承重，如 10kN/㎡、1.5吨/㎡、2吨 或 800kg/㎡（只写数字按 kN/㎡）",
    _LOAD_UNITS.get,
)  # fmt: skip


def read_load(value: object) -> Reading[float] | Unreadable:
    """A floor load in kN/m², > 0: t/m² × 9.80665, kg/m² × 0.00980665, kPa = kN/m²; a bare
    weight ("2吨", "800kg") in a load column is per m²."""
    return read_quantity(value, LOAD)


_HEIGHT_UNITS = {
    "": 1.0,
    **dict.fromkeys(("m", "米", "公尺"), 1.0),
    **dict.fromkeys(("cm", "厘米"), 0.01),
    **dict.fromkeys(("mm", "毫米"), 0.001),
}
HEIGHT = Concept(
    "a height", "层高",
    "expected a height such as 8米, 10.5m or 800cm (a bare number is m)",
    "应为高度，如 8米、10.5m 或 800cm（只写数字按 米）",
    _HEIGHT_UNITS.get,
)  # fmt: skip


def read_height(value: object) -> Reading[float] | Unreadable:
    """A height (storey, clear or eave height) in m, > 0: "8米", "10.5 M", "800厘米";
    "8米（檐口）" → 8 with note "檐口"."""
    return read_quantity(value, HEIGHT)


_POWER_UNITS = {
    "": 1.0,
    **dict.fromkeys(("kva", "千伏安", "kw", "千瓦"), 1.0),
    **dict.fromkeys(("mva", "兆伏安", "mw", "兆瓦"), 1000.0),
}
POWER = Concept(
    "a capacity", "电力容量",
    "expected a capacity such as 800kVA, 1.5MVA, 800千伏安 or 2×1250kVA (a bare number is kVA)",
    "应为电力容量，如 800kVA、1.5MVA、800千伏安 或 2×1250kVA（只写数字按 kVA）",
    _POWER_UNITS.get, zero=True,
)  # fmt: skip
_TRANSFORMERS = re.compile(r"^([1-9][0-9]?)\s*(?:台\s*)?(?:[×x*]|台)\s*(.+)$")
_NO_POWER = frozenset({"无", "没有", "暂无", "0", "none"})


def read_power(value: object) -> Reading[float] | Unreadable:
    """Electric capacity in kVA, ≥ 0: "800KVA", "1.5MVA" (× 1000), "800千伏安", "2×1250kVA".
    0 or 无 → value 0 with marker ``none`` (the site has no capacity of its own).

    Assumption: "kW" / "千瓦" (and MW) are read as kVA. Listings quote a transformer's
    capacity in either; the real power is kVA × power factor (≈ 0.9–1.0), close enough for
    matching a project's need, which is quoted the same loose way.
    """
    if isinstance(value, str):
        text = normalise(value).replace(" ", "")
        if text in _NO_POWER:
            return Reading(0.0, marker="none")
        several = _TRANSFORMERS.match(text)
        if several:
            each = read_quantity(several.group(2), POWER)
            if isinstance(each, Reading) and each.value is not None and not each.is_range:
                return Reading(int(several.group(1)) * each.value, approximate=each.approximate)
    result = read_quantity(value, POWER)
    if isinstance(result, Reading) and result.value == 0 and not result.is_range:
        return Reading(0.0, marker="none")
    return result
