"""`parkatlas extract PATH… --format gold-jsonl --out DIR`: facts of documents, no database.

Writes one ``DIR/<doc-stem>.jsonl`` per document in the guidelines' format, so that
``python ../shared/intel/score.py GOLD_DIR DIR`` scores it. Inputs whose stems collide
(``x.txt``, ``x.html``, ``other/x.txt``) each keep an output of their own, named by their
path (``x.txt.jsonl``, ``x.html.jsonl``, ``other__x.txt.jsonl``). A file that cannot be
read is reported on stderr by name and skipped; the others go on; the exit code is 1 if
any failed. Lines repeated across the pages of a folder are dropped as site furniture
(``site.py``). ``--show-clean PATH`` prints, line by line, what the cleaner kept and why.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import typer

__all__ = ["extract_file", "expand", "output_names", "register", "run_extract", "show_clean"]


def extract_file(
    path: str, out_path: str, furniture: frozenset[str] = frozenset()
) -> tuple[str, int, str | None, list[str]]:
    """Extract one file into ``out_path``: (path, number of facts, error or None, warnings)."""
    from parkatlas.intel.extract import extract_document
    from parkatlas.intel.gold import write_gold_jsonl
    from parkatlas.intel.reader import read_document

    p = Path(path)
    try:
        raw = read_document(p)
        result = extract_document(raw.text, doc_date=raw.published, furniture=furniture)
        write_gold_jsonl(result.facts, p.name, out_path, make_dirs=False)
        return path, len(result.facts), None, result.warnings
    except Exception as exc:  # one bad file never stops the others
        msg = str(exc) or type(exc).__name__
        prefix = f"{path}: "
        return path, 0, msg[len(prefix) :] if msg.startswith(prefix) else msg, []


def expand(paths: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """(files, errors): folders recursively (supported types), globs expanded, each once."""
    from parkatlas.intel.ingest import expand_paths

    files, refused, _ = expand_paths(paths)
    return [str(f) for f in files], [(r.file, r.reason or "refused") for r in refused]


def output_names(files: list[str]) -> list[str]:
    """One distinct ``.jsonl`` name per input: ``<stem>.jsonl`` when the stem is unique,
    else the path below the inputs' common folder with ``/`` as ``__``."""
    stems = Counter(Path(f).stem for f in files)
    clashing = [f for f in files if stems[Path(f).stem] > 1]
    root = (
        os.path.commonpath([os.path.abspath(Path(f).parent) for f in clashing]) if clashing else ""
    )
    names: list[str] = []
    for f in files:
        stem = Path(f).stem
        if stems[stem] == 1:
            names.append(f"{stem}.jsonl")
        else:
            rel = os.path.relpath(os.path.abspath(f), root)
            names.append(rel.replace(os.sep, "__").replace("/", "__") + ".jsonl")
    return names


def _text_or_none(path: str) -> str | None:
    from parkatlas.intel.reader import read_document

    try:
        return read_document(Path(path)).text
    except Exception:  # unreadable files are reported by the extraction pass
        return None


def run_extract(
    paths: list[str], out_dir: str, workers: int = 1
) -> tuple[int, list[tuple[str, str]]]:
    """Extract every document of ``paths``; returns (documents written, [(file, error)])."""
    written, errors, _ = run_extract_report(paths, out_dir, workers)
    return written, errors


def run_extract_report(
    paths: list[str], out_dir: str, workers: int = 1
) -> tuple[int, list[tuple[str, str]], list[tuple[str, str]]]:
    """(documents written, [(file, error)], [(file, warning)])."""
    from parkatlas.intel.site import site_furniture

    files, errors = expand(paths)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    outs = [str(Path(out_dir) / name) for name in output_names(files)]
    furniture = site_furniture(files, _text_or_none)
    furn = [furniture.get(str(Path(f).parent), frozenset()) for f in files]
    if workers > 1 and len(files) > 1:
        from parkatlas.intel.workers import worker_pool

        with worker_pool(workers) as pool:
            results = list(pool.map(extract_file, files, outs, furn, chunksize=8))
    else:
        results = [extract_file(f, o, s) for f, o, s in zip(files, outs, furn, strict=True)]
    written = 0
    warnings: list[tuple[str, str]] = []
    for path, _, err, warns in results:
        if err is None:
            written += 1
        else:
            errors.append((path, err))
        warnings.extend((path, w) for w in warns)
    return written, errors, warnings


