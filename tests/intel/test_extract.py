"""The fact extractor end to end: invariants, rules on small texts, scores on the own test
texts (tests/intel/texts) and on the shared dev set, speed."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.intel.extract import extract_facts
from parkatlas.intel.gold import write_gold_jsonl
from parkatlas.intel.schema import EXTRACTOR_NAME, GOLD_FIELDS, FactRecord

HERE = Path(__file__).parent
TEXTS = HERE / "texts"
REPO = HERE.parent.parent
SHARED = REPO.parent / "shared" / "intel"


def facts(text: str, **kw):  # type: ignore[no-untyped-def]
    return extract_facts(text, **kw)


def by_quote(text: str, **kw) -> dict[str, FactRecord]:  # type: ignore[no-untyped-def]
    return {f.quote: f for f in extract_facts(text, **kw)}


# ------------------------------------------------------------------ invariants


def test_schema() -> None:
    f = FactRecord(
        "60.4亿元",
        0,
        6,
        "money",
        6.04e9,
        "CNY",
        "tax_revenue",
        "level",
        "actual",
        "嘉定",
        2023,
        None,
    )
    g = f.to_gold("a.txt")
    assert tuple(g) == GOLD_FIELDS
    assert g["value"] == 6040000000 and isinstance(g["value"], int)
    assert EXTRACTOR_NAME.startswith("parkatlas.facts.")


def test_offsets_and_order_on_every_text() -> None:
    for path in sorted((TEXTS / "docs").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        got = extract_facts(text)
        assert got, path
        assert all(text[f.start : f.end] == f.quote for f in got)
        assert [f.start for f in got] == sorted(f.start for f in got)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "去年",
                "嘉定区",
                "完成税收",
                "60.4亿元",
                "增长",
                "44.3%",
                ",",
                "。",
                "\n",
                " ",
                "Last year",
                "Xuhui District",
                "signed",
                "40 projects",
                "$100 million",
                "the",
                "“",
                "”",
                "10 thousand mu",
                "到2025年",
                "力争",
                "288亩",
                "will",
                "(",
                ")",
                "占",
                "近",
                "五大行动",
                "2022-06-06",
                "Author: X",
                "- END -",
                "1,450,000",
                "千亿级",
                "respectively",
                "分别",
            ]
        ),
        max_size=40,
    )
)
def test_never_fails_and_offsets_hold(parts: list[str]) -> None:
    text = "".join(parts)
    for f in extract_facts(text):
        assert text[f.start : f.end] == f.quote
        assert f.kind in ("money", "percent", "area", "count")
        assert f.status in ("actual", "target") and f.measure in ("level", "growth", "share")


def test_pure_and_deterministic() -> None:
    text = (TEXTS / "docs" / "zh_01_minhang.txt").read_text(encoding="utf-8")
    assert extract_facts(text) == extract_facts(text)


def test_empty_and_boilerplate_only() -> None:
    assert extract_facts("") == []
    assert extract_facts("Leave a Reply\n\nYour email address will not be published.") == []


# ------------------------------------------------------------------ rules on small texts


def test_period_from_document_date_and_time_words() -> None:
    text = "标题\n\n去年嘉定片区完成税收60.4亿元、增长44.3%;目前北虹桥拥有企业5家。"
    got = by_quote(text, doc_date=dt.date(2024, 3, 7))
    assert got["60.4亿元"].period == 2023 and got["44.3%"].period == 2023
    assert got["5家"].period == 2024
    assert got["44.3%"].metric == "tax_revenue" and got["44.3%"].measure == "growth"


def test_topic_time_governs_the_paragraph_but_not_a_postposed_one() -> None:
    text = (
        "Review\n\nLast year, the GDP grew 8 percent. Retail sales rose 5 percent.\n\n"
        "The company introduced a project of more than $100 million this year, and signed "
        "a single project of 10 billion yuan."
    )
    got = by_quote(text, doc_date=dt.date(2022, 6, 6))
    assert got["8 percent"].period == 2021 and got["5 percent"].period == 2021
    assert got["$100 million"].period == 2022 and got["$100 million"].qualifier == "approx"
    assert got["10 billion yuan"].period is None


def test_respectively_maps_items() -> None:
    text = "In January and February high-tech industry investment, manufacturing, export growth of 117%, 112% and 57%, respectively."
    got = by_quote(text, doc_date=dt.date(2022, 6, 6))
    assert [got[q].metric for q in ("117%", "112%", "57%")] == [
        "investment",
        "investment",
        "import_export",
    ]
    assert {got[q].measure for q in got} == {"growth"}
    assert {got[q].period for q in got} == {2022}


def test_targets() -> None:
    text = "标题\n\n预计到2025年,园区将引进企业200家以上、吸纳就业1.5万人。去年新引进企业346家,力争明年建成孵化器。"
    got = by_quote(text, doc_date=dt.date(2023, 5, 1))
    assert got["200家"].status == "target" and got["200家"].period == 2025
    assert got["200家"].qualifier == "approx"
    assert got["1.5万人"].metric == "people"
    assert got["346家"].status == "actual" and got["346家"].period == 2022


def test_share_metric_subject_then_whole() -> None:
    text = "Qingpu New City has a planned area of 91.1 square kilometers, accounting for 13% of Qingpu's land area, creating 40% of the district's GDP and 65% of the total industrial output value."
    got = by_quote(text)
    assert [got[q].metric for q in ("13%", "40%", "65%")] == [
        "land_area",
        "gdp",
        "industrial_output",
    ]
    assert {got[q].measure for q in ("13%", "40%", "65%")} == {"share"}
    assert {got[q].region for q in got} == {"Qingpu New City"}
    assert got["91.1 square kilometers"].status == "actual"  # a planned area is no goal


def test_regions_admin_codes_and_named_areas() -> None:
    pytest.importorskip("parkatlas.reference.regions")
    text = "嘉定区经济\n\n去年嘉定片区完成税收60.4亿元。2022年,全区规上工业产值达到2876亿元。"
    got = by_quote(text, doc_date=dt.date(2023, 3, 1))
    assert got["60.4亿元"].region == "嘉定片区" and got["60.4亿元"].region_code == "310114"
    assert got["2876亿元"].region == "嘉定区" and got["2876亿元"].region_code == "310114"
    en = by_quote("Today, Xuhui District signed with 14 state-owned enterprises.")
    assert en["14 state-owned enterprises"].region == "Xuhui District"
    assert en["14 state-owned enterprises"].region_code == "310104"
    area = by_quote("Binhai New Area has 33 chemical enterprises.")
    assert area["33 chemical enterprises"].region == "Binhai New Area"


def test_region_null_when_no_place() -> None:
    got = by_quote(
        "Vigorous progress\n\nThe fund leveraged over 30 billion yuan of social capital."
    )
    assert got["30 billion yuan"].region is None and got["30 billion yuan"].metric == "fund"


def test_scale_facts() -> None:
    got = by_quote(
        "Title\n\nThe integration accelerated the development of an industry of 10 thousand mu and 100 billion yuan."
    )
    assert (
        got["10 thousand mu"].qualifier == "scale" and got["100 billion yuan"].qualifier == "scale"
    )
    assert (
        got["10 thousand mu"].status == "target"
        and got["100 billion yuan"].metric == "output_value"
    )


# ------------------------------------------------------------------ scores


def _scorer():  # type: ignore[no-untyped-def]
    path = SHARED / "score.py"
    if not path.exists():
        pytest.skip(f"scorer not found at {path}")
    spec = importlib.util.spec_from_file_location("intel_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def _predict(docs: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(docs.glob("*.txt")):
        text = path.read_text(encoding="utf-8-sig")
        write_gold_jsonl(extract_facts(text), path.name, out / f"{path.stem}.jsonl")


def test_own_texts_score(tmp_path: Path) -> None:
    """The own documents (5 Chinese, 5 English) scored as the shared scorer does."""
    score = _scorer()
    _predict(TEXTS / "docs", tmp_path)
    result = score.score(str(TEXTS), str(tmp_path))
    assert not result["errors"]
    assert result["overall"]["f1"] >= 0.9, score.format_report(result, verbose=True)
    for name, attr in result["attributes"].items():
        assert attr["accuracy"] >= 0.85, (name, score.format_report(result, verbose=True))


def test_own_gold_is_valid() -> None:
    score = _scorer()
    result = score.score(str(TEXTS), str(TEXTS))
    assert not result["errors"] and result["overall"]["f1"] == 1.0
    for path in TEXTS.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert tuple(json.loads(line)) == GOLD_FIELDS


def test_dev_set_score(tmp_path: Path) -> None:
    dev = SHARED / "dev"
    if not dev.is_dir():
        pytest.skip(f"dev set not found at {dev}")
    score = _scorer()
    _predict(dev / "docs", tmp_path)
    result = score.score(str(dev), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["f1"] >= 0.95, report
    for name in ("metric", "measure", "status", "region", "period"):
        assert result["attributes"][name]["accuracy"] >= 0.9, report


def _score_set(gold: Path, out: Path) -> tuple[dict[str, Any], str]:
    """Extract a gold set's documents into `out` and score them; skip when the set is absent."""
    if not (gold / "docs").is_dir():
        pytest.skip(f"held-out set not found at {gold}")
    score = _scorer()
    _predict(gold / "docs", out)
    result = score.score(str(gold), str(out))
    report = score.format_report(result, verbose=True)
    assert not result["errors"], report
    return result, report


