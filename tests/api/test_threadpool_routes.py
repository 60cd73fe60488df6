"""Every route (API and web pages) that touches the database session is a plain `def`, run
in the thread pool: an `async def` one would block the event loop while the database works
(and on SQLite stall every writer behind the held write lock)."""

from __future__ import annotations

import inspect
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute

from parkatlas.api.app import create_app
from parkatlas.api.deps import get_session
from parkatlas.settings import load_settings


def _routes(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI ≥ 0.16x keeps them apart)."""
    out: list[APIRoute] = []
    for r in routes:
        if isinstance(r, APIRoute):
            out.append(r)
        inner = getattr(r, "original_router", None)
        if inner is not None:
            out += _routes(list(inner.routes))
    return out


def _uses_session(dep: Dependant) -> bool:
    return any(d.call is get_session or _uses_session(d) for d in dep.dependencies)


def test_no_async_route_uses_the_session(tmp_path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": f"sqlite:///{tmp_path / 'a.db'}"}), pool_size=1)
    routes = _routes(list(app.routes))
    assert len(routes) > 60 and any(r.path == "/login" for r in routes)
    offenders = [f"{sorted(r.methods)} {r.path}" for r in routes
                 if inspect.iscoroutinefunction(r.endpoint) and _uses_session(r.dependant)]  # fmt: skip
    assert offenders == []