def show_clean(path: str) -> dict[str, object]:
    """The cleaner's decision for every line of one document, with its reason."""
    from parkatlas.intel.clean import clean_report
    from parkatlas.intel.reader import read_document

    raw = read_document(Path(path))
    report = clean_report(raw.text)
    return {
        "file": path,
        "kind": raw.kind,
        "kept_chars": sum(e - s for s, e in report.spans),
        "chars": len(raw.text),
        "warnings": report.warnings,
        "notes": list(raw.notes),
        "lines": [
            {
                "kept": b.kept,
                "reason": b.reason,
                "start": b.start,
                "text": raw.text[b.start : b.end],
            }
            for b in report.blocks
        ],
    }


def _print_clean(data: dict[str, object]) -> None:
    from rich.markup import escape

    from parkatlas.console import out

    out.print(
        f"[bold]{escape(str(data['file']))}[/] ({data['kind']}): kept {data['kept_chars']:,} "
        f"of {data['chars']:,} characters"
    )
    lines = data["lines"]
    assert isinstance(lines, list)
    for line in lines:
        mark = "[green]KEEP[/]" if line["kept"] else "[red]drop[/]"
        text = line["text"] if len(line["text"]) <= 60 else line["text"][:59] + "…"
        out.print(f"{mark} {escape(text)}  [dim]← {escape(line['reason'])}[/]")
    for note in [*data["notes"], *data["warnings"]]:  # type: ignore[misc]
        out.print(f"[yellow]warning:[/] {escape(str(note))}")


def register(app: typer.Typer) -> None:
    @app.command("extract")
    def extract_cli(
        paths: Annotated[list[str], typer.Argument(help="files, folders or globs")],
        out: Annotated[
            Path | None, typer.Option("--out", "-o", help="folder for <doc-stem>.jsonl")
        ] = None,
        fmt: Annotated[
            str, typer.Option("--format", help="output format (gold-jsonl)")
        ] = "gold-jsonl",
        workers: Annotated[int, typer.Option("--workers", "-w", help="parallel processes")] = 1,
        clean: Annotated[
            bool,
            typer.Option("--show-clean", help="print what the cleaner kept of each file and why"),
        ] = False,
        json_out: Annotated[bool, typer.Option("--json", help="with --show-clean: JSON")] = False,
    ) -> None:
        """Extract the economic facts of documents into gold-jsonl files (no database). 抽取事实。"""
        if clean:
            from parkatlas.console import print_json

            shown = [show_clean(f) for f in expand(paths)[0]]
            if json_out:
                print_json(shown)
            else:
                for data in shown:
                    _print_clean(data)
            return
        if out is None:
            print("error: --out DIR is required (or use --show-clean)", file=sys.stderr)
            raise typer.Exit(2)
        if fmt != "gold-jsonl":
            print(f"error: unknown --format {fmt!r} (use gold-jsonl)", file=sys.stderr)
            raise typer.Exit(2)
        written, errors, warnings = run_extract_report(paths, str(out), max(1, workers))
        for path, err in errors:
            print(f"{path}: {err}", file=sys.stderr)
        for path, warning in warnings:
            print(f"{path}: warning: {warning}", file=sys.stderr)
        print(
            f"{written} document(s) written to {out}"
            + (f", {len(errors)} failed" if errors else "")
        )
        if errors:
            raise typer.Exit(1)
