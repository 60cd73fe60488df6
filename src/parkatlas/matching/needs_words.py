"""Needs written the way users write them: Chinese or English keys (类型, 面积, 承重, 层高, 电力,
租金, 区域, 园区, 行业 …) and values in the words import accepts (厂房, 1吨/㎡, 8米, 800KVA,
1.2元/㎡/天, 3000-5000㎡, 2026年Q4, 医疗器械), read by the one parser per concept in
:mod:`parkatlas.vocab`. :func:`normalise_needs` turns such a mapping into the canonical needs
dict that :class:`~parkatlas.matching.needs.Needs` validates; it is pure and raises
ParkatlasError naming every key it could not read.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.vocab import (
    Reading,
    Unreadable,
    read_area,
    read_date,
    read_env_class,
    read_height,
    read_kind,
    read_load,
    read_number,
    read_power,
    read_price,
    read_rent,
    read_status,
    read_tenure,
)
from parkatlas.vocab.industries import resolve_industry_name
from parkatlas.vocab.reading import normalise
from parkatlas.vocab.terms import KINDS, STATUSES

__all__ = ["KEY_WORDS", "normalise_needs", "read_need_value"]

# key as written (normalised: NFKC, lower case, no spaces) → canonical needs key
KEY_WORDS: dict[str, str] = {
    **dict.fromkeys(("类型", "载体类型", "物业类型", "需求类型", "kinds"), "kind"),
    **dict.fromkeys(("状态", "招商状态"), "status"),
    **dict.fromkeys(("面积", "需求面积", "建筑面积", "用地面积", "area"), "area_m2"),
    **dict.fromkeys(
        ("承重", "楼板承重", "地坪承重", "楼面荷载", "荷载", "floor_load"), "floor_load_kn_m2"
    ),
    **dict.fromkeys(("层高", "净高", "檐高", "height", "clear_height"), "clear_height_m"),
    **dict.fromkeys(("电力", "电力容量", "配电", "配电容量", "用电", "power"), "power_kva"),
    **dict.fromkeys(("租金", "租金预算", "rent"), "rent_cny_m2_day"),
    **dict.fromkeys(("售价", "价格", "购置预算", "price"), "price_cny_m2"),
    **dict.fromkeys(("环评", "环评等级", "环评类别"), "env_class"),
    **dict.fromkeys(("危化品", "危险化学品"), "hazardous"),
    **dict.fromkeys(("租售", "租售方式"), "tenure"),
    **dict.fromkeys(("区域", "所在区域", "区县"), "regions"),
    **dict.fromkeys(("园区", "所属园区"), "parks"),
    **dict.fromkeys(("优先区域",), "preferred_regions"),
    **dict.fromkeys(("优先园区",), "preferred_parks"),
    **dict.fromkeys(("行业", "产业", "所属行业"), "industry"),
    **dict.fromkeys(("行业必须准入", "准入"), "industry_required"),
    **dict.fromkeys(("附近", "临近"), "near"),
    **dict.fromkeys(("交付时间", "入驻时间", "可入驻时间", "最晚入驻"), "available_by"),
    **dict.fromkeys(("投资额", "总投资", "计划投资"), "investment_wan"),
    **dict.fromkeys(("年产值", "预计年产值", "达产产值"), "output_wan_year"),
    **dict.fromkeys(("年税收", "预计年税收", "达产税收"), "tax_wan_year"),
    **dict.fromkeys(("就业", "用工人数", "就业人数"), "jobs"),
    **dict.fromkeys(("权重",), "weights"),
    **dict.fromkeys(("评分方案",), "profile"),
}
BOUND_WORDS = {
    **dict.fromkeys(("最小", "最少", "不低于", "下限", "min"), "min"),
    **dict.fromkeys(("最大", "最多", "不超过", "上限", "max"), "max"),
    **dict.fromkeys(("理想", "最佳", "ideal"), "ideal"),
}
Reader = Callable[[object], "Reading[Any] | Unreadable"]
# quantity keys: their reader, and which bound a single figure sets
QUANTITIES: dict[str, tuple[Reader, str]] = {
    "area_m2": (read_area, "min"),
    "floor_load_kn_m2": (read_load, "min"),
    "clear_height_m": (read_height, "min"),
    "power_kva": (read_power, "min"),
    "rent_cny_m2_day": (read_rent, "max"),
    "price_cny_m2": (read_price, "max"),
}
_LISTS = ("kind", "status", "regions", "parks", "preferred_regions", "preferred_parks")
_SPLIT = ("、", "，", ",", ";", "；", "/")


_CANONICAL = frozenset(KEY_WORDS.values()) | {
    "region",
    "park",
    "preferred_regions",
    "preferred_parks",
}


def _key(raw: object) -> str:
    if raw in _CANONICAL:
        return str(raw)  # the fast path: needs stored or written in canonical form
    text = normalise(str(raw)).replace(" ", "")
    return KEY_WORDS.get(text, text)


def _as_items(value: Any) -> list[Any]:
    if isinstance(value, str):
        text = value
        for sep in _SPLIT[1:]:
            text = text.replace(sep, _SPLIT[0])
        return [v.strip() for v in text.split(_SPLIT[0]) if v.strip()]
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _quantity(key: str, value: Any, problems: list[str]) -> Any:
    reader, single = QUANTITIES[key]
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for k, v in value.items():
            bound = (
                k
                if k in ("min", "max", "ideal")
                else BOUND_WORDS.get(normalise(str(k)).replace(" ", ""), str(k))
            )
            if not isinstance(v, str):
                if v is not None:
                    out[bound] = v  # a number (or a wrong type, which Needs names)
                continue
            got = reader(v)
            if isinstance(got, Unreadable):
                problems.append(f"{key}.{bound}: {got.en}")
            elif isinstance(got, Reading):
                out[bound] = got.value if got.marker is None or got.marker == "none" else None
        return {k: v for k, v in out.items() if v is not None}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {single: value}
    got = reader(value)
    if isinstance(got, Unreadable):
        problems.append(f"{key}: {got.en}")
        return None
    if got.value is None:
        return None  # 不限, 面议, 无 …: no bound
    if got.is_range:
        return {"min": got.low, "max": got.high}
    return {single: got.value}


def _term(
    key: str, reader: Reader, value: Any, problems: list[str], codes: tuple[str, ...] = ()
) -> Any:
    out = []
    for item in _as_items(value):
        if item in codes:
            out.append(item)  # already a code
            continue
        got = reader(item)
        if isinstance(got, Unreadable):
            problems.append(f"{key}: {got.en}")
        elif isinstance(got, Reading) and got.value is not None:
            out.append(got.value)
    return out


def read_need_value(key: str, value: Any, problems: list[str]) -> Any:
    """One needs value in canonical form; a problem (in English) is appended when unreadable."""
    if key in QUANTITIES:
        return _quantity(key, value, problems)
    if value is None:
        return None
    if key == "kind":
        return _term(key, lambda v: read_kind(v, allow_any=True), value, problems, KINDS.codes)
    if key == "status":
        return _term(key, read_status, value, problems, STATUSES.codes)
    if key == "tenure" and isinstance(value, str):
        got = read_tenure(value)
        if isinstance(got, Unreadable):
            problems.append(f"tenure: {got.en}")
            return None
        return None if got.value == "both" else got.value
    if key == "env_class" and not isinstance(value, int):
        env = read_env_class(value)
        if isinstance(env, Unreadable):
            problems.append(f"env_class: {env.en}")
            return None
        return env.value
    if key == "available_by" and isinstance(value, str):
        date = read_date(value)
        if isinstance(date, Unreadable):
            problems.append(f"available_by: {date.en}")
            return None
        return date.value.isoformat() if date.value is not None else None
    if key == "industry":
        text = str(value).strip()
        if text.isdigit() or len(text) == 1:
            return text  # a code: Needs checks it
        code = resolve_industry_name(text)
        return code if code is not None else text  # Needs names the unknown code
    if key in ("investment_wan", "output_wan_year", "tax_wan_year", "jobs") and isinstance(
        value, str
    ):
        number = read_number(value)
        if isinstance(number, Unreadable):
            problems.append(f"{key}: {number.en}")
            return None
        return number.value
    if key in _LISTS:
        return _as_items(value)
    return value


def normalise_needs(data: Mapping[str, Any]) -> dict[str, Any]:
    """Chinese or English keys and written values → the canonical needs dict. Keys it does not
    know pass through unchanged (Needs refuses them with the list of valid keys)."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    for raw_key, value in data.items():
        key = _key(raw_key)
        if key in ("region", "park"):
            key += "s"
        value = read_need_value(key, value, problems)
        if value is None or value == [] or value == {}:
            continue
        if key in out:
            problems.append(f"{raw_key}: {key} is given twice")
            continue
        out[key] = value
    if problems:
        raise ParkatlasError("bad needs — " + "; ".join(problems))
    return out
