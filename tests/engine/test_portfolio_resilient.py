"""The resilient portfolio (issue 13): max-min value over supply shocks, against brute force.

No published example covers a max-min portfolio under bloc caps; the reference is
exhaustive enumeration of the feasible portfolios (the same one the plain optimiser is
checked against), with the worst case over the shocks computed by hand per portfolio.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversify.engine.portfolio import feasible_set, solve, solve_resilient
from diversify.engine.stress import resilient
from diversify.io.loader import bundled_scenario, load_scenario
from tests.engine.test_portfolio import instances


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**31 - 1))
def test_max_min_matches_enumeration(case, seed: int) -> None:  # type: ignore[no-untyped-def]
    """The worst-case value is the best any feasible portfolio reaches, and among those the
    nominal value is the best (the second stage)."""
    p, cons = case
    rng = np.random.default_rng(seed)
    hits = rng.random((3, p.n_options)) < 0.3
    fs = feasible_set(p, cons)
    assert fs is not None
    got, worst = solve_resilient(p, cons, hits)
    if fs.picks.shape[0] == 0:
        assert got.status == "infeasible"
        return
    score = p.importance[p.capability_index] * p.value
    kept = score[None, :] * (~hits)
    per = kept[:, fs.picks].sum(axis=2)  # (shocks, portfolios)
    worst_all = per.min(axis=0)
    best_worst = worst_all.max()
    assert got.status == "optimal"
    assert worst == pytest.approx(best_worst, abs=1e-9)
    reaching = worst_all >= best_worst - 1e-9
    nominal = score[fs.picks].sum(axis=1)
    assert got.value == pytest.approx(nominal[reaching].max(), abs=1e-6)


def test_no_shocks_is_the_plain_portfolio() -> None:
    from tests.engine.test_portfolio import korea_europe_us

    p = korea_europe_us()
    got, worst = solve_resilient(p, None, np.zeros((0, p.n_options), dtype=bool))
    assert dict(got.chosen) == dict(solve(p).chosen) and worst == pytest.approx(got.value)


def test_bundled_resilient_portfolio_survives_better_than_the_recommended() -> None:
    data = load_scenario(bundled_scenario())
    res = resilient(data)
    assert res.status == "optimal"
    assert res.shocked_value >= res.recommended_shocked_value - 1e-12  # type: ignore[operator]
    assert res.value <= res.recommended_value + 1e-12  # type: ignore[operator]
    for r in res.replaced:
        assert res.chosen[r.capability] == r.after
    exp = resilient(data, objective="expected")
    assert exp.shocked_value >= exp.recommended_shocked_value - 1e-12  # type: ignore[operator]
