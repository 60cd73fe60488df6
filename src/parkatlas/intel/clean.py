"""Boilerplate of text pages: which parts of a document are its article.

``kept_spans(text)`` returns the character spans of the ORIGINAL text that hold the title
and the article body; everything else (breadcrumbs, bylines, source lines and whatever
follows them, app prompts, disclaimers, contact and phone lines, related-article teasers,
"Leave a Reply", "Author: … Editor: …", "- END -", "Declaration: …") is dropped. Offsets
are never shifted: ``mask(text)`` blanks the dropped characters (same length), so a fact
found in the masked text has its offsets in the original document.

The rules are general patterns of news pages, not strings of particular documents:

* **cut markers** end the article: a source line "(文章来源:…)", a bare "来源:X" line once
  the body has begun (at the top of the page it is a byline and only dropped),
  "- END -", "Leave a Reply", "相关文章/相关阅读/推荐阅读/相关链接", "Related articles",
  a bracketed "[Related]" / "【相关】" line and a bare "Related:" line heading a link list,
  "Declaration:" / "Disclaimer:" / "免责声明" / "版权声明", "上一篇/下一篇";
* **dropped lines** (short lines only, so no article paragraph is ever lost): breadcrumbs
  ("当前位置", "首页 >"), bylines ("Author:", "Editor:", "Reporter …", "作者:", "记者",
  "编辑", "Time:", "发布时间"), relative dates ("9个月前"), date-only lines
  ("2022-06-06 0 By"), single-line teasers ("Related: …", "相关新闻:…"), app prompts (APP, 扫一扫, 二维码, 公众号), disclaimers (不构成投资
  建议, 风险自担), contact lines (电话, 微信, 手机, 联系人, Tel, Email) and lines with
  phone numbers;
* **inline tails**: "Author: … Editor: …" or "Reporter Name" glued to the end of the last
  paragraph, and "Declaration: …" are cut from the marker to the end of the line.
"""

from __future__ import annotations

import re

__all__ = ["kept_spans", "mask", "clean_text"]

