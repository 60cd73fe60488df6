"""Walking folders and expanding globs without ever following a directory symlink.

``glob.glob(pattern, recursive=True)`` follows symlinked folders inside ``**``; two links
pointing at each other make it run for ever (issue 14 §8). Here ``**`` is matched against
the paths of ``os.walk(followlinks=False)``: a symlinked folder is listed (a symlink to a
file is read like a file) but never entered, so no walk can loop. Hidden files and folders
(a leading dot) are skipped, as a shell's ``*`` does.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator
from pathlib import Path

__all__ = ["has_magic", "glob_paths", "walk_files"]


def has_magic(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


def walk_files(folder: Path) -> Iterator[Path]:
    """Files under a folder, in a stable order, skipping hidden files and folders and never
    entering a symlinked folder."""
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(root, d))
        )
        for name in sorted(names):
            if not name.startswith("."):
                yield Path(root) / name


def _translate(pattern: str) -> re.Pattern[str]:
    """A glob pattern (``*``, ``?``, ``[..]``, ``**`` as whole components) as a regex over
    ``/``-separated relative paths."""
    parts = pattern.split("/")
    out: list[str] = []
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out.append(".*" if last else "(?:[^/]+/)*")
            continue
        rx = ""
        j = 0
        while j < len(part):
            ch = part[j]
            if ch == "*":
                rx += "[^/]*"
            elif ch == "?":
                rx += "[^/]"
            elif ch == "[":
                k = part.find("]", j + 1)
                if k < 0:
                    rx += re.escape(ch)
                else:
                    body = part[j + 1 : k]
                    if body.startswith("!"):
                        body = "^" + body[1:]
                    rx += f"[{body}]"
                    j = k
            else:
                rx += re.escape(ch)
            j += 1
        out.append(rx + ("" if last else "/"))
    return re.compile("".join(out) + r"\Z")


def glob_paths(pattern: str) -> list[str]:
    """The paths matching ``pattern``, sorted; ``**`` never enters a symlinked folder."""
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    norm = pattern.replace(os.sep, "/")
    parts = norm.split("/")
    fixed: list[str] = []
    for part in parts:
        if has_magic(part):
            break
        fixed.append(part)
    root = "/".join(fixed) or "."
    if norm.startswith("/") and not fixed[1:]:
        root = "/"
    rest = "/".join(parts[len(fixed) :])
    rx = _translate(rest)
    found: list[str] = []
    if not os.path.isdir(root):
        return found
    for cur, dirs, names in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_dir = os.path.relpath(cur, root).replace(os.sep, "/")
        prefix = "" if rel_dir == "." else rel_dir + "/"
        for name in [*dirs, *sorted(names)]:
            if name.startswith("."):
                continue
            if rx.match(prefix + name):
                path = os.path.join(cur, name)
                found.append(os.path.normpath(path) if root == "." else path)
        # a symlinked folder may match, but is not entered
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(cur, d))]
    return sorted(found)
