"""`parkatlas init` through the real entry point, on both databases."""

import json
import subprocess
import sys

from sqlalchemy import create_engine, inspect, text


def run_cli(*args: str, url: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {"PARKATLAS_DATABASE_URL": url, "PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "parkatlas.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        input=input,
        timeout=600,
    )


def test_init_creates_schema_and_is_idempotent(atlas_url: str) -> None:
    first = run_cli("init", "--json", url=atlas_url)
    assert first.returncode == 0, first.stderr
    again = run_cli("init", "--json", url=atlas_url)
    assert again.returncode == 0, again.stderr
    data = json.loads(again.stdout)
    assert data["revision"] == _head()
    eng = create_engine(atlas_url)
    tables = set(inspect(eng).get_table_names())
    assert {
        "regions",
        "industries",
        "parks",
        "sites",
        "enterprises",
        "projects",
        "stage_events",
        "units",
        "audit_log",
        "documents",
        "facts",
    } <= tables
    with eng.connect() as conn:
        assert conn.execute(text("select count(*) from sites")).scalar_one() == 0
    eng.dispose()


def test_bad_url_gives_one_line_error(tmp_path) -> None:
    res = run_cli("init", url="mysql://nobody")
    assert res.returncode == 1
    assert "PARKATLAS_DATABASE_URL" in res.stderr
    assert "Traceback" not in res.stderr


def _head() -> str:
    """The newest migration (one head, PROTOCOL.md)."""
    from alembic.script import ScriptDirectory

    from parkatlas.db import alembic_config

    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, heads
    return str(heads[0])
