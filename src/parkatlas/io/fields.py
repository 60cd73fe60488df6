"""What each importable entity holds: its fields, their header aliases (English and Chinese)
and the converter that turns a cell into a stored value. Pure: lookups come in a `Lookups`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from parkatlas import units, vocab
from parkatlas.vocab import Reading, Unreadable

Converter = Callable[[Any, "Lookups"], Any]


@dataclass
class Lookups:
    """Resolvers the converters need. Repeated cells are converted once per distinct value by
    validate._convert_column, so the converters themselves keep no cache."""

    region: Callable[[str], str | None]
    industry: Callable[[str], str | None]
    park: Callable[[str], str | None] = lambda s: None
    enterprise: Callable[[str], str | None] = lambda s: None
    crs: str = "wgs84"
    park_region: Callable[[str], str | None] = lambda park_id: None
    today: dt.date = field(default_factory=dt.date.today)  # what 即可入驻 (available now) means


def _text(v: Any) -> str | None:
    if v is None:
        return None
    if isinstance(v, float) and v == int(v):
        v = int(v)
    s = str(v).strip()
    return s or None


def conv_text(v: Any, lk: Lookups) -> str | None:
    return _text(v)


def conv_id(v: Any, lk: Lookups) -> str | None:
    s = _text(v)
    if s is not None and len(s) > 64:
        raise ValueError("an id is at most 64 characters")
    return s


TYPED = "_typed"  # a Spread key: keep the cell as typed, beside its value (validate puts it in attrs)


class Spread(dict[str, Any]):
    """One cell that fills several fields: "3,000-5,000㎡" → area_m2 5000 and area_min_m2 3000;
    面议 → rent empty and negotiable true. `validate` spreads it over the record (a field the
    file has its own column for keeps that column's value)."""


def _read(r: Reading[Any] | Unreadable) -> Reading[Any]:
    if isinstance(r, Unreadable):
        raise ValueError(r.en)
    return r


def _num(
    reader: Callable[[Any], Reading[float] | Unreadable],
    name: str,
    *,
    low: str | None = None,
    high: str | None = None,
    strict: bool = True,
) -> Converter:
    """A quantity converter on a `parkatlas.vocab` reader. A plain number in canonical units
    takes the fast path (a million-row file is mostly plain numbers); anything else is read
    by the reader, whose range ends go to `low`/`high` fields and whose 面议 sets negotiable."""

    def conv(v: Any, lk: Lookups) -> Any:
        if isinstance(v, str):
            try:
                x = float(v)  # the fast path: "5000", "1.25"
            except ValueError:
                x = None
            if x is not None and (x > 0 or (not strict and x == 0)) and x != float("inf"):
                return x
        elif isinstance(v, float | int) and not isinstance(v, bool):
            if v > 0 and v != float("inf"):
                return float(v)
        r = _read(reader(v))
        extra: dict[str, Any] = {}
        if r.marker == "negotiable":
            extra["negotiable"] = True
        if r.is_range and low is not None:
            extra[low] = r.low
        if r.is_range and high is not None:
            extra[high] = r.high
        if r.approximate or r.at_least or r.note or (r.is_range and low is None and high is None):
            extra[TYPED] = True  # 约3000㎡, 8米（檐口）, a price range: the cell is kept as typed too
        return Spread({name: r.value, **extra}) if extra else r.value

    # a marker on the function object, read by F() below: mypy types no attributes on functions
    conv.fast_numeric = True  # type: ignore[attr-defined]
    conv.strict = strict  # type: ignore[attr-defined]
    return conv


def conv_int(v: Any, lk: Lookups) -> int | None:
    val = units.parse_number(v)
    if val is None:
        return None
    if val != int(val):
        raise units.UnitError(f"{v!r} is not a whole number")
    return int(val)


_MONEY = re.compile(
    r"^\s*(?P<num>[-+]?[\d.,，]+)\s*(?P<mult>亿|万|千万|百万)?\s*(?P<cur>元|人民币|rmb|cny)?\s*$",
    re.I,
)


def parse_money_wan(v: Any) -> float | None:
    """Money in 万元: a bare number is 万元; '5亿元' → 50000; '5000万元' → 5000; '3000000元' → 300."""
    if v is None or isinstance(v, int | float):
        return None if v is None else float(v)
    s = str(v).strip()
    if not s:
        return None
    m = _MONEY.match(s)
    if not m:
        raise units.UnitError(
            f"cannot read {s!r} as an amount in yuan: write e.g. 5000万元, 2.5亿元 or a number of 万元"
        )
    num = float(m.group("num").replace(",", "").replace("，", ""))
    mult = {"亿": 1e4, "万": 1.0, "千万": 1e3, "百万": 1e2, None: None}[m.group("mult")]
    if mult is None:
        return num / 1e4 if m.group("cur") else num
    return num * mult


def conv_money(v: Any, lk: Lookups) -> float | None:
    if isinstance(v, str):
        try:
            x = float(v)  # the fast path: a bare number is 万元
        except ValueError:
            return parse_money_wan(v)
        if x >= 0 and x != float("inf"):
            return x
    return parse_money_wan(v)


# Word lists for the import template's drop-down lists and the Chinese export; reading a cell
# goes through `parkatlas.vocab` (one parser per concept).
KIND_WORDS = {
    "land": "land", "土地": "land", "地块": "land", "工业用地": "land", "用地": "land",
    "factory": "factory", "厂房": "factory", "标准厂房": "factory", "工业厂房": "factory", "通用厂房": "factory",
    "office": "office", "写字楼": "office", "办公": "office", "办公楼": "office",
    "lab": "lab", "研发": "lab", "研发楼": "lab", "实验室": "lab", "研发办公": "lab",
    "warehouse": "warehouse", "仓库": "warehouse", "仓储": "warehouse", "物流仓库": "warehouse",
}  # fmt: skip
TENURE_WORDS = {
    "lease": "lease", "rent": "lease", "出租": "lease", "租赁": "lease", "租": "lease",
    "sale": "sale", "sell": "sale", "出售": "sale", "销售": "sale", "转让": "sale", "售": "sale", "出让": "sale",
    "both": "both", "租售": "both", "可租可售": "both", "均可": "both", "租售均可": "both",
}  # fmt: skip
STATUS_WORDS = {
    "available": "available", "可租": "available", "空置": "available", "待租": "available",
    "招商中": "available", "可售": "available", "在租": "available",
    "reserved": "reserved", "已预订": "reserved", "预定": "reserved", "意向": "reserved", "洽谈中": "reserved",
    "occupied": "occupied", "已租": "occupied", "已售": "occupied", "已出租": "occupied", "已入驻": "occupied",
}  # fmt: skip
LAND_USE_WORDS = {
    "一类工业用地": "M1", "二类工业用地": "M2", "三类工业用地": "M3", "新型产业用地": "M0",
    "研发用地": "M0", "工业研发用地": "M0", "一类物流仓储用地": "W1", "二类物流仓储用地": "W2",
    "三类物流仓储用地": "W3", "仓储用地": "W1",
}  # fmt: skip
LAND_USE_CODES = {"M0", "M1", "M2", "M3", "W1", "W2", "W3", "W"}
ENV_WORDS = {
    "1": 1,
    "2": 2,
    "3": 3,
    "一类": 1,
    "二类": 2,
    "三类": 3,
    "登记表": 1,
    "报告表": 2,
    "报告书": 3,
}
STAGES = [
    "lead", "assessed", "negotiating", "pre_reviewed", "signed", "registered", "site_secured",
    "construction_started", "completed", "in_production", "at_capacity", "in_statistics",
    "dropped", "lost", "withdrawn",
]  # fmt: skip
STAGE_WORDS = {
    "线索": "lead", "信息": "lead", "研判": "assessed", "洽谈": "negotiating", "在谈": "negotiating",
    "预审": "pre_reviewed", "评审通过": "pre_reviewed", "签约": "signed", "注册": "registered",
    "落户": "registered", "拿地": "site_secured", "落地": "site_secured", "租赁": "site_secured",
    "开工": "construction_started", "竣工": "completed", "投产": "in_production",
    "达产": "at_capacity", "入统": "in_statistics", "入规": "in_statistics", "终止": "dropped",
    "流失": "lost", "退出": "withdrawn",
}  # fmt: skip


def _term(reader: Callable[[Any], Reading[Any] | Unreadable]) -> Converter:
    """A closed-vocabulary converter (kind, status, tenure, stage, land use, EIA class)."""

    def conv(v: Any, lk: Lookups) -> Any:
        return _read(reader(v)).value

    return conv


def conv_bool(v: Any, lk: Lookups) -> bool | None:
    if isinstance(v, bool):
        return v
    return units.parse_bool(v)


def conv_date(v: Any, lk: Lookups) -> Any:
    """2025年3月, 2025年Q4, 年底 … → the first day of the period; 即可入驻/现房/随时 → today."""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    r = _read(vocab.read_date(v, today=lk.today))
    value = lk.today if r.marker == "now" else r.value
    if value is not None and not _ISO_DATE.match(str(v).strip()):  # 2025年Q4, 即可入驻: kept as typed
        return Spread({"available_from": value, TYPED: True})
    return value


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([ T][\d:.]+)?$")


def conv_industries(v: Any, lk: Lookups) -> str | None:
    """GB/T 4754 codes or names, the whole cell first (计算机、通信和其他电子设备制造业 is one name);
    不限 → empty (no restriction)."""
    r = _read(vocab.read_industries(v, resolve=lk.industry))
    return ";".join(r.value) if r.value else None


def conv_region(v: Any, lk: Lookups) -> str | None:
    s = _text(v)
    if s is None:
        return None
    code = lk.region(s)
    if code is None:
        raise ValueError(
            f"unknown region {s!r}: give a district name (嘉定区, 嘉定, Jiading District) or its 6-digit code"
        )
    return code


def conv_park(v: Any, lk: Lookups) -> str | None:
    s = _text(v)
    if s is None:
        return None
    found = lk.park(s)
    if found is None:  # a foreign key: the park must be in the atlas (migration 0009)
        raise ValueError(f"unknown park {s!r}: not linked, kept as an attribute; import the parks first "
                         "to link it, or give a park id or name of the atlas")
    return found


def conv_enterprise(v: Any, lk: Lookups) -> str | None:
    s = _text(v)
    if s is None:
        return None
    found = lk.enterprise(s)
    if found is None:  # a foreign key: the enterprise must be in the atlas (migration 0009)
        raise ValueError(f"unknown enterprise {s!r}: not linked, kept as an attribute; import the "
                         "enterprises first to link it, or give an id, name or USCC of the atlas")
    return found


def conv_uscc(v: Any, lk: Lookups) -> str | None:
    from parkatlas.uscc import validate_uscc

    s = _text(v)
    return None if s is None else validate_uscc(s)


_SPLIT = re.compile(r"[;；,，、/|\s]+")


def conv_tags(v: Any, lk: Lookups) -> str | None:
    s = _text(v)
    if s is None:
        return None
    return ";".join(t for t in _SPLIT.split(s) if t) or None


def conv_json(v: Any, lk: Lookups) -> Any:
    if v is None or isinstance(v, dict | list):
        return v
    s = _text(v)
    if s is None:
        return None
    try:
        return json.loads(s)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at character {exc.pos})") from None


