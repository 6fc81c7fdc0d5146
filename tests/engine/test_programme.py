"""The programme portfolio on the mini scenario, checked by hand.

Mini scenario (tests/data/valid/mini; scores derived in tests/engine/test_scoring.py),
balanced weights, rates USD 1.4 and EUR 1.5 CAD:

* submarines (quantity 4): lima (DE) 800 EUR = 1,200 CAD a boat, spend 4,800, MAVT score
  0.32 + 0.24 + 0.2 x 14/21 = 0.693333; kilo (KR) 900 USD = 1,260 CAD, spend 5,040,
  score 0.248;
* tanks (quantity 10): alpha (KR) 14 CAD, spend 140, score 0.79; bravo (DE) 15 CAD,
  spend 150, score 0.42; charlie (US) is screened out (72 months > 60).

The four portfolios, with value, spend and the ROK / Europe shares of spend:

=============  =========  =====  ====================  ====================
portfolio      value      spend  ROK share             Europe share
=============  =========  =====  ====================  ====================
lima + alpha   1.483333   4,940  140/4,940 = 0.028340  4,800/4,940 = 0.971660
lima + bravo   1.113333   4,950  0                     1
kilo + alpha   1.038      5,180  1                     0
kilo + bravo   0.668      5,190  5,040/5,190 = 0.971098  150/5,190 = 0.028902
=============  =========  =====  ====================  ====================

So the best is lima + alpha; a Europe cap of 50% leaves kilo + alpha (value lost 0.445333,
submarines switch); caps of 50% on ROK and 40% on Europe together leave nothing, and the
least changes are a Europe cap of 97.166% or a ROK cap of 97.110%; the cheapest portfolio
costs 4,940, the least feasible budget.
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from diversify.engine.programme import (
    ProgrammeError,
    ProgrammeResult,
    cap_key_kind,
    plan,
    report_frontier_key,
    share_to,
)
from diversify.engine.scoring import prepare_all, score
from diversify.io.loader import load_scenario
from diversify.model.portfolio import PortfolioSpec
from diversify.model.scenario import ScreeningRule

BEST = {"submarines": "submarines.lima", "tanks": "tanks.alpha"}
VALUE = {
    "submarines.lima": 0.32 + 0.24 + 0.2 * 14 / 21,
    "submarines.kilo": 0.248,
    "tanks.alpha": 0.79,
    "tanks.bravo": 0.42,
}
SPEND = {"submarines.lima": 4800.0, "submarines.kilo": 5040.0, "tanks.alpha": 140.0,
         "tanks.bravo": 150.0}  # fmt: skip


@pytest.fixture(scope="module")
def data() -> Any:
    return load_scenario(Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml")


@pytest.fixture(scope="module")
def preps(data: Any) -> Any:
    return prepare_all(data)


def with_spec(data: Any, **spec: Any) -> Any:
    return replace(data, portfolio=PortfolioSpec(**spec))


def shares(res: ProgrammeResult) -> dict[str, float]:
    return dict(res.portfolio.share_by_bloc)


# --- building the problem ----------------------------------------------------------------


def test_values_are_mavt_scores_and_spend_is_unit_cost_times_quantity(data: Any) -> None:
    res = plan(data)
    got = {c.id: (c.value, c.spend) for c in res.candidates}
    assert set(got) == set(VALUE)
    for ref, (value, spend) in got.items():
        assert value == pytest.approx(VALUE[ref], abs=1e-9), ref
        assert spend == pytest.approx(SPEND[ref]), ref
    lima = res.candidate("submarines.lima")
    assert (lima.unit_cost, lima.quantity, lima.bloc) == (pytest.approx(1200.0), 4.0, "Europe")


def test_screened_out_options_are_listed_with_their_reason(data: Any) -> None:
    res = plan(data)
    assert [e.id for e in res.excluded] == ["tanks.charlie"]
    charlie = res.excluded[0]
    assert charlie.kind == "screened_out"
    assert "72 months is above the maximum of 60" in charlie.reason


def test_an_option_without_unit_cost_is_excluded_with_a_reason(data: Any) -> None:
    """No unit cost, no spend to share out: alpha is left out, so bravo is the tank."""
    tanks = data.capability("tanks")
    options = tuple(replace(o, unit_cost=None) if o.id == "alpha" else o for o in tanks.options)
    caps = tuple(replace(c, options=options) if c.id == "tanks" else c for c in data.capabilities)
    res = plan(replace(data, capabilities=caps))
    alpha = next(e for e in res.excluded if e.id == "tanks.alpha")
    assert alpha.kind == "no_unit_cost" and "unit_cost" in alpha.reason
    assert res.portfolio.chosen["tanks"] == "tanks.bravo"


def test_the_portfolio_uses_mavt_values_whatever_the_ranking_method(data: Any) -> None:
    """With TOPSIS rankings the candidates still carry their MAVT scores (the summary says
    so: tests/report/test_programme_text.py)."""
    res = plan(replace(data, method="topsis"))
    assert {c.id: c.value for c in res.candidates} == pytest.approx(VALUE)
    assert res.to_dict()["value_method"] == "mavt"


def test_values_equal_the_scoring_pipeline_under_override_weights(data: Any) -> None:
    """The numpy path gives what `score(method="mavt")` gives, under overridden weights."""
    points = {"cost": 10.0, "delivery": 80.0, "interoperability": 10.0}
    res = plan(data, weights=points)
    ref = score(data, weights=points, method="mavt")
    for cap in ref.capabilities:
        for o in cap.ranking:
            assert res.candidate(f"{cap.id}.{o.option}").value == pytest.approx(o.score)
    # speed-first: kilo 0.64 x 0.2 + 0.2 = 0.328 beats lima 0.08 + 0.08 + 0.2 x 2/3 = 0.2933
    assert res.portfolio.chosen["submarines"] == "submarines.kilo"
    assert res.weights_origin == "weights (override)"


# --- the hand-checked portfolio -----------------------------------------------------------


def test_unconstrained_best_by_hand(data: Any, preps: Any) -> None:
    res = plan(data, prepared=preps)
    p = res.portfolio
    assert p.status == "optimal"
    assert dict(p.chosen) == BEST
    assert p.value == pytest.approx(VALUE["submarines.lima"] + 0.79)
    assert p.spend == pytest.approx(4940.0)
    rok, europe = 140 / 4940, 4800 / 4940
    assert shares(res) == pytest.approx(
        {"US": 0.0, "Europe": europe, "ROK": rok, "Canada": 0.0, "Other": 0.0}
    )
    assert p.hhi_bloc == pytest.approx(rok**2 + europe**2)
    assert p.value_lost == 0.0


def test_a_europe_cap_switches_the_submarines(data: Any) -> None:
    """Europe <= 50%: only kilo + alpha (Europe 0) or kilo + bravo (2.9%) qualify."""
    res = plan(data, caps={"Europe": 0.5})
    p = res.portfolio
    assert dict(p.chosen) == {"submarines": "submarines.kilo", "tanks": "tanks.alpha"}
    assert p.value == pytest.approx(1.038)
    assert p.value_lost == pytest.approx(VALUE["submarines.lima"] + 0.79 - 1.038)
    assert [c.label for c in p.binding] == ["Europe cap"]


@pytest.mark.parametrize(
    "caps",
    [{}, {"ROK": 0.02}, {"Europe": 0.5}, {"Europe": 0.98, "ROK": 0.03}, {"DE": 0.5}, {"KR": 0.0},
     {"US": 0.0, "Europe": 0.99}],
)  # fmt: skip
def test_shares_sum_to_one_and_every_cap_holds(
    data: Any, preps: Any, caps: dict[str, float]
) -> None:
    res = plan(data, caps=caps, prepared=preps)
    p = res.portfolio
    assert p.status == "optimal"
    assert math.isclose(sum(p.share_by_bloc.values()), 1.0, abs_tol=1e-9)
    assert math.isclose(sum(p.share_by_country.values()), 1.0, abs_tol=1e-9)
    for key, cap in caps.items():
        share = p.share_by_bloc[key] if key in p.share_by_bloc else p.share_by_country.get(key, 0)
        assert share <= cap + 1e-6, (key, share, cap)


def test_caps_hold_for_every_cap_on_a_grid_against_enumeration(data: Any, preps: Any) -> None:
    """On a grid of ROK and Europe caps the plan equals the best of the four portfolios
    that meet them (enumerated here from the table in the module docstring)."""
    table = {
        ("submarines.lima", "tanks.alpha"): (1.483333333, 140 / 4940, 4800 / 4940),
        ("submarines.lima", "tanks.bravo"): (1.113333333, 0.0, 1.0),
        ("submarines.kilo", "tanks.alpha"): (1.038, 1.0, 0.0),
        ("submarines.kilo", "tanks.bravo"): (0.668, 5040 / 5190, 150 / 5190),
    }
    for rok in np.linspace(0, 1, 6):
        for europe in np.linspace(0, 1, 6):
            ok = [v for v, r, e in table.values() if r <= rok + 1e-9 and e <= europe + 1e-9]
            res = plan(data, caps={"ROK": float(rok), "Europe": float(europe)}, prepared=preps,
                       value_costs=False)  # fmt: skip
            if not ok:
                assert res.portfolio.status == "infeasible", (rok, europe)
                continue
            assert res.portfolio.value == pytest.approx(max(ok), abs=1e-6), (rok, europe)


# --- budget and forced options ------------------------------------------------------------


def test_a_budget_that_fits_does_not_bind(data: Any) -> None:
    res = plan(data, budget=4945.0)
    (budget,) = res.portfolio.constraints
    assert budget.kind == "budget" and not budget.binding
    assert budget.slack == pytest.approx(5.0)
    assert res.overridden == ("budget",)


def test_forcing_in_an_option_costs_its_value(data: Any) -> None:
    res = plan(with_spec(data, force_in=["tanks.bravo"]))
    p = res.portfolio
    assert dict(p.chosen) == {"submarines": "submarines.lima", "tanks": "tanks.bravo"}
    assert p.value_lost == pytest.approx(0.37)


def test_forcing_out_an_option(data: Any) -> None:
    res = plan(with_spec(data, force_out=["submarines.lima"]))
    assert res.portfolio.chosen["submarines"] == "submarines.kilo"
    assert res.portfolio.value == pytest.approx(1.038)


def test_forcing_out_a_screened_out_option_changes_nothing(data: Any) -> None:
    res = plan(with_spec(data, force_out=["tanks.charlie"]))
    assert res.constraints.force_out == frozenset()
    assert dict(res.portfolio.chosen) == BEST


def test_forcing_in_a_screened_out_option_is_an_error_pointing_at_the_field(data: Any) -> None:
    with pytest.raises(ProgrammeError) as info:
        plan(with_spec(data, force_in=["tanks.charlie"]))
    assert info.value.path == ("portfolio", "force_in", 0)
    assert info.value.value == "tanks.charlie"
    assert "72 months is above the maximum of 60" in str(info.value)
    assert "Remove it from `force_in`" in str(info.value)


def test_scenario_importance_weighs_capabilities(data: Any) -> None:
    """Tanks count three times: under a Europe cap of 50% the plan is still kilo + alpha
    (lima alone is 93% of any portfolio's spend), worth 0.248 + 3 x 0.79."""
    res = plan(with_spec(data, importance={"tanks": 3.0}), caps={"Europe": 0.5})
    assert res.portfolio.value == pytest.approx(0.248 + 3 * 0.79)
    assert res.to_dict()["settings"]["importance"] == {"submarines": 1.0, "tanks": 3.0}


# --- infeasible: an answer with an explanation -------------------------------------------


def test_caps_that_cannot_all_hold_are_explained_with_the_least_changes(data: Any) -> None:
    res = plan(data, caps={"ROK": 0.5, "Europe": 0.4})
    p = res.portfolio
    assert p.status == "infeasible" and dict(p.chosen) == {}
    assert p.explanation is not None
    suggestions = {c.key: c.suggestion for c in p.explanation.conflicts}
    assert suggestions == pytest.approx({"Europe": 4800 / 4940, "ROK": 5040 / 5190}, abs=1e-6)
    assert "raise the Europe cap to at least 97.2%" in p.explanation.summary
    assert p.unconstrained_value == pytest.approx(VALUE["submarines.lima"] + 0.79)


def test_a_budget_below_the_cheapest_portfolio_names_the_least_budget(data: Any) -> None:
    res = plan(data, budget=4900.0)
    p = res.portfolio
    assert p.status == "infeasible"
    assert p.explanation is not None
    (conflict,) = p.explanation.conflicts
    assert conflict.kind == "budget"
    assert conflict.suggestion == pytest.approx(4940.0)
    assert "4,940" in p.explanation.summary


def test_a_capability_with_every_option_screened_out_is_left_out_with_the_reason(
    data: Any,
) -> None:
    strict = replace(data, screening={"delivery": ScreeningRule(max=40)})
    res = plan(strict)
    assert dict(res.portfolio.chosen) == {"tanks": "tanks.alpha"}
    (u,) = res.portfolio.uncovered
    assert u.capability == "submarines"
    assert "every option was screened out" in u.reason


# --- the frontier -------------------------------------------------------------------------


def test_the_europe_frontier_is_monotone_and_ends_at_the_least_share(data: Any) -> None:
    res = plan(data, frontier_bloc="Europe", steps=5)
    assert res.frontier is not None and res.frontier.kind == "bloc"
    pts = res.frontier.points
    assert len(pts) == 5
    assert pts[0].share == pytest.approx(4800 / 4940)
    assert pts[-1].cap == pytest.approx(0.0, abs=1e-9)  # kilo + alpha sends nothing to Europe
    caps = [p.cap for p in pts]
    values = [p.value for p in pts]
    assert caps == sorted(caps, reverse=True)
    assert all(b <= a + 1e-12 for a, b in pairwise(values))
    assert all(p.share <= p.cap + 1e-6 for p in pts)
    assert values[-1] == pytest.approx(1.038)


def test_a_country_frontier(data: Any) -> None:
    res = plan(data, frontier_bloc="KR", steps=3)
    assert res.frontier is not None and res.frontier.kind == "country"
    assert res.frontier.points[0].share == pytest.approx(140 / 4940)
    assert res.frontier.points[-1].value == pytest.approx(VALUE["submarines.lima"] + 0.42)


# --- bad levers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path", "words"),
    [
        ({"caps": {"US": 1.5}}, ("caps", "US"), "between 0 and 1"),
        ({"caps": {"US": -0.1}}, ("caps", "US"), "between 0 and 1"),
        ({"caps": {"Asia": 0.5}}, ("caps", "Asia"), "is not a bloc"),
        ({"caps": {"XX": 0.5}}, ("caps", "XX"), "is not a bloc"),
        ({"budget": -1.0}, ("budget",), "zero or more"),
        ({"frontier_bloc": "europe"}, ("frontier",), "is not a bloc"),
        ({"steps": 1}, ("steps",), "2 to 1001"),
    ],
)
def test_bad_levers_raise_programme_errors(
    data: Any, kwargs: dict[str, Any], path: tuple[str, ...], words: str
) -> None:
    with pytest.raises(ProgrammeError, match=words) as info:
        plan(data, **kwargs)
    assert info.value.path == path


