"""Ingest: files, folders and globs → read → hash → extract facts → store, one document at a time.

Contract: `prepare_document` is a pure function of a file (read, hash, detect the language,
extract the facts) and may run in worker processes; `ingest_paths` writes in the calling
process, one transaction per document, so a bad file is reported by name and never costs a
stored one. Refused files are collected as (file, reason); the rest of the batch continues.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from parkatlas.db import make_engine, require_schema, safe_url
from parkatlas.errors import ParkatlasError
from parkatlas.intel.reader import SUPPORTED_SUFFIXES, read_document
from parkatlas.intel.signings import find_signings
from parkatlas.intel.store import (
    REEXTRACTED,
    STORED,
    UNCHANGED,
    PreparedDocument,
    document_id,
    fact_row,
    signing_row,
    store_document,
)
from parkatlas.intel.walk import glob_paths, has_magic, walk_files
from parkatlas.intel.workers import worker_pool

REFUSED = "refused"
MAX_BYTES = 20_000_000

# progress(done, total, file, outcome) after each file; outcome is one of the four outcomes.
Progress = Callable[[int, int, str, str], None]


@dataclass
class FileResult:
    """What happened to one file."""

    file: str
    outcome: str  # stored, unchanged, re-extracted, refused
    document_id: str | None = None
    facts: int = 0
    lang: str | None = None
    title: str | None = None
    reason: str | None = None
    notes: tuple[str, ...] = ()


@dataclass
class IngestReport:
    """Every file of an ingest run with its outcome; refused files carry their reason."""

    database: str
    extractor: str
    files: list[FileResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # folder members of unsupported types

    def _with(self, outcome: str) -> list[FileResult]:
        return [f for f in self.files if f.outcome == outcome]

    @property
    def stored(self) -> list[FileResult]:
        return self._with(STORED)

    @property
    def unchanged(self) -> list[FileResult]:
        return self._with(UNCHANGED)

    @property
    def reextracted(self) -> list[FileResult]:
        return self._with(REEXTRACTED)

    @property
    def refused(self) -> list[FileResult]:
        return self._with(REFUSED)

    @property
    def facts(self) -> int:
        return sum(f.facts for f in self.files if f.outcome in (STORED, REEXTRACTED))

    def counts(self) -> dict[str, int]:
        return {
            STORED: len(self.stored),
            UNCHANGED: len(self.unchanged),
            REEXTRACTED: len(self.reextracted),
            REFUSED: len(self.refused),
            "skipped": len(self.skipped),
            "facts": self.facts,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "extractor": self.extractor,
            "counts": self.counts(),
            "refused": [{"file": f.file, "reason": f.reason} for f in self.refused],
            "skipped": list(self.skipped),
            "files": [asdict(f) for f in self.files],
        }


# --- finding files ----------------------------------------------------------------------------


def expand_paths(paths: Iterable[str]) -> tuple[list[Path], list[FileResult], list[str]]:
    """(files to read, refusals, skipped): folders recursively, globs expanded, duplicates once.

    A file named on the command line is read whatever its type (so an unsupported one is
    refused with the reason); files found inside folders or by globs are read only when their
    type is supported, the others are listed as skipped.
    """
    files: list[Path] = []
    refused: list[FileResult] = []
    skipped: list[str] = []
    seen: set[str] = set()

    def add(path: Path, *, named: bool) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            return
        seen.add(key)
        if named or path.suffix.lower() in SUPPORTED_SUFFIXES:
            files.append(path)
        else:
            skipped.append(str(path))

    for arg in paths:
        if has_magic(arg) and not Path(arg).exists():
            matches = glob_paths(arg)
            if not matches:
                refused.append(
                    FileResult(arg, REFUSED, reason="no file matches this pattern: check it")
                )
            for match in matches:
                path = Path(match)
                if path.is_dir():
                    for member in walk_files(path):
                        add(member, named=False)
                elif path.is_file():
                    add(path, named=False)
            continue
        path = Path(arg)
        if path.is_dir():
            for member in walk_files(path):
                add(member, named=False)
        elif path.exists():
            add(path, named=True)
        else:
            refused.append(
                FileResult(arg, REFUSED, reason="no such file or folder: check the path")
            )
    return files, refused, skipped


# --- one document (pure; runs in worker processes) --------------------------------------------


def detect_language(text: str) -> str:
    """zh or en: the extractor's detector when it gives one, else the share of CJK characters."""
    from parkatlas.intel.lang import detect_lang

    found = detect_lang(text)
    if found:
        return found
    sample = text[:5000]
    cjk = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in sample if ch.isalpha())
    return "zh" if letters and cjk / letters > 0.2 else "en"


def _extractor() -> Callable[..., Any]:
    try:
        from parkatlas.intel.extract import extract_document
    except ImportError as exc:
        raise ParkatlasError(
            f"the fact extractor cannot be loaded ({exc}): reinstall parkatlas"
        ) from exc
    return extract_document


def current_extractor_name() -> str:
    """The versioned name stored with every document (parkatlas.intel.schema.EXTRACTOR_NAME)."""
    try:
        from parkatlas.intel import schema
    except ImportError as exc:
        raise ParkatlasError(
            f"the fact extractor cannot be loaded ({exc}): reinstall parkatlas"
        ) from exc
    return str(schema.EXTRACTOR_NAME)


