"""Documented, configurable limits on what a reader accepts, checked before memory is spent.

Each limit has a PARKATLAS_* variable (README, Configuration) and a default sized for real
listings with a wide margin: the 1,000,000-row benchmark CSV is 164 MB; Excel itself stops
at 1,048,576 rows, 16,384 columns and 32,767 characters per cell. A file past a limit is
refused with a message that names the file, what was found, the limit and its variable.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from parkatlas.errors import ParkatlasError

MB = 1024 * 1024

# variable → (Limits attribute, default, meaning); README.md documents each (a test checks).
LIMIT_SETTINGS: dict[str, tuple[str, int, str]] = {
    "PARKATLAS_MAX_FILE_MB": ("file_mb", 1024, "largest file import reads, in MiB"),
    "PARKATLAS_MAX_XLSX_MB": (
        "xlsx_mb", 1024,
        "largest uncompressed size of a workbook's sheets and shared strings, in MiB "
        "(checked before unpacking: a zip bomb is refused at once)",
    ),
    "PARKATLAS_MAX_ROWS": ("rows", 5_000_000, "most data rows in one file"),
    "PARKATLAS_MAX_COLUMNS": ("columns", 1_000, "most columns in one row"),
    "PARKATLAS_MAX_CELL_CHARS": ("cell_chars", 32_767, "longest cell, in characters (Excel's own limit)"),
    "PARKATLAS_MAX_LINE_BYTES": ("line_bytes", 4 * MB, "longest line of a CSV file, in bytes (checked before the line is parsed)"),
    "PARKATLAS_MAX_JSON_DEPTH": ("json_depth", 64, "deepest nesting of lists/objects in a JSON file"),
}  # fmt: skip
_VAR = {attr: var for var, (attr, _, _) in LIMIT_SETTINGS.items()}


@dataclass(frozen=True)
class Limits:
    file_mb: int = 1024
    xlsx_mb: int = 1024
    rows: int = 5_000_000
    columns: int = 1_000
    cell_chars: int = 32_767
    line_bytes: int = 4 * MB
    json_depth: int = 64

    @property
    def file_bytes(self) -> int:
        return self.file_mb * MB

    @property
    def xlsx_bytes(self) -> int:
        return self.xlsx_mb * MB


def load_limits(environ: Mapping[str, str] | None = None) -> Limits:
    env = os.environ if environ is None else environ
    values: dict[str, int] = {}
    for var, (attr, default, _) in LIMIT_SETTINGS.items():
        raw = env.get(var, "").strip()
        if not raw:
            values[attr] = default
            continue
        try:
            n = int(raw)
            if n <= 0:
                raise ValueError
        except ValueError:
            raise ParkatlasError(f"{var}={raw!r} must be a positive whole number") from None
        values[attr] = n
    assert {f.name for f in fields(Limits)} == set(values)
    return Limits(**values)


def refuse(path: Path | str, found: str, limit: str, attr: str, hint: str = "") -> ParkatlasError:
    """'FILE: found; the limit is L (VAR): hint' — the one shape of every limit message."""
    msg = f"{path}: {found}; the limit is {limit} ({_VAR[attr]})"
    return ParkatlasError(msg + (f": {hint}" if hint else ""))


def check_file_size(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise refuse(
            path, f"the file is {size / MB:,.1f} MiB", f"{limits.file_mb:,} MiB", "file_mb",
            "split the file, or raise the limit",
        )  # fmt: skip
    return size


def check_columns(path: Path | str, row: int, n: int, limits: Limits) -> None:
    if n > limits.columns:
        raise refuse(
            path, f"row {row} has {n:,} columns", f"{limits.columns:,} columns", "columns",
            "is the separator right, and is this a table?",
        )  # fmt: skip


def check_rows(path: Path | str, n: int, limits: Limits) -> None:
    if n > limits.rows:
        raise refuse(
            path, f"more than {limits.rows:,} data rows", f"{limits.rows:,} rows", "rows",
            "split the file, or raise the limit",
        )  # fmt: skip


def cell_too_long(
    path: Path | str, row: int, column: int, length: int, limits: Limits
) -> ParkatlasError:
    return refuse(
        path, f"row {row}, column {column} holds {length:,} characters",
        f"{limits.cell_chars:,} characters per cell", "cell_chars",
    )  # fmt: skip
