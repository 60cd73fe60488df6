"""Readers for CSV (UTF-8, GBK/GB18030, Big5, auto-detected), XLSX/XLS/ODS, GeoJSON and JSON.

Every reader streams: `open_table` returns a `TableStream` whose rows are produced as the
file is read (memory does not grow with the file); `read_table` collects them into a
`Table` for callers that need every row at once. Rows are (row number, values), the row
number being the one a person sees in the file (CSV/XLSX: the header is row 1 when it is the
first line). Title rows above the header are skipped; with a `recognize` callback (does this
row look like a header of the entity?) the header is the first recognized row of the first
recognized sheet, and the report names the sheet. Limits (`io.limits`) are checked before
memory is spent; cells written by `io.cellsafe.neutralise` are restored.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.io.cellsafe import restore_row
from parkatlas.io.limits import Limits, check_columns, check_file_size, check_rows, load_limits

FORMATS = ("csv", "xlsx", "xls", "ods", "geojson", "json")
Recognize = Callable[[list[str]], bool]
Row = tuple[int, list[Any]]
HEADER_LOOKAHEAD = 30  # rows searched for a recognized header (title rows, notes above it)


@dataclass
class Table:
    path: str
    format: str
    headers: list[str]
    rows: list[Row]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None


@dataclass
class TableStream:
    """A table being read: the headers are known, the rows come as the file is read."""

    path: str
    format: str
    headers: list[str]
    rows: Iterator[Row]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    sheet: str | None = None

    def chunks(self, size: int) -> Iterator[list[Row]]:
        while batch := list(itertools.islice(self.rows, size)):
            yield batch

    def read_all(self) -> Table:
        return Table(self.path, self.format, self.headers, list(self.rows), self.encoding,
                     self.notes, self.sheet)  # fmt: skip


def detect_format(path: Path, fmt: str | None = None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise ParkatlasError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    if suffix in ("csv", "txt", "tsv"):
        return "csv"
    if suffix in ("xlsx", "xlsm"):
        return "xlsx"
    if suffix in ("xls", "ods", "geojson", "json"):
        return suffix
    raise ParkatlasError(
        f"{path}: cannot tell the format from '.{suffix}'; pass --format csv|xlsx|xls|ods|geojson|json"
    )


def _blank(vals: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in vals)


def _filled(vals: list[Any]) -> int:
    return sum(1 for v in vals if v is not None and str(v).strip())


def split_header(
    rows: Iterator[Row], recognize: Recognize | None
) -> tuple[Row, Iterator[Row]] | None:
    """(header row, the rows after it), or None when no row looks like a header.

    Without `recognize` the header is the first row with two or more cells (title rows
    above it are skipped); with it, the first recognized row among the first
    HEADER_LOOKAHEAD, falling back to the first row with two or more cells.
    """
    buffer: list[Row] = []
    chosen: int | None = None
    for line, vals in rows:
        buffer.append((line, vals))
        if _filled(vals) >= 2 and (recognize is None or recognize([_s(v).strip() for v in vals])):
            chosen = len(buffer) - 1
            break
        if len(buffer) >= HEADER_LOOKAHEAD:
            break
    if chosen is None:  # nothing recognized: the first row of two or more cells, else any
        chosen = next((i for i, (_, v) in enumerate(buffer) if _filled(v) >= 2), None)
    if chosen is None:
        chosen = next((i for i, (_, v) in enumerate(buffer) if _filled(v) >= 1), None)
    if chosen is None:
        return None
    line, vals = buffer[chosen]
    header = (line, [_s(v) for v in vals])
    return header, itertools.chain(buffer[chosen + 1 :], rows)


def _s(v: Any) -> str:
    return "" if v is None else str(v)


def data_rows(
    path: Path | str, rows: Iterator[Row], width: int, limits: Limits, *, check_cells: bool
) -> Iterator[Row]:
    """Drop blank rows, restore neutralised cells, enforce the row, column and cell limits."""
    n = 0
    for line, vals in rows:
        try:  # a row of text (CSV): one C-level join answers "blank?" and "any quote?"
            joined = "".join(vals)
            if not joined.strip():
                continue
            quoted = "'" in joined
        except TypeError:  # numbers, dates, None (workbooks, JSON)
            if _blank(vals):
                continue
            quoted = True
        if len(vals) > width:  # cells past the header: only a problem when they hold data
            while vals and vals[-1] in (None, ""):
                vals.pop()
            check_columns(path, line, len(vals), limits)
        if check_cells:
            for j, v in enumerate(vals):
                if isinstance(v, str) and len(v) > limits.cell_chars:
                    from parkatlas.io.limits import cell_too_long

                    raise cell_too_long(path, line, j + 1, len(v), limits)
        n += 1
        if n > limits.rows:
            check_rows(path, n, limits)
        yield line, (restore_row(vals) if quoted else vals)


def check_line_lengths(path: Path, limits: Limits) -> None:
    """Refuse a file with a line longer than the limit, scanning bytes in 1 MiB chunks: a
    200 MB single-line 'CSV' is refused after reading a few MiB, without holding the line."""
    limit = limits.line_bytes
    carry = 0  # bytes of the current line read so far
    lines = 0  # complete lines before it
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            pieces = chunk.split(b"\n")
            if len(pieces) == 1:
                carry += len(chunk)
            else:
                lengths = [carry + len(pieces[0]), *map(len, pieces[1:-1])]
                if max(lengths) > limit:
                    _too_long(
                        path,
                        lines + next(i for i, n in enumerate(lengths) if n > limit) + 1,
                        limits,
                    )
                lines += len(pieces) - 1
                carry = len(pieces[-1])
            if carry > limit:
                _too_long(path, lines + 1, limits)


def _too_long(path: Path, line: int, limits: Limits) -> None:
    from parkatlas.io.limits import refuse

    raise refuse(
        path, f"line {line} is longer than {limits.line_bytes:,} bytes",
        f"{limits.line_bytes:,} bytes per line", "line_bytes",
        "is this really a CSV table (one record per line)?",
    )  # fmt: skip


def open_csv(path: Path, limits: Limits, recognize: Recognize | None = None) -> TableStream:
    from parkatlas.textcodec import detect_file_encoding

    encoding = detect_file_encoding(path)
    check_line_lengths(path, limits)
    fh = path.open("r", encoding=encoding, newline="")
    try:
        sample = fh.read(8192)
        fh.seek(0)
        delimiter = ","
        if sample.count("\t") > sample.count(",") and sample.count("\t") > sample.count(";"):
            delimiter = "\t"
        csv.field_size_limit(limits.cell_chars)
        reader = csv.reader(fh, delimiter=delimiter)
        raw = _csv_rows(path, reader, limits)
        found = split_header(raw, recognize)
    except BaseException:
        fh.close()
        raise
    if found is None:
        fh.close()
        raise ParkatlasError(f"{path}: the file is empty (no header row)")
    (_, headers), rest = found
    check_columns(path, 1, len(headers), limits)

    def rows() -> Iterator[Row]:
        try:
            yield from data_rows(path, rest, len(headers), limits, check_cells=False)
        finally:
            fh.close()

    return TableStream(str(path), "csv", restore_row(headers), rows(), encoding)


def _csv_rows(path: Path, reader: Any, limits: Limits) -> Iterator[Row]:
    line = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                from parkatlas.io.limits import refuse

                raise refuse(
                    path, f"row {line + 1} holds a cell longer than {limits.cell_chars:,} characters",
                    f"{limits.cell_chars:,} characters per cell", "cell_chars",
                    "a quote may be unbalanced",
                ) from None  # fmt: skip
            raise ParkatlasError(f"{path}: row {line + 1}: not readable as CSV ({exc})") from None
        line += 1
        if len(values) > limits.columns:
            check_columns(path, line, len(values), limits)
        yield line, values


def open_table(
    path: str | Path,
    fmt: str | None = None,
    sheet: str | None = None,
    *,
    recognize: Recognize | None = None,
    limits: Limits | None = None,
) -> TableStream:
    """Open any supported file as a stream of rows; a file that cannot be read (or passes a
    limit) raises ParkatlasError naming the file and the reason."""
    p = Path(path)
    lim = limits or load_limits()
    if not p.exists():
        raise ParkatlasError(f"{p}: no such file")
    if p.is_dir():
        raise ParkatlasError(f"{p}: is a folder, not a file; give the file inside it")
    if not p.is_file():
        raise ParkatlasError(f"{p}: not a regular file")
    try:
        size = check_file_size(p, lim)
        if size == 0:
            raise ParkatlasError(f"{p}: the file is empty")
        kind = detect_format(p, fmt)
        if kind == "csv":
            return open_csv(p, lim, recognize)
        if kind in ("xlsx", "xls", "ods"):
            from parkatlas.io.sheets import open_sheet

            return open_sheet(p, kind, lim, sheet, recognize)
        from parkatlas.io.jsonstream import open_json

        return open_json(p, kind, lim)
    except PermissionError:
        raise ParkatlasError(f"{p}: permission denied (cannot read the file)") from None
    except OSError as exc:
        raise ParkatlasError(f"{p}: cannot read the file ({exc.strerror or exc})") from None


def read_table(
    path: str | Path,
    fmt: str | None = None,
    sheet: str | None = None,
    *,
    recognize: Recognize | None = None,
    limits: Limits | None = None,
) -> Table:
    """Read any supported file into a Table (every row); see `open_table`."""
    stream = open_table(path, fmt, sheet, recognize=recognize, limits=limits)
    try:
        return stream.read_all()
    except OSError as exc:
        raise ParkatlasError(f"{path}: cannot read the file ({exc.strerror or exc})") from None
