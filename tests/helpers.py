"""Helpers for tests: run the real `parkatlas` entry point in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys


def run_cli(
    *args: str, url: str, timeout: int = 600, cwd: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {
        "PARKATLAS_DATABASE_URL": url,
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONIOENCODING": "utf-8",
        "PARKATLAS_USER": "tester",
        "HOME": os.environ.get("HOME", "/tmp"),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "parkatlas.cli", *args],
        capture_output=True, text=True, env=environ, timeout=timeout, cwd=cwd,
    )  # fmt: skip
