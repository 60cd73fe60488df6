"""On SQLite a GET request reads one snapshot without the write lock (db.read_only), so a
page answers while a writer holds the lock; writes still queue on it, all or nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from parkatlas.api.app import create_app
from parkatlas.db import make_engine
from parkatlas.settings import load_settings
from parkatlas.workspace.auth import digest
from parkatlas.workspace.tables import ApiToken
from tests.workspace.world import World, build_world


@pytest.fixture
def sq(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[World, TestClient]]:
    monkeypatch.setenv("PARKATLAS_BUSY_TIMEOUT", "0.5")
    world = build_world(sqlite_url)
    # no token cache: every request reads the token (and may have to write last_used_at)
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": sqlite_url, "PARKATLAS_AUTH_CACHE_SECONDS": "0"}))
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        yield world, c


@pytest.fixture
def write_lock(sq: tuple[World, TestClient]) -> Iterator[sqlite3.Connection]:
    path = sq[0].url.split("///", 1)[1]
    holder = sqlite3.connect(path, isolation_level=None)
    yield holder
    if holder.in_transaction:
        holder.execute("ROLLBACK")
    holder.close()


def _last_used(world: World, login: str) -> object:
    eng = make_engine(world.url)
    try:
        with eng.connect() as conn:
            return conn.execute(select(ApiToken.last_used_at).where(
                ApiToken.token_hash == digest(world.tokens[login]))).scalar_one()  # fmt: skip
    finally:
        eng.dispose()


def test_reads_answer_while_a_writer_holds_the_lock(sq: tuple[World, TestClient],
                                                    write_lock: sqlite3.Connection) -> None:  # fmt: skip
    world, c = sq
    h = world.auth("at_officer")
    assert c.get("/api/v1/sites", headers=h).status_code == 200  # last_used_at written now
    write_lock.execute("BEGIN IMMEDIATE")
    for path in ("/api/v1/sites", "/api/v1/projects", "/api/v1/auth/me", "/api/v1/parks"):
        assert c.get(path, headers=h).status_code == 200, path
    # a write still waits for the lock (here: gives up after the busy timeout), keeping nothing
    body = {"id": "S-LOCKED", "kind": "factory", "area_m2": 1000}
    r = c.post("/api/v1/sites", headers=h, json=body)
    assert r.status_code == 422 and "busy" in r.json()["detail"]
    write_lock.execute("ROLLBACK")
    assert c.get("/api/v1/sites/S-LOCKED", headers=h).status_code == 404
    assert c.post("/api/v1/sites", headers=h, json=body).status_code == 201


def test_a_read_records_token_use_beside_its_snapshot(sq: tuple[World, TestClient]) -> None:
    world, c = sq
    eng = make_engine(world.url, write=True)
    try:
        with eng.begin() as conn:  # long unused
            conn.execute(update(ApiToken).values(last_used_at=None))
    finally:
        eng.dispose()
    assert _last_used(world, "mx_viewer") is None
    assert c.get("/api/v1/sites", headers=world.auth("mx_viewer")).status_code == 200
    assert _last_used(world, "mx_viewer") is not None
