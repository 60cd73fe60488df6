"""Profiles that add up (issue 13 §3) and signing records as leads (§4), on both databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from parkatlas.errors import ParkatlasError
from parkatlas.intel.extract import extract_facts
from parkatlas.intel.indicators import build_profile
from parkatlas.intel.ingest import ingest_paths
from parkatlas.intel.leads import accept_signing, dismiss_signing, list_signings
from parkatlas.intel.profile import region_profile
from parkatlas.intel.signings import find_signings

# Synthetic news of one district (the case): Q1–Q3 signings, a subset of them, a
# Jan–Aug figure, last year's total, a half-year GDP, registered capital and fixed-asset
# investment beside signed investment, one project placed in a town, and a city text.
DOCS = {
    "q3.txt": (
        "嘉定区前三季度签约项目86个\n2026-10-25\n\n"
        "前三季度，嘉定区共签约产业项目86个，签约项目总投资532亿元。其中，先进制造业项目41个。"
        "1—8月，嘉定区完成固定资产投资420亿元。新设外资企业215家，注册资本合计38亿美元。\n"
        "其中，上海云启数据科技有限公司投资建设的长三角算力中心项目落户安亭镇，总投资15亿元。\n"
    ),
    "q3_copy.txt": (
        "嘉定前三季度招商成绩单\n2026-10-27\n\n"
        "前三季度，嘉定区共签约产业项目86个，签约项目总投资532亿元。\n"
    ),
    "h1.txt": (
        "嘉定区上半年经济运行\n2026-07-20\n\n"
        "上半年，嘉定区实现地区生产总值1120亿元，同比增长5.6%。\n"
        "去年，嘉定区签约项目124个。\n"
    ),
    "sh.txt": (
        "上海市经济运行\n2026-07-25\n\n"
        "上半年，上海市实现地区生产总值23000亿元，同比增长5.1%。"
        "青浦区实现地区生产总值720亿元。\n"
    ),
}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_district_profile_never_sums_and_shows_spans(atlas_url: str, tmp_path: Path) -> None:
    ingest_paths(atlas_url, [str(_folder(tmp_path))])
    profile = region_profile(atlas_url, "嘉定区").to_dict()
    by = {(i["metric"], i["sub_metric"], i["unit"]): i for i in profile["indicators"]}
    projects = by[("projects", None, "count")]
    # 86 (Q1–Q3) reported by two documents is one figure; 124 (last year) is earlier; the
    # subset 41 and anything else are listed, never added up
    latest = projects["latest"]
    assert latest["value"] == 86 and latest["sources"] == 2
    assert (latest["span_start"], latest["span_end"]) == ("2026-01", "2026-09")
    values = sorted(f["value"] for f in projects["earlier"])
    assert 124 in values and sum(1 for v in values if v == 86) == 0
    signed = by[("investment", "signed_investment", "CNY")]["latest"]
    assert signed["value"] == 532e8 and signed["sources"] == 2
    fixed = by[("investment", "fixed_asset_investment", "CNY")]["latest"]
    assert (fixed["span_start"], fixed["span_end"]) == ("2026-01", "2026-08")
    assert ("investment", "registered_capital", "USD") in by  # apart, never in investment
    gdp = by[("gdp", None, "CNY")]["latest"]
    assert (gdp["span_start"], gdp["span_end"]) == ("2026-01", "2026-06")  # a half year
    assert "1120亿元" in gdp["sentence"] and gdp["quote"] == "1120亿元"
    # the project's 15亿 is the project's (in 安亭镇), listed one by one, not a district total
    assert all(
        f["value"] != 15e8
        for i in profile["indicators"]
        for f in [i["latest"], *i["earlier"]]
        if f
    )
    names = [p["project"] for p in profile["projects"]]
    assert names == ["长三角算力中心项目"]
    assert profile["projects"][0]["enterprise"] == "上海云启数据科技有限公司"
    assert profile["projects"][0]["amount"] == 15e8
    assert {b["count"] for b in profile["batches"]} >= {86}


def test_city_profile_never_shows_a_district_figure_as_its_own(
    atlas_url: str, tmp_path: Path
) -> None:
    ingest_paths(atlas_url, [str(_folder(tmp_path))])
    profile = region_profile(atlas_url, "上海市").to_dict()
    gdp = next(i for i in profile["indicators"] if i["metric"] == "gdp" and i["unit"] == "CNY")
    assert gdp["latest"]["value"] == 23000e8
    assert all(f["value"] != 720e8 for f in gdp["earlier"])
    assert "青浦区" in profile["parts"] and "嘉定区" in profile["parts"]


def _fact(value: float, span: tuple[str, str] | None, region: str = "嘉定区", **kw: object) -> dict:
    base = {
        "value": value, "unit": "count", "kind": "count", "metric": "projects",
        "measure": "level", "status": "actual", "period": int(span[0][:4]) if span else None,
        "span_start": span[0] if span else None, "span_end": span[1] if span else None,
        "region": region, "region_code": "310114" if region == "嘉定区" else "310114102",
        "sub_metric": None, "project": None, "quote": f"{value:g}个", "sentence": None,
        "source": "a.txt", "title": None, "published": "2026-10-25", "document_id": "d1",
        "qualifier": None,
    }  # fmt: skip
    base.update(kw)
    return base


def test_build_profile_rules() -> None:
    facts = [
        _fact(86, ("2026-01", "2026-09")),
        _fact(86, ("2026-01", "2026-09"), document_id="d2", source="b.txt"),
        _fact(72, ("2026-01", "2026-08")),
        _fact(124, ("2025-01", "2025-12")),
        _fact(9, ("2026-01", "2026-09"), region="安亭镇"),  # a town: a part, not the district's
        _fact(200, ("2026-01", "2026-12"), status="target"),
    ]
    p = build_profile("嘉定区", "310114", facts, [])
    (ind,) = p.indicators
    assert ind.latest is not None and ind.latest.value == 86 and ind.latest.sources == 2
    assert [f.value for f in ind.earlier] == [72, 124]
    assert [f.value for f in ind.targets] == [200]
    assert p.parts == {"安亭镇": 1}
    town = build_profile("安亭镇", "310114102", facts, [])
    assert town.indicators[0].latest is not None and town.indicators[0].latest.value == 9


GOLD_SIGNINGS = [
    # (text, [(project, enterprise, place, amount, count)])
    (
        "XX新材料有限公司年产10万吨新材料项目签约落户嘉定工业区，总投资20亿元。",
        [("年产10万吨新材料项目", "XX新材料有限公司", "嘉定工业区", 20e8, None)],
    ),
    (
        "Last month, the district signed 25 projects worth 12 billion yuan.",
        [(None, None, None, 12e9, 25)],
    ),
    (
        "6月17日，青浦区集中签约32个项目，总投资286亿元。其中，长三角算力中心项目落户西岑科创中心，"
        "总投资45亿元；某新能源企业总部项目落户华新镇，注册资本10亿元。",
        [
            (None, None, "青浦区", 286e8, 32),
            ("长三角算力中心项目", None, "西岑科创中心", 45e8, None),
            ("某新能源企业总部项目", None, "华新镇", None, None),
        ],
    ),
    (
        "Suzhou Industrial Park (SIP) signed 64 projects in the first half. One of them, a "
        "600-million-dollar biomedicine plant by a Swiss drugmaker, will be built in the park's "
        "Dushu Lake area.",
        [
            (None, None, "Suzhou Industrial Park", None, 64),
            ("biomedicine plant", "Swiss drugmaker", "Dushu Lake area", 6e8, None),
        ],
    ),
    ("下一步，嘉定将力争全年签约项目突破120个。", []),
]


@pytest.mark.parametrize(("text", "gold"), GOLD_SIGNINGS)
def test_signing_records(text: str, gold: list[tuple[object, ...]]) -> None:
    day = dt.date(2026, 6, 18)
    found = find_signings(text, extract_facts(text, doc_date=day), doc_date=day)
    got = [(r.project, r.enterprise, r.place, r.amount, r.count) for r in found]
    assert got == gold


def _units_and_lead(url: str, enterprise: str) -> None:
    """Two towns of one district; town B has registered an open lead for ``enterprise``."""
    from parkatlas.db import make_engine, session_scope
    from parkatlas.models import Unit
    from parkatlas.workspace.leads import EnterpriseRef, ProjectCreate, register_lead
    from parkatlas.workspace.principal import cli_principal

    engine = make_engine(url, write=True)
    with session_scope(engine) as session:
        session.add(Unit(id="bureau", name="区投促中心", kind="bureau", parent_id=None))
        session.add(Unit(id="town-a", name="华新镇", kind="town", parent_id="bureau"))
        session.add(Unit(id="town-b", name="西岑镇", kind="town", parent_id="bureau"))
        session.flush()
        body = ProjectCreate(
            name="数据中心项目", enterprise=EnterpriseRef(name=enterprise), owner_unit="town-b"
        )
        register_lead(session, cli_principal(session, "b-officer"), body, check_rights=False)
    engine.dispose()


def test_signings_become_lead_candidates(atlas_url: str, tmp_path: Path) -> None:
    ingest_paths(atlas_url, [str(_folder(tmp_path))])
    candidates = list_signings(atlas_url, candidates=True)
    assert [c["project"] for c in candidates] == ["长三角算力中心项目"]
    record = candidates[0]
    assert record["enterprise"] == "上海云启数据科技有限公司"
    # another unit already has an open lead for that enterprise: the signing is still
    # registered (报备) for the town, and the workspace answers 撞单
    _units_and_lead(atlas_url, "上海云启数据科技有限公司")
    accepted = accept_signing(atlas_url, record["id"], actor="officer", unit="town-a")
    assert accepted["status"] == "accepted" and accepted["lead_project_id"]
    assert [(w["code"], w["unit"], w["match_on"]) for w in accepted["warnings"]] == [
        ("duplicate_lead", "town-b", "name")
    ]
    assert list_signings(atlas_url, candidates=True) == []
    with pytest.raises(ParkatlasError, match="is already accepted"):
        dismiss_signing(atlas_url, record["id"])
    batch = next(s for s in list_signings(atlas_url) if s["project"] is None)
    with pytest.raises(ParkatlasError, match="is a batch of"):
        accept_signing(atlas_url, batch["id"])
    dismissed = dismiss_signing(atlas_url, batch["id"])
    assert dismissed["status"] == "dismissed"
    with pytest.raises(ParkatlasError, match="no signing record 99999"):
        accept_signing(atlas_url, 99999)
    # the lead exists as a project at stage lead, and re-ingesting keeps the decisions
    from sqlalchemy import select

    from parkatlas.db import make_engine, session_scope
    from parkatlas.models import AuditEntry, Project, StageEvent
    from parkatlas.workspace.tables import Lead, LeadCollision

    engine = make_engine(atlas_url)
    with session_scope(engine) as session:
        lead = session.scalar(select(Project).where(Project.id == accepted["lead_project_id"]))
        assert lead is not None and lead.stage == "lead" and lead.investment_wan == 150000
        assert lead.owner_unit == "town-a"
        reg = session.get(Lead, lead.id)
        assert reg is not None and reg.source == "signing" and reg.duplicate
        assert session.scalar(select(LeadCollision).where(LeadCollision.project_id == lead.id))
        assert session.scalar(select(StageEvent).where(StageEvent.project_id == lead.id))
        audit = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity_id.in_([lead.id, str(record["id"])]))
        ).all()
        assert "insert" in audit and "accept" in audit
    engine.dispose()


def test_a_signing_without_enterprise_needs_one(atlas_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "qp.txt").write_text(
        "青浦区集中签约\n2026-06-18\n\n6月17日，青浦区集中签约32个项目，总投资286亿元。"
        "其中，长三角算力中心项目落户西岑科创中心，总投资45亿元。\n",
        encoding="utf-8",
    )
    ingest_paths(atlas_url, [str(folder)])
    (record,) = list_signings(atlas_url, candidates=True)
    assert record["enterprise"] is None
    with pytest.raises(ParkatlasError, match="names no enterprise.*--enterprise NAME"):
        accept_signing(atlas_url, record["id"])
    assert list_signings(atlas_url, candidates=True) == [record]  # nothing written
    got = accept_signing(atlas_url, record["id"], enterprise="某算力科技有限公司")
    assert got["status"] == "accepted" and got["warnings"] == []

    from sqlalchemy import select

    from parkatlas.db import make_engine, session_scope
    from parkatlas.models import Enterprise, Project

    engine = make_engine(atlas_url)
    with session_scope(engine) as session:
        p = session.get(Project, got["lead_project_id"])
        assert p is not None and p.investment_wan == 450000
        name = session.scalar(select(Enterprise.name).where(Enterprise.id == p.enterprise))
        assert name == "某算力科技有限公司"
    engine.dispose()
