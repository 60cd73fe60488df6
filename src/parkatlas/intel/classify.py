"""What a quantity measures: metric, measure, status and qualifier, from the words around it.

Keyword lists (Chinese and English) are ordered from the most to the least specific; the
keyword nearest to the number wins (``nearest_metric``). The rules, all from the guidelines:

* metric of money/percent: the nearest metric word to the left in the clause; a percent
  with none takes the metric of the quantity before it in the sentence (完成税收60.4亿元、
  增长44.3%); a share with none takes the whole it is a part of ("40% of the district's GDP");
  lists with 分别/respectively map item by item.
* metric of counts: the counted noun (家/户 and enterprises → enterprises, 项目 → projects,
  专利 → patents, 泊位/桩/bridges → infrastructure, …), else ``other``;
  area: 亩/公顷/km² → land_area unless 建筑面积/floor; m² → floor_area unless 用地/占地/land.
* measure: ``share`` after 占/accounted for/contributed/of the total and for rates of use
  (入驻率, occupancy); ``growth`` for change words (增长, 同比, up, increased by, growth of) and
  for absolute changes against a base (比上年增加216家, 较去年同期提高6.2万元, "an increase
  of 236 over"); new things (新增, new, add) are ``level``.
* status: ``target`` for goal words (力争, 预计, 计划, 将, 到2025年, will, strive, planned to,
  expected to, to build, cultivate) governing the number, a planned floor area, a thing
  "that the zone will build"; everything else ``actual``. (The extractor also makes every
  sub-sentence of a goal list — 预期目标是:A;B;C — or of a sentence opening with 力争/计划 a
  target, and scopes a contrast clause — "…, while Y reached Z last year" — on its own.)
* qualifier: ``approx`` for 近/约/超/逾/突破/多/余/左右/以上, about/nearly/more than/over; ``scale``
  for …级/-level/亿元项目 (set by the quantity finder).
"""

from __future__ import annotations

import re

__all__ = [
    "METRICS",
    "nearest_metric",
    "count_metric",
    "area_metric",
    "measure_of",
    "qualifier_before",
    "is_target",
    "opens_with_goal",
]

METRICS = (
    "gdp",
    "tax_revenue",
    "fiscal_revenue",
    "industrial_output",
    "output_value",
    "investment",
    "import_export",
    "retail_sales",
    "rd_expenditure",
    "fund",
    "transaction",
    "enterprises",
    "projects",
    "land_area",
    "floor_area",
    "patents",
    "people",
    "infrastructure",
    "share",
    "other",
)

# (metric, regex) — alternatives inside one regex; scanned together, nearest match wins
_METRIC_WORDS: list[tuple[str, str]] = [
    (
        "gdp",
        r"GDP|地区生产总值|生产总值|经济总量|gross (?:domestic|regional) product|economic output|"
        r"第[一二三]产业增加值|economy (?:grows|grew|expanded|expands)|经济增长",
    ),
    # a rate of use of a park's space: 入驻率, occupancy rate (a part of the whole)
    ("share", r"入驻率|出租率|入住率|occupancy(?: rate)?"),
    (
        "rd_expenditure",
        r"研发投入|研发经费|研发费用|研发强度|R&D intensity|R&D (?:expenditure|spending|investment|input|costs?)|r&d expenditure|研发支出",
    ),
    ("tax_revenue", r"税收|税收收入|tax revenue|taxes|tax income|\btax\b|纳税"),
    (
        "fiscal_revenue",
        r"财政收入|一般公共预算收入|地方财政|fiscal revenue|general public budget revenue|budget revenue",
    ),
    (
        "industrial_output",
        r"(?:规上|规模以上)?工业企业[^，。；,;]{0,6}产值|规上工业(?:总)?产值|规模以上工业(?:总)?产值|工业(?:总)?产值|规上工业增加值|工业增加值|规上工业|规模以上工业|规模以上工业|工业增加值|industrial output|output value of industr\w*|"
        r"industrial (?:added )?value|above designated size",
    ),
    ("land_area", r"land area|土地面积|用地面积|国土面积|占地面积"),
    ("retail_sales", r"社会消费品零售|社零|零售额|消费品零售|retail sales|retail"),
    (
        "import_export",
        r"进出口|外贸|出口|进口|对外贸易|foreign trade|exports?|imports?|import and export|\btrade\s+with\b",
    ),
    (
        "fund",
        r"基金|母基金|专项资金|撬动|社会资本|\bfunds?\b|capital leveraged|leveraged|social capital",
    ),
    (
        "transaction",
        r"交易|成交|技术合同|transactions?|deals?|turnover|trading volume|technology contracts?|contracts?\s+worth|\btraded\b",
    ),
    (
        "investment",
        r"投资|投入|总投资|固定资产|引资|外资|内资|注册资本|到位资金|项目|registered capital|\b(?:draws?|drew|lures?|lured|attracts?|attracted)\b|investment|invest\w*|fixed.asset|foreign capital|FDI|projects?",
    ),
    # subsidies and policy money: neither a fund's size nor an investment
    (
        "other",
        r"补贴|补助|奖补|奖励资金|政策资金|支持资金|扶持资金|subsid(?:y|ies|ised|ized)|grants?\b|rewards?\b",
    ),
    (
        "output_value",
        r"产值|营收|营业收入|收入|销售额|规模|产业集群|集群|产业|营业额|revenue|output|sales|cluster|industry|industries|income",
    ),
]
_RX_METRIC = [(m, re.compile(rx, re.IGNORECASE)) for m, rx in _METRIC_WORDS]
_METRIC_RANK = {m: i for i, (m, _) in enumerate(_METRIC_WORDS)}
# any metric word (each pattern as one alternative): finds nothing exactly where every
# pattern of _RX_METRIC finds nothing
_RX_METRIC_ANY = re.compile("|".join(f"(?:{rx})" for _, rx in _METRIC_WORDS), re.IGNORECASE)

