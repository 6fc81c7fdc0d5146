"""The one-page summary: recommendation, confidence, runner-up, close call, cost vs budget."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import pytest

from diversify.engine.results import ScenarioResult
from diversify.report.brief import brief, over_budget_options, summary_cells
from diversify.report.bundle import ReportBundle
from diversify.report.html import render_html
from diversify.report.markdown import render_markdown


def _robustness(firsts: dict[str, float], stability: dict[str, Any] | None = None) -> dict:
    """A full-analysis robustness section for the tanks: first-rank shares and intervals."""
    m = len(firsts)
    return {
        "settings": {"samples": 20000, "seed": 7, "weights": "margin", "margin": 0.2},
        "capabilities": [
            {
                "id": "tanks",
                "name": "Main battle tanks",
                "leader": "k2",
                "options": [],
                "stability": stability or {},
                "smaa": {
                    "samples": 20000,
                    "seed": 7,
                    "options": [
                        {
                            "option": o,
                            "rank_acceptability": [b] + [(1 - b) / (m - 1)] * (m - 1),
                            "rank_acceptability_se": [0.003] * m,
                            "holistic": b,
                            "confidence": b,
                            "central_weights": None,
                        }
                        for o, b in firsts.items()
                    ],
                },
            }
        ],
    }


STABILITY = {
    "cost": {"weight": 0.3, "lo": 0.05, "hi": 1.0, "leader_below": "abrams",
             "leader_above": None, "exact": True},
    "delivery": {"weight": 0.2, "lo": 0.0, "hi": 0.3, "leader_below": None,
                 "leader_above": "leo", "exact": True},
}  # fmt: skip


def test_a_clear_leader_with_its_share_runner_up_margin_and_cost(result: ScenarioResult) -> None:
    bundle = ReportBundle(result, robustness=_robustness({"k2": 0.9, "leo": 0.08, "abrams": 0.02}))
    tanks, subs = brief(bundle).rows
    assert tanks.recommendation == "K2 Black Panther"
    assert tanks.first_share == 0.9 and tanks.samples == 20000
    assert tanks.runner_up == "Leopard 2A8"
    k2, leo, _ = result.capabilities[0].ranking
    assert tanks.margin == pytest.approx(k2.score - leo.score) == pytest.approx(0.4125)
    assert not tanks.close_call and tanks.why_close is None
    # 100 tanks at 18.7 against a 4,000 envelope
    assert tanks.programme_cost == pytest.approx(1870.0)
    assert tanks.over_budget is False and tanks.budget_ratio == pytest.approx(0.4675)
    assert summary_cells(tanks, "USD")[5:7] == (
        "1,870.0 USD m (100 x 18.7)",
        "within: 46.8% of 4,000.0",
    )
    assert subs.recommendation == "none (every option screened out)"


def test_the_samples_favouring_another_option_make_a_close_call(result: ScenarioResult) -> None:
    """The issue's case: the leader under the stated weights comes first in only 28% of the
    samples, another in 72%; the brief says so instead of naming a leader with no doubt."""
    bundle = ReportBundle(result, robustness=_robustness({"k2": 0.28, "leo": 0.72, "abrams": 0.0}))
    tanks = brief(bundle).rows[0]
    assert tanks.close_call
    assert tanks.favourite == "Leopard 2A8" and tanks.favourite_share == 0.72
    assert tanks.why_close == "Leopard 2A8 first more often (72%)"
    assert summary_cells(tanks, "USD")[3] == "yes: Leopard 2A8 first more often (72%)"
    assert "1 is a close call (Main battle tanks)" in brief(bundle).sentences[0]


def test_a_leader_first_in_under_half_the_samples_is_a_close_call(result: ScenarioResult) -> None:
    bundle = ReportBundle(result, robustness=_robustness({"k2": 0.45, "leo": 0.3, "abrams": 0.25}))
    tanks = brief(bundle).rows[0]
    assert tanks.close_call and tanks.favourite is None
    assert tanks.why_close == "the leader comes first in only 45% of samples"


def test_shared_first_place_names_every_leader(make_result) -> None:  # type: ignore[no-untyped-def]
    """VIKOR's compromise set shares rank 1: both are named, never just the first listed."""
    vikor = make_result(method="vikor", higher_is_better=False)
    tanks = vikor.capabilities[0]
    k2, leo, abrams = tanks.ranking
    tied = replace(tanks, ranking=(k2, replace(leo, rank=1), replace(abrams, rank=2)))
    row = brief(ReportBundle(replace(vikor, capabilities=(tied,)))).rows[0]
    assert row.leaders == ("K2 Black Panther", "Leopard 2A8")
    assert row.recommendation == "K2 Black Panther and Leopard 2A8 (share first place)"
    assert row.runner_up == tanks.ranking[2].system and row.close_call
    assert row.why_close == "K2 Black Panther and Leopard 2A8 share first place"
    assert row.bloc == "ROK / Europe"
    assert row.first_share is None  # the samples of one leader say nothing about both
    cells = summary_cells(row, "USD")
    assert cells[1] == "K2 Black Panther (ROK) and Leopard 2A8 (Europe), sharing first place"
    assert cells[5] == "1,870.0 USD m / 2,500.0 USD m"  # each, not the first one's alone
    assert row.programme_cost == pytest.approx(2500.0)  # the dearest is held to the envelope
    assert cells[7] == "first place is shared"
    rob = _robustness({"k2": 0.5, "leo": 0.3, "abrams": 0.2})
    both = brief(ReportBundle(replace(vikor, capabilities=(tied,)), robustness=rob)).rows[0]
    assert both.first_share == pytest.approx(0.8)  # one of the two comes first


