"""Spreadsheet-safe cells: the one place that neutralises and restores formula-like text.

A cell a spreadsheet would read as a formula (OWASP "CSV injection": text starting with
``= + - @``, a tab or a carriage return) is written with a single quote in front, so
Excel, LibreOffice and WPS show it as text and never run it. Every CSV/XLSX writer of the
project calls `neutralise`; every CSV/XLSX reader calls `restore`, so export → import gives
back exactly the text that was stored.

The rule is a bijection on strings: a string that already starts with quotes followed by a
trigger character (``'=x``) gets one more quote (``''=x``) and `restore` removes exactly
one. Text that does not look like a formula (``'quoted'``, ``-`` alone is included: a bare
minus is a trigger) is left alone both ways. Numbers, dates and booleans are typed values,
never formulas: they pass through unchanged.
"""

from __future__ import annotations

import re
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# quotes, then a trigger: the strings that carry (or would need) the protecting quote
_GUARDED = re.compile(r"'*[=+\-@\t\r]")


def needs_guard(text: str) -> bool:
    """True when a spreadsheet could read `text` as a formula (or it is already guarded)."""
    return bool(text) and _GUARDED.match(text) is not None


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet cell must hold it: formula-like text gets a leading quote."""
    if isinstance(value, str) and value and value[0] in "=+-@\t\r'" and _GUARDED.match(value):
        return "'" + value
    return value


def restore(value: Any) -> Any:
    """Undo `neutralise`: a guarded string loses its one added quote; anything else is kept."""
    if (
        isinstance(value, str)
        and len(value) > 1
        and value[0] == "'"
        and _GUARDED.match(value, 1) is not None
    ):
        return value[1:]
    return value


def neutralise_row(values: list[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


def restore_row(values: list[Any]) -> list[Any]:
    """Restore a row read from a file; fast when no cell starts with a quote (the usual case)."""
    for i, v in enumerate(values):
        if isinstance(v, str) and v[:1] == "'":
            values[i] = restore(v)
    return values


# XML 1.0 forbids these control characters; openpyxl refuses a cell holding one
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xlsx_value(value: Any) -> Any:
    """A value for an XLSX cell: JSON for dicts/lists, text neutralised (so openpyxl stores it
    as a string, never a formula), characters XML cannot hold dropped; numbers stay numbers."""
    import json

    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str):
        if _XML_ILLEGAL.search(value):
            value = _XML_ILLEGAL.sub("", value)
        return neutralise(value)
    return value
