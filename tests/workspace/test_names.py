"""The company-name key of 撞单 detection: examples and invariants."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.workspace.names import normalize_company_name as key


@pytest.mark.parametrize(
    "a, b",
    [
        ("上海联影医疗科技股份有限公司", "联影医疗科技有限公司"),
        ("联影医疗科技(上海)有限公司", "联影医疗科技集团"),
        ("联影医疗科技（上海）有限公司", "上海联影医疗科技有限责任公司"),
        ("ACME Robotics Co., Ltd.", "acme robotics"),
        ("示例智能科技有限公司0001(合成)", "示例智能科技有限公司0001"),
    ],
)
def test_same_company(a: str, b: str) -> None:
    assert key(a) == key(b) != ""


@pytest.mark.parametrize("a, b", [("联影医疗科技有限公司", "联影智能科技有限公司"), ("上海电气集团", "上海电器集团")])
def test_different_companies(a: str, b: str) -> None:
    assert key(a) != key(b)


_forms = st.sampled_from(["", "有限公司", "股份有限公司", "集团", "有限责任公司"])
_place = st.sampled_from(["", "上海", "(上海)"])
_core = st.text(alphabet="华德科技智能医疗机器人新材料电子半导体", min_size=2, max_size=8)


@given(_core, _place, _forms)
def test_place_and_legal_form_never_change_the_key(core: str, place: str, form: str) -> None:
    plain = key(core)
    decorated = key(place + core + form) if not place.startswith("(") else key(core + place + form)
    assert decorated == plain


@given(st.text(max_size=40))
def test_key_is_idempotent_and_total(name: str) -> None:
    k = key(name)
    assert isinstance(k, str)
    assert key(k) == k or len(key(k)) <= len(k)
