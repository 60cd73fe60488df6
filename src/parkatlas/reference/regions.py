"""Administrative divisions (行政区划) and a resolver from names, short names, English names
and codes to the 6-digit code.

Pure: reads ``data/regions.csv`` shipped in the package (built by ``build_regions.py``; sources
in ``data/README.md``). No database, no network.

Resolution order (the first step that finds anything decides; ambiguity gives ``None``):

1. a code: 6 digits, 12 digits (``310114000000``), or an assigned 9-digit town code;
2. the full Chinese name (嘉定区), then the short name (嘉定), then the text with its
   administrative suffix removed taken as a short name (浦东区 → 浦东);
3. the English name, case-insensitive, abbreviations expanded ("Jiading Dist."), then the
   English name without its kind words ("Jiading", "Pudong", "Shanghai City");
4. a parent name followed by a child name (上海市嘉定区, 上海嘉定, "Jiading, Shanghai").

When several divisions share a name (朝阳区 is in Beijing and in Changchun), ``within`` (a
code prefix such as ``"31"``, a parent code such as ``"220100"``, or a name) picks the one
inside it; if the candidates are nested in one another (吉林: the province and the city) the
outermost is returned; otherwise ``None``, never a guess.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from parkatlas.reference._names import SUFFIXES, english_core, english_key

LEVELS = ("province", "city", "district", "town")
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"[\s\u3000]+")

# English names in common use besides the ones in the data.
ENGLISH_ALIASES: dict[str, str] = {
    "tibet": "540000",
    "macau": "820000",
    "innermongolia": "150000",
    "neimenggu": "150000",
    "xinjianguygur": "650000",
    "guangxizhuang": "450000",
    "ningxiahui": "640000",
    "peking": "110000",
}


@dataclass(frozen=True)
class RegionRecord:
    code: str
    name: str
    short_name: str
    name_en: str
    level: str
    parent_code: str | None
    lat: float | None
    lon: float | None
    source: str | None = None


def _read_data(name: str) -> str:
    return files("parkatlas.reference").joinpath("data", name).read_text(encoding="utf-8")


def _float(text: str) -> float | None:
    return float(text) if text else None


@lru_cache(maxsize=1)
def _load_regions() -> tuple[RegionRecord, ...]:
    rows = csv.DictReader(io.StringIO(_read_data("regions.csv")))
    return tuple(
        RegionRecord(
            code=r["code"],
            name=r["name"],
            short_name=r["short_name"],
            name_en=r["name_en"],
            level=r["level"],
            parent_code=r["parent_code"] or None,
            lat=_float(r["lat"]),
            lon=_float(r["lon"]),
            source=r.get("source") or None,
        )
        for r in rows
    )


def load_regions() -> list[RegionRecord]:
    """Every shipped division: provinces, cities, districts/counties, Shanghai's towns."""
    return list(_load_regions())


def code_prefix(code: str) -> str:
    """The significant digits of a code: 310000 → 31, 220100 → 2201, 310114 → 310114."""
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


def _strip_suffix(text: str) -> str | None:
    for suffix, _ in SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= 2:
            return text[: -len(suffix)]
    return None


