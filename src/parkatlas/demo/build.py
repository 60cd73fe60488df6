"""Build the demo atlas: real Shanghai parks and districts, synthetic sites, firms and projects.

Synthetic rows carry synthetic=true in the database and in every export. Rebuilding the
demo replaces the synthetic rows only; real data imported by the user is left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sqlalchemy import Connection, delete, select

from parkatlas.atlas import init_atlas
from parkatlas.db import make_engine
from parkatlas.demo.synth import (
    SITE_COLUMNS,
    park_locations,
    park_seeds,
    shanghai,
    site_columns,
    site_names,
)
from parkatlas.io.store import DeferredIndexes, lock_for_import, table_is_empty, upsert_records
from parkatlas.models import Enterprise, Project, Site, Unit
from parkatlas.vocab.quantities import MU_M2

SECTOR_WORDS = {
    "集成电路": ("芯片", "半导体", "微电子"), "生物医药": ("生物", "医药", "药业"),
    "人工智能": ("智能", "机器人", "算法"), "在线新经济": ("网络", "数字", "云"),
    "绿色低碳": ("氢能", "储能", "新能源"), "元宇宙": ("虚拟", "互动", "视觉"),
    "先进材料": ("材料", "新材", "化工"),
}  # fmt: skip
TAGS = ["专精特新", "小巨人", "高新技术企业", "科技型中小企业"]
LOGISTICS_SHARE = 0.05  # enterprises in warehousing (59), named 物流 so the label says so
STAGE_P = {"lead": 0.35, "assessed": 0.15, "negotiating": 0.25, "signed": 0.15, "site_secured": 0.1}


def _sites(n: int, seed: int) -> list[dict[str, Any]]:
    cols = site_columns(n, seed)
    lists = {k: cols[k].tolist() for k in SITE_COLUMNS}
    site_table = Site.__table__.c
    names = site_names(cols) if "name" in site_table else None
    import datetime as dt

    rows = []
    for i in range(n):
        row: dict[str, Any] = {}
        for k in SITE_COLUMNS:
            v = lists[k][i]
            if isinstance(v, float) and v != v:
                v = None
            elif v == "":
                v = None
            row[k] = v
        row["available_from"] = dt.date.fromisoformat(row["available_from"])
        row["floors"] = row["floors"] or None
        row["source"] = "parkatlas demo (synthetic)"
        row["synthetic"] = True
        row["preferred_industries"] = None
        row["indicators"] = None
        if names is not None:
            row["name"] = names[i]
        if "contact" in site_table:
            row["contact"] = "招商部(合成)"
        rows.append(row)
    return rows


def _parks(seed: int) -> list[dict[str, Any]]:
    loc = park_locations(seed)
    rows = []
    for p in park_seeds():
        lat, lon = loc[p.id]
        rows.append(
            {"id": p.id, "name_zh": p.name_zh, "name_en": p.name_en, "region_code": p.region,
             "kind": "特色产业园区", "area_km2": p.area_km2, "industries": ";".join(p.industries),
             "sectors": p.sector, "lat": round(lat, 6), "lon": round(lon, 6), "operator": None,
             "source": f"{p.source} {p.status}; location synthetic (district centre + offset)",
             "synthetic": False}
        )  # fmt: skip
    return rows


def load_demo_parks(conn: Connection, *, seed: int = 42, actor: str = "demo") -> int:
    """Upsert the demo's parks (the Shanghai list; locations synthetic). Synthetic site files
    (`synth.write_sites_csv`) name these parks, and a site's park must be in the atlas."""
    rows = _parks(seed)
    upsert_records(conn, "parks", rows, actor=actor, source="demo")
    return len(rows)


def _enterprises(n: int, seed: int) -> list[dict[str, Any]]:
    from parkatlas.uscc import make_uscc

    rng = np.random.default_rng(seed + 11)
    parks = park_seeds()
    districts = list(shanghai()["districts"])
    rows = []
    charset = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    for i in range(n):
        p = parks[int(rng.integers(0, len(parks)))]
        word = SECTOR_WORDS[p.sector][int(rng.integers(0, 3))]
        industry = p.industries[int(rng.integers(0, len(p.industries)))]
        if rng.random() < LOGISTICS_SHARE:
            word, industry = "物流", "59"
        region = p.region if rng.random() < 0.6 else districts[int(rng.integers(0, len(districts)))]
        body = "91" + region + "".join(charset[int(x)] for x in rng.integers(0, 31, 9))
        tags = [t for t in TAGS if rng.random() < 0.15]
        rows.append(
            {"id": f"E{i + 1:05d}", "name": f"示例{word}科技有限公司{i + 1:04d}(合成)",
             "uscc": make_uscc(body), "industries": industry, "region": region,
             "address": None, "tags": ";".join(tags) or None, "synthetic": True}
        )  # fmt: skip
    return rows


def space_for_industry(code: str) -> dict[str, float]:
    """The kinds of space a project of this GB/T 4754 industry asks for, with shares: makers
    want factories or land (R&D-heavy makers also labs), logistics wants warehouses, software,
    internet and services want offices and labs (issue 9 §8: no software firm in a warehouse)."""
    div = int(code[:2]) if code[:2].isdigit() else 0
    if div in (26, 27, 35, 36, 37, 39, 40):
        return {"factory": 0.55, "land": 0.2, "lab": 0.25}
    if 13 <= div <= 43 or 44 <= div <= 46:
        return {"factory": 0.7, "land": 0.3}
    if 53 <= div <= 60:
        return {"warehouse": 0.8, "land": 0.2}
    if 73 <= div <= 75:
        return {"lab": 0.8, "office": 0.2}
    return {"office": 0.6, "lab": 0.4}


