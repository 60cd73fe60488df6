"""A killed import leaves the atlas as before or after; two imports at once lose nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from parkatlas.db import make_engine
from parkatlas.demo.build import load_demo_parks
from parkatlas.demo.synth import write_sites_csv

pytestmark = pytest.mark.slow


def _count(url: str) -> int:
    eng = create_engine(url)
    with eng.connect() as conn:
        if url.startswith("sqlite"):
            assert conn.execute(text("pragma integrity_check")).scalar_one() == "ok"
        n = conn.execute(text("select count(*) from sites")).scalar_one()
    eng.dispose()
    return int(n)


def _with_demo_parks(url: str) -> None:
    """The synthetic sites name the demo's parks, which must be in the atlas (foreign key)."""
    eng = make_engine(url)
    with eng.begin() as conn:
        load_demo_parks(conn)
    eng.dispose()


def _finish(proc: subprocess.Popen[bytes], timeout: float) -> tuple[int, str]:
    """Wait for an import, reading its pipes meanwhile (a report larger than the pipe buffer
    would block the child if the pipes were read only after wait())."""
    _, err = proc.communicate(timeout=timeout)
    return proc.returncode, err.decode("utf-8", "replace")


def _start_import(url: str, path: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PARKATLAS_DATABASE_URL=url, PARKATLAS_BATCH_SIZE="2000")
    return subprocess.Popen(
        [sys.executable, "-m", "parkatlas.cli", "import", "sites", str(path), "--json"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip


def test_killed_import_leaves_atlas_before_or_after(atlas_url: str, tmp_path: Path) -> None:
    _with_demo_parks(atlas_url)
    small = tmp_path / "small.csv"
    write_sites_csv(str(small), 50, seed=1)
    rc, err = _finish(_start_import(atlas_url, small), 120)
    assert rc == 0, err
    big = tmp_path / "big.csv"
    write_sites_csv(str(big), 60_000, seed=2)  # ids overlap the first 50 and go on
    outcomes = set()
    for delay in (0.8, 2.0, 3.5):
        proc = _start_import(atlas_url, big)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        _finish(proc, 30)
        n = _count(atlas_url)  # opens cleanly, and the integrity check passes on SQLite
        assert n in (50, 60_000), f"half-applied import: {n} rows"
        outcomes.add(n)
        if n == 60_000:
            break
    # then a complete import still works on the same atlas
    rc, err = _finish(_start_import(atlas_url, big), 300)
    assert rc == 0, err
    assert _count(atlas_url) == 60_000


def test_two_imports_at_once_lose_nothing(atlas_url: str, tmp_path: Path) -> None:
    _with_demo_parks(atlas_url)
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    write_sites_csv(str(a), 8000, seed=3)
    write_sites_csv(str(b), 8000, seed=4)
    # give file b its own ids so the union is 16,000 sites
    lines = b.read_text(encoding="utf-8").splitlines()
    lines = [lines[0]] + ["B" + line for line in lines[1:]]
    b.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pa, pb = _start_import(atlas_url, a), _start_import(atlas_url, b)
    (ra, ea), (rb, eb) = _finish(pa, 300), _finish(pb, 300)
    assert (ra, rb) == (0, 0), (ea, eb)
    assert _count(atlas_url) == 16_000
