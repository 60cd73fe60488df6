"""The unified social credit code (GB 32100-2015): check character and normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.uscc import USCC_CHARSET, USCC_WEIGHTS, check_char, make_uscc, validate_uscc

body17 = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)


def test_charset_and_weights() -> None:
    assert len(USCC_CHARSET) == 31
    assert not set("IOZSV") & set(USCC_CHARSET)
    assert USCC_WEIGHTS == tuple(pow(3, i, 31) for i in range(17))


def test_check_char_by_hand() -> None:
    # all zeros: sum 0 → (31 - 0) % 31 = 0 → "0"
    assert make_uscc("0" * 17) == "0" * 18
    # "1" then zeros: sum 1 → 30 → "Y"
    assert make_uscc("1" + "0" * 16) == "1" + "0" * 16 + "Y"
    # zeros then "1" at position 17 (weight 28): 31 - 28 = 3
    assert make_uscc("0" * 16 + "1") == "0" * 16 + "13"
    # the worked sum of an enterprise-style body
    body = "91310000MA1FL4F89"
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True))
    assert check_char(body) == USCC_CHARSET[(31 - total % 31) % 31] == "W"


def test_the_example_from_the_brief_is_not_valid() -> None:
    # "91310000MA1FL4F89Q" was offered as real but unverified: its check character is W, not Q
    with pytest.raises(ValueError, match="check character expected W got Q"):
        validate_uscc("91310000MA1FL4F89Q")
    assert validate_uscc("91310000MA1FL4F89W") == "91310000MA1FL4F89W"


@pytest.mark.parametrize(
    "spelled",
    [
        " 91310000MA1FL4F89W ",
        "91310000ma1fl4f89w",
        "９１３１００００ＭＡ１ＦＬ４Ｆ８９Ｗ",
        "\u300091310000MA1FL4F89W\t",
    ],
)
def test_validate_normalises(spelled: str) -> None:
    assert validate_uscc(spelled) == "91310000MA1FL4F89W"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("", "has 0 characters"),
        ("91310000MA1FL4F89", "has 17 characters: .* has 18"),
        ("91310000MA1FL4F89WW", "has 19 characters"),
        ("91310000MA1FL4F8IW", "bad character 'I' at position 17 .*did you mean 1"),
        ("O1310000MA1FL4F89W", "bad character 'O' at position 1 .*did you mean 0"),
        ("91310000MA1FL4F8-W", "bad character '-' at position 17"),
        ("91310000MA1FL4F89Q", "check character expected W got Q"),
        ("91310000MA1FL4F98W", "check character expected"),
    ],
)
def test_validate_refuses_with_reason(bad: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        validate_uscc(bad)


def test_validate_refuses_non_text() -> None:
    with pytest.raises(ValueError, match="must be text"):
        validate_uscc(913100001234567890)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", ["", "0" * 16, "0" * 18, "I" + "0" * 16])
def test_make_refuses_bad_bodies(bad: str) -> None:
    with pytest.raises(ValueError):
        make_uscc(bad)


@given(body17)
def test_made_codes_are_valid(body: str) -> None:
    code = make_uscc(body)
    assert len(code) == 18 and code.startswith(body)
    assert validate_uscc(code) == code
    assert validate_uscc(code.lower()) == code


@given(body17, st.integers(min_value=0, max_value=17), st.sampled_from(USCC_CHARSET))
def test_any_single_change_is_refused(body: str, position: int, char: str) -> None:
    code = make_uscc(body)
    if code[position] == char:
        return
    changed = code[:position] + char + code[position + 1 :]
    with pytest.raises(ValueError, match="check character expected"):
        validate_uscc(changed)


@given(body17, st.integers(min_value=0, max_value=15))
def test_adjacent_swaps_in_the_body_are_refused(body: str, position: int) -> None:
    # weights of neighbours differ mod 31 (a prime), so a swap of two different characters
    # always changes the sum; a swap with the check character itself is not guaranteed
    code = make_uscc(body)
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped == code:
        return
    with pytest.raises(ValueError):
        validate_uscc(swapped)


@given(st.text(max_size=30))
def test_validate_raises_only_value_error(text: str) -> None:
    try:
        assert len(validate_uscc(text)) == 18
    except ValueError:
        pass
