"""Row validation: raw table rows → normalized records, with every refusal and warning explained.

Only a missing or unreadable **required** value (a site's kind and area, a park's name …)
refuses a row; an unreadable optional cell is left empty and reported as a warning. Rows that
are not records (totals, notes, a repeated header, blank rows) are skipped and counted.
Columns that name no field are kept per record as attributes (`attrs`).

Pure: it needs only the table and the lookups. Nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from parkatlas.io.bounds import check_column
from parkatlas.io.fields import (
    ENTITIES,
    TYPED,
    Field,
    Lookups,
    Spread,
    conv_id,
    conv_lat,
    conv_lon,
    conv_text,
)
from parkatlas.io.headers import HeaderMap, map_headers, norm_header
from parkatlas.io.readers import Table


@dataclass(frozen=True)
class RowError:
    """One refused row or one warned cell: file, row, header as written, value, reason, key."""

    file: str
    row: int
    column: str
    value: str
    reason: str
    key: str = ""  # the key the row has (or would have) in the atlas

    def __str__(self) -> str:
        col = f", column {self.column!r}" if self.column else ""
        val = f", value {self.value!r}" if self.value != "" else ""
        return f"{self.file}: row {self.row}{col}{val}: {self.reason}"


@dataclass
class Validated:
    records: list[tuple[int, dict[str, Any]]]
    errors: list[RowError]
    headers: HeaderMap
    refused_rows: set[int]
    warnings: list[RowError] = field(default_factory=list)
    skipped: dict[str, list[int]] = field(default_factory=dict)  # reason → row numbers
    present: set[str] = field(default_factory=set)  # fields the file has a column for
    attr_names: list[str] = field(default_factory=list)  # kept attributes that hold a value

    @property
    def unknown_headers(self) -> list[str]:
        return self.attr_names


# A cell that makes a row a totals row, wherever it stands among the row's first cells.
_TOTALS = {"合计", "总计", "小计", "累计", "总和", "合计数", "total", "totals", "sum", "subtotal"}


def _totals_form(s: str) -> str:
    """A cell as compared with _TOTALS: no spaces (half or full width), lower case, no colon."""
    return s.replace(" ", "").replace("\u3000", "").lower().rstrip(":：")
_NOTE = re.compile(r"^(注|备注|说明|填表说明|注意|数据来源|来源|制表|填报|附注|note)[\s0-9一二三四五六七八九十.、]*[:：]")
# the same note openings at the start of any line of a joined column (a looser test)
_NOTE_ANYWHERE = re.compile("(?m)^" + _NOTE.pattern.lstrip("^"))


def _text_key(v: Any) -> str:
    return "" if v is None else re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v)))


def natural_key(entity: str, rec: dict[str, Any]) -> str:
    """The documented key for a row without an id (docs/import.md).

    A site is named by its name with its park (or, without a park, its district); a site
    without a name falls back to park, district, address, kind, floors and area.
    """
    if entity == "sites":
        if rec.get("name"):
            parts = ["name", _text_key(rec["name"]), rec.get("park") or rec.get("region")]
        else:
            parts = [rec.get("park"), rec.get("region"), rec.get("address"), rec.get("kind"),
                     rec.get("floors"), rec.get("area_m2")]  # fmt: skip
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


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def row_kind(values: list[Any], headers: list[str]) -> str | None:
    """'totals', 'note', 'header' or 'blank' for a row that is not a record, else None.

    Cheap on ordinary rows (it looks at the first three filled cells only): it runs once per
    row of a million-row file.
    """
    firsts: list[tuple[int, Any]] = []
    for idx, v in enumerate(values):
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        firsts.append((idx, v))
        if len(firsts) == 3:
            break
    if not firsts:
        return "blank"
    for _, v in firsts:
        if type(v) is str and len(v) <= 12:
            if _totals_form(v) in _TOTALS:
                return "totals"
    idx0, v0 = firsts[0]
    if isinstance(v0, str):
        if _NOTE.match(v0.strip()) and sum(1 for v in values if not _blank(v)) <= 2:
            return "note"
        if idx0 < len(headers) and v0.strip() == str(headers[idx0]).strip():
            filled = [(i, v) for i, v in enumerate(values) if not _blank(v) and i < len(headers)]
            same = sum(1 for i, v in filled if norm_header(v) == norm_header(headers[i]))
            if same >= max(2, len(filled) // 2 + 1):
                return "header"
    return None


_PROBE = 6  # leading columns looked at for a row's first three filled cells
_SUSPECT = 100  # the mark of a cell that could make a row a totals, note or header row


def _mark(v: Any, header: str) -> int:
    """0 for a blank cell, 1 for a filled cell that cannot make row_kind answer anything but
    None, _SUSPECT for one that could (a totals word, a note, its column's header repeated)."""
    if v is None:
        return 0
    if type(v) is not str:
        return 1 if not isinstance(v, str) else _SUSPECT  # a str subclass: ask row_kind
    s = v.strip()
    if not s:
        return 0
    if len(v) <= 12 and _totals_form(v) in _TOTALS:
        return _SUSPECT
    if s == header or _NOTE.match(s) is not None:
        return _SUSPECT
    return 1


def _plain_marks(col: list[Any], header: str) -> list[int] | None:
    """_mark of every cell of a column of text with C-level passes (a column of a million ids
    costs no Python call per cell): None when some cell could be suspect — then _mark decides
    per distinct value. Looser than _mark (a hit here may be innocent), never stricter."""
    if not col or not set(map(type, col)) <= {str}:
        return None
    stripped = list(map(str.strip, col))
    distinct = set(stripped)
    if header in distinct:
        return None
    short = [x for x in distinct if len(x) <= 14]
    if short and _TOTALS & set(map(_totals_form, short)):
        return None
    if _NOTE_ANYWHERE.search("\n".join(distinct)):
        return None
    return [1 if x else 0 for x in stripped]


def _maybe_not_record(rows: list[tuple[int, list[Any]]], headers: list[str]) -> list[bool]:
    """Per row: False when row_kind would surely say None — among its first _PROBE cells at
    least three are filled and none is suspect (so its first three filled cells are plain);
    True means "ask row_kind"."""
    k = min(_PROBE, len(headers))
    return _screen([[v[c] if len(v) > c else None for _, v in rows] for c in range(k)], headers, len(rows))


def _screen(columns: list[Any], headers: list[str], n: int) -> list[bool]:
    """_maybe_not_record on the first columns of a table (decided per distinct value)."""
    marks: list[list[int]] = []
    for c, col in enumerate(columns[: min(_PROBE, len(headers))]):
        col = list(col)
        h = str(headers[c]).strip()
        plain = _plain_marks(col, h)
        if plain is not None:
            marks.append(plain)
            continue
        try:
            memo = {x: _mark(x, h) for x in set(col)}
        except TypeError:  # an unhashable cell (a JSON list or object): row by row
            return [True] * n
        marks.append(list(map(memo.__getitem__, col)))
    if not marks:
        return [True] * n
    return [not 3 <= t < _SUSPECT for t in map(sum, zip(*marks, strict=True))]


def attr_value(v: Any) -> Any:
    """A kept attribute as JSON holds it: text trimmed, whole floats as ints, dates in ISO form."""
    if isinstance(v, str):
        return v.strip()
    if isinstance(v, bool | int):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 1e15 else v
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)


