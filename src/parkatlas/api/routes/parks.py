"""/api/v1/parks and /api/v1/enterprises: the shared registries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from parkatlas.api.deps import CurrentUser, SessionDep
from parkatlas.workspace import registry as core

router = APIRouter(tags=["registry"])
Page = Annotated[int, Query(ge=1, le=100_000)]
PerPage = Annotated[int, Query(ge=1, le=500)]
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/parks", response_model=core.ParksPage)
def list_parks(session: SessionDep, user: CurrentUser, q: Text = None, region: Text = None,
               page: Page = 1, per_page: PerPage = 50) -> core.ParksPage:  # fmt: skip
    return core.list_parks(session, user, q=q, region=region, page=page, per_page=per_page)


@router.post("/parks", response_model=core.ParkOut, status_code=201)
def create_park(body: core.ParkCreate, session: SessionDep, user: CurrentUser) -> core.ParkOut:
    return core.create_park(session, user, body)


@router.get("/parks/{park_id}", response_model=core.ParkOut)
def get_park(park_id: str, session: SessionDep, user: CurrentUser) -> core.ParkOut:
    return core.get_park(session, park_id)


@router.patch("/parks/{park_id}", response_model=core.ParkOut)
def update_park(park_id: str, body: core.ParkIn, session: SessionDep, user: CurrentUser) -> core.ParkOut:
    return core.update_park(session, user, park_id, body)


@router.delete("/parks/{park_id}", status_code=204)
def delete_park(park_id: str, session: SessionDep, user: CurrentUser) -> Response:
    core.delete_park(session, user, park_id)
    return Response(status_code=204)


@router.get("/enterprises", response_model=core.EnterprisesPage)
def list_enterprises(session: SessionDep, user: CurrentUser, q: Text = None, region: Text = None,
                     page: Page = 1, per_page: PerPage = 50) -> core.EnterprisesPage:  # fmt: skip
    return core.list_enterprises(session, user, q=q, region=region, page=page, per_page=per_page)


@router.post("/enterprises", response_model=core.EnterpriseOut, status_code=201)
def create_enterprise(body: core.EnterpriseCreate, session: SessionDep, user: CurrentUser) -> core.EnterpriseOut:
    return core.create_enterprise(session, user, body)


@router.get("/enterprises/{ent_id}", response_model=core.EnterpriseOut)
def get_enterprise(ent_id: str, session: SessionDep, user: CurrentUser) -> core.EnterpriseOut:
    return core.get_enterprise(session, ent_id)


@router.patch("/enterprises/{ent_id}", response_model=core.EnterpriseOut)
def update_enterprise(ent_id: str, body: core.EnterpriseIn, session: SessionDep, user: CurrentUser) -> core.EnterpriseOut:
    return core.update_enterprise(session, user, ent_id, body)


@router.delete("/enterprises/{ent_id}", status_code=204)
def delete_enterprise(ent_id: str, session: SessionDep, user: CurrentUser) -> Response:
    core.delete_enterprise(session, user, ent_id)
    return Response(status_code=204)
