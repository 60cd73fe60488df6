"""Photos and documents of a site (现场照片, 宣传册, 平面图): kept in the database beside the site.

Stored in the database, not in a files directory: one SQLite file (or one PostgreSQL
database) is then the whole atlas — a backup, a copy to a colleague, several server workers
all see the same files with nothing else to mount or sync. The limits keep that cheap:
:data:`MAX_BYTES` per file and :data:`MAX_FILES` per site (a site's photos are a handful of
pictures, not an archive).

A file's type is read from its first bytes (:func:`sniff`), never from its name or the
browser's word for it: JPEG, PNG, WebP and PDF only. Every signed-in user may list and read
a site's files (the library is shared); the site's owning unit, the units above it and
admins may add and delete them (`visibility.require_site_write`), and each write is audited.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

from pydantic import BaseModel
from sqlalchemy import DateTime, ForeignKey, Integer, LargeBinary, String, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from parkatlas.models import Base, Site, utcnow
from parkatlas.workspace.audit import record
from parkatlas.workspace.errors import WorkspaceError, not_found
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.tables import SiteState
from parkatlas.workspace.visibility import require_site_write

MAX_BYTES = 10 * 1024 * 1024
"""Largest file accepted (10 MB: a phone photo or a brochure)."""
MAX_FILES = 30
"""Most files one site may hold."""
TYPES = {"image/jpeg": "photo", "image/png": "photo", "image/webp": "photo", "application/pdf": "document"}
PUBLIC_READER = Principal(login="public", role="viewer", unit_id=None, scope=frozenset(), via="public")


class SiteFile(Base):
    """One photo or document of a site, its bytes included."""

    __tablename__ = "site_files"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    media_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str | None] = mapped_column(String(80))
    unit_id: Mapped[str | None] = mapped_column(String(64))
    uploaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SiteFileOut(BaseModel):
    id: int
    site_id: str
    name: str
    media_type: str
    kind: str  # photo or document
    size: int
    sha256: str
    uploaded_by: str | None
    uploaded_at: dt.datetime


class FileRefused(WorkspaceError):
    """An upload that is not taken; ``code`` names why (type, size, count, empty)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def sniff(data: bytes) -> str | None:
    """The media type the bytes are (JPEG, PNG, WebP, PDF), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:1024].lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
        return "application/pdf"
    return None


def clean_name(name: str) -> str:
    """A file name fit to show and to send back: no path, no control characters, ≤ 120."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in unicodedata.normalize("NFC", base) if unicodedata.category(c)[0] != "C")
    return base.strip().strip(".")[:120] or "file"


def _out(f: SiteFile) -> SiteFileOut:
    return SiteFileOut(id=f.id, site_id=f.site_id, name=f.name, media_type=f.media_type, kind=TYPES[f.media_type],
                       size=f.size, sha256=f.sha256, uploaded_by=f.uploaded_by, uploaded_at=f.uploaded_at)  # fmt: skip


def _writable_site(session: Session, who: Principal, site_id: str) -> None:
    if session.get(Site, site_id) is None:
        raise not_found("site", site_id)
    st = session.get(SiteState, site_id)
    require_site_write(who, st.owner_unit if st else None)


def add_file(session: Session, who: Principal, site_id: str, name: str, data: bytes) -> SiteFileOut:
    """Keep a photo or document of a site; refused (FileRefused) by type, size or count."""
    _writable_site(session, who, site_id)
    if not data:
        raise FileRefused("empty", "the file is empty")
    if len(data) > MAX_BYTES:
        raise FileRefused("size", f"the file is {len(data):,} bytes; at most {MAX_BYTES:,} are taken")
    media = sniff(data)
    if media is None:
        raise FileRefused("type", "the file is not a JPEG, PNG or WebP picture or a PDF (read from its content)")
    held = session.execute(select(func.count()).select_from(SiteFile).where(SiteFile.site_id == site_id)).scalar_one()
    if held >= MAX_FILES:
        raise FileRefused("count", f"the site already has {held} files; delete one first (at most {MAX_FILES})")
    f = SiteFile(site_id=site_id, name=clean_name(name), media_type=media, size=len(data),
                 sha256=hashlib.sha256(data).hexdigest(), data=data, uploaded_by=who.login, unit_id=who.unit_id)  # fmt: skip
    session.add(f)
    session.flush()
    record(session, who, "sites", site_id, "file_added",
           {"file": f.id, "name": f.name, "media_type": media, "size": f.size})  # fmt: skip
    return _out(f)


def list_files(session: Session, who: Principal, site_id: str) -> list[SiteFileOut]:
    if session.get(Site, site_id) is None:
        raise not_found("site", site_id)
    cols = [c for c in SiteFile.__table__.c if c.name != "data"]
    rows = session.execute(select(*cols).where(SiteFile.site_id == site_id).order_by(SiteFile.id)).all()
    return [SiteFileOut(**{k: v for k, v in r._mapping.items()}, kind=TYPES[r.media_type]) for r in rows]


def _stored(session: Session, file_id: int) -> SiteFile | None:
    """The file of that id (an id no column can hold, such as one typed into a URL, is none)."""
    return session.get(SiteFile, file_id) if 0 < file_id < 2**31 else None


def get_file(session: Session, who: Principal, site_id: str, file_id: int) -> tuple[SiteFileOut, bytes]:
    f = _stored(session, file_id)
    if f is None or f.site_id != site_id:
        raise not_found("file", str(file_id))
    return _out(f), f.data


def _public_site(session: Session, site_id: str) -> None:
    st = session.get(SiteState, site_id)
    if session.get(Site, site_id) is None or st is None or not st.public:
        raise not_found("site", site_id)


def public_photos(session: Session, site_id: str) -> list[SiteFileOut]:
    """The photos of a site marked public (the portal shows photos only: documents a unit
    uploads may be internal)."""
    _public_site(session, site_id)
    return [f for f in list_files(session, PUBLIC_READER, site_id) if f.kind == "photo"]


def public_photo(session: Session, site_id: str, file_id: int) -> tuple[SiteFileOut, bytes]:
    _public_site(session, site_id)
    meta, data = get_file(session, PUBLIC_READER, site_id, file_id)
    if meta.kind != "photo":
        raise not_found("file", str(file_id))
    return meta, data


def delete_file(session: Session, who: Principal, site_id: str, file_id: int) -> None:
    _writable_site(session, who, site_id)
    f = _stored(session, file_id)
    if f is None or f.site_id != site_id:
        raise not_found("file", str(file_id))
    record(session, who, "sites", site_id, "file_deleted", {"file": f.id, "name": f.name})
    session.delete(f)
    session.flush()
