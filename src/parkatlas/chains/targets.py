"""Ranking the enterprises elsewhere that sit on a gap node (招商目标): by size and quality
tags, placement confidence, distance, and whether a unit already works them as a lead.
Pure: plain values in; see docs/chains.md for the points."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from parkatlas.chains.coverage import FirmInfo

# points of the tags a firm carries (the best tag of each group counts once)
TAG_POINTS: tuple[tuple[tuple[str, ...], float], ...] = (
    (("链主", "上市"), 3.0),
    (("规上", "规模以上"), 2.0),
    (("小巨人",), 2.5),
    (("专精特新",), 1.5),
    (("高新技术",), 1.0),
)
CONFIDENCE_POINTS = 2.0  # × placement confidence (confirmed = 1)
NEAR_POINTS = 3.0  # × exp(−distance / NEAR_KM)
NEAR_KM = 300.0
LEAD_PENALTY = 5.0  # already someone's lead: shown in the score, and listed after the fresh firms


@dataclass(frozen=True)
class Candidate:
    firm: FirmInfo
    node: str  # the node name it sits on (the gap node or a child)
    confidence: float | None
    decision: str
    distance_km: float | None
    lead: dict[str, Any] | None  # {"project", "owner_unit", "stage"} of an open lead


def score(c: Candidate) -> tuple[float, list[str]]:
    """The target score and its reasons, in words an officer reads."""
    pts = 0.0
    why: list[str] = []
    for words, p in TAG_POINTS:
        hit = next((t for t in c.firm.tags for w in words if w in t), None)
        if hit:
            pts += p
            why.append(f"{hit} +{p:g}")
    conf = 1.0 if c.decision == "confirmed" else (c.confidence or 0.0)
    pts += CONFIDENCE_POINTS * conf
    why.append(f"placement {conf:.2f} +{CONFIDENCE_POINTS * conf:.1f}")
    if c.distance_km is not None:
        near = NEAR_POINTS * math.exp(-c.distance_km / NEAR_KM)
        pts += near
        why.append(f"{c.distance_km:.0f} km +{near:.1f}")
    if c.lead:
        pts -= LEAD_PENALTY
        why.append(f"already a lead of {c.lead.get('owner_unit') or '?'} ({c.lead.get('stage')}) −{LEAD_PENALTY:g}")
    return pts, why


def rank(cands: list[Candidate], limit: int = 10) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for c in cands:
        s, why = score(c)
        rows.append({
            "enterprise": c.firm.name, "uscc": c.firm.uscc, "enterprise_id": c.firm.id,
            "region": c.firm.region, "tags": list(c.firm.tags), "node": c.node,
            "confidence": c.confidence, "decision": c.decision,
            "distance_km": None if c.distance_km is None else round(c.distance_km, 1),
            "lead": c.lead, "score": round(s, 2), "reasons": why,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["lead"] is not None, -r["score"], r["enterprise"]))  # fresh firms first
    return rows[:limit]

