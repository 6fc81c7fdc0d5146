"""PROMETHEE II outranking flows, written by hand because scikit-criteria has no PROMETHEE.

scikit-criteria (v0.10) ships TOPSIS, VIKOR, ELECTRE I/II and many others but no
PROMETHEE method, so this module implements it directly from the papers:

* Brans, J.P. & Vincke, Ph. (1985). A preference ranking organisation method (The
  PROMETHEE method for multiple criteria decision-making). Management Science 31(6),
  647-656: the six generalised criteria (preference functions).
* Brans, J.P., Vincke, Ph. & Mareschal, B. (1986). How to select and how to rank
  projects: the PROMETHEE method. European Journal of Operational Research 24, 228-238.
* Brans, J.P. & Mareschal, B. (2005). PROMETHEE methods. In Figueira, Greco & Ehrgott
  (eds.), Multiple Criteria Decision Analysis: State of the Art Surveys, ch. 5: flows
  normalised by (n - 1), so that phi+ and phi- lie in 0..1 and phi_net in -1..1.

For alternatives a, b and criterion j with direction o_j (+1 maximise, -1 minimise):

    d_j(a, b)  = o_j * (g_j(a) - g_j(b))              (advantage of a over b)
    P_j(a, b)  = H_j(d_j(a, b))                       (0..1, see ``preference``)
    pi(a, b)   = sum_j w_j P_j(a, b)                  (weights normalised to sum 1)
    phi+(a)    = 1/(n-1) sum_x pi(a, x)               (how strongly a outranks the others)
    phi-(a)    = 1/(n-1) sum_x pi(x, a)               (how strongly a is outranked)
    phi(a)     = phi+(a) - phi-(a)                    (PROMETHEE II net flow, ranks)

Everything is one broadcast over an (n, n, k) array of pairwise differences: no Python
loops over alternatives or criteria, so a few dozen options re-rank in well under a
millisecond. Inputs are never modified.

``promethee2`` is the bare function a reader can check against the papers; ``PrometheeII``
is the small object around it (the scikit-criteria idiom: a pure function plus a thin
class) that validates its inputs and ranks by net flow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import ArrayLike, NDArray

from diversify.model.methods import PREFERENCE_TYPES, PreferenceFunction

FloatArray = NDArray[np.float64]

_TYPE_CODE: dict[str, int] = {name: code for code, name in enumerate(PREFERENCE_TYPES)}


def preference(
    d: ArrayLike,
    kind: ArrayLike,
    q: ArrayLike = 0.0,
    p: ArrayLike = 0.0,
    s: ArrayLike = 1.0,
) -> FloatArray:
    """Degree of preference H(d) in 0..1 for advantages ``d`` (Brans & Vincke 1985, Fig. 1-6).

    ``kind`` holds type codes 0..5 in Brans & Vincke's order (usual, u-shape, v-shape,
    level, v-shape-indifference, gaussian); ``kind``, ``q``, ``p`` and ``s`` broadcast
    against ``d`` (typically one value per criterion, the last axis). Thresholds a type
    does not use are ignored. Non-positive advantages always give 0.
    """
    d = np.asarray(d, dtype=float)
    kind = np.asarray(kind)
    q = np.asarray(q, dtype=float)
    p = np.asarray(p, dtype=float)
    s = np.asarray(s, dtype=float)
    positive = d > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        usual = positive.astype(float)
        u_shape = (d > q).astype(float)
        v_shape = np.clip(d / p, 0.0, 1.0)
        level = np.where(d > p, 1.0, np.where(d > q, 0.5, 0.0))
        # q == p degenerates to a step at q (no ramp to divide by).
        ramp = np.where(p > q, (d - q) / (p - q), np.where(d > q, 1.0, 0.0))
        linear = np.clip(ramp, 0.0, 1.0)
        gaussian = 1.0 - np.exp(-(d**2) / (2.0 * s**2))
    shapes = np.select(
        [kind == code for code in range(len(PREFERENCE_TYPES))],
        [usual, u_shape, v_shape, level, linear, gaussian],
        default=np.nan,
    )
    return np.where(positive, shapes, 0.0)


def _function_arrays(
    functions: Sequence[PreferenceFunction],
) -> tuple[NDArray[np.int64], FloatArray, FloatArray, FloatArray]:
    """Per-criterion type codes and thresholds as arrays (unused thresholds neutral)."""
    kind = np.array([_TYPE_CODE[f.type] for f in functions], dtype=np.int64)
    q = np.array([f.q if f.q is not None else 0.0 for f in functions], dtype=float)
    p = np.array([f.p if f.p is not None else 0.0 for f in functions], dtype=float)
    s = np.array([f.s if f.s is not None else 1.0 for f in functions], dtype=float)
    return kind, q, p, s


def preference_matrix(
    raw: ArrayLike,
    objectives: ArrayLike,
    weights: ArrayLike,
    functions: Sequence[PreferenceFunction],
) -> FloatArray:
    """Aggregated preference index pi(a, b) for every ordered pair (n x n, zero diagonal).

    No validation: see ``PrometheeII`` for the checked entry point.
    """
    matrix = np.asarray(raw, dtype=float)
    direction = np.asarray(objectives, dtype=float)
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    kind, q, p, s = _function_arrays(functions)
    advantage = (matrix[:, None, :] - matrix[None, :, :]) * direction  # (n, n, k)
    return preference(advantage, kind, q, p, s) @ w


def promethee2(
    raw: ArrayLike,
    objectives: ArrayLike,
    weights: ArrayLike,
    functions: Sequence[PreferenceFunction],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """PROMETHEE I/II flows ``(phi_plus, phi_minus, phi_net)``, one value per alternative.

    ``raw`` is (n alternatives, k criteria) in the criteria's own units, ``objectives``
    +1 (maximise) / -1 (minimise) per criterion, ``weights`` non-negative (normalised here
    to sum 1), ``functions`` one ``PreferenceFunction`` per criterion. Flows are divided
    by n - 1 (Brans & Mareschal 2005), so phi_net always sums to zero. No validation.
    """
    return flows(preference_matrix(raw, objectives, weights, functions))


def flows(pi: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Leaving, entering and net flows of a preference matrix, each divided by n - 1."""
    others = pi.shape[0] - 1
    phi_plus = pi.sum(axis=1) / others
    phi_minus = pi.sum(axis=0) / others
    return phi_plus, phi_minus, phi_plus - phi_minus


