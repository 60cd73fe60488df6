"""The `parkatlas` command: thin wrappers that parse arguments, call the core, and print."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from parkatlas.console import err, out, print_json
from parkatlas.errors import ParkatlasError
from parkatlas.settings import load_settings

app = typer.Typer(
    name="parkatlas",
    help="parkatlas — the investment-promotion atlas (招商引资信息库): parks, sites, projects, matching, news facts.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def _root() -> None:
    """parkatlas — the investment-promotion atlas. Add --debug for tracebacks."""


@app.command("init")
def init_cli(
    json_out: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
) -> None:
    """Create or migrate the schema and load the reference data (regions, industries). 初始化数据库。"""
    from parkatlas.atlas import init_atlas

    settings = load_settings()
    result = init_atlas(settings.database_url)
    if json_out:
        print_json(result)
        return
    out.print(f"[green]atlas ready[/green] at {result['database']} (schema {result['revision']})")
    for name, count in result["reference"].items():
        out.print(f"  {name}: {count}")


def _register_extensions() -> None:
    """Commands that live beside their core modules add themselves here."""
    from importlib import import_module

    for module in (
        "parkatlas.reference.commands",
        "parkatlas.io.commands",
        "parkatlas.demo.commands",
        "parkatlas.matching.commands",
        "parkatlas.intel.commands",
        "parkatlas.intel.extract_command",
        "parkatlas.backup.commands",
        "parkatlas.workspace.commands",
        "parkatlas.chains.commands",
    ):
        try:
            mod = import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name and module.startswith(exc.name):
                continue
            raise
        mod.register(app)


_register_extensions()


def main() -> None:
    debug = "--debug" in sys.argv or os.environ.get("PARKATLAS_DEBUG") == "1"
    if "--debug" in sys.argv:
        sys.argv.remove("--debug")
    try:
        app()
    except ParkatlasError as exc:
        if debug:
            raise
        err.print(f"[red]error:[/red] {exc}", markup=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
