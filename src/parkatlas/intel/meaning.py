"""What a number means beyond the guidelines' metric: its sub-metric, and whether it is one
project's figure (with the project's place) rather than a region's total.

* ``sub_metric(text, start, floor)``: the analyst's finer metric from the nearest keyword
  before the number in its sentence — 签约项目总投资 / "signed … worth" (``signed_investment``),
  a project's 总投资 (``project_investment``), 固定资产投资 (``fixed_asset_investment``), 工业投资
  (``industrial_investment``), 实际使用外资 (``foreign_capital_utilized``), 到位资金
  (``funds_in_place``), 注册资本 (``registered_capital`` — kept, never summed into
  investment), 营收 (``revenue``), 产值 (``output_value``, ``industrial_output``), 税收
  (``tax``), 财政收入 (``fiscal_revenue``), 招商引资总额 (``promotion_total``).
* ``single_project(sentence_before)``: the name of the one project a money figure belongs to
  ("长三角算力中心项目落户西岑科创中心，总投资45亿元") or None for batches (签约项目, 重大项目,
  "32个项目", "projects").
* ``project_place(sentence)``: where that project settles (落户/选址/位于/"be built in").
"""

from __future__ import annotations

import re

__all__ = [
    "SUB_METRICS",
    "NEVER_SUMMED",
    "project_after",
    "project_place",
    "single_project",
    "sub_metric",
]

_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("registered_capital", r"注册资本|注册资金|registered\s+capital"),
    (
        "foreign_capital_utilized",
        r"实际使用外资|实际利用外资|实到外资|利用外资|使用外资|actual(?:ly)?\s+(?:use|used|utiliz\w+)\s+(?:of\s+)?foreign\s+(?:capital|investment)|foreign\s+direct\s+investment|\bFDI\b",
    ),
    ("funds_in_place", r"到位资金|到位内资|实际到位|资金到位|funds?\s+in\s+place|paid-in"),
    ("fixed_asset_investment", r"固定资产投资|固投|fixed[- ]asset\s+investment"),
    ("industrial_investment", r"工业投资|工业性投资|产业投资|industrial\s+investment"),
    (
        "signed_investment",
        r"签约(?:项目)?(?:总投资|总额|金额|额)|协议(?:投资|总投资|资金|金额)|意向投资|"
        r"signed\s[^.;]{0,60}?(?:worth|(?:total|combined)\s+investment|valued\s+at)",
    ),
    ("promotion_total", r"招商引资(?:总额|到位)|引资总额|attract\s[^.;]{0,20}investment"),
    ("project_investment", r"总投资|计划投资|投资总额|投资额|total\s+investment|investment\s+of"),
    (
        "revenue",
        r"营业收入|营收|销售收入|主营业务收入|(?:operating|sales)\s+(?:revenue|income)|revenue(?!\s+of\s+tax)",
    ),
    ("industrial_output", r"工业(?:总)?产值|工业增加值|industrial\s+output"),
    ("output_value", r"产值|output\s+value"),
    ("tax", r"税收|tax\s+revenue|taxes"),
    (
        "fiscal_revenue",
        r"财政收入|一般公共预算收入|fiscal\s+revenue|general\s+public\s+budget\s+revenue",
    ),
)
SUB_METRICS = tuple(name for name, _ in _KEYWORDS)
# sub-metrics that a profile never adds into "investment"
NEVER_SUMMED = frozenset({"registered_capital"})
_RX_KEYWORDS = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _KEYWORDS), re.IGNORECASE)
_RX_SIGNING = re.compile(r"签约|签署|签下|signed|signing|inked", re.IGNORECASE)
_WINDOW = 48


def sub_metric(text: str, start: int, floor: int) -> str | None:
    """The sub-metric of the number at ``start``: the last keyword in ``text[floor:start]``
    (at most 48 characters back), with a project's 总投资 read as signed when the sentence
    reports a signing."""
    a = max(floor, start - _WINDOW)
    found = None
    for m in _RX_KEYWORDS.finditer(text, a, start):
        found = m
    if found is None or found.lastgroup is None:
        return None
    name = found.lastgroup
    if name == "project_investment" and _RX_SIGNING.search(text, floor, start):
        if single_project(text[floor:start]) is None:
            return "signed_investment"
    return name


