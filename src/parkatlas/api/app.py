"""The app factory: `create_app(settings)` builds the FastAPI app; nothing happens at import.

    from parkatlas.api.app import create_app
    app = create_app(load_settings())        # uvicorn.run(app) — `parkatlas serve` does this

The engine and session factories live on `app.state` (`sessions` for writes, `read_sessions`
for GET requests, `engine`, `settings`); the
matching index (`app.state.live`) is built on first use and kept fresh in place
(`api/live.py`). If `parkatlas.web` is importable and has `install(app)`, it is called, so
the browser UI mounts its pages on the same app and reuses `api/deps.py`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import import_module

from fastapi import FastAPI
from sqlalchemy.orm import sessionmaker

from parkatlas import __version__
from parkatlas.api.problems import install_problem_handlers
from parkatlas.settings import Settings

API_PREFIX = "/api/v1"


def create_app(settings: Settings, *, pool_size: int = 20) -> FastAPI:
    from parkatlas.api.live import LiveIndex
    from parkatlas.api.ratelimit import RateLimiter
    from parkatlas.db import make_engine, read_only
    from parkatlas.workspace.auth import PrincipalCache

    engine = make_engine(settings.database_url, write=True, pool_size=pool_size)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        live.close()
        engine.dispose()

    app = FastAPI(
        title="parkatlas",
        version=__version__,
        description="The investment-promotion workspace (招商引资): sites, parks, enterprises, "
        "leads and their pipeline, matching. Errors are application/problem+json.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessionmaker(bind=engine, expire_on_commit=False)
    # GET/HEAD requests only read: on SQLite they do not take the write lock (db.read_only)
    app.state.read_sessions = sessionmaker(bind=read_only(engine), expire_on_commit=False)
    live = LiveIndex(settings.database_url)
    app.state.live = live
    app.state.public_limiter = RateLimiter(settings.public_rate, 60.0)
    # who a bearer token stands for, kept a few seconds (workspace.auth.PrincipalCache)
    app.state.principals = PrincipalCache(settings.auth_cache_seconds) if settings.auth_cache_seconds else None
    install_problem_handlers(app)
    for name in ("auth", "sites", "site_files", "parks", "projects", "match", "public", "admin"):
        try:
            module = import_module(f"parkatlas.api.routes.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"parkatlas.api.routes.{name}":
                continue
            raise
        app.include_router(module.router, prefix=API_PREFIX)
    _install_web(app)
    return app


def _install_web(app: FastAPI) -> None:
    try:
        web = import_module("parkatlas.web")
    except ModuleNotFoundError as exc:
        if exc.name in ("parkatlas.web",):
            return
        raise
    install = getattr(web, "install", None)
    if callable(install):
        install(app)
