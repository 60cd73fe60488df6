"""/api/v1/projects: leads, their stages, events, activities, transfers; arbitration and
overdue lists. Every lookup goes through the visibility rule (404 outside sight)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from parkatlas.api.deps import CurrentUser, SessionDep, SettingsDep
from parkatlas.workspace import leads as core
from parkatlas.workspace import pipeline
from parkatlas.workspace.overview import Overview, overview

router = APIRouter(tags=["projects"])
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=500)]


@router.get("/projects", response_model=core.ProjectsPage)
def list_projects(session: SessionDep, user: CurrentUser, settings: SettingsDep,
                  f: Annotated[core.ProjectFilter, Query()], page: Page = 1,
                  per_page: PerPage = 50) -> core.ProjectsPage:  # fmt: skip
    """The leads the caller may see: `{"items": [...], "count": N}`."""
    return core.list_projects(session, user, f, page=page, per_page=per_page,
                              protection_days=settings.protection_days)  # fmt: skip


@router.post("/projects", response_model=core.ProjectOut, status_code=201)
def register(body: core.ProjectCreate, session: SessionDep, user: CurrentUser,
             settings: SettingsDep) -> core.ProjectOut:  # fmt: skip
    """Register a lead (报备) for the caller's unit; a 撞单 answers 201 with `warnings`."""
    return core.register_lead(session, user, body, protection_days=settings.protection_days)


@router.get("/projects/{project_id}", response_model=core.ProjectOut)
def get_project(project_id: str, session: SessionDep, user: CurrentUser, settings: SettingsDep) -> core.ProjectOut:
    return core.get_project(session, user, project_id, protection_days=settings.protection_days)


@router.patch("/projects/{project_id}", response_model=core.ProjectOut)
def update_project(project_id: str, body: core.ProjectUpdate, session: SessionDep, user: CurrentUser,
                   settings: SettingsDep) -> core.ProjectOut:  # fmt: skip
    return core.update_project(session, user, project_id, body, protection_days=settings.protection_days)


@router.delete("/projects/{project_id}", status_code=204)
def delete_project(project_id: str, session: SessionDep, user: CurrentUser) -> Response:
    core.delete_project(session, user, project_id)
    return Response(status_code=204)


@router.post("/projects/{project_id}/stage", response_model=pipeline.StageEventOut)
def move_stage(project_id: str, body: pipeline.StageMove, session: SessionDep, user: CurrentUser) -> pipeline.StageEventOut:
    """Move the lead to another stage (allowed moves: docs/api.md); recorded as a stage event."""
    return pipeline.move_stage(session, user, project_id, body)


@router.get("/projects/{project_id}/events", response_model=list[pipeline.StageEventOut])
def events(project_id: str, session: SessionDep, user: CurrentUser) -> list[pipeline.StageEventOut]:
    return pipeline.stage_events(session, user, project_id)


@router.post("/projects/{project_id}/activities", response_model=pipeline.ActivityOut, status_code=201)
def add_activity(project_id: str, body: pipeline.ActivityCreate, session: SessionDep,
                 user: CurrentUser) -> pipeline.ActivityOut:  # fmt: skip
    """Log a visit or follow-up (拜访/跟进记录); it renews the lead's protection period."""
    return pipeline.add_activity(session, user, project_id, body)


@router.get("/projects/{project_id}/activities", response_model=list[pipeline.ActivityOut])
def activities(project_id: str, session: SessionDep, user: CurrentUser) -> list[pipeline.ActivityOut]:
    return pipeline.list_activities(session, user, project_id)


@router.post("/projects/{project_id}/transfer", response_model=core.ProjectOut)
def transfer(project_id: str, body: core.TransferBody, session: SessionDep, user: CurrentUser,
             settings: SettingsDep) -> core.ProjectOut:  # fmt: skip
    """Hand the lead to another unit in the caller's sight (audited)."""
    return core.transfer_project(session, user, project_id, body, protection_days=settings.protection_days)


@router.get("/activities/overdue", response_model=list[pipeline.ActivityOut])
def overdue(session: SessionDep, user: CurrentUser,
            unit: Annotated[str | None, Query(max_length=64)] = None) -> list[pipeline.ActivityOut]:  # fmt: skip
    """Next steps past due with no later activity, for the leads the caller may see."""
    return pipeline.overdue(session, user, unit=unit)


@router.get("/arbitration", response_model=list[core.CollisionOut])
def arbitration(session: SessionDep, user: CurrentUser, all: bool = False) -> list[core.CollisionOut]:
    """撞单 cases touching the caller's units (open ones; `all=true` with the decided)."""
    return core.arbitration_list(session, user, open_only=not all)


@router.post("/arbitration/{collision_id}", response_model=core.CollisionOut)
def resolve(collision_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: core.ResolveBody, session: SessionDep, user: CurrentUser) -> core.CollisionOut:
    """Decide a 撞单: the kept lead goes on, the other is withdrawn (reason `duplicate`)."""
    return core.resolve_collision(session, user, collision_id, body)


@router.get("/dashboard", response_model=Overview)
def dashboard(session: SessionDep, user: CurrentUser, settings: SettingsDep) -> Overview:
    """Leads by stage, overdue next steps, lapsed protection, open 撞单 cases (the caller's sight)."""
    return overview(session, user, protection_days=settings.protection_days)
