"""Benchmark of chain placement: enterprises per second against all shipped chains.

Run by hand (not part of the tests):

    .venv/bin/python bench/bench_chains.py --firms 1000000 --runs 3

Enterprises are generated (synthetic, deterministic in --seed) from the business scopes of
the gold sets in tests/chains/gold: each firm takes one scope, its clauses shuffled, with
0–6 filler clauses (技术开发、技术咨询…, 货物进出口, 企业管理咨询…) added and a generated name;
a quarter are pure filler/trade scopes. It times, on the same firms in the same run:

- parkatlas: `Placer.place` (one pyahocorasick automaton, all chains), one process;
- parkatlas, N worker processes (multiprocessing, fork), the way `chains place` could fan out;
- baseline: the same placement with the scan step done by Python's `re` — one alternation of
  every keyword, exclusion and activity word (longest first) — instead of the automaton;
- the scan step alone, automaton vs `re` alternation, over the same normalised texts.

Medians of --runs runs; results are printed as Markdown with the machine.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import platform
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from parkatlas.chains import vocab  # noqa: E402
from parkatlas.chains.model import shipped_chains  # noqa: E402
from parkatlas.chains.place import Firm, Placer, normalize  # noqa: E402

FILLER = [
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "货物进出口", "技术进出口",
    "企业管理咨询", "会议及展览服务", "电子产品销售", "五金产品批发", "软件开发", "信息咨询服务（不含许可类信息咨询服务）",
    "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）", "普通机械设备安装服务", "日用百货销售",
]  # fmt: skip
PLACES = ["上海", "苏州", "杭州", "合肥", "无锡", "宁波", "南京", "常州"]
WORDS = ["华", "芯", "瑞", "泰", "联", "微", "科", "源", "宏", "博", "晟", "鼎", "恒", "凯", "德", "安"]
KINDS = ["科技", "电子", "材料", "生物", "医药", "新能源", "半导体", "贸易", "信息技术", "智能"]


def firms(n: int, seed: int) -> list[Firm]:
    rng = random.Random(seed)
    scopes: list[str] = []
    for name in ("set_a.yaml", "set_b.yaml"):
        for row in yaml.safe_load((ROOT / "tests/chains/gold" / name).read_text(encoding="utf-8")):
            scopes.append(row["scope"])
    out: list[Firm] = []
    for i in range(n):
        if rng.random() < 0.25:
            clauses = rng.sample(FILLER, rng.randint(2, 6))
        else:
            clauses = [c for c in re.split("[；;。]", rng.choice(scopes)) if c]
            rng.shuffle(clauses)
            clauses += rng.sample(FILLER, rng.randint(0, 6))
        name = f"{rng.choice(PLACES)}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(KINDS)}有限公司"
        code = rng.choice([None, None, "3973", "2720", "3841", "5151", "6513"])
        out.append(Firm(str(i), name, code, "；".join(clauses), None))
    return out


class ReScanPlacer(Placer):
    """The same placement with the scan done by a `re` alternation (the baseline)."""

    def __init__(self, chains: Any) -> None:
        super().__init__(chains)
        self._entries = {w: v for w, v in self._auto.items()}
        words = sorted(self._entries, key=len, reverse=True)
        self._rx = re.compile("|".join(re.escape(w) for w in words))

    def _scan(self, text: str) -> Any:
        content, other = [], []
        for m in self._rx.finditer(text):  # leftmost-longest, non-overlapping
            word, _, _, is_content, entries = self._entries[m.group()]
            (content if is_content else other).append((m.start(), m.end(), word, entries))
        return content + other if content else []


_WORKER: Placer | None = None


def _init() -> None:
    global _WORKER
    _WORKER = Placer(shipped_chains())


def _chunk(batch: list[Firm]) -> int:
    assert _WORKER is not None
    return sum(len(p.nodes) for f in batch for p in _WORKER.place(f))


def timed(fn: Any) -> tuple[float, float, Any]:
    """Wall seconds, CPU seconds (this process and its finished children), result."""
    t, c0 = time.perf_counter(), _cpu()
    res = fn()
    return time.perf_counter() - t, _cpu() - c0, res


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--firms", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--baseline-firms", type=int, default=None, help="firms for the re baseline (default: all)")
    args = ap.parse_args()
    t0 = time.perf_counter()
    data = firms(args.firms, args.seed)
    gen = time.perf_counter() - t0
    chains = shipped_chains()
    placer = Placer(chains)
    baseline = ReScanPlacer(chains)
    nb = args.baseline_firms or args.firms

    def run(p: Placer, items: list[Firm]) -> int:
        return sum(len(x.nodes) for f in items for x in p.place(f))

    def parallel() -> int:
        step = 5000
        with mp.get_context("fork").Pool(args.workers, initializer=_init) as pool:
            return sum(pool.imap_unordered(_chunk, [data[i : i + step] for i in range(0, len(data), step)]))

    texts = [vocab.EXCLUSION_NOTE.sub("", normalize(f.business_scope or "")) for f in data[:nb]]
    rows: dict[str, list[tuple[float, float]]] = {k: [] for k in ("ac", "par", "re", "scan_ac", "scan_re")}
    counts: dict[str, int] = {}
    scale = args.firms / nb
    jobs = (
        ("ac", lambda: run(placer, data), 1.0),
        ("par", parallel, 1.0),
        ("re", lambda: run(baseline, data[:nb]), scale),
        ("scan_ac", lambda: sum(1 for t in texts for _ in placer._auto.iter(t)), scale),
        ("scan_re", lambda: sum(1 for t in texts for _ in baseline._rx.finditer(t)), scale),
    )
    for _ in range(args.runs):
        for key, fn, k in jobs:
            wall, cpu, res = timed(fn)
            rows[key].append((wall * k, cpu * k))
            counts[key] = res
    load = os.getloadavg()
    n_words = len(baseline._entries)
    print(f"## Chain placement: {args.firms:,} generated enterprises against {len(chains)} chains ({sum(len(c.nodes) for c in chains)} nodes, {n_words} distinct words)\n")  # noqa: T201
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}; load average during the run {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (shared machine)")  # noqa: T201
    print(f"command: `.venv/bin/python bench/bench_chains.py --firms {args.firms} --runs {args.runs} --workers {args.workers}"  # noqa: T201
          + (f" --baseline-firms {nb}" if nb != args.firms else "") + f"`; generation {gen:.1f} s (not timed)\n")
    print(f"| what | wall s, median of {args.runs} | CPU s, median | enterprises per CPU-second | node placements |")  # noqa: T201
    print("|---|---|---|---|---|")  # noqa: T201
    note = "" if nb == args.firms else f" (timed on {nb:,}, scaled ×{scale:g})"
    for key, label in (
        ("ac", "parkatlas `Placer.place`, 1 process (pyahocorasick)"),
        ("par", f"parkatlas `Placer.place`, {args.workers} processes"),
        ("re", f"baseline: same placement, scan by `re` alternation{note}"),
        ("scan_ac", f"scan only: pyahocorasick `Automaton.iter`{note}"),
        ("scan_re", f"scan only: `re` alternation `finditer`{note}"),
    ):
        wall = statistics.median(w for w, _ in rows[key])
        cpu = statistics.median(c for _, c in rows[key])
        placed = f"{counts[key]:,}" if key in ("ac", "par", "re") else ""
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {args.firms / cpu:,.0f} | {placed} |")  # noqa: T201


if __name__ == "__main__":
    main()
