"""The engine under every quantity reader: one cell → (number × unit factor), with qualifiers,
ranges and bracketed notes. Concept readers (``vocab.quantities``) give it a unit table.

Accepted in every quantity: full-width characters, thousands separators ("8,000", "1，234",
"1 234"), 万/亿/千/百 multipliers, approximate qualifiers ("约500", "3000平米左右", "5000余平方米")
and lower bounds ("≥8米", "8米以上", "1.2元/㎡/天起"), a range ("3,000-5,000㎡", "0.9-1.1元/㎡/天",
"20至30亩": both ends kept), a bracketed second figure that must agree within 5%
("20亩（13333平方米）") and a bracketed note without a figure ("8米（檐口）": kept as the note).

Refused: upper bounds ("≤8米", "5吨以下": the true value may be far lower), unknown units, and
Chinese numerals with a unit ("五千平米": write digits; a whole cell of Chinese numerals is a
plain number, read by :func:`parkatlas.vocab.numerals.parse_chinese`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from numbers import Real

from parkatlas.vocab.reading import Reading, Unreadable, marker_of, normalise, shown

UnitFactor = Callable[[str], float | None]


@dataclass(frozen=True)
class Concept:
    """What a reader reads: its name in English and Chinese, the examples that fit (both
    languages), its unit table, whether 0 is allowed, and which end of a range is the value."""

    en: str
    zh: str
    expected_en: str
    expected_zh: str
    unit_factor: UnitFactor
    zero: bool = False
    range_value: str = "low"  # "low" or "high"
    signed: bool = False  # any sign allowed (plain numbers)


_MULTIPLIERS = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿点负壹贰叁肆伍陆柒捌玖拾佰仟"
_APPROX_PREFIXES = ("大约", "约为", "约合", "约", "≈", "~", "近")
_APPROX_SUFFIXES = ("左右", "上下")
_AT_LEAST_PREFIXES = (
    "≥", ">=", "≧", ">", "不低于", "不小于", "不少于", "大于", "超过", "至少", "最低",
)  # fmt: skip
_AT_LEAST_SUFFIXES = ("及以上", "以上", "起")
_UPPER_BOUND = re.compile(r"^(≤|<=|≦|<|不超过|不大于|不高于|小于|低于|最高|至多)|(以下|以内)$")
_RANGE_SEPS = ("-", "~", "至", "到", "—", "–")
_NUM = re.compile(
    r"([+-]?)\s*((?:[0-9]{1,3}(?:[, ][0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)(e[+-]?[0-9]+)?"
)
_BRACKETS = re.compile(r"^(.+?)\s*[(\[【]([^()\[\]【】]*)[)\]】]$")


def _fail(value: object, c: Concept, code: str, en: str = "", zh: str = "") -> Unreadable:
    cause_en = f"{en}; " if en else ""
    cause_zh = f"{zh}；" if zh else ""
    return Unreadable(
        code,
        shown(value),
        f"cannot read {shown(value)} as {c.en}: {cause_en}{c.expected_en}",
        f"无法把 {shown(value)} 读作{c.zh}：{cause_zh}{c.expected_zh}",
    )


def _not_finite(value: object, c: Concept) -> Unreadable:
    return _fail(value, c, "not_finite", "the number is not finite", "数字不是有限值")


@dataclass
class _Text:
    text: str
    approximate: bool = False
    at_least: bool = False


def _strip_qualifiers(text: str) -> _Text:
    out = _Text(text)
    changed = True
    while changed:
        changed = False
        for prefixes, attr in ((_APPROX_PREFIXES, "approximate"), (_AT_LEAST_PREFIXES, "at_least")):
            for prefix in prefixes:
                if out.text.startswith(prefix) and len(out.text) > len(prefix):
                    out.text, changed = out.text[len(prefix) :].lstrip(), True
                    setattr(out, attr, True)
        for suffixes, attr in ((_APPROX_SUFFIXES, "approximate"), (_AT_LEAST_SUFFIXES, "at_least")):
            for suffix in suffixes:
                if out.text.endswith(suffix) and len(out.text) > len(suffix):
                    out.text, changed = out.text[: -len(suffix)].rstrip(), True
                    setattr(out, attr, True)
    out.text = out.text.removeprefix("¥").lstrip()
    return out


def readings(text: str) -> Iterator[tuple[float, str, bool]]:
    """(number, unit, more) readings of ``text``: as written, with the 万/亿/千/百 multiplier
    folded into the number, and without a 多/余 ("more than": ``more`` True) after it."""
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
        yield value, unit, False
        if unit[:1] in {"多", "余"}:
            yield value, unit[1:], True


def _read_text(text: str, unit_factor: UnitFactor) -> tuple[float, bool] | None:
    for number, unit, more in readings(text):
        factor = unit_factor(unit)
        if factor is not None:
            return number * factor, more
    return None


def _suffix(text: str) -> str:
    """The text after the leading number ("5,000m2" → "m2")."""
    match = _NUM.match(text)
    return text[match.end() :].strip() if match else text


def _read_range(text: str, unit_factor: UnitFactor) -> tuple[float, float] | None:
    """Both ends of "3,000-5,000m2", "20至30亩", "0.9-1.1元/m2/天", "1-1.5万平方米"."""
    for sep in _RANGE_SEPS:
        start = 0
        while (i := text.find(sep, start)) > 0:
            start = i + 1
            left, right = text[:i].strip(), text[i + len(sep) :].strip()
            if not right or not (right[0].isdigit() or right[0] == "."):
                continue
            high = _read_text(right, unit_factor)
            if high is None:
                continue
            low = _read_text(left, unit_factor) if _suffix(left) else None
            if low is None:
                low = _read_text(left + _suffix(right), unit_factor)
            if low is not None:
                return low[0], high[0]
    return None


def _diagnose(text: str, c: Concept) -> tuple[str, str, str]:
    has_period = re.search(r"/(天|日|月|年|day|month|year)", text)
    if c.en == "a price" and has_period:
        return ("rent_as_price", "this is a rent (it has a period); a price is per ㎡ or per 亩 only",
                "这是租金（带有时间单位）；售价只按每㎡或每亩计")  # fmt: skip
    if c.en == "a rent" and "/" in text and not has_period:
        return ("rent_without_period", "a rent needs a period: /天, /月 or /年",
                "租金需要时间单位：/天、/月 或 /年")  # fmt: skip
    if _UPPER_BOUND.search(text):
        return ("upper_bound", "an upper bound is not a value (give the figure itself)",
                "上限不是取值（请写出数值本身）")  # fmt: skip
    if re.match(f"[{CN_DIGITS}]", text) and c.en != "a number":
        return ("chinese_numerals", "write the number in digits (五千平方米 → 5000平方米)",
                "请用阿拉伯数字书写（五千平方米 → 5000平方米）")  # fmt: skip
    if not re.search(f"[0-9{CN_DIGITS}]", text):
        return "no_number", "there is no number", "没有数字"
    if any(sep in text[1:] for sep in _RANGE_SEPS):
        return ("range", "a range is not one value (put the minimum and maximum in their own columns)",
                "范围不是单一数值（最小值和最大值请分列填写）")  # fmt: skip
    return "unknown_unit", "", "单位无法识别"


def _checked(value: object, c: Concept, number: float) -> float | Unreadable:
    if not math.isfinite(number):
        return _not_finite(value, c)
    if number > 0 or (c.zero and number == 0) or c.signed:
        return number
    if c.zero:
        return _fail(value, c, "negative", "it must be at least 0", "不能小于 0")
    return _fail(value, c, "not_positive", "it must be greater than 0", "必须大于 0")


def read_quantity(value: object, c: Concept) -> Reading[float] | Unreadable:
    """Read one cell as the quantity ``c``: a Reading in the canonical unit, or Unreadable."""
    if value is None:
        return Reading(None, marker="blank")
    if isinstance(value, bool):
        return _fail(value, c, "wrong_type", "a true/false cell is not a number", "是/否不是数字")
    if isinstance(value, Real | Decimal):
        try:
            number = float(value)
        except (ValueError, OverflowError, TypeError):
            return _not_finite(value, c)
        checked = _checked(value, c, number)
        return checked if isinstance(checked, Unreadable) else Reading(checked)
    if not isinstance(value, str):
        kind = type(value).__name__
        return _fail(
            value, c, "wrong_type", f"a {kind} is not text or a number", f"{kind} 不是文本或数字"
        )
    text = normalise(value)
    marker = marker_of(text)
    if marker is not None:
        return Reading(None, marker=marker)
    q = _strip_qualifiers(text)
    note: str | None = None
    found = _read_text(q.text, c.unit_factor)
    span: tuple[float, float] | None = None
    if found is None:
        brackets = _BRACKETS.match(q.text)
        if brackets:
            outer, inner = brackets.groups()
            joined = _read_text(outer + inner, c.unit_factor)  # "20(亩)"
            first = _read_text(outer, c.unit_factor)
            second = _read_text(inner, c.unit_factor) if re.search("[0-9]", inner) else None
            if joined is not None and (first is None or second is None):
                found = joined
            elif first is not None and second is not None:
                if abs(first[0] - second[0]) > 0.05 * max(abs(first[0]), abs(second[0])):
                    return _fail(value, c, "brackets_disagree", "the figure in brackets does not agree",
                                 "括号中的数值与前面的不一致")  # fmt: skip
                found = first
            elif first is not None or (span := _read_range(outer, c.unit_factor)) is not None:
                found, note = first, inner.strip() or None
    if found is None and span is None:
        span = _read_range(q.text, c.unit_factor)
    if span is not None:
        low, high = span
        for end in span:
            bad = _checked(value, c, end)
            if isinstance(bad, Unreadable):
                return bad
        if low > high:
            return _fail(value, c, "range_order", "the range's first figure is above its second",
                         "范围的前一个数大于后一个数")  # fmt: skip
        chosen = low if c.range_value == "low" else high
        return Reading(chosen, low=low, high=high, approximate=q.approximate,
                       at_least=q.at_least, note=note)  # fmt: skip
    if found is None:
        code, en, zh = _diagnose(q.text, c)
        return _fail(value, c, code, en, zh)
    checked = _checked(value, c, found[0])
    if isinstance(checked, Unreadable):
        return checked
    return Reading(checked, approximate=q.approximate or found[1], at_least=q.at_least, note=note)
