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
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select

from parkatlas.matching import Matcher
from parkatlas.models import AuditEntry

T = TypeVar("T")
LOOKBACK = 500  # audit ids re-read behind the newest seen
MAX_REFRESH = 2000  # more changed sites than this at once: rebuild instead


class LiveIndex:
    def __init__(self, url: str) -> None:
        self.url = url
        self._matcher: Matcher | None = None
        self._lock = threading.Lock()
        self._seen: set[int] = set()
        self._high = 0
        self._rebuilding = False

    def _build(self) -> tuple[Matcher, int]:
        from parkatlas.db import make_engine

        engine = make_engine(self.url)
        try:
            with engine.connect() as conn:
                high = conn.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)).scalar()
        finally:
            engine.dispose()
        return Matcher.from_url(self.url), int(high or 0)

    def query(self, fn: Callable[[Matcher], T]) -> T:
        """Run `fn` on the warm matcher, caught up with every committed site change. Queries
        run one at a time: the index's delta segment is not safe to scan while it changes."""
        with self._lock:
            if self._matcher is None:
                self._matcher, self._high = self._build()
                self._seen = set()
            self._catch_up(self._matcher)
            return fn(self._matcher)

    def _catch_up(self, m: Matcher) -> None:
        assert m.engine is not None
        low = max(0, self._high - LOOKBACK)
        with m.engine.connect() as conn:
            rows = conn.execute(
                select(AuditEntry.id, AuditEntry.entity_id, AuditEntry.action)
                .where(AuditEntry.id > low, AuditEntry.entity == "sites")
                .order_by(AuditEntry.id)
            ).all()
            top = conn.execute(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1)).scalar()
        fresh = [r for r in rows if r.id not in self._seen]
        self._high = max(self._high, int(top or 0))
        self._seen = {i for i in self._seen if i > low} | {r.id for r in fresh}
        if not fresh:
            return
        ids = {r.entity_id for r in fresh if r.entity_id}
        if any(r.entity_id is None and r.action == "import" for r in fresh) or len(ids) > MAX_REFRESH:
            self._rebuild_in_background()
        for sid in sorted(ids):
            m.refresh_site(sid)

    def _rebuild_in_background(self) -> None:
        if self._rebuilding:
            return
        self._rebuilding = True

        def work() -> None:
            try:
                fresh, high = self._build()
                with self._lock:
                    old, self._matcher = self._matcher, fresh
                    self._high, self._seen = high, set()
                if old is not None:
                    old.close()
            finally:
                self._rebuilding = False

        threading.Thread(target=work, name="parkatlas-index-rebuild", daemon=True).start()

    def refresh(self, site_ids: list[str]) -> None:
        """Sites this process just changed: visible to its next match at once."""
        with self._lock:
            if self._matcher is not None:
                for sid in site_ids:
                    self._matcher.refresh_site(sid)

    def close(self) -> None:
        with self._lock:
            if self._matcher is not None:
                self._matcher.close()
                self._matcher = None

    def info(self) -> dict[str, Any]:
        return {"built": self._matcher is not None, "sites": len(self._matcher or ())}
