"""Weight elicitation: from a planner's judgements, or from the data, to criterion weights.

Every function returns a :class:`WeightResult` whose weights sum to 1, in the order of
the ``criteria`` passed in, with the method's own measures in ``details`` (AHP's
consistency ratio, the entropy of each criterion, ...) and anything the analyst should
know in ``warnings`` (inconsistent judgements, criteria left without weight).

Written by hand here, because scikit-criteria 0.10 has no subjective elicitation (its
weighters are all data-driven: equal, std, entropy, CRITIC, MEREC, Gini, RANCOM):

* :func:`direct` and :func:`swing`: points over their total (SMARTS swing weights,
  Edwards & Barron 1994).
* :func:`rank_order_centroid` (Barron & Barrett 1996), :func:`rank_sum` and
  :func:`rank_reciprocal` (Stillwell, Seaver & Edwards 1981): weights from an order.
* :func:`ahp`: Saaty's principal eigenvector, lambda_max, consistency index and ratio.

Taken from scikit-criteria, imported inside the functions (the CLI imports this module
at start-up; skcriteria brings pandas and friends, which only these two need):

* :func:`entropy` uses ``skcriteria.preprocessing.weighters.entropy_weights``. It applies
  ``scipy.stats.entropy`` to each column with log base m (the number of options), i.e.
  p_ij = x_ij / sum_i x_ij, E_j = -sum_i p_ij ln p_ij / ln m, w_j = (1 - E_j) / sum(1 - E):
  exactly the entropy method of Hwang & Yoon (1981), after Zeleny. skcriteria ignores the
  objectives, and so does the published method: the entropy of a column measures how much
  the options differ on it, whichever way is better. No preprocessing is needed, but the
  method is only defined for non-negative figures on a ratio scale, so negative figures
  or an all-zero column raise a clear ``ValueError`` (skcriteria would return NaN).
* :func:`critic` uses ``skcriteria.preprocessing.weighters.critic_weights``. It first
  scales every column from its worst (0) to its best (1) figure with
  ``matrix_scale_by_cenit_distance``, which honours minimise criteria: this is eq. (2) of
  Diakoulaki, Mavrotas & Papayannakis (1995), so minimise criteria need no inversion.
  Then C_j = sigma_j * sum_k (1 - r_jk) and w_j = C_j / sum C. skcriteria uses the
  population standard deviation; the sample one would scale every sigma_j by the same
  factor and leave the weights unchanged. We call the function, not the ``CRITIC``
  transformer, because the transformer warns on every minimise criterion, advice that
  does not apply once the scaling has put every criterion the right way up. A criterion
  with the same figure for every option would make skcriteria divide by zero (NaN): it
  carries no information, so it gets weight 0, the others are computed without it, and a
  warning says so.

AHP's random index (RI) is Saaty's table by default, the one his worked examples use:
n = 1..10: 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49 (Saaty 1980, *The
Analytic Hierarchy Process*, McGraw-Hill; the same values in every later Saaty text) and
n = 11..15: 1.51, 1.48, 1.56, 1.57, 1.59 from the same table (its dip at n = 12 comes
from a small simulation; some reprints give 1.54 there). ``random_index="alonso-lamata"``
uses the values of Alonso & Lamata (2006), *Consistency in the analytic hierarchy
process: a new approach*, IJUFKS 14(4), 445-459, from 100 000 random matrices:
0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551,
1.5713, 1.5838 for n = 3..15.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from diversify.model.elicitation import (
    MAX_AHP_CRITERIA,
    AhpElicitation,
    CriticElicitation,
    DirectElicitation,
    ElicitationProblem,
    EntropyElicitation,
    RankReciprocalElicitation,
    RankSumElicitation,
    RocElicitation,
    SwingElicitation,
    exact_reciprocal,
    fmt,
    order_problems,
    pairwise_priorities,
    pairwise_problems,
    points_problems,
    swing_problems,
)

Detail = float | bool | str | list[float]

SAATY_RANDOM_INDEX: tuple[float, ...] = (
    0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59,
)  # fmt: skip
"""Saaty (1980) random index for n = 1..15 (index n - 1)."""

ALONSO_LAMATA_RANDOM_INDEX: tuple[float, ...] = (
    0.0, 0.0, 0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854,
    1.5141, 1.5365, 1.5551, 1.5713, 1.5838,
)  # fmt: skip
"""Alonso & Lamata (2006) random index for n = 1..15 (index n - 1)."""

RANDOM_INDEX: Mapping[str, tuple[float, ...]] = {
    "saaty": SAATY_RANDOM_INDEX,
    "alonso_lamata": ALONSO_LAMATA_RANDOM_INDEX,
    "alonso-lamata": ALONSO_LAMATA_RANDOM_INDEX,
}
"""Random-index tables by name (``alonso-lamata`` kept as an older spelling)."""


def consistency_ratio(ci: float, n: int, random_index: str = "saaty") -> tuple[float, float]:
    """(RI, CR = CI / RI) for an n x n pairwise matrix; CR is 0 for n <= 2 (RI 0)."""
    if random_index not in RANDOM_INDEX:
        raise ValueError(f"random_index must be one of saaty, alonso_lamata (got {random_index!r})")
    if not 1 <= n <= MAX_AHP_CRITERIA:
        raise ValueError(f"a pairwise matrix has 1 to {MAX_AHP_CRITERIA} rows (got {n})")
    ri = RANDOM_INDEX[random_index][n - 1]
    return ri, (0.0 if n <= 2 else ci / ri)


CR_THRESHOLD = 0.10
"""Saaty's rule of thumb: a consistency ratio above 0.10 calls for revised judgements."""


