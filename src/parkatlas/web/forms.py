"""Reading form and filter fields with the vocabulary's readers (`parkatlas.vocab`), so a form
takes the words a sheet takes: 5000平米, 20亩, 1.2元/㎡/天, 1吨/㎡, 8米, 2×1250KVA, 厂房, 可租.

A field that cannot be read keeps the reader's own reason, in the page's language (it says
what was read and what fits), and is shown beside the form; nothing is half-applied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from parkatlas import vocab
from parkatlas.io.fields import parse_money_wan
from parkatlas.vocab import Reading, Unreadable

Reader = Callable[[object], "Reading[Any] | Unreadable"]

READERS: dict[str, Reader] = {
    "area": vocab.read_area,
    "rent": vocab.read_rent,
    "price": vocab.read_price,
    "load": vocab.read_load,
    "height": vocab.read_height,
    "power": vocab.read_power,
    "number": vocab.read_number,
    "kind": vocab.read_kind,
    "status": vocab.read_status,
    "tenure": vocab.read_tenure,
    "stage": vocab.read_stage,
    "date": vocab.read_date,
}


@dataclass
class Parsed:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)


def text(form: Mapping[str, Any], name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def read(form: Mapping[str, Any], spec: Mapping[str, str], lang: str = "zh") -> Parsed:
    """``spec`` maps a field name to a reader of :data:`READERS`, ``money`` (万元, the import's
    reader: 5000万元, 3.2亿元), ``bool`` or ``text``; empty
    fields and cells that state no value (不限, 面议 …) are left out of ``values``."""
    out = Parsed()
    for name, how in spec.items():
        raw = text(form, name, 2000 if how == "text" else 200)
        out.raw[name] = raw
        if not raw:
            continue
        if how == "bool":
            out.values[name] = raw in ("1", "true", "yes", "on")
        elif how == "text":
            out.values[name] = raw
        elif how == "money":
            try:
                out.values[name] = parse_money_wan(raw)
            except ValueError as exc:
                out.errors[name] = str(exc)
        else:
            reading = READERS[how](raw)
            if isinstance(reading, Unreadable):
                out.errors[name] = reading.message(lang)
            elif reading.value is not None:
                out.values[name] = reading.value
    return out


def one(reader: str, raw: str, lang: str = "zh") -> Any:
    """One value read with a vocabulary reader; ValueError with the reason in ``lang``."""
    reading = READERS[reader](raw)
    if isinstance(reading, Unreadable):
        raise ValueError(reading.message(lang))
    return reading.value
