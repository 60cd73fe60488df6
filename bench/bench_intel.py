"""Benchmark of the fact extractor: speed per core on 2 KB texts, dev-set F1, constant memory.

Run by hand (not part of the tests):

    .venv/bin/pip install jionlp quantulum3        # comparison only, never runtime deps
    .venv/bin/python bench/bench_intel.py --shared ../shared/intel --docs 100000

It compares, on the same texts in the same run, parkatlas's `extract_facts` with
jionlp's money extraction (Chinese) and quantulum3 (English), and scores all of them on the
dev set with the shared scorer (money facts of the Chinese documents for jionlp; the English
documents for quantulum3). Memory: resident set size of this process after 10k, 50k and 100k
distinct documents through `extract_facts`. Results are printed as Markdown.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

TARGET_BYTES = 2_000

ZH_TEMPLATES = [
    "去年{r}完成税收{a}亿元、增长{p}%,实现规上工业产值{b}亿元,占全区的近{q}%。",
    "{r}新增企业{n}户、引进亿元项目{m}个,总投资{a}亿元的{m}个重大项目得到有力推进。",
    "力争到2025年,{r}地区生产总值达到{b}亿元,固定资产投资年均增长{p}%。",
    "{r}集中签约项目{m}个,总投资{a}亿元,新增用地{n}亩。",
    "目前{r}已集聚高新技术企业{n}家、“小巨人”企业{m}家,进出口总额突破{a}亿元。",
]
EN_TEMPLATES = [
    "Last year, the GDP of {r} increased by {p}% and reached {a} billion yuan.",
    "{r} signed {m} projects with a total investment of {b} billion yuan this year.",
    "By 2025, {r} strives to build a {c} billion-level industrial cluster on {n} hectares.",
    "The retail sales of {r} rose {p}%, and {m} new regional headquarters settled there.",
    "{r} will add {n} public parking berths and {m} charging piles, about {q}% more.",
]
ZH_REGIONS = ["嘉定区", "青浦新城", "徐汇区", "临港新片区", "浦东新区", "宝山区", "金山区"]
EN_REGIONS = ["Xuhui District", "Qingpu New City", "Jiading District", "Binhai New Area"]


def generated(rng: random.Random, zh: bool) -> str:
    template = rng.choice(ZH_TEMPLATES if zh else EN_TEMPLATES)
    return template.format(
        r=rng.choice(ZH_REGIONS if zh else EN_REGIONS),
        a=round(rng.uniform(1, 900), 1),
        b=rng.randint(10, 5000),
        c=rng.choice([100, 200, 500, 1000]),
        p=round(rng.uniform(0.5, 60), 1),
        q=rng.randint(5, 80),
        n=rng.randint(3, 9000),
        m=rng.randint(2, 120),
    )


def paragraphs(docs_dir: Path) -> tuple[list[str], list[str]]:
    """Paragraphs of the dev documents, split into Chinese and English."""
    zh: list[str] = []
    en: list[str] = []
    for path in sorted(docs_dir.glob("*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n"):
            para = para.strip()
            if len(para) < 20:
                continue
            (zh if re.search(r"[\u4e00-\u9fff]", para) else en).append(para)
    return zh, en


def build_texts(
    docs_dir: Path, count: int, seed: int = 7, generated_share: float = 0.15
) -> list[tuple[str, str]]:
    """(lang, text) pairs of about 2 KB (UTF-8): dev paragraphs sliced and mixed with generated
    sentences, half Chinese and half English. With the default share of generated sentences a
    text holds about as many facts per KB as the dev documents; --dense raises it to 0.5."""
    rng = random.Random(seed)
    zh_paras, en_paras = paragraphs(docs_dir)
    texts = []
    for i in range(count):
        zh = i % 2 == 0
        pool = zh_paras if zh else en_paras
        parts: list[str] = []
        size = 0
        while size < TARGET_BYTES:
            if rng.random() >= generated_share and pool:
                para = rng.choice(pool)
                start = rng.randrange(0, max(1, len(para) // 2))
                piece = para[start : start + rng.randint(80, 400)]
            else:
                piece = generated(rng, zh)
            parts.append(piece)
            size += len(piece.encode("utf-8")) + 1
        text = "\n".join(parts)
        cut = text.encode("utf-8")[:TARGET_BYTES].decode("utf-8", "ignore")
        texts.append(("zh" if zh else "en", cut))
    return texts


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1e6


def rate(fn: Callable[[str], Any], texts: list[str], budget_s: float) -> tuple[float, int]:
    """Documents per second over the texts (stopping after budget_s seconds)."""
    fn(texts[0])  # warm-up: lazy loading, caches
    done = 0
    start = time.perf_counter()
    for text in texts:
        fn(text)
        done += 1
        if time.perf_counter() - start > budget_s:
            break
    return done / (time.perf_counter() - start), done


# --- systems -------------------------------------------------------------------------------


def parkatlas_facts(text: str, lang: str | None = None) -> list[dict[str, Any]]:
    from parkatlas.intel.extract import extract_facts

    return [
        {
            "quote": r.quote,
            "start": r.start,
            "kind": r.kind,
            "value": r.value,
            "unit": r.unit,
            "metric": r.metric,
            "measure": r.measure,
            "status": r.status,
            "region": r.region,
            "period": r.period,
            "qualifier": r.qualifier,
        }
        for r in extract_facts(text, lang=lang)
    ]


def jionlp_money(text: str) -> list[dict[str, Any]]:
    from jionlp.algorithm.ner import extract_money

    facts = []
    for item in extract_money(text, with_parsing=True):
        detail = item.get("detail") or {}
        try:
            value = float(detail.get("num"))
        except (TypeError, ValueError):
            continue
        unit = {"元": "CNY", "美元": "USD", "欧元": "EUR"}.get(detail.get("case"), "CNY")
        facts.append(
            {
                "quote": item["text"],
                "start": item["offset"][0],
                "kind": "money",
                "value": value,
                "unit": unit,
            }
        )
    return facts


_AREA_M2 = {
    "square metre": 1.0,
    "square kilometre": 1e6,
    "hectare": 1e4,
    "acre": 4046.8564224,
    "square foot": 0.09290304,
    "square mile": 2589988.110336,
}


def quantulum_facts(text: str) -> list[dict[str, Any]]:
    """quantulum3's quantities mapped to the guidelines' kinds (dimensionless → count)."""
    from quantulum3 import parser

    facts = []
    for q in parser.parse(text):
        entity = q.unit.entity.name
        base = {"quote": q.surface, "start": q.span[0], "value": float(q.value)}
        if entity == "currency":
            facts.append(dict(base, kind="money", unit=q.unit.currency_code or "CNY"))
        elif q.unit.name == "percentage":
            facts.append(dict(base, kind="percent", unit="%"))
        elif entity == "area" and q.unit.name in _AREA_M2:
            facts.append(dict(base, kind="area", unit="m2", value=q.value * _AREA_M2[q.unit.name]))
        elif entity == "dimensionless":
            facts.append(dict(base, kind="count", unit="count"))
    return facts


# --- scoring -------------------------------------------------------------------------------


def load_scorer(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("intel_score", shared / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["intel_score"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def score_system(
    scorer: Any,
    dev: Path,
    predict: Callable[[str], list[dict[str, Any]]],
    *,
    stems: Iterable[str],
    kinds: set[str],
) -> dict[str, Any]:
    """Overall P/R/F1 of a system on the chosen documents, gold and predictions both limited
    to the chosen kinds."""
    with tempfile.TemporaryDirectory() as tmp:
        gold_dir, pred_dir = Path(tmp, "gold"), Path(tmp, "pred")
        gold_dir.mkdir()
        pred_dir.mkdir()
        for stem in stems:
            doc = f"{stem}.txt"
            lines = [
                line
                for line in (dev / f"{stem}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip() and json.loads(line)["kind"] in kinds
            ]
            (gold_dir / f"{stem}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
            text = (dev / "docs" / doc).read_text(encoding="utf-8")
            preds = []
            for fact in predict(text):
                if fact["kind"] not in kinds:
                    continue
                row = {k: fact.get(k) for k in scorer.FIELDS}
                row["doc"] = doc
                row["start"] = fact.get("start")
                preds.append(json.dumps(row, ensure_ascii=False))
            (pred_dir / f"{stem}.jsonl").write_text("\n".join(preds) + "\n", encoding="utf-8")
        result = scorer.score(str(gold_dir), str(pred_dir), str(dev / "docs"))
    return result


# --- main ----------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "intel"
    )
    ap.add_argument("--texts", type=int, default=2000, help="distinct 2 KB texts for speed")
    ap.add_argument(
        "--dense", action="store_true", help="half generated sentences: ~5x more facts per text"
    )
    ap.add_argument("--budget", type=float, default=20.0, help="seconds per speed run")
    ap.add_argument(
        "--docs", type=int, default=100_000, help="documents for the memory run (0: skip)"
    )
    ap.add_argument(
        "--ingest", type=int, default=0, help="documents for a whole-pipeline ingest run (0: skip)"
    )
    ap.add_argument("--workers", type=int, default=1, help="ingest workers for --ingest")
    ap.add_argument(
        "--folder",
        type=int,
        default=0,
        help="texts for the `parkatlas extract` folder run (reading and writing included); "
        "with it, only that run is made",
    )
    ap.add_argument("--runs", type=int, default=3, help="runs of the folder benchmark (median)")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    dev = args.shared / "dev"
    texts = build_texts(dev / "docs", args.texts, generated_share=0.5 if args.dense else 0.15)
    zh = [t for lang, t in texts if lang == "zh"]
    en = [t for lang, t in texts if lang == "en"]
    mean_bytes = sum(len(t.encode()) for _, t in texts) / len(texts)
    from parkatlas.intel.schema import EXTRACTOR_NAME

    if args.folder:
        bench_folder([t for _, t in texts], args.folder, args.runs)
        return 0

    print(f"## Run\n\n- machine: {machine()}\n- extractor: `{EXTRACTOR_NAME}`")
    from parkatlas.intel.extract import extract_facts

    per_text = sum(len(extract_facts(t)) for _, t in texts[:200]) / min(200, len(texts))
    print(
        f"- texts: {len(texts)} ({len(zh)} zh, {len(en)} en), mean {mean_bytes:.0f} bytes "
        f"UTF-8, {per_text:.1f} facts per text (parkatlas; the dev set has ~4.6 per 2 KB)\n"
    )

    systems: list[tuple[str, str, Callable[[str], Any], list[str]]] = [
        ("parkatlas", "zh+en", lambda t: parkatlas_facts(t), [t for _, t in texts]),
        ("parkatlas", "zh", lambda t: parkatlas_facts(t, "zh"), zh),
        ("parkatlas", "en", lambda t: parkatlas_facts(t, "en"), en),
    ]
    have_jionlp = importlib.util.find_spec("jionlp") is not None
    have_q3 = importlib.util.find_spec("quantulum3") is not None
    if have_jionlp:
        systems.append(("jionlp.extract_money (money only)", "zh", jionlp_money, zh))
    if have_q3:
        systems.append(("quantulum3 parser.parse", "en", quantulum_facts, en))
    print("## Speed (one process = one core)\n")
    print("| system | texts | docs/s per core | docs timed |\n|---|---|---:|---:|")
    for name, lang, fn, sample in systems:
        per_s, n = rate(fn, sample, args.budget)
        print(f"| {name} | {lang} | {per_s:,.0f} | {n:,} |")
        sys.stdout.flush()

    scorer = load_scorer(args.shared)
    stems = sorted(p.stem for p in dev.glob("*.jsonl"))
    zh_stems = [
        s
        for s in stems
        if re.search(
            r"[\u4e00-\u9fff]", (dev / "docs" / f"{s}.txt").read_text(encoding="utf-8")[:400]
        )
    ]
    en_stems = [s for s in stems if s not in zh_stems]
    all_kinds = {"money", "percent", "area", "count"}
    rows = [
        ("parkatlas", "all documents, all kinds", parkatlas_facts, stems, all_kinds),
        (
            "parkatlas",
            f"zh documents ({len(zh_stems)}), money",
            parkatlas_facts,
            zh_stems,
            {"money"},
        ),
        (
            "parkatlas",
            f"en documents ({len(en_stems)}), all kinds",
            parkatlas_facts,
            en_stems,
            all_kinds,
        ),
        (
            "parkatlas",
            f"en documents ({len(en_stems)}), money+percent+area",
            parkatlas_facts,
            en_stems,
            {"money", "percent", "area"},
        ),
    ]
    if have_jionlp:
        rows.append(
            (
                "jionlp.extract_money",
                f"zh documents ({len(zh_stems)}), money",
                jionlp_money,
                zh_stems,
                {"money"},
            )
        )
    if have_q3:
        rows.append(
            (
                "quantulum3",
                f"en documents ({len(en_stems)}), all kinds",
                quantulum_facts,
                en_stems,
                all_kinds,
            )
        )
        rows.append(
            (
                "quantulum3",
                f"en documents ({len(en_stems)}), money+percent+area",
                quantulum_facts,
                en_stems,
                {"money", "percent", "area"},
            )
        )
    print("\n## Dev set (shared/intel/score.py)\n")
    print("| system | subset | gold | pred | P | R | F1 |\n|---|---|---:|---:|---:|---:|---:|")
    for name, subset, fn, chosen, kinds in rows:
        o = score_system(scorer, dev, fn, stems=chosen, kinds=kinds)["overall"]
        print(
            f"| {name} | {subset} | {o['gold']} | {o['pred']} | {o['precision']:.3f} | {o['recall']:.3f} | {o['f1']:.3f} |"
        )
    full = score_system(scorer, dev, parkatlas_facts, stems=stems, kinds=all_kinds)
    acc = ", ".join(
        f"{a} {s['accuracy']:.3f}"
        for a, s in full["attributes"].items()
        if s["accuracy"] is not None
    )
    print(f"\nparkatlas attribute accuracy on matched pairs: {acc}\n")

    if args.docs:
        print("## Memory over distinct documents (parkatlas extract_facts, one process)\n")
        print("| documents | RSS MB | docs/s so far |\n|---:|---:|---:|")
        marks = {m for m in (1_000, 10_000, 50_000, 100_000, args.docs) if m <= args.docs}
        digits = "0123456789"
        start = time.perf_counter()
        base = [t for _, t in texts]
        for i in range(1, args.docs + 1):
            text = base[i % len(base)]
            # A different digit mapping and a numbered sentence make every document distinct.
            shift = (i // len(base)) % 9 + 1
            table = str.maketrans(digits, digits[shift:] + digits[:shift])
            parkatlas_facts(text.translate(table) + f"\nDocument {i} counts {i % 997} projects.")
            if i in marks:
                elapsed = time.perf_counter() - start
                print(f"| {i:,} | {rss_mb():.1f} | {i / elapsed:,.0f} |")
                sys.stdout.flush()
    if args.ingest:
        bench_ingest([t for _, t in texts], args.ingest, args.workers)
    return 0


def bench_folder(base: list[str], count: int, runs: int) -> None:
    """`parkatlas extract FOLDER --out DIR` (its core, `run_extract_report`, one process):
    reading, cleaning, extracting, signing records aside, writing one JSONL per text. Beside
    it in the same run, the I/O floor (read each file, write its JSONL with one record) and,
    when installed, jionlp's money extraction over the same files."""
    import statistics
    import subprocess

    from parkatlas.intel.extract_command import run_extract
    from parkatlas.intel.schema import EXTRACTOR_NAME

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "news"
        folder.mkdir()
        for i in range(count):
            (folder / f"doc{i:06d}.txt").write_text(base[i % len(base)], encoding="utf-8")

        def timed(fn: Callable[[], Any]) -> tuple[float, float]:
            w0, c0 = time.perf_counter(), time.process_time()
            fn()
            return time.perf_counter() - w0, time.process_time() - c0

        def floor() -> None:
            out = Path(tmp) / "floor"
            out.mkdir(exist_ok=True)
            for path in sorted(folder.iterdir()):
                text = path.read_text(encoding="utf-8")
                (out / f"{path.stem}.jsonl").write_text(
                    json.dumps({"doc": path.name, "chars": len(text)}) + "\n", encoding="utf-8"
                )

        systems: list[tuple[str, Callable[[], Any]]] = [
            (f"parkatlas extract ({EXTRACTOR_NAME})",
             lambda: run_extract([str(folder)], str(Path(tmp) / "out"), 1)),
            ("read + write only (I/O floor)", floor),
        ]  # fmt: skip
        if importlib.util.find_spec("jionlp") is not None:

            def jio() -> None:
                for path in sorted(folder.iterdir()):
                    jionlp_money(path.read_text(encoding="utf-8"))

            systems.append(("jionlp extract_money (money only, no writing)", jio))
        load = os.getloadavg()[0]
        print(f"\n## `parkatlas extract` on a folder: {count:,} texts of ~2 KB, {runs} runs\n")
        print(f"machine load average at start: {load:.1f}\n")
        print("| system | median wall s | docs/s (wall) | median CPU s | docs/s per CPU-second |")
        print("|---|---:|---:|---:|---:|")
        for name, fn in systems:
            walls, cpus = zip(*(timed(fn) for _ in range(runs)), strict=True)
            wall, cpu = statistics.median(walls), statistics.median(cpus)
            print(f"| {name} | {wall:.2f} | {count / wall:,.0f} | {cpu:.2f} | {count / cpu:,.0f} |")
            sys.stdout.flush()
        cli = [sys.executable, "-m", "parkatlas.cli", "extract", str(folder), "--out",
               str(Path(tmp) / "cli")]  # fmt: skip
        walls = []
        for _ in range(runs):
            w0 = time.perf_counter()
            subprocess.run(cli, check=True, capture_output=True)
            walls.append(time.perf_counter() - w0)
        wall = statistics.median(walls)
        print(
            f"\nThrough the real command (`parkatlas extract FOLDER --out DIR`, a new process "
            f"each run, start-up included): median {wall:.2f} s, {count / wall:,.0f} docs/s wall."
        )