@dataclass(frozen=True, eq=False)
class WeightResult:
    """Weights (summing to 1) for ``criteria``, how they were obtained, and caveats.

    ``weights`` is a read-only copy, so a result can be shared between the CLI, the TUI
    and the report without anyone changing it under the others' feet.
    """

    criteria: tuple[str, ...]
    weights: np.ndarray
    method: str
    details: dict[str, Detail] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        w = np.array(self.weights, dtype=float)
        w.setflags(write=False)
        object.__setattr__(self, "weights", w)
        object.__setattr__(self, "criteria", tuple(self.criteria))
        object.__setattr__(self, "warnings", tuple(self.warnings))

    def as_dict(self) -> dict[str, float]:
        """``{criterion: weight}`` with plain floats."""
        return {c: float(w) for c, w in zip(self.criteria, self.weights, strict=True)}


# --------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------


def _fail(problems: Sequence[ElicitationProblem] | Sequence[str], what: str = "") -> None:
    """Raise one ``ValueError`` listing every problem, if there is any."""
    if not problems:
        return
    msgs = [p.message if isinstance(p, ElicitationProblem) else p for p in problems]
    head = f"{what}: " if what else ""
    raise ValueError(head + "; ".join(msgs))


def _criteria(criteria: Sequence[str]) -> tuple[str, ...]:
    crit = tuple(criteria)
    if not crit:
        raise ValueError("no criteria to weight: give at least one criterion")
    dup = sorted(c for c, k in Counter(crit).items() if k > 1)
    if dup:
        raise ValueError(f"criteria {', '.join(dup)} are listed more than once; list each once")
    return crit


def _unknown_keys(keys: Sequence[str], crit: Sequence[str], where: str) -> list[str]:
    known = set(crit)
    return [
        f"{k} in {where} is not a criterion (the criteria are: {', '.join(crit)})"
        for k in keys
        if k not in known
    ]


def _these(names: Sequence[str]) -> tuple[str, str, str]:
    """Subject, pronoun and verb agreement for a list of criterion names."""
    if len(names) == 1:
        return f"criterion {names[0]}", "it", "has"
    return f"criteria {', '.join(names)}", "them", "have"


def _missing_warning(missing: Sequence[str], what: str) -> tuple[str, ...]:
    if not missing:
        return ()
    subject, them, _ = _these(missing)
    they = "it" if len(missing) == 1 else "they"
    return (f"{subject} got no {what}, so no weight; give {them} {what} if {they} should count",)


def _floats(x: np.ndarray) -> list[float]:
    return [float(v) for v in np.asarray(x, dtype=float)]


def _objectives(objectives: Any, n: int) -> np.ndarray:
    """Objectives as skcriteria's +1 (maximise) / -1 (minimise); strings max/min accepted."""
    if objectives is None:
        raise ValueError(
            "objectives are needed: +1 (or 'max') for each criterion to maximise, "
            "-1 (or 'min') for each to minimise"
        )
    out = []
    for o in list(objectives):
        if isinstance(o, str) and o.strip().lower() in ("max", "min"):
            out.append(1 if o.strip().lower() == "max" else -1)
        elif not isinstance(o, str) and o in (1, -1):
            out.append(int(o))
        else:
            raise ValueError(
                f"objective {o!r} is neither +1/'max' (more is better) "
                "nor -1/'min' (less is better)"
            )
    if len(out) != n:
        raise ValueError(f"{len(out)} objectives for {n} criteria: give one per criterion")
    return np.array(out, dtype=int)


