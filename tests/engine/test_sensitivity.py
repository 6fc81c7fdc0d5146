"""One-way weight sensitivity and "what would it take", checked by hand and by brute force.

No published worked example of stability intervals under the "others keep their ratios"
convention could be reproduced from a source available to us, so the closed form is
checked two ways: (1) small cases solved by hand below, with the algebra in each
docstring, and (2) a brute-force sweep of 10,001 weights on random problems, which the
closed form must match to within the grid step.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from diversify.engine.sensitivity import (
    OneWayResult,
    all_one_way,
    one_way,
    one_way_sweep,
    what_would_it_take,
)

# Three options, two criteria. With t = weight of criterion 0 (criterion 1 gets 1 - t):
# A = t, B = 1 - t, C = 0.6. B leads for t < 0.4, C for 0.4 < t < 0.6, A for t > 0.6;
# A passes B at t = 0.5.
ABC = np.array([[1.0, 0.0], [0.0, 1.0], [0.6, 0.6]])
A, B, C = 0, 1, 2


def test_hand_case_switch_points_and_intervals() -> None:
    """A = t, B = 1 - t, C = 0.6 at current weights (0.7, 0.3): A leads (0.7 > 0.6 > 0.3).

    Crossings: B = C at 1 - t = 0.6 -> t = 0.4 (C rises past B into first place);
    A = B at t = 0.5 (A rises from 3rd to 2nd); A = C at t = 0.6 (A takes first from C).
    A stays first for t in [0.6, 1]; the ranking A, C, B holds on [0.6, 1] too.
    """
    r = one_way(ABC, [0.7, 0.3], 0)
    assert r.exact and r.leader == A and r.ranking == (A, C, B)
    assert np.allclose(r.leader_interval, (0.6, 1.0))
    assert np.allclose(r.ranking_interval, (0.6, 1.0))
    assert r.leader_below == C and r.leader_above is None
    got = [(s.weight, s.gains, s.loses, s.ranks_before, s.ranks_after) for s in r.switch_points]
    expected = [
        (0.4, C, B, (2, 1), (1, 2)),
        (0.5, A, B, (3, 2), (2, 3)),
        (0.6, A, C, (2, 1), (1, 2)),
    ]
    assert [g[1:] for g in got] == [e[1:] for e in expected]
    assert np.allclose([g[0] for g in got], [e[0] for e in expected])
    assert [s.leader_change for s in r.switch_points] == [True, False, True]
    assert [(round(s.lo, 12), round(s.hi, 12), s.leader) for s in r.leader_segments] == [
        (0.0, 0.4, B),
        (0.4, 0.6, C),
        (0.6, 1.0, A),
    ]
    assert np.allclose(r.weights_at(0.25), [0.25, 0.75])
    assert r.leader_at(0.5) == C


def test_hand_case_three_criteria_ratios_kept() -> None:
    """Values A = (1, 0, 0.5), B = (0, 1, 0.5); weights (0.2, 0.5, 0.3). Vary criterion 0:
    the others keep ratio 5:3, so w(t) = (t, 5/8 (1-t), 3/8 (1-t)).
    A = t + 3/16 (1-t), B = 5/8 (1-t) + 3/16 (1-t) = 13/16 (1-t).
    A = B  <=>  t + 3/16 - 3/16 t = 13/16 - 13/16 t  <=>  t (1 + 10/16) = 10/16  <=>  t = 10/26.
    B leads now (t = 0.2 < 10/26) and stays first on [0, 10/26]."""
    v = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.5]])
    r = one_way(v, [20, 50, 30], 0)  # points, as in a profile
    assert np.allclose(r.other_ratios, [0.0, 5 / 8, 3 / 8])
    assert r.leader == 1
    assert np.allclose(r.leader_interval, (0.0, 10 / 26))
    assert r.leader_below is None and r.leader_above == 0
    assert len(r.switch_points) == 1 and np.isclose(r.switch_points[0].weight, 10 / 26)


def test_criterion_holding_all_weight_treats_others_as_equal() -> None:
    r = one_way(ABC, [1.0, 0.0], 0)
    assert np.allclose(r.other_ratios, [0.0, 1.0])
    assert r.leader == A and np.allclose(r.leader_interval, (0.6, 1.0))


def test_tie_at_current_weight_interval_is_one_sided() -> None:
    """At t = 0.4 exactly, B and C tie (0.6 each); ties go to the lower index, so B leads.
    B stays first only for t <= 0.4: the interval is [0, 0.4]."""
    r = one_way(ABC, [0.4, 0.6], 0)
    assert r.leader == B
    assert np.allclose(r.leader_interval, (0.0, 0.4))
    assert r.leader_above == C


def _brute(values: np.ndarray, weights: np.ndarray, j: int, k: int = 10_001):
    """Rank at every point of a fine grid, the slow obvious way."""
    w = weights / weights.sum()
    r = w.copy()
    r[j] = 0
    r /= r.sum()
    ts = np.linspace(0, 1, k)
    wts = (1 - ts)[:, None] * r[None, :]
    wts[:, j] += ts
    scores = wts @ values.T
    return ts, np.argsort(-scores, axis=1, kind="stable")


def _grid_interval(ts: np.ndarray, ok: np.ndarray, t0: float) -> tuple[float, float]:
    """The run of grid points around t0 where `ok` holds."""
    i0 = int(np.argmin(np.abs(ts - t0)))
    assert ok[i0]
    lo = i0
    while lo > 0 and ok[lo - 1]:
        lo -= 1
    hi = i0
    while hi < len(ts) - 1 and ok[hi + 1]:
        hi += 1
    return float(ts[lo]), float(ts[hi])


@pytest.mark.parametrize("seed", range(8))
def test_closed_form_equals_brute_force_sweep(seed: int) -> None:
    """Stability intervals and switch points agree with a 10,001-point sweep to one step."""
    rng = np.random.default_rng(seed)
    m, n = 6, 4
    values = rng.random((m, n))
    weights = rng.random(n) + 0.05
    step = 1e-4
    for j in range(n):
        res = one_way(values, weights, j)
        ts, ranks = _brute(values, weights, j)
        t0 = res.current_weight
        i0 = int(np.argmin(np.abs(ts - t0)))
        if abs(ts[i0] - t0) > step / 2 or any(
            abs(s.weight - t0) < 2 * step for s in res.switch_points
        ):
            continue  # current weight too close to a switch for a grid to resolve it
        leader_ok = ranks[:, 0] == res.leader
        lo, hi = _grid_interval(ts, leader_ok, t0)
        assert abs(lo - res.leader_interval[0]) <= step + 1e-12
        assert abs(hi - res.leader_interval[1]) <= step + 1e-12
        same = np.all(ranks == np.array(res.ranking), axis=1)
        lo, hi = _grid_interval(ts, same, t0)
        assert abs(lo - res.ranking_interval[0]) <= step + 1e-12
        assert abs(hi - res.ranking_interval[1]) <= step + 1e-12
        # Every grid cell where the ranking changes holds a switch point, and vice versa.
        changes = ts[1:][np.any(ranks[1:] != ranks[:-1], axis=1)]
        switch_ts = np.unique([s.weight for s in res.switch_points])
        for t in changes:
            assert np.min(np.abs(switch_ts - t)) <= step + 1e-12
        for t in switch_ts:
            assert np.min(np.abs(changes - t)) <= step + 1e-12
        # The leader on each closed-form segment is the brute-force leader inside it.
        for seg in res.leader_segments:
            inside = (ts > seg.lo + step) & (ts < seg.hi - step)
            assert np.all(ranks[inside, 0] == seg.leader)


_TIES = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])  # coarse: lines meet, options tie
_FINE = st.integers(0, 1000).map(lambda k: k / 1000)


_Q = [0.25] * 5
_ULP_TIES = [
    # options 6 and 7 tie at every weight; option 0 ties with them at the current weight
    ([[0.75, 0.25, 0, 0.25, 0.25], *[_Q] * 5, [0.25, 0.25, 0.25, 0.75, 0.25],
      [0.75, 0.25, 0.25, 0.25, 0.25]], [15, 4, 0, 15, 2], 2),
    # options 0 and 6 tie at every weight; option 5 overtakes both
    ([[1, 0.25, 0.25, 0.25, 0.25], *[_Q] * 4, [0.25, 0.25, 0.5, 0.25, 0.25],
      [0.25, 0.25, 0.25, 1, 0.25]], [18, 8, 0, 18, 4], 2),
    # options 0 and 6 tie at the current weight only
    ([[0.75, 0.25, 0, 0.25, 0.25], *[_Q] * 5, [0.25, 0.25, 0.25, 0.75, 0.25]],
     [15, 4, 0, 15, 2], 2),
    # a tie of different terms: 1 x 0.6 against 0.75 x 0.4 + 0.5 x 0.6
    ([[0.5, 0.5, 0, 0.5, 1], [0.5, 0.5, 0.75, 0.5, 0.5]], [0, 0, 10, 0, 15], 0),
    # options 3 and 4 cross one ulp below 1, where the whole weight already is: one point
    ([[0, 0], [0, 0], [0, 0], [0.001, 0], [0.001, 0.013]], [1, 0], 0),
    # options 0, 1 and 5 meet at one point: one switch, 5 third after it
    ([[1, 0, 0, 0, 0], [0.5, 0, 0, 0.25, 0], *[[0] * 5] * 3, [0.25, 0, 0, 0, 0.25]],
     [0, 0, 1, 12, 18], 0),
]  # fmt: skip


def _pinned(cases: list[tuple[list[list[float]], list[float], int]]) -> Any:
    """Hypothesis ``@example`` for each (values, weights, criterion) case."""

    def wrap(test: Any) -> Any:
        for values, weights, j in reversed(cases):
            test = example(case=(np.array(values, float), np.array(weights, float), j))(test)
        return test

    return wrap


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@_pinned(_ULP_TIES)
@given(
    st.integers(1, 12).flatmap(
        lambda m: st.integers(1, 5).flatmap(
            lambda n: st.tuples(
                st.one_of(
                    hnp.arrays(float, (m, n), elements=_TIES),
                    hnp.arrays(float, (m, n), elements=_FINE),
                ),
                hnp.arrays(float, n, elements=st.integers(0, 20).map(float)).filter(
                    lambda w: w.sum() > 0
                ),
                st.integers(0, n - 1),
            )
        )
    )
)
def test_leader_only_equals_the_full_picture(case: tuple[np.ndarray, np.ndarray, int]) -> None:
    """The near-linear leader walk (what ``diversify score`` runs) tells the leader's story
    exactly as the full closed form (every pairwise crossing, every segment's ranking) does:
    the same intervals to the bit, the same leaders below and above, the same leader
    segments and the same changes of leader, on random tables with and without ties.

    The pinned examples are exact ties that a plain floating sum turned into one-ulp
    differences (the same figures on equally weighted criteria, in other columns), so the
    two paths broke them differently (or different terms, 1 x 0.6 against 0.75 x 0.4 +
    0.5 x 0.6), a crossing one ulp from the end of the scale, and three lines meeting at
    one point; rows are summed with correct rounding and ranked to 12 decimals."""
    values, weights, j = case
    full = one_way(values, weights, j)
    fast = one_way(values, weights, j, leader_only=True)
    assert fast.exact and fast.segments == ()
    assert (fast.leader, fast.ranking) == (full.leader, full.ranking)
    assert fast.leader_interval == full.leader_interval
    assert fast.ranking_interval == full.ranking_interval
    assert (fast.leader_below, fast.leader_above) == (full.leader_below, full.leader_above)
    assert [s.leader for s in fast.leader_segments] == [s.leader for s in full.leader_segments]
    assert np.allclose(
        [(s.lo, s.hi) for s in fast.leader_segments],
        [(s.lo, s.hi) for s in full.leader_segments],
        rtol=0,
        atol=1e-12,
    )
    changes = [s for s in full.switch_points if s.leader_change]
    assert [(s.gains, s.loses, s.ranks_before, s.ranks_after) for s in fast.switch_points] == [
        (s.gains, s.loses, s.ranks_before, s.ranks_after) for s in changes
    ]
    assert np.allclose(
        [s.weight for s in fast.switch_points], [s.weight for s in changes], rtol=0, atol=1e-12
    )


def test_leader_only_on_the_hand_case() -> None:
    """ABC above: B leads on [0, 0.4], C on [0.4, 0.6], A on [0.6, 1]; A leads now."""
    r = one_way(ABC, [0.7, 0.3], 0, leader_only=True)
    assert r.leader == A and np.allclose(r.leader_interval, (0.6, 1.0))
    assert r.leader_below == C and r.leader_above is None
    assert [(round(s.lo, 12), round(s.hi, 12), s.leader) for s in r.leader_segments] == [
        (0.0, 0.4, B),
        (0.4, 0.6, C),
        (0.6, 1.0, A),
    ]
    assert [(s.gains, s.loses, s.ranks_before, s.ranks_after) for s in r.switch_points] == [
        (C, B, (2, 1), (1, 2)),
        (A, C, (2, 1), (1, 2)),
    ]


def test_leader_only_three_lines_through_one_point() -> None:
    """X = t, Y = 0.5, Z = 1 - t all meet at t = 0.5. X leads above; just below, Z (the
    flattest line as t falls, slope -1) leads, never Y (slope 0), which only ties there."""
    v = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]])
    for leader_only in (False, True):
        r = one_way(v, [0.8, 0.2], 0, leader_only=leader_only)
        assert r.leader == 0 and np.allclose(r.leader_interval, (0.5, 1.0))
        assert r.leader_below == 2
        assert [(s.lo, s.hi, s.leader) for s in r.leader_segments] == [(0.0, 0.5, 2), (0.5, 1.0, 0)]
    # from below: Z leads, and just above 0.5 the steepest line (X) takes over
    r = one_way(v, [0.2, 0.8], 0, leader_only=True)
    assert r.leader == 2 and r.leader_above == 0


def test_all_one_way_covers_every_criterion() -> None:
    res = all_one_way(ABC, [0.7, 0.3])
    assert [r.criterion for r in res] == [0, 1]
    # criterion 1's weight is 1 - t: A leads while it is at most 0.4
    assert np.allclose(res[1].leader_interval, (0.0, 0.4))


def _same(a: OneWayResult, b: OneWayResult, tol: float) -> None:
    assert a.leader == b.leader and a.ranking == b.ranking
    assert np.allclose(a.leader_interval, b.leader_interval, atol=tol)
    assert np.allclose(a.ranking_interval, b.ranking_interval, atol=tol)
    assert len(a.switch_points) == len(b.switch_points)
    for s, t in zip(a.switch_points, b.switch_points, strict=True):
        assert abs(s.weight - t.weight) <= tol
        assert (s.gains, s.loses, s.ranks_before, s.ranks_after) == (
            t.gains,
            t.loses,
            t.ranks_before,
            t.ranks_after,
        )


@pytest.mark.parametrize("seed", range(4))
def test_sweep_agrees_with_closed_form_on_additive_scores(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    values = rng.random((5, 3))
    weights = rng.random(3) + 0.1
    for j in range(3):
        exact = one_way(values, weights, j)
        swept = one_way_sweep(lambda w: values @ w, weights, j, grid=401, tol=1e-7)
        assert not swept.exact
        _same(exact, swept, tol=1e-7)
        assert swept.leader_below == exact.leader_below
        assert swept.leader_above == exact.leader_above


def test_sweep_on_a_non_additive_method() -> None:
    """Weighted product (WPM) scores prod v_ij^w_j are not linear in t; the sweep's
    switch points must be where a 10,001-point brute force sees the ranking change."""
    values = np.array([[0.9, 0.2, 0.5], [0.4, 0.8, 0.6], [0.6, 0.5, 0.55]])
    weights = np.array([0.3, 0.3, 0.4])

    def wpm(w: np.ndarray) -> np.ndarray:
        return np.exp(np.log(values) @ w)

    res = one_way_sweep(wpm, weights, 0, grid=101, tol=1e-9)
    ts = np.linspace(0, 1, 10_001)
    r = np.array([0.0, 0.3, 0.4]) / 0.7
    ranks = np.array([np.argsort(-wpm(t * np.eye(3)[0] + (1 - t) * r), kind="stable") for t in ts])
    changes = ts[1:][np.any(ranks[1:] != ranks[:-1], axis=1)]
    switch_ts = np.unique([s.weight for s in res.switch_points])
    assert len(switch_ts) == len(changes) > 0
    assert np.all(np.abs(np.sort(switch_ts) - changes) <= 1e-4)
    # the leader interval ends where the brute force leader changes
    lead_ok = ranks[:, 0] == res.leader
    lo, hi = _grid_interval(ts, lead_ok, 0.3)
    assert abs(lo - res.leader_interval[0]) <= 1e-4 and abs(hi - res.leader_interval[1]) <= 1e-4


def test_sweep_bad_inputs() -> None:
    with pytest.raises(ValueError, match="one finite score per option"):
        one_way_sweep(lambda w: [np.nan, 1.0], [0.5, 0.5], 0)
    with pytest.raises(ValueError, match="at least 2 grid points"):
        one_way_sweep(lambda w: [1.0, 0.0], [0.5, 0.5], 0, grid=1)


def test_one_way_bad_inputs() -> None:
    with pytest.raises(ValueError, match=r"column position 0..1"):
        one_way(ABC, [0.5, 0.5], 2)
    with pytest.raises(ValueError, match="zero or more"):
        one_way(ABC, [1.5, -0.5], 0)
    with pytest.raises(ValueError, match="expected 2 weights"):
        one_way(ABC, [0.5, 0.3, 0.2], 0)
    with pytest.raises(ValueError, match="finite"):
        one_way([[np.nan, 1.0]], [0.5, 0.5], 0)


# --- what would it take -----------------------------------------------------------------


def test_what_would_it_take_hand_cases() -> None:
    """Weights (0.7, 0.3): A = 0.7, C = 0.6, B = 0.3.
    C first needs 0.4 <= t <= 0.6: nearest t = 0.6, distance |0.1| + |0.1| = 0.2.
    B first needs t <= 0.4: distance 0.3 + 0.3 = 0.6. With lead=0 the tie is accepted."""
    c = what_would_it_take(ABC, [0.7, 0.3], C, lead=0.0)
    assert c.achievable and not c.already_first
    assert np.allclose(c.weights, [0.6, 0.4]) and np.isclose(c.distance, 0.2)
    assert np.isclose(c.moved, 0.1)
    b = what_would_it_take(ABC, [0.7, 0.3], B, lead=0.0)
    assert np.allclose(b.weights, [0.4, 0.6]) and np.isclose(b.distance, 0.6)
    a = what_would_it_take(ABC, [0.7, 0.3], A)
    assert a.already_first and a.distance == 0.0 and np.allclose(a.weights, [0.7, 0.3])


def test_default_lead_makes_target_strictly_first() -> None:
    c = what_would_it_take(ABC, [0.7, 0.3], C)
    scores = ABC @ c.weights
    assert int(np.argmax(scores)) == C and scores[C] - np.delete(scores, C).max() >= 1e-6 - 1e-12
    assert abs(c.distance - 0.2) < 1e-5


def test_what_would_it_take_moves_weight_from_the_cheapest_criterion() -> None:
    """A = (1, 0, 0), B = (0, 1, 0), weights (0.5, 0.3, 0.2): A 0.5, B 0.3. B first needs
    w2 >= w1. Taking a from w1 and b from w3 to w2 needs 2a + b >= 0.2 at cost 2(a + b):
    the optimum is a = 0.1, b = 0, i.e. weights (0.4, 0.4, 0.2), distance 0.2."""
    v = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    res = what_would_it_take(v, [0.5, 0.3, 0.2], 1, lead=0.0)
    assert np.allclose(res.weights, [0.4, 0.4, 0.2]) and np.isclose(res.distance, 0.2)


def test_lp_is_optimal_against_random_search() -> None:
    rng = np.random.default_rng(7)
    v = rng.random((5, 4))
    w = np.array([0.4, 0.3, 0.2, 0.1])
    leader = int(np.argmax(v @ w))
    for target in range(5):
        if target == leader:
            continue
        res = what_would_it_take(v, w, target, lead=0.0)
        cand = rng.dirichlet(np.ones(4), 200_000)
        s = cand @ v.T
        wins = np.all(s[:, [target]] >= s, axis=1)
        if not res.achievable:
            assert not wins.any()
            continue
        assert np.all((v @ res.weights)[target] >= v @ res.weights - 1e-9)
        if wins.any():
            assert np.abs(cand[wins] - w).sum(axis=1).min() >= res.distance - 1e-9


def test_dominated_option_is_not_achievable() -> None:
    """D = (0.5, 0.5) is beaten by C = (0.6, 0.6) on both criteria: no weights help."""
    v = np.vstack([ABC, [0.5, 0.5]])
    res = what_would_it_take(v, [0.7, 0.3], 3, names=["A", "B", "C", "D"])
    assert not res.achievable and res.weights is None and res.distance is None
    assert res.dominated_by == (C,)
    assert res.reason.startswith("dominated: no weights make D first")
    assert "C is at least as good on every criterion" in res.reason


def test_option_beaten_by_a_mix_of_others_is_not_achievable() -> None:
    """E = (0.45, 0.45) beats neither A = (1, 0) nor B = (0, 1) on both criteria, but
    max(t, 1 - t) >= 0.5 > 0.45 for every weighting: never first."""
    v = np.array([[1.0, 0.0], [0.0, 1.0], [0.45, 0.45]])
    res = what_would_it_take(v, [0.5, 0.5], 2, names=["A", "B", "E"])
    assert not res.achievable and res.dominated_by == ()
    assert res.reason.startswith("dominated: no weights make E first")
    assert "mix of the others" in res.reason


def test_identical_options_can_only_tie() -> None:
    v = np.array([[0.2, 0.9], [0.7, 0.7], [0.7, 0.7]])
    res = what_would_it_take(v, [0.8, 0.2], 2)
    assert not res.achievable and res.reason.startswith("tied:")
    assert what_would_it_take(v, [0.8, 0.2], 2, lead=0.0).achievable


def test_what_would_it_take_bad_inputs() -> None:
    with pytest.raises(ValueError, match="option position"):
        what_would_it_take(ABC, [0.5, 0.5], 3)
    with pytest.raises(ValueError, match="lead must be zero or more"):
        what_would_it_take(ABC, [0.5, 0.5], 1, lead=-1)