# a marker after which nothing belongs to the article (searched line by line)
_CUT_LINE = re.compile(
    r"""^\s*(?:
        [（(]\s*(?:文章|本文|稿件)?来源\s*[:：]            # (文章来源:上海证券报)
      | -+\s*(?:END|完|THE\ END)\s*-+                     # - END -
      | (?:END|完)\s*$
      | Leave\ a\ (?:Reply|Comment)
      | (?:相关|推荐|延伸|热门)(?:文章|阅读|新闻|推荐|资讯|链接)
      | (?:Related|Recommended)\ (?:articles|stories|news|posts|reading|links)
      | [\[【]\s*(?:Related|Recommended|相关)[^\]】\n]{0,8}[\]】]     # [Related] …, 【相关】
      | (?:Related|See\ also|Read\ more|More\ stories)\s*[:：]?\s*$  # a "Related:" line heading a list
      | You\ (?:may|might)\ also\ like
      | 上一篇|下一篇|Previous\ ?(?:article|post)?\s*[:：]|Next\ ?(?:article|post)?\s*[:：]
      | (?:免责|版权)声明
      | (?:Declaration|Disclaimer|Copyright\ (?:notice|statement))\s*[:：]
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# a bare source line ("来源:X"): after the body it ends the article; at the top of the page
# (a byline such as "来源:奉贤报 2024-03-05 阅读 1234") it is only dropped
_SOURCE_LINE = re.compile(r"^\s*(?:文章|本文|稿件)?来源\s*[:：][^。]{0,40}$")
# a body paragraph: a sentence (。！？ or an English full stop after a word) or a long line
_BODY_LINE = re.compile(r"[。！？]|[a-z]{2}[.!?](?:\s|$)")
# a single-line teaser: "Related: …", "相关新闻:…" (the line only, not what follows)
_TEASER_LINE = re.compile(
    r"^\s*(?:Related|See\ also|Also\ read|Read\ more|More|相关新闻|相关报道|热点推荐|推荐)\s*[:：]",
    re.IGNORECASE,
)
# the same markers when glued to the end of a paragraph ("…same year”.Declaration: …")
_CUT_INLINE = re.compile(
    r"""(?:
        [（(]\s*(?:文章|本文|稿件)?来源\s*[:：]
      | (?<=[.。!?！？”"])\s*(?:Declaration|Disclaimer)\s*[:：]
      | (?<=[.。!?！？”"])\s*(?:免责|版权)声明
    )""",
    re.VERBOSE,
)
# byline tails glued to the last paragraph: "….Author: X Editor: Y", "said.Reporter Pan Jie"
_TAIL_INLINE = re.compile(
    r"""(?:
        (?<=[.。!?！？”"])\s*(?:Author|Editor|Reporter|Correspondent|Writer|Photo|Source)\s*[:：].*$
      | (?<=[.。!?！？”"])\s*(?:Reporter|Correspondent|Edit(?:or)?)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s*$
      | (?<=[。！？”])\s*[（(]?(?:记者|作者|编辑|责任编辑|通讯员)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*[)）]?\s*$
    )""",
    re.VERBOSE,
)
# a whole short line that is page furniture: markers at the start of the line (bylines,
# date lines), Chinese markers anywhere (breadcrumbs, app prompts, disclaimers, contacts)
# and Latin ones (Home >, Tel:, https://), each a regex of its own so that the scan is fast
_DROP_LINE_START = re.compile(
    r"""\s*(?:
        (?:Author|Editor|Edit|Reporter|Correspondent|Source|Time|Date|Posted|Published|Photo|Writer|Responsible\ editor)\s*[:：]
      | (?:By|Reporter|Edit|Editor|Author)\s+[A-Z][a-z]+(?:[\ -][A-Z][a-z]+){0,2}\s*$
      | [（(]?(?:作者|记者|编辑|责任编辑|通讯员|来源|发布时间|发布日期|时间|日期|点击|浏览|阅读)\s*[:：]
      | \d{4}[-./]\d{1,2}[-./]\d{1,2}\b[^\u4e00-\u9fff]{0,30}$
      | \d{4}年\d{1,2}月\d{1,2}日\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*$
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_DROP_LINE_ZH = re.compile(
    r"""(?=[当您你首>›»\d打前下登关Aa扫二长点阅不风仅如转联微手电热邮分本原])(?:
        当前位置|您的位置|你的位置|首页\s*[>›»]|[>›»]\s*正文
      | \d\s*(?:个月|天|小时|分钟|周|年)前
      | (?:打开|前往|下载|登录|关注)[^\n]{0,12}(?:[Aa][Pp][Pp]|客户端|公众号)|[Aa][Pp][Pp](?:阅读|查看)
      | 扫一扫|二维码|长按|点击(?:查看|阅读|进入|下载)|阅读全文|阅读原文
      | 不构成(?:任何)?投资建议|风险自担|仅供参考|如需转载|转载请|如有侵权|联系我们删除
      | 微信号|(?:微信|手机|电话|热线|联系人|联系方式|邮箱)\s*[:：/]
      | 分享(?:给朋友|到)|本文链接|原文链接
    )""",
    re.VERBOSE,
)
_DROP_LINE_EN = re.compile(
    r"Home\s*[>›»]|(?:QQ|Tel|Phone|E-?mail|WeChat)\s*[:：/]|https?://", re.IGNORECASE
)
_DROP_LINE_EN_HINTS = ("home", "qq", "tel", "phone", "mail", "wechat", "http")


def _furniture(line: str) -> bool:
    """A short line of page furniture (see the module doc)."""
    if _DROP_LINE_START.match(line) or _DROP_LINE_ZH.search(line):
        return True
    low = line.lower()
    return any(h in low for h in _DROP_LINE_EN_HINTS) and bool(_DROP_LINE_EN.search(line))


# phone numbers and long digit runs (identifiers): a line holding one is a contact line
_PHONE = re.compile(r"\d(?:\d{2,3}[ -]\d{3,4}[ -]\d{3,4}|\d{10,})(?![\d.,])")
# view counters of a byline: "Views: 1,532", "1,876 reads", 阅读量:8923 (looked for only
# in lines holding one of the hint words)
_VIEWS = re.compile(
    r"[Vv]iews?\s*[:：]?\s*\d|\d\s+(?:reads|views)\b|(?:阅读|浏览|点击)(?:量|次数|数)?\s*[:：]?\s*\d"
)
_VIEWS_HINT = ("iew", "read", "阅读", "浏览", "点击")
_CUT_HINT = re.compile(r"来源|Declaration|Disclaimer|声明")
_TAIL_HINT = re.compile(
    r"Author|Editor|Edit\b|Reporter|Correspondent|Writer|Photo|Source|记者|作者|编辑|通讯员"
)
_SHORT_LINE = 120  # only lines up to this length are dropped whole
_LINE = re.compile(r"[^\n]*\n?")


def kept_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of ``text`` that hold the article (title and body)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    body_seen = False
    while pos < n:
        m = _LINE.match(text, pos)
        assert m is not None
        line_end = m.end()
        line = text[pos:line_end].rstrip("\r\n")
        if not line.strip():
            pos = line_end
            continue
        if _CUT_LINE.match(line):
            break
        if _SOURCE_LINE.match(line):
            if body_seen:
                break  # "来源:X" after the article ends it
            pos = line_end
            continue  # a byline at the top of the page
        if _TEASER_LINE.match(line):
            pos = line_end
            continue
        start, end = pos, pos + len(line)
        cut = _CUT_INLINE.search(line) if _CUT_HINT.search(line) else None
        stop = False
        if cut:
            end = pos + cut.start()
            stop = True
        tail = _TAIL_INLINE.search(text, start, end) if _TAIL_HINT.search(line) else None
        if tail:
            end = tail.start()
        segment = text[start:end]
        drop = False
        if len(segment.strip()) <= _SHORT_LINE and (
            _furniture(segment)
            or (any(h in segment for h in _VIEWS_HINT) and _VIEWS.search(segment))
        ):
            drop = True
        elif _PHONE.search(segment) and len(segment.strip()) <= _SHORT_LINE * 2:
            drop = True
        if not drop and segment.strip():
            # trim surrounding whitespace
            s = start + (len(segment) - len(segment.lstrip()))
            e = end - (len(segment) - len(segment.rstrip()))
            if e > s:
                spans.append((s, e))
                if not body_seen and (e - s > 60 or _BODY_LINE.search(text, s, e)):
                    body_seen = True
        if stop:
            break
        pos = line_end
    return spans


def mask(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """``text`` with every character outside ``spans`` (default: ``kept_spans``) replaced:
    newlines stay, other characters become spaces; the length is unchanged."""
    if spans is None:
        spans = kept_spans(text)
    parts: list[str] = []
    pos = 0
    for s, e in spans:
        if s > pos:
            parts.append(_blank(text[pos:s]))
        parts.append(text[s:e])
        pos = e
    if pos < len(text):
        parts.append(_blank(text[pos:]))
    return "".join(parts)


def _blank(s: str) -> str:
    return "\n".join(" " * len(part) for part in s.split("\n"))


def clean_text(text: str) -> str:
    """The kept spans joined by blank lines (for display; offsets are not preserved)."""
    return "\n\n".join(text[s:e] for s, e in kept_spans(text))
