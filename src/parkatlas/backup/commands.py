"""CLI commands `parkatlas backup` and `parkatlas restore` (thin: parse, call the core, print)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from parkatlas.console import err, out, print_json
from parkatlas.settings import load_settings


def _print(report: Any, verb: str, json_out: bool) -> None:
    if json_out:
        print_json(report.as_dict())
        return
    total = sum(report.tables.values())
    out.print(f"[green]{verb}[/green] {report.file} ({report.format}, schema {report.revision}): "
              f"{total:,} rows in {len(report.tables)} tables")  # fmt: skip
    for name, n in report.tables.items():
        if n:
            out.print(f"  {name}: {n:,}")


def backup_cli(
    file: Annotated[
        Path, typer.Argument(help="backup file to write, e.g. atlas-2026-03-01.jsonl.gz")
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="portable (JSON lines, SQLite ⇄ PostgreSQL) or sqlite "
            "(SQLite online backup of a SQLite atlas)",
        ),
    ] = "portable",
    json_out: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Back up the whole atlas (every table, audit log and history included) to one file. 备份。

    Consistent while others keep working: read in one snapshot.
    """
    from parkatlas.backup.core import backup

    settings = load_settings()
    report = backup(settings.database_url, file, fmt=fmt,
                    progress=None if json_out else lambda t, n: err.print(f"  {t}: {n:,}…", end="\r"))  # fmt: skip
    _print(report, "backed up to", json_out)


def restore_cli(
    file: Annotated[Path, typer.Argument(help="a file written by `parkatlas backup`")],
    json_out: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Restore a backup into an empty atlas (SQLite or PostgreSQL, either way). 恢复备份。

    The atlas is created or migrated as needed; an atlas holding other data is refused.
    """
    from parkatlas.backup.core import restore

    settings = load_settings()
    report = restore(settings.database_url, file)
    _print(report, "restored from", json_out)


def register(app: typer.Typer) -> None:
    app.command("backup")(backup_cli)
    app.command("restore")(restore_cli)