def prepare_document(
    path: str, max_bytes: int = MAX_BYTES, furniture: frozenset[str] = frozenset()
) -> PreparedDocument | FileResult:
    """Read, hash and extract one file; a refusal comes back as a FileResult with its reason.

    Never raises for a bad file: it is an error handler in the sense of the batch (spaCy's
    `set_error_handler`), so one document cannot stop the others.
    """
    try:
        raw = read_document(Path(path), max_bytes=max_bytes)
    except ParkatlasError as exc:
        message = str(exc)
        prefix = f"{path}: "
        reason = message[len(prefix) :] if message.startswith(prefix) else message
        return FileResult(path, REFUSED, reason=reason)
    except MemoryError:
        return FileResult(path, REFUSED, reason="too large to read in memory: split it")
    lang = detect_language(raw.text)
    try:
        extraction = _extractor()(
            raw.text, doc_date=raw.published, lang=lang, furniture=furniture
        )
    except ParkatlasError as exc:
        return FileResult(path, REFUSED, reason=str(exc))
    except Exception as exc:  # a bug in the extractor must not stop the batch
        return FileResult(
            path,
            REFUSED,
            reason=f"the extractor failed on this document ({type(exc).__name__}: {exc}); "
            "please report it with the file",
        )
    rows = [row for row in (fact_row(r) for r in extraction.facts) if row is not None]
    signings = [
        signing_row(s)
        for s in find_signings(raw.text, extraction.facts, doc_date=raw.published)
    ]
    return PreparedDocument(
        id=document_id(raw.text),
        source=raw.path,
        text=raw.text,
        title=raw.title,
        lang=lang,
        published=raw.published,
        encoding=raw.encoding,
        kind=raw.kind,
        facts=rows,
        notes=(*raw.notes, *extraction.warnings),
        signings=signings,
    )


def _text_or_none(path: str) -> str | None:
    try:
        return read_document(Path(path)).text
    except (ParkatlasError, MemoryError):  # reported when the file itself is prepared
        return None


def _prepared(
    files: list[Path], *, workers: int, max_bytes: int
) -> Iterator[PreparedDocument | FileResult]:
    """Prepared documents in file order; with workers > 1, from a bounded process pool."""
    from parkatlas.intel.site import site_furniture

    sites = site_furniture([str(f) for f in files], _text_or_none)

    def furniture(path: Path) -> frozenset[str]:
        return sites.get(str(path.parent), frozenset())

    if workers <= 1 or len(files) <= 1:
        for path in files:
            yield prepare_document(str(path), max_bytes, furniture(path))
        return
    window = workers * 8  # bounded in-flight work keeps memory flat on huge batches
    with worker_pool(workers) as pool:
        pending: deque[tuple[str, Future[PreparedDocument | FileResult]]] = deque()
        queue = iter(files)
        for path in queue:
            pending.append(
                (str(path), pool.submit(prepare_document, str(path), max_bytes, furniture(path)))
            )
            if len(pending) >= window:
                break
        while pending:
            name, future = pending.popleft()
            try:
                yield future.result()
            except Exception as exc:  # a worker that died (killed, out of memory)
                yield FileResult(name, REFUSED, reason=f"worker process failed ({exc})")
            nxt = next(queue, None)
            if nxt is not None:
                pending.append(
                    (str(nxt), pool.submit(prepare_document, str(nxt), max_bytes, furniture(nxt)))
                )


def ingest_paths(
    url: str,
    paths: list[str],
    *,
    workers: int = 1,
    progress: Progress | None = None,
    max_bytes: int = MAX_BYTES,
) -> IngestReport:
    """Ingest files, folders (recursively) and globs into the atlas at `url`.

    Each document is written in its own transaction: stored (new text), unchanged (same text,
    same extractor) or re-extracted (same text, older extractor: facts replaced). Files that
    cannot be read are refused with their reason; the others continue.
    """
    if workers < 1:
        raise ParkatlasError(f"--workers {workers} must be 1 or more")
    extractor = current_extractor_name()
    _extractor()  # fail once, clearly, before touching any file
    files, refused, skipped = expand_paths(paths)
    # write=True: on SQLite each transaction takes the write lock first (BEGIN IMMEDIATE), so
    # two ingests into one atlas queue instead of failing half-way.
    engine = make_engine(url, write=True)
    try:
        require_schema(engine)
        report = IngestReport(database=safe_url(url), extractor=extractor, skipped=skipped)
        total = len(files) + len(refused)
        done = 0
        for result in refused:
            report.files.append(result)
            done += 1
            if progress:
                progress(done, total, result.file, REFUSED)
        for item in _prepared(files, workers=workers, max_bytes=max_bytes):
            if isinstance(item, FileResult):
                result = item
            else:
                result = write_prepared(engine, item, extractor)
            report.files.append(result)
            done += 1
            if progress:
                progress(done, total, result.file, result.outcome)
        return report
    finally:
        engine.dispose()


def write_prepared(engine: Any, doc: PreparedDocument, extractor: str) -> FileResult:
    try:
        outcome = store_document(engine, doc, extractor=extractor)
    except SQLAlchemyError as exc:
        first = str(exc).splitlines()[0]
        return FileResult(
            doc.source,
            REFUSED,
            document_id=doc.id,
            reason=f"the database refused the document ({first})",
        )
    return FileResult(
        doc.source,
        outcome,
        document_id=doc.id,
        facts=len(doc.facts) if outcome != UNCHANGED else 0,
        lang=doc.lang,
        title=doc.title,
        notes=doc.notes,
    )
