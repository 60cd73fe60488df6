"""Rules for what a quantity measures: metric (with "respectively" lists and noun heads),
measure and status (a target or not)."""

from __future__ import annotations

import re

from parkatlas.intel import classify as C
from parkatlas.intel.fact_context import ContextBase
from parkatlas.intel.quantities import Quantity
from parkatlas.intel.schema import FactRecord

_RX_RESPECTIVELY = re.compile(r"respectively|分别|依次", re.IGNORECASE)
_RX_LIST_SEP = re.compile(r"^[\s,，、;；]*(?:and|和|及|与|以及|or|或)?[\s,，、]*$", re.IGNORECASE)
_RX_LIST_ITEM_SPLIT = re.compile(r"[,，、]|\band\b|和|及")
_RX_SHARE_MARK = re.compile(
    r"占|accounted\s+for|accounting\s+for|accounts?\s+for|made\s+up|share\s+of", re.IGNORECASE
)
_RX_LIST_WORD = re.compile(r"\band\b|、|和|及|以及", re.IGNORECASE)
_RX_RESTATE = re.compile(
    r"\s*[,，]?\s*(?:or|i\.e\.|equivalent\s+to|equal\s+to|相当于|即)\s*", re.IGNORECASE
)
_RX_OF_WHICH = re.compile(r"\s*(?:其中|of\s+which|of\s+this|among\s+them)", re.IGNORECASE)
# the words after an English amount up to a preposition or punctuation: the phrase it qualifies
_RX_EN_NP = re.compile(
    r"(?:\s+(?!(?:of|for|to|in|and|with|by|from|that|which|on|at|under|was|were|is|are|has|have|will|last|this|year|each)\b)[A-Za-z][\w&'’-]*){1,5}"
)
_RX_NP_HEAD = re.compile(
    r"\b(?:funds?|projects?|industry|industries|clusters?|deals?|contracts?|plants?|factory|"
    r"facility|bases?)\b",
    re.IGNORECASE,
)
_NP_HEADS = {
    "fund": "fund",
    "project": "investment",
    "plant": "investment",  # "a 600-million-dollar biomedicine plant": the plant's investment
    "factory": "investment",
    "facility": "investment",
    "base": "investment",
    "industry": "output_value",
    "industrie": "output_value",
    "cluster": "output_value",
    "deal": "transaction",
    "contract": "transaction",
}
_RX_ZH_FUND_NP = re.compile(r"(?:以上)?的[\u4e00-\u9fff“”]{0,12}?(?:基金|母基金)")
_RX_DONE = re.compile(
    r"\b(?:has|have|had)\s+(?:already\s+|also\s+|now\s+)?(?!to\b|been\s+(?:planned|set\s+to))[a-z]+\b|\balready\b|已经|已(?!有)",
    re.IGNORECASE,
)
# a clause of its own subject after a contrast: "…, while Chongqing's GDP reached …"
_RX_CONTRAST = re.compile(r"\s*(?:while|whereas|but)\s+(?!(?:also|will|is|are|to)\b)|\s*而(?!且)")
# the head of a list of goals: 主要预期目标是:, 目标任务:, "the main targets are:"
_RX_GOAL_LIST = re.compile(
    r"(?:目标|任务|指标)(?:是|为)?[:：]|\b(?:targets?|goals?)\s*(?:are|is|include)?\s*:",
    re.IGNORECASE,
)


# a policy's grant (给予…奖励, 最高补贴) in a clause that states its condition (对…的企业)
_RX_POLICY_GRANT = re.compile(r"给予|奖励|补贴|补助|奖补|资助|最高(?:奖励|补贴|补助|给予|不超过)")
_RX_POLICY_OPEN = re.compile(
    r"\s*(?:第[一二三四五六七八九十]+条\s*[^,，。;；]{0,20}[。.]\s*)?"
    r"(?:[^,，。;；]{0,8}(?:明确|规定|提出|指出)[,，:：]\s*)?对"
)
# an entry standard: 亩均税收不低于30万元, set by 明确/要求/标准
_RX_POLICY_BOUND = re.compile(r"(?:不低于|不少于|不得低于|原则上不超过)\s*$")
# the cap of a reward in the clause after it: 最高不超过500万元, 单个项目最高不超过300万元
_RX_CAP = re.compile(r"\s*[^,，。;；\d]{0,6}?最高(?:不超过|可达|给予)?\s*$")
_RX_POLICY_RULE = re.compile(r"明确|要求|标准|准入|门槛|须|应当")


