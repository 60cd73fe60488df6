"""The patterns of page furniture that the cleaner (``clean.py``) weighs, one regex per kind.

Each is a general pattern of Chinese and English news pages, never a string of one
document: end markers (a source line, "- END -", 相关阅读, 上一篇), lines that are furniture
wherever they stand (breadcrumbs, bylines, app prompts, contact lines, view counters),
footer lines (ICP numbers, 版权所有, 主办单位, addresses, share bars), navigation lines of
e-paper pages (第A1版:要闻, 下一版, 标题导航, 放大 缩小 默认) and headline lists.
"""

from __future__ import annotations

import re

# a marker after which nothing belongs to the article (once the body has begun)
CUT_LINE = re.compile(
    r"""^\s*(?:
        [（(]\s*(?:文章|本文|稿件)?来源\s*[:：]            # (文章来源:上海证券报)
      | -+\s*(?:END|完|THE\ END)\s*-+                     # - END -
      | (?:END|完)\s*$
      | Leave\ a\ (?:Reply|Comment)
      | (?:相关|推荐|延伸|热门)(?:文章|阅读|新闻|推荐|资讯|链接)
      | (?:点击|热点|热门|阅读|浏览|新闻)排行|排行榜|往期(?:推荐|回顾|精选)|猜你喜欢   # ranked lists
      | 附\s*件\s*[:：]                                    # the attachments of a notice
      | (?:Most\ (?:read|popular|viewed|shared)|Popular|Trending)(?:\ (?:stories|news|now))?\s*$
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
# page navigation among the end markers: above a body it is only a navigation word
NAV_CUT = re.compile(r"^\s*(?:上一篇|下一篇|Previous|Next)", re.IGNORECASE)
# a bare source line ("来源:X"): after the body it ends the article; at the top of the page
# (a byline such as "来源:奉贤报 2024-03-05 阅读 1234") it is only dropped
SOURCE_LINE = re.compile(r"^\s*(?:文章|本文|稿件)?来源\s*[:：][^。]{0,40}$")
# a body paragraph: a sentence (。！？ or an English full stop after a word) or a long line
BODY_LINE = re.compile(r"[。！？]|[a-z]{2}[.!?](?:\s|$)")
SENTENCE_END = re.compile(r"[。！？；]|[a-z]{2}[.!?;](?:\s|$)")
# a single-line teaser: "Related: …", "相关新闻:…" (the line only, not what follows)
TEASER_LINE = re.compile(
    r"^\s*(?:Related|See\ also|Also\ read|Read\ more|More|相关新闻|相关报道|热点推荐|推荐)\s*[:：]",
    re.IGNORECASE,
)
# the same markers when glued to the end of a paragraph ("…same year”.Declaration: …")
CUT_INLINE = re.compile(
    r"""(?:
        [（(]\s*(?:文章|本文|稿件)?来源\s*[:：]
      | (?<=[.。!?！？”"])\s*(?:Declaration|Disclaimer)\s*[:：]
      | (?<=[.。!?！？”"])\s*(?:免责|版权)声明
    )""",
    re.VERBOSE,
)
CUT_HINT = re.compile(r"来源|Declaration|Disclaimer|声明")
# byline tails glued to the last paragraph: "….Author: X Editor: Y", "said.Reporter Pan Jie"
TAIL_INLINE = re.compile(
    r"""(?:
        (?<=[.。!?！？”"])\s*(?:Author|Editor|Reporter|Correspondent|Writer|Photo|Source)\s*[:：].*$
      | (?<=[.。!?！？”"])\s*(?:Reporter|Correspondent|Edit(?:or)?)\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s*$
      | (?<=[。！？”])\s*[（(]?(?:记者|作者|编辑|责任编辑|通讯员)\s*[:：]?\s*[\u4e00-\u9fff]{2,4}(?:\s+[\u4e00-\u9fff]{2,4})*[)）]?\s*$
    )""",
    re.VERBOSE,
)
TAIL_HINT = re.compile(
    r"Author|Editor|Edit\b|Reporter|Correspondent|Writer|Photo|Source|记者|作者|编辑|通讯员"
)
# a whole short line that is page furniture: markers at the start of the line (bylines,
# date lines), Chinese markers anywhere (breadcrumbs, app prompts, disclaimers, contacts)
# and Latin ones (Home >, Tel:, https://), each a regex of its own so that the scan is fast
DROP_LINE_START = re.compile(
    r"""\s*(?:
        (?:Author|Editor|Edit|Reporter|Correspondent|Source|Time|Date|Posted|Published|Photo|Writer|Responsible\ editor)\s*[:：]
      | (?:By|Reporter|Edit|Editor|Author)\s+[A-Z][a-z]+(?:[\ -][A-Z][a-z]+){0,2}\s*$
      | [（(]?(?:作者|记者|编辑|责任编辑|通讯员|来源|发布时间|发布日期|时间|日期|点击|浏览|阅读)\s*[:：]
      | \d{4}[-./]\d{1,2}[-./]\d{1,2}\b[^\u4e00-\u9fff]{0,30}$
      | \d{4}年\d{1,2}月\d{1,2}日\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:星期.|周.)?\s*$
      | (?:Photo|Picture|Image|Slide|Page)\s+\d+\s*(?:of|/)\s*\d+\b     # a gallery or pager counter
      | 共\s*\d+\s*页|第\s*\d+\s*页\s*(?:[/／]|共)
    )""",
    re.VERBOSE | re.IGNORECASE,
)
DROP_LINE_ZH = re.compile(
    r"""(?=[当您你首>›»\d打前下登关Aa扫二长点阅不风仅如转联微手电热邮分本原发])(?:
        当前位置|您的位置|你的位置|首页\s*[>›»]|[>›»]\s*正文
      | \d\s*(?:个月|天|小时|分钟|周|年)前
      | (?:打开|前往|下载|登录|关注)[^\n]{0,12}(?:[Aa][Pp][Pp]|客户端|公众号)|[Aa][Pp][Pp](?:阅读|查看)
      | 扫一扫|二维码|长按|点击(?:查看|阅读|进入|下载)|阅读全文|阅读原文
      | 不构成(?:任何)?投资建议|风险自担|仅供参考|如需转载|转载请|如有侵权|联系我们删除
      | 微信号|(?:微信|手机|电话|热线|联系人|联系方式|邮箱)\s*[:：/]
      | 分享(?:给朋友|到)|本文链接|原文链接
      | 点击蓝字|关注我们|原创\s+\S|发表于[\u4e00-\u9fff]{2,3}\s*$   # a WeChat article's head
    )""",
    re.VERBOSE,
)
DROP_LINE_EN = re.compile(
    r"Home\s*[>›»]|(?:QQ|Tel|Phone|E-?mail|WeChat)\s*[:：/]|https?://", re.IGNORECASE
)
DROP_LINE_EN_HINTS = ("home", "qq", "tel", "phone", "mail", "wechat", "http")
# the page footer: after it only sentences can still be article
FOOTER_LINE = re.compile(
    r"ICP\s*[备证]|公网安备|版权所有|主办单位|承办单位|主办\s*[:：]|承办\s*[:：]|技术支持|网站标识码"
    r"|邮编|邮政编码|(?:地址|地 址|Add(?:ress)?)\s*[:：]|Copyright|©|All\s+rights\s+reserved"
    r"|访问量|访问人次|访客|浏览次数|总访问|您是第|字体\s*[:：]|【\s*字[体号]|打印本页|关闭窗口|分享到"
    r"|网站地图|联系我们|Contact\s+us|Privacy\s+policy|Terms\s+of\s+use|Sitemap",
    re.IGNORECASE,
)
# phone numbers and long digit runs (identifiers): a line holding one is a contact line
PHONE = re.compile(r"\d(?:\d{2,3}[ -]\d{3,4}[ -]\d{3,4}|\d{10,})(?![\d.,])")
# view counters of a byline: "Views: 1,532", "1,876 reads", 阅读量:8923
VIEWS = re.compile(
    r"[Vv]iews?\s*[:：]?\s*\d|\d\s+(?:reads|views)\b|(?:阅读|浏览|点击)(?:量|次数|数)?\s*[:：]?\s*\d"
)
VIEWS_HINT = ("iew", "read", "阅读", "浏览", "点击")
# navigation tokens of e-paper and article pages: a line made only of these is navigation
NAV_TOKEN = re.compile(
    r"""(?:
        [A-Z]\d{1,3}                                        # A1
      | 上一版|下一版|上一期|下一期|上一篇|下一篇|标题导航|版面导航|本版导航|本版标题|版面概览
      | 放大|缩小|默认|返回目录|返回首页|返回|打印|关闭|收藏|字号|大|中|小|分享|往期回顾|PDF版?
      | 首页|目录|导航|更多|More|Print|Close|Share|Back|Previous|Next|Top|Home
      | \d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?(?:\s*星期.)?
    )""",
    re.VERBOSE | re.IGNORECASE,
)
# the page of an e-paper: 第A1版:要闻, A01版：综合新闻, 第3版
EPAPER_PAGE = re.compile(r"第?[A-Z]?\d{1,3}\s*版\s*(?:[:：]\s*[\u4e00-\u9fff]{1,8})?")
NAV_SPLIT = re.compile(r"[\s|｜/·•【】\[\]<>《》()（）:：,，]+")
# a header of a list of headlines on an e-paper page: the lines after it are other articles
NAV_LIST_HEAD = re.compile(
    r"^\s*(?:标题导航|版面导航|本版导航|本版标题|本版新闻|本版要闻|Headlines)\s*[:：]?\s*$"
)
# one headline of a link list: a date at its end, no sentence
HEADLINE_ITEM = re.compile(
    r"(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|(?<![\d.])\d{1,2}[-/]\d{1,2}|[\[(（]\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?[\])）])\s*$"
)


def furniture(line: str) -> bool:
    """A short line of page furniture wherever it stands (see the module doc)."""
    if DROP_LINE_START.match(line) or DROP_LINE_ZH.search(line):
        return True
    low = line.lower()
    return any(h in low for h in DROP_LINE_EN_HINTS) and bool(DROP_LINE_EN.search(line))


def nav_line(line: str) -> bool:
    """A line made only of navigation tokens (第A1版:要闻 · 下一版 · 放大 缩小 默认)."""
    if len(line) > 80:
        return False
    if _menu(line):
        return True
    rest, pages = EPAPER_PAGE.subn(" ", line)
    tokens = [t for t in NAV_SPLIT.split(rest) if t]
    if not tokens:
        return pages > 0
    return all(NAV_TOKEN.fullmatch(t) for t in tokens)


_MENU_SPLIT = re.compile(r"\s*[|｜]\s*|\s{2,}|\t+")


def _menu(line: str) -> bool:
    """A site menu: four or more short items without digits between | or wide gaps."""
    items = [t for t in _MENU_SPLIT.split(line.strip()) if t]
    return (
        len(items) >= 4
        and all(len(t) <= 8 for t in items)
        and not any(ch.isdigit() for ch in line)
        and not BODY_LINE.search(line)
    )
