"""Export parks, sites, enterprises or projects as CSV, XLSX, GeoJSON or JSON.

The columns are the entity's stored fields (for sites: the canonical site columns, then
preferred_industries, indicators, source, synthetic), so an export imports back unchanged.
`lang="zh"` writes the Chinese presentation of `io.export_zh` instead (headers with units,
names instead of codes, rounded figures) for a bureau to hand on. `ExportFilter` keeps only
the rows of one region, kind or status, or only the real (non-synthetic) rows.

Every CSV/XLSX cell passes through `io.cellsafe.neutralise`: no export holds a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select

from parkatlas.db import make_engine, require_schema
from parkatlas.errors import ParkatlasError
from parkatlas.industry_links import column_of
from parkatlas.io.cellsafe import neutralise, xlsx_value
from parkatlas.io.store import ENTITY_COLUMNS, TABLES

EXPORT_FORMATS = ("csv", "xlsx", "geojson", "json")
LANGS = ("en", "zh")


@dataclass(frozen=True)
class ExportFilter:
    """Which rows to export: all by default. Values are as a user writes them (嘉定区, 厂房, 可租)."""

    region: str | None = None
    kind: str | None = None
    status: str | None = None
    no_synthetic: bool = False


def export_columns(entity: str) -> list[str]:
    return ENTITY_COLUMNS[entity]


def _where(entity: str, table: Any, flt: ExportFilter) -> list[Any]:
    from parkatlas.io.fields import KIND_WORDS, STAGE_WORDS, STAGES, STATUS_WORDS

    conds: list[Any] = []
    if flt.region:
        col = {"sites": "region", "enterprises": "region", "parks": "region_code"}.get(entity)
        if col is None:
            raise ParkatlasError(f"--region does not apply to {entity} (they have no region)")
        from parkatlas.reference.regions import code_prefix, region_index

        code = region_index().resolve(flt.region.strip())
        if code is None:
            raise ParkatlasError(
                f"--region {flt.region!r}: unknown region; give a name (嘉定区, 嘉定) or a 6-digit code"
            )
        conds.append(table.c[col].startswith(code_prefix(code), autoescape=True))
    if flt.kind:
        word = flt.kind.strip()
        if entity == "sites":
            kind = KIND_WORDS.get(word.lower() if word.isascii() else word)
            if kind is None:
                choices = ", ".join(sorted(set(KIND_WORDS.values())))
                raise ParkatlasError(f"--kind {word!r}: unknown site kind; use {choices} or 厂房/仓库/…")
            conds.append(table.c.kind == kind)
        elif entity == "parks":
            conds.append(table.c.kind == word)
        else:
            raise ParkatlasError(f"--kind does not apply to {entity}")
    if flt.status:
        word = flt.status.strip()
        key = word.lower() if word.isascii() else word
        if entity == "sites":
            status = STATUS_WORDS.get(key)
            if status is None:
                raise ParkatlasError(
                    f"--status {word!r}: unknown status; use available (可租), reserved (已预订) or occupied (已租)"
                )
            conds.append(table.c.status == status)
        elif entity == "projects":
            stage = key if key in STAGES else STAGE_WORDS.get(key)
            if stage is None:
                raise ParkatlasError(f"--status {word!r}: unknown project stage; use one of {', '.join(STAGES)}")
            conds.append(table.c.stage == stage)
        else:
            raise ParkatlasError(f"--status does not apply to {entity}")
    if flt.no_synthetic:
        conds.append(table.c.synthetic.is_not(True))
    return conds


def iter_rows(
    url: str, entity: str, flt: ExportFilter | None = None
) -> Iterator[dict[str, Any]]:
    if entity not in TABLES:
        raise ParkatlasError(f"unknown kind {entity!r}: use one of {', '.join(TABLES)}")
    table = TABLES[entity].__table__
    cols = export_columns(entity)
    conds = _where(entity, table, flt or ExportFilter())
    engine = make_engine(url)
    try:
        require_schema(engine)
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=10_000).execute(
                select(*[column_of(entity, c) for c in cols]).where(*conds).order_by(table.c.id)
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
    return str(neutralise(v))


def _jv(v: Any) -> Any:
    return v.isoformat() if isinstance(v, dt.date) else v


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: _jv(v) for k, v in row.items()}


def write_export(
    url: str,
    entity: str,
    fmt: str,
    out: IO[str] | Path,
    *,
    lang: str = "en",
    flt: ExportFilter | None = None,
) -> int:
    """Write every (filtered) row of the entity; `out` is a text stream (csv, json, geojson) or a
    path. Returns the number of rows written."""
    if fmt not in EXPORT_FORMATS:
        raise ParkatlasError(f"unknown --format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if lang not in LANGS:
        raise ParkatlasError(f"unknown --lang {lang!r}: use zh (中文) or en")
    cols = export_columns(entity)
    rows = iter_rows(url, entity, flt)
    headers = cols
    if lang == "zh":
        from parkatlas.io.export_zh import ZhPresenter

        zh = ZhPresenter(url, entity, cols)
        headers = zh.headers
        rows = zh.rows(rows)
    if fmt == "xlsx":
        if not isinstance(out, Path):
            raise ParkatlasError("xlsx is a binary format: give an output file with -o FILE.xlsx")
        return _write_xlsx(rows, cols, headers, entity, out)
    if isinstance(out, Path):
        with out.open("w", newline="", encoding="utf-8-sig" if fmt == "csv" else "utf-8") as fh:
            return write_export_stream(rows, cols, fmt, fh, headers=headers)
    return write_export_stream(rows, cols, fmt, out, headers=headers)


def write_export_stream(
    rows: Iterator[dict[str, Any]],
    cols: list[str],
    fmt: str,
    fh: IO[str],
    *,
    headers: list[str] | None = None,
) -> int:
    n = 0
    names = headers or cols
    if fmt == "csv":
        w = csv.writer(fh)
        w.writerow([_cell(h) for h in names])
        for row in rows:
            w.writerow([_cell(row[c]) for c in cols])
            n += 1
        return n
    if fmt == "json":
        fh.write("[")
        for row in rows:
            rec = dict(zip(names, (row[c] for c in cols), strict=True))
            fh.write(("\n" if n == 0 else ",\n") + json.dumps(_jsonable(rec), ensure_ascii=False))
            n += 1
        fh.write("\n]\n")
        return n
    fh.write('{"type": "FeatureCollection", "features": [')
    for row in rows:
        lat, lon = row.get("lat"), row.get("lon")
        props = {
            h: _jv(row[c]) for h, c in zip(names, cols, strict=True) if c not in ("lat", "lon")
        }
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


def _write_xlsx(
    rows: Iterator[dict[str, Any]], cols: list[str], headers: list[str], entity: str, path: Path
) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(entity)
    ws.append([xlsx_value(h) for h in headers])
    n = 0
    for row in rows:
        ws.append([xlsx_value(row[c]) for c in cols])
        n += 1
    wb.save(path)
    return n


def export_text(
    url: str, entity: str, fmt: str, *, lang: str = "en", flt: ExportFilter | None = None
) -> str:
    buf = io.StringIO()
    write_export(url, entity, fmt, buf, lang=lang, flt=flt)
    return buf.getvalue()
