"""The CLI validates in a forked process beside the writes: same rows, same report, and an
error met by the validating process (a limit passed in a later chunk) reaches the user whole,
with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from parkatlas.demo.synth import write_sites_csv
from parkatlas.errors import ParkatlasError
from parkatlas.io import importer
from parkatlas.io.pipeline import can_fork
from tests.helpers import run_cli

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def _dump(url: str) -> list[tuple]:
    eng = create_engine(url)
    with eng.connect() as conn:
        rows = conn.execute(text("SELECT * FROM sites ORDER BY id")).all()
        cols = list(conn.execute(text("SELECT * FROM sites LIMIT 0")).keys())
    eng.dispose()
    skip = cols.index("updated_at")
    return [tuple(v for i, v in enumerate(r) if i != skip) for r in rows]


def test_parallel_and_inline_write_the_same_rows_and_report(
    sqlite_url: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 700)  # several chunks in flight
    f = tmp_path / "s.csv"
    write_sites_csv(str(f), 3000, seed=5)
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[1500] = lines[1500].replace("factory", "飞船", 1).replace("lab", "飞船", 1)  # a bad kind
    lines.insert(2500, "合计" + "," * (lines[0].count(",")))  # a totals row mid-file
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    other = tmp_path / "inline.db"
    inline_url = f"sqlite:///{other}"
    assert run_cli("init", url=inline_url).returncode == 0

    par = importer.import_file(sqlite_url, "sites", f)
    monkeypatch.setattr(importer, "can_fork", lambda: False)
    seq = importer.import_file(inline_url, "sites", f)
    assert par.written and seq.written
    assert (par.rows, par.accepted, par.refused, par.inserted) == (seq.rows, seq.accepted, seq.refused, seq.inserted)
    assert par.refused >= 1 and par.skipped == seq.skipped and par.skipped.get("totals")
    assert [str(e) for e in par.errors] == [str(e) for e in seq.errors]
    assert _dump(sqlite_url) == _dump(inline_url)


def test_a_limit_met_in_the_validating_process_refuses_the_file(
    sqlite_url: str, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(importer, "CHUNK_ROWS", 500)
    monkeypatch.setenv("PARKATLAS_MAX_ROWS", "1200")
    f = tmp_path / "s.csv"
    write_sites_csv(str(f), 2000, seed=6)
    with pytest.raises(ParkatlasError, match=r"more than 1,200 data rows.*PARKATLAS_MAX_ROWS"):
        importer.import_file(sqlite_url, "sites", f)
    eng = create_engine(sqlite_url)
    with eng.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM sites")).scalar() == 0
    eng.dispose()
    res = run_cli("import", "sites", str(f), "--json", url=sqlite_url, env={"PARKATLAS_MAX_ROWS": "1200"})
    assert res.returncode == 1 and "PARKATLAS_MAX_ROWS" in (res.stdout + res.stderr)
    assert "Traceback" not in res.stderr


def test_cycle_sweeper_frees_cycles_and_stops_after_two_quiet_chunks() -> None:
    import gc

    from parkatlas.io.pipeline import CycleSweeper

    was = gc.isenabled()
    gc.disable()
    try:
        sweep = CycleSweeper()

        def litter() -> None:
            a: list = []
            a.append(a)  # a reference cycle only the collector frees

        litter()
        sweep()
        assert sweep.quiet == 0  # found one: keeps sweeping
        sweep()
        sweep()
        assert sweep.quiet == 2  # two quiet chunks: stops
        litter()
        sweep()
        assert sweep.quiet == 2 and gc.collect(0) >= 1  # no longer sweeps: the cycle was left
    finally:
        if was:
            gc.enable()
