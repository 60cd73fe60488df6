"""`parkatlas chains …` through the real entry point, on SQLite and PostgreSQL: enterprises
imported with 经营范围/主营产品 headers, placed, an officer's decisions surviving re-runs,
chain YAML export → edit → import."""

from __future__ import annotations

import json
from pathlib import Path

from parkatlas.uscc import make_uscc
from tests.helpers import run_cli

U1 = make_uscc("91310114MA1GT0001")
U2 = make_uscc("91310114MA1GT0002")
U3 = make_uscc("91310114MA1GT0003")

CSV = (
    "企业名称,统一社会信用代码,行业,区域,经营范围,主要产品\n"
    f"上海芯阳光电材料有限公司,{U1},3985,嘉定区,\"一般项目：光刻胶、湿电子化学品的研发、生产（除危险化学品）；技术服务、技术开发；货物进出口\",KrF光刻胶\n"
    f"上海某某国际贸易有限公司,{U2},,嘉定区,\"集成电路、光刻胶的批发、进出口；技术咨询\",\n"
    f"上海某某电池系统有限公司,{U3},,浦东新区,\"动力电池包（PACK）的研发、生产；电池销售\",电池包\n"
)


def _flat(text: str) -> str:
    """stderr without the line breaks rich adds at the terminal width."""
    return "".join(text.split("\n"))


def _place(url: str) -> list[dict]:
    res = run_cli("chains", "place", "--json", url=url)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def test_import_place_confirm_reject(atlas_url: str, tmp_path: Path) -> None:
    f = tmp_path / "企业.csv"
    f.write_text(CSV, encoding="utf-8")
    res = run_cli("import", "enterprises", str(f), url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr

    rows = _place(atlas_url)
    by = {(r["enterprise"], r["chain"]): r for r in rows}
    assert set(by) == {("上海芯阳光电材料有限公司", "集成电路"), ("上海某某电池系统有限公司", "新能源汽车")}
    chip = by[("上海芯阳光电材料有限公司", "集成电路")]
    assert chip["uscc"] == U1
    assert chip["nodes"] == ["光刻胶", "湿化学品"]
    words = {e["word"] for e in chip["evidence"]["光刻胶"]}
    assert {"光刻胶", "krf光刻胶"} & words
    assert by[("上海某某电池系统有限公司", "新能源汽车")]["nodes"] == ["电池包"]

    # the officer rejects one node and adds another; both survive a re-run
    res = run_cli("chains", "reject", U1, "湿化学品", "--chain", "集成电路", "--note", "只做光刻胶", url=atlas_url)
    assert res.returncode == 0, res.stderr
    res = run_cli("chains", "confirm", "上海某某国际贸易有限公司", "光刻胶", "--chain", "ic", "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["before"] is None
    rows = _place(atlas_url)
    by = {(r["enterprise"], r["chain"]): r for r in rows}
    assert by[("上海芯阳光电材料有限公司", "集成电路")]["nodes"] == ["光刻胶"]
    trader = by[("上海某某国际贸易有限公司", "集成电路")]
    assert trader["nodes"] == ["光刻胶"] and trader["decisions"] == {"光刻胶": "confirmed"}

    bad = run_cli("chains", "confirm", U1, "光刻机床", "--chain", "ic", url=atlas_url)
    assert bad.returncode == 1
    assert "chain 集成电路 has no node '光刻机床'" in _flat(bad.stderr)
    bad = run_cli("chains", "confirm", "no such firm", "光刻胶", "--chain", "ic", url=atlas_url)
    assert bad.returncode == 1 and "no enterprise 'no such firm'" in _flat(bad.stderr)


def test_export_edit_import_a_chain(atlas_url: str, tmp_path: Path) -> None:
    path = tmp_path / "ic.yaml"
    assert run_cli("chains", "export", "集成电路", "-o", str(path), url=atlas_url).returncode == 0
    text = path.read_text(encoding="utf-8")
    assert "光刻胶" in text
    path.write_text(text.replace("version: '2026.12'", "version: 2026.12-local"), encoding="utf-8")
    res = run_cli("chains", "import", str(path), "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["action"] == "inserted"
    res = run_cli("chains", "list", "--json", url=atlas_url)
    versions = {c["id"]: c["version"] for c in json.loads(res.stdout)}
    assert versions["ic"] == "2026.12-local" and versions["nev"] == "2026.12"

    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace("tier: upstream", "tier: top", 1), encoding="utf-8")
    res = run_cli("chains", "import", str(broken), url=atlas_url)
    assert res.returncode == 1
    assert "broken.yaml: node #1 (semi-materials): tier 'top' is not one of" in _flat(res.stderr)
