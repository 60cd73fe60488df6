"""Matching inside the workspace: the warm matcher (`parkatlas.matching.Matcher`) answered
for what the caller may see. A lead's matches, why-not and a site's candidate projects go
through the visibility rule; results are data (factor, value, weight, points, figures),
rendered to words at the edge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.industry_links import record_columns
from parkatlas.matching import Match, Matcher
from parkatlas.matching.needs import needs_from_project
from parkatlas.models import Project, Site
from parkatlas.workspace.errors import not_found
from parkatlas.workspace.leads import ACTIVE
from parkatlas.workspace.principal import Principal
from parkatlas.workspace.visibility import get_visible_project, lead_filter

T = TypeVar("T")


class WarmIndex(Protocol):
    """What the server keeps (`api.live.LiveIndex`): runs a function on the warm matcher."""

    def query(self, fn: Callable[[Matcher], T]) -> T: ...

NEAR_MISSES_BELOW = 5  # fewer results than this: add the sites that miss by one constraint


class MatchBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    needs: dict[str, Any] = Field(description="the needs (docs/matching.md): kind, area_m2, regions, industry …")
    k: int = Field(20, ge=1, le=200)


class MatchOut(BaseModel):
    rank: int
    site_id: str
    score: float
    contributions: dict[str, float]
    values: dict[str, float]
    weights: dict[str, float]
    details: dict[str, Any]
    flags: list[str]
    profile: str


class FailureOut(BaseModel):
    constraint: str
    label: str
    need: str
    have: str
    gap: float
    message: str
    # the same as data, for rendering in a language (matching.render.render_failure)
    code: str = ""
    need_value: Any = None
    site_value: Any = None
    unit: str = ""


class NearMissOut(BaseModel):
    site_id: str
    failure: FailureOut
    score: float | None = None


class MatchesOut(BaseModel):
    items: list[MatchOut]
    count: int
    near_misses: list[NearMissOut] = Field(default_factory=list)


class WhyNotOut(BaseModel):
    site_id: str
    project_id: str | None
    found: bool
    failures: list[FailureOut]
    score: float | None
    rank: int | None


class ProjectMatchOut(BaseModel):
    rank: int
    project_id: str
    name: str
    score: float
    contributions: dict[str, float]
    flags: list[str]


def _match_out(m: Match) -> MatchOut:
    return MatchOut(rank=m.rank, site_id=m.site_id, score=m.score, contributions=m.contributions,
                    values=m.values, weights=m.weights, details=m.details, flags=m.flags,
                    profile=m.profile)  # fmt: skip


def _run_needs(live: WarmIndex, needs: dict[str, Any], k: int) -> MatchesOut:
    def fn(m: Matcher) -> MatchesOut:
        top = m.top(needs, k=k)
        out = MatchesOut(items=[_match_out(x) for x in top], count=m.count(needs))
        if len(top) < min(k, NEAR_MISSES_BELOW):
            out.near_misses = [
                NearMissOut(site_id=n.site_id, failure=FailureOut(**n.failure.as_dict()),
                            score=n.score)
                for n in m.near_misses(needs, k=NEAR_MISSES_BELOW)
            ]  # fmt: skip
        return out

    return live.query(fn)


def match_needs(live: WarmIndex, body: MatchBody) -> MatchesOut:
    """Sites for some needs, best first; near misses when few fit. Sites are the shared
    library, so every signed-in user may ask."""
    return _run_needs(live, body.needs, body.k)


def project_matches(session: Session, who: Principal, project_id: str, live: WarmIndex,
                    k: int = 20) -> MatchesOut:  # fmt: skip
    p = get_visible_project(session, who, project_id)
    return _run_needs(live, needs_from_project(_row(p)), k)


def _row(p: Project) -> dict[str, Any]:
    return {c: getattr(p, c) for c in record_columns("projects")}


def why_not(session: Session, who: Principal, site_id: str, project_id: str,
            live: WarmIndex) -> WhyNotOut:  # fmt: skip
    if session.get(Site, site_id) is None:
        raise not_found("site", site_id)
    p = get_visible_project(session, who, project_id)
    needs = needs_from_project(_row(p))

    def fn(m: Matcher) -> WhyNotOut:
        w = m.why_not(needs, site_id)
        return WhyNotOut(site_id=site_id, project_id=p.id, found=w.found,
                         failures=[FailureOut(**f.as_dict()) for f in w.failures], score=w.score, rank=w.rank)  # fmt: skip

    return live.query(fn)


def site_projects(session: Session, who: Principal, site_id: str, live: WarmIndex,
                  k: int = 20) -> list[ProjectMatchOut]:  # fmt: skip
    """Open leads the caller may see whose needs this site meets, best first."""
    if session.get(Site, site_id) is None:
        raise not_found("site", site_id)
    rows = [_row(p) for p in session.execute(
        select(Project).where(lead_filter(who), Project.stage.in_(ACTIVE)).order_by(Project.id)
    ).scalars()]  # fmt: skip

    def fn(m: Matcher) -> list[ProjectMatchOut]:
        local = Matcher(m.index, known_regions=m.known_regions, known_parks=m.known_parks, projects=rows)
        local.home_province = m.home_province
        return [ProjectMatchOut(rank=r.rank, project_id=r.project_id, name=r.name, score=r.score,
                                contributions=r.contributions, flags=r.flags)
                for r in local.projects_for_site(site_id, k=k)]  # fmt: skip

    return live.query(fn)
