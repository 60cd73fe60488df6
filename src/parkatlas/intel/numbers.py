"""Numerals of news text: the parsers live in :mod:`parkatlas.vocab.numerals` (one home for
Chinese and English numerals, shared with the spreadsheet readers); re-exported here."""

from parkatlas.vocab.numerals import (
    CN_DIGITS,
    CN_NUMERAL_CHARS,
    CN_UNITS,
    EN_SCALES,
    EN_WORDS,
    parse_arabic,
    parse_chinese,
    parse_english,
    parse_number,
)

__all__ = [
    "CN_DIGITS",
    "CN_NUMERAL_CHARS",
    "CN_UNITS",
    "EN_SCALES",
    "EN_WORDS",
    "parse_arabic",
    "parse_chinese",
    "parse_english",
    "parse_number",
]
