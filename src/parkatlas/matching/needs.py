"""A project's needs: parsed and checked from a dict, a JSON or YAML file, or CLI options.

Bad needs are refused with a `ParkatlasError` whose message names every wrong key, why it
is wrong, and what is accepted (negative area, min > max, unknown industry or region…).
Keys and examples are documented in docs/matching.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from parkatlas.errors import ParkatlasError
from parkatlas.matching import industry as ind
from parkatlas.vocab import terms

KINDS = terms.KINDS.codes
STATUSES = terms.STATUSES.codes
TENURES = ("lease", "sale")  # a need asks for one way of taking a site (a site may offer both)
# Province-level codes of GB/T 2260, for the shape check when the region table is absent.
PROVINCES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)


class Range(BaseModel):
    """A numeric need: bounds (inclusive) and, for area, the ideal value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    min: float | None = Field(default=None, ge=0)
    max: float | None = Field(default=None, ge=0)
    ideal: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min ({self.min:g}) is greater than max ({self.max:g})")
        if self.ideal is not None:
            if self.min is not None and self.ideal < self.min:
                raise ValueError(f"ideal ({self.ideal:g}) is below min ({self.min:g})")
            if self.max is not None and self.ideal > self.max:
                raise ValueError(f"ideal ({self.ideal:g}) is above max ({self.max:g})")
        return self