def conv_attrs(v: Any, lk: Lookups) -> dict[str, Any] | None:
    val = conv_json(v, lk)
    if val is None or val == {}:
        return None
    if not isinstance(val, dict):
        raise ValueError("attributes are a JSON object: {\"header\": \"value\", …}")
    return val


def conv_area_km2(v: Any, lk: Lookups) -> float | None:
    if isinstance(v, int | float):
        return float(v)
    s = _text(v)
    if s is None:
        return None
    try:
        return float(s)  # a bare number in this column is km²
    except ValueError:
        m2 = units.parse_area_m2(s)
        return None if m2 is None else m2 / 1e6


def _coord(v: Any) -> float | None:
    if isinstance(v, int | float) and not isinstance(v, bool):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v)
        except ValueError:
            pass
    return units.parse_number(v)


def conv_lat(v: Any, lk: Lookups) -> float | None:
    val = _coord(v)
    if val is not None and not -90 <= val <= 90:
        raise ValueError(f"latitude {val} is outside −90…90 (are latitude and longitude swapped?)")
    return val


def conv_lon(v: Any, lk: Lookups) -> float | None:
    val = _coord(v)
    if val is not None and not -180 <= val <= 180:
        raise ValueError(f"longitude {val} is outside −180…180")
    return val


@dataclass(frozen=True)
class Field:
    name: str
    conv: Converter
    aliases: tuple[str, ...] = ()
    required: bool = False
    label_zh: str = ""
    cached: bool = False  # few distinct values: convert each distinct cell once

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled (a validated chunk sent from the validating process) as a reference to the
        # module's own field: converters are closures, which pickle cannot carry
        return (_known_field, (self.name, self.aliases))


