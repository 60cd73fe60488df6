"""`parkatlas lookup` through the real entry point (no database needed)."""

import json

from tests.helpers import run_cli


def test_region_lookup_by_english_name_gives_code_and_parent() -> None:
    res = run_cli("lookup", "region", "Jiading District", "--json", url="sqlite:///unused.db")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["match"]["code"] == "310114"
    assert [p["code"] for p in data["parents"]] == ["310000"]


def test_ambiguous_region_lists_candidates_and_within_decides() -> None:
    res = run_cli("lookup", "region", "宝山区", "--json", url="sqlite:///unused.db")
    data = json.loads(res.stdout)
    assert data["match"] is None
    assert {c["code"] for c in data["candidates"]} == {"230506", "310113"}
    res = run_cli("lookup", "region", "宝山区", "--within", "31", "--json", url="sqlite:///unused.db")
    assert json.loads(res.stdout)["match"]["code"] == "310113"


def test_industry_lookup_by_name_and_unknown_text() -> None:
    res = run_cli("lookup", "industry", "医药制造业", "--json", url="sqlite:///unused.db")
    data = json.loads(res.stdout)
    assert data["match"]["code"] == "27" and [p["code"] for p in data["parents"]] == ["C"]
    bad = run_cli("lookup", "industry", "星际旅行业", url="sqlite:///unused.db")
    assert bad.returncode == 1 and "no GB/T 4754-2017 industry matches" in bad.stderr