def test_margin_is_positive_when_lower_is_better(make_result) -> None:  # type: ignore[no-untyped-def]
    row = brief(ReportBundle(make_result(method="vikor", higher_is_better=False))).rows[0]
    assert row.margin == pytest.approx(0.55)  # VIKOR Q 0.0 against 0.55


def test_nearest_switch_point(result: ScenarioResult) -> None:
    """Delivery needs to move 10 points (20% -> 30%), cost 25 points: delivery is nearest."""
    bundle = ReportBundle(result, per_capability={"tanks": {"stability": STABILITY}})
    b = brief(bundle)
    switch = b.rows[0].switch
    assert switch is not None and switch.successor == "Leopard 2A8"
    assert switch.short() == "Delivery weight above 30% (now 20%) → Leopard 2A8"
    assert b.switch == (
        "Nearest switch point: Main battle tanks changes hands if the delivery weight rises "
        "above 30% (now 20%): Leopard 2A8 leads (a move of 10% of the total weight)."
    )
    assert b.switch in b.sentences


def test_budget_envelopes_are_compared(result: ScenarioResult) -> None:
    tanks = result.capabilities[0]
    tight = replace(result, capabilities=(replace(tanks, budget=2000.0),))
    row = brief(ReportBundle(tight)).rows[0]
    assert row.over_budget is False  # 1,870 of 2,000
    assert [o[1] for o in over_budget_options(tight)] == ["Leopard 2A8", "M1A2 SEPv3 Abrams"]
    over = replace(result, capabilities=(replace(tanks, budget=1000.0),))
    row = brief(ReportBundle(over)).rows[0]
    assert row.over_budget is True
    assert summary_cells(row, "USD")[6] == "87.0% over 1,000.0"
    sentences = brief(ReportBundle(over)).sentences
    assert any(
        s.startswith("1 of the 1 recommendations with an envelope cost more") for s in sentences
    )
    assert "Across all options, 3 of 3 in capabilities with an envelope exceed it." in sentences


def test_programme_shares_against_caps_and_the_price_of_diversification(
    result: ScenarioResult,
) -> None:
    doc = {
        "currency": "USD",
        "settings": {"caps": {"US": 0.5}},
        "capabilities": [{"id": "tanks", "name": "Main battle tanks"}],
        "candidates": [{"id": "tanks.leo", "system": "Leopard 2A8", "bloc": "Europe"}],
        "result": {
            "status": "optimal",
            "chosen": {"tanks": "tanks.leo"},
            "share_by_bloc": {"US": 0.6, "Europe": 0.4},
            "spend_by_bloc": {"US": 600.0, "Europe": 400.0},
            "hhi_bloc": 0.52,
            "hhi_country": 0.52,
        },
        "summary": ["objective", "Price of diversification away from the US: it costs 0.1."],
    }
    b = brief(ReportBundle(result, portfolio=doc))
    assert b.price == "Price of diversification away from the US: it costs 0.1."
    assert [(x.bloc, x.cap) for x in b.blocs] == [("US", 0.5), ("Europe", None)]
    assert "Largest share of programme spend: US 60.0%; above its cap: US 60.0% (cap 50.0%)." in (
        b.sentences
    )
    assert b.rows[0].portfolio_pick == "Leopard 2A8"  # not the leader: said in the row
    assert "the portfolio picks Leopard 2A8" in summary_cells(b.rows[0], "USD")[1]


def test_summary_comes_first_in_markdown_and_html(result: ScenarioResult) -> None:
    bundle = ReportBundle(result, robustness=_robustness({"k2": 0.9, "leo": 0.08, "abrams": 0.02}))
    md = render_markdown(bundle)
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads[0] == "## Summary: what to buy, how sure, at what cost"
    assert "| Main battle tanks | K2 Black Panther (ROK) | 90.0% | no |" in md
    page = render_html(bundle)
    assert page.index('id="summary"') < page.index('id="cap-tanks"')
    summary = page[
        page.index('id="summary"') : page.index("</section>", page.index('id="summary"'))
    ]
    assert re.search(r'<td data-label="ranks first \(SMAA\)" class="num">90\.0%</td>', summary)
