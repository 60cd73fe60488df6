"""Shared rich console objects and the --json printer used by every command."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Console

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False)


def _default(obj: Any) -> Any:
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    if hasattr(obj, "item"):  # numpy scalars
        return obj.item()
    if isinstance(obj, set | tuple):
        return list(obj)
    raise TypeError(f"not JSON serializable: {type(obj).__name__}")


def print_json(data: Any) -> None:
    """Write data as JSON on stdout, UTF-8, without escaping Chinese."""
    import sys

    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=_default, indent=2) + "\n")
    sys.stdout.flush()
