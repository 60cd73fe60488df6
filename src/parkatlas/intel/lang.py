"""Language of a text: ``zh`` or ``en`` by the share of CJK characters among letters."""

from __future__ import annotations

import re

__all__ = ["detect_lang"]

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def detect_lang(text: str, sample: int = 4000) -> str:
    """'zh' when there is at least one CJK character per 12 Latin letters (a Chinese text
    holds Latin words — GDP, APP, names — but an English one has almost no CJK), else 'en'."""
    s = text[:sample]
    cjk = len(_CJK.findall(s))
    latin = len(_LATIN.findall(s))
    if cjk == 0 and latin == 0:
        return "en"
    return "zh" if cjk * 12 >= latin and cjk > 0 else "en"
