"""The workspace's user errors: `ParkatlasError`s that carry the HTTP status they mean.

The CLI prints any of them in one line; the API answers them as application/problem+json
with their status (401 no credentials, 403 not allowed, 404 out of sight, 409 conflict,
429 too many attempts).
"""

from __future__ import annotations

from parkatlas.errors import ParkatlasError


class WorkspaceError(ParkatlasError):
    status = 400
    title = "Bad request"


class NotAuthenticated(WorkspaceError):
    status = 401
    title = "Not authenticated"


class Forbidden(WorkspaceError):
    status = 403
    title = "Forbidden"


class NotFound(WorkspaceError):
    status = 404
    title = "Not found"


class Conflict(WorkspaceError):
    status = 409
    title = "Conflict"


class TooManyRequests(WorkspaceError):
    status = 429
    title = "Too many requests"


def not_found(kind: str, ident: object) -> NotFound:
    """The one message for a record that is absent or outside the caller's sight (they must
    read the same, so a 404 reveals nothing)."""
    return NotFound(f"{kind} {ident!s} not found")
