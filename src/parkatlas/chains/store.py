"""Chains and placements in the atlas: which chains are in force (shipped, overridden by
imported ones), running placement over the enterprises, an officer's confirm/reject, and
the effective placements (officer's decisions over the automatic ones)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from parkatlas.chains.model import Chain, chain_from_dict, find_chain, shipped_chains
from parkatlas.chains.place import PLACER_NAME, Firm, Placer
from parkatlas.chains.tables import ChainPlacement, ChainRecord
from parkatlas.db import make_engine
from parkatlas.errors import ParkatlasError
from parkatlas.industry_links import column_of
from parkatlas.models import AuditEntry, Enterprise, utcnow


def chains_in_force(conn: Connection) -> tuple[Chain, ...]:
    """The shipped chains with the imported ones laid over them (same id replaces)."""
    chains = {c.id: c for c in shipped_chains()}
    for rec in conn.execute(select(ChainRecord.id, ChainRecord.definition)):
        chains[rec.id] = chain_from_dict(rec.definition, f"chain {rec.id} in the atlas")
    return tuple(chains.values())


def save_chain(conn: Connection, chain: Chain, *, actor: str) -> str:
    """Store an imported chain (insert or replace); returns 'inserted' or 'replaced'."""
    table = ChainRecord.__table__
    row = {
        "name_zh": chain.name_zh, "name_en": chain.name_en, "version": chain.version,
        "source": chain.source, "definition": chain.to_dict(), "updated_at": utcnow(),
    }  # fmt: skip
    old = conn.execute(select(table.c.id).where(table.c.id == chain.id)).first()
    if old is None:
        conn.execute(insert(table).values(id=chain.id, **row))
        action = "inserted"
    else:
        conn.execute(update(table).where(table.c.id == chain.id).values(**row))
        action = "replaced"
    conn.execute(
        insert(AuditEntry.__table__).values(
            at=utcnow(), actor=actor, entity="chain", entity_id=chain.id, action="import",
            changes={"version": chain.version, "nodes": len(chain.nodes), "action": action},
        )
    )  # fmt: skip
    return action


def read_firms(conn: Connection, batch: int = 20000) -> Iterator[list[Firm]]:
    """Enterprises as placement input, in batches."""
    e = Enterprise.__table__
    q = select(e.c.id, e.c.name, column_of("enterprises", "industries"), e.c.business_scope, e.c.products, e.c.uscc).order_by(e.c.id)
    res = conn.execution_options(yield_per=batch).execute(q)
    for part in res.partitions(batch):
        yield [Firm(r.id, r.name, r.industries, r.business_scope, r.products, r.uscc) for r in part]


@dataclass
class PlaceResult:
    enterprises: int
    placed: int  # (enterprise, chain) pairs with at least one node
    rows: int  # automatic node placements written
    kept_decisions: int  # officers' rows left as they were


def place_all(
    engine: Engine, *, chain: str | None = None, actor: str = "unknown",
    progress: Callable[[int], None] | None = None,
) -> PlaceResult:  # fmt: skip
    """Place every enterprise on the chains (or one chain) in one transaction: automatic rows
    are replaced, officers' confirmed and rejected rows are kept as they were."""
    from parkatlas.io.store import lock_for_import

    t = ChainPlacement.__table__
    with engine.begin() as conn:
        lock_for_import(conn)
        chains = chains_in_force(conn)
        if chain is not None:
            chains = (find_chain(chains, chain),)
        ids = [c.id for c in chains]
        placer = Placer(chains)
        manual = {
            (r.enterprise_id, r.chain_id, r.node_id)
            for r in conn.execute(
                select(t.c.enterprise_id, t.c.chain_id, t.c.node_id).where(
                    t.c.chain_id.in_(ids), t.c.decision != "auto"
                )
            )
        }
        conn.execute(delete(t).where(t.c.chain_id.in_(ids), t.c.decision == "auto"))
        by_chain = {c.id: c for c in chains}
        now = utcnow()
        n_firms = placed = rows = 0
        buffer: list[dict[str, Any]] = []
        # enterprises stream through their own read connection (a server-side cursor on
        # PostgreSQL; a WAL reader on SQLite) while this one writes
        reader = make_engine(engine.url.render_as_string(hide_password=False))
        try:
            with reader.connect() as rconn:
                for firms in read_firms(rconn):
                    n_firms += len(firms)
                    new = _rows_for(placer, by_chain, manual, firms, now)
                    placed += len({(r["enterprise_id"], r["chain_id"]) for r in new})
                    buffer += new
                    if len(buffer) >= 5000:
                        conn.execute(insert(t), buffer)
                        rows += len(buffer)
                        buffer = []
                    if progress:
                        progress(len(firms))
        finally:
            reader.dispose()
        if buffer:
            conn.execute(insert(t), buffer)
            rows += len(buffer)
    return PlaceResult(n_firms, placed, rows, len(manual))


