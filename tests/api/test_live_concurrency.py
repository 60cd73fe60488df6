"""The server's warm index (api/live.py) answers matches side by side, and site changes
applied meanwhile are neither lost nor seen half-made."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import create_engine, insert, update

from parkatlas.api.live import LiveIndex
from parkatlas.matching import Matcher
from parkatlas.models import AuditEntry, Site, utcnow
from tests.matching import reference as ref
from tests.matching.test_storage import seed_atlas


def test_matches_run_side_by_side(atlas_url: str) -> None:
    seed_atlas(atlas_url, ref.random_sites(random.Random(1), 200))
    live = LiveIndex(atlas_url)
    n = 4
    together = threading.Barrier(n, timeout=20)  # broken if the queries ran one at a time

    def fn(m: Matcher) -> int:
        together.wait()
        return len(m.top({"kind": "factory"}, k=5))

    try:
        live.query(lambda m: None)  # built once
        with ThreadPoolExecutor(n) as pool:
            got = list(pool.map(lambda _: live.query(fn), range(n)))
        assert len(set(got)) == 1
    finally:
        live.close()


def test_changes_during_matches_are_applied_whole(atlas_url: str) -> None:
    sites = ref.random_sites(random.Random(2), 300)
    seed_atlas(atlas_url, sites)
    live = LiveIndex(atlas_url)
    eng = create_engine(atlas_url)
    ids = [s["id"] for s in sites]
    stop = threading.Event()
    errors: list[BaseException] = []

    def reader() -> None:
        rng = random.Random()
        while not stop.is_set():
            try:
                live.query(lambda m: m.top(ref.random_needs(rng), k=20))
            except BaseException as exc:  # noqa: BLE001 - collected and failed below
                errors.append(exc)
                return

    try:
        live.query(lambda m: None)
        threads = [threading.Thread(target=reader) for _ in range(3)]
        for t in threads:
            t.start()
        for i, sid in enumerate(ids[:60]):
            with eng.begin() as conn:
                conn.execute(update(Site).where(Site.id == sid).values(area_m2=100_000 + i, kind="factory",
                                                                        status="available"))  # fmt: skip
                conn.execute(insert(AuditEntry).values(at=utcnow(), actor="t", entity="sites", entity_id=sid,
                                                       action="update"))  # fmt: skip
            if i % 2:
                live.refresh([sid])  # this process's own write: applied at once
        stop.set()
        for t in threads:
            t.join(30)
        assert errors == []
        # every change is in the index on the next query (caught up from the audit log)
        top = live.query(lambda m: m.top({"kind": "factory", "area_m2": {"min": 100_000}}, k=100))
        assert {r.site_id for r in top} == set(ids[:60])
    finally:
        stop.set()
        live.close()
        eng.dispose()


def test_the_import_that_made_the_atlas_does_not_rebuild_it(atlas_url: str, monkeypatch: Any) -> None:
    """Entries committed before the index was built are in it: only later ones are caught up."""
    seed_atlas(atlas_url, ref.random_sites(random.Random(3), 50))
    eng = create_engine(atlas_url)
    with eng.begin() as conn:  # what an import leaves: one batch entry naming no site
        conn.execute(insert(AuditEntry).values(at=utcnow(), actor="t", entity="sites", entity_id=None,
                                               action="import"))  # fmt: skip
    live = LiveIndex(atlas_url)
    rebuilds: list[int] = []
    monkeypatch.setattr(live, "_rebuild_in_background", lambda: rebuilds.append(1))
    try:
        live.query(lambda m: None)  # built
        live.query(lambda m: None)  # caught up: nothing new
        assert rebuilds == []
        with eng.begin() as conn:  # an import after the build does rebuild
            conn.execute(insert(AuditEntry).values(at=utcnow(), actor="t", entity="sites", entity_id=None,
                                                   action="import"))  # fmt: skip
        live.query(lambda m: None)
        assert rebuilds == [1]
    finally:
        live.close()
        eng.dispose()
