"""Import a file of parks, sites, enterprises or projects into the atlas.

read → validate every row (collect every error) → write the good rows in one transaction →
write the refused rows to a reject file that can be fixed and imported again.
"""

from __future__ import annotations

import csv
import gc
import itertools
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, select

from parkatlas.db import make_engine, require_schema
from parkatlas.errors import ParkatlasError
from parkatlas.io.cellsafe import neutralise_row
from parkatlas.io.fields import ENTITIES, Lookups, conv_date
from parkatlas.io.headers import HeaderMap, HeaderNote, map_headers
from parkatlas.io.pipeline import CycleSweeper, can_fork, in_child, validated_chunks
from parkatlas.io.readers import Row, Table, TableStream, open_table
from parkatlas.io.store import (
    Conflict,
    DeferredIndexes,
    RowChange,
    WriteResult,
    find_conflicts,
    import_audit,
    lock_for_import,
    table_is_empty,
    upsert_records,
)
from parkatlas.io.validate import RowError, Validated
from parkatlas.models import Enterprise, Park, utcnow

CRS_CHOICES = ("wgs84", "gcj02", "bd09")


@dataclass
class ImportOptions:
    """What `parkatlas import` and `POST /api/v1/imports/{kind}` let a user choose."""

    strict: bool = False
    crs: str = "wgs84"
    mapping: dict[str, str] = field(default_factory=dict)  # --map 列名=field
    clear_empty: bool = False
    actor: str = "unknown"
    source: str = ""  # the file name, for the audit log
    batch_size: int = 5000
    parallel: bool = False  # validate in a forked process beside the writes (the CLI's choice)


@dataclass
class ImportReport:
    """The typed result of one import (CLI prints it, the HTTP API returns it as JSON)."""

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
    warnings_file: str | None = None
    unknown_columns: list[str] = field(default_factory=list)  # headers that name no field
    kept_attributes: list[str] = field(default_factory=list)  # kept per record in attrs
    columns: list[HeaderNote] = field(default_factory=list)  # what was done with odd headers
    skipped: dict[str, list[int]] = field(default_factory=dict)  # totals/note/header/blank rows
    notes: list[str] = field(default_factory=list)  # what the reader chose (sheet, encoding)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    changes: list[RowChange] = field(default_factory=list)
    park_districts: list[int] = field(default_factory=list)  # rows that took their park's district

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class _RegionResolver(Protocol):
    def __call__(self, text: str, within: str | None = None) -> str | None: ...


def _reference_lookups() -> tuple[_RegionResolver, Callable[[str], str | None]]:
    from parkatlas.reference.regions import region_index
    from parkatlas.vocab import resolve_industry_name

    return region_index().resolve, resolve_industry_name


def region_scope(
    table: Table,
    entity: str,
    resolve: Callable[..., str | None],
    manual: dict[str, str] | None = None,
) -> str | None:
    """The province most of the file's unambiguous region names fall in (e.g. "31").

    A name like 宝山区 exists in Shanghai and in Heilongjiang; a person reading a sheet of
    Shanghai districts knows which is meant, and so does the importer: ambiguous names are
    resolved within the province of the file's other regions.
    """
    from collections import Counter

    try:
        mapping = map_headers(entity, table.headers, manual).fields
    except ParkatlasError:
        return None
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
    conn: Connection,
    crs: str,
    table: Table | None = None,
    entity: str = "sites",
    manual: dict[str, str] | None = None,
) -> Lookups:
    """Resolvers for region, industry, park and enterprise names, loaded once per import."""
    if crs not in CRS_CHOICES:
        raise ParkatlasError(f"unknown --crs {crs!r}: use one of {', '.join(CRS_CHOICES)}")
    resolve_region, industry = _reference_lookups()
    scope = region_scope(table, entity, resolve_region, manual) if table is not None else None

    def region(s: str) -> str | None:
        return resolve_region(s) or (resolve_region(s, within=scope) if scope else None)

    parks: dict[str, str] = {}
    park_regions: dict[str, str] = {}
    ents: dict[str, str] = {}
    for pid, zh, en, rc in conn.execute(select(Park.id, Park.name_zh, Park.name_en, Park.region_code)):
        parks[pid] = pid
        parks.setdefault(zh, pid)
        if en:
            parks.setdefault(en.lower(), pid)
        if rc:
            park_regions[pid] = rc
    for eid, name, uscc in conn.execute(select(Enterprise.id, Enterprise.name, Enterprise.uscc)):
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
        park_region=park_regions.get,
    )


def _header_recognizer(entity: str) -> Callable[[list[str]], bool]:
    """For the readers: does this row look like a header of the entity (two known fields)?"""
    return lambda names: len(map_headers(entity, names).fields) >= 2


