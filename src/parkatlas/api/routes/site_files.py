"""/api/v1/sites/{id}/files: a site's photos and documents (the JSON twin of the site page's
files panel). Read by every signed-in user, added and deleted by the owning unit, through
the same core as the page (`workspace.site_files`)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Response, UploadFile
from fastapi import Path as PathParam

from parkatlas.api.deps import CurrentUser, SessionDep
from parkatlas.workspace import site_files as core

router = APIRouter(prefix="/sites/{site_id}/files", tags=["sites"])
FileId = Annotated[int, PathParam(ge=1, le=2_147_483_647)]


class _Refused(core.FileRefused):
    """A refused upload with the status that says why: 413 too large, 415 not a taken type,
    409 the site holds its most files, 400 empty."""

    def __init__(self, exc: core.FileRefused) -> None:
        super().__init__(exc.code, str(exc))
        self.status = {"size": 413, "type": 415, "count": 409}.get(exc.code, 400)


@router.get("", response_model=list[core.SiteFileOut])
def list_files(site_id: str, session: SessionDep, user: CurrentUser) -> list[core.SiteFileOut]:
    return core.list_files(session, user, site_id)


@router.post("", response_model=core.SiteFileOut, status_code=201)
def add_file(site_id: str, session: SessionDep, user: CurrentUser,
             file: Annotated[UploadFile, File()]) -> core.SiteFileOut:  # fmt: skip
    """Upload a JPEG, PNG or WebP photo or a PDF (read from its content; at most 10 MB)."""
    data = file.file.read(core.MAX_BYTES + 1)
    try:
        out = core.add_file(session, user, site_id, file.filename or "file", data)
    except core.FileRefused as exc:
        raise _Refused(exc) from None
    session.commit()
    return out


@router.get("/{file_id}")
def get_file(site_id: str, file_id: FileId, session: SessionDep, user: CurrentUser) -> Response:
    """The file's bytes with its stored type (photos inline, PDFs as attachment, nosniff)."""
    meta, data = core.get_file(session, user, site_id, file_id)
    return file_response(meta, data)


@router.delete("/{file_id}", status_code=204)
def delete_file(site_id: str, file_id: FileId, session: SessionDep, user: CurrentUser) -> Response:
    core.delete_file(session, user, site_id, file_id)
    session.commit()
    return Response(status_code=204)


def file_response(meta: core.SiteFileOut, data: bytes) -> Response:
    """A stored file as served to the API and the pages: its stored type, photos inline and
    PDFs as attachment (RFC 5987 name), a sandbox CSP."""
    disposition = "inline" if meta.kind == "photo" else "attachment"
    ascii_name = "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in meta.name)
    return Response(data, media_type=meta.media_type, headers={
        "Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(meta.name, safe='')}",
        "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'",
        "Cache-Control": "private, max-age=3600",
    })  # fmt: skip
