"""The in-memory columnar index of sites that matching scans.

Rows are sorted by (status, kind, area) so a query reads only the partitions of the statuses
and kinds it asks for, and inside each only the area range it accepts (two binary searches),
before scanning the other constraints. Columns are narrow numpy arrays; text that repeats
(park, region, industry lists) is dictionary-coded.

A changed site does not rebuild the index: the old row is marked dead and the new one goes to
a small delta segment scanned beside the base; `compact()` folds the delta in (in memory).
Building from the database uses the fastest path each offers (`source.read_sqlite`,
`source.read_postgres`): the readers send repeated text as `DictColumn`s (codes into distinct
values) and numbers as float arrays, so building never handles one Python string per row.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from parkatlas.matching import industry as ind
from parkatlas.matching.profiles import (
    DEFAULT_REGION_STANDARDS,
    INDICATORS,
    standard_for_region,
)
from parkatlas.vocab import terms

KINDS = terms.KINDS.codes
STATUSES = terms.STATUSES.codes
TENURE_CODES = {"lease": 1, "sale": 2, "both": 3}
NO_DATE = np.iinfo(np.int32).min  # available_from missing: available now
EPOCH = dt.date(1970, 1, 1)

NUMERIC = (
    "area_m2", "rent_cny_m2_day", "price_cny_m2", "floor_load_kn_m2", "clear_height_m",
    "power_kva", "env_class_max", "hazardous_ok", "available_days", "lat", "lon",
)  # fmt: skip
TEXT = ("id", "park", "region", "kind", "tenure", "status", "industries", "preferred_industries", "indicators")  # fmt: skip
THRESHOLDS = tuple(INDICATORS)  # invest_intensity_wan_mu, tax_wan_mu, output_wan_mu


_GROW = threading.Lock()


class Vocab:
    """A growing dictionary code: value → small int (-1 for missing)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        self.values: list[str] = []
        self.pos: dict[str, int] = {}
        for v in values:
            self.code(v)

    def code(self, value: str | None) -> int:
        if value is None or value == "":
            return -1
        pos = self.pos.get(value)
        if pos is None:
            # a query may ask for a value never seen (a kind no site has) while another
            # query does the same: the server runs matches side by side (api/live.py)
            with _GROW:
                pos = self.pos.get(value)
                if pos is None:
                    self.values.append(value)
                    pos = self.pos[value] = len(self.values) - 1
        return pos

    def ids_where(self, pred: Any) -> np.ndarray:
        return np.array([i for i, v in enumerate(self.values) if pred(v)], dtype=np.int32)

    def recode(self, col: DictColumn) -> np.ndarray:
        """This vocabulary's codes (int32, -1 missing) for a dictionary-coded column."""
        lut = np.array([self.code(v) for v in col.values] + [-1], dtype=np.int32)
        recoded: np.ndarray = lut[col.codes]  # code -1 reads the last slot, -1
        return recoded


@dataclass
class DictColumn:
    """A text column as codes into its distinct values: row i is ``values[codes[i]]``, code -1
    is missing (NULL). The readers send repeated text this way, so no per-row string is built."""

    codes: np.ndarray  # int32
    values: list[Any]

    def __len__(self) -> int:
        return int(self.codes.shape[0])


def factorize(values: Any) -> DictColumn:
    """A column (list, tuple or array; None or "" missing) → DictColumn, at C speed: one dict
    lookup per row. Mappings (indicators given as dicts) are keyed by their sorted JSON."""
    if isinstance(values, DictColumn):
        return values
    if isinstance(values, np.ndarray):
        values = values.tolist()
    try:
        distinct = set(values)
    except TypeError:  # unhashable: dicts
        values = [json.dumps(v, sort_keys=True) if isinstance(v, Mapping) else v for v in values]
        distinct = set(values)
    uniq = [v for v in distinct if v is not None and v != ""]
    pos: dict[Any, int] = {v: i for i, v in enumerate(uniq)}
    pos[None] = pos[""] = -1
    codes = np.fromiter(map(pos.__getitem__, values), dtype=np.int32, count=len(values))
    return DictColumn(codes, uniq)


def split_codes(text: str | None) -> tuple[str, ...]:
    if not text:
        return ()
    return tuple(c.strip().upper() for c in text.replace(",", ";").split(";") if c.strip())


