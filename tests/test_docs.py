"""Docs do not drift: every command has help text and appears in the README."""

from pathlib import Path

from parkatlas.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, object]:
    return {(c.name or c.callback.__name__): c for c in app.registered_commands}  # type: ignore[union-attr]


def test_all_areas_registered_their_commands() -> None:
    assert {"init", "demo", "import", "export", "template", "lookup", "match", "match-batch",
            "ingest", "facts", "profile", "extract"} <= set(_commands())  # fmt: skip


def test_every_command_has_help_and_is_in_the_readme() -> None:
    for name, cmd in _commands().items():
        doc = (cmd.help or cmd.callback.__doc__ or "").strip()  # type: ignore[attr-defined]
        assert doc, f"command {name} has no help text"
        assert f"parkatlas {name}" in README, f"command {name} is not documented in README.md"


def test_readme_examples_run_on_the_demo_atlas(sqlite_url: str, tmp_path: Path) -> None:
    """The match / template / export lines of the README's quick start work as written."""
    import shlex

    from tests.helpers import run_cli

    assert run_cli("demo", url=sqlite_url).returncode == 0  # the default demo, as `make demo`
    lines = [
        line.split("#")[0].strip()
        for line in README.splitlines()
        if line.startswith(("parkatlas match", "parkatlas template", "parkatlas export"))
    ]
    assert len(lines) >= 5
    for line in lines:
        args = shlex.split(line)[1:]
        res = run_cli(*args, url=sqlite_url, cwd=str(tmp_path))
        assert res.returncode == 0, f"{line}\n{res.stdout[-500:]}\n{res.stderr[-500:]}"
