"""Workbooks: XLSX (openpyxl, streamed) and XLS/ODS (python-calamine), read whole and safely.

* A stored size tag (`<dimension ref="A1:D2">`) is never trusted: openpyxl's read-only
  reader is reset (`reset_dimensions`), so every row in the sheet is read, and empty
  formatted rows or columns past the data cost nothing (rows stop at the last row with data).
* Before anything is unpacked, the sizes the zip directory declares for the sheets and the
  shared strings are summed and refused past PARKATLAS_MAX_XLSX_MB (a zip bomb of 2 GB of
  XML is refused in milliseconds); Python's zip reader never inflates past a declared size.
* The sheet read is the one named by --sheet, else the first whose header row the caller's
  `recognize` accepts, else the first with data; the stream's notes say which.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.io.limits import MB, Limits, refuse
from parkatlas.io.readers import Recognize, Row, TableStream, data_rows, split_header

MAX_ZIP_MEMBERS = 10_000


def check_zip(path: Path, limits: Limits, parts: tuple[str, ...]) -> None:
    """Refuse a workbook whose declared uncompressed XML (members starting with `parts`)
    passes the limit, before any of it is inflated."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise ParkatlasError(f"{path}: not a readable workbook (not a valid zip: {exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ParkatlasError(f"{path}: the workbook holds {len(infos):,} parts; not a spreadsheet")
    total = sum(i.file_size for i in infos if i.filename.startswith(parts))
    if total > limits.xlsx_bytes:
        raise refuse(
            path, f"its sheets unpack to {total / MB:,.0f} MiB", f"{limits.xlsx_mb:,} MiB",
            "xlsx_mb", "a workbook this large is a zip bomb or needs splitting",
        )  # fmt: skip


def open_sheet(
    path: Path, kind: str, limits: Limits, sheet: str | None, recognize: Recognize | None
) -> TableStream:
    if kind == "xlsx":
        check_zip(path, limits, ("xl/worksheets/", "xl/sharedStrings"))
        return _open_xlsx(path, limits, sheet, recognize)
    if kind == "ods":
        check_zip(path, limits, ("content.xml",))
    return _open_calamine(path, kind, limits, sheet, recognize)


def _pick(
    path: Path,
    names: list[str],
    sheet: str | None,
    rows_of: Any,
    recognize: Recognize | None,
) -> tuple[str, tuple[Row, Iterator[Row]], list[str]]:
    """(sheet name, (header, rows), notes) for the sheet to read."""
    if sheet is not None:
        if sheet not in names:
            raise ParkatlasError(f"{path}: no sheet named {sheet!r}; sheets: {', '.join(names)}")
        found = split_header(rows_of(sheet), recognize)
        if found is None:
            raise ParkatlasError(f"{path}: sheet {sheet!r} is empty (no header row)")
        return sheet, found, []
    first: tuple[str, tuple[Row, Iterator[Row]]] | None = None
    for name in names:
        found = split_header(rows_of(name), recognize)
        if found is None:
            continue
        if recognize is None or recognize([h.strip() for h in found[0][1]]):
            notes = [] if len(names) == 1 else [
                f"read sheet {name!r} (its header is recognized); sheets: {', '.join(names)}; "
                "choose another with --sheet NAME"
            ]  # fmt: skip
            return name, found, notes
        if first is None:
            first = (name, found)
    if first is None:
        raise ParkatlasError(f"{path}: every sheet is empty (no header row)")
    name, found = first
    notes = [f"no sheet has a header this import knows; read sheet {name!r} "
             f"(sheets: {', '.join(names)}; choose with --sheet NAME)"]  # fmt: skip
    return name, found, notes


def _open_xlsx(
    path: Path, limits: Limits, sheet: str | None, recognize: Recognize | None
) -> TableStream:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        raise ParkatlasError(f"{path}: not a readable .xlsx workbook ({exc})") from None

    def rows_of(name: str) -> Iterator[Row]:
        ws = wb[name]
        ws.reset_dimensions()  # the stored size tag may be stale: read every row there is
        for line, values in enumerate(ws.iter_rows(values_only=True), 1):
            yield line, list(values)

    try:
        name, ((_, headers), rest), notes = _pick(
            path, list(wb.sheetnames), sheet, rows_of, recognize
        )
    except BaseException:
        wb.close()
        raise
    while headers and not headers[-1].strip():
        headers.pop()

    def rows() -> Iterator[Row]:
        try:
            yield from data_rows(path, rest, len(headers), limits, check_cells=True)
        finally:
            wb.close()

    return TableStream(str(path), "xlsx", headers, rows(), None, notes, name)


def _open_calamine(
    path: Path, kind: str, limits: Limits, sheet: str | None, recognize: Recognize | None
) -> TableStream:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as exc:
        raise ParkatlasError(f"{path}: not a readable .{kind} workbook ({exc})") from None

    def rows_of(name: str) -> Iterator[Row]:
        ws = wb.get_sheet_by_name(name)
        first = ws.start[0] if ws.start else 0  # calamine's rows begin at the first used row
        for line, values in enumerate(ws.iter_rows(), first + 1):
            yield line, [None if v == "" else v for v in values]

    try:
        name, ((_, headers), rest), notes = _pick(
            path, list(wb.sheet_names), sheet, rows_of, recognize
        )
    except CalamineError as exc:
        raise ParkatlasError(f"{path}: not a readable .{kind} workbook ({exc})") from None
    while headers and not headers[-1].strip():
        headers.pop()
    rows = data_rows(path, rest, len(headers), limits, check_cells=True)
    return TableStream(str(path), kind, headers, rows, None, notes, name)
