"""Streaming JSON and GeoJSON tables: one record in memory at a time, nesting bounded.

Accepted shapes: a list of objects; an object holding such a list under items, data, rows
or features (a GeoJSON FeatureCollection: Point features, their coordinates read as lon/lat).
The file is decoded in 1 MiB chunks; each element of the list is parsed on its own
(`json.JSONDecoder.raw_decode`), so a 1 GB file needs the memory of its largest record. A
record nested deeper than PARKATLAS_MAX_JSON_DEPTH is refused with that limit in the message.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.io.limits import Limits, refuse
from parkatlas.io.readers import Row, TableStream, data_rows

LIST_KEYS = ("items", "data", "rows", "features")
_WS = " \t\r\n"
_DECODER = json.JSONDecoder()
CHUNK = 1 << 20  # characters read at a time


class _Source:
    """A text buffer over the file that grows on demand, with a position in it."""

    def __init__(self, fh: Any, path: Path, limits: Limits) -> None:
        self.fh, self.path, self.limits = fh, path, limits
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.dropped_lines = 0

    def more(self) -> bool:
        if self.eof:
            return False
        chunk = self.fh.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        if self.pos > CHUNK:  # drop what has been parsed
            self.dropped_lines += self.buf.count("\n", 0, self.pos)
            self.buf = self.buf[self.pos :]
            self.pos = 0
        self.buf += chunk
        return True

    def peek(self) -> str:
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _WS:
                self.pos += 1
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self.more():
                return ""

    def expect(self, ch: str) -> None:
        if self.peek() != ch:
            raise self.error(f"expected {ch!r}")
        self.pos += 1

    def value(self) -> Any:
        """Parse one JSON value at the position, reading more of the file as needed."""
        self.peek()
        want = CHUNK
        while True:
            try:
                val, end = _DECODER.raw_decode(self.buf, self.pos)
            except RecursionError:
                raise self.too_deep() from None
            except json.JSONDecodeError as exc:
                if not self.eof and len(self.buf) - self.pos <= self.limits.line_bytes + (1 << 20):
                    # maybe incomplete: read at least as much again (amortized linear); a
                    # record longer than a CSV line may be (PARKATLAS_MAX_LINE_BYTES) is not
                    got = 0
                    while got < want and self.more():
                        got += CHUNK
                    want *= 2
                    continue
                raise self.error(exc.msg, exc.pos) from None
            if end >= len(self.buf) and not self.eof and isinstance(val, int | float):
                if self.more():  # a number cut at the buffer's end: parse it again whole
                    continue
            self.pos = end
            if _depth(val) > self.limits.json_depth:
                raise self.too_deep()
            return val

    def too_deep(self) -> ParkatlasError:
        return refuse(
            self.path, "a value is nested too deeply", f"{self.limits.json_depth} levels",
            "json_depth", "records are flat objects",
        )  # fmt: skip

    def error(self, msg: str, pos: int | None = None) -> ParkatlasError:
        at = self.buf[: self.pos if pos is None else pos]
        line = self.dropped_lines + at.count("\n") + 1
        return ParkatlasError(f"{self.path}: invalid JSON near line {line}: {msg}")


def _depth(v: Any, level: int = 1) -> int:
    if isinstance(v, dict):
        return max((_depth(x, level + 1) for x in v.values()), default=level)
    if isinstance(v, list):
        return max((_depth(x, level + 1) for x in v), default=level)
    return level - 1


def _elements(src: _Source) -> Iterator[Any]:
    """The elements of the list at the position."""
    src.expect("[")
    if src.peek() == "]":
        src.pos += 1
        return
    while True:
        yield src.value()
        ch = src.peek()
        src.pos += 1
        if ch == "]":
            return
        if ch != ",":
            raise src.error("expected ',' or ']' between list items")


def _records(src: _Source, kind: str) -> Iterator[Any]:
    """The records of the file, whatever its accepted shape."""
    ch = src.peek()
    if ch == "[":
        yield from _elements(src)
        return
    if ch != "{":
        raise src.error("expected a list of objects, or an object holding one")
    src.pos += 1
    found = False
    while src.peek() != "}":
        key = src.value()
        src.expect(":")
        if key in LIST_KEYS and src.peek() == "[" and not found:
            found = True
            yield from _elements(src)
        else:
            src.value()  # type, name, crs …: small values, read and dropped
        if src.peek() == ",":
            src.pos += 1
    if not found:
        raise ParkatlasError(
            f"{src.path}: expected a JSON list of objects (or {{'items': [...]}} or a GeoJSON FeatureCollection)"
        )


def _feature_props(path: Path, i: int, feat: Any) -> dict[str, Any]:
    if not isinstance(feat, dict):
        raise ParkatlasError(f"{path}: record {i} is not an object")
    if feat.get("type") != "Feature":
        return feat
    props = dict(feat.get("properties") or {})
    geom = feat.get("geometry") or {}
    if geom:
        if geom.get("type") != "Point":
            raise ParkatlasError(
                f"{path}: feature {i} has a {geom.get('type')} geometry; only Point is read "
                "(give the site's centre point)"
            )
        coords = geom.get("coordinates") or []
        if len(coords) >= 2:
            props["lon"], props["lat"] = coords[0], coords[1]
    return props


def open_json(path: Path, kind: str, limits: Limits) -> TableStream:
    """Records become rows; the headers are the keys of the records, in order of appearance.

    The keys are collected in a first streaming pass (constant memory), the rows in a second.
    """
    from parkatlas.textcodec import detect_file_encoding

    encoding = detect_file_encoding(path)
    headers: list[str] = []
    seen: set[str] = set()
    with path.open("r", encoding=encoding) as fh:
        for i, rec in enumerate(_records(_Source(fh, path, limits), kind), 1):
            props = _feature_props(path, i, rec)
            for k in props:
                if k not in seen:
                    seen.add(k)
                    headers.append(str(k))
                    if len(headers) > limits.columns:
                        from parkatlas.io.limits import check_columns

                        check_columns(path, i, len(headers), limits)
    if not headers:
        raise ParkatlasError(f"{path}: the file holds no records")

    def raw() -> Iterator[Row]:
        with path.open("r", encoding=encoding) as fh2:
            for i, rec in enumerate(_records(_Source(fh2, path, limits), kind), 1):
                props = _feature_props(path, i, rec)
                yield i, [props.get(h) for h in headers]

    fmt = "geojson" if kind == "geojson" or path.suffix.lower() == ".geojson" else "json"
    return TableStream(str(path), fmt, headers, data_rows(path, raw(), len(headers), limits,
                                                          check_cells=True), encoding)  # fmt: skip
