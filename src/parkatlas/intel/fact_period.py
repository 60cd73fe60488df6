"""Rules for the year a quantity refers to: the governing time word (same clause, the
sentence, a connector's previous sentence, a topic time of the paragraph, headings, the
event's day), and whether the sentence is done or planned."""

from __future__ import annotations

import bisect
import re

from parkatlas.intel import classify as C
from parkatlas.intel.context import TimeWord
from parkatlas.intel.fact_metric import _RX_DONE, MetricRules
from parkatlas.intel.quantities import Quantity

_RX_CONNECTOR = re.compile(
    r"^\s*\W{0,3}(?:同时|此外|另外|另有|其中|与此同时|另一方面|此前|Among\s+(?:them|these|those|the)\b|At\s+the\s+same\s+time|Meanwhile|In\s+addition|Also|Besides|Moreover|Furthermore|Of\s+these|Of\s+which|It\b|Its\b|They\b|Their\b|该|其)",
    re.IGNORECASE,
)
_RX_DEPENDENT = re.compile(
    r"\s*(?:\w+ing\b|with\b|including\b|which\b|where\b|(?:at|in|during|under|through)\s+which\b|an?\s|up\b|down\b|同比|比上年|增长|下降)",
    re.IGNORECASE,
)
# 将力争全年…增长5.5%，…突破2200亿元: the goal's year reaches the goals after it
_RX_GOAL_LEAD = re.compile(r"(?:力争|确保|争取)\s*$")
_RX_CUMULATIVE = re.compile(r"已|already|so\s+far", re.IGNORECASE)
# a time word near the start of its clause, after its subject: 高新区去年新引进…
_RX_SUBJECT_LEAD = re.compile(r"[\u4e00-\u9fff]{1,8}")
_RX_ANAPHORIC_CLAUSE = re.compile(
    r"\s*(?:and\s+|while\s+)?(?:[\d,]+|\w+)\s+of\s+(?:them|which|these|those)\b|\s*其中",
    re.IGNORECASE,
)
_RX_RELATIVE = re.compile(r"\s*(?:which|who|that|where)\b", re.IGNORECASE)
_RX_PUNCT = re.compile(r"[\s,，;；:：.。)）\"”]")
_RX_DEFINITE = re.compile(r"\s*\W{0,3}The\s+(?:[a-z-]+\s+){0,2}?([a-z]{4,})\b")
_RX_TIME_LEAD = re.compile(
    r"\s*(?:[\u4e00-\u9fff]{0,4}讯\s*(?:[(（][^)）]{0,20}[)）])?\s*)?"
    r"[\s\"“”'(（]*(?:预计|力争|计划|争取|确保|目标|有望|截至|截止|自)?(?:(?:In|in|On|on|Last|last|By|by|During|during|For|for|Over|over|Since|since|Until|until|From|from|在|到|至|于)\s*)?"
    r"(?:the\s+(?:beginning|start|end|middle|rest|first\s+half|second\s+half)\s+of\s+)?"
)
_RX_TOPIC_LEAD = re.compile(
    r"[\s\"“”'(（]*(?:\d{1,2}月\d{1,2}日\s*[,，]\s*)?(?:[^,，。;；:：\d]{0,24}[:：]\s*)?"
    r"(?:[^,，。;；:：\d]{0,20}(?:获悉|了解到|表示|介绍|指出|透露|显示|通报|宣布)[,，:：]\s*|据[^,，。;；\d]{0,16}[,，]\s*|According\s+to\s[^,.;\d]{0,40},\s*)?"
    r"(?:(?:In|in|By|by|During|For|Over)\s+(?:the\s+)?|到|至|在)?"
)
# the clause of a sentence coordinated with the one before: "…, and its output …"
# (with its own subject: "…, and its output …", not "…, and signed …", the same subject's)
_RX_AND_CLAUSE = re.compile(
    r"\s*(?:and|while|whereas)\s+(?:its|their|the|his|her|our|this|these)\s+(?!(?:will|is\s+expected|plans?|aims?)\b)"
    r"|\s*(?:while|whereas)\s+(?!(?:will|is\s+expected|plans?|aims?)\b)|\s*同时"
)
# a sentence that opens its own frame: "In the zone's Tong'an Park, …", 在临港新片区,
_RX_NEW_FRAME = re.compile(
    r"\s*(?:In|At|Inside|Within)\s+(?:the\s+)?(?:[a-z]+['’]s\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*,|\s*在[^,，。;；]{2,16}[,，]"
)
# a sentence reporting a result over a period (totaled, grew, 增长, 实现), which a year
# named in the sentence before governs
_RX_FLOW = re.compile(
    r"\b(?:total(?:l?ed|s)|grew|rose|fell|increased|decreased|declined|reached|posted|recorded|"
    r"contributed|generated|amounted|up|down|(?:increase|decrease|rise|drop|decline)\s+of)\b"
    r"|增长|下降|实现|完成|达到|同比|新增|新登记|新引进|引进|签约"
)
_RX_NEXT_STEP = re.compile(
    r"\s*\W{0,3}(?:下一步|下阶段|接下来|未来|今后|Next,|Going\s+forward)", re.IGNORECASE
)
_RX_NOT_HEADING = re.compile(r"[。！？!?；;，,]|\d{1,2}月\d{1,2}日")
# a reference to the reported event: 本次签约, 此次, 会上, "At the conference", "the signing"
_RX_EVENT_REF = re.compile(
    r"本次|此次|这次|会上|会议上|仪式上|活动上|活动中|签约现场|"
    r"\b(?:[Aa]t|[Dd]uring|[Oo]n\s+the\s+sidelines\s+of)\s+the\s+(?:[\w-]+\s+){0,3}?(?:conference|meeting|ceremony|event|forum|signing|fair|expo|summit|launch|session|exhibition|symposium)\b"
)


