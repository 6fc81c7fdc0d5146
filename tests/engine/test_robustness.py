"""The robustness analysis of a scenario, checked against brute force and by hand.

The building blocks (closed-form one-way sensitivity, the "what would it take" linear
programme, SMAA-2) are checked against hand cases and published forms in
test_sensitivity.py and test_smaa.py; here the orchestration is checked on real scenarios:

* the stability intervals equal a brute-force sweep of the weights through
  ``score(weights=...)``, the scoring pipeline itself, for MAVT (closed form on the
  values), WSM (closed form on its ratio-normalised figures) and TOPSIS (sweep);
* the weights "what would it take" returns really put the option first when scored, and a
  dominated option is reported as such;
* the method-agreement matrix is symmetric with ones on the diagonal, and its entries are
  Kendall's tau-b of the methods' ranks (scipy.stats.kendalltau, computed independently);
* a rank reversal that the scoring pipeline shows by hand is detected;
* the same seed gives byte-identical JSON.

Scenarios: the mini test scenario (tests/data/valid/mini; its scores are derived by hand in
test_scoring.py) and "mini plus", the same with two more tanks written below.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from scipy.stats import kendalltau

from diversify.engine.methods import evaluate
from diversify.engine.robustness import (
    AGREEMENT_METHODS,
    PARTS,
    RobustnessResult,
    ValueFunctionScaler,
    analyse,
    effective_spec,
    mavt_pipeline,
)
from diversify.engine.scoring import prepare_all, score
from diversify.engine.smaa import smaa_from_spec
from diversify.io.loader import load_scenario
from diversify.model.resolved import ScenarioData
from diversify.model.robustness import RobustnessSpec

# Two more tanks for the mini scenario (rates: USD 1.4, EUR 1.5 CAD). Delta is worse than
# alpha on every criterion (dominated); echo is the cheapest, with ranges on its figures.
EXTRA_TANKS = """
  - id: delta
    system: Delta tank
    supplier: Delta AG
    country: DE
    unit_cost: {value: 20, currency: USD, year: 2024, source: "test"}
    values:
      delivery: 48
      interoperability: none
  - id: echo
    system: Echo tank
    supplier: Echo SA
    country: FR
    unit_cost: {value: ECHO_COST, currency: EUR, year: 2024, low: 7, high: 12, source: "test"}
    values:
      delivery: {value: ECHO_DELIVERY, low: 0, high: 40, source: "test"}
      interoperability: nato_standard
