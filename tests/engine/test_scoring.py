"""The scoring pipeline on the mini scenario, checked against hand calculation.

Tanks (balanced: cost 40, delivery 30, interoperability 30; rates USD 1.4, EUR 1.5 CAD):
alpha costs 10 USD = 14 CAD, bravo 10 EUR = 15 CAD, so on the local cost scale alpha is
worth 1 and bravo 0. Delivery is linear from 60 (worth 0) to 0 months (worth 1): alpha
12 -> 0.8, bravo 36 -> 0.4. Interoperability levels: nato_standard 0.5, widely 1.0.
alpha = 0.4*1 + 0.3*0.8 + 0.3*0.5 = 0.79; bravo = 0 + 0.3*0.4 + 0.3*1 = 0.42.
charlie is screened out (72 months > 60).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from diversify.engine.scoring import (
    capability_weights,
    prepare_all,
    rank_prepared,
    rerank,
    rerank_mavt,
    score,
)
from diversify.io.loader import load_scenario


@pytest.fixture
def data(mini_scenario: Path):  # type: ignore[no-untyped-def]
    return load_scenario(mini_scenario)


def test_tanks_by_hand(data) -> None:  # type: ignore[no-untyped-def]
    tanks = score(data).capability("tanks")
    assert [o.option for o in tanks.ranking] == ["alpha", "bravo"]
    assert np.allclose([o.score for o in tanks.ranking], [0.79, 0.42])
    alpha = tanks.ranking[0]
    assert alpha.values == {"cost": 1.0, "delivery": 0.8, "interoperability": 0.5}
    assert alpha.contributions is not None
    assert np.isclose(sum(alpha.contributions.values()), alpha.score)
    assert alpha.unit_cost == pytest.approx(14.0)
    assert alpha.raw["interoperability"] == "nato_standard"
    assert [s.option for s in tanks.screened_out] == ["charlie"]
    assert "72 months is above the maximum of 60" in tanks.screened_out[0].reason


def test_capability_criteria_weights_beside_shared(data) -> None:  # type: ignore[no-untyped-def]
    """Submarines add `endurance: 25` points beside the profile's 100: 25/125 = 0.2."""
    subs = score(data).capability("submarines")
    assert subs.weights == pytest.approx(
        {"cost": 0.32, "delivery": 0.24, "interoperability": 0.24, "endurance": 0.2}
    )
    # lima = 0.32*1 + 0.24*0 + 0.24*1 + 0.2*(14/21); kilo = 0.24*0.2 + 0.2*1
    assert [o.option for o in subs.ranking] == ["lima", "kilo"]
    assert np.allclose([o.score for o in subs.ranking], [0.32 + 0.24 + 0.2 * 14 / 21, 0.248])


def test_weight_override_changes_ranking(data) -> None:  # type: ignore[no-untyped-def]
    """All weight on interoperability: bravo (widely in service) beats alpha."""
    tanks = score(data, weights={"interoperability": 1}).capability("tanks")
    assert tanks.ranking[0].option == "bravo"
    assert tanks.weights["interoperability"] == 1.0


@pytest.mark.parametrize(
    "method", ["mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2"]
)
def test_every_method_ranks_every_capability(data, method: str) -> None:  # type: ignore[no-untyped-def]
    result = score(data, method=method)
    assert result.method == method
    for cap in result.capabilities:
        assert sorted(o.option for o in cap.ranking) == sorted(
            o.id for o in data.capability(cap.id).options if o.id != "charlie"
        )
        assert min(o.rank for o in cap.ranking) == 1


def test_weights_normalised_and_reported(data) -> None:  # type: ignore[no-untyped-def]
    result = score(data)
    assert sum(result.weights.values()) == pytest.approx(1.0)
    assert result.weights_origin == "profile balanced"
    assert (
        set(result.inputs) == {p for p in result.inputs if p.endswith(".yaml")}
        and len(result.inputs) == 4
    )


def test_prepared_values_and_ranges(data) -> None:  # type: ignore[no-untyped-def]
    prep = {p.capability.id: p for p in prepare_all(data)}["tanks"]
    assert prep.option_ids == ("alpha", "bravo")
    j = prep.criterion_ids.index("delivery")
    # alpha delivery 12 months, range 6..24 -> values 0.6..0.9
    assert prep.values_low[0, j] == pytest.approx(0.6)
    assert prep.values_high[0, j] == pytest.approx(0.9)
    w = capability_weights(prep, {"cost": 1, "delivery": 1, "interoperability": 2})
    assert np.allclose(w, [0.25, 0.25, 0.5])


