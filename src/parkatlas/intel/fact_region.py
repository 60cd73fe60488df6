"""Rules for the place a quantity is about: the place of its clause or sentence, generic
references resolved ("the district"), list scopes, frames and quotations set aside, the
document's main region as the fallback."""

from __future__ import annotations

import bisect
import re

from parkatlas.intel.context import Place, TimeWord
from parkatlas.intel.fact_period import _RX_CONNECTOR, PeriodRules
from parkatlas.intel.quantities import Quantity

_RX_PRONOUN = re.compile(r"(?:^|[,，]\s*)(?:it|its|they|their)\b", re.IGNORECASE)
_RX_LOCATED = re.compile(
    r"(?P<loc>located|situated|lies|lying|位于|地处|坐落于)\s*(?:in|at|on)?\s*(?:the\s+)?$"
    r"|(?:\bin\s+the\s+(?:core\s+area|heart|cent(?:er|re)|(?:north|south|east|west)(?:east|west|ern)?(?:\s+part)?|outskirts|suburbs?)\s+of|capital\s+of(?:\s+[a-z]+)?(?:\s+China(?:'s|’s))?|省会)\s*(?:the\s+)?$",
    re.IGNORECASE,
)
# "A is located in B", "A位于B": A (a place) is the subject, B its location
_RX_PLACE_IS = re.compile(r"^\s*(?:,\s*)?(?:is|are|was|were)?\s*(?:also\s+)?$")
# "there" for the place just named ("… broke ground there"), not "there is/are"
_RX_THERE = re.compile(
    r"\bthere\b(?!\s+(?:is|are|was|were|will|have|has|had|remain|exist|seems?)\b)|当地|该地",
    re.IGNORECASE,
)
_RX_REL_OWNER = re.compile(r"[^,，;；.。]{0,60}?\b(?:that|which)\s+")
_RX_COORDINATED = re.compile(r"[,，]\s*(?:(?:and|while|but)\s|并|同时|而)")
# the origin of the subject, not the place of the fact: "investors from Hong Kong,
# Singapore and Taiwan", 来自香港、新加坡的投资者
_RX_ORIGIN = re.compile(
    r"\bfrom\s+(?:[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*)*[ \t]*(?:,[ \t]*(?:and[ \t]+)?|[ \t]+and[ \t]+))*$"
    r"|来自(?:[\u4e00-\u9fff]{2,8}[、和及与])*$"
)
# a list of places before the fact: 在A、B、C布局…, "in A, B and C"
_RX_PLACE_LIST_SEP = re.compile(r"^\s*(?:、|和|及|与|以及|,\s*(?:and\s+)?|\s+and\s+)\s*$")


# the region a place lies in, as an appositive: ", east China's Jiangsu Province"
_RX_REGION_APPOSITION = re.compile(
    r"(?:,|\bin)\s*(?:north|south|east|west|central|northeast|northwest|southeast|southwest)(?:ern)?\s+$",
    re.IGNORECASE,
)
# 在X举行 / 召开: the venue of an event
_RX_VENUE_AFTER = re.compile(r"(?:隆重|成功)?(?:举行|召开|举办|开幕|闭幕|落幕)")
_RX_SUBJECT_LEAD = re.compile(r"\s*\W{0,3}(?:The\s+)?", re.IGNORECASE)
_RX_GENERIC_WORD = re.compile(r"园区|开发区|高新区|新区|片区|新城|产业园|工业园|科技园")
_RX_SIGNED = re.compile(r"签约|签署|签订|\bsign(?:ed|ing)\b", re.IGNORECASE)
_RX_BYLINE = re.compile(r"\b[Bb]y\s+[A-Z][\w.'’ -]{1,40}?\s+in\s+$|记者\s*\S{0,8}\s*$")


