"""vocab.industries: whole official names before splitting, then the shipped aliases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parkatlas.reference.industries import load_industries
from parkatlas.vocab import Reading, Unreadable, read_industries
from parkatlas.vocab.industries import industry_aliases

DIVISIONS = [r for r in load_industries() if r.level == "division"]


@pytest.mark.parametrize(
    ("cell", "codes"),
    [("计算机、通信和其他电子设备制造业", ("39",)),
     ("计算机、通信和其他电子设备制造业、医药制造业", ("39", "27")),
     ("铁路、船舶、航空航天和其他运输设备制造业", ("37",)),
     ("医疗器械", ("358",)), ("新能源汽车", ("3612",)), ("集成电路", ("3973",)),
     ("生物医药", ("27",)), ("仓储", ("59",)), ("软件", ("65",)),
     ("集成电路产业", ("3973",)), ("新能源汽车、集成电路；生物医药", ("3612", "3973", "27")),
     ("医疗器械及生物医药", ("358", "27")), ("27", ("27",)), ("C39", ("39",)),
     (3973, ("3973",)), ("2710/2720", ("2710", "2720")), ("医药制造业,医药制造业", ("27",))],
)  # fmt: skip
def test_read_industries(cell: object, codes: tuple[str, ...]) -> None:
    r = read_industries(cell)
    assert isinstance(r, Reading) and r.value == codes


@pytest.mark.parametrize("cell", ["不限", "行业不限", "均可"])
def test_any_industry(cell: str) -> None:
    r = read_industries(cell)
    assert isinstance(r, Reading) and (r.value, r.marker) == (None, "any")


def test_unknown_part_is_named() -> None:
    r = read_industries("医药制造业、火星采矿")
    assert isinstance(r, Unreadable) and r.code == "unknown_industry"
    assert "'火星采矿'" in r.en and "火星采矿" in r.zh and "医药制造业'" not in r.en


def test_a_resolver_can_add_names() -> None:
    r = read_industries("本地特色", resolve=lambda s: "C" if s == "本地特色" else None)
    assert isinstance(r, Reading) and r.value == ("C",)


def test_alias_table_is_checked_against_the_standard() -> None:
    codes = {r.code: r.name_zh for r in load_industries()}
    aliases = industry_aliases()
    assert len(aliases) >= 40
    for alias in aliases.values():
        assert alias.code in codes, alias
        assert len(alias.basis) > 10, alias  # each alias says why
        assert alias.alias not in codes.values(), f"{alias.alias} is already an official name"


@given(st.lists(st.sampled_from(DIVISIONS), min_size=1, max_size=4, unique=True),
       st.sampled_from(["、", "，", ";", "；", "/", " ", "\n"]))  # fmt: skip
def test_lists_of_official_names_resolve_in_order(divisions, sep: str) -> None:  # type: ignore[no-untyped-def]
    r = read_industries(sep.join(d.name_zh for d in divisions))
    assert isinstance(r, Reading) and r.value is not None
    # a division whose single class carries its name (97 国际组织 → 9700) gives the class
    assert len(r.value) == len(divisions)
    assert all(c.startswith(d.code) for c, d in zip(r.value, divisions, strict=True))


@given(st.text(max_size=20))
def test_never_raises(text: str) -> None:
    assert isinstance(read_industries(text), Reading | Unreadable)
