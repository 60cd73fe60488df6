"""A site's photos and documents (workspace/site_files.py, web/site_files_pages.py), in-process
on SQLite and PostgreSQL: type read from the content, limits, who may write, served safely."""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from parkatlas.api.app import create_app
from parkatlas.settings import load_settings
from parkatlas.workspace import site_files
from parkatlas.workspace.site_files import clean_name, sniff
from tests.web.test_portal_and_sites import _csrf, login
from tests.web.test_portal_and_sites import world as world  # noqa: F401 - the same test world
from tests.workspace.world import World


def png(width: int = 4, height: int = 3) -> bytes:
    """A real PNG picture (grey pixels)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    raw = b"".join(b"\x00" + b"\x80\x80\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))  # fmt: skip


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url}), pool_size=2)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def upload(client: TestClient, site: str, name: str, data: bytes, content_type: str = "image/png") -> str:
    token = _csrf(client.get(f"/sites/{site}").text)
    r = client.post(f"/sites/{site}/files", data={"csrf_token": token}, files={"file": (name, data, content_type)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code in (303, 403), r.text[-500:]
    return r.headers.get("location", str(r.status_code))


def test_sniff_reads_the_content_not_the_name() -> None:
    assert sniff(png()) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0rest") == "image/jpeg"
    assert sniff(b"RIFF\x00\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert sniff(PDF) == "application/pdf"
    for bad in (b"<svg onload=alert(1)>", b"<html><script>", b"GIF89a", b"", b"MZ\x90\x00"):
        assert sniff(bad) is None
    assert clean_name("C:\\Users\\me\\..\\照片\u0000.jpg") == "照片.jpg"
    assert clean_name("../../etc/passwd") == "passwd" and clean_name("...") == "file"


def test_owner_uploads_lists_serves_and_deletes(client: TestClient) -> None:
    login(client)
    assert upload(client, "PRIV1", "厂房外景.png", png()) == "/sites/PRIV1?done=file_added#files"
    name = 'brochure"<img src=x onerror=alert(1)>.pdf'
    assert upload(client, "PRIV1", name, PDF, "image/png").endswith("done=file_added#files")  # the browser's word is ignored
    page = client.get("/sites/PRIV1").text
    ids = re.findall(r'href="/sites/PRIV1/files/(\d+)"', page)
    assert len(set(ids)) == 2
    docs = page.split('class="documents"')[1].split("</ul>")[0]
    assert "<img src=x" not in docs and "&lt;img src=x onerror=alert(1)&gt;" in docs, docs  # escaped
    photo = client.get(f"/sites/PRIV1/files/{ids[0]}")
    assert photo.status_code == 200 and photo.content == png()
    assert photo.headers["content-type"] == "image/png" and photo.headers["x-content-type-options"] == "nosniff"
    assert photo.headers["content-disposition"].startswith("inline;")
    assert "sandbox" in photo.headers["content-security-policy"]
    doc = client.get(f"/sites/PRIV1/files/{ids[-1]}")
    assert doc.headers["content-type"] == "application/pdf"
    disposition = doc.headers["content-disposition"]
    assert disposition.startswith("attachment;") and "<" not in disposition and "\"<" not in disposition
    assert "%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.pdf" in disposition  # RFC 5987
    assert client.get(f"/sites/PUB1/files/{ids[0]}").status_code == 404  # not that site's file
    token = _csrf(page)
    r = client.post(f"/sites/PRIV1/files/{ids[0]}/delete", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303 and client.get(f"/sites/PRIV1/files/{ids[0]}").status_code == 404
    assert client.get("/api/v1/audit", params={"entity": "sites", "entity_id": "PRIV1"}).status_code in (200, 401)


def test_refused_uploads_say_why_and_keep_nothing(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    login(client)
    assert upload(client, "PRIV1", "photo.jpg", b"<html><script>alert(1)</script>", "image/jpeg").endswith(
        "file_error=type#files")
    page = client.get("/sites/PRIV1?file_error=type").text
    assert "按文件内容判断" in page
    monkeypatch.setattr(site_files, "MAX_BYTES", 1000)
    assert upload(client, "PRIV1", "big.png", png() + b"\x00" * 2000).endswith("file_error=size#files")
    monkeypatch.setattr(site_files, "MAX_FILES", 1)
    assert upload(client, "PRIV1", "a.png", png()).endswith("done=file_added#files")
    assert upload(client, "PRIV1", "b.png", png()).endswith("file_error=count#files")
    assert len(re.findall(r'<img src="/sites/PRIV1/files/', client.get("/sites/PRIV1").text)) == 1


def test_other_units_see_but_may_not_add_or_delete(client: TestClient) -> None:
    login(client)
    upload(client, "PRIV1", "a.png", png())
    fid = re.findall(r'href="/sites/PRIV1/files/(\d+)"', client.get("/sites/PRIV1").text)[0]
    login(client, "zj_officer")
    page = client.get("/sites/PRIV1").text
    assert f"/sites/PRIV1/files/{fid}" in page and 'action="/sites/PRIV1/files"' not in page  # no upload form
    assert client.get(f"/sites/PRIV1/files/{fid}").status_code == 200
    token = _csrf(page)
    r = client.post("/sites/PRIV1/files", data={"csrf_token": token}, files={"file": ("x.png", png(), "image/png")})
    assert r.status_code == 403
    assert client.post(f"/sites/PRIV1/files/{fid}/delete", data={"csrf_token": token}).status_code == 403
    assert client.post(f"/sites/PRIV1/files/{fid}/delete", data={"csrf_token": "forged"}).status_code == 403
    assert client.get(f"/sites/PRIV1/files/{fid}").status_code == 200


def test_the_portal_shows_photos_of_public_sites_only(client: TestClient) -> None:
    from sqlalchemy import select

    from parkatlas.workspace.site_files import SiteFile

    login(client)
    upload(client, "PUB1", "外景.png", png())
    upload(client, "PUB1", "内部资料.pdf", PDF)
    upload(client, "PRIV1", "私有.png", png())
    client.post("/logout", data={"csrf_token": _csrf(client.get("/sites").text)})
    public = client.get("/p/sites/PUB1").text
    photos = re.findall(r'<img src="/p/sites/PUB1/photos/(\d+)"', public)
    assert len(photos) == 1 and "内部资料" not in public  # photos only: documents may be internal
    assert 'property="og:image"' in public
    r = client.get(f"/p/sites/PUB1/photos/{photos[0]}")
    assert r.status_code == 200 and r.content == png() and "sandbox" in r.headers["content-security-policy"]
    app = client.app  # type: ignore[attr-defined]
    with app.state.sessions() as s:
        ids = {f.name: f.id for f in s.execute(select(SiteFile)).scalars()}
    assert client.get(f"/p/sites/PUB1/photos/{ids['内部资料.pdf']}").status_code == 404  # a document
    assert client.get(f"/p/sites/PRIV1/photos/{ids['私有.png']}").status_code == 404  # not public
    assert client.get(f"/p/sites/PUB1/photos/{ids['私有.png']}").status_code == 404  # another site's
    assert client.get(f"/sites/PUB1/files/{photos[0]}", follow_redirects=False).status_code == 303  # sign in
