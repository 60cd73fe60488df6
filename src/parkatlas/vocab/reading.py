"""What every vocabulary reader returns: a :class:`Reading` (a value, maybe with a range, an
approximation flag, a note or a marker) or an :class:`Unreadable` (a typed reason, in Chinese
and English). Readers never raise for text a user typed.

Markers are values a cell states without a figure (issue 9 §3):

=============  ==============================================  ===========================
marker         written                                        meaning
=============  ==============================================  ===========================
``blank``      "" or only spaces                               nothing given
``unknown``    无, 暂无, —, -, /, 不详, 待定, 未知, N/A           given as unknown
``negotiable`` 面议, 电议, 协商, 价格面议                         a price/rent "by negotiation"
``none``       0 or 无 in a capacity column                    there is none (value 0)
``any``        不限, 均可, 任意 in an industry or kind column    no restriction
``now``        即可入驻, 现房, 随时, 立即                        available now (a date column)
=============  ==============================================  ===========================
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

__all__ = [
    "ANY_WORDS", "Marker", "NEGOTIABLE_WORDS", "NOW_WORDS", "Reading", "UNKNOWN_WORDS",
    "Unreadable", "marker_of", "normalise", "shown",
]  # fmt: skip

T = TypeVar("T")
Marker = Literal["blank", "unknown", "negotiable", "none", "any", "now"]

UNKNOWN_WORDS = frozenset(
    {"-", "--", "---", "—", "——", "–", "/", "//", "\\", "无", "暂无", "没有", "不详", "待定",
     "未知", "不明", "未定", "待确认", "n/a", "na", "none", "null", "nil", "?", "??", "tbd",
     "unknown"}
)  # fmt: skip
NEGOTIABLE_WORDS = frozenset(
    {"面议", "电议", "协商", "面谈", "议价", "可议", "价格面议", "租金面议", "售价面议",
     "具体面议", "详见面议", "negotiable"}
)  # fmt: skip
ANY_WORDS = frozenset({"不限", "均可", "任意", "不限行业", "行业不限", "any", "all", "全部"})
NOW_WORDS = frozenset(
    {"即可入驻", "即刻入驻", "可即入驻", "立即入驻", "随时入驻", "随时", "立即", "即时", "现房",
     "现房可入驻", "现可入驻", "可随时入驻", "已交付", "now", "immediately"}
)  # fmt: skip


def normalise(text: str) -> str:
    """NFKC (full width → ASCII, ㎡ → m2, ² → 2, （ → (), lower case, one space between words."""
    text = unicodedata.normalize("NFKC", text).replace("\u2212", "-").lower()
    return " ".join(text.split())


def shown(value: object) -> str:
    """A cell as quoted in messages: its repr, cut to 60 characters."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def marker_of(text: str, *, words: tuple[frozenset[str], ...] = ()) -> Marker | None:
    """The marker a normalised cell text states: blank, unknown, negotiable (and any or now when
    their word lists are passed in ``words``), else None."""
    if text == "":
        return "blank"
    compact = text.replace(" ", "")
    if compact in UNKNOWN_WORDS:
        return "unknown"
    if compact in NEGOTIABLE_WORDS:
        return "negotiable"
    for table in words:
        if compact in table:
            return "any" if table is ANY_WORDS else "now"
    return None


@dataclass(frozen=True)
class Reading(Generic[T]):
    """A cell that was read. ``value`` is in the concept's canonical unit (None when the cell
    states no value: see ``marker``). A range keeps both ends in ``low`` and ``high``; which
    end is the ``value`` is the reader's rule (an area range → the high end, the site's whole
    size; a rent range → the low end). ``approximate``: 约/左右/多/余; ``at_least``: ≥/以上/起.
    ``note``: words in brackets that carry no figure ("8米（檐口）" → note "檐口")."""

    value: T | None
    marker: Marker | None = None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    at_least: bool = False
    note: str | None = None

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None and self.low != self.high


@dataclass(frozen=True)
class Unreadable:
    """Why a cell could not be read: ``code`` for programs (``range``, ``upper_bound``,
    ``no_number``, ``unknown_unit``, ``not_positive``, ``unknown_word``, ``unknown_industry``,
    ``not_a_date`` …), ``en`` and ``zh`` for people (cause, then what fits)."""

    code: str
    value: str
    en: str
    zh: str

    def __str__(self) -> str:
        return self.en

    def message(self, lang: str = "en") -> str:
        """The message in ``lang`` ("zh" or "en")."""
        return self.zh if lang.startswith("zh") else self.en
