"""Random weight vectors and criterion values for the SMAA-2 Monte Carlo analysis.

Written by hand: scikit-criteria has no samplers over the weight simplex, and SMAA needs
exactly uniform draws for its acceptability indices to mean "share of all admissible
weightings" (Lahdelma & Salminen 2001, SMAA-2, Operations Research 49(3):444-454;
Tervonen & Figueira 2008, J. Multi-Crit. Decis. Anal. 15:1-14, section 3).

Every sampler takes a :class:`numpy.random.Generator` and returns a new ``float64`` array;
none reads global random state, so a caller that seeds the generator gets identical arrays
for identical calls.

Weight samplers (each returns ``(n_samples, n)`` rows on the simplex: non-negative, sum 1):

* :func:`uniform_simplex`: any weighting, uniform (Dirichlet(1, ..., 1)), by normalised
  standard exponentials, which is exact (Devroye 1986, Non-Uniform Random Variate
  Generation, ch. XI, 4.1; Rubinstein & Kroese 2017, Simulation and the Monte Carlo
  Method, 3rd ed., 2.5.5).
* :func:`margin_weights`: uniform on {w on the simplex : |w_j - c_j| <= margin * c_j}, by
  rejection (exactly uniform; see the function's docstring for why it is efficient).
* :func:`ordered_weights`: uniform on {w on the simplex : w_o1 >= w_o2 >= ...} by sorting
  a uniform simplex draw (exact, by symmetry).

:func:`sample_values` draws the value matrix per sample (uniform or triangular per cell).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]

WeightSampler = Callable[[np.random.Generator, int], FloatArray]
"""``sampler(rng, n_samples) -> (n_samples, n)`` weight rows on the simplex."""

WeightKind = Literal["simplex", "margin", "ordered"]
ValueKind = Literal["fixed", "uniform", "triangular"]

_MAX_REJECTION_ROUNDS = 10_000


def _check_count(n_samples: int) -> int:
    if isinstance(n_samples, bool) or int(n_samples) != n_samples or n_samples < 0:
        raise ValueError(
            f"the number of samples must be a whole number, 0 or more (got {n_samples})"
        )
    return int(n_samples)


def check_weights(weights: ArrayLike, n: int | None = None) -> FloatArray:
    """Validate a weight vector and return it as a new float array scaled to sum 1.

    Weights are accepted in any positive scale (points or shares) because profiles are
    written in points; only their ratios matter to an additive score.
    """
    w = np.array(weights, dtype=np.float64, copy=True)
    if w.ndim != 1 or w.size == 0:
        raise ValueError(
            f"weights must be a flat list of numbers, one per criterion (got shape {w.shape})"
        )
    if n is not None and w.size != n:
        raise ValueError(f"expected {n} weights, one per criterion, but got {w.size}")
    if not np.all(np.isfinite(w)):
        raise ValueError("weights must be finite numbers (no NaN or infinity)")
    if np.any(w < 0):
        raise ValueError(f"weights must be zero or more (got {w.tolist()})")
    total = w.sum()
    if total <= 0:
        raise ValueError("at least one weight must be above zero")
    return w / total


def uniform_simplex(rng: np.random.Generator, n_samples: int, n: int) -> FloatArray:
    """Draw ``n_samples`` weight vectors uniformly from the ``n``-criteria simplex.

    If E_1..E_n are i.i.d. standard exponentials, E / sum(E) is Dirichlet(1, ..., 1), the
    uniform distribution on the simplex. Each marginal w_j is then Beta(1, n - 1), with mean
    1/n; the tests check that distribution with a Kolmogorov-Smirnov test.
    """
    n_samples = _check_count(n_samples)
    if n < 1:
        raise ValueError(f"need at least one criterion to sample weights (got n={n})")
    e = rng.standard_exponential((n_samples, n))
    e /= e.sum(axis=1, keepdims=True)
    return e


def margin_weights(
    rng: np.random.Generator, n_samples: int, weights: ArrayLike, margin: float
) -> FloatArray:
    """Draw weights uniformly from the box ``c_j * (1 +/- margin)`` intersected with the simplex.

    ``weights`` (the current weights ``c``) are scaled to sum 1 first. A criterion with zero
    weight stays at zero (a relative margin around zero is zero).

    Method: rejection, which is exactly uniform on the intersection. The simplex is the
    hyperplane sum(w) = 1, so a point on it is fixed by all coordinates but one; the
    projection that drops one coordinate is linear, so a uniform draw of the other n - 1
    coordinates in their boxes, with the dropped coordinate set to 1 - (their sum) and
    accepted only if it falls inside its own box, is uniform on the intersection. The
    dropped coordinate is the one with the largest weight (widest box), which keeps the
    acceptance rate high: about 50% for 8 equal weights, 30% for 20, whatever the margin.
    Re-normalising box draws instead would not be uniform (it piles mass towards the centre)
    and could leave the box, so it is not used.
    """
    n_samples = _check_count(n_samples)
    c = check_weights(weights)
    if not 0.0 <= margin <= 1.0 or not np.isfinite(margin):
        raise ValueError(f"the weight margin must be between 0 and 1 (got {margin})")
    n = c.size
    lo = np.clip(c * (1.0 - margin), 0.0, 1.0)
    hi = np.clip(c * (1.0 + margin), 0.0, 1.0)
    if margin == 0.0 or n == 1:
        return np.tile(c, (n_samples, 1))

    dep = int(np.argmax(c))
    free = np.array([j for j in range(n) if j != dep], dtype=np.intp)
    out = np.empty((n_samples, n), dtype=np.float64)
    filled = 0
    for _ in range(_MAX_REJECTION_ROUNDS):
        if filled == n_samples:
            break
        need = n_samples - filled
        # Draw a little more than the expected need so most calls finish in one round.
        batch = max(64, int(need * 2.5))
        u = rng.random((batch, free.size))
        cand = lo[free] + u * (hi[free] - lo[free])
        last = 1.0 - cand.sum(axis=1)
        ok = (last >= lo[dep]) & (last <= hi[dep])
        take = np.flatnonzero(ok)[:need]
        k = take.size
        out[filled : filled + k, free] = cand[take]
        out[filled : filled + k, dep] = last[take]
        filled += k
    else:  # pragma: no cover - the acceptance rate is bounded away from zero
        raise RuntimeError("margin weight sampling did not converge; this is a bug")
    return out


def ordered_weights(
    rng: np.random.Generator,
    n_samples: int,
    order_idx: Sequence[int],
    *,
    n: int | None = None,
) -> FloatArray:
    """Draw weights uniformly from the simplex subject to ``w[o0] >= w[o1] >= ...``.

    ``order_idx`` lists criterion positions from most to least important. With ``n`` given
    and larger than ``len(order_idx)``, the unlisted criteria are unconstrained.

    Method: draw a uniform simplex point and sort the listed coordinates in descending
    order into the listed positions. The uniform distribution is invariant under
    permutations of those coordinates, and sorting maps each of the k! permuted copies of
    the ordered region onto it, so the result is uniform on the ordered region (exact, no
    rejection).
    """
    n_samples = _check_count(n_samples)
    idx = np.asarray(order_idx, dtype=np.intp)
    n_total = idx.size if n is None else n
    if idx.ndim != 1 or idx.size == 0:
        raise ValueError("the order of importance must list at least one criterion")
    if np.unique(idx).size != idx.size:
        raise ValueError(f"the order of importance lists a criterion twice: {idx.tolist()}")
    if idx.min() < 0 or idx.max() >= n_total:
        raise ValueError(f"criterion positions {idx.tolist()} are outside 0..{n_total - 1}")
    w = uniform_simplex(rng, n_samples, n_total)
    w[:, idx] = -np.sort(-w[:, idx], axis=1)
    return w


def make_weight_sampler(
    kind: WeightKind,
    *,
    n: int,
    weights: ArrayLike | None = None,
    margin: float = 0.2,
    order_idx: Sequence[int] | None = None,
) -> WeightSampler:
    """Return ``sampler(rng, n_samples)`` for one of the three weight distributions.

    Arguments are validated now, so a bad margin or order fails before any sampling.
    """
    if kind == "simplex":
        return lambda rng, k: uniform_simplex(rng, k, n)
    if kind == "margin":
        if weights is None:
            raise ValueError("margin sampling needs the current weights")
        c = check_weights(weights, n)
        if not 0.0 <= margin <= 1.0:
            raise ValueError(f"the weight margin must be between 0 and 1 (got {margin})")
        return lambda rng, k: margin_weights(rng, k, c, margin)
    if kind == "ordered":
        if not order_idx:
            raise ValueError("ordered sampling needs the order of importance")
        order = tuple(int(i) for i in order_idx)
        ordered_weights(np.random.default_rng(0), 0, order, n=n)  # validate now
        return lambda rng, k: ordered_weights(rng, k, order, n=n)
    raise ValueError(f"unknown weight sampling {kind!r}; use simplex, margin or ordered")


def check_value_ranges(
    values: ArrayLike, low: ArrayLike | None, high: ArrayLike | None
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate ``values`` and its ranges; return ``(values, lo, hi)`` as new float arrays.

    ``low``/``high`` are the value-function images of a figure's low and high raw
    figures. For a criterion to minimise (cost, delivery) the raw low maps to the *higher*
    value, so each cell's pair is put in order here (lo = min, hi = max). Missing ranges
    mean no uncertainty (lo = hi = values). The stated value must lie within its range.
    """
    v = np.array(values, dtype=np.float64, copy=True)
    if v.ndim != 2:
        raise ValueError(f"values must be a table of options x criteria (got shape {v.shape})")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite numbers (no NaN or infinity)")
    a = v.copy() if low is None else np.array(low, dtype=np.float64, copy=True)
    b = v.copy() if high is None else np.array(high, dtype=np.float64, copy=True)
    for name, arr in (("low", a), ("high", b)):
        if arr.shape != v.shape:
            raise ValueError(f"the {name} values have shape {arr.shape}, expected {v.shape}")
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"the {name} values must be finite numbers (no NaN or infinity)")
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    tol = 1e-9
    outside = (v < lo - tol) | (v > hi + tol)
    if np.any(outside):
        i, j = (int(x) for x in np.argwhere(outside)[0])
        raise ValueError(
            f"option {i}, criterion {j}: the value {v[i, j]:.6g} is outside its range "
            f"{lo[i, j]:.6g}..{hi[i, j]:.6g}; the stated figure must lie between low and high"
        )
    # Widen by the tolerance's worth so the stated value is exactly inside its range.
    return v, np.minimum(lo, v), np.maximum(hi, v)


