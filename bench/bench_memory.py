"""Benchmark: peak memory (max RSS) of reading and importing a 1,000,000-row site CSV.

Run by hand (never in the tests):

    .venv/bin/python bench/bench_memory.py --rows 1000000

Each measurement runs in its own process; its peak resident memory is read from
getrusage(RUSAGE_CHILDREN) after it ends:
  * python csv: the standard library's csv.reader iterating the file (the floor: a stream);
  * open_table: parkatlas's streaming reader (encoding check, limits, restore) over every row;
  * read_table: the same rows collected into one list (what validation receives today);
  * parkatlas import: the real `parkatlas import sites FILE` into a fresh SQLite atlas.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SNIPPETS = {
    "python csv.reader (stream, floor)": "import csv,sys\nn=0\nwith open(sys.argv[1], newline='', encoding='utf-8') as f:\n    for _ in csv.reader(f): n+=1\nprint(n)",
    "parkatlas open_table (stream)": "import sys\nfrom parkatlas.io.readers import open_table\nprint(sum(1 for _ in open_table(sys.argv[1]).rows))",
    "parkatlas read_table (all rows in a list)": "import sys\nfrom parkatlas.io.readers import read_table\nprint(len(read_table(sys.argv[1]).rows))",
}


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of one child process."""
    t0 = time.perf_counter()
    # each measurement in a fresh intermediate process, so RUSAGE_CHILDREN is its own
    wrapper = ("import resource,subprocess,sys;subprocess.run(sys.argv[1:],check=True,"
               "stdout=subprocess.DEVNULL);print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")  # fmt: skip
    res = subprocess.run([sys.executable, "-c", wrapper, *cmd], env=env, capture_output=True, text=True)
    if res.returncode != 0:
        raise SystemExit(res.stderr[-2000:])
    return int(res.stdout.strip()) / 1024, time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    args = ap.parse_args()
    from parkatlas.atlas import init_atlas
    from parkatlas.demo.synth import write_sites_csv

    with tempfile.TemporaryDirectory() as d:
        work = Path(d)
        csv_path = work / "sites.csv"
        write_sites_csv(str(csv_path), args.rows, seed=1)
        size = csv_path.stat().st_size / 1e6
        print(f"{args.rows:,} rows, {size:.0f} MB; Python {sys.version.split()[0]}; "
              f"self before: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")  # fmt: skip
        print("| what | peak RSS (MB) | seconds |\n|---|---|---|")
        for name, code in SNIPPETS.items():
            mb, s = measure([sys.executable, "-c", code, str(csv_path)])
            print(f"| {name} | {mb:,.0f} | {s:.1f} |", flush=True)
        db = work / "atlas.db"
        init_atlas(f"sqlite:///{db}")
        # the synthetic sites name the demo's parks, which must be in the atlas (foreign key)
        from parkatlas.db import make_engine
        from parkatlas.demo.build import load_demo_parks

        eng = make_engine(f"sqlite:///{db}")
        with eng.begin() as conn:
            load_demo_parks(conn)
        eng.dispose()
        env = dict(os.environ, PARKATLAS_DATABASE_URL=f"sqlite:///{db}")
        mb, s = measure([sys.executable, "-m", "parkatlas.cli", "import", "sites", str(csv_path), "--json"], env)
        print(f"| parkatlas import sites (validate + write) | {mb:,.0f} | {s:.1f} |")


if __name__ == "__main__":
    main()
