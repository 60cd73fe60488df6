"""`parkatlas chains map` (SVG) and `parkatlas chains report` (the 图谱 + 清单 XLSX)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from parkatlas.chains.analysis_commands import ParkOpt
from parkatlas.chains.commands import ChainOpt, _engine, chains_app
from parkatlas.console import err
from parkatlas.settings import load_settings


@chains_app.command("map")
def map_cli(
    chain: ChainOpt,
    region: Annotated[str | None, typer.Option("--region", "-r", help="colour the nodes by this district's coverage")] = None,
    park: ParkOpt = None,
    lang: Annotated[str, typer.Option("--lang", help="node names: zh or en")] = "zh",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="SVG file (default: stdout)")] = None,
) -> None:
    """The chain map as SVG: nodes by tier, coloured by status when a region is given. 产业链图谱。"""
    from parkatlas.chains.model import find_chain
    from parkatlas.chains.service import chain_view
    from parkatlas.chains.store import chains_in_force
    from parkatlas.chains.svg import chain_svg

    engine = _engine()
    try:
        with engine.connect() as conn:
            if region:
                v = chain_view(conn, chain, region, park)
                where = v.scope.region_name + (f" · {v.scope.park_name}" if v.scope.park_name else "")
                text = chain_svg(v.chain, {n.node.id: n.status for n in v.nodes}, lang=lang,
                                 counts={n.node.id: len(n.firms) for n in v.nodes},
                                 title=f"{v.chain.name_zh} · {where}")  # fmt: skip
            else:
                text = chain_svg(find_chain(chains_in_force(conn), chain), lang=lang)
    finally:
        engine.dispose()
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"written to {output}")


@chains_app.command("report")
def report_cli(
    chain: ChainOpt,
    region: Annotated[str, typer.Option("--region", "-r", help="district name or code")],
    output: Annotated[Path, typer.Option("-o", "--output", help="the XLSX file to write")],
    park: ParkOpt = None,
    top: Annotated[int, typer.Option("--top", help="targets per gap node")] = 10,
    sites: Annotated[int, typer.Option("--sites", help="local sites per gap node")] = 5,
) -> None:
    """The 图谱 + 清单 workbook: chain map, target list with sites, coverage, rules. 图谱+清单报告。"""
    from parkatlas.chains.model import find_chain
    from parkatlas.chains.report import write_report
    from parkatlas.chains.service import coverage_report, target_report
    from parkatlas.chains.store import chains_in_force

    engine = _engine()
    try:
        cov = coverage_report(engine, chain=chain, region=region, park=park)
        tg = target_report(engine, load_settings().database_url, chain=chain, region=region, park=park, per_node=top, sites=sites)
        with engine.connect() as conn:
            c = find_chain(chains_in_force(conn), chain)
    finally:
        engine.dispose()
    write_report(output, c, cov, tg)
    n = sum(len(g["targets"]) for g in tg["gaps"])
    err.print(f"{output}: map of {len(c.nodes)} nodes, {len(tg['gaps'])} gap nodes, {n} targets")