def sample_values(
    rng: np.random.Generator,
    n_samples: int,
    values: ArrayLike,
    low: ArrayLike | None,
    high: ArrayLike | None,
    kind: ValueKind,
) -> FloatArray:
    """Draw ``n_samples`` value matrices, shape ``(n_samples, m, n)``, one random value per cell.

    ``uniform`` draws each cell uniformly on [lo, hi]; ``triangular`` draws from the
    triangular distribution on [lo, hi] with its mode at the stated value (a common
    three-point estimate: low, most likely, high). Cells without a range (lo == hi) stay
    fixed. ``fixed`` returns the stated values repeated (a read-only broadcast view, no
    memory per sample).

    Sampling happens on the value (0..1 preference) scale. For a linear value function this
    is the same as sampling the raw figure; for a piecewise or level function it is not,
    and the draw is uniform (or triangular) in preference, not in the raw unit. Both kinds
    use exactly one uniform number per cell (inverse-CDF), so a seed fixes the same
    underlying stream whichever is chosen.
    """
    n_samples = _check_count(n_samples)
    if kind not in ("fixed", "uniform", "triangular"):
        raise ValueError(f"unknown value sampling {kind!r}; use fixed, uniform or triangular")
    v, lo, hi = check_value_ranges(values, low, high)
    return draw_values(rng, n_samples, v, lo, hi, kind)


