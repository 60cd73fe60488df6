"""Matching explanations rendered for people, in Chinese or English, at the edge (CLI, web).

The engine returns data — a :class:`~parkatlas.matching.constraints.Failure` carries its
reason code, the need, the site's value and the unit; a flag is a dict with the indicator, the
figure, the threshold and its unit — and these functions turn that data into one line.
"""

from __future__ import annotations

from typing import Any

from parkatlas.matching.constraints import Failure

__all__ = ["render_factor", "render_failure", "render_flag", "render_project_table"]

_CODES = {
    "below_min": ("低于要求", "below the need"),
    "above_max": ("高于上限", "above the limit"),
    "missing": ("未登记", "none recorded"),
    "not_in": ("不符合", "not one of those asked"),
    "not_allowed": ("不允许", "not allowed"),
    "over_budget": ("超出预算", "over budget"),
    "industry_not_admitted": ("准入产业不含该行业", "the industry is not admitted"),
    "too_far": ("距离过远", "too far"),
    "later": ("交付晚于要求", "available too late"),
}


def _num(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"
    return str(x)


def _need(f: Failure, lang: str) -> str:
    v = f.need_value
    if (
        isinstance(v, list)
        and len(v) == 2
        and all(x is None or isinstance(x, int | float) for x in v)
    ):
        lo, hi = v
        if lo is not None and hi is not None:
            return f"{_num(lo)}–{_num(hi)} {f.unit}".strip()
        if lo is not None:
            return f"≥ {_num(lo)} {f.unit}".strip()
        return f"≤ {_num(hi)} {f.unit}".strip()
    if isinstance(v, list):
        return ("、" if lang == "zh" else ", ").join(str(x) for x in v)
    if f.code == "too_far":
        return f"≤ {_num(v)} km"
    return f.need if v is None else _num(v)


def render_failure(f: Failure, lang: str = "en") -> str:
    """One failed constraint as a line: "楼面荷载：需要 ≥ 10 kN/m²，载体为 8（低于要求，差 20%）"."""
    zh_label, _, en_label = f.label.partition(" ")
    reason_zh, reason_en = _CODES.get(f.code, ("未满足", "not met"))
    need = _need(f, lang)
    have = f.have if f.site_value is None else f"{_num(f.site_value)} {f.unit}".strip()
    off = f"{f.gap:.0%}" if 0 < f.gap < 1 else ""
    if lang == "zh":
        have_zh = "未登记" if f.site_value is None and f.code == "missing" else have
        tail = f"，差 {off}" if off else ""
        return f"{zh_label}：需要 {need}，载体为 {have_zh}（{reason_zh}{tail}）"
    tail = f", {off} off" if off else ""
    return f"{f.label}: needs {need}, site has {have} ({reason_en}{tail})"


def render_flag(flag: dict[str, Any], lang: str = "en") -> str:
    """A land-efficiency (亩均) flag as a line, from its data."""
    figure, need, unit = flag["site_value"], flag["need"], flag["unit"]
    short = need - figure
    if lang == "zh":
        return (
            f"{flag['label_zh']}：{figure:,.1f} {unit}（{flag['area_m2']:,.0f} ㎡ = {flag['mu']:,.1f} 亩）"
            f"低于 {flag['source_zh']} 要求的 {need:g}，差 {short:,.1f}"
        )
    return (
        f"{flag['label_en']}: {figure:,.1f} {unit} on {flag['area_m2']:,.0f} m² ({flag['mu']:,.1f} 亩) "
        f"is below {need:g} required by {flag['source_en']} (short by {short:,.1f})"
    )


def render_factor(factor: str, data: dict[str, Any], lang: str = "en") -> str:
    """The figures behind one factor's value (``Match.details["data"][factor]``) as a line."""
    zh = lang == "zh"
    if factor == "area":
        v, need = data["site_value"], data["need"]
        return f"{v:,.0f} ㎡，理想 {need:,.0f} ㎡" if zh else f"{v:,.0f} m² vs ideal {need:,.0f} m²"
    if factor == "cost":
        bits = []
        for key, unit in (("rent", data["rent_unit"]), ("price", data["price_unit"])):
            if data.get(key) is not None and data.get(f"{key}_max"):
                word = ("租金" if key == "rent" else "售价") if zh else key
                of = "上限" if zh else "of max"
                bits.append(f"{word} {_num(data[key])} {of} {_num(data[f'{key}_max'])} {unit}")
        return "；".join(bits) if zh else "; ".join(bits)
    if factor == "industry":
        if not data.get("site_value"):
            return (
                f"载体行业与 {data['need']} 无关"
                if zh
                else f"no industry of the site relates to {data['need']}"
            )
        levels = {"class": "小类", "group": "中类", "division": "大类", "section": "门类"}
        if zh:
            return f"{data['need']} 对 {data['source']} {data['site_value']}（同{levels.get(data['level'], '')}）"
        return f"{data['need']} vs {data['source']} {data['site_value']} (same {data['level']})"
    if factor == "location":
        bits = [
            (f"距{p['name'] or '目标点'} {p['km']:,.1f} km（半径 {p['radius_km']:g}）" if zh
             else f"{p['km']:,.1f} km to {p['name'] or 'point'} (radius {p['radius_km']:g})")
            for p in data["near"]
        ]  # fmt: skip
        if data.get("preferred") is not None:
            yes = data["preferred"]
            bits.append(("在优先区域/园区内" if yes else "不在优先区域/园区内") if zh
                        else ("in a preferred region/park" if yes else "not in a preferred region/park"))  # fmt: skip
        return ("；" if zh else "; ").join(bits)
    if factor == "efficiency":
        if not data["applies"]:
            return (
                "亩均标准只适用于土地，不适用于租赁楼层"
                if zh
                else "亩均 standards apply to land, not to a leased floor"
            )
        n = data["shortfalls"]
        return (
            (f"{n} 项未达标" if n else "均达标")
            if zh
            else (f"{n} shortfalls" if n else "meets every standard")
        )
    return ""


def render_project_table(site: str, results: list[Any]) -> Any:
    """`match --site`: projects with their enterprise, stage and owner unit."""
    from rich.table import Table

    from parkatlas.vocab.terms import STAGES

    t = Table(title=f"项目 Projects for site {site}")
    for h in ("#", "项目 Project", "名称 Name", "企业 Enterprise", "阶段 Stage", "招商单位 Owner",
              "得分 Score", "提示 Flags"):  # fmt: skip
        t.add_column(h)
    for r in results:
        stage = f"{STAGES.zh(r.stage)} {r.stage}" if r.stage else "—"
        t.add_row(
            str(r.rank), r.project_id, r.name, r.enterprise or "—", stage, r.owner_unit or "—",
            f"{r.score:.1f}", "; ".join(r.flags)[:80],
        )  # fmt: skip
    return t