"""


def _mini_plus(tmp_path: Path, mini_scenario: Path, echo_cost: float, echo_delivery: float) -> Path:
    folder = tmp_path / f"mini-{echo_cost}-{echo_delivery}"
    shutil.copytree(mini_scenario.parent, folder)
    tanks = folder / "suppliers" / "tanks.yaml"
    extra = EXTRA_TANKS.replace("ECHO_COST", str(echo_cost))
    tanks.write_text(tanks.read_text() + extra.replace("ECHO_DELIVERY", str(echo_delivery)))
    return folder / "scenario.yaml"


@pytest.fixture
def mini(mini_scenario: Path) -> ScenarioData:
    return load_scenario(mini_scenario)


@pytest.fixture
def plus(tmp_path: Path, mini_scenario: Path) -> ScenarioData:
    """Four tanks after screening: bravo leads alpha narrowly, echo third, delta dominated."""
    return load_scenario(_mini_plus(tmp_path, mini_scenario, 9, 30))


_PREPARED: dict[int, Any] = {}


def _leader(data: ScenarioData, cap: str, weights: dict[str, float], method: str) -> str:
    """The leader when `score` runs with these weights (points): the brute-force oracle."""
    preps = _PREPARED.setdefault(id(data), (data, prepare_all(data)))[1]
    res = score(data, weights=weights, method=method, capabilities=[cap], prepared=preps)
    return res.capability(cap).ranking[0].option


def _points(current: dict[str, float], crit: str, t: float) -> dict[str, float]:
    """Weights (points) with `crit` at share t and the others keeping their ratios."""
    others = {c: w for c, w in current.items() if c != crit}
    total = sum(others.values())
    out = {c: 100 * (1 - t) * w / total for c, w in others.items()}
    out[crit] = 100 * t
    return out


# --- stability equals brute force -------------------------------------------------------


@pytest.mark.parametrize("which", ["mini", "plus"])
def test_mavt_stability_intervals_equal_a_brute_force_sweep(
    which: str, mini: ScenarioData, plus: ScenarioData
) -> None:
    """Sweep each weight over 101 points through `score(weights=...)`: the run of points
    around the current weight with the same leader spans [lo, hi] to within a grid step, and
    just outside the interval the reported option leads."""
    data = mini if which == "mini" else plus
    rob = analyse(data, parts=("stability",))
    grid = np.linspace(0.0, 1.0, 101)
    step = grid[1]
    checked = 0
    for cap in rob.capabilities:
        assert cap.stability is not None
        current = dict(cap.weights)
        for s in cap.stability:
            assert s.exact and s.leader == cap.leader
            leaders = [
                _leader(data, cap.id, _points(current, s.criterion, t), "mavt") for t in grid
            ]
            k0 = int(np.argmin(np.abs(grid - s.weight)))
            lo_k = k0
            while lo_k > 0 and leaders[lo_k - 1] == s.leader:
                lo_k -= 1
            hi_k = k0
            while hi_k < len(grid) - 1 and leaders[hi_k + 1] == s.leader:
                hi_k += 1
            assert abs(grid[lo_k] - s.lo) <= step + 1e-12, (cap.id, s.criterion)
            assert abs(grid[hi_k] - s.hi) <= step + 1e-12, (cap.id, s.criterion)
            # Exactly at the end points (just inside and just outside).
            if s.leader_below is not None:
                assert (
                    _leader(data, cap.id, _points(current, s.criterion, s.lo - 1e-7), "mavt")
                    == s.leader_below
                )
                assert (
                    _leader(data, cap.id, _points(current, s.criterion, s.lo + 1e-7), "mavt")
                    == s.leader
                )
            else:
                assert s.lo == 0.0
            if s.leader_above is not None:
                assert (
                    _leader(data, cap.id, _points(current, s.criterion, s.hi + 1e-7), "mavt")
                    == s.leader_above
                )
                assert (
                    _leader(data, cap.id, _points(current, s.criterion, s.hi - 1e-7), "mavt")
                    == s.leader
                )
            else:
                assert s.hi == 1.0
            checked += 1
    assert checked == 7  # tanks: 3 criteria, submarines: 4


def test_tanks_stability_by_hand(plus: ScenarioData) -> None:
    """Mini plus tanks (balanced 40/30/30), values on the local cost scale 13.5..28 CAD:

    alpha (14 CAD, 12 months, nato_standard): cost 14/14.5, delivery 0.8, interop 0.5
    bravo (15 CAD, 36 months, widely):        cost 13/14.5, delivery 0.4, interop 1.0
    bravo - alpha = 0.4 (-1/14.5) + 0.3 (-0.4) + 0.3 (0.5) = 0.00241...: bravo leads.
    Interoperability weight t (cost and delivery keep 4:3): bravo - alpha =
    (1 - t)(4/7 (-1/14.5) + 3/7 (-0.4)) + 0.5 t = 0 at t = 0.2966042966.
    """
    cap = analyse(plus, parts=("stability",)).capability("tanks")
    assert cap.leader == "bravo"
    interop = next(s for s in cap.stability or () if s.criterion == "interoperability")
    a = 4 / 7 * (-1 / 14.5) + 3 / 7 * (-0.4)
    expected = -a / (0.5 - a)
    assert np.isclose(interop.lo, expected, atol=1e-11)
    assert (interop.leader_below, interop.leader_above, interop.hi) == ("alpha", None, 1.0)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_other_methods_stability_end_points_hold_when_scored(
    method: str, plus: ScenarioData
) -> None:
    """WSM (closed form on its normalised figures) and TOPSIS (sweep): just inside each end
    point the leader holds, just outside (beyond the sweep tolerance) the reported option
    leads, scoring with `score(method=...)`."""
    rob = analyse(plus, method=method, parts=("stability",), tol=1e-6)
    margin = 1e-7 if method == "wsm" else 2e-6
    checked = 0
    for cap in rob.capabilities:
        current = dict(cap.weights)
        for s in cap.stability or ():
            assert s.exact == (method == "wsm")
            assert (
                _leader(plus, cap.id, _points(current, s.criterion, s.weight), method) == s.leader
            )
            if s.leader_below is not None:
                got = _leader(plus, cap.id, _points(current, s.criterion, s.lo - margin), method)
                assert got == s.leader_below
                got = _leader(plus, cap.id, _points(current, s.criterion, s.lo + margin), method)
                assert got == s.leader
                checked += 1
            if s.leader_above is not None:
                got = _leader(plus, cap.id, _points(current, s.criterion, s.hi + margin), method)
                assert got == s.leader_above
                got = _leader(plus, cap.id, _points(current, s.criterion, s.hi - margin), method)
                assert got == s.leader
                checked += 1
    assert checked >= 2
    if method == "topsis":
        assert any("sweep" in n for c in rob.capabilities for n in c.notes)


def test_leader_only_sweep_finds_the_same_interval(plus: ScenarioData) -> None:
    """Refining only the changes of leader (the cheap sweep `diversify score` uses) gives
    the leader's interval of the full sweep, to the tolerance."""
    full = analyse(plus, method="vikor", parts=("stability",), tol=1e-5)
    cheap = analyse(plus, method="vikor", parts=("stability",), tol=1e-5, leader_only=True)
    for a, b in zip(full.capabilities, cheap.capabilities, strict=True):
        for x, y in zip(a.stability or (), b.stability or (), strict=True):
            assert (x.leader, x.leader_below, x.leader_above) == (
                y.leader,
                y.leader_below,
                y.leader_above,
            )
            assert abs(x.lo - y.lo) <= 2e-5 and abs(x.hi - y.hi) <= 2e-5
            assert all(sp.leader_change for sp in y.switch_points)