def draw_values(
    rng: np.random.Generator,
    n_samples: int,
    v: FloatArray,
    lo: FloatArray,
    hi: FloatArray,
    kind: ValueKind,
) -> FloatArray:
    """:func:`sample_values` without the checks, for inputs from :func:`check_value_ranges`.

    SMAA calls this once per block of samples; validating the same matrices every time
    would be wasted work.
    """
    if kind == "fixed":
        return np.broadcast_to(v, (n_samples, *v.shape))
    u = rng.random((n_samples, *v.shape))
    width = hi - lo
    if kind == "uniform":
        u *= width
        u += lo
        return u
    # Triangular: inverse CDF of Triangular(a=lo, c=v, b=hi). numpy's own `triangular`
    # refuses cells with lo == hi, which are common here (figures without a range).
    with np.errstate(invalid="ignore", divide="ignore"):
        f_mode = np.where(width > 0, (v - lo) / np.where(width > 0, width, 1.0), 0.0)
    left = u < f_mode
    # x_left = lo + sqrt(u * width * (v - lo)) and x_right = hi - sqrt((1 - u) * width *
    # (hi - v)), each operation as written (so the same bits), but in two buffers: a new
    # array per operation cost more in page faults than in arithmetic on large draws.
    x_left = u * width
    x_left *= v - lo
    np.sqrt(x_left, out=x_left)
    x_left += lo
    np.subtract(1.0, u, out=u)
    u *= width
    u *= hi - v
    np.sqrt(u, out=u)
    np.subtract(hi, u, out=u)
    np.copyto(u, x_left, where=left)
    return u
