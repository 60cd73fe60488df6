"""Running the reader and extractor on Dask or Ray when one machine is not enough.

Contract: `prepare_document` (parkatlas.intel.ingest) is a pure function of one file; these
adapters map it over many files on an existing engine and hand the results back to
`store_prepared`, which writes them from one process, one transaction per document, exactly as
`parkatlas ingest` does. Neither engine is a dependency of parkatlas: each adapter imports its
engine when called and, when it is missing, says how to install it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parkatlas.db import make_engine, require_schema, safe_url
from parkatlas.errors import ParkatlasError
from parkatlas.intel.ingest import (
    MAX_BYTES,
    FileResult,
    IngestReport,
    current_extractor_name,
    expand_paths,
    prepare_document,
    write_prepared,
)
from parkatlas.intel.store import PreparedDocument


def _need(module: str, extra: str) -> Any:
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError:
        raise ParkatlasError(
            f"{module} is not installed: pip install '{extra}' to run the extractor on it"
        ) from None


def list_files(paths: list[str]) -> list[str]:
    """The readable files behind paths, folders and globs (as `parkatlas ingest` expands them)."""
    files, _refused, _skipped = expand_paths(paths)
    return [str(p) for p in files]


def prepare_with_dask(paths: list[str], *, npartitions: int | None = None) -> Any:
    """A dask.bag of prepared documents (or refusals), one per file; call .compute() on it.

    The files must be readable from every worker (a shared or network file system).
    """
    bag = _need("dask.bag", "dask[bag]")
    files = list_files(paths)
    parts = npartitions or max(1, min(len(files), 256))
    return bag.from_sequence(files, npartitions=parts).map(prepare_document, MAX_BYTES)


def prepare_with_ray(paths: list[str]) -> Iterable[PreparedDocument | FileResult]:
    """Prepared documents (or refusals) computed by Ray tasks, yielded as they finish."""
    ray = _need("ray", "ray")
    if not ray.is_initialized():
        ray.init()
    remote = ray.remote(prepare_document)
    pending = [remote.remote(path, MAX_BYTES) for path in list_files(paths)]
    while pending:
        done, pending = ray.wait(pending, num_returns=1)
        yield ray.get(done[0])


def store_prepared(url: str, items: Iterable[PreparedDocument | FileResult]) -> IngestReport:
    """Write prepared documents from one process, one transaction each; refusals are reported."""
    extractor = current_extractor_name()
    engine = make_engine(url, write=True)
    try:
        require_schema(engine)
        report = IngestReport(database=safe_url(url), extractor=extractor)
        for item in items:
            result = (
                item if isinstance(item, FileResult) else write_prepared(engine, item, extractor)
            )
            report.files.append(result)
        return report
    finally:
        engine.dispose()
