"""Boilerplate of text pages (clean.py): kept spans are spans of the original text."""

from __future__ import annotations

import pytest

from parkatlas.intel.clean import clean_text, kept_spans, mask


def kept(text: str) -> str:
    return clean_text(text)


def test_offsets_are_original() -> None:
    text = "当前位置:首页 > 新闻 > 正文\n\n标题\n\n正文第一段。\n"
    spans = kept_spans(text)
    assert [text[s:e] for s, e in spans] == ["标题", "正文第一段。"]
    m = mask(text)
    assert len(m) == len(text) and m.count("\n") == text.count("\n")
    assert m[spans[1][0] : spans[1][1]] == "正文第一段。"


@pytest.mark.parametrize(
    ("text", "kept_text"),
    [
        # breadcrumb, byline with a relative date
        (
            "当前位置:首页 > 上海厂房出租信息 > 正文内容\n\n标题\n\nadmin9个月前 (09-21)上海厂房出租信息45\n\n正文。",
            "标题\n\n正文。",
        ),
        # the source line ends the article
        (
            "正文。\n\n  (文章来源:上海证券报·中国证券网)\n\n  前往东方财富APP阅读全文\n\n月薪46万元!这10家企业",
            "正文。",
        ),
        # "- END -" and the teasers after it
        (
            "Body text.Reporter Pan Jie\n\nEdit Pan Sheng\n\n- END -\n\n4.5 kilometers of roads",
            "Body text.",
        ),
        # credit line glued to the last paragraph, then "Leave a Reply"
        (
            "Body.Author: Gu Yiqiong Editor: Zhang Xiaoming\n\nLeave a Reply\n\nYour email address will not be published.",
            "Body.",
        ),
        # a date line and a trailing declaration
        (
            "Title\n\n2022-06-06 0 By\n\nBody ends”.Declaration: The copyright belongs. Email address: a@b.c",
            "Title\n\nBody ends”.",
        ),
        # contact lines, app prompts, disclaimers
        (
            "正文。\n产业招商/厂房土地租售:400 0123 021\n扫一扫关注公众号\n不构成投资建议。",
            "正文。",
        ),
        ("正文。\n\n责任编辑:王小明\n\n相关阅读\n\n闵行又添新项目!总投资25亿元", "正文。"),
        (
            "Title\n\nSource: Shanghai Daily | Updated: 2023-05-12\n\nBody.\n\nRelated articles\nOther 48 billion yuan",
            "Title\n\nBody.",
        ),
        ("正文。\n\n(本文来源:昆山日报)\n\n延伸阅读:前5月新签项目86个", "正文。"),
        ("正文。\n\nTel: 0573-86123456", "正文。"),
    ],
)
def test_boilerplate(text: str, kept_text: str) -> None:
    assert kept(text) == kept_text


def test_long_paragraphs_are_never_dropped_by_keywords() -> None:
    body = "嘉定区电话会议强调," + "经济运行稳中向好," * 20 + "完成税收60.4亿元。"
    assert kept(body) == body
