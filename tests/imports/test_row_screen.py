"""The cheap screen in front of row_kind never lets a non-record row through as a record."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.io.validate import _maybe_not_record, row_kind

HEADERS = ["编号", "所属园区", "区域", "类型", "面积", "租金", "地址", "备注"]
CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "\u3000", "合计", "合 计", "总计：", "Total", "注：以上为合成数据",
                     "说明:", "编号", "所属园区", "区域", "类型", "厂房", "嘉定区", "5000", "S1"]),
    st.text(max_size=8),
    st.integers(-5, 5000),
    st.floats(allow_nan=False, allow_infinity=False),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(CELLS, min_size=0, max_size=10), min_size=1, max_size=20))
def test_screen_passes_only_rows_row_kind_calls_records(raw_rows):
    rows = list(enumerate(raw_rows, start=2))
    maybe = _maybe_not_record(rows, HEADERS)
    for (_, vals), m in zip(rows, maybe, strict=True):
        if not m:
            assert row_kind(vals, HEADERS) is None, vals


def test_screen_flags_the_usual_non_records_and_passes_plain_rows():
    rows = [
        (2, ["S1", "", "嘉定区", "厂房", 5000, 1.2]),  # a plain record with a blank park
        (3, ["", "", "", "", "", ""]),
        (4, ["合计", "", "", "", 12000, ""]),
        (5, ["注：以上为合成数据", "", "", "", "", ""]),
        (6, HEADERS[:6]),
        (7, ["", "", "合计", "", 3, ""]),
    ]
    assert _maybe_not_record(rows, HEADERS) == [False, True, True, True, True, True]
    assert [row_kind(v, HEADERS) for _, v in rows] == [None, "blank", "totals", "note", "header", "totals"]


TEXT_CELLS = st.one_of(
    st.sampled_from(["", " ", "合计", "小计:", "total", "注：合成", "备注1：x", "编号", "区域",
                     "S1", "厂房", "嘉定区", "5000", "a\n注:b"]),
    st.text(alphabet="合计注：:说明 \n\u3000totalS0123", max_size=6),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(TEXT_CELLS, min_size=6, max_size=8), min_size=1, max_size=20))
def test_screen_on_text_columns(raw_rows):
    """CSV rows are all text: the column-wise screen must agree with row_kind the same way."""
    rows = list(enumerate(raw_rows, start=2))
    for (_, vals), m in zip(rows, _maybe_not_record(rows, HEADERS), strict=True):
        if not m:
            assert row_kind(vals, HEADERS) is None, vals


def test_the_all_plain_chunk_path_builds_the_records_the_row_loop_builds():
    """A chunk of usual rows is built by C-level passes; one unusual row sends the chunk
    through the row loop: the usual rows' records are the same either way, and an id seen in
    an earlier chunk is still refused."""
    from parkatlas.io.fields import Lookups
    from parkatlas.io.readers import Table
    from parkatlas.io.validate import validate_table

    lk = Lookups(region=lambda s: "310114" if s == "嘉定区" else None, industry=lambda s: None)
    head = ["id", "kind", "area_m2", "region", "rent_cny_m2_day", "name"]
    plain = [(i + 2, [f"S{i}", "factory", str(1000 + i), "嘉定区", "1.2", f"厂房{i}"]) for i in range(50)]
    fast = validate_table("sites", Table("t.csv", "csv", head, plain), lk)
    odd = [*plain, (99, ["S99", "飞船", "10", "嘉定区", "", ""])]
    slow = validate_table("sites", Table("t.csv", "csv", head, odd), lk)
    assert fast.records == slow.records[:50] and not fast.errors and len(slow.errors) == 1

    seen: dict[str, int] = {}
    validate_table("sites", Table("t.csv", "csv", head, plain[:10]), lk, seen_ids=seen)
    again = validate_table("sites", Table("t.csv", "csv", head, plain[5:20]), lk, seen_ids=seen)
    assert [e.row for e in again.errors] == [7, 8, 9, 10, 11] and len(again.records) == 10
    assert all("duplicate id" in e.reason for e in again.errors)
