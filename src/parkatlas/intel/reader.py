"""Reading one document file (text, HTML or PDF) into its text, title and date, in any encoding.

Contract: reads a path; returns a `RawDocument` whose `text` is what the extractor sees (the
fact offsets point into it) or raises `ParkatlasError` naming the file, the cause and the fix.
Pure apart from reading the file: no database, no network (trafilatura runs offline on bytes).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.textcodec import decode_bytes  # the one decoder, shared with import

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
PDF_SUFFIXES = frozenset({".pdf"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# A full date near the top of a text file is its dateline ("Time:2022.06.21", "2022-06-06 0 By").
_DATELINE = re.compile(
    r"(?<!\d)(20\d{2}|19\d{2})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})(?!\d)"
)


@dataclass
class RawDocument:
    """A decoded document: the text the extractor reads, and what the file says about itself."""

    path: str
    text: str
    title: str | None
    published: dt.date | None
    encoding: str
    kind: str  # text, html, pdf
    notes: tuple[str, ...] = field(default=())  # repairs made while reading, for the report


def refuse(path: Path | str, reason: str) -> ParkatlasError:
    """The error for a file that cannot be read: the file first, then the cause and the fix."""
    return ParkatlasError(f"{path}: {reason}")


def read_document(path: Path, *, max_bytes: int = 20_000_000) -> RawDocument:
    """Read a .txt/.text/.md, .html/.htm or .pdf file; refuse anything else with the reason."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        shown = suffix or "(no extension)"
        raise refuse(
            path,
            f"unsupported file type {shown}: parkatlas reads .txt, .text, .md, .html, .htm "
            "and .pdf (save other formats as text or PDF)",
        )
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise refuse(
                path,
                f"file is {_mb(size)}, larger than the {_mb(max_bytes)} limit: split it, "
                "or raise the limit with --max-mb",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise refuse(path, f"cannot read the file: {exc.strerror or exc}") from None
    if not data.strip():
        raise refuse(path, "empty file: nothing to read")
    if suffix in PDF_SUFFIXES:
        return _read_pdf(path, data)
    if suffix in HTML_SUFFIXES:
        return _read_html(path, data)
    return _read_text(path, data)


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


# --- per kind ---------------------------------------------------------------------------------


_BREADCRUMB = re.compile(r"^(当前位置|您的位置|你的位置|现在位置|位置)\s*[:：]|(\s[>›»]\s.*){2}")


def _first_line(text: str) -> str | None:
    """The first non-empty line that is not a breadcrumb ("当前位置:首页 > … > 正文")."""
    for line in text.split("\n"):
        line = line.strip()
        if line and not _BREADCRUMB.search(line):
            return line
    return None


def find_dateline(text: str, *, lines: int = 6) -> dt.date | None:
    """A full date (2022-06-06, 2022.06.21, 2024年3月7日) in the first lines of a text."""
    head = "\n".join(text.split("\n", lines)[:lines])
    for m in _DATELINE.finditer(head):
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def _read_text(path: Path, data: bytes) -> RawDocument:
    text, encoding, notes = decode_bytes(data, path)
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return RawDocument(
        path=str(path),
        text=text,
        title=_first_line(text),
        published=find_dateline(text),
        encoding=encoding,
        kind="text",
        notes=notes,
    )


_META_DATE_NAMES = (
    "article:published_time",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish_date",
    "publish-date",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
)


def _meta_date(tree: object) -> dt.date | None:
    from lxml import html as lxml_html

    assert isinstance(tree, lxml_html.HtmlElement)
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in _META_DATE_NAMES:
            value = _parse_date(meta.get("content") or "")
            if value:
                return value
    for node in tree.iter("time"):
        value = _parse_date(node.get("datetime") or "")
        if value:
            return value
    return None


def _parse_date(raw: str) -> dt.date | None:
    m = _DATELINE.search(raw)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe")
_BLOCK_TAGS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 section article blockquote pre table ul ol dd dt".split()
)


def _fallback_text(tree: object) -> str:
    """Plain text of the page without scripts, styles and navigation, one block per line."""
    from lxml import html as lxml_html

    assert isinstance(tree, lxml_html.HtmlElement)
    for tag in _DROP_TAGS:
        for node in list(tree.iter(tag)):
            parent = node.getparent()
            if parent is not None:
                node.drop_tree()
    body = tree.find("body")
    root = body if body is not None else tree
    parts: list[str] = []
    for node in root.iter():
        if not isinstance(node.tag, str):
            continue
        if node.tag in _BLOCK_TAGS:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        if node.tail:
            parts.append(node.tail)
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


MAX_HTML_DEPTH = 1000  # deeper markup is refused: lxml stops at 255 levels and drops the rest
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)