# a named project: "…年产10万吨新材料项目", "长三角算力中心项目", "a 600-million-dollar biomedicine plant"
_RX_ZH_PROJECT = re.compile(
    r"([\u4e00-\u9fff\dA-Za-z（）()“”]{4,40}?项目)(?![\u4e00-\u9fff]{0,2}\d)"
)
_BATCH_ENDINGS = re.compile(
    r"(?:签约|重大|重点|产业|外资|内资|新|在建|续建|新开工|竣工|以上|亿元|招商|储备|实体|"
    r"制造业|服务业|科技|这些|上述|各类|一批|等|个|项|其他|其余|优质|好|大)项目$"
)
_RX_EN_PROJECT = re.compile(
    r"\b(?:a|an|one|the)\s+(?:[\w-]+\s+){0,6}?(?:project|plant|factory|base|facility|center|centre|headquarters)\b",
    re.IGNORECASE,
)
_RX_COUNT_BEFORE = re.compile(
    r"\d+\s*(?:个|项)|[一二三四五六七八九十两]+(?:个|项)|\b\d+\s+(?:\w+\s+){0,3}projects\b",
    re.IGNORECASE,
)


def single_project(before: str) -> str | None:
    """The project a figure belongs to, from its sentence up to the figure; None for a batch."""
    if _RX_COUNT_BEFORE.search(before):
        return None
    last = None
    for m in _RX_ZH_PROJECT.finditer(before):
        last = m
    if last is not None:
        name = last.group(1)
        name = re.sub(r"^(?:其中|同时|此外|另外|该|由|是|为|与|和)[，,]?", "", name)
        cut = max(name.rfind("的"), name.rfind("，"), name.rfind(","))
        if 0 <= cut < len(name) - 6:
            name = name[cut + 1 :]
        if not _BATCH_ENDINGS.search(name) and len(name) >= 5:
            return name
        return None
    en = None
    for hit in _RX_EN_PROJECT.finditer(before):
        en = hit
    if en is not None and not re.search(r"projects\b", en.group(0), re.IGNORECASE):
        return en.group(0)
    return None


_RX_EN_PROJECT_AFTER = re.compile(
    r"\s+((?:[a-z][\w-]*\s+){0,4}?(?:project|plant|factory|base|facility|headquarters))\b"
)


def project_after(after: str) -> str | None:
    """The project an English amount qualifies: "(600-million-dollar) biomedicine plant"."""
    m = _RX_EN_PROJECT_AFTER.match(after)
    return m.group(1) if m else None


_RX_PLACE_VERB = re.compile(
    r"(?:落户|选址|位于|坐落于|建在|入驻|扎根)(?:于|在)?\s*([\u4e00-\u9fffA-Za-z\d]{2,16}?)(?=[，。；、,;]|$|，|的|内|总投资|计划)"
    r"|\b(?:built|located|settle[sd]?|based|set\s+up)\s+in\s+(?:the\s+)?((?:[\w'’-]+\s+){0,4}(?:area|zone|park|district|town|county|city|new\s+area|[A-Z][\w'’-]+))\b",
    re.IGNORECASE,
)


def project_place(sentence: str, at: int | None = None) -> str | None:
    """Where the project of a sentence settles: 落户西岑科创中心 → 西岑科创中心 (the last such
    phrase before offset ``at`` of the sentence, else the first after it)."""
    hits = [
        m
        for m in _RX_PLACE_VERB.finditer(sentence)
        if not re.search(r"(?:方面|工作|情况|过程)$", m.group(1) or m.group(2) or "")
    ]
    if not hits:
        return None
    before = [m for m in hits if at is None or m.start() < at]
    m = before[-1] if before else hits[0]
    place = (m.group(1) or m.group(2) or "").strip()
    place = re.sub(r"^(?:the\s+)?(?:park|zone|district|city)['’]s\s+", "", place, flags=re.I)
    return place or None
