"""Atlas-level operations: create or migrate the schema and load the reference data."""

from __future__ import annotations

from typing import Any

from parkatlas.db import make_engine, migrate, safe_url, session_scope


def init_atlas(url: str) -> dict[str, Any]:
    """Migrate the schema to head and (re)load the shipped reference data. Idempotent."""
    from parkatlas.reference.loader import load_reference

    revision = migrate(url)
    engine = make_engine(url)
    try:
        with session_scope(engine) as session:
            counts = load_reference(session)
    finally:
        engine.dispose()
    return {"database": safe_url(url), "revision": revision, "reference": counts}
