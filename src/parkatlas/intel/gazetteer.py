"""The shipped region list as name scanners: administrative names in Chinese (嘉定区, 昆山,
上海) and English (Xuhui District, Shanghai) found in a text at C speed, and
``region_code(name)``, a place name resolved to its 6-digit code."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["EnNameScanner", "NameScanner", "ZH_MACRO", "gazetteer", "region_code"]

# macro-regions and words that are no place of a fact: 中国, 长三角, 国内
ZH_MACRO = {
    "中国",
    "全国",
    "长三角",
    "长江经济带",
    "京津冀",
    "粤港澳大湾区",
    "大湾区",
    "国内",
    "国际",
    "全球",
}


@lru_cache(maxsize=1)
def gazetteer() -> tuple[NameScanner | None, EnNameScanner | None, frozenset[str]]:
    """Regexes of administrative names (Chinese, English) from the shipped region list."""
    try:
        from parkatlas.reference.regions import load_regions
    except ImportError:  # pragma: no cover - the reference module is optional here
        return None, None, frozenset()
    try:
        records = load_regions()
    except Exception:  # pragma: no cover - data missing
        return None, None, frozenset()
    zh: set[str] = set()
    en: set[str] = set()
    for r in records:
        if r.level == "town":
            continue
        if len(r.name) >= 2:
            zh.add(r.name)
        short = r.short_name
        if short and short != r.name and len(short) >= 2 and short not in _ZH_SHORT_STOP:
            if r.level in ("province", "city") or r.code.startswith(("31", "11", "12", "50")):
                zh.add(short)
            elif r.level == "district" and r.name.endswith("市") and short not in _ZH_SHORT_STOP:
                zh.add(short)  # county-level cities and counties: 昆山, 太仓
        if r.name_en:
            en.add(r.name_en)
            if r.level in ("province", "city") or r.code.startswith(("31", "11", "12", "50")):
                core = re.sub(
                    r"\s+(?:District|County|City|Province|Municipality|New Area)$", "", r.name_en
                )
                if core and core[0].isupper():
                    en.add(core)
    zh |= _ZH_EXTRA
    en |= _EN_EXTRA
    zh -= ZH_MACRO
    # the scan looks for names without a suffix (上海, 昆山, 临港); names with one (嘉定区)
    # are found by the suffix rule and looked up in the full set
    bare = {n for n in zh if not n.endswith(_SUFFIX_ENDINGS)}
    rx_zh = NameScanner(bare) if bare else None
    rx_en = EnNameScanner(en) if en else None
    return rx_zh, rx_en, frozenset(zh)


# endings the suffix rule finds (广州, 杭州 end in 州 but are found as bare names)
_SUFFIX_ENDINGS = ("区", "县", "市", "省", "镇", "乡", "街道")
# common words that are also short names of divisions
_ZH_SHORT_STOP = {
    "合作",
    "安宁",
    "新民",
    "龙井",
    "高平",
    "开平",
    "乐平",
    "安国",
    "大安",
    "福泉",
    "兴平",
    "长寿",
    "永康",
    "平和",
    "朝阳",
    "城区",
    "新区",
    "郊区",
    "矿区",
    "东区",
    "西区",
    "南区",
    "北区",
    "中区",
    "市中",
    "和平",
    "新华",
    "长安",
    "城中",
    "城东",
    "城西",
    "城北",
    "城南",
    "开发",
    "高新",
    "白云",
    "永定",
    "普陀",
    "江南",
    "江北",
    "河东",
    "河西",
    "山南",
    "海南",
    "东方",
    "龙华",
    "新城",
    "城关",
    "铁西",
    "铁东",
    "中山",
    "建华",
    "兴华",
    "文化",
    "宝山",
    "金山",
    "松江",
    "青浦",
    "嘉定",
    "浦东",
    "徐汇",
}
# well-known non-administrative areas (written as places in the genre)
_ZH_EXTRA = {
    "临港",
    "虹桥",
    "张江",
    "陆家嘴",
    "前滩",
    "外高桥",
    "漕河泾",
    "金桥",
    "宝山",
    "金山",
    "松江",
    "青浦",
    "嘉定",
    "浦东",
    "徐汇",
    "普陀",
    "苏州工业园区",
    "滨海新区",
}
_EN_EXTRA = {"Lingang", "Hongqiao", "Zhangjiang", "Lujiazui", "Caohejing", "Shanghai", "Pudong"}


class _Hit:
    __slots__ = ("_s", "_e", "_t")

    def __init__(self, s: int, e: int, t: str) -> None:
        self._s, self._e, self._t = s, e, t

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, _: int = 0) -> str:
        return self._t


class NameScanner:
    """Finds any of many names (Chinese): a C-speed scan for their first characters, then
    a dictionary of the names by first character, longest first (faster than one huge
    regex alternation, which the regex engine tries branch by branch)."""

    def __init__(self, names: set[str]) -> None:
        by_first: dict[str, list[str]] = {}
        by_two: dict[str, list[str]] = {}
        for n in names:
            by_first.setdefault(n[0], []).append(n)
            by_two.setdefault(n[:2], []).append(n)
        self._by_first = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}
        # names by their first two characters (every name has two at least): one dict
        # look-up rejects most first-character hits
        self._by_two = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_two.items()}
        self._rx = re.compile("[" + "".join(re.escape(c) for c in sorted(by_first)) + "]")

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[_Hit]:
        end = len(text) if endpos is None else endpos
        out: list[_Hit] = []
        nxt = pos
        by_two = self._by_two
        for m in self._rx.finditer(text, pos, end):
            i = m.start()
            if i < nxt:
                continue
            names = by_two.get(text[i : i + 2])
            if not names:
                continue
            for name in names:
                if text.startswith(name, i) and i + len(name) <= end:
                    out.append(_Hit(i, i + len(name), name))
                    nxt = i + len(name)
                    break
        return out

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> _Hit | None:
        hits = self.finditer(text, pos, endpos)
        return hits[0] if hits else None

    def ends_at(self, text: str, end: int) -> bool:
        """A name ends at ``end`` (宁波 in 宁波前湾)."""
        for i in range(max(0, end - 4), end - 1):
            for name in self._by_first.get(text[i], ()):
                if i + len(name) == end and text.startswith(name, i):
                    return True
        return False

    def starts_at(self, text: str, i: int, end: int) -> bool:
        """A name starts at ``i`` and ends by ``end`` (成都 in 成都高新区)."""
        return any(
            text.startswith(name, i) and i + len(name) <= end
            for name in self._by_first.get(text[i], ())
        )


class EnNameScanner:
    """English names: looked up by their first capitalized word."""

    _RX_WORD = re.compile(r"[A-Z][\w'’]*")

    def __init__(self, names: set[str]) -> None:
        by_first: dict[str, list[str]] = {}
        for n in names:
            first = re.split(r"[\s-]", n, maxsplit=1)[0]
            by_first.setdefault(first, []).append(n)
        self._by_first = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in by_first.items()}

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> list[_Hit]:
        end = len(text) if endpos is None else endpos
        out: list[_Hit] = []
        nxt = pos
        for m in self._RX_WORD.finditer(text, pos, end):
            i = m.start()
            if i < nxt or (i and (text[i - 1].isalnum() or text[i - 1] in "-_")):
                continue
            word = m.group(0)
            if word.endswith(("'s", "’s")):
                word = word[:-2]
            names = self._by_first.get(word)
            if not names:
                continue
            for name in names:
                j = i + len(name)
                if (
                    j <= end
                    and text.startswith(name, i)
                    and not (j < len(text) and (text[j].isalnum() or text[j] in "-_"))
                ):
                    out.append(_Hit(i, j, name))
                    nxt = j
                    break
        return out


@lru_cache(maxsize=4096)
def region_code(name: str | None, within: str | None = None) -> str | None:
    """The 6-digit code of an administrative place, or of the district a named area
    belongs to when the name holds the district's name (嘉定片区 → 嘉定 → 310114)."""
    if not name:
        return None
    try:
        from parkatlas.reference.regions import region_index
    except ImportError:  # pragma: no cover
        return None
    try:
        ix = region_index()
        code = ix.resolve(name, within=within)
        if code:
            return code
        rx_zh, rx_en, _ = gazetteer()
        for rx in (rx_zh, rx_en):
            if rx is None:
                continue
            for m in rx.finditer(name):
                code = ix.resolve(m.group(0), within=within)
                if code:
                    return code
    except Exception:  # pragma: no cover - a resolver problem never stops extraction
        return None
    return None
