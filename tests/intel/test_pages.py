"""Whole pages (issue 13 §1): e-paper headers, menus, footers — no article lost, no furniture
number taken; `extract --show-clean`; repeated furniture across a site's pages."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from parkatlas.cli import app
from parkatlas.intel.clean import clean_report, clean_text
from parkatlas.intel.clean_rules import nav_line
from parkatlas.intel.extract import extract_document, extract_facts
from parkatlas.intel.extract_command import run_extract
from parkatlas.intel.site import repeated_lines
from tests.intel.test_extract import _scorer

PAGES = Path(__file__).parent / "pages"

EPAPER = (
    "第A1版:要闻\n下一版\n标题导航\n嘉定区前三季度签约项目86个\n宝山区新增企业3200家\n"
    "下一篇\n放大 缩小 默认\n"
    "嘉定区前三季度签约项目86个\n"
    "前三季度嘉定区共签约产业项目86个，总投资532亿元，同比增长12.6%。\n"
)


def test_navigation_word_above_the_body_never_ends_the_article() -> None:
    facts = extract_facts(EPAPER)
    assert [f.quote for f in facts] == ["86个", "86个", "532亿元", "12.6%"]
    # the headline list under 标题导航 is other articles: its 3200家 is not a fact
    assert "3200" not in clean_text(EPAPER)


def test_navigation_marker_after_a_sliver_of_body_does_not_cut_a_long_article() -> None:
    body = "全区新增企业5604户，同比增长12%。" * 12
    text = f"导读：一句话。\n下一篇\n{body}\n"
    assert clean_text(text).endswith(body)


def test_end_marker_after_the_body_still_cuts() -> None:
    text = "标题\n\n全区签约项目12个。\n\n下一篇：宝山新增企业3200家\n\n马陆镇税收增长9%"
    assert clean_text(text) == "标题\n\n全区签约项目12个。"


def test_footer_and_its_short_lines_are_dropped() -> None:
    text = (
        "标题\n\n全镇新增企业40家。\n\n沪ICP备12345678号\n站群：嘉定 12个街镇\n"
        "您是第 1234 位访客\n"
    )
    assert clean_text(text) == "标题\n\n全镇新增企业40家。"


def test_dated_headline_items_are_dropped() -> None:
    text = "标题\n\n全镇新增企业40家。\n\n外冈镇引进项目35个 2026-07-10\n"
    assert clean_text(text) == "标题\n\n全镇新增企业40家。"


def test_nav_lines() -> None:
    assert nav_line("第A1版:要闻")
    assert nav_line("放大 缩小 默认")
    assert nav_line("上一版  下一版")
    assert nav_line("首页 | 新闻中心 | 政务公开 | 投资嘉定")
    assert not nav_line("嘉定区前三季度签约项目86个")
    assert not nav_line("全区签约项目12个。")


def test_a_lost_article_is_a_warning_not_a_silent_zero() -> None:
    body = "全区新增企业5604户，同比增长12%，完成税收60亿元，创历史新高。" * 8
    text = f"标题\n\n全区签约项目1个。\n\n相关阅读\n\n{body}\n"
    result = extract_document(text)
    assert len(result.facts) == 1
    assert result.warnings and "--show-clean" in result.warnings[0]
    assert not clean_report("标题\n\n全区签约项目12个。\n").warnings


def test_every_line_has_a_reason() -> None:
    report = clean_report(EPAPER)
    reasons = {EPAPER[b.start : b.end]: (b.kept, b.reason) for b in report.blocks}
    assert reasons["下一篇"] == (False, "end marker above the body: navigation, line dropped")
    assert reasons["宝山区新增企业3200家"] == (False, "headline in a navigation list")
    assert reasons["放大 缩小 默认"][0] is False
    assert reasons["嘉定区前三季度签约项目86个"][0] is True  # the title (the later one wins)


def test_repeated_lines_across_a_site_are_furniture() -> None:
    pages = [f"标题{i}\n\n正文第{i}段。\n\n热线 12345 服务 | 共建 3 个平台\n" for i in range(5)]
    lines = repeated_lines(pages)
    assert lines == frozenset({"热线 12345 服务 | 共建 3 个平台"})
    assert repeated_lines(pages[:2]) == frozenset()  # too few pages to tell
    kept = clean_text(pages[0], furniture=lines)
    assert kept == "标题0\n\n正文第0段。"


def test_pages_score_with_no_furniture_number(tmp_path: Path) -> None:
    """Full pages, e-paper pages and pages copied as text (tests/intel/pages, synthetic):
    every gold fact found, and not one number of the furniture predicted."""
    written, errors = run_extract([str(PAGES / "docs")], str(tmp_path))
    assert not errors and written == 8
    score = _scorer()
    result = score.score(str(PAGES), str(tmp_path))
    report = score.format_report(result, verbose=True)
    assert result["overall"]["precision"] == 1.0, report
    assert result["overall"]["recall"] == 1.0, report


def test_show_clean_command() -> None:
    res = CliRunner().invoke(
        app, ["extract", "--show-clean", str(PAGES / "docs" / "epaper_jiading_zh.txt")]
    )
    assert res.exit_code == 0, res.output
    assert "end marker above the body" in res.output
    assert "KEEP" in res.output and "drop" in res.output
    res = CliRunner().invoke(
        app,
        ["extract", "--show-clean", "--json", str(PAGES / "docs" / "full_page_zh.html")],
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    kept = " ".join(line["text"] for line in data[0]["lines"] if line["kept"])
    assert "352亿元" in kept and "ICP" not in kept and "40亿元" not in kept


def test_ingest_reports_a_lost_article(tmp_path: Path) -> None:
    from parkatlas.intel.ingest import prepare_document

    body = "全区新增企业5604户，同比增长12%，完成税收60亿元，创历史新高。" * 8
    page = tmp_path / "lost.txt"
    page.write_text(f"标题\n\n全区签约项目1个。\n\n相关阅读\n\n{body}\n", encoding="utf-8")
    prepared = prepare_document(str(page))
    notes = getattr(prepared, "notes", ())
    assert any("the article may be lost" in n for n in notes), prepared