# --- what would it take ------------------------------------------------------------------


def test_dominated_option_is_reported(plus: ScenarioData) -> None:
    """Delta is worse than alpha on cost (28 vs 14 CAD), delivery (48 vs 12) and
    interoperability (none vs nato_standard): no weighting can put it first."""
    cap = analyse(plus, parts=("what_it_takes",)).capability("tanks")
    assert cap.what_it_takes is not None
    by_option = {w.option: w for w in cap.what_it_takes}
    assert set(by_option) == {"alpha", "echo", "delta"}  # every option but the leader
    delta = by_option["delta"]
    assert not delta.achievable and delta.weights is None and delta.distance is None
    assert "alpha" in delta.dominated_by
    assert delta.reason is not None and delta.reason.startswith("dominated")
    assert "Delta tank" in delta.reason


def test_what_it_takes_weights_put_the_option_first_when_scored(plus: ScenarioData) -> None:
    cap = analyse(plus, parts=("what_it_takes",)).capability("tanks")
    achievable = [w for w in cap.what_it_takes or () if w.achievable]
    assert {w.option for w in achievable} == {"alpha", "echo"}
    for w in achievable:
        assert w.weights is not None and w.changes is not None and w.distance is not None
        points = {c: 100 * x for c, x in w.weights.items()}
        assert _leader(plus, "tanks", points, "mavt") == w.option
        assert np.isclose(sum(w.changes.values()), 0.0, atol=1e-9)
        assert np.isclose(sum(abs(x) for x in w.changes.values()), w.distance, atol=1e-9)
        assert w.moved == pytest.approx(w.distance / 2)
    # alpha trails bravo by 0.0024: a small move suffices; echo needs much more.
    alpha = next(w for w in achievable if w.option == "alpha")
    assert alpha.distance is not None and alpha.distance < 0.02


