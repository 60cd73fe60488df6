"""API tests run in-process (TestClient over HTTPS, so the secure cookie travels) on SQLite
and PostgreSQL, on a fresh atlas with the test world of `tests/workspace/world.py`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from parkatlas.api.app import create_app
from parkatlas.settings import load_settings
from tests.workspace.world import World, build_world


@pytest.fixture
def world(atlas_url: str) -> World:
    return build_world(atlas_url)


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url}), pool_size=2)
    with TestClient(app, base_url="https://testserver", raise_server_exceptions=False) as c:
        yield c