def _rows_for(
    placer: Placer, by_chain: dict[str, Chain], manual: set[tuple[str, str, str]],
    firms: list[Firm], now: dt.datetime,
) -> list[dict[str, Any]]:  # fmt: skip
    out: list[dict[str, Any]] = []
    for firm in firms:
        for p in placer.place(firm):
            c = by_chain[p.chain]
            for name in p.nodes:
                node = c.node(name)
                if (firm.id, c.id, node.id) in manual:
                    continue
                out.append({
                    "enterprise_id": firm.id, "chain_id": c.id, "node_id": node.id,
                    "node_name": node.name_zh, "confidence": p.confidence[name],
                    "evidence": p.evidence.get(name, []), "decision": "auto",
                    "placer": PLACER_NAME, "placed_at": now,
                })  # fmt: skip
    return out


def find_enterprise(conn: Connection, key: str) -> tuple[str, str, str | None]:
    """(id, name, uscc) of an enterprise given by id, USCC or exact name."""
    e = Enterprise.__table__
    for col in (e.c.id, e.c.uscc, e.c.name):
        rows = conn.execute(select(e.c.id, e.c.name, e.c.uscc).where(col == key).limit(2)).all()
        if len(rows) == 1:
            return rows[0].id, rows[0].name, rows[0].uscc
        if len(rows) > 1:
            raise ParkatlasError(f"{key!r} names several enterprises: give its id or USCC instead")
    raise ParkatlasError(f"no enterprise {key!r} in the atlas: give its id, USCC or exact name")


def decide(
    engine: Engine, *, enterprise: str, chain: str, node: str, decision: str, actor: str,
    note: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """An officer confirms (or adds) or rejects a placement; it survives every re-run."""
    if decision not in ("confirmed", "rejected"):
        raise ParkatlasError(f"decision {decision!r}: use confirmed or rejected")
    t = ChainPlacement.__table__
    with engine.begin() as conn:
        c = find_chain(chains_in_force(conn), chain)
        n = c.node(node)
        eid, name, uscc = find_enterprise(conn, enterprise)
        now = utcnow()
        where = (t.c.enterprise_id == eid, t.c.chain_id == c.id, t.c.node_id == n.id)
        old = conn.execute(select(t.c.decision).where(*where)).first()
        values = {"decision": decision, "decided_by": actor, "decided_at": now, "note": note}
        if old is None:
            conn.execute(insert(t).values(
                enterprise_id=eid, chain_id=c.id, node_id=n.id, node_name=n.name_zh,
                confidence=None, evidence=[{"field": "officer", "by": actor}], placed_at=now, **values,
            ))  # fmt: skip
        else:
            conn.execute(update(t).where(*where).values(**values))
        conn.execute(
            insert(AuditEntry.__table__).values(
                at=now, actor=actor, entity="chain_placement", entity_id=eid, action=decision,
                changes={"chain": c.id, "node": n.id, "before": old.decision if old else None, "note": note},
            )
        )  # fmt: skip
    return {"enterprise": name, "uscc": uscc, "chain": c.name_zh, "node": n.name_zh,
            "decision": decision, "before": old.decision if old else None}  # fmt: skip


def effective_placements(conn: Connection, chain: Chain) -> dict[str, dict[str, dict[str, Any]]]:
    """enterprise id → node id → the placement row in force (auto or confirmed; rejected
    rows are left out)."""
    t = ChainPlacement.__table__
    out: dict[str, dict[str, dict[str, Any]]] = {}
    q = select(
        t.c.enterprise_id, t.c.node_id, t.c.confidence, t.c.evidence, t.c.decision,
        t.c.decided_by, t.c.decided_at,
    ).where(t.c.chain_id == chain.id, t.c.decision != "rejected")  # fmt: skip
    known = {n.id for n in chain.nodes}
    for r in conn.execute(q):
        if r.node_id in known:
            out.setdefault(r.enterprise_id, {})[r.node_id] = dict(r._mapping)
    return out


def placement_rows(conn: Connection, chains: tuple[Chain, ...]) -> list[dict[str, Any]]:
    """The `--json` shape of `chains place`: one row per enterprise and chain."""
    e = Enterprise.__table__
    names = {r.id: (r.name, r.uscc) for r in conn.execute(select(e.c.id, e.c.name, e.c.uscc))}
    rows: list[dict[str, Any]] = []
    for c in chains:
        eff = effective_placements(conn, c)
        for eid in sorted(eff):
            nodes = eff[eid]
            name, uscc = names.get(eid, (eid, None))
            rows.append({
                "enterprise": name, "uscc": uscc, "chain": c.name_zh, "chain_id": c.id,
                "nodes": [c.node(nid).name_zh for nid in sorted(nodes, key=_order(c))],
                "confidence": {c.node(nid).name_zh: v["confidence"] for nid, v in nodes.items()},
                "decisions": {c.node(nid).name_zh: v["decision"] for nid, v in nodes.items()},
                "evidence": {c.node(nid).name_zh: v["evidence"] for nid, v in nodes.items()},
            })  # fmt: skip
    return rows


def _order(chain: Chain) -> Callable[[str], int]:
    pos = {n.id: i for i, n in enumerate(chain.nodes)}
    return lambda nid: pos.get(nid, 0)


def as_of(value: dt.datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None
