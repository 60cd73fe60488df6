"""Storing a read-and-extracted document and its facts: one transaction per document.

Contract: reads a `PreparedDocument` (text, metadata and fact rows, already extracted) and
writes the `documents` and `facts` tables. A document's id is the SHA-256 of its normalized
text, so the same text is stored once; a document stored by another extractor version is
re-extracted (its facts replaced). Never prints; the caller owns the engine.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError

from parkatlas.db import session_scope
from parkatlas.models import Document, Fact, Signing

STORED = "stored"
UNCHANGED = "unchanged"
REEXTRACTED = "re-extracted"

# Column widths of the facts and documents tables (models.py): longer strings are clipped so
# PostgreSQL accepts what SQLite would.
_FACT_WIDTHS = {
    "quote": 300,
    "kind": 10,
    "unit": 8,
    "metric": 24,
    "measure": 10,
    "status": 8,
    "region": 80,
    "region_code": 12,
    "qualifier": 8,
    "span_start": 7,
    "span_end": 7,
    "sub_metric": 32,
    "project": 200,
}
_SIGNING_WIDTHS = {
    "project": 200,
    "enterprise": 200,
    "place": 80,
    "place_code": 12,
    "currency": 8,
    "quote": 500,
}
SIGNING_FIELDS = (
    "project",
    "enterprise",
    "place",
    "place_code",
    "amount",
    "currency",
    "count",
    "signed_on",
    "quote",
    "start",
    "end",
)
FACT_FIELDS = (
    "quote",
    "start",
    "end",
    "kind",
    "value",
    "unit",
    "metric",
    "measure",
    "status",
    "region",
    "region_code",
    "period",
    "qualifier",
    "span_start",
    "span_end",
    "sub_metric",
    "project",
    "context_start",
    "context_end",
)


def normalize_for_hash(text: str) -> str:
    """NFC, every run of whitespace collapsed to one space, stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def document_id(text: str) -> str:
    """The document's key: SHA-256 (hex) of its normalized text."""
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


@dataclass
class PreparedDocument:
    """A document read and extracted, ready to store (picklable: crosses process boundaries)."""

    id: str
    source: str
    text: str
    title: str | None
    lang: str | None
    published: dt.date | None
    encoding: str
    kind: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    notes: tuple[str, ...] = ()
    signings: list[dict[str, Any]] = field(default_factory=list)


def _clip(value: Any, width: int | None) -> Any:
    if width is not None and isinstance(value, str) and len(value) > width:
        return value[:width]
    return value


def fact_row(record: Any) -> dict[str, Any] | None:
    """A FactRecord (or a dict with its fields) as a facts row; None if it has no value."""
    get: Callable[[str], Any] = (
        record.get if isinstance(record, dict) else lambda k: getattr(record, k, None)
    )
    row = {name: _clip(get(name), _FACT_WIDTHS.get(name)) for name in FACT_FIELDS}
    if row["value"] is None or row["quote"] is None or row["kind"] is None:
        return None
    row["value"] = float(row["value"])
    if row["period"] is not None:
        row["period"] = int(row["period"])
    row["start"] = int(row["start"] or 0)
    row["end"] = int(row["end"] or 0)
    row["unit"] = row["unit"] or ""
    return row


def signing_row(record: Any) -> dict[str, Any]:
    """A SigningRecord as a signings row (strings clipped to their columns)."""
    return {
        name: _clip(getattr(record, name, None), _SIGNING_WIDTHS.get(name))
        for name in SIGNING_FIELDS
    }


def store_document(engine: Engine, doc: PreparedDocument, *, extractor: str) -> str:
    """Write one document and its facts in one transaction; return the outcome.

    `stored` (new text), `unchanged` (same text, same extractor: nothing written) or
    `re-extracted` (same text stored by another extractor: its facts are replaced).
    """
    try:
        return _store(engine, doc, extractor=extractor)
    except IntegrityError:
        # Another ingest stored the same text between our check and our insert.
        return _store(engine, doc, extractor=extractor)


def _store(engine: Engine, doc: PreparedDocument, *, extractor: str) -> str:
    with session_scope(engine) as session:
        existing = session.get(Document, doc.id)
        if existing is not None and existing.extractor == extractor:
            return UNCHANGED
        if existing is not None:
            session.execute(delete(Fact).where(Fact.document_id == doc.id))
            # decided signings (accepted, dismissed) are kept: a re-extraction never undoes
            # an officer's decision
            session.execute(
                delete(Signing).where(Signing.document_id == doc.id, Signing.status == "new")
            )
            existing.extractor = extractor
            existing.lang = _clip(doc.lang, 8)
            existing.published = existing.published or doc.published
            existing.ingested_at = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            outcome = REEXTRACTED
        else:
            session.add(
                Document(
                    id=doc.id,
                    source=_clip(doc.source, 500),
                    title=_clip(doc.title, 500),
                    lang=_clip(doc.lang, 8),
                    published=doc.published,
                    text=doc.text,
                    extractor=extractor,
                )
            )
            session.flush()
            outcome = STORED
        rows = [dict(row, document_id=doc.id) for row in doc.facts]
        if rows:
            session.execute(Fact.__table__.insert(), rows)
        signings = [dict(row, document_id=doc.id, status="new") for row in doc.signings]
        if existing is not None and signings:
            decided = {
                (r.project, r.count, r.amount)
                for r in session.scalars(select(Signing).where(Signing.document_id == doc.id))
            }
            signings = [
                r for r in signings if (r["project"], r["count"], r["amount"]) not in decided
            ]
        if signings:
            session.execute(Signing.__table__.insert(), signings)
        return outcome
