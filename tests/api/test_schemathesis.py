"""Property-based API testing: schemathesis generates requests for every operation of
/openapi.json (with an admin's token, so the deepest code runs) and checks that none answers
a server error. Bounded (15 examples per operation, derandomized) so CI stays quick; run on
SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from parkatlas.api.app import create_app
from parkatlas.settings import load_settings
from tests.conftest import _drop_pg_database, _new_pg_database
from tests.workspace.world import build_world


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def api_world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, str]]:
    name = None
    if request.param == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path_factory.mktemp("schema") / "atlas.db"
        shutil.copyfile(template, path)
        url = f"sqlite:///{path}"
    else:
        name, url = _new_pg_database(request.getfixturevalue("pg_template"))
    world = build_world(url)
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": url, "PARKATLAS_PUBLIC_RATE": "100000"}), pool_size=2)
    # some data for the generated ids to meet: a site and a lead of the token's unit
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://testserver") as c:
        h = world.auth("root")
        c.post("/api/v1/sites", headers=h, json={"id": "S1", "kind": "factory", "area_m2": 5000, "public": True})
        c.post("/api/v1/projects", headers=h, json={"name": "p", "enterprise": {"name": "某公司"}})
    yield app, world.tokens["root"]
    app.state.live.close()
    app.state.engine.dispose()
    if name:
        _drop_pg_database(name)


def test_no_server_errors(api_world: tuple[Any, str]) -> None:
    app, token = api_world
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        op = result.ok()
        operations += 1

        @given(case=op.as_strategy())
        @settings(max_examples=15, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def run(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=[not_a_server_error])

        try:
            run()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{op.method.upper()} {op.path}: {str(exc)[:600]}")
    assert operations >= 40
    assert not failures, "\n\n".join(failures)
