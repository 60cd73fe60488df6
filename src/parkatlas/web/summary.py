"""Pre-aggregated figures of the whole site library, kept warm in the server process.

The start page's vacancy table, the monthly report's vacancy and stale counts, and the map
of a large list (more than :data:`maps.CLUSTER_ABOVE` sites) each read every site: on a
million sites that is seconds of SQL per request. Instead three ``GROUP BY`` queries
(:func:`compute`) count the library once into small tables — sites by (district, kind,
status, grid cell of :data:`BASE_CELL` degrees) with their area and summed coordinates, the
same for public sites, and available sites by (district, day of their last confirmation) —
and pages read those.

:class:`SummaryKeeper` holds one :class:`Summary` per process. It is computed when the app
starts (in a background thread) or on first use, and recomputed in the background when
the audit log has moved (every site write leaves an audit entry, as the matching index
relies on too) and the summary is older than :data:`REFRESH_SECONDS`, or in any case after
:data:`MAX_AGE_SECONDS`. Requests never wait for a recomputation: they get the last
summary, whose time the pages show ("统计时间"). Stale counts are counted to the day: a site
confirmed on the cut-off day counts as fresh.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func, select, true
from sqlalchemy.orm import Session

from parkatlas.db import refresh_planner_stats
from parkatlas.models import AuditEntry, Site, utcnow
from parkatlas.workspace.tables import SiteState

log = logging.getLogger(__name__)

BASE_CELL = 0.02
"""Degrees of the finest map cell kept; the map's coarser cells are whole multiples of it."""
REFRESH_SECONDS = 30.0
"""After a write, the summary is recomputed once it is at least this old."""
MAX_AGE_SECONDS = 600.0
"""The summary is recomputed after this long even when the audit log did not move."""
CHECK_SECONDS = 5.0
"""The audit log is asked whether it moved at most this often."""


@dataclass(frozen=True)
class Cell:
    district: str
    kind: str
    status: str
    cy: int | None  # floor(lat / BASE_CELL); None: no coordinates
    cx: int | None
    n: int
    area: float
    lat_sum: float
    lon_sum: float


@dataclass(frozen=True)
class Summary:
    made_at: dt.datetime
    audit_high: int
    cells: tuple[Cell, ...]
    public_cells: tuple[Cell, ...]
    # available sites: (district, day of the last confirmation, "YYYY-MM-DD") → n
    confirmed: dict[tuple[str, str], int] = field(default_factory=dict)

    def vacancy(self) -> dict[str, dict[str, tuple[int, float]]]:
        """Available sites by district (6-digit code) and kind: (count, m²)."""
        out: dict[str, dict[str, list[float]]] = {}
        for c in self.cells:
            if c.status == "available":
                acc = out.setdefault(c.district, {}).setdefault(c.kind, [0, 0.0])
                acc[0] += c.n
                acc[1] += c.area
        return {d: {k: (int(v[0]), float(v[1])) for k, v in ks.items()} for d, ks in out.items()}

    def stale_by_district(self, stale_days: int, now: dt.datetime | None = None) -> dict[str, int]:
        """Available sites not confirmed since the cut-off day, by district."""
        cut = ((now or utcnow()) - dt.timedelta(days=stale_days)).date().isoformat()
        out: dict[str, int] = {}
        for (district, day), n in self.confirmed.items():
            if day < cut:
                out[district] = out.get(district, 0) + n
        return out

    def map_cells(self, *, kind: str | None, status: str | None, prefix: str, public: bool,
                  size: float | None = None) -> tuple[list[tuple[float, float, int]], int]:  # fmt: skip
        """Grid cells (mean lat, mean lon, count) of the sites with coordinates that match,
        and their number; ``prefix`` is a region code prefix of at most 6 digits."""
        chosen = [c for c in (self.public_cells if public else self.cells)
                  if c.cy is not None and c.cx is not None and (kind is None or c.kind == kind)
                  and (status is None or c.status == status) and c.district.startswith(prefix)]  # fmt: skip
        total = sum(c.n for c in chosen)
        return merged_cells(((c.cy, c.cx, c.n, c.lat_sum, c.lon_sum) for c in chosen), size), total


