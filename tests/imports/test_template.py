"""`parkatlas template`: a blank sheet that a bureau fills in Excel and imports as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.helpers import run_cli


@pytest.mark.parametrize("kind", ["sites", "parks", "enterprises", "projects"])
def test_filled_template_imports(atlas_url: str, tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"{kind}.xlsx"
    res = run_cli("template", kind, "-o", str(path), url=atlas_url)
    assert res.returncode == 0, res.stderr
    wb = load_workbook(path)
    data, guide = wb.worksheets[0], wb.worksheets[1]
    headers = [c.value for c in data[1]]
    assert data.max_row == 1  # only headers: an unfilled template imports nothing
    # fill the data sheet with the guide's example row, as a person copying it would
    examples = {row[0].value: row[4].value for row in guide.iter_rows(min_row=2)}
    data.append([examples.get(h) for h in headers])
    wb.save(path)
    imp = run_cli("import", kind, str(path), "--json", url=atlas_url)
    report = json.loads(imp.stdout)
    assert imp.returncode == 0, report["errors"]
    assert report["inserted"] == 1 and report["unknown_columns"] == []


def test_template_headers_in_english(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    assert (
        run_cli("template", "sites", "-o", str(path), "--lang", "en", url=sqlite_url).returncode
        == 0
    )
    headers = [c.value for c in load_workbook(path).worksheets[0][1]]
    assert headers[:4] == ["id", "park", "region", "kind"]
