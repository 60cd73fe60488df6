"""`parkatlas extract PATH… --format gold-jsonl --out DIR`: facts of documents, no database.

Writes one ``DIR/<doc-stem>.jsonl`` per document in the guidelines' format, so that
``python ../shared/intel/score.py GOLD_DIR DIR`` scores it. A file that cannot be read is
reported on stderr by name and skipped; the others go on; the exit code is 1 if any failed.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["extract_file", "expand", "register", "run_extract"]


def _read(path: Path) -> tuple[str, dt.date | None]:
    """(text, published date or None) of a document file."""
    from parkatlas.intel.reader import read_document

    raw = read_document(path)
    return raw.text, raw.published


def extract_file(path: str, out_dir: str) -> tuple[str, int, str | None]:
    """Extract one file into ``out_dir``; returns (path, number of facts, error or None)."""
    from parkatlas.intel.extract import extract_facts
    from parkatlas.intel.gold import write_gold_jsonl

    p = Path(path)
    try:
        text, published = _read(p)
        facts = extract_facts(text, doc_date=published)
        write_gold_jsonl(facts, p.name, Path(out_dir) / f"{p.stem}.jsonl")
        return path, len(facts), None
    except Exception as exc:  # one bad file never stops the others
        msg = str(exc) or type(exc).__name__
        prefix = f"{path}: "
        return path, 0, msg[len(prefix) :] if msg.startswith(prefix) else msg


def expand(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(files, errors): folders recursively (supported types), globs expanded, each once."""
    from parkatlas.intel.ingest import expand_paths

    files, refused, _ = expand_paths(paths)
    return [str(f) for f in files], [(r.file, r.reason or "refused") for r in refused]


def run_extract(
    paths: list[str], out_dir: str, workers: int = 1
) -> tuple[int, list[tuple[str, str]]]:
    """Extract every document of ``paths``; returns (documents written, [(file, error)])."""
    files, errors = expand(paths)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    written = 0
    if workers > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(extract_file, files, [out_dir] * len(files), chunksize=8))
    else:
        results = [extract_file(f, out_dir) for f in files]
    for path, _, err in results:
        if err is None:
            written += 1
        else:
            errors.append((path, err))
    return written, errors


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cli(
        paths: Annotated[list[str], typer.Argument(help="files, folders or globs")],
        out: Annotated[Path, typer.Option("--out", "-o", help="folder for <doc-stem>.jsonl")],
        fmt: Annotated[
            str, typer.Option("--format", help="output format (gold-jsonl)")
        ] = "gold-jsonl",
        workers: Annotated[int, typer.Option("--workers", "-w", help="parallel processes")] = 1,
    ) -> None:
        """Extract the economic facts of documents into gold-jsonl files (no database). 抽取事实。"""
        if fmt != "gold-jsonl":
            print(f"error: unknown --format {fmt!r} (use gold-jsonl)", file=sys.stderr)
            raise typer.Exit(2)
        written, errors = run_extract(paths, str(out), max(1, workers))
        for path, err in errors:
            print(f"{path}: {err}", file=sys.stderr)
        print(
            f"{written} document(s) written to {out}"
            + (f", {len(errors)} failed" if errors else "")
        )
        if errors:
            raise typer.Exit(1)