def _known_field(name: str, aliases: tuple[str, ...]) -> Field:
    for fields in ENTITIES.values():
        for f in fields:
            if f.name == name and f.aliases == aliases:
                return f
    raise ValueError(f"no field {name!r} with those headers")


def F(name: str, conv: Converter, label_zh: str, *aliases: str, required: bool = False) -> Field:
    # quantities too: a column of rents or heights holds few distinct cells, and blanks are many
    cached = conv not in (conv_text, conv_id, conv_lat, conv_lon, conv_json, conv_attrs)
    return Field(name, conv, (name, label_zh, *aliases), required, label_zh, cached)


CONTACT_FIELDS = [
    F("contact", conv_text, "联系人", "招商联系人", "对接人", "招商负责人", "contact_person"),
    F("phone", conv_text, "联系电话", "电话", "手机", "手机号", "联系方式", "招商电话", "telephone", "mobile"),
]

SITE_FIELDS = [
    F("id", conv_id, "编号", "site_id", "载体编号", "房源编号", "载体id"),
    F("park", conv_park, "所属园区", "园区", "园区名称", "park_name", "所在园区"),
    F("region", conv_region, "区域", "所在区", "行政区", "区县", "所属区域", "所属区", "region_code", "district",
      "所在区域", "所在区县", "所属区县", "区"),
    F("kind", _term(vocab.read_kind), "类型", "载体类型", "物业类型", "site_kind", "房源类型", required=True),
    F("land_use", _term(vocab.read_land_use), "用地性质", "土地用途", "用地类型"),
    F("tenure", _term(vocab.read_tenure), "租售方式", "租售", "交易方式"),
    F("area_m2", _num(vocab.read_area, "area_m2", low="area_min_m2"), "面积", "area", "建筑面积", "可租面积", "可租售面积", "土地面积", "占地面积",
      "出租面积", "可用面积", "空置面积", required=True),
    F("rent_cny_m2_day", _num(vocab.read_rent, "rent_cny_m2_day", high="rent_max_cny_m2_day", strict=False), "租金", "rent", "参考租金", "租金价格",
      "租金单价", "出租价格"),
    F("price_cny_m2", _num(vocab.read_price, "price_cny_m2", strict=False), "售价", "price", "价格", "出让价格", "单价", "出售价格"),
    F("floor_load_kn_m2", _num(vocab.read_load, "floor_load_kn_m2"), "承重", "楼面承重", "地面承重", "荷载", "floor_load",
      "楼板承重", "地坪承重", "楼板荷载", "楼面荷载"),
    F("clear_height_m", _num(vocab.read_height, "clear_height_m"), "层高", "净高", "檐高", "clear_height", "檐口高度"),
    F("power_kva", _num(vocab.read_power, "power_kva"), "电力容量", "电力", "配电", "配电容量", "变压器容量", "用电容量", "power",
      "供电容量"),
    F("floors", conv_int, "楼层", "层数", "所在楼层"),
    F("env_class_max", _term(vocab.read_env_class), "环评等级", "环保等级", "环评类别", "env_class"),
    F("hazardous_ok", conv_bool, "危化品", "可做危化品", "是否可做危化品", "hazardous"),
    F("status", _term(vocab.read_status), "状态", "招商状态", "租售状态"),
    F("available_from", conv_date, "可入驻日期", "交付日期", "可用日期", "可租日期", "交付时间", "可入驻时间",
      "入驻时间", "可租时间"),
    F("industries", conv_industries, "行业", "适合行业", "准入行业", "产业方向", "allowed_industries", "可入驻行业",
      "准入产业", "适合产业", "可入驻产业", "入驻行业", "产业定位"),
    F("preferred_industries", conv_industries, "优先行业", "鼓励行业", "优先产业", "鼓励产业"),
    F("indicators", conv_json, "标准地指标", "控制指标"),
    F("lat", conv_lat, "纬度", "latitude", "y"),
    F("lon", conv_lon, "经度", "longitude", "lng", "x"),
    F("address", conv_text, "地址", "详细地址", "位置", "坐落", "载体地址"),
    F("source", conv_text, "来源", "数据来源"),
    F("name", conv_text, "载体名称", "名称", "物业名称", "楼宇名称", "房源名称", "厂房名称", "site_name", "载体"),
    F("town", conv_text, "街镇", "所在街镇", "所属街镇", "镇街", "乡镇", "街道", "town"),
    F("area_min_m2", _num(vocab.read_area, "area_min_m2"), "最小分割面积", "可分割面积", "最小面积", "起租面积", "area_min"),
    F("rent_max_cny_m2_day", _num(vocab.read_rent, "rent_max_cny_m2_day", strict=False), "最高租金", "租金上限", "rent_max"),
    F("negotiable", conv_bool, "面议", "是否面议"),
    *CONTACT_FIELDS,
    F("description", conv_text, "备注", "说明", "描述", "简介", "情况说明", "其他说明", "载体介绍", "notes"),
]  # fmt: skip