# a sentence about a stock or a lasting attribute, not about the document's period
_RX_LASTING = re.compile(
    r"已|累计|截至|以来|总面积|规划|占地(?!区)|位于|预计|建成后|达产后|\b(?:since|so\s+far|as\s+of|has|have|had|"
    r"founded|established\s+in|opened|covers?|covering|planned|total\s+(?:area|GFA)|GFA|"
    r"home\s+to|located|under\s+construction|will|once)\b",
    re.IGNORECASE,
)


_RX_APPOSITIVE = re.compile(r"\s*(?:home\s+to|which|where|one\s+of)\b", re.IGNORECASE)
_RX_AFTER_DONE = re.compile(
    r"达产后|建成后|投产后|竣工后|全面投产|\bonce\s+(?:fully\s+)?(?:operational|completed|in\s+operation)|"
    r"\bwhen\s+(?:fully\s+)?(?:completed|operational)|\bupon\s+completion",
    re.IGNORECASE,
)
_RX_PLANNED = re.compile(r"\s*(?:拟|将|计划(?!总投资)|规划)(?!\d)")
_RX_CUMULATIVE_ZH = re.compile(r"已(?!有)|累计|\balready\b|\bso\s+far\b")
# "Last year, …" opening the body reports on one part of the text, not on the whole
_RX_PAST_REL = re.compile(r"去年|上年|上一年|前年|过去(?:的)?一年|[Ll]ast\s+year|the\s+p(?:ast|revious)\s+year")


