"""Chain data: the shipped chains carry the node names of the domain brief, every node names
its source, YAML round-trips, and a broken chain file is refused with file, node and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from parkatlas.chains.model import (
    chain_from_yaml,
    chain_to_yaml,
    find_chain,
    load_chain_file,
    shipped_chains,
)
from parkatlas.errors import ParkatlasError

# one node per item named in the chain tables of the domain brief (§5.3)
NAMED = {
    "集成电路": [
        "电子级多晶硅", "12英寸硅片", "光刻胶", "电子特气", "湿化学品", "靶材", "掩膜版",
        "光刻机", "刻蚀机", "清洗机", "离子注入机", "量测设备", "薄膜沉积", "核心设备零部件",
        "EDA", "核心IP", "5G通信芯片", "桌面CPU", "人工智能芯片", "物联网芯片", "汽车电子芯片",
        "FPGA", "IGBT", "高端MCU", "晶圆制造", "封装测试", "先进封装", "通信", "计算机",
        "消费电子", "汽车电子", "工业", "AI/数据中心",
    ],
    "生物医药": [
        "中药材", "原料药", "医药中间体", "药用辅料", "医药包装材料", "医药研发", "CRO",
        "CMO/CDMO", "CSO", "生命科学服务", "器械核心材料", "制药装备", "化学药", "生物药", "中药",
        "创新药", "仿制药", "医疗设备", "耗材", "体外诊断", "医药流通", "医疗机构", "零售药房",
        "线上渠道",
    ],
    "新能源汽车": [
        "锂", "钴", "镍", "锰", "石墨", "稀土", "正极材料", "负极材料", "电解液", "隔膜", "极耳",
        "电芯", "模组", "电池包", "BMS", "线束", "连接器", "电池", "电机", "电控", "热管理",
        "轻量化", "电路系统", "整车", "充电设施", "租赁", "金融", "回收",
    ],
}  # fmt: skip


@pytest.mark.parametrize("chain_name", sorted(NAMED))
def test_shipped_chain_has_the_named_nodes_each_with_a_source(chain_name: str) -> None:
    chain = find_chain(shipped_chains(), chain_name)
    names = {n.name_zh for n in chain.nodes}
    missing = [n for n in NAMED[chain_name] if n not in names]
    assert not missing, f"{chain_name} lacks {missing}"
    assert all(n.source for n in chain.nodes)
    assert {n.tier for n in chain.nodes} <= {"upstream", "midstream", "downstream", "support"}
    ids = {n.id for n in chain.nodes}
    assert chain.edges and all(a in ids and b in ids for a, b in chain.edges)


def test_yaml_round_trip_is_the_identity() -> None:
    for chain in shipped_chains():
        assert chain_from_yaml(chain_to_yaml(chain)) == chain


def test_find_by_id_name_and_english_name() -> None:
    chains = shipped_chains()
    assert find_chain(chains, "ic").name_zh == "集成电路"
    assert find_chain(chains, "New-energy vehicles").id == "nev"
    with pytest.raises(ParkatlasError, match="unknown chain 'x': use one of ic"):
        find_chain(chains, "x")
    assert find_chain(chains, "nev").node("battery packs (pack)").name_zh == "电池包"


GOOD = """
id: mini
name: {zh: 小链, en: Mini}
nodes:
  - {id: a, name: {zh: 甲, en: A}, tier: upstream, keywords: [甲材料], source: test}
  - {id: b, name: {zh: 乙, en: B}, tier: downstream, codes: ["3973"], source: test}
edges: [[a, b]]
"""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("tier: downstream", "tier: sideways"), "node #2 (b): tier 'sideways' is not one of upstream"),
        (('codes: ["3973"]', 'codes: ["9999"]'), "node #2 (b): '9999' is not a GB/T 4754-2017 code"),
        (("edges: [[a, b]]", "edges: [[a, c]]"), "edge #1 names 'c', which is not a node of mini"),
        (("source: test}\n  - {id: b", "source: ''}\n  - {id: b"), "node #1 (a): every node names its source"),
        (("{id: b, name: {zh: 乙", "{id: b, name: {zh: 甲"), "node #2 (b): the name '甲' is used twice"),
        (("tier: upstream,", "tier: upstream, needs: {kind: [castle]},"), "node #1 (a): needs:"),
    ],
)
def test_bad_chain_files_are_refused_naming_the_place(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    assert chain_from_yaml(GOOD).id == "mini"
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(ParkatlasError) as exc:
        load_chain_file(bad)
    assert str(bad) in str(exc.value)
    assert message in str(exc.value)


def test_customers_cover_descendants_and_ancestors() -> None:
    nev = find_chain(shipped_chains(), "nev")
    cust = nev.customers("anode")
    assert {"cell", "battery"} <= cust and "anode" not in cust


def test_every_chains_command_has_help_and_is_in_the_readme() -> None:
    import parkatlas.cli  # noqa: F401  (registers every chains command)
    from parkatlas.chains.commands import chains_app

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in chains_app.registered_commands]  # type: ignore[union-attr]
    assert {"list", "export", "import", "place", "confirm", "reject", "coverage", "gaps", "targets", "lead", "map", "report"} <= set(names)
    for cmd in chains_app.registered_commands:
        assert (cmd.callback.__doc__ or "").strip(), cmd.name  # type: ignore[union-attr]
        assert f"parkatlas chains {cmd.name}" in readme, cmd.name
