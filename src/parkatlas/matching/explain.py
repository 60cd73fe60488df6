"""What matching returns, in words an officer can repeat to a client, and the debug log.

Results carry each factor's value and contribution (contributions add up to the score), the
figures behind them, land-efficiency flags, and the name of the scoring profile used.
The explain log (STYLE.md practice 16) is context-local and does nothing unless switched on
with `explaining()`; the CLI's --explain renders it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from typing import Any

from parkatlas.matching.constraints import Failure
from parkatlas.matching.profiles import FACTOR_LABELS


@dataclass
class Match:
    """One site for a project, best first."""

    rank: int
    site_id: str
    score: float
    contributions: dict[str, float]  # factor → points; they add up to score
    values: dict[str, float]  # factor → value 0–1
    weights: dict[str, float]  # factor → weight used (sum 1)
    details: dict[str, Any] = field(default_factory=dict)  # figures behind the values
    flags: list[str] = field(default_factory=list)  # land-efficiency shortfalls, with numbers
    profile: str = "parkatlas.score.v1"
    flag_data: list[dict[str, Any]] = field(default_factory=list)  # the flags as data (render.py)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def reasons(self) -> list[str]:
        """One line per factor: value × weight = points, and what the value came from."""
        lines = []
        for f, c in self.contributions.items():
            why = self.details.get(f, "")
            lines.append(
                f"{FACTOR_LABELS[f]}: {self.values[f]:.2f} × {self.weights[f]:.0%} = {c:.1f}"
                + (f" — {why}" if why else "")
            )
        return lines + [f"⚑ {flag}" for flag in self.flags]


@dataclass
class WhyNot:
    """Why a site is not among the results: every failed constraint, with the numbers."""

    site_id: str
    found: bool
    failures: list[Failure]
    score: float | None = None  # when it passes every constraint
    rank: int | None = None  # its rank among all sites that pass

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["failures"] = [f.as_dict() for f in self.failures]
        return d

    def reasons(self) -> list[str]:
        if not self.found:
            return [f"site {self.site_id} is not in the atlas"]
        if not self.failures:
            return [
                f"site {self.site_id} meets every constraint; score {self.score:.1f}, rank {self.rank}"
            ]
        return [f.message for f in self.failures]


@dataclass
class NearMiss:
    """A site that fails exactly one constraint, and by how much."""

    site_id: str
    failure: Failure
    score: float
    contributions: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        return {
            "site_id": self.site_id, "failure": self.failure.as_dict(),
            "score": self.score, "contributions": self.contributions,
        }  # fmt: skip


@dataclass
class ProjectMatch:
    """A project for a site (the other direction)."""

    rank: int
    project_id: str
    name: str
    score: float
    contributions: dict[str, float]
    flags: list[str] = field(default_factory=list)
    enterprise: str | None = None  # the enterprise's name (or id when it has none)
    stage: str | None = None  # the project's stage code (lead, negotiating …)
    owner_unit: str | None = None  # the 招商单位 that owns the lead
    industry: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# ---- the explain log -------------------------------------------------------------------


class ExplainLog:
    """Collects sections of (title, rows) while matching; the default one does nothing."""

    enabled = True

    def __init__(self) -> None:
        self.sections: list[tuple[str, list[dict[str, Any]]]] = []

    def section(self, title: str, rows: list[dict[str, Any]]) -> None:
        self.sections.append((title, rows))


class _NullLog(ExplainLog):
    enabled = False

    def section(self, title: str, rows: list[dict[str, Any]]) -> None:  # noqa: ARG002
        return None


_NULL = _NullLog()
_LOG: ContextVar[ExplainLog] = ContextVar("parkatlas_match_log", default=_NULL)


def log() -> ExplainLog:
    return _LOG.get()


@contextmanager
def explaining() -> Iterator[ExplainLog]:
    """Switch the explain log on for the calls made inside the block."""
    lg = ExplainLog()
    token = _LOG.set(lg)
    try:
        yield lg
    finally:
        _LOG.reset(token)
