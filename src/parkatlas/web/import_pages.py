"""``/import``: upload an Excel/CSV sheet, see the row report in the page (kept, refused with
row, column, value and reason), download the reject file, upload the fixed sheet.

The import is the CLI's and the API's (`io.importer.import_file`: same readers, same
parsers, all-or-nothing per row). Admins import any kind; officers import sites, which
become their unit's (`workspace.sites.claim_sites` on the sites this import wrote that had
no owner yet); viewers may not import. The reject file of an upload is kept in memory for
the user who made it (the last 50 uploads of the process).
"""

from __future__ import annotations

import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from starlette.datastructures import UploadFile

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.errors import ParkatlasError
from parkatlas.models import Site
from parkatlas.web import forms
from parkatlas.web.deps import PageError, PageUser, PostedForm, checked_form, require_writer
from parkatlas.web.render import render
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.sites import claim_sites
from parkatlas.workspace.tables import SiteState

router = APIRouter(include_in_schema=False)
KINDS_ADMIN = ("sites", "parks", "enterprises", "projects")
MAX_BYTES = 50 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".xls", ".json", ".geojson", ".txt")
_KEEP = 50
_rejects: OrderedDict[str, tuple[str, str, bytes]] = OrderedDict()
_lock = threading.Lock()


def kinds_for(who: Principal) -> tuple[str, ...]:
    return KINDS_ADMIN if who.is_admin else ("sites",)


@router.get("/import")
def import_page(request: Request, who: PageUser) -> Response:
    return render(request, "import.html", {"kinds": kinds_for(who), "report": None, "error": None,
                                           "reject_token": None, "kind": "sites"})  # fmt: skip


def _keep_rejects(login: str, name: str, data: bytes) -> str:
    token = secrets.token_urlsafe(16)
    with _lock:
        _rejects[token] = (login, name, data)
        while len(_rejects) > _KEEP:
            _rejects.popitem(last=False)
    return token


@router.post("/import")
def import_submit(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser,
                  posted: PostedForm) -> Response:  # fmt: skip
    form = checked_form(posted, who)
    require_writer(who)
    kind = forms.text(form, "kind") or "sites"
    if kind not in kinds_for(who):
        raise PageError(403, "error.forbidden")
    crs = forms.text(form, "crs") or "wgs84"
    upload = form.get("file")
    ctx: dict[str, Any] = {"kinds": kinds_for(who), "report": None, "error": None, "reject_token": None, "kind": kind}
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(request, "import.html", ctx | {"error": "import.no_file"}, status_code=400)
    name = Path(upload.filename).name
    if not name.lower().endswith(SUFFIXES):
        return render(request, "import.html", ctx | {"error": "import.bad_type"}, status_code=400)
    data = upload.file.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return render(request, "import.html", ctx | {"error": "import.too_big"}, status_code=413)
    from parkatlas.io.importer import import_file

    started = time.time()
    session.commit()  # the import writes through its own connection: nothing of ours in between
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        rejects = Path(tmp) / "rejects.csv"
        try:
            report = import_file(settings.database_url, kind, path, crs=crs, actor=who.login,
                                 batch_size=settings.batch_size, reject_path=rejects)  # fmt: skip
        except ParkatlasError as exc:
            return render(request, "import.html", ctx | {"error": "import.failed", "detail": str(exc)}, status_code=400)
        reject_data = rejects.read_bytes() if rejects.exists() else b""
    if kind == "sites" and report.written and who.unit_id:
        _claim_new_sites(session, who, started)
    token = _keep_rejects(who.login, f"{Path(name).stem}.rejects.csv", reject_data) if reject_data else None
    return render(request, "import.html", ctx | {"report": report, "reject_token": token, "file_name": name})


def _claim_new_sites(session: Any, who: Principal, since: float) -> int:
    """The sites this import wrote that no unit owns yet become the importing officer's unit's."""
    import datetime as dt

    cutoff = dt.datetime.fromtimestamp(since - 1, dt.UTC).replace(tzinfo=None)
    owned = select(SiteState.site_id).where(SiteState.owner_unit.is_not(None))
    ids = list(session.execute(select(Site.id).where(Site.updated_at >= cutoff, Site.id.not_in(owned))).scalars())
    return claim_sites(session, who, ids, who.unit_id) if ids and who.unit_id else 0


@router.get("/import/rejects/{token}")
def reject_file(token: str, who: PageUser) -> Response:
    with _lock:
        found = _rejects.get(token)
    if found is None or found[0] != who.login:
        raise PageError(404, "error.not_found")
    _login, name, data = found
    return Response(data, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="rejects.csv"; filename*=UTF-8\'\'{_quote(name)}'})  # fmt: skip


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")
