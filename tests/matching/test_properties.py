"""Property tests (issue 4 §6) on random sites and needs, against a brute-force matcher."""

from __future__ import annotations

import math
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parkatlas.matching import Matcher, parse_needs
from tests.matching import reference as ref

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(sites: list[dict]) -> Matcher:
    return Matcher.from_columns(ref.columns(sites), parks=ref.PARK_INDUSTRIES)


def case(seed: int, n: int) -> tuple[list[dict], dict, Matcher]:
    rng = random.Random(seed)
    sites = ref.random_sites(rng, n)
    return sites, ref.random_needs(rng), build(sites)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), k=st.integers(1, 30))
def test_every_returned_site_meets_every_hard_constraint(seed: int, n: int, k: int) -> None:
    sites, needs, m = case(seed, n)
    by_id = {s["id"]: s for s in sites}
    parsed = parse_needs(needs)
    for r in m.top(needs, k=k):
        assert ref.failures(by_id[r.site_id], parsed) == []


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80), k=st.integers(1, 30))
def test_top_k_equals_brute_force_ranking(seed: int, n: int, k: int) -> None:
    sites, needs, m = case(seed, n)
    want = ref.ranking(sites, parse_needs(needs))
    got = [(r.site_id, r.score) for r in m.top(needs, k=k)]
    assert ref.same_ranking(got, want[:k]), (got, want[:k])


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 80), k=st.integers(1, 10))
def test_adding_a_site_below_the_kth_keeps_the_top_k(seed: int, n: int, k: int) -> None:
    sites, needs, m = case(seed, n)
    before = [(r.site_id, r.score) for r in m.top(needs, k=k)]
    parsed = parse_needs(needs)
    rng = random.Random(seed + 1)
    for extra in ref.random_sites(rng, 40, prefix="X"):
        s, _ = ref.score(extra, parsed)
        kth = before[-1][1] if len(before) == k else math.inf
        if len(before) == k and s < kth - 1e-9:
            m.upsert_site(extra)
            after = [(r.site_id, r.score) for r in m.top(needs, k=k)]
            assert after == before
            return


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 80))
def test_contributions_add_up_to_the_score(seed: int, n: int) -> None:
    sites, needs, m = case(seed, n)
    by_id = {s["id"]: s for s in sites}
    parsed = parse_needs(needs)
    for r in m.top(needs, k=50):
        assert sum(r.contributions.values()) == r.score
        assert set(r.contributions) == set(r.values)
        want_score, want_contrib = ref.score(by_id[r.site_id], parsed)
        assert math.isclose(r.score, want_score, abs_tol=1e-9)
        for f, c in want_contrib.items():
            assert math.isclose(r.contributions[f], c, abs_tol=1e-9), f
        assert 0 <= r.score <= 100 + 1e-9


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 60))
def test_why_not_names_a_failure_exactly_for_excluded_sites(seed: int, n: int) -> None:
    sites, needs, m = case(seed, n)
    returned = {r.site_id for r in m.top(needs, k=max(n, 1))}
    parsed = parse_needs(needs)
    for s in sites:
        w = m.why_not(needs, s["id"])
        assert w.found
        if s["id"] in returned:
            assert w.failures == []
        else:
            assert w.failures, s["id"]
            assert {f.constraint for f in w.failures} == set(ref.failures(s, parsed))


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 60))
def test_near_misses_fail_exactly_one_constraint(seed: int, n: int) -> None:
    sites, needs, m = case(seed, n)
    by_id = {s["id"]: s for s in sites}
    parsed = parse_needs(needs)
    misses = m.near_misses(needs, k=10)
    for nm in misses:
        assert ref.failures(by_id[nm.site_id], parsed) == [nm.failure.constraint]
    gaps = [nm.failure.gap for nm in misses]
    assert gaps == sorted(gaps)


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 60))
def test_changes_are_seen_without_a_rebuild(seed: int, n: int) -> None:
    sites, needs, m = case(seed, n)
    rng = random.Random(seed + 7)
    changed = ref.random_sites(rng, n, prefix="S")  # same ids, new values
    for i in rng.sample(range(n), min(n, 5)):
        m.upsert_site(changed[i])
        sites[i] = changed[i]
    gone = sites.pop(rng.randrange(len(sites)))
    assert m.delete_site(gone["id"])
    want = ref.ranking(sites, parse_needs(needs))
    got = [(r.site_id, r.score) for r in m.top(needs, k=len(sites) + 1)]
    assert ref.same_ranking(got, want)
    m.index.compact()
    got = [(r.site_id, r.score) for r in m.top(needs, k=len(sites) + 1)]
    assert ref.same_ranking(got, want)
