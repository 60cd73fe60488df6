"""Hostile and partial input to ingest and extract (issue 14 §7, §8) and real Chinese PDFs
(issue 13 §1): messages, never tracebacks; no walk loops; one output per input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from parkatlas.errors import ParkatlasError
from parkatlas.intel.extract_command import output_names, run_extract
from parkatlas.intel.ingest import expand_paths, prepare_document
from parkatlas.intel.reader import html_depth, read_document
from parkatlas.intel.walk import glob_paths


def test_html_cleaner_dependency_is_installed() -> None:
    """The CI install has lxml's split-out HTML cleaner, so trafilatura imports."""
    import lxml_html_clean  # noqa: F401
    import trafilatura  # noqa: F401


def test_missing_trafilatura_fails_one_file_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "a.html"
    page.write_text("<html><body><p>全区签约项目12个。</p></body></html>", encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import raises ImportError
    with pytest.raises(ParkatlasError, match="pip install lxml_html_clean"):
        read_document(page)


def test_globs_and_walks_never_follow_directory_symlinks(tmp_path: Path) -> None:
    root = tmp_path / "news"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "one.txt").write_text("x", encoding="utf-8")
    (root / "a" / "b" / "two.txt").write_text("y", encoding="utf-8")
    (root / "a" / "b" / "loop").symlink_to(root / "a")  # two loops
    (root / "a" / "up").symlink_to(root)
    matches = glob_paths(str(root / "**" / "*.txt"))
    assert sorted(Path(m).name for m in matches) == ["one.txt", "two.txt"]
    files, refused, _ = expand_paths([str(root), str(root / "**" / "*.txt")])
    assert sorted(f.name for f in files) == ["one.txt", "two.txt"] and not refused


def test_glob_patterns() -> None:
    from parkatlas.intel.walk import _translate

    rx = _translate("**/*.txt")
    assert rx.match("a.txt") and rx.match("x/y/a.txt") and not rx.match("a.html")
    assert _translate("a/**").match("a/b/c") and _translate("[ab]?.md").match("bx.md")
    assert not _translate("*.txt").match("x/a.txt")


def test_extract_keeps_one_output_per_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "other").mkdir(parents=True)
    (src / "x.txt").write_text("甲区新增企业10家。", encoding="utf-8")
    (src / "x.html").write_text("<p>乙区新增企业20家。</p>", encoding="utf-8")
    (src / "other" / "x.txt").write_text("丙区新增企业30家。", encoding="utf-8")
    (src / "y.txt").write_text("丁区新增企业40家。", encoding="utf-8")
    out = tmp_path / "out"
    written, errors = run_extract([str(src)], str(out))
    assert written == 4 and not errors
    names = sorted(p.name for p in out.glob("*.jsonl"))
    assert names == ["other__x.txt.jsonl", "x.html.jsonl", "x.txt.jsonl", "y.jsonl"]
    assert "20" in (out / "x.html.jsonl").read_text(encoding="utf-8")
    assert "30" in (out / "other__x.txt.jsonl").read_text(encoding="utf-8")
    assert output_names(["a/x.txt", "b/y.txt"]) == ["x.jsonl", "y.jsonl"]


_POOL_SCRIPT = """
import sys, time
from parkatlas.intel.workers import worker_pool
pool = worker_pool(2)
pids = {pool.submit(__import__("os").getpid).result() for _ in range(8)}
print(" ".join(map(str, sorted(pids))), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (reaped by nobody yet) is dead too
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return True


def test_workers_die_with_their_parent() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", _POOL_SCRIPT], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert pids and all(_alive(p) for p in pids)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 30  # a liveness wait, not a speed assertion
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def _pdf(path: Path, *, password: str | None = None, owner_only: bool = False) -> Path:
    from pypdf import PdfWriter
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    plain = path.with_suffix(".plain.pdf")
    c = canvas.Canvas(str(plain))
    c.setFont("STSong-Light", 12)
    c.drawString(50, 800, "嘉定区2026年前三季度经济运行情况")
    c.drawString(50, 780, "前三季度嘉定区签约项目86个，总投资532亿元，同比增长12.6%。")
    c.save()
    if password is None:
        plain.rename(path)
        return path
    from pypdf import PdfReader

    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    user = "" if owner_only else password
    writer.encrypt(user_password=user, owner_password=password, algorithm="AES-256")
    writer.write(str(path))
    return path


def test_chinese_text_pdf_is_read_and_extracted(tmp_path: Path) -> None:
    prepared = prepare_document(str(_pdf(tmp_path / "jd.pdf")))
    assert not isinstance(prepared, type(None)) and hasattr(prepared, "facts"), prepared
    quotes = [f["quote"] for f in prepared.facts]  # type: ignore[union-attr]
    assert quotes == ["86个", "532亿元", "12.6%"]
    assert prepared.lang == "zh"  # type: ignore[union-attr]


def test_owner_password_pdf_opens_and_user_password_pdf_is_refused(tmp_path: Path) -> None:
    owner = read_document(_pdf(tmp_path / "owner.pdf", password="s3cret", owner_only=True))
    assert "532亿元" in owner.text
    result = prepare_document(str(_pdf(tmp_path / "locked.pdf", password="s3cret")))
    assert getattr(result, "reason", "") == (
        "the PDF is password-protected: save an unprotected copy (or print it to PDF)"
    )


def test_scanned_pdf_without_text_layer_is_reported(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)  # a page with no text objects, as a scan has
    path = tmp_path / "scan.pdf"
    writer.write(str(path))
    result = prepare_document(str(path))
    assert "no text layer" in (getattr(result, "reason", "") or "")


def test_deeply_nested_html_is_refused_with_the_reason(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body>" + "<div>" * 100_000 + "<p>增长5%。</p>" + "</div>" * 100_000,
        encoding="utf-8",
    )
    result = prepare_document(str(page))
    assert "nested 100,003 elements deep" in (getattr(result, "reason", "") or "")
    assert html_depth("<div><br><img src=x/><p>a</p></div>") == 2


def test_inline_script_text_is_never_a_fact(tmp_path: Path) -> None:
    page = tmp_path / "s.html"
    page.write_text(
        "<html><head><title>签约</title></head><body><p>嘉定区签约项目12个，"
        "<script>document.write('总投资99亿元');</script>总投资30亿元。</p></body></html>",
        encoding="utf-8",
    )
    prepared = prepare_document(str(page))
    quotes = [f["quote"] for f in prepared.facts]  # type: ignore[union-attr]
    assert quotes == ["12个", "30亿元"]
