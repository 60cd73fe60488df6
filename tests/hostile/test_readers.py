"""Readers read whole files and refuse oversized ones under documented limits, with messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parkatlas.errors import ParkatlasError
from parkatlas.io import jsonstream
from parkatlas.io.limits import LIMIT_SETTINGS, Limits, load_limits
from parkatlas.io.readers import open_table, read_table
from tests.hostile import corpus

DATA = [["T1", "厂房", 5000, "可租"], ["T2", "仓库", 800, "已租"], ["T3", "厂房", 1200, "可租"]]


def knows(names: list[str]) -> bool:
    return len({"编号", "类型", "面积", "状态"} & set(names)) >= 2


def test_stale_dimension_tag_loses_no_row(tmp_path: Path) -> None:
    f = corpus.xlsx(tmp_path / "stale.xlsx", [corpus.HEADER, *DATA])
    corpus.stale_dimension(f, "A1:D2")
    t = read_table(f)
    assert [r[1][0] for r in t.rows] == ["T1", "T2", "T3"]


def test_huge_dimension_tag_and_empty_formatted_rows_cost_nothing(tmp_path: Path) -> None:
    f = corpus.zip_bomb(tmp_path / "tag.xlsx", 2)  # 2 MB of empty formatted rows
    corpus.stale_dimension(f, "A1:XFD1048576")
    t = read_table(f)
    assert t.headers == corpus.HEADER and len(t.rows) == 1


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    f = corpus.zip_bomb(tmp_path / "bomb.xlsx", 30)
    assert f.stat().st_size < 2_000_000  # 30 MB of XML packed small
    with pytest.raises(ParkatlasError) as info:
        read_table(f, limits=Limits(xlsx_mb=10))
    msg = str(info.value)
    assert str(f) in msg and "PARKATLAS_MAX_XLSX_MB" in msg and "10 MiB" in msg


def test_sheet_with_a_known_header_is_chosen(tmp_path: Path) -> None:
    notes = [["填表说明"], ["1. 面积单位为平方米", "2. 租金 元/㎡/天"]]
    f = corpus.xlsx(tmp_path / "book.xlsx", [["某区载体清单"], corpus.HEADER, *DATA],
                    sheets={"说明": notes})  # fmt: skip
    t = read_table(f, recognize=knows)
    assert t.sheet == "载体" and t.headers == corpus.HEADER and len(t.rows) == 3
    assert "'载体'" in t.notes[0] and "--sheet" in t.notes[0]
    assert read_table(f, sheet="说明").sheet == "说明"
    with pytest.raises(ParkatlasError, match="no sheet named '其他'; sheets: 说明, 载体"):
        read_table(f, sheet="其他")


def test_ods_is_read(tmp_path: Path) -> None:
    f = corpus.ods(tmp_path / "s.ods", [corpus.HEADER, ["T1", "厂房", "5000", "可租"]])
    t = read_table(f, recognize=knows)
    assert (
        t.format == "ods"
        and t.headers == corpus.HEADER
        and t.rows == [(2, ["T1", "厂房", "5000", "可租"])]
    )


@pytest.mark.parametrize("codec", ["gb18030", "big5", "utf-8-sig", "utf-16"])
def test_csv_encodings(tmp_path: Path, codec: str) -> None:
    f = tmp_path / f"{codec}.csv"
    text = "編號,類型,面積,地址\nT1,廠房,5000,台北市中正區重慶南路一段122號\n" if codec == "big5" else \
        "编号,类型,面积,地址\nT1,厂房,5000,上海市嘉定区安亭镇墨玉南路888号\n"  # fmt: skip
    f.write_bytes(text.encode(codec))
    t = read_table(f)
    assert t.rows[0][1][3].endswith("号") or t.rows[0][1][3].endswith("號")
    assert t.headers[1] in ("类型", "類型")


def test_gbk_after_a_long_ascii_start_is_not_taken_for_utf8(tmp_path: Path) -> None:
    f = tmp_path / "late.csv"
    body = "".join(f"T{i},factory,{1000 + i},ok\n" for i in range(40_000))  # > 256 KiB of ASCII
    f.write_bytes(("id,kind,area,address\n" + body + "T9,厂房,1,嘉定区\n").encode("gb18030"))
    t = read_table(f)
    assert t.encoding == "gb18030" and t.rows[-1][1] == ["T9", "厂房", "1", "嘉定区"]


def test_single_line_csv_is_refused_fast_without_echoing_it(tmp_path: Path) -> None:
    f = corpus.one_line_csv(tmp_path / "line.csv", 5)
    with pytest.raises(ParkatlasError) as info:
        read_table(f, limits=Limits(line_bytes=100_000))
    msg = str(info.value)
    assert "PARKATLAS_MAX_LINE_BYTES" in msg and "line 1" in msg and len(msg) < 400


def test_long_cell_rows_columns_and_file_size_limits(tmp_path: Path) -> None:
    f = corpus.long_cell_csv(tmp_path / "cell.csv", 200_000)  # a 600 KB cell (> 128 KiB)
    with pytest.raises(ParkatlasError, match="PARKATLAS_MAX_CELL_CHARS"):
        read_table(f)
    many = tmp_path / "many.csv"
    many.write_text(
        "编号,类型,面积\n" + "".join(f"T{i},厂房,{i + 1}\n" for i in range(20)), encoding="utf-8"
    )
    with pytest.raises(ParkatlasError, match=r"more than 10 data rows.*PARKATLAS_MAX_ROWS"):
        read_table(many, limits=Limits(rows=10))
    assert len(read_table(many, limits=Limits(rows=20)).rows) == 20
    with pytest.raises(ParkatlasError, match=r"has 3 columns.*PARKATLAS_MAX_COLUMNS"):
        read_table(many, limits=Limits(columns=2))
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(3 * 1024 * 1024)
    with pytest.raises(ParkatlasError, match=r"3.0 MiB.*PARKATLAS_MAX_FILE_MB"):
        read_table(big, limits=Limits(file_mb=2))


def test_deep_json_and_folders_are_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(ParkatlasError, match="PARKATLAS_MAX_JSON_DEPTH"):
        read_table(corpus.deep_json(tmp_path / "deep.json", 100_000))
    with pytest.raises(ParkatlasError, match="PARKATLAS_MAX_JSON_DEPTH"):
        read_table(corpus.deep_json(tmp_path / "d70.json", 70))
    d = tmp_path / "x.csv"
    d.mkdir()
    with pytest.raises(ParkatlasError, match="is a folder"):
        read_table(d)


def test_limits_from_the_environment() -> None:
    lim = load_limits({"PARKATLAS_MAX_ROWS": "7", "PARKATLAS_MAX_CELL_CHARS": "100"})
    assert lim.rows == 7 and lim.cell_chars == 100 and lim.columns == Limits().columns
    with pytest.raises(ParkatlasError, match="PARKATLAS_MAX_ROWS"):
        load_limits({"PARKATLAS_MAX_ROWS": "-1"})
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for var in LIMIT_SETTINGS:
        assert f"`{var}`" in readme, var


def test_geojson_with_keys_after_the_features(tmp_path: Path) -> None:
    f = tmp_path / "s.geojson"
    f.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.2, 31.3]},
         "properties": {"id": "G1", "kind": "厂房"}}], "name": "x", "crs": {"a": 1}}), encoding="utf-8")  # fmt: skip
    t = read_table(f)
    assert t.format == "geojson" and t.headers == ["id", "kind", "lon", "lat"]
    assert t.rows == [(1, ["G1", "厂房", 121.2, 31.3])]


records = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "名称", "area", "note"]),
        st.one_of(st.text(max_size=30), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                  st.none(), st.booleans()),  # fmt: skip
        min_size=1,
    ),
    min_size=1, max_size=20,
)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(records, st.sampled_from(["list", "items"]), st.integers(1, 40))
def test_streamed_json_equals_json_loads(tmp_path_factory: pytest.TempPathFactory, recs: list[dict[str, object]],
                                         shape: str, chunk: int) -> None:  # fmt: skip
    path = tmp_path_factory.mktemp("j") / "r.json"
    path.write_text(json.dumps(recs if shape == "list" else {"meta": {"n": 1}, "items": recs},
                               ensure_ascii=False, indent=1), encoding="utf-8")  # fmt: skip
    old = jsonstream.CHUNK
    jsonstream.CHUNK = chunk  # tiny chunks: every value is cut at a buffer end somewhere
    try:
        t = open_table(path).read_all()
    finally:
        jsonstream.CHUNK = old
    got = [dict(zip(t.headers, vals, strict=True)) for _, vals in t.rows]
    want = [{h: r.get(h) for h in t.headers} for r in recs if any(
        v is not None and (not isinstance(v, str) or v.strip()) for v in r.values())]  # fmt: skip
    assert got == want
