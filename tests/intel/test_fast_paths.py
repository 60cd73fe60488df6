"""The extractor's fast paths find exactly what the plain patterns find (issue 13 §5):
English anaphoric counts looked for only around their anchor words, and the time-word
pattern's two-letter gate for English words (hypothesis over texts built of fragments)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.intel import quantities as Q
from parkatlas.intel import times as T

FRAGMENTS = [
    "The zone signed 40 projects, ",
    "12 of which are foreign-funded",
    ", including 5 with investment over $1 billion",
    "including three that came from Europe. ",
    "Of which, 1,234 are new. ",
    "Six of the projects ",
    "twenty-three of them were signed ",
    "Among the firms, eight are listed. ",
    "of the companies ",
    "In 2025, ",
    "last year ",
    "by 2030 ",
    "in the first half of the year ",
    "On March 5 ",
    "a year earlier ",
    "so far this year ",
    "Today, ",
    "the first three quarters ",
    "until 2027 ",
    "The number of firms reached 300. ",
    "去年,全区新增企业3家,其中",
    "12个项目",
    "1-8月",
    "\n",
    " ",
    ",",
    "x",
]

texts = st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40).map("".join)

# the time pattern as it was before its English gate (any of these letters at a word start)
_OLD_GATE = r"(?<![A-Za-z])[BbuUlLtTnNcCaAsSJFMAONDfFiIoO])"
_RX_TIME_PLAIN = re.compile(
    re.sub(r"\(\?<!\[A-Za-z\]\)\(\?:\[Bb\]y.*?\)\)", lambda _m: _OLD_GATE, T._RX_TIME.pattern, count=1),
    re.VERBOSE,
)


def test_the_plain_time_pattern_is_the_old_one() -> None:
    assert _RX_TIME_PLAIN.pattern != T._RX_TIME.pattern
    assert _OLD_GATE in _RX_TIME_PLAIN.pattern


@settings(max_examples=300)
@given(texts)
def test_anaphor_matches_equal_a_full_scan(text: str) -> None:
    fast = [(m.span(), m.lastgroup) for m in Q._anaphor_matches(text)]
    full = [(m.span(), m.lastgroup) for m in Q._RX_EN_ANAPHOR.finditer(text)]
    assert fast == full


@settings(max_examples=300)
@given(texts)
def test_gated_time_pattern_equals_the_plain_one(text: str) -> None:
    fast = [(m.span(), m.lastgroup) for m in T._RX_TIME.finditer(text)]
    plain = [(m.span(), m.lastgroup) for m in _RX_TIME_PLAIN.finditer(text)]
    assert fast == plain


def test_the_fragments_hold_matches() -> None:
    # the property tests above would be empty if the fragments matched nothing
    text = "".join(FRAGMENTS)
    assert Q._anaphor_matches(text)
    assert len(list(T._RX_TIME.finditer(text))) >= 8
