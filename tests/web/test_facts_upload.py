"""News uploaded on /facts go through the ingest core (`parkatlas ingest`): facts shown, the
same text stored once, refused files with their reasons; hostile text escaped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from parkatlas.api.app import create_app
from parkatlas.settings import load_settings
from tests.web.test_portal_and_sites import _csrf, login
from tests.web.test_portal_and_sites import world as world  # noqa: F401 - the same test world
from tests.workspace.world import World

H1 = "嘉定区上半年经济运行\n2026-07-20\n\n上半年，嘉定区实现地区生产总值1120亿元，同比增长5.6%。\n"
HTML = ("<html><head><meta charset='gbk'><title>嘉定招商成绩单</title></head><body><article>"
        "<p>2026-10-27</p><p>前三季度，嘉定区共签约产业项目86个，签约项目总投资532亿元。"
        "<script>alert(1)</script></p></article></body></html>")  # fmt: skip


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:  # noqa: F811
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": world.url}), pool_size=2)
    with TestClient(app, base_url="https://testserver") as c:
        yield c


def send(client: TestClient, files: list[tuple[str, bytes]], source: str = "") -> tuple[int, str]:
    token = _csrf(client.get("/facts").text)
    r = client.post("/facts", data={"csrf_token": token, "source": source},
                    files=[("files", (name, data, "application/octet-stream")) for name, data in files])  # fmt: skip
    return r.status_code, r.text


def test_uploaded_news_become_facts_through_the_ingest_core(client: TestClient) -> None:
    login(client)
    status, page = send(client, [
        ("上半年.txt", H1.encode("gb18030")),  # not UTF-8: the reader finds the encoding
        ("成绩单.html", HTML.encode("gbk")),
        ("假的.pdf", b"this is not a pdf at all"),
        ("合同.docx", b"PK\x03\x04"),
    ], source="https://www.jiading.gov.cn/news/1")  # fmt: skip
    assert status == 200
    report = page.split('id="upload-report"')[1].split("</table>")[0]
    assert report.count("已入库") == 2 and report.count("未能读取") == 2
    assert "合同.docx" in report and "不是可读取的文件类型" in report and "不是 PDF 文件" in report
    facts = page.split('id="upload-report"')[1].split("</table>", 1)[1]  # the facts table below
    assert "1120" in facts and "<mark>" in facts  # the fact, its quote marked in its sentence
    assert "<script>alert(1)</script>" not in page
    assert 'href="https://www.jiading.gov.cn/news/1"' in page
    again_status, again = send(client, [("copy.txt", H1.encode("utf-8"))])  # the same text, another name
    assert again_status == 200 and "已有（同一文本只存一次）" in again.split('id="upload-report"')[1]
    api = client.get("/api/v1/facts").json()
    assert any("1120" in str(f.get("quote") or "") for f in (api if isinstance(api, list) else api.get("items", [])))


def test_upload_needs_a_writer_a_token_and_a_plain_source(client: TestClient) -> None:
    login(client)
    assert send(client, [], "")[0] == 400
    assert send(client, [("a.txt", H1.encode())], "javascript:alert(1)")[0] == 400
    r = client.post("/facts", data={"csrf_token": "forged"}, files=[("files", ("a.txt", H1.encode(), "text/plain"))])
    assert r.status_code == 403
