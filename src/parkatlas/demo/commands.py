"""CLI command `parkatlas demo`: build the demo atlas and show what is in it."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parkatlas.console import err, out, print_json
from parkatlas.settings import load_settings
from parkatlas.vocab.terms import KINDS as KIND_VOCAB

KINDS = ["factory", "land", "office", "lab", "warehouse"]  # the column order of the summary
KIND_ZH = {k: KIND_VOCAB.zh(k) for k in KINDS}


def demo_cli(
    sites: Annotated[int, typer.Option("--sites", min=0, help="number of synthetic sites")] = 3000,
    seed: Annotated[int, typer.Option("--seed", help="random seed (same seed, same atlas)")] = 42,
    json_out: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """Build the demo atlas of Shanghai: real districts and parks, SYNTHETIC sites, firms, projects. 演示数据。"""
    from parkatlas.demo.build import build_demo

    settings = load_settings()
    with Progress(
        TextColumn("合成载体 synthetic sites"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=json_out or not err.is_terminal,
    ) as bar:  # fmt: skip
        task = bar.add_task("sites", total=sites)
        summary = build_demo(
            settings.database_url, sites=sites, seed=seed, actor=settings.user,
            progress=lambda n: bar.advance(task, n),
        )  # fmt: skip
    summary["database"] = settings.database_url
    example = _example_match(settings.database_url)
    summary["example_match"] = example
    if json_out:
        print_json(summary)
        return
    _show(summary)


def _example_match(url: str) -> dict[str, Any] | None:
    """One example: the best sites for the first negotiating demo project that has any, through
    the same core call as ``parkatlas match --project ID`` (so both print the same scores)."""
    try:
        from parkatlas.matching import Matcher, match_sites
    except ImportError:
        return None
    from sqlalchemy import select

    from parkatlas.db import make_engine
    from parkatlas.models import Project

    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(Project.id, Project.name, Project.needs)
            .where(Project.stage == "negotiating")
            .order_by(Project.id)
            .limit(20)
        ).all()
    engine.dispose()
    if not rows:
        return None
    matcher = Matcher.from_url(url)
    try:
        # a project whose needs no synthetic site meets would show an empty example
        for row in rows:
            outcome = match_sites(matcher, project=row.id, top=5, near_misses=0)
            if outcome.results:
                break
        else:
            row = rows[0]
            outcome = match_sites(matcher, project=row.id, top=5, near_misses=0)
    finally:
        matcher.close()
    return {
        "project": row.id,
        "name": row.name,
        "needs": row.needs,
        "results": [
            {"site_id": r.site_id, "score": round(float(r.score), 4)} for r in outcome.results
        ],
    }


def _show(summary: dict[str, Any], *, title: str = "parkatlas demo") -> None:
    t = summary["totals"]
    out.print(f"[bold green]{title}[/bold green] — {summary['database']}")
    if summary.get("synthetic_sites"):
        out.print(
            f"[yellow]{summary['synthetic_sites']:,} of the sites are SYNTHETIC demo data (合成数据), and so "
            "are the demo's enterprises and projects; parks and districts are real.[/yellow]"
        )
    out.print(
        f"{t['parks']:,} parks · {t['sites']:,} sites · {t['enterprises']:,} enterprises · "
        f"{t['projects']:,} projects · {t.get('documents', 0):,} documents · {t.get('facts', 0):,} facts"
    )
    compact = out.width < 100
    table = Table(title="载体 sites by district and kind")
    table.add_column("区 district")
    for k in KINDS:
        table.add_column(KIND_ZH[k] if compact else f"{KIND_ZH[k]} {k}", justify="right")
    table.add_column("合计" if compact else "合计 total", justify="right")
    for district, counts in sorted(summary["by_district_kind"].items()):
        table.add_row(
            district, *[f"{counts.get(k, 0):,}" for k in KINDS], f"{sum(counts.values()):,}"
        )
    out.print(table)
    stages = summary.get("projects_by_stage") or {}
    if stages:
        out.print(
            "项目阶段 projects by stage: "
            + ", ".join(f"{k} {v:,}" for k, v in sorted(stages.items()))
        )
    s = Table(
        title="sample of available sites"
        + (" (synthetic)" if summary.get("synthetic_sites") else "")
    )
    for col in ("id", "park", "district", "kind", "m²", "元/㎡/天", "kN/m²", "m"):
        s.add_column(col)
    for r in summary["sample_sites"]:
        s.add_row(
            r["id"], r["park"] or "—", r["region_name"] or r["region"] or "—", r["kind"],
            f"{r['area_m2']:,.0f}", _f(r["rent_cny_m2_day"]), _f(r["floor_load_kn_m2"]), _f(r["clear_height_m"]),
        )  # fmt: skip
    out.print(s)
    ex = summary.get("example_match")
    if ex:
        out.print(f"[bold]example match[/bold] for {ex['project']} {ex['name']}:")
        for r in ex["results"]:
            out.print(f"  {r['site_id']}  score {r['score']:.3f}")
        out.print(f"  try: parkatlas match --project {ex['project']}")


def stats_cli(
    json_out: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
) -> None:
    """What is in the atlas: totals, sites by district and kind, projects by stage. 数据概况。"""
    from parkatlas.atlas import atlas_summary
    from parkatlas.db import safe_url

    settings = load_settings()
    summary = atlas_summary(settings.database_url)
    summary["database"] = safe_url(settings.database_url)
    if json_out:
        print_json(summary)
        return
    _show(summary, title="parkatlas")


def _f(v: Any) -> str:
    return "—" if v is None else f"{v:g}"


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_cli)
    app.command("stats")(stats_cli)