class PeriodRules(MetricRules):
    def period(self, q: Quantity) -> tuple[int | None, bool]:
        """(year, is a goal year) of the time word governing the quantity."""
        tw = self._governing_time(q.num_start, q.end)
        u0, u1 = self.layout.subsentence(q.num_start)
        if tw is not None:
            cs, ce = self.layout.clause_of(q.num_start)
            after = _RX_AFTER_DONE.search(self.text, u0, q.num_start)
            if tw.local and q.qualifier == "scale" and not cs <= tw.start < ce:
                # 力争全年引进项目60个，加快打造千亿级产业集群: a size class has no year of
                # its own, only its section's (二、2024年主要预期目标)
                tw = self._heading_time(self.layout.paragraph(q.num_start)[0])
            elif after and not u0 <= tw.start < u1:
                tw = None  # 达产后预计年产值30亿元: a project's forecast has only its own year
            elif not cs <= tw.start < ce and (
                (after and tw.start < after.start()) or _RX_PLANNED.match(self.text, cs)
            ):
                # 上半年新引进的…项目…，拟新增用地156亩，预计达产后…20亿元: the plan's own
                # clause has no year
                tw = None
        if tw is not None and not (tw.future or tw.goal):
            s0, s1 = self.layout.sentence(q.num_start)
            if not s0 <= tw.start < s1 and (
                _RX_CUMULATIVE_ZH.search(self.text, s0, q.num_start) or (tw.event and self.target(q))
            ):
                # 吴淞创新城已集聚…320余家 after 今年以来…: a stock, not this year's; 达产后预计
                # 年产值30亿元 after the signing's day: the plan has no year of its own
                tw = None
        if tw is None:
            tw = self._event_time(q.num_start)
            if tw is not None and self.target(q):
                tw = None  # 达产后预计…: a forecast of the project, not of the event's year
        if tw is None and not self.target(q) and self._frame_applies(q):
            tw = self._frame()
        if tw is None and self.target(q):
            tw = self._previous_goal(q.num_start)
        self.last_time = tw
        if tw is None:
            return None, False
        future = tw.future or (
            tw.year is not None and self.doc_year is not None and tw.year > self.doc_year
        )
        return tw.year, future

    def _previous_goal(self, pos: int) -> TimeWord | None:
        """A plan's sentence with no time word continues the goal of the sentence before it
        in its paragraph ("… will add 500 firms by 2030. The output … is expected to reach
        …"; 到2025年，…。届时…)."""
        s0, s1 = self.layout.sentence(pos)
        p0, _ = self.layout.paragraph(pos)
        if s0 <= p0 or self._times_in(s0, s1):
            return None
        ps0, _ = self.layout.sentence(s0 - 1)
        goals = [t for t in self._times_in(ps0, s0) if t.goal]
        if not goals or not self._plan(ps0, s0):
            return None
        return goals[-1]

    def _times_in(self, a: int, b: int) -> list[TimeWord]:
        return [t for t in self.times if a <= t.start and t.end <= b]

    def _governing_time(self, pos: int, end: int, depth: int = 0) -> TimeWord | None:
        layout = self.layout
        text = self.text
        cs, ce = layout.clause_of(pos)
        # 1. in the same clause
        same = self._times_in(cs, ce)
        if same:
            before = [t for t in same if t.start < pos]
            got = before[-1] if before else same[0]
            if not got.topic and not got.goal:
                # "on Tuesday released a plan to develop … by 2025": the goal year
                goal = next((t for t in same if t.goal), None)
                if goal is not None:
                    return goal
            return got
        # 2. earlier in the sentence (also across ;/；), unless postposed at the end of its
        # clause; a goal year ("by 2025", 到2025年) reaches the rest of the sentence
        s0, s1 = layout.sentence(pos)
        ss, _ = layout.subsentence(pos)
        for t in reversed(self._times_in(s0, cs)):
            tcs, tce = layout.clause_of(t.start)
            at_start = bool(_RX_TIME_LEAD.fullmatch(text, tcs, t.start))
            at_end = not _RX_PUNCT.sub("", text[t.end : tce])
            if t.local and not at_start and not _RX_GOAL_LEAD.search(text, tcs, t.start):
                continue  # 完成全年目标的78%: 全年 inside its clause is that clause's only
            if t.start < ss and not (at_start or _RX_SUBJECT_LEAD.fullmatch(text, tcs, t.start)):
                continue  # across ;/；only a time word opening its clause
            if t.start < ss and (
                (t.future and self._done(ss, ce)) or _RX_CUMULATIVE.search(text, ss, pos)
            ):
                continue  # 已/累计 (so far): no year from another sub-sentence
            if at_start or not at_end or (t.goal and t.start >= ss):
                return t
            if tce == cs and t.year is not None and not t.future and _RX_AND_CLAUSE.match(text, cs):
                return (
                    t  # "…turned out 156 million handsets last year, and its … industry posted …"
                )
            # participle or relative clauses share the time of the clause they hang on,
            # and so does "N of them" / 其中 (the things that clause counted)
            if self._dependent_chain(tce, cs) or (
                tce == cs and _RX_ANAPHORIC_CLAUSE.match(text, cs)
            ):
                return t
        # 2b. a time word closing the sentence governs the whole sentence (not a relative
        # clause: "…, which covers 873 square kilometers, attracted … last year", nor an
        # appositive: "…, home to more than 2,300 companies, generated … in the quarter")
        if not _RX_RELATIVE.match(text, cs) and not _RX_APPOSITIVE.match(text, cs):
            for t in self._times_in(ce, s1):
                if t.year is None or t.local:
                    continue  # "… over the next three years" is its own clause's
                _, tce = layout.clause_of(t.start)
                if not _RX_PUNCT.sub("", text[t.end : tce]) and (
                    tce >= s1 or self._dependent_chain(tce, s1 - 1)
                ):
                    return t
        if depth > 6 or _RX_RELATIVE.match(text, cs):
            return None  # a relative clause (", which covers …") has only its sentence's time
        # 3. a sentence opening with a connector (同时, Among them, "The projects" after
        # projects) takes the previous one's
        if s0 > 0 and self._continues(s0):
            p0, _ = layout.paragraph(pos)
            ps0, _ = layout.sentence(s0 - 1)
            while ps0 > 0 and not text[ps0:s0].strip():
                ps0, _ = layout.sentence(ps0 - 1)  # over blank lines
            if ps0 >= p0 or depth == 0:
                prev_times = self._times_in(ps0, s0)
                prev_got = prev_times[-1] if prev_times else None
                if prev_got is None and ps0 >= p0:
                    prev_got = self._governing_time(max(ps0, s0 - 2), s0 - 1, depth + 1)
                if prev_got is not None and not (prev_got.future and self._done(s0, ce)):
                    return prev_got
        # 4. a topic time opening an earlier sentence of the paragraph
        p0, _ = layout.paragraph(pos)
        plan = None  # the sentence states a plan (下一步…将力争…): no partial past period
        for t in reversed(self._times_in(p0, ss)):
            if not t.topic:
                continue
            ts0, _ = layout.sentence(t.start)
            lead = text[ts0 : t.start]
            if len(lead) <= 40 and _RX_TOPIC_LEAD.fullmatch(lead):
                if t.future and ts0 != s0 and self._done(s0, ce):
                    return None  # a goal year does not reach a sentence about what was done
                if ts0 != s0 and self._past_part(t):
                    if plan is None:
                        plan = self._plan(s0, pos)
                    if plan:
                        return None
                return t
        if depth > 0:
            return None
        # 4b. the last year named in the earlier sentences of the paragraph ("… reached 123.7
        # billion yuan in 2023. General public budget revenue totaled …"), unless the
        # sentence opens a new frame ("In the zone's Tong'an Park, …")
        if s0 > p0 and not _RX_NEW_FRAME.match(text, s0) and _RX_FLOW.search(text, s0, pos):
            prev = self._times_in(p0, s0)
            if prev:
                t = prev[-1]
                if (
                    t.year is not None
                    and (t.topic or t.local)
                    and not (t.part or t.event or t.goal or t.future)
                    and (self.doc_year is None or t.year <= self.doc_year)
                ):
                    if plan is None:
                        plan = self._plan(s0, pos)
                    return None if plan else t
                return None
        # 5. a heading that names a year governs its section (一、2023年工作回顾)
        return self._heading_time(p0)

    def _frame(self) -> TimeWord | None:
        """The period the whole document reports on: a year or part of a year named in its
        title (江西省2023年…统计公报, "… grows 4.1% in first half"), else in its first
        sentence (4月7日, "in the first half of 2024", 本周)."""
        if self._frame_cache is None:
            got: TimeWord | None = None
            ranges: list[tuple[int, int]] = []
            if self._spans:
                ranges.append(self._spans[0])
                if len(self._spans) > 1:
                    a = self._spans[1][0]
                    _, b = self.layout.sentence(a)
                    ranges.append((a, min(b, a + 100)))  # its opening words
            if len(ranges) > 1:
                # the event's day anywhere in the first sentence ("… signed … on Wednesday")
                a, _ = ranges[1]
                ranges.append(self.layout.sentence(a))
            for k, (a, b) in enumerate(ranges):
                got = next(
                    (
                        t
                        for t in self._times_in(a, b)
                        if (k < 2 or t.event)
                        and t.year is not None and not (t.future or t.goal)
                        and (self.doc_year is None or t.year <= self.doc_year)
                        and not (a > 0 and _RX_PAST_REL.fullmatch(self.text, t.start, t.end))
                    ),
                    None,
                )
                if got is not None:
                    break
            self._frame_cache = (got,)
        return self._frame_cache[0]

    def _frame_applies(self, q: Quantity) -> bool:
        """A fact with no time word of its own takes the document's period unless its
        sentence says it is a stock built up over time (已, 累计, since, has) or a lasting
        attribute (规划面积, covers, planned area)."""
        if self._spans and q.num_start < self._spans[0][1]:
            return False  # a headline's figure: the annotators disagree, leave it open
        # the sentence, but not an appositive between its subject and the fact's clause
        # ("The park's biomedicine sector, home to …, generated …")
        s0, s1 = self.layout.sentence(q.num_start)
        for m in _RX_LASTING.finditer(self.text, s0, s1):
            a, b = self.layout.clause_of(m.start())
            if not (b <= q.num_start and _RX_APPOSITIVE.match(self.text, a)):
                return False
        return True

    def _past_part(self, t: TimeWord) -> bool:
        return t.part or (
            t.year is not None and self.doc_year is not None and t.year < self.doc_year
        )

    def _plan(self, s0: int, pos: int) -> bool:
        """The sentence up to ``pos`` states a plan or goal (下一步, 将力争, will)."""
        sent = self.text[s0:pos]
        return bool(_RX_NEXT_STEP.match(sent)) or C.is_target(sent, "", sent[:30], False, sent)

    def _heading_time(self, p0: int) -> TimeWord | None:
        if self._headings is None:
            self._headings = self._find_headings()
        got: TimeWord | None = None
        for start, tw in self._headings:
            if start >= p0:
                break
            got = tw
        return got

    def _find_headings(self) -> list[tuple[int, TimeWord]]:
        """Short lines of the body (not the title) without sentence punctuation that name a
        year: section headings (一、2023年工作回顾, 二、2024年主要预期目标)."""
        out: list[tuple[int, TimeWord]] = []
        text = self.text
        title_end = self._spans[0][1] if self._spans else 0
        last = -1
        for t in self.times:
            if t.year is None or t.event or t.start < title_end:
                continue
            a, b = self.layout.paragraph(t.start)
            if a == last:
                continue
            last = a
            line = text[a:b].strip()
            if len(line) <= 24 and not _RX_NOT_HEADING.search(line):
                out.append((a, t))
        return out

    def _event_time(self, pos: int, depth: int = 0) -> TimeWord | None:
        """本次签约…, "At the conference, …": the day of the event the text reported."""
        if self._event_refs is None:
            self._event_refs = (
                [m.start() for m in _RX_EVENT_REF.finditer(self.text)]
                if any(t.event for t in self.times)
                else []
            )
        refs = self._event_refs
        if not refs or refs[0] >= pos:
            return None
        s0, _ = self.layout.sentence(pos)
        k = bisect.bisect_left(refs, s0)
        if k < len(refs) and refs[k] < pos:
            return next((t for t in reversed(self.times) if t.event and t.end <= s0), None)
        if depth < 2 and s0 > 0 and self._continues(s0):
            return self._event_time(s0 - 1, depth + 1)
        return None

    def _dependent_chain(self, a: int, b: int) -> bool:
        """Every clause from ``a`` to ``b`` is a participle/relative clause ("…, up 9.8
        percent, accounting for 82.5 percent …") hanging on the clause before ``a``."""
        if a > b:
            return False
        bounds = self.layout.clause
        i = bisect.bisect_left(bounds, a)
        seen = False
        while i < len(bounds) and bounds[i] <= b:
            if not _RX_DEPENDENT.match(self.text, bounds[i]):
                return False
            seen = True
            i += 1
        return seen

    def _continues(self, s0: int) -> bool:
        """The sentence at ``s0`` continues the previous one: a connector (同时, Among them,
        It) or a definite noun the previous sentence named ("… 52 projects …. The projects …")."""
        text = self.text
        if _RX_CONNECTOR.match(text[s0 : s0 + 25]):
            return True
        m = _RX_DEFINITE.match(text, s0, s0 + 40)
        if not m:
            return False
        ps0, _ = self.layout.sentence(s0 - 1)
        stem = m.group(1).lower()[:5]
        return re.search(rf"\b{re.escape(stem)}", text[ps0:s0], re.IGNORECASE) is not None

    def _done(self, s0: int, s1: int) -> bool:
        """The sentence up to the fact's clause reports something done (has set up, 已),
        not a plan."""
        sent = self.text[s0:s1]
        return bool(_RX_DONE.search(sent)) and not C.is_target(sent, "", sent[:30], False, "")

    # -------------------------------------------------------------- region
