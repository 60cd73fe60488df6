"""Writer of the gold-jsonl format: one JSON object (one fact) per line, document order."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from parkatlas.intel.schema import FactRecord

__all__ = ["gold_lines", "write_gold_jsonl"]


def gold_lines(facts: Iterable[FactRecord], doc_name: str) -> list[str]:
    return [json.dumps(f.to_gold(doc_name), ensure_ascii=False) for f in facts]


def write_gold_jsonl(facts: Iterable[FactRecord], doc_name: str, out_path: str | Path) -> Path:
    """Write ``facts`` of document ``doc_name`` (its file name, e.g. ``001_x.txt``) to
    ``out_path`` atomically (a temporary file renamed into place)."""
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    lines = gold_lines(facts, doc_name)
    tmp = out_path.with_name(out_path.name + f".tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for line in lines:
            fh.write(line + "\n")
    os.replace(tmp, out_path)
    return out_path
