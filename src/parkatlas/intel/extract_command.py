"""`parkatlas extract PATH… --format gold-jsonl --out DIR`: facts of documents, no database.

Writes one ``DIR/<doc-stem>.jsonl`` per document in the guidelines' format, so that
``python ../shared/intel/score.py GOLD_DIR DIR`` scores it. A file that cannot be read is
reported on stderr by name and skipped; the others go on; the exit code is 1 if any failed.
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["extract_file", "expand", "register", "run_extract"]

_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml", ".pdf"}


def _read(path: Path) -> tuple[str, object]:
    """(text, published date or None) of a document file."""
    try:
        from parkatlas.intel.reader import read_document
    except ImportError:  # pragma: no cover - the reader is optional for this command
        read_document = None  # type: ignore[assignment]
    if read_document is not None:
        raw = read_document(path)
        return raw.text, raw.published
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            if best is None:
                raise ValueError("cannot decode the file (unknown encoding)") from None
            text = str(best)
    if not text.strip():
        raise ValueError("empty file")
    return text.replace("\r\n", "\n"), None


def extract_file(path: str, out_dir: str) -> tuple[str, int, str | None]:
    """Extract one file into ``out_dir``; returns (path, number of facts, error or None)."""
    from parkatlas.intel.extract import extract_facts
    from parkatlas.intel.gold import write_gold_jsonl

    p = Path(path)
    try:
        text, published = _read(p)
        facts = extract_facts(text, doc_date=published)  # type: ignore[arg-type]
        write_gold_jsonl(facts, p.name, Path(out_dir) / f"{p.stem}.jsonl")
        return path, len(facts), None
    except Exception as exc:  # one bad file never stops the others
        msg = str(exc) or type(exc).__name__
        prefix = f"{path}: "
        return path, 0, msg[len(prefix) :] if msg.startswith(prefix) else msg


def expand(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(files, errors): folders recursively (supported types), globs expanded, each once."""
    try:
        from parkatlas.intel.ingest import expand_paths
    except ImportError:  # pragma: no cover
        expand_paths = None  # type: ignore[assignment]
    if expand_paths is not None:
        files, refused, _ = expand_paths(paths)
        return [str(f) for f in files], [(r.file, r.reason or "refused") for r in refused]
    out: list[str] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in paths:
        matches = sorted(glob.glob(arg, recursive=True)) if any(c in arg for c in "*?[") else [arg]
        if not matches:
            errors.append((arg, "no file matches this pattern"))
        for m in matches:
            p = Path(m)
            members = (
                sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower() in _SUFFIXES)
                if p.is_dir()
                else [p]
            )
            if not p.exists():
                errors.append((arg, "no such file or folder"))
            for x in members:
                key = os.path.abspath(x)
                if key not in seen:
                    seen.add(key)
                    out.append(str(x))
    return out, errors


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
