"""One match request, as the CLI, the HTTP API and the demo make it: a stored project, a needs
mapping (Chinese or English keys, written values) and option overrides → validated needs →
ranked sites, near misses when there are too few, or why a site is absent.

The rules live here, not in a command module: how stored needs and options merge
(:func:`merge_needs`), when near misses are shown (:func:`near_miss_count`), and how
``match`` options become needs (:func:`needs_from_options`). Pure apart from the matcher given.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.matching.explain import Match, NearMiss, WhyNot
from parkatlas.matching.needs import Needs, needs_from_project
from parkatlas.matching.needs_words import QUANTITIES, normalise_needs

__all__ = [
    "MatchOutcome", "match_sites", "merge_needs", "near_miss_count", "needs_from_options",
    "request_needs", "why_not_site",
]  # fmt: skip


def _near(text: str) -> dict[str, Any]:
    parts = [p.strip() for p in text.split(",")]
    try:
        lat, lon = float(parts[0]), float(parts[1])
        out: dict[str, Any] = {"lat": lat, "lon": lon}
        if len(parts) > 2 and parts[2]:
            out["radius_km"] = float(parts[2])
        if len(parts) > 3 and parts[3]:
            out["name"] = parts[3]
    except (ValueError, IndexError):
        raise ParkatlasError(
            f"--near {text!r}: give LAT,LON[,RADIUS_KM[,NAME]], e.g. --near 31.35,121.50,60,port"
        ) from None
    return out


_MIN_OPTIONS = (
    ("floor_load_min", "floor_load_kn_m2"), ("clear_height_min", "clear_height_m"),
    ("height_min", "clear_height_m"), ("power_min", "power_kva"),
)  # fmt: skip
_MAX_OPTIONS = (("rent_max", "rent_cny_m2_day"), ("price_max", "price_cny_m2"))
_PLAIN_OPTIONS = (
    "env_class", "tenure", "industry", "investment_wan", "tax_wan_year", "output_wan_year",
    "available_by",
)  # fmt: skip


def needs_from_options(**opts: Any) -> dict[str, Any]:
    """The needs dict from ``parkatlas match`` options (only those given). Values may be
    written with units (``floor_load_min="1吨/㎡"``, ``rent_max="45元/㎡/月"``), kinds and
    parks by name; :func:`request_needs` reads them."""
    d: dict[str, Any] = {}
    if opts.get("kind"):
        d["kind"] = list(opts["kind"])
    area = {
        k: opts[f"area_{k}"] for k in ("min", "max", "ideal") if opts.get(f"area_{k}") is not None
    }
    if area:
        d["area_m2"] = area
    for opt, key in _MIN_OPTIONS:
        if opts.get(opt) is not None:
            d[key] = {"min": opts[opt]}
    for opt, key in _MAX_OPTIONS:
        if opts.get(opt) is not None:
            d[key] = {"max": opts[opt]}
    for key in _PLAIN_OPTIONS:
        if opts.get(key) is not None:
            d[key] = opts[key]
    if opts.get("hazardous"):
        d["hazardous"] = True
    for opt, key in (("region", "regions"), ("park", "parks"), ("status", "status")):
        if opts.get(opt):
            d[key] = list(opts[opt])
    if opts.get("near"):
        d["near"] = [_near(t) for t in opts["near"]]
    return d


def merge_needs(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Needs ``base`` (a stored project's, or a file's) with ``override`` (options) on top, both
    in any accepted key language. A range key merges bound by bound: stored area 5000–20000 with
    ``--area-min 8000`` is 8000–20000; any other key is replaced whole."""
    merged = normalise_needs(base)
    for key, value in normalise_needs(override).items():
        old = merged.get(key)
        if key in QUANTITIES and isinstance(old, Mapping) and isinstance(value, Mapping):
            merged[key] = {**old, **value}
        else:
            merged[key] = value
    return merged


def near_miss_count(found: int, top: int, asked: int) -> int:
    """How many near misses to show: ``asked`` when fewer than ``top`` sites meet every
    constraint (the client should hear what almost fits), else none."""
    return asked if asked > 0 and found < top else 0


def request_needs(
    matcher: Any,
    *,
    project: str | None = None,
    needs: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The needs of one request: a stored project's needs (completed by its own columns) or a
    needs mapping, with options on top. Raises ParkatlasError when both or neither is given."""
    if project is not None and needs is not None:
        raise ParkatlasError("give one of a project or needs, not both")
    base: Mapping[str, Any] = {}
    if project is not None:
        base = needs_from_project(matcher.project_by_id(project))
    elif needs is not None:
        base = needs
    if project is None and not base and not options:
        raise ParkatlasError(
            "nothing to match: give --project ID, --needs FILE, --site ID or need options "
            "such as --kind 厂房 --area-min 5000 (see parkatlas match --help)"
        )
    return merge_needs(base, options or {})


@dataclass
class MatchOutcome:
    """What one request returns: the needs as understood, the ranked sites, near misses."""

    needs: Needs
    results: list[Match]
    near_misses: list[NearMiss] = field(default_factory=list)
    sites: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "needs": self.needs.summary(),
            "results": [r.as_dict() for r in self.results],
            "near_misses": [m.as_dict() for m in self.near_misses],
        }


def match_sites(
    matcher: Any,
    *,
    project: str | None = None,
    needs: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    top: int = 20,
    weights: Mapping[str, float] | None = None,
    near_misses: int = 5,
) -> MatchOutcome:
    """Sites for a project or needs, best first; near misses when fewer than ``top`` fit.
    The CLI (``parkatlas match``), the API (``POST /api/v1/match``) and the demo call this."""
    data = request_needs(matcher, project=project, needs=needs, options=options)
    validated = matcher.needs(data, weights)
    results = matcher.top(validated, k=top)
    count = near_miss_count(len(results), top, near_misses)
    misses = matcher.near_misses(validated, k=count) if count else []
    return MatchOutcome(validated, results, misses, len(matcher))


def why_not_site(
    matcher: Any,
    site_id: str,
    *,
    project: str | None = None,
    needs: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    weights: Mapping[str, float] | None = None,
) -> WhyNot:
    """Why a site is not among the results of a request (every failed constraint, as data)."""
    data = request_needs(matcher, project=project, needs=needs, options=options)
    result: WhyNot = matcher.why_not(data, site_id, weights=weights)
    return result
