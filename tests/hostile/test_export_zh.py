"""`export --lang zh` (Chinese headers, names, rounding) and the export filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from sqlalchemy import create_engine, func, select

from parkatlas.io.exporter import ExportFilter, export_text
from parkatlas.models import Site
from tests.helpers import run_cli

SHEET = """编号,区域,类型,面积,租金,状态,承重,合成数据
Z1,嘉定区,厂房,5000.456,1.23456元/㎡/天,可租,1吨/㎡,否
Z2,松江区,仓库,8000,0.9,已租,,否
Z3,嘉定区,写字楼,1200,3.5,可租,,是
"""


def _load(url: str, tmp_path: Path) -> None:
    f = tmp_path / "s.csv"
    f.write_text(SHEET, encoding="utf-8")
    res = run_cli("import", "sites", str(f), url=url)
    assert res.returncode == 0, res.stdout + res.stderr


def test_chinese_export_headers_values_and_rounding(atlas_url: str, tmp_path: Path) -> None:
    _load(atlas_url, tmp_path)
    res = run_cli("export", "sites", "--lang", "zh", "--format", "csv", url=atlas_url)
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    z1 = next(r for r in rows if r["编号"] == "Z1")
    assert z1["类型"] == "厂房" and z1["状态"] == "可租" and z1["区域"] == "嘉定区"
    assert z1["面积(㎡)"] == "5000.5" and z1["租金(元/㎡/天)"] == "1.23"
    assert z1["承重(kN/㎡)"] == "9.8" and z1["合成数据"] == "否"
    assert next(r for r in rows if r["编号"] == "Z2")["状态"] == "已租"
    # and the Chinese export is importable: same sites, same kinds and statuses
    f = tmp_path / "zh.csv"
    f.write_text(res.stdout, encoding="utf-8")
    back = json.loads(run_cli("import", "sites", str(f), "--json", url=atlas_url).stdout)
    assert back["refused"] == 0 and back["inserted"] == 0


def test_filters(atlas_url: str, tmp_path: Path) -> None:
    _load(atlas_url, tmp_path)

    def ids(**kw: object) -> list[str]:
        text = export_text(atlas_url, "sites", "json", flt=ExportFilter(**kw))  # type: ignore[arg-type]
        return sorted(r["id"] for r in json.loads(text))

    assert ids(region="嘉定") == ["Z1", "Z3"]
    assert ids(region="310000") == ["Z1", "Z2", "Z3"]  # a city holds its districts
    assert ids(kind="厂房") == ["Z1"] and ids(kind="warehouse") == ["Z2"]
    assert ids(status="可租") == ["Z1", "Z3"]
    assert ids(no_synthetic=True) == ["Z1", "Z2"]
    assert ids(region="嘉定区", status="available", no_synthetic=True) == ["Z1"]
    res = run_cli("export", "sites", "--kind", "飞船", url=atlas_url)
    assert res.returncode == 1 and "--kind" in res.stderr and "Traceback" not in res.stderr
    res = run_cli("export", "projects", "--region", "嘉定区", url=atlas_url)
    assert res.returncode == 1 and "does not apply" in res.stderr
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Site)).scalar() == 3
    eng.dispose()


def test_chinese_xlsx_export(atlas_url: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    _load(atlas_url, tmp_path)
    out = tmp_path / "zh.xlsx"
    res = run_cli("export", "sites", "--lang", "zh", "-f", "xlsx", "-o", str(out),
                  "--region", "嘉定区", "--no-synthetic", url=atlas_url)  # fmt: skip
    assert res.returncode == 0, res.stderr
    ws = load_workbook(out).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert "租金(元/㎡/天)" in rows[0] and len(rows) == 2
    rec = dict(zip(rows[0], rows[1], strict=True))
    assert rec["面积(㎡)"] == 5000.5 and rec["类型"] == "厂房"
