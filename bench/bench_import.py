"""Benchmark: import a 1,000,000-row canonical site CSV into a fresh SQLite atlas.

Run by hand (never in the tests):

    .venv/bin/python bench/bench_import.py --rows 1000000 --runs 3

It writes a synthetic canonical CSV (parkatlas.demo.synth), then times, on the same file:
  * parkatlas: `parkatlas import sites FILE` through the real entry point (read, validate every
    cell, resolve regions and industries, upsert with change detection, audit), into a fresh
    migrated SQLite atlas;
  * sqlite3 `.import --csv`: the SQLite shell loading the same file into an untyped table, with
    no validation at all (a floor for "get the bytes into SQLite");
  * DuckDB `read_csv` into a DuckDB table (a fast typed CSV loader, no validation of units).
Medians of the runs are printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def time_parkatlas(csv_path: Path, workdir: Path, template: Path) -> float:
    db = workdir / "atlas.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, db)
    env = dict(os.environ, PARKATLAS_DATABASE_URL=f"sqlite:///{db}")
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-m", "parkatlas.cli", "import", "sites", str(csv_path), "--json"],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    dt = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"parkatlas import failed: {res.stderr[-2000:]}\n{res.stdout[-2000:]}")
    return dt


def time_sqlite_shell(csv_path: Path, workdir: Path) -> float | None:
    if not shutil.which("sqlite3"):
        return None
    db = workdir / "raw.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(["sqlite3", str(db), ".import --csv " + str(csv_path) + " sites"], check=True)
    return time.perf_counter() - t0


def time_duckdb(csv_path: Path, workdir: Path) -> float | None:
    try:
        import duckdb
    except ImportError:
        return None
    db = workdir / "raw.duckdb"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute(f"CREATE TABLE sites AS SELECT * FROM read_csv('{csv_path}', header=true)")
    con.close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    from parkatlas.atlas import init_atlas
    from parkatlas.demo.synth import write_sites_csv

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "sites.csv"
        t0 = time.perf_counter()
        write_sites_csv(str(csv_path), args.rows, seed=1)
        print(
            f"wrote {args.rows:,} rows ({csv_path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s",
            file=sys.stderr,
        )
        template = work / "template.db"
        init_atlas(f"sqlite:///{template}")
        results: dict[str, list[float]] = {
            "parkatlas import (validated, upsert, audit)": [],
            "sqlite3 .import (raw text, no validation)": [],
            "duckdb read_csv (typed, no validation)": [],
        }
        for run in range(args.runs):
            results["parkatlas import (validated, upsert, audit)"].append(
                time_parkatlas(csv_path, work, template)
            )
            s = time_sqlite_shell(csv_path, work)
            if s is not None:
                results["sqlite3 .import (raw text, no validation)"].append(s)
            d = time_duckdb(csv_path, work)
            if d is not None:
                results["duckdb read_csv (typed, no validation)"].append(d)
            print(
                f"run {run + 1}: "
                + ", ".join(f"{k.split()[0]} {v[-1]:.1f}s" for k, v in results.items() if v),
                file=sys.stderr,
            )
    print(f"\nmachine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}")
    print(
        f"command: .venv/bin/python bench/bench_import.py --rows {args.rows} --runs {args.runs}\n"
    )
    print("| loader | median s | runs (s) | rows/s |")
    print("|---|---:|---|---:|")
    for name, times in results.items():
        if times:
            med = statistics.median(times)
            print(
                f"| {name} | {med:.1f} | {', '.join(f'{t:.1f}' for t in times)} | {args.rows / med:,.0f} |"
            )


if __name__ == "__main__":
    main()
