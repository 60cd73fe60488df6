"""The chain map (产业链图谱) as SVG text: nodes in tier columns (upstream → support →
midstream → downstream), children under their parent, coloured by local status, edges drawn
from supplier to customer. Pure: returns a string the web UI can inline or a file can hold."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from parkatlas.chains.model import TIER_ZH, Chain, Node

COLUMNS = ("upstream", "support", "midstream", "downstream")
FILL = {"强": "#1a7f37", "有": "#8fd19e", "弱": "#f0b429", "缺": "#d64545", None: "#ffffff"}
TEXT = {"强": "#ffffff", "有": "#10331c", "弱": "#3d2a00", "缺": "#ffffff", None: "#222222"}
CHANNEL_FILL = "#d9d9d9"
LEGEND = (("强", "strong"), ("有", "present"), ("弱", "weak"), ("缺", "missing"))
BOX_W, BOX_H, GAP_Y, COL_GAP, INDENT, TOP, LEFT = 170, 26, 8, 90, 14, 70, 20


def layout(chain: Chain) -> dict[str, tuple[float, float]]:
    """Top-left corner of each node's box: one column per tier present, parents before their
    children (children indented), in chain order."""
    cols = [t for t in COLUMNS if any(n.tier == t for n in chain.nodes)]
    pos: dict[str, tuple[float, float]] = {}
    by_parent: dict[str | None, list[Node]] = {}
    for n in chain.nodes:
        by_parent.setdefault(n.parent, []).append(n)
    for ci, tier in enumerate(cols):
        x = LEFT + ci * (BOX_W + COL_GAP)
        y = float(TOP)

        def place(n: Node, depth: int, x: float = x) -> None:
            nonlocal y
            pos[n.id] = (x + depth * INDENT, y)
            y += BOX_H + GAP_Y
            for child in by_parent.get(n.id, []):
                if child.tier == n.tier:
                    place(child, depth + 1)

        for n in chain.nodes:
            parent_same_tier = n.parent is not None and chain.node(n.parent).tier == tier
            if n.tier == tier and not parent_same_tier:
                place(n, 0)
    return pos


def _right(x: float) -> float:
    return x - (x - LEFT) % (BOX_W + COL_GAP) + BOX_W


def chain_svg(
    chain: Chain, status: Mapping[str, str] | None = None, *, title: str | None = None,
    counts: Mapping[str, int] | None = None, lang: str = "zh",
) -> str:  # fmt: skip
    """The map as an SVG document. status: node id → 强/有/弱/缺 (none: uncoloured);
    counts: node id → local firms, shown after the name."""
    status = status or {}
    counts = counts or {}
    pos = layout(chain)
    cols = [t for t in COLUMNS if any(n.tier == t for n in chain.nodes)]
    width: float = LEFT * 2 + len(cols) * BOX_W + (len(cols) - 1) * COL_GAP + INDENT * 2
    height = max(y for _, y in pos.values()) + BOX_H + 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="sans-serif" font-size="12" role="img">',
        f"<title>{escape(title or chain.name_zh)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>',
        f'<text x="{LEFT}" y="24" font-size="16" font-weight="bold">{escape(title or chain.name_zh)}</text>',
    ]
    for ci, tier in enumerate(cols):
        cx = LEFT + ci * (BOX_W + COL_GAP)
        label = TIER_ZH[tier] if lang == "zh" else tier
        parts.append(f'<text x="{cx}" y="52" font-weight="bold" fill="#555">{escape(label)}</text>')
    parts.append('<g fill="none" stroke="#999" stroke-width="1">')
    for a, b in chain.edges:
        (x1, y1), (x2, y2) = pos[a], pos[b]
        r1, r2 = _right(x1), _right(x2)  # boxes of a column share their right edge
        if x2 > r1:  # to a column on the right
            sx, sy, ex, ey = r1, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
            mid = (sx + ex) / 2
            d = f"M{sx:.0f},{sy:.0f} C{mid:.0f},{sy:.0f} {mid:.0f},{ey:.0f} {ex:.0f},{ey:.0f}"
        else:  # same column (or backwards): an arc on the right side
            sx, sy, ex, ey = r1, y1 + BOX_H / 2, r2, y2 + BOX_H / 2
            bulge = max(sx, ex) + 30 + abs(ey - sy) / 8
            d = f"M{sx:.0f},{sy:.0f} C{bulge:.0f},{sy:.0f} {bulge:.0f},{ey:.0f} {ex:.0f},{ey:.0f}"
        parts.append(f'<path d="{d}" marker-end="url(#arrow)"><title>{escape(chain.node(a).name_zh)} → {escape(chain.node(b).name_zh)}</title></path>')
    parts.append("</g>")
    for n in chain.nodes:
        x, y = pos[n.id]
        st = status.get(n.id)
        fill = CHANNEL_FILL if n.channel and st in (None, "缺") else FILL.get(st, "#ffffff")
        color = "#222222" if n.channel and st in (None, "缺") else TEXT.get(st, "#222222")
        name = n.name_zh if lang == "zh" else n.name_en
        label = name + (f" ({counts[n.id]})" if n.id in counts else "")
        tip = f"{n.name_zh} / {n.name_en}" + (f": {st}" if st else "") + (f", {counts[n.id]} firms" if n.id in counts else "")
        parts.append(
            f'<g class="node" data-node="{escape(n.id)}" data-status="{escape(st or "")}">'
            f'<rect x="{x:.0f}" y="{y:.0f}" width="{BOX_W - (x - LEFT) % (BOX_W + COL_GAP):.0f}" height="{BOX_H}" rx="4" '
            f'fill="{fill}" stroke="#555"/>'
            f'<text x="{x + 6:.0f}" y="{y + 17:.0f}" fill="{color}">{escape(label)}</text>'
            f"<title>{escape(tip)}</title></g>"
        )
    ly = height - 30
    for i, (st, en) in enumerate(LEGEND):
        lx = LEFT + i * 110
        parts.append(f'<rect x="{lx}" y="{ly}" width="16" height="16" fill="{FILL[st]}" stroke="#555"/>'
                     f'<text x="{lx + 22}" y="{ly + 13}">{st} {en}</text>')  # fmt: skip
    parts.append(f'<rect x="{LEFT + 4 * 110}" y="{ly}" width="16" height="16" fill="{CHANNEL_FILL}" stroke="#555"/>'
                 f'<text x="{LEFT + 4 * 110 + 22}" y="{ly + 13}">渠道 channel (not placed automatically)</text>')  # fmt: skip
    parts.append("</svg>")
    return "\n".join(parts)
