"""The HTTP API (FastAPI): `parkatlas.api.app.create_app(settings)` builds it; routers under
`api/routes/` only translate HTTP to the workspace core and back. See `api/deps.py` for the
dependencies a UI reuses (database session, current user)."""
