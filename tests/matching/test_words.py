"""`match` accepts the words import accepts: options and needs files with Chinese keys and
written values (issue 9 §5); the request rules (merge, near misses) as pure functions; the
other direction shows enterprise, stage and owner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert

from parkatlas.errors import ParkatlasError
from parkatlas.matching.needs import park_id, parse_needs
from parkatlas.matching.needs_words import normalise_needs
from parkatlas.matching.request import merge_needs, near_miss_count, needs_from_options
from parkatlas.models import Enterprise, Park
from parkatlas.vocab import MU_M2, TONNE_FORCE_KN
from tests.matching.test_cli import PROJECTS, SITES, run
from tests.matching.test_storage import seed_atlas


def test_chinese_keys_and_written_values() -> None:
    got = normalise_needs({
        "类型": "厂房", "面积": "3,000-5,000㎡", "承重": "1吨/㎡", "层高": "8米（檐口）",
        "电力": "800KVA", "租金": "36元/㎡/月", "区域": "嘉定", "园区": "国际氢能谷",
        "行业": "医疗器械", "交付时间": "2026年Q4", "租售": "出租",
    })  # fmt: skip
    assert got == {
        "kind": ["factory"], "area_m2": {"min": 3000.0, "max": 5000.0},
        "floor_load_kn_m2": {"min": TONNE_FORCE_KN}, "clear_height_m": {"min": 8.0},
        "power_kva": {"min": 800.0}, "rent_cny_m2_day": {"max": pytest.approx(36 * 12 / 365)},
        "regions": ["嘉定"], "parks": ["国际氢能谷"], "industry": "358",
        "available_by": "2026-10-01", "tenure": "lease",
    }  # fmt: skip


def test_english_and_chinese_needs_validate_the_same() -> None:
    zh = parse_needs({"类型": "仓库", "面积": {"最小": "20亩"}, "行业": "仓储", "区域": "浦东"})
    en = parse_needs({"kind": "warehouse", "area_m2": {"min": 20 * MU_M2}, "industry": "59",
                      "regions": ["310115"]})  # fmt: skip
    assert zh == en


def test_unreadable_values_are_named_together() -> None:
    with pytest.raises(ParkatlasError) as info:
        parse_needs({"承重": "很重", "类型": "宿舍"})
    msg = str(info.value)
    assert "floor_load_kn_m2: cannot read '很重' as a floor load" in msg
    assert "kind: cannot read '宿舍' as a site kind" in msg


def test_不限_means_no_restriction() -> None:
    assert normalise_needs({"类型": "不限", "租金": "面议"}) == {}


def test_merge_keeps_stored_bounds_the_options_leave() -> None:
    stored = {"面积": {"min": 5000, "max": 20000}, "kind": "factory", "industry": "27"}
    merged = merge_needs(stored, needs_from_options(area_min="8000平米", kind=["仓库"]))
    assert merged["area_m2"] == {"min": 8000.0, "max": 20000}
    assert merged["kind"] == ["warehouse"] and merged["industry"] == "27"


@pytest.mark.parametrize(
    ("found", "top", "asked", "shown"), [(3, 20, 5, 5), (20, 20, 5, 0), (0, 5, 0, 0), (4, 5, 2, 2)]
)
def test_near_misses_only_when_too_few(found: int, top: int, asked: int, shown: int) -> None:
    assert near_miss_count(found, top, asked) == shown


def test_park_by_name() -> None:
    names = {"国际氢能谷": "P-h2", "张江创新药产业基地": "P-zj", "Zhangjiang Drug Base": "P-zj"}
    known = frozenset({"P-h2", "P-zj"})
    assert park_id("P-h2", known, names) == "P-h2"
    assert park_id("国际氢能谷", known, names) == "P-h2"
    assert park_id("张江创新药", known, names) == "P-zj"  # the one name containing it
    assert park_id("火星园", known, names) is None
    with pytest.raises(ParkatlasError, match="unknown park '火星园'"):
        parse_needs({"园区": "火星园"}, known_parks=known, park_names=names)
    assert parse_needs({"园区": "国际氢能谷"}, known_parks=known, park_names=names).parks == [
        "P-h2"
    ]


def _seed(url: str) -> None:
    eng = create_engine(url)
    with eng.begin() as conn:  # first: sites name the park, the project its enterprise
        conn.execute(
            insert(Park.__table__), [{"id": "h2", "name_zh": "国际氢能谷", "synthetic": True}]
        )
        conn.execute(insert(Enterprise.__table__), [{"id": "E1", "name": "上海某药业有限公司"}])
    eng.dispose()
    seed_atlas(url, SITES, [{**PROJECTS[0], "enterprise": "E1", "owner_unit": "嘉定区投促中心"}])


def test_match_options_in_words(atlas_url: str, tmp_path: Path) -> None:
    _seed(atlas_url)
    canonical = run(atlas_url, "match", "--kind", "factory", "--floor-load-min", "9.80665",
                    "--clear-height-min", "8", "--power-min", "800", "--rent-max", "1.6",
                    "--region", "310115", "--json")  # fmt: skip
    words = run(atlas_url, "match", "--kind", "厂房", "--floor-load-min", "1吨/㎡",
                "--height-min", "8米", "--power-min", "800KVA", "--rent-max", "1.6元/㎡/天",
                "--region", "浦东", "--json")  # fmt: skip
    assert canonical.returncode == 0 and words.returncode == 0, words.stderr
    assert json.loads(words.stdout)["results"] == json.loads(canonical.stdout)["results"]
    assert [r["site_id"] for r in json.loads(words.stdout)["results"]] == ["F1"]

    needs = tmp_path / "needs.yaml"
    needs.write_text(
        "类型: 厂房\n面积: 5000平米以上\n承重: 1吨/㎡\n行业: 医药制造业\n", encoding="utf-8"
    )
    r = run(atlas_url, "match", "--needs", str(needs), "--json")
    assert r.returncode == 0, r.stderr
    assert [x["site_id"] for x in json.loads(r.stdout)["results"]] == ["F1"]

    r = run(atlas_url, "match", "--kind", "厂房", "--park", "国际氢能谷", "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["needs"]["parks"] == ["h2"]

    r = run(atlas_url, "match", "--kind", "宿舍")
    assert r.returncode == 1 and "cannot read '宿舍' as a site kind" in r.stdout + r.stderr


def test_why_not_in_chinese_and_site_direction_shows_owner(atlas_url: str) -> None:
    _seed(atlas_url)
    r = run(atlas_url, "match", "--project", "P1", "--why-not", "F2", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    assert "楼面荷载：需要 ≥ 10 kN/m²，载体为 8 kN/m²（低于要求，差 20%）" in r.stdout

    r = run(atlas_url, "match", "--site", "F1")
    assert r.returncode == 0, r.stderr
    for text in ("上海某药业有限公司", "洽谈" if PROJECTS[0]["stage"] == "negotiating" else "线索",
                 "嘉定区投促中心", "企业 Enterprise", "阶段 Stage"):  # fmt: skip
        assert text in r.stdout
    data = json.loads(run(atlas_url, "match", "--site", "F1", "--json").stdout)
    p = data["projects"][0]
    assert (p["enterprise"], p["stage"], p["owner_unit"]) == (
        "上海某药业有限公司",
        "lead",
        "嘉定区投促中心",
    )


def test_factor_figures_are_data_rendered_in_both_languages(atlas_url: str) -> None:
    from parkatlas.matching import Matcher
    from parkatlas.matching.render import render_factor

    seed_atlas(atlas_url, SITES, PROJECTS)
    m = Matcher.from_url(atlas_url)
    try:
        best = m.top({"类型": "厂房", "面积": {"理想": "1万平方米"}, "租金": "2元/㎡/天",
                      "行业": "医药制造业", "investment_wan": 9000}, k=1)[0]  # fmt: skip
    finally:
        m.close()
    data = best.details["data"]
    assert data["area"] == {"site_value": 10000.0, "need": 10000.0, "unit": "m²"}
    assert data["cost"]["rent"] == 1.5 and data["cost"]["rent_max"] == 2.0
    assert data["industry"]["need"] == "27" and data["industry"]["site_value"] == "27"
    assert data["efficiency"] == {"applies": False, "shortfalls": 0}  # a factory floor
    assert render_factor("area", data["area"], "zh") == "10,000 ㎡，理想 10,000 ㎡"
    assert render_factor("area", data["area"], "en") == "10,000 m² vs ideal 10,000 m²"
    assert render_factor("cost", data["cost"], "zh") == "租金 1.5 上限 2 元/㎡/天"
    assert "亩均标准只适用于土地" in render_factor("efficiency", data["efficiency"], "zh")
    assert "same" in render_factor("industry", data["industry"], "en")

    r = run(atlas_url, "match", "--kind", "厂房", "--area-ideal", "1万平方米", "--lang", "zh")
    assert r.returncode == 0, r.stderr
    assert "10,000 ㎡，理想 10,000 ㎡" in r.stdout


@given(
    st.floats(min_value=0.01, max_value=1e5, allow_nan=False, allow_infinity=False),
    st.sampled_from([
        ("承重", "吨/㎡", "floor_load_kn_m2", "min", TONNE_FORCE_KN),
        ("楼板承重", "kN/㎡", "floor_load_kn_m2", "min", 1.0),
        ("层高", "米", "clear_height_m", "min", 1.0),
        ("电力", "KVA", "power_kva", "min", 1.0),
        ("租金", "元/㎡/天", "rent_cny_m2_day", "max", 1.0),
        ("租金", "元/㎡/月", "rent_cny_m2_day", "max", 12 / 365),
        ("面积", "亩", "area_m2", "min", MU_M2),
        ("售价", "万元/亩", "price_cny_m2", "max", 1e4 / MU_M2),
    ]),
)  # fmt: skip
def test_written_figure_equals_the_canonical_bound(x: float, case: tuple) -> None:  # type: ignore[type-arg]
    key_zh, unit, key, bound, factor = case
    got = normalise_needs({key_zh: f"{x!r}{unit}"})
    assert got == {key: {bound: pytest.approx(x * factor, rel=1e-9)}}


@given(st.dictionaries(st.sampled_from(["类型", "面积", "承重", "租金", "行业", "园区", "x"]),
                       st.text(max_size=8), max_size=4))  # fmt: skip
def test_needs_words_raise_only_parkatlas_errors(data: dict[str, str]) -> None:
    try:
        normalise_needs(data)
    except ParkatlasError as exc:
        assert str(exc).startswith("bad needs — ")
