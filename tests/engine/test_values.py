"""Value functions: linear (fixed and local anchors), piecewise and levels."""

from __future__ import annotations

import math

import numpy as np

from diversify.engine.values import anchors, apply
from diversify.model.criteria import Criterion


def _crit(**kw: object) -> Criterion:
    return Criterion.model_validate({"id": "c", "name": "C", **kw})


def test_local_linear_scale_for_a_cost() -> None:
    """Lower is better: the cheapest option is worth 1, the dearest 0, linear between."""
    c = _crit(direction="min")
    raw = np.array([10.0, 15.0, 20.0])
    assert anchors(c, raw) == (20.0, 10.0)
    assert np.allclose(apply(c, raw), [1.0, 0.5, 0.0])


def test_worst_option_is_plain_zero_not_negative_zero() -> None:
    values = apply(_crit(direction="min"), np.array([10.0, 20.0]))
    assert math.copysign(1.0, values[1]) == 1.0


def test_fixed_anchors_clip_beyond() -> None:
    c = _crit(direction="min", value_function={"kind": "linear", "worst": 120, "best": 0})
    assert np.allclose(apply(c, np.array([0.0, 60.0, 150.0])), [1.0, 0.5, 0.0])


def test_local_scale_with_all_options_tied_gives_one() -> None:
    c = _crit(direction="max")
    assert np.allclose(apply(c, np.array([5.0, 5.0])), [1.0, 1.0])


def test_piecewise_interpolates_and_is_flat_beyond() -> None:
    c = _crit(
        value_function={"kind": "piecewise", "points": [[0, 0], [14, 0.5], [21, 0.8], [30, 1]]}
    )
    assert np.allclose(apply(c, np.array([-5.0, 7.0, 17.5, 40.0])), [0.0, 0.25, 0.65, 1.0])


def test_levels_pass_through_their_values() -> None:
    c = _crit(value_function={"kind": "levels", "levels": {"none": 0, "some": 0.4, "full": 1}})
    assert np.allclose(apply(c, np.array([0.0, 0.4, 1.0])), [0.0, 0.4, 1.0])


def test_explicit_scale_values_range_bounds_on_the_nominal_scale() -> None:
    """Range bounds are valued on the anchors of the nominal figures, then clipped."""
    c = _crit(direction="min")
    assert np.allclose(apply(c, np.array([5.0, 25.0]), scale=(20.0, 10.0)), [1.0, 0.0])
