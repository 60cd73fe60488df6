"""Leads (招商项目) in the browser: ``/projects`` (list and the 报备 form) and
``/projects/{id}`` (needs form, stage timeline with the allowed moves, activities, best sites
with each factor's contribution as a bar, why-not for a named site, the 撞单 warning).

Every read and write goes through the workspace core the API uses (`workspace.leads`,
`workspace.pipeline`, `workspace.matching`), so a lead out of the user's sight is a 404 here
exactly as at ``/api/v1/projects/{id}``. Form fields are read with the vocabulary's readers.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from parkatlas.api.deps import SessionDep, SettingsDep
from parkatlas.web import forms
from parkatlas.web.deps import (
    PageError,
    PageUser,
    PostedForm,
    checked_form,
    page_error,
    require_writer,
)
from parkatlas.web.lookups import industry_names, unit_names
from parkatlas.web.render import page_lang, render
from parkatlas.workspace import leads, pipeline
from parkatlas.workspace import matching as match_core
from parkatlas.workspace.errors import NotFound, WorkspaceError
from parkatlas.workspace.principal import Principal

router = APIRouter(include_in_schema=False)
PER_PAGE = 50
FACTORS = ("area", "cost", "industry", "location", "efficiency")

NEEDS_SPEC = {"kind": "kind", "area_min": "area", "area_max": "area", "region": "text",
              "industry": "text", "load_min": "load", "height_min": "height", "power_min": "power",
              "rent_max": "rent"}  # fmt: skip
REGISTER_SPEC = {"name": "text", "enterprise": "text", "uscc": "text", "industries": "text",
                 "investment": "money", **NEEDS_SPEC}  # fmt: skip
ACTIVITY_SPEC = {"date": "date", "type": "text", "participants": "text", "topic": "text",
                 "demands": "text", "commitments": "text", "next_step": "text", "due_date": "date"}  # fmt: skip


def needs_from_form(values: dict[str, Any]) -> dict[str, Any] | None:
    """The needs JSON (docs/matching.md) from the form's read values."""
    needs: dict[str, Any] = {}
    if "kind" in values:
        needs["kind"] = [values["kind"]]
    area = {k: values[f"area_{k}"] for k in ("min", "max") if f"area_{k}" in values}
    if area:
        needs["area_m2"] = area
    if values.get("region"):
        needs["regions"] = [values["region"]]
    if values.get("industry"):
        needs["industry"] = values["industry"]
    for field, key, bound in (("load_min", "floor_load_kn_m2", "min"), ("height_min", "clear_height_m", "min"),
                              ("power_min", "power_kva", "min"), ("rent_max", "rent_cny_m2_day", "max")):  # fmt: skip
        if field in values:
            needs[key] = {bound: values[field]}
    return needs or None


def needs_to_form(needs: dict[str, Any] | None) -> dict[str, str]:
    """A stored needs JSON as the form's raw values (to edit it)."""
    n = needs or {}
    raw: dict[str, str] = {}
    kind = n.get("kind")
    if kind:
        raw["kind"] = kind[0] if isinstance(kind, list) else str(kind)
    area = n.get("area_m2") or {}
    if isinstance(area, dict):
        for k in ("min", "max"):
            if area.get(k) is not None:
                raw[f"area_{k}"] = f"{area[k]:g}㎡"
    regions = n.get("regions") or n.get("region")
    if regions:
        raw["region"] = regions[0] if isinstance(regions, list) else str(regions)
    if n.get("industry"):
        raw["industry"] = str(n["industry"])
    for field, key, bound, unit in (("load_min", "floor_load_kn_m2", "min", "kN/㎡"), ("height_min", "clear_height_m", "min", "米"),
                                    ("power_min", "power_kva", "min", "kVA"), ("rent_max", "rent_cny_m2_day", "max", "元/㎡/天")):  # fmt: skip
        value = n.get(key)
        if isinstance(value, dict) and value.get(bound) is not None:
            raw[field] = f"{value[bound]:g}{unit}"
    return raw


@router.get("/projects")
def projects_page(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser) -> Response:
    lang = page_lang(request)
    params = request.query_params
    stage = params.get("stage") or None
    q = (params.get("q") or "").strip()[:100] or None
    duplicate = True if params.get("duplicate") == "1" else None
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    try:
        result = leads.list_projects(session, who, leads.ProjectFilter(stage=stage, q=q, duplicate=duplicate), page=page,
                                     per_page=PER_PAGE, protection_days=settings.protection_days)  # fmt: skip
    except WorkspaceError as exc:
        raise page_error(exc) from None
    query = str(request.url.query)
    return render(request, "projects.html", {
        "result": result, "page": page, "per_page": PER_PAGE, "stage": stage or "", "q": q or "",
        "units": unit_names(session, (p.owner_unit for p in result.items)),
        "parsed": forms.Parsed(), "stages": leads.ACTIVE + leads.TERMINAL, "lang": lang,
        "json_twin": "/api/v1/projects" + (f"?{query}" if query else ""),
    })  # fmt: skip


