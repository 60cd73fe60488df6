"""Naming rules for administrative divisions, shared by the build script and the resolver.

Pure tables and string functions: Chinese short names (嘉定区 → 嘉定, 宁夏回族自治区 → 宁夏), the
English words of the suffixes and of the ethnic groups named in autonomous areas, and the
normalisation of English names for lookup ("Jiading Dist." → "jiading district").
"""

from __future__ import annotations

import re

# Ethnic groups named in autonomous areas → the English names used in official Chinese
# English-language usage (e.g. "Yanbian Korean Autonomous Prefecture").
ETHNIC_EN: dict[str, str] = {
    "蒙古": "Mongol",
    "回": "Hui",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "壮": "Zhuang",
    "布依": "Bouyei",
    "朝鲜": "Korean",
    "满": "Manchu",
    "侗": "Dong",
    "瑶": "Yao",
    "白": "Bai",
    "土家": "Tujia",
    "哈尼": "Hani",
    "哈萨克": "Kazak",
    "傣": "Dai",
    "黎": "Li",
    "傈僳": "Lisu",
    "佤": "Va",
    "畲": "She",
    "拉祜": "Lahu",
    "水": "Shui",
    "东乡": "Dongxiang",
    "纳西": "Naxi",
    "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土": "Tu",
    "达斡尔": "Daur",
    "仫佬": "Mulao",
    "羌": "Qiang",
    "布朗": "Blang",
    "撒拉": "Salar",
    "毛南": "Maonan",
    "仡佬": "Gelao",
    "锡伯": "Xibe",
    "普米": "Pumi",
    "塔吉克": "Tajik",
    "怒": "Nu",
    "鄂温克": "Ewenki",
    "保安": "Bonan",
    "裕固": "Yugur",
    "鄂伦春": "Oroqen",
    "独龙": "Derung",
    "各": "Various Nationalities",  # 龙胜各族自治县
}

# Ethnic tokens as they appear at the end of a stem, longest first: "土家族" before "土族".
# A one-character group is only recognised with 族 (回族, 藏族), never bare.
_ETHNIC_TOKENS: list[tuple[str, str]] = sorted(
    [(k + "族", k) for k in ETHNIC_EN] + [(k, k) for k in ETHNIC_EN if len(k) > 1],
    key=lambda t: -len(t[0]),
)

# Administrative suffixes, longest first, with their English word. Order matters.
SUFFIXES: list[tuple[str, str]] = [
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("新区", "New Area"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("矿区", "Mining District"),
    ("地区", "Prefecture"),
    ("街道", "Subdistrict"),
    ("省", "Province"),
    ("市", "City"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("镇", "Town"),
    ("乡", "Township"),
]

# Suffixes that are also the tail of ordinary names: only these names carry them.
_RARE_SUFFIXES: dict[str, set[str]] = {
    "林区": {"神农架林区"},
    "特区": {"六枝特区"},
    "新区": {"浦东新区", "滨海新区", "沈北新区"},  # 清新区 is 清新 + 区
}


def split_ethnic(stem: str) -> tuple[str, list[str]]:
    """Strip the ethnic groups from the end of an autonomous area's stem.

    "延边朝鲜族" → ("延边", ["朝鲜"]); "积石山保安族东乡族撒拉族" → ("积石山", ["保安", "东乡", "撒拉"]).
    A strip that would leave less than two characters is not made ("鄂伦春" stays).
    """
    groups: list[str] = []
    changed = True
    while changed:
        changed = False
        for token, key in _ETHNIC_TOKENS:
            if stem.endswith(token) and len(stem) - len(token) >= 2:
                stem = stem[: -len(token)]
                groups.insert(0, key)
                changed = True
                break
    return stem, groups


def split_name(name: str) -> tuple[str, str, list[str]]:
    """Split a division's name into (stem, suffix, ethnic groups).

    "嘉定区" → ("嘉定", "区", []); "浦东新区" → ("浦东", "新区", []);
    "延边朝鲜族自治州" → ("延边", "自治州", ["朝鲜"]); "忠县" → ("忠", "县", []).
    A name with no known suffix comes back whole with an empty suffix.
    """
    for suffix, _ in SUFFIXES:
        if suffix in _RARE_SUFFIXES and name not in _RARE_SUFFIXES[suffix]:
            continue  # 万柏林区 is 万柏林 + 区, not a 林区
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            groups: list[str] = []
            if suffix.startswith("自治") or suffix == "特别行政区":
                stem, groups = split_ethnic(stem)
                if not groups and stem.endswith("族") and len(stem) > 2:
                    stem = stem[:-1]  # 鄂温克族自治旗 → 鄂温克
            return stem, suffix, groups
    return name, "", []


def short_name(name: str) -> str:
    """The customary short name: 嘉定区 → 嘉定, 上海市 → 上海, 内蒙古自治区 → 内蒙古.

    One-character stems keep their suffix (忠县, 城区), as in common usage.
    """
    stem, suffix, _ = split_name(name)
    if not suffix or len(stem) < 2:
        return name
    return stem


# --- English lookup keys ------------------------------------------------------------------

_ABBREVIATIONS = {
    "dist": "district",
    "distr": "district",
    "co": "county",
    "cty": "county",
    "prov": "province",
    "pref": "prefecture",
    "auton": "autonomous",
    "aut": "autonomous",
    "subdist": "subdistrict",
    "twp": "township",
    "st": "street",
}

# Words that name the kind of a division rather than the division itself.
GENERIC_WORDS = {
    "district",
    "county",
    "city",
    "province",
    "prefecture",
    "league",
    "banner",
    "town",
    "township",
    "subdistrict",
    "street",
    "new",
    "area",
    "autonomous",
    "region",
    "special",
    "administrative",
    "forestry",
    "mining",
    "municipality",
    "sar",
    "of",
    "the",
    "nationalities",
    "various",
}
ETHNIC_WORDS = {w.lower() for v in ETHNIC_EN.values() for w in v.split()}

_WORD = re.compile(r"[a-z0-9]+")


def fold_ascii(text: str) -> str:
    """Lower-case, ü → u, apostrophes and hyphens dropped inside words (Xi'an → xian)."""
    text = text.lower().replace("ü", "u").replace("ǚ", "u").replace("’", "").replace("'", "")
    return text.replace("-", " ")


def english_words(text: str) -> list[str]:
    words = _WORD.findall(fold_ascii(text))
    return [_ABBREVIATIONS.get(w, w) for w in words]


def english_key(text: str) -> str:
    """ "Jiading Dist." → "jiadingdistrict": words expanded, joined without spaces."""
    return "".join(english_words(text))


def english_core(text: str) -> str:
    """ "Yanbian Korean Autonomous Prefecture" → "yanbian": the name without kind words."""
    words = english_words(text)
    drop = GENERIC_WORDS | ETHNIC_WORDS if "autonomous" in words else GENERIC_WORDS
    return "".join(w for w in words if w not in drop)