def test_cap_keys() -> None:
    assert [cap_key_kind(k) for k in ("US", "Europe", "KR", "DE", "XX", "kr", "Asia")] == [
        "bloc", "bloc", "country", "country", None, None, None,
    ]  # fmt: skip


def test_share_to_counts_content(data: Any) -> None:
    res = plan(data)
    lima = res.candidate("submarines.lima")
    mixed = replace(lima, content={"DE": 0.8, "US": 0.2})
    assert share_to(mixed, "US") == pytest.approx(0.2)
    assert share_to(mixed, "Europe") == pytest.approx(0.8)
    assert share_to(lima, "DE") == 1.0


def test_report_frontier_key(data: Any) -> None:
    assert report_frontier_key(data) == "US"  # no portfolio section
    assert report_frontier_key(with_spec(data, caps={"KR": 0.5, "ROK": 0.6})) == "ROK"
    assert report_frontier_key(with_spec(data, caps={"KR": 0.5})) == "KR"


# --- the document -------------------------------------------------------------------------


def _floats(value: Any) -> list[float]:
    if isinstance(value, float):
        return [value]
    if isinstance(value, dict):
        return [f for v in value.values() for f in _floats(v)]
    if isinstance(value, list):
        return [f for v in value for f in _floats(v)]
    return []


