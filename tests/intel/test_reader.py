"""reader: every encoding, HTML main text, PDF text, and the refusals, on files written here."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkatlas.errors import ParkatlasError
from parkatlas.intel.reader import decode_bytes, read_document

ZH = "去年嘉定片区完成税收60.4亿元、增长44.3%,创历史新高;实现规上工业产值179亿元。"
ZH_TW = "臺北市去年完成稅收60.4億元，增長44.3%，創歷史新高；實現工業產值179億元。"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("label", "text", "data", "encodings"),
    [
        ("utf-8", ZH, ZH.encode("utf-8"), {"utf-8"}),
        ("utf-8 BOM", ZH, b"\xef\xbb\xbf" + ZH.encode("utf-8"), {"utf-8-sig"}),
        ("utf-16 BOM", ZH, ZH.encode("utf-16"), {"utf-16"}),
        ("gbk", ZH, ZH.encode("gbk"), {"gb18030", "gbk"}),
        ("gb18030", ZH, ZH.encode("gb18030"), {"gb18030"}),
        ("big5", ZH_TW, ZH_TW.encode("big5"), {"big5", "big5hkscs"}),
        ("short gbk", "嘉定区新增企业5604户", "嘉定区新增企业5604户".encode("gbk"), {"gb18030"}),
        ("short big5", "台灣", "台灣".encode("big5"), {"big5"}),
        ("english", "Xuhui signed 40 projects.", b"Xuhui signed 40 projects.", {"utf-8"}),
    ],
)
def test_text_files_decode_in_every_encoding(
    tmp_path: Path, label: str, text: str, data: bytes, encodings: set[str]
) -> None:
    doc = read_document(write(tmp_path, "news.txt", data))
    assert doc.text == text, label
    assert doc.encoding in encodings
    assert doc.kind == "text"
    assert doc.title == text


def test_text_is_kept_as_is_except_crlf(tmp_path: Path) -> None:
    raw = "  Title line  \n\n\tbody  with   spaces\n"
    assert read_document(write(tmp_path, "a.txt", raw.encode())).text == raw
    crlf = read_document(write(tmp_path, "b.txt", b"one\r\ntwo\r\n\r\nthree"))
    assert crlf.text == "one\ntwo\n\nthree"
    assert crlf.title == "one"


def test_title_skips_breadcrumb_and_dateline_gives_published(tmp_path: Path) -> None:
    text = "当前位置:首页 > 上海厂房出租信息 > 正文内容\n\n嘉定将积极承接虹桥功能\n\n2024-03-07 来源\n正文"
    doc = read_document(write(tmp_path, "a.md", text.encode()))
    assert doc.title == "嘉定将积极承接虹桥功能"
    assert doc.published == dt.date(2024, 3, 7)
    eng = read_document(write(tmp_path, "b.text", b"Title\n\nAuthor:Daily Time:2022.06.21\n"))
    assert eng.published == dt.date(2022, 6, 21)


def test_a_few_invalid_utf8_bytes_are_repaired_with_a_note(tmp_path: Path) -> None:
    data = ("很长的中文文本" * 40).encode() + b"\xff" + ("更多文本" * 40).encode()
    doc = read_document(write(tmp_path, "cut.txt", data))
    assert doc.encoding == "utf-8"
    assert doc.text.count("\ufffd") == 1
    assert doc.notes == ("1 invalid UTF-8 byte sequence(s) replaced with U+FFFD",)


PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>嘉定片区去年税收增长44.3%</title>
<meta property="article:published_time" content="2024-03-07T09:00:00+08:00">
<script>var stock = "002436 涨停"; document.write("广告 100万元");</script>
<style>.ad {{ color: red }}</style></head>
<body>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻</a></li>
<li>客服电话 400 0123 021</li></ul></nav>
<div class="ad">股票推荐:前10大股东控盘率近70%</div>
<article>
<h1>嘉定片区去年税收增长44.3%</h1>
<p>上海市嘉定区区长3月2日在上海市政府新闻发布会上表示,去年嘉定片区完成税收60.4亿元、增长44.3%,创历史新高;实现规上工业产值179亿元,占整个商务区的近40%。</p>
<p>去年嘉定片区新增企业5604户、引进亿元项目50个,均超额完成年度目标任务。嘉定把握大虹桥战略机遇,全面提升面向国际的开放水平和发展能级。</p>
</article>
<aside><h3>相关文章</h3><ul><li><a href="/a">月薪46万元招聘</a></li><li><a href="/b">10家企业入驻</a></li></ul></aside>
<footer>版权所有 2024 联系电话 13391219793 Leave a Reply</footer>
<script>track(1)</script>
</body></html>
"""


@pytest.mark.parametrize("charset", ["utf-8", "gbk"])
def test_html_keeps_the_article_and_drops_boilerplate(tmp_path: Path, charset: str) -> None:
    page = PAGE.format(charset=charset)
    doc = read_document(write(tmp_path, "page.html", page.encode(charset)))
    assert doc.kind == "html"
    assert doc.title == "嘉定片区去年税收增长44.3%"
    assert doc.published == dt.date(2024, 3, 7)
    assert doc.text.startswith("嘉定片区去年税收增长44.3%")
    assert "完成税收60.4亿元、增长44.3%" in doc.text
    assert "新增企业5604户" in doc.text
    for junk in ("002436", "广告", "400 0123 021", "控盘率", "月薪46万元", "13391219793", "track("):
        assert junk not in doc.text, junk


