"""The words that decide how much a keyword hit in a business scope (经营范围) is worth: the
activity of each clause (making, trading, generic technical services), the filler that
carries no placement, and the name and code markers of traders, clinics, dealers and other
firms that are not producers. Pure data; see docs/chains.md for the rules that use it."""

from __future__ import annotations

import re

# A clause that makes, processes, designs or researches something: a keyword in it counts fully.
MAKE_VERBS = (
    "制造", "生产", "加工", "研发", "研制", "开发", "设计", "制备", "提取", "种植", "开采",
    "采选", "冶炼", "组装", "装配", "代工", "合成", "精炼", "提纯", "培育", "研究", "制作",
    "封装", "试制", "中试", "改装",
)  # fmt: skip
# A clause that only buys and sells, rents or repairs: a keyword in it carries nothing.
TRADE_VERBS = (
    "销售", "批发", "零售", "经营", "进出口", "代理", "贸易", "经销", "购销", "收购", "租赁",
    "维修", "佣金", "采购", "仓储", "配送", "展览", "经纪", "出租", "拍卖", "寄售", "回收",
)  # fmt: skip
# Generic technical services that registrars attach to any domain ("…领域内的技术开发、技术咨询…"):
# a keyword in such a clause is weak evidence (it says the field, not the product).
TECH_PHRASES = (
    "技术开发", "技术咨询", "技术服务", "技术转让", "技术交流", "技术推广", "技术研发",
    "科技领域内", "技术领域内", "科技推广", "信息咨询", "咨询服务", "技术进出口", "技术培训",
)  # fmt: skip

# Parenthesised notes that restrict or exclude ("（除危险化学品）", "（不含许可类…）",
# "（依法须经批准的项目…）") are dropped before matching.
EXCLUSION_NOTE = re.compile(r"\([^()]*?(除|不含|不得|凭|须|批准|许可|限分支|涉及|未经)[^()]*\)")
# Clause separators after NFKC normalisation (；，。：、 become ; , . : and 、 stays).
CLAUSE_SPLIT = re.compile(r"[;,.:。\n\r\t|]+|一般项目|许可项目|经营范围")

# Names that mark a firm as not a producer, with the class given in the evidence.
NAME_MARKERS: dict[str, tuple[str, ...]] = {
    "trader": (
        "贸易", "商贸", "经贸", "商行", "经营部", "门市部", "销售", "进出口", "电子商务",
        "百货", "超市", "批发", "零售", "商店", "供应链", "商城", "经销",
    ),
    "clinic": (
        "诊所", "门诊", "医院", "卫生院", "卫生室", "卫生服务", "中医馆", "国医馆",
        "医疗美容", "体检中心", "护理院", "养老院", "康复中心", "医务室",
    ),
    "pharmacy": ("药房", "药店", "医药连锁", "大药房", "药品超市"),
    "dealer": ("4s", "汽车销售", "汽贸", "车行", "二手车", "汽车维修", "汽修", "汽车租赁"),
    "property": ("物业", "房地产", "置业", "地产", "不动产", "停车"),
    "restaurant": (
        "餐饮", "餐厅", "饭店", "酒家", "酒楼", "火锅", "食府", "小吃", "面馆", "咖啡", "茶饮",
        "酒店", "宾馆", "饮食", "快餐", "烧烤",
    ),
}  # fmt: skip
# Software houses often list chip or computer items next to their real business: their scope
# evidence counts at SOFTWARE_FACTOR unless products or the name confirm it.
SOFTWARE_MARKERS = (
    "软件", "信息技术", "网络科技", "信息科技", "数据科技", "数字科技", "计算机系统", "互联网",
    "网络技术", "信息服务", "外包服务", "云计算", "大数据",
)  # fmt: skip
SOFTWARE_FACTOR = 0.6

# GB/T 4754-2017 divisions/groups whose firms are not producers (trade, hospitality, real
# estate, health care, repair), and the software groups (6520 IC design is not among them).
NON_PRODUCER_CODES = ("51", "52", "61", "62", "70", "84", "85", "8111", "72")
SOFTWARE_CODES = ("651", "653", "654", "655", "656", "659", "64")

# Weights (docs/chains.md): a hit's weight is KEYWORD[strength] × ROLE[clause role] × FIELD[field];
# a node's confidence is the noisy-or of its hits; a node is placed at PLACE_THRESHOLD.
KEYWORD_WEIGHT = {"strong": 0.75, "weak": 0.35}
ROLE_FACTOR = {"make": 1.0, "bare": 0.8, "tech": 0.4, "trade": 0.0}
FIELD_FACTOR = {"products": 1.0, "scope": 1.0, "name": 0.5}
CODE_WEIGHT = {"strong": 0.55, "weak": 0.25}
# a firm with neither scope nor products is read from its name like a bare listing (0.5 × 1.6 = 0.8)
NAME_ALONE_FACTOR = 1.6
PLACE_THRESHOLD = 0.5
