"""The `ingest`, `facts` and `profile` commands: parse, call the intel core, render.

Each command pairs with one core function (`ingest_cli` → `ingest_paths`, `facts_cli` →
`query_facts`, `profile_cli` → `region_profile`); user errors are `ParkatlasError`, which the
CLI prints in one line with exit code 1. Imports of the core are lazy so `parkatlas --help`
stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parkatlas.console import err, out, print_json
from parkatlas.settings import load_settings


def format_value(value: float, unit: str | None, kind: str | None = None) -> str:
    """A fact's value for people: 6.04 bn CNY, 44.3%, 192,000 m², 5,604."""
    if unit == "%":
        return f"{value:g}%"
    if unit == "count" or kind == "count":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:g}"
    if unit == "m2":
        return f"{value:,.0f} m²"
    if unit == "CNY":  # as Chinese reports write it: 60.4亿元, 2.1万亿元, 350万元
        for size, word in ((1e12, "万亿元"), (1e8, "亿元"), (1e4, "万元")):
            if abs(value) >= size:
                return f"{value / size:,.6g}{word}"
        return f"{value:,.4g}元"
    for size, word in ((1e12, "tn"), (1e9, "bn"), (1e6, "m")):
        if abs(value) >= size:
            return f"{value / size:,.4g} {word} {unit}"
    return f"{value:,.4g} {unit}"


def _short(source: str | None) -> str:
    return Path(source).name if source else ""


def ingest_cli(
    paths: Annotated[
        list[str], typer.Argument(help="files, folders (read recursively) or glob patterns")
    ],
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="processes reading and extracting in parallel")
    ] = 1,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="refuse files larger than this many megabytes")
    ] = 20.0,
    json_out: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Read news and policy texts (.txt, .md, .html, .pdf; any encoding), store them and their facts. 导入资讯。

    The same text is stored once; after an extractor upgrade it is re-extracted.
    Files that cannot be read are refused one by one with the reason (exit 1); the rest are stored.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from parkatlas.intel.ingest import ingest_paths

    if max_mb <= 0:
        from parkatlas.errors import ParkatlasError

        raise ParkatlasError(f"--max-mb {max_mb:g} must be more than 0")
    settings = load_settings()
    bar = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[file]}", style="dim"),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )
    task = bar.add_task("ingest", total=None, file="")

    def progress(done: int, total: int, file: str, outcome: str) -> None:
        bar.update(task, completed=done, total=total, file=_short(file))

    with bar:
        report = ingest_paths(
            settings.database_url,
            paths,
            workers=workers,
            progress=progress,
            max_bytes=int(max_mb * 1_000_000),
        )
    if json_out:
        print_json(report.to_dict())
    else:
        _render_report(report)
    if report.refused:
        raise typer.Exit(1)


def _render_report(report: Any) -> None:
    from rich.table import Table

    counts = report.counts()
    table = Table(title=f"ingest into {report.database} ({report.extractor})", title_justify="left")
    table.add_column("outcome")
    table.add_column("files", justify="right")
    for name in ("stored", "unchanged", "re-extracted", "refused"):
        table.add_row(name, str(counts[name]))
    if counts["skipped"]:
        table.add_row("skipped (not .txt/.md/.html/.pdf)", str(counts["skipped"]))
    table.add_row("facts written", str(counts["facts"]))
    out.print(table)
    if report.refused:
        refused = Table(title="refused", title_justify="left", title_style="red")
        refused.add_column("file", overflow="fold")
        refused.add_column("reason", overflow="fold")
        for item in report.refused:
            refused.add_row(item.file, item.reason or "")
        out.print(refused)
    for item in report.files:
        for note in item.notes:
            out.print(f"[yellow]note[/yellow] {item.file}: {note}")


def facts_cli(
    region: Annotated[
        str | None, typer.Option("--region", "-r", help="region name, text or code")
    ] = None,
    metric: Annotated[
        str | None, typer.Option("--metric", "-m", help="metric, e.g. gdp, tax_revenue, projects")
    ] = None,
    since: Annotated[
        int | None, typer.Option("--since", help="facts about this year or later")
    ] = None,
    limit: Annotated[int | None, typer.Option("--limit", "-n", help="at most N facts")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the facts as JSON")] = False,
) -> None:
    """List the facts found in the ingested texts, each with its quote and source. 查询数据。"""
    from parkatlas.intel.profile import query_facts

    settings = load_settings()
    facts = query_facts(
        settings.database_url, region=region, metric=metric, since=since, limit=limit
    )
    if json_out:
        print_json(facts)
        return
    if not facts:
        out.print(
            "no facts match: ingest texts first (`parkatlas ingest PATH`) or widen the filter"
        )
        return
    out.print(_facts_table(facts, title=f"{len(facts)} facts"))


def when(f: dict[str, Any]) -> str:
    """The period as the text states it: 2026-01…2026-09, or the year."""
    if f.get("span_start") and f.get("span_end"):
        if f["span_start"] == f["span_end"]:
            return str(f["span_start"])
        if f["span_start"][5:] == "01" and f["span_end"][5:] == "12":
            first, last = f["span_start"][:4], f["span_end"][:4]
            return first if first == last else f"{first}–{last}"
        return f"{f['span_start']}…{f['span_end']}"
    return str(f.get("period") or "")


def highlight(f: dict[str, Any]) -> Any:
    """The sentence the fact came from with its number highlighted (the quote if no sentence)."""
    from rich.text import Text

    sentence = f.get("sentence") or f["quote"]
    text = Text(sentence)
    at = sentence.find(f["quote"])
    if at >= 0:
        text.stylize("bold reverse", at, at + len(f["quote"]))
    return text


def _facts_table(facts: list[dict[str, Any]], *, title: str) -> Any:
    """Facts as a table; on a terminal narrower than 120 columns, measure and status go
    under the metric and the source is shortened, so a row stays on one or two lines."""
    from rich import box
    from rich.table import Table

    wide = out.width >= 120
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1))
    names = [
        "region 地区",
        "metric 指标",
        "measure",
        "status",
        "value 数值",
        "period 时段",
        "quote 原文 (sentence)",
        "source 来源",
    ]
    if not wide:
        names = ["地区 region", "指标 metric", "数值 value", "年 year", "原文 quote", "来源 source"]
    for name in names:
        table.add_column(
            name, justify="right" if name.startswith(("value", "数值")) else "left", overflow="fold"
        )
    for f in facts:
        value = format_value(f["value"], f["unit"], f["kind"])
        if f.get("qualifier") == "approx":
            value = "~" + value
        metric = f["metric"] or ""
        tags = [t for t in (f["measure"] if f["measure"] != "level" else None,
                            f["status"] if f["status"] != "actual" else None) if t]  # fmt: skip
        source = _short(f["source"])
        if wide:
            row = [f["region"] or "", metric, f["measure"] or "", f["status"] or "", value,
                   when(f), highlight(f), source]  # fmt: skip
        else:
            row = [f["region"] or "", metric + (f" ({', '.join(tags)})" if tags else ""), value,
                   when(f), highlight(f), source[:14]]  # fmt: skip
        table.add_row(*row)
    return table


def register(app: typer.Typer) -> None:
    """Add the intel commands to the `parkatlas` app."""
    app.command("ingest")(ingest_cli)
    app.command("facts")(facts_cli)
    from parkatlas.intel.profile_commands import profile_cli, signing_cli, signings_cli

    app.command("profile")(profile_cli)
    app.command("signings")(signings_cli)
    app.command("signing")(signing_cli)
