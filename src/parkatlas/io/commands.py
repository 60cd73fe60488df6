"""CLI commands `parkatlas import` and `parkatlas export` (thin: parse, call the core, print)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table as RichTable

from parkatlas.console import err, out, print_json
from parkatlas.settings import load_settings


class Kind(StrEnum):
    parks = "parks"
    sites = "sites"
    enterprises = "enterprises"
    projects = "projects"


class Crs(StrEnum):
    wgs84 = "wgs84"
    gcj02 = "gcj02"
    bd09 = "bd09"


class Fmt(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    geojson = "geojson"
    json = "json"


class InFmt(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    xls = "xls"
    ods = "ods"
    geojson = "geojson"
    json = "json"


MAX_ERRORS_SHOWN = 50


def import_cli(
    kind: Annotated[Kind, typer.Argument(help="what the file holds")],
    file: Annotated[Path, typer.Argument(help="CSV (UTF-8/GBK), XLSX, GeoJSON or JSON file")],
    strict: Annotated[
        bool, typer.Option("--strict", help="all or nothing: write no row if any row is refused")
    ] = False,
    crs: Annotated[
        Crs, typer.Option("--crs", help="coordinate system of lat/lon in the file")
    ] = Crs.wgs84,
    fmt: Annotated[
        InFmt | None,
        typer.Option("--format", help="override the format guessed from the file name"),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", help="workbook sheet to read (default: the first whose header is known)"
        ),
    ] = None,
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="where to write refused rows (default: FILE.rejects.csv)"),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    map_: Annotated[
        list[str] | None,
        typer.Option("--map", help="map a header by hand: --map \"列名=field\" (repeatable)"),
    ] = None,
    clear_empty: Annotated[
        bool,
        typer.Option("--clear-empty", help="an empty cell erases the stored value (default: kept)"),
    ] = False,
) -> None:
    """Import parks, sites, enterprises or projects; every refused row is reported. 导入数据。

    Good rows go in and refused rows go to a reject file (exit code 1 if any row was refused);
    with --strict nothing is written unless every row is good. Importing the same file twice
    changes nothing.
    """
    from parkatlas.io.headers import parse_map_options
    from parkatlas.io.importer import import_file

    mapping = parse_map_options(map_)
    settings = load_settings()
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True, disable=json_out or not err.is_terminal,
    ) as bar:  # fmt: skip
        tasks: dict[str, Any] = {}

        def progress(stage: str, n: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(
                    "校验 validating" if stage == "validate" else "写入 writing", total=total or None
                )
            bar.advance(tasks[stage], n)

        report = import_file(
            settings.database_url, kind.value, file, strict=strict, crs=crs.value,
            fmt=fmt.value if fmt else None, sheet=sheet, actor=settings.user,
            batch_size=settings.batch_size, reject_path=rejects, mapping=mapping,
            clear_empty=clear_empty, progress=progress,
        )  # fmt: skip
    if json_out:
        print_json(report.as_dict())
    else:
        _print_report(report)
    if report.errors or (report.strict and report.conflicts):
        raise typer.Exit(1)


_SKIPPED = {"totals": "totals row", "note": "note row", "header": "repeated header row",
            "blank": "blank row"}  # fmt: skip


def _rows(rows: list[int]) -> str:
    shown = ", ".join(str(r) for r in rows[:10])
    return f"row{'s' if len(rows) > 1 else ''} {shown}{' …' if len(rows) > 10 else ''}"


def _print_report(report: Any) -> None:
    verb = "written" if report.written else "NOT written"
    out.print(
        f"[bold]{report.file}[/bold] ({report.format}{', ' + report.encoding if report.encoding else ''}): "
        f"{report.rows} rows, {report.accepted} accepted, {report.refused} refused — {verb}"
    )
    if report.written:
        out.print(
            f"  inserted {report.inserted}, updated {report.updated}, unchanged {report.unchanged}"
        )
    for note in getattr(report, "notes", []):
        out.print(f"  {note}")
    for kind, rows in report.skipped.items():
        what = _SKIPPED.get(kind, kind) + ("s" if len(rows) > 1 else "")
        out.print(f"  skipped {len(rows)} {what} ({_rows(rows)})")
    if report.kept_attributes:
        out.print(
            f"  [yellow]kept as attributes[/yellow]: {', '.join(report.kept_attributes)} "
            "(map one with --map 列名=field)"
        )
    for note in report.columns:
        if note.what in ("ambiguous", "duplicate") or (note.what == "attribute" and note.closest):
            near = f" — closest fields: {', '.join(note.closest)}" if note.closest else ""
            out.print(f"  column {note.column} {note.header!r}: {note.message}{near}")
        elif note.what in ("row_number", "mapped"):
            out.print(f"  column {note.column} {note.header!r}: {note.message}")
    if report.park_districts:
        out.print(f"  {len(report.park_districts)} site(s) took their park's district ({_rows(report.park_districts)})")
    for ch in report.changes[:MAX_ERRORS_SHOWN]:
        out.print(f"  updated {ch.id} (row {ch.row}): {', '.join(ch.fields)}")
    if len(report.changes) > MAX_ERRORS_SHOWN:
        out.print(f"  … and {len(report.changes) - MAX_ERRORS_SHOWN} more updated rows")
    if report.conflicts:
        t = RichTable(title="conflicts: not updated 冲突（未更新）", show_lines=False)
        for col in ("row 行", "key 键", "why 原因", "stored 已存", "file 文件"):
            t.add_column(col, overflow="fold")
        for c in report.conflicts[:MAX_ERRORS_SHOWN]:
            t.add_row(str(c.row), c.id, "; ".join(c.reasons), _brief(c.stored), _brief(c.incoming))
        err.print(t)
    if report.warnings:
        t = RichTable(title="warnings: cells left empty 警告（单元格留空）", show_lines=False)
        for col in ("row 行", "column 列", "value 值", "reason 原因"):
            t.add_column(col, overflow="fold")
        for e in report.warnings[:MAX_ERRORS_SHOWN]:
            t.add_row(str(e.row), e.column, e.value, e.reason)
        err.print(t)
        if len(report.warnings) > MAX_ERRORS_SHOWN:
            err.print(f"… and {len(report.warnings) - MAX_ERRORS_SHOWN} more")
        if report.warnings_file:
            err.print(f"warned cells written to [bold]{report.warnings_file}[/bold]: fix them there and import that file")
    if report.errors:
        t = RichTable(title="refused rows 被拒绝的行", show_lines=False)
        for col in ("row 行", "column 列", "value 值", "reason 原因"):
            t.add_column(col, overflow="fold")
        for e in report.errors[:MAX_ERRORS_SHOWN]:
            t.add_row(str(e.row), e.column, e.value, e.reason)
        err.print(t)
        if len(report.errors) > MAX_ERRORS_SHOWN:
            err.print(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more")
    if report.strict and not report.written and (report.errors or report.conflicts):
        err.print("[red]--strict: nothing was written[/red]")
    if report.errors:
        if report.reject_file:
            err.print(
                f"refused rows written to [bold]{report.reject_file}[/bold]: fix them there and import that file"
            )


def _brief(rec: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in rec.items() if v not in (None, "") and k != "id")


def export_cli(
    kind: Annotated[Kind, typer.Argument(help="what to export")],
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="output format")] = Fmt.csv,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="output file (default: stdout)")
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="en: canonical columns (imports back exactly); zh: Chinese headers and values "
            "(厂房, 可租, 嘉定区, 元/㎡/天), rounded, for handing on",
        ),
    ] = "en",
    region: Annotated[
        str | None, typer.Option("--region", help="only this region (嘉定区, 嘉定, 310114)")
    ] = None,
    site_kind: Annotated[
        str | None, typer.Option("--kind", help="only this kind (sites: 厂房/factory …)")
    ] = None,
    status: Annotated[
        str | None,
        typer.Option("--status", help="only this status (sites: 可租/available …; projects: stage)"),
    ] = None,
    no_synthetic: Annotated[
        bool, typer.Option("--no-synthetic", help="leave out synthetic (demo) rows")
    ] = False,
) -> None:
    """Export parks, sites, enterprises or projects (CSV, XLSX, GeoJSON, JSON). 导出数据。

    Cells that a spreadsheet would read as a formula (= + - @ …) are written with a leading
    quote; importing the export gives back exactly what was stored.
    """
    from parkatlas.io.exporter import ExportFilter, write_export

    settings = load_settings()
    flt = ExportFilter(region=region, kind=site_kind, status=status, no_synthetic=no_synthetic)
    n = write_export(
        settings.database_url, kind.value, fmt.value, output if output else sys.stdout,
        lang=lang, flt=flt,
    )  # fmt: skip
    if output:
        err.print(f"{n} {kind.value} written to {output}")


def template_cli(
    kind: Annotated[Kind, typer.Argument(help="what the sheet will hold")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="file to write (default: KIND-template.xlsx)"),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="header language: zh (中文表头) or en")
    ] = "zh",
) -> None:
    """Write a blank XLSX import template with notes and drop-down lists. 生成导入模板。"""
    from parkatlas.io.template import write_template

    path = output or Path(f"{kind.value}-template.xlsx")
    headers = write_template(kind.value, path, lang=lang)
    out.print(f"{path}: {len(headers)} columns ({', '.join(headers[:6])} …); fill it in, then "
              f"`parkatlas import {kind.value} {path}`")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.command("import")(import_cli)
    app.command("export")(export_cli)
    app.command("template")(template_cli)