def test_html_without_main_text_falls_back_to_page_text(tmp_path: Path) -> None:
    page = "<html><body><script>x()</script><div>Xuhui: 40 projects</div></body></html>"
    doc = read_document(write(tmp_path, "tiny.htm", page.encode()))
    assert "Xuhui: 40 projects" in doc.text
    assert "x()" not in doc.text


def test_html_with_only_scripts_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.html", b"<html><head><script>alert(1)</script></head></html>")
    with pytest.raises(ParkatlasError) as info:
        read_document(path)
    assert str(info.value) == (
        f"{path}: the page has no text (only markup or scripts): nothing to read"
    )


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text lines (ASCII), with a correct xref table."""
    ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({escaped}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Title (Qingpu signs 40 projects) /CreationDate (D:20220615093000+08'00') >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_pdf_text_title_and_date(tmp_path: Path) -> None:
    lines = ["Qingpu New City signed 40 projects", "with a total investment of 21 billion yuan."]
    doc = read_document(write(tmp_path, "report.pdf", make_pdf(lines)))
    assert doc.kind == "pdf"
    assert "Qingpu New City signed 40 projects" in doc.text
    assert "21 billion yuan" in doc.text
    assert doc.title == "Qingpu signs 40 projects"
    assert doc.published == dt.date(2022, 6, 15)


def test_pdf_without_text_layer_and_fake_pdf_are_refused(tmp_path: Path) -> None:
    scan = write(tmp_path, "scan.pdf", make_pdf([]))
    with pytest.raises(ParkatlasError) as info:
        read_document(scan)
    assert str(info.value) == (
        f"{scan}: the PDF has no text layer (a scan?): run OCR on it first, then ingest the text"
    )
    fake = write(tmp_path, "fake.pdf", b"just text, not a pdf")
    with pytest.raises(ParkatlasError) as info:
        read_document(fake)
    assert str(info.value) == (
        f"{fake}: not a PDF file (no %PDF header): check the file's extension"
    )


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file: nothing to read"),
        ("blank.txt", b" \n\n\t ", "empty file: nothing to read"),
        (
            "image.txt",
            bytes(range(256)) * 4,
            "binary file (it contains NUL bytes): only text, HTML and PDF files are read",
        ),
        (
            "controls.txt",
            bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16]) * 30 + b"abc",
            "binary file (control characters in the decoded text): only text, HTML and PDF "
            "files are read",
        ),
        (
            "report.docx",
            b"PK\x03\x04",
            "unsupported file type .docx: parkatlas reads .txt, .text, .md, .html, .htm and "
            ".pdf (save other formats as text or PDF)",
        ),
        (
            "README",
            b"text",
            "unsupported file type (no extension): parkatlas reads .txt, .text, .md, .html, "
            ".htm and .pdf (save other formats as text or PDF)",
        ),
    ],
)
def test_bad_files_are_refused_naming_the_file(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = write(tmp_path, name, data)
    with pytest.raises(ParkatlasError) as info:
        read_document(path)
    assert str(info.value) == f"{path}: {reason}"


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(30_000_000)  # sparse: the reader must refuse on the size alone
    with pytest.raises(ParkatlasError) as info:
        read_document(path)
    assert str(info.value) == (
        f"{path}: file is 30.0 MB, larger than the 20.0 MB limit: split it, "
        "or raise the limit with --max-mb"
    )
    small = write(tmp_path, "small.txt", b"x" * 2000)
    with pytest.raises(ParkatlasError, match="2,000 bytes, larger than the 1,000 bytes limit"):
        read_document(small, max_bytes=1000)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    with pytest.raises(ParkatlasError) as info:
        read_document(missing)
    assert str(info.value).startswith(f"{missing}: cannot read the file: ")
    if os.geteuid() != 0:  # root reads everything
        locked = write(tmp_path, "locked.txt", b"text")
        locked.chmod(0)
        with pytest.raises(ParkatlasError, match="cannot read the file"):
            read_document(locked)


def test_undecodable_bytes_are_refused(tmp_path: Path) -> None:
    # Invalid in UTF-8, GB18030 and Big5 alike, no NUL: a corrupt or foreign binary.
    with pytest.raises(ParkatlasError, match="cannot decode the bytes|binary file"):
        decode_bytes(b"\x81\x30\xff\xfe\x80" * 200, "bad.txt")


printable = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cc", "Cs", "Co", "Cn"), blacklist_characters="\ufeff"
    )
    | st.sampled_from("\n\t"),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=printable)
def test_any_utf8_text_reads_back_exactly(tmp_path: Path, text: str) -> None:
    doc = read_document(write(tmp_path, "h.txt", text.encode("utf-8")))
    assert doc.text == text
    assert doc.encoding == "utf-8"