@router.post("/projects")
def register_page(request: Request, session: SessionDep, settings: SettingsDep, who: PageUser,
                  posted: PostedForm) -> Response:  # fmt: skip
    form = checked_form(posted, who)
    require_writer(who)
    lang = page_lang(request)
    parsed = forms.read(form, REGISTER_SPEC, lang)
    for name in ("name", "enterprise"):
        if not parsed.raw.get(name):
            parsed.errors[name] = "必填" if lang == "zh" else "required"
    if not parsed.errors:
        v = parsed.values
        ref = leads.EnterpriseRef(name=v["enterprise"], uscc=v.get("uscc") or None)
        try:
            body = leads.ProjectCreate(name=v["name"], enterprise=ref, industries=v.get("industries"),
                                       investment_wan=v.get("investment"), needs=needs_from_form(v))  # fmt: skip
            out = leads.register_lead(session, who, body, protection_days=settings.protection_days)
        except WorkspaceError as exc:
            parsed.errors["name"] = str(exc)
        except ValueError as exc:  # pydantic: a field out of range (USCC length …)
            parsed.errors["uscc"] = str(exc).splitlines()[-1] if str(exc) else "?"
        else:
            return RedirectResponse(f"/projects/{out.id}?registered=1", status_code=303)
    result = leads.list_projects(session, who, leads.ProjectFilter(), page=1, per_page=PER_PAGE,
                                 protection_days=settings.protection_days)  # fmt: skip
    return render(request, "projects.html", {
        "result": result, "page": 1, "per_page": PER_PAGE, "stage": "", "q": "",
        "units": unit_names(session, (p.owner_unit for p in result.items)), "parsed": parsed,
        "stages": leads.ACTIVE + leads.TERMINAL, "json_twin": "/api/v1/projects",
    }, status_code=400)  # fmt: skip


def _project(session: Session, who: Principal, project_id: str, days: int) -> leads.ProjectOut:
    try:
        return leads.get_project(session, who, project_id, protection_days=days)
    except NotFound:
        raise PageError(404, "error.not_found") from None


def _bars(items: list[match_core.MatchOut]) -> list[dict[str, Any]]:
    """Each match's factor contributions with the bar width (px of 120) they are drawn with."""
    out = []
    for m in items:
        bars = [(f, m.contributions.get(f, 0.0), round(max(0.0, m.contributions.get(f, 0.0)) / 100 * 120 * 2.5, 1))
                for f in FACTORS if f in m.contributions]  # fmt: skip
        out.append({"m": m, "bars": bars})
    return out


def _next_stage(current: str) -> str | None:
    """The move offered first: the next stage forward (not the step back)."""
    if current in leads.ACTIVE and leads.ACTIVE.index(current) + 1 < len(leads.ACTIVE):
        return leads.ACTIVE[leads.ACTIVE.index(current) + 1]
    return None


@router.get("/projects/{project_id}")
def project_page(request: Request, project_id: str, session: SessionDep, settings: SettingsDep,
                 who: PageUser) -> Response:  # fmt: skip
    return _render_project(request, session, settings.protection_days, who, project_id)


