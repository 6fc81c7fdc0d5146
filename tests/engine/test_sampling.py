"""Weight and value samplers: exact distributions, constraints, reproducibility.

Statistical tests use fixed seeds, so they are deterministic; the thresholds (p > 0.001,
4 standard errors) would fail by chance less than once in a thousand seeds.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from diversify.engine.sampling import (
    check_weights,
    make_weight_sampler,
    margin_weights,
    ordered_weights,
    sample_values,
    uniform_simplex,
)


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _on_simplex(w: np.ndarray) -> bool:
    return bool(np.all(w >= 0) and np.allclose(w.sum(axis=1), 1.0, atol=1e-12))


# --- uniform simplex -----------------------------------------------------------------


def test_uniform_simplex_marginal_is_beta_1_n_minus_1() -> None:
    """Uniform on the simplex is Dirichlet(1,...,1); each marginal is Beta(1, n-1)
    (e.g. Devroye 1986, Non-Uniform Random Variate Generation, ch. XI). KS test, n = 3."""
    n = 3
    w = uniform_simplex(rng(1), 20_000, n)
    assert w.shape == (20_000, n) and _on_simplex(w)
    for j in range(n):
        assert stats.kstest(w[:, j], stats.beta(1, n - 1).cdf).pvalue > 0.001
    se = np.sqrt((n - 1) / (n**2 * (n + 1)) / w.shape[0])  # sd of Beta(1, n-1) / sqrt(N)
    assert np.all(np.abs(w.mean(axis=0) - 1 / n) < 4 * se)


def test_uniform_simplex_is_uniform_over_the_triangle() -> None:
    """Joint check for n = 3: the midpoint subdivision cuts the triangle into 4 congruent
    triangles, each with probability 1/4 under the uniform law (chi-square test)."""
    w = uniform_simplex(rng(2), 40_000, 3)
    corner = np.select([w[:, 0] > 0.5, w[:, 1] > 0.5, w[:, 2] > 0.5], [0, 1, 2], default=3)
    observed = np.bincount(corner, minlength=4)
    assert stats.chisquare(observed).pvalue > 0.001


@pytest.mark.parametrize("n", [2, 5, 8])
def test_uniform_simplex_other_sizes(n: int) -> None:
    w = uniform_simplex(rng(n), 10_000, n)
    assert _on_simplex(w)
    assert stats.kstest(w[:, 0], stats.beta(1, n - 1).cdf).pvalue > 0.001


def test_same_seed_same_arrays_and_different_seed_differs() -> None:
    assert np.array_equal(uniform_simplex(rng(5), 100, 4), uniform_simplex(rng(5), 100, 4))
    assert not np.array_equal(uniform_simplex(rng(5), 100, 4), uniform_simplex(rng(6), 100, 4))
    c = [0.4, 0.3, 0.2, 0.1]
    assert np.array_equal(margin_weights(rng(5), 100, c, 0.3), margin_weights(rng(5), 100, c, 0.3))
    assert np.array_equal(
        ordered_weights(rng(5), 100, [2, 0, 1]), ordered_weights(rng(5), 100, [2, 0, 1])
    )


# --- margin ----------------------------------------------------------------------------


def test_margin_weights_stay_in_box_and_on_simplex() -> None:
    c = np.array([0.25, 0.20, 0.20, 0.15, 0.20])
    w = margin_weights(rng(3), 20_000, c * 100, 0.2)  # points are fine, scaled to shares
    assert w.shape == (20_000, 5) and _on_simplex(w)
    assert np.all(w >= c * 0.8 - 1e-12) and np.all(w <= c * 1.2 + 1e-12)


def test_margin_weights_are_uniform_on_box_intersect_simplex() -> None:
    """Compare with the slow but obviously-uniform reference: uniform simplex draws kept
    only inside the box (two-sample KS per coordinate)."""
    c = np.array([0.5, 0.3, 0.2])
    margin = 0.4
    w = margin_weights(rng(4), 8_000, c, margin)
    ref = uniform_simplex(rng(40), 400_000, 3)
    ref = ref[np.all((ref >= c * (1 - margin)) & (ref <= c * (1 + margin)), axis=1)][:8_000]
    assert ref.shape[0] > 4_000
    for j in range(3):
        assert stats.ks_2samp(w[:, j], ref[:, j]).pvalue > 0.001


def test_margin_zero_and_zero_weight() -> None:
    c = np.array([0.5, 0.5, 0.0])
    assert np.array_equal(margin_weights(rng(), 3, c, 0.0), np.tile(c, (3, 1)))
    w = margin_weights(rng(), 1_000, c, 0.5)
    assert np.all(w[:, 2] == 0.0) and _on_simplex(w)


def test_margin_bad_inputs() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        margin_weights(rng(), 10, [0.5, 0.5], 1.5)
    with pytest.raises(ValueError, match="zero or more"):
        margin_weights(rng(), 10, [0.5, -0.5], 0.1)
    with pytest.raises(ValueError, match="at least one weight"):
        margin_weights(rng(), 10, [0.0, 0.0], 0.1)


# --- ordered ---------------------------------------------------------------------------


def test_ordered_weights_respect_order() -> None:
    order = [2, 0, 3, 1]
    w = ordered_weights(rng(7), 10_000, order)
    assert _on_simplex(w)
    assert np.all(np.diff(w[:, order], axis=1) <= 0)


def test_ordered_weights_are_uniform_on_the_ordered_region() -> None:
    """Reference: uniform simplex draws kept only when they respect the order."""
    order = [1, 0, 2]
    w = ordered_weights(rng(8), 5_000, order)
    ref = uniform_simplex(rng(80), 60_000, 3)
    ref = ref[(ref[:, 1] >= ref[:, 0]) & (ref[:, 0] >= ref[:, 2])][:5_000]
    assert ref.shape[0] == 5_000
    for j in range(3):
        assert stats.ks_2samp(w[:, j], ref[:, j]).pvalue > 0.001


def test_partial_order_leaves_other_criteria_free() -> None:
    w = ordered_weights(rng(9), 5_000, [3, 1], n=4)
    assert _on_simplex(w) and np.all(w[:, 3] >= w[:, 1])
    assert np.mean(w[:, 0] > w[:, 3]) > 0.1  # criterion 0 is not forced below


def test_ordered_bad_inputs() -> None:
    with pytest.raises(ValueError, match="twice"):
        ordered_weights(rng(), 5, [0, 1, 0])
    with pytest.raises(ValueError, match="outside"):
        ordered_weights(rng(), 5, [0, 4], n=3)


# --- factory ---------------------------------------------------------------------------


def test_make_weight_sampler_kinds_and_errors() -> None:
    assert make_weight_sampler("simplex", n=3)(rng(), 7).shape == (7, 3)
    s = make_weight_sampler("margin", n=2, weights=[3, 1], margin=0.1)
    assert np.all(np.abs(s(rng(), 50)[:, 0] - 0.75) <= 0.075 + 1e-12)
    o = make_weight_sampler("ordered", n=3, order_idx=[2, 1, 0])
    assert np.all(np.diff(o(rng(), 50)[:, [2, 1, 0]], axis=1) <= 0)
    with pytest.raises(ValueError, match="needs the current weights"):
        make_weight_sampler("margin", n=2)
    with pytest.raises(ValueError, match="expected 3 weights"):
        make_weight_sampler("margin", n=3, weights=[1, 1])
    with pytest.raises(ValueError, match="outside"):
        make_weight_sampler("ordered", n=2, order_idx=[0, 2])
    with pytest.raises(ValueError, match="unknown weight sampling"):
        make_weight_sampler("dirichlet", n=2)  # type: ignore[arg-type]


def test_check_weights_scales_points_to_shares() -> None:
    assert np.allclose(check_weights([25, 25, 50]), [0.25, 0.25, 0.5])
    with pytest.raises(ValueError, match="finite"):
        check_weights([np.nan, 1])


# --- values ----------------------------------------------------------------------------

VALUES = np.array([[0.5, 1.0], [0.2, 0.0]])
LOW = np.array([[0.3, 1.0], [0.0, 0.0]])
HIGH = np.array([[0.9, 1.0], [0.2, 0.0]])


def test_uniform_values_within_range_and_uniform() -> None:
    x = sample_values(rng(10), 20_000, VALUES, LOW, HIGH, "uniform")
    assert x.shape == (20_000, 2, 2)
    assert np.all(x >= LOW) and np.all(x <= HIGH)
    assert np.all(x[:, 0, 1] == 1.0) and np.all(x[:, 1, 1] == 0.0)  # no range: fixed
    assert stats.kstest(x[:, 0, 0], stats.uniform(0.3, 0.6).cdf).pvalue > 0.001


def test_triangular_values_follow_triangular_law() -> None:
    """Triangular(low 0.3, mode 0.5, high 0.9), checked against scipy.stats.triang."""
    x = sample_values(rng(11), 20_000, VALUES, LOW, HIGH, "triangular")
    ref = stats.triang(c=(0.5 - 0.3) / 0.6, loc=0.3, scale=0.6)
    assert stats.kstest(x[:, 0, 0], ref.cdf).pvalue > 0.001
    # mode at the upper end of the range (value == high): still valid
    assert np.all((x[:, 1, 0] >= 0.0) & (x[:, 1, 0] <= 0.2))
    assert stats.kstest(x[:, 1, 0], stats.triang(c=1.0, loc=0.0, scale=0.2).cdf).pvalue > 0.001


def test_triangular_draws_are_the_inverse_cdf_as_written() -> None:
    """The draws are the inverse CDF computed one operation at a time, bit for bit (the
    sampler works in place to save memory; results must not move by a rounding)."""
    u = rng(14).random((300, 2, 2))
    lo, v, hi = np.minimum(LOW, VALUES), VALUES, np.maximum(HIGH, VALUES)
    width = hi - lo
    with np.errstate(invalid="ignore", divide="ignore"):
        f_mode = np.where(width > 0, (v - lo) / np.where(width > 0, width, 1.0), 0.0)
    expected = np.where(
        u < f_mode,
        lo + np.sqrt(u * width * (v - lo)),
        hi - np.sqrt((1.0 - u) * width * (hi - v)),
    )
    got = sample_values(rng(14), 300, VALUES, LOW, HIGH, "triangular")
    assert got.tobytes() == expected.tobytes()


def test_fixed_values_broadcast_without_copy() -> None:
    x = sample_values(rng(), 1_000_000, VALUES, LOW, HIGH, "fixed")
    assert x.shape == (1_000_000, 2, 2) and not x.flags.writeable
    assert np.array_equal(x[123], VALUES)


def test_low_high_in_either_order() -> None:
    """For a criterion to minimise, the raw low maps to the higher value."""
    a = sample_values(rng(12), 100, VALUES, HIGH, LOW, "uniform")
    b = sample_values(rng(12), 100, VALUES, LOW, HIGH, "uniform")
    assert np.array_equal(a, b)


def test_values_same_seed_identical() -> None:
    for kind in ("uniform", "triangular"):
        a = sample_values(rng(13), 500, VALUES, LOW, HIGH, kind)  # type: ignore[arg-type]
        b = sample_values(rng(13), 500, VALUES, LOW, HIGH, kind)  # type: ignore[arg-type]
        assert np.array_equal(a, b)


def test_value_outside_its_range_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"option 0, criterion 0: the value 0.5 is outside"):
        sample_values(rng(), 5, VALUES, LOW + np.array([[0.3, 0.0], [0.0, 0.0]]), HIGH, "uniform")
    with pytest.raises(ValueError, match="shape"):
        sample_values(rng(), 5, VALUES, LOW[:1], HIGH, "uniform")
    with pytest.raises(ValueError, match="unknown value sampling"):
        sample_values(rng(), 5, VALUES, LOW, HIGH, "normal")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="number of samples"):
        sample_values(rng(), -1, VALUES, LOW, HIGH, "uniform")
