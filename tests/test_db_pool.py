"""PostgreSQL pool: a connection that rested is checked before use and replaced when the
server dropped it; one in steady use is not pinged (parkatlas.db._ping_when_idle)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from parkatlas import db


@pytest.fixture
def pg_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    from tests.conftest import _drop_pg_database, _new_pg_database

    name, url = _new_pg_database(request.getfixturevalue("pg_template"))
    engine = db.make_engine(url, pool_size=1)
    yield engine
    engine.dispose()
    _drop_pg_database(name)


def _backend(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _kill(engine: Engine, pid: int) -> None:
    other = db.make_engine(engine.url.render_as_string(hide_password=False), pool_size=1)
    try:
        with other.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
            conn.commit()
    finally:
        other.dispose()




def test_a_rested_connection_that_died_is_replaced(pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    pid = _backend(pg_engine)
    _kill(pg_engine, pid)
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # every connection counts as rested
    assert _backend(pg_engine) != pid  # no error: the dead one was found and replaced


def test_a_busy_connection_is_not_pinged(pg_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    _backend(pg_engine)
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 3600.0)
    calls: list[int] = []
    real = pg_engine.dialect.do_ping
    monkeypatch.setattr(pg_engine.dialect, "do_ping", lambda c: calls.append(1) or real(c))
    for _ in range(3):
        _backend(pg_engine)
    assert calls == []
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)
    _backend(pg_engine)
    assert calls == [1]