def _raw(raw: Any, crit: Sequence[str], method: str) -> np.ndarray:
    if raw is None:
        raise ValueError(
            f"{method} weights are computed from the options' figures: pass the raw matrix "
            "(one row per option, one column per criterion) and the objectives"
        )
    x = np.array(raw, dtype=float)
    if x.ndim != 2 or x.shape[1] != len(crit):
        raise ValueError(
            f"the raw matrix has shape {x.shape} but there are {len(crit)} criteria: "
            "give one row per option and one column per criterion"
        )
    if x.shape[0] < 2:
        raise ValueError(
            f"{method} weights compare options, so they need at least two options "
            f"(got {x.shape[0]})"
        )
    bad = [crit[j] for j in range(x.shape[1]) if not np.isfinite(x[:, j]).all()]
    if bad:
        raise ValueError(
            f"criteria {', '.join(bad)} have missing or infinite figures: {method} weights "
            "need a finite figure for every option"
        )
    return x


# --------------------------------------------------------------------------------------
# points: direct and swing
# --------------------------------------------------------------------------------------


def normalise(points: Mapping[str, float], criteria: Sequence[str]) -> np.ndarray:
    """Points per criterion as weights summing to 1, in ``criteria`` order.

    A criterion without points gets 0. Raises ``ValueError`` for an unknown name (most
    often a typo), a negative or non-finite value, or when every point is zero.
    """
    crit = _criteria(criteria)
    pts = {k: float(v) for k, v in points.items()}
    _fail(_unknown_keys(list(pts), crit, "the points"))
    _fail(points_problems(pts))
    w = np.array([pts.get(c, 0.0) for c in crit], dtype=float)
    return w / w.sum()


def direct(points: Mapping[str, float], criteria: Sequence[str]) -> WeightResult:
    """Direct points, normalised: the weights a planner typed, made to sum to 1."""
    crit = _criteria(criteria)
    w = normalise(points, crit)
    missing = [c for c in crit if c not in points]
    return WeightResult(
        crit,
        w,
        "direct",
        {"points": [float(points.get(c, 0.0)) for c in crit]},
        _missing_warning(missing, "points"),
    )


def swing(swings: Mapping[str, float], criteria: Sequence[str]) -> WeightResult:
    """Swing weights: each swing's points (0..100, the best swing 100) over their total.

    The swing method (SMARTS; Edwards & Barron 1994) asks for the value of moving each
    criterion from its worst to its best level, so the weights reflect the ranges actually
    on offer, not abstract "importance".
    """
    crit = _criteria(criteria)
    sw = {k: float(v) for k, v in swings.items()}
    _fail(_unknown_keys(list(sw), crit, "the swings"))
    _fail(swing_problems(sw))
    w = normalise(sw, crit)
    missing = [c for c in crit if c not in sw]
    return WeightResult(
        crit,
        w,
        "swing",
        {"swings": [sw.get(c, 0.0) for c in crit]},
        _missing_warning(missing, "swing points"),
    )


# --------------------------------------------------------------------------------------
# rank-based weights
# --------------------------------------------------------------------------------------


def _ranks(order: Sequence[str], criteria: Sequence[str]) -> tuple[tuple[str, ...], np.ndarray]:
    """Validate an order against the criteria; return them and each criterion's rank (1 = top)."""
    crit = _criteria(criteria)
    order = list(order)
    _fail(order_problems(order), "the order of importance")
    problems = _unknown_keys(order, crit, "the order")
    listed = set(order)
    missing = [c for c in crit if c not in listed]
    if missing:
        problems.append(
            f"{'criterion' if len(missing) == 1 else 'criteria'} {', '.join(missing)} "
            "not in the order: a ranking must place every criterion, so add them where "
            "they belong (the least important last)"
        )
    _fail(problems)
    position = {c: i for i, c in enumerate(order)}
    return crit, np.array([position[c] + 1 for c in crit], dtype=int)


def _rank_result(
    method: str, crit: tuple[str, ...], ranks: np.ndarray, by_rank: np.ndarray
) -> WeightResult:
    w = by_rank[ranks - 1]
    return WeightResult(crit, w / w.sum(), method, {"ranks": _floats(ranks)})


