"""Furniture repeated across a site's pages: the lines several pages of one folder share.

A menu, a footer, a share bar or a hotline is written the same way on every page of a site;
an article's lines are not. ``repeated_lines(texts)`` returns the short lines (no sentence
end, at most 80 characters) found on at least three of the pages and on at least 30 % of
them; the cleaner drops them as furniture. Pages of one site are, in practice, the files of
one folder: ``site_furniture(files)`` samples up to 20 files per folder, so the cost stays
bounded however large the folder.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from parkatlas.intel.clean import norm_line

__all__ = ["repeated_lines", "site_furniture"]

MIN_PAGES = 3
MIN_SHARE = 0.3
SAMPLE = 20
_MAX_LINE = 80
_SENTENCE = ("。", "！", "？")


def repeated_lines(texts: Iterable[str]) -> frozenset[str]:
    """Short lines (whitespace collapsed) on ≥ 3 pages and ≥ 30 % of ``texts``."""
    counts: Counter[str] = Counter()
    pages = 0
    for text in texts:
        pages += 1
        seen = {
            n
            for n in (norm_line(line) for line in text.split("\n"))
            if n and len(n) <= _MAX_LINE and not any(p in n for p in _SENTENCE)
        }
        counts.update(seen)
    if pages < MIN_PAGES:
        return frozenset()
    floor = max(MIN_PAGES, MIN_SHARE * pages)
    return frozenset(line for line, c in counts.items() if c >= floor)


def site_furniture(
    files: Iterable[str], read: Callable[[str], str | None]
) -> dict[str, frozenset[str]]:
    """Repeated lines per folder (key: the folder), from up to 20 of its files each;
    ``read(path)`` returns a file's text or None when it cannot be read."""
    by_folder: dict[str, list[str]] = defaultdict(list)
    for f in files:
        by_folder[str(Path(f).parent)].append(f)
    out: dict[str, frozenset[str]] = {}
    for folder, members in by_folder.items():
        if len(members) < MIN_PAGES:
            continue
        step = max(1, len(members) // SAMPLE)
        texts = [t for t in (read(m) for m in members[::step][:SAMPLE]) if t is not None]
        lines = repeated_lines(texts)
        if lines:
            out[folder] = lines
    return out