def test_weights_are_recorded_in_criteria_order_however_given(data) -> None:  # type: ignore[no-untyped-def]
    """The same weights given in another order (a profile lists its own; the TUI the
    criteria's) are the same result, recorded in the criteria's order: the JSON of an
    unchanged TUI export is then `diversify report`'s byte for byte."""
    ids = [c.id for c in data.criteria]
    points = dict(data.weights)
    backwards = dict(reversed(list(points.items())))
    assert list(backwards) != list(points) or len(points) < 2
    a, b = score(data, weights=points), score(data, weights=backwards)
    assert list(a.weights_points) == list(b.weights_points) == [i for i in ids if i in points]
    from diversify.report.bundle import ReportBundle
    from diversify.report.formats import render

    assert render("json", ReportBundle(a)) == render("json", ReportBundle(b))


def test_scores_are_deterministic(data) -> None:  # type: ignore[no-untyped-def]
    assert score(data) == score(data)


def _slow_mavt(preps, points):  # type: ignore[no-untyped-def]
    """The reference: scikit-criteria's WeightedSumModel through rank_prepared."""
    return tuple(rank_prepared(p, capability_weights(p, points), "mavt") for p in preps)


@pytest.mark.parametrize(
    "points",
    [
        {"cost": 40, "delivery": 30, "interoperability": 30},
        {"cost": 10, "delivery": 80, "interoperability": 10},
        {"cost": 0, "delivery": 0, "interoperability": 1},
        {"cost": 33.3, "delivery": 33.3, "interoperability": 33.4},
        {"cost": 3, "delivery": 7.5, "interoperability": 0},
    ],
)
def test_rerank_mavt_equals_rank_prepared(data, points) -> None:  # type: ignore[no-untyped-def]
    """The numpy fast path gives the very same result objects as the scikit-criteria path."""
    preps = prepare_all(data)
    fast = rerank_mavt(preps, points)
    assert fast == _slow_mavt(preps, points)
    assert rerank(preps, points, "mavt") == fast


def test_rerank_mavt_by_hand(data) -> None:  # type: ignore[no-untyped-def]
    """All weight on interoperability: bravo (widely, 1.0) 1.0 beats alpha (0.5) 0.5."""
    tanks = {r.id: r for r in rerank_mavt(prepare_all(data), {"interoperability": 1})}["tanks"]
    assert [(o.option, o.score) for o in tanks.ranking] == [("bravo", 1.0), ("alpha", 0.5)]


def test_rerank_mavt_lone_and_empty_capabilities(data) -> None:  # type: ignore[no-untyped-def]
    """Screening at 30 months leaves tanks one option and submarines none; both paths agree."""
    from dataclasses import replace

    rule = data.screening["delivery"].model_copy(update={"max": 30})
    strict = replace(data, screening={"delivery": rule})
    preps = prepare_all(strict)
    points = {"cost": 40, "delivery": 30, "interoperability": 30}
    fast = {r.id: r for r in rerank_mavt(preps, points)}
    assert fast == {r.id: r for r in _slow_mavt(preps, points)}
    assert [o.option for o in fast["tanks"].ranking] == ["alpha"]
    assert fast["submarines"].ranking == ()
    assert fast["submarines"].warnings == ("every option was screened out",)


def test_rerank_other_methods_go_through_rank_prepared(data) -> None:  # type: ignore[no-untyped-def]
    preps = prepare_all(data)
    points = {"cost": 10, "delivery": 80, "interoperability": 10}
    expected = tuple(rank_prepared(p, capability_weights(p, points), "topsis") for p in preps)
    assert rerank(preps, points, "topsis") == expected


def test_rerank_mavt_equals_rank_prepared_on_bundled_profiles() -> None:
    """Every bundled profile: the live path and the reference agree on real data."""
    bundled = load_scenario(None)
    preps = prepare_all(bundled)
    for points in bundled.profiles.values():
        assert rerank_mavt(preps, points) == _slow_mavt(preps, points)