class RegionIndex:
    """Look-ups over a list of divisions; build once, query many times (it is immutable)."""

    def __init__(self, records: list[RegionRecord] | tuple[RegionRecord, ...]) -> None:
        self._by_code: dict[str, RegionRecord] = {r.code: r for r in records}
        self._children: dict[str, list[str]] = defaultdict(list)
        self._name: dict[str, list[str]] = defaultdict(list)
        self._short: dict[str, list[str]] = defaultdict(list)
        self._en: dict[str, list[str]] = defaultdict(list)
        self._en_core: dict[str, list[str]] = defaultdict(list)
        for r in records:
            if r.parent_code:
                self._children[r.parent_code].append(r.code)
            self._name[r.name].append(r.code)
            if r.short_name != r.name:
                self._short[r.short_name].append(r.code)
            if r.name_en:
                self._en[english_key(r.name_en)].append(r.code)
                core = english_core(r.name_en)
                if core:
                    self._en_core[core].append(r.code)
        for key, code in ENGLISH_ALIASES.items():
            if code in self._by_code and code not in self._en[key]:
                self._en[key].append(code)

    # -- plain look-ups -------------------------------------------------------------------

    def get(self, code: str) -> RegionRecord | None:
        return self._by_code.get(code)

    def children(self, code: str) -> list[RegionRecord]:
        return [self._by_code[c] for c in self._children.get(code, [])]

    def ancestors(self, code: str) -> list[RegionRecord]:
        """The division itself, then its parent, up to the province."""
        out: list[RegionRecord] = []
        rec = self._by_code.get(code)
        while rec is not None and len(out) < 8:
            out.append(rec)
            rec = self._by_code.get(rec.parent_code) if rec.parent_code else None
        return out

    def is_within(self, code: str, ancestor: str) -> bool:
        return any(r.code == ancestor for r in self.ancestors(code))

    def __len__(self) -> int:
        return len(self._by_code)

    # -- resolution -----------------------------------------------------------------------

    def candidates(self, text: str) -> list[RegionRecord]:
        """Every division the text could name, at the first step that finds any."""
        return [self._by_code[c] for c in self._candidate_codes(_clean(text))]

    def resolve(self, text: str, within: str | None = None) -> str | None:
        """The 6-digit code (9 digits for a town) the text names, or None if none or unsure."""
        text = _clean(text)
        if not text:
            return None
        scope = self._scope(within)
        return self._pick(self._candidate_codes(text), scope)

    def _scope(self, within: str | None) -> str | None:
        if within is None:
            return None
        within = within.strip()
        if within.isdigit():
            return code_prefix(within[:6] if len(within) == 12 else within)
        code = self.resolve(within)
        return code_prefix(code) if code else None

    def _pick(self, codes: list[str], scope: str | None) -> str | None:
        if not codes:
            return None
        if len(codes) > 1 and scope:
            inside = [c for c in codes if c.startswith(scope)]
            if inside:
                codes = inside
        if len(codes) == 1:
            return codes[0]
        return self._outermost(codes)

    def _outermost(self, codes: list[str]) -> str | None:
        """If the candidates form one chain of nesting, the outermost; otherwise None."""
        by_depth = sorted(codes, key=lambda c: len(self.ancestors(c)))
        top = by_depth[0]
        if all(self.is_within(c, top) for c in by_depth[1:]):
            return top
        return None

    def _candidate_codes(self, text: str, depth: int = 0) -> list[str]:
        if not text:
            return []
        found = self._direct(text)
        if found or depth > 2:
            return found
        # parent + child before the suffix-stripped stem: 阳泉矿区 is the district 矿区 of
        # 阳泉, not the city 阳泉 with a suffix
        return self._composite(text, depth) or self._stem(text)

    def _direct(self, text: str) -> list[str]:
        if text.isdigit():
            return self._by_number(text)
        if "," in text or "，" in text:
            return []  # "Oroqen Autonomous Banner, Hulunbei'er City": a pair, for _composite
        latin = _fold_latin(text)
        if latin.isascii():
            key = english_key(latin)
            for table, k in ((self._en, key), (self._en_core, english_core(latin))):
                if k and table.get(k):
                    return list(table[k])
            return []
        for table in (self._name, self._short):
            if table.get(text):
                return list(table[text])
        return []

    def _stem(self, text: str) -> list[str]:
        """浦东区 → 浦东: the text without its administrative suffix, as a short name."""
        stem = _strip_suffix(text)
        if stem and (self._short.get(stem) or self._name.get(stem)):
            return list(self._short.get(stem) or self._name[stem])
        return []

    def _by_number(self, digits: str) -> list[str]:
        if digits in self._by_code:
            return [digits]
        if len(digits) == 12:
            if digits[:9] in self._by_code:
                return [digits[:9]]
            for n in (6, 4, 2):  # a statistical code: the nearest shipped division above
                code = digits[:n].ljust(6, "0")
                if code in self._by_code:
                    return [code]
        if len(digits) == 6:  # a placeholder we do not ship (市辖区 320101, 429000)
            for n in (4, 2):
                code = digits[:n].ljust(6, "0")
                if code in self._by_code:
                    return [code]
        return []

    def _composite(self, text: str, depth: int) -> list[str]:
        """上海市嘉定区, 上海嘉定, "Jiading District, Shanghai", "Shanghai Jiading"."""
        pairs: list[tuple[str, str]] = []
        if "," in text or "，" in text:
            parts = [p.strip() for p in re.split(r"[,，]", text) if p.strip()]
            if len(parts) == 2:
                pairs += [(parts[1], parts[0]), (parts[0], parts[1])]
        elif text.isascii():
            words = text.split()
            pairs += [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
        else:
            pairs += [(text[:i], text[i:]) for i in range(2, len(text) - 1)]
        found: set[str] = set()
        for parent_text, child_text in pairs:
            for parent in self._direct(parent_text):
                scope = code_prefix(parent)
                for child in self._candidate_codes(child_text, depth + 1):
                    if (
                        child != parent
                        and self.is_within(child, parent)
                        and child.startswith(scope)
                    ):
                        found.add(child)
        return sorted(found)


def _fold_latin(text: str) -> str:
    """Pinyin with tone marks or ü (Lüliang, Xī'ān) → plain ASCII letters."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _clean(text: str) -> str:
    text = _SPACE.sub(" ", text.strip())
    if text and not text.isascii():
        text = text.replace(" ", "")
    return text


@lru_cache(maxsize=1)
def region_index() -> RegionIndex:
    """The index over the shipped divisions (built once per process)."""
    return RegionIndex(_load_regions())


def resolve_region(text: str, within: str | None = None) -> str | None:
    """Shortcut for ``region_index().resolve(text, within)``."""
    return region_index().resolve(text, within)
