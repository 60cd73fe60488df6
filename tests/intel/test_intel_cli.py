"""`parkatlas ingest`, `facts` and `profile` through the real entry point, on both databases."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.intel.samples import EN, ZH


def run_cli(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {
        "PARKATLAS_DATABASE_URL": url,
        "PATH": "/usr/bin:/bin",
        "PYTHONIOENCODING": "utf-8",
        "COLUMNS": "200",
    }
    if os.environ.get("PYTHONPATH"):
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return subprocess.run(
        [sys.executable, "-m", "parkatlas.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def news_folder(root: Path) -> Path:
    folder = root / "news"
    folder.mkdir()
    (folder / "jiading.txt").write_bytes(ZH.encode("gbk"))
    (folder / "qingpu.md").write_text(EN, encoding="utf-8")
    return folder


def test_ingest_then_facts_then_profile(atlas_url: str, tmp_path: Path) -> None:
    folder = news_folder(tmp_path)
    res = run_cli("ingest", str(folder), "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["counts"]["stored"] == 2
    assert report["counts"]["refused"] == 0
    assert report["refused"] == []
    assert {Path(f["file"]).name: f["lang"] for f in report["files"]} == {
        "jiading.txt": "zh",
        "qingpu.md": "en",
    }

    again = run_cli("ingest", str(folder), "--workers", "2", url=atlas_url)
    assert again.returncode == 0, again.stderr
    summary = " ".join(again.stdout.split())
    assert "stored │ 0" in summary and "unchanged │ 2" in summary and "refused │ 0" in summary

    facts = run_cli("facts", "--json", url=atlas_url)
    assert facts.returncode == 0, facts.stderr
    found = json.loads(facts.stdout)
    assert found, "no facts stored"
    assert {Path(f["source"]).name for f in found} <= {"jiading.txt", "qingpu.md"}
    assert all(f["quote"] for f in found)

    table = run_cli("facts", "--limit", "3", url=atlas_url)
    assert table.returncode == 0, table.stderr
    for column in ("region", "metric", "measure", "status", "value", "period", "quote", "source"):
        assert column in table.stdout

    region = next(f["region"] for f in found if f["region"])
    profile = run_cli("profile", region, "--json", url=atlas_url)
    assert profile.returncode == 0, profile.stderr
    data = json.loads(profile.stdout)
    assert data["facts"] >= 1
    assert region in data["names"]
    shown = run_cli("profile", region, url=atlas_url)
    assert shown.returncode == 0, shown.stderr
    assert region in shown.stdout


def test_bad_files_are_refused_by_name_and_exit_1(atlas_url: str, tmp_path: Path) -> None:
    folder = news_folder(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.html").write_bytes(b"\x00\x01\x02" * 100)
    res = run_cli("ingest", str(folder), str(tmp_path / "missing.txt"), url=atlas_url)
    assert res.returncode == 1
    assert "Traceback" not in res.stderr
    out = " ".join(res.stdout.split())
    assert "empty.txt" in out and "empty file: nothing to read" in out
    assert "blob.html" in out and "binary file (it contains NUL bytes)" in out
    assert "missing.txt" in out and "no such file or folder" in out
    facts = json.loads(run_cli("facts", "--json", url=atlas_url).stdout)
    assert facts and {Path(f["source"]).name for f in facts} <= {"jiading.txt", "qingpu.md"}
    listed = json.loads(run_cli("ingest", str(folder), "--json", url=atlas_url).stdout)
    assert listed["counts"] == {
        "stored": 0,
        "unchanged": 2,
        "re-extracted": 0,
        "refused": 2,
        "skipped": 0,
        "facts": 0,
    }


def test_user_errors_are_one_line(atlas_url: str, tmp_path: Path) -> None:
    bad_metric = run_cli("facts", "--metric", "taxes", url=atlas_url)
    assert bad_metric.returncode == 1
    assert "Traceback" not in bad_metric.stderr
    assert "unknown metric 'taxes': use one of gdp, tax_revenue" in bad_metric.stderr
    nothing = run_cli("profile", "Atlantis", url=atlas_url)
    assert nothing.returncode == 1
    assert "no facts about 'Atlantis' in the atlas" in " ".join(nothing.stderr.split())
    empty = run_cli("facts", url=atlas_url)
    assert empty.returncode == 0
    assert "no facts match" in empty.stdout


def test_ingest_needs_an_initialised_atlas(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    res = run_cli("ingest", str(tmp_path / "a.txt"), url=f"sqlite:///{tmp_path / 'new.db'}")
    assert res.returncode == 1
    assert "run `parkatlas init` first" in res.stderr
    assert "Traceback" not in res.stderr


def test_signing_accept_through_the_cli(atlas_url: str, tmp_path: Path) -> None:
    """`signing accept ID --enterprise NAME`: a record without an enterprise needs one; the
    lead is registered through the workspace (报备)."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "qp.txt").write_text(
        "青浦区集中签约\n2026-06-18\n\n6月17日，青浦区集中签约32个项目，总投资286亿元。"
        "其中，长三角算力中心项目落户西岑科创中心，总投资45亿元。\n",
        encoding="utf-8",
    )
    assert run_cli("ingest", str(folder), url=atlas_url).returncode == 0
    res = run_cli("signings", "--candidates", "--json", url=atlas_url)
    assert res.returncode == 0, res.stderr
    (record,) = json.loads(res.stdout)
    sid = str(record["id"])
    res = run_cli("signing", "accept", sid, url=atlas_url)
    assert res.returncode == 1 and "--enterprise NAME" in res.stdout + res.stderr
    res = run_cli("signing", "accept", sid, "--enterprise", "某算力科技有限公司", url=atlas_url)
    assert res.returncode == 0, res.stderr
    assert "accepted: lead project L" in res.stdout
