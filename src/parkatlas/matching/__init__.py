"""Precise matching (精准匹配): sites for a project and projects for a site, every score
explained. The public surface: `Matcher`, `parse_needs`, `Needs`, the result types."""

from parkatlas.matching.constraints import Failure
from parkatlas.matching.engine import Matcher
from parkatlas.matching.explain import Match, NearMiss, ProjectMatch, WhyNot, explaining
from parkatlas.matching.needs import Needs, load_needs_file, parse_needs
from parkatlas.matching.profiles import FACTORS, PROFILES, parse_weights
from parkatlas.matching.render import render_failure, render_flag
from parkatlas.matching.request import (
    MatchOutcome,
    match_sites,
    merge_needs,
    near_miss_count,
    needs_from_options,
    why_not_site,
)

__all__ = [
    "FACTORS", "PROFILES", "Failure", "Match", "MatchOutcome", "Matcher", "NearMiss", "Needs",
    "ProjectMatch", "WhyNot", "explaining", "load_needs_file", "match_sites", "merge_needs",
    "near_miss_count", "needs_from_options", "parse_needs", "parse_weights", "render_failure",
    "render_flag", "why_not_site",
]  # fmt: skip
