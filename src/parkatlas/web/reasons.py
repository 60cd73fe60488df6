"""The import report's row reasons and the matching's near misses, in the page's language.

The import core (`io.validate`) states each refused row's reason in English (the CLI's and
the API's text). The page renders it in Chinese without guessing:

* a cell a `parkatlas.vocab` reader could not read: the cell is read again by the readers,
  and the one whose English message is exactly the reason gives its Chinese one (the
  readers hold both, `vocab.Unreadable`);
* the core's own sentences (a required value, a duplicate id, a figure out of bounds, an
  unknown region, a coordinate out of range, a missing column) by the patterns below, each
  with its text in ``messages.yaml`` (``reason.*``);
* anything else stays in English (``ReasonText.lang`` says so, for the page's ``lang``).

Near misses and why-not lines come from `matching.render.render_failure`, which renders the
engine's data (code, need, the site's value, unit) in either language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from parkatlas import vocab
from parkatlas.matching.constraints import Failure
from parkatlas.matching.render import render_failure
from parkatlas.vocab import Unreadable
from parkatlas.web.i18n import Translator

LEFT_EMPTY = "(would be left empty) "

_READERS: tuple[Callable[[object], Any], ...] = (
    vocab.read_area, vocab.read_rent, vocab.read_price, vocab.read_load, vocab.read_height,
    vocab.read_power, vocab.read_number, vocab.read_kind, vocab.read_status, vocab.read_tenure,
    vocab.read_stage, vocab.read_date, vocab.read_land_use, vocab.read_env_class, vocab.read_industries,
)  # fmt: skip

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<field>\w+) \((?P<label>[^)]+)\) is required$"), "reason.required"),
    (re.compile(r"^duplicate id: the same id is already on row (?P<row>\d+)$"), "reason.duplicate_id"),
    (re.compile(r"^duplicate key \(name with park or district\): .* already on row (?P<row>\d+)$"),
     "reason.duplicate_key"),
    (re.compile(r"^(?P<value>\S+) is not a plausible (?P<field>\w+): allowed (?P<range>.+)$"), "reason.bounds"),
    (re.compile(r"^unknown region '(?P<value>.*)': .*$"), "reason.unknown_region"),
    (re.compile(r"^latitude (?P<value>\S+) is outside −90…90.*$"), "reason.latitude"),
    (re.compile(r"^longitude (?P<value>\S+) is outside −180…180.*$"), "reason.longitude"),
    (re.compile(r"^missing required column\(s\): (?P<columns>.+)$"), "reason.missing_columns"),
    (re.compile(r"^is (?P<length>[\d,]+) characters long; the (?P<field>\w+) column holds at most (?P<limit>\d+)$"),
     "reason.too_long"),
)  # fmt: skip


@dataclass(frozen=True)
class ReasonText:
    text: str
    lang: str  # the language the text is in (an unknown reason stays English)


@functools.cache
def _field_labels() -> dict[str, str]:
    from parkatlas.io.fields import ENTITIES

    return {f.name: f.label_zh for fields in ENTITIES.values() for f in fields if f.label_zh}


def _reread(value: str, reason: str) -> str | None:
    """The Chinese of a reader's refusal, by reading the cell again."""
    for reader in _READERS:
        try:
            got = reader(value)
        except Exception:  # a reader that does not take this value: not the one
            continue
        if isinstance(got, Unreadable) and got.en == reason:
            return got.zh
    return None


def import_reason(reason: str, value: str, lang: str) -> ReasonText:
    """One row reason of an import report in ``lang``."""
    if lang == "en":
        return ReasonText(reason, "en")
    t = Translator(lang)
    prefix = ""
    if reason.startswith(LEFT_EMPTY):
        reason, prefix = reason[len(LEFT_EMPTY):], t("reason.left_empty")
    zh = _reread(value, reason) if value else None
    if zh is None:
        for pattern, key in _PATTERNS:
            m = pattern.match(reason)
            if m:
                found = m.groupdict()
                if "field" in found:
                    found["field"] = _field_labels().get(found["field"], found["field"])
                if "range" in found:
                    found["range"] = found["range"].replace("above ", "大于 ")
                zh = t(key, **found)
                break
    if zh is None:
        return ReasonText(prefix + reason, "en")
    return ReasonText(prefix + zh, lang)


_NEWS: tuple[tuple[str, str], ...] = (
    ("empty file", "news.empty"),
    ("binary file", "news.binary"),
    ("not a PDF file", "news.not_pdf"),
    ("the page has no text", "news.no_text"),
    ("cannot decode the bytes", "news.undecodable"),
    ("file is ", "news.too_big"),
    ("larger than ", "news.too_big"),
    ("not a news file type", "news.bad_type"),
    ("the PDF is AES-encrypted", "news.encrypted"),
    ("the extractor failed", "news.extractor"),
)


def news_reason(reason: str, lang: str) -> ReasonText:
    """Why a news file was refused (the intel reader's English), in ``lang`` when known."""
    if lang != "en":
        for start, key in _NEWS:
            if reason.startswith(start):
                return ReasonText(Translator(lang)(key), lang)
    return ReasonText(reason, "en")


def failure_line(failure: Any, lang: str) -> str:
    """A near miss or a why-not line (`workspace.matching.FailureOut`) in ``lang``."""
    data: dict[str, Any] = failure.model_dump() if hasattr(failure, "model_dump") else dict(failure)
    fields: dict[str, Any] = {k: data[k] for k in Failure.__dataclass_fields__ if k in data}
    return render_failure(Failure(**fields), lang)


def failure_label(label: str, lang: str) -> str:
    """"楼面荷载 floor load" → 楼面荷载 (zh) or floor load (en)."""
    zh, _, en = label.partition(" ")
    return (zh if lang == "zh" else en) or label
