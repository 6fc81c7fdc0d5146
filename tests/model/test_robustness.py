"""The scenario's ``robustness:`` section: defaults, valid forms and plain-English errors."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from diversify.model.robustness import RobustnessSpec


def _error(**kwargs: object) -> tuple[tuple[object, ...], str]:
    with pytest.raises(ValidationError) as info:
        RobustnessSpec(**kwargs)  # type: ignore[arg-type]
    errors = info.value.errors()
    assert len(errors) == 1, errors
    return errors[0]["loc"], errors[0]["msg"]


def test_defaults_are_documented_values() -> None:
    spec = RobustnessSpec()
    assert spec.samples == 10_000
    assert spec.seed == 0
    assert spec.weights == "margin"
    assert spec.margin == 0.2
    assert spec.order is None
    assert spec.values == "uniform"
    assert spec.chunk_size == 50_000


def test_design_example_validates() -> None:
    """DESIGN.md's scenario writes `robustness: {samples: 20000, seed: 7}`."""
    spec = RobustnessSpec.model_validate({"samples": 20000, "seed": 7})
    assert (spec.samples, spec.seed) == (20000, 7)


def test_ordered_weights_with_order_and_indices() -> None:
    spec = RobustnessSpec(weights="ordered", order=["delivery", "cost"])
    assert spec.order_indices(["cost", "delivery", "itb"]) == (1, 0)


def test_order_indices_names_unknown_criteria() -> None:
    spec = RobustnessSpec(weights="ordered", order=["delivery", "speed"])
    with pytest.raises(ValueError, match="unknown criteria: speed"):
        spec.order_indices(["cost", "delivery"])


@pytest.mark.parametrize("samples", [0, -5])
def test_zero_or_negative_samples_rejected(samples: int) -> None:
    loc, msg = _error(samples=samples)
    assert loc == ("samples",)
    assert "greater than zero" in msg and f"got {samples}" in msg
    assert "samples: 10000" in msg  # says how to fix it


def test_fractional_samples_rejected() -> None:
    loc, msg = _error(samples=2.5)
    assert loc == ("samples",) and "whole number" in msg


def test_boolean_samples_rejected() -> None:
    loc, msg = _error(samples=True)
    assert loc == ("samples",) and "true/false" in msg


@pytest.mark.parametrize("margin", [-0.1, 1.5])
def test_margin_outside_unit_interval_rejected(margin: float) -> None:
    loc, msg = _error(margin=margin)
    assert loc == ("margin",)
    assert "between 0 and 1" in msg and "0.2 means +/-20%" in msg


def test_negative_seed_rejected() -> None:
    loc, msg = _error(seed=-1)
    assert loc == ("seed",) and "zero or more" in msg


def test_zero_chunk_size_rejected() -> None:
    loc, msg = _error(chunk_size=0)
    assert loc == ("chunk_size",) and "greater than zero" in msg


def test_order_without_ordered_weights_rejected() -> None:
    loc, msg = _error(order=["cost", "delivery"])
    assert loc == ("order",)
    assert "only used with `weights: ordered`" in msg and "remove `order`" in msg


def test_ordered_weights_without_order_rejected() -> None:
    loc, msg = _error(weights="ordered")
    assert loc == ("order",) and "needs `order`" in msg


def test_duplicated_order_names_rejected() -> None:
    loc, msg = _error(weights="ordered", order=["cost", "delivery", "cost"])
    assert loc == ("order",) and "cost more than once" in msg


def test_unknown_key_and_kind_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        RobustnessSpec.model_validate({"sample": 100})
    with pytest.raises(ValidationError):
        RobustnessSpec.model_validate({"weights": "dirichlet"})
    with pytest.raises(ValidationError):
        RobustnessSpec.model_validate({"values": "normal"})


def test_spec_is_frozen() -> None:
    spec = RobustnessSpec()
    with pytest.raises(ValidationError):
        spec.samples = 5  # type: ignore[misc]
