"""Regions: the shipped table and the resolver (pure, no database)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.geo import gcj02_to_wgs84, wgs84_to_gcj02
from parkatlas.reference.regions import (
    RegionIndex,
    RegionRecord,
    code_prefix,
    load_regions,
    region_index,
)

REGIONS = load_regions()
IX = region_index()


def test_table_shape() -> None:
    levels = Counter(r.level for r in REGIONS)
    assert levels == {"province": 34, "city": 334, "district": 2851, "town": 234}
    codes = [r.code for r in REGIONS]
    assert len(codes) == len(set(codes))
    by_code = {r.code: r for r in REGIONS}
    for r in REGIONS:
        assert r.name and r.short_name and r.name_en
        if r.level == "province":
            assert len(r.code) == 6 and r.code.endswith("0000") and r.parent_code is None
        else:
            parent = by_code[r.parent_code]  # every parent is shipped
            assert r.code.startswith(code_prefix(parent.code))
            assert LEVEL_ORDER[parent.level] < LEVEL_ORDER[r.level]
        if r.level == "town":
            assert len(r.code) == 9 and r.code[6] == "9" and r.lat is None
        else:
            assert len(r.code) == 6
            if r.code in NO_COORDINATES:
                assert r.lat is None and r.lon is None
            else:
                assert r.lat is not None and r.lon is not None
                assert 3 < r.lat < 54 and 73 < r.lon < 136


# cpca has no centroid for these (abolished or renumbered divisions still in its table)
NO_COORDINATES = {"130421", "139001", "139002", "320812", "330204", "410211"}


LEVEL_ORDER = {"province": 0, "city": 1, "district": 2, "town": 3}


def test_no_placeholders() -> None:
    names = {r.name for r in REGIONS}
    assert "市辖区" not in names
    assert not any(n.endswith("直辖县级行政区划") for n in names)
    assert IX.get("310114").parent_code == "310000"  # municipality districts under it
    assert IX.get("429004").parent_code == "420000"  # 仙桃市, 省直辖


def test_known_rows() -> None:
    jd = IX.get("310114")
    assert jd == RegionRecord(
        code="310114",
        name="嘉定区",
        short_name="嘉定",
        name_en="Jiading District",
        level="district",
        parent_code="310000",
        lat=jd.lat,
        lon=jd.lon,
        source=jd.source,
    )
    assert jd.lat == pytest.approx(31.3778, abs=0.001)
    assert jd.lon == pytest.approx(121.2609, abs=0.001)
    assert IX.get("310000").name_en == "Shanghai"
    assert IX.get("330000").name_en == "Zhejiang"
    assert IX.get("310115").name_en == "Pudong New Area"
    assert IX.get("640000").short_name == "宁夏"
    assert IX.get("150000").short_name == "内蒙古"
    assert IX.get("222400").short_name == "延边"
    assert IX.get("222400").name_en == "Yanbian Korean Autonomous Prefecture"
    assert IX.get("500233").short_name == "忠县"  # one-character stem keeps its suffix
    assert IX.get("310112").name_en == "Minhang District"
    assert IX.get("310105").name_en == "Changning District"
    assert IX.get("330100").name_en == "Hangzhou City"
    assert IX.get("330122").name_en == "Tonglu County"
    assert [r.short_name for r in IX.children("310114")][:2] == ["华亭", "南翔"]
    assert {r.code for r in IX.children("310000")} >= {"310114", "310115"}
    assert len(IX.children("310000")) == 16


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("嘉定", "310114"),
        ("嘉定区", "310114"),
        ("Jiading District", "310114"),
        ("jiading district", "310114"),
        ("Jiading", "310114"),
        ("JIADING", "310114"),
        ("Jiading Dist.", "310114"),
        ("Xuhui District", "310104"),
        ("浦东新区", "310115"),
        ("浦东", "310115"),
        ("浦东区", "310115"),
        ("Pudong", "310115"),
        ("Pudong New Area", "310115"),
        ("310114000000", "310114"),
        ("310114", "310114"),
        (" 310114 ", "310114"),
        ("上海市嘉定区", "310114"),
        ("上海嘉定", "310114"),
        ("上海市 嘉定区", "310114"),
        ("Jiading District, Shanghai", "310114"),
        ("Shanghai Jiading", "310114"),
        ("上海市", "310000"),
        ("上海", "310000"),
        ("Shanghai", "310000"),
        ("Shanghai City", "310000"),
        ("Zhejiang Province", "330000"),
        ("浙江省杭州市西湖区", "330106"),
        ("宁夏回族自治区", "640000"),
        ("宁夏", "640000"),
        ("Tibet", "540000"),
        ("Xi'an City", "610100"),
        ("北京市朝阳区", "110105"),
        ("吉林省长春市朝阳区", "220104"),
        ("南翔镇", "310114902"),
        ("嘉定区南翔镇", "310114902"),
        ("Nanxiang Town", "310114902"),
        ("310101000000", "310101"),
        ("310100", "310000"),  # dropped placeholder 市辖区 → the municipality
        ("429000", "420000"),
    ],
)
def test_resolve(text: str, code: str) -> None:
    assert IX.resolve(text) == code


@pytest.mark.parametrize(
    ("text", "within", "code"),
    [
        ("朝阳区", None, None),
        ("朝阳区", "11", "110105"),
        ("朝阳区", "110000", "110105"),
        ("朝阳区", "22", "220104"),
        ("朝阳区", "220100", "220104"),
        ("朝阳区", "吉林", "220104"),
        ("Chaoyang District", "11", "110105"),
        ("虹桥", None, None),  # 长宁区虹桥街道 and 闵行区虹桥镇
        ("虹桥镇", None, "310112912"),
        ("嘉定区", "11", "310114"),  # a hint: the only candidate is returned
        ("吉林", None, "220000"),  # province and its city nest: the outermost
        ("吉林", "2202", "220200"),
        ("海南", None, None),  # province, a district of Wuhai and a prefecture of Qinghai
        ("", None, None),
        ("不存在的地方", None, None),
        ("Atlantis", None, None),
        ("999999", None, None),
    ],
)
def test_resolve_ambiguous_and_within(text: str, within: str | None, code: str | None) -> None:
    assert IX.resolve(text, within=within) == code


def test_candidates() -> None:
    assert {r.code for r in IX.candidates("朝阳区")} == {"110105", "220104"}
    assert [r.code for r in IX.candidates("嘉定")] == ["310114"]
    assert IX.candidates("Atlantis") == []


def test_every_shipped_name_round_trips() -> None:
    """Each division's code, name, short name and English name resolve to it, unless shared."""
    failures = []
    for r in REGIONS:
        assert IX.resolve(r.code) == r.code
        for text in (r.name, r.short_name, r.name_en):
            if len(IX.candidates(text)) == 1 and IX.resolve(text) != r.code:
                failures.append((text, r.code, IX.resolve(text)))
            # ambiguous: the region's own parent disambiguates
            if len(IX.candidates(text)) > 1 and r.parent_code:
                got = IX.resolve(text, within=r.parent_code)
                assert got in {c.code for c in IX.candidates(text)} | {None}
    assert failures == []
    unique_names = sum(1 for r in REGIONS if len(IX.candidates(r.name)) == 1)
    assert unique_names > 0.95 * len(REGIONS)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(REGIONS), st.sampled_from(["name", "short_name", "name_en"]))
