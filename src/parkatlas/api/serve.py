"""The uvicorn factory target of `parkatlas serve`: settings from the environment, per worker."""

from __future__ import annotations

from fastapi import FastAPI


def app() -> FastAPI:
    from parkatlas.api.app import create_app
    from parkatlas.settings import load_settings

    return create_app(load_settings())
