"""Readers for CSV (UTF-8, GBK/GB18030, auto-detected), XLSX, GeoJSON and JSON files.

Each reader returns a `Table`: the headers as written and the rows as (row number, values),
where the row number is the one a person sees in the file (CSV/XLSX: the header is row 1).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.io.cellsafe import restore_row

FORMATS = ("csv", "xlsx", "geojson", "json")


@dataclass
class Table:
    path: str
    format: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]]
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)


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
    if suffix in ("geojson",):
        return "geojson"
    if suffix == "json":
        return "json"
    if suffix == "xls":
        raise ParkatlasError(
            f"{path}: old .xls files are not read; save it as .xlsx or .csv in Excel"
        )
    raise ParkatlasError(
        f"{path}: cannot tell the format from '.{suffix}'; pass --format csv|xlsx|geojson|json"
    )


def decode_bytes(data: bytes, path: str = "<input>") -> tuple[str, str]:
    """Decode text: UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK), then a guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    raise ParkatlasError(
        f"{path}: the text is neither UTF-8 nor GBK/GB18030 and its encoding cannot be guessed; "
        "save it as UTF-8 (Excel: 'CSV UTF-8')"
    )


def read_csv(path: Path) -> Table:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ParkatlasError(f"{path}: this is a binary file, not a CSV text")
    text, encoding = decode_bytes(data, str(path))
    sample = text[:8192]
    delimiter = ","
    if sample.count("\t") > sample.count(",") and sample.count("\t") > sample.count(";"):
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 0
    headers: list[str] | None = None
    for values in reader:
        line += 1
        if sum(1 for v in values if v.strip()) >= 2:
            headers = (
                values  # the first row with two or more cells; title rows above it are skipped
            )
            break
    if headers is None:
        raise ParkatlasError(f"{path}: the file is empty (no header row)")
    rows: list[tuple[int, list[Any]]] = []
    for values in reader:
        line += 1
        if not "".join(values).strip():
            continue  # blank line
        rows.append((line, restore_row(values)))
    return Table(str(path), "csv", restore_row(headers), rows, encoding)


def read_xlsx(path: Path, sheet: str | None = None) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise ParkatlasError(f"{path}: not a readable .xlsx workbook ({exc})") from exc
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
    except KeyError:
        raise ParkatlasError(
            f"{path}: no sheet named {sheet!r}; sheets: {', '.join(wb.sheetnames)}"
        ) from None
    it: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
    headers: list[str] | None = None
    rows: list[tuple[int, list[Any]]] = []
    line = 0
    for values in it:
        line += 1
        vals = list(values)
        if headers is None:
            if sum(1 for v in vals if v is not None and str(v).strip()) < 2:
                continue  # blank or title rows above the header (某区载体清单 …)
            headers = restore_row(["" if v is None else str(v) for v in vals])
            continue
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
            continue
        rows.append((line, restore_row(vals)))
    wb.close()
    if headers is None:
        raise ParkatlasError(f"{path}: the sheet is empty (no header row)")
    return Table(str(path), "xlsx", headers, rows)


def _records_table(path: Path, fmt: str, records: list[dict[str, Any]]) -> Table:
    headers: list[str] = []
    seen: set[str] = set()
    for rec in records:
        for key in rec:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    rows = [(i + 1, [rec.get(h) for h in headers]) for i, rec in enumerate(records)]
    return Table(str(path), fmt, headers, rows)


def read_json(path: Path) -> Table:
    text, _ = decode_bytes(path.read_bytes(), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParkatlasError(
            f"{path}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return _geojson_table(path, data)
    if isinstance(data, dict):
        for key in ("items", "data", "rows"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ParkatlasError(f"{path}: expected a JSON list of objects (or {{'items': [...]}})")
    return _records_table(path, "json", data)


def _geojson_table(path: Path, data: dict[str, Any]) -> Table:
    records = []
    for i, feat in enumerate(data.get("features") or []):
        if not isinstance(feat, dict):
            raise ParkatlasError(f"{path}: feature {i + 1} is not an object")
        props = dict(feat.get("properties") or {})
        geom = feat.get("geometry") or {}
        if geom:
            if geom.get("type") != "Point":
                raise ParkatlasError(
                    f"{path}: feature {i + 1} has a {geom.get('type')} geometry; only Point is read "
                    "(give the site's centre point)"
                )
            coords = geom.get("coordinates") or []
            if len(coords) >= 2:
                props["lon"], props["lat"] = coords[0], coords[1]
        records.append(props)
    return _records_table(path, "geojson", records)


def read_geojson(path: Path) -> Table:
    text, _ = decode_bytes(path.read_bytes(), str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParkatlasError(f"{path}: invalid GeoJSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ParkatlasError(f"{path}: expected a GeoJSON FeatureCollection")
    return _geojson_table(path, data)


def read_table(path: str | Path, fmt: str | None = None, sheet: str | None = None) -> Table:
    """Read any supported file into a Table; a file that cannot be read raises ParkatlasError."""
    p = Path(path)
    if not p.exists():
        raise ParkatlasError(f"{p}: no such file")
    if p.stat().st_size == 0:
        raise ParkatlasError(f"{p}: the file is empty")
    kind = detect_format(p, fmt)
    if kind == "csv":
        return read_csv(p)
    if kind == "xlsx":
        return read_xlsx(p, sheet)
    if kind == "geojson":
        return read_geojson(p)
    return read_json(p)
