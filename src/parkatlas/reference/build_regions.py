"""Build data/regions.csv from the package data of cpca 0.5.5 and jionlp 1.5.31.

Run by hand when the sources change, never at run time:

    pip download --no-deps cpca==0.5.5 jionlp==1.5.31 -d /tmp/wheels
    python -m parkatlas.reference.build_regions \\
        --cpca /tmp/wheels/cpca-0.5.5-py3-none-any.whl \\
        --jionlp /tmp/wheels/jionlp-1.5.31-py2.py3-none-any.whl

The wheels are read as zip files; neither package is imported or installed. What is done to
the data is described in data/README.md (section "regions.csv").
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

from parkatlas.reference._names import ETHNIC_EN, SUFFIXES, split_name

DATA = Path(__file__).parent / "data"
CPCA_MEMBER = "cpca/resources/adcodes.csv"
JIONLP_MEMBER = "jionlp/dictionary/china_location.zip"
CPCA_SOURCE = "cpca 0.5.5 adcodes.csv (MIT, 2020)"
JIONLP_SOURCE = "jionlp 1.5.31 china_location.txt (Apache-2.0); code assigned"
TOWN_PROVINCES = ("310000",)  # Shanghai only, for now
TOWN_SEQ_START = 901  # assigned town codes are district + 901…: outside the official ranges

# English names that are not plain pinyin (exonyms, customary spellings).
EN_OVERRIDES: dict[str, str] = {
    "内蒙古自治区": "Inner Mongolia",
    "西藏自治区": "Xizang",
    "陕西省": "Shaanxi",
    "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macao",
    "乌鲁木齐市": "Urumqi City",
    "呼和浩特市": "Hohhot City",
    "拉萨市": "Lhasa City",
    "西沙群岛": "Xisha Islands",
    "南沙群岛": "Nansha Islands",
    "中沙群岛的岛礁及其海域": "Zhongsha Islands",
    "中国自由贸易试验区": "China (Shanghai) Pilot Free Trade Zone",
}

# Readings pypinyin gets wrong in place names (checked by hand on the names of this file).
PHRASE_READINGS: dict[str, list[list[str]]] = {
    "闵行": [["mǐn"], ["háng"]],
    "朝阳": [["cháo"], ["yáng"]],
    "长子": [["zhǎng"], ["zǐ"]],
    "洪洞": [["hóng"], ["tóng"]],
    "单县": [["shàn"], ["xiàn"]],
    "莘县": [["shēn"], ["xiàn"]],
    "涡阳": [["guō"], ["yáng"]],
    "浚县": [["xùn"], ["xiàn"]],
    "什邡": [["shí"], ["fāng"]],
    "乐亭": [["lào"], ["tíng"]],
    "六合": [["lù"], ["hé"]],
    "犍为": [["qián"], ["wéi"]],
    "歙县": [["shè"], ["xiàn"]],
    "尉犁": [["yù"], ["lí"]],
    "枞阳": [["zōng"], ["yáng"]],
    "泌阳": [["bì"], ["yáng"]],
    "中牟": [["zhōng"], ["mù"]],
    "牟平": [["mù"], ["píng"]],
    "大埔": [["dà"], ["bù"]],
    "蚌山": [["bèng"], ["shān"]],
    "番禺": [["pān"], ["yú"]],
    "乐清": [["yuè"], ["qīng"]],
    "筠连": [["jún"], ["lián"]],
    "郫都": [["pí"], ["dū"]],
    "蔚县": [["yù"], ["xiàn"]],
    "繁峙": [["fán"], ["shì"]],
    "曲阜": [["qū"], ["fù"]],
    "会稽": [["kuài"], ["jī"]],
    "铅山": [["yán"], ["shān"]],
    "荥经": [["yíng"], ["jīng"]],
    "荥阳": [["xíng"], ["yáng"]],
    "栟茶": [["bēn"], ["chá"]],
    "莘庄": [["xīn"], ["zhuāng"]],
    "长宁": [["cháng"], ["níng"]],
    "长治": [["cháng"], ["zhì"]],
    "重庆": [["chóng"], ["qìng"]],
    "吕梁": [["lǚ"], ["liáng"]],
    "珲春": [["hún"], ["chūn"]],
    "曾都": [["zēng"], ["dū"]],
    "万柏林": [["wàn"], ["bǎi"], ["lín"]],
    "南乐": [["nán"], ["lè"]],
    "民乐": [["mín"], ["lè"]],
}
# One-character stems (蔚县 → stem 蔚) that pypinyin reads wrongly on their own.
STEM_READINGS: dict[str, str] = {"蔚": "Yu", "单": "Shan", "浚": "Xun", "莘": "Shen", "歙": "She"}
SINGLE_READINGS: dict[str, str] = {
    "长": "cháng,zhǎng",  # 长沙, 长春, 长宁 …; 长子 is set above
    "行": "xíng,háng",
    "厦": "xià,shà",
    "都": "dū,dōu",  # 成都, 新都, 都匀
    "什": "shí,shén",  # 喀什, 乌什, 克什克腾
    "乐": "lè,yuè",  # 南乐, 民乐; 乐清 and 乐亭 are set above
}

TOWN_SUFFIXES_EN: list[tuple[str, str]] = [
    ("经济技术开发区", "Economic and Technological Development Zone"),
    ("新兴技术开发区", "New and High-tech Industrial Development Zone"),
    ("现代农业园区", "Modern Agriculture Park"),
    ("出口加工区", "Export Processing Zone"),
    ("城市工业园区", "Urban Industrial Park"),
    ("高科技园区", "Hi-tech Park"),
    ("工业园区", "Industrial Park"),
    ("开发区", "Development Zone"),
    ("工业区", "Industrial Zone"),
    ("旅游区", "Tourist Zone"),
    ("度假区", "Resort"),
    ("新区", "New Area"),
    ("社区", "Community"),
    ("林场", "Forest Farm"),
    ("农场", "Farm"),
    ("园区", "Park"),
    ("街道", "Subdistrict"),
    ("镇", "Town"),
    ("乡", "Township"),
]

# --- coordinates ----------------------------------------------------------------------------
# cpca's centroids are GCJ-02; parkatlas.geo converts them to WGS-84 (the same transform the
# importer uses for --crs gcj02).
from parkatlas.geo import gcj02_to_wgs84  # noqa: E402

# --- names ---------------------------------------------------------------------------------


def _pinyin_setup() -> None:
    from pypinyin import load_phrases_dict, load_single_dict

    load_phrases_dict(PHRASE_READINGS)
    load_single_dict({ord(k): v for k, v in SINGLE_READINGS.items()})


def romanize(text: str) -> str:
    """嘉定 → Jiading, 西安 → Xi'an, 吕梁 → Lüliang (one word, apostrophe before a/o/e)."""
    from pypinyin import Style, lazy_pinyin

    if text in STEM_READINGS:
        return STEM_READINGS[text]
    out = ""
    for syl in lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore"):
        if out and syl[:1] in "aoe":
            out += "'"
        out += syl
    return out[:1].upper() + out[1:]


