"""A held SQLite write lock: writers stop soon with a message naming the file and the holder;
read-only commands do not wait for it at all."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.hostile.test_messages import cli

HOLD = """
import sqlite3, sys, time
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")
con.execute("INSERT INTO audit_log (at, actor, entity, action) VALUES ('2026-01-01', 'x', 'sites', 'hold')")
print("held", flush=True)
time.sleep(120)
"""


def test_held_write_lock(sqlite_url: str, tmp_path: Path) -> None:
    db = sqlite_url.split("///", 1)[1]
    f = tmp_path / "s.csv"
    f.write_text("编号,类型,面积\nT1,厂房,5000\n", encoding="utf-8")
    assert cli("import", "sites", str(f), url=sqlite_url).returncode == 0
    holder = subprocess.Popen([sys.executable, "-c", HOLD, db], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        res = cli("import", "sites", str(f), url=sqlite_url, PARKATLAS_BUSY_TIMEOUT="1")
        assert res.returncode == 1 and "Traceback" not in res.stderr, res.stderr
        assert db in res.stderr and "busy" in res.stderr and "try again" in res.stderr
        assert f"pid {holder.pid}" in res.stderr
        # read-only commands do not take (or wait for) the write lock
        for args in (("stats", "--json"), ("export", "sites", "-f", "json")):
            ok = cli(*args, url=sqlite_url, PARKATLAS_BUSY_TIMEOUT="1")
            assert ok.returncode == 0, (args, ok.stderr)
        assert '"T1"' in ok.stdout
        match = cli("match", "--kind", "factory", "--area-min", "100", "--json", url=sqlite_url,
                    PARKATLAS_BUSY_TIMEOUT="1")  # fmt: skip
        assert match.returncode == 0, match.stderr
        # writers (ingest, init) wait briefly, then say so in one line
        news = tmp_path / "n.txt"
        news.write_text("嘉定区2025年签约项目120个，总投资350亿元。\n", encoding="utf-8")
        for args in (("ingest", str(news)), ("init",)):
            res = cli(*args, url=sqlite_url, PARKATLAS_BUSY_TIMEOUT="1")
            assert res.returncode == 1 and "busy" in res.stderr and "Traceback" not in res.stderr, args
    finally:
        holder.kill()
        holder.wait()
    assert cli("import", "sites", str(f), url=sqlite_url).returncode == 0
