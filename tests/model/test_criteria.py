"""Criteria and value-function definitions."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from diversify.model.criteria import CriteriaFile, Criterion


def test_linear_defaults_to_local_scale() -> None:
    c = Criterion.model_validate(
        {"id": "cost", "name": "Cost", "direction": "min", "from": "unit_cost"}
    )
    assert c.value_function.kind == "linear"
    assert c.from_ == "unit_cost"
    assert c.objective == -1


def test_linear_needs_both_anchors() -> None:
    with pytest.raises(ValidationError, match="both `worst` and `best`"):
        Criterion.model_validate(
            {"id": "d", "name": "D", "value_function": {"kind": "linear", "worst": 120}}
        )


def test_piecewise_points_ascending_and_in_unit_interval() -> None:
    ok = {"kind": "piecewise", "points": [[0, 0], [10, 0.6], [20, 1]]}
    assert Criterion.model_validate({"id": "e", "name": "E", "value_function": ok})
    with pytest.raises(ValidationError, match="strictly ascending"):
        Criterion.model_validate(
            {
                "id": "e",
                "name": "E",
                "value_function": {"kind": "piecewise", "points": [[5, 0], [5, 1]]},
            }
        )
    with pytest.raises(ValidationError):
        Criterion.model_validate(
            {
                "id": "e",
                "name": "E",
                "value_function": {"kind": "piecewise", "points": [[0, 0], [5, 1.5]]},
            }
        )


def test_levels_listed_worst_to_best() -> None:
    with pytest.raises(ValidationError, match="worst to best"):
        Criterion.model_validate(
            {
                "id": "i",
                "name": "I",
                "value_function": {"kind": "levels", "levels": {"a": 1, "b": 0}},
            }
        )


def test_levels_cannot_be_minimised() -> None:
    with pytest.raises(ValidationError, match="preference order from the level values"):
        Criterion.model_validate(
            {"id": "i", "name": "I", "direction": "min",
             "value_function": {"kind": "levels", "levels": {"a": 0, "b": 1}}}
        )  # fmt: skip


def test_unknown_value_function_kind() -> None:
    with pytest.raises(ValidationError, match="linear"):
        Criterion.model_validate({"id": "i", "name": "I", "value_function": {"kind": "cubic"}})


def test_profiles_are_non_negative_points() -> None:
    base = {"criteria": [{"id": "cost", "name": "Cost"}]}
    assert (
        CriteriaFile.model_validate({**base, "profiles": {"a": {"cost": 3}}}).profiles["a"]["cost"]
        == 3
    )
    with pytest.raises(ValidationError):
        CriteriaFile.model_validate({**base, "profiles": {"a": {"cost": -1}}})


def test_ids_must_be_identifiers() -> None:
    with pytest.raises(ValidationError, match="pattern"):
        Criterion.model_validate({"id": "Cost Total", "name": "Cost"})
