"""The matching index kept warm in the server process and fresh without a rebuild.

Built on first use (`Matcher.from_url`). Before each match the index catches up with the
audit log: every site written through the workspace, the CLI or an import leaves an audit
entry (`sites`, id) that names it, so the changed sites are re-read one by one into the
index's delta segment (`Matcher.refresh_site`); an import that inserted rows leaves one
batch entry without ids, and then the index is rebuilt in a background thread while the
old one keeps answering. Each worker process does this on its own, so several workers over
one PostgreSQL database all see every change (docs/api.md).

Audit ids are read with a look-back window, so an entry whose transaction committed after a
later id was seen is still picked up.

Concurrency: matches run side by side (a shared read lock); only applying changed sites,
and swapping in a rebuilt index, take the lock exclusively — the index is read-only between
those moments. Site rows are read from the database before the exclusive lock is taken,
and the delta segment is materialised under it, so a query never builds it. Catching up is
done by one thread at a time, and a query skips its own when a catch-up that started after
the query arrived has finished: that one saw every change committed before the query.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import Connection, and_, func, or_, select
from sqlalchemy.exc import DBAPIError

from parkatlas.matching import Matcher
from parkatlas.models import AuditEntry

T = TypeVar("T")
LOOKBACK = 500  # audit ids re-read behind the newest seen
MAX_REFRESH = 2000  # more changed sites than this at once: rebuild instead


class ReadWriteLock:
    """Many readers at once, or one writer; a waiting writer holds back new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._waiting += 1
            try:
                while self._writer or self._readers:
                    self._cond.wait()
            finally:
                self._waiting -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class LiveIndex:
    def __init__(self, url: str) -> None:
        self.url = url
        self._matcher: Matcher | None = None
        self._rw = ReadWriteLock()
        self._catching_up = threading.Lock()  # one catch-up (and the first build) at a time
        self._last_catch_up = float("-inf")  # when the latest finished catch-up started
        self._seen: set[int] = set()
        self._high = 0
        self._rebuilding = False
        self._conn: Connection | None = None  # for catching up (under _catching_up)

    def _build(self) -> tuple[Matcher, int, set[int]]:
        """A fresh index, the newest audit id, and the site entries it already holds.

        The site entries within the look-back window that are visible *before* the sites are
        read are in the index (their transactions committed first), so they count as seen:
        without that, the next catch-up took the import that made the atlas for a new one
        and rebuilt the whole index again. An entry with a lower id that commits later is not
        in the set and is caught up as usual."""
        from parkatlas.db import make_engine

        engine = make_engine(self.url)
        try:
            with engine.connect() as conn:
                high = int(conn.execute(select(func.max(AuditEntry.id))).scalar() or 0)
                seen = set(conn.execute(select(AuditEntry.id).where(
                    AuditEntry.id > high - LOOKBACK, AuditEntry.entity == "sites")).scalars())  # fmt: skip
        finally:
            engine.dispose()
        return Matcher.from_url(self.url), high, seen

    def query(self, fn: Callable[[Matcher], T]) -> T:
        """Run `fn` on the warm matcher, caught up with every site change committed before
        this call. `fn` must only read the matcher; calls run concurrently."""
        arrived = time.monotonic()
        with self._catching_up:
            if self._matcher is None:
                started = time.monotonic()
                m, high, seen = self._build()
                m.index.segments()
                with self._rw.write():
                    self._matcher, self._high, self._seen = m, high, seen
                self._last_catch_up = started
            elif self._last_catch_up < arrived:
                started = time.monotonic()
                self._catch_up(self._matcher)
                self._last_catch_up = started
        with self._rw.read():
            assert self._matcher is not None
            return fn(self._matcher)

    def _audit_since(self, m: Matcher, low: int) -> list[Any]:
        """One round trip: the site entries after `low`, and the newest entry of any kind.
        On one connection kept for catching up (no pool checkout and ping per query); its
        transaction is ended after each read, and a broken connection is replaced once."""
        assert m.engine is not None
        newest = select(func.max(AuditEntry.id)).scalar_subquery()
        stmt = (
            select(AuditEntry.id, AuditEntry.entity, AuditEntry.entity_id, AuditEntry.action)
            .where(or_(and_(AuditEntry.id > low, AuditEntry.entity == "sites"), AuditEntry.id == newest))
            .order_by(AuditEntry.id)
        )
        for attempt in (0, 1):
            if self._conn is None or self._conn.engine is not m.engine:
                self._drop_conn()
                self._conn = m.engine.connect()
            try:
                rows = list(self._conn.execute(stmt).all())
                self._conn.rollback()
                return rows
            except DBAPIError:
                self._drop_conn()
                if attempt:
                    raise
        return []

    def _drop_conn(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            except Exception:  # noqa: BLE001 - a broken connection may fail to close; it is gone either way
                pass
            self._conn = None

    def _catch_up(self, m: Matcher) -> None:
        low = max(0, self._high - LOOKBACK)
        got = self._audit_since(m, low)
        rows = [r for r in got if r.entity == "sites" and r.id > low]
        fresh = [r for r in rows if r.id not in self._seen]
        self._high = max(self._high, max((int(r.id) for r in got), default=0))
        self._seen = {i for i in self._seen if i > low} | {r.id for r in fresh}
        if not fresh:
            return
        ids = {r.entity_id for r in fresh if r.entity_id}
        if any(r.entity_id is None and r.action == "import" for r in fresh) or len(ids) > MAX_REFRESH:
            self._rebuild_in_background()
        self._apply(m, sorted(ids))

    def _apply(self, m: Matcher, site_ids: list[str]) -> None:
        """Read the sites (no lock held), then put them into the index exclusively."""
        if not site_ids or m.engine is None:
            return
        from parkatlas.matching import source

        rows = [(sid, source.read_site(m.engine, sid)) for sid in site_ids]
        with self._rw.write():
            for sid, row in rows:
                if row is None:
                    m.index.delete(sid)
                else:
                    m.index.upsert(row)
            m.index.segments()  # materialise the delta here, not in a (concurrent) query

    def _rebuild_in_background(self) -> None:
        if self._rebuilding:
            return
        self._rebuilding = True

        def work() -> None:
            try:
                fresh, high, seen = self._build()
                fresh.index.segments()
                with self._catching_up:
                    with self._rw.write():
                        old, self._matcher = self._matcher, fresh
                    self._high, self._seen = high, seen
                if old is not None:
                    old.close()  # no query holds it: the swap waited for them
            finally:
                self._rebuilding = False

        threading.Thread(target=work, name="parkatlas-index-rebuild", daemon=True).start()

    def refresh(self, site_ids: list[str]) -> None:
        """Sites this process just changed: visible to its next match at once."""
        with self._catching_up:
            if self._matcher is not None:
                self._apply(self._matcher, list(site_ids))

    def close(self) -> None:
        with self._catching_up, self._rw.write():
            self._drop_conn()
            if self._matcher is not None:
                self._matcher.close()
                self._matcher = None

    def info(self) -> dict[str, Any]:
        return {"built": self._matcher is not None, "sites": len(self._matcher or ())}
