"""Quantity spans in Chinese and English text: money, percent, area and count.

``find_quantities(text)`` returns every quantity the guidelines count as a fact, with its
quote span (number and unit, qualifier words left out), kind, normalized value and unit,
a ``qualifier`` read from the number itself (30多家 → approx, 千亿级 → scale) and, for
counts, the counted noun (``noun``) used later to pick the metric.

Not quantities: dates, years, durations (三年, 5 years), ages, ordinals (第六届, 29th,
No. 1), rankings (前10), phone numbers and identifiers (no unit), list numbers (一是),
numbers that are part of a name (“1+3”, “四个加强”, 24条升级版措施), the denominators of
rates ("per 10,000 people", 每万人), vague words (数十家, dozens, a number of) and the
article "one"/一 of counts (一批, 一家平台公司, one of the …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parkatlas.intel.numbers import EN_WORDS, parse_arabic, parse_chinese, parse_english
from parkatlas.vocab.quantities import MU_M2

__all__ = ["Quantity", "find_quantities", "MU_M2"]

ACRE_M2 = 4046.8564224


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    kind: str  # money | percent | area | count
    value: float
    unit: str  # CNY, USD, …, %, m2, count
    qualifier: str | None = None  # approx | scale | None (from the number itself)
    noun: str = ""  # counted noun (counts) or unit word
    num_start: int = -1  # where the numeral starts (for context windows)
    lang: str = "zh"
    nested: bool = False  # a count whose phrase holds another quantity (a level class)


# ------------------------------------------------------------------ shared pieces

_AR = r"(?>\d+(?:[,，]\d{3})*+(?:\.\d+)?)"
_CN = "零〇一二两三四五六七八九十百千万亿"
_CNRUN = f"[{_CN}]+"
_CN_NOZERO = "一二两三四五六七八九十百千"
_MULT = "十百千万亿"

_CURRENCY_ZH = {
    "元": "CNY",
    "人民币": "CNY",
    "美元": "USD",
    "美金": "USD",
    "欧元": "EUR",
    "港元": "HKD",
    "港币": "HKD",
    "日元": "JPY",
    "英镑": "GBP",
}
_AREA_ZH = {
    "亩": MU_M2,
    "公顷": 1e4,
    "平方米": 1.0,
    "平米": 1.0,
    "㎡": 1.0,
    "m²": 1.0,
    "m2": 1.0,
    "平方公里": 1e6,
    "平方千米": 1e6,
    "km²": 1e6,
    "km2": 1e6,
}
_CLASSIFIERS = "家户个项座名人次人位件条台辆所栋幢处批套根宗块只张间支场种类款"
# what follows a classifier that makes it no count: 个月, 个百分点, 项目 is fine
_CLS_BAD_NEXT = {
    "个": ("月", "百分点", "工作日", "小时", "季度", "星期", "交易日", "亿", "万", "点"),
    "名": ("列", "单", "义", "称", "额"),
    "人": ("民", "才", "均", "员", "口", "们", "大", "士"),
    "位": ("于", "置", "列", "居"),
    "家": ("庭", "乡", "园", "居", "长", "电"),
    "处": ("理", "于", "置", "长"),
    "所": ("有", "在", "得", "属", "以", "谓", "长"),
    "种": ("植", "子", "业"),
    "类": ("似",),
    "场": ("景", "所", "地", "馆"),
    "件": (),
    "条": ("件", "例"),
    "台": ("阶",),
    "只": ("是", "有", "要"),
    "间": ("接",),
    "支": ("持", "撑", "付", "出"),
    "款": ("项",),
    "套": ("餐",),
    "批": ("准", "复"),
    "块": ("钱",),
    "张": ("江",),
}
_CN_TENTHS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CHENG_BEFORE = (
    "近",
    "约",
    "超",
    "逾",
    "占",
    "的",
    "达",
    "过",
    "有",
    "近乎",
    "将近",
    "接近",
    "超过",
)
_PREFIX_BAD_ZH = ("第", "前", "每", "数", "几", "约合", "No", "初", "周")


def _num_zh(s: str) -> float | None:
    v = parse_arabic(s)
    if v is not None:
        return v
    return parse_chinese(s)


# ------------------------------------------------------------------ Chinese patterns

_NUMZH = rf"(?P<num>(?>(?:{_AR})[{_MULT}]*+|{_CNRUN}))"
_RX_ZH = re.compile(
    rf"""
    (?=[0-9{_CN}百])(?<![0-9.])
    (?:
    (?P<pct_pre>百分之(?P<pnum>(?:{_AR})|{_CNRUN}))
  | {_NUMZH}\s*(?P<sfx>多|余)?\s*(?P<mult>[{_MULT}]*)\s*
    (?:
        (?P<cur>美元|美金|欧元|港元|港币|日元|英镑|人民币|元)(?P<lvl>级)?
      | (?P<pct>%|％|个百分点)
      | (?P<area>平方公里|平方千米|平方米|平米|公顷|亩|㎡|m²|km²|km2|m2)
      | (?P<scale>级)
      | (?P<cls>人次|[{_CLASSIFIERS}])
      | (?P<da>大)(?=[\u4e00-\u9fff])
      | (?P<cheng>成)(?=以上|左右|多|[,，。;；、)）]|[ \t]*(?:\n|$))
      | (?P<bare>(?=[,，。;；、)）的]|\s*$))
    )
    )
    """,
    re.VERBOSE,
)
# after a bare multiplier + 元 (亿元项目, 亿元以上项目): the size class of the projects
_RX_ZH_CLASS_NEXT = re.compile(
    r"(?:以上)?(?:的)?(?:重大|产业|工业|制造业|外资|内资|大|级)?(?:项目|企业)|级"
)
# 万亩千亿: an area class followed by an output class
_RX_ZH_MUYI = re.compile(rf"(?P<a>[{_CN_NOZERO}万]+)亩(?P<b>[{_CN_NOZERO}]*亿)(?![元{_CN}])")
# a rate per population or per unit: 每万人口…拥有量27.5件, 人均, 平均每家
_RX_RATE_ZH = re.compile(r"每[十百千万]*(?:人|户|家|平方公里)|人均|平均|万人口")
_NOUN_ZH = re.compile(r"[\u4e00-\u9fff“”\"]{1,14}")
_NOUN_STOP = re.compile(r"[和与及、,，。;；:：等的或]")

# ------------------------------------------------------------------ English patterns

_WORDNUM = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
)
_NUMEN = rf"(?P<num>(?>{_AR}|{_WORDNUM}(?:\s+hundred)?))"
_SCALEEN = r"(?P<scale>(?:\s*-?\s*(?:hundred|thousand|million|billion|trillion|mn|bn|mln|bln|trn)\b)*)"
_CUR_PRE = {
    "us$": "USD",
    "usd": "USD",
    "$": "USD",
    "rmb": "CNY",
    "cny": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "€": "EUR",
    "eur": "EUR",
    "hk$": "HKD",
    "hkd": "HKD",
    "£": "GBP",
    "gbp": "GBP",
}
_CUR_SUF = {
    "yuan": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "renminbi": "CNY",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",  # "a 600-million-dollar plant"
    "usd": "USD",
    "euros": "EUR",
    "euro": "EUR",
    "eur": "EUR",
    "hong kong dollars": "HKD",
    "hk dollars": "HKD",
    "pounds": "GBP",
    "yen": "JPY",
}
_AREA_EN = {
    "square kilometers": 1e6,
    "square kilometres": 1e6,
    "square kilometer": 1e6,
    "square kilometre": 1e6,
    "sq km": 1e6,
    "sq. km": 1e6,
    "km2": 1e6,
    "km²": 1e6,
    "square meters": 1.0,
    "square metres": 1.0,
    "square meter": 1.0,
    "square metre": 1.0,
    "sq m": 1.0,
    "sq. m": 1.0,
    "sqm": 1.0,
    "m2": 1.0,
    "m²": 1.0,
    "hectares": 1e4,
    "hectare": 1e4,
    "ha": 1e4,
    "mu": MU_M2,
    "acres": ACRE_M2,
    "acre": ACRE_M2,
}
_COUNT_NOUNS_EN = (
    r"twenty-foot\s+equivalent\s+units|TEUs?|enterprises?|compan(?:y|ies)|firms?|businesses|corporations?|headquarters|cent(?:er|re)s?"
    r"|institutions?|organi[sz]ations?|banks?|projects?|patents?|people|persons?|jobs?|talents?"
    r"|employees?|workers?|residents?|households?|students?|experts?|researchers?|scientists?"
    r"|berths?|piles?|bridges?|roads?|stations?|parks?|zones?|clusters?|industries|platforms?"
    r"|agreements?|contracts?|deals?|initiatives?|measures?|items?|labs?|laboratories"
    r"|buildings?|hospitals?|schools?|universities|colleges?|villages?|towns?|cities|hubs?"
    r"|incubators?|factories|plants?|stores?|shops?|outlets?|sites?|plots?|parcels?|vehicles?"
    r"|cars?|investors?|start-?ups?|unicorns?|tenants?|members?|events?|activities|units?"
    r"|apartments?|homes?|houses|flats?|beds?|seats?|lanes?|lines?|routes?|ports?|airports?"
    r"|giants|entities|subsidiaries|branches|offices?|funds|programs?|programmes?|products?"
    r"|facilities|venues?|bases?|districts?|counties|provinces?|regions?|areas?|streets?"
    r"|communities|teams?|talent|graduates?|posts?|positions|applications?|registrations?"
    r"|manufacturers?|makers?|producers?|suppliers?|developers?|champions?|nurses?|doctors?"
    r"|teachers?|engineers?|technicians?|professionals?|entrepreneurs?|visitors?|tourists?"
    r"|handsets?|(?:smart)?phones?|devices|computers?|laptops?|tablets|chips|wafers|robots?"
    r"|drones?|batteries|appliances|televisions|TVs|bicycles|motorcycles|trucks?|buses|ships"
    r"|warehouses?|depots?|terminals?|piers?|docks?"
)
# a word between a number and its counted noun: plain, quoted ("little giant"), with a
# digit inside a word (5G, 3D) or a number inside a capitalized name (Fortune Global 500)
_BETWEEN_WORD = r"[\"“]?[A-Za-z][\w&'’-]*[\"”]?|\d+[A-Za-z][\w-]*|(?<=[A-Za-z]\s)\d+(?![\d.,])"
# a size class inside a counted phrase: "five 100 billion-level industrial clusters"
_LEVEL_IN = r"\s+\d[\d,.]*\s*(?:hundred|thousand|million|billion|trillion)(?:\s*-\s*|\s+)(?:yuan\s*-\s*)?level"
_RX_EN = re.compile(
    rf"""
    (?=[$¥￥€£]|(?<![0-9.])[0-9]|(?<![A-Za-z])(?:US|HK|RMB|CNY|EUR|GBP|USD|HKD|[OoTtFfSsEeNn](?:ne|wo|hree|our|ive|ix|even|ight|ine|en|leven|welve|hirteen|ourteen|ifteen|ixteen|eventeen|ighteen|ineteen|wenty|hirty|orty|ifty|ixty|eventy|ighty|inety)\b))
    (?:
    (?P<cpre>US\$|HK\$|USD|RMB|CNY|EUR|HKD|GBP|\$|¥|￥|€|£)\s?(?P<pnum>{_AR})(?P<pscale>(?:\s*-?\s*(?:thousand|million|billion|trillion|mn|bn|mln|bln|trn)\b)*)
  | (?<![\w])(?<!\d\.)(?<!\d,){_NUMEN}{_SCALEEN}
    (?:
        (?P<lvlsep>\s*-\s*|\s+)(?P<cur>yuan|rmb|cny|renminbi|u\.?s\.?\ dollars|dollars|(?<=-)dollar|usd|euros?|eur|hong\ kong\ dollars|hk\ dollars|pounds|yen)\b(?P<curlvl>\s*-\s*level)?
      | (?P<lvl>\s*-\s*level)\b
      | \s?(?P<pct>%|percent\b|per\ cent\b|percentage\ points?\b)
      | (?:\s?|-)(?P<area>square[\ -]kilomet(?:er|re)s?|sq\.?\ km|km2|km²|square[\ -]met(?:er|re)s?|sq\.?\ m\b|sqm|m2\b|m²|hectares?|ha\b|mu\b|acres?)
      | (?P<lvlin>{_LEVEL_IN})?(?P<between>(?:\s+(?!["“]?(?:of|in|at|for|to|with|or|by|from|on|per|than|the|a|an|which|that|were|was|is|are|have|has|had|will|be|been|this|these|those|its|their|year|years|months?|days?|times|{_WORDNUM}|hundred|thousand|million|billion)\b)(?:{_BETWEEN_WORD})){{0,7}}?)\s+(?P<noun>{_COUNT_NOUNS_EN})\b(?![\"”])(?P<noun2>(?:\s+(?:{_COUNT_NOUNS_EN})\b)*)
    )
    )
    """,
    re.VERBOSE | re.IGNORECASE,
)
# "the number of invention patents per 10,000 people was 131"
_RX_EN_NUMBER_OF = re.compile(
    rf"\bnumber\s+of\s+(?P<what>[A-Za-z][\w\s&'’-]{{0,60}}?)(?:\s+per\s+[\d,]+\s+\w+)?\s*,?\s+"
    rf"(?:(?:has|have|had)\s+)?(?:was|is|were|are|reached|hit|totall?ed|stood\s+at|rose\s+to|increased\s+to|amounted\s+to|exceeded|exceeds|topped|surpassed|passed)\s+"
    rf"(?P<num>{_AR})(?![\d%\w])(?!\s*(?:%|percent|yuan|dollars|square|hectares|mu\b|billion|million|thousand))",
    re.IGNORECASE,
)
# a number standing for things just named: "12 of them", "of which 1,096 are …",
# "including 3 with a market value …"
_NOT_UNIT_AFTER = r"(?![\d.,]\d)(?!\s*(?:%|percent|per\s+cent|yuan|dollars|square|hectares?|mu\b|acres?|km|sq|hundred|thousand|million|billion|trillion|years?|months?|days?))"
_RX_EN_ANAPHOR = re.compile(
    rf"(?<![\w.,$])(?P<num>{_AR}|{_WORDNUM})(?=\s+of\s+(?:them|which|these|those)\b)"
    rf"|(?<![\w.,$])(?!one\b)(?P<num4>{_AR}|{_WORDNUM})(?=\s+of\s+the\s+(?:projects|companies|enterprises|firms|deals|contracts|investors)\b)"
    rf"|\bof\s+(?:which|them|these|those)\s*,?\s+(?P<num2>{_AR}){_NOT_UNIT_AFTER}(?=\s+(?:are|were|is|was|have|had|involve|hold|come|belong)\b)"
    rf"|\bincluding\s+(?P<num3>{_AR}|{_WORDNUM})(?=\s+(?:with|that|which|whose|of\s+(?:them|which))\b)",
    re.IGNORECASE,
)
# "Among the projects signed, eight are foreign-funded": a number standing for things named
_RX_EN_AMONG = re.compile(
    rf"\bamong\s+(?:them|these|those|the\s+[\w\s-]{{1,40}}?)\s*,\s*(?P<num>{_AR}|{_WORDNUM})(?=\s+(?:are|were|is|was|have|had|come|came|belong|involve)\b)",
    re.IGNORECASE,
)
# "patent applications … totaled 5,980": a count after a subject that names counted things
_RX_EN_TOTALED = re.compile(
    rf"(?=[tnse])\b(?:totall?ed|totals|numbered|stood\s+at|tops|topped|surpass(?:ed|es)|exceed(?:ed|s))\s+(?P<num>{_AR}){_NOT_UNIT_AFTER}(?![\w-])",
    re.IGNORECASE,
)
# an absolute change of a count just named: "…1,500 firms, an increase of 236 over …"
_RX_EN_INCREASE = re.compile(
    rf"\b(?:increase|rise|decrease|drop|decline|jump)\s+of\s+(?P<num>{_AR}){_NOT_UNIT_AFTER}(?=\s+(?:over|from|compared|against|on)\b|\s*[,.;)])",
    re.IGNORECASE,
)
# a size class written in words: "a trillion-yuan-level cluster"
_RX_EN_WORD_LEVEL = re.compile(
    r"(?<![\w-])(?P<w>(?:(?:ten|hundred)[\s-])?(?:thousand|million|billion|trillion))[\s-]yuan[\s-]level\b",
    re.IGNORECASE,
)
_RX_EN_NOUN = re.compile(rf"\b(?:{_COUNT_NOUNS_EN})\b", re.IGNORECASE)
_RX_EN_MONEYISH = re.compile(
    r"\b(?:GDP|revenue|output|value|investment|sales|income|yuan|dollars|trade|exports?|imports?)\b",
    re.IGNORECASE,
)
_PREFIX_BAD_EN = re.compile(
    r"(?:\bNo\.?\s*|#|\bper\s+|\bevery\s+|\bnumber\s+|\bTop\s+|\bfirst\s+|\bPhase\s+|\bPage\s+|\+\s*|\bthe\s+(?:top|first|last)\s+)$",
    re.IGNORECASE,
)
_RX_NAME_BEFORE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b(?!(?:In|By|On|At|For|To|And|With|From|The|Over|About|Nearly|Some|All|Of|Top|Its|Their|Our|Today|Recently|Since|During|Among)\b)[A-Z][a-z]+\s+$"
)
_YEARISH = re.compile(r"^(?:19|20)\d\d$")


def _en_num(num: str) -> float | None:
    v = parse_arabic(num)
    if v is not None:
        return v
    return parse_english(num)


def _en_scale(scale: str) -> float:
    mult = 1.0
    for w in re.findall(r"[a-z]+", scale.lower()):
        mult *= {
            "hundred": 1e2,
            "thousand": 1e3,
            "million": 1e6,
            "mn": 1e6,
            "billion": 1e9,
            "bn": 1e9,
            "mln": 1e6,
            "bln": 1e9,
            "trn": 1e12,
            "trillion": 1e12,
        }[w]
    return mult


_INCREASE_WORDS = ("increase of", "rise of", "decrease of", "drop of", "decline of", "jump of")
_ANAPHOR_WORDS = ("of them", "of which", "of these", "of those", "including", "of the ")
_TOTALED_WORDS = ("total", "numbered", "stood", "top", "surpass", "exceed")
_RX_EN_START = re.compile(r"[0-9]+|[$¥￥€£]")
_EN_START_WORDS = (
    *(w for w in EN_WORDS if w != "zero"),
    "us$",
    "hk$",
    "usd",
    "rmb",
    "cny",
    "eur",
    "gbp",
    "hkd",
)


def _en_candidates(text: str, low: str) -> list[int]:
    """Sorted positions where an English quantity may start."""
    out = [m.start() for m in _RX_EN_START.finditer(text)]
    for w in _EN_START_WORDS:
        i = low.find(w)
        while i >= 0:
            if not (i and low[i - 1].isalpha()):
                out.append(i)
            i = low.find(w, i + 1)
    out.sort()
    return out


def _sentence_head(text: str, pos: int) -> int:
    """Start of the sentence holding ``pos`` (a window of 300 characters at most)."""
    lo = max(0, pos - 300)
    best = lo
    for stop in (". ", "。", "!", "?", "\n", ";"):
        i = text.rfind(stop, lo, pos)
        if i >= 0 and i + len(stop) > best:
            best = i + len(stop)
    return best


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Short quoted stretches (names and slogans): “…” / "…" / 「…」 of at most 24 chars."""
    out = []
    for m in _RX_QUOTED.finditer(text):
        out.append((m.start(), m.end()))
    return out


_RX_QUOTED = re.compile(r"“[^”\n]{1,24}”|「[^」\n]{1,24}」|\"[^\"\n]{1,24}\"|《[^》\n]{1,40}》")


def _inside(spans: list[tuple[int, int]], a: int, b: int) -> bool:
    for s, e in spans:
        if s <= a and b <= e:
            return True
        if s > a:
            break
    return False


def find_quantities(text: str, lang: str | None = None) -> list[Quantity]:
    """Every money/percent/area/count quantity of ``text`` in document order."""
    quoted = _quoted_spans(text)
    found: list[Quantity] = []
    _find_zh(text, found, quoted)
    if "分之" in text or "一半" in text:
        _find_zh_fractions(text, found)
    _find_en(text, found, quoted)
    found.sort(key=lambda q: (q.start, -(q.end - q.start)))
    out: list[Quantity] = []
    last_end = -1
    outer_end = -1  # end of a nested count, whose inner quantity is a fact of its own
    for q in found:
        if q.start < last_end:
            continue  # overlapping: keep the earlier/longer one
        if q.start < outer_end and (q.nested or q.end > outer_end):
            continue
        out.append(q)
        if q.nested:
            outer_end = q.end
            last_end = q.num_start + 1
        else:
            last_end = q.end
    return out


# ------------------------------------------------------------------ Chinese

# a fraction of a whole: 占…的三分之二, 约占全市的一半 (a percentage: 66.67, 50)
_RX_ZH_FRACTION = re.compile(
    r"(?<!百)(?P<d>[二三四五六七八九十])分之(?P<n>[一二三四五六七八九])|(?P<half>一半)"
)
_RX_SHARE_BEFORE = re.compile(r"占[^,，。;；]{0,16}$")


def _find_zh_fractions(text: str, found: list[Quantity]) -> None:
    for m in _RX_ZH_FRACTION.finditer(text):
        if not _RX_SHARE_BEFORE.search(text, max(0, m.start() - 16), m.start()):
            continue  # only a part of a whole named with 占 (一半以上的时间 is no share)
        if m.group("half"):
            v = 50.0
        else:
            d, n = _num_zh(m.group("d")), _num_zh(m.group("n"))
            if not d or n is None or n >= d:
                continue
            v = round(100.0 * n / d, 4)
        found.append(Quantity(m.start(), m.end(), "percent", v, "%", None, "", m.start()))



def _find_zh(text: str, found: list[Quantity], quoted: list[tuple[int, int]]) -> None:
    for m in _RX_ZH.finditer(text):
        if m.group("pct_pre"):
            v = _num_zh(m.group("pnum"))
            if v is not None:
                found.append(Quantity(m.start(), m.end(), "percent", v, "%", None, "", m.start()))
            continue
        num = m.group("num")
        ns, ne = m.span("num")
        before = text[max(0, ns - 3) : ns]
        if ns > 0 and (
            text[ns - 1].isdigit() or (text[ns - 1] in ".,，" and ns > 1 and text[ns - 2].isdigit())
        ):
            continue
        if before.endswith(_PREFIX_BAD_ZH) or before.endswith(("+", "+")):
            continue
        v = _num_zh(num)
        if v is None:
            continue
        mult = m.group("mult") or ""
        if mult:
            mv = parse_chinese(mult)
            if mv is None:
                continue
            v *= mv
        approx = "approx" if m.group("sfx") else None
        is_cn = not num[0].isdigit()
        if m.group("cur"):
            unit = _CURRENCY_ZH[m.group("cur")]
            q = "scale" if m.group("lvl") else approx
            if all(ch in _MULT for ch in num) and not mult:
                # 亿元项目 / 超亿元: no digit, only a multiplier
                if _RX_ZH_CLASS_NEXT.match(text, m.end()):
                    q = "scale"
                elif not before.endswith(("超", "逾", "近", "过", "破", "达", "约")):
                    continue
            found.append(Quantity(m.start(), m.end(), "money", v, unit, q, "", ns))
        elif m.group("pct"):
            found.append(Quantity(m.start(), m.end(), "percent", v, "%", approx, "", ns))
        elif m.group("area"):
            area_v = v * _AREA_ZH[m.group("area")]
            qual = approx
            muyi = _RX_ZH_MUYI.match(text, ns) if m.group("area") == "亩" else None
            if muyi and is_cn:
                qual = "scale"
                found.append(Quantity(ns, m.end(), "area", area_v, "m2", qual, "亩", ns))
                b = muyi.group("b")
                bv = parse_chinese(b)
                if bv:
                    bs = muyi.start("b")
                    found.append(Quantity(bs, muyi.end("b"), "money", bv, "CNY", "scale", "", bs))
                continue
            found.append(Quantity(m.start(), m.end(), "area", area_v, "m2", qual, "", ns))
        elif m.group("scale"):
            # 千亿级 / 100亿级: the size class of a cluster (money)
            if v >= 1e4 and (mult or _has_mult(num)):
                found.append(Quantity(m.start(), m.end(), "money", v, "CNY", "scale", "", ns))
        elif m.group("cls"):
            cls = m.group("cls")
            after = text[m.end() : m.end() + 3]
            if any(after.startswith(b) for b in _CLS_BAD_NEXT.get(cls, ())):
                continue
            if cls == "条" and not re.match(r"(?:[^\w]|$|措施|政策|举措|意见|建议|线|道路)", after):
                continue  # "24条升级版措施": the name of a policy
            if v == 1 and is_cn and not mult:
                continue  # 一家/一批/一个: an article, not a count
            if v != int(v) and not _RX_RATE_ZH.search(text, max(0, ns - 30), ns):
                continue  # a fraction of a thing, unless a rate (每万人口…27.5件)
            if is_cn and (
                (after[:1] and after[:1] in _CN)
                or (ns >= 2 and text[ns - 1] in _CLASSIFIERS and text[ns - 2] in _CN)
            ):
                continue  # 千家万户, 一户一策: an idiom
            if _inside(quoted, ns, m.end()):
                continue
            if _YEARISH.match(num) and cls in "届期":
                continue
            noun = _noun_after(text, m.end())
            found.append(Quantity(m.start(), m.end(), "count", v, "count", approx, cls + noun, ns))
        elif m.group("bare") is not None:
            # 经济总量突破2.1万亿, 投资一百亿: an amount in 亿 with no unit is money (yuan)
            if "亿" not in num + mult:
                continue
            if _inside(quoted, ns, m.end()):
                continue
            found.append(Quantity(m.start(), m.end(), "money", v, "CNY", approx, "", ns))
        elif m.group("cheng"):
            # 近七成 / 占…的六成以上: tenths, a percentage (70 %)
            if not (len(num) == 1 and num in _CN_TENTHS) or mult or m.group("sfx"):
                continue
            if not (before.endswith(_CHENG_BEFORE) or re.match(r"以上|左右|多", text[m.end() :])):
                continue
            found.append(
                Quantity(ns, m.end(), "percent", _CN_TENTHS[num] * 10.0, "%", None, "", ns)
            )
        elif m.group("da"):
            # 五大行动倡议: a Chinese numeral + 大 + noun counts the things named
            if not is_cn or v <= 1 or mult or approx:
                continue
            if _inside(quoted, ns, m.end()):
                continue
            noun = _noun_after(text, m.end())
            if len(noun) < 2:
                continue
            end = m.end() + min(len(noun), 4)
            found.append(Quantity(m.start(), end, "count", v, "count", None, noun, ns))


def _has_mult(num: str) -> bool:
    return any(ch in "万亿" for ch in num)


def _noun_after(text: str, pos: int) -> str:
    m = _NOUN_ZH.match(text, pos)
    if not m:
        return ""
    s = m.group(0)
    stop = _NOUN_STOP.search(s)
    if stop:
        s = s[: stop.start()]
    return s


# ------------------------------------------------------------------ English


def _find_en(text: str, found: list[Quantity], quoted: list[tuple[int, int]]) -> None:
    low = text.lower()
    # the places where an English quantity can start (the regex tried at every position
    # is the slowest part of the extractor): digit runs, currency signs and codes, number
    # words not inside another word; then the regex is matched there, as finditer would
    last_end = 0
    for pos in _en_candidates(text, low):
        if pos < last_end:
            continue
        m = _RX_EN.match(text, pos)
        if m:
            _find_en_one(text, m, found, quoted)
            last_end = m.end()
    matches: list[re.Match[str]] = []
    if any(w in low for w in _ANAPHOR_WORDS):
        matches.extend(_anaphor_matches(text))
    if "among" in low:
        matches.extend(_RX_EN_AMONG.finditer(text))
    for m in matches:
        g = m.lastgroup or "num"
        s, e = m.span(g)
        v = _en_num(m.group(g))
        if v is None or v < 2 or v != int(v) or _PREFIX_BAD_EN.search(text, max(0, s - 16), s):
            continue
        if g == "num4":  # "Six of the projects": the noun follows
            nm = _RX_EN_NOUN.search(text, e, e + 30)
            noun = nm.group(0) if nm else ""
        else:
            # the things counted: the last counted noun of the sentence before
            head = _sentence_head(text, s)
            nouns = list(_RX_EN_NOUN.finditer(text, head, s))
            noun = nouns[-1].group(0) if nouns else ""
        found.append(Quantity(s, e, "count", v, "count", None, noun, s, "en"))
    _find_en_rest(text, low, found)


# the words every match of _RX_EN_ANAPHOR holds: its matches are looked for only around them
# (the pattern tried at every position of an English text was its costliest regex)
_RX_ANAPHOR_ANCHOR = re.compile(
    r"\bof\s+(?:them|which|these|those|the\s+(?:projects|companies|enterprises|firms|deals|"
    r"contracts|investors))\b|\bincluding\s",
    re.IGNORECASE,
)
_ANAPHOR_BEFORE = 48  # longer than any number (digits or words) and its spaces before "of"
_ANAPHOR_AFTER = 96  # "of which, 1,234,567.5 are …", "including twenty-three with …"


def _anaphor_matches(text: str) -> list[re.Match[str]]:
    """The matches of ``_RX_EN_ANAPHOR.finditer(text)``, searched only in windows around
    the words each match must hold (merged where they overlap)."""
    windows: list[list[int]] = []
    for a in _RX_ANAPHOR_ANCHOR.finditer(text):
        lo, hi = max(0, a.start() - _ANAPHOR_BEFORE), a.end() + _ANAPHOR_AFTER
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    out: list[re.Match[str]] = []
    for lo, hi in windows:
        out.extend(_RX_EN_ANAPHOR.finditer(text, lo, min(hi, len(text))))
    return out


def _find_en_rest(text: str, low: str, found: list[Quantity]) -> None:
    """Counts after a verb: "… totaled 5,980", "the number of … was 131", "an increase
    of 236 over …"; size classes in words ("trillion-yuan-level")."""
    if "yuan-level" in low or "yuan level" in low:
        for m in _RX_EN_WORD_LEVEL.finditer(text):
            v = parse_english(m.group("w").replace("-", " "))
            if v:
                s, e = m.span()
                found.append(Quantity(s, e, "money", v, "CNY", "scale", "", s, "en"))
    if any(w in low for w in _INCREASE_WORDS):
        for m in _RX_EN_INCREASE.finditer(text):
            s, e = m.span("num")
            v = parse_arabic(m.group("num"))
            if v is None or v != int(v) or _YEARISH.match(m.group("num")):
                continue
            # the change of the things counted just before in the sentence
            head = _sentence_head(text, s)
            nouns = list(_RX_EN_NOUN.finditer(text, head, m.start()))
            if not nouns or _RX_EN_MONEYISH.search(text, nouns[-1].end(), m.start()):
                continue
            found.append(Quantity(s, e, "count", v, "count", None, nouns[-1].group(0), s, "en"))
    if not any(w in low for w in _TOTALED_WORDS):
        return _find_en_number_of(text, low, found)
    for m in _RX_EN_TOTALED.finditer(text):
        s, e = m.span("num")
        v = parse_arabic(m.group("num"))
        if v is None or v != int(v) or _YEARISH.match(m.group("num")):
            continue
        # the subject of the clause names what is counted (its first counted noun)
        head = max(_sentence_head(text, s), text.rfind(",", 0, m.start()) + 1)
        subject = text[head : m.start()]
        noun = _RX_EN_NOUN.search(subject)
        if not noun or _RX_EN_MONEYISH.search(subject):
            continue
        found.append(Quantity(s, e, "count", v, "count", None, noun.group(0), s, "en"))
    _find_en_number_of(text, low, found)


def _find_en_number_of(text: str, low: str, found: list[Quantity]) -> None:
    if "number" not in low:
        return
    for m in _RX_EN_NUMBER_OF.finditer(text):
        v = parse_arabic(m.group("num"))
        if v is None or v != int(v):
            continue
        s, e = m.span("num")
        found.append(Quantity(s, e, "count", v, "count", None, m.group("what"), s, "en"))


def _find_en_one(
    text: str, m: re.Match[str], found: list[Quantity], quoted: list[tuple[int, int]]
) -> None:
    """The quantity of one match of ``_RX_EN`` (if it is one)."""
    if m.group("cpre"):
        v = parse_arabic(m.group("pnum"))
        if v is None:
            return
        v *= _en_scale(m.group("pscale") or "")
        unit = _CUR_PRE[m.group("cpre").lower()]
        end = m.end()
        found.append(Quantity(m.start(), end, "money", v, unit, None, "", m.start("pnum"), "en"))
        return
    num = m.group("num")
    ns = m.start("num")
    if _PREFIX_BAD_EN.search(text, max(0, ns - 16), ns):
        return
    if ns > 0 and text[ns - 1] in "+-/":
        return
    v = _en_num(num)
    if v is None:
        return
    scale = m.group("scale") or ""
    v *= _en_scale(scale)
    if m.group("cur"):
        unit = _CUR_SUF.get(re.sub(r"\s+", " ", m.group("cur").lower()), "CNY")
        qual = None
        if m.group("curlvl") or (m.group("lvlsep").strip() == "-" and scale):
            qual = "scale"  # "400 billion-yuan cluster", "100 billion yuan-level"
        found.append(Quantity(m.start(), m.end(), "money", v, unit, qual, "", ns, "en"))
    elif m.group("lvl"):
        if not scale:
            return  # "high-level", "first-level"
        found.append(Quantity(m.start(), m.end(), "money", v, "CNY", "scale", "", ns, "en"))
    elif m.group("pct"):
        found.append(Quantity(m.start(), m.end(), "percent", v, "%", None, "", ns, "en"))
    elif m.group("area"):
        unit_word = re.sub(r"[\s-]+", " ", m.group("area").lower())
        factor = _AREA_EN.get(unit_word)
        if factor is None:
            factor = 1e6 if "k" in unit_word else 1.0
        found.append(Quantity(m.start(), m.end(), "area", v * factor, "m2", None, "", ns, "en"))
    elif m.group("noun"):
        if v == 1 and not scale:
            return  # "one of", "one project": an article
        if v != int(v):
            return
        if not scale and _YEARISH.match(num) and "," not in num:
            return
        if _inside(quoted, ns, m.end()):
            return
        if _RX_NAME_BEFORE.search(text, max(0, ns - 30), ns):
            return  # "Fortune Global 500 companies": part of a name
        between = m.group("between") or ""
        if "\n" in m.group(0):
            return  # a count never runs over a line break
        if between.count('"') % 2 or between.count("“") != between.count("”"):
            return  # a quotation mark opened before the number or closed after it
        noun = m.group("noun") + (m.group("noun2") or "")
        found.append(
            Quantity(
                m.start(),
                m.end(),
                "count",
                v,
                "count",
                None,
                between + " " + noun,
                ns,
                "en",
                nested=bool(m.group("lvlin")),
            )
        )
        if m.group("lvlin"):
            # the size class inside the counted phrase is a money fact of its own
            inner = _RX_EN.match(
                text, m.start("lvlin") + len(m.group("lvlin")) - len(m.group("lvlin").lstrip())
            )
            if inner and inner.group("lvl") or inner and inner.group("curlvl"):
                _find_en_one(text, inner, found, quoted)