def merged_cells(base: Iterable[tuple[Any, Any, int, float, float]],
                 size: float | None = None) -> list[tuple[float, float, int]]:  # fmt: skip
    """Cells of ``size`` degrees (a whole multiple of :data:`BASE_CELL`) from base cells
    (cy, cx, count, sum of lat, sum of lon): (mean lat, mean lon, count) of each."""
    step = max(1, round((size or BASE_CELL) / BASE_CELL))
    acc: dict[tuple[int, int], list[float]] = {}
    for cy, cx, n, lat_sum, lon_sum in base:
        if cy is None or cx is None:
            continue
        a = acc.setdefault((int(cy) // step, int(cx) // step), [0.0, 0.0, 0])
        a[0] += lat_sum
        a[1] += lon_sum
        a[2] += n
    return [(a[0] / a[2], a[1] / a[2], int(a[2])) for a in acc.values() if a[2]]


def _cells(rows: Iterable[Any]) -> tuple[Cell, ...]:
    return tuple(
        Cell(district=d or "", kind=k, status=s, cy=None if cy is None else int(cy),
             cx=None if cx is None else int(cx), n=int(n), area=float(area or 0.0),
             lat_sum=float(lat or 0.0), lon_sum=float(lon or 0.0))
        for d, k, s, cy, cx, n, area, lat, lon in rows
    )  # fmt: skip


def _day(value: Any) -> str:
    return str(value)[:10] if value is not None else ""


def compute(session: Session) -> Summary:
    """Count the library (about 2 s of SQL on a million sites on SQLite)."""
    high = session.execute(select(func.max(AuditEntry.id))).scalar()
    made = utcnow()
    district = func.substr(Site.region, 1, 6)
    cy = func.floor(Site.lat / BASE_CELL)
    cx = func.floor(Site.lon / BASE_CELL)
    cols = (district, Site.kind, Site.status, cy, cx, func.count(), func.sum(Site.area_m2), func.sum(Site.lat),
            func.sum(Site.lon))  # fmt: skip
    cells = _cells(session.execute(select(*cols).group_by(district, Site.kind, Site.status, cy, cx)).all())
    public = _cells(session.execute(
        select(*cols).join(SiteState, SiteState.site_id == Site.id).where(SiteState.public == true())
        .group_by(district, Site.kind, Site.status, cy, cx)
    ).all())  # fmt: skip
    # the last confirmation is site_state.verified_at, else the last write (sites.updated_at):
    # count by the write's day, then move the few confirmed by a person to their day
    confirmed: dict[tuple[str, str], int] = {}
    avail = Site.status == "available"
    for d, day, n in session.execute(
        select(district, func.date(Site.updated_at), func.count()).where(avail)
        .group_by(district, func.date(Site.updated_at))
    ).all():  # fmt: skip
        confirmed[(d or "", _day(day))] = int(n)
    for d, upd, ver, n in session.execute(
        select(district, func.date(Site.updated_at), func.date(SiteState.verified_at), func.count())
        .join(SiteState, SiteState.site_id == Site.id).where(avail, SiteState.verified_at.is_not(None))
        .group_by(district, func.date(Site.updated_at), func.date(SiteState.verified_at))
    ).all():  # fmt: skip
        key = (d or "", _day(upd))
        confirmed[key] = confirmed.get(key, 0) - int(n)
        key = (d or "", _day(ver))
        confirmed[key] = confirmed.get(key, 0) + int(n)
    return Summary(made_at=made, audit_high=int(high or 0), cells=cells, public_cells=public,
                   confirmed={k: v for k, v in confirmed.items() if v})  # fmt: skip


class SummaryKeeper:
    """One :class:`Summary` per process, recomputed in the background (see the module)."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._engine: Engine | None = None
        self._current: Summary | None = None
        self._lock = threading.Lock()  # held while computing
        self._refreshing = False
        self._checked = 0.0
        self._made = 0.0

    def _sessions(self) -> Session:
        # its own plain engine: on SQLite the app's engine begins every transaction with the
        # write lock (db.make_engine(write=True)); a two-second count must not hold it
        if self._engine is None:
            from parkatlas.db import make_engine

            self._engine = make_engine(self._url, pool_size=1)
        return Session(self._engine)

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    def _compute(self) -> Summary:
        # first the planner's row counts (SQLite, db.py): the lists' filters need them, and
        # right after the server starts no request yet competes for the write lock ANALYZE takes
        try:
            with self._sessions() as session:
                refresh_planner_stats(session)
        except Exception:
            log.exception("site summary: ANALYZE failed")
        with self._sessions() as session:
            return compute(session)

    def _store(self, value: Summary) -> None:
        self._current, self._made = value, time.monotonic()
        self._checked = self._made

    def get(self) -> Summary:
        """The current summary; computed now only if there is none yet."""
        current = self._current
        if current is None:
            with self._lock:
                if self._current is None:
                    self._store(self._compute())
                current = self._current
            assert current is not None
            return current
        now = time.monotonic()
        if now - self._checked >= CHECK_SECONDS and not self._refreshing:
            self._checked = now
            age = now - self._made
            if age >= MAX_AGE_SECONDS or (age >= REFRESH_SECONDS and self._moved(current)):
                self.refresh_in_background()
        return current

    def _moved(self, current: Summary) -> bool:
        try:
            with self._sessions() as session:
                high = session.execute(select(func.max(AuditEntry.id))).scalar()
        except Exception:  # a failed check is not worth failing a page for
            log.exception("site summary: audit check failed")
            return False
        return int(high or 0) != current.audit_high

    def refresh_in_background(self) -> None:
        if self._refreshing:
            return
        self._refreshing = True

        def work() -> None:
            try:
                with self._lock:
                    self._store(self._compute())
            except Exception:  # the old summary keeps answering; the next check retries
                log.exception("site summary: recomputation failed")
            finally:
                self._refreshing = False

        threading.Thread(target=work, name="parkatlas-site-summary", daemon=True).start()


def keeper_of(app: Any) -> SummaryKeeper:
    """The app's keeper (made on first use if `install` did not make one)."""
    keeper = getattr(app.state, "site_summary", None)
    if keeper is None:
        keeper = SummaryKeeper(app.state.settings.database_url)
        app.state.site_summary = keeper
    assert isinstance(keeper, SummaryKeeper)
    return keeper


def install(app: Any) -> None:
    """Make the app's keeper and start counting when the app starts (not when it is made)."""
    from contextlib import asynccontextmanager

    keeper = keeper_of(app)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Any) -> Any:
        keeper.refresh_in_background()
        try:
            async with inner(a) as state:
                yield state
        finally:
            keeper.close()

    app.router.lifespan_context = lifespan
