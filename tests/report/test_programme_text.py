"""The programme plan in words: the summary lines and the ``diversify.portfolio/1`` document.

The plans are the mini scenario's, hand-checked in tests/engine/test_programme.py (lima +
alpha is best, worth 1.483; a Europe cap of 50% makes the submarines switch from Lima to
Kilo and costs 0.445 of value); these tests check what the sentences say about them.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from diversify.engine.programme import plan
from diversify.io.loader import load_scenario
from diversify.model.portfolio import PortfolioSpec
from diversify.report.programme_text import (
    OBJECTIVE,
    key_words,
    lever_words,
    portfolio_document,
    summary_lines,
    switches,
)

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"


@pytest.fixture(scope="module")
def data() -> Any:
    return load_scenario(MINI)


def with_spec(data: Any, **spec: Any) -> Any:
    return replace(data, portfolio=PortfolioSpec(**spec))


# --- the summary lines ---------------------------------------------------------------------


def test_screened_out_options_are_counted(data: Any) -> None:
    assert any("1 screened out" in s for s in summary_lines(plan(data)))


def test_the_summary_says_the_portfolio_uses_mavt_whatever_the_ranking_method(data: Any) -> None:
    summary = summary_lines(plan(replace(data, method="topsis")))
    assert summary[0] == OBJECTIVE and "MAVT whatever ranking method" in OBJECTIVE
    assert any("rankings use topsis" in s for s in summary)


def test_a_europe_cap_names_the_switch_and_its_cost(data: Any) -> None:
    summary = summary_lines(plan(data, caps={"Europe": 0.5}))
    line = next(s for s in summary if s.startswith("Capping Europe at 50.0%"))
    assert "costs 0.445 of programme value (30.0%)" in line
    assert "Submarines: Lima boat (Europe) becomes Kilo boat (ROK)" in line


def test_a_budget_that_fits_says_what_is_left_unspent(data: Any) -> None:
    summary = summary_lines(plan(data, budget=4945.0))
    assert any("budget (4,945.0 CAD m) does not bind: 5.0 CAD m is left unspent" in s
               for s in summary)  # fmt: skip


def test_forcing_in_an_option_says_what_it_costs(data: Any) -> None:
    summary = summary_lines(plan(with_spec(data, force_in=["tanks.bravo"])))
    assert any(s.startswith("Forcing in tanks.bravo costs 0.370") for s in summary)


def test_caps_that_cannot_all_hold_say_no_portfolio_exists(data: Any) -> None:
    assert "No portfolio meets every constraint." in summary_lines(
        plan(data, caps={"ROK": 0.5, "Europe": 0.4})
    )


def test_the_frontier_is_summarised(data: Any) -> None:
    summary = summary_lines(plan(data, frontier_bloc="Europe", steps=5))
    assert any(s.startswith("Price of diversification away from Europe") for s in summary)


# --- the words for keys, levers and switches -----------------------------------------------


def test_key_words() -> None:
    assert [key_words(k) for k in ("US", "ROK", "Other", "Europe", "DE")] == [
        "the US", "South Korea (ROK)", "the Other bloc", "Europe", "Germany (DE)",
    ]  # fmt: skip


def test_lever_words() -> None:
    assert lever_words("bloc_cap", "US", 0.5, "CAD") == "Capping the US at 50.0%"
    assert lever_words("budget", "budget", 4945.0, "CAD") == "The budget of 4,945.0 CAD m"
    assert lever_words("force_out", "tanks.alpha", None, "CAD") == "Forcing out tanks.alpha"


def test_switches_name_each_capability_that_changes(data: Any) -> None:
    res = plan(data)
    names = {c.id: c.name for c in res.capabilities}
    cands = {c.id: c for c in res.candidates}
    before = {"submarines": "submarines.lima", "tanks": "tanks.alpha"}
    after = {"submarines": "submarines.kilo", "tanks": "tanks.alpha"}
    assert switches(before, after, names, cands) == [
        "Submarines: Lima boat (Europe) becomes Kilo boat (ROK)"
    ]
    assert switches(before, before, names, cands) == []


# --- the document --------------------------------------------------------------------------


def test_the_document_is_the_engine_data_with_the_words_in_their_places(data: Any) -> None:
    res = plan(data, caps={"Europe": 0.5}, frontier_bloc="Europe", steps=4)
    doc = portfolio_document(res)
    assert [k for k in doc if k not in ("objective", "summary")] == list(res.to_dict())
    keys = list(doc)
    assert keys.index("objective") == keys.index("value_method") - 1
    assert keys.index("summary") == keys.index("warnings") - 1
    assert doc["objective"] == OBJECTIVE
    assert doc["summary"] == summary_lines(res)
    assert json.dumps(doc) == json.dumps(portfolio_document(res))
