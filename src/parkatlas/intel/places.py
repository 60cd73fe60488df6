"""Place mentions of a text: administrative names from the shipped region list (嘉定区, 昆山,
Xuhui District, Shanghai), names with a place suffix (嘉定片区, 临港嘉定科技城, Qingpu New City,
Binhai New Area, "North -South region"), generic references ("the district", 全区) and the
short forms the text itself defines (北虹桥 from 北虹桥商务区; Xuhui from Xuhui District);
``region_code(name)`` resolves a name to its code."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Place", "find_places", "region_code"]

@dataclass(slots=True)
class Place:
    start: int
    end: int
    name: str
    admin: bool = False  # an administrative division (has a code)
    generic: str = ""  # "district" / "city" for "the district's", else ""
    outer: str = ""  # the place that holds it, written with it (广州市南沙区, "X of Dongguan")


_CJK = "\u4e00-\u9fff"
_ZH_SUFFIXES = (
    "综合保税区|综保区|保税区|自由贸易试验区|自贸区|高新区|经开区|开发区|商务区|片区|新片区|新城|新区|"
    "科技城|科学城|中心城(?!区)|总部湾|产业园区|工业园区|科技园区|产业园|工业园|园区|工业区|街道|镇|乡|县|区|市|省"
)
_RX_ZH_SUFFIX = re.compile(
    rf"(?:{_ZH_SUFFIXES})(?![长委域别间块县政府级外场民值面容项])(?!内(?![,，。;；]))"
)
_ZH_WORD_BEFORE_SUFFIX = set(
    "上城都超股夜门沪深港菜集黑社景地辖山灾郊矿特校厂街营专禁盲误园片新老城"
)
_ZH_STOP = set(
    "占整个足立的在于和与及是了对将把从向到为以由让使等全各该本其这那并且或而被给共新进推把年月日来去今明前后已正共有成立设加快推动打造建设积极发展围绕依托位于聚焦提升落户入驻"
)
_ZH_GENERIC = {
    "整个",
    "全",
    "本",
    "该",
    "各",
    "我",
    "城",
    "市",
    "地",
    "社",
    "景",
    "园",
    "小",
    "大",
    "一",
}
_ZH_ALIAS_SUFFIX = re.compile(
    r"(?:片区|新片区|新城|商务区|科技城|综保区|开发区|高新区|新区|区|县|市)$"
)
_ZH_MACRO = {
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

_EN_SUFFIX = (
    r"District|County|New City|New Town|New Area|City|Town|Township|Industrial Park|Park|Zone|"
    r"Area|[Rr]egion|Province|Village|Subdistrict|Bay|Valley|Airport|Port|Island|Prefecture|Hub"
)
_RX_EN_SUFFIX_WORD = re.compile(rf"(?=[DCNTIPZARrVSBH])(?:{_EN_SUFFIX})\b")
_RX_DASH_SEP = re.compile(r"-+[ \t]+(?=[A-Z])")
_RX_EN_PREV_WORD = re.compile(r"(?:[A-Z][\w'’]*(?:-[a-z][\w'’]*)?|-\s*[A-Z][\w'’]*|-|&|and)[ \t]+$")
# "and" inside a zone's name: "Wangcheng Economic and Technological Development Zone"
_RX_EN_AND_NEXT = re.compile(
    r"and[ \t]+(?:Technolog\w*|Trade|Economic|Industr\w*|Innovation|Development|Export|Processing|"
    r"Scien\w*|Logistics|Commerc\w*|Cultur\w*|Tourism|Ecolog\w*|Research|Manufacturing|Demonstration)\b"
)
# a dateline before the name: "NANJING - Nanjing Jiangbei New Area held …"
_RX_EN_DATELINE = re.compile(r"[A-Z]{2,}(?:[ \t]+[A-Z]{2,})*[ \t]*(?:[-–—]+|,)[ \t]*(?=[A-Z][a-z])")


def _en_name_start(text: str, suffix_start: int) -> int | None:
    """Start of the capitalized words before a place suffix ("Qingpu" in "Qingpu New City");
    leading function words (The, In, According …) are left out; None if there are none."""
    s = suffix_start
    starts: list[int] = []
    for _ in range(6):
        m = _RX_EN_PREV_WORD.search(text, max(0, s - 40), s)
        if not m:
            break
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’"):
            break
        if text.startswith("and", m.start()) and not _RX_EN_AND_NEXT.match(text, m.start()):
            break
        s = m.start()
        starts.append(s)
    if not starts:
        return None
    # drop leading function words
    for st in reversed(starts):
        word = text[st : text.find(" ", st) if text.find(" ", st) > 0 else st]
        if text[st] == "-":
            sep = _RX_DASH_SEP.match(text, st, suffix_start)
            if sep and st + 1 < len(text) and text[st - 1 : st] in "- \t":
                return sep.end()  # "(Xinhua) -- Xinzhan High-tech Zone": a dash, then the name
            continue
        if word in _EN_LEAD_STOP or word in ("&", "and"):
            continue
        dl = _RX_EN_DATELINE.match(text, st, suffix_start)
        if dl:
            return dl.end()
        return st
    return None


_EN_LEAD_STOP = {
    "The",
    "In",
    "At",
    "By",
    "On",
    "For",
    "To",
    "Of",
    "And",
    "With",
    "From",
    "As",
    "This",
    "That",
    "Its",
    "Among",
    "According",
    "Recently",
    "Today",
    "Last",
    "Since",
    "Both",
    "Each",
    "Every",
    "New",
    "Our",
    "A",
    "An",
    "Under",
    "Meanwhile",
    "Also",
}
_EN_MACRO = {"China", "Chinese", "Yangtze River Delta", "Greater Bay Area", "Asia", "World"}
_EN_ORG_NEXT = re.compile(
    r"\s+(?:Daily|News|Times|Post|Group|Company|Co\b|Corporation|University|Bank|Branch|Telecom|"
    r"Government|Committee|Bureau|Commission|Television|TV|Radio|Media|Securities|Airlines|Exchange|"
    r"Stock|Holdings|Institute|Association|Federation|Office)\b"
)
_RX_EN_GENERIC = re.compile(
    r"[Tt]he\s+(?:(?:development|economic|industrial|high-tech|hi-tech|bonded|free\s+trade|pilot|science|technology|tech)\s+){0,2}"
    r"(district|city|county|park|zone|valley|new\s+city|new\s+town|new\s+area|area(?=['’]s|\s*[,.;]|\s+(?:rose|grew|has|had|is|was|will|plans|expects|aims|reached|attracted)\b))(?:'s|’s|\b)"
)
# bare references to the document's own place: 全区, 该县, 开发区, 园区
_RX_ZH_GENERIC = re.compile(
    r"(?:全|该|本|我)(区|县|市|镇)|(开发区|高新区|园区|新区|片区|新城|产业园|工业园|科技园)"
)
# a known name opening an organization's name: 西安高新控股有限公司, 宁波日报
_RX_ZH_ORG_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:有限公司|股份|公司|集团|控股|银行|大学|学院|日报|晚报|报社|电视台|广播电视|研究院)"
)
_ZH_GENERIC_BEFORE = set(",，。;；:：、\n \t”年月度来")
# an acronym in parentheses after a name: Suzhou Industrial Park (SIP)
_RX_ACRONYM = re.compile(r"\s*[(（]([A-Z][A-Za-z&]{1,6})[)）]")


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[_NameScanner | None, _EnNameScanner | None, frozenset[str]]:
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
    zh -= _ZH_MACRO
    # the scan looks for names without a suffix (上海, 昆山, 临港); names with one (嘉定区)
    # are found by the suffix rule and looked up in the full set
    bare = {n for n in zh if not n.endswith(_SUFFIX_ENDINGS)}
    rx_zh = _NameScanner(bare) if bare else None
    rx_en = _EnNameScanner(en) if en else None
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


class _NameScanner:
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


class _EnNameScanner:
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


def find_places(text: str) -> list[Place]:
    """Place mentions in document order (non-overlapping, longest wins)."""
    rx_zh, rx_en, zh_names = _gazetteer()
    cands: list[Place] = []
    # Chinese: names with a place suffix (prefix delimited by stop characters)
    for m in _RX_ZH_SUFFIX.finditer(text):
        s = _zh_prefix_start(text, m.start(), rx_zh)
        prefix = text[s : m.start()]
        if len(m.group(0)) == 1 and (len(prefix) < 2 or prefix[-1] in _ZH_WORD_BEFORE_SUFFIX):
            continue  # 上市, 城市, 社区, 景区: a word, not a place
        if not prefix or prefix in _ZH_GENERIC or prefix[0] in "零〇一二两三四五六七八九十百千万":
            continue
        if _RX_COUNTED_BEFORE.search(text, max(0, s - 8), s):
            continue  # 3个特色产业园, 千亩级产业园: counted things, not a named place
        name = text[s : m.end()]
        if name in _ZH_MACRO:
            continue
        admin = name in zh_names or any(name[k:] in zh_names for k in range(1, len(name) - 1))
        cands.append(Place(s, m.end(), name, admin=admin))
    if rx_zh is not None:
        for hit in rx_zh.finditer(text):
            if hit.group(0) in _ZH_MACRO or _RX_ZH_ORG_AFTER.match(text, hit.end()):
                continue  # 西安高新控股有限公司, 西安日报: part of an organization's name
            cands.append(Place(hit.start(), hit.end(), hit.group(0), admin=True))
    # English: capitalized names with a place suffix ("Qingpu New City", "North -South region")
    for m in _RX_EN_SUFFIX_WORD.finditer(text):
        if not m.start() or text[m.start() - 1] not in " \t":
            continue
        en_s = _en_name_start(text, m.start())
        if en_s is None:
            continue
        name = text[en_s : m.end()]
        if _EN_ORG_NEXT.match(text, m.end()):
            continue
        cands.append(
            Place(en_s, m.end(), name, admin=m.group(0) in ("District", "County", "Province"))
        )
    if rx_en is not None:
        for hit in rx_en.finditer(text):
            name = hit.group(0)
            if name in _EN_MACRO:
                continue
            # part of a longer capitalized name (an organization): "Shanghai Tech Group"
            nxt = re.match(r"\s+([A-Z][\w]*)", text[hit.end() : hit.end() + 30])
            prv = re.search(r"([A-Z][\w]*)\s+$", text[max(0, hit.start() - 30) : hit.start()])
            if nxt and not re.match(_EN_SUFFIX, nxt.group(1)):
                continue
            if prv and prv.group(1) not in _EN_LEAD_STOP:
                continue
            cands.append(Place(hit.start(), hit.end(), name, admin=True))
    for m in _RX_EN_GENERIC.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        generic = re.sub(r"\s+", " ", m.group(1).lower())
        cands.append(Place(m.start(), m.end(), m.group(0), generic=generic))
    for m in _RX_ZH_GENERIC.finditer(text):
        prev = text[m.start() - 1] if m.start() else "\n"
        if m.group(1):
            if prev not in _ZH_GENERIC_BEFORE:
                continue  # 作为全区…: a frame, not the subject
        elif not (prev in _ZH_GENERIC_BEFORE or prev == "该" or not ("\u4e00" <= prev <= "\u9fff")):
            continue  # part of a name: 昆山开发区
        cands.append(Place(m.start(), m.end(), m.group(0), generic=m.group(1) or m.group(2)))
    places = _dedupe(cands)
    # short forms the text defines: 北虹桥 (北虹桥商务区), Xuhui (Xuhui District),
    # and other spellings of the same name ("the north -south region")
    aliases: dict[str, Place] = {}
    for p in places:
        if p.generic:
            continue
        if re.search(f"[{_CJK}]", p.name):
            sm = _ZH_ALIAS_SUFFIX.search(p.name)
            if sm and sm.start() >= 2:
                short = p.name[: sm.start()]
                if short not in _ZH_GENERIC and short not in _ZH_MACRO:
                    aliases.setdefault(short, p)
        else:
            acr = _RX_ACRONYM.match(text, p.end)
            if acr:
                aliases.setdefault(acr.group(1), p)
            em = re.match(r"(.+?)\s+(?:District|County|New City|New Town|New Area|City)$", p.name)
            if em and em.group(1)[:1].isupper() and " " not in em.group(1):
                aliases.setdefault(em.group(1), p)
            if len(p.name) > 6:
                aliases.setdefault(p.name, p)
    if aliases:
        known = {(p.start, p.end) for p in places}
        lowered = text.lower()
        extra = []
        for alias, src in aliases.items():
            key = alias.lower()
            ascii_name = alias[0].isascii()
            exact = ascii_name and alias.isupper()  # an acronym matches only as written
            hay = text if exact else lowered
            needle = alias if exact else key
            i = hay.find(needle)
            while i >= 0:
                j = i + len(needle)
                ok = (i, j) not in known
                if ok and ascii_name:
                    ok = not (i > 0 and text[i - 1].isalnum()) and not (
                        j < len(text) and text[j].isalnum()
                    )
                if ok:
                    extra.append(Place(i, j, text[i:j], admin=src.admin))
                i = hay.find(needle, j)
        places = _dedupe(places + extra)
    return _drop_frames(text, places)


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


def _drop_frames(text: str, places: list[Place]) -> list[Place]:
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


_CJK_RX = re.compile(f"[{_CJK}]")
_RX_COUNTED_BEFORE = re.compile(
    r"(?:[\d零〇一二两三四五六七八九十百千万]+(?:余|多)?[个家座处片批]|级)$"
)


# time and verb characters that also open names (前湾, 明珠湾, 后湖): part of the name after a
# stop word or a known name (推动明珠湾起步区, 宁波前湾新区)
_ZH_SOFT_STOP = frozenset("前明后今来去")
# the end of an enclosing place: 广州市|南沙区, 西安高新区|硬科技产业园
_ZH_OUTER_END = frozenset("市省县区")


def _zh_prefix_start(text: str, end: int, rx_zh: _NameScanner | None) -> int:
    s = end
    opened = False
    while s > 0 and end - s < 8:
        ch = text[s - 1]
        if ch == "·":
            s -= 1
            continue
        if not ("\u4e00" <= ch <= "\u9fff") or ch == "级":
            break  # 百亿级特色产业园: a size class, not a name
        if ch in _ZH_OUTER_END and end - s >= 2:
            break
        if ch in _ZH_STOP:
            if rx_zh is not None and rx_zh.starts_at(text, s - 1, end):
                s -= 1  # 成都高新区
                continue
            if ch in _ZH_SOFT_STOP and end - s >= 1:
                b = text[s - 2] if s >= 2 else "\n"
                if b in _ZH_STOP or not ("\u4e00" <= b <= "\u9fff"):
                    s -= 1
                    opened = True  # the name's first character is known (推动|明珠湾…)
                    break
                if rx_zh is not None and rx_zh.ends_at(text, s - 1):
                    s -= 1
                    continue
            break
        s -= 1
    if (
        s > 0
        and text[s - 1] == "新"
        and end - s >= 1
        and (
            s == 1
            or text[s - 2] in _ZH_STOP
            or (text[s - 2] in _ZH_OUTER_END and text[s] not in "增建引开签落入设成型")
            or not ("\u4e00" <= text[s - 2] <= "\u9fff")
        )
    ):
        s -= 1  # 新 opening a name after a stop word (位于新站高新区), not 新增/新建
    elif (
        s >= 2
        and end - s == 1
        and text[s - 2] in "市省县"
        and text[s - 1] in _ZH_STOP
        and text[s - 1] != "新"
    ):
        s -= 1  # 许昌市|建安区: a one-character stem after its city is the stem's second
    if (
        4 < end - s <= 6
        and (s == 0 or text[s - 1] in _ZH_OUTER_END or not ("\u4e00" <= text[s - 1] <= "\u9fff"))
        and "·" not in text[s:end]
    ):
        return s  # 宿迁经开区|新能源电池产业园, “…” 新能源电池产业园: the whole name
    if rx_zh is not None and end - s > 4:
        m = rx_zh.search(text, s, end)
        if m:
            return m.start()
    if end - s > 4 and "·" not in text[s:end] and not opened:
        return end - 4
    return s


def _dedupe(cands: list[Place]) -> list[Place]:
    cands.sort(key=lambda p: (p.start, -(p.end - p.start)))
    out: list[Place] = []
    last_end = -1
    for p in cands:
        if p.start < last_end:
            continue
        out.append(p)
        last_end = p.end
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
        rx_zh, rx_en, _ = _gazetteer()
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