def dense_rank(scores: ArrayLike, *, higher_is_better: bool = True) -> NDArray[np.int64]:
    """1-based dense ranks (ties share a rank, the next rank follows on), as scikit-criteria.

    Scores equal to 12 decimal places count as tied, so floating-point noise never splits
    a genuine tie and the same inputs always give the same ranks.
    """
    key = np.round(np.asarray(scores, dtype=float), 12)
    if higher_is_better:
        key = -key
    _, inverse = np.unique(key, return_inverse=True)
    return inverse.reshape(-1).astype(np.int64) + 1


@dataclass(frozen=True)
class PrometheeResult:
    """Flows and ranks of one PROMETHEE II evaluation (arrays are read-only)."""

    phi_plus: FloatArray
    phi_minus: FloatArray
    phi_net: FloatArray
    ranks: NDArray[np.int64]
    preference: FloatArray
    """The aggregated preference index pi(a, b) for every ordered pair (zero diagonal)."""


@dataclass(frozen=True)
class PrometheeII:
    """PROMETHEE II: rank alternatives by net outranking flow (1 = highest phi_net).

    ``functions`` holds one preference function per criterion, in column order; an empty
    tuple means ``usual`` for every criterion.
    """

    functions: tuple[PreferenceFunction, ...] = field(default=())

    def evaluate(
        self, raw: ArrayLike, objectives: ArrayLike, weights: ArrayLike
    ) -> PrometheeResult:
        """Validate the inputs, compute the flows and rank by net flow."""
        matrix = np.array(raw, dtype=float)
        if matrix.ndim != 2:
            raise ValueError(
                f"PROMETHEE needs a table of options by criteria; got {matrix.ndim} dimension(s)"
            )
        n_alt, n_crit = matrix.shape
        if n_alt < 2:
            raise ValueError("PROMETHEE compares options in pairs, so it needs at least two")
        if not np.all(np.isfinite(matrix)):
            raise ValueError("PROMETHEE needs every figure to be a finite number (no NaN)")
        direction = np.asarray(objectives, dtype=float)
        w = np.asarray(weights, dtype=float)
        if direction.shape != (n_crit,) or not np.all(np.isin(direction, (-1.0, 1.0))):
            raise ValueError(
                f"objectives must hold {n_crit} values, each +1 (maximise) or -1 (minimise)"
            )
        if w.shape != (n_crit,) or not np.all(np.isfinite(w)) or np.any(w < 0):
            raise ValueError(f"weights must hold {n_crit} finite values, each zero or more")
        if w.sum() <= 0:
            raise ValueError("at least one criterion needs a weight above zero")
        functions = self.functions or tuple(PreferenceFunction() for _ in range(n_crit))
        if len(functions) != n_crit:
            raise ValueError(
                f"PROMETHEE needs one preference function per criterion: got "
                f"{len(functions)} for {n_crit} criteria"
            )
        pi = preference_matrix(matrix, direction, w, functions)
        phi_plus, phi_minus, phi_net = flows(pi)
        ranks = dense_rank(phi_net, higher_is_better=True)
        for array in (phi_plus, phi_minus, phi_net, ranks, pi):
            array.setflags(write=False)
        return PrometheeResult(phi_plus, phi_minus, phi_net, ranks, pi)


__all__ = [
    "PrometheeII",
    "PrometheeResult",
    "dense_rank",
    "flows",
    "preference",
    "preference_matrix",
    "promethee2",
]
