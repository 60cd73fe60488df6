"""Headers as bureaus write them → the entity's fields, or kept attributes.

A header is normalized before it is matched (full-width → half-width, case, spaces and
punctuation, units in any brackets), then looked up among the field aliases of
`parkatlas.io.fields`; if that fails, its stem is (leading 所在/所属/可入驻/可/楼板/地坪/地面
and a trailing 名称 dropped, on both sides). A column that names no field, a second column of
a field already read, and a header whose stem fits two fields are all **kept** on each record
as attributes (header as written → value) and named in the report with the closest fields,
so nothing a user typed is lost; `--map 列名=field` maps one by hand. Pure.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from parkatlas.errors import ParkatlasError
from parkatlas.io.fields import ENTITIES, Field

_BRACKETS = re.compile(r"[(\[{<【《「『〔].*?[)\]}>】》」』〕]")
_PUNCT = re.compile(r"[\s_\-:;,.*·、/\\|'\"?!~#＊]+")
_PREFIXES = ("可入驻", "所在", "所属", "楼板", "地坪", "地面", "可")
ROW_NUMBER_HEADERS = {"序号", "no", "no.", "#", "行号", "序"}
# columns a reject or warnings file adds: _key is the stored key of the row it came from
REJECT_COLUMNS = {"_row", "_column", "_value", "_reason", "_key", "_header", "_file", "_level"}
KEY_COLUMN = "_key"


def norm_header(h: object) -> str:
    """面积(㎡) → 面积; ＡＲＥＡ　（m²） → area; 'Rent_CNY' → rentcny."""
    s, prev = str(h), None
    while s != prev:  # until stable: lower-casing or a removed bracket can make new forms
        prev = s
        s = _PUNCT.sub("", _BRACKETS.sub("", unicodedata.normalize("NFKC", s).lower()))
    return s


def stem(normed: str) -> str:
    """所在区域 → 区域; 可入驻行业 → 行业; 楼板承重 → 承重; 载体名称 → 载体 (never to nothing)."""
    for p in _PREFIXES:
        if normed.startswith(p) and len(normed) > len(p):
            normed = normed[len(p) :]
            break
    if normed.endswith("名称") and len(normed) > 2:
        normed = normed[:-2]
    return normed


@dataclass(frozen=True)
class HeaderNote:
    """One thing the report says about a column: kept as attribute, ambiguous, repeated …"""

    column: int  # 1-based, as a person counts columns
    header: str  # as written
    what: str  # attribute, ambiguous, duplicate, row_number, mapped
    closest: tuple[str, ...] = ()
    message: str = ""


@dataclass
class HeaderMap:
    fields: dict[int, Field] = field(default_factory=dict)  # column index → field
    attrs: dict[int, str] = field(default_factory=dict)  # column index → attribute name
    key_column: int | None = None  # a reject/warnings file's _key column
    notes: list[HeaderNote] = field(default_factory=list)

    @property
    def kept(self) -> list[str]:
        return list(self.attrs.values())


class _Index:
    def __init__(self, entity: str) -> None:
        self.fields = ENTITIES[entity]
        self.by_name = {f.name: f for f in self.fields}
        self.exact: dict[str, Field] = {}
        self.stems: dict[str, list[Field]] = {}
        for f in self.fields:
            for alias in f.aliases:
                n = norm_header(alias)
                self.exact.setdefault(n, f)
        for f in self.fields:
            for alias in f.aliases:
                s = stem(norm_header(alias))
                found = self.stems.setdefault(s, [])
                if f not in found:
                    found.append(f)

    def find(self, header: str) -> tuple[Field | None, list[Field]]:
        """The field a header names, or (None, the fields it could name)."""
        n = norm_header(header)
        if not n:
            return None, []
        if n in self.exact:
            return self.exact[n], []
        cands = self.stems.get(stem(n), [])
        if len(cands) == 1:
            return cands[0], []
        return None, cands

    def resolve_field(self, name: str) -> Field | None:
        """A field named by --map: its English name, its Chinese label or any alias."""
        if name in self.by_name:
            return self.by_name[name]
        f, _ = self.find(name)
        return f

    def closest(self, header: str) -> tuple[str, ...]:
        n = norm_header(header)
        if not n:
            return ()
        names: list[str] = []
        keys = list(self.exact)
        near = [k for k in keys if len(k) >= 2 and (k in n or n in k)]
        near += difflib.get_close_matches(n, keys, n=6, cutoff=0.5)
        for k in near:
            name = self.exact[k].name
            if name not in names and name != "attrs":
                names.append(name)
        return tuple(names[:3])


def parse_map_options(options: list[str] | None) -> dict[str, str]:
    """`--map "列名=field"` (repeatable) → {header: field}; a malformed one is refused."""
    out: dict[str, str] = {}
    for opt in options or []:
        header, sep, name = opt.partition("=")
        if not sep or not header.strip() or not name.strip():
            raise ParkatlasError(f"--map {opt!r}: write it as --map \"列名=field\", e.g. --map 招商人员=contact")
        out[header.strip()] = name.strip()
    return out


def map_headers(entity: str, headers: list[str], manual: dict[str, str] | None = None) -> HeaderMap:
    """Column index → field, or → attribute (with the reason in `notes`)."""
    idx = _Index(entity)
    hm = HeaderMap()
    by_norm = {norm_header(k): v for k, v in (manual or {}).items()}
    written = {norm_header(h) for h in headers}
    for k, v in (manual or {}).items():
        if norm_header(k) not in written:
            raise ParkatlasError(
                f"--map {k}={v}: the file has no column {k!r}; its columns: {', '.join(map(str, headers))}"
            )
        if idx.resolve_field(v) is None:
            raise ParkatlasError(
                f"--map {k}={v}: {entity} have no field {v!r}; fields: {', '.join(idx.by_name)}"
            )
    taken: dict[str, int] = {}
    attr_names: set[str] = set()

    def keep(i: int, h: str, what: str, closest: tuple[str, ...], message: str) -> None:
        name = h.strip() or f"列{i + 1}"
        base, k = name, 2
        while name in attr_names:
            name, k = f"{base} ({k})", k + 1
        attr_names.add(name)
        hm.attrs[i] = name
        hm.notes.append(HeaderNote(i + 1, h, what, closest, message))

    for i, raw in enumerate(headers):
        h = "" if raw is None else str(raw)
        hs = h.strip()
        if hs in REJECT_COLUMNS:
            if hs == KEY_COLUMN:
                hm.key_column = i
            continue
        n = norm_header(h)
        if n in ROW_NUMBER_HEADERS and n not in by_norm:
            hm.notes.append(HeaderNote(i + 1, h, "row_number", (), "row numbers: not an id, not kept"))
            continue
        if n in by_norm:
            f: Field | None = idx.resolve_field(by_norm[n])
            cands: list[Field] = []
        else:
            f, cands = idx.find(h)
        if f is None:
            if not n:
                continue  # a column with neither header nor data is dropped by the caller
            if cands:
                names = tuple(c.name for c in cands)
                keep(i, h, "ambiguous", names, f"could be {' or '.join(names)}")
            else:
                keep(i, h, "attribute", idx.closest(h), "names no field")
            continue
        if f.name in taken:
            first = taken[f.name]
            keep(i, h, "duplicate", (f.name,),
                 f"{f.name} is already read from column {first + 1} ({headers[first]})")  # fmt: skip
            continue
        taken[f.name] = i
        hm.fields[i] = f
        if n in by_norm:
            hm.notes.append(HeaderNote(i + 1, h, "mapped", (f.name,), f"mapped by hand to {f.name}"))
    return hm
