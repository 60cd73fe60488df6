"""Coverage of a chain in a region or park (per node: local firms, 规上 firms, the named ones,
status 强/有/弱/缺 with the evidence) and the gaps ranked by urgency. Pure: plain values in.

Thresholds (docs/chains.md): a firm placed on a child node counts for its parents too.
  缺  no local firm on the node
  弱  1–2 local firms and none of scale
  有  3 or more local firms, or at least one of scale
  强  STRONG_FIRMS or more local firms with STRONG_SCALE or more of scale
"Of scale" = tagged 规上/规模以上/上市/链主/小巨人. When no firm of the region carries any such
tag, scale is unknown and the status rests on the counts alone (强 at STRONG_FIRMS firms).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from parkatlas.chains.model import TIER_ZH, Chain, Node

STATUSES = ("强", "有", "弱", "缺")
STRONG_FIRMS = 10
STRONG_SCALE = 3
PRESENT_FIRMS = 3
SCALE_TAGS = ("规上", "规模以上", "上市", "链主", "小巨人")
STATUS_POINTS = {"强": 2.0, "有": 1.0, "弱": 0.5, "缺": 0.0}


@dataclass(frozen=True)
class FirmInfo:
    id: str
    name: str
    uscc: str | None = None
    region: str | None = None
    park: str | None = None
    tags: tuple[str, ...] = ()
    address: str | None = None

    @property
    def scale(self) -> bool:
        return any(t in tag for tag in self.tags for t in SCALE_TAGS)


@dataclass
class NodeCoverage:
    node: Node
    status: str
    firms: list[dict[str, Any]] = field(default_factory=list)
    scale: int = 0

    def as_dict(self, chain: Chain) -> dict[str, Any]:
        parent = chain.node(self.node.parent).name_zh if self.node.parent else None
        return {
            "node": self.node.name_zh, "node_en": self.node.name_en, "node_id": self.node.id,
            "tier": self.node.tier, "tier_zh": TIER_ZH[self.node.tier], "parent": parent,
            "status": self.status, "firms": len(self.firms), "scale_firms": self.scale,
            "channel": self.node.channel, "named": self.firms,
        }  # fmt: skip


def status_of(firms: int, scale: int, scale_known: bool) -> str:
    if firms == 0:
        return "缺"
    if firms >= STRONG_FIRMS and (scale >= STRONG_SCALE or not scale_known):
        return "强"
    if firms >= PRESENT_FIRMS or scale >= 1:
        return "有"
    return "弱"


def coverage(
    chain: Chain,
    placements: Mapping[str, Mapping[str, Mapping[str, Any]]],
    firms: Mapping[str, FirmInfo],
    local: Callable[[FirmInfo], bool],
) -> list[NodeCoverage]:
    """Per node (in chain order): the local firms placed on it or below it, and its status.

    placements: enterprise id → node id → the placement row (confidence, decision, evidence).
    """
    local_ids = [eid for eid in placements if eid in firms and local(firms[eid])]
    scale_known = any(f.scale for f in firms.values() if local(f))
    on: dict[str, dict[str, dict[str, Any]]] = {n.id: {} for n in chain.nodes}
    for eid in local_ids:
        for nid, row in placements[eid].items():
            for target in (nid, *chain.ancestors(nid)):
                if target in on and eid not in on[target]:
                    on[target][eid] = _firm_entry(firms[eid], chain, nid, row)
    out: list[NodeCoverage] = []
    for n in chain.nodes:
        entries = sorted(on[n.id].values(), key=lambda e: (not e["scale"], -(e["confidence"] or 1.0), e["name"]))
        scale = sum(1 for e in entries if e["scale"])
        out.append(NodeCoverage(n, status_of(len(entries), scale, scale_known), entries, scale))
    return out


def _firm_entry(f: FirmInfo, chain: Chain, nid: str, row: Mapping[str, Any]) -> dict[str, Any]:
    evidence = row.get("evidence") or []
    words = sorted({e.get("word") or e.get("code") or e.get("field", "") for e in evidence if isinstance(e, dict)})
    return {
        "name": f.name, "uscc": f.uscc, "region": f.region, "park": f.park, "tags": list(f.tags),
        "scale": f.scale, "via": chain.node(nid).name_zh, "confidence": row.get("confidence"),
        "decision": row.get("decision", "auto"), "evidence": words[:6],
    }  # fmt: skip


@dataclass
class Gap:
    node: Node
    status: str
    kind: str  # 补链 (missing), 强链 (weak), 延链 (missing at the downstream end)
    urgency: float
    suppliers: list[tuple[str, str]]  # (node name, local status)
    customers: list[tuple[str, str]]
    firms: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "node": self.node.name_zh, "node_en": self.node.name_en, "node_id": self.node.id,
            "tier": self.node.tier, "status": self.status, "kind": self.kind,
            "urgency": round(self.urgency, 2), "firms": self.firms,
            "needed_by": [{"node": n, "status": s} for n, s in self.customers],
            "supplied_by": [{"node": n, "status": s} for n, s in self.suppliers],
            "products": list(self.node.products),
        }  # fmt: skip


def gaps(chain: Chain, cov: list[NodeCoverage]) -> list[Gap]:
    """缺 and 弱 nodes (market channels left out), most urgent first.

    urgency = 2 × (points of the customer nodes present locally) + 1 × (points of the supplier
    nodes present locally) + 1 for 缺 (0.5 for 弱), with points 强 2, 有 1, 弱 0.5: a missing
    input of a strong local industry comes first (补链); a node whose neighbours are all absent
    waits. Ties: upstream before midstream before downstream, then chain order.
    """
    status = {c.node.id: c.status for c in cov}
    by_id = {n.id: n for n in chain.nodes}
    order = {n.id: i for i, n in enumerate(chain.nodes)}
    tier_rank = {"upstream": 0, "support": 1, "midstream": 2, "downstream": 3}

    def related(nid: str) -> set[str]:
        return {nid, *chain.ancestors(nid), *chain.descendants(nid)}

    out: list[Gap] = []
    for c in cov:
        n = c.node
        if n.channel or c.status not in ("缺", "弱"):
            continue
        mine = related(n.id)
        sup = sorted({a for a, b in chain.edges if b in mine and a not in mine}, key=order.__getitem__)
        cus = sorted({b for a, b in chain.edges if a in mine and b not in mine}, key=order.__getitem__)
        pts = sum(STATUS_POINTS[status[x]] for x in cus) * 2 + sum(STATUS_POINTS[status[x]] for x in sup)
        urgency = pts + (1.0 if c.status == "缺" else 0.5)
        kind = "强链" if c.status == "弱" else ("延链" if n.tier == "downstream" else "补链")
        out.append(Gap(n, c.status, kind, urgency,
                       [(by_id[x].name_zh, status[x]) for x in sup],
                       [(by_id[x].name_zh, status[x]) for x in cus], len(c.firms)))  # fmt: skip
    out.sort(key=lambda g: (-g.urgency, tier_rank[g.node.tier], order[g.node.id]))
    return out