def test_what_it_takes_only_for_additive_methods(plus: ScenarioData) -> None:
    cap = analyse(plus, method="vikor", parts=("what_it_takes",)).capability("tanks")
    assert cap.what_it_takes is None
    assert any("additive methods" in n for n in cap.notes)


# --- SMAA ---------------------------------------------------------------------------------


def test_leader_acceptability_is_the_smaa_run_of_the_spec(plus: ScenarioData) -> None:
    """The figures equal a direct SMAA-2 run on the prepared values with the scenario's
    `robustness: {samples: 2000, seed: 3}` (defaults otherwise: margin 0.2, uniform)."""
    rob = analyse(plus, parts=("smaa",))
    prep = next(p for p in prepare_all(plus) if p.capability.id == "tanks")
    cap = rob.capability("tanks")
    w = np.array([cap.weights[c] for c in prep.criterion_ids])
    direct = smaa_from_spec(
        prep.values, w, plus.robustness, prep.criterion_ids,
        values_low=prep.values_low, values_high=prep.values_high,
    )  # fmt: skip
    leader = prep.option_ids.index("bravo")
    acc = cap.leader_acceptability()
    assert acc is not None
    assert acc["option"] == "bravo" and acc["samples"] == 2000 and acc["seed"] == 3
    assert acc["acceptability"] == pytest.approx(direct.rank_acceptability[leader, 0], abs=1e-11)
    assert acc["se"] == pytest.approx(direct.rank_acceptability_se[leader, 0], abs=1e-11)
    assert (acc["weights"], acc["margin"], acc["values"]) == ("margin", 0.2, "uniform")
    assert cap.smaa is not None
    firsts = [o.first for o in cap.smaa.options]
    assert sum(firsts) == pytest.approx(1.0)
    assert cap.smaa.option("delta").first == 0.0  # dominated: never first


def test_overrides_of_samples_seed_and_margin(plus: ScenarioData) -> None:
    rob = analyse(plus, parts=("smaa",), samples=500, seed=11, margin=0.05)
    assert rob.settings["samples"] == 500 and rob.settings["seed"] == 11
    assert rob.settings["weights"] == "margin" and rob.settings["margin"] == 0.05
    acc = rob.capability("tanks").leader_acceptability()
    assert acc is not None and acc["samples"] == 500 and acc["seed"] == 11


def test_effective_spec_validates_and_switches_to_margin() -> None:
    ordered = RobustnessSpec(weights="ordered", order=["cost", "delivery"])
    spec = effective_spec(ordered, margin=0.3)
    assert (spec.weights, spec.margin, spec.order) == ("margin", 0.3, None)
    assert effective_spec(None) == RobustnessSpec()
    for kwargs in ({"samples": 0}, {"samples": -3}, {"margin": 1.5}, {"margin": -0.1},
                   {"seed": -1}, {"margin": float("nan")}):  # fmt: skip
        with pytest.raises(ValueError):
            effective_spec(None, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="between 0 and 1"):
        effective_spec(None, margin=2.0)
    with pytest.raises(ValueError, match="above zero"):
        effective_spec(None, samples=0)


