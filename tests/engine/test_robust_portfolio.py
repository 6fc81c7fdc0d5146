"""Robust portfolio (issue 13): the fast per-sample choice against brute force, and the
summary on a real scenario.

The method is Robust Portfolio Modelling's core index (Liesiö, Mild & Salo, EJOR 181(3),
2007, 1488-1505) estimated by sampling as SMAA does (Lahdelma & Salminen, Operations
Research 49(3), 2001, 444-454); no published example exists for a programme of
capabilities with bloc caps, so the checks are against brute-force enumeration per
sample and against the plain portfolio solved sample by sample.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from diversify.engine import robust_portfolio as rp
from diversify.engine.portfolio import (
    best_portfolios,
    brute_force,
    feasible_set,
)
from diversify.engine.programme import plan, problem_of
from diversify.engine.scoring import prepare_all, rerank_mavt
from diversify.io.loader import bundled_scenario, load_scenario
from tests.engine.test_portfolio import instances

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**31 - 1))
def test_each_sample_gets_the_brute_force_portfolio(case, seed: int) -> None:  # type: ignore[no-untyped-def]
    """For random problems and random re-valuations, the enumerated feasible set picks, per
    sample, a portfolio of exactly the value brute force finds (same status too)."""
    p, cons = case
    fs = feasible_set(p, cons)
    assert fs is not None
    rng = np.random.default_rng(seed)
    values = np.round(rng.random((5, p.n_options)) * 20) / 20  # coarse grid, as `instances`
    ref0 = brute_force(p, cons)
    if ref0 is None:
        assert fs.picks.shape[0] == 0
        return
    best = best_portfolios(fs, values)
    for s in range(values.shape[0]):
        sample = replace(p, value=values[s])
        ref = brute_force(sample, cons)
        assert ref is not None
        picks = fs.picks[best[s]]
        got = float((sample.importance[sample.capability_index] * values[s])[picks].sum())
        assert got == pytest.approx(ref.value, abs=1e-9)
        chosen = {p.option_ids[i] for i in picks}
        assert chosen == set(ref.chosen.values())  # the same tie rule: cheaper first


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instances(), st.integers(0, 2**31 - 1))
def test_the_gathering_path_picks_what_the_matrix_product_picks(case, seed: int) -> None:  # type: ignore[no-untyped-def]
    """Beyond the incidence matrix's size limit the totals are gathered a capability at a
    time: the same portfolio per sample, ties included (values on a coarse grid tie often)."""
    from unittest import mock

    from diversify.engine import portfolio as pf

    p, cons = case
    fs = feasible_set(p, cons)
    assert fs is not None
    if fs.picks.shape[0] == 0:
        return
    rng = np.random.default_rng(seed)
    values = np.round(rng.random((7, p.n_options)) * 4) / 4
    by_product = best_portfolios(fs, values)
    with mock.patch.object(pf, "_INCIDENCE_CELLS", 0), mock.patch.object(pf, "_TOTALS_CELLS", 1):
        by_gathering = best_portfolios(fs, values)
    assert by_gathering.tolist() == by_product.tolist()


def test_feasible_set_declines_what_it_cannot_enumerate() -> None:
    from tests.engine.test_portfolio import synthetic

    p = synthetic(12, 6, 0)  # 6**12 portfolios
    assert feasible_set(p, limit=1000) is None


@pytest.fixture(scope="module")
def mini():  # type: ignore[no-untyped-def]
    data = load_scenario(MINI)
    return data, plan(data, value_costs=False)


def test_selection_sums_to_one_and_reruns_are_identical(mini) -> None:  # type: ignore[no-untyped-def]
    data, base = mini
    a = rp.robust(data, base, samples=400, seed=7).to_dict()
    b = rp.robust(data, base, samples=400, seed=7).to_dict()
    assert a == b
    assert a["method"] == "enumeration" and a["status"] == "ok"
    for cap in a["capabilities"]:
        assert sum(cap["selection"].values()) == pytest.approx(1.0)
        assert cap["recommended"] in cap["selection"]
    shares = [p["share"] for p in a["portfolios"]]
    assert shares == sorted(shares, reverse=True) and sum(shares) <= 1 + 1e-12
    assert a["expected_value_lost"] >= 0 and a["worst_value_lost"] >= a["expected_value_lost"]


def test_without_uncertainty_the_recommendation_is_core(mini) -> None:  # type: ignore[no-untyped-def]
    """Margin 0 and fixed figures: every sample is the nominal problem, so the recommended
    portfolio is best in every sample, its options are core and nothing is lost."""
    data, base = mini
    spec = data.robustness.model_copy(update={"margin": 0.0, "values": "fixed"})
    res = rp.robust(replace(data, robustness=spec), base, samples=50, seed=1)
    assert res.recommended_share == 1.0 and res.expected_value_lost == 0.0
    for cap in res.capabilities:
        assert cap.core == (cap.recommended,)


def test_sampled_values_are_the_mavt_scores_under_the_sampled_weights(mini) -> None:  # type: ignore[no-untyped-def]
    """The valuer with fixed figures gives exactly what the ranking engine scores under
    the same weights (the shared points drawn; each capability's own points kept)."""
    data, base = mini
    spec = data.robustness.model_copy(update={"values": "fixed"})
    problem = problem_of(base)
    preps = prepare_all(data)
    valuer = rp._Valuer(data, base, problem, spec, preps)
    drawn = np.array([[0.5, 0.3, 0.2], [0.1, 0.1, 0.8]])
    assert drawn.shape[1] == len(valuer.shared)
    valuer.sampler = lambda rng, k: drawn[:k]
    got = valuer.block(np.random.default_rng(0), 2)
    for s in range(2):
        points = dict(zip(valuer.shared, (drawn[s] * valuer.total).tolist(), strict=True))
        caps = {c.id: c for c in rerank_mavt(preps, points)}
        for i, ref in enumerate(problem.option_ids):
            cap, opt = ref.split(".", 1)
            want = next(o.score for o in caps[cap].ranking if o.option == opt)
            assert got[s, i] == pytest.approx(want, abs=1e-12)


def test_the_milp_path_agrees_with_enumeration(mini, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    data, base = mini
    fast = rp.robust(data, base, samples=60, seed=2).to_dict()
    monkeypatch.setattr(rp, "ENUMERATION_LIMIT", 0)
    slow = rp.robust(data, base, samples=60, seed=2, workers=1).to_dict()
    assert slow["method"] == "milp" and fast["method"] == "enumeration"
    for key in ("capabilities", "portfolios", "expected_value_lost", "recommended_share"):
        assert slow[key] == fast[key], key
    pooled = rp.robust(data, base, samples=60, seed=2, workers=2).to_dict()  # a process pool
    assert pooled["capabilities"] == fast["capabilities"]


def test_bundled_scenario_selection_frequencies() -> None:
    data = load_scenario(bundled_scenario())
    base = plan(data, value_costs=False)
    res = rp.robust(data, base, samples=300, seed=1)
    assert {c.id for c in res.capabilities} == {c.id for c in base.capabilities}
    assert res.feasible_portfolios is not None and res.feasible_portfolios > 0
    assert 0 < res.recommended_share <= 1  # type: ignore[operator]


def test_an_infeasible_plan_is_reported_not_sampled(mini) -> None:  # type: ignore[no-untyped-def]
    data, _ = mini
    base = plan(data, budget=0.0001, value_costs=False)
    if base.portfolio.status != "infeasible":
        pytest.skip("the mini scenario is feasible at this budget")
    res = rp.robust(data, base, samples=10, seed=0)
    assert res.status == "infeasible" and res.capabilities == ()
