"""The fact record of the extractor and its gold-jsonl form (see the shared guidelines)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXTRACTOR_NAME", "FactRecord", "GOLD_FIELDS", "KINDS", "MEASURES", "STATUSES"]

EXTRACTOR_NAME = "parkatlas.facts.v6"

GOLD_FIELDS = (
    "doc",
    "quote",
    "kind",
    "value",
    "unit",
    "metric",
    "measure",
    "status",
    "region",
    "period",
    "qualifier",
)
KINDS = ("money", "percent", "area", "count")
MEASURES = ("level", "growth", "share")
STATUSES = ("actual", "target")


@dataclass
class FactRecord:
    """One economic fact: ``text[start:end] == quote`` in the document it came from."""

    quote: str
    start: int
    end: int
    kind: str
    value: float
    unit: str
    metric: str | None
    measure: str | None
    status: str | None
    region: str | None
    period: int | None
    qualifier: str | None
    region_code: str | None = None
    # beyond the guidelines (issue 13 §2): the months the text states (前三季度 → 2026-01 …
    # 2026-09), the analyst's sub-metric, the single project the figure belongs to, and the
    # sentence it came from (offsets into the document)
    span_start: str | None = None
    span_end: str | None = None
    sub_metric: str | None = None
    project: str | None = None
    context_start: int | None = None
    context_end: int | None = None

    def to_gold(self, doc: str) -> dict[str, object]:
        """The fact as one line of the gold format, fields in the guidelines' order."""
        value: float | int = self.value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return {
            "doc": doc,
            "quote": self.quote,
            "kind": self.kind,
            "value": value,
            "unit": self.unit,
            "metric": self.metric,
            "measure": self.measure,
            "status": self.status,
            "region": self.region,
            "period": self.period,
            "qualifier": self.qualifier,
        }