def test_effective_spec_sets_the_sampling_models() -> None:
    ordered = RobustnessSpec(weights="ordered", order=["cost", "delivery"])
    simplex = effective_spec(ordered, weights="simplex", values="fixed")
    assert (simplex.weights, simplex.values, simplex.order) == ("simplex", "fixed", None)
    kept = effective_spec(ordered, values="triangular")
    assert (kept.weights, kept.order, kept.values) == (
        "ordered",
        ["cost", "delivery"],
        "triangular",
    )
    reordered = effective_spec(None, weights="ordered", order=["delivery"])
    assert (reordered.weights, reordered.order) == ("ordered", ["delivery"])
    with pytest.raises(ValueError, match="needs `order`"):
        effective_spec(None, weights="ordered")
    with pytest.raises(ValueError):
        effective_spec(None, values="normal")


# --- method agreement ---------------------------------------------------------------------


def test_method_agreement_matrix_is_symmetric_with_ones_on_the_diagonal(
    plus: ScenarioData,
) -> None:
    rob = analyse(plus, parts=("agreement",))
    for cap in rob.capabilities:
        ag = cap.agreement
        assert ag is not None
        assert set(ag.methods) | set(ag.skipped) == set(AGREEMENT_METHODS)
        tau = np.array([[np.nan if x is None else x for x in row] for row in ag.kendall_tau])
        assert tau.shape == (len(ag.methods), len(ag.methods))
        assert np.allclose(np.diag(tau), 1.0)
        assert np.allclose(tau, tau.T, equal_nan=True)
        finite = tau[np.isfinite(tau)]
        assert np.all((finite >= -1 - 1e-12) & (finite <= 1 + 1e-12))


def test_kendall_tau_is_tau_b_of_the_methods_ranks(plus: ScenarioData) -> None:
    """Each entry equals scipy.stats.kendalltau (tau-b, ties counted) of the two rankings,
    and each method's ranks equal `evaluate` on the prepared data."""
    cap = analyse(plus, parts=("agreement",)).capability("tanks")
    ag = cap.agreement
    assert ag is not None and len(ag.methods) >= 5
    prep = next(p for p in prepare_all(plus) if p.capability.id == "tanks")
    w = np.array([cap.weights[c] for c in prep.criterion_ids])
    ids = list(prep.option_ids)
    for i, a in enumerate(ag.methods):
        out = evaluate(a, raw=prep.raw, objectives=prep.objectives, weights=w,
                       values=prep.values, alternatives=ids, criteria=prep.criterion_ids)  # fmt: skip
        assert [ag.ranks[a][o] for o in ids] == [int(r) for r in out.ranks]
        for j, b in enumerate(ag.methods):
            ra = [ag.ranks[a][o] for o in ids]
            rb = [ag.ranks[b][o] for o in ids]
            expected = kendalltau(ra, rb).statistic
            got = ag.kendall_tau[i][j]
            if np.isnan(expected):
                assert got is None or i == j
            else:
                assert got == pytest.approx(expected, abs=1e-11)
    assert ag.agreeing("bravo") == tuple(m for m in ag.methods if "bravo" in ag.leaders[m])


def test_a_method_that_cannot_rank_is_skipped_with_its_reason(
    tmp_path: Path, mini_scenario: Path
) -> None:
    """An interoperability figure at the lowest level is coded 1, but a delivery of 0
    months is a zero figure, which WPM (a product of figures) cannot take."""
    path = _mini_plus(tmp_path, mini_scenario, 9, 0)
    cap = analyse(load_scenario(path), parts=("agreement",)).capability("tanks")
    assert cap.agreement is not None
    assert "wpm" in cap.agreement.skipped and "wpm" not in cap.agreement.methods
    assert "above zero" in cap.agreement.skipped["wpm"]


# --- rank reversal --------------------------------------------------------------------------


