"""The reference data in the atlas, on SQLite and PostgreSQL (loaded by init_atlas)."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from parkatlas.atlas import init_atlas
from parkatlas.reference.loader import load_reference

COUNTS = {"regions": 3453, "industries": 1971, "emerging_industries": 9}


def _counts(url: str) -> dict[str, int]:
    eng = create_engine(url)
    with eng.connect() as conn:
        out = {t: conn.execute(text(f"select count(*) from {t}")).scalar_one() for t in COUNTS}
    eng.dispose()
    return out


def test_rows_loaded(atlas_url: str) -> None:
    assert _counts(atlas_url) == COUNTS
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        jd = conn.execute(
            text(
                "select name, short_name, name_en, level, parent_code, lat, lon, source"
                " from regions where code = '310114'"
            )
        ).one()
        town = conn.execute(
            text("select name, level, parent_code, lat from regions where code = '310114902'")
        ).one()
        med = conn.execute(
            text(
                "select level, section, division, grp, name_zh, name_en from industries where code = '2710'"
            )
        ).one()
        div = conn.execute(text("select name_en from industries where code = '27'")).scalar_one()
        sei = conn.execute(
            text("select name_zh from emerging_industries where code = '1'")
        ).scalar_one()
    eng.dispose()
    assert tuple(jd[:5]) == ("嘉定区", "嘉定", "Jiading District", "district", "310000")
    assert jd.lat == pytest.approx(31.37, abs=0.05)
    assert jd.lon == pytest.approx(121.26, abs=0.05)
    assert jd.source.startswith("cpca 0.5.5")
    assert tuple(town) == ("南翔镇", "town", "310114", None)
    assert tuple(med) == ("class", "C", "27", "271", "化学药品原料药制造", None)
    assert div == "Manufacture of Medicines"
    assert sei == "新一代信息技术产业"


def test_reload_is_idempotent_fast_and_restores_shipped_rows(atlas_url: str) -> None:
    eng = create_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(text("update regions set name_en = 'x' where code = '310114'"))
        conn.execute(
            text(
                "insert into regions (code, name, level, parent_code)"
                " values ('310114999', '用户自加镇', 'town', '310114')"
            )
        )
    with Session(eng) as session, session.begin():
        counts = load_reference(session)
    eng.dispose()
    assert counts == COUNTS
    after = _counts(atlas_url)
    assert after == {**COUNTS, "regions": COUNTS["regions"] + 1}  # the user's row is kept
    eng = create_engine(atlas_url)
    with eng.connect() as conn:
        name_en = conn.execute(
            text("select name_en from regions where code = '310114'")
        ).scalar_one()
    eng.dispose()
    assert name_en == "Jiading District"


def test_init_twice_reports_counts(atlas_url: str) -> None:
    result = init_atlas(atlas_url)
    assert result["reference"] == COUNTS
    assert _counts(atlas_url) == COUNTS
