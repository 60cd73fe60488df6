"""Placement on plain values: specific words place, filler and trading do not, the evidence
names the word and the clause, codes fill in only when the words say nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.chains.model import shipped_chains
from parkatlas.chains.place import Firm, Placer, normalize

PLACER = Placer(shipped_chains())
FILLER = "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；货物进出口；技术进出口；（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


def nodes(name: str, scope: str | None = None, products: str | None = None, industry: str | None = None) -> dict[str, list[str]]:
    firm = Firm("x", name, industry, scope, products)
    return {p.chain: p.nodes for p in PLACER.place(firm)}


@pytest.mark.parametrize(
    ("name", "scope", "expected"),
    [
        ("某某材料有限公司", "光刻胶的研发、生产；" + FILLER, {"ic": ["光刻胶"]}),
        ("某某科技有限公司", "一般项目：锂离子电池负极材料的生产；电子专用材料销售", {"nev": ["负极材料"]}),
        ("某某科技有限公司", "新能源汽车废旧动力蓄电池回收及梯次利用（不含危险废物经营）", {"nev": ["回收"]}),
        ("某某药业有限公司", "许可项目：药品生产。一般项目：中成药、中药饮片的生产", {"biomed": ["中药"]}),
        ("某某科技有限公司", FILLER, {}),
        ("某某贸易有限公司", "光刻胶、电子特气、集成电路芯片的批发和零售；" + FILLER, {}),
        ("某某科技有限公司", "光刻胶销售；电子特气销售；新能源汽车整车销售", {}),
        ("某某口腔诊所", "诊疗服务；医疗器械销售；第二类医疗器械生产", {}),
        ("某某汽车销售服务有限公司", "新能源汽车整车销售；机动车充电销售", {}),
        ("某某充电科技有限公司", "电动汽车充电基础设施运营；机动车充电销售", {"nev": ["充电设施"]}),
        ("某某清洁服务有限公司", "保洁服务；高压清洗机租赁", {}),
    ],
)
def test_specific_words_place_filler_and_trade_do_not(name: str, scope: str, expected: dict[str, list[str]]) -> None:
    assert nodes(name, scope) == expected


def test_evidence_names_the_word_the_clause_and_the_role() -> None:
    [p] = PLACER.place(Firm("e1", "某某材料有限公司", None, "电子专用材料销售；光刻胶的研发、生产（除危险化学品）"))
    assert p.chain == "ic" and p.nodes == ["光刻胶"]
    [ev] = p.evidence["光刻胶"]
    assert ev["field"] == "scope" and ev["word"] == "光刻胶" and ev["role"] == "make"
    assert ev["text"] == "光刻胶的研发、生产"  # the exclusion note is dropped
    assert 0.5 <= p.confidence["光刻胶"] <= 1.0


def test_products_place_and_the_most_specific_node_is_kept() -> None:
    got = nodes("某某半导体设备有限公司", "半导体器件专用设备制造", products="ICP刻蚀机")
    assert got == {"ic": ["刻蚀机"]}  # 半导体设备 is its parent: implied, not listed


def test_codes_fill_in_only_when_the_words_are_silent() -> None:
    assert nodes("某某有限公司", "企业管理咨询", industry="3612") == {"nev": ["整车"]}
    # the words place the firm on 锂; the code of vehicles does not add 整车
    assert nodes("某某有限公司", "碳酸锂的生产", industry="3612") == {"nev": ["锂"]}
    # a trader's code places nothing
    assert nodes("某某有限公司", "药品批发", industry="5151") == {}


def test_weak_words_fill_in_only_when_nothing_strong_is_said() -> None:
    assert nodes("某某微电子有限公司", "集成电路设计；集成电路芯片设计及服务") == {"ic": ["集成电路设计"]}
    assert nodes("某某微电子有限公司", "集成电路设计；半导体ip授权；芯片ip的研发") == {"ic": ["核心IP"]}


def test_a_supplier_clause_does_not_place_its_customer() -> None:
    # 注射剂 is the use of the vials, not the firm's product
    assert nodes("某某包材有限公司", "中硼硅玻璃管制注射剂瓶的生产") == {"biomed": ["医药包装材料"]}
    assert nodes("某某磁材有限公司", "稀土永磁电机磁钢的生产") == {"nev": ["稀土"]}


def test_ascii_keywords_stop_at_word_edges() -> None:
    assert nodes("某某有限公司", "mocvd设备的生产") == {}
    assert nodes("某某有限公司", "cvd设备的生产") == {"ic": ["薄膜沉积"]}
    assert nodes("某某有限公司", "软件开发；api接口开发；pedal制造") == {}


def test_channel_nodes_are_never_placed_automatically() -> None:
    assert nodes("某某医药有限公司", "药品批发；医药物流；药品零售") == {}


def test_software_houses_need_more_than_a_listed_chip_item() -> None:
    assert nodes("某某信息技术有限公司", "软件开发；集成电路芯片设计；信息系统集成服务") == {}
    assert nodes("某某信息技术有限公司", "软件开发；fpga芯片设计", products="FPGA芯片") == {"ic": ["FPGA"]}


WIDE = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@given(st.sampled_from(["光刻胶的研发、生产", "锂离子电池电解液的生产", "体外诊断试剂的研发、生产", "KrF光刻胶的生产"]),
       st.lists(st.sampled_from(["技术开发", "技术咨询", "货物进出口", "企业管理咨询", "电子产品销售", "会议及展览服务"]), max_size=6),
       st.booleans())  # fmt: skip
def test_filler_and_full_width_forms_do_not_change_the_placement(core: str, filler: list[str], wide: bool) -> None:
    base = nodes("某某有限公司", core)
    assert base  # each core clause places the firm
    scope = "；".join([*filler, core, *filler])
    if wide:
        scope = scope.translate(str.maketrans(WIDE))
    assert nodes("某某有限公司", scope) == base


@given(st.text(max_size=200))
def test_any_text_is_placed_without_error(text: str) -> None:
    for p in PLACER.place(Firm("x", text, text[:8], text, text)):
        assert p.nodes and all(0.0 < c <= 1.0 for c in p.confidence.values())


def test_normalize_folds_width_and_case() -> None:
    assert normalize("ＫｒＦ光刻胶；ＩＧＢＴ") == "krf光刻胶;igbt"


def test_a_name_alone_places_only_when_there_is_nothing_else() -> None:
    assert nodes("上海某某光刻胶有限公司") == {"ic": ["光刻胶"]}
    assert nodes("上海某某光刻胶有限公司", "企业管理咨询；会议及展览服务") == {}
    assert nodes("上海某某光刻胶贸易有限公司") == {}
