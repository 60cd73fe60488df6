"""Row validation: raw table rows → normalized records, with every refused row explained.

Pure: it needs only the table and the lookups. Nothing is written here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from parkatlas.io.bounds import check_column
from parkatlas.io.fields import ENTITIES, Field, Lookups, map_headers
from parkatlas.io.readers import Table


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        col = f", column {self.column!r}" if self.column else ""
        val = f", value {self.value!r}" if self.value != "" else ""
        return f"{self.file}: row {self.row}{col}{val}: {self.reason}"


@dataclass
class Validated:
    records: list[tuple[int, dict[str, Any]]]
    errors: list[RowError]
    unknown_headers: list[str]
    refused_rows: set[int]


def natural_key(entity: str, rec: dict[str, Any]) -> str:
    """The documented key for a row without an id (docs/import.md)."""
    if entity == "sites":
        parts = [
            rec.get("park"),
            rec.get("region"),
            rec.get("address"),
            rec.get("kind"),
            rec.get("floors"),
            rec.get("area_m2"),
        ]
    elif entity == "parks":
        parts = [rec.get("name_zh")]
    elif entity == "enterprises":
        if rec.get("uscc"):
            return str(rec["uscc"])
        parts = [rec.get("name")]
    else:
        parts = [rec.get("enterprise"), rec.get("name")]
    digest = hashlib.sha1(
        "|".join("" if p is None else str(p) for p in parts).encode()
    ).hexdigest()[:12]
    return f"{entity[0]}-{digest}"


def _short(v: Any) -> str:
    s = "" if v is None else str(v)
    return s if len(s) <= 80 else s[:77] + "…"


def validate_table(entity: str, table: Table, lookups: Lookups) -> Validated:
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}")
    mapping, unknown = map_headers(entity, table.headers)
    fields = ENTITIES[entity]
    present = {f.name for f in mapping.values()}
    errors: list[RowError] = []
    missing = [f for f in fields if f.required and f.name not in present]
    if missing:
        listed = ", ".join(f"{f.name} ({f.label_zh})" for f in missing)
        errors.append(RowError(table.path, 1, "", "", f"missing required column(s): {listed}"))
        return Validated([], errors, unknown, {r for r, _ in table.rows})

    items: list[tuple[int, Field]] = sorted(mapping.items())
    headers = table.headers
    rownos = [r for r, _ in table.rows]
    bad_rows: set[int] = set()
    names: list[str] = []
    columns: list[list[Any]] = []
    # column by column: a list comprehension per column, with a per-distinct-value cache for
    # columns of few values (kind, region, industries, dates …); a row-by-row pass only for a
    # column where some cell fails, to name each failing cell.
    width = len(headers)
    padded = [
        vals if len(vals) >= width else [*vals, *([None] * (width - len(vals)))]
        for _, vals in table.rows
    ]
    transposed = list(zip(*padded, strict=False)) if padded else [()] * width
    for i, f in items:
        raw_col = list(transposed[i])
        converted, col_errors = _convert_column(f, raw_col, lookups)
        col_errors += check_column(entity, f.name, converted)  # io.bounds: same on SQLite and PG
        for j, msg in col_errors:
            errors.append(RowError(table.path, rownos[j], str(headers[i]), _short(raw_col[j]), msg))
            bad_rows.add(j)
        names.append(f.name)
        columns.append(converted)
    required = [f for f in fields if f.required]
    records: list[tuple[int, dict[str, Any]]] = []
    refused: set[int] = set()
    seen_ids: dict[str, int] = {}
    crs = lookups.crs
    has_location = "lat" in names or "lon" in names
    for j, vals in enumerate(zip(*columns, strict=True)) if columns else []:
        rowno = rownos[j]
        if j in bad_rows:
            refused.add(rowno)
            continue
        rec = dict(zip(names, vals, strict=True))
        bad = False
        for f in required:
            if rec.get(f.name) is None:
                errors.append(
                    RowError(table.path, rowno, f.name, "", f"{f.name} ({f.label_zh}) is required")
                )
                bad = True
        if not bad and has_location:
            problem = _check_location(rec, crs)
            if problem:
                errors.append(
                    RowError(
                        table.path,
                        rowno,
                        "lat/lon",
                        _short(f"{rec.get('lat')},{rec.get('lon')}"),
                        problem,
                    )
                )
                bad = True
        if bad:
            refused.add(rowno)
            continue
        _fill_defaults(entity, rec, lookups)
        rid = rec["id"]
        if rid in seen_ids:
            errors.append(
                RowError(
                    table.path,
                    rowno,
                    "id",
                    rid,
                    f"duplicate id: the same id is already on row {seen_ids[rid]}",
                )
            )
            refused.add(rowno)
            continue
        seen_ids[rid] = rowno
        records.append((rowno, rec))
    errors.sort(key=lambda e: e.row)
    return Validated(records, errors, unknown, refused)


def _convert_column(
    f: Field, raw: list[Any], lookups: Lookups
) -> tuple[list[Any], list[tuple[int, str]]]:
    conv = f.conv
    if f.cached:
        try:
            distinct = set(raw)
        except TypeError:  # a JSON cell holding a list or an object
            distinct = None
        if distinct is not None:
            cache: dict[Any, Any] = {}
            failed: dict[Any, str] = {}
            for v in distinct:
                try:
                    cache[v] = conv(v, lookups)
                except ValueError as exc:
                    failed[v] = str(exc)
            if not failed:
                return [cache[v] for v in raw], []
            bad = [(j, failed[v]) for j, v in enumerate(raw) if v in failed]
            return [cache.get(v) for v in raw], bad
    try:
        return [conv(v, lookups) for v in raw], []
    except ValueError:
        pass
    out: list[Any] = []
    errs: list[tuple[int, str]] = []
    for j, v in enumerate(raw):
        try:
            out.append(conv(v, lookups))
        except ValueError as exc:  # UnitError is a ValueError
            out.append(None)
            errs.append((j, str(exc)))
    return out, errs


def _check_location(rec: dict[str, Any], crs: str) -> str | None:
    from parkatlas.geo import CHINA_LAT, CHINA_LON, check_lat_lon, to_wgs84

    lat, lon = rec.get("lat"), rec.get("lon")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        return "give both latitude and longitude, or neither"
    if not (CHINA_LAT[0] <= lat <= CHINA_LAT[1] and CHINA_LON[0] <= lon <= CHINA_LON[1]):
        try:
            check_lat_lon(lat, lon)  # says what is wrong (swapped, out of range, outside China)
        except ValueError as exc:
            return str(exc)
    if crs != "wgs84":
        rec["lat"], rec["lon"] = to_wgs84(lat, lon, crs)
    rec["lat"], rec["lon"] = round(rec["lat"], 7), round(rec["lon"], 7)
    return None


def _fill_defaults(entity: str, rec: dict[str, Any], lookups: Lookups) -> None:
    if entity == "sites":
        if rec.get("status") is None:
            rec["status"] = "available"
    if entity == "projects" and rec.get("stage") is None:
        rec["stage"] = "lead"
    if rec.get("synthetic") is None:
        rec["synthetic"] = False
    if not rec.get("id"):
        rec["id"] = natural_key(entity, rec)