_COUNT_NOUNS: list[tuple[str, str]] = [
    ("patents", r"专利|发明|patents?|inventions?"),
    (
        "projects",
        r"项目|projects?",
    ),
    (
        "people",
        r"人才|人员|员工|就业|岗位|职工|居民|人口|人次|学生|专家|院士|博士|talents?|people|persons|jobs?|employees?|workers?|residents?|population|students?|experts?|researchers?|scientists?|graduates?|households?|nurses?|doctors?|teachers?|engineers?|technicians?|professionals?|entrepreneurs?|visitors?|tourists?",
    ),
    (
        "infrastructure",
        r"泊位|车位|停车|充电桩|充电|桩|桥|道路|公路|地铁|站|线路|管网|基站|厂房|仓库|berths?|piles?|bridges?|roads?|stations?|parking|lanes?|lines?|routes?|ports?|airports?|chargers?|factory buildings|standard factories|warehouses?",
    ),
    (
        "enterprises",
        r"企业|公司|总部|研发中心|机构|市场主体|经营主体|商户|银行|厂商|小巨人|独角兽|上市|enterprises?|compan(?:y|ies)|firms?|businesses|corporations?|headquarters|cent(?:er|re)s?|institutions?|organi[sz]ations?|banks?|startups?|start-ups?|unicorns?|giants?|subsidiaries|branches|entities|tenants?|investors?|manufacturers?|makers?|producers?|suppliers?|developers?|champions?",
    ),
    # counted things that are none of the above (parks, clusters, universities): not the
    # metric of a noun standing before the number
    (
        "other",
        r"集群|产业园|园区|基地|高校|院所|大学|学院|医院|学校|\bclusters?\b|\bparks?\b|\buniversities\b|\bcolleges\b|\bhospitals\b|\bschools\b",
    ),
]
_RX_COUNT = [(m, re.compile(rx, re.IGNORECASE)) for m, rx in _COUNT_NOUNS]
_CLS_DEFAULT = {
    "家": "enterprises",
    "户": "enterprises",
    "名": "people",
    "人": "people",
    "人次": "people",
    "位": "people",
}

