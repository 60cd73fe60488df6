"""`parkatlas unit|user|token` through the real typer app; a printed token works on the API."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from parkatlas.api.app import create_app
from parkatlas.cli import app as cli
from parkatlas.settings import load_settings


def test_units_users_tokens_from_the_cli(sqlite_url: str) -> None:
    runner = CliRunner()
    env = {"PARKATLAS_DATABASE_URL": sqlite_url, "PARKATLAS_USER": "ops"}

    def run(*args: str, stdin: str | None = None) -> str:
        r = runner.invoke(cli, list(args), env=env, input=stdin)
        assert r.exit_code == 0, r.output
        return r.output

    run("unit", "add", "JD", "--name", "嘉定区投资促进中心", "--region", "嘉定区")
    run("unit", "add", "JD-AT", "--name", "安亭镇", "--parent", "JD")
    units = json.loads(run("unit", "list", "--json"))
    assert {(u["code"], u["parent"], u["region"]) for u in units} == {("JD", None, "310114"), ("JD-AT", "JD", None)}
    run("user", "add", "alice", "--unit", "JD-AT", "--role", "officer", "--password-stdin", stdin="s3cret-pass\n")
    bad = runner.invoke(cli, ["user", "add", "bob", "--unit", "NOPE", "--role", "officer"], env=env)
    assert bad.exit_code != 0 and "unit NOPE not found" in str(bad.exception)
    token = run("token", "create", "alice").strip().splitlines()[-1]
    assert token.startswith("pat_")
    tokens = json.loads(run("token", "list", "--json"))
    assert tokens[0]["login"] == "alice" and tokens[0]["revoked"] is False and token not in json.dumps(tokens)

    app = create_app(load_settings({"PARKATLAS_DATABASE_URL": sqlite_url}), pool_size=1)
    with TestClient(app, base_url="https://testserver") as c:
        h = {"Authorization": f"Bearer {token}"}
        assert c.get("/api/v1/auth/me", headers=h).json()["unit"] == "JD-AT"
        run("token", "revoke", str(tokens[0]["id"]))
        assert c.get("/api/v1/auth/me", headers=h).status_code == 401
        t2 = run("token", "create", "alice").strip().splitlines()[-1]
        run("user", "disable", "alice")
        assert c.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {t2}"}).status_code == 401
    users = json.loads(run("user", "list", "--json"))
    assert users[0]["disabled"] is True