UNRESOLVED_KEPT = frozenset({"park", "enterprise"})


def validate_table(
    entity: str,
    table: Table,
    lookups: Lookups,
    manual: dict[str, str] | None = None,
    seen_ids: dict[str, int] | None = None,
) -> Validated:
    """Validate a table (or one chunk of a streamed file: `seen_ids`, the keys of the rows
    before it with their row numbers, carries the duplicate check across chunks)."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity!r}")
    hm = map_headers(entity, table.headers, manual)
    fields = ENTITIES[entity]
    present = {f.name for f in hm.fields.values()}
    errors: list[RowError] = []
    missing = [f for f in fields if f.required and f.name not in present]
    if missing:
        listed = ", ".join(f"{f.name} ({f.label_zh})" for f in missing)
        errors.append(RowError(table.path, 1, "", "", f"missing required column(s): {listed}"))
        return Validated([], errors, hm, {r for r, _ in table.rows}, present=present)

    headers = table.headers
    width = len(headers)
    skipped: dict[str, list[int]] = {}
    rows = [(rowno, vals if len(vals) >= width else [*vals, *([None] * (width - len(vals)))])
            for rowno, vals in table.rows]  # fmt: skip
    transposed = list(zip(*[v for _, v in rows], strict=False)) if rows else [()] * width
    kinds = [row_kind(vals, headers) if maybe else None
             for (_, vals), maybe in zip(rows, _screen(transposed, headers, len(rows)), strict=True)]  # fmt: skip
    if any(kinds):  # rows that are not records (totals, notes, headers, blanks): counted, dropped
        for (rowno, _), kind in zip(rows, kinds, strict=True):
            if kind:
                skipped.setdefault(kind, []).append(rowno)
        rows = [r for r, kind in zip(rows, kinds, strict=True) if not kind]
        transposed = list(zip(*[v for _, v in rows], strict=False)) if rows else [()] * width
    rownos = [r for r, _ in rows]
    # column by column: a list comprehension per column, with a per-distinct-value cache for
    # columns of few values (kind, region, industries, dates …); a row-by-row pass only for a
    # column where some cell fails, to name each failing cell.
    bad: dict[int, list[tuple[int, Field, str]]] = {}  # row index → (column, field, reason)
    spreads: dict[int, dict[str, Any]] = {}  # row index → values a cell gave other fields
    names: list[str] = []
    columns: list[list[Any]] = []
    for i, f in sorted(hm.fields.items()):
        raw_col = list(transposed[i])
        converted, col_errors = _convert_column(f, raw_col, lookups)
        col_spreads: dict[int, dict[str, Any]] = {}
        if Spread in set(map(type, converted)):  # ranges, 面议: values for other fields
            for j, x in enumerate(converted):
                if type(x) is Spread:
                    converted[j] = x.get(f.name)
                    col_spreads[j] = {k: v for k, v in x.items() if k != f.name}
                    if col_spreads[j].pop(TYPED, False):  # kept as typed, under its header
                        col_spreads[j][TYPED] = {str(headers[i]).strip() or f.name: attr_value(raw_col[j])}
        col_errors += check_column(entity, f.name, converted)  # io.bounds: same on SQLite and PG
        for k in {k for extra in col_spreads.values() for k in extra} - {TYPED}:
            rows_k = [j for j in col_spreads if col_spreads[j].get(k) is not None]
            for n, msg in check_column(entity, k, [col_spreads[j][k] for j in rows_k]):
                col_errors.append((rows_k[n], f"{k}: {msg}"))
                col_spreads[rows_k[n]][k] = None
        for j, extra in col_spreads.items():
            typed = extra.pop(TYPED, None)
            spreads.setdefault(j, {}).update(extra)
            if typed:
                spreads[j].setdefault(TYPED, {}).update(typed)
        for j, msg in col_errors:
            bad.setdefault(j, []).append((i, f, msg))
        names.append(f.name)
        columns.append(converted)
    attr_cols = sorted(hm.attrs.items())
    used_attrs = {i for i, _ in attr_cols if any(not _blank(v) for v in transposed[i])}
    records: list[tuple[int, dict[str, Any]]] = []
    refused: set[int] = set()
    warnings: list[RowError] = []
    if seen_ids is None:
        seen_ids = {}
    has_location = "lat" in names or "lon" in names
    located = _plain_locations(names, columns, lookups.crs) if has_location else None
    key_col = hm.key_column
    required = [f for f in fields if f.required]
    # the usual row (an id of its own, every cell read, required values there, a plain
    # location, no attributes) takes a short path; any other row the full one below
    plain_rows = not attr_cols and key_col is None and "id" in names and "attrs" not in names
    special: set[int] = set(bad) | set(spreads)
    if plain_rows:
        for f in required:
            if f.name in names:
                special.update(j for j, v in enumerate(columns[names.index(f.name)]) if v is None)
        if has_location:
            if located is None:  # another datum, or one coordinate column: row by row
                plain_rows = False
            else:
                special.update(j for j, ok in enumerate(located) if not ok)
        id_col = columns[names.index("id")]
        if not special and None not in id_col and "" not in id_col:
            fresh_ids = set(id_col)
            if len(fresh_ids) == len(id_col) and fresh_ids.isdisjoint(seen_ids):
                # every row is the usual row: records built by C-level passes, no row loop
                rec_keys = [*names, "attrs", "_keyed"]
                cells_of = zip(*columns, itertools.repeat(None), itertools.repeat("id"), strict=False)
                records = list(zip(rownos, map(dict, map(zip, itertools.repeat(rec_keys), cells_of)), strict=True))
                seen_ids.update(zip(id_col, rownos, strict=True))
                return Validated(records, errors, hm, set(), [], skipped, present, [])
    for j, cells in enumerate(zip(*columns, strict=True)):
        rowno = rownos[j]
        rec = dict(zip(names, cells, strict=True))
        if plain_rows and j not in special:
            rid = id_col[j]
            if rid and rid not in seen_ids:
                rec["attrs"] = None
                rec["_keyed"] = "id"
                seen_ids[rid] = rowno
                records.append((rowno, rec))
                continue
        raw = rows[j][1]
        spread = spreads.get(j) if spreads else None
        if spread:
            for k, v in spread.items():
                if v is not None and rec.get(k) is None:  # a column of its own wins
                    rec[k] = v
        row_errors: list[RowError] = []
        row_warnings: list[RowError] = []
        row_bad = bad.get(j) if bad else None
        if row_bad:
            for i, f, msg in row_bad:
                issue = RowError(table.path, rowno, str(headers[i]), _short(raw[i]), msg)
                if f.required:
                    row_errors.append(issue)
                else:
                    row_warnings.append(issue)
                    rec[f.name] = None  # unreadable or out of bounds: left empty
                    if f.name in UNRESOLVED_KEPT and msg.startswith("unknown "):
                        # a park or enterprise the atlas does not hold (a foreign key): the
                        # name is kept as an attribute under its header, not lost
                        rec["attrs"] = {**(rec.get("attrs") or {}), str(headers[i]): attr_value(raw[i])}
        for f in required:
            if rec.get(f.name) is None and not (row_bad and any(b[1] is f for b in row_bad)):
                row_errors.append(
                    RowError(table.path, rowno, f.name, "", f"{f.name} ({f.label_zh}) is required")
                )
        if has_location and row_bad and any(b[1].name in ("lat", "lon") for b in row_bad):
            rec["lat"] = rec["lon"] = None  # one coordinate is unreadable (already warned)
        elif has_location and not (located and located[j]):
            problem = _check_location(rec, lookups.crs)
            if problem:
                row_warnings.append(RowError(table.path, rowno, "lat/lon",
                                         _short(f"{rec.get('lat')},{rec.get('lon')}"), problem))  # fmt: skip
                rec["lat"] = rec["lon"] = None
        if attr_cols:
            attrs = dict(rec.get("attrs") or {})
            for i, name in attr_cols:
                v = raw[i]
                if not _blank(v):
                    attrs[name] = attr_value(v)
            rec["attrs"] = attrs or None
        else:
            given = rec.get("attrs")
            rec["attrs"] = dict(given) if given else None
        typed = rec.pop(TYPED, None)
        if typed:  # cells kept as typed beside their value (约3000㎡, 8米（檐口）, 2025年Q4)
            rec["attrs"] = {**typed, **(rec["attrs"] or {})}
        key = str(raw[key_col]).strip() if key_col is not None and not _blank(raw[key_col]) else ""
        if rec.get("id"):
            rec["_keyed"] = "id"
        elif key:
            rec["id"], rec["_keyed"] = key, "key"
        else:
            rec["id"], rec["_keyed"] = natural_key(entity, rec), "derived"
        if row_errors:
            row_errors += [RowError(w.file, w.row, w.column, w.value, f"(would be left empty) {w.reason}")
                           for w in row_warnings]  # fmt: skip
            errors.extend(RowError(e.file, e.row, e.column, e.value, e.reason, rec["id"]) for e in row_errors)
            refused.add(rowno)
            continue
        rid = rec["id"]
        if rid in seen_ids:
            what = "id" if rec["_keyed"] != "derived" else "key (name with park or district)"
            errors.append(RowError(table.path, rowno, "id", rid,
                                   f"duplicate {what}: the same {what} is already on row {seen_ids[rid]}", rid))  # fmt: skip
            refused.add(rowno)
            continue
        seen_ids[rid] = rowno
        warnings.extend(row_warnings)
        records.append((rowno, rec))
    keys = {r: rec["id"] for r, rec in records}
    warnings = [RowError(w.file, w.row, w.column, w.value, w.reason, keys.get(w.row, "")) for w in warnings]
    errors.sort(key=lambda e: e.row)
    warnings.sort(key=lambda e: e.row)
    if any(rec.get("attrs") for _, rec in records):
        present.add("attrs")
    return Validated(
        records, errors, hm, refused, warnings, skipped, present,
        [hm.attrs[i] for i, _ in attr_cols if i in used_attrs],
    )  # fmt: skip


def _convert_column(
    f: Field, raw: list[Any], lookups: Lookups
) -> tuple[list[Any], list[tuple[int, str]]]:
    conv = f.conv
    fast = _fast_column(f, raw)
    if fast is not None:
        return fast, []
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


_INF = float("inf")


def _fast_column(f: Field, raw: list[Any]) -> list[Any] | None:
    """A column of plain text cells (CSV) converted by C-level passes, exactly as its converter
    would convert each cell — or None when some cell needs the converter (units, words, a
    value out of range): then the column takes the per-value path, which names each bad cell.

    Numbers: every cell a plain decimal in canonical units or blank. Text and ids: trimmed,
    blank → None. Coordinates: plain decimals within ±90/±180.
    """
    if not raw or not set(map(type, raw)) <= {str}:
        return None
    conv = f.conv
    if getattr(conv, "fast_numeric", False) or conv in (conv_lat, conv_lon):
        try:
            out = [float(x) if x else None for x in raw]
        except ValueError:
            return None
        vals = [x for x in out if x is not None]
        if not vals:
            return out
        total = sum(vals)
        if total != total or max(vals) == _INF:  # a NaN or an infinity: the converter decides
            return None
        low = min(vals)
        if conv is conv_lat:
            return out if low >= -90 and max(vals) <= 90 else None
        if conv is conv_lon:
            return out if low >= -180 and max(vals) <= 180 else None
        strict = getattr(conv, "strict", True)
        return out if low > 0 or (not strict and low == 0) else None
    if conv is conv_text:
        return [x.strip() or None for x in raw]
    if conv is conv_id:
        out = [x.strip() or None for x in raw]
        return out if max(map(len, raw)) <= 64 else None
    return None


def _plain_locations(names: list[str], columns: list[list[Any]], crs: str) -> list[bool] | None:
    """Column-wise, what _check_location does to the usual row: WGS-84 coordinates inside
    China are rounded in place and marked True (nothing more to check); other rows False."""
    if crs != "wgs84" or "lat" not in names or "lon" not in names:
        return None
    from parkatlas.geo import CHINA_LAT, CHINA_LON

    ila, ilo = names.index("lat"), names.index("lon")
    (a0, a1), (b0, b1) = CHINA_LAT, CHINA_LON
    ok = [x is not None and y is not None and a0 <= x <= a1 and b0 <= y <= b1
          for x, y in zip(columns[ila], columns[ilo], strict=True)]  # fmt: skip
    columns[ila] = [round(x, 7) if k else x for x, k in zip(columns[ila], ok, strict=True)]
    columns[ilo] = [round(y, 7) if k else y for y, k in zip(columns[ilo], ok, strict=True)]
    return ok


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
