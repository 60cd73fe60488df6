"""The keyword search (`q`) through its trigram index (parkatlas/search.py) gives exactly the
sites the plain substring condition gives, on SQLite and PostgreSQL, and the index stays
right after every way sites are written: API create, PATCH and DELETE, a bulk import into an
empty table (indexes built at the end), an import into a filled one, the demo, a migration
of an atlas that already holds sites."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from alembic import command
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Text, cast, delete, insert, or_, select

from parkatlas import search
from parkatlas.api.app import create_app
from parkatlas.db import alembic_config, icontains_pattern, make_engine
from parkatlas.demo.build import build_demo
from parkatlas.io.importer import import_file
from parkatlas.models import Site, utcnow
from parkatlas.settings import load_settings
from tests.workspace.world import build_world

# ASCII letters in both cases, Chinese, digits and the characters LIKE and FTS5 treat specially
ALPHABET = "aAbBzZ01 厂房安亭%_\\\"'*-().:"
TEXT = st.text(alphabet=ALPHABET, max_size=12)
SEARCHED = ("name", "address", "park", "town", "description", "contact")


def _ascii_lower(s: str) -> str:
    return s.translate(str.maketrans(string.ascii_uppercase, string.ascii_lowercase))


def _reference(row: dict, q: str) -> bool:
    """The meaning of the search: q is a substring of a searched value, ASCII case ignored."""
    values = [row["id"], *(row.get(c) for c in SEARCHED)]
    if row.get("attrs") is not None:
        values.append(json.dumps(row["attrs"], ensure_ascii=False))  # as stored (db.json_text)
    return any(v is not None and _ascii_lower(q) in _ascii_lower(v) for v in values)


def _plain(q: str):  # type: ignore[no-untyped-def]
    """The substring filter without the index: one LIKE/ILIKE per column."""
    cols = [getattr(Site, c) for c in search.COLUMNS[:-1]] + [cast(Site.attrs, Text)]
    return or_(*(icontains_pattern(c, search.like_pattern(q)) for c in cols))


def _ids(conn, cond) -> set[str]:  # type: ignore[no-untyped-def]
    return set(conn.execute(select(Site.id).where(cond)).scalars())


def _found(url: str, q: str) -> set[str]:
    eng = make_engine(url)
    try:
        with eng.connect() as conn:
            return _ids(conn, search.keyword_condition(Site, q))
    finally:
        eng.dispose()


def _index_ok(url: str) -> bool:
    eng = make_engine(url)
    try:
        with eng.begin() as conn:
            return search.check(conn)
    finally:
        eng.dispose()


def _site_rows(values: list[tuple]) -> list[dict]:
    rows = []
    for i, (name, addr, town, note, contact, attr) in enumerate(values):
        rows.append({"id": f"K{i:03d}{name[:2]}", "kind": "factory", "area_m2": 100.0, "status": "available",
                     "synthetic": False, "updated_at": utcnow(), "name": name or None, "address": addr or None,
                     "town": town or None, "description": note or None, "contact": contact or None,
                     "attrs": {"朝向" if i % 2 else "k" + attr[:3]: attr} if attr else None})  # fmt: skip
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.tuples(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT), min_size=1, max_size=12),
       queries=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=6), min_size=1, max_size=6))  # fmt: skip
def test_indexed_search_equals_the_substring_filter(atlas_url: str, values: list[tuple], queries: list[str]) -> None:
    rows = _site_rows(values)
    eng = make_engine(atlas_url)
    try:
        with eng.connect() as conn:
            trans = conn.begin()
            try:
                conn.execute(insert(Site.__table__), rows)
                for q in queries + [r["id"][1:5] for r in rows[:2]]:
                    indexed = _ids(conn, search.keyword_condition(Site, q))
                    plain = _ids(conn, _plain(q))
                    expected = {r["id"] for r in rows if _reference(r, q)}
                    assert indexed == plain == expected, q
                # a change of a searched column and a deletion reach the index (triggers)
                conn.execute(Site.__table__.update().where(Site.id == rows[0]["id"]).values(name="改名ZQX厂房"))
                conn.execute(delete(Site).where(Site.id.in_([r["id"] for r in rows[1:2]])))
                left = {r["id"] for r in rows[1:2]}
                for q in ("zqx厂", "ZQX", "改名z"):
                    assert _ids(conn, search.keyword_condition(Site, q)) == {rows[0]["id"]} - left
                for r in rows[1:2]:
                    assert r["id"] not in _ids(conn, search.keyword_condition(Site, r["id"]))
            finally:
                trans.rollback()
    finally:
        eng.dispose()


def test_percent_and_underscore_are_plain_characters(atlas_url: str) -> None:
    rows = _site_rows([("50%绿化", "", "", "", "", ""), ("50x绿化", "", "", "", "", ""),
                       ("a_b厂房", "", "", "", "", ""), ("acb厂房", "", "", "", "", "")])  # fmt: skip
    eng = make_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(insert(Site.__table__), rows)
    eng.dispose()
    assert _found(atlas_url, "50%绿") == {rows[0]["id"]}
    assert _found(atlas_url, "%") == {rows[0]["id"]}
    assert _found(atlas_url, "a_b") == {rows[2]["id"]} and _found(atlas_url, "_") == {rows[2]["id"]}


def test_the_index_follows_api_writes(atlas_url: str) -> None:
    world = build_world(atlas_url)
    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": atlas_url}), pool_size=2)
    h = world.auth("at_officer")
    with TestClient(app, base_url="https://testserver") as c:
        r = c.post("/api/v1/sites", headers=h, json={"kind": "factory", "area_m2": 900, "name": "星河湾一号厂房",
                                                     "description": "靠近地铁Line11"})  # fmt: skip
        assert r.status_code == 201, r.text
        sid = r.json()["id"]

        def found(q: str) -> set[str]:
            got = c.get("/api/v1/sites", headers=h, params={"q": q})
            assert got.status_code == 200, got.text
            return {s["id"] for s in got.json()["items"]}

        assert found("星河湾") == {sid} and found("line11") == {sid} and found(sid.lower()) == {sid}
        assert c.patch(f"/api/v1/sites/{sid}", headers=h, json={"name": "月光谷二号"}).status_code == 200
        assert found("星河湾") == set() and found("月光谷") == {sid} and found("LINE11") == {sid}
        assert c.patch(f"/api/v1/sites/{sid}", headers=h, json={"status": "reserved"}).status_code == 200
        assert found("月光谷") == {sid}
        assert c.delete(f"/api/v1/sites/{sid}", headers=h).status_code == 204
        assert found("月光谷") == set() and found("line11") == set()
    assert _index_ok(atlas_url)


def _sheet(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    lines = ["id,region,kind,area_m2,name,备注,朝向"]
    lines += [f"{sid},310114,factory,1000,{name},{note},朝南" for sid, name, note in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_index_follows_imports_fresh_and_into_a_filled_table(atlas_url: str, tmp_path: Path) -> None:
    first = [(f"S{i:04d}", f"嘉定{i}号厂房", "近高速" if i % 2 else "") for i in range(120)]
    report = import_file(atlas_url, "sites", _sheet(tmp_path / "a.csv", first))
    assert report.written and report.inserted == 120
    assert _index_ok(atlas_url)  # built once at the end, its triggers back
    assert _found(atlas_url, "嘉定17号") == {"S0017"}
    assert _found(atlas_url, "近高速") == {f"S{i:04d}" for i in range(1, 120, 2)}
    assert _found(atlas_url, "朝南") == {f"S{i:04d}" for i in range(120)}  # a kept attribute
    # into a filled table: rows are updated and added one by one (the triggers keep the index)
    second = [("S0017", "安亭新厂房", ""), ("S9000", "外冈仓库旁厂房", "")]
    report = import_file(atlas_url, "sites", _sheet(tmp_path / "b.csv", second))
    assert report.written and report.inserted == 1 and report.updated == 1
    assert _found(atlas_url, "嘉定17号") == set()
    assert _found(atlas_url, "安亭新") == {"S0017"} and _found(atlas_url, "外冈仓") == {"S9000"}
    assert _index_ok(atlas_url)


def test_a_refused_strict_bulk_import_leaves_the_index_as_it_was(atlas_url: str, tmp_path: Path, monkeypatch) -> None:
    from parkatlas.io import importer

    monkeypatch.setattr(importer, "CHUNK_ROWS", 50)  # the first chunks are written, then refused
    path = _sheet(tmp_path / "bad.csv", [(f"S{i:04d}", f"宝山{i}号", "") for i in range(120)])
    path.write_text(path.read_text(encoding="utf-8") + "S9999,310114,,1000,没有类型,,\n", encoding="utf-8")
    report = import_file(atlas_url, "sites", path, strict=True)
    assert not report.written
    assert _index_ok(atlas_url) and _found(atlas_url, "宝山1") == set()
    assert import_file(atlas_url, "sites", _sheet(tmp_path / "ok.csv", [("S0001", "宝山1号", "")])).written
    assert _found(atlas_url, "宝山1号") == {"S0001"}


def test_the_demo_is_searchable(atlas_url: str) -> None:
    build_demo(atlas_url, sites=200, seed=3, actor="test")
    assert _index_ok(atlas_url)
    assert _found(atlas_url, "S000012") == {f"S000012{i}" for i in range(10)}
    eng = make_engine(atlas_url)
    with eng.connect() as conn:
        names = list(conn.execute(select(Site.id, Site.name).order_by(Site.id).limit(3)))
        for sid, name in names:
            assert sid in _ids(conn, search.keyword_condition(Site, name))
            assert _ids(conn, search.keyword_condition(Site, name)) == _ids(conn, _plain(name))
    eng.dispose()
    build_demo(atlas_url, sites=150, seed=4, actor="test")  # rebuilt over the old demo
    assert _index_ok(atlas_url) and _found(atlas_url, "S000019") == set()


def test_migrating_an_atlas_with_sites_indexes_them(atlas_url: str) -> None:
    cfg = alembic_config(atlas_url)
    command.downgrade(cfg, "0010_site_files")  # an atlas from before the index, with sites in it
    eng = make_engine(atlas_url)
    with eng.begin() as conn:
        assert not search.check(conn)
        conn.execute(insert(Site.__table__), _site_rows([("旧库一号", "老路1号", "", "", "", "东侧"),
                                                          ("旧库二号", "", "", "", "", "")]))  # fmt: skip
    eng.dispose()
    command.upgrade(cfg, "head")
    assert _index_ok(atlas_url)
    assert _found(atlas_url, "旧库一") == {"K000旧库"} and _found(atlas_url, "老路1") == {"K000旧库"}
    assert _found(atlas_url, "东侧") == {"K000旧库"} and len(_found(atlas_url, "旧库二号")) == 1


@pytest.mark.parametrize("q", ["ab", "a", "厂"])
def test_short_keywords_scan_and_agree(atlas_url: str, q: str) -> None:
    rows = _site_rows([("xAB厂", "", "", "", "", ""), ("ab", "", "", "", "", ""), ("a", "", "", "", "", ""),
                       ("房", "", "", "", "", "")])  # fmt: skip
    eng = make_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(insert(Site.__table__), rows)
    eng.dispose()
    assert _found(atlas_url, q) == {r["id"] for r in rows if _reference(r, q)}


@pytest.mark.parametrize("frequent_above", [3, 100_000])
def test_lists_of_a_frequent_keyword_are_the_same_read_either_way(atlas_url: str, monkeypatch,
                                                                  frequent_above: int) -> None:  # fmt: skip
    """A keyword the index names many candidates for is read by a scan (and a list past the
    count limit is paged by a scan in id order): the same count and pages as through the index."""
    from parkatlas.workspace import sites as core
    from parkatlas.workspace.sites import SiteFilter, list_sites
    from tests.workspace.world import SYSTEM, session_for

    monkeypatch.setattr(search, "FREQUENT", frequent_above)
    monkeypatch.setattr(core, "COUNT_LIMIT", 12)
    rows = _site_rows([(f"东方美谷{i % 3}号" if i % 2 else f"东方美{i}", f"路{i}", "", "", "", "")
                       for i in range(40)])  # fmt: skip
    eng = make_engine(atlas_url)
    with eng.begin() as conn:
        conn.execute(insert(Site.__table__), rows)
    eng.dispose()
    with session_for(atlas_url) as s:
        for q, page in (("东方美谷", 1), ("东方美谷", 2), ("东方美谷1", 1), ("东方美", 3), ("美谷2号", 1)):
            expected = sorted(r["id"] for r in rows if _reference(r, q))
            got = list_sites(s, SYSTEM, SiteFilter(q=q), page=page, per_page=5)
            assert got.count == min(len(expected), 12) and got.count_exact == (len(expected) <= 12), q
            assert [x.id for x in got.items] == expected[(page - 1) * 5 : page * 5], (q, page)
