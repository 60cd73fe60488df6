"""Numbers, units, money and dates as a Chinese investment officer writes them, or in English.

Chinese: ``1.2 元/㎡/天``, ``5,000 ㎡``, ``12.5 亩``, ``3.2 亿元``, ``800 万元``, ``8 米``,
``2026年3月5日``. English: ``CNY 1.2/m²/day``, ``5,000 m²``, ``12.5 mu``,
``CNY 320 million``, ``8 m``, ``5 Mar 2026``. Stored values are in parkatlas's canonical units
(m², 元/㎡/天, kN/㎡, m, kVA, 万元); every function takes ``None`` and returns "—".
Pure functions; the templates use them as filters.
"""

from __future__ import annotations

import datetime as dt
import math

from parkatlas.units import MU_M2, TONNE_FORCE_KN

DASH = "—"
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def number(value: float | int | None, decimals: int = 1) -> str:
    """Thousands separators, at most ``decimals`` decimals, no trailing zeros: 5000 → 5,000."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def area(m2: float | None, lang: str = "zh") -> str:
    """5000 → ``5,000 ㎡`` (``5,000 m²``); whole square metres from 100 up."""
    if m2 is None:
        return DASH
    return f"{number(m2, 0 if m2 >= 100 else 1)} {'㎡' if lang == 'zh' else 'm²'}"


def mu(m2: float | None, lang: str = "zh") -> str:
    """An area in 亩, one decimal: 8333.3 ㎡ → ``12.5 亩`` (``12.5 mu``)."""
    if m2 is None:
        return DASH
    return f"{number(m2 / MU_M2, 1)} {'亩' if lang == 'zh' else 'mu'}"


def rent(cny_m2_day: float | None, lang: str = "zh") -> str:
    """A daily rent: 1.2 → ``1.2 元/㎡/天`` (``CNY 1.2/m²/day``); two decimals under 10."""
    if cny_m2_day is None:
        return DASH
    text = number(cny_m2_day, 2 if cny_m2_day < 10 else 1)
    return f"{text} 元/㎡/天" if lang == "zh" else f"CNY {text}/m²/day"


def price(cny_m2: float | None, lang: str = "zh") -> str:
    """A sale price: 12000 → ``12,000 元/㎡`` (``CNY 12,000/m²``)."""
    if cny_m2 is None:
        return DASH
    text = number(cny_m2, 0)
    return f"{text} 元/㎡" if lang == "zh" else f"CNY {text}/m²"


def money_wan(wan: float | None, lang: str = "zh") -> str:
    """An amount in 万元: 32000 → ``3.2 亿元``; 800 → ``800 万元``; English in millions."""
    if wan is None:
        return DASH
    if lang == "zh":
        if abs(wan) >= 10000:
            return f"{number(wan / 10000, 2)} 亿元"
        return f"{number(wan, 1)} 万元"
    millions = wan / 100
    if abs(millions) >= 1000:
        return f"CNY {number(millions / 1000, 2)} billion"
    return f"CNY {number(millions, 2)} million"


def load(kn_m2: float | None, lang: str = "zh") -> str:
    """A floor load with its tonnes, as leasing ads give it: 9.8 → ``9.8 kN/㎡（1 吨/㎡）``."""
    if kn_m2 is None:
        return DASH
    tonnes = number(kn_m2 / TONNE_FORCE_KN, 1)
    if lang == "zh":
        return f"{number(kn_m2, 1)} kN/㎡（{tonnes} 吨/㎡）"
    return f"{number(kn_m2, 1)} kN/m² ({tonnes} t/m²)"


def height(m: float | None, lang: str = "zh") -> str:
    if m is None:
        return DASH
    return f"{number(m, 1)} {'米' if lang == 'zh' else 'm'}"


def power(kva: float | None, lang: str = "zh") -> str:
    if kva is None:
        return DASH
    return f"{number(kva, 0)} kVA"


def count(n: int | None, lang: str = "zh", unit_zh: str = "", unit_en: str = "") -> str:
    """A count with its measure word: 12 → ``12 个`` / ``12``."""
    if n is None:
        return DASH
    unit = unit_zh if lang == "zh" else unit_en
    return f"{number(n, 0)} {unit}".rstrip()


def date(value: dt.date | dt.datetime | None, lang: str = "zh") -> str:
    """2026-03-05 → ``2026年3月5日`` (``5 Mar 2026``)."""
    if value is None:
        return DASH
    if lang == "zh":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {_MONTHS_EN[value.month - 1]} {value.year}"


def moment(value: dt.datetime | None, lang: str = "zh") -> str:
    """A time of the server (UTC): ``2026年3月5日 08:30 UTC``."""
    if value is None:
        return DASH
    return f"{date(value, lang)} {value.hour:02d}:{value.minute:02d} UTC"


def percent(share: float | None, lang: str = "zh") -> str:
    """0.125 → ``12.5%``."""
    if share is None:
        return DASH
    return f"{number(share * 100, 1)}%"
