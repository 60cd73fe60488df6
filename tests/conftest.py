"""Shared fixtures: every storage test runs on SQLite and on PostgreSQL.

PostgreSQL: the server named by PARKATLAS_TEST_DATABASE_URL (default: the local server,
database `test`). Each test gets its own database, copied from a template that is migrated
and loaded with the reference data once per worker, so tests are isolated and fast.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from parkatlas.atlas import init_atlas

# In CI the property tests run a fixed set of examples (derandomized): a red CI then means a
# change broke something, not that the random search was lucky this time. Locally they
# search anew on every run.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

PG_ADMIN_URL = os.environ.get(
    "PARKATLAS_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def _pg_admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")


def _pg_available() -> str | None:
    try:
        eng = _pg_admin_engine()
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
        return None
    except Exception as exc:  # pragma: no cover - depends on the machine
        return str(exc).splitlines()[0]


@pytest.fixture(scope="session")
def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("tpl") / "template.db"
    init_atlas(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def pg_template(_worker: str) -> Iterator[str]:
    problem = _pg_available()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and not reachable: {problem}")
        pytest.skip(f"PostgreSQL not reachable: {problem}")
    name = f"pa_tpl_{_worker}_{uuid.uuid4().hex[:8]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    init_atlas(url)
    yield name
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _new_pg_database(template: str) -> tuple[str, str]:
    name = f"pa_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    admin.dispose()
    return name, make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(name: str) -> None:
    admin = _pg_admin_engine()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def atlas_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, migrated atlas with the reference data loaded, on each database."""
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "atlas.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
    else:
        tpl: str = request.getfixturevalue("pg_template")
        name, url = _new_pg_database(tpl)
        yield url
        _drop_pg_database(name)


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A fresh SQLite atlas only (for tests about SQLite itself)."""
    path = tmp_path / "atlas.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"