class MetricRules(ContextBase):
    def metric(
        self, q: Quantity, i: int, qs: list[Quantity], prev: list[tuple[Quantity, str]]
    ) -> str:
        text = self.text
        cs, ce = self.layout.clause_of(q.num_start)
        ss, se = self.layout.subsentence(q.num_start)
        if q.kind == "count":
            left = text[max(ss, q.num_start - 20) : q.num_start]
            return C.count_metric(q.noun, left)
        if q.kind == "area":
            _, ce2 = self.layout.clause_of(q.num_start)
            ctxt = text[cs:ce2]
            return C.area_metric(
                ctxt,
                "m2"
                if re.search(
                    r"平方米|平米|square met|sq\.? ?m\b|sqm|m2|m²|㎡", text[q.start : q.end]
                )
                else "land",
            )
        prev_q = prev[-1] if prev and prev[-1][0].end > ss else None
        # a list of numbers with 分别/respectively: item by item
        if q.kind == "percent":
            resp = self._respectively(q, i, qs)
            if resp:
                return resp
            left_start = cs
            if prev_q and prev_q[0].end > cs:
                # after the previous quantity and the list word that follows it
                left_start = prev_q[0].end
                for sep in _RX_LIST_WORD.finditer(text, left_start, q.num_start):
                    left_start = sep.end()
            after = text[q.end : min(se, q.end + 60)]
            am = re.match(r"\s*(?:of|in)\s+(?:the\s+)?([^,，.;；]{0,50})", after, re.IGNORECASE)
            own_after = C.metric_in(am.group(1)) if am else None
            # "R&D spending reached 54.2 billion yuan, or 6.2% of GDP": the same amount
            # restated as a share keeps the amount's metric
            if prev_q and _RX_RESTATE.fullmatch(text, prev_q[0].end, q.start):
                return prev_q[1]
            # numbers of a list share the metric of the first: 增长5%、6%和7%
            if (
                not own_after
                and prev_q
                and prev_q[0].kind == "percent"
                and _RX_LIST_SEP.match(text[prev_q[0].end : q.start])
            ):
                return prev_q[1]
            marks = list(_RX_SHARE_MARK.finditer(text, left_start, q.num_start))
            share = marks[-1] if marks else None
            if share:
                # the part before 占 / "accounted for" is the subject; after it, the whole.
                # A generic part (an industry's 产值/output) takes a specific whole
                # (战略性新兴产业产值占规上工业总产值比重 → industrial_output)
                m, _ = C.nearest_metric(text, left_start, share.start())
                whole, _ = C.nearest_metric(text, share.end(), q.num_start)
                whole = whole or own_after
                if m in (None, "output_value") and whole not in (None, "output_value"):
                    return whole
                if (
                    m in (None, "output_value")
                    and whole is None
                    and prev_q
                    and _RX_OF_WHICH.match(text, cs)
                ):
                    return prev_q[1]  # 产值3100亿元,其中…占比52.4%: a part of that amount
                if m:
                    return m
                if own_after:
                    return own_after
                if prev_q:
                    return prev_q[1]
                return whole or "other"
            m, _ = C.nearest_metric(text, left_start, q.num_start)
            if m == "output_value" and own_after not in (None, "output_value"):
                return own_after  # "raise the output value of X to 40% of its industrial output"
            if m:
                return m
            if own_after:
                return own_after
            if prev_q:
                return prev_q[1]
            m, _ = C.nearest_metric(text, ss, q.num_start)
            return m or "other"
        # money
        head = self._np_head_metric(q)
        if head:
            return head
        if q.qualifier == "scale":
            m, _ = C.nearest_metric(text, q.end, min(se, ce + 30, q.end + 30), from_right=False)
            if m:
                return m
        m, _ = C.nearest_metric(text, cs, q.num_start)
        if m:
            return m
        m, _ = C.nearest_metric(text, q.end, min(ce, q.end + 40), from_right=False)
        if m:
            return m
        m, _ = C.nearest_metric(text, ss, q.num_start)
        return m or "other"

    def _np_head_metric(self, q: Quantity) -> str | None:
        """The metric of the noun an amount qualifies: "a 5 billion yuan IoT industry fund"
        (the head noun, the last word of the phrase), 规模50亿元的产业基金."""
        text = self.text
        if q.lang == "en":
            m = _RX_EN_NP.match(text, q.end)
            if not m or not m.group(0).strip():
                return None
            hits = [h for h in _RX_NP_HEAD.finditer(m.group(0))]
            if not hits:
                return None
            last = hits[-1]
            if m.group(0)[last.end() :].strip():
                return None  # the metric word is not the head of the phrase
            return _NP_HEADS[last.group(0).lower().rstrip("s")]
        m = _RX_ZH_FUND_NP.match(text, q.end)
        return "fund" if m else None

    def _respectively(self, q: Quantity, i: int, qs: list[Quantity]) -> str | None:
        text = self.text
        ss, se = self.layout.subsentence(q.num_start)
        # the group of quantities of the same kind joined by list separators
        first = i
        while (
            first > 0
            and qs[first - 1].kind == q.kind
            and qs[first - 1].start >= ss
            and _RX_LIST_SEP.match(text[qs[first - 1].end : qs[first].start])
        ):
            first -= 1
        last = i
        while (
            last + 1 < len(qs)
            and qs[last + 1].kind == q.kind
            and qs[last + 1].start < se
            and _RX_LIST_SEP.match(text[qs[last].end : qs[last + 1].start])
        ):
            last += 1
        k = last - first + 1
        if k < 2:
            return None
        around = text[max(ss, qs[first].start - 12) : min(se, qs[last].end + 20)]
        if not _RX_RESPECTIVELY.search(around):
            return None
        before = text[ss : qs[first].num_start]
        items = [s for s in _RX_LIST_ITEM_SPLIT.split(before) if s.strip()]
        if len(items) < k:
            return None
        items = items[-k:]
        metrics: list[str | None] = []
        for it in items:
            m = C.metric_in(it)
            metrics.append(m or (metrics[-1] if metrics else None))
        return metrics[i - first] or None

    # -------------------------------------------------------------- measure

    def measure(self, q: Quantity, i: int, qs: list[Quantity], facts: list[FactRecord]) -> str:
        text = self.text
        cs, _ = self.layout.clause_of(q.num_start)
        ss, _ = self.layout.subsentence(q.num_start)
        if (
            i > 0
            and facts
            and qs[i - 1].kind == q.kind
            and qs[i - 1].end > ss
            and _RX_LIST_SEP.match(text[qs[i - 1].end : q.start])
        ):
            if q.kind == "percent":
                return facts[-1].measure or "level"
        before = text[cs : q.num_start]
        if q.kind == "percent" and len(before.strip()) < 4:
            before = text[max(ss, cs - 30) : q.num_start]
        return C.measure_of(q.kind, before, text[q.end : q.end + 60])

    # -------------------------------------------------------------- status

    def policy_term(self, q: Quantity) -> bool:
        """A term a policy sets (对…企业，给予…奖励500万元; 亩均税收不低于30万元 as an entry
        standard): what will be paid or required, not what happened."""
        ss, se = self.layout.subsentence(q.num_start)
        sub = self.text[ss:se]
        if _RX_POLICY_GRANT.search(sub) and (
            _RX_POLICY_OPEN.match(sub) or _RX_POLICY_OPEN.match(self.text, self.layout.sentence(ss)[0])
        ):
            return True
        return bool(_RX_POLICY_BOUND.search(self.text, ss, q.num_start)) and bool(
            _RX_POLICY_RULE.search(self.text, self.layout.sentence(ss)[0], q.num_start)
        )

    def reward_metric(self, q: Quantity) -> str | None:
        """An amount or rate of a subsidy or reward has no metric of its own (other); a
        budget of rewards is a fund."""
        cs, _ = self.layout.clause_of(q.num_start)
        left = self.text[cs : q.num_start]
        if re.search(r"(?:奖补|奖励|补贴|补助|扶持)资金(?:总额|总量|规模)[^,，。;；]{0,8}$", left):
            return "fund"
        if re.search(r"(?:奖励|补贴|补助|奖补|资助)[^,，。;；\d]{0,8}$", left) or re.match(
            r"[^,，。;；\d]{0,4}(?:给予|的)?(?:一次性|最高)?(?:奖励|补贴|补助|奖补|资助)",
            self.text[q.end : q.end + 14],
        ):
            return "other"
        if _RX_CAP.match(left) and re.search(
            r"(?:奖励|补贴|补助|奖补|资助)\W{0,2}$", self.text[max(0, cs - 12) : cs]
        ):
            return "other"  # …给予一次性奖励，最高不超过500万元: the reward's cap
        return None

    def target(self, q: Quantity) -> bool:
        """A goal, plan or forecast (asked by status, period and policy rules: computed once)."""
        key = (q.num_start, q.end)
        got = self._target_cache.get(key)
        if got is None:
            got = self._target_cache[key] = self._target(q)
        return got

    def _target(self, q: Quantity) -> bool:
        text = self.text
        ss, se = self.layout.subsentence(q.num_start)
        s0, _ = self.layout.sentence(q.num_start)
        cs, ce = self.layout.clause_of(q.num_start)
        start = ss
        if cs > ss and _RX_CONTRAST.match(text, cs):
            start = cs  # "…is expected to exceed X, while Y reached Z last year": Y's own
        if C.is_target(
            text[start : q.num_start],
            text[q.end : ce],
            text[s0 : s0 + 30],
            q.qualifier == "scale",
            text[max(start, q.num_start - 80) : q.num_start],
        ):
            return True
        if ss > s0 and not _RX_DONE.search(text, ss, q.num_start):
            # a goal list (预期目标是:A;B;C) or a sentence opening with a goal word (力争…;
            # 推动…) makes every sub-sentence of the sentence a goal
            if _RX_GOAL_LIST.search(text, s0, ss):
                return True
            fe = self.layout.clause_of(s0)[1]
            if C.opens_with_goal(text[s0 : min(fe, s0 + 16)]):
                return True
        return False

    # -------------------------------------------------------------- period
