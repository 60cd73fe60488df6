"""Coverage, gaps and targets of a chain for a region or park, read from the atlas: the
storage edge around the pure coverage/targets modules. CLI, API and reports call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from parkatlas.chains.coverage import FirmInfo, NodeCoverage, coverage, gaps
from parkatlas.chains.model import Chain, find_chain
from parkatlas.chains.store import chains_in_force, effective_placements
from parkatlas.chains.targets import Candidate, rank
from parkatlas.errors import ParkatlasError
from parkatlas.models import Enterprise, Park, Project, Region

CLOSED_STAGES = ("dropped", "lost", "withdrawn")


@dataclass
class Scope:
    """Where coverage is read: a region (by code prefix) and optionally one park."""

    region: str  # region code
    region_name: str
    prefix: str
    park: str | None = None  # park id
    park_name: str | None = None

    def holds(self, f: FirmInfo) -> bool:
        if not (f.region or "").startswith(self.prefix):
            return False
        if self.park is None:
            return True
        if f.park is not None:
            return f.park == self.park
        return bool(self.park_name and f.address and self.park_name in f.address)

    def as_dict(self) -> dict[str, Any]:
        return {"region": self.region, "region_name": self.region_name, "park": self.park, "park_name": self.park_name}


def resolve_scope(conn: Connection, region: str, park: str | None = None) -> Scope:
    from parkatlas.reference.regions import code_prefix, resolve_region

    code = resolve_region(region)
    if code is None:
        raise ParkatlasError(f"unknown region {region!r}: give a district name (嘉定区, 浦东新区) or its 6-digit code")
    name = conn.execute(select(Region.name).where(Region.code == code)).scalar_one_or_none() or code
    scope = Scope(code, name, code_prefix(code))
    if park is not None:
        p = Park.__table__
        row = conn.execute(select(p.c.id, p.c.name_zh).where((p.c.id == park) | (p.c.name_zh == park))).first()
        if row is None:
            raise ParkatlasError(f"unknown park {park!r}: give a park id or its Chinese name as in `parkatlas export parks`")
        scope.park, scope.park_name = row.id, row.name_zh
    return scope


def _firms(conn: Connection, ids: set[str]) -> dict[str, FirmInfo]:
    e = Enterprise.__table__
    out: dict[str, FirmInfo] = {}
    idl = sorted(ids)
    for i in range(0, len(idl), 5000):
        q = select(e.c.id, e.c.name, e.c.uscc, e.c.region, e.c.park, e.c.tags, e.c.address).where(e.c.id.in_(idl[i : i + 5000]))
        for r in conn.execute(q):
            tags = tuple(t for t in (r.tags or "").split(";") if t)
            out[r.id] = FirmInfo(r.id, r.name, r.uscc, r.region, r.park, tags, r.address)
    return out


@dataclass
class ChainView:
    chain: Chain
    scope: Scope
    placements: dict[str, dict[str, dict[str, Any]]]
    firms: dict[str, FirmInfo]
    nodes: list[NodeCoverage]


def chain_view(conn: Connection, chain: str, region: str, park: str | None = None) -> ChainView:
    c = find_chain(chains_in_force(conn), chain)
    scope = resolve_scope(conn, region, park)
    placements = effective_placements(conn, c)
    firms = _firms(conn, set(placements))
    return ChainView(c, scope, placements, firms, coverage(c, placements, firms, scope.holds))


def coverage_report(engine: Engine, *, chain: str, region: str, park: str | None = None) -> dict[str, Any]:
    with engine.connect() as conn:
        v = chain_view(conn, chain, region, park)
    return {"chain": v.chain.name_zh, "chain_id": v.chain.id, **v.scope.as_dict(),
            "nodes": [n.as_dict(v.chain) for n in v.nodes]}  # fmt: skip


def gap_report(engine: Engine, *, chain: str, region: str, park: str | None = None) -> dict[str, Any]:
    with engine.connect() as conn:
        v = chain_view(conn, chain, region, park)
    return {"chain": v.chain.name_zh, "chain_id": v.chain.id, **v.scope.as_dict(),
            "gaps": [g.as_dict() for g in gaps(v.chain, v.nodes)]}  # fmt: skip


def _regions(conn: Connection) -> tuple[dict[str, tuple[float, float]], dict[str, str]]:
    """Centroids and names of the regions."""
    r = Region.__table__
    rows = conn.execute(select(r.c.code, r.c.name, r.c.lat, r.c.lon)).all()
    return {x.code: (x.lat, x.lon) for x in rows if x.lat is not None and x.lon is not None}, {x.code: x.name for x in rows}


def _open_leads(conn: Connection, ids: set[str]) -> dict[str, dict[str, Any]]:
    p = Project.__table__
    out: dict[str, dict[str, Any]] = {}
    idl = sorted(ids)
    for i in range(0, len(idl), 5000):
        q = select(p.c.id, p.c.enterprise, p.c.owner_unit, p.c.stage).where(
            p.c.enterprise.in_(idl[i : i + 5000]), p.c.stage.not_in(CLOSED_STAGES)
        )
        for r in conn.execute(q):
            out.setdefault(r.enterprise, {"project": r.id, "owner_unit": r.owner_unit, "stage": r.stage})
    return out


def target_report(
    engine: Engine, url: str, *, chain: str, region: str, park: str | None = None,
    per_node: int = 10, sites: int = 5, max_gaps: int | None = None,
) -> dict[str, Any]:  # fmt: skip
    """For each gap node (most urgent first): the enterprises elsewhere on it, ranked, and the
    local sites that fit such a firm's typical needs (the node's needs profile, matched)."""
    from parkatlas.geo import haversine_km

    with engine.connect() as conn:
        v = chain_view(conn, chain, region, park)
        centroids, region_names = _regions(conn)
        leads = _open_leads(conn, set(v.placements))
    here = centroids.get(v.scope.region)
    gap_list = gaps(v.chain, v.nodes)[:max_gaps]
    matcher = _matcher(url) if sites and gap_list else None
    rows: list[dict[str, Any]] = []
    for g in gap_list:
        mine = {g.node.id, *v.chain.descendants(g.node.id)}
        cands: list[Candidate] = []
        for eid, nodes in v.placements.items():
            f = v.firms.get(eid)
            if f is None or (f.region or "").startswith(v.scope.prefix):
                continue  # targets are elsewhere in the atlas
            hit = next((nid for nid in nodes if nid in mine), None)
            if hit is None:
                continue
            row = nodes[hit]
            there = centroids.get(f.region or "")
            dist = haversine_km(*here, *there) if here and there else None
            cands.append(Candidate(f, v.chain.node(hit).name_zh, row.get("confidence"), row.get("decision", "auto"), dist, leads.get(eid)))
        ranked = rank(cands, per_node)
        for t in ranked:
            t["region_name"] = region_names.get(t["region"] or "", t["region"])
        entry = g.as_dict() | {"targets": ranked, "candidates": len(cands)}
        entry["needs"] = v.chain.needs_for(g.node)
        entry["sites"] = _sites(matcher, entry["needs"], v.scope, sites) if matcher else []
        rows.append(entry)
    if matcher is not None:
        matcher.close()
    return {"chain": v.chain.name_zh, "chain_id": v.chain.id, **v.scope.as_dict(), "gaps": rows}


def _matcher(url: str) -> Any:
    from parkatlas.matching import Matcher

    return Matcher.from_url(url)


def _sites(matcher: Any, needs: dict[str, Any] | None, scope: Scope, k: int) -> list[dict[str, Any]]:
    """The local sites that fit the node's typical needs, best first (parkatlas.matching)."""
    want = dict(needs or {})
    want["regions"] = [scope.region]
    if scope.park:
        want["parks"] = [scope.park]
    try:
        found = matcher.top(want, k=k)
    except ParkatlasError:
        return []
    out = []
    for m in found:
        s = m.details.get("site", {})
        out.append({"site": m.site_id, "park": s.get("park"), "kind": s.get("kind"),
                    "area_m2": s.get("area_m2"), "score": round(m.score, 1)})  # fmt: skip
    return out
