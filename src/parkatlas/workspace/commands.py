"""CLI: `parkatlas unit|user|token …` to set up the workspace, and `parkatlas serve`.

Each command opens one session (one unit of work), calls one core function of
`workspace.accounts` as the command-line principal (audited as PARKATLAS_USER), commits, and
prints the result (`--json` for scripts).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.table import Table
from sqlalchemy.orm import Session

from parkatlas.console import out, print_json
from parkatlas.errors import ParkatlasError
from parkatlas.settings import load_settings
from parkatlas.workspace.principal import Principal

T = TypeVar("T")
JsonOpt = Annotated[bool, typer.Option("--json", help="print the result as JSON")]

unit_app = typer.Typer(help="Units (招商单位): district bureaus, towns/streets, park operators.", no_args_is_help=True)
user_app = typer.Typer(help="Users of the workspace and their roles (admin, officer, viewer).", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for scripts (stored hashed; revocable).", no_args_is_help=True)


@contextmanager
def _unit_of_work() -> Iterator[tuple[Session, Principal]]:
    from parkatlas.db import make_engine, require_schema, session_scope
    from parkatlas.workspace.principal import cli_principal

    settings = load_settings()
    engine = make_engine(settings.database_url, write=True)
    try:
        require_schema(engine)
        with session_scope(engine) as session:
            yield session, cli_principal(session, settings.user)
    finally:
        engine.dispose()


def _run(fn: Callable[[Session, Principal], T]) -> T:
    with _unit_of_work() as (session, who):
        return fn(session, who)


def _show(rows: list[BaseModel], json_out: bool, title: str) -> None:
    if json_out:
        print_json([r.model_dump(mode="json") for r in rows])
        return
    if not rows:
        out.print(f"no {title}")
        return
    table = Table(title=title)
    cols = list(type(rows[0]).model_fields)
    for c in cols:
        table.add_column(c)
    for r in rows:
        d: dict[str, Any] = r.model_dump(mode="json")
        table.add_row(*["" if d[c] is None else str(d[c]) for c in cols])
    out.print(table)


@unit_app.command("add")
def unit_add(
    code: Annotated[str, typer.Argument(help="unit code, e.g. JD or JD-ANT")],
    name: Annotated[str, typer.Option("--name", help="unit name, e.g. 嘉定区投资促进中心")],
    parent: Annotated[str | None, typer.Option("--parent", help="code of the unit above")] = None,
    region: Annotated[str | None, typer.Option("--region", help="region code or name (嘉定区)")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="bureau, town or park_operator")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a unit (a district bureau without --parent; a town or park operator under one)."""
    from parkatlas.workspace.accounts import add_unit

    u = _run(lambda s, w: add_unit(s, w, code=code, name=name, parent=parent, region=region, kind=kind))
    if json_out:
        print_json(u.model_dump(mode="json"))
    else:
        out.print(f"unit {u.code} added ({u.kind}" + (f", under {u.parent})" if u.parent else ")"))


@unit_app.command("list")
def unit_list(json_out: JsonOpt = False) -> None:
    """List the units with their parents."""
    from parkatlas.workspace.accounts import list_units

    _show(list(_run(lambda s, _w: list_units(s))), json_out, "units")


@user_app.command("add")
def user_add(
    login: Annotated[str, typer.Argument(help="login name")],
    unit: Annotated[str, typer.Option("--unit", help="code of the user's unit")],
    role: Annotated[str, typer.Option("--role", help="admin, officer or viewer")],
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="read the password from the first line of stdin")] = False,
    name: Annotated[str | None, typer.Option("--name", help="the person's name")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a user to a unit with a role (admin: everything; officer: reads and writes for the
    unit; viewer: reads). Without --password-stdin the user signs in with tokens only."""
    from parkatlas.workspace.accounts import add_user

    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise ParkatlasError("--password-stdin: stdin held no password (one line expected)")
    u = _run(lambda s, w: add_user(s, w, login=login, unit=unit, role=role, password=password, name=name))
    if json_out:
        print_json(u.model_dump(mode="json"))
    else:
        out.print(f"user {u.login} added to {u.unit} as {u.role}")


@user_app.command("list")
def user_list(
    unit: Annotated[str | None, typer.Option("--unit", help="only this unit's users")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List users with unit, role and last sign-in."""
    from parkatlas.workspace.accounts import list_users

    _show(list(_run(lambda s, _w: list_users(s, unit))), json_out, "users")


@user_app.command("disable")
def user_disable(
    login: Annotated[str, typer.Argument(help="login name")],
    enable: Annotated[bool, typer.Option("--enable", help="enable the user again")] = False,
) -> None:
    """Disable a user (their tokens and sessions stop working at once), or --enable again."""
    from parkatlas.workspace.accounts import set_user_disabled

    u = _run(lambda s, w: set_user_disabled(s, w, login, not enable))
    out.print(f"user {u.login} {'disabled' if u.disabled else 'enabled'}")


@token_app.command("create")
def token_create(
    login: Annotated[str, typer.Argument(help="the user the token acts as")],
    name: Annotated[str | None, typer.Option("--name", help="what the token is for")] = None,
) -> None:
    """Create an API token; it is printed once, on the last line (only its hash is kept)."""
    from parkatlas.workspace.accounts import create_token

    t = _run(lambda s, w: create_token(s, w, login, name))
    out.print(f"token {t.info.id} for {login} (keep it secret; it is not shown again):")
    sys.stdout.flush()
    sys.stdout.write(t.token + "\n")
    sys.stdout.flush()


@token_app.command("list")
def token_list(
    login: Annotated[str | None, typer.Option("--login", help="only this user's tokens")] = None,
    json_out: JsonOpt = False,
) -> None:
    """List tokens (id, user, prefix, created, last used, revoked); never the tokens."""
    from parkatlas.workspace.accounts import list_tokens

    _show(list(_run(lambda s, _w: list_tokens(s, login))), json_out, "tokens")


@token_app.command("revoke")
def token_revoke(token_id: Annotated[int, typer.Argument(help="token id (see token list)")]) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    from parkatlas.workspace.accounts import revoke_token

    t = _run(lambda s, w: revoke_token(s, w, token_id))
    out.print(f"token {t.id} of {t.login} revoked")


def serve_cli(
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8000,
    workers: Annotated[int, typer.Option("--workers", help="worker processes (PostgreSQL for more than 1)")] = 1,
) -> None:
    """Run the HTTP API (and the web UI when installed) with uvicorn. OpenAPI: /openapi.json."""
    import uvicorn

    settings = load_settings()
    if workers > 1 and settings.database_url.startswith("sqlite"):
        raise ParkatlasError("--workers > 1 needs PostgreSQL (PARKATLAS_DATABASE_URL=postgresql+psycopg://…)")
    from parkatlas.db import make_engine, require_schema

    engine = make_engine(settings.database_url)
    try:
        require_schema(engine)
    finally:
        engine.dispose()
    uvicorn.run("parkatlas.api.serve:app", factory=True, host=host, port=port, workers=workers,
                log_level="info")  # fmt: skip


def register(app: typer.Typer) -> None:
    app.add_typer(unit_app, name="unit")
    app.add_typer(user_app, name="user")
    app.add_typer(token_app, name="token")
    app.command("serve")(serve_cli)