class RegionRules(PeriodRules):
    def region(self, q: Quantity) -> tuple[str | None, str | None]:
        """(region as written, the name to resolve to a code)."""
        p = self._region_place(q.num_start, q.end, q)
        if p is None:
            return None, None
        if p.generic:
            ref = self._resolve_generic(p)
            if ref is None:
                return None, None
            return ref.name, ref.name
        return p.name, p.name

    def named(self, place: str, a: int, b: int) -> tuple[str, str]:
        """(region, name to resolve) for a place written in ``text[a:b]``; a generic word
        (落户园区, "in the zone") is the place it refers to."""
        at = self.text.find(place, a, b)
        if at >= 0 and _RX_GENERIC_WORD.fullmatch(place):
            ref = self._resolve_generic(Place(at, at + len(place), place, generic=place))
            if ref is not None:
                return ref.name, ref.name
        return place, place

    def signing_sentence(self, pos: int) -> bool:
        """The sentence at ``pos`` (or one of the two before it) reports a signing, and the
        sentence names no time of its own."""
        s0, s1 = self.layout.sentence(pos)
        if self._times_in(s0, s1):
            return False
        a = s0
        for _ in range(2):  # the two sentences before (其中…; "The largest is …")
            while a > 0 and self.text[a - 1].isspace():
                a -= 1
            if a > 0:
                a = self.layout.sentence(a - 1)[0]
        return _RX_SIGNED.search(self.text, a, s1) is not None

    def event_or_frame(self, pos: int) -> TimeWord | None:
        """The day of the event the sentence at ``pos`` reports, else the document's period."""
        return self._event_time(pos) or self._frame()

    def _resolve_generic(self, p: Place) -> Place | None:
        """全区 / 该县 / 开发区 / "the district's": the document's place of that kind —
        the nearest one named before, else the first named anywhere."""
        g = p.generic
        if g == "area":
            return self._area_ref(p)
        admin_only = g in ("区", "县", "市", "镇", "district", "city", "county")
        suffixes = {
            "district": ("District", "区", "New Area"),
            "city": ("City", "市"),
            "county": ("County", "县"),
            "park": ("Park", "园", "园区"),
            "valley": ("Valley", "谷"),
            "new city": ("New City",),
            "new town": ("New Town",),
            "new area": ("New Area",),
            "zone": ("Zone", "区"),
            "园区": ("园区", "园"),
            "开发区": ("开发区", "经开区", "Development Zone"),
        }.get(g, (g,))
        named = [
            x
            for x in self.places
            if not x.generic
            and x.name.endswith(suffixes)
            and (g == "new city" or not re.search(r"(?:New|Smart) City$", x.name))
            and (x.admin or not admin_only)
        ]
        if not named:
            return None
        # "the development zone": a name with the same modifier, if the text has one
        mods = p.name.lower().split()[1:-1]
        if mods:
            named = [x for x in named if all(w in x.name.lower() for w in mods)] or named
        before = [x for x in named if x.end <= p.start]
        return before[-1] if before else named[0]

    def _past_appositive(self, left: list[Place], ss: int, pos: int) -> Place | None:
        """"Qingsheng Town, home to the district's new hub, now hosts 86 …": the places of an
        appositive between the subject and its verb are not the fact's; the subject is."""
        if len(left) < 2 or left[0].generic:
            return None
        first = left[0]
        if _RX_SUBJECT_LEAD.fullmatch(self.text, ss, first.start) is None:
            return None
        if self.text[first.end : first.end + 1] not in ",，":
            return None
        close = self.text.find(",", first.end + 1, pos)
        if close < 0 or left[-1].start > close or "，" in self.text[first.end + 1 : close]:
            return None
        return first

    def _area_ref(self, p: Place) -> Place | None:
        """"the area" (a word, not a name's suffix): the place last named before it in its
        sentence, else the subject of the sentence before."""
        s0, _ = self.layout.sentence(p.start)
        same = [x for x in self._places_in(s0, p.start) if not x.generic and self._usable(x)]
        if same:
            return same[-1]
        end, seen = s0, 0
        while end > 0 and seen < 4:
            ps0, _ = self.layout.sentence(end - 1)
            if self.text[ps0:end].strip():
                seen += 1
                prev = [x for x in self._places_in(ps0, end) if not x.generic and self._usable(x)]
                if prev:
                    return prev[0]
            end = ps0
        return None

    def _generic_pool(self, p: Place) -> bool:
        got = self._generic_cache.get(p.start)
        if got is None:
            got = self._generic_cache[p.start] = self._resolve_generic(p) is not None
        return got

    def _in_list(self, p: Place) -> bool:
        """A member of a list of places (在A、B、C布局…): a fact about all of them belongs
        to the place that holds them, not to the last one named."""
        got = self._list_cache.get(p.start)
        if got is None:
            text = self.text
            got = False
            for other in self._places_in(max(0, p.start - 16), p.start):
                if _RX_PLACE_LIST_SEP.match(text[other.end : p.start]):
                    got = True
            if not got:
                nxt = self._places_in(p.end, p.end + 16)
                got = bool(nxt) and bool(_RX_PLACE_LIST_SEP.match(text[p.end : nxt[0].start]))
            if not got and (text[p.start - 1 : p.start] == "、" or text[p.end : p.end + 1] == "、"):
                got = True  # 新站高新区、经开区、肥东县: names the finder does not know
            self._list_cache[p.start] = got
        return got

    def _usable(self, p: Place, q: Quantity | None = None) -> bool:
        ok = self._usable_cache.get(p.start)
        if ok is None:
            ok = self._usable_place(p)
            self._usable_cache[p.start] = ok
        return ok and not self._quoted(p, q)

    def _usable_place(self, p: Place) -> bool:
        """Not an aside in parentheses, not a location complement, not a share's whole."""
        text = self.text
        # inside parentheses: an aside ("the North -South region (Baoshan District, …)")
        op = text.rfind("(", max(0, p.start - 60), p.start)
        op2 = text.rfind("（", max(0, p.start - 60), p.start)
        op = max(op, op2)
        if (
            op >= 0
            and not re.search(r"[)）]", text[op : p.start])
            and re.search(r"[)）]", text[p.end : p.end + 60])
        ):
            return False
        if _RX_REGION_APPOSITION.search(text, max(0, p.start - 24), p.start):
            return False  # "Wujiang District in Suzhou, east China's Jiangsu Province"
        if text.startswith("在", p.start - 1) and _RX_VENUE_AFTER.match(text, p.end):
            return False  # 活动在松江综合保税区举行: where the event was held, not whose figures
        loc = _RX_LOCATED.search(text[max(0, p.start - 30) : p.start])
        if loc:
            if not loc.group("loc"):
                return False  # in the southeast of X
            if text[p.end : p.end + 1] == "的" and any(
                o.start == p.end + 1 for o in self._places_in(p.end + 1, p.end + 20)
            ):
                return False  # 位于X的Y: the place Y is the subject
            # "A is located in B" / A位于B: the place A is the subject; a project located
            # in B is B's
            at = max(0, p.start - 30) + loc.start()
            for other in self._places_in(max(0, at - 40), at):
                if _RX_PLACE_IS.match(text[other.end : at]):
                    return False
        if re.search(
            r"(?:%|percent|比重)\s*of\s+(?:the\s+)?$", text[max(0, p.start - 20) : p.start]
        ):
            return False  # the whole of a share: "40% of the district's GDP"
        if text[max(0, p.start - 2) : p.start].endswith(("占", "占全")):
            return False  # 占苏州全市的3%: the whole of a share
        lead = text[max(0, p.start - 60) : p.start]
        if ("from" in lead or "来自" in lead) and _RX_ORIGIN.search(lead):
            return False  # "investors from Hong Kong and Taiwan": where they come from
        return True

    def _places_in(self, a: int, b: int) -> list[Place]:
        i = bisect.bisect_left(self._place_starts, a)
        j = bisect.bisect_left(self._place_starts, b)
        return [p for p in self.places[i:j] if p.end <= b]

    def _denominator(self, p: Place, q: Quantity) -> bool:
        """The whole a share is taken of: 占全区…的40%, 40% of the district's GDP."""
        text = self.text
        if p.start >= q.end and re.fullmatch(
            r"\s*of\s+(?:the\s+)?", text[q.end : p.start], re.IGNORECASE
        ):
            return True
        cs, _ = self.layout.clause_of(q.num_start)
        zhan = text.rfind("占", cs, q.num_start)
        return zhan >= 0 and zhan < p.start < q.num_start

    def _region_place(self, pos: int, end: int, q: Quantity, depth: int = 0) -> Place | None:
        layout = self.layout
        text = self.text
        ss, se = layout.subsentence(pos)
        in_sub = self._places_in(ss, se)
        # 1. "N things in Shanghai": a place right after the counted noun
        for p in in_sub:
            if (
                p.start >= end
                and p.start - end <= 8
                and re.fullmatch(r"\s+in\s+(?:the\s+)?", text[end : p.start], re.IGNORECASE)
            ):
                return p
        # 1b. "a 3.6 km² cluster that the development zone will build": the relative
        # clause names the owner of the thing measured
        for p in in_sub:
            if (
                p.start >= end
                and ("that" in text[end : p.start] or "which" in text[end : p.start])
                and _RX_REL_OWNER.fullmatch(text, end, p.start)
                and self._usable(p, q)
            ):
                return p
        # 1c. 甲镇、乙镇…分别增长14.6%和11.3%: the places of the list in the order of the values
        resp = self._respective(q, ss, se)
        if resp is not None:
            return resp
        # 2. the nearest place before the number in the sub-sentence
        left = [
            p
            for p in in_sub
            if p.end <= pos
            and self._usable(p, q)
            and not self._denominator(p, q)
            and (not p.generic or self._generic_pool(p))
            and not self._in_list(p)
        ]
        if left:
            before_q = [p for p in in_sub if p.end <= pos and self._usable(p, q)]
            return self._past_appositive(before_q, ss, pos) or left[-1]
        # 3. the first place after it in the sub-sentence (not a denominator, not an aside)
        # ("Covering 500 mu, the park has …" names it after the number; not a place of a
        # coordinated clause: "…96 billion yuan, and to complete the bonded zone")
        right = [
            p
            for p in in_sub
            if p.start >= end
            and (not p.generic or self._generic_pool(p))
            and self._usable(p, q)
            and not self._denominator(p, q)
            and not _RX_COORDINATED.search(text, end, p.start)
        ]
        if right:
            return right[0]
        # 4. the sentence's subject
        s0, s1 = layout.sentence(pos)
        in_sent = [
            p
            for p in self._places_in(s0, s1)
            if not p.generic and self._usable(p, q) and not self._denominator(p, q)
        ]
        before = [p for p in in_sent if p.end <= pos and not self._in_list(p)]
        if before:
            return before[-1]
        # 5. a sentence opening with a connector or a pronoun takes the previous one's
        if (
            depth < 4
            and s0 > 0
            and (_RX_CONNECTOR.match(text[s0 : s0 + 25]) or _RX_PRONOUN.search(text[s0:pos]))
        ):
            ps0, _ = layout.sentence(s0 - 1)
            prev_places = [
                p
                for p in self._places_in(ps0, s0)
                if self._usable(p) and (not p.generic or self._generic_pool(p))
            ]
            if prev_places:
                return prev_places[0]
            got = self._region_place(max(ps0, s0 - 1), s0 - 1, q, depth + 1)
            if got:
                return got
        # 6. "there": the place last named before the sentence (in its paragraph)
        if _RX_THERE.search(text, s0, s1):
            p0, _ = layout.paragraph(pos)
            named = [p for p in self._places_in(p0, s0) if not p.generic and self._usable(p)]
            if named:
                return named[-1]
        # 7. the document's own place (title or first sentence)
        return self._main()

    def _respective(self, q: Quantity, ss: int, se: int) -> Place | None:
        text = self.text
        k = text.rfind("分别", ss, q.num_start)
        if k < 0:
            return None
        places = [p for p in self._places_in(ss, k) if not p.generic and self._in_list(p)]
        if len(places) < 2:
            return None
        values = [x for x in self.quantities if k < x.num_start < se]
        if len(values) != len(places):
            return None
        return next((p for p, x in zip(places, values, strict=True) if x is q), None)

    def _main(self) -> Place | None:
        """The document's own place: the first named in the title or the first sentences."""
        if self._main_region is None:
            cand: Place | None = None
            ranges: list[tuple[int, int]] = []
            if self._spans:
                ranges.append(self._spans[0])
            if len(self._spans) > 1:
                s, e = self._spans[1]
                pos = s
                for _ in range(3):
                    a, b = self.layout.sentence(pos)
                    ranges.append((a, min(b, e)))
                    if b >= e:
                        break
                    pos = b
            for a, b in ranges:
                ps = [p for p in self.places if a <= p.start and p.end <= b and not p.generic]
                ps = [p for p in ps if not self._quoted(p) and not self._byline(p)]
                if ps:
                    cand = ps[0]
                    # a later place of the title that the text writes inside another
                    # (宿迁经开区：… 新能源电池产业园…, body: 宿迁经济技术开发区新能源电池产业园):
                    # the article is about the inner one
                    inner = {p.name for p in self.places if p.outer}
                    cand = next((p for p in ps[1:] if p.name in inner), cand)
                    if a == ranges[0][0] and cand.admin:
                        # the title names the city, the lead the area inside it ("… in the
                        # Binhaiwan New Area of Dongguan"): the article is about the area
                        lead = ranges[1:]
                        cand = next(
                            (
                                p
                                for p in self.places
                                if p.outer == cand.name
                                and any(x <= p.start < y for x, y in lead)
                            ),
                            cand,
                        )
                    break
            self._main_region = (cand,)
        return self._main_region[0]

    def _byline(self, p: Place) -> bool:
        """The reporter's place in a byline ("By TAN YINGZI in Chongqing"), not the story's."""
        return bool(_RX_BYLINE.search(self.text, max(0, p.start - 60), p.start))

    def _quoted(self, p: Place, q: Quantity | None = None) -> bool:
        """Inside a quotation that does not also hold the quantity (a slogan, a name)."""
        for s, e in self._quotes:
            if s < p.start and p.end <= e:
                content = self.text[s + 1 : e - 1]
                if (
                    p.end == e - 1
                    and len(content) <= len(p.name) + 3
                    and not re.search(r"[\d一二三四五六七八九十两]", content)
                ):
                    return False  # the quotation is the name itself: “上虹桥·城市更新区”
                return not (q is not None and s <= q.start < e)
            if s > p.start:
                break
        return False
