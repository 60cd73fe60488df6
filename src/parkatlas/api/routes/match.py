"""/api/v1/match and the matching views of leads and sites, on the server's warm index."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from parkatlas.api.deps import CurrentUser, SessionDep
from parkatlas.api.responses import model_json
from parkatlas.workspace import matching as core

router = APIRouter(tags=["match"])
K = Annotated[int, Query(ge=1, le=200)]


def _live(request: Request) -> Any:
    return request.app.state.live


@router.post("/match", response_model=core.MatchesOut)
def match(request: Request, body: core.MatchBody, user: CurrentUser) -> Response:
    """Sites for some needs, best first, each factor's contribution; near misses when few fit."""
    return model_json(core.match_needs(_live(request), body))


@router.get("/projects/{project_id}/matches", response_model=core.MatchesOut)
def project_matches(request: Request, project_id: str, session: SessionDep, user: CurrentUser,
                    k: K = 20) -> core.MatchesOut:  # fmt: skip
    return core.project_matches(session, user, project_id, _live(request), k)


@router.get("/sites/{site_id}/why-not", response_model=core.WhyNotOut)
def why_not(request: Request, site_id: str, session: SessionDep, user: CurrentUser,
            project: Annotated[str, Query(min_length=1, max_length=64)]) -> core.WhyNotOut:  # fmt: skip
    """Which constraints of the project's needs this site fails, with the numbers."""
    return core.why_not(session, user, site_id, project, _live(request))


@router.get("/sites/{site_id}/projects", response_model=list[core.ProjectMatchOut])
def site_projects(request: Request, site_id: str, session: SessionDep, user: CurrentUser,
                  k: K = 20) -> list[core.ProjectMatchOut]:  # fmt: skip
    """Open leads the caller may see that this site fits, best first."""
    return core.site_projects(session, user, site_id, _live(request), k)
