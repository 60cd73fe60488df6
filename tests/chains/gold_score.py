"""Score placement against a gold set (tests/chains/gold/*.yaml): exact node-set accuracy per
enterprise, distractors placed on nothing. Also runnable: python -m tests.chains.gold_score."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from parkatlas.chains.model import shipped_chains
from parkatlas.chains.place import Firm, Placer

GOLD = Path(__file__).with_name("gold")


def load_gold(name: str) -> list[dict[str, Any]]:
    rows = yaml.safe_load((GOLD / name).read_text(encoding="utf-8"))
    assert isinstance(rows, list)
    return rows


def predict(placer: Placer, row: dict[str, Any], i: int) -> set[str]:
    chains = {c.id: c.name_zh for c in placer.chains}
    firm = Firm(
        id=str(i), name=row["name"], industries=row.get("industry"),
        business_scope=row.get("scope"), products=row.get("products"),
    )  # fmt: skip
    return {f"{chains[p.chain]}/{n}" for p in placer.place(firm) for n in p.nodes}


def score(rows: list[dict[str, Any]], placer: Placer | None = None) -> dict[str, Any]:
    placer = placer or Placer(shipped_chains())
    right = 0
    distractors = distractors_right = 0
    misses: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        gold = set(row.get("gold") or [])
        pred = predict(placer, row, i)
        ok = pred == gold
        right += ok
        if not gold:
            distractors += 1
            distractors_right += ok
        if not ok:
            misses.append({"name": row["name"], "gold": sorted(gold), "pred": sorted(pred)})
    return {
        "n": len(rows), "accuracy": right / len(rows), "distractors": distractors,
        "distractors_clean": distractors_right, "misses": misses,
    }  # fmt: skip


if __name__ == "__main__":
    for name in sys.argv[1:] or ["set_a.yaml", "set_b.yaml"]:
        res = score(load_gold(name))
        print(f"{name}: n={res['n']} accuracy={res['accuracy']:.3f} distractors clean {res['distractors_clean']}/{res['distractors']}")  # noqa: T201
        for m in res["misses"]:
            print("   ", m["name"], "gold", m["gold"], "pred", m["pred"])  # noqa: T201
