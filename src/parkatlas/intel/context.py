"""Context of a fact: the document's date, its sentences, the places and time words in them.

* ``find_doc_date(text)``: the first full date of the page (2022-06-06, Time:2022.06.21,
  2022年6月21日); without one, the year is inferred from the years the text mentions (a year
  whose full-year results are reported — "In 2021, the GDP … increased" — means the text
  was written the year after).
* ``Layout``: paragraphs (lines), sentences (。！？!? and a full stop), sub-sentences (also
  ；;) and clauses (also ，,:：), as sorted boundary lists for fast look-up.
* ``find_places(text)`` and ``region_code`` (``places.py``), ``find_times(text)``
  (``times.py``) and ``find_doc_date`` (``dates.py``) are re-exported.
"""

from __future__ import annotations

import bisect
import re

__all__ = [
    "Layout",
    "Place",
    "TimeWord",
    "find_doc_date",
    "infer_doc_year",
    "find_places",
    "find_times",
    "region_code",
]

from parkatlas.intel.dates import find_doc_date, infer_doc_year
from parkatlas.intel.places import Place, find_places, region_code
from parkatlas.intel.times import TimeWord, find_times

# ------------------------------------------------------------------ layout

_RX_SENT_END = re.compile(r"[。！？!?\n]|(?<![\d\sA-Z.])\.(?![\d.])")
_RX_NL = re.compile(r"\n")
_RX_BOUNDARY = re.compile(r"[。！？!?\n.；;，,:：—–]")
_RX_SUB_END = re.compile(r"[；;]")
_RX_CLAUSE_END = re.compile(r"，|(?<!\d),|,(?!\d{3})|[:：]|\s[—–]\s|——")


_RX_ABBREV = re.compile(r"(?<![A-Za-z])(?:Co|Corp|Sept|Oct|Dept|Govt)$")


class Layout:
    """Sorted boundaries of paragraphs, sentences, sub-sentences and clauses."""

    __slots__ = ("text", "para", "sent", "sub", "clause")

    def __init__(self, text: str) -> None:
        self.text = text
        n = len(text)
        para = [0]
        sent = [0]
        sub = [0]
        clause = [0]
        for m in _RX_BOUNDARY.finditer(text):
            ch = m.group(0)
            i = m.end()
            if ch == "\n":
                para.append(i)
                sent.append(i)
            elif ch in "。！？!?":
                sent.append(i)
            elif ch == ".":
                # a full stop, not a decimal point, an initial or an abbreviation
                j = m.start()
                prev = text[j - 1] if j else " "
                nxt = text[i] if i < n else " "
                if prev.isdigit() and nxt.isdigit() or prev.isspace() or nxt == ".":
                    continue
                if prev.isupper() and (j < 2 or not text[j - 2].isalpha()):
                    continue  # U.S, No. 1 style initials
                if (
                    prev == "."
                    or nxt.isdigit()
                    or nxt in ",，;；"
                    or (nxt == " " and text[i + 1 : i + 2].islower())
                ):
                    continue  # "Co., Ltd.,": an abbreviation inside the sentence
                if prev in "oOtTpP" and _RX_ABBREV.search(text, max(0, j - 6), j):
                    continue  # "… Co. Ltd", "Sept. 3": no sentence ends there
                sent.append(i)
            elif ch in "；;":
                sub.append(i)
            elif ch == ",":
                j = m.start()
                if (
                    j
                    and text[j - 1].isdigit()
                    and text[i : i + 3].isdigit()
                    and len(text[i : i + 3]) == 3
                ):
                    continue  # 1,450,000
                clause.append(i)
            elif ch in "—–":
                if ch == "—" and i < n and text[i] == "—":
                    continue
                if i < n and text[i].isdigit() and text[m.start() - 1 : m.start()].isdigit():
                    continue  # a range of months or numbers: 1—9月
                if ch == "–" and not (text[m.start() - 1 : m.start()].isspace()):
                    continue
                clause.append(i)
            else:
                clause.append(i)
        self.para = para
        self.sent = sent
        self.sub = sorted(set(sent) | set(sub))
        self.clause = sorted(set(self.sub) | set(clause))

    @staticmethod
    def _span(bounds: list[int], pos: int, n: int) -> tuple[int, int]:
        i = bisect.bisect_right(bounds, pos) - 1
        start = bounds[i]
        end = bounds[i + 1] if i + 1 < len(bounds) else n
        return start, end

    def sentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sent, pos, len(self.text))

    def subsentence(self, pos: int) -> tuple[int, int]:
        return self._span(self.sub, pos, len(self.text))

    def clause_of(self, pos: int) -> tuple[int, int]:
        return self._span(self.clause, pos, len(self.text))

    def paragraph(self, pos: int) -> tuple[int, int]:
        return self._span(self.para, pos, len(self.text))

    def sentence_index(self, pos: int) -> int:
        return bisect.bisect_right(self.sent, pos) - 1
