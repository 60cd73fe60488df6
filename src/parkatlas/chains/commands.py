"""`parkatlas chains …`: chain data, placement, decisions, coverage, gaps, targets, reports.
Thin: parse the options, call the core in parkatlas.chains, render a table or JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from parkatlas.console import err, out, print_json
from parkatlas.settings import load_settings

chains_app = typer.Typer(
    name="chains",
    help="Industrial chains (产业链): chain maps, enterprises on nodes, gaps, targets, reports.",
    no_args_is_help=True,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="print the result as JSON")]
ChainOpt = Annotated[str, typer.Option("--chain", "-c", help="chain id or name: ic/集成电路, biomed/生物医药, nev/新能源汽车")]  # fmt: skip


def _engine(write: bool = False) -> Any:
    from parkatlas.db import make_engine, require_schema

    engine = make_engine(load_settings().database_url, write=write)
    require_schema(engine)
    return engine


def _chains() -> tuple[Any, ...]:
    from parkatlas.chains.store import chains_in_force

    engine = _engine()
    try:
        with engine.connect() as conn:
            return chains_in_force(conn)
    finally:
        engine.dispose()


@chains_app.command("list")
def list_cli(json_out: JsonOpt = False) -> None:
    """The chains in force with their node counts. 产业链列表。"""
    chains = _chains()
    rows = [
        {"id": c.id, "name": c.name_zh, "name_en": c.name_en, "version": c.version,
         "nodes": len(c.nodes), "edges": len(c.edges), "source": c.source}
        for c in chains
    ]  # fmt: skip
    if json_out:
        print_json(rows)
        return
    for r in rows:
        out.print(f"[bold]{r['id']}[/bold] {r['name']} ({r['name_en']}) v{r['version']}: {r['nodes']} nodes, {r['edges']} edges")


@chains_app.command("export")
def export_cli(
    chain: Annotated[str, typer.Argument(help="chain id or name")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="YAML file (default: stdout)")] = None,
) -> None:
    """Write a chain as YAML (edit it, then `parkatlas chains import`). 导出产业链。"""
    from parkatlas.chains.model import chain_to_yaml, find_chain

    text = chain_to_yaml(find_chain(_chains(), chain))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"written to {output}")


@chains_app.command("import")
def import_cli(
    file: Annotated[Path, typer.Argument(help="chain YAML file")],
    json_out: JsonOpt = False,
) -> None:
    """Add or replace a chain from YAML (same id replaces; checked before anything is written). 导入产业链。"""
    from parkatlas.chains.model import load_chain_file
    from parkatlas.chains.store import save_chain

    chain = load_chain_file(file)
    engine = _engine(write=True)
    try:
        with engine.begin() as conn:
            action = save_chain(conn, chain, actor=load_settings().user)
    finally:
        engine.dispose()
    res = {"chain": chain.id, "name": chain.name_zh, "nodes": len(chain.nodes), "edges": len(chain.edges), "action": action}
    if json_out:
        print_json(res)
    else:
        out.print(f"chain {chain.id} ({chain.name_zh}) {action}: {len(chain.nodes)} nodes, {len(chain.edges)} edges")


@chains_app.command("place")
def place_cli(
    chain: Annotated[str | None, typer.Option("--chain", "-c", help="one chain (default: all)")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Place every enterprise on chain nodes from its industry code, name, business scope and
    products, with confidence and evidence; officers' decisions are kept. 企业上链。"""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    from sqlalchemy import func, select

    from parkatlas.chains.model import find_chain
    from parkatlas.chains.store import chains_in_force, place_all, placement_rows
    from parkatlas.models import Enterprise

    engine = _engine(write=True)
    try:
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(Enterprise)).scalar_one()
        with Progress(
            TextColumn("上链 placing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True, disable=json_out or not err.is_terminal,
        ) as bar:  # fmt: skip
            task = bar.add_task("place", total=total)
            res = place_all(engine, chain=chain, actor=load_settings().user,
                            progress=lambda n: bar.advance(task, n))  # fmt: skip
        with engine.connect() as conn:
            chains = chains_in_force(conn)
            if chain is not None:
                chains = (find_chain(chains, chain),)
            rows = placement_rows(conn, chains)
    finally:
        engine.dispose()
    if json_out:
        print_json(rows)
        return
    out.print(
        f"{res.enterprises} enterprises read; {res.placed} placed on a chain; {res.rows} automatic "
        f"node placements written; {res.kept_decisions} officers' decisions kept"
    )
    for c in chains:
        n = sum(1 for r in rows if r["chain_id"] == c.id)
        out.print(f"  {c.name_zh}: {n} enterprises")


def _decide(enterprise: str, chain: str, node: str, decision: str, note: str | None, json_out: bool) -> None:
    from parkatlas.chains.store import decide

    engine = _engine(write=True)
    try:
        res = decide(engine, enterprise=enterprise, chain=chain, node=node, decision=decision,
                     actor=load_settings().user, note=note)  # fmt: skip
    finally:
        engine.dispose()
    if json_out:
        print_json(res)
    else:
        before = f" (was {res['before']})" if res["before"] else " (added)"
        out.print(f"{res['enterprise']} on {res['chain']}/{res['node']}: {decision}{before}")


EntArg = Annotated[str, typer.Argument(help="enterprise id, USCC or exact name")]
NodeArg = Annotated[str, typer.Argument(help="node id or name, e.g. 光刻胶")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="why (kept in the audit log)")]


@chains_app.command("confirm")
def confirm_cli(enterprise: EntArg, node: NodeArg, chain: ChainOpt, note: NoteOpt = None, json_out: JsonOpt = False) -> None:
    """Confirm (or add) an enterprise on a node; kept across re-runs of place. 确认上链。"""
    _decide(enterprise, chain, node, "confirmed", note, json_out)


@chains_app.command("reject")
def reject_cli(enterprise: EntArg, node: NodeArg, chain: ChainOpt, note: NoteOpt = None, json_out: JsonOpt = False) -> None:
    """Reject an enterprise's placement on a node; kept across re-runs of place. 驳回上链。"""
    _decide(enterprise, chain, node, "rejected", note, json_out)


def register(app: typer.Typer) -> None:
    from parkatlas.chains import analysis_commands, report_commands  # noqa: F401  (they add to chains_app)

    app.add_typer(chains_app, name="chains")
