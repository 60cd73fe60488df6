"""The closed vocabularies of parkatlas, one home each: site kinds, site statuses, tenures,
project stages, land uses and environmental classes, with their Chinese and English labels and
the words users write for them. Readers return ``Reading[str]`` (the code) or ``Unreadable``.

Kinds (载体类型) follow DESIGN.md: land 土地, factory 厂房, office 写字楼, lab 研发楼,
warehouse 仓库. Stages follow domain.md §3.1 (lead 线索 … in_statistics 入统, and the
terminal dropped/lost/withdrawn).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parkatlas.vocab.reading import ANY_WORDS, Reading, Unreadable, marker_of, normalise, shown

__all__ = [
    "ENV", "KINDS", "LAND_USE", "OPEN_STAGES", "STAGES", "STATUSES", "TENURES", "Term",
    "Vocabulary", "read_env_class", "read_kind", "read_land_use", "read_stage", "read_status",
    "read_tenure",
]  # fmt: skip


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str
    words: tuple[str, ...] = ()


class Vocabulary:
    """A closed list of terms: code → labels, and every written word → code."""

    def __init__(self, name_en: str, name_zh: str, terms: tuple[Term, ...]) -> None:
        self.name_en, self.name_zh = name_en, name_zh
        self.terms = terms
        self.codes: tuple[str, ...] = tuple(t.code for t in terms)
        self.words: dict[str, str] = {}
        for t in terms:
            for word in (t.code, t.zh, t.en, *t.words):
                self.words.setdefault(normalise(word).replace(" ", ""), t.code)
        # longest first, for finding a word inside a longer cell (高标准厂房 → 厂房)
        self._inside = sorted((w for w in self.words if len(w) >= 2), key=len, reverse=True)

    def zh(self, code: str) -> str:
        """The Chinese label of a code (the code itself when unknown)."""
        return next((t.zh for t in self.terms if t.code == code), code)

    def en(self, code: str) -> str:
        return next((t.en for t in self.terms if t.code == code), code)

    def label(self, code: str, lang: str = "en") -> str:
        return self.zh(code) if lang.startswith("zh") else self.en(code)

    def choices(self) -> str:
        """Every term as "factory 厂房, land 土地, …" for messages."""
        return ", ".join(f"{t.code} {t.zh}" for t in self.terms)

    def _unknown(self, value: object, code: str, en: str, zh: str) -> Unreadable:
        return Unreadable(
            code,
            shown(value),
            f"cannot read {shown(value)} as {self.name_en}: {en}; use one of {self.choices()}",
            f"无法把 {shown(value)} 读作{self.name_zh}：{zh}；可用：{self.choices()}",
        )

    def read(self, value: object, *, allow_any: bool = False) -> Reading[str] | Unreadable:
        """The code a cell names: an exact word (厂房, factory, 标准厂房 …), else the one term
        whose word appears inside the cell (高标准厂房 → factory; brackets are ignored)."""
        if value is None:
            return Reading(None, marker="blank")
        text = normalise(str(value))
        marker = marker_of(text, words=(ANY_WORDS,) if allow_any else ())
        if marker is not None:
            return Reading(None, marker=marker)
        compact = text.replace(" ", "")
        if compact in self.words:
            return Reading(self.words[compact])
        bare = re.sub(r"\(.*?\)|\[.*?\]|【.*?】", "", compact) or compact
        if bare in self.words:
            return Reading(self.words[bare], note=compact)
        found: dict[str, str] = {}
        rest = bare
        for word in self._inside:
            if word in rest:
                found.setdefault(self.words[word], word)
                rest = rest.replace(word, " ")
        if len(found) == 1:
            return Reading(next(iter(found)), note=str(value).strip())
        if len(found) > 1:
            names = "、".join(found.values())
            return self._unknown(value, "several", f"it names several ({names}): give one",
                                 f"写了多个（{names}）：请只填一个")  # fmt: skip
        return self._unknown(value, "unknown_word", "unknown word", "无法识别")


KINDS = Vocabulary("a site kind", "载体类型", (
    Term("land", "土地", "land", ("地块", "工业用地", "用地", "产业用地", "研发用地", "工业地块",
                                  "出让地块", "净地", "标准地", "parcel")),
    Term("factory", "厂房", "factory", ("标准厂房", "工业厂房", "通用厂房", "单层厂房", "多层厂房",
                                        "高标准厂房", "钢结构厂房", "独栋厂房", "工业上楼", "智造空间",
                                        "生产用房", "车间", "厂区", "plant")),
    Term("office", "写字楼", "office", ("办公", "办公楼", "商务楼", "办公室", "甲级写字楼",
                                        "商务办公", "办公用房")),
    Term("lab", "研发楼", "lab", ("研发", "实验室", "研发办公", "科研楼", "研发中心", "孵化器",
                                  "研发用房", "中试", "laboratory", "r&d")),
    Term("warehouse", "仓库", "warehouse", ("仓储", "物流仓库", "物流仓储", "冷库", "高标仓",
                                            "物流园", "库房", "storage")),
))  # fmt: skip

STATUSES = Vocabulary("a site status", "招商状态", (
    Term("available", "可租", "available", ("空置", "待租", "招商中", "可售", "在租", "可租售",
                                            "待售", "vacant", "open")),
    Term("reserved", "已预订", "reserved", ("预定", "预订", "意向", "洽谈中", "已签意向",
                                            "已预定")),
    Term("occupied", "已租", "occupied", ("已售", "已出租", "已入驻", "满租", "已出售", "已租售",
                                          "taken", "let", "sold")),
))  # fmt: skip

TENURES = Vocabulary("a tenure", "租售方式", (
    Term("lease", "出租", "lease", ("rent", "租赁", "租", "只租", "仅租")),
    Term("sale", "出售", "sale", ("sell", "销售", "转让", "售", "出让", "只售", "仅售")),
    Term("both", "租售均可", "both", ("租售", "可租可售", "均可", "可租售", "租/售")),
))  # fmt: skip

STAGES = Vocabulary("a project stage", "项目阶段", (
    Term("lead", "线索", "lead", ("信息", "项目线索")),
    Term("assessed", "研判", "assessed", ("已研判",)),
    Term("negotiating", "洽谈", "negotiating", ("在谈", "洽谈中", "接洽", "考察")),
    Term("pre_reviewed", "预审", "pre-reviewed", ("评审通过", "预审通过", "已评审", "pre_reviewed")),
    Term("signed", "签约", "signed", ("已签约", "正式签约", "意向签约", "框架签约", "签订协议")),
    Term("registered", "注册", "registered", ("落户", "已注册", "工商注册")),
    Term("site_secured", "拿地", "site secured", ("落地", "租赁", "已拿地", "供地", "site_secured")),
    Term("construction_started", "开工", "construction started",
         ("在建", "已开工", "construction_started")),
    Term("completed", "竣工", "completed", ("已竣工",)),
    Term("in_production", "投产", "in production", ("已投产", "in_production")),
    Term("at_capacity", "达产", "at capacity", ("已达产", "at_capacity")),
    Term("in_statistics", "入统", "in statistics", ("入规", "in_statistics")),
    Term("dropped", "终止", "dropped", ("已终止", "放弃")),
    Term("lost", "流失", "lost", ("已流失",)),
    Term("withdrawn", "退出", "withdrawn", ("已退出",)),
))  # fmt: skip
OPEN_STAGES = ("lead", "assessed", "negotiating", "pre_reviewed", "signed", "registered")
"""Stages of a project still looking for a site (matching offers sites to these)."""

LAND_USE = Vocabulary("a land use", "用地性质", (
    Term("M0", "新型产业用地", "new industrial land (M0)", ("研发用地", "工业研发用地", "m0")),
    Term("M1", "一类工业用地", "class 1 industrial land (M1)", ("m1",)),
    Term("M2", "二类工业用地", "class 2 industrial land (M2)", ("m2",)),
    Term("M3", "三类工业用地", "class 3 industrial land (M3)", ("m3",)),
    Term("M", "工业用地", "industrial land (M)", ("m",)),
    Term("W1", "一类物流仓储用地", "class 1 logistics land (W1)", ("仓储用地", "w1")),
    Term("W2", "二类物流仓储用地", "class 2 logistics land (W2)", ("w2",)),
    Term("W3", "三类物流仓储用地", "class 3 logistics land (W3)", ("w3",)),
    Term("W", "物流仓储用地", "logistics land (W)", ("w",)),
))  # fmt: skip

ENV = Vocabulary("an environmental class", "环评类别", (
    Term("1", "登记表", "registration form (1)", ("一类", "1类")),
    Term("2", "报告表", "form report (2)", ("二类", "2类")),
    Term("3", "报告书", "full report (3)", ("三类", "3类")),
))  # fmt: skip


def read_kind(value: object, *, allow_any: bool = False) -> Reading[str] | Unreadable:
    """A site kind: 厂房/标准厂房/工业上楼 → factory, 仓库/仓储 → warehouse, 研发楼 → lab,
    写字楼/办公 → office, 土地/地块 → land. ``allow_any``: 不限 → marker ``any`` (needs)."""
    return KINDS.read(value, allow_any=allow_any)


def read_status(value: object) -> Reading[str] | Unreadable:
    """A site status: 可租/空置/招商中 → available, 意向/洽谈中 → reserved, 已租/已售 → occupied."""
    return STATUSES.read(value)


def read_tenure(value: object) -> Reading[str] | Unreadable:
    """出租 → lease, 出售/出让 → sale, 租售均可 → both."""
    return TENURES.read(value)


def read_stage(value: object) -> Reading[str] | Unreadable:
    """A project stage (domain.md §3.1): 线索 → lead, 在谈 → negotiating, 签约 → signed …"""
    return STAGES.read(value)


def read_land_use(value: object) -> Reading[str] | Unreadable:
    """A land-use class: M0–M3, W1–W3 or their Chinese names (二类工业用地 → M2)."""
    return LAND_USE.read(value)


def read_env_class(value: object) -> Reading[int] | Unreadable:
    """The highest environmental-assessment class accepted, 1 (登记表) … 3 (报告书)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value in (1, 2, 3):
        return Reading(int(value))
    got = ENV.read(value)
    if isinstance(got, Unreadable) or got.value is None:
        return got if isinstance(got, Unreadable) else Reading(None, marker=got.marker)
    return Reading(int(got.value), note=got.note)