def test_value_function_pipeline_reproduces_the_mavt_scores() -> None:
    """raw figures -> ValueFunctionScaler -> WeightedSumModel gives the scoring pipeline's
    values and ranking on every bundled capability (levels, local and fixed scales)."""
    import skcriteria

    data = load_scenario(None)
    result = score(data)
    for prep in prepare_all(data):
        cap = result.capability(prep.capability.id)
        w = np.array([cap.weights[c] for c in prep.criterion_ids])
        dm = skcriteria.mkdm(matrix=prep.raw, objectives=prep.objectives, weights=w,
                             alternatives=list(prep.option_ids), criteria=list(prep.criterion_ids))  # fmt: skip
        values = ValueFunctionScaler(prep.criteria).transform(dm).matrix.to_numpy(dtype=float)
        assert np.allclose(values, prep.values, atol=1e-12)
        rank = mavt_pipeline(prep.criteria).evaluate(dm)
        assert dict(zip(rank.alternatives, rank.rank_, strict=True)) == {
            o.option: o.rank for o in cap.ranking
        }


def test_rank_reversal_by_a_local_scale_is_detected(tmp_path: Path, mini_scenario: Path) -> None:
    """Echo at 8 EUR (12 CAD) and 18 months leads; worsening delta, the most expensive, can
    hand first place to bravo. By hand, with delta's cost 28 + x CAD on the local cost scale
    (best 12 CAD): echo - bravo = 0.4 x 3 / (16 + x) - 0.06, below zero once x > 4. So the
    check must fail, and scoring with delta at 24 USD (33.6 CAD, x = 5.6) must agree."""
    path = _mini_plus(tmp_path, mini_scenario, 8, 18)
    data = load_scenario(path)
    cap = analyse(data, parts=("rank_reversal",)).capability("tanks")
    rr = cap.rank_reversal
    assert cap.leader == "echo"
    assert rr is not None and rr.status == "fail" and rr.passed is False
    assert rr.mutations == 3 * 10  # three options below the leader, ten mutations each
    assert rr.preserved is not None and rr.preserved < 1.0
    assert [(c.worsened, c.new_leader) for c in rr.lead_changes] == [("delta", "bravo")]
    assert rr.lead_changes[0].count == round((1 - rr.preserved) * rr.mutations)

    tanks = path.parent / "suppliers" / "tanks.yaml"
    tanks.write_text(
        tanks.read_text().replace("{value: 20, currency: USD", "{value: 24, currency: USD")
    )
    worse = score(load_scenario(path)).capability("tanks")
    assert worse.ranking[0].option == "bravo"


def test_rank_reversal_passes_or_is_skipped_with_a_reason(plus: ScenarioData) -> None:
    rob = analyse(plus, parts=("rank_reversal",), rank_reversal_repeat=4)
    tanks = rob.capability("tanks").rank_reversal
    assert tanks is not None and tanks.status == "pass" and tanks.passed is True
    assert (tanks.mutations, tanks.preserved, tanks.displacement) == (12, 1.0, 0.0)
    subs = rob.capability("submarines").rank_reversal
    assert subs is not None and subs.status == "skipped" and subs.passed is None
    assert subs.reason is not None and "at least three options" in subs.reason


# --- reproducibility and plain data ---------------------------------------------------------