def _render_project(request: Request, session: Session, days: int, who: Principal, project_id: str, *,
                    parsed: forms.Parsed | None = None, activity: forms.Parsed | None = None,
                    error: str | None = None, status_code: int = 200) -> Response:  # fmt: skip
    lang = page_lang(request)
    p = _project(session, who, project_id, days)
    events = pipeline.stage_events(session, who, project_id)
    activities = pipeline.list_activities(session, who, project_id)
    live = request.app.state.live
    try:
        matches = match_core.project_matches(session, who, project_id, live, k=10)
        match_error = None
    except WorkspaceError as exc:
        matches, match_error = None, str(exc)
    why: match_core.WhyNotOut | None = None
    why_missing = False
    why_site = (request.query_params.get("why_not") or "").strip()[:64]
    if why_site:
        try:
            why = match_core.why_not(session, who, why_site, project_id, live)
        except NotFound:
            why_missing = True
    collisions = [c for c in leads.arbitration_list(session, who)
                  if project_id in (c.project_id, c.other_project_id)]  # fmt: skip
    unit_ids = [p.owner_unit, *(e.unit for e in events), *(c.unit for c in collisions),
                *(c.other_unit for c in collisions)]  # fmt: skip
    form_raw = parsed or forms.Parsed(raw=needs_to_form(p.needs))
    return render(request, "project.html", {
        "p": p, "events": events, "activities": activities, "matches": _bars(matches.items) if matches else [],
        "near_misses": matches.near_misses if matches else [], "match_count": matches.count if matches else 0,
        "match_error": match_error, "why": why, "why_missing": why_missing, "why_site": why_site, "collisions": collisions,
        "units": unit_names(session, unit_ids), "industries": industry_names(session, p.industries, lang),
        "moves": pipeline.allowed_moves(p.stage), "next_stage": _next_stage(p.stage),
        "reasons": pipeline.TERMINAL_REASONS,
        "activity_types": ("来访", "外出拜访", "电话", "线上", "考察"), "parsed": form_raw,
        "activity": activity or forms.Parsed(raw={"date": dt.date.today().isoformat()}),
        "can_write": who.can_write, "error": error, "registered": request.query_params.get("registered"),
        "done": request.query_params.get("done"), "factors": FACTORS,
        "json_twin": f"/api/v1/projects/{project_id}",
    }, status_code=status_code)  # fmt: skip


@router.post("/projects/{project_id}")
def project_action(request: Request, project_id: str, session: SessionDep, settings: SettingsDep,
                   who: PageUser, posted: PostedForm) -> Response:  # fmt: skip
    form = checked_form(posted, who)
    days = settings.protection_days
    _project(session, who, project_id, days)  # 404 before 403: out of sight stays unseen
    require_writer(who)
    lang = page_lang(request)
    action = forms.text(form, "action")
    try:
        if action == "stage":
            move = pipeline.StageMove(stage=forms.text(form, "stage"), note=forms.text(form, "note", 2000) or None,
                                      reason=forms.text(form, "reason") or None)  # fmt: skip
            pipeline.move_stage(session, who, project_id, move)
        elif action == "needs":
            parsed = forms.read(form, NEEDS_SPEC, lang)
            if parsed.errors:
                return _render_project(request, session, days, who, project_id, parsed=parsed, status_code=400)
            leads.update_project(session, who, project_id, leads.ProjectUpdate(needs=needs_from_form(parsed.values) or {}),
                                 protection_days=days)  # fmt: skip
        elif action == "activity":
            act = forms.read(form, ACTIVITY_SPEC, lang)
            if act.errors or not act.values.get("date"):
                act.errors.setdefault("date", "必填" if lang == "zh" else "required")
                return _render_project(request, session, days, who, project_id, activity=act, status_code=400)
            v = act.values
            body = pipeline.ActivityCreate.model_validate({
                "date": v["date"], "type": v.get("type") or "电话",
                "participants": [x.strip() for x in (v.get("participants") or "").replace("，", ",").split(",") if x.strip()],
                "topic": v.get("topic"), "demands": v.get("demands"), "commitments": v.get("commitments"),
                "next_step": v.get("next_step"), "due_date": v.get("due_date"),
            })  # fmt: skip
            pipeline.add_activity(session, who, project_id, body)
        else:
            raise PageError(400, "error.bad_input")
    except WorkspaceError as exc:
        if int(getattr(exc, "status", 400)) in (403, 404):
            raise page_error(exc) from None
        return _render_project(request, session, days, who, project_id, error=str(exc), status_code=400)
    except ValueError as exc:  # pydantic validation of a form value
        return _render_project(request, session, days, who, project_id, error=str(exc).splitlines()[0], status_code=400)
    return RedirectResponse(f"/projects/{project_id}?done={action}", status_code=303)


@router.post("/arbitration/{collision_id}")
def arbitrate(request: Request, collision_id: int, session: SessionDep, who: PageUser,
              posted: PostedForm) -> Response:  # fmt: skip
    """The district keeps one of two colliding leads (首报首谈); the other is withdrawn."""
    form = checked_form(posted, who)
    require_writer(who)
    body = leads.ResolveBody(keep=forms.text(form, "keep", 64), note=forms.text(form, "note", 2000) or None)
    try:
        leads.resolve_collision(session, who, collision_id, body)
    except WorkspaceError as exc:
        raise page_error(exc) from None
    return RedirectResponse("/?done=arbitrated", status_code=303)