_RX_SHARE = re.compile(
    r"完成(?:全年|年度)?(?:目标|计划|任务)(?:任务)?的|(?:全年|年度)(?:目标|计划)(?:任务)?的|占|比重|占比|份额|入驻率|出租率|入住率|occupancy|contribut\w*|accounting for|accounted for|accounts for|account for|accounting|share of|proportion|of the (?:city|district|country|province|total|whole)",
    re.IGNORECASE,
)
_RX_INTENSITY = re.compile(r"研发(?:经费)?投入强度|研发强度|R&D intensity", re.IGNORECASE)
_RX_GROWTH = re.compile(
    r"增长|增速|增幅|提高|提升|下降|减少|降低|回落|增加|同比|环比|比上年|年均|上涨|涨幅|翻|"
    r"\bup\b|\bdown\b|increas\w*|grow\w*|grew|growth|rise|rising|rose|risen|declin\w*|decreas\w*|fell|drop\w*|year[- ]on[- ]year|"
    r"\bgain\w*|jump\w*|surg\w*|expand\w*",
    re.IGNORECASE,
)
_RX_NEW = re.compile(
    r"新增|新引进|新设|新注册|新落户|\bnew\b|\badd\b|\badded\b|\badding\b", re.IGNORECASE
)

_RX_APPROX_BEFORE = re.compile(
    r"(?:近|约|超过|超|逾|突破|将近|接近|大约|多达|达近|近乎|约合|"
    r"about|nearly|more\s+than|over|around|approximately|almost|close\s+to|roughly|some|exceeding|"
    r"exceeded|exceeds|tops|topped|topping|surpass(?:ed|es|ing)|upwards\s+of|at\s+least|up\s+to|above)\s*$",
    re.IGNORECASE,
)
_RX_APPROX_AFTER = re.compile(r"^\s*(?:多|余|左右|以上|上下|\+|plus\b|or\s+more\b)", re.IGNORECASE)

_RX_TARGET = re.compile(
    r"(?=[力争预计拟目有确将要规建达投wsSWaApPeEtTfcCiIoO])(?:建成后|达产后|投产后|全面达产|力争|争取|预计|计划|拟|目标|有望|确保|力求|将|要|预期|规划建设|"
    r"\bwill\b|\bshall\b|\bstrives?\b|\bstriving\b|\baims?\s+to\b|\baiming\s+to\b|\bplans?\s+to\b|\bplanned\s+to\b|"
    r"\bplanning\s+to\b|\bexpected\s+to\b|\bexpects?\b|\btargets?\b|\bgoal\b|\bforecast\w*|\bprojected\s+to\b|"
    r"\bis\s+set\s+to\b|\bare\s+set\s+to\b|\bshould\b|\bmust\b|\bneeds?\s+to\b|\bcultivat\w*|\bintends?\s+to\b|"
    r"\bseeks?\s+to\b|\bto\s+be\s+(?:built|completed|started)\b|\bafter\s+(?:completion|reaching\s+full\s+production)|\bonce\s+(?:completed|operational))",
    re.IGNORECASE,
)
_RX_TARGET_AFTER = re.compile(
    r"^[^,，。;；.]{0,25}?(?:\bwill\b|\bare\s+planned\b|\bis\s+planned\b|\bare\s+expected\b|\bis\s+expected\b|"
    r"\bare\s+to\s+be\b|\bis\s+to\s+be\b|\bshall\b|将|计划|预计)"
    # the thing measured is still to be made: "a 3.6-square-kilometer cluster that the zone will build"
    r"|^[^,，。;；.]{0,40}?\b(?:that|which)\s+[^,，。;；.]{0,30}?\b(?:will|plans?\s+to|is\s+to)\s+(?:build|develop|create|set\s+up|construct)\b",
    re.IGNORECASE,
)
_RX_SENT_TO = re.compile(
    r"^\W{0,3}(?:To\s+(?:build|create|cultivate|develop|form|achieve|reach|make)\b)"
)
_RX_BUILD = re.compile(
    r"打造|培育|建设|建成|形成|创建|构建|规划|计划|\bplans?\b|\bdevelop\w*|\bbuild\w*|\bcultivat\w*|\bcreat\w*|\bform\w*",
    re.IGNORECASE,
)
# 规划面积 (a zone's area); 完成全年目标的78% (progress made towards the goal: done)
_RX_NOT_TARGET = re.compile(
    r"规划面积|planned\s+area|planning\s+area|完成(?:全年|年度)?(?:目标|计划)(?:任务)?的\s*$",
    re.IGNORECASE,
)
_RX_RATE_OF_BASE = re.compile(r"按[^,，。;；]{1,24}的\s*$")
_RX_OTHER_BEFORE = re.compile(r"(?:\bother|其他|其它)\s*$", re.IGNORECASE)