PARK_FIELDS = [
    F("id", conv_id, "编号", "park_id"),
    F("name_zh", conv_text, "园区名称", "名称", "name", "园区", required=True),
    F("name_en", conv_text, "英文名称", "英文名"),
    F("region_code", conv_region, "区域", "region", "所在区", "行政区", "所属区域", "district"),
    F("kind", conv_text, "园区类型", "类型"),
    F("area_km2", conv_area_km2, "面积", "规划面积", "面积(平方公里)", "area"),
    F("industries", conv_industries, "产业定位代码", "行业", "主导行业"),
    F("sectors", conv_tags, "产业定位", "主导产业", "特色产业", "positioning"),
    F("lat", conv_lat, "纬度", "latitude"),
    F("lon", conv_lon, "经度", "longitude", "lng"),
    F("operator", conv_text, "运营主体", "运营方", "运营单位"),
    F("source", conv_text, "来源", "数据来源"),
    *CONTACT_FIELDS,
    F("notes", conv_text, "备注", "说明", "简介", "描述", "园区介绍"),
]  # fmt: skip

ENTERPRISE_FIELDS = [
    F("id", conv_id, "编号", "enterprise_id"),
    F("name", conv_text, "企业名称", "名称", "公司名称", required=True),
    F("uscc", conv_uscc, "统一社会信用代码", "信用代码", "社会信用代码"),
    F("industries", conv_industries, "行业", "所属行业", "行业代码"),
    F("region", conv_region, "区域", "所在区", "注册地", "行政区"),
    F("address", conv_text, "地址", "注册地址"),
    F("tags", conv_tags, "标签", "企业标签", "资质"),
    F("business_scope", conv_text, "经营范围"),
    F("products", conv_text, "主营产品", "主要产品"),
    F("park", conv_park, "所属园区", "园区"),
    *CONTACT_FIELDS,
    F("notes", conv_text, "备注", "说明", "简介", "描述", "企业简介"),
]  # fmt: skip