def english_name(name: str, level: str) -> str:
    if name in EN_OVERRIDES:
        return EN_OVERRIDES[name]
    if level == "town":
        for suffix, word in TOWN_SUFFIXES_EN:
            if name.endswith(suffix) and len(name) > len(suffix):
                return f"{romanize(name[: -len(suffix)])} {word}"
        return romanize(name)
    stem, suffix, groups = split_name(name)
    if level == "province":
        return romanize(stem)
    if not suffix:
        return romanize(name)
    word = dict(SUFFIXES)[suffix]
    if suffix == "区" and len(stem) < 2:
        return f"{romanize(name)} District"  # 城区 → Chengqu District
    ethnic = " ".join(ETHNIC_EN[g] for g in groups)
    if suffix.startswith("自治") and not groups and stem in ETHNIC_EN:
        parts = [ETHNIC_EN[stem]]  # 鄂伦春自治旗 → Oroqen Autonomous Banner
    else:
        parts = [romanize(stem)]
    return " ".join(p for p in [*parts, ethnic, word] if p)


def town_short_name(name: str) -> str:
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


# --- sources -------------------------------------------------------------------------------


def read_cpca(wheel: Path) -> list[dict[str, str]]:
    with zipfile.ZipFile(wheel) as zf:
        text = zf.read(CPCA_MEMBER).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def read_jionlp_lines(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as outer:
        inner_bytes = outer.read(JIONLP_MEMBER)
    with zipfile.ZipFile(io.BytesIO(inner_bytes)) as inner:
        text = inner.read("china_location.txt").decode("utf-8")
    return text.splitlines()


def _level(code6: str) -> str:
    if code6[2:] == "0000":
        return "province"
    if code6[4:] == "00":
        return "city"
    return "district"


def build_divisions(cpca_rows: Iterable[dict[str, str]]) -> list[dict[str, object]]:
    """Provinces, cities and districts from cpca, placeholders dropped, parents linked."""
    _pinyin_setup()
    raw = {r["adcode"][:6]: r for r in cpca_rows}
    # Placeholders of the code table: 市辖区 / 县 under a municipality or a city, and
    # 省(自治区)直辖县级行政区划. Their children attach to the level above.
    dropped = {
        c
        for c, r in raw.items()
        if r["name"] in ("市辖区", "县") or r["name"].endswith("直辖县级行政区划")
    }
    out: list[dict[str, object]] = []
    for code, r in sorted(raw.items()):
        if code in dropped:
            continue
        level = _level(code)
        parent: str | None = None
        if level == "city":
            parent = code[:2] + "0000"
        elif level == "district":
            city = code[:4] + "00"
            parent = city if city in raw and city not in dropped else code[:2] + "0000"
        name = r["name"]
        lat = lon = None
        if r["latitude"] and r["longitude"]:
            wlat, wlon = gcj02_to_wgs84(float(r["latitude"]), float(r["longitude"]))
            lat, lon = round(wlat, 6), round(wlon, 6)
        out.append(
            {
                "code": code,
                "name": name,
                "short_name": short_name_for(name, level),
                "name_en": english_name(name, level),
                "level": level,
                "parent_code": parent or "",
                "lat": "" if lat is None else f"{lat:.6f}",
                "lon": "" if lon is None else f"{lon:.6f}",
                "source": CPCA_SOURCE,
            }
        )
    return out


def short_name_for(name: str, level: str) -> str:
    from parkatlas.reference._names import short_name

    if name in ("西沙群岛", "南沙群岛"):
        return name[:2]
    if name == "中沙群岛的岛礁及其海域":
        return "中沙"
    return short_name(name)


def build_towns(lines: list[str], known: dict[str, dict[str, object]]) -> list[dict[str, object]]:
    """Towns and subdistricts of the provinces in TOWN_PROVINCES, with assigned codes."""
    out: list[dict[str, object]] = []
    province: str | None = None
    district: str | None = None
    seq = 0
    for line in lines:
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        if depth == 0:
            province = fields[1] if len(fields) > 1 else None
            district = None
            continue
        if province not in TOWN_PROVINCES:
            continue
        if depth == 2:
            district = fields[1] if len(fields) > 1 and fields[1] in known else None
            if len(fields) > 1 and district is None:
                print(
                    f"warning: district {fields} not in cpca data, towns skipped", file=sys.stderr
                )
            seq = TOWN_SEQ_START
        elif depth == 3 and district is not None:
            name = fields[0]
            parent = known[district]
            for prefix in (f"上海市{parent['name']}", str(parent["name"]), "上海市"):
                if name.startswith(prefix) and len(name) > len(prefix) + 1:
                    name = name[len(prefix) :]  # 上海市奉贤区海湾旅游区 → 海湾旅游区
                    break
            if seq > 999:
                raise SystemExit(f"more than 99 towns in {district}")
            out.append(
                {
                    "code": f"{district}{seq:03d}",
                    "name": name,
                    "short_name": town_short_name(name),
                    "name_en": english_name(name, "town"),
                    "level": "town",
                    "parent_code": district,
                    "lat": "",
                    "lon": "",
                    "source": JIONLP_SOURCE,
                }
            )
            seq += 1
    return out


FIELDS = ["code", "name", "short_name", "name_en", "level", "parent_code", "lat", "lon", "source"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpca", type=Path, required=True, help="cpca-0.5.5 wheel")
    parser.add_argument("--jionlp", type=Path, help="jionlp-1.5.31 wheel (towns)")
    parser.add_argument("--out", type=Path, default=DATA / "regions.csv")
    args = parser.parse_args(argv)
    rows = build_divisions(read_cpca(args.cpca))
    if args.jionlp:
        known = {str(r["code"]): r for r in rows if r["level"] == "district"}
        rows += build_towns(read_jionlp_lines(args.jionlp), known)
    rows.sort(key=lambda r: str(r["code"]))
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    levels: dict[str, int] = {}
    for r in rows:
        levels[str(r["level"])] = levels.get(str(r["level"]), 0) + 1
    print(f"wrote {len(rows)} rows to {args.out}: {levels}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