def write_rejects(table: Table, errors: list[RowError], path: Path) -> None:
    """The refused (or warned) rows as they were, plus _key, _row, _column, _value, _reason.

    `_key` is the key of the row in the atlas, so the file, fixed and imported again, updates
    exactly the rows it came from.
    """
    by_row: dict[int, list[RowError]] = {}
    for e in errors:
        by_row.setdefault(e.row, []).append(e)
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        # every row through cellsafe.neutralise_row: no cell of a reject file is a formula
        w = csv.writer(fh)
        w.writerow(neutralise_row([*table.headers, "_key", "_row", "_column", "_value", "_reason"]))
        for rowno, values in table.rows:
            errs = by_row.get(rowno)
            if not errs:
                continue
            cells = ["" if v is None else v for v in values]
            cells += [""] * (len(table.headers) - len(cells))
            w.writerow(neutralise_row([*cells, errs[0].key, rowno, "; ".join(e.column for e in errs),
                        "; ".join(e.value for e in errs), "; ".join(e.reason for e in errs)]))  # fmt: skip
        file_level = [e for e in errors if e.row == 1 and not e.column]
        for e in file_level:
            w.writerow(neutralise_row([""] * len(table.headers) + ["", 1, "", "", e.reason]))


def _fill_park_districts(entity: str, checked: Validated, lookups: Lookups) -> list[int]:
    """A site with a park and no district takes its park's district (only where it has none)."""
    if entity != "sites":
        return []
    rows: list[int] = []
    for rowno, rec in checked.records:
        if rec.get("region") is None and rec.get("park"):
            rc = lookups.park_region(rec["park"])
            if rc:
                rec["region"] = rc
                rec["_soft"] = ("region",)
                rows.append(rowno)
    return rows


CHUNK_ROWS = 25_000  # rows validated and written at a time: memory stays flat however long the file


def _chunks(table: Table | TableStream, size: int) -> Iterator[list[Row]]:
    if isinstance(table, TableStream):
        yield from table.chunks(size)
    else:
        for start in range(0, len(table.rows), size):
            yield table.rows[start : start + size]


def typed_headers(hm: HeaderMap, headers: list[str]) -> list[str]:
    """The headers (as written) of the columns whose cells may be kept as typed in attrs."""
    return [str(headers[i]).strip() or f.name for i, f in hm.fields.items()
            if getattr(f.conv, "fast_numeric", False) or f.conv is conv_date]  # fmt: skip


