"""The 图谱 + 清单 workbook: the chain map drawn in cells (one column per tier, each node a
cell coloured by status), the target list per gap node with the sites to offer, the coverage
per node, and a sheet that states the rules. Written with openpyxl; no formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from parkatlas.chains.coverage import PRESENT_FIRMS, STRONG_FIRMS, STRONG_SCALE
from parkatlas.chains.model import TIER_ZH, Chain
from parkatlas.chains.svg import (
    BOX_W,
    CHANNEL_FILL,
    COL_GAP,
    COLUMNS,
    FILL,
    INDENT,
    LEFT,
    TEXT,
    layout,
)


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula is written as text (io.cellsafe)."""
    from parkatlas.io.cellsafe import xlsx_value

    return xlsx_value(value)


def write_report(path: Path, chain: Chain, coverage: dict[str, Any], targets: dict[str, Any]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    wb = Workbook()
    ws = wb.active
    ws.title = "图谱"
    where = coverage["region_name"] + (f" · {coverage['park_name']}" if coverage.get("park_name") else "")
    ws["A1"] = f"{chain.name_zh} 产业链图谱 · {where}"
    ws["A1"].font = Font(bold=True, size=14)
    status = {n["node_id"]: n["status"] for n in coverage["nodes"]}
    firms = {n["node_id"]: n["firms"] for n in coverage["nodes"]}
    pos = layout(chain)
    cols = [t for t in COLUMNS if any(n.tier == t for n in chain.nodes)]
    thin = Side(style="thin", color="777777")
    for ci, tier in enumerate(cols):
        col = 1 + ci * 2
        cell = ws.cell(row=3, column=col, value=f"{TIER_ZH[tier]} {tier}")
        cell.font = Font(bold=True)
        ws.column_dimensions[cell.column_letter].width = 30
        ws.column_dimensions[ws.cell(row=3, column=col + 1).column_letter].width = 4
    rows_y = sorted({y for _, y in pos.values()})
    row_of = {y: 4 + i for i, y in enumerate(rows_y)}
    for n in chain.nodes:
        x, y = pos[n.id]
        ci = cols.index(n.tier)
        depth = round((x - LEFT - ci * (BOX_W + COL_GAP)) / INDENT)
        col = 1 + ci * 2
        st = status.get(n.id)
        c = ws.cell(row=row_of[y], column=col, value=_safe(f"{'  ' * depth}{n.name_zh}  {st or ''} ({firms.get(n.id, 0)})"))
        fill = CHANNEL_FILL if n.channel and st == "缺" else FILL.get(st, "#ffffff")
        c.fill = PatternFill("solid", fgColor=fill.lstrip("#"))
        c.font = Font(color=("222222" if n.channel and st == "缺" else TEXT.get(st, "#222222").lstrip("#")))
        c.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        c.alignment = Alignment(vertical="center")
    legend_row = 5 + len(rows_y)
    ws.cell(row=legend_row, column=1, value="图例 legend").font = Font(bold=True)
    for i, (st, en) in enumerate((("强", "strong"), ("有", "present"), ("弱", "weak"), ("缺", "missing"))):
        c = ws.cell(row=legend_row + 1 + i, column=1, value=f"{st} {en}")
        c.fill = PatternFill("solid", fgColor=FILL[st].lstrip("#"))
        c.font = Font(color=TEXT[st].lstrip("#"))
    ws.cell(row=legend_row + 6, column=1, value="edges (supplier → customer) are listed on the sheet 关系")

    lst = wb.create_sheet("清单")
    head = ["序号", "环节 node", "状态", "类型", "紧迫度", "目标企业 target", "统一社会信用代码", "所在区域", "标签",
            "距离 km", "得分", "已是线索", "理由", "可推荐载体 sites"]  # fmt: skip
    lst.append(head)
    i = 0
    for g in targets["gaps"]:
        sites = "; ".join(f"{s['site']} ({s['kind']}, {s['area_m2'] or 0:,.0f} m²)" for s in g.get("sites", []))
        if not g["targets"]:
            lst.append([None, g["node"], g["status"], g["kind"], g["urgency"], "(no enterprise on this node elsewhere in the atlas)",
                        None, None, None, None, None, None, None, sites])  # fmt: skip
        for t in g["targets"]:
            i += 1
            lead = f"{t['lead']['project']} ({t['lead'].get('owner_unit') or '—'})" if t["lead"] else ""
            lst.append([i, g["node"], g["status"], g["kind"], g["urgency"], _safe(t["enterprise"]), t["uscc"], t.get("region_name") or t["region"],
                        "、".join(t["tags"]), t["distance_km"], t["score"], lead, _safe("; ".join(t["reasons"])), sites])  # fmt: skip
    for cell in lst[1]:
        cell.font = Font(bold=True)
    for letter, w in zip("ABCDEFGHIJKLMN", (6, 16, 6, 8, 8, 32, 22, 10, 20, 9, 7, 18, 50, 50), strict=True):
        lst.column_dimensions[letter].width = w

    cov = wb.create_sheet("覆盖")
    cov.append(["环节 node", "英文", "层级", "上级", "状态", "本地企业", "规上", "企业 (evidence)"])
    for n in coverage["nodes"]:
        named = "; ".join(f"{f['name']} ({', '.join(f['evidence'][:3])})" for f in n["named"][:20])
        cov.append([n["node"], n["node_en"], n["tier_zh"], n["parent"], n["status"], n["firms"], n["scale_firms"], _safe(named)])
    for cell in cov[1]:
        cell.font = Font(bold=True)

    rel = wb.create_sheet("关系")
    rel.append(["供应 supplier", "客户 customer"])
    for a, b in chain.edges:
        rel.append([chain.node(a).name_zh, chain.node(b).name_zh])

    note = wb.create_sheet("说明")
    for line in (
        f"{chain.name_zh} ({chain.name_en}) v{chain.version} · source: {chain.source}",
        f"status: 缺 no local firm; 弱 1–{PRESENT_FIRMS - 1} firms, none of scale; 有 ≥{PRESENT_FIRMS} firms or one of scale; "
        f"强 ≥{STRONG_FIRMS} firms with ≥{STRONG_SCALE} of scale (规上/上市/链主/小巨人). A firm on a child node counts for its parent.",
        "gaps: 缺/弱 nodes, urgency = 2 × customers present locally + suppliers present locally (强 2, 有 1, 弱 0.5) + 1 for 缺.",
        "targets: enterprises outside the region on the node; score = tags + 2 × placement confidence + 3 × exp(−km/300) − 5 if already a lead.",
        "sites: the node's typical needs matched against the region's available sites (parkatlas match).",
    ):
        note.append([line])
    note.column_dimensions["A"].width = 140
    wb.save(path)
