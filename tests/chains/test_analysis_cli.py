"""coverage / gaps / targets / lead / map / report through the real entry point, on SQLite
and PostgreSQL, over a small district: what it has, what it lacks, whom to call, where."""

from __future__ import annotations

import json
from pathlib import Path

from parkatlas.uscc import make_uscc
from tests.helpers import run_cli

FIRMS = [
    # name, region, scope, tags
    ("嘉定某某集成电路制造有限公司", "嘉定区", "12英寸集成电路芯片的制造；晶圆代工", "规上"),
    ("嘉定某某封测有限公司", "嘉定区", "集成电路封装测试", ""),
    ("浦东某某光刻胶有限公司", "浦东新区", "光刻胶的研发、生产", "专精特新;小巨人"),
    ("闵行某某光刻材料有限公司", "闵行区", "光致抗蚀剂的生产", ""),
    ("嘉定某某贸易有限公司", "嘉定区", "光刻胶、电子特气的批发", ""),
]


def _setup(url: str, tmp: Path) -> None:
    lines = ["企业名称,统一社会信用代码,区域,经营范围,标签"]
    for i, (name, region, scope, tags) in enumerate(FIRMS):
        lines.append(f"{name},{make_uscc(f'91310114MA1GT{i:04d}')},{region},{scope},{tags}")
    (tmp / "e.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    sites = "编号,类型,面积,区域,环评等级,危化品\nS1,土地,20000㎡,嘉定区,3,是\nS2,厂房,5000㎡,嘉定区,2,否\nS3,土地,30000㎡,浦东新区,3,是\n"
    (tmp / "s.csv").write_text(sites, encoding="utf-8")
    for kind, f in (("enterprises", "e.csv"), ("sites", "s.csv")):
        res = run_cli("import", kind, str(tmp / f), url=url)
        assert res.returncode == 0, res.stdout + res.stderr
    assert run_cli("chains", "place", url=url).returncode == 0


def _json(url: str, *args: str) -> object:
    res = run_cli(*args, "--json", url=url)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_coverage_gaps_targets_lead_map_report(atlas_url: str, tmp_path: Path) -> None:
    _setup(atlas_url, tmp_path)
    cov = _json(atlas_url, "chains", "coverage", "--chain", "集成电路", "--region", "嘉定区")
    by = {n["node"]: n for n in cov}  # type: ignore[union-attr]
    assert by["晶圆制造"]["status"] == "有" and by["晶圆制造"]["firms"] == 1  # one firm of scale
    assert by["封装测试"]["status"] == "弱"
    assert by["光刻胶"]["status"] == "缺" and by["光刻胶"]["firms"] == 0  # the trader does not count
    assert by["晶圆制造"]["named"][0]["name"] == "嘉定某某集成电路制造有限公司"
    assert {"node", "tier", "status", "firms"} <= set(by["光刻胶"])

    gaps = _json(atlas_url, "chains", "gaps", "-c", "ic", "-r", "嘉定区")
    names = [g["node"] for g in gaps]  # type: ignore[union-attr]
    assert "光刻胶" in names and "晶圆制造" not in names
    assert names.index("光刻胶") < names.index("通信")  # an input of the local fab comes first

    tg = _json(atlas_url, "chains", "targets", "-c", "ic", "-r", "嘉定区", "--top", "5")
    photo = next(g for g in tg if g["node"] == "光刻胶")  # type: ignore[union-attr]
    assert [t["enterprise"] for t in photo["targets"]] == ["浦东某某光刻胶有限公司", "闵行某某光刻材料有限公司"]
    assert photo["targets"][0]["distance_km"] is not None
    assert [s["site"] for s in photo["sites"]] == ["S1"]  # land, 三类环评, hazardous chemicals allowed, in 嘉定

    uscc = make_uscc("91310114MA1GT0002")
    lead = _json(atlas_url, "chains", "lead", uscc, "光刻胶", "--chain", "ic")
    assert lead["stage"] == "lead" and "光刻胶" in lead["name"]  # type: ignore[index]
    from sqlalchemy import create_engine, text

    eng = create_engine(atlas_url)
    with eng.connect() as conn:  # registered through the workspace's lead registry (报备)
        src = conn.execute(text("select source from leads where project_id = :p"), {"p": lead["project"]}).scalar_one()  # type: ignore[index]
        needs = conn.execute(text("select needs from projects where id = :p"), {"p": lead["project"]}).scalar_one()  # type: ignore[index]
    eng.dispose()
    assert src == "chain-target" and "land" in str(needs)
    tg = _json(atlas_url, "chains", "targets", "-c", "ic", "-r", "嘉定区", "--sites", "0")
    photo = next(g for g in tg if g["node"] == "光刻胶")  # type: ignore[union-attr]
    assert photo["targets"][-1]["enterprise"] == "浦东某某光刻胶有限公司" and photo["targets"][-1]["lead"]

    svg = tmp_path / "ic.svg"
    assert run_cli("chains", "map", "-c", "ic", "-r", "嘉定区", "-o", str(svg), url=atlas_url).returncode == 0
    assert svg.read_text(encoding="utf-8").startswith("<svg") and 'data-status="有"' in svg.read_text(encoding="utf-8")

    xlsx = tmp_path / "r.xlsx"
    res = run_cli("chains", "report", "-c", "ic", "-r", "嘉定区", "-o", str(xlsx), url=atlas_url)
    assert res.returncode == 0, res.stderr
    from openpyxl import load_workbook

    wb = load_workbook(xlsx)
    assert wb.sheetnames[:2] == ["图谱", "清单"]
    targets = [r[5] for r in wb["清单"].iter_rows(min_row=2, values_only=True)]
    assert "浦东某某光刻胶有限公司" in targets
    cells = [c.value for row in wb["图谱"].iter_rows() for c in row if c.value]
    assert any(str(v).strip().startswith("晶圆制造") for v in cells)

    bad = run_cli("chains", "coverage", "-c", "ic", "-r", "火星区", url=atlas_url)
    assert bad.returncode == 1 and "unknown region '火星区'" in bad.stderr


def test_lead_without_the_workspace_is_a_project_row(atlas_url: str) -> None:
    from sqlalchemy import create_engine, text

    from parkatlas.chains.leads import _project_row
    from parkatlas.db import make_engine

    eng = create_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(text("insert into enterprises (id, name, synthetic, updated_at) values ('E1', '某某光刻胶有限公司', false, current_timestamp)"))
    eng.dispose()
    engine = make_engine(atlas_url, write=True)
    res = _project_row(engine, "E1", "某某光刻胶有限公司 · 集成电路/光刻胶", None, {"kind": ["land"]}, None, "tester", "chain target ic/photoresist")
    engine.dispose()
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        stage = conn.execute(text("select stage from projects where id = :p"), {"p": res["project"]}).scalar_one()
        events = conn.execute(text("select count(*) from stage_events where project_id = :p"), {"p": res["project"]}).scalar_one()
    eng.dispose()
    assert stage == "lead" and events == 1
