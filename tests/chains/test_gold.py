"""Placement quality on the synthetic gold sets (tests/chains/gold): a regression floor, and
no distractor (trader, clinic, dealer, restaurant, software house…) placed on any chain."""

from __future__ import annotations

import pytest

from tests.chains.gold_score import load_gold, score


@pytest.mark.parametrize("name", ["set_a.yaml", "set_b.yaml"])
def test_gold_set_accuracy_floor(name: str) -> None:
    rows = load_gold(name)
    assert len(rows) >= 70
    res = score(rows)
    assert res["distractors"] >= 15
    assert res["distractors_clean"] == res["distractors"], res["misses"]
    assert res["accuracy"] >= 0.93, res["misses"]


def test_gold_sets_are_large_enough() -> None:
    rows = load_gold("set_a.yaml") + load_gold("set_b.yaml")
    assert len(rows) >= 150
    assert sum(1 for r in rows if not r["gold"]) >= 30
