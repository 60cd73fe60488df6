"""The `profile`, `signings` and `signing` commands: parse, call the intel core, render.

`profile_cli` → `profile.region_profile` (typed `RegionProfile`; `--json` prints its dict),
`signings_cli` → `leads.list_signings`, `signing_cli accept|dismiss ID` →
`leads.accept_signing` / `leads.dismiss_signing`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parkatlas.console import out, print_json
from parkatlas.settings import load_settings

__all__ = ["profile_cli", "signing_cli", "signings_cli"]


def _money(value: float | None, unit: str | None) -> str:
    from parkatlas.intel.commands import format_value

    return format_value(value, unit, "money") if value is not None else ""


def _figure_text(f: dict[str, Any] | None) -> str:
    from parkatlas.intel.commands import format_value, when

    if f is None:
        return ""
    value = format_value(f["value"], f["unit"], f["kind"])
    if f.get("qualifier") == "approx":
        value = "~" + value
    span = when(f)
    return f"{value} ({span})" if span else value


def profile_cli(
    region: Annotated[str, typer.Argument(help="region name (嘉定区, Xuhui District) or code")],
    json_out: Annotated[bool, typer.Option("--json", help="print the profile as JSON")] = False,
) -> None:
    """A region's indicators (latest with span and source, earlier, growth, targets) and signings. 区域画像。"""
    from rich import box
    from rich.table import Table

    from parkatlas.errors import ParkatlasError
    from parkatlas.intel.commands import highlight
    from parkatlas.intel.profile import region_profile

    settings = load_settings()
    profile = region_profile(settings.database_url, region).to_dict()
    if json_out:
        print_json(profile)
        return
    if not profile["facts"] and not profile["projects"] and not profile["batches"]:
        raise ParkatlasError(
            f"no facts about {region!r} in the atlas: ingest texts that mention it, "
            "or list the regions known with `parkatlas facts`"
        )
    code = f" ({profile['region_code']})" if profile["region_code"] else ""
    out.print(
        f"[bold]{region}{code}[/bold]: {profile['facts']} facts from "
        f"{profile['documents']} documents; each figure once, with its span; nothing summed"
    )
    table = Table(title="indicators 指标", title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("indicator 指标", "latest 最新", "earlier 此前", "growth 增速", "target 目标",
                 "sentence 原文", "source 来源"):  # fmt: skip
        table.add_column(name, overflow="fold")
    for ind in profile["indicators"]:
        label = ind["metric"] + (f" / {ind['sub_metric']}" if ind["sub_metric"] else "")
        latest = ind["latest"]
        shown = latest or (ind["growth"][0] if ind["growth"] else None) or ind["targets"][0]
        table.add_row(
            label,
            _figure_text(latest),
            "; ".join(_figure_text(f) for f in ind["earlier"][:3]),
            _figure_text(ind["growth"][0] if ind["growth"] else None),
            "; ".join(_figure_text(f) for f in ind["targets"][:2]),
            highlight(shown),
            Path(shown["source"]).name if shown["source"] else "",
        )
    if profile["indicators"]:
        out.print(table)
    if profile["projects"]:
        out.print(
            _signings_table(profile["projects"], title="signed projects 签约项目 (one by one)")
        )
    if profile["batches"]:
        out.print(_signings_table(profile["batches"], title="batch signings 集中签约 (not summed)"))
    if profile["parts"]:
        parts = ", ".join(f"{k} ({v})" for k, v in list(profile["parts"].items())[:12])
        out.print(f"[dim]places below or beside it, not counted as its own: {parts}[/dim]")


def _signings_table(rows: list[dict[str, Any]], *, title: str) -> Any:
    from rich import box
    from rich.table import Table

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    for name in ("id", "project 项目", "enterprise 企业", "place 地点", "amount 金额",
                 "count 数量", "date 日期", "status", "source 来源"):  # fmt: skip
        table.add_column(name, overflow="fold")
    for s in rows:
        table.add_row(
            str(s["id"]),
            s["project"] or "",
            s["enterprise"] or "",
            s["place"] or "",
            _money(s["amount"], s["currency"]),
            str(s["count"] or ""),
            str(s["signed_on"] or ""),
            s["status"],
            Path(s["source"]).name if s.get("source") else "",
        )
    return table


def signings_cli(
    region: Annotated[
        str | None, typer.Option("--region", "-r", help="region name, text or code")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="new, accepted or dismissed")
    ] = None,
    candidates: Annotated[
        bool,
        typer.Option(
            "--candidates", help="only lead candidates: new single projects not yet in the atlas"
        ),
    ] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="at most N records")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the records as JSON")] = False,
) -> None:
    """Signing records found in the ingested texts (project, enterprise, place, amount, date). 签约记录。"""
    from parkatlas.intel.leads import list_signings

    settings = load_settings()
    rows = list_signings(
        settings.database_url, region=region, status=status, candidates=candidates, limit=limit
    )
    if json_out:
        print_json(rows)
        return
    if not rows:
        out.print("no signing records match: ingest news of signings first, or widen the filter")
        return
    title = "lead candidates 线索候选" if candidates else f"{len(rows)} signing records 签约记录"
    out.print(_signings_table(rows, title=title))


def signing_cli(
    action: Annotated[str, typer.Argument(help="accept (create a lead project) or dismiss")],
    signing_id: Annotated[int, typer.Argument(help="the record's id (see `parkatlas signings`)")],
    actor: Annotated[str, typer.Option("--as", help="who decides (for the audit log)")] = "cli",
    enterprise: Annotated[
        str | None,
        typer.Option("--enterprise", help="accept: the enterprise, when the record names none"),
    ] = None,
    unit: Annotated[
        str | None, typer.Option("--unit", help="accept: the unit that owns the lead")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the record as JSON")] = False,
) -> None:
    """Accept a signing record as a lead (报备 through the workspace, with its 撞单 check) or
    dismiss it. 线索采纳/忽略。"""
    from parkatlas.errors import ParkatlasError
    from parkatlas.intel.leads import accept_signing, dismiss_signing

    if action not in ("accept", "dismiss"):
        raise ParkatlasError(f"unknown action {action!r}: use accept or dismiss")
    settings = load_settings()
    if action == "accept":
        row = accept_signing(
            settings.database_url, signing_id, actor=actor, enterprise=enterprise, unit=unit
        )
    else:
        row = dismiss_signing(settings.database_url, signing_id, actor=actor)
    if json_out:
        print_json(row)
        return
    lead = f": lead project {row['lead_project_id']}" if row["lead_project_id"] else ""
    out.print(f"signing record {row['id']} ({row['project'] or 'batch'}) {row['status']}{lead}")
    for w in row.get("warnings") or []:
        since = f" since {w['since']}" if w.get("since") else ""
        out.print(
            f"[yellow]warning: {w.get('code')}: unit {w.get('unit_name') or w.get('unit')} "
            f"has an open lead for this enterprise{since} (撞单, matched on "
            f"{w.get('match_on')})[/yellow]"
        )
