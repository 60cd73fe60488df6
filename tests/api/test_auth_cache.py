"""The server keeps who a token stands for a few seconds (workspace.auth.PrincipalCache):
a known token costs no query, and a change made in this process takes effect at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event, update

from parkatlas.api.app import create_app
from parkatlas.db import make_engine
from parkatlas.models import utcnow
from parkatlas.settings import load_settings
from parkatlas.workspace import accounts
from parkatlas.workspace.auth import forget_principals
from parkatlas.workspace.tables import ApiToken
from tests.workspace.world import SYSTEM, World, session_for


def _client(world: World, seconds: str) -> TestClient:
    settings = load_settings({"PARKATLAS_DATABASE_URL": world.url, "PARKATLAS_AUTH_CACHE_SECONDS": seconds})
    return TestClient(create_app(settings, pool_size=2), base_url="https://testserver",
                      raise_server_exceptions=False)  # fmt: skip


@pytest.fixture
def cached(world: World) -> Iterator[TestClient]:
    with _client(world, "60") as c:
        yield c


def _token_queries(client: TestClient) -> list[str]:
    seen: list[str] = []

    def listen(_conn: Any, _cur: Any, statement: str, *_a: Any) -> None:
        if "api_tokens" in statement:
            seen.append(statement)

    event.listen(client.app.state.engine, "before_cursor_execute", listen)  # type: ignore[attr-defined]
    return seen


def _revoke_behind_our_back(world: World, login: str) -> None:
    """What another process (the CLI, another worker) does: this process is not told."""
    from parkatlas.workspace.auth import digest

    eng = make_engine(world.url, write=True)
    try:
        with eng.begin() as conn:
            conn.execute(update(ApiToken).where(ApiToken.token_hash == digest(world.tokens[login]))
                         .values(revoked_at=utcnow()))  # fmt: skip
    finally:
        eng.dispose()


def test_a_known_token_costs_no_query(world: World, cached: TestClient) -> None:
    queries = _token_queries(cached)
    assert cached.get("/api/v1/sites", headers=world.auth("at_viewer")).status_code == 200
    first = len(queries)
    assert first >= 1  # the first request read the token
    for _ in range(3):
        assert cached.get("/api/v1/sites", headers=world.auth("at_viewer")).status_code == 200
    assert len(queries) == first
    # an unknown token is never kept: each one is looked up, and refused
    for _ in range(2):
        assert cached.get("/api/v1/sites", headers={"Authorization": "Bearer pat_nope"}).status_code == 401
    assert len(queries) == first + 2


def test_revoked_in_this_process_stops_at_once(world: World, cached: TestClient) -> None:
    h = world.auth("at_officer")
    assert cached.get("/api/v1/sites", headers=h).status_code == 200
    with session_for(world.url) as s:
        token_id = next(t.id for t in accounts.list_tokens(s, "at_officer"))
        accounts.revoke_token(s, SYSTEM, token_id)
    r = cached.get("/api/v1/sites", headers=h)
    assert r.status_code == 401 and "revoked" in r.json()["detail"]


def test_disabled_in_this_process_stops_at_once(world: World, cached: TestClient) -> None:
    h = world.auth("mx_viewer")
    assert cached.get("/api/v1/sites", headers=h).status_code == 200
    with session_for(world.url) as s:
        accounts.set_user_disabled(s, SYSTEM, "mx_viewer")
    assert cached.get("/api/v1/sites", headers=h).status_code == 401


def test_a_new_unit_widens_the_scope_at_once(world: World, cached: TestClient) -> None:
    h = world.auth("jd_officer")
    assert cached.get("/api/v1/auth/me", headers=h).status_code == 200
    with session_for(world.url) as s:
        accounts.add_unit(s, SYSTEM, code="JD-NEW", name="新镇", parent="JD")
    body = {"name": "新项目", "enterprise": {"name": "新镇某某科技有限公司"}, "owner_unit": "JD-NEW"}
    r = cached.post("/api/v1/projects", headers=h, json=body)
    assert r.status_code == 201, r.text


def test_another_process_revoking_takes_effect_within_the_ttl(world: World, cached: TestClient) -> None:
    h = world.auth("pd_viewer")
    assert cached.get("/api/v1/sites", headers=h).status_code == 200
    _revoke_behind_our_back(world, "pd_viewer")
    # still known for the TTL (documented: docs/api.md) ...
    assert cached.get("/api/v1/sites", headers=h).status_code == 200
    forget_principals()  # ... which is what the TTL running out amounts to
    assert cached.get("/api/v1/sites", headers=h).status_code == 401


def test_without_the_cache_every_request_checks(world: World) -> None:
    with _client(world, "0") as c:
        h = world.auth("zj_officer")
        assert c.get("/api/v1/sites", headers=h).status_code == 200
        _revoke_behind_our_back(world, "zj_officer")
        assert c.get("/api/v1/sites", headers=h).status_code == 401
