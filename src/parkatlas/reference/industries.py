"""GB/T 4754-2017 国民经济行业分类 and the 2018 strategic emerging industries (战略性新兴产业).

Pure: reads ``data/gbt4754-2017.csv``, ``data/gbt4754-2017-en.csv`` (English names of the
sections and divisions, translated for parkatlas, not official) and ``data/sei2018.csv``.

``IndustryIndex.resolve`` accepts a code ("27", "C27", "2710", "C2710", "C"), an exact Chinese
name (医药制造业), the name without its 业 / 制造业 ending where that is unambiguous
(医药制造), or the English name of a section or division, case-insensitive. When a name is
shared by nested levels (a group that holds a single class carries the class's name: 其他农业
is both 019 and 0190) the most specific code is returned.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from parkatlas.reference.regions import _read_data

LEVELS = ("section", "division", "group", "class")
_CODE = re.compile(r"^([A-Ta-t])?\s*(\d{2,4})?$")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_ZH_SPACE = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class IndustryRecord:
    code: str
    level: str
    section: str
    division: str | None
    group: str | None
    name_zh: str
    name_en: str | None
    note_zh: str | None


@dataclass(frozen=True)
class EmergingIndustryRecord:
    """One of the 9 areas of 战略性新兴产业分类(2018)."""

    code: str
    name_zh: str
    name_en: str


@lru_cache(maxsize=1)
def _load_industries() -> tuple[IndustryRecord, ...]:
    en = {
        r["code"]: r["name_en"]
        for r in csv.DictReader(io.StringIO(_read_data("gbt4754-2017-en.csv")))
    }
    rows = csv.DictReader(io.StringIO(_read_data("gbt4754-2017.csv")))
    return tuple(
        IndustryRecord(
            code=r["code"],
            level=r["level"],
            section=r["section"],
            division=r["division"] or None,
            group=r["group"] or None,
            name_zh=r["name_zh"],
            name_en=en.get(r["code"]) or None,
            note_zh=r["note_zh"] or None,
        )
        for r in rows
    )


def load_industries() -> list[IndustryRecord]:
    """All 1,971 rows: 20 sections, 97 divisions, 473 groups, 1,381 classes."""
    return list(_load_industries())


@lru_cache(maxsize=1)
def _load_sei() -> tuple[EmergingIndustryRecord, ...]:
    rows = csv.DictReader(io.StringIO(_read_data("sei2018.csv")))
    return tuple(EmergingIndustryRecord(r["code"], r["name_zh"], r["name_en"]) for r in rows)


def load_sei() -> list[EmergingIndustryRecord]:
    """The 9 areas of the strategic emerging industries classification (2018)."""
    return list(_load_sei())


def _en_key(text: str) -> str:
    return _NON_WORD.sub(" ", text.lower().replace("&", " and ")).strip()


def _zh_variants(name: str) -> set[str]:
    out = set()
    for suffix in ("制造业", "产业", "业"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            out.add(name[: -len(suffix)])
    return out


class IndustryIndex:
    def __init__(self, records: list[IndustryRecord] | tuple[IndustryRecord, ...]) -> None:
        self._by_code = {r.code: r for r in records}
        self._name: dict[str, list[str]] = defaultdict(list)
        self._variant: dict[str, list[str]] = defaultdict(list)
        self._en: dict[str, list[str]] = defaultdict(list)
        for r in records:
            self._name[r.name_zh].append(r.code)
            for v in _zh_variants(r.name_zh):
                self._variant[v].append(r.code)
            if r.name_en:
                self._en[_en_key(r.name_en)].append(r.code)

    def get(self, code: str) -> IndustryRecord | None:
        return self._by_code.get(code)

    def __len__(self) -> int:
        return len(self._by_code)

    def ancestors(self, code: str) -> list[str]:
        """The code and the codes above it: "2710" → ["2710", "271", "27", "C"]."""
        rec = self._by_code.get(code)
        if rec is None:
            return []
        chain = [rec.code, rec.group, rec.division, rec.section]
        out: list[str] = []
        for c in chain:
            if c and c not in out:
                out.append(c)
        return out

    def section_of(self, code: str) -> str | None:
        rec = self._by_code.get(code)
        return rec.section if rec else None

    def children(self, code: str) -> list[IndustryRecord]:
        rec = self._by_code.get(code)
        if rec is None:
            return []
        depth = LEVELS.index(rec.level)
        if depth == len(LEVELS) - 1:
            return []
        below = LEVELS[depth + 1]
        return [
            r for r in self._by_code.values() if r.level == below and code in self.ancestors(r.code)
        ]

    def candidates(self, text: str) -> list[IndustryRecord]:
        return [self._by_code[c] for c in self._candidate_codes(text)]

    def resolve(self, text: str) -> str | None:
        """The GB/T 4754-2017 code the text names, or None if none or ambiguous."""
        codes = self._candidate_codes(text)
        if len(codes) == 1:
            return codes[0]
        if not codes:
            return None
        deepest = max(codes, key=lambda c: len(self.ancestors(c)))
        if all(c in self.ancestors(deepest) for c in codes):
            return deepest
        return None

    def _candidate_codes(self, text: str) -> list[str]:
        text = text.strip()
        if not text:
            return []
        m = _CODE.match(text)
        if m:
            letter, digits = m.group(1), m.group(2)
            if digits:
                rec = self._by_code.get(digits)
                if rec and (letter is None or rec.section == letter.upper()):
                    return [digits]
                return []
            if letter and letter.upper() in self._by_code:
                return [letter.upper()]
            return []
        if text.isascii():
            return list(self._en.get(_en_key(text), []))
        text = _ZH_SPACE.sub("", text)
        if text in self._name:
            return list(self._name[text])
        return list(self._variant.get(text, []))


@lru_cache(maxsize=1)
def industry_index() -> IndustryIndex:
    """The index over GB/T 4754-2017 (built once per process)."""
    return IndustryIndex(_load_industries())


def resolve_industry(text: str) -> str | None:
    """Shortcut for ``industry_index().resolve(text)``."""
    return industry_index().resolve(text)
