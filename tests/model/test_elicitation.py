"""The scenario's ``elicitation:`` section: valid forms, and errors located at the cell.

The file reader maps each error's ``loc`` to a line of the YAML file, so these tests pin
the location as well as the message: a reciprocity error must point at ``matrix[2][0]``,
a swing error at ``swings.cost``, a repeated criterion at ``order[2]``.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from diversify.model.elicitation import (
    AhpElicitation,
    CriticElicitation,
    DirectElicitation,
    Elicitation,
    EntropyElicitation,
    RankReciprocalElicitation,
    RankSumElicitation,
    RocElicitation,
    SwingElicitation,
    pairwise_problems,
    reciprocal_text,
)

ADAPTER: TypeAdapter[Any] = TypeAdapter(Elicitation)


def _errors(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], str]]:
    with pytest.raises(ValidationError) as info:
        ADAPTER.validate_python(data)
    return [(e["loc"], e["msg"]) for e in info.value.errors()]


def _one_error(data: dict[str, Any]) -> tuple[tuple[Any, ...], str]:
    errors = _errors(data)
    assert len(errors) == 1, errors
    return errors[0]


# --------------------------------------------------------------------------------------
# valid specs
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "cls"),
    [
        ({"method": "direct", "points": {"cost": 25, "delivery": 20}}, DirectElicitation),
        ({"method": "swing", "swings": {"cost": 100, "delivery": 40}}, SwingElicitation),
        ({"method": "roc", "order": ["delivery", "cost"]}, RocElicitation),
        ({"method": "rank_sum", "order": ["delivery", "cost"]}, RankSumElicitation),
        ({"method": "rank_reciprocal", "order": ["cost"]}, RankReciprocalElicitation),
        (
            {"method": "ahp", "criteria": ["cost", "delivery"], "matrix": [[1, 3], [0.333, 1]]},
            AhpElicitation,
        ),
        ({"method": "entropy"}, EntropyElicitation),
        ({"method": "critic"}, CriticElicitation),
        ({"method": "critic", "correlation": "spearman"}, CriticElicitation),
    ],
)
def test_valid_specs_pick_their_model(data: dict[str, Any], cls: type) -> None:
    spec = ADAPTER.validate_python(data)
    assert isinstance(spec, cls)
    assert spec.method == data["method"]


def test_critic_defaults_to_pearson() -> None:
    assert ADAPTER.validate_python({"method": "critic"}).correlation == "pearson"


def test_ahp_accepts_fraction_strings() -> None:
    """Saaty's tables print 1/3; a planner can type it as such in YAML."""
    spec = ADAPTER.validate_python(
        {
            "method": "ahp",
            "criteria": ["a", "b", "c"],
            "matrix": [[1, 3, "1/5"], ["1/3", 1, "1/7"], [5, 7, 1]],
        }
    )
    assert spec.matrix[1][0] == pytest.approx(1 / 3)
    assert spec.matrix[0][2] == pytest.approx(0.2)


def test_specs_are_frozen_and_strict() -> None:
    spec = ADAPTER.validate_python({"method": "roc", "order": ["cost"]})
    with pytest.raises(ValidationError):
        spec.order = ["itb"]
    loc, msg = _one_error({"method": "roc", "order": ["cost"], "oder": ["x"]})
    assert loc == ("roc", "oder") and "Extra inputs are not permitted" in msg


def test_unknown_method_rejected() -> None:
    loc, msg = _one_error({"method": "topsis"})
    assert loc == () and "'direct'" in msg and "'ahp'" in msg


def test_json_schema_is_generated() -> None:
    """Editors complete and check the file from the JSON Schema: it must build, and a
    judgement may be a positive number or a fraction string."""
    schema = ADAPTER.json_schema()
    ahp = schema["$defs"]["AhpElicitation"]["properties"]["matrix"]
    cell = ahp["items"]["items"]
    assert {"type": "number", "exclusiveMinimum": 0} in cell["anyOf"]
    assert any(s.get("type") == "string" for s in cell["anyOf"])
    swings = schema["$defs"]["SwingElicitation"]["properties"]["swings"]
    assert list(swings["patternProperties"].values()) == [
        {"type": "number", "minimum": 0, "maximum": 100}
    ]


# --------------------------------------------------------------------------------------
# AHP matrix errors, each at its cell
# --------------------------------------------------------------------------------------


def test_ahp_non_reciprocal_points_at_the_cell() -> None:
    loc, msg = _one_error(
        {
            "method": "ahp",
            "criteria": ["cost", "delivery", "itb"],
            "matrix": [[1, 2, 3], [0.5, 1, 1], [3, 1, 1]],
        }
    )
    assert loc == ("ahp", "matrix", 2, 0)
    assert msg == (
        "matrix[2][0] is 3 (itb compared with cost) but matrix[0][2] is 3: a pairwise "
        "matrix must be reciprocal, so matrix[2][0] should be 1/3 ≈ 0.333"
    )


