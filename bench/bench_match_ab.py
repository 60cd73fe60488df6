"""A/B timing of matching between two checkouts on the same sites (issue 9 re-check). Run by
hand, never in tests:

    python bench/bench_match_ab.py --write-columns cols.pkl          # once, with either checkout
    python bench/bench_match_ab.py --columns cols.pkl --label NEW    # then alternate the two
    PYTHONPATH=<old checkout>/src python bench/bench_match_ab.py --columns cols.pkl --label BASE

Prints: `match_batch` of 400 random projects (top 5, best of 3), warm top-20 medians with the
needs as a dict and as parsed `Needs`, and `parse_needs` alone. Results: docs/bench/matching.md.
"""

from __future__ import annotations

import argparse
import pickle
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_match import NEEDS, random_project_needs  # noqa: E402 - the benchmark's own needs

from parkatlas.matching import Matcher  # noqa: E402
from parkatlas.matching.batch import match_batch  # noqa: E402
from parkatlas.matching.needs import parse_needs  # noqa: E402


def median_ms(f: Callable[[], object], n: int) -> float:
    f()
    ts = []
    for _ in range(n):
        t = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t)
    ts.sort()
    return round(ts[n // 2] * 1e3, 3)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--columns", type=Path, help="pickled (columns, park positioning)")
    ap.add_argument(
        "--write-columns", type=Path, help="write 100k sites of this checkout's generator"
    )
    ap.add_argument("--label", default="run")
    args = ap.parse_args()
    if args.write_columns:
        from parkatlas.demo.synth import park_seeds, site_columns

        cols = site_columns(100_000, seed=1)
        parks = {p.id: ";".join(p.industries) for p in park_seeds()}
        args.write_columns.write_bytes(pickle.dumps((cols, parks)))
        return
    cols, parks = pickle.loads(args.columns.read_bytes())
    m = Matcher.from_columns(cols, parks=parks)
    rng = random.Random(3)
    projects = [{"id": f"P{i:04d}", "name": f"p{i}", "needs": random_project_needs(rng)} for i in range(400)]  # fmt: skip
    match_batch(m, projects=projects[:20], k=5)
    batch = []
    for _ in range(3):
        m._project_needs.clear()
        t = time.perf_counter()
        rows = match_batch(m, projects=projects, k=5)
        batch.append(round(time.perf_counter() - t, 3))
    parsed = parse_needs(NEEDS)
    sys.stdout.write(
        f"{args.label}: batch 400 best {min(batch)} s ({len(rows)} rows); top-20 dict "
        f"{median_ms(lambda: m.top(NEEDS, k=20), 201)} ms, Needs "
        f"{median_ms(lambda: m.top(parsed, k=20), 201)} ms; parse_needs "
        f"{median_ms(lambda: parse_needs(NEEDS), 201)} ms\n"
    )


if __name__ == "__main__":
    main()
