"""Scoring profiles (named, versioned weights) and the land-efficiency standards by region.

A profile's name is stored with every match result, so an old result stays explainable after
the defaults change (STYLE.md practice 10). Weights are relative: they are rescaled over the
factors a query activates, so the score is always out of 100.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.vocab.quantities import MU_M2 as MU_M2  # the one 亩 (10000/15 m²)

FACTORS = ("area", "cost", "industry", "location", "efficiency")

FACTOR_LABELS = {
    "area": "面积 Area",
    "cost": "成本 Cost",
    "industry": "产业 Industry",
    "location": "区位 Location",
    "efficiency": "亩均 Efficiency",
}


@dataclass(frozen=True)
class Profile:
    name: str
    weights: Mapping[str, float]
    note: str = ""


# The default profile: area and cost decide most leases, industry fit next (parks are judged
# on their positioning), then location, then land efficiency (a flag more than a ranking).
PROFILES: dict[str, Profile] = {
    "parkatlas.score.v1": Profile(
        name="parkatlas.score.v1",
        weights={
            "area": 0.30,
            "cost": 0.25,
            "industry": 0.20,
            "location": 0.15,
            "efficiency": 0.10,
        },
        note="default profile",
    ),
}
DEFAULT_PROFILE = "parkatlas.score.v1"


def get_profile(name: str) -> Profile:
    """The registered profile of that name; an unknown name lists the available ones."""
    try:
        return PROFILES[name]
    except KeyError:
        raise ParkatlasError(
            f"unknown scoring profile {name!r}: available: {', '.join(sorted(PROFILES))}"
        ) from None


def check_weights(weights: Mapping[str, Any]) -> dict[str, float]:
    """Validate user weights (factor → non-negative number, not all zero)."""
    out: dict[str, float] = {}
    for name, value in weights.items():
        if name not in FACTORS:
            raise ValueError(f"unknown factor {name!r} in weights: use {', '.join(FACTORS)}")
        try:
            w = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"weight of {name!r} must be a number, got {value!r}") from None
        if not w >= 0:
            raise ValueError(f"weight of {name!r} may not be negative (got {value!r})")
        out[name] = w
    if out and not any(out.values()):
        raise ValueError("weights may not all be zero")
    return out


def parse_weights(text: str) -> dict[str, float]:
    """`area=0.4,cost=0.2` → {"area": 0.4, "cost": 0.2} (CLI form)."""
    pairs: dict[str, Any] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ParkatlasError(
                f"--weights: {part.strip()!r} is not NAME=NUMBER; e.g. --weights area=0.4,cost=0.2 "
                f"(factors: {', '.join(FACTORS)})"
            )
        name, value = part.split("=", 1)
        pairs[name.strip()] = value.strip()
    try:
        return check_weights(pairs)
    except ValueError as exc:
        raise ParkatlasError(f"--weights: {exc}") from None


def effective_weights(
    profile: str, user: Mapping[str, float] | None, active: set[str] | frozenset[str]
) -> dict[str, float]:
    """Profile weights overridden by the user's, kept for the active factors, summing to 1
    (or all zero when no active factor has weight)."""
    base = dict(get_profile(profile).weights)
    if user:
        base.update(user)
    kept = {f: base.get(f, 0.0) for f in FACTORS if f in active}
    total = sum(kept.values())
    if total <= 0:
        return {f: 0.0 for f in kept}
    return {f: w / total for f, w in kept.items()}


# ---- land-efficiency standards (亩均) ----------------------------------------------------


INDICATORS = {
    # indicator key in sites.indicators → (project field, label)
    "invest_intensity_wan_mu": ("investment_wan", "投资强度 investment intensity (万元/亩)"),
    "tax_wan_mu": ("tax_wan_year", "亩均税收 tax per mu (万元/亩/年)"),
    "output_wan_mu": ("output_wan_year", "亩均产值 output per mu (万元/亩/年)"),
}


@dataclass(frozen=True)
class LandStandard:
    """Thresholds a project's per-mu figures are held to where a site has no indicators."""

    name: str
    thresholds: Mapping[str, float]
    source: str
    status: str = "[E]"
    regions: tuple[str, ...] = field(default=())


# Figures only from ../shared/domain.md §1.3, with their status tag; [E] means one locality's
# rule used as a default, configurable per region (Matcher(land_standards=…)).
LAND_STANDARDS: dict[str, LandStandard] = {
    "county-template": LandStandard(
        name="county-template",
        thresholds={"invest_intensity_wan_mu": 300.0, "tax_wan_mu": 30.0},
        source="domain.md §1.3: a county development zone 入园项目管理办法 (biganzizhijia)",
    ),
    "beihai-2023": LandStandard(
        name="beihai-2023",
        thresholds={"invest_intensity_wan_mu": 250.0, "output_wan_mu": 400.0, "tax_wan_mu": 20.0},
        source="domain.md §1.3: Beihai 铁山港(临海)工业区 land notice 2023GC07007 (cnestate)",
    ),
}
# region code prefix → standard name; "*" is everywhere else.
DEFAULT_REGION_STANDARDS: dict[str, str] = {"*": "county-template"}


def standard_for_region(
    region: str | None, table: Mapping[str, str] | None = None
) -> LandStandard | None:
    """The standard for a region: the longest matching code prefix in the table, else "*"."""
    table = DEFAULT_REGION_STANDARDS if table is None else table
    best: str | None = None
    if region:
        for prefix in table:
            if (
                prefix != "*"
                and region.startswith(prefix)
                and (best is None or len(prefix) > len(best))
            ):
                best = prefix
    name = table.get(best) if best is not None else table.get("*")
    if name is None:
        return None
    try:
        return LAND_STANDARDS[name]
    except KeyError:
        raise ParkatlasError(
            f"unknown land standard {name!r}: available: {', '.join(sorted(LAND_STANDARDS))}"
        ) from None