def test_ahp_every_problem_is_reported() -> None:
    errors = _errors(
        {
            "method": "ahp",
            "criteria": ["a", "b", "c"],
            "matrix": [[2, 2, 3], [0.5, 1, 4], [1, 1, 1]],
        }
    )
    locs = [loc for loc, _ in errors]
    assert locs == [("ahp", "matrix", 0, 0), ("ahp", "matrix", 2, 0), ("ahp", "matrix", 2, 1)]
    assert "set matrix[0][0] to 1" in errors[0][1]
    assert "matrix[2][1] should be 1/4 ≈ 0.25" in errors[2][1]


def test_ahp_reciprocal_tolerance_accepts_rounded_thirds() -> None:
    ADAPTER.validate_python(
        {"method": "ahp", "criteria": ["a", "b"], "matrix": [[1, 3], [0.33, 1]]}
    )
    loc, _ = _one_error({"method": "ahp", "criteria": ["a", "b"], "matrix": [[1, 3], [0.3, 1]]})
    assert loc == ("ahp", "matrix", 1, 0)


def test_ahp_non_square_points_at_the_row() -> None:
    loc, msg = _one_error(
        {"method": "ahp", "criteria": ["a", "b"], "matrix": [[1, 2], [0.5, 1, 1]]}
    )
    assert loc == ("ahp", "matrix", 1)
    assert "matrix[1] has 3 entries but the matrix has 2 rows" in msg


@pytest.mark.parametrize("bad", [0, -3, "0/3"])
def test_ahp_non_positive_points_at_the_cell(bad: Any) -> None:
    loc, msg = _one_error({"method": "ahp", "criteria": ["a", "b"], "matrix": [[1, bad], [1, 1]]})
    assert loc == ("ahp", "matrix", 0, 1)
    assert "positive ratio" in msg


def test_ahp_fraction_dividing_by_zero_rejected() -> None:
    loc, msg = _one_error({"method": "ahp", "criteria": ["a", "b"], "matrix": [[1, "1/0"], [1, 1]]})
    assert loc == ("ahp", "matrix", 0, 1) and "divides by zero" in msg


def test_ahp_size_must_match_criteria() -> None:
    loc, msg = _one_error(
        {"method": "ahp", "criteria": ["a", "b", "c"], "matrix": [[1, 2], [0.5, 1]]}
    )
    assert loc == ("ahp", "matrix")
    assert msg.startswith("the matrix has 2 rows but 3 criteria are listed")


def test_ahp_duplicate_criteria_rejected() -> None:
    loc, msg = _one_error({"method": "ahp", "criteria": ["a", "a"], "matrix": [[1, 2], [0.5, 1]]})
    assert loc == ("ahp", "criteria", 1) and "listed twice" in msg


def test_ahp_more_than_fifteen_criteria_rejected() -> None:
    n = 16
    errors = _errors(
        {"method": "ahp", "criteria": [f"c{i}" for i in range(n)], "matrix": [[1] * n] * n}
    )
    assert errors[0][0] == ("ahp", "criteria") and "at most 15" in errors[0][1]


def test_error_location_survives_nesting() -> None:
    """Inside a scenario the path is prefixed, so the reader still finds the cell."""

    class Holder(BaseModel):
        elicitation: Elicitation

    with pytest.raises(ValidationError) as info:
        Holder.model_validate(
            {"elicitation": {"method": "ahp", "criteria": ["a", "b"], "matrix": [[1, 3], [3, 1]]}}
        )
    assert info.value.errors()[0]["loc"] == ("elicitation", "ahp", "matrix", 1, 0)


def test_pairwise_problems_without_names() -> None:
    problems = pairwise_problems([[1, 3], [3, 1]])
    assert [p.loc for p in problems] == [(1, 0)]
    assert problems[0].message.startswith("matrix[1][0] is 3 but matrix[0][1] is 3:")


@pytest.mark.parametrize(
    ("a", "text"),
    [
        (3, "1/3 ≈ 0.333"),
        (7, "1/7 ≈ 0.143"),
        (0.333, "3"),
        (0.5, "2"),
        (1, "1"),
        (2.5, "1/2.5 ≈ 0.4"),
    ],
)
def test_reciprocal_text(a: float, text: str) -> None:
    assert reciprocal_text(a) == text


# --------------------------------------------------------------------------------------
# swing, direct and order errors
# --------------------------------------------------------------------------------------


