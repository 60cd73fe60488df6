"""/api/v1/sites/{id}/files: the site page's files over the API, with the same rules."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.workspace.world import World

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_files_are_added_listed_served_and_deleted_by_the_owning_unit(client: TestClient, world: World) -> None:
    officer, viewer = world.auth("jd_officer"), world.auth("mx_viewer")
    site = client.post("/api/v1/sites", headers=officer,
                       json={"kind": "factory", "area_m2": 5000, "region": "嘉定区"}).json()["id"]  # fmt: skip
    url = f"/api/v1/sites/{site}/files"
    r = client.post(url, headers=officer, files={"file": ("厂房外景.png", PNG, "image/png")})
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["media_type"] == "image/png" and photo["kind"] == "photo" and photo["size"] == len(PNG)
    doc = client.post(url, headers=officer, files={"file": ("brochure.pdf", PDF, "application/pdf")}).json()

    listed = client.get(url, headers=viewer)
    assert listed.status_code == 200 and [f["id"] for f in listed.json()] == [photo["id"], doc["id"]]
    got = client.get(f"{url}/{photo['id']}", headers=viewer)
    assert got.status_code == 200 and got.content == PNG and got.headers["content-type"] == "image/png"
    assert got.headers["x-content-type-options"] == "nosniff"
    assert client.get(f"{url}/{doc['id']}", headers=viewer).headers["content-disposition"].startswith("attachment")

    # a viewer may not write; a picture that is not one is refused by its content
    assert client.post(url, headers=viewer, files={"file": ("x.png", PNG, "image/png")}).status_code == 403
    bad = client.post(url, headers=officer, files={"file": ("x.png", b"<script>alert(1)</script>", "image/png")})
    assert bad.status_code == 415 and bad.headers["content-type"].startswith("application/problem+json")
    assert client.delete(f"{url}/{photo['id']}", headers=viewer).status_code == 403
    assert client.delete(f"{url}/{photo['id']}", headers=officer).status_code == 204
    assert client.get(f"{url}/{photo['id']}", headers=viewer).status_code == 404
    assert client.get("/api/v1/sites/NOPE/files", headers=viewer).status_code == 404
    assert client.get(url).status_code == 401


def test_a_file_id_no_column_holds_is_a_404_in_the_page_too(client: TestClient, world: World) -> None:
    from parkatlas.workspace import site_files
    from parkatlas.workspace.errors import NotFound

    with pytest.raises(NotFound):
        site_files.get_file(None, None, "S1", 10**30)  # type: ignore[arg-type]
