"""Writer of the gold-jsonl format: one JSON object (one fact) per line, document order."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from parkatlas.intel.schema import FactRecord

__all__ = ["gold_lines", "write_gold_jsonl"]


# one encoder for every line: json.dumps(…, ensure_ascii=False) builds a new one per call
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def gold_lines(facts: Iterable[FactRecord], doc_name: str) -> list[str]:
    return [_ENCODE(f.to_gold(doc_name)) for f in facts]


def write_gold_jsonl(
    facts: Iterable[FactRecord], doc_name: str, out_path: str | Path, *, make_dirs: bool = True
) -> Path:
    """Write ``facts`` of document ``doc_name`` (its file name, e.g. ``001_x.txt``) to
    ``out_path`` atomically (a temporary file renamed into place); ``make_dirs=False`` when
    the caller has made the folder (one ``mkdir`` less per file)."""
    out = os.fspath(out_path)
    if make_dirs:
        os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    text = "".join(line + "\n" for line in gold_lines(facts, doc_name))
    tmp = f"{out}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, out)
    return Path(out)