def rank_order_centroid(order: Sequence[str], criteria: Sequence[str]) -> WeightResult:
    """Rank-order centroid weights: w_r = (1/n) * sum_{k=r..n} 1/k for the criterion ranked r.

    The centroid of all weight vectors consistent with the ranking (Barron & Barrett
    1996): the expected weights when only the order is known. ``order`` lists the
    criteria most important first; every criterion must appear exactly once.
    """
    crit, ranks = _ranks(order, criteria)
    n = len(crit)
    inv = 1.0 / np.arange(1, n + 1)
    by_rank = np.cumsum(inv[::-1])[::-1] / n
    return _rank_result("roc", crit, ranks, by_rank)


def rank_sum(order: Sequence[str], criteria: Sequence[str]) -> WeightResult:
    """Rank-sum weights: w_r = 2 (n + 1 - r) / (n (n + 1)) (Stillwell, Seaver & Edwards 1981).

    Flatter than ROC: the least important criterion keeps more weight.
    """
    crit, ranks = _ranks(order, criteria)
    n = len(crit)
    r = np.arange(1, n + 1)
    by_rank = 2.0 * (n + 1 - r) / (n * (n + 1))
    return _rank_result("rank_sum", crit, ranks, by_rank)


def rank_reciprocal(order: Sequence[str], criteria: Sequence[str]) -> WeightResult:
    """Rank-reciprocal weights: w_r = (1/r) / sum_k 1/k (Stillwell, Seaver & Edwards 1981)."""
    crit, ranks = _ranks(order, criteria)
    n = len(crit)
    inv = 1.0 / np.arange(1, n + 1)
    return _rank_result("rank_reciprocal", crit, ranks, inv / inv.sum())


# --------------------------------------------------------------------------------------
# AHP
# --------------------------------------------------------------------------------------


def ahp(
    matrix: np.ndarray | Sequence[Sequence[float]],
    criteria: Sequence[str],
    *,
    random_index: Literal["saaty", "alonso_lamata", "alonso-lamata"] = "saaty",
    cr_threshold: float = CR_THRESHOLD,
) -> WeightResult:
    """AHP weights: the principal eigenvector of Saaty's pairwise comparison matrix.

    ``matrix[i][j]`` is how much more important ``criteria[i]`` is than ``criteria[j]``.
    The weights are the real part of the eigenvector of the largest eigenvalue
    (``numpy.linalg.eig``), normalised to sum to 1. ``details`` holds lambda_max, the
    consistency index CI = (lambda_max - n) / (n - 1), the random index RI for n (see the
    module docstring for the tables), the consistency ratio CR = CI / RI (0 for n <= 2,
    where any reciprocal matrix is consistent) and ``consistent`` (CR <= threshold). A CR
    above ``cr_threshold`` adds a warning naming the judgement that disagrees most with
    the derived weights, the first one to revisit.

    Each pair's judgement is the entry >= 1 and its mirror is replaced by the exact
    reciprocal (after checking that the two agree within 1 %).
    """
    crit = _criteria(criteria)
    try:
        rows = [[float(v) for v in row] for row in matrix]
    except (TypeError, ValueError):
        raise ValueError(
            "the pairwise matrix must be a list of rows of numbers, one row per criterion"
        ) from None
    _fail(pairwise_problems(rows, crit), "the pairwise matrix")
    a = np.array(rows, dtype=float)
    n = a.shape[0]
    if n != len(crit):
        raise ValueError(
            f"the pairwise matrix has {n} rows but there are {len(crit)} criteria: give one "
            "row and one column per criterion, in the same order"
        )
    if n > MAX_AHP_CRITERIA:
        raise ValueError(
            f"{n} criteria in one pairwise matrix: the consistency ratio is defined for at "
            f"most {MAX_AHP_CRITERIA} (Saaty advises at most 9); group the criteria"
        )
    if random_index not in RANDOM_INDEX:
        raise ValueError(f"random_index must be one of {', '.join(RANDOM_INDEX)}")

    r = exact_reciprocal(a)
    priorities, lam, ci = pairwise_priorities(r)
    w = np.asarray(priorities)
    ri, cr = consistency_ratio(ci, n, random_index)
    consistent = cr <= cr_threshold

    warnings: list[str] = []
    off_scale = [
        f"matrix[{i}][{j}] = {fmt(a[i, j])}"
        for i in range(n)
        for j in range(n)
        if i != j and not (1 / 9 - 1e-9 <= a[i, j] <= 9 + 1e-9)
    ]
    if off_scale:
        warnings.append(
            f"{', '.join(off_scale)} outside Saaty's 1-9 scale (1/9 to 9): the consistency "
            "ratio is calibrated on that scale, so read it with care"
        )
    if not consistent:
        # e_ij = a_ij * w_j / w_i is 1 where a judgement agrees with the weights.
        e = r * w[None, :] / w[:, None]
        dev = np.maximum(e, 1 / e)
        dev[np.tril_indices(n)] = 0.0
        i, j = np.unravel_index(int(np.argmax(dev)), dev.shape)
        warnings.append(
            f"consistency ratio {cr:.3f} exceeds {cr_threshold:.2f}: the pairwise judgements "
            "contradict one another too much for the weights to be relied on; revisit the "
            f"judgements, starting with matrix[{i}][{j}] = {fmt(a[i, j])} ({crit[i]} over "
            f"{crit[j]}), where the weights derived from all the judgements imply about "
            f"{w[i] / w[j]:.3g}"
        )
    details: dict[str, Detail] = {
        "lambda_max": lam,
        "ci": float(ci),
        "ri": float(ri),
        "cr": float(cr),
        "consistent": bool(consistent),
        "cr_threshold": float(cr_threshold),
        "random_index": random_index,
    }
    return WeightResult(crit, w, "ahp", details, tuple(warnings))


