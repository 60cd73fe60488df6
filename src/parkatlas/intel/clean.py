"""Which parts of a document are its article: decided line by line, with the evidence said.

``clean_report(text)`` weighs every line (block) of the ORIGINAL text and returns the kept
spans, one ``Block`` per line with the decision and its reason, and warnings; ``kept_spans``,
``mask`` and ``clean_text`` are its shortcuts. Offsets are never shifted: ``mask(text)``
blanks the dropped characters (same length), so a fact found in the masked text has its
offsets in the original document. The patterns weighed are in ``clean_rules.py``.

Evidence per line, in this order:

* **position**: where the line stands relative to the body — the first line with sentences
  (。！？, an English full stop after a word) or a long line. An end marker (上一篇/下一篇,
  相关阅读, a source line, "- END -", "Leave a Reply", 免责声明 …) ends the article only
  *after* the body has begun; above the body it is a navigation word and only that line is
  dropped (the e-paper header "第A1版:要闻 下一版 标题导航 … 下一篇 放大 缩小 默认"). A
  page-navigation marker (上一篇/下一篇) that follows only a sliver of body, when much more
  body follows it, is treated as navigation too.
* **navigation**: a line made only of navigation tokens (版次, 下一版, 放大 缩小 默认 …), and
  the headlines listed under a 标题导航/版面导航 header up to the next navigation line.
* **furniture patterns** (short lines only, so no paragraph is ever lost to a keyword):
  breadcrumbs, bylines, dates, app prompts, disclaimers, contact and phone lines, view
  counters, teasers, headline-list items (a date at the end).
* **footer**: ICP numbers, 版权所有, 主办单位, addresses, share bars, "Contact us" …; after
  a footer line the short lines that follow are footer too, until a sentence appears.
* **repetition across a site**: a line found on several pages of the same site (see
  ``site.py``) is furniture, passed in as ``furniture``.
* **density**: when the kept text is empty or a small part of the sentences the document
  holds, the report warns — a lost article is never a silent zero.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from parkatlas.intel import clean_rules as R

__all__ = ["Block", "CleanReport", "clean_report", "clean_text", "kept_spans", "mask"]

_SHORT_LINE = 120  # only lines up to this length are dropped whole
_LINE = re.compile(r"[^\n]*\n?")
_BODY_CHARS_MIN = 200  # sentences below this size never raise the "article lost" warning


@dataclass(frozen=True)
class Block:
    """One line of the document: its span, whether it was kept, and why."""

    start: int
    end: int
    kept: bool
    reason: str


@dataclass
class CleanReport:
    """The kept spans (title and article body), every line's decision, and warnings."""

    spans: list[tuple[int, int]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def norm_line(line: str) -> str:
    """A line as compared across a site's pages: whitespace collapsed."""
    return " ".join(line.split())


def _sentence_chars(line: str) -> int:
    """Characters of a line that reads as running text (one with a sentence end)."""
    s = line.strip()
    return len(s) if len(s) >= 20 and R.SENTENCE_END.search(s) else 0


def _lines(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None
        end = m.end()
        stripped_end = end - 1 if text[end - 1 : end] == "\n" else end
        if stripped_end > pos and text[stripped_end - 1] == "\r":
            stripped_end -= 1
        out.append((pos, stripped_end))
        pos = end if end > pos else pos + 1
    return out


def clean_report(text: str, *, furniture: Collection[str] = ()) -> CleanReport:
    """Decide line by line what of ``text`` is the article (see the module doc)."""
    report = CleanReport()
    lines = [(s, e) for s, e in _lines(text) if text[s:e].strip()]
    sentence = [_sentence_chars(text[s:e]) for s, e in lines]
    after = [0] * (len(lines) + 1)  # sentence characters from line i to the end
    for i in range(len(lines) - 1, -1, -1):
        after[i] = after[i + 1] + sentence[i]
    body_seen = False
    kept_body = 0
    in_nav_list = False
    in_footer = False
    blocks = report.blocks

    def drop(s: int, e: int, reason: str) -> None:
        blocks.append(Block(s, e, False, reason))

    for i, (pos, line_end) in enumerate(lines):
        line = text[pos:line_end]
        if in_nav_list and i and text.count("\n", lines[i - 1][1], pos) >= 2:
            in_nav_list = False  # a blank line closes a headline list (本版新闻：…)
        if furniture and norm_line(line) in furniture:
            drop(pos, line_end, "repeated on other pages of the site")
            continue
        if R.CUT_LINE.match(line):
            nav = bool(R.NAV_CUT.match(line))
            if not body_seen:
                drop(pos, line_end, "end marker above the body: navigation, line dropped")
                continue
            if nav and after[i + 1] >= max(3 * kept_body, 150):
                drop(pos, line_end, "page navigation: more article follows than was kept")
                continue
            drop(pos, line_end, "end marker after the body: the article ends here")
            for s, e in lines[i + 1 :]:
                drop(s, e, "after the end of the article")
            break
        if R.SOURCE_LINE.match(line):
            if body_seen:
                drop(pos, line_end, "source line after the body: the article ends here")
                for s, e in lines[i + 1 :]:
                    drop(s, e, "after the end of the article")
                break
            drop(pos, line_end, "source byline above the body")
            continue
        if R.NAV_LIST_HEAD.match(line):
            drop(pos, line_end, "navigation list header: the headlines after it are dropped")
            in_nav_list = not body_seen
            continue
        if R.nav_line(line):
            drop(pos, line_end, "navigation line")
            in_nav_list = False
            continue
        if R.TEASER_LINE.match(line):
            drop(pos, line_end, "related-article teaser")
            continue
        start, end = pos, line_end
        cut = R.CUT_INLINE.search(line) if R.CUT_HINT.search(line) else None
        if cut:
            end = pos + cut.start()
        tail = R.TAIL_INLINE.search(text, start, end) if R.TAIL_HINT.search(line) else None
        if tail:
            end = tail.start()
        segment = text[start:end]
        stripped = segment.strip()
        is_sentence = bool(R.BODY_LINE.search(segment))
        reason = _furniture_reason(segment, stripped, is_sentence)
        if reason is None and not is_sentence:
            if in_nav_list:
                reason = "headline in a navigation list"
            elif in_footer:
                reason = "after the page footer"
        if reason is not None:
            drop(pos, line_end, reason)
            if reason.startswith("footer"):
                in_footer = body_seen
        elif stripped:
            s = start + (len(segment) - len(segment.lstrip()))
            e = end - (len(segment) - len(segment.rstrip()))
            if e > s:
                report.spans.append((s, e))
                body_line = len(stripped) > 60 or is_sentence
                why = "body: sentences" if is_sentence else "body: long line"
                if not body_line:
                    why = "title or heading" if not body_seen else "heading or short line"
                blocks.append(Block(s, e, True, why))
                if e < line_end:
                    blocks.append(Block(e, line_end, False, "byline or source glued to the line"))
                if body_line:
                    body_seen = True
                    in_nav_list = in_footer = False
                    kept_body += len(stripped) if is_sentence else 0
        if cut:
            for s, e in lines[i + 1 :]:
                drop(s, e, "after the end of the article")
            break
    total = after[0]
    if total >= _BODY_CHARS_MIN and kept_body < 0.25 * total:
        report.warnings.append(
            f"the cleaner kept {kept_body:,} of the {total:,} characters of sentences in this "
            "document: the article may be lost; check with `parkatlas extract --show-clean`"
        )
    return report


def _furniture_reason(segment: str, stripped: str, is_sentence: bool) -> str | None:
    """Why a line is furniture by its own content, or None."""
    n = len(stripped)
    if n <= _SHORT_LINE:
        if R.FOOTER_LINE.search(segment):
            return "footer line (ICP, copyright, address, share bar …)"
        if R.furniture(segment):
            return "furniture (breadcrumb, byline, date, app prompt, contact …)"
        if any(h in segment for h in R.VIEWS_HINT) and R.VIEWS.search(segment):
            return "view counter"
        if not is_sentence and n <= 60 and R.HEADLINE_ITEM.search(segment):
            return "headline of a link list (dated)"
    if R.PHONE.search(segment) and n <= _SHORT_LINE * 2:
        return "phone number or identifier: contact line"
    return None


def kept_spans(text: str, *, furniture: Collection[str] = ()) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that hold the article (title and body)."""
    return clean_report(text, furniture=furniture).spans


def mask(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` with every character outside ``spans`` (default: ``kept_spans``) replaced:
    newlines stay, other characters become spaces; the length is unchanged."""
    if spans is None:
        spans = kept_spans(text)
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        if s > pos:
            parts.append(_blank(text[pos:s]))
        parts.append(text[s:e])
        pos = e
    if pos < len(text):
        parts.append(_blank(text[pos:]))
    return "".join(parts)


def _blank(s: str) -> str:
    return "\n".join(" " * len(part) for part in s.split("\n"))


def clean_text(text: str, *, furniture: Collection[str] = ()) -> str:
    """The kept spans joined by blank lines (for display; offsets are not preserved)."""
    return "\n\n".join(text[s:e] for s, e in kept_spans(text, furniture=furniture))