def _projects(n: int, enterprises: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed + 23)
    stages = list(STAGE_P)
    rows = []
    for i in range(n):
        ent = enterprises[int(rng.integers(0, len(enterprises)))]
        mix = space_for_industry(ent["industries"])
        kind = str(rng.choice(list(mix), p=list(mix.values())))
        median = {"land": 30000, "factory": 4000, "warehouse": 6000, "lab": 1200, "office": 600}
        ideal = float(np.round(rng.lognormal(np.log(median[kind]), 0.5), -2)) or 100.0
        investment = float(np.round(ideal / MU_M2 * rng.uniform(150, 600), 0))  # 万元
        needs: dict[str, Any] = {
            "kind": kind,
            "area_m2": {"min": round(ideal * 0.6), "max": round(ideal * 1.6), "ideal": ideal},
            "industry": ent["industries"],
        }
        if kind in ("factory", "warehouse"):
            needs["floor_load_kn_m2"] = {"min": float(rng.choice([5, 8, 10, 15]))}
            needs["clear_height_m"] = {"min": float(rng.choice([4.5, 6, 8]))}
            needs["rent_cny_m2_day"] = {"max": float(np.round(rng.uniform(1.0, 2.5), 1))}
        if kind in ("lab", "office"):
            needs["rent_cny_m2_day"] = {"max": float(np.round(rng.uniform(2.5, 6.0), 1))}
        if rng.random() < 0.5:
            needs["regions"] = [ent["region"]]
        rows.append(
            {"id": f"P{i + 1:05d}", "name": f"{ent['name'].removesuffix('(合成)')}新建项目(合成)",
             "enterprise": ent["id"], "industries": ent["industries"], "investment_wan": investment,
             "output_wan_year": float(np.round(investment * rng.uniform(0.8, 2.5), 0)),
             "tax_wan_year": float(np.round(investment * rng.uniform(0.03, 0.12), 0)),
             "jobs": int(rng.integers(20, 800)), "needs": needs, "owner_unit": f"U{ent['region']}",
             "stage": str(rng.choice(stages, p=list(STAGE_P.values()))), "synthetic": True}
        )  # fmt: skip
    return rows


def build_demo(
    url: str,
    *,
    sites: int = 3000,
    seed: int = 42,
    enterprises: int = 300,
    projects: int = 150,
    actor: str = "demo",
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Init the atlas and (re)build the demo data. Deterministic in (sites, seed)."""
    init_atlas(url)
    engine = make_engine(url, write=True)
    try:
        with engine.begin() as conn:
            lock_for_import(conn)
            for model in (Site, Project):
                conn.execute(delete(model.__table__).where(model.__table__.c.synthetic.is_(True)))
            # a synthetic enterprise that a real lead names stays (projects → enterprises key);
            # the upsert below rewrites it in place
            kept = select(Project.enterprise).where(Project.enterprise.is_not(None))
            conn.execute(delete(Enterprise).where(Enterprise.synthetic.is_(True), Enterprise.id.not_in(kept)))
            load_demo_parks(conn, seed=seed, actor=actor)
            districts = shanghai()["districts"]
            units = [
                {
                    "id": f"U{code}",
                    "name": f"{d['name']}投资促进办公室(示例)",
                    "kind": "bureau",
                    "region_code": code,
                }
                for code, d in districts.items()
            ]
            existing_units = set(conn.execute(select(Unit.id)).scalars())
            new_units = [u for u in units if u["id"] not in existing_units]
            if new_units:
                conn.execute(Unit.__table__.insert(), new_units)
            ents = _enterprises(enterprises, seed)
            upsert_records(conn, "enterprises", ents, actor=actor, source="demo")
            upsert_records(
                conn, "projects", _projects(projects, ents, seed), actor=actor, source="demo"
            )
            # no real site stored: a bulk load (indexes and the keyword index built once, at
            # the end, as an import into an empty table does)
            fresh = table_is_empty(conn, "sites")
            deferred = DeferredIndexes(conn, "sites") if fresh and sites else None
            if deferred is not None:
                deferred.drop()
            chunk = 100_000
            for start in range(0, sites, chunk):
                n = min(chunk, sites - start)
                rows = _sites(n, seed + start) if start else _sites(n, seed)
                if start:
                    for j, r in enumerate(rows):
                        r["id"] = f"S{start + j + 1:07d}"
                upsert_records(conn, "sites", rows, actor=actor, source="demo", batch_size=20_000,
                               fresh=fresh or None)  # fmt: skip
                if progress:
                    progress(n)
            if deferred is not None:
                deferred.rebuild()
        return demo_summary(url)
    finally:
        engine.dispose()


def demo_summary(url: str) -> dict[str, Any]:
    """What is in the atlas (see parkatlas.atlas.atlas_summary)."""
    from parkatlas.atlas import atlas_summary

    return atlas_summary(url)
