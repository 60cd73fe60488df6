"""Reading form and filter fields with the import's parsers, so a form takes the words a sheet
takes: 5000平米, 20亩, 1.2元/㎡/天, 1吨/㎡, 8米, 2×1250KVA, 嘉定, 厂房.

A field that cannot be read is collected with the parser's own message (which says what was
read and what is expected) and shown beside the form; nothing is half-applied.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from parkatlas import units
from parkatlas.io.fields import KIND_WORDS, STATUS_WORDS

SITE_STATUSES = ("available", "reserved", "occupied")

Parser = Callable[[object], float | None]

PARSERS: dict[str, Parser] = {
    "area": units.parse_area_m2,
    "rent": units.parse_rent_cny_m2_day,
    "price": units.parse_price_cny_m2,
    "load": units.parse_floor_load_kn_m2,
    "height": units.parse_height_m,
    "power": units.parse_power_kva,
    "number": units.parse_number,
}


@dataclass
class Parsed:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)


def text(form: Mapping[str, Any], name: str, limit: int = 200) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def read(form: Mapping[str, Any], spec: Mapping[str, str]) -> Parsed:
    """``spec`` maps a field name to a parser name of :data:`PARSERS`, ``kind``, ``status``,
    ``bool`` or ``text``; empty fields are left out of ``values``."""
    out = Parsed()
    for name, how in spec.items():
        raw = text(form, name)
        out.raw[name] = raw
        if not raw:
            continue
        try:
            if how == "kind":
                out.values[name] = site_kind(raw)
            elif how == "status":
                out.values[name] = site_status(raw)
            elif how == "bool":
                out.values[name] = raw in ("1", "true", "yes", "on")
            elif how == "text":
                out.values[name] = raw
            else:
                out.values[name] = PARSERS[how](raw)
        except ValueError as exc:
            out.errors[name] = str(exc)
    return out


def site_kind(raw: str) -> str:
    """厂房 / 标准厂房 / factory → ``factory``: the import's own word list."""
    kind = KIND_WORDS.get(raw.strip().lower())
    if kind is None:
        raise ValueError(f"site kind {raw!r} is not known: use 土地, 厂房, 写字楼, 研发楼 or 仓库")
    return kind


def site_status(raw: str) -> str:
    """可租 / 已预订 / occupied → the stored status, with the import's word list."""
    status = STATUS_WORDS.get(raw.strip().lower())
    if status is None:
        raise ValueError(f"site status {raw!r} is not known: use 可租, 已预订 or 已入驻")
    return status