def test_heldout_set_score(tmp_path: Path) -> None:
    """The annotator's held-out set (tests/intel/heldout, 10 synthetic documents)."""
    result, report = _score_set(HERE / "heldout", tmp_path)
    assert result["overall"]["f1"] >= 0.93, report
    assert result["attributes"]["period"]["accuracy"] >= 0.8, report


def test_heldout2_set_score(tmp_path: Path) -> None:
    """The independent annotator's second held-out set (tests/intel/heldout2, 10 synthetic
    documents). It was used for error analysis after its untuned score (see its README),
    so this guards the rules written from that analysis against regressions."""
    result, report = _score_set(HERE / "heldout2", tmp_path)
    assert result["overall"]["f1"] >= 0.97, report
    assert result["attributes"]["region"]["accuracy"] >= 0.85, report
    assert result["attributes"]["period"]["accuracy"] >= 0.85, report


def test_heldout3_set_score(tmp_path: Path) -> None:
    """The third held-out set (tests/intel/heldout3, 12 synthetic documents by an annotator who
    saw neither the extractor nor its tests). Its untuned score (F1 0.969; metric 0.876,
    region 0.767, period 0.622) is in docs/intel.md; it was used for error analysis for
    extractor v5 since, so this guards the rules written from it."""
    result, report = _score_set(HERE / "heldout3", tmp_path)
    assert result["overall"]["f1"] >= 0.95, report
    for name in ("metric", "measure", "status", "region"):
        assert result["attributes"][name]["accuracy"] >= 0.9, (name, report)
    assert result["attributes"]["period"]["accuracy"] >= 0.85, report


