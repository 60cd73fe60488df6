"""Place mentions of a text: administrative names from the shipped region list (嘉定区, 昆山,
Xuhui District, Shanghai), names with a place suffix (嘉定片区, 临港嘉定科技城, Qingpu New City,
Binhai New Area, "North -South region"), generic references ("the district", 全区) and the
short forms the text itself defines (北虹桥 from 北虹桥商务区; Xuhui from Xuhui District).
The region list's names and ``region_code`` live in ``gazetteer``; the places that only frame
a sentence (rankings, nicknames, containers of nested names) are left out by
``place_frames``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from parkatlas.intel.gazetteer import ZH_MACRO, NameScanner, gazetteer, region_code
from parkatlas.intel.place_frames import drop_frames

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
    "科技城|科学城|中心城(?!区)|总部湾|产业园区|工业园区|科技园区|产业园|工业园|科技园|园区|工业区|街道|镇|乡|县|区|市|省"
)
_RX_ZH_SUFFIX = re.compile(
    rf"(?:{_ZH_SUFFIXES})(?![长委域别间块县府级外场民值面容项])(?!政(?!府工作报告))(?!内(?![,，。;；]))"
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

_EN_SUFFIX = (
    r"District|County|New City|New Town|New Area|City|Town|Township|Industrial Park|Park|Zone|"
    r"Area|[Rr]egion|Province|Village|Subdistrict|Bay|Valley|Airport|Port|Island|Prefecture|Hub"
)
_RX_EN_SUFFIX_WORD = re.compile(
    rf"(?<![A-Za-z])(?=[DCNTIPZARrVSBHdtc])(?:{_EN_SUFFIX}|district|county|town(?:ship)?)\b"
)
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
    r"(?=[全该本我开高园新片产工科])(?:(?:全|该|本|我)(区|县|市|镇)"
    r"|(开发区|高新区|园区|新区|片区|新城|产业园|工业园|科技园))"
)
# a known name opening an organization's name: 西安高新控股有限公司, 宁波日报
_RX_ZH_ORG_AFTER = re.compile(
    r"[\u4e00-\u9fff]{0,8}?(?:有限公司|股份|公司|集团|控股|银行|大学|学院|日报|晚报|报社|电视台|广播电视|研究院)"
)
_ZH_LEVELS = frozenset("省市县区乡镇")
_ZH_GENERIC_BEFORE = set(",，。;；:：、\n \t”年月度来")
# an acronym in parentheses after a name: Suzhou Industrial Park (SIP)
_RX_ACRONYM = re.compile(r"\s*[(（]([A-Z][A-Za-z&]{1,6})[)）]")


def find_places(text: str) -> list[Place]:
    """Place mentions in document order (non-overlapping, longest wins)."""
    rx_zh, rx_en, zh_names = gazetteer()
    cands: list[Place] = []
    # Chinese: names with a place suffix (prefix delimited by stop characters)
    for m in _RX_ZH_SUFFIX.finditer(text):
        s = _zh_prefix_start(text, m.start(), rx_zh)
        prefix = text[s : m.start()]
        if len(m.group(0)) == 1 and (
            len(prefix) < 2
            or (prefix[-1] in _ZH_WORD_BEFORE_SUFFIX and text[s : m.end()] not in zh_names)
        ):
            continue  # 上市, 城市, 社区, 景区, 山区: a word, not a place (蜀山区 is one)
        if not prefix or prefix in _ZH_GENERIC or prefix[0] in "零〇一二两三四五六七八九十百千万":
            continue
        if len(m.group(0)) == 1 and (
            text[m.end() : m.end() + 1] in _ZH_LEVELS  # 省市县重点项目, 区镇两级: levels
            or prefix[-2:-1] in _ZH_LEVELS and prefix[-1] in _ZH_LEVELS
            or (m.group(0) in "市省" and re.search("[区县镇乡]", prefix))  # 南浔区练|市镇
        ):
            continue
        if _RX_COUNTED_BEFORE.search(text, max(0, s - 8), s):
            continue  # 3个特色产业园, 千亩级产业园: counted things, not a named place
        name = text[s : m.end()]
        if name in ZH_MACRO:
            continue
        admin = name in zh_names or any(name[k:] in zh_names for k in range(1, len(name) - 1))
        cands.append(Place(s, m.end(), name, admin=admin))
    if rx_zh is not None:
        for hit in rx_zh.finditer(text):
            if hit.group(0) in ZH_MACRO or _RX_ZH_ORG_AFTER.match(text, hit.end()):
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
            Place(en_s, m.end(), name, admin=m.group(0) in ("District", "County", "Province", "district", "county"))
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
                if short not in _ZH_GENERIC and short not in ZH_MACRO:
                    aliases.setdefault(short, p)
        else:
            acr = _RX_ACRONYM.match(text, p.end)
            if acr:
                aliases.setdefault(acr.group(1), p)
            em = re.match(
                r"(.+?)\s+(?:District|County|New City|New Town|New Area|City|district|county|town)$",
                p.name,
            )
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
    return drop_frames(text, places)


_CJK_RX = re.compile(f"[{_CJK}]")
_RX_COUNTED_BEFORE = re.compile(
    r"(?:[\d零〇一二两三四五六七八九十百千万]+(?:余|多)?[个家座处片批]|级)$"
)


# time and verb characters that also open names (前湾, 明珠湾, 后湖): part of the name after a
# stop word or a known name (推动明珠湾起步区, 宁波前湾新区)
_ZH_SOFT_STOP = frozenset("前明后今来去")
# the end of an enclosing place: 广州市|南沙区, 西安高新区|硬科技产业园
_ZH_OUTER_END = frozenset("市省县区")


def _zh_prefix_start(text: str, end: int, rx_zh: NameScanner | None) -> int:
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
    if 0 < s < end and text[s - 1] in _ZH_STOP:
        # 雉城街道、和平镇: after a list's 、 the name starts there, stop words and all
        j = s - 1
        while j > 0 and end - j < 6 and "\u4e00" <= text[j - 1] <= "\u9fff":
            j -= 1
        if j > 0 and text[j - 1] == "、" and j < s:
            return j
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
        and (
            s == 0
            or text[s - 1] in _ZH_OUTER_END
            or text[s - 1] in _ZH_STOP  # 落户|嘉善经济技术开发区: a verb before the name
            or not ("\u4e00" <= text[s - 1] <= "\u9fff")
        )
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
