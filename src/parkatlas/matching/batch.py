"""Batch matching: every open project against all available sites, written to CSV, XLSX or
JSON. The core returns rows and reports progress through a callback; it never prints."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from parkatlas.errors import ParkatlasError
from parkatlas.io.cellsafe import neutralise, xlsx_value
from parkatlas.matching.engine import Matcher
from parkatlas.matching.profiles import FACTORS

COLUMNS = ["project_id", "project_name", "rank", "site_id", "score", *(f"c_{f}" for f in FACTORS), "flags", "profile", "error"]  # fmt: skip


def match_batch(
    matcher: Matcher,
    *,
    projects: Sequence[dict[str, Any]] | None = None,
    k: int = 5,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[dict[str, Any]]:
    """One row per (project, site) for the k best sites of every open project; a project whose
    needs are refused gets one row carrying the reason in `error`."""
    items = list(matcher.projects() if projects is None else projects)
    rows: list[dict[str, Any]] = []
    total = len(items)
    for n, p in enumerate(items, 1):
        needs = matcher.project_needs(p)
        base = {"project_id": str(p["id"]), "project_name": p.get("name") or ""}
        if isinstance(needs, ParkatlasError):
            rows.append({**base, "error": str(needs)})
        else:
            for r in matcher.top(needs, k=k):
                row = {**base, "rank": r.rank, "site_id": r.site_id, "score": round(r.score, 4)}
                for f in FACTORS:
                    row[f"c_{f}"] = round(r.contributions[f], 4) if f in r.contributions else None
                row["flags"] = " | ".join(r.flags)
                row["profile"] = r.profile
                rows.append(row)
        if on_progress is not None:
            on_progress(n, total)
    return rows


def write_rows(rows: list[dict[str, Any]], path: str | Path) -> Path:
    """Write batch rows as .csv (UTF-8 with BOM, opens in Excel), .xlsx or .json."""
    p = Path(path)
    ext = p.suffix.lower()
    if ext == ".csv":
        with p.open("w", newline="", encoding="utf-8-sig") as fh:
            w = csv.writer(fh)
            w.writerow(COLUMNS)
            for r in rows:  # formula-like text (a project name "=…") written as text
                w.writerow(["" if r.get(c) is None else neutralise(r.get(c)) for c in COLUMNS])
    elif ext == ".json":
        p.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    elif ext == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook(write_only=True)
        ws = wb.create_sheet("matches")
        ws.append(COLUMNS)
        for r in rows:
            ws.append([xlsx_value(r.get(c)) for c in COLUMNS])
        wb.save(p)
    else:
        raise ParkatlasError(f"cannot write {p.name}: use a .csv, .xlsx or .json file name")
    return p