PROJECT_FIELDS = [
    F("id", conv_id, "编号", "project_id", "项目编号"),
    F("name", conv_text, "项目名称", "名称", required=True),
    F("enterprise", conv_enterprise, "企业", "企业名称", "投资主体", "enterprise_id"),
    F("industries", conv_industries, "行业", "所属行业", "产业"),
    F("investment_wan", conv_money, "投资额", "总投资", "计划投资", "investment"),
    F("output_wan_year", conv_money, "预计年产值", "年产值", "达产产值"),
    F("tax_wan_year", conv_money, "预计年税收", "年税收", "达产税收"),
    F("jobs", conv_int, "就业", "用工人数", "就业人数"),
    F("needs", conv_json, "需求", "选址需求"),
    F("owner_unit", conv_text, "招商单位", "责任单位", "首谈单位"),
    F("stage", _term(vocab.read_stage), "阶段", "项目阶段", "进度"),
]  # fmt: skip

_SYNTHETIC = F("synthetic", conv_bool, "合成数据", "is_synthetic")
# `attrs` (an export's JSON column of kept attributes) reads back into the same attributes
_ATTRS = F("attrs", conv_attrs, "其他属性", "扩展属性")
for _fields in (SITE_FIELDS, PARK_FIELDS, ENTERPRISE_FIELDS, PROJECT_FIELDS):
    _fields.extend([_SYNTHETIC, _ATTRS])

ENTITIES: dict[str, list[Field]] = {
    "sites": SITE_FIELDS,
    "parks": PARK_FIELDS,
    "enterprises": ENTERPRISE_FIELDS,
    "projects": PROJECT_FIELDS,
}