def bench_ingest(base: list[str], count: int, workers: int) -> None:
    """The whole pipeline (find, read, hash, extract, store) on `count` distinct files."""
    from parkatlas.atlas import init_atlas
    from parkatlas.intel.ingest import ingest_paths

    print(f"\n## Ingest of {count:,} files into SQLite (workers={workers})\n")
    print("| files | RSS MB (main process) | files/s so far |\n|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp, "news")
        for i in range(count):
            sub = folder / f"{i // 1000:04d}"
            if i % 1000 == 0:
                sub.mkdir(parents=True)
            text = base[i % len(base)] + f"\nDocument {i} counts {i % 997} projects."
            (sub / f"{i:07d}.txt").write_text(text, encoding="utf-8")
        url = f"sqlite:///{tmp}/atlas.db"
        init_atlas(url)
        marks = {m for m in (1_000, 10_000, 50_000, 100_000, count) if m <= count}
        start = time.perf_counter()

        def progress(done: int, total: int, file: str, outcome: str) -> None:
            if done in marks:
                elapsed = time.perf_counter() - start
                print(f"| {done:,} | {rss_mb():.1f} | {done / elapsed:,.0f} |")
                sys.stdout.flush()

        report = ingest_paths(url, [str(folder)], workers=workers, progress=progress)
        print(f"\ncounts: {report.counts()}")


if __name__ == "__main__":
    sys.exit(main())
