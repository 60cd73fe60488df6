"""Through the real entry point: hostile files end in a one-line message, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hostile import corpus


def cli(*args: str, url: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {"PARKATLAS_DATABASE_URL": url, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONIOENCODING": "utf-8", "COLUMNS": "4000", "PARKATLAS_USER": "tester", "HOME": os.environ.get("HOME", "/tmp"),
            **env}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "parkatlas.cli", *args], capture_output=True,
                          text=True, env=full, timeout=600)  # fmt: skip


def refused(res: subprocess.CompletedProcess[str], *words: str) -> str:
    assert res.returncode == 1, res.stdout + res.stderr
    assert "Traceback" not in res.stderr and "Traceback" not in res.stdout
    for w in words:
        assert w in res.stderr, res.stderr
    return res.stderr


def test_hostile_files_get_messages(sqlite_url: str, tmp_path: Path) -> None:
    cell = corpus.long_cell_csv(tmp_path / "cell.csv", 140_000)  # a cell over 128 KiB
    refused(cli("import", "sites", str(cell), url=sqlite_url), "cell.csv", "PARKATLAS_MAX_CELL_CHARS")
    deep = corpus.deep_json(tmp_path / "deep.json", 100_000)
    refused(cli("import", "sites", str(deep), url=sqlite_url), "deep.json", "PARKATLAS_MAX_JSON_DEPTH")
    folder = tmp_path / "x.csv"
    folder.mkdir()
    refused(cli("import", "sites", str(folder), url=sqlite_url), "x.csv", "folder")
    bomb = corpus.zip_bomb(tmp_path / "bomb.xlsx", 30)
    refused(cli("import", "sites", str(bomb), url=sqlite_url, PARKATLAS_MAX_XLSX_MB="8"),
            "bomb.xlsx", "PARKATLAS_MAX_XLSX_MB")  # fmt: skip
    line = corpus.one_line_csv(tmp_path / "line.csv", 3)
    err = refused(cli("import", "sites", str(line), url=sqlite_url, PARKATLAS_MAX_LINE_BYTES="100000"),
                  "line.csv", "PARKATLAS_MAX_LINE_BYTES")  # fmt: skip
    assert len(err) < 1000  # the column names are not printed


def test_stale_tagged_workbook_imports_every_row(sqlite_url: str, tmp_path: Path) -> None:
    rows = [["T1", "厂房", 5000, "可租"], ["T2", "仓库", 800, "已租"], ["T3", "厂房", 1200, "可租"]]
    f = corpus.xlsx(tmp_path / "stale.xlsx", [["某镇载体清单"], corpus.HEADER, *rows],
                    sheets={"填表说明": [["说明"], ["面积单位", "平方米"]]})  # fmt: skip
    corpus.stale_dimension(f, "A1:D2")
    res = cli("import", "sites", str(f), "--json", url=sqlite_url)
    assert res.returncode == 0, res.stdout + res.stderr
    report = json.loads(res.stdout)
    assert report["inserted"] == 3 and report["rows"] == 3
    assert any("'载体'" in n for n in report["notes"])