def _skcriteria_screen(cap, criteria, raw, rules):  # type: ignore[no-untyped-def]
    """Screening as scikit-criteria's filters do it (the reference for the numpy path)."""
    import skcriteria as skc
    from skcriteria.preprocessing import filters

    from diversify.model.criteria import LevelsFunction

    ids = [c.id for c in criteria]
    # A stated decision (`screened_out:`) removes an option before any rule, in both paths.
    keep = np.array([o.screened_out is None for o in cap.options], dtype=bool)
    dm = skc.mkdm(
        matrix=np.nan_to_num(raw),
        objectives=[max if c.objective > 0 else min for c in criteria],
        alternatives=[o.id for o in cap.options],
        criteria=ids,
    )
    for cid, rule in rules.items():
        crit = criteria[ids.index(cid)]
        steps = []
        if rule.min is not None:
            steps.append(filters.FilterGE({cid: rule.min}))
        if rule.max is not None:
            steps.append(filters.FilterLE({cid: rule.max}))
        if rule.exclude and isinstance(crit.value_function, LevelsFunction):
            bad = [crit.value_function.levels[label] for label in rule.exclude]
            steps.append(filters.FilterNotIn({cid: bad}))
        for step in steps:
            kept = set(step.transform(dm).alternatives)
            keep &= np.array([o.id in kept for o in cap.options])
        keep &= ~np.isnan(raw[:, ids.index(cid)])
    return keep


@pytest.mark.parametrize("seed", range(6))
def test_screening_equals_scikit_criteria_filters(seed: int) -> None:
    """Screening is numpy (no scikit-criteria import on the default path); on the bundled
    options under random min/max/exclude rules it keeps exactly what scikit-criteria's
    ``FilterGE``/``FilterLE``/``FilterNotIn`` keep, and something is screened each time."""
    from diversify.engine.scoring import _raw_column, _screen
    from diversify.model.criteria import LevelsFunction
    from diversify.model.scenario import ScreeningRule

    bundled = load_scenario(None)
    rng = np.random.default_rng(seed)
    removed = 0
    for cap in bundled.capabilities:
        criteria = cap.criteria
        raw = np.column_stack([_raw_column(cap.options, c)[0] for c in criteria])
        rules = {}
        for j in rng.choice(len(criteria), size=2, replace=False):
            crit, col = criteria[j], raw[:, j]
            if isinstance(crit.value_function, LevelsFunction):
                labels = list(crit.value_function.levels)
                rules[crit.id] = ScreeningRule(exclude=[labels[int(rng.integers(len(labels)))]])
            else:
                cut = float(np.quantile(col[np.isfinite(col)], rng.uniform(0.2, 0.8)))
                rules[crit.id] = ScreeningRule(**{"max" if rng.random() < 0.5 else "min": cut})
        keep = _screen(cap, criteria, raw, rules)
        assert keep.tolist() == _skcriteria_screen(cap, criteria, raw, rules).tolist()
        removed += int((~keep).sum())
    assert removed > 0


_DECIDED = """
  - id: delta
    system: Delta tank
    supplier: Delta AB
    country: SE
    screened_out:
      reason: Eliminated at the down-select
      source: "Test release, 26 Aug 2025"
      as_of: 2025-08
    values:
      delivery: 12
      interoperability: widely_in_service
"""


def test_stated_decision_screens_out_with_its_reason(mini_copy: Path) -> None:
    """An option the supplier file removes (`screened_out:`) is reported with the decision
    and its source, under no criterion, and it is never ranked although its figures (a
    fast delivery, no cost at all) would pass every rule; the ranking of the others is the
    hand-checked one (alpha 0.79, bravo 0.42)."""
    tanks_file = mini_copy.parent / "suppliers" / "tanks.yaml"
    tanks_file.write_text(tanks_file.read_text() + _DECIDED)
    result = score(load_scenario(mini_copy))
    tanks = result.capability("tanks")
    assert [o.option for o in tanks.ranking] == ["alpha", "bravo"]
    assert np.allclose([o.score for o in tanks.ranking], [0.79, 0.42])
    # Not judged, so not in the evidence coverage: Europe is bravo alone (and the
    # mini scenario's European submarine), not delta.
    europe = sum(o.bloc == "Europe" for c in result.capabilities for o in c.ranking)
    europe += sum(s.bloc == "Europe" and s.option != "delta"
                  for c in result.capabilities for s in c.screened_out)  # fmt: skip
    assert result.evidence["Europe"]["options"] == europe
    out = {s.option: s for s in tanks.screened_out}
    assert set(out) == {"charlie", "delta"}
    assert out["delta"].criterion == ""
    assert out["delta"].reason == (
        "Eliminated at the down-select (Test release, 26 Aug 2025, 2025-08)"
    )


