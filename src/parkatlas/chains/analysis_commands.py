"""`parkatlas chains coverage|gaps|targets|lead`: what a region has on each node, what it
lacks, whom to call, and a target turned into a lead. Thin over parkatlas.chains.service."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from parkatlas.chains.commands import ChainOpt, JsonOpt, _engine, chains_app
from parkatlas.console import out, print_json
from parkatlas.settings import load_settings

RegionOpt = Annotated[str, typer.Option("--region", "-r", help="district name or code, e.g. 嘉定区, 310114")]
ParkOpt = Annotated[str | None, typer.Option("--park", "-p", help="one park (id or Chinese name)")]
STATUS_STYLE = {"强": "bold green", "有": "green", "弱": "yellow", "缺": "bold red"}


def _where(rep: dict[str, Any]) -> str:
    return str(rep["region_name"]) + (f" · {rep['park_name']}" if rep.get("park_name") else "")


@chains_app.command("coverage")
def coverage_cli(chain: ChainOpt, region: RegionOpt, park: ParkOpt = None, json_out: JsonOpt = False) -> None:
    """Per node: local firms (count, 规上, the named ones), status 强/有/弱/缺 and evidence. 链条覆盖。"""
    from parkatlas.chains.service import coverage_report

    engine = _engine()
    try:
        rep = coverage_report(engine, chain=chain, region=region, park=park)
    finally:
        engine.dispose()
    if json_out:
        print_json(rep["nodes"])
        return
    t = Table(title=f"{rep['chain']} · {_where(rep)}", title_justify="left")
    for h in ("环节 node", "层级 tier", "状态", "企业", "规上", "企业 firms (evidence)"):
        t.add_column(h)
    for n in rep["nodes"]:
        named = "; ".join(f"{f['name']} ({', '.join(f['evidence'][:2])})" for f in n["named"][:3])
        more = f" +{n['firms'] - 3}" if n["firms"] > 3 else ""
        node = ("  " if n["parent"] else "") + n["node"] + (" ·渠道" if n["channel"] else "")
        t.add_row(node, n["tier_zh"], f"[{STATUS_STYLE[n['status']]}]{n['status']}[/]", str(n["firms"]),
                  str(n["scale_firms"]), named + more)  # fmt: skip
    out.print(t)


@chains_app.command("gaps")
def gaps_cli(chain: ChainOpt, region: RegionOpt, park: ParkOpt = None, json_out: JsonOpt = False) -> None:
    """缺 and 弱 nodes, most urgent first: neighbours present locally make a gap urgent. 断链弱链。"""
    from parkatlas.chains.service import gap_report

    engine = _engine()
    try:
        rep = gap_report(engine, chain=chain, region=region, park=park)
    finally:
        engine.dispose()
    if json_out:
        print_json(rep["gaps"])
        return
    t = Table(title=f"{rep['chain']} · {_where(rep)}: {len(rep['gaps'])} gaps", title_justify="left")
    for h in ("#", "环节 node", "状态", "类型", "紧迫度", "本地下游 needed by", "本地上游 supplied by"):
        t.add_column(h)
    for i, g in enumerate(rep["gaps"], 1):
        need = ", ".join(f"{x['node']}({x['status']})" for x in g["needed_by"] if x["status"] != "缺") or "—"
        sup = ", ".join(f"{x['node']}({x['status']})" for x in g["supplied_by"] if x["status"] != "缺") or "—"
        t.add_row(str(i), g["node"], f"[{STATUS_STYLE[g['status']]}]{g['status']}[/]", g["kind"], f"{g['urgency']:.1f}", need, sup)
    out.print(t)


@chains_app.command("targets")
def targets_cli(
    chain: ChainOpt, region: RegionOpt, park: ParkOpt = None,
    top: Annotated[int, typer.Option("--top", help="targets per gap node")] = 10,
    sites: Annotated[int, typer.Option("--sites", help="local sites per gap node (0: none)")] = 5,
    json_out: JsonOpt = False,
) -> None:  # fmt: skip
    """For each gap node: enterprises elsewhere on it, ranked, and the local sites that fit. 招商目标清单。"""
    from parkatlas.chains.service import target_report

    engine = _engine()
    try:
        rep = target_report(engine, load_settings().database_url, chain=chain, region=region, park=park, per_node=top, sites=sites)
    finally:
        engine.dispose()
    if json_out:
        print_json(rep["gaps"])
        return
    out.print(f"[bold]{rep['chain']} · {_where(rep)}[/bold]: {len(rep['gaps'])} gap nodes")
    for g in rep["gaps"]:
        out.print(f"\n[bold]{g['node']}[/bold] [{STATUS_STYLE[g['status']]}]{g['status']}[/] {g['kind']} urgency {g['urgency']:.1f}: {g['candidates']} candidates")
        for i, tg in enumerate(g["targets"], 1):
            lead = " [yellow](already a lead)[/yellow]" if tg["lead"] else ""
            dist = f"{tg['distance_km']:.0f} km" if tg["distance_km"] is not None else "—"
            out.print(f"  {i}. {tg['enterprise']} {tg['uscc'] or ''} · {tg['region_name'] or '—'} · {' '.join(tg['tags'])} · {dist} · {tg['score']:.1f}{lead}")
        if g["sites"]:
            out.print("  sites: " + ", ".join(f"{s['site']} ({s['kind']}, {s['area_m2'] or 0:,.0f} m², {s['score']})" for s in g["sites"]))


@chains_app.command("lead")
def lead_cli(
    enterprise: Annotated[str, typer.Argument(help="target enterprise: id, USCC or exact name")],
    node: Annotated[str, typer.Argument(help="the gap node it would fill, e.g. 光刻胶")],
    chain: ChainOpt,
    unit: Annotated[str | None, typer.Option("--unit", help="招商单位 that will own the lead")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Turn a target into a lead (招商线索) for a unit in one step. 目标转线索。"""
    from parkatlas.chains.leads import target_to_lead

    res = target_to_lead(load_settings().database_url, enterprise=enterprise, chain=chain, node=node,
                         unit=unit, actor=load_settings().user)  # fmt: skip
    if json_out:
        print_json(res)
        return
    out.print(f"lead {res['project']} «{res['name']}» for {res['owner_unit'] or '—'} ({res['via']})")
    for w in res.get("warnings", []):
        out.print(f"[yellow]warning:[/yellow] {w}")
