"""The unified social credit code (统一社会信用代码, USCC) of GB 32100-2015.

Every Chinese company, institution and social organisation has one: 18 characters from a
31-character set (digits and capitals without I, O, Z, S, V), laid out as

* 1: registration authority (9 = market regulation, 5 = civil affairs, ...),
* 2: organisation type (1 = enterprise, ...),
* 3–8: administrative-division code of the registering office,
* 9–17: organisation code (GB 11714, with its own check character at 17),
* 18: check character over the first 17, weights 3^(i) mod 31.

parkatlas identifies enterprises by it, so an importer validates it with
:func:`validate_uscc`. Only the check character of position 18 and the character set are
verified; positions 1–17 are not checked against registries or code lists.
"""

from __future__ import annotations

import unicodedata

__all__ = ["USCC_CHARSET", "USCC_WEIGHTS", "check_char", "make_uscc", "validate_uscc"]

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of a USCC, in the order of their values 0–30."""
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
"""Weights of positions 1–17 (3^i mod 31)."""

_VALUE = {char: index for index, char in enumerate(USCC_CHARSET)}
_LOOKALIKES = {"I": "1", "O": "0", "Z": "2", "S": "5", "V": "U"}


def _normalise(code: str) -> str:
    """Strip, full width → half width (NFKC), upper case."""
    if not isinstance(code, str):
        raise ValueError(f"a credit code must be text, got {type(code).__name__} {code!r}")
    return unicodedata.normalize("NFKC", code).strip().upper()


def _check_charset(code: str, original: str) -> None:
    for position, char in enumerate(code, start=1):
        if char not in _VALUE:
            hint = (
                f" (the letter {char} is never used; did you mean {_LOOKALIKES[char]}?)"
                if char in _LOOKALIKES
                else ""
            )
            raise ValueError(
                f"credit code {original!r}: bad character {char!r} at position {position}"
                f"{hint}; only digits and the capitals {USCC_CHARSET[10:]} are used"
            )


def check_char(body17: str) -> str:
    """The check character (position 18) of 17 already valid characters."""
    total = sum(_VALUE[char] * weight for char, weight in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(code: str) -> str:
    """Return ``code`` normalised (stripped, half width, upper case) if it is a valid USCC.

    Raises ValueError naming the fault: the length, the first bad character and its
    position (1-based), or the check character expected and the one found.
    """
    normalised = _normalise(code)
    if len(normalised) != 18:
        raise ValueError(
            f"credit code {code!r} has {len(normalised)} characters: a unified social credit "
            "code (统一社会信用代码) has 18"
        )
    _check_charset(normalised, code)
    expected = check_char(normalised[:17])
    if normalised[17] != expected:
        raise ValueError(
            f"credit code {code!r}: check character expected {expected} got {normalised[17]} "
            "(a character is mistyped or two are swapped)"
        )
    return normalised


def make_uscc(body17: str) -> str:
    """Append the check character to 17 characters (for synthetic test data)."""
    body = _normalise(body17)
    if len(body) != 17:
        raise ValueError(
            f"the body of a credit code has 17 characters, got {len(body)}: {body17!r}"
        )
    _check_charset(body, body17)
    return body + check_char(body)
