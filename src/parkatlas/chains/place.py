"""Placing enterprises on chain nodes from their name, business scope (经营范围), products
(主营产品) and industry codes, with a confidence and the evidence (which word in which
clause, which code). Pure: plain values in, plain values out; no database.

One Aho-Corasick automaton (pyahocorasick) holds every node keyword of every chain, the
exclusion words, the activity verbs and the generic technical-service phrases, so each text
is scanned once whatever the number of chains. The rules are in docs/chains.md.

    placer = Placer(shipped_chains())
    for p in placer.place(Firm("e1", "上海某某光电材料有限公司", business_scope="光刻胶的研发、生产")):
        print(p.chain, p.nodes, p.confidence, p.evidence)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import ahocorasick

from parkatlas.chains import vocab
from parkatlas.chains.model import Chain

PLACER_NAME = "parkatlas.place.v1"  # stored with each placement: a result stays explainable

# entry kinds in the automaton
_STRONG, _WEAK, _EXCL, _ACT = range(4)


@dataclass(frozen=True)
class Firm:
    """What placement reads of an enterprise."""

    id: str
    name: str
    industries: str | None = None  # ';'-separated GB/T 4754 codes
    business_scope: str | None = None
    products: str | None = None
    uscc: str | None = None


@dataclass
class Placement:
    """An enterprise on one chain: its nodes (most specific only), confidence per node, evidence."""

    enterprise: str
    chain: str
    nodes: list[str]
    confidence: dict[str, float]
    evidence: dict[str, list[dict[str, Any]]]
    flags: list[str] = field(default_factory=list)


# full-width ASCII (！…～) and the ideographic space to their half-width forms
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize(text: str) -> str:
    """Full-width to half-width and lower case: 'ＫｒＦ光刻胶；' → 'krf光刻胶;'. (A table, not
    NFKC: the same result on the characters business scopes hold, at a fraction of the cost.)"""
    return text.translate(_WIDTH).lower()


def _ascii_edges(word: str) -> int:
    """Bit 1: the word starts with an ASCII letter; bit 2: it ends with one. Such an edge must
    not touch another ASCII letter in the text ('cvd设备' is not in 'mocvd设备', 'eda' not in 'pedal')."""
    return (1 if _ascii_letter(word[0]) else 0) | (2 if _ascii_letter(word[-1]) else 0)


def _ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _noisy_or(weights: Iterable[float]) -> float:
    miss = 1.0
    for w in weights:
        miss *= 1.0 - w
    return 1.0 - miss


def _outermost(hits: list[tuple[int, int, str, Any]]) -> list[tuple[int, int, str, Any]]:
    if len(hits) < 2:
        return hits
    hits.sort(key=lambda h: (h[0], -h[1]))
    kept = []
    max_end = -1
    for h in hits:
        if h[1] <= max_end:
            continue
        kept.append(h)
        max_end = h[1]
    return kept


class Placer:
    """Compiled keyword tables of a set of chains; `place` is pure and thread-safe."""

    def __init__(self, chains: Sequence[Chain]) -> None:
        self.chains = list(chains)
        table: dict[str, list[tuple[int, int, int]]] = {}

        def add(word: str, entry: tuple[int, int, int]) -> None:
            w = normalize(word)
            if w:
                table.setdefault(w, []).append(entry)

        self._codes: dict[str, list[tuple[int, int, str]]] = {}  # code → (chain, node, strength)
        # per chain: supplier node → the customer nodes it makes the object of a clause
        self._dominates: list[dict[int, set[int]]] = []
        self._software_nodes = {(ci, ni) for ci, c in enumerate(self.chains) for ni, n in enumerate(c.nodes) if n.software}
        for ci, chain in enumerate(self.chains):
            for ni, node in enumerate(chain.nodes):
                if node.channel:
                    continue  # market channels are never placed automatically
                for w in node.keywords:
                    add(w, (_STRONG, ci, ni))
                for w in node.weak:
                    add(w, (_WEAK, ci, ni))
                for w in node.exclude:
                    add(w, (_EXCL, ci, ni))
                for w in node.activities:
                    add(w, (_ACT, ci, ni))
                for c in node.codes:
                    self._codes.setdefault(c.upper(), []).append((ci, ni, "strong"))
                for c in node.weak_codes:
                    self._codes.setdefault(c.upper(), []).append((ci, ni, "weak"))
            index = {n.id: i for i, n in enumerate(chain.nodes)}
            self._dominates.append(
                {ni: {index[c] for c in chain.customers(n.id)} for ni, n in enumerate(chain.nodes) if n.supplier}
            )  # fmt: skip
        # clause roles are read only for the clauses that hold a keyword (most hold none)
        self._tech_rx = _alternation(vocab.TECH_PHRASES)
        self._make_rx = _alternation(vocab.MAKE_VERBS)
        self._trade_rx = _alternation(vocab.TRADE_VERBS)
        self._auto = ahocorasick.Automaton()
        for word, entries in table.items():
            kinds = {e[0] for e in entries}
            content = bool(kinds & {_STRONG, _WEAK})
            self._auto.add_word(word, (word, len(word), _ascii_edges(word), content, tuple(entries)))
        self._auto.make_automaton()
        self._markers = {normalize(w): k for k, v in vocab.NAME_MARKERS.items() for w in v}
        self._marker_rx = _alternation(self._markers)
        self._software_rx = _alternation([normalize(w) for w in vocab.SOFTWARE_MARKERS])
        # parents of each node, to keep only the most specific placed nodes
        self._ancestors = [
            {ni: {chain.nodes.index(chain.node(a)) for a in chain.ancestors(n.id)} for ni, n in enumerate(chain.nodes)}
            for chain in self.chains
        ]  # fmt: skip

    # ---- scanning ----------------------------------------------------------------------

    def _scan(self, text: str) -> list[tuple[int, int, str, tuple[tuple[int, int, int], ...]]]:
        """Keyword, exclusion and activity hits (start, end, word, entries); a keyword inside a
        longer keyword is not a hit (磷酸铁锂 in 磷酸铁锂电池)."""
        content: list[tuple[int, int, str, tuple[tuple[int, int, int], ...]]] = []
        other: list[tuple[int, int, str, tuple[tuple[int, int, int], ...]]] = []
        n = len(text)
        for end, (word, length, edges, is_content, entries) in self._auto.iter(text):
            start = end - length + 1
            if edges and (
                (edges & 1 and start > 0 and _ascii_letter(text[start - 1]))
                or (edges & 2 and end + 1 < n and _ascii_letter(text[end + 1]))
            ):
                continue
            (content if is_content else other).append((start, end + 1, word, entries))
        if not content:
            return []
        return _outermost(content) + other

    def _role(self, clause: str) -> tuple[bool, bool, bool]:
        """(make, tech, trade) of a clause; a verb inside a technical-service phrase is not an
        activity (开发 in 技术开发)."""
        tech = self._tech_rx.search(clause) is not None
        rest = self._tech_rx.sub("", clause) if tech else clause
        return self._make_rx.search(rest) is not None, tech, self._trade_rx.search(rest) is not None

    def _field_hits(
        self, text: str, fld: str, out: list[dict[tuple[int, int], list[tuple[float, bool, dict[str, Any]]]]],
        producer: bool, factor: float,
    ) -> bool:  # fmt: skip
        """Add the weighted node hits of one field to `out` (per chain: node → hits)."""
        hits = self._scan(text)
        if not hits:
            return False
        bounds = [m.start() for m in vocab.CLAUSE_SPLIT.finditer(text)] if fld != "name" else []
        clause_of = [bisect_right(bounds, h[0]) for h in hits]
        acts: set[tuple[int, int, int]] = set()
        excl: set[tuple[int, int, int]] = set()
        present: dict[tuple[int, int], set[int]] = {}  # (clause, chain) → nodes hit
        for h, c in zip(hits, clause_of, strict=True):
            for kind, ci, ni in h[3]:
                if kind == _ACT:
                    acts.add((c, ci, ni))
                elif kind == _EXCL:
                    excl.add((c, ci, ni))
        for h, c in zip(hits, clause_of, strict=True):
            for kind, ci, ni in h[3]:
                if kind <= _WEAK and (c, ci, ni) not in excl:
                    present.setdefault((c, ci), set()).add(ni)
        objects: set[tuple[int, int, int]] = set()  # customer nodes named as a supplier's use
        for (c, ci), nis in present.items():
            dom = self._dominates[ci]
            for ni in nis:
                for other in dom.get(ni, ()):
                    if other in nis:
                        objects.add((c, ci, other))
        roles: dict[int, tuple[bool, bool, bool]] = {}
        for h, c in zip(hits, clause_of, strict=True):
            for kind, ci, ni in h[3]:
                if kind > _WEAK or (c, ci, ni) in excl or (c, ci, ni) in objects:
                    continue
                lo = bounds[c - 1] + 1 if c > 0 else 0
                hi = bounds[c] if c < len(bounds) else len(text)
                if fld == "name":
                    role = "name"
                else:
                    if c not in roles:
                        roles[c] = self._role(text[lo:hi])
                    make, tech, trade = roles[c]
                    if fld == "products":
                        role = "trade" if trade and not make else "make"
                    elif make:
                        role = "make"
                    elif (c, ci, ni) in acts:
                        role = "act"
                    elif tech:
                        role = "tech"
                    elif trade:
                        role = "trade"
                    else:
                        role = "bare"
                if not producer and (fld != "scope" or role != "make"):
                    continue  # registered under trade/health/hospitality codes: only making counts
                w = vocab.KEYWORD_WEIGHT["strong" if kind == _STRONG else "weak"]
                w *= 1.0 if role in ("name", "act") else vocab.ROLE_FACTOR[role]
                soft = factor if fld == "name" or (fld == "scope" and (ci, ni) not in self._software_nodes) else 1.0
                w *= vocab.FIELD_FACTOR[fld] * soft
                if w <= 0:
                    continue
                out[ci].setdefault((ci, ni), []).append(
                    (w, kind == _STRONG, {"field": fld, "word": h[2], "text": text[lo:hi].strip()[:80], "role": role, "weight": round(w, 3)})
                )  # fmt: skip
        return True

    # ---- placing -----------------------------------------------------------------------

    def kind_of(self, name: str, codes: Sequence[str]) -> list[str]:
        """The non-producer classes of a firm (trader, clinic, pharmacy, dealer, property,
        restaurant; software is a softer flag) from its name and industry codes."""
        flags = sorted({self._markers[m] for m in self._marker_rx.findall(name)})
        if codes and all(c.startswith(vocab.NON_PRODUCER_CODES) for c in codes):
            flags.append("non-producer-code")
        if self._software_rx.search(name) or (codes and all(c.startswith(vocab.SOFTWARE_CODES) for c in codes)):
            flags.append("software")
        return flags

    def place(self, firm: Firm) -> list[Placement]:
        """The chains the firm sits on (zero or more), each with its most specific nodes."""
        name = normalize(firm.name or "")
        codes = [c.strip().upper() for c in (firm.industries or "").split(";") if c.strip()]
        flags = self.kind_of(name, codes)
        if flags and flags[0] in vocab.NAME_MARKERS:
            return []  # a trader, clinic, pharmacy, dealer, property manager or restaurant by name
        producer = "non-producer-code" not in flags
        factor = vocab.SOFTWARE_FACTOR if "software" in flags else 1.0
        per_chain: list[dict[tuple[int, int], list[tuple[float, bool, dict[str, Any]]]]] = [
            {} for _ in self.chains
        ]
        found = False
        if name:
            alone = not (firm.business_scope or firm.products)  # then the name is all there is
            found |= self._field_hits(name, "name", per_chain, producer, vocab.NAME_ALONE_FACTOR if alone else 1.0)
        if firm.business_scope:
            scope = normalize(firm.business_scope)
            if "(" in scope:
                scope = vocab.EXCLUSION_NOTE.sub("", scope)
            found |= self._field_hits(scope, "scope", per_chain, producer, factor)
        if firm.products:
            found |= self._field_hits(normalize(firm.products), "products", per_chain, producer, 1.0)
        by_code: list[dict[int, list[tuple[float, dict[str, Any]]]]] = [{} for _ in self.chains]
        if producer:
            for fc in codes:
                for k in range(1, len(fc) + 1):
                    for ci, ni, strength in self._codes.get(fc[:k], ()):
                        w = vocab.CODE_WEIGHT[strength]
                        by_code[ci].setdefault(ni, []).append(
                            (w, {"field": "code", "code": fc, "node_code": fc[:k], "weight": w})
                        )
                        found = True
        if not found:
            return []
        out: list[Placement] = []
        for ci, chain in enumerate(self.chains):
            node_hits = per_chain[ci]
            code_hits = by_code[ci]
            if not node_hits and not code_hits:
                continue
            # weak words fill in only when no node of the chain rests on strong words
            strong: dict[int, float] = {}
            for (_, ni), hs in node_hits.items():
                strong[ni] = _noisy_or(w for w, s, _ in hs if s)
            text_placed = any(v >= vocab.PLACE_THRESHOLD for v in strong.values())
            conf: dict[int, float] = {}
            for (_, ni), hs in node_hits.items():
                if text_placed and strong[ni] == 0.0:
                    continue
                conf[ni] = _noisy_or(w for w, _, _ in hs)
            for ni, chs in code_hits.items():
                if ni not in conf and text_placed:
                    continue  # a code alone places only when the words say nothing of the chain
                miss = 1.0 - conf.get(ni, 0.0)
                for w, _ in chs:
                    miss *= 1.0 - w
                conf[ni] = 1.0 - miss
            placed = {ni for ni, c in conf.items() if c >= vocab.PLACE_THRESHOLD - 1e-9}
            if not placed:
                continue
            anc = self._ancestors[ci]
            covered = set().union(*(anc[ni] for ni in placed))
            specific = sorted(placed - covered)
            nodes = chain.nodes
            evidence = {
                nodes[ni].name_zh: [e for _, _, e in node_hits.get((ci, ni), [])] + [e for _, e in code_hits.get(ni, [])]
                for ni in sorted(placed)
            }  # fmt: skip
            out.append(
                Placement(
                    enterprise=firm.id, chain=chain.id, nodes=[nodes[ni].name_zh for ni in specific],
                    confidence={nodes[ni].name_zh: round(conf[ni], 3) for ni in sorted(placed)},
                    evidence=evidence, flags=flags,
                )
            )  # fmt: skip
        return out

    def place_many(self, firms: Iterable[Firm]) -> Iterator[Placement]:
        for firm in firms:
            yield from self.place(firm)
