"""Who has a SQLite atlas open: for the message when its write lock is held.

SQLite's locks are POSIX advisory locks and do not say which process holds them; the
processes that have the database (or its -wal file) open are the candidates, and on Linux
/proc lists them. Elsewhere, or without permission, the list is empty and the message
names the file only.
"""

from __future__ import annotations

import os
from pathlib import Path

MAX_SHOWN = 5


def holders(path: str) -> list[tuple[int, str]]:
    """(pid, command line) of the other processes that have the database file open."""
    try:
        target = Path(path).resolve()
    except OSError:
        return []
    wanted = {str(target), f"{target}-wal", f"{target}-shm"}
    found: list[tuple[int, str]] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    me = os.getpid()
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            fds = list((entry / "fd").iterdir())
            if not any(os.readlink(fd) in wanted for fd in fds):
                continue
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        cmd = " ".join(a.decode(errors="replace") for a in raw.split(b"\0") if a)
        found.append((int(entry.name), _short(cmd)))
        if len(found) >= MAX_SHOWN:
            break
    return sorted(found)


def _short(cmd: str) -> str:
    """The command as a person would recognise it: `parkatlas import sites big.csv`."""
    cmd = " ".join(cmd.split())
    for marker in ("parkatlas.cli ", "bin/parkatlas "):
        if marker in cmd:
            cmd = "parkatlas " + cmd.split(marker, 1)[1]
            break
    return cmd if len(cmd) <= 120 else cmd[:117] + "…"
