"""A capability's own cost-basis rule (model/deals.py): what it may change, and how.

The scenario's ``cost_basis`` is one rule for every option; a capability whose bids can
only be compared on another basis (the submarines: no export of the KSS-III, so both
bids on their builders' domestic orders) changes parts of it in its supplier file. Here,
that the change is merged field by field and that every way of writing it wrongly is
refused with the fix; the loader tests check where those refusals are located.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from diversify.model.deals import Adjustment, CostBasis, CostBasisOverride

SCENARIO = CostBasis(
    select="latest_export",
    scope=["platform", "training", "spares"],
    base_year=2026,
    adjustments={
        "training": Adjustment(factor=0.05, low=0.02, high=0.10, estimate=True),
        "spares": Adjustment(factor=0.10, low=0.05, high=0.20, estimate=True),
    },
)


def _override(**kw: Any) -> CostBasisOverride:
    return CostBasisOverride.model_validate({"basis": "test", **kw})


def test_only_what_is_given_changes() -> None:
    rule = SCENARIO.merged(_override(select="latest_domestic"))
    assert rule.select == "latest_domestic"
    assert (rule.scope, rule.base_year, rule.adjustments) == (
        SCENARIO.scope, 2026, SCENARIO.adjustments,
    )  # fmt: skip
    assert SCENARIO.select == "latest_export"  # the scenario's rule is left as it was
    assert SCENARIO.merged(None) is SCENARIO


def test_adjustments_are_replaced_element_by_element() -> None:
    """Spares replaced (0.10 -> 0.30), design_nre added, training kept from the scenario."""
    rule = SCENARIO.merged(
        _override(
            scope=["platform", "training", "spares", "design_nre"],
            adjustments={
                "spares": {"factor": 0.3, "low": 0.2, "high": 0.4, "estimate": True},
                "design_nre": {"factor": 0.15},
            },
        )
    )
    assert rule.scope == ["platform", "training", "spares", "design_nre"]
    assert {k: a.factor for k, a in rule.adjustments.items()} == {
        "training": 0.05,
        "spares": 0.3,
        "design_nre": 0.15,
    }


@pytest.mark.parametrize(
    ("given", "loc", "says"),
    [
        ({"select": "latest_domestic", "basis": None}, (), "needs a `basis` saying why"),
        ({}, (), "must change the scenario's rule"),
        ({"base_year": 2025, "select": "latest"}, ("base_year",), "the base year is set once"),
        ({"select": "cheapest"}, ("select",), "latest_domestic"),
        ({"scope": ["platform", "platform"]}, (), "lists an element twice"),
        ({"scope": []}, ("scope",), "at least 1"),
        (
            {"adjustments": {"hull": {"factor": 0.1}}},
            ("adjustments", "hull", "[key]"),
            "design_nre",
        ),
        (
            {"adjustments": {"spares": {"factor": 0.3, "low": 0.4}}},
            ("adjustments", "spares"),
            "`low` (0.4) is above `value` (0.3)",
        ),
    ],
)
def test_every_bad_rule_is_refused_where_it_is(
    given: dict[str, Any], loc: tuple[str, ...], says: str
) -> None:
    with pytest.raises(ValidationError) as info:
        _override(**given)
    (error,) = info.value.errors()
    assert error["loc"][: len(loc)] == loc
    assert says in str(error["msg"]) + str(error.get("ctx", ""))


def test_the_base_year_is_never_part_of_the_dump() -> None:
    """The refused field exists only to say why; a valid rule never carries it."""
    assert "base_year" not in _override(select="latest").model_dump()
