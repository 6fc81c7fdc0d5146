"""Parameter models of the ranking methods: defaults, aliases, and every bad path."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from diversify.model.methods import (
    METHOD_PARAMS,
    PREFERENCE_TYPES,
    Electre1Params,
    MavtParams,
    PreferenceFunction,
    PrometheeParams,
    TopsisParams,
    VikorParams,
    WpmParams,
    WsmParams,
)


def test_method_params_cover_every_method_with_a_model() -> None:
    assert set(METHOD_PARAMS) == {
        "mavt",
        "wsm",
        "wpm",
        "topsis",
        "vikor",
        "electre1",
        "promethee2",
    }
    for model in METHOD_PARAMS.values():
        model()  # every method runs on its defaults


def test_defaults_are_the_textbook_ones() -> None:
    assert TopsisParams().metric == "euclidean"
    assert VikorParams().v == 0.5
    assert (Electre1Params().p, Electre1Params().q) == (0.65, 0.35)
    assert PrometheeParams().functions == {}
    assert MavtParams() == MavtParams()


@pytest.mark.parametrize("model", [MavtParams, WsmParams, WpmParams])
def test_parameterless_methods_reject_any_key(model: type) -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        model(v=0.5)


@pytest.mark.parametrize(
    ("model", "kwargs"),
    [
        (VikorParams, {"v": 1.5}),
        (VikorParams, {"v": -0.1}),
        (VikorParams, {"v": float("nan")}),
        (Electre1Params, {"p": 1.2}),
        (Electre1Params, {"q": -0.1}),
        (TopsisParams, {"metric": "manhattan"}),
        (TopsisParams, {"metrc": "euclidean"}),
    ],
)
def test_out_of_range_or_misspelt_parameters_are_rejected(model: type, kwargs: dict) -> None:
    with pytest.raises(ValidationError):
        model(**kwargs)


def test_params_are_frozen() -> None:
    params = VikorParams(v=0.3)
    with pytest.raises(ValidationError):
        params.v = 0.9  # type: ignore[misc]


# --- PROMETHEE preference functions -------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        (1, "usual"),
        (2, "u-shape"),
        (3, "v-shape"),
        (4, "level"),
        (5, "v-shape-indifference"),
        (6, "gaussian"),
        ("5", "v-shape-indifference"),
        ("linear", "v-shape-indifference"),
        ("Linear", "v-shape-indifference"),
        ("U_Shape", "u-shape"),
        (" v shape ", "v-shape"),
    ],
)
def test_type_aliases_follow_brans_and_vincke_numbering(given: object, canonical: str) -> None:
    thresholds = {
        "usual": {},
        "u-shape": {"q": 1},
        "v-shape": {"p": 2},
        "level": {"q": 1, "p": 2},
        "v-shape-indifference": {"q": 1, "p": 2},
        "gaussian": {"s": 1},
    }[canonical]
    assert PreferenceFunction(type=given, **thresholds).type == canonical


def test_preference_types_are_listed_in_brans_and_vincke_order() -> None:
    assert PREFERENCE_TYPES[0] == "usual"
    assert PREFERENCE_TYPES[5] == "gaussian"


@pytest.mark.parametrize("bad_type", [0, 7, True, "triangle", "linearish", None])
def test_unknown_types_are_rejected(bad_type: object) -> None:
    with pytest.raises(ValidationError, match=r"unknown preference function type .* number 1-6"):
        PreferenceFunction(type=bad_type)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type": "u-shape"}, "needs q, the indifference threshold"),
        ({"type": "v-shape"}, "needs p, the preference threshold"),
        ({"type": "level", "q": 1}, "needs p"),
        ({"type": "level", "p": 1}, "needs q"),
        ({"type": "linear"}, "needs q, the indifference threshold .* and p, the preference"),
        ({"type": "gaussian"}, "needs s"),
        ({"type": "usual", "p": 3}, "takes no thresholds, so p would be ignored; remove it"),
        ({"type": "u-shape", "q": 1, "s": 2}, "takes q, so s would be ignored"),
        ({"type": "gaussian", "s": 2, "q": 1}, "takes s, so q would be ignored"),
        ({"type": "usual", "q": 1, "p": 2}, "so q and p would be ignored; remove them"),
        ({"type": "v-shape", "p": 0}, "p greater than zero"),
        ({"type": "gaussian", "s": 0}, "s greater than zero"),
        ({"type": "level", "q": 5, "p": 2}, r"q \(5\) must not exceed .* p \(2\)"),
        ({"type": "linear", "q": 5, "p": 2}, "must not exceed"),
    ],
)
def test_thresholds_must_match_the_type(kwargs: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        PreferenceFunction(**kwargs)


@pytest.mark.parametrize("field", ["q", "p", "s"])
def test_thresholds_must_be_finite_and_non_negative(field: str) -> None:
    with pytest.raises(ValidationError):
        PreferenceFunction(type="usual", **{field: -1.0})
    with pytest.raises(ValidationError):
        PreferenceFunction(type="usual", **{field: float("inf")})


def test_equal_thresholds_are_allowed_for_level_and_linear() -> None:
    assert PreferenceFunction(type="level", q=2, p=2).p == 2
    assert PreferenceFunction(type="linear", q=0, p=0).q == 0


def test_promethee_params_validate_each_function_and_default_to_usual() -> None:
    params = PrometheeParams(
        functions={"delivery": {"type": "linear", "q": 2, "p": 12}, "cost": {"type": 1}}
    )
    assert params.functions["delivery"] == PreferenceFunction(
        type="v-shape-indifference", q=2, p=12
    )
    assert params.functions["cost"].type == "usual"
    assert PreferenceFunction().type == "usual"
    with pytest.raises(ValidationError, match="needs p"):
        PrometheeParams(functions={"delivery": {"type": "v-shape"}})
    with pytest.raises(ValidationError, match="Extra inputs"):
        PrometheeParams(functions={"delivery": {"type": "usual", "threshold": 3}})