# --------------------------------------------------------------------------------------
# objective weights from the data (scikit-criteria)
# --------------------------------------------------------------------------------------


def entropy(
    raw: np.ndarray, objectives: np.ndarray | None, criteria: Sequence[str]
) -> WeightResult:
    """Entropy weights (Hwang & Yoon 1981): more weight where the options differ more.

    ``raw`` is the (options x criteria) matrix of figures, non-negative and on a ratio
    scale; ``objectives`` (+1/-1, or 'max'/'min') is checked but, as in the published
    method, does not change the result. ``details`` has each criterion's entropy E_j and
    its degree of diversification 1 - E_j.
    """
    crit = _criteria(criteria)
    x = _raw(raw, crit, "entropy")
    if objectives is not None:
        _objectives(objectives, len(crit))
    negative = [
        f"{crit[j]} (lowest {fmt(float(x[:, j].min()))})"
        for j in range(len(crit))
        if (x[:, j] < 0).any()
    ]
    if negative:
        raise ValueError(
            f"entropy weights need figures of zero or more, but {', '.join(negative)} "
            "go below zero: use CRITIC, or shift the scale so that it starts at zero"
        )
    zero = [crit[j] for j in range(len(crit)) if x[:, j].sum() == 0]
    if zero:
        raise ValueError(
            f"{_these(zero)[0]}: zero for every option, so each option's share is "
            "undefined and entropy cannot weight it; drop it or use CRITIC"
        )
    import scipy.stats
    from skcriteria.preprocessing.weighters import entropy_weights

    e = np.clip(scipy.stats.entropy(x, base=x.shape[0], axis=0), 0.0, 1.0)
    d = 1.0 - e
    if d.sum() <= 1e-12:
        raise ValueError(
            "every criterion has the same figure for every option, so entropy finds no "
            "contrast to weight: use swing or direct weights"
        )
    w = np.clip(np.asarray(entropy_weights(x), dtype=float), 0.0, None)
    w = w / w.sum()
    constant = [crit[j] for j in range(len(crit)) if np.ptp(x[:, j]) == 0]
    warnings: tuple[str, ...] = ()
    if constant:
        subject, them, has = _these(constant)
        warnings = (
            f"{subject} {has} the same figure for every option, so entropy gives {them} no weight",
        )
    return WeightResult(
        crit, w, "entropy", {"entropy": _floats(e), "diversification": _floats(d)}, warnings
    )


