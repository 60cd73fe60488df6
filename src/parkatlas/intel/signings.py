"""Signing records (issue 13 §4): a signing sentence becomes a record of what was signed.

"XX公司年产10万吨新材料项目签约落户嘉定工业区，总投资20亿元" → project 年产10万吨新材料项目,
enterprise XX公司, place 嘉定工业区, amount 2e9 CNY; "the district signed 25 projects worth 12
billion yuan" → a batch: count 25, amount 12e9, place the district's. Pure: reads the text
and the facts already extracted from it (their amounts, counts, regions and spans) and returns
``SigningRecord``s; ``ingest`` stores them beside the facts (the ``signings`` table).

A sub-sentence (split at ；/;) is a signing when it, or the sentence it continues (其中, "One
of them"), says 签约/签署/signed/inked. One record per single project named in it (a project
phrase, ``meaning.single_project``), else one batch record when it counts projects.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from parkatlas.intel.context import Layout
from parkatlas.intel.meaning import NEVER_SUMMED, project_place
from parkatlas.intel.schema import FactRecord

__all__ = ["SigningRecord", "find_signings"]

_RX_SIGN = re.compile(r"签约|签署|签订|签下|集中签约|signed|signing|inked|sign\b", re.IGNORECASE)
_RX_CONTINUES = re.compile(
    r"^\s*\W{0,3}(?:其中|此外|另外|同时|Of\s+(?:these|them|which)|One\s+of\s+them|Among\s+them|"
    r"The\s+(?:largest|biggest)\b|Another\s+(?:project|one)\b|The\s+projects\s+include\b|"
    r"签约项目中|在签约项目中)",
    re.IGNORECASE,
)
_RX_COMPANY = re.compile(
    r"((?:[\u4e00-\u9fffA-Za-z\d（）()]{2,30}?)(?:股份有限公司|有限责任公司|有限公司|集团有限公司|集团|公司))"
    r"|((?:[A-Z][\w&.'’-]*\s+){1,5}(?:Co\.,?\s*Ltd\.?|Group|Inc\.?|Corporation|Corp\.?|Company|Ltd\.?|GmbH|AG))"
    r"|\bby\s+(?:a\s+)?((?:[A-Z][\w-]*\s+)?(?:[a-z-]+\s+)?(?:drugmaker|carmaker|automaker|company|firm|group|manufacturer|investor))"
)
_ZH_LEAD = re.compile(r"^(?:其中|此外|另外|同时|今年|近日|日前|上午|下午)?[，,、]?")
_RX_DAY = re.compile(r"(?<!\d)(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日")
_EN_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split()
    )
}
_RX_DAY_EN = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2})\b"
)
# a size per project, not the batch's amount: "11 of which each involve over $100 million"
_RX_EACH = re.compile(r"\beach\b|单个|每个|单体|单项", re.IGNORECASE)
_AMOUNT_SUBS = frozenset({"signed_investment", "project_investment", None})


@dataclass
class SigningRecord:
    """One signing: a single project (``project`` set) or a batch (``count`` set)."""

    project: str | None
    enterprise: str | None
    place: str | None
    place_code: str | None
    amount: float | None
    currency: str | None
    count: int | None
    signed_on: dt.date | None
    quote: str
    start: int
    end: int


def _enterprise(text: str) -> str | None:
    found = None
    for m in _RX_COMPANY.finditer(text):
        found = m
    if found is None:
        return None
    name = next(g for g in found.groups() if g)
    name = _ZH_LEAD.sub("", name.strip())
    name = re.sub(r"^(?:由|与|和|是|为|the|a)\s*", "", name)
    return name or None


def _day(text: str, doc_date: dt.date | None) -> dt.date | None:
    year = doc_date.year if doc_date else None
    m = _RX_DAY.search(text)
    if m and year:
        try:
            return dt.date(year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            return None
    m = _RX_DAY_EN.search(text)
    if m and year:
        try:
            return dt.date(year, _EN_MONTHS[m.group(1).lower()], int(m.group(2)))
        except ValueError:
            return None
    return doc_date


def _strip_enterprise(project: str, enterprise: str | None) -> str:
    if enterprise and enterprise in project:
        project = project.split(enterprise, 1)[1]
    project = re.sub(r"^(?:投资建设的|投资的|建设的|的|投资建设|投资|签约的|签约)", "", project)
    return project.strip("，, ")


def find_signings(
    text: str, facts: list[FactRecord], *, doc_date: dt.date | None = None
) -> list[SigningRecord]:
    """The signing records of ``text`` (the facts are those ``extract_facts`` found in it)."""
    if not _RX_SIGN.search(text):
        return []
    layout = Layout(text)
    out: list[SigningRecord] = []
    prev_signing_sentence = -1
    project_run_end = -1  # end of the last sentence that gave single-project records
    seen_sentences: set[int] = set()
    for f in facts:
        s0, s1 = layout.sentence(f.start)
        if s0 in seen_sentences:
            continue
        seen_sentences.add(s0)
        sentence = text[s0:s1]
        signing = bool(_RX_SIGN.search(sentence))
        # 其中，A公司…项目总投资35亿元…。B公司…项目总投资8.5亿元…: a project sentence right
        # after one that gave a project's record continues the signing
        in_run = project_run_end >= 0 and not text[project_run_end:s0].strip()
        if not signing and not (
            prev_signing_sentence >= 0 and (_RX_CONTINUES.match(sentence) or in_run)
        ):
            continue
        in_sentence = [g for g in facts if s0 <= g.start < s1]
        got = _records(text, layout, s0, s1, in_sentence, doc_date, continued=not signing)
        out.extend(got)
        if signing:
            prev_signing_sentence = s0
        project_run_end = s1 if any(r.project for r in got) else -1
    return _dedupe(out)


def _dedupe(records: list[SigningRecord]) -> list[SigningRecord]:
    """A headline and its body report one signing: keep the later (the body's) record."""
    kept: dict[tuple[object, ...], SigningRecord] = {}
    for r in records:
        key = (r.project, r.enterprise, r.count)
        old = kept.get(key)
        if old is None or old.amount is None or r.amount == old.amount:
            kept[key] = r
        elif r.amount is not None:
            kept[(*key, r.amount)] = r  # another signing of the same size class
    return sorted(kept.values(), key=lambda r: r.start)


def _records(
    text: str,
    layout: Layout,
    s0: int,
    s1: int,
    facts: list[FactRecord],
    doc_date: dt.date | None,
    *,
    continued: bool,
) -> list[SigningRecord]:
    sentence = text[s0:s1]
    when = _day(sentence, doc_date)
    records: list[SigningRecord] = []
    # single projects, one per sub-sentence
    subs = sorted({layout.subsentence(f.start) for f in facts})
    for u0, u1 in subs:
        money = [
            f
            for f in facts
            if u0 <= f.start < u1
            and f.kind == "money"
            and f.metric == "investment"
            and f.sub_metric not in NEVER_SUMMED
            and f.sub_metric in _AMOUNT_SUBS
            and f.measure == "level"
        ]
        part = text[u0:u1]
        name = next(
            (f.project for f in facts if u0 <= f.start < u1 and f.kind == "money" and f.project),
            None,
        )
        if name is None and any(f.status == "target" for f in facts if u0 <= f.start < u1):
            continue  # a plan, not a signing
        if name is None:
            continue
        enterprise = _enterprise(text[u0 : money[0].start]) if money else None
        enterprise = enterprise or _enterprise(part)
        project = _strip_enterprise(name, enterprise)
        amount = money[0] if money else None
        place = project_place(part)
        if place is None and amount is not None and amount.region and amount.region in part:
            place = amount.region  # the place the sub-sentence names, not one from before
        records.append(
            SigningRecord(
                project=project or name,
                enterprise=enterprise,
                place=place,
                place_code=amount.region_code if amount and place == amount.region else None,
                amount=amount.value if amount else None,
                currency=amount.unit if amount else None,
                count=None,
                signed_on=when,
                quote=part.strip(),
                start=u0,
                end=u1,
            )
        )
    if records:
        return records
    # a batch: counted projects (and their amount) in the sentence
    if continued:
        return []  # 其中…重大项目有15个: a part of the batch before, not a signing
    counts = [
        f
        for f in facts
        if f.kind == "count"
        and f.metric == "projects"
        and f.measure == "level"
        and f.status == "actual"
    ]
    if not counts:
        return []
    count = counts[0]
    money = [
        f
        for f in facts
        if f.kind == "money"
        and f.metric == "investment"
        and f.measure == "level"
        and f.sub_metric in _AMOUNT_SUBS
        and f.qualifier != "scale"
        and not _RX_EACH.search(text, max(count.end, f.start - 40), f.start)
        and f.start > count.start
    ]
    amount = money[0] if money else None
    return [
        SigningRecord(
            project=None,
            enterprise=None,
            place=count.region,
            place_code=count.region_code,
            amount=amount.value if amount else None,
            currency=amount.unit if amount else None,
            count=int(count.value),
            signed_on=when,
            quote=sentence.strip(),
            start=s0,
            end=s1,
        )
    ]
