"""Validation beside the write: a long file is read and validated in a second process while
this one writes what was validated before (two cores do in parallel what one did in turn).

The producer is a forked child: it inherits the open file, the lookups and the first chunk
already read, validates chunk after chunk and sends each result back through a pipe (which
holds one or two chunks: the child waits while the writer is behind). The child never touches
the database — the transaction, its locks and every write stay in the parent — and leaves
by `os._exit`, so nothing of the parent's (connections, files) is closed or flushed by it.
An error in the child (an unreadable row, a limit) is raised again in the parent.

Used at the CLI edge only (`import_file`): forking a server process that runs threads is not
safe, so the HTTP API validates in its own thread (`validated_chunks` in-line).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from parkatlas.errors import ParkatlasError
from parkatlas.io.fields import Lookups
from parkatlas.io.readers import Row, Table, TableStream
from parkatlas.io.validate import Validated, validate_table


@dataclass
class Checked:
    """One validated chunk: its size, the rows to write into the reject/warnings files, the result."""

    rows: int
    flagged: list[Row]
    result: Validated


class CycleSweeper:
    """Frees what a chunk left in reference cycles (the collector is paused at the CLI edge),
    looking only at the youngest objects — until two chunks in a row left none: a plain CSV
    leaves none, and each sweep walks the whole chunk (a few percent of a million-row import)."""

    def __init__(self) -> None:
        self.quiet = 0

    def __call__(self) -> None:
        if self.quiet < 2:
            self.quiet = self.quiet + 1 if gc.collect(0) == 0 else 0


def validated_chunks(
    entity: str, table: Table | TableStream, lookups: Lookups, mapping: dict[str, str],
    pending: Iterable[list[Row]],
) -> Iterator[Checked]:  # fmt: skip
    """Validate chunk after chunk, the duplicate check carried across them."""
    seen: dict[str, int] = {}
    sweep = CycleSweeper()
    for chunk in pending:
        part = Table(table.path, table.format, table.headers, chunk)
        checked = validate_table(entity, part, lookups, mapping, seen_ids=seen)
        flagged: list[Row] = []
        if checked.errors or checked.warnings:
            marked = {e.row for e in checked.errors} | {w.row for w in checked.warnings}
            flagged = [r for r in chunk if r[0] in marked]
        yield Checked(len(chunk), flagged, checked)
        del part, chunk, checked
        sweep()


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


def _die_with_parent(parent: int) -> None:
    """The child must not outlive a killed parent: it holds copies of the parent's database
    socket, and a PostgreSQL server keeps the transaction (and its locks) open while any
    copy is open. Linux: PR_SET_PDEATHSIG; elsewhere the broken pipe ends it at its next send."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


def _produce(
    send: multiprocessing.connection.Connection,
    recv: multiprocessing.connection.Connection,
    parent: int,
    chunks: Iterator[Checked],
) -> None:
    _die_with_parent(parent)
    recv.close()  # the parent's end: with it closed here, a dead parent breaks the pipe
    try:
        for item in chunks:
            send.send_bytes(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL))
        send.send_bytes(pickle.dumps(None))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        try:
            payload = pickle.dumps(("error", exc))
            pickle.loads(payload)  # an exception that cannot come back whole comes back as text
        except Exception:  # noqa: BLE001
            payload = pickle.dumps(("error", ParkatlasError(str(exc) or type(exc).__name__)))
        send.send_bytes(payload)
    finally:
        send.close()


def in_child(chunks: Iterator[Checked]) -> Iterator[Checked]:
    """The same chunks, validated in a forked child process."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_produce, args=(send, recv, os.getpid(), chunks), daemon=True,
                        name="parkatlas-validate")  # fmt: skip
    child.start()
    send.close()
    try:
        while True:
            try:
                item = pickle.loads(recv.recv_bytes())
            except EOFError:
                raise ParkatlasError("the validating process ended without a result") from None
            if item is None:
                return
            if isinstance(item, tuple):
                raise item[1]
            yield item
    finally:
        recv.close()
        if child.is_alive():
            child.terminate()
        child.join()
