"""vocab.terms: one vocabulary per closed list, with labels in both languages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.vocab import (
    KINDS,
    STAGES,
    Reading,
    Unreadable,
    read_env_class,
    read_kind,
    read_land_use,
    read_stage,
    read_status,
    read_tenure,
)


@pytest.mark.parametrize(
    ("cell", "kind"),
    [("厂房", "factory"), ("标准厂房", "factory"), ("高标准厂房（一层）", "factory"),
     ("工业上楼", "factory"), ("仓库", "warehouse"), ("仓储", "warehouse"), ("研发楼", "lab"),
     ("研发办公楼", "lab"), ("写字楼", "office"), ("办公", "office"), ("土地", "land"),
     ("工业用地", "land"), ("Factory", "factory"), ("WAREHOUSE", "warehouse"), ("厂房 ", "factory")],
)  # fmt: skip
def test_read_kind(cell: str, kind: str) -> None:
    r = read_kind(cell)
    assert isinstance(r, Reading) and r.value == kind


def test_kind_names_several_or_none() -> None:
    several = read_kind("厂房/仓库")
    assert isinstance(several, Unreadable) and several.code == "several"
    assert "厂房、仓库" in several.en and "请只填一个" in several.zh
    unknown = read_kind("宿舍")
    assert isinstance(unknown, Unreadable) and unknown.code == "unknown_word"
    assert "factory 厂房" in unknown.en


def test_any_kind_only_where_allowed() -> None:
    assert isinstance(read_kind("不限"), Unreadable)
    r = read_kind("不限", allow_any=True)
    assert isinstance(r, Reading) and r.marker == "any" and r.value is None


@pytest.mark.parametrize(
    ("reader", "cell", "code"),
    [(read_status, "可租", "available"), (read_status, "招商中", "available"),
     (read_status, "意向", "reserved"), (read_status, "已售", "occupied"),
     (read_tenure, "出租", "lease"), (read_tenure, "出让", "sale"), (read_tenure, "租售均可", "both"),
     (read_stage, "在谈", "negotiating"), (read_stage, "已签约", "signed"),
     (read_stage, "pre_reviewed", "pre_reviewed"), (read_stage, "入规", "in_statistics"),
     (read_land_use, "二类工业用地", "M2"), (read_land_use, "m0", "M0"),
     (read_land_use, "仓储用地", "W1")],
)  # fmt: skip
def test_vocabularies(reader, cell: str, code: str) -> None:  # type: ignore[no-untyped-def]
    r = reader(cell)
    assert isinstance(r, Reading) and r.value == code


@pytest.mark.parametrize(("cell", "value"), [("报告表", 2), ("三类", 3), (1, 1), ("1", 1)])
def test_env_class(cell: object, value: int) -> None:
    r = read_env_class(cell)
    assert isinstance(r, Reading) and r.value == value


def test_labels_both_languages() -> None:
    assert KINDS.zh("factory") == "厂房" and KINDS.en("lab") == "lab"
    assert KINDS.label("warehouse", "zh") == "仓库"
    assert STAGES.zh("negotiating") == "洽谈"
    assert KINDS.codes == ("land", "factory", "office", "lab", "warehouse")


@given(st.sampled_from(KINDS.terms))
def test_every_label_reads_back_to_its_code(term) -> None:  # type: ignore[no-untyped-def]
    for word in (term.code, term.zh, term.en, *term.words):
        r = read_kind(word)
        assert isinstance(r, Reading) and r.value == term.code, word


@given(st.text(max_size=12))
def test_term_readers_never_raise(text: str) -> None:
    for reader in (read_kind, read_status, read_tenure, read_stage, read_land_use, read_env_class):
        r = reader(text)
        assert isinstance(r, Reading | Unreadable)