class IndustryProfiles:
    """Distinct (allowed, preferred, park positioning) industry lists, each with its entries
    in a flat array, so a project's fit to every profile is one vectorised pass."""

    SOURCE_WEIGHT = (0.8, 1.0, 0.9)  # allowed, preferred, park positioning

    def __init__(self) -> None:
        self.codes = ind.CodeTable()
        self.keys: list[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = []
        self.pos: dict[tuple[Any, ...], int] = {}
        self._entry_code: list[int] = []
        self._entry_src: list[int] = []
        self._offsets: list[int] = []
        self._has_allowed: list[bool] = []
        self._cache: dict[str, tuple[int, np.ndarray, np.ndarray]] = {}

    def intern(
        self, allowed: tuple[str, ...], preferred: tuple[str, ...], park: tuple[str, ...]
    ) -> int:
        key = (allowed, preferred, park)
        pos = self.pos.get(key)
        if pos is not None:
            return pos
        pos = self.pos[key] = len(self.keys)
        self.keys.append(key)
        self._offsets.append(len(self._entry_code))
        self._entry_code.append(-1)  # sentinel: every profile has an entry of fit 0
        self._entry_src.append(0)
        for src, codes in enumerate(key):
            for c in codes:
                self._entry_code.append(self.codes.add(c))
                self._entry_src.append(src)
        self._has_allowed.append(bool(allowed))
        return pos

    def fit(self, project_code: str) -> tuple[np.ndarray, np.ndarray]:
        """(industry fit 0–1, allowed flag) for every profile, for one project code."""
        hit = self._cache.get(project_code)
        if hit is not None and hit[0] == len(self.keys):
            return hit[1], hit[2]
        if len(self.codes):
            code_fit, code_lin = self.codes.fit_all(project_code)
        else:
            code_fit, code_lin = np.zeros(0), np.zeros(0, dtype=bool)
        ec = np.array(self._entry_code, dtype=np.int64)
        es = np.array(self._entry_src, dtype=np.int64)
        real = ec >= 0
        vals = np.zeros(ec.size)
        vals[real] = code_fit[ec[real]] * np.array(self.SOURCE_WEIGHT)[es[real]]
        lin = np.zeros(ec.size, dtype=bool)
        lin[real] = code_lin[ec[real]] & (es[real] == 0)
        offs = np.array(self._offsets, dtype=np.int64)
        if offs.size:
            fit = np.maximum.reduceat(vals, offs)
            allowed = np.logical_or.reduceat(lin, offs) | ~np.array(self._has_allowed)
        else:
            fit, allowed = np.zeros(0), np.zeros(0, dtype=bool)
        self._cache[project_code] = (len(self.keys), fit, allowed)
        return fit, allowed

    def best_match(self, prof: int, project_code: str) -> tuple[str, str, float]:
        """(source, site code, fit) of the entry that gives a profile its industry fit."""
        best = ("none", "", 0.0)
        for src, codes in zip(("allowed", "preferred", "park"), self.keys[prof], strict=True):
            w = self.SOURCE_WEIGHT[("allowed", "preferred", "park").index(src)]
            for c in codes:
                f = ind.fit(project_code, c) * w
                if f > best[2]:
                    best = (src, c, f)
        return best


@dataclass
class Segment:
    """A block of sites as columns, sorted by (status, kind, area), with partition bounds."""

    ids: np.ndarray  # ids (numpy str: compares by code point, as UTF-8 bytes do)
    kind: np.ndarray  # int8 codes of SiteIndex.kinds
    status: np.ndarray  # int8 codes of SiteIndex.statuses
    tenure: np.ndarray  # int8: 0 unknown, 1 lease, 2 sale, 3 both
    park: np.ndarray  # int32 codes of SiteIndex.parks (-1 none)
    region: np.ndarray  # int32 codes of SiteIndex.regions (-1 none)
    area: np.ndarray
    rent: np.ndarray
    price: np.ndarray
    floor_load: np.ndarray
    clear_height: np.ndarray
    power: np.ndarray
    env: np.ndarray  # int8: 0 unknown, 1–3
    hazardous: np.ndarray  # int8: -1 unknown, 0, 1
    avail: np.ndarray  # int32 days since 1970-01-01 (NO_DATE: now)
    lat: np.ndarray
    lon: np.ndarray
    prof: np.ndarray  # int32 industry profile
    thr: dict[str, np.ndarray]  # indicator → threshold (site's own, else the region standard)
    thr_own: dict[str, np.ndarray]  # indicator → bool: threshold is the site's own
    parts: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    alive: np.ndarray | None = None  # None: every row alive
    dead: int = 0

    def __len__(self) -> int:
        return int(self.ids.shape[0])

    @property
    def nbytes(self) -> int:
        total = sum(v.nbytes for v in self.__dict__.values() if isinstance(v, np.ndarray))
        total += sum(v.nbytes for v in self.thr.values()) + sum(
            v.nbytes for v in self.thr_own.values()
        )
        return total

    def kill(self, pos: int) -> None:
        if self.alive is None:
            self.alive = np.ones(len(self), dtype=bool)
        if self.alive[pos]:
            self.alive[pos] = False
            self.dead += 1

    def columns(self) -> list[str]:
        return [k for k, v in self.__dict__.items() if isinstance(v, np.ndarray) and k != "alive"]


def _float_col(values: Any) -> np.ndarray:
    """float64 column, missing values (None) as NaN."""
    if isinstance(values, np.ndarray) and values.dtype.kind == "f":
        return values.astype(np.float64, copy=False)
    return np.array(values, dtype=np.float64)  # None → NaN


def _days(value: Any) -> float:
    if value is None or value == "":
        return np.nan
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return float((value - EPOCH).days)
    return float((dt.date.fromisoformat(str(value)[:10]) - EPOCH).days)


class SiteIndex:
    """Every site of the atlas in one base segment plus a delta of changed sites."""

    DELTA_LIMIT = 4096  # changed sites kept aside before compact() folds them in

    def __init__(
        self,
        park_positioning: Mapping[str, str | None] | None = None,
        region_standards: Mapping[str, str] | None = None,
    ) -> None:
        self.kinds = Vocab(KINDS)
        self.statuses = Vocab(STATUSES)
        self.parks = Vocab()
        self.regions = Vocab()
        self.profiles = IndustryProfiles()
        self.park_positioning = {k: split_codes(v) for k, v in (park_positioning or {}).items()}
        self.region_standards = dict(region_standards or DEFAULT_REGION_STANDARDS)
        self._indicator_cache: dict[str, dict[str, float]] = {}
        self.base: Segment = self._segment({k: [] for k in TEXT + NUMERIC})
        self._sorted_ids = self.base.ids
        self._sorted_pos = np.zeros(0, dtype=np.int64)
        self._delta_rows: dict[str, dict[str, Any]] = {}
        self._delta: Segment | None = None

    # ---- building ----------------------------------------------------------------------

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Any],
        park_positioning: Mapping[str, str | None] | None = None,
        region_standards: Mapping[str, str] | None = None,
    ) -> SiteIndex:
        """Build from canonical site columns (as `demo.synth.site_columns` or the readers give)."""
        index = cls(park_positioning, region_standards)
        raw = dict(columns)
        if "available_days" not in raw:
            raw["available_days"] = [
                _days(v) for v in raw.get("available_from", [None] * len(raw["id"]))
            ]
        index.base = index._segment(raw)
        index._reindex_base()
        return index

    def _indicators(self, text: Any) -> dict[str, float]:
        if text is None or text == "":
            return {}
        if isinstance(text, Mapping):
            data: Any = text
        else:
            hit = self._indicator_cache.get(text)
            if hit is not None:
                return hit
            try:
                data = json.loads(text)
            except ValueError:
                data = {}
        out = {}
        if isinstance(data, Mapping):
            for k in THRESHOLDS:
                v = data.get(k)
                if isinstance(v, int | float) and not isinstance(v, bool) and v > 0:
                    out[k] = float(v)
        if not isinstance(text, Mapping):
            self._indicator_cache[text] = out
        return out

    def _encode(self, raw: Mapping[str, Any]) -> dict[str, np.ndarray]:
        """Canonical columns → coded arrays. Text columns may be lists or arrays (missing: None
        or "") or `DictColumn`s; numbers lists or float arrays (missing: None or NaN)."""
        ids_in = raw["id"]
        n = len(ids_in)
        if n == 0:
            ids = np.zeros(0, dtype="U1")
        elif isinstance(ids_in, np.ndarray) and ids_in.dtype.kind == "U":
            ids = ids_in
        else:
            ids = np.array(
                ids_in if isinstance(ids_in, np.ndarray) else list(ids_in), dtype=np.str_
            )

        def coded(key: str, default: str | None = None) -> DictColumn:
            v = raw.get(key)
            if v is None:
                return DictColumn(np.full(n, 0 if default else -1, dtype=np.int32), [default])
            return factorize(v)

        out: dict[str, np.ndarray] = {"ids": ids}
        out["kind"] = self.kinds.recode(coded("kind")).astype(np.int8)
        out["status"] = self.statuses.recode(coded("status", "available")).astype(np.int8)
        tenure = coded("tenure")
        tenure_lut = np.array([TENURE_CODES.get(v, 0) for v in tenure.values] + [0], np.int8)
        out["tenure"] = tenure_lut[tenure.codes]  # code -1 (missing) reads the last slot, 0
        park = out["park"] = self.parks.recode(coded("park"))
        region = out["region"] = self.regions.recode(coded("region"))
        fl = {
            k: _float_col(raw[k]) if raw.get(k) is not None else np.full(n, np.nan) for k in NUMERIC
        }
        for src, dst in (("area_m2", "area"), ("rent_cny_m2_day", "rent"), ("price_cny_m2", "price"),
                         ("floor_load_kn_m2", "floor_load"), ("clear_height_m", "clear_height"),
                         ("power_kva", "power"), ("lat", "lat"), ("lon", "lon")):  # fmt: skip
            out[dst] = fl[src]
        out["env"] = np.nan_to_num(fl["env_class_max"], nan=0).astype(np.int8)
        out["hazardous"] = np.nan_to_num(fl["hazardous_ok"], nan=-1).astype(np.int8)
        days = fl["available_days"]
        out["avail"] = np.where(np.isnan(days), NO_DATE, days).astype(np.int32)
        out["prof"] = self._profiles(coded("industries"), coded("preferred_industries"), park)
        out.update(self._thresholds(coded("indicators"), region))
        return out

    def _profiles(self, allowed: DictColumn, preferred: DictColumn, park: np.ndarray) -> np.ndarray:
        """Industry profile per row: one per distinct (allowed, preferred, park) combination."""
        n = len(park)
        if n == 0:
            return np.zeros(0, dtype=np.int32)
        m_b = len(preferred.values) + 1
        m_p = len(self.parks.values) + 1
        a = allowed.codes.astype(np.int64) + 1
        b = preferred.codes.astype(np.int64) + 1
        key = (a * m_b + b) * m_p + (park.astype(np.int64) + 1)
        uniq, inv = np.unique(key, return_inverse=True)
        prof_of = np.empty(uniq.size, dtype=np.int32)
        for j, kv in enumerate(uniq.tolist()):
            ab, pc = divmod(kv, m_p)
            ai, bi = divmod(ab, m_b)
            pk = self.parks.values[pc - 1] if pc else None
            prof_of[j] = self.profiles.intern(
                split_codes(allowed.values[ai - 1] if ai else None),
                split_codes(preferred.values[bi - 1] if bi else None),
                self.park_positioning.get(pk, ()) if pk else (),
            )
        prof: np.ndarray = prof_of[inv.reshape(-1)]
        return prof

    def _thresholds(self, indicators: DictColumn, region: np.ndarray) -> dict[str, np.ndarray]:
        """Land-efficiency thresholds: the site's own indicators, else its region's standard."""
        own_tab = {k: np.full(len(indicators.values) + 1, np.nan) for k in THRESHOLDS}
        for c, t in enumerate(indicators.values):
            for k, v in self._indicators(t).items():
                own_tab[k][c] = v
        reg_tab = {k: np.full(len(self.regions.values) + 1, np.nan) for k in THRESHOLDS}
        for code in [-1, *range(len(self.regions.values))]:
            std = standard_for_region(
                self.regions.values[code] if code >= 0 else None, self.region_standards
            )
            if std is not None:
                for k, v in std.thresholds.items():
                    reg_tab[k][code] = v  # code -1 is the last slot
        out = {}
        for k in THRESHOLDS:
            own_v = own_tab[k][indicators.codes]  # code -1 reads the NaN last slot
            own = ~np.isnan(own_v)
            out["thr:" + k] = np.where(own, own_v, reg_tab[k][region])
            out["own:" + k] = own
        return out

    @staticmethod
    def _assemble(chunks: list[dict[str, np.ndarray]]) -> Segment:
        """Coded chunks → one segment sorted by (status, kind, area), with partition bounds.
        Consumes the chunks column by column, so the build holds about one copy of the data."""

        def take(key: str) -> np.ndarray:
            parts = [c.pop(key) for c in chunks]
            return parts[0] if len(parts) == 1 else np.concatenate(parts)

        keys = {k: take(k) for k in ("area", "kind", "status")}
        order = np.lexsort((keys["area"], keys["kind"], keys["status"]))
        # Any: the columns are splatted into Segment, whose other fields are not arrays
        cols: dict[str, Any] = {k: v[order] for k, v in keys.items()}
        del keys
        for k in list(chunks[0]):
            cols[k] = take(k)[order]
        thr = {k: cols.pop("thr:" + k) for k in THRESHOLDS}
        own = {k: cols.pop("own:" + k) for k in THRESHOLDS}
        seg = Segment(thr=thr, thr_own=own, **cols)
        key = seg.status.astype(np.int64) * 256 + seg.kind.astype(np.int64)
        n = len(seg)
        if n:
            starts = np.concatenate(([0], np.flatnonzero(np.diff(key)) + 1))
            ends = np.concatenate((starts[1:], [n]))
            for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
                seg.parts[(int(seg.status[s]), int(seg.kind[s]))] = (s, e)
        return seg

    def _segment(self, raw: Mapping[str, Any]) -> Segment:
        return self._assemble([self._encode(raw)])

    def load_chunks(self, chunks: Iterable[Mapping[str, Any]]) -> None:
        """Replace the base with sites read chunk by chunk (bounded memory while reading)."""
        coded = [self._encode(c) for c in chunks]
        self.base = (
            self._assemble(coded) if coded else self._segment({k: [] for k in TEXT + NUMERIC})
        )
        self._delta_rows.clear()
        self._delta = None
        self._reindex_base()

    def _reindex_base(self) -> None:
        order = np.argsort(self.base.ids, kind="stable")
        self._sorted_ids = self.base.ids[order]
        self._sorted_pos = order

    # ---- reading -----------------------------------------------------------------------

    def segments(self) -> list[Segment]:
        if self._delta is None and self._delta_rows:
            rows = list(self._delta_rows.values())
            cols = {k: [r.get(k) for r in rows] for k in TEXT + NUMERIC if k != "available_days"}
            cols["available_days"] = [_days(r.get("available_from")) for r in rows]
            self._delta = self._segment(cols)
        return [self.base] if self._delta is None else [self.base, self._delta]

    def __len__(self) -> int:
        return sum(len(s) - s.dead for s in self.segments())

    @property
    def nbytes(self) -> int:
        return sum(s.nbytes for s in self.segments())

    def _base_pos(self, site_id: str) -> int | None:
        key = site_id
        i = int(np.searchsorted(self._sorted_ids, key))
        if i < len(self._sorted_ids) and self._sorted_ids[i] == key:
            pos = int(self._sorted_pos[i])
            if self.base.alive is None or self.base.alive[pos]:
                return pos
        return None

    def locate(self, site_id: str) -> tuple[Segment, int] | None:
        """The segment and row of a live site, or None."""
        if site_id in self._delta_rows:
            seg = self.segments()[-1]
            pos = int(np.flatnonzero(seg.ids == site_id)[0])
            return seg, pos
        base_pos = self._base_pos(site_id)
        return (self.base, base_pos) if base_pos is not None else None

    # ---- changing ----------------------------------------------------------------------

    def upsert(self, row: Mapping[str, Any]) -> None:
        """Add or replace one site (a dict of site columns); the next query sees it."""
        site_id = str(row["id"])
        pos = self._base_pos(site_id)
        if pos is not None:
            self.base.kill(pos)
        self._delta_rows[site_id] = dict(row)
        self._delta = None
        if len(self._delta_rows) > self.DELTA_LIMIT:
            self.compact()

    def delete(self, site_id: str) -> bool:
        """Remove one site; True if it was there."""
        found = False
        if self._delta_rows.pop(site_id, None) is not None:
            self._delta = None
            found = True
        pos = self._base_pos(site_id)
        if pos is not None:
            self.base.kill(pos)
            found = True
        return found

    def compact(self) -> None:
        """Fold the delta and the dead rows into a new base, in memory (no database read)."""
        segs = self.segments()
        keep = [np.flatnonzero(s.alive) if s.alive is not None else np.arange(len(s)) for s in segs]

        chunks = []
        for sg, k in zip(segs, keep, strict=True):
            c = {name: getattr(sg, name)[k] for name in sg.columns()}
            for t in THRESHOLDS:
                c["thr:" + t] = sg.thr[t][k]
                c["own:" + t] = sg.thr_own[t][k]
            chunks.append(c)
        seg = self._assemble(chunks)
        self.base = seg
        self._delta_rows.clear()
        self._delta = None
        self._reindex_base()
