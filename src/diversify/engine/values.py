"""Value functions: raw figures to 0..1 preferences, vectorised over options.

Hand-written: scikit-criteria scales whole matrices (min-max, vector, sum) but has no
per-criterion value functions with fixed anchors, analyst-drawn piecewise curves or
ordinal levels, which MAVT practice (Hiview, Logical Decisions) relies on.
"""

from __future__ import annotations

import numpy as np

from diversify.model.criteria import Criterion, LevelsFunction, LinearFunction, PiecewiseFunction


def local_anchors(criterion: Criterion, raw: np.ndarray) -> tuple[float, float]:
    """Worst and best raw values of a local linear scale: the range of the options compared."""
    finite = raw[np.isfinite(raw)]
    if finite.size == 0:
        return 0.0, 1.0
    lo, hi = float(finite.min()), float(finite.max())
    return (hi, lo) if criterion.direction == "min" else (lo, hi)


def anchors(criterion: Criterion, raw: np.ndarray) -> tuple[float, float] | None:
    """The (worst, best) anchors a linear criterion uses on these options, else None."""
    vf = criterion.value_function
    if not isinstance(vf, LinearFunction):
        return None
    if vf.worst is not None and vf.best is not None:
        return vf.worst, vf.best
    return local_anchors(criterion, raw)


def apply(
    criterion: Criterion, raw: np.ndarray, scale: tuple[float, float] | None = None
) -> np.ndarray:
    """Map raw figures of one criterion to 0..1 values.

    ``scale`` fixes the (worst, best) anchors of a linear function (used so that range
    bounds and samples are valued on the same local scale as the nominal figures).
    Levels criteria arrive already as level values, which are preferences.
    A local scale whose options all tie gives every option 1.0: the criterion then
    adds the same amount to every score and cannot change the ranking.
    """
    vf = criterion.value_function
    raw = np.asarray(raw, dtype=float)
    if isinstance(vf, LevelsFunction):
        return np.clip(raw, 0.0, 1.0)
    if isinstance(vf, PiecewiseFunction):
        xs = np.array([p[0] for p in vf.points], dtype=float)
        vs = np.array([p[1] for p in vf.points], dtype=float)
        return np.interp(raw, xs, vs)
    worst, best = scale if scale is not None else anchors(criterion, raw)  # type: ignore[misc]
    if worst == best:
        return np.ones_like(raw)
    # `+ 0.0` turns -0.0 (the worst option on a decreasing scale) into 0.0 for clean output.
    return np.clip((raw - worst) / (best - worst), 0.0, 1.0) + 0.0