class Near(BaseModel):
    """A point to be near (port, airport, headquarters, supplier), WGS-84."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    radius_km: float = Field(default=50.0, gt=0)
    name: str | None = None
    required: bool = True  # False: distance only scores, never excludes


def _as_min(value: Any) -> Any:
    return (
        {"min": value} if isinstance(value, int | float) and not isinstance(value, bool) else value
    )


def _as_max(value: Any) -> Any:
    return (
        {"max": value} if isinstance(value, int | float) and not isinstance(value, bool) else value
    )


def _as_list(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [v.strip() for v in value.replace(",", ";").split(";") if v.strip()]
    return value


def _available() -> list[Literal["available", "reserved", "occupied"]]:
    """The default status of needs: available sites only."""
    return ["available"]


class Needs(BaseModel):
    """What a project needs of a site. Every key is optional; see docs/matching.md."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: list[Literal["land", "factory", "office", "lab", "warehouse"]] = Field(
        default_factory=list
    )
    status: list[Literal["available", "reserved", "occupied"]] = Field(default_factory=_available)
    area_m2: Range | None = None
    floor_load_kn_m2: Range | None = None
    clear_height_m: Range | None = None
    power_kva: Range | None = None
    rent_cny_m2_day: Range | None = None
    price_cny_m2: Range | None = None
    env_class: int | None = Field(default=None, ge=1, le=3)
    hazardous: bool = False
    tenure: Literal["lease", "sale"] | None = None
    regions: list[str] = Field(default_factory=list)
    parks: list[str] = Field(default_factory=list)
    preferred_regions: list[str] = Field(default_factory=list)
    preferred_parks: list[str] = Field(default_factory=list)
    industry: str | None = None
    industry_required: bool = False
    near: list[Near] = Field(default_factory=list)
    available_by: dt.date | None = None
    investment_wan: float | None = Field(default=None, ge=0)
    output_wan_year: float | None = Field(default=None, ge=0)
    tax_wan_year: float | None = Field(default=None, ge=0)
    jobs: int | None = Field(default=None, ge=0)
    weights: dict[str, float] | None = None
    profile: str = "parkatlas.score.v1"

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        data = dict(data)
        for one, many in (("region", "regions"), ("park", "parks")):
            if one in data:
                if many in data:
                    raise ValueError(f"give either {one!r} or {many!r}, not both")
                data[many] = data.pop(one)
        for key in ("floor_load_kn_m2", "clear_height_m", "power_kva", "area_m2"):
            if key in data:
                data[key] = _as_min(data[key])
        for key in ("rent_cny_m2_day", "price_cny_m2"):
            if key in data:
                data[key] = _as_max(data[key])
        for key in ("kind", "status", "regions", "parks", "preferred_regions", "preferred_parks"):
            if key in data:
                data[key] = _as_list(data[key])
        if isinstance(data.get("near"), Mapping):
            data["near"] = [data["near"]]
        if isinstance(data.get("industry"), int):
            data["industry"] = str(data["industry"])
        return data

    @field_validator("regions", "preferred_regions", mode="after")
    @classmethod
    def _region_codes(cls, value: list[str]) -> list[str]:
        return [str(v).strip() for v in value]

    @field_validator("status", mode="after")
    @classmethod
    def _some_status(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("status may not be empty: use available, reserved or occupied")
        return value

    @field_validator("industry", mode="after")
    @classmethod
    def _industry(cls, value: str | None) -> str | None:
        if value is None:
            return None
        code = value.strip().upper()
        if not ind.is_known(code):
            raise ValueError(
                f"unknown industry code {value!r}: give a GB/T 4754-2017 code — a section "
                "letter (C), a division (27), a group (271) or a class (2710)"
            )
        return code

    @field_validator("weights", mode="after")
    @classmethod
    def _weights(cls, value: dict[str, float] | None) -> dict[str, float] | None:
        if value is None:
            return None
        from parkatlas.matching.profiles import check_weights

        return check_weights(value)

    @model_validator(mode="after")
    def _checks(self) -> Needs:
        if self.area_m2 is not None and self.area_m2.max == 0:
            raise ValueError("area_m2.max must be above 0")
        return self

    def summary(self) -> dict[str, Any]:
        """The needs as a plain dict without defaults (for JSON output and explanations)."""
        return self.model_dump(mode="json", exclude_defaults=True)


@lru_cache(maxsize=1)
def _reference_regions() -> frozenset[str] | None:
    try:
        from parkatlas.reference.regions import load_regions
    except ModuleNotFoundError:
        return None
    return frozenset(r.code for r in load_regions())


def _region_code(text: str, within: str | None = None) -> str | None:
    """A region given by code or by name (嘉定区, 嘉定, Jiading District) → its code."""
    text = str(text).strip()
    if text.isdigit():
        return text
    try:
        from parkatlas.reference.regions import region_index
    except ImportError:  # pragma: no cover - the reference data ships with the package
        return None
    return region_index().resolve(text, within=within) if text else None


def _region_known(code: str, known: frozenset[str] | None = None) -> bool:
    """A code of the region reference (or of the atlas), or a prefix code (310100) with known
    divisions under it."""
    if not (code.isdigit() and len(code) in (6, 9, 12)):
        return False
    codes = _reference_regions()
    if codes is None:
        codes = frozenset()
        if code[:2] in PROVINCES and known is None:
            return True
    if known:
        codes = codes | known
    if code in codes:
        return True
    prefix = region_prefix(code)
    return prefix != code and any(c.startswith(prefix) for c in codes)


def _format_error(exc: ValidationError) -> str:
    parts = []
    for e in exc.errors():
        loc = ".".join(str(x) for x in e["loc"]) or "needs"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = f"unknown key; valid keys: {', '.join(Needs.model_fields)}"
        elif e["type"] in ("greater_than_equal", "greater_than") and loc.split(".")[0] in (
            "area_m2", "floor_load_kn_m2", "clear_height_m", "power_kva", "rent_cny_m2_day",
            "price_cny_m2", "investment_wan", "output_wan_year", "tax_wan_year", "jobs",
        ):  # fmt: skip
            msg = f"may not be negative (got {e.get('input')!r})"
        elif e["type"] == "literal_error":
            msg = f"{e.get('input')!r} is not accepted; {e['msg'].lower()}"
        parts.append(f"{loc}: {msg}")
    return "bad needs — " + "; ".join(parts)


def parse_needs(
    data: Needs | Mapping[str, Any],
    *,
    known_regions: frozenset[str] | None = None,
    known_parks: frozenset[str] | None = None,
    home_province: str | None = None,
    park_names: Mapping[str, str] | None = None,
) -> Needs:
    """Validate needs given as a dict (the needs-file form). Raises ParkatlasError on bad needs.

    Keys may be Chinese or English and values written as import reads them (类型: 厂房,
    承重: 1吨/㎡, 租金: 1.2元/㎡/天 …; see ``needs_words``). park_names: park name → id, so
    a park may be given by name (国际氢能谷) as well as by id.

    known_regions / known_parks: codes that exist in the atlas; without them region codes are
    checked against the shipped region reference and park ids are not checked.
    home_province: the 2-digit province most of the atlas's sites lie in; it decides between
    two regions of the same name (宝山区 is in Shanghai and in Heilongjiang).
    """
    if isinstance(data, Needs):
        needs = data
    else:
        if not isinstance(data, Mapping):
            raise ParkatlasError(
                f"bad needs — expected a mapping of keys to values, got {type(data).__name__}"
            )
        from parkatlas.matching.needs_words import normalise_needs

        try:
            needs = Needs.model_validate(normalise_needs(data))
        except ValidationError as exc:
            raise ParkatlasError(_format_error(exc)) from None
    bad = []
    resolved: dict[str, list[str]] = {}
    for key in ("regions", "preferred_regions"):
        codes = []
        for given in getattr(needs, key):
            code = _region_code(given, home_province)
            if code is None or not _region_known(code, known_regions):
                bad.append(
                    f"{key}: unknown region {given!r}: give a name (嘉定区, 嘉定, Jiading District) "
                    "or a 6-digit GB/T 2260 code (province 310000, city 320500, district 310115)"
                )
            else:
                codes.append(code)
        resolved[key] = codes
    if not bad and any(resolved[k] != list(getattr(needs, k)) for k in resolved):
        needs = needs.model_copy(update=resolved)
    parks: dict[str, list[str]] = {}
    for key in ("parks", "preferred_parks"):
        ids = []
        for park in getattr(needs, key):
            found = park_id(park, known_parks, park_names)
            if found is None:
                bad.append(
                    f"{key}: unknown park {park!r}: the atlas has no park with that id or name"
                    + _park_hint(park, park_names)
                )
            else:
                ids.append(found)
        parks[key] = ids
    if not bad and any(parks[k] != list(getattr(needs, k)) for k in parks):
        needs = needs.model_copy(update=parks)
    if bad:
        raise ParkatlasError("bad needs — " + "; ".join(bad))
    return needs


def park_id(
    given: str, known: frozenset[str] | None, names: Mapping[str, str] | None
) -> str | None:
    """A park given by id or by name (exact, then the one park whose name contains it) → its
    id; None when unknown or ambiguous. Without ``known`` ids, any id is taken as given."""
    text = str(given).strip()
    if known is None or text in known:
        return text
    if not names:
        return None
    if text in names:
        return names[text]
    hits = {pid for name, pid in names.items() if text and text in name}
    return hits.pop() if len(hits) == 1 else None


def _park_hint(given: str, names: Mapping[str, str] | None) -> str:
    if not names:
        return ""
    import difflib

    close = difflib.get_close_matches(str(given), list(names), n=3, cutoff=0.4)
    return f" (closest: {', '.join(close)})" if close else ""


def load_needs_file(path: str | Path) -> dict[str, Any]:
    """Read a needs file (.json, .yaml or .yml) into a dict (not yet validated)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParkatlasError(f"needs file {p} not found: check the path") from None
    try:
        if p.suffix.lower() in (".yaml", ".yml"):
            import yaml

            data = yaml.safe_load(text)
        else:
            data = json.loads(text)
    except Exception as exc:
        raise ParkatlasError(
            f"needs file {p} cannot be read as {'YAML' if p.suffix.lower() in ('.yaml', '.yml') else 'JSON'}: {exc}"
        ) from None
    if not isinstance(data, dict):
        raise ParkatlasError(f"needs file {p} must hold a mapping of keys to values")
    return data


def needs_from_project(row: Mapping[str, Any]) -> dict[str, Any]:
    """The needs of a stored project: its `needs` JSON, completed by the project's own columns
    (industry from `industries`, investment, output, tax and jobs) where the JSON is silent."""
    raw = row.get("needs") or {}
    if isinstance(raw, str):
        raw = json.loads(raw)
    data = dict(raw)
    inds = row.get("industries")
    if "industry" not in data and inds:
        first = str(inds).replace(",", ";").split(";")[0].strip()
        if first:
            data["industry"] = first
    for key in ("investment_wan", "output_wan_year", "tax_wan_year", "jobs"):
        if key not in data and row.get(key) is not None:
            data[key] = row[key]
    return data


def region_prefix(code: str) -> str:
    """The significant digits of a region code: 310000 → 31, 320500 → 3205, 310115 → 310115."""
    from parkatlas.reference.regions import code_prefix

    return code_prefix(code)