def critic(
    raw: np.ndarray,
    objectives: np.ndarray,
    criteria: Sequence[str],
    correlation: Literal["pearson", "spearman"] = "pearson",
) -> WeightResult:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995): contrast times conflict.

    Each column is scaled worst = 0 .. best = 1 (honouring ``objectives``: +1/'max',
    -1/'min'); C_j = sigma_j * sum_k (1 - r_jk) and w_j = C_j / sum C. ``details`` has
    sigma_j (``std``), sum_k (1 - r_jk) (``conflict``) and C_j (``information``). A
    criterion with the same figure for every option gets weight 0 (with a warning).
    """
    crit = _criteria(criteria)
    x = _raw(raw, crit, "CRITIC")
    obj = _objectives(objectives, len(crit))
    if correlation not in ("pearson", "spearman"):
        raise ValueError("correlation must be 'pearson' or 'spearman'")
    varying = np.ptp(x, axis=0) > 0
    if varying.sum() < 2:
        differing = ", ".join(c for c, v in zip(crit, varying, strict=True) if v) or "none"
        raise ValueError(
            "CRITIC weighs criteria by how they vary and conflict, so it needs at least two "
            f"criteria whose figures differ between options (here: {differing}); "
            "use swing or direct weights"
        )
    import pandas as pd
    from skcriteria.preprocessing.scalers import matrix_scale_by_cenit_distance
    from skcriteria.preprocessing.weighters import critic_weights

    xv, ov = x[:, varying], obj[varying]
    scaled = matrix_scale_by_cenit_distance(xv, objectives=ov)
    sigma = np.std(scaled, axis=0)
    corr = pd.DataFrame(scaled).corr(method=correlation).to_numpy()
    conflict = np.sum(1.0 - corr, axis=0)
    info = sigma * conflict
    if not np.isfinite(info).all() or info.sum() <= 1e-12:
        raise ValueError(
            "the criteria move together perfectly across the options, so CRITIC finds no "
            "conflict to weight: use swing or direct weights"
        )
    wv = np.asarray(critic_weights(xv, ov, correlation=correlation), dtype=float)

    def spread(v: np.ndarray) -> list[float]:
        full = np.zeros(len(crit))
        full[varying] = v
        return _floats(full)

    w = np.zeros(len(crit))
    w[varying] = wv
    constant = [c for c, v in zip(crit, varying, strict=True) if not v]
    warnings: tuple[str, ...] = ()
    if constant:
        subject, them, has = _these(constant)
        warnings = (
            f"{subject} {has} the same figure for every option, so CRITIC gives {them} no "
            "weight and computes the others without",
        )
    details: dict[str, Detail] = {
        "std": spread(sigma),
        "conflict": spread(conflict),
        "information": spread(info),
        "correlation": correlation,
    }
    return WeightResult(crit, w / w.sum(), "critic", details, warnings)


# --------------------------------------------------------------------------------------
# dispatcher
# --------------------------------------------------------------------------------------


def elicit(
    spec: Any,
    criteria: Sequence[str],
    raw: np.ndarray | None = None,
    objectives: np.ndarray | None = None,
    *,
    random_index: str = "saaty",
) -> WeightResult:
    """Weights for ``criteria`` from any elicitation spec (see :mod:`diversify.model.elicitation`).

    ``raw`` (options x criteria, in ``criteria`` order) and ``objectives`` are needed only
    by the data-driven methods (entropy, CRITIC); ``random_index`` names the table AHP's
    consistency ratio uses (the scenario's ``ahp: {random_index: ...}``). Raises ``ValueError`` with every problem
    found, e.g. names in the spec that are not among ``criteria``.
    """
    crit = _criteria(criteria)
    check = getattr(spec, "criteria_problems", None)
    if check is not None:
        _fail(check(crit))
    if isinstance(spec, DirectElicitation):
        return direct(spec.points, crit)
    if isinstance(spec, SwingElicitation):
        return swing(spec.swings, crit)
    if isinstance(spec, RocElicitation):
        return rank_order_centroid(spec.order, crit)
    if isinstance(spec, RankSumElicitation):
        return rank_sum(spec.order, crit)
    if isinstance(spec, RankReciprocalElicitation):
        return rank_reciprocal(spec.order, crit)
    if isinstance(spec, AhpElicitation):
        res = ahp(spec.matrix, spec.criteria, random_index=random_index)  # type: ignore[arg-type]
        idx = [spec.criteria.index(c) for c in crit]
        return WeightResult(crit, res.weights[idx], res.method, dict(res.details), res.warnings)
    if isinstance(spec, EntropyElicitation):
        return entropy(_raw(raw, crit, "entropy"), objectives, crit)
    if isinstance(spec, CriticElicitation):
        return critic(_raw(raw, crit, "CRITIC"), objectives, crit, spec.correlation)
    raise TypeError(f"not an elicitation spec: {type(spec).__name__}")


__all__ = [
    "ALONSO_LAMATA_RANDOM_INDEX",
    "CR_THRESHOLD",
    "RANDOM_INDEX",
    "SAATY_RANDOM_INDEX",
    "WeightResult",
    "ahp",
    "consistency_ratio",
    "critic",
    "direct",
    "elicit",
    "entropy",
    "normalise",
    "rank_order_centroid",
    "rank_reciprocal",
    "rank_sum",
    "swing",
]
