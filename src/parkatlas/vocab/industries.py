"""Read an industry cell: GB/T 4754-2017 codes from the official names, codes, and the short
names users write (医疗器械, 新能源汽车, 集成电路, 生物医药 …: the shipped alias table
``reference/data/industry_aliases.csv``, each alias with its basis).

The whole cell is resolved first, then runs of its parts, longest first, so an official name
that holds a separator is never split: ``计算机、通信和其他电子设备制造业`` → 39, and
``计算机、通信和其他电子设备制造业、医药制造业`` → 39;27. Separators: 、，,;；/|, spaces and
newlines. 不限 / 均可 / 行业不限 → marker ``any`` (no restriction).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from parkatlas.vocab.reading import ANY_WORDS, Reading, Unreadable, marker_of, normalise, shown

__all__ = ["IndustryAlias", "industry_aliases", "read_industries", "resolve_industry_name"]

_SEPARATORS = re.compile(r"([;；,，、/|\n\r\t ]+|(?<=[^和及与])及(?=[^其]))")
_TRAILING = ("产业链", "产业", "行业", "企业", "领域", "类", "等")
_EXPECTED_EN = (
    "give GB/T 4754-2017 codes (27, 3973) or names (医药制造业), or common names such as "
    "生物医药, 集成电路, 医疗器械, separated by 、 or ;"
)
_EXPECTED_ZH = "请填写 GB/T 4754-2017 代码（27、3973）或名称（医药制造业），或常用名如 生物医药、集成电路、医疗器械，用 、 或 ; 分隔"


@dataclass(frozen=True)
class IndustryAlias:
    alias: str
    code: str
    basis: str


@lru_cache(maxsize=1)
def industry_aliases() -> dict[str, IndustryAlias]:
    """The shipped alias table: alias (normalised) → (code, basis)."""
    from parkatlas.reference.regions import _read_data

    rows = csv.DictReader(io.StringIO(_read_data("industry_aliases.csv")))
    return {
        normalise(r["alias"]).replace(" ", ""): IndustryAlias(r["alias"], r["code"], r["basis"])
        for r in rows
    }


def resolve_industry_name(text: str) -> str | None:
    """One industry named by a code, an official name (or its short form), an English name, or
    an alias; also with a trailing 产业/行业/企业/类 (集成电路产业 → 3973). None if unknown."""
    from parkatlas.reference.industries import industry_index

    text = text.strip()
    if not text:
        return None
    index = industry_index()
    code = index.resolve(text)
    if code is not None:
        return code
    key = normalise(text).replace(" ", "")
    aliases = industry_aliases()
    if key in aliases:
        return aliases[key].code
    for suffix in _TRAILING:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return resolve_industry_name(key[: -len(suffix)])
    return None


def _fail(value: object, code: str, en: str, zh: str) -> Unreadable:
    return Unreadable(
        code,
        shown(value),
        f"cannot read {shown(value)} as industries: {en}; {_EXPECTED_EN}",
        f"无法把 {shown(value)} 读作行业：{zh}；{_EXPECTED_ZH}",
    )


def read_industries(
    value: object, *, resolve: Callable[[str], str | None] | None = None
) -> Reading[tuple[str, ...]] | Unreadable:
    """The GB/T 4754 codes a cell names, in order, without repeats. ``resolve`` (default
    :func:`resolve_industry_name`) may add names known to an atlas. Every part must resolve;
    otherwise Unreadable (code ``unknown_industry``) names the parts that did not."""
    if value is None:
        return Reading(None, marker="blank")
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)  # a code typed into a number cell: 27, 3973
    if isinstance(value, float) and value == int(value):
        value = str(int(value))
    if not isinstance(value, str):
        return _fail(value, "wrong_type", f"a {type(value).__name__} is not text", "不是文本")
    look = resolve or resolve_industry_name
    text = _ascii_width(value)
    marker = marker_of(normalise(text), words=(ANY_WORDS,))
    if marker is not None:
        return Reading(None, marker=marker)
    whole = look(text)
    if whole is not None:
        return Reading((whole,))
    pieces = _SEPARATORS.split(text)
    parts = pieces[0::2]  # pieces alternate part, separator, part …
    codes: list[str] = []
    unknown: list[str] = []
    i = 0
    while i < len(parts):
        if not parts[i].strip():
            i += 1
            continue
        for j in range(len(parts), i, -1):  # the longest run of parts that names an industry
            run = "".join(pieces[2 * i : 2 * j - 1]).strip()
            code = look(run)
            if code is not None:
                if code not in codes:
                    codes.append(code)
                i = j
                break
        else:
            unknown.append(parts[i].strip())
            i += 1
    if unknown:
        listed = "、".join(unknown)
        return _fail(
            value, "unknown_industry", f"unknown industry {listed!r}", f"无法识别的行业“{listed}”"
        )
    if not codes:
        return Reading(None, marker="blank")
    return Reading(tuple(codes))


def _ascii_width(text: str) -> str:
    """Full-width letters and digits → ASCII, trimmed; Chinese punctuation is kept (、，；)."""
    return "".join(
        chr(ord(ch) - 0xFEE0) if "\uff10" <= ch <= "\uff5a" else ch for ch in text
    ).strip()