def nearest_metric(
    text: str, start: int, end: int, *, from_right: bool = True
) -> tuple[str | None, int]:
    """The metric word nearest to ``end`` (searching leftwards) in text[start:end], or
    nearest to ``start`` when ``from_right`` is False. Where words overlap (工业产值 holds
    产值) the more specific metric wins. Returns (metric, distance)."""
    if end <= start:
        return None, 10**9
    window = text[start:end]
    if not _RX_METRIC_ANY.search(window):
        return None, 10**9  # no metric word at all: one scan instead of one per metric
    hits: list[tuple[int, int, int, str]] = []  # (start, end, rank, metric)
    for metric, rx in _RX_METRIC:
        rank = _METRIC_RANK[metric]
        for m in rx.finditer(window):
            hits.append((m.start(), m.end(), rank, metric))
    if not hits:
        return None, 10**9
    if from_right:
        best = max(hits, key=lambda h: (h[1], -h[0]))
        overlapping = [h for h in hits if h[1] >= best[0]]
        pick = min(overlapping, key=lambda h: h[2])
        return pick[3], len(window) - best[1]
    best = min(hits, key=lambda h: (h[0], -h[1]))
    overlapping = [h for h in hits if h[0] < best[1]]
    pick = min(overlapping, key=lambda h: h[2])
    return pick[3], best[0]


def metric_in(text: str) -> str | None:
    """The most specific metric word of a short phrase (an item of a list)."""
    for metric, rx in _RX_METRIC:
        if rx.search(text):
            return metric
    return None


def count_metric(noun: str, left: str) -> str:
    """Metric of a count from its noun (after the number) or the words before it."""
    cls = noun[:2] if noun.startswith("人次") else noun[:1]
    rest = (
        noun[len(cls) :]
        if cls in _CLS_DEFAULT or cls in "个项座件条台辆所栋幢处批套根宗块只张间支场种类款"
        else noun
    )
    for text in (rest,):
        for metric, rx in _RX_COUNT:
            if rx.search(text):
                return metric
    if cls in _CLS_DEFAULT and not re.search(r"[A-Za-z]", noun):
        if cls == "家" and re.search(r"园区|医院|学校|机构|银行|平台", left[-6:]):
            pass
        return _CLS_DEFAULT[cls]
    # the noun before the number: 新增企业5604户, 引进亿元项目50个
    tail = left[-12:]
    best: tuple[str, int] | None = None
    for metric, rx in _RX_COUNT:
        for m in rx.finditer(tail):
            if best is None or m.end() > best[1]:
                best = (metric, m.end())
    if best:
        return best[0]
    return "other"


def area_metric(context: str, unit_hint: str) -> str:
    """land_area or floor_area from the words of the clause (the nearest word wins)."""
    floor = [m.end() for m in _RX_FLOOR.finditer(context)]
    land = [m.end() for m in _RX_LAND.finditer(context)]
    if floor or land:
        return "floor_area" if max(floor or [-1]) > max(land or [-1]) else "land_area"
    return "floor_area" if unit_hint == "m2" else "land_area"


_RX_FLOOR = re.compile(
    r"建筑面积|建面|floor|\bGFA\b|building area|construction area|carriers?|厂房|楼宇|载体|办公|lab space|office space|plant space|workshops?",
    re.IGNORECASE,
)
_RX_LAND = re.compile(
    r"用地|占地|土地|规划面积|总面积|面积为|land|site|plots?|covering|covers|planned area|green space|farmland|耕地|绿地",
    re.IGNORECASE,
)


_RX_CHANGE_VS_BASE = re.compile(
    r"(?:比|较)[^,，。;；\d]{0,10}(?:增加|提高|增长|减少|下降|降低|多)了?(?:近|约|超过?|逾)?$"
)
_RX_CHANGE_OF = re.compile(
    r"\b(?:increase|rise|decrease|drop|decline|jump|growth)\s+of\s+$", re.IGNORECASE
)


