"""Import a file of parks, sites, enterprises or projects into the atlas.

read → validate every row (collect every error) → write the good rows in one transaction →
write the refused rows to a reject file that can be fixed and imported again.
"""

from __future__ import annotations

import csv
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, select

from parkatlas.db import make_engine, require_schema
from parkatlas.errors import ParkatlasError
from parkatlas.io.cellsafe import neutralise_row
from parkatlas.io.fields import ENTITIES, Lookups
from parkatlas.io.readers import Table, read_table
from parkatlas.io.store import WriteResult, lock_for_import, upsert_records
from parkatlas.io.validate import RowError, validate_table
from parkatlas.models import Enterprise, Park

CRS_CHOICES = ("wgs84", "gcj02", "bd09")


@dataclass
class ImportReport:
    file: str
    entity: str
    format: str
    encoding: str | None
    rows: int
    accepted: int
    refused: int
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    written: bool = False
    strict: bool = False
    reject_file: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader chose (sheet, encoding)
    errors: list[RowError] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        d = {k: v for k, v in self.__dict__.items() if k != "errors"}
        d["errors"] = [e.__dict__ for e in self.errors]
        return d


class _RegionResolver(Protocol):
    def __call__(self, text: str, within: str | None = None) -> str | None: ...


def _reference_lookups() -> tuple[_RegionResolver, Callable[[str], str | None]]:
    from parkatlas.reference.industries import industry_index
    from parkatlas.reference.regions import region_index

    regions, industries = region_index(), industry_index()
    return regions.resolve, industries.resolve


def region_scope(table: Table, entity: str, resolve: Callable[..., str | None]) -> str | None:
    """The province most of the file's unambiguous region names fall in (e.g. "31").

    A name like 宝山区 exists in Shanghai and in Heilongjiang; a person reading a sheet of
    Shanghai districts knows which is meant, and so does the importer: ambiguous names are
    resolved within the province of the file's other regions.
    """
    from collections import Counter

    from parkatlas.io.fields import map_headers

    mapping, _ = map_headers(entity, table.headers)
    cols = [i for i, f in mapping.items() if f.name in ("region", "region_code")]
    if not cols:
        return None
    votes: Counter[str] = Counter()
    seen: set[str] = set()
    for _, values in table.rows:
        v = values[cols[0]] if cols[0] < len(values) else None
        s = "" if v is None else str(v).strip()
        if s and s not in seen:
            seen.add(s)
            code = resolve(s)
            if code:
                votes[code[:2]] += 1
    return votes.most_common(1)[0][0] if votes else None


def build_lookups(
    engine: Engine, crs: str, table: Table | None = None, entity: str = "sites"
) -> Lookups:
    """Resolvers for region, industry, park and enterprise names, loaded once per import."""
    if crs not in CRS_CHOICES:
        raise ParkatlasError(f"unknown --crs {crs!r}: use one of {', '.join(CRS_CHOICES)}")
    resolve_region, industry = _reference_lookups()
    scope = region_scope(table, entity, resolve_region) if table is not None else None

    def region(s: str) -> str | None:
        return resolve_region(s) or (resolve_region(s, within=scope) if scope else None)

    parks: dict[str, str] = {}
    ents: dict[str, str] = {}
    with engine.connect() as conn:
        for pid, zh, en in conn.execute(select(Park.id, Park.name_zh, Park.name_en)):
            parks[pid] = pid
            parks.setdefault(zh, pid)
            if en:
                parks.setdefault(en.lower(), pid)
        for eid, name, uscc in conn.execute(
            select(Enterprise.id, Enterprise.name, Enterprise.uscc)
        ):
            ents[eid] = eid
            ents.setdefault(name, eid)
            if uscc:
                ents.setdefault(uscc, eid)
    return Lookups(
        region=region,
        industry=industry,
        park=lambda s: parks.get(s) or parks.get(s.lower()),
        enterprise=ents.get,
        crs=crs,
    )


def _header_recognizer(entity: str) -> Callable[[list[str]], bool]:
    """For the readers: does this row look like a header of the entity (two known fields)?"""
    from parkatlas.io.fields import map_headers

    return lambda names: len(map_headers(entity, names)[0]) >= 2


def write_rejects(table: Table, errors: list[RowError], path: Path) -> None:
    """The refused rows as they were, plus _row, _column, _value and _reason: fix and re-import."""
    by_row: dict[int, list[RowError]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(e)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        # every row through cellsafe.neutralise_row: no cell of a reject file is a formula
        w = csv.writer(fh)
        w.writerow(neutralise_row([*table.headers, "_row", "_column", "_value", "_reason"]))
        for rowno, values in table.rows:
            errs = by_row.get(rowno)
            if not errs:
                continue
            cells = ["" if v is None else v for v in values]
            cells += [""] * (len(table.headers) - len(cells))
            w.writerow(neutralise_row([*cells, rowno, "; ".join(e.column for e in errs),
                        "; ".join(e.value for e in errs), "; ".join(e.reason for e in errs)]))  # fmt: skip
        file_level = [e for e in errors if e.row == 1 and not e.column]
        for e in file_level:
            w.writerow(neutralise_row([""] * len(table.headers) + [1, "", "", e.reason]))


def import_file(
    url: str,
    entity: str,
    path: str | Path,
    *,
    strict: bool = False,
    crs: str = "wgs84",
    fmt: str | None = None,
    sheet: str | None = None,
    actor: str = "unknown",
    batch_size: int = 5000,
    reject_path: str | Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Import one file; see the module docstring. Returns the report, raises only for a bad file."""
    if entity not in ENTITIES:
        raise ParkatlasError(f"unknown kind {entity!r}: use one of {', '.join(ENTITIES)}")
    path = Path(path)
    # A million rows are millions of small objects that all live until the write: the cyclic
    # collector would walk them again and again for nothing (a third of the import time).
    gc_was_on = gc.isenabled()
    gc.disable()
    engine = None
    try:
        table = read_table(path, fmt, sheet, recognize=_header_recognizer(entity))
        engine = make_engine(url, write=True)
        require_schema(engine)
        lookups = build_lookups(engine, crs, table, entity)
        if progress:
            progress("validate", 0, len(table.rows))
        checked = validate_table(entity, table, lookups)
        report = ImportReport(
            file=str(path), entity=entity, format=table.format, encoding=table.encoding,
            rows=len(table.rows), accepted=len(checked.records), refused=len(checked.refused_rows),
            strict=strict, unknown_columns=checked.unknown_headers, errors=checked.errors,
            notes=list(table.notes),
        )  # fmt: skip
        if report.errors:
            rp = Path(reject_path) if reject_path else path.with_name(path.stem + ".rejects.csv")
            write_rejects(table, report.errors, rp)
            report.reject_file = str(rp)
        if strict and report.errors:
            return report
        records = [rec for _, rec in checked.records]
        if not records:
            return report
        tick = (lambda n: progress("write", n, len(records))) if progress else None
        with engine.begin() as conn:
            lock_for_import(conn)
            res: WriteResult = upsert_records(
                conn, entity, records, actor=actor, source=str(path.name),
                batch_size=batch_size, progress=tick,
            )  # fmt: skip
        report.inserted, report.updated, report.unchanged = res.inserted, res.updated, res.unchanged
        report.written = True
        return report
    finally:
        if engine is not None:
            engine.dispose()
        if gc_was_on:
            gc.enable()