def test_heldout4_set_score(tmp_path: Path) -> None:
    """Held-out set 4 (tests/intel/heldout4, 6 synthetic documents written for issue 13 §2
    before its rule changes; first score in its README). Used for error analysis since: this
    guards the attributes at ≥ 0.9 each."""
    result, report = _score_set(HERE / "heldout4", tmp_path)
    assert result["overall"]["f1"] >= 0.98, report
    for name in ("metric", "measure", "status", "region", "period"):
        assert result["attributes"][name]["accuracy"] >= 0.9, (name, report)


def test_heldout5_set_score(tmp_path: Path) -> None:
    """Held-out set 5 (tests/intel/heldout5: an e-paper page, full HTML pages, signings; first
    score untuned in its README and first_score.txt). Used for error analysis since: this
    guards F1, no furniture number (precision) and the attributes."""
    from parkatlas.intel.extract_command import run_extract

    gold = HERE / "heldout5"
    written, errors = run_extract([str(gold / "docs")], str(tmp_path))  # reads the HTML too
    assert not errors
    score = _scorer()
    result = score.score(str(gold), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert not result["errors"], report
    assert result["overall"]["f1"] >= 0.97, report
    assert result["overall"]["precision"] == 1.0, report
    for name in ("metric", "measure", "status", "region", "period"):
        assert result["attributes"][name]["accuracy"] >= 0.9, (name, report)


def test_heldout7_set_score(tmp_path: Path) -> None:
    """Held-out set 7 (tests/intel/heldout7; first score untuned in its README, period 0.725).
    Used for error analysis since: this guards what it reached."""
    from parkatlas.intel.extract_command import run_extract

    gold = HERE / "heldout7"
    _, errors = run_extract([str(gold / "docs")], str(tmp_path))
    assert not errors
    score = _scorer()
    result = score.score(str(gold), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["f1"] >= 0.98 and result["overall"]["precision"] == 1.0, report
    for name in ("metric", "measure", "status", "region"):
        assert result["attributes"][name]["accuracy"] >= 0.95, (name, report)
    assert result["attributes"]["period"]["accuracy"] >= 0.8, report


def test_heldout8_set_score(tmp_path: Path) -> None:
    """Held-out set 8 (tests/intel/heldout8; first score untuned in its README, status 0.870).
    Used for error analysis since: this guards what it reached."""
    gold = HERE / "heldout8"
    _predict(gold / "docs", tmp_path)
    score = _scorer()
    result = score.score(str(gold), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["f1"] >= 0.95 and result["overall"]["precision"] == 1.0, report
    for name in ("metric", "measure", "status", "region", "period"):
        assert result["attributes"][name]["accuracy"] >= 0.9, (name, report)


def test_heldout9_set_score(tmp_path: Path) -> None:
    """Held-out set 9 (tests/intel/heldout9; first score untuned in its README: region 0.671,
    period 0.847). Used for error analysis since: this guards what it reached, and that no
    furniture number (e-paper headline list, related lists, counters, ICP, phones) is taken."""
    from parkatlas.intel.extract_command import run_extract

    gold = HERE / "heldout9"
    _, errors = run_extract([str(gold / "docs")], str(tmp_path))
    assert not errors
    score = _scorer()
    result = score.score(str(gold), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["f1"] >= 0.98 and result["overall"]["precision"] == 1.0, report
    for name in ("metric", "measure", "status", "region", "period"):
        assert result["attributes"][name]["accuracy"] >= 0.95, (name, report)


def test_heldout10_set_score(tmp_path: Path) -> None:
    """Held-out set 10 (tests/intel/heldout10; first score untuned in its README, every
    attribute ≥ 0.96): this guards it; it was not used for error analysis."""
    from parkatlas.intel.extract_command import run_extract

    gold = HERE / "heldout10"
    _, errors = run_extract([str(gold / "docs")], str(tmp_path))
    assert not errors
    score = _scorer()
    result = score.score(str(gold), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["f1"] >= 0.97, report
    for name in ("metric", "measure", "status", "region", "period"):
        assert result["attributes"][name]["accuracy"] >= 0.95, (name, report)


def test_heldout6_set_score(tmp_path: Path) -> None:
    """Held-out set 6 (tests/intel/heldout6; first score untuned in its README). Used for
    error analysis since: this guards F1, precision and the attributes it reached."""
    from parkatlas.intel.extract_command import run_extract

    gold = HERE / "heldout6"
    _, errors = run_extract([str(gold / "docs")], str(tmp_path))
    assert not errors
    score = _scorer()
    result = score.score(str(gold), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["f1"] >= 0.97 and result["overall"]["precision"] == 1.0, report
    for name in ("metric", "measure", "status", "region"):
        assert result["attributes"][name]["accuracy"] >= 0.9, (name, report)
    assert result["attributes"]["period"]["accuracy"] >= 0.85, report


def test_heldout5_signing_records() -> None:
    """The gold signing records of held-out 5 (project, enterprise, place, amount), scored
    through ingest's own reading of each file."""
    from tests.intel.signing_score import format_report, score

    for name, n in (("heldout5", 8), ("heldout6", 6), ("heldout7", 4)):
        result = score(HERE / name)
        assert result["gold"] == n, format_report(result)
        assert result["f1"] >= 0.9, format_report(result)
        for field in ("project", "amount", "place"):
            assert result["fields"][field] >= 0.9, (name, format_report(result))


# ------------------------------------------------------------------ command


def test_extract_command(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from parkatlas.cli import app

    src = tmp_path / "in"
    src.mkdir()
    for p in (TEXTS / "docs").glob("*.txt"):
        shutil.copy(p, src / p.name)
    (src / "bad.txt").write_bytes(b"\x00\x01\x02\x00binary\x00")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app, ["extract", str(src), "--format", "gold-jsonl", "--out", str(out)]
    )
    assert res.exit_code == 1
    assert (
        "bad.txt" in (res.stderr if hasattr(res, "stderr") else res.output)
        or "bad.txt" in res.output
    )
    written = sorted(p.name for p in out.glob("*.jsonl"))
    assert written == sorted(p.stem + ".jsonl" for p in (TEXTS / "docs").glob("*.txt"))
    score = _scorer()
    result = score.score(str(TEXTS), str(out))
    assert result["overall"]["f1"] >= 0.9


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("去年嘉定片区完成税收60.4亿元,GDP增长", "zh"),
        ("Xuhui District signed 14 projects", "en"),
        ("Shanghai (上海) Jiading District signed a new round of agreements with partners", "en"),
        ("", "en"),
    ],
)
def test_detect_lang(text: str, lang: str) -> None:
    from parkatlas.intel.lang import detect_lang

    assert detect_lang(text) == lang