def test_swing_needs_one_at_100() -> None:
    loc, msg = _one_error({"method": "swing", "swings": {"cost": 80, "delivery": 40}})
    assert loc == ("swing", "swings")
    assert "no swing is rated 100 (the largest is cost at 80)" in msg
    assert "100/80" in msg  # says how to fix it


def test_swing_several_at_100_allowed() -> None:
    spec = ADAPTER.validate_python({"method": "swing", "swings": {"cost": 100, "itb": 100, "x": 0}})
    assert spec.swings == {"cost": 100, "itb": 100, "x": 0}


def test_swing_above_100_points_at_the_criterion() -> None:
    loc, msg = _one_error({"method": "swing", "swings": {"cost": 100, "delivery": 140}})
    assert loc == ("swing", "swings", "delivery")
    assert "140 is above 100" in msg


def test_swing_negative_points_at_the_criterion() -> None:
    loc, _ = _one_error({"method": "swing", "swings": {"cost": 100, "delivery": -1}})
    assert loc == ("swing", "swings", "delivery")


def test_swing_all_zero_rejected() -> None:
    loc, msg = _one_error({"method": "swing", "swings": {"cost": 0, "delivery": 0}})
    assert loc == ("swing", "swings") and "every swing is 0" in msg


def test_swing_empty_rejected() -> None:
    loc, msg = _one_error({"method": "swing", "swings": {}})
    assert loc == ("swing", "swings") and "empty" in msg


def test_direct_all_zero_rejected() -> None:
    loc, msg = _one_error({"method": "direct", "points": {"cost": 0, "itb": 0}})
    assert loc == ("direct", "points")
    assert "every criterion has 0 points" in msg and "positive" in msg


def test_direct_negative_points_at_the_criterion() -> None:
    loc, _ = _one_error({"method": "direct", "points": {"cost": -5, "itb": 10}})
    assert loc == ("direct", "points", "cost")


def test_order_duplicate_points_at_the_repeat() -> None:
    loc, msg = _one_error({"method": "roc", "order": ["cost", "itb", "cost"]})
    assert loc == ("roc", "order", 2)
    assert "cost is listed twice (order[0] and order[2])" in msg
    assert "ties are not supported" in msg and "method: swing" in msg


def test_order_empty_rejected() -> None:
    loc, msg = _one_error({"method": "rank_sum", "order": []})
    assert loc == ("rank_sum", "order") and "most to least important" in msg


def test_order_names_must_be_identifiers() -> None:
    loc, _ = _one_error({"method": "roc", "order": ["Cost"]})
    assert loc == ("roc", "order", 0)


# --------------------------------------------------------------------------------------
# cross-checks against the scenario's criteria (run by the resolver)
# --------------------------------------------------------------------------------------

CRITERIA = ["cost", "delivery", "itb"]


def test_criteria_problems_direct_and_swing_flag_unknown_only() -> None:
    direct = DirectElicitation(method="direct", points={"cost": 1, "cots": 2})
    [p] = direct.criteria_problems(CRITERIA)
    assert p.loc == ("points", "cots")
    assert (
        p.message
        == "cots is not a criterion of this scenario (its criteria are: cost, delivery, itb)"
    )
    swing = SwingElicitation(method="swing", swings={"cost": 100})
    assert swing.criteria_problems(CRITERIA) == []  # missing criteria get 0, with a warning


def test_criteria_problems_order_flags_unknown_and_missing() -> None:
    spec = RocElicitation(method="roc", order=["cost", "speed"])
    problems = spec.criteria_problems(CRITERIA)
    assert [p.loc for p in problems] == [("order", 1), ("order",)]
    assert problems[1].message.startswith("criteria delivery, itb not in `order`")


def test_criteria_problems_ahp_flags_unknown_and_missing() -> None:
    spec = AhpElicitation(method="ahp", criteria=["cost", "speed"], matrix=[[1, 2], [0.5, 1]])
    problems = spec.criteria_problems(CRITERIA)
    assert [p.loc for p in problems] == [("criteria", 1), ("criteria",)]


def test_criteria_problems_data_driven_none() -> None:
    assert EntropyElicitation(method="entropy").criteria_problems(CRITERIA) == []
    assert CriticElicitation(method="critic").criteria_problems(CRITERIA) == []


def test_ahp_settings_name_a_random_index_table() -> None:
    """`ahp: {random_index: saaty | alonso_lamata}` (the engine's older spelling
    alonso-lamata is accepted); anything else is refused with the choices."""
    from diversify.model.elicitation import AhpSettings

    assert AhpSettings().random_index == "saaty"
    assert AhpSettings(random_index="alonso-lamata").random_index == "alonso_lamata"
    assert AhpSettings(random_index="Alonso_Lamata").random_index == "alonso_lamata"
    with pytest.raises(ValidationError, match="'saaty' or 'alonso_lamata'"):
        AhpSettings(random_index="forman")