def test_full_name_with_parent_prefix_resolves(region: RegionRecord, field: str) -> None:
    """Parent name + own name (上海市嘉定区, 浙江杭州) resolves to the region when unique inside."""
    if region.parent_code is None:
        return
    parent = IX.get(region.parent_code)
    own = getattr(region, field)
    if field == "name_en":
        text = f"{own}, {parent.name_en}"
    else:
        text = f"{getattr(parent, field)}{own}"
    siblings = [r for r in IX.candidates(own) if r.code.startswith(code_prefix(parent.code))]
    if len(siblings) == 1 and len(IX.candidates(text)) <= 1:
        assert IX.resolve(text) == region.code


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12))
def test_resolve_never_raises(text: str) -> None:
    code = IX.resolve(text)
    assert code is None or IX.get(code) is not None


def test_index_is_cached_and_small_index_works() -> None:
    assert region_index() is IX
    small = RegionIndex(
        [
            RegionRecord("310000", "上海市", "上海", "Shanghai", "province", None, 31.2, 121.5),
            RegionRecord(
                "310114", "嘉定区", "嘉定", "Jiading District", "district", "310000", 31.4, 121.3
            ),
        ]
    )
    assert small.resolve("嘉定") == "310114"
    assert small.resolve("上海嘉定区") == "310114"
    assert len(small) == 2


@pytest.mark.parametrize(
    ("wgs", "gcj"),
    [
        # 天安门 (WGS-84 → GCJ-02, values of the published transform)
        ((39.908692, 116.397477), (39.910093, 116.403719)),
    ],
)
def test_gcj02_round_trip(wgs: tuple[float, float], gcj: tuple[float, float]) -> None:
    lat, lon = wgs84_to_gcj02(*wgs)
    assert lat == pytest.approx(gcj[0], abs=2e-5) and lon == pytest.approx(gcj[1], abs=2e-5)
    back = gcj02_to_wgs84(*gcj)
    assert back[0] == pytest.approx(wgs[0], abs=2e-5) and back[1] == pytest.approx(wgs[1], abs=2e-5)
    assert gcj02_to_wgs84(51.5, -0.12) == (51.5, -0.12)  # outside China: unchanged


def test_english_names_with_umlaut_or_tone_marks() -> None:
    # found by the property test above: "Lüliang" must read like "Luliang"
    assert IX.resolve("Lishi District, Lüliang City") == "141102"
    assert IX.resolve("Lüliang City") == IX.resolve("Luliang City") is not None


def test_district_named_like_a_suffix_under_its_city() -> None:
    # found by the property test: 阳泉市矿区 is the district 矿区 of 阳泉市, not the city
    assert IX.resolve("阳泉市矿区") == "140303"
    assert IX.resolve("浦东区") == "310115"


def test_child_comma_parent_is_the_child() -> None:
    # found by the property test: the ethnic word of the child must not make the pair read
    # as the parent alone
    assert IX.resolve("Oroqen Autonomous Banner, Hulunbei'er City") == "150723"
