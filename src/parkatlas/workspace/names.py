"""The normalized company name that 撞单 detection compares (domain.md §3.2 rule 2).

上海某某科技股份有限公司, 某某科技(上海)有限公司 and 某某科技集团 are one enterprise for the
purpose of "is another unit already chasing it": legal forms (有限公司, 有限责任公司, 股份,
集团 …), a bracketed or leading place name and all punctuation and spacing are dropped,
full-width characters folded, Latin letters lower-cased.
"""

from __future__ import annotations

import re
import unicodedata

# longest first: 有限责任公司 before 有限公司 before 公司
_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "控股集团", "集团", "股份", "控股",
    "总公司", "分公司", "公司", "co.,ltd.", "co.,ltd", "co.ltd", "limited", "ltd.", "ltd",
    "inc.", "inc", "corporation", "corp.", "corp", "group", "holdings", "co.",
)  # fmt: skip
# places that prefix or bracket a company name (municipalities, provinces' short names, 中国)
_PLACES = (
    "中国", "上海市", "上海", "北京市", "北京", "天津市", "天津", "重庆市", "重庆", "江苏省", "江苏",
    "浙江省", "浙江", "广东省", "广东", "深圳市", "深圳", "苏州市", "苏州", "杭州市", "杭州",
    "南京市", "南京", "无锡市", "无锡", "宁波市", "宁波", "安徽省", "安徽", "山东省", "山东",
    "湖北省", "湖北", "四川省", "四川", "福建省", "福建", "香港", "shanghai", "china", "beijing",
)  # fmt: skip
_BRACKETED = re.compile(r"[(\[【]([^)\]】]*)[)\]】]")
_PUNCT = re.compile(r"[\s\-_.,，。·・&'\"“”‘’/\\:：;；!！?？]+")


def normalize_company_name(name: str) -> str:
    """The comparison key of a company name; '' when nothing distinctive is left."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = text.replace("（", "(").replace("）", ")")
    # bracketed places and notes: 某某(上海)科技 → 某某科技; (合成) labels of demo data too
    text = _BRACKETED.sub("", text)
    changed = True
    while changed:
        changed = False
        for place in _PLACES:
            if text.startswith(place) and len(text) > len(place) + 1:
                text = text[len(place) :]
                changed = True
    text = _PUNCT.sub("", text)
    changed = True
    while changed:
        changed = False
        for form in _FORMS:
            f = _PUNCT.sub("", form)
            if f and text.endswith(f) and len(text) > len(f):
                text = text[: -len(f)]
                changed = True
    return text
