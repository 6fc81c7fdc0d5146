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


# --- level values from AHP judgements (issue 15) ------------------------------------------

# Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", EJOR 48(1), 9-26,
# house example: the 8 x 8 judgement matrix of tests/engine/test_weights.py and its
# printed priority vector, lambda_max 9.669, C.I. 0.238, C.R. 0.169.
SAATY_1990_PRIORITIES = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
# Listed worst to best, as levels are: the published priorities in ascending order.
ASCENDING = sorted(range(8), key=lambda i: SAATY_1990_PRIORITIES[i])
LABELS = ["age", "yard", "facilities", "transport", "condition", "size", "area", "financing"]


def saaty_1990_levels() -> dict[str, object]:
    """The house example's judgements as a `levels` value function: the eight elements
    as levels (rows and columns permuted to worst-to-best order)."""
    from tests.engine.test_weights import HOUSE_MATRIX

    pairwise = [[HOUSE_MATRIX[i][j] for j in ASCENDING] for i in ASCENDING]
    return {"kind": "levels", "levels": LABELS, "pairwise": pairwise}


def test_levels_from_pairwise_judgements_saaty_1990() -> None:
    """Level values are the AHP priorities over the largest (Saaty's ideal mode).

    Judgements: Saaty (1990), EJOR 48(1), 9-26, house example (above), used as the
    judgements of eight levels: the derived values are the published priorities divided
    by the largest, .333 (to the rounding of the printed three decimals), and lambda_max
    and C.I. are the published 9.669 and 0.238.
    """
    from diversify.model.criteria import LevelsFunction

    vf = LevelsFunction.model_validate(saaty_1990_levels())
    expected = [SAATY_1990_PRIORITIES[i] / 0.333 for i in ASCENDING]
    assert list(vf.levels) == LABELS
    assert vf.levels["financing"] == 1.0
    assert list(vf.levels.values()) == pytest.approx(expected, abs=3e-3)
    consistency = vf.consistency()
    assert consistency is not None
    assert consistency[0] == pytest.approx(9.669, abs=5e-4)
    assert consistency[1] == pytest.approx(0.238, abs=5e-4)
    typed = LevelsFunction(kind="levels", levels={"low": 0.0, "high": 1.0})
    assert typed.pairwise is None and typed.consistency() is None


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ({"levels": ["low", "high"]}, "their values must come from `pairwise` judgements"),
        ({"levels": {"low": 0, "high": 1}, "pairwise": [[1, 3], ["1/3", 1]]},
         "with `pairwise`, list the levels as labels only"),
        ({"levels": ["high", "low"], "pairwise": [[1, 3], ["1/3", 1]]},
         "the `pairwise` judgements rank the levels low, high (worst to best)"),
        ({"levels": ["low", "high"], "pairwise": [[1, 3], [1, 1]]},
         "matrix[1][0] should be 1/3"),
        ({"levels": ["low", "mid", "high"], "pairwise": [[1, 3], ["1/3", 1]]},
         "2 rows but 3 levels are listed"),
        ({"levels": ["low", "high"], "pairwise": [[1, "3"], ["1/3", 1]]},
         "must be a judgement (a number, or a fraction such as 1/3) written without quotes"),
    ],
)  # fmt: skip
def test_bad_level_judgements_are_explained(spec: dict[str, object], fragment: str) -> None:
    from diversify.model.criteria import LevelsFunction

    with pytest.raises(ValidationError) as info:
        LevelsFunction.model_validate({"kind": "levels", **spec})
    assert fragment in str(info.value)