def import_table(
    conn: Connection,
    entity: str,
    table: Table | TableStream,
    options: ImportOptions,
    progress: Callable[[str, int, int], None] | None = None,
    flagged: list[Row] | None = None,
) -> ImportReport:
    """The core of every import: validate the table and write its good rows on `conn`.

    A stream is read, validated and written CHUNK_ROWS rows at a time (memory does not grow
    with the file); only the keys seen so far (for the duplicate check) and the report are
    kept. The rows that were refused or warned are appended to `flagged` (for the reject and
    warnings files). The province that settles ambiguous district names is voted on the first
    chunk's rows.

    The caller owns the transaction: commit when `report.written`, else roll back (with
    `options.strict`, a refused or conflicting row anywhere leaves `written` False, and the
    chunks before it must not be kept).
    """
    if entity not in ENTITIES:
        raise ParkatlasError(f"unknown kind {entity!r}: use one of {', '.join(ENTITIES)}")
    lock_for_import(conn)
    chunks = _chunks(table, CHUNK_ROWS)
    first = next(chunks, [])
    head = Table(table.path, table.format, table.headers, first, table.encoding)
    lookups = build_lookups(conn, options.crs, head, entity, options.mapping)
    pending = itertools.chain([first], chunks)
    del head, first  # the first chunk is freed once it is done, like every other
    report = ImportReport(file=table.path, entity=entity, format=table.format,
                          encoding=table.encoding, rows=0, accepted=0, refused=0,
                          strict=options.strict, notes=list(table.notes))  # fmt: skip
    fresh = table_is_empty(conn, entity)  # nothing stored: no lookups, no conflicts
    deferred = DeferredIndexes(conn, entity) if fresh else None
    used_attrs: set[str] = set()
    total = WriteResult()
    now = utcnow()
    source = options.source or Path(table.path).name
    blocked = False  # --strict and something refused or conflicting: nothing is kept
    wrote = False
    hm = None
    items = validated_chunks(entity, table, lookups, options.mapping, pending)
    if options.parallel and isinstance(table, TableStream) and can_fork():
        items = in_child(items)  # validation in a second process, beside the writes
    missing_column = False
    sweep = CycleSweeper()
    for n, item in enumerate(items):
        if progress:
            progress("validate", item.rows, 0)
        report.rows += item.rows
        if missing_column:  # a required column is missing: every row is refused
            report.refused += item.rows
            continue
        checked = item.result
        hm = checked.headers
        report.refused += len(checked.refused_rows)
        report.errors += checked.errors
        report.warnings += checked.warnings
        if flagged is not None:
            flagged.extend(item.flagged)
        if n == 0 and any(e.row == 1 and not e.column for e in checked.errors):
            missing_column = blocked = True
            continue
        for kind, rows in checked.skipped.items():
            report.skipped.setdefault(kind, []).extend(rows)
        used_attrs.update(checked.attr_names)
        for rowno, rec in checked.records:
            rec["_row"] = rowno
        report.accepted += len(checked.records)
        report.park_districts += _fill_park_districts(entity, checked, lookups)
        records = [rec for _, rec in checked.records]
        if not fresh:
            report.conflicts += find_conflicts(conn, entity, records, options.batch_size)
        if options.strict and (report.errors or report.conflicts):
            blocked = True
        if blocked or not records:
            continue
        if report.conflicts:
            clash = {c.id for c in report.conflicts}
            records = [r for r in records if r["id"] not in clash]
        tick = (lambda k: progress("write", k, 0)) if progress else None
        if deferred is not None and not wrote:
            deferred.drop()  # a bulk load into an empty table: indexes are built once, at the end
        res: WriteResult = upsert_records(
            conn, entity, records, actor=options.actor, source=source,
            batch_size=options.batch_size, clear_empty=options.clear_empty,
            attr_columns=checked.headers.kept if options.clear_empty else (), progress=tick,
            typed_columns=typed_headers(checked.headers, table.headers),
            fresh=fresh or None, summary=False, now=now,
        )  # fmt: skip
        wrote = True
        total.inserted += res.inserted
        total.updated += res.updated
        total.unchanged += res.unchanged
        total.changes += res.changes
        del checked, records, item, res
        sweep()  # what a chunk left in reference cycles (the collector is paused at the CLI edge)
    if hm is not None:
        attr_names = [name for _, name in sorted(hm.attrs.items()) if name in used_attrs]
        notes = [n for n in hm.notes
                 if n.what not in ("attribute", "ambiguous", "duplicate") or n.header.strip() or
                 hm.attrs.get(n.column - 1) in attr_names]  # fmt: skip
        report.unknown_columns = [n.header for n in notes if n.what in ("attribute", "ambiguous")]
        report.kept_attributes, report.columns = attr_names, notes
    if deferred is not None and deferred.active:
        deferred.rebuild()  # also when blocked: a caller that commits anyway keeps its indexes
    if blocked or not wrote:
        return report
    import_audit(conn, entity, total, options.actor, source, now)
    report.inserted, report.updated, report.unchanged = total.inserted, total.updated, total.unchanged
    report.changes = total.changes
    report.written = True
    return report


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
    mapping: dict[str, str] | None = None,
    clear_empty: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Import one file (the CLI edge): read it, run `import_table` in one transaction, then
    write the reject file (FILE.rejects.csv) and the warnings file (FILE.warnings.csv)."""
    if entity not in ENTITIES:
        raise ParkatlasError(f"unknown kind {entity!r}: use one of {', '.join(ENTITIES)}")
    if crs not in CRS_CHOICES:
        raise ParkatlasError(f"unknown --crs {crs!r}: use one of {', '.join(CRS_CHOICES)}")
    path = Path(path)
    options = ImportOptions(strict=strict, crs=crs, mapping=dict(mapping or {}),
                            clear_empty=clear_empty, actor=actor, source=path.name,
                            batch_size=batch_size, parallel=True)  # fmt: skip
    # A million rows are millions of small objects that all live until the write: the cyclic
    # collector would walk them again and again for nothing (a third of the import time).
    gc_was_on = gc.isenabled()
    gc.disable()
    engine = None
    try:
        stream = open_table(path, fmt, sheet, recognize=_header_recognizer(entity))
        engine = make_engine(url, write=True)
        require_schema(engine)
        flagged: list[Row] = []  # only the refused and warned rows are kept, for their files
        with engine.connect() as conn, conn.begin() as trans:
            report = import_table(conn, entity, stream, options, progress, flagged)
            if not report.written:
                trans.rollback()
        report.file = str(path)
        table = Table(stream.path, stream.format, stream.headers, flagged)
        if report.errors:
            rp = Path(reject_path) if reject_path else path.with_name(path.stem + ".rejects.csv")
            write_rejects(table, report.errors, rp)
            report.reject_file = str(rp)
        if report.warnings:
            wp = path.with_name(path.stem + ".warnings.csv")
            write_rejects(table, report.warnings, wp)
            report.warnings_file = str(wp)
        return report
    finally:
        if engine is not None:
            engine.dispose()
        if gc_was_on:
            gc.enable()