def html_depth(markup: str) -> int:
    """The deepest nesting of elements in ``markup`` (void and self-closed tags count 0)."""
    depth = deepest = 0
    for m in _TAG.finditer(markup):
        if m.group(1):
            depth = max(0, depth - 1)
        elif not m.group(3) and m.group(2).lower() not in _VOID:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _trafilatura(path: Path) -> Any:
    """trafilatura, or a refusal naming the missing piece (lxml without lxml_html_clean)."""
    try:
        import trafilatura
    except ImportError as exc:
        raise refuse(
            path,
            f"HTML cannot be read in this installation ({exc}): "
            "pip install lxml_html_clean trafilatura (dependencies of parkatlas)",
        ) from None
    return trafilatura


def _read_html(path: Path, data: bytes) -> RawDocument:
    from lxml import html as lxml_html

    trafilatura = _trafilatura(path)

    head = data[:4096]
    m = _META_CHARSET.search(head)
    declared = m.group(1).decode("ascii", "replace") if m else None
    markup, encoding, notes = decode_bytes(data, path, declared=declared)
    depth = html_depth(markup)
    if depth > MAX_HTML_DEPTH:
        raise refuse(
            path,
            f"the HTML is nested {depth:,} elements deep (the limit is {MAX_HTML_DEPTH:,}): "
            "not a page that can be read; save its text as .txt",
        )
    try:
        tree = lxml_html.document_fromstring(markup)
    except Exception:  # lxml raises several types on hopeless markup
        raise refuse(path, "not parseable as HTML: save the page again or as text") from None
    title: str | None = None
    found = tree.find(".//title")
    if found is not None and found.text_content().strip():
        title = " ".join(found.text_content().split())
    published = _meta_date(tree)
    body = ""
    try:
        doc = trafilatura.bare_extraction(
            markup,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
        )
    except (Exception, RecursionError):  # trafilatura gives up on some pages: plain text below
        doc = None
    if doc is not None:
        body = (getattr(doc, "text", None) or "").strip()
        title = getattr(doc, "title", None) or title
        if published is None:
            published = _parse_date(getattr(doc, "date", None) or "")
    if not body:
        body = _fallback_text(lxml_html.document_fromstring(markup))
        notes = (*notes, "main text not found: used the page's whole text")
    if not body.strip():
        raise refuse(path, "the page has no text (only markup or scripts): nothing to read")
    text = body
    if title and not body.startswith(title):
        text = f"{title}\n\n{body}"
    return RawDocument(
        path=str(path),
        text=text,
        title=title or _first_line(body),
        published=published,
        encoding=encoding,
        kind="html",
        notes=notes,
    )


_PASSWORD = "the PDF is password-protected: save an unprotected copy (or print it to PDF)"
_NEEDS_CRYPTOGRAPHY = (
    "the PDF is AES-encrypted and the `cryptography` package is missing: "
    "pip install cryptography (a dependency of parkatlas), or save an unprotected copy"
)


def _decrypt(path: Path, reader: object) -> None:
    """Open an encrypted PDF with the empty user password (owner-only protection, common
    on government sites); a real password is refused with the reason."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    assert isinstance(reader, PdfReader)
    try:
        result = reader.decrypt("")
    except DependencyError:
        raise refuse(path, _NEEDS_CRYPTOGRAPHY) from None
    except Exception:  # malformed encryption dictionaries raise several types
        raise refuse(path, _PASSWORD) from None
    if result == PasswordType.NOT_DECRYPTED:
        raise refuse(path, _PASSWORD)


def _read_pdf(path: Path, data: bytes) -> RawDocument:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    if not data.lstrip().startswith(b"%PDF"):
        raise refuse(path, "not a PDF file (no %PDF header): check the file's extension")
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(path, reader)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
    except ParkatlasError:
        raise
    except DependencyError:
        raise refuse(path, _NEEDS_CRYPTOGRAPHY) from None
    except FileNotDecryptedError:
        raise refuse(path, _PASSWORD) from None
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise refuse(path, f"not a readable PDF ({exc}): save it again or as text") from None
    text = "\n\n".join(p.strip("\n") for p in pages if p.strip())
    if not text.strip():
        raise refuse(
            path, "the PDF has no text layer (a scan?): run OCR on it first, then ingest the text"
        )
    title = None
    published = find_dateline(text)
    if meta is not None:
        title = (meta.title or "").strip() or None
        if published is None:
            try:
                created = meta.creation_date
            except Exception:  # malformed date strings in the PDF's info dictionary
                created = None
            if created is not None:
                published = created.date()
    return RawDocument(
        path=str(path),
        text=text,
        title=title or _first_line(text),
        published=published,
        encoding="pdf",
        kind="pdf",
    )
