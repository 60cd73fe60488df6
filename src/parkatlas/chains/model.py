"""Chains as data: a chain (产业链) with its nodes (环节) and edges, read from and written to
YAML; every problem in a chain file is reported with the file, the node and the field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from parkatlas.errors import ParkatlasError

TIERS = ("upstream", "midstream", "downstream", "support")
TIER_ZH = {"upstream": "上游", "midstream": "中游", "downstream": "下游", "support": "配套"}
SHIPPED = ("ic", "biomed", "nev")


@dataclass(frozen=True)
class Node:
    """One link of a chain; `channel` nodes (distribution, hospitals…) get no automatic placement."""

    id: str
    name_zh: str
    name_en: str
    tier: str
    parent: str | None = None
    products: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    weak_codes: tuple[str, ...] = ()
    channel: bool = False
    supplier: bool = False  # in a clause naming its customer node too, the customer is the object
    software: bool = False  # a software business by nature (EDA): a software house's words count fully
    needs: dict[str, Any] | None = None
    source: str = ""


@dataclass(frozen=True)
class Chain:
    id: str
    name_zh: str
    name_en: str
    version: str
    date: str
    source: str
    nodes: tuple[Node, ...]
    edges: tuple[tuple[str, str], ...]
    needs_profiles: dict[str, dict[str, Any]] = field(default_factory=dict)

    def node(self, key: str) -> Node:
        """A node by id or by its Chinese or English name (case-insensitive)."""
        k = key.strip().lower()
        for n in self.nodes:
            if k in (n.id.lower(), n.name_zh.lower(), n.name_en.lower()):
                return n
        names = ", ".join(n.name_zh for n in self.nodes)
        raise ParkatlasError(f"chain {self.name_zh} has no node {key!r}: use one of {names}")

    def children(self, node_id: str) -> list[Node]:
        return [n for n in self.nodes if n.parent == node_id]

    def ancestors(self, node_id: str) -> list[str]:
        by_id = {n.id: n for n in self.nodes}
        out: list[str] = []
        cur = by_id[node_id].parent
        while cur is not None and cur not in out:
            out.append(cur)
            cur = by_id[cur].parent
        return out

    def customers(self, node_id: str) -> set[str]:
        """Nodes downstream of this one by an edge from it or an ancestor, with their ancestors
        and descendants (a material supplier's customer 电芯 also covers 电池)."""
        own = {node_id, *self.ancestors(node_id)}
        direct = {b for a, b in self.edges if a in own}
        out: set[str] = set()
        for c in direct:
            out |= {c, *self.ancestors(c), *self.descendants(c)}
        return out - own

    def descendants(self, node_id: str) -> list[str]:
        out: list[str] = []
        todo = [node_id]
        while todo:
            cur = todo.pop()
            for n in self.nodes:
                if n.parent == cur and n.id not in out:
                    out.append(n.id)
                    todo.append(n.id)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The chain as the plain dict its YAML file holds (import ∘ export is the identity)."""
        nodes: list[dict[str, Any]] = []
        for n in self.nodes:
            d: dict[str, Any] = {
                "id": n.id,
                "name": {"zh": n.name_zh, "en": n.name_en},
                "tier": n.tier,
            }
            if n.parent:
                d["parent"] = n.parent
            for key in ("products", "keywords", "weak", "exclude", "activities"):
                if getattr(n, key):
                    d[key] = list(getattr(n, key))
            for key in ("codes", "weak_codes"):
                if getattr(n, key):
                    d[key] = list(getattr(n, key))
            if n.channel:
                d["channel"] = True
            if n.supplier:
                d["supplier"] = True
            if n.software:
                d["software"] = True
            if n.needs is not None:
                d["needs"] = n.needs
            d["source"] = n.source
            nodes.append(d)
        out: dict[str, Any] = {
            "id": self.id,
            "name": {"zh": self.name_zh, "en": self.name_en},
            "version": self.version,
            "date": self.date,
            "source": self.source,
        }
        if self.needs_profiles:
            out["needs_profiles"] = self.needs_profiles
        out["nodes"] = nodes
        out["edges"] = [list(e) for e in self.edges]
        return out

    def needs_for(self, node: Node) -> dict[str, Any] | None:
        """The typical needs of a firm on this node: a named profile of the chain or a dict."""
        return None if node.needs is None else dict(node.needs)


def _strs(value: Any, where: str, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str | int):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
        raise ParkatlasError(f"{where}: {key!r} must be a list of words, got {value!r}")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _names(value: Any, where: str) -> tuple[str, str]:
    if isinstance(value, str):
        return value, value
    if not isinstance(value, dict) or not value.get("zh"):
        raise ParkatlasError(f"{where}: 'name' needs a Chinese name: name: {{zh: 光刻胶, en: Photoresist}}")
    return str(value["zh"]).strip(), str(value.get("en") or value["zh"]).strip()


def chain_from_dict(data: Any, origin: str = "<chain>") -> Chain:
    """Validate a chain read from YAML; every error names the origin, the node and the field."""
    from parkatlas.matching.industry import is_known

    if not isinstance(data, dict):
        raise ParkatlasError(f"{origin}: a chain file holds a mapping with id, name, nodes, edges")
    cid = str(data.get("id") or "").strip()
    if not cid:
        raise ParkatlasError(f"{origin}: the chain has no 'id' (a short name such as ic, nev)")
    zh, en = _names(data.get("name"), f"{origin}: chain {cid}")
    profiles = data.get("needs_profiles") or {}
    if not isinstance(profiles, dict):
        raise ParkatlasError(f"{origin}: 'needs_profiles' must map a profile name to needs")
    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        raise ParkatlasError(f"{origin}: chain {cid} has no nodes")
    nodes: list[Node] = []
    seen: set[str] = set()
    names: set[str] = set()
    for i, raw in enumerate(raw_nodes, 1):
        if not isinstance(raw, dict):
            raise ParkatlasError(f"{origin}: node #{i} is not a mapping")
        nid = str(raw.get("id") or "").strip()
        where = f"{origin}: node #{i} ({nid or '?'})"
        if not nid:
            raise ParkatlasError(f"{where}: the node has no 'id'")
        if nid in seen:
            raise ParkatlasError(f"{where}: the id {nid!r} is used twice")
        seen.add(nid)
        nzh, nen = _names(raw.get("name"), where)
        if nzh in names:
            raise ParkatlasError(f"{where}: the name {nzh!r} is used twice in chain {cid}")
        names.add(nzh)
        tier = str(raw.get("tier") or "")
        if tier not in TIERS:
            raise ParkatlasError(f"{where}: tier {tier!r} is not one of {', '.join(TIERS)}")
        codes = _strs(raw.get("codes"), where, "codes")
        weak_codes = _strs(raw.get("weak_codes"), where, "weak_codes")
        for code in codes + weak_codes:
            if not is_known(code):
                raise ParkatlasError(f"{where}: {code!r} is not a GB/T 4754-2017 code")
        needs = raw.get("needs")
        if isinstance(needs, str):
            if needs not in profiles:
                raise ParkatlasError(
                    f"{where}: needs profile {needs!r} is not defined in needs_profiles "
                    f"({', '.join(profiles) or 'none defined'})"
                )
            needs = profiles[needs]
        if needs is not None:
            _check_needs(needs, where)
        nodes.append(
            Node(
                id=nid, name_zh=nzh, name_en=nen, tier=tier,
                parent=str(raw["parent"]).strip() if raw.get("parent") else None,
                products=_strs(raw.get("products"), where, "products"),
                keywords=tuple(k.lower() for k in _strs(raw.get("keywords"), where, "keywords")),
                weak=tuple(k.lower() for k in _strs(raw.get("weak"), where, "weak")),
                exclude=tuple(k.lower() for k in _strs(raw.get("exclude"), where, "exclude")),
                activities=_strs(raw.get("activities"), where, "activities"),
                codes=codes, weak_codes=weak_codes, channel=bool(raw.get("channel", False)),
                supplier=bool(raw.get("supplier", False)), software=bool(raw.get("software", False)),
                needs=dict(needs) if needs is not None else None,
                source=str(raw.get("source") or "").strip(),
            )
        )  # fmt: skip
        if not nodes[-1].source:
            raise ParkatlasError(f"{where}: every node names its source ('source: …')")
    for n in nodes:
        if n.parent is not None and n.parent not in seen:
            raise ParkatlasError(f"{origin}: node {n.id}: parent {n.parent!r} is not a node of {cid}")
    edges: list[tuple[str, str]] = []
    for j, e in enumerate(data.get("edges") or [], 1):
        if not isinstance(e, list | tuple) or len(e) != 2:
            raise ParkatlasError(f"{origin}: edge #{j} must be [supplier, customer], got {e!r}")
        a, b = str(e[0]), str(e[1])
        for end in (a, b):
            if end not in seen:
                raise ParkatlasError(f"{origin}: edge #{j} names {end!r}, which is not a node of {cid}")
        edges.append((a, b))
    date = data.get("date")
    return Chain(
        id=cid, name_zh=zh, name_en=en, version=str(data.get("version") or ""),
        date=date.isoformat() if isinstance(date, dt.date) else str(date or ""),
        source=str(data.get("source") or ""), nodes=tuple(nodes), edges=tuple(edges),
        needs_profiles={str(k): dict(v) for k, v in profiles.items()},
    )  # fmt: skip


def _check_needs(needs: Any, where: str) -> None:
    from parkatlas.matching import parse_needs

    try:
        parse_needs(needs)
    except ParkatlasError as exc:
        raise ParkatlasError(f"{where}: needs: {exc}") from None
    except Exception as exc:  # pydantic validation
        raise ParkatlasError(f"{where}: needs: {exc}") from None


def load_chain_file(path: Path | str) -> Chain:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParkatlasError(f"{p}: no such file") from None
    except UnicodeDecodeError:
        raise ParkatlasError(f"{p}: a chain file must be UTF-8 YAML") from None
    return chain_from_yaml(text, str(p))


def chain_from_yaml(text: str, origin: str = "<chain>") -> Chain:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParkatlasError(f"{origin}: not valid YAML ({exc})") from None
    return chain_from_dict(data, origin)


def chain_to_yaml(chain: Chain) -> str:
    return yaml.safe_dump(chain.to_dict(), allow_unicode=True, sort_keys=False, width=100)


@lru_cache(maxsize=1)
def shipped_chains() -> tuple[Chain, ...]:
    """The chains that ship with parkatlas (集成电路, 生物医药, 新能源汽车)."""
    base = resources.files("parkatlas.chains") / "data"
    return tuple(
        chain_from_yaml(
            (base / f"{cid}.yaml").read_text(encoding="utf-8"), f"parkatlas/chains/data/{cid}.yaml"
        )
        for cid in SHIPPED
    )


def find_chain(chains: tuple[Chain, ...] | list[Chain], key: str) -> Chain:
    """A chain by id or Chinese/English name."""
    k = key.strip().lower()
    for c in chains:
        if k in (c.id.lower(), c.name_zh.lower(), c.name_en.lower()):
            return c
    names = ", ".join(f"{c.id} ({c.name_zh})" for c in chains)
    raise ParkatlasError(f"unknown chain {key!r}: use one of {names}")
