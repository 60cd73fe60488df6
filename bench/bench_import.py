"""Benchmark: import a 1,000,000-row canonical site CSV into a fresh SQLite atlas.

Run by hand (never in the tests):

    .venv/bin/python bench/bench_import.py --rows 1000000 --runs 3

It writes a synthetic canonical CSV (parkatlas.demo.synth), then times, on the same file:
  * parkatlas: `parkatlas import sites FILE` through the real entry point (read, validate every
    cell, resolve regions and industries, upsert with change detection, audit), into a fresh
    migrated SQLite atlas; its peak resident memory (max RSS of the child process) is printed
    too: the import streams, so it must not grow with the file;
  * raw Python: the standard csv module reading the file and sqlite3 `executemany` inserting
    every row as text into a table of the same columns, in one transaction (the floor for any
    Python importer; parkatlas / raw is the ratio docs/benchmarks.md records);
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


def time_parkatlas(csv_path: Path, workdir: Path, template: Path) -> tuple[float, float, float]:
    db = workdir / "atlas.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.copyfile(template, db)
    env = dict(os.environ, PARKATLAS_DATABASE_URL=f"sqlite:///{db}")
    return run_child(
        [sys.executable, "-m", "parkatlas.cli", "import", "sites", str(csv_path), "--json"], env
    )


RAW_LOAD = """
import csv, sqlite3, sys
con = sqlite3.connect(sys.argv[2])
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    rows = csv.reader(fh)
    header = next(rows)
    con.execute(f"CREATE TABLE sites ({', '.join(f'c{i} TEXT' for i in range(len(header)))})")
    sql = f"INSERT INTO sites VALUES ({', '.join('?' * len(header))})"
    with con:
        con.executemany(sql, rows)
con.close()
"""


def run_child(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds user+system) of one command run in a fresh
    child process. On a loaded machine the CPU seconds are the steadier figure."""
    # a wrapper process per measurement, so RUSAGE_CHILDREN holds only this command
    wrapper = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        "r=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
        "dt=time.perf_counter()-t;"
        "sys.stderr.write(r.stderr[-2000:]+r.stdout[-2000:]) if r.returncode else None;"
        "u=resource.getrusage(resource.RUSAGE_CHILDREN);"
        "print(dt, u.ru_maxrss, u.ru_utime+u.ru_stime);sys.exit(r.returncode)"
    )
    res = subprocess.run([sys.executable, "-c", wrapper, *cmd], env=env, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(f"{cmd[:4]} failed: {res.stderr[-3000:]}")
    secs, kb, cpu = res.stdout.split()
    return float(secs), int(kb) / 1024, float(cpu)


def time_raw_python(csv_path: Path, workdir: Path) -> tuple[float, float, float]:
    db = workdir / "raw_py.db"
    db.unlink(missing_ok=True)
    return run_child([sys.executable, "-c", RAW_LOAD, str(csv_path), str(db)])


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
        # the synthetic sites name the demo's parks, which must be in the atlas (foreign key)
        from parkatlas.db import make_engine
        from parkatlas.demo.build import load_demo_parks

        eng = make_engine(f"sqlite:///{template}")
        with eng.begin() as conn:
            load_demo_parks(conn)
        eng.dispose()
        park = "parkatlas import (validated, upsert, audit)"
        raw = "python csv + sqlite3 executemany (raw text, no validation)"
        results: dict[str, list[float]] = {
            park: [],
            raw: [],
            "sqlite3 .import (raw text, no validation)": [],
            "duckdb read_csv (typed, no validation)": [],
        }
        rss: dict[str, list[float]] = {park: [], raw: []}
        cpu: dict[str, list[float]] = {park: [], raw: []}
        for run in range(args.runs):
            for name, fn in ((park, lambda: time_parkatlas(csv_path, work, template)),
                             (raw, lambda: time_raw_python(csv_path, work))):  # fmt: skip
                secs, mb, cpu_s = fn()
                results[name].append(secs)
                rss[name].append(mb)
                cpu[name].append(cpu_s)
            s = time_sqlite_shell(csv_path, work)
            if s is not None:
                results["sqlite3 .import (raw text, no validation)"].append(s)
            d = time_duckdb(csv_path, work)
            if d is not None:
                results["duckdb read_csv (typed, no validation)"].append(d)
            print(
                f"run {run + 1}: "
                + ", ".join(f"{k.split()[0]} {v[-1]:.1f}s" for k, v in results.items() if v)
                + f"; parkatlas / raw {results[park][-1] / results[raw][-1]:.2f}x"
                + f", parkatlas peak RSS {rss[park][-1]:.0f} MB",
                file=sys.stderr,
            )
    load = os.getloadavg()
    print(f"\nmachine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}, "
          f"load average at the end {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1/5/15 min)")  # fmt: skip
    print(
        f"command: .venv/bin/python bench/bench_import.py --rows {args.rows} --runs {args.runs}\n"
    )
    raw_med = statistics.median(results[raw])
    print("| loader | median s | runs (s) | rows/s | × raw Python | peak RSS (MB) |")
    print("|---|---:|---|---:|---:|---:|")
    for name, times in results.items():
        if times:
            med = statistics.median(times)
            mem = f"{max(rss[name]):,.0f}" if name in rss else ""
            print(
                f"| {name} | {med:.1f} | {', '.join(f'{t:.1f}' for t in times)} | {args.rows / med:,.0f} "
                f"| {med / raw_med:.2f} | {mem} |"
            )
    ratios = [p / r for p, r in zip(results[park], results[raw], strict=True)]
    print(f"\nparkatlas / raw Python wall time, per run (same run): {', '.join(f'{x:.2f}' for x in ratios)}; "
          f"median {statistics.median(ratios):.2f}x (goal ≤ 3.5x)")  # fmt: skip
    cpu_ratios = [p / r for p, r in zip(cpu[park], cpu[raw], strict=True)]
    print(f"CPU seconds (user+system): parkatlas {', '.join(f'{x:.1f}' for x in cpu[park])}; raw Python "
          f"{', '.join(f'{x:.1f}' for x in cpu[raw])}; ratio per run {', '.join(f'{x:.2f}' for x in cpu_ratios)}, "
          f"median {statistics.median(cpu_ratios):.2f}x")  # fmt: skip


if __name__ == "__main__":
    main()
