"""Coverage, gaps, targets and the SVG map on plain values: thresholds, roll-up to parents,
urgency from local neighbours, target ranking, and a map that is well-formed SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from parkatlas.chains.coverage import FirmInfo, coverage, gaps, status_of
from parkatlas.chains.model import find_chain, shipped_chains
from parkatlas.chains.svg import chain_svg
from parkatlas.chains.targets import Candidate, rank

IC = find_chain(shipped_chains(), "ic")


@pytest.mark.parametrize(
    ("firms", "scale", "known", "status"),
    [(0, 0, True, "缺"), (1, 0, True, "弱"), (2, 0, True, "弱"), (3, 0, True, "有"), (1, 1, True, "有"),
     (10, 2, True, "有"), (10, 3, True, "强"), (10, 0, False, "强"), (9, 9, True, "有")],
)  # fmt: skip
def test_status_thresholds(firms: int, scale: int, known: bool, status: str) -> None:
    assert status_of(firms, scale, known) == status


def _firm(i: int, region: str = "310114", tags: tuple[str, ...] = ()) -> FirmInfo:
    return FirmInfo(f"e{i}", f"企业{i}", None, region, None, tags)


def test_coverage_rolls_children_up_and_counts_only_local_firms() -> None:
    firms = {f"e{i}": _firm(i) for i in range(4)} | {"e9": _firm(9, region="310115")}
    placements = {
        "e0": {"etch": {"confidence": 0.9, "decision": "auto", "evidence": [{"word": "刻蚀机"}]}},
        "e1": {"etch": {"confidence": 0.8}},
        "e2": {"lithography": {"confidence": 0.7}},
        "e3": {"photoresist": {"confidence": 0.6}},
        "e9": {"fab": {"confidence": 0.9}},  # elsewhere
    }
    firms["e2"] = _firm(2, tags=("规上",))
    cov = {c.node.id: c for c in coverage(IC, placements, firms, lambda f: (f.region or "").startswith("310114"))}
    assert cov["etch"].status == "弱" and len(cov["etch"].firms) == 2
    assert cov["lithography"].status == "有"  # one firm of scale
    assert cov["semi-equipment"].status == "有" and len(cov["semi-equipment"].firms) == 3
    assert cov["fab"].status == "缺"
    assert cov["etch"].firms[0]["evidence"] == ["刻蚀机"]


def test_gaps_rank_missing_inputs_of_present_customers_first() -> None:
    firms = {f"e{i}": _firm(i) for i in range(3)}
    placements = {f"e{i}": {"fab": {"confidence": 0.9}} for i in range(3)}  # a local fab (有)
    cov = coverage(IC, placements, firms, lambda f: True)
    g = gaps(IC, cov)
    names = [x.node.name_zh for x in g]
    assert "晶圆制造" not in names
    # the fab's missing inputs come before nodes whose neighbours are all absent
    assert names.index("光刻胶") < names.index("通信")
    first = g[0]
    assert any(n == "晶圆制造" and s == "有" for n, s in first.customers)
    assert first.kind == "补链" and first.status == "缺"
    assert all(not x.node.channel for x in g)


def test_targets_rank_by_tags_distance_and_leads() -> None:
    base = dict(node="刻蚀机", confidence=0.8, decision="auto")
    a = Candidate(_firm(1, tags=("小巨人",)), distance_km=30.0, lead=None, **base)  # type: ignore[arg-type]
    b = Candidate(_firm(2), distance_km=1500.0, lead=None, **base)  # type: ignore[arg-type]
    c = Candidate(_firm(3, tags=("上市",)), distance_km=30.0, lead={"project": "P1", "owner_unit": "u1", "stage": "negotiating"}, **base)  # type: ignore[arg-type]
    rows = rank([b, c, a])
    assert [r["enterprise"] for r in rows] == ["企业1", "企业2", "企业3"]
    assert any("小巨人" in why for why in rows[0]["reasons"])
    assert any("already a lead of u1" in why for why in rows[2]["reasons"])


def test_map_is_svg_with_every_node_coloured_and_every_edge() -> None:
    status = {n.id: "缺" for n in IC.nodes} | {"fab": "强", "etch": "弱"}
    text = chain_svg(IC, status, counts={"fab": 12}, title="集成电路 · 嘉定区 <test>")
    root = ET.fromstring(text)
    ns = {"s": "http://www.w3.org/2000/svg"}
    nodes = root.findall(".//s:g[@class='node']", ns)
    assert len(nodes) == len(IC.nodes)
    fab = next(g for g in nodes if g.get("data-node") == "fab")
    assert fab.get("data-status") == "强" and fab.find("s:rect", ns).get("fill") == "#1a7f37"  # type: ignore[union-attr]
    assert "晶圆制造 (12)" in ET.tostring(fab, encoding="unicode")
    assert len(root.findall(".//s:path[@marker-end]", ns)) == len(IC.edges)
    assert "&lt;test&gt;" in text  # titles are escaped


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ORDER = {"缺": 0, "弱": 1, "有": 2, "强": 3}


@given(st.integers(0, 30), st.integers(0, 30), st.booleans())
def test_status_never_drops_when_a_firm_is_added(firms: int, scale: int, known: bool) -> None:
    scale = min(scale, firms)
    now = ORDER[status_of(firms, scale, known)]
    assert ORDER[status_of(firms + 1, scale, known)] >= now
    if scale < firms:
        assert ORDER[status_of(firms, scale + 1, known)] >= now


@given(st.lists(st.sampled_from([n.id for n in IC.nodes if not n.channel]), max_size=12))
def test_every_placed_node_and_its_parents_are_covered(node_ids: list[str]) -> None:
    firms = {f"e{i}": _firm(i) for i in range(len(node_ids))}
    placements = {f"e{i}": {nid: {"confidence": 0.9}} for i, nid in enumerate(node_ids)}
    cov = {c.node.id: c for c in coverage(IC, placements, firms, lambda f: True)}
    for nid in node_ids:
        for target in (nid, *IC.ancestors(nid)):
            assert cov[target].status != "缺"
    assert all(c.status == "缺" for c in cov.values() if not c.firms)
