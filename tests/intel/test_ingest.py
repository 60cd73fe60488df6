"""ingest: idempotency by content hash, re-extraction, per-file refusals; on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from parkatlas.errors import ParkatlasError
from parkatlas.intel.ingest import expand_paths, ingest_paths
from parkatlas.intel.profile import query_facts, region_profile
from parkatlas.intel.store import document_id, normalize_for_hash
from parkatlas.models import Document, Fact
from tests.intel.samples import EN, ZH


def rows(url: str, model: type) -> list:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return list(session.scalars(select(model)))
    finally:
        engine.dispose()


def count(url: str, model: type) -> int:
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return session.scalar(select(func.count()).select_from(model)) or 0
    finally:
        engine.dispose()


def fact_snapshot(url: str) -> list[tuple]:
    return sorted(
        (f.id, f.document_id, f.quote, f.start, f.end, f.value, f.unit) for f in rows(url, Fact)
    )


def test_hash_ignores_whitespace_and_unicode_form() -> None:
    assert normalize_for_hash("  a \n\n b\tc ") == "a b c"
    assert document_id("e\u0301 x") == document_id("\u00e9\n  x")
    assert document_id("a b") != document_id("ab")
    assert len(document_id("x")) == 64


def test_same_text_twice_is_stored_once(atlas_url: str, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "copy.txt").write_bytes(ZH.replace("\n", "\r\n").encode("gb18030"))
    first = ingest_paths(atlas_url, [str(tmp_path / "a.txt")])
    assert [f.outcome for f in first.files] == ["stored"]
    assert first.files[0].lang == "zh"
    stored_facts = fact_snapshot(atlas_url)
    assert stored_facts, "the extractor found no fact in a text full of them"
    again = ingest_paths(atlas_url, [str(tmp_path)])
    assert sorted(f.outcome for f in again.files) == ["unchanged", "unchanged"]
    assert again.facts == 0
    assert count(atlas_url, Document) == 1
    assert fact_snapshot(atlas_url) == stored_facts  # nothing rewritten
    doc = rows(atlas_url, Document)[0]
    assert doc.id == document_id(ZH)
    assert doc.source == str(tmp_path / "a.txt")
    assert doc.title == "嘉定片区经济运行情况"
    assert doc.text == ZH
    for fact in rows(atlas_url, Fact):
        assert doc.text[fact.start : fact.end] == fact.quote


def test_new_extractor_version_re_extracts(
    atlas_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parkatlas.intel import schema

    path = tmp_path / "en.txt"
    path.write_text(EN, encoding="utf-8")
    first = ingest_paths(atlas_url, [str(path)])
    assert first.files[0].outcome == "stored"
    assert rows(atlas_url, Document)[0].extractor == schema.EXTRACTOR_NAME
    before = fact_snapshot(atlas_url)
    # A fact only the old extractor found: the re-extraction must drop it.
    engine = create_engine(atlas_url)
    with Session(engine) as session, session.begin():
        session.add(
            Fact(
                document_id=document_id(EN),
                quote="old",
                start=0,
                end=3,
                kind="count",
                value=1.0,
                unit="count",
            )
        )
    engine.dispose()
    monkeypatch.setattr(schema, "EXTRACTOR_NAME", "parkatlas.facts.test-upgrade")
    again = ingest_paths(atlas_url, [str(path)])
    assert [f.outcome for f in again.files] == ["re-extracted"]
    assert again.facts == len(before)
    assert count(atlas_url, Document) == 1
    assert rows(atlas_url, Document)[0].extractor == "parkatlas.facts.test-upgrade"
    after = fact_snapshot(atlas_url)
    assert [f[2:] for f in after] == [f[2:] for f in before]  # the old-only fact is gone
    third = ingest_paths(atlas_url, [str(path)])
    assert [f.outcome for f in third.files] == ["unchanged"]


def _mixed_folder(root: Path) -> dict[str, str]:
    """Good and bad files side by side; returns the expected reason per bad file name."""
    (root / "sub").mkdir(parents=True)
    (root / "zh_utf8.txt").write_text(ZH, encoding="utf-8")
    (root / "sub" / "en.md").write_text(EN, encoding="utf-8")
    (root / "sub" / "zh_gbk.txt").write_bytes(ZH.replace("嘉定", "青浦").encode("gbk"))
    html = (
        "<html><head><title>Xuhui news</title><script>ads()</script></head><body>"
        "<nav>Home | News</nav><article><p>" + EN.replace("\n", " ") * 3 + "</p></article>"
        "</body></html>"
    )
    (root / "page.html").write_text(html, encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "sub" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "big.txt").write_bytes(b"a" * 3_000)
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (root / ".hidden.txt").write_text("ignored", encoding="utf-8")
    return {
        "empty.txt": "empty file: nothing to read",
        "binary.txt": "binary file (it contains NUL bytes): only text, HTML and PDF files are read",
        "big.txt": "file is 3,000 bytes, larger than the 2,500 bytes limit: split it, "
        "or raise the limit with --max-mb",
    }


def test_mixed_folder_stores_good_files_and_refuses_bad_ones_by_name(
    atlas_url: str, tmp_path: Path
) -> None:
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(EN.replace("40", "41"), encoding="utf-8")
    ingest_paths(atlas_url, [str(earlier)])
    kept_docs = [(d.id, d.text, d.extractor) for d in rows(atlas_url, Document)]
    kept_facts = fact_snapshot(atlas_url)

    folder = tmp_path / "news"
    expected = _mixed_folder(folder)
    report = ingest_paths(atlas_url, [str(folder)], max_bytes=2_500)
    refused = {Path(f.file).name: f.reason for f in report.refused}
    assert refused == expected
    assert sorted(Path(f.file).name for f in report.stored) == [
        "en.md",
        "page.html",
        "zh_gbk.txt",
        "zh_utf8.txt",
    ]
    assert [Path(p).name for p in report.skipped] == ["photo.jpg"]
    assert count(atlas_url, Document) == 5
    # What was stored before is untouched.
    still = {d.id: (d.id, d.text, d.extractor) for d in rows(atlas_url, Document)}
    assert all(still[doc[0]] == doc for doc in kept_docs)
    assert set(kept_facts) <= set(fact_snapshot(atlas_url))
    assert report.counts()["refused"] == 3


def test_extractor_failure_refuses_that_document_only(
    atlas_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from parkatlas.intel import extract

    real = extract.extract_document

    def flaky(text: str, **kwargs: object) -> extract.Extraction:
        if "BOOM" in text:
            raise RuntimeError("cannot parse")
        return real(text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(extract, "extract_document", flaky)
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "b.txt").write_text("BOOM 40 projects", encoding="utf-8")
    report = ingest_paths(atlas_url, [str(tmp_path)])
    assert [Path(f.file).name for f in report.stored] == ["a.txt"]
    assert [(Path(f.file).name, f.reason) for f in report.refused] == [
        (
            "b.txt",
            "the extractor failed on this document (RuntimeError: cannot parse); "
            "please report it with the file",
        )
    ]


def test_workers_give_the_same_result_as_one_process(atlas_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    _mixed_folder(folder)
    for i in range(6):
        (folder / f"extra{i}.txt").write_text(EN.replace("40", str(50 + i)), encoding="utf-8")
    report = ingest_paths(atlas_url, [str(folder)], workers=2, max_bytes=2_500)
    assert len(report.stored) == 10
    assert len(report.refused) == 3
    facts_parallel = sorted((f.document_id, f.start, f.quote) for f in rows(atlas_url, Fact))
    again = ingest_paths(atlas_url, [str(folder)], workers=1, max_bytes=2_500)
    assert len(again.unchanged) == 10
    assert sorted((f.document_id, f.start, f.quote) for f in rows(atlas_url, Fact)) == (
        facts_parallel
    )


def test_paths_globs_and_missing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    (tmp_path / "b.html").write_text("b", encoding="utf-8")
    (tmp_path / "c.csv").write_text("c", encoding="utf-8")
    files, refused, skipped = expand_paths(
        [str(tmp_path / "*"), str(tmp_path / "a.txt"), str(tmp_path / "nope.txt"), "zz/*.txt"]
    )
    assert [p.name for p in files] == ["a.txt", "b.html"]  # a.txt once
    assert [Path(p).name for p in skipped] == ["c.csv"]
    assert [(r.file, r.reason) for r in refused] == [
        (str(tmp_path / "nope.txt"), "no such file or folder: check the path"),
        ("zz/*.txt", "no file matches this pattern: check it"),
    ]


def test_ingest_refuses_an_atlas_without_schema(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    with pytest.raises(ParkatlasError, match="run `parkatlas init` first"):
        ingest_paths(f"sqlite:///{tmp_path / 'new.db'}", [str(tmp_path / "a.txt")])
    with pytest.raises(ParkatlasError, match="--workers 0 must be 1 or more"):
        ingest_paths(f"sqlite:///{tmp_path / 'new.db'}", [], workers=0)


def test_facts_and_profile_read_back_with_sources(atlas_url: str, tmp_path: Path) -> None:
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    ingest_paths(atlas_url, [str(tmp_path)])
    everything = query_facts(atlas_url)
    assert everything
    for fact in everything:
        assert fact["source"] in (str(tmp_path / "zh.txt"), str(tmp_path / "en.txt"))
        assert fact["quote"]
    assert len(query_facts(atlas_url, limit=2)) == 2
    regions = {f["region"] for f in everything if f["region"]}
    some = sorted(regions)[0]
    by_text = query_facts(atlas_url, region=some)
    assert by_text and all(f["region"] == some or f["region_code"] for f in by_text)
    money = query_facts(atlas_url, metric="tax_revenue")
    assert all(f["metric"] == "tax_revenue" for f in money)
    assert query_facts(atlas_url, since=2100) == []
    with pytest.raises(ParkatlasError, match="unknown metric 'taxes': use one of gdp, "):
        query_facts(atlas_url, metric="taxes")
    profile = region_profile(atlas_url, some).to_dict()
    assert profile["facts"] == len(by_text)
    for ind in profile["indicators"]:
        for fact in [ind["latest"], *ind["earlier"], *ind["growth"], *ind["targets"]]:
            if fact is not None:
                assert fact["quote"] and fact["source"] and fact["sentence"]
                assert fact["quote"] in fact["sentence"]


def test_distributed_adapter_stores_what_workers_prepared(atlas_url: str, tmp_path: Path) -> None:
    from parkatlas.intel.distributed import list_files, prepare_with_dask, store_prepared
    from parkatlas.intel.ingest import prepare_document

    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    prepared = [prepare_document(path) for path in list_files([str(tmp_path)])]
    report = store_prepared(atlas_url, prepared)
    assert report.counts()["stored"] == 1
    assert [(Path(f.file).name, f.reason) for f in report.refused] == [
        ("empty.txt", "empty file: nothing to read")
    ]
    try:
        import dask.bag  # noqa: F401
    except ImportError:
        with pytest.raises(ParkatlasError) as info:
            prepare_with_dask([str(tmp_path)])
        assert str(info.value) == (
            "dask.bag is not installed: pip install 'dask[bag]' to run the extractor on it"
        )
    else:
        items = prepare_with_dask([str(tmp_path)]).compute(scheduler="processes")
        assert store_prepared(atlas_url, items).counts()["unchanged"] == 1
