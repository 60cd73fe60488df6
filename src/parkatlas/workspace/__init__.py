"""The shared workspace: units, users and credentials, who sees what, the lead pipeline,
site upkeep. Core functions take a SQLAlchemy `Session` (one unit of work, committed by the
caller: the CLI command or the API request) and a `Principal`, and return pydantic models."""
