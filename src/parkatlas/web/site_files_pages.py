"""A site's photos and documents on ``/sites/{id}``: upload, list, serve, delete.

The core is `workspace.site_files` (type read from the content, size and count limits, the
owning unit writes, audited). Files are served back so a browser cannot be tricked into
running them: the stored media type (never the uploader's), ``X-Content-Type-Options:
nosniff`` (every response), a ``sandbox`` CSP on the file itself, pictures ``inline`` and
PDFs as ``attachment`` (downloaded, not opened inside the app's origin), the name
RFC 5987-encoded.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from parkatlas.api.deps import SessionDep
from parkatlas.api.routes.site_files import file_response
from parkatlas.web.deps import (
    PageError,
    PageUser,
    PostedForm,
    checked_form,
    page_error,
    require_writer,
)
from parkatlas.workspace import site_files as core
from parkatlas.workspace.errors import WorkspaceError

router = APIRouter(include_in_schema=False)


@router.post("/sites/{site_id}/files")
def upload(request: Request, site_id: str, session: SessionDep, who: PageUser, posted: PostedForm) -> Response:
    form = checked_form(posted, who)
    require_writer(who)
    item = form.get("file")
    if not isinstance(item, UploadFile) or not item.filename:
        return RedirectResponse(f"/sites/{site_id}?file_error=empty#files", status_code=303)
    data = item.file.read(core.MAX_BYTES + 1)
    try:
        core.add_file(session, who, site_id, item.filename, data)
    except core.FileRefused as exc:
        return RedirectResponse(f"/sites/{site_id}?file_error={exc.code}#files", status_code=303)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    return RedirectResponse(f"/sites/{site_id}?done=file_added#files", status_code=303)


@router.get("/sites/{site_id}/files/{file_id}")
def download(site_id: str, file_id: int, session: SessionDep, who: PageUser) -> Response:
    try:
        meta, data = core.get_file(session, who, site_id, file_id)
    except WorkspaceError:
        raise PageError(404, "error.not_found") from None
    return file_response(meta, data)


@router.get("/p/sites/{site_id}/photos/{file_id}")
def public_photo(site_id: str, file_id: int, session: SessionDep) -> Response:
    """A photo of a public site, for the portal (no sign-in); anything else is a 404."""
    try:
        meta, data = core.public_photo(session, site_id, file_id)
    except WorkspaceError:
        raise PageError(404, "error.not_found") from None
    return file_response(meta, data)


@router.post("/sites/{site_id}/files/{file_id}/delete")
def delete(request: Request, site_id: str, file_id: int, session: SessionDep, who: PageUser,
           posted: PostedForm) -> Response:  # fmt: skip
    checked_form(posted, who)
    require_writer(who)
    try:
        core.delete_file(session, who, site_id, file_id)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    return RedirectResponse(f"/sites/{site_id}?done=file_deleted#files", status_code=303)
