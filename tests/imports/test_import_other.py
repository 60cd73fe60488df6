"""Importing parks, enterprises and projects: Chinese headers, USCC checks, money units."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from parkatlas.industry_links import record_select
from parkatlas.models import Enterprise, Park, Project, StageEvent
from parkatlas.uscc import make_uscc
from tests.helpers import run_cli

GOOD_USCC = make_uscc("91310114MA1GT0000")


def _rows(url: str, model: type) -> dict[str, object]:
    eng = create_engine(url)
    with eng.connect() as conn:
        rows = {r.id: r for r in conn.execute(record_select(model.__tablename__))}
    eng.dispose()
    return rows


def test_enterprises_with_bad_uscc_keep_the_row_and_warn(atlas_url: str, tmp_path: Path) -> None:
    """A USCC is optional: a wrong one is left empty and named as a warning, the row goes in."""
    bad_check = GOOD_USCC[:-1] + ("0" if GOOD_USCC[-1] != "0" else "1")
    f = tmp_path / "企业.csv"
    f.write_text(
        "企业名称,统一社会信用代码,所属行业,区域,企业标签\n"
        f"上海示例医药有限公司,{GOOD_USCC},医药制造业,嘉定区,专精特新、高新技术企业\n"
        f"错误校验位公司,{bad_check},27,嘉定区,\n"
        "长度不对公司,91310114MA1GT,27,嘉定区,\n"
        "无代码公司,,39,浦东新区,小巨人\n",
        encoding="gbk",
    )
    res = run_cli("import", "enterprises", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["errors"] == []
    assert [w["row"] for w in report["warnings"]] == [3, 4]
    assert all(w["column"] == "统一社会信用代码" for w in report["warnings"])
    assert "check character" in report["warnings"][0]["reason"]
    assert report["warnings"][0]["value"] == bad_check
    assert Path(report["warnings_file"]).exists()
    ents = _rows(atlas_url, Enterprise)
    by_name = {e.name: e for e in ents.values()}
    assert set(by_name) == {"上海示例医药有限公司", "错误校验位公司", "长度不对公司", "无代码公司"}
    assert by_name["错误校验位公司"].uscc is None
    assert by_name["上海示例医药有限公司"].id == GOOD_USCC  # the USCC is the natural key
    assert by_name["上海示例医药有限公司"].tags == "专精特新;高新技术企业"
    assert by_name["上海示例医药有限公司"].industries == "27"
    assert by_name["无代码公司"].region == "310115"


def test_projects_money_in_chinese_units_and_link_to_enterprise(
    atlas_url: str, tmp_path: Path
) -> None:
    ent = tmp_path / "e.csv"
    ent.write_text(
        f"企业名称,统一社会信用代码\n上海示例医药有限公司,{GOOD_USCC}\n", encoding="utf-8"
    )
    assert run_cli("import", "enterprises", str(ent), url=atlas_url).returncode == 0
    f = tmp_path / "项目.csv"
    needs = json.dumps({"kind": "factory", "area_m2": {"min": 5000}}, ensure_ascii=False).replace(
        '"', '""'
    )
    f.write_text(
        "项目名称,企业名称,总投资,预计年产值,预计年税收,就业人数,项目阶段,需求\n"
        f'新建制剂基地,上海示例医药有限公司,2.5亿元,8000万元,600,120,洽谈,"{needs}"\n'
        "无名项目,某公司,很多钱,,,,线索,\n",
        encoding="utf-8",
    )
    res = run_cli("import", "projects", str(f), "--json", url=atlas_url)
    report = json.loads(res.stdout)
    assert res.returncode == 0
    # an enterprise the atlas does not hold cannot be linked (projects → enterprises key): the
    # row goes in without it, and the warning says so
    assert [(e["row"], e["column"], e["value"]) for e in report["warnings"]] == [
        (3, "企业名称", "某公司"), (3, "总投资", "很多钱")]  # fmt: skip
    assert "unknown enterprise '某公司'" in report["warnings"][0]["reason"]
    projects = {p.name: p for p in _rows(atlas_url, Project).values()}
    assert len(projects) == 2 and projects["无名项目"].investment_wan is None
    assert projects["无名项目"].enterprise is None
    p = projects["新建制剂基地"]
    assert p.investment_wan == pytest.approx(25000)
    assert p.output_wan_year == pytest.approx(8000)
    assert p.tax_wan_year == pytest.approx(600)
    assert p.enterprise == GOOD_USCC and p.stage == "negotiating" and p.jobs == 120
    assert p.needs == {"kind": "factory", "area_m2": {"min": 5000}}


def test_parks_from_geojson_with_positioning(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "parks.geojson"
    f.write_text(json.dumps({
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.26, 31.38]},
             "properties": {"园区名称": "示例智能制造园", "区域": "嘉定", "面积": "2.67平方公里",
                            "主导行业": "34;35", "产业定位": "高端装备、智能制造"}},
            {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": []},
             "properties": {"园区名称": "多边形园区"}},
        ],
    }, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    res = run_cli("import", "parks", str(f), url=atlas_url)
    assert res.returncode == 1
    assert (
        "Polygon" in res.stderr and "only Point" in res.stderr
    )  # the whole file is refused, by name
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            '"Polygon", "coordinates": []', '"Point", "coordinates": [121.5, 31.2]'
        ),
        encoding="utf-8",
    )
    res = run_cli("import", "parks", str(f), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout
    parks = {p.name_zh: p for p in _rows(atlas_url, Park).values()}
    p = parks["示例智能制造园"]
    assert p.region_code == "310114" and p.area_km2 == pytest.approx(2.67)
    assert p.industries == "34;35" and p.sectors == "高端装备;智能制造"
    assert (p.lat, p.lon) == (pytest.approx(31.38), pytest.approx(121.26))


def test_stage_changes_are_recorded_as_stage_events(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "p.csv"
    f.write_text("编号,项目名称,项目阶段\nP1,示例项目,线索\nP2,另一个项目,洽谈\n", encoding="utf-8")
    assert run_cli("import", "projects", str(f), url=atlas_url).returncode == 0
    f.write_text("编号,项目名称,项目阶段\nP1,示例项目,签约\nP2,另一个项目,洽谈\n", encoding="utf-8")
    assert run_cli("import", "projects", str(f), url=atlas_url).returncode == 0
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        events = conn.execute(
            select(
                StageEvent.project_id, StageEvent.from_stage, StageEvent.to_stage, StageEvent.actor
            ).order_by(StageEvent.id)
        ).all()
    eng.dispose()
    assert [tuple(e) for e in events] == [
        ("P1", None, "lead", "tester"),
        ("P2", None, "negotiating", "tester"),
        ("P1", "lead", "signed", "tester"),
    ]
