"""`parkatlas match` and `parkatlas match-batch`: parse options, call the matcher, render."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parkatlas.errors import ParkatlasError


def _near(text: str) -> dict[str, Any]:
    parts = [p.strip() for p in text.split(",")]
    try:
        lat, lon = float(parts[0]), float(parts[1])
        out: dict[str, Any] = {"lat": lat, "lon": lon}
        if len(parts) > 2 and parts[2]:
            out["radius_km"] = float(parts[2])
        if len(parts) > 3 and parts[3]:
            out["name"] = parts[3]
    except (ValueError, IndexError):
        raise ParkatlasError(
            f"--near {text!r}: give LAT,LON[,RADIUS_KM[,NAME]], e.g. --near 31.35,121.50,60,port"
        ) from None
    return out


def needs_from_options(**opts: Any) -> dict[str, Any]:
    """The needs dict from `parkatlas match` options (only those given)."""
    d: dict[str, Any] = {}
    if opts.get("kind"):
        d["kind"] = list(opts["kind"])
    area = {
        k: opts[f"area_{k}"] for k in ("min", "max", "ideal") if opts.get(f"area_{k}") is not None
    }
    if area:
        d["area_m2"] = area
    for opt, key in (("floor_load_min", "floor_load_kn_m2"), ("clear_height_min", "clear_height_m"), ("power_min", "power_kva")):  # fmt: skip
        if opts.get(opt) is not None:
            d[key] = {"min": opts[opt]}
    for opt, key in (("rent_max", "rent_cny_m2_day"), ("price_max", "price_cny_m2")):
        if opts.get(opt) is not None:
            d[key] = {"max": opts[opt]}
    for key in ("env_class", "tenure", "industry", "investment_wan", "tax_wan_year", "output_wan_year", "available_by"):  # fmt: skip
        if opts.get(key) is not None:
            d[key] = opts[key]
    if opts.get("hazardous"):
        d["hazardous"] = True
    if opts.get("region"):
        d["regions"] = list(opts["region"])
    if opts.get("park"):
        d["parks"] = list(opts["park"])
    if opts.get("status"):
        d["status"] = list(opts["status"])
    if opts.get("near"):
        d["near"] = [_near(t) for t in opts["near"]]
    return d


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
        kind: Annotated[
            list[str] | None, typer.Option("--kind", help="land, factory, office, lab, warehouse")
        ] = None,
        area_min: Annotated[float | None, typer.Option("--area-min", help="m²")] = None,
        area_max: Annotated[float | None, typer.Option("--area-max", help="m²")] = None,
        area_ideal: Annotated[float | None, typer.Option("--area-ideal", help="m²")] = None,
        floor_load_min: Annotated[
            float | None, typer.Option("--floor-load-min", help="kN/m²")
        ] = None,
        clear_height_min: Annotated[
            float | None, typer.Option("--clear-height-min", help="m")
        ] = None,
        power_min: Annotated[float | None, typer.Option("--power-min", help="kVA")] = None,
        env_class: Annotated[
            int | None, typer.Option("--env-class", help="1 clean … 3 heavy")
        ] = None,
        hazardous: Annotated[
            bool, typer.Option("--hazardous", help="needs hazardous chemicals")
        ] = False,
        tenure: Annotated[str | None, typer.Option("--tenure", help="lease or sale")] = None,
        rent_max: Annotated[float | None, typer.Option("--rent-max", help="元/㎡/天")] = None,
        price_max: Annotated[float | None, typer.Option("--price-max", help="元/㎡")] = None,
        region: Annotated[
            list[str] | None, typer.Option("--region", help="region code (any level)")
        ] = None,
        park: Annotated[list[str] | None, typer.Option("--park", help="park id")] = None,
        industry: Annotated[
            str | None, typer.Option("--industry", help="GB/T 4754 code, any level")
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
            str | None, typer.Option("--available-by", help="YYYY-MM-DD")
        ] = None,
        status: Annotated[
            list[str] | None, typer.Option("--status", help="site status (default available)")
        ] = None,
    ) -> None:
        """Sites for a project, best first, every score explained (精准匹配); or --site: projects for a site."""
        from parkatlas.console import out, print_json
        from parkatlas.matching import Matcher, explaining, load_needs_file
        from parkatlas.matching.needs import needs_from_project
        from parkatlas.matching.profiles import parse_weights
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
                "such as --kind factory --area-min 5000 (see parkatlas match --help)"
            )
        w = parse_weights(weights) if weights else None
        matcher = Matcher.from_url(load_settings().database_url)
        try:
            if site is not None:
                res = matcher.projects_for_site(site, k=top)
                if json_out:
                    print_json({"site_id": site, "projects": [r.as_dict() for r in res]})
                    return
                from rich.table import Table

                t = Table(title=f"项目 Projects for site {site}")
                for h in ("排名 Rank", "项目 Project", "名称 Name", "得分 Score", "提示 Flags"):
                    t.add_column(h)
                for r in res:
                    t.add_row(
                        str(r.rank), r.project_id, r.name, f"{r.score:.1f}", "; ".join(r.flags)[:80]
                    )
                out.print(t if res else f"no open project's needs are met by site {site}")
                return
            data: dict[str, Any] = {}
            if project is not None:
                data = needs_from_project(matcher.project_by_id(project))
            elif needs_file is not None:
                data = load_needs_file(needs_file)
            data.update(opts)
            if why_not is not None:
                wn = matcher.why_not(data, why_not, weights=w)
                if json_out:
                    print_json(wn.as_dict())
                else:
                    out.print(f"[bold]why not {why_not}[/bold] 未入选原因")
                    for line in wn.reasons():
                        out.print(f"  • {line}")
                return
            with explaining() as lg:
                results = matcher.top(data, k=top, weights=w)
                misses = (
                    matcher.near_misses(data, k=near_misses, weights=w)
                    if near_misses and len(results) < top
                    else []
                )
            if json_out:
                print_json({
                    "needs": matcher.needs(data, w).summary(),
                    "results": [r.as_dict() for r in results],
                    "near_misses": [m.as_dict() for m in misses],
                })  # fmt: skip
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
                for line in results[0].reasons():
                    out.print(f"  #1 {line}")
            else:
                out.print("no site meets every constraint 没有完全符合的载体")
            if misses:
                out.print("[bold]near misses 差一项[/bold] (fail exactly one constraint):")
                for m in misses:
                    out.print(f"  {m.site_id}  score {m.score:.1f}  — {m.failure.message}")
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
