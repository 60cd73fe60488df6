"""Numerals → numbers: the one home of parkatlas's numeral parsers (news text in ``intel``,
spreadsheet cells in ``vocab.quantities``).

Pure and fast (no regex compilation per call, no model): Arabic numerals with thousands
separators and decimals, Chinese numerals (一百亿, 十四, 两千零五, 壹佰, 三点五, 负五), the
spoken short forms (一万五 = 15000, 三千二 = 3200: a last digit without 零 after a unit counts
in the next lower unit), mixed forms (60.4亿, 2.1万亿, 3千万), English number words (four,
twenty-one, a hundred) and the multipliers 万/亿/万亿, thousand/million/billion/trillion.
"""

from __future__ import annotations

import re

__all__ = [
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "CN_UNITS",
    "EN_SCALES",
    "EN_WORDS",
    "parse_arabic",
    "parse_chinese",
    "parse_english",
    "parse_number",
]

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
# small units (inside a section of four digits)
CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# section units
CN_BIG: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
CN_UNITS: dict[str, int] = {**CN_SMALL, **CN_BIG}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)

EN_WORDS: dict[str, int] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
EN_SCALES: dict[str, float] = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}

_ARABIC = re.compile(r"^[+-]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_EN_SPLIT = re.compile(r"[\s-]+")


def parse_arabic(s: str) -> float | None:
    """'1,450,000' → 1450000.0, '60.4' → 60.4, '１２' → 12.0; None when not a numeral."""
    s = s.strip().translate(_FULLWIDTH)
    if not _ARABIC.match(s):
        return None
    return float(s.replace(",", "").replace("，", ""))


def _section(s: str) -> float | None:
    """A Chinese numeral without 万/亿 (0..9999), allowing a leading Arabic part ('3千')."""
    if not s:
        return 0.0
    if not any(ch in CN_SMALL for ch in s):
        # no 十/百/千: a plain digit string (二〇二三, 5, 60.4)
        if all(ch in CN_DIGITS for ch in s):
            return float("".join(str(CN_DIGITS[ch]) for ch in s))
        return parse_arabic(s)
    total = 0.0
    digit: float | None = None
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch.isdigit() or ch == ".":
            j = i
            while j < n and (s[j].isdigit() or s[j] == "."):
                j += 1
            digit = parse_arabic(s[i:j])
            if digit is None:
                return None
            i = j
            continue
        if ch in CN_DIGITS:
            d = CN_DIGITS[ch]
            digit = float(d) if d else None
        elif ch in CN_SMALL:
            total += (1.0 if digit is None else digit) * CN_SMALL[ch]
            digit = None
        else:
            return None
        i += 1
    if digit is not None:
        prev = s[-2] if len(s) >= 2 else ""
        if prev in CN_SMALL and CN_SMALL[prev] >= 100 and s[-1] in CN_DIGITS:
            digit *= CN_SMALL[prev] / 10  # 三千二 = 3200, 一百五 = 150 (spoken short form)
        total += digit
    return total


def parse_chinese(s: str) -> float | None:
    """Chinese or mixed numerals: '一百亿' → 1e10, '十四' → 14, '60.4亿' → 6.04e9,
    '2.1万亿' → 2.1e12, '两千零五' → 2005, '百' → 100, '千亿' → 1e11. None if not one."""
    s = s.strip().translate(_FULLWIDTH)
    if not s:
        return None
    if s[0] == "负" and len(s) > 1:
        rest = parse_chinese(s[1:])
        return None if rest is None else -rest
    if "点" in s:
        whole, _, frac = s.partition("点")
        head = parse_chinese(whole) if whole else 0.0
        if head is None or not frac or not all(ch in CN_DIGITS for ch in frac):
            return None
        return head + float("0." + "".join(str(CN_DIGITS[ch]) for ch in frac))
    total = 0.0
    current = ""
    last_big = float("inf")
    pending: float = 0.0
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        if ch in CN_BIG:
            # combine consecutive big units (万亿 = 1e12)
            mult = CN_BIG[ch]
            while i + 1 < n and s[i + 1] in CN_BIG:
                i += 1
                mult *= CN_BIG[s[i]]
            sec = _section(current)
            if sec is None:
                return None
            if sec == 0 and not current:
                sec = 1.0 if not pending else 0.0
            value = (pending + sec) * mult
            if mult < last_big:
                total += value
                pending = 0.0
                last_big = mult
            else:
                # 一万亿 style already combined; '五千万亿' → carry everything up
                total = (total + pending + sec) * mult
                pending = 0.0
                last_big = mult
            current = ""
        else:
            if not (ch in CN_DIGITS or ch in CN_SMALL or ch.isdigit() or ch == "."):
                return None
            current += ch
        i += 1
    if current:
        sec = _section(current)
        if sec is None:
            return None
        if len(current) == 1 and current in CN_DIGITS and last_big != float("inf"):
            sec *= last_big / 10  # 一万五 = 15000, 三亿五 = 3.5亿 (spoken short form)
        total += sec
    return total


def parse_english(s: str) -> float | None:
    """English number words with optional scales: 'four' → 4, 'twenty-one' → 21,
    'one hundred' → 100, 'a hundred' → 100, '1.45 million' → 1.45e6, '10 thousand' → 1e4."""
    words = [w for w in _EN_SPLIT.split(s.strip().lower()) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current: float | None = None
    for w in words:
        if w in EN_WORDS:
            current = (current or 0.0) + EN_WORDS[w]
        elif w == "a" and current is None:
            current = 1.0
        elif w in EN_SCALES:
            scale = EN_SCALES[w]
            base = 1.0 if current is None else current
            if scale == 100:
                current = base * 100
            else:
                total += base * scale
                current = None
        else:
            v = parse_arabic(w)
            if v is None or current is not None:
                return None
            current = v
    return total + (current or 0.0)


def parse_number(s: str) -> float | None:
    """Any numeral of the forms above; None when the text is not a number."""
    s = s.strip()
    if not s:
        return None
    v = parse_arabic(s)
    if v is not None:
        return v
    if s[0].isascii() and s[0].isalpha() or " " in s:
        v = parse_english(s)
        if v is not None:
            return v
    return parse_chinese(s)