def measure_of(kind: str, before: str, after: str) -> str:
    """level / growth / share from the words of the clause before and just after."""
    if kind == "percent":
        if _RX_INTENSITY.search(before[-20:]):
            return "share"  # 研发投入强度 / R&D intensity: a share of GDP
        if _RX_RATE_OF_BASE.search(before[-30:]):
            return "share"  # 按研发设备投资额的20%给予补贴: a rate of a base
        if _RX_SHARE.search(before[-30:]) or re.match(
            r"\s*of\s+(?:the\s+)?[\w'’ -]{0,30}(?:total|GDP|area|output|whole)",
            after,
            re.IGNORECASE,
        ):
            return "share"
        if re.match(
            r"\s*of\s+(?:the\s+)?(?:city|district|country|province|nation|whole|total)",
            after,
            re.IGNORECASE,
        ):
            return "share"
        if re.match(r"\s*of\s+[A-Z][\w'’]*(?:'s|’s)\s", after):
            return "share"
        if _RX_GROWTH.search(before[-25:]) or re.match(
            r"\s*(?:year[- ]on[- ]year|growth|increase|increment|higher|more than|over the (?:previous|same|last))",
            after,
            re.IGNORECASE,
        ):
            return "growth"
        return "level"
    # absolute change against a base (a stock's increase, not new things): 比上年增加216家,
    # 较去年同期提高6.2万元, "an increase of 236 over …"
    near = before[-24:]
    if (("比" in near or "较" in near) and _RX_CHANGE_VS_BASE.search(near)) or (
        kind == "count" and " of" in near and _RX_CHANGE_OF.search(near)
    ):
        return "growth"
    # absolute increase of money: 比上年增加12亿元, an increase of 5 billion yuan
    tail = before[-12:]
    if kind == "money" and re.search(
        r"增加(?!值)|增长了|多出|提高了|减少|下降|降低|increase of|increased by|up by|rose by|grew by|decrease of|decreased by|fell by|down by|dropped by",
        tail,
        re.IGNORECASE,
    ):
        if not _RX_NEW.search(tail):
            return "growth"
    return "level"


def qualifier_before(before: str, after: str) -> str | None:
    if _RX_APPROX_BEFORE.search(before[-16:]) or _RX_APPROX_AFTER.match(after[:8]):
        return "approx"
    return None


_RX_PLANNED_SIZE = re.compile(
    r"planned\s+(?:gross\s+)?(?:floor|construction|building)\s+area\s+of\s+(?:about\s+|around\s+|nearly\s+)?$"
    r"|(?:规划|计划|拟建)(?:总)?建筑面积(?:为|约|达)?$",
    re.IGNORECASE,
)
_RX_GOAL_OPEN = re.compile(
    r"^[\s\"“]*[^,，。;；:：]{0,8}?(?:力争|争取|计划|预计|拟|确保|力求|目标是)"
)


def opens_with_goal(first_clause: str) -> bool:
    """The sentence opens with a goal or a task to do (力争…, 推动…, 计划…)."""
    return bool(_RX_GOAL_OPEN.match(first_clause))


def is_target(
    sentence_before: str, clause_after: str, sentence_start: str, scale: bool, local_before: str
) -> bool:
    """Goal, plan or forecast? ``sentence_before``: the sentence up to the number;
    ``clause_after``: the rest of the clause; ``local_before``: a few words before."""
    if _RX_OTHER_BEFORE.search(local_before):
        return False  # "and other 100 billion-level clusters": existing ones
    if ("lanned" in local_before or "建筑面积" in local_before) and _RX_PLANNED_SIZE.search(
        local_before[-40:]
    ):
        return True  # "a planned floor area of 1.1 million square meters": still to build
    if _RX_NOT_TARGET.search(local_before[-30:]):
        return False
    if _RX_SENT_TO.match(sentence_start):
        return True
    if _RX_TARGET_AFTER.match(clause_after):
        return True
    for m in _RX_TARGET.finditer(sentence_before):
        word = m.group(0)
        if word == "将" and re.match(r"将(?:近|军)", sentence_before[m.start() : m.start() + 2]):
            continue
        if word == "要" and not re.match(
            r"要(?:在|到|把|以|实现|达到|建成|打造|力争)",
            sentence_before[m.start() : m.start() + 3],
        ):
            continue
        if word == "计划" and re.match(
            r"计划(?:单列|经济)", sentence_before[m.start() : m.start() + 4]
        ):
            continue
        return True
    if scale and _RX_BUILD.search(local_before[-60:]):
        return True  # the size class of something to build: 打造千亿级产业集群
    return False
