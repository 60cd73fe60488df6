"""GB/T 4754-2017 and SEI 2018: the shipped tables' structure and the resolver."""

from __future__ import annotations

import csv
from collections import Counter
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.reference.industries import (
    IndustryRecord,
    industry_index,
    load_industries,
    load_sei,
)

ROWS = load_industries()
IX = industry_index()

# Division ranges of the 20 sections (shared/domain.md §4.1)
SECTION_RANGES = {
    "A": (1, 5), "B": (6, 12), "C": (13, 43), "D": (44, 46), "E": (47, 50),
    "F": (51, 52), "G": (53, 60), "H": (61, 62), "I": (63, 65), "J": (66, 69),
    "K": (70, 70), "L": (71, 72), "M": (73, 75), "N": (76, 79), "O": (80, 82),
    "P": (83, 83), "Q": (84, 85), "R": (86, 90), "S": (91, 96), "T": (97, 97),
}  # fmt: skip


def test_counts() -> None:
    levels = Counter(r.level for r in ROWS)
    assert levels["section"] == 20
    assert levels["division"] == 97
    assert levels["group"] == 473
    assert levels["class"] == 1381  # one more than the standard's 1,380: see data/README.md
    assert len(ROWS) == 1971


def test_codes_unique_and_well_formed() -> None:
    codes = [r.code for r in ROWS]
    assert len(codes) == len(set(codes))
    width = {"section": 1, "division": 2, "group": 3, "class": 4}
    for r in ROWS:
        assert len(r.code) == width[r.level]
        assert r.name_zh
        if r.level == "section":
            assert r.code.isalpha() and r.code.isupper()
        else:
            assert r.code.isdigit()


def test_sections_and_their_division_ranges() -> None:
    sections = {r.code for r in ROWS if r.level == "section"}
    assert sections == set(SECTION_RANGES)
    divisions = [r for r in ROWS if r.level == "division"]
    assert sorted(int(d.code) for d in divisions) == list(range(1, 98))
    for d in divisions:
        low, high = SECTION_RANGES[d.section]
        assert low <= int(d.code) <= high, d
        assert d.division == d.code and d.group is None


def test_every_group_and_class_inside_its_parents() -> None:
    by_code = {r.code: r for r in ROWS}
    for r in ROWS:
        if r.level in ("group", "class"):
            assert r.division == r.code[:2]
            assert by_code[r.division].section == r.section
        if r.level == "group":
            assert r.group == r.code
        if r.level == "class":
            assert r.group == r.code[:3]
            assert by_code[r.group].level == "group"
            assert by_code[r.group].division == r.division


def test_every_division_has_groups_and_every_group_classes() -> None:
    groups_of = Counter(r.division for r in ROWS if r.level == "group")
    classes_of = Counter(r.group for r in ROWS if r.level == "class")
    assert all(groups_of[r.code] for r in ROWS if r.level == "division")
    assert all(classes_of[r.code] for r in ROWS if r.level == "group")


def test_english_names_for_sections_and_divisions_only() -> None:
    for r in ROWS:
        if r.level in ("section", "division"):
            assert r.name_en, r
        else:
            assert r.name_en is None
    path = files("parkatlas.reference").joinpath("data", "gbt4754-2017-en.csv")
    with path.open(encoding="utf-8") as fh:
        en = list(csv.DictReader(fh))
    assert len(en) == 117 and len({e["code"] for e in en}) == 117
    assert len({e["name_en"].lower() for e in en if len(e["code"]) == 2}) == 97
    assert IX.get("27").name_en == "Manufacture of Medicines"
    assert IX.get("C").name_en == "Manufacturing"


def test_known_rows() -> None:
    assert IX.get("27") == IndustryRecord(
        "27",
        "division",
        "C",
        "27",
        None,
        "医药制造业",
        "Manufacture of Medicines",
        IX.get("27").note_zh,
    )
    assert IX.get("2710").name_zh == "化学药品原料药制造"
    assert IX.get("3741").level == "class"
    assert IX.get("0190").name_zh == IX.get("019").name_zh == "其他农业"
    assert IX.get("9999") is None


def test_ancestors_and_section() -> None:
    assert IX.ancestors("2710") == ["2710", "271", "27", "C"]
    assert IX.ancestors("271") == ["271", "27", "C"]
    assert IX.ancestors("27") == ["27", "C"]
    assert IX.ancestors("C") == ["C"]
    assert IX.ancestors("nope") == []
    assert IX.section_of("3971") == "C"
    assert IX.section_of("6513") == "I"
    assert IX.section_of("X") is None
    assert {r.code for r in IX.children("27")} >= {"271", "272", "276"}
    assert all(r.level == "class" for r in IX.children("271"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("27", "27"),
        ("C27", "27"),
        ("c27", "27"),
        ("C 27", "27"),
        ("2710", "2710"),
        ("C2710", "2710"),
        ("271", "271"),
        ("C", "C"),
        ("i", "I"),
        ("医药制造业", "27"),
        ("医药制造", "27"),
        ("医药", "27"),
        ("汽车制造业", "36"),
        ("汽车制造", "36"),
        ("化学药品原料药制造", "2710"),
        ("Manufacture of Medicines", "27"),
        ("manufacture of medicines", "27"),
        ("MANUFACTURE OF MEDICINES", "27"),
        ("Manufacturing", "C"),
        ("Software and Information Technology Services", "65"),
        ("其他农业", "0190"),  # a group with one class: the class
        ("房地产业", "70"),  # section K and division 70 share the name: the more specific
        ("B27", None),  # 27 is not in section B
        ("99", None),
        ("U", None),
        ("", None),
        ("不存在的行业", None),
    ],
)
def test_resolve(text: str, code: str | None) -> None:
    assert IX.resolve(text) == code


def test_every_code_and_unique_name_round_trips() -> None:
    for r in ROWS:
        assert IX.resolve(r.code) == r.code
        if len(IX.candidates(r.name_zh)) == 1:
            assert IX.resolve(r.name_zh) == r.code
        if r.name_en:
            got = IX.resolve(r.name_en)
            assert IX.resolve(r.name_en.upper()) == got
            if len(IX.candidates(r.name_en)) == 1:
                assert got == r.code
            else:  # Education is both section P and division 83: the division
                assert got is not None and r.code in IX.ancestors(got)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([r for r in ROWS if r.level != "section"]))
def test_section_letter_prefix(r: IndustryRecord) -> None:
    assert IX.resolve(f"{r.section}{r.code}") == r.code
    other = "A" if r.section != "A" else "B"
    assert IX.resolve(f"{other}{r.code}") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=10))
def test_resolve_never_raises(text: str) -> None:
    code = IX.resolve(text)
    assert code is None or IX.get(code) is not None


def test_sei_2018() -> None:
    sei = load_sei()
    assert [s.code for s in sei] == [str(i) for i in range(1, 10)]
    assert sei[0].name_zh == "新一代信息技术产业"
    assert sei[3].name_zh == "生物产业"
    assert sei[8].name_zh == "相关服务业"
    assert all(s.name_en for s in sei)
    assert industry_index() is IX
