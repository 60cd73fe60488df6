"""Export parks, sites, enterprises or projects as CSV, XLSX, GeoJSON or JSON.

The columns are the entity's stored fields (for sites: the canonical site columns, then
preferred_industries, indicators, source, synthetic), so an export imports back unchanged.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from parkatlas.db import make_engine, require_schema
from parkatlas.errors import ParkatlasError
from parkatlas.io.store import ENTITY_COLUMNS, TABLES

EXPORT_FORMATS = ("csv", "xlsx", "geojson", "json")


def export_columns(entity: str) -> list[str]:
    return ENTITY_COLUMNS[entity]


def iter_rows(url: str, entity: str) -> Iterator[dict[str, Any]]:
    if entity not in TABLES:
        raise ParkatlasError(f"unknown kind {entity!r}: use one of {', '.join(TABLES)}")
    table = TABLES[entity].__table__
    cols = export_columns(entity)
    engine = make_engine(url)
    try:
        require_schema(engine)
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=10_000).execute(
                select(*[table.c[c] for c in cols]).order_by(table.c.id)
            )
            for row in result:
                yield dict(zip(cols, row, strict=True))
    finally:
        engine.dispose()


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return str(v)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}


def write_export(url: str, entity: str, fmt: str, out: IO[str] | Path) -> int:
    """Write every row of the entity; `out` is a text stream (csv, json, geojson) or a path."""
    if fmt not in EXPORT_FORMATS:
        raise ParkatlasError(f"unknown --format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    cols = export_columns(entity)
    rows = iter_rows(url, entity)
    if fmt == "xlsx":
        if not isinstance(out, Path):
            raise ParkatlasError("xlsx is a binary format: give an output file with -o FILE.xlsx")
        return _write_xlsx(rows, cols, entity, out)
    if isinstance(out, Path):
        with out.open("w", newline="", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as fh:
            return write_export_stream(rows, cols, fmt, fh)
    return write_export_stream(rows, cols, fmt, out)


def write_export_stream(
    rows: Iterator[dict[str, Any]], cols: list[str], fmt: str, fh: IO[str]
) -> int:
    n = 0
    if fmt == "csv":
        w = csv.writer(fh)
        w.writerow(cols)
        for row in rows:
            w.writerow([_cell(row[c]) for c in cols])
            n += 1
        return n
    if fmt == "json":
        fh.write("[")
        for row in rows:
            fh.write(("\n" if n == 0 else ",\n") + json.dumps(_jsonable(row), ensure_ascii=False))
            n += 1
        fh.write("\n]\n")
        return n
    fh.write('{"type": "FeatureCollection", "features": [')
    for row in rows:
        lat, lon = row.get("lat"), row.get("lon")
        props = {k: v for k, v in _jsonable(row).items() if k not in ("lat", "lon")}
        geom = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        feat = {"type": "Feature", "geometry": geom, "properties": props}
        fh.write(("\n" if n == 0 else ",\n") + json.dumps(feat, ensure_ascii=False))
        n += 1
    fh.write("\n]}\n")
    return n


def _write_xlsx(rows: Iterator[dict[str, Any]], cols: list[str], entity: str, path: Path) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(entity)
    ws.append(cols)
    n = 0
    for row in rows:
        ws.append([_xlsx_cell(row[c]) for c in cols])
        n += 1
    wb.save(path)
    return n


def _xlsx_cell(v: Any) -> Any:
    if isinstance(v, dict | list):
        return json.dumps(v, ensure_ascii=False, sort_keys=True)
    return v


def export_text(url: str, entity: str, fmt: str) -> str:
    buf = io.StringIO()
    write_export(url, entity, fmt, buf)
    return buf.getvalue()