def test_to_dict_is_stable_rounded_json(data: Any, preps: Any) -> None:
    a = plan(data, caps={"Europe": 0.5}, frontier_bloc="Europe", steps=4, prepared=preps)
    b = plan(data, caps={"Europe": 0.5}, frontier_bloc="Europe", steps=4, prepared=preps)
    doc = a.to_dict()
    assert json.dumps(doc) == json.dumps(b.to_dict())
    assert list(doc)[:3] == ["schema", "version", "scenario"]
    assert doc["schema"] == "diversify.portfolio/1"
    assert all(float(f"{x:.12g}") == x for x in _floats(doc))
    json.dumps(doc, allow_nan=False)
    assert doc["settings"]["caps"] == {"Europe": 0.5}
    assert doc["settings"]["overridden"] == ["caps"]
    assert doc["result"]["chosen"] == {"submarines": "submarines.kilo", "tanks": "tanks.alpha"}
    assert len(doc["frontier"]["points"]) == 4


def test_the_engine_writes_no_reader_sentences(data: Any) -> None:
    """What the plan means in words (``objective``, ``summary``) is report/'s to say: the
    engine's data carries neither (report/programme_text.py adds them to the document)."""
    res = plan(data, caps={"Europe": 0.5}, frontier_bloc="Europe", steps=3)
    assert not hasattr(res, "summary")
    assert {"objective", "summary"}.isdisjoint(res.to_dict())


def test_data_driven_weights_give_the_scoring_pipelines_mavt_scores(data: Any) -> None:
    """Entropy weights are computed per capability from the figures: the plan takes them
    from `score(method="mavt")`, not from shared points (there are none)."""
    from diversify.model.elicitation import EntropyElicitation

    entropy = replace(data, elicitation=EntropyElicitation(method="entropy"))
    res = plan(entropy)
    ref = score(entropy, method="mavt")
    for cap in ref.capabilities:
        for o in cap.ranking:
            assert res.candidate(f"{cap.id}.{o.option}").value == pytest.approx(o.score)
    assert set(res.weights.values()) == {0.0}
