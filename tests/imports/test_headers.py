"""Headers as bureaus write them: normalization, the synonym table, kept attributes, --map."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.errors import ParkatlasError
from parkatlas.io.headers import map_headers, norm_header, parse_map_options, stem

# every header issue 9 §2 names, with the field it must reach
ISSUE_HEADERS = {
    "载体名称": "name", "物业名称": "name", "所在区域": "region", "所在区县": "region",
    "所在街镇": "town", "楼板承重": "floor_load_kn_m2", "地坪承重": "floor_load_kn_m2",
    "可入驻行业": "industries", "准入产业": "industries", "适合产业": "industries",
    "交付时间": "available_from", "可入驻时间": "available_from", "联系人": "contact",
    "招商联系人": "contact", "联系电话": "phone", "手机": "phone", "备注": "description",
}  # fmt: skip
TOWN_SHEET = ["载体名称", "所在区域", "所属园区", "类型", "建筑面积", "租金", "售价", "楼板承重",
              "层高", "配电容量", "可入驻行业", "联系人", "联系电话", "交付时间", "备注"]  # fmt: skip


@pytest.mark.parametrize("header,field", sorted(ISSUE_HEADERS.items()))
def test_every_header_of_the_issue_maps(header: str, field: str) -> None:
    hm = map_headers("sites", ["类型", "面积", header])
    assert hm.fields[2].name == field
    assert hm.attrs == {}


def test_the_town_officers_fifteen_columns_all_map() -> None:
    hm = map_headers("sites", TOWN_SHEET)
    assert len(hm.fields) == 15 and hm.attrs == {}
    assert [hm.fields[i].name for i in range(3)] == ["name", "region", "park"]


@pytest.mark.parametrize(
    "header,field",
    [
        ("面积（㎡）", "area_m2"), ("面积【平方米】", "area_m2"), ("建筑面积 (m²)", "area_m2"),
        ("租金(元/㎡/天)", "rent_cny_m2_day"), ("ＡＲＥＡ", "area_m2"), (" 类 型 ", "kind"),
        ("地面承重（吨/㎡）", "floor_load_kn_m2"), ("可入驻产业", "industries"),
        ("Floor_Load", "floor_load_kn_m2"), ("所属区县", "region"), ("配电容量(KVA)", "power_kva"),
    ],
)  # fmt: skip
def test_headers_are_normalized_before_matching(header: str, field: str) -> None:
    hm = map_headers("sites", ["类型", "面积", header] if field not in ("area_m2", "kind") else [header])
    assert field in {f.name for f in hm.fields.values()}


def test_unknown_and_repeated_headers_are_kept_as_attributes_and_named() -> None:
    headers = ["类型", "建筑面积", "地址", "招商人员", "朝向", "地址", "租金", "租金", "占地面积", "序号"]
    hm = map_headers("sites", headers)
    assert {f.name for f in hm.fields.values()} == {"kind", "area_m2", "address", "rent_cny_m2_day"}
    assert hm.attrs == {3: "招商人员", 4: "朝向", 5: "地址", 7: "租金", 8: "占地面积"}
    notes = {n.column: n for n in hm.notes}
    assert notes[4].what == "attribute" and "contact" in notes[4].closest  # 招商人员 ≈ 招商联系人
    assert notes[6].what == "duplicate" and "column 3" in notes[6].message
    assert notes[9].what == "duplicate" and "建筑面积" in notes[9].message
    assert notes[10].what == "row_number"  # 序号 is a row number, never an id
    assert 9 not in hm.fields and all(f.name != "id" for f in hm.fields.values())


def test_manual_map_wins_and_is_checked() -> None:
    hm = map_headers("sites", ["类型", "面积", "招商人员"], {"招商人员": "contact"})
    assert hm.fields[2].name == "contact" and hm.attrs == {}
    hm = map_headers("sites", ["类型", "面积", "招商人员"], {"招商人员": "联系人"})
    assert hm.fields[2].name == "contact"
    with pytest.raises(ParkatlasError, match="no column"):
        map_headers("sites", ["类型", "面积"], {"招商人员": "contact"})
    with pytest.raises(ParkatlasError, match="no field 'nonsense'"):
        map_headers("sites", ["类型", "面积", "x1"], {"x1": "nonsense"})
    assert parse_map_options(["招商人员=contact", " 朝向 = description "]) == {
        "招商人员": "contact", "朝向": "description"}  # fmt: skip
    with pytest.raises(ParkatlasError, match="列名=field"):
        parse_map_options(["招商人员"])


def test_reject_file_columns_are_read_as_the_key_not_as_attributes() -> None:
    hm = map_headers("sites", ["类型", "面积", "_key", "_row", "_reason"])
    assert hm.key_column == 2 and hm.attrs == {}


def test_stem_never_empties_a_header() -> None:
    assert stem("名称") == "名称" and stem("可") == "可" and stem("所在区域") == "区域"


_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}


@given(st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=20))
def test_full_width_headers_normalize_like_half_width(s: str) -> None:
    wide = "".join(_FULLWIDTH[c] for c in s)
    assert norm_header(wide) == norm_header(s)


@given(st.text(max_size=30))
def test_normalization_is_idempotent(s: str) -> None:
    assert norm_header(norm_header(s)) == norm_header(s)
