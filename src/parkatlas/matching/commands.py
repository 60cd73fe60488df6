"""`parkatlas match` and `parkatlas match-batch`: parse options, call the matcher, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parkatlas.errors import ParkatlasError


def needs_from_options(**opts: Any) -> dict[str, Any]:
    """The needs dict from `parkatlas match` options (kept here for callers; the rule lives
    in :func:`parkatlas.matching.request.needs_from_options`)."""
    from parkatlas.matching.request import needs_from_options as build

    return build(**opts)


def _region_name(code: str | None) -> str:
    if not code:
        return "—"
    try:
        from parkatlas.reference.regions import region_index

        rec = region_index().get(code)
    except ImportError:  # pragma: no cover - the reference data ships with the package
        rec = None
    return rec.name if rec else code


def _table_results(results: list[Any], title: str) -> Any:
    """Results as a table that fits a terminal: one short column per factor, the flags
    (land-efficiency shortfalls, with their numbers) listed under the table by rank."""
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from parkatlas.console import out
    from parkatlas.matching.profiles import FACTOR_LABELS, FACTORS

    factors = [f for f in FACTORS if results and f in results[0].contributions]
    wide = out.width >= 130  # an 80-column terminal gets the compact table
    t = Table(title=title, caption="factor columns: points contributed (weight); they add up to the score",
              box=box.SIMPLE_HEAD, padding=(0, 1))  # fmt: skip
    cols = [
        "#",
        "载体 Site",
        "园区 Park",
        "区 District",
        "类型 Kind",
        "m²",
        "元/㎡/天",
        "得分 Score",
    ]
    if not wide:
        cols = ["#", "载体", "区", "m²", "租金", "得分"]
    for h in cols:
        right = h in ("#", "m²", "元/㎡/天", "租金", "得分 Score", "得分")
        t.add_column(h, justify="right" if right else "left", no_wrap=True)
    for f in factors:
        label = FACTOR_LABELS[f] if wide else FACTOR_LABELS[f].split()[0]
        t.add_column(f"{label} {results[0].weights[f]:.0%}", justify="right")
    t.add_column("⚠", justify="center", no_wrap=True)
    notes: list[str] = []
    for r in results:
        s = r.details.get("site", {})
        rent = s.get("rent_cny_m2_day")
        district = _region_name(s.get("region"))
        head = [str(r.rank), r.site_id]
        if wide:
            head += [s.get("park") or "—", district, s.get("kind") or ""]
        else:
            head += [district.removesuffix("新区").removesuffix("区")]
        t.add_row(
            *head, f"{s.get('area_m2') or 0:,.0f}", "—" if rent is None else f"{rent:.2f}", f"{r.score:.1f}",
            *(f"{r.contributions[f]:.1f}" for f in factors), str(len(r.flags)) if r.flags else "",
        )  # fmt: skip
        notes.extend(f"#{r.rank} {r.site_id}: {flag}" for flag in r.flags)
    if not notes:
        return t
    return Group(t, Text("⚠ 提示 flags:", style="bold yellow"), *(Text("  " + n) for n in notes))


def register(app: typer.Typer) -> None:
    @app.command("match")
    def match_cli(
        project: Annotated[
            str | None, typer.Option("--project", help="match a stored project (its needs)")
        ] = None,
        needs_file: Annotated[
            Path | None, typer.Option("--needs", help="needs file (.json, .yaml)")
        ] = None,
        site: Annotated[
            str | None, typer.Option("--site", help="the other direction: projects for this site")
        ] = None,
        why_not: Annotated[
            str | None, typer.Option("--why-not", help="why this site is not among the results")
        ] = None,
        top: Annotated[int, typer.Option("--top", "-n", min=1, help="how many results")] = 20,
        weights: Annotated[
            str | None, typer.Option("--weights", help="e.g. area=0.4,cost=0.2")
        ] = None,
        near_misses: Annotated[
            int,
            typer.Option(
                "--near-misses",
                help="show this many near misses when fewer results than --top (0: never)",
            ),
        ] = 5,
        json_out: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
        explain: Annotated[bool, typer.Option("--explain", help="show the matching log")] = False,
        lang: Annotated[
            str, typer.Option("--lang", help="language of the explanations: zh or en")
        ] = "en",
        kind: Annotated[
            list[str] | None,
            typer.Option(
                "--kind", help="厂房/factory, 土地/land, 写字楼/office, 研发楼/lab, 仓库/warehouse"
            ),
        ] = None,
        area_min: Annotated[
            str | None, typer.Option("--area-min", help="m² (5000, 5000平米, 20亩)")
        ] = None,
        area_max: Annotated[str | None, typer.Option("--area-max", help="m²")] = None,
        area_ideal: Annotated[str | None, typer.Option("--area-ideal", help="m²")] = None,
        floor_load_min: Annotated[
            str | None, typer.Option("--floor-load-min", help="kN/m² (10, 1吨/㎡, 800kg/㎡)")
        ] = None,
        clear_height_min: Annotated[
            str | None, typer.Option("--clear-height-min", "--height-min", help="m (8, 8米)")
        ] = None,
        power_min: Annotated[
            str | None, typer.Option("--power-min", help="kVA (800, 800KVA, 1.5MVA)")
        ] = None,
        env_class: Annotated[
            str | None, typer.Option("--env-class", help="1 clean … 3 heavy (登记表/报告表/报告书)")
        ] = None,
        hazardous: Annotated[
            bool, typer.Option("--hazardous", help="needs hazardous chemicals")
        ] = False,
        tenure: Annotated[
            str | None, typer.Option("--tenure", help="lease/出租 or sale/出售")
        ] = None,
        rent_max: Annotated[
            str | None, typer.Option("--rent-max", help="元/㎡/天 (1.2, 1.2元/㎡/天, 36元/㎡/月)")
        ] = None,
        price_max: Annotated[
            str | None, typer.Option("--price-max", help="元/㎡ (8000, 32万元/亩)")
        ] = None,
        region: Annotated[
            list[str] | None, typer.Option("--region", help="region name or code (嘉定, 310114)")
        ] = None,
        park: Annotated[list[str] | None, typer.Option("--park", help="park name or id")] = None,
        industry: Annotated[
            str | None, typer.Option("--industry", help="GB/T 4754 code or name (27, 医疗器械)")
        ] = None,
        near: Annotated[
            list[str] | None, typer.Option("--near", help="LAT,LON[,RADIUS_KM[,NAME]]")
        ] = None,
        investment_wan: Annotated[
            float | None, typer.Option("--investment-wan", help="万元")
        ] = None,
        tax_wan_year: Annotated[
            float | None, typer.Option("--tax-wan-year", help="万元/年")
        ] = None,
        output_wan_year: Annotated[
            float | None, typer.Option("--output-wan-year", help="万元/年")
        ] = None,
        available_by: Annotated[
            str | None, typer.Option("--available-by", help="2026-06-30, 2026年Q4, 年底")
        ] = None,
        status: Annotated[
            list[str] | None, typer.Option("--status", help="site status (default available)")
        ] = None,
    ) -> None:
        """Sites for a project, best first, every score explained (精准匹配); or --site: projects for a site."""
        from parkatlas.console import out, print_json
        from parkatlas.matching import Matcher, explaining, load_needs_file
        from parkatlas.matching.profiles import FACTOR_LABELS, parse_weights
        from parkatlas.matching.render import (
            render_factor,
            render_failure,
            render_flag,
            render_project_table,
        )
        from parkatlas.matching.request import match_sites, why_not_site
        from parkatlas.settings import load_settings

        opts = needs_from_options(
            kind=kind, area_min=area_min, area_max=area_max, area_ideal=area_ideal,
            floor_load_min=floor_load_min, clear_height_min=clear_height_min, power_min=power_min,
            env_class=env_class, hazardous=hazardous, tenure=tenure, rent_max=rent_max,
            price_max=price_max, region=region, park=park, industry=industry, near=near,
            investment_wan=investment_wan, tax_wan_year=tax_wan_year,
            output_wan_year=output_wan_year, available_by=available_by, status=status,
        )  # fmt: skip
        sources = sum(x is not None for x in (project, needs_file, site))
        if sources > 1:
            raise ParkatlasError("give one of --project, --needs or --site, not several")
        if sources == 0 and not opts:
            raise ParkatlasError(
                "nothing to match: give --project ID, --needs FILE, --site ID or need options "
                "such as --kind 厂房 --area-min 5000 (see parkatlas match --help)"
            )
        w = parse_weights(weights) if weights else None
        if lang not in ("zh", "en"):
            raise ParkatlasError(f"--lang {lang!r}: use zh or en")
        matcher = Matcher.from_url(load_settings().database_url)
        try:
            if site is not None:
                res = matcher.projects_for_site(site, k=top)
                if json_out:
                    print_json({"site_id": site, "projects": [r.as_dict() for r in res]})
                    return
                out.print(
                    render_project_table(site, res)
                    if res
                    else f"no open project's needs are met by site {site} 没有符合的项目"
                )
                return
            request: dict[str, Any] = {"project": project, "options": opts}
            if needs_file is not None:
                request["needs"] = load_needs_file(needs_file)
            if why_not is not None:
                wn = why_not_site(matcher, why_not, weights=w, **request)
                if json_out:
                    print_json(wn.as_dict())
                else:
                    out.print(f"[bold]why not {why_not}[/bold] 未入选原因")
                    lines = [render_failure(f, lang) for f in wn.failures] or wn.reasons()
                    for line in lines:
                        out.print(f"  • {line}")
                return
            with explaining() as lg:
                outcome = match_sites(
                    matcher, top=top, weights=w, near_misses=near_misses, **request
                )
            results, misses = outcome.results, outcome.near_misses
            if json_out:
                print_json(outcome.as_dict())
                return
            if explain:
                from rich.table import Table

                for title, rows in lg.sections:
                    t = Table(title=title)
                    for col in rows[0] if rows else []:
                        t.add_column(str(col))
                    for row in rows:
                        t.add_row(*(str(v) for v in row.values()))
                    out.print(t)
            if results:
                out.print(
                    _table_results(results, f"载体 Sites — {len(results)} best of {len(matcher):,}")
                )
                out.print(
                    "[dim]score = sum of the factor columns; parkatlas match --why-not SITE_ID explains an absent site[/dim]"
                )
                best = results[0]
                for f, c in best.contributions.items():
                    data = best.details.get("data", {}).get(f)
                    why = render_factor(f, data, lang) if data else best.details.get(f, "")
                    line = f"{FACTOR_LABELS[f]}: {best.values[f]:.2f} × {best.weights[f]:.0%} = {c:.1f}"
                    out.print(f"  #1 {line}" + (f" — {why}" if why else ""))
                for flag in results[0].flag_data:
                    out.print(f"  #1 ⚑ {render_flag(flag, lang)}")
            else:
                out.print("no site meets every constraint 没有完全符合的载体")
            if misses:
                out.print("[bold]near misses 差一项[/bold] (fail exactly one constraint):")
                for m in misses:
                    out.print(
                        f"  {m.site_id}  score {m.score:.1f}  — {render_failure(m.failure, lang)}"
                    )
        finally:
            matcher.close()

    @app.command("match-batch")
    def match_batch_cli(
        output: Annotated[
            Path, typer.Option("--output", "-o", help="FILE.csv, .xlsx or .json")
        ] = Path("matches.csv"),
        top: Annotated[int, typer.Option("--top", "-n", min=1, help="sites per project")] = 5,
        json_out: Annotated[bool, typer.Option("--json", help="print a summary as JSON")] = False,
    ) -> None:
        """Every open project against all available sites, to CSV/XLSX/JSON (批量匹配)."""
        from rich.progress import Progress

        from parkatlas.console import err, out, print_json
        from parkatlas.matching import Matcher
        from parkatlas.matching.batch import match_batch, write_rows
        from parkatlas.settings import load_settings

        if output.suffix.lower() not in (".csv", ".xlsx", ".json"):
            raise ParkatlasError(
                f"cannot write {output.name}: use a .csv, .xlsx or .json file name"
            )
        matcher = Matcher.from_url(load_settings().database_url)
        try:
            with Progress(console=err, disable=json_out) as progress:
                task = progress.add_task("matching projects 匹配项目", total=None)

                def tick(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total)

                rows = match_batch(matcher, k=top, on_progress=tick)
            path = write_rows(rows, output)
        finally:
            matcher.close()
        projects = len({r["project_id"] for r in rows})
        refused = sum(1 for r in rows if r.get("error"))
        if json_out:
            print_json(
                {"output": str(path), "projects": projects, "rows": len(rows), "refused": refused}
            )
        else:
            out.print(f"[green]{len(rows)} rows[/green] for {projects} projects → {path}"
                      + (f" ({refused} projects refused: see the error column)" if refused else ""))  # fmt: skip