def test_stated_decision_joins_a_failed_rule(mini_copy: Path) -> None:
    """A decided-out option that also fails a rule on a reported figure gives both reasons,
    the decision first."""
    tanks_file = mini_copy.parent / "suppliers" / "tanks.yaml"
    tanks_file.write_text(tanks_file.read_text() + _DECIDED.replace("delivery: 12", "delivery: 72"))
    tanks = score(load_scenario(mini_copy)).capability("tanks")
    delta = next(s for s in tanks.screened_out if s.option == "delta")
    assert delta.reason.startswith("Eliminated at the down-select (")
    assert delta.reason.endswith("; Time to first delivery 72 months is above the maximum of 60")


def test_ranked_option_carries_local_content(mini_copy: Path) -> None:
    """`local_content` (bare or with provenance) reaches the result; None when not given."""
    tanks_file = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks_file.read_text().replace(
        "    country: KR\n",
        "    country: KR\n    local_content: {value: 0.3, low: 0.1, high: 0.5, estimate: true,"
        " basis: test, source: test}\n",
    )
    tanks_file.write_text(text)
    tanks = score(load_scenario(mini_copy)).capability("tanks")
    by_id = {o.option: o for o in tanks.ranking}
    assert by_id["alpha"].local_content == pytest.approx(0.3)
    assert by_id["bravo"].local_content is None


@pytest.mark.parametrize("method", ["entropy", "critic"])
def test_data_driven_weights_report_their_intermediates_per_capability(
    method: str,
) -> None:
    """Entropy and CRITIC weights are computed per capability from its figures; each
    capability's result carries what they were computed from (the entropy E_j and 1 - E_j,
    or CRITIC's sigma_j, conflict and information), equal to the elicitation functions'
    own details on the same table (those are checked against Hwang & Yoon 1981 and
    Diakoulaki et al. 1995 in tests/engine/test_weights.py)."""
    from dataclasses import replace

    from diversify.engine import weights as elicitation
    from diversify.model.elicitation import CriticElicitation, EntropyElicitation

    spec = (
        EntropyElicitation(method="entropy")
        if method == "entropy"
        else CriticElicitation(method="critic")
    )
    bundled = replace(load_scenario(None), elicitation=spec)
    result = score(bundled, capabilities=["tanks", "spg"])
    preps = {p.capability.id: p for p in prepare_all(bundled)}
    assert [cap.id for cap in result.capabilities] == ["tanks", "spg"]
    for cap in result.capabilities:
        prep = preps[cap.id]
        assert cap.elicitation is not None and cap.elicitation["method"] == method
        expected = elicitation.elicit(spec, list(prep.criterion_ids), prep.raw, prep.objectives)
        assert cap.elicitation["criteria"] == list(prep.criterion_ids)
        keys = ("entropy", "diversification") if method == "entropy" else ("std", "conflict")
        for key in keys:
            assert np.allclose(cap.elicitation[key], expected.details[key], atol=1e-11)
        assert np.allclose(list(cap.weights.values()), expected.weights, atol=1e-11)


def test_profile_weights_carry_no_per_capability_elicitation(data) -> None:  # type: ignore[no-untyped-def]
    assert all(cap.elicitation is None for cap in score(data).capabilities)


def _judged_mini(tmp_path: Path, mini_scenario: Path, ahp: str = "") -> Path:
    """The mini scenario with interoperability's level values judged pairwise."""
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(mini_scenario.parent, folder)
    criteria = folder / "criteria" / "default.yaml"
    text = criteria.read_text(encoding="utf-8").replace(
        "levels: {none: 0.0, nato_standard: 0.5, widely_in_service: 1.0}",
        "levels: [none, nato_standard, widely_in_service]\n"
        '      pairwise: [[1, "1/3", "1/7"], [3, 1, "1/3"], [7, 3, 1]]',
    )
    criteria.write_text(text, encoding="utf-8")
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text(encoding="utf-8") + ahp, encoding="utf-8")
    return scenario