def _plain(value: Any, where: str = "") -> None:
    """Only JSON types (and tuples/mappings that serialise as such) anywhere."""
    if isinstance(value, dict):
        for k, v in value.items():
            assert isinstance(k, str), where
            _plain(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _plain(v, f"{where}[{i}]")
    else:
        assert value is None or type(value) in (str, int, float, bool), (where, type(value))
        if type(value) is float:
            assert np.isfinite(value) and float(f"{value:.12g}") == value, (where, value)


def test_same_seed_gives_byte_identical_json(plus: ScenarioData) -> None:
    a = json.dumps(analyse(plus).to_dict(), allow_nan=False)
    b = json.dumps(analyse(plus).to_dict(), allow_nan=False)
    assert a == b
    other = json.dumps(analyse(plus, seed=4).to_dict(), allow_nan=False)
    assert other != a
    data = json.loads(a)
    _plain(data)
    assert list(data) == ["schema", "version", "scenario", "method", "weights",
                          "weights_origin", "settings", "inputs", "capabilities"]  # fmt: skip
    assert data["schema"] == "diversify.robustness/1"
    cap = data["capabilities"][0]
    assert list(cap) == ["id", "name", "method", "leader", "options", "criteria", "weights",
                         "stability", "leader_acceptability", "what_it_takes", "smaa",
                         "agreement", "rank_reversal", "notes"]  # fmt: skip


def test_per_capability_summary_keys(plus: ScenarioData) -> None:
    rob = analyse(plus, parts=("stability", "smaa"))
    summary = rob.per_capability()
    assert list(summary) == [c.id for c in rob.capabilities]
    tanks = summary["tanks"]
    assert list(tanks) == ["stability", "leader_acceptability"]
    assert list(tanks["stability"]) == ["cost", "delivery", "interoperability"]
    assert list(tanks["stability"]["cost"]) == [
        "weight", "lo", "hi", "leader_below", "leader_above", "exact",
    ]  # fmt: skip
    assert tanks["leader_acceptability"]["option"] == "bravo"


def test_results_are_frozen(plus: ScenarioData) -> None:
    rob = analyse(plus, parts=("stability",))
    assert isinstance(rob, RobustnessResult)
    with pytest.raises(AttributeError):
        rob.method = "wsm"  # type: ignore[misc]


# --- edge cases and bad input ---------------------------------------------------------------


def test_every_option_screened_out(tmp_path: Path, mini_copy: Path) -> None:
    text = mini_copy.read_text().replace("delivery: {max: 60}", "delivery: {max: 1}")
    mini_copy.write_text(text)
    rob = analyse(load_scenario(mini_copy))
    for cap in rob.capabilities:
        assert cap.leader is None and cap.stability is None and cap.smaa is None
        assert cap.leader_acceptability() is None
        assert "screened out" in cap.notes[0]
    json.dumps(rob.to_dict(), allow_nan=False)


def test_one_option_left(tmp_path: Path, mini_copy: Path) -> None:
    """Delivery at most 20 months leaves alpha (12) alone among the tanks."""
    mini_copy.write_text(
        mini_copy.read_text().replace("delivery: {max: 60}", "delivery: {max: 20}")
    )
    cap = analyse(load_scenario(mini_copy)).capability("tanks")
    assert cap.leader == "alpha"
    assert cap.agreement is None and cap.what_it_takes == ()
    assert cap.rank_reversal is not None and cap.rank_reversal.status == "skipped"
    assert all(s.lo == 0.0 and s.hi == 1.0 for s in cap.stability or ())
    acc = cap.leader_acceptability()
    assert acc is not None and acc["acceptability"] == 1.0
    assert any("only one option" in n for n in cap.notes)


def test_bad_arguments(mini: ScenarioData) -> None:
    with pytest.raises(ValueError, match="unknown analyses"):
        analyse(mini, parts=("stability", "magic"))
    with pytest.raises(ValueError, match="unknown ranking method"):
        analyse(mini, method="ahp")
    with pytest.raises(ValueError, match="repeat count"):
        analyse(mini, rank_reversal_repeat=0)
    with pytest.raises(ValueError, match="above zero"):
        analyse(mini, samples=0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        analyse(mini, margin=1.2)
    assert set(PARTS) == {"stability", "what_it_takes", "smaa", "agreement", "rank_reversal"}


def test_capability_filter_and_weights_override(plus: ScenarioData) -> None:
    """All weight on interoperability: bravo (widely in service) leads the tanks alone."""
    rob = analyse(plus, weights={"interoperability": 100}, capabilities=["tanks"],
                  parts=("stability",))  # fmt: skip
    assert [c.id for c in rob.capabilities] == ["tanks"]
    cap = rob.capabilities[0]
    assert cap.leader == "bravo"
    assert dict(cap.weights) == {"cost": 0.0, "delivery": 0.0, "interoperability": 1.0}
