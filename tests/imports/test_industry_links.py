"""Industries are link rows (migration 0012): every writer keeps them right — an import
inserts them in the written order, a later sheet with the column replaces them (audited), a
sheet without it leaves them alone, an ORM write replaces them and moves `updated_at`, and a
deleted record takes its rows along. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from parkatlas.db import make_engine
from parkatlas.industry_links import link_rows
from parkatlas.models import AuditEntry, Site, SiteIndustry
from tests.helpers import run_cli


def _links(url: str) -> list[tuple[str, str, int, str]]:
    eng = make_engine(url)
    with eng.connect() as conn:
        t = SiteIndustry.__table__
        rows = [tuple(r) for r in conn.execute(select(t.c.site_id, t.c.role, t.c.pos, t.c.code)
                                               .order_by(t.c.site_id, t.c.role, t.c.pos))]  # fmt: skip
    eng.dispose()
    return rows  # type: ignore[return-value]


def _import(url: str, path: Path, text: str) -> dict:  # type: ignore[type-arg]
    path.write_text(text, encoding="utf-8")
    res = run_cli("import", "sites", str(path), "--json", url=url)
    assert res.returncode == 0, res.stdout + res.stderr
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def test_import_update_and_orm_keep_link_rows(atlas_url: str, tmp_path: Path) -> None:
    _import(atlas_url, tmp_path / "a.csv",
            "id,kind,area_m2,region,industries,preferred_industries\n"
            "S1,factory,5000,嘉定,计算机、通信和其他电子设备制造业;医药制造业,2710\n"
            "S2,factory,3000,嘉定,27,\n")  # fmt: skip
    assert _links(atlas_url) == [
        ("S1", "allowed", 0, "39"), ("S1", "allowed", 1, "27"), ("S1", "preferred", 0, "2710"),
        ("S2", "allowed", 0, "27"),
    ]  # fmt: skip

    # a sheet without the industries columns leaves them alone
    _import(atlas_url, tmp_path / "b.csv", "id,kind,area_m2\nS1,factory,5200\n")
    assert ("S1", "allowed", 1, "27") in _links(atlas_url)

    # a sheet with the column replaces them, and the audit says old → new
    report = _import(atlas_url, tmp_path / "c.csv", "id,kind,area_m2,industries\nS1,factory,5200,35\n")
    assert report["updated"] == 1
    assert [r for r in _links(atlas_url) if r[0] == "S1"] == [("S1", "allowed", 0, "35"), ("S1", "preferred", 0, "2710")]
    eng = make_engine(atlas_url)
    with Session(eng) as s:
        audit = s.execute(select(AuditEntry).where(AuditEntry.entity_id == "S1", AuditEntry.action == "update")).scalars().all()
        assert audit[-1].changes["fields"]["industries"] == ["39;27", "35"]

        # the ORM door: setting the text writes the rows and moves updated_at
        site = s.get(Site, "S2")
        assert site is not None
        before = site.updated_at
        site.industries = "36;27"
        s.commit()
        s.expire_all()
        site = s.get(Site, "S2")
        assert site is not None
        assert site.industries == "36;27"
        assert site.updated_at > before
        # a deleted site takes its rows along
        s.delete(site)
        s.commit()
    eng.dispose()
    assert [r for r in _links(atlas_url) if r[0] == "S2"] == []


_CODE = st.sampled_from(["27", "2710", "39", "C", " 36 ", "3911", ""])


@given(st.lists(st.tuples(st.one_of(st.none(), st.lists(_CODE, max_size=4).map(";".join)),
                          st.one_of(st.none(), st.lists(_CODE, max_size=4).map(";".join))), max_size=6))
def test_link_rows_hold_each_code_once_in_written_order(cells: list[tuple[str | None, str | None]]) -> None:
    """Whatever the cells hold (one code, several, repeats, blanks, spaces), the rows of a record
    and role are its distinct codes in the order written, at positions 0, 1, 2 …"""
    recs = [{"id": f"S{i}", "industries": a, "preferred_industries": b} for i, (a, b) in enumerate(cells)]
    rows = link_rows("sites", recs)
    for rec in recs:
        for field, role in (("industries", "allowed"), ("preferred_industries", "preferred")):
            mine = [(pos, code) for sid, r, pos, code in rows if sid == rec["id"] and r == role]
            want = list(dict.fromkeys(c.strip() for c in (rec[field] or "").split(";") if c.strip()))
            assert mine == list(enumerate(want))