def test_level_values_judged_pairwise_are_scored_and_reported(
    tmp_path: Path, mini_scenario: Path
) -> None:
    """Levels valued from a 3 x 3 judgement matrix (none 1, nato_standard 3, widely 7,
    nato_standard vs widely 1/3): by hand, a consistent matrix would give 1 : 3 : 7;
    these judgements are nearly so (lambda_max just above 3). The options' values are the
    derived level values, and the result reports lambda_max, CI, RI (Saaty's 0.58 for
    n = 3, Alonso & Lamata's 0.5245 under `ahp: {random_index: alonso_lamata}`) and CR."""
    from diversify.engine.weights import consistency_ratio
    from diversify.model.elicitation import pairwise_priorities

    result = score(load_scenario(_judged_mini(tmp_path, mini_scenario)))
    judged = result.pairwise_levels["interoperability"]
    weights, _, ci = pairwise_priorities([[1, 1 / 3, 1 / 7], [3, 1, 1 / 3], [7, 3, 1]])
    assert judged["levels"]["widely_in_service"] == 1.0
    assert judged["levels"]["none"] == pytest.approx(weights[0] / weights[2], abs=1e-11)
    assert 3 < judged["lambda_max"] < 3.01 and judged["ci"] == pytest.approx(ci, abs=1e-11)
    assert (judged["ri"], judged["random_index"]) == (0.58, "saaty")
    assert judged["cr"] == pytest.approx(ci / 0.58, abs=1e-11) and judged["consistent"]
    tanks = result.capability("tanks")
    bravo = next(o for o in tanks.ranking if o.option == "bravo")  # widely in service
    assert bravo.values["interoperability"] == 1.0
    alonso = score(load_scenario(_judged_mini(
        tmp_path / "b", mini_scenario, "ahp: {random_index: alonso_lamata}\n"
    ))).pairwise_levels["interoperability"]  # fmt: skip
    assert (alonso["ri"], alonso["random_index"]) == (0.5245, "alonso_lamata")
    assert alonso["cr"] == pytest.approx(consistency_ratio(ci, 3, "alonso_lamata")[1])


def test_inconsistent_level_judgements_warn(tmp_path: Path, mini_scenario: Path) -> None:
    """CR above 0.10 gives a warning naming the criterion (Saaty's rule of thumb)."""
    scenario = _judged_mini(tmp_path, mini_scenario)
    criteria = scenario.parent / "criteria" / "default.yaml"
    # none < nato_standard (3) < widely (7), but nato_standard vs widely judged 1/9.
    criteria.write_text(
        criteria.read_text(encoding="utf-8").replace(
            '[[1, "1/3", "1/7"], [3, 1, "1/3"], [7, 3, 1]]',
            '[[1, "1/3", "1/7"], [3, 1, "1/9"], [7, 9, 1]]',
        ),
        encoding="utf-8",
    )
    result = score(load_scenario(scenario))
    judged = result.pairwise_levels["interoperability"]
    assert judged["cr"] > 0.10 and judged["consistent"] is False
    assert any(
        w.startswith("interoperability: the pairwise judgements of its levels have a "
                     f"consistency ratio of {judged['cr']:.3f}")
        for w in result.warnings
    )  # fmt: skip


def test_ahp_weights_use_the_scenarios_random_index(data) -> None:  # type: ignore[no-untyped-def]
    """`ahp: {random_index: alonso_lamata}` switches the table of the criteria matrix's
    consistency ratio: RI(3) = 0.58 (Saaty 1980) or 0.5245 (Alonso & Lamata 2006)."""
    from dataclasses import replace

    from diversify.model.elicitation import AhpElicitation, AhpSettings

    spec = AhpElicitation(
        method="ahp",
        criteria=["cost", "delivery", "interoperability"],
        matrix=[[1, 3, 5], ["1/3", 1, 2], ["1/5", "1/2", 1]],
    )
    saaty = score(replace(data, elicitation=spec)).elicitation
    alonso = score(
        replace(data, elicitation=spec, ahp=AhpSettings(random_index="alonso-lamata"))
    ).elicitation
    assert saaty is not None and alonso is not None
    assert (saaty["ri"], saaty["random_index"]) == (0.58, "saaty")
    assert (alonso["ri"], alonso["random_index"]) == (0.5245, "alonso_lamata")
    assert alonso["ci"] == saaty["ci"]
    assert alonso["cr"] == pytest.approx(saaty["ci"] / 0.5245)
