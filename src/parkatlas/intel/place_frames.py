"""Places that only frame a sentence and are left out of ``find_places``: a ranking's or
comparison's field (在全国排名第四, "ranking first among districts in Zhejiang"), a nickname
("known as the 'Sky Valley' of Zhejiang"), a possessive appositive and the container of a
nested name (广州市南沙区, "Binjiang District of Hangzhou": the fact is about the inner place,
which keeps its container's name in ``Place.outer``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parkatlas.intel.places import Place

__all__ = ["drop_frames"]

_CJK_RX = re.compile("[\u4e00-\u9fff]")

# a place that only frames a ranking or comparison: 在全国国家级高新区中排名第四, 位居全国开发区
# 首位, "ranking first among districts … in Zhejiang Province", "among the top three in China"
_RX_RANK_BEFORE_ZH = re.compile(
    r"(?:位居|位列|名列|居于|排名|排在|居)[^,，。;；]{0,4}$|在[^,，。;；]{0,4}$"
)
_RX_RANK_AFTER_ZH = re.compile(
    r"[^,，。;；]{0,8}?(?:中|内|里)?(?:排名|排|位居|位列|名列|居)?(?:第[一二三四五六七八九十\d]+|首位|前列|前茅|榜首|之首|前[一二三四五六七八九十\d]+)"
)
_RX_RANK_BEFORE_EN = re.compile(
    r"\b(?:rank(?:s|ed|ing)?|among|top|(?:first|second|third|fourth|fifth)(?!\s+(?:phase|stage|batch|part|half|quarter)\b)|leading|ahead\s+of|behind|largest|biggest)\b[^,.;]{0,50}\b(?:in|of|among|across)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# a nickname or an appositive is no place of the facts: known as the "Sky Valley" of …
_RX_NICKNAME_BEFORE = re.compile(
    r"(?:\b(?:known|dubbed|hailed|nicknamed|billed|described|called)\s+(?:as\s+)?(?:the\s+)?|被誉为|号称|素有|被称为|誉为|称为)[\"“「]?$",
    re.IGNORECASE,
)
# … inside such an appositive: known as the "Sky Valley" of Zhejiang
_RX_NICKNAME_CLAUSE = re.compile(
    r"\b(?:known\s+as|dubbed|hailed\s+as|nicknamed|billed\s+as|called)\b[^,.;:]{0,40}$|(?:被誉为|号称|素有|被称为)[^,，。;；]{0,16}$",
    re.IGNORECASE,
)
_NICKNAME_HINTS = (
    "known",
    "dubbed",
    "hailed",
    "nicknamed",
    "billed",
    "called",
    "described",
    "誉",
    "号称",
    "素有",
    "称为",
)
_RX_RANK_TAIL_EN = re.compile(r"\b(?:in|of|among|across)\s+(?:the\s+)?$", re.IGNORECASE)
_RX_IN_BEFORE = re.compile(r"^[ \t]+(?:in|at|inside|within)[ \t]+(?:the[ \t]+)?$")
_RX_OF_BEFORE = re.compile(r"^\s+of\s+(?:the\s+)?(?:[A-Z][\w]*\s+|\([^)\n]{0,30}\)\s+){0,3}$")


def drop_frames(text: str, places: list[Place]) -> list[Place]:
    """Leave out places that only frame the sentence: a ranking's or comparison's field,
    a nickname, a possessive appositive ("Nanshan District, Shenzhen's high-tech
    powerhouse,") and the container in "X of the Y" (the fact is about X)."""
    out: list[Place] = []
    prev: Place | None = None
    low_text = text.lower()
    nick = any(w in low_text for w in _NICKNAME_HINTS)  # once per text: rare words
    for p in places:
        drop = False
        aside = text[p.start - 1 : p.start] in "(（" and text[p.end : p.end + 1] in ")）"
        before = text[max(0, p.start - 60) : p.start]
        if not p.generic:
            if (
                nick
                and any(w in low_text[max(0, p.start - 60) : p.start] for w in _NICKNAME_HINTS)
                and (_RX_NICKNAME_BEFORE.search(before) or _RX_NICKNAME_CLAUSE.search(before))
            ):
                drop = True
            elif _CJK_RX.match(p.name):
                drop = bool(
                    _RX_RANK_BEFORE_ZH.search(before[-6:]) and _RX_RANK_AFTER_ZH.match(text, p.end)
                ) or bool(p.start and text[p.start - 1] in "全" and p.name[0] in "国省市")
            else:
                drop = bool(
                    _RX_RANK_TAIL_EN.search(before[-14:]) and _RX_RANK_BEFORE_EN.search(before)
                )
            if not drop and prev is not None and not prev.generic and p.start - prev.end < 160:
                gap = text[prev.end : p.start]
                if _RX_OF_BEFORE.match(gap) or _RX_IN_BEFORE.match(gap):
                    drop = True  # "Binjiang District of Hangzhou": the container; "X Park in
                    # Wangcheng Development Zone": where X lies
                    if out and out[-1] is prev and p.start - prev.end < 20:
                        prev.outer = p.name
                elif re.fullmatch(r"\s*,\s*", gap) and re.match(
                    r"['’]s\s+(?![A-Z])", text[p.end : p.end + 4]
                ):
                    drop = True  # "Nanshan District, Shenzhen's high-tech powerhouse,"
        if drop:
            continue
        if (
            prev is not None
            and out
            and out[-1] is prev
            and not prev.generic
            and not p.generic
            and prev.end == p.start
            and _CJK_RX.match(p.name)
        ):
            out.pop()  # 广州市南沙区, 西安高新区硬科技产业园: the outer place only frames the inner
            p.outer = prev.name
        out.append(p)
        if not aside:
            prev = p
    return out
