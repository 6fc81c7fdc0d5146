"""Ranking methods: how a table of options x criteria and a set of weights become a ranking.

Every method but MAVT and PROMETHEE II runs through scikit-criteria (a ``DecisionMatrix``
built with ``skcriteria.mkdm`` and a scikit-criteria pipeline or decision maker);
PROMETHEE II is hand-written in ``diversify.engine.promethee`` because scikit-criteria has
none, and MAVT, the default, is ``WeightedSumModel``'s formula in numpy (a test checks
they agree) so that the default ``diversify score`` never pays scikit-criteria's import
(pandas, matplotlib, seaborn: seconds). scikit-criteria is imported inside the runners
that use it, never at module level. The project adds only what the front ends need on
top: one result shape for every method (``MethodOutput``), input checks that explain
themselves, and tie-safe ranks.

Methods and what their score means:

``mavt``       value functions (0..1, computed upstream) + weighted sum. Score = sum
               of weight x value, additive: the per-criterion contributions add up to it.
``wsm``        simple additive weighting on raw figures: ``BenefitCostInverter`` (Hwang &
               Yoon's linear ratio normalisation, x / max for a maximised criterion,
               min / x for a minimised one) + ``WeightedSumModel``. This normalisation
               reproduces the WSM scores of Chakraborty, Zavadskas & Antucheviciene (2015),
               Example 2. Additive.
``wpm``        ``WeightedProductModel`` on the same ratio normalisation (minimised criteria
               enter as min / x, i.e. with a negative exponent, as Triantaphyllou (2000)
               prescribes). Score = product of normalised value ^ weight, in 0..1; the
               ratio of two scores is Triantaphyllou's pairwise ratio R(A_K / A_L).
``topsis``     ``VectorScaler`` (Hwang & Yoon's vector normalisation) + ``TOPSIS``; score =
               relative closeness to the ideal option (0..1).
``vikor``      ``VIKOR`` on raw figures; score = Q (lower is better). Ranks are scikit-
               criteria's: every member of the compromise set (Opricovic & Tzeng 2004)
               shares rank 1, the others follow in Q order.
``electre1``   ``SumScaler`` + ``ELECTRE1`` (Cebrián & Porcar 2009 setup). ELECTRE I finds
               a kernel, not a ranking. Here rank 1 = kernel member (not outranked by any
               option); the others follow, ranked by net outranking count (how many
               options each outranks minus how many outrank it), which is also the score.
``promethee2`` PROMETHEE II net flow (-1..1), on raw figures with per-criterion preference
               functions whose thresholds are in the criterion's own units.

Ties: scores equal to 12 decimal places share a rank (dense ranking, the next rank follows
on, as in scikit-criteria), so the same inputs always give the same ranks.

Degenerate tables: a criterion on which every option scores the same cannot separate them.
TOPSIS and VIKOR leave such criteria out (their contribution is exactly zero anyway, but
normalising them divides zero by zero); WSM and WPM score a criterion where every figure is
0 as 1 for everyone; when no weighted criterion separates the options at all, every method
returns all options tied at rank 1. ELECTRE I leaves out criteria weighted 0, because its
discordance test ignores weights and would otherwise let a switched-off criterion veto.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from diversify.engine.promethee import PrometheeII, dense_rank
from diversify.model.base import StrictModel
from diversify.model.methods import (
    METHOD_PARAMS,
    Electre1Params,
    PreferenceFunction,
    PrometheeParams,
    TopsisParams,
    VikorParams,
)

if TYPE_CHECKING:
    import skcriteria

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class MethodOutput:
    """What one method says about one table: everything a report or the TUI shows.

    All arrays are read-only and have one entry per alternative, in input order
    (``contributions`` is alternatives x criteria).
    """

    scores: FloatArray
    """The method's headline score per alternative (see ``higher_is_better``)."""
    ranks: IntArray
    """1 = best; ties share a rank (dense, scikit-criteria convention)."""
    higher_is_better: bool
    """False only for VIKOR, whose score Q is a distance from the ideal."""
    extras: dict[str, np.ndarray]
    """Method-specific per-alternative arrays (closeness, S/R/Q, flows, kernel...)."""
    additive: bool
    """True when the score is the sum of the per-criterion ``contributions``."""
    contributions: FloatArray | None
    """Weighted per-criterion contributions (alternatives x criteria) for additive methods."""
    details: Mapping[str, Any] = field(default_factory=dict)
    """The method's intermediate results for the whole table, as its source prints them:
    matrices over the alternatives in input order (ELECTRE I concordance and discordance,
    PROMETHEE's preference matrix), per-criterion vectors (TOPSIS ideal and anti-ideal)
    and scalars (VIKOR's DQ, the thresholds used). Read-only arrays or plain values."""


@dataclass(frozen=True)
class MethodSpec:
    """A method as the front ends list it: name, a title, a one-paragraph explanation."""

    name: str
    title: str
    description: str
    additive: bool
    uses_values: bool
    """True when the method reads the 0..1 value-function matrix instead of raw figures."""
    params_model: type[StrictModel]


@dataclass(frozen=True)
class _Inputs:
    """Validated, copied inputs shared by every method runner."""

    raw: FloatArray
    objectives: IntArray
    weights: FloatArray
    values: FloatArray | None
    alternatives: tuple[str, ...]
    criteria: tuple[str, ...]

    def dm(
        self,
        matrix: FloatArray | None = None,
        objectives: IntArray | None = None,
        columns: NDArray[np.bool_] | None = None,
    ) -> skcriteria.DecisionMatrix:
        """A scikit-criteria decision matrix of (a subset of the columns of) the inputs."""
        import skcriteria

        matrix = self.raw if matrix is None else matrix
        objectives = self.objectives if objectives is None else objectives
        keep = np.ones(len(self.criteria), dtype=bool) if columns is None else columns
        return skcriteria.mkdm(
            matrix=matrix[:, keep],
            objectives=objectives[keep],
            weights=self.weights[keep],
            alternatives=list(self.alternatives),
            criteria=[c for c, k in zip(self.criteria, keep, strict=True) if k],
        )

    def discriminating(self) -> NDArray[np.bool_]:
        """Criteria with weight above zero on which the options do not all score the same."""
        return (self.weights > 0) & (np.ptp(self.raw, axis=0) > 0)


def _all_tied(
    inputs: _Inputs,
    score: float,
    extras: dict[str, np.ndarray],
    *,
    higher_is_better: bool = True,
) -> MethodOutput:
    """Result when nothing separates the options: every one scores the same, rank 1."""
    n = len(inputs.alternatives)
    return _output(np.full(n, score), np.ones(n, dtype=np.int64), higher_is_better, extras)


def _output(
    scores: np.ndarray,
    ranks: np.ndarray,
    higher_is_better: bool,
    extras: dict[str, np.ndarray],
    contributions: np.ndarray | None = None,
    details: Mapping[str, Any] | None = None,
) -> MethodOutput:
    """Freeze arrays (copies, read-only) into a ``MethodOutput``."""

    def frozen(array: np.ndarray, dtype: type | None = None) -> np.ndarray:
        out = np.array(array, dtype=dtype, copy=True)
        out.setflags(write=False)
        return out

    return MethodOutput(
        scores=frozen(scores, float),
        ranks=frozen(ranks, np.int64),
        higher_is_better=higher_is_better,
        extras={key: frozen(value) for key, value in extras.items()},
        additive=contributions is not None,
        contributions=None if contributions is None else frozen(contributions, float),
        details={
            key: frozen(value) if isinstance(value, np.ndarray) else value
            for key, value in (details or {}).items()
        },
    )


# ---------------------------------------------------------------------------------------
# method runners
# ---------------------------------------------------------------------------------------


def _run_mavt(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """Weighted sum of 0..1 value-function scores (all criteria maximise after valuing).

    Plain numpy, by design: this is scikit-criteria's ``WeightedSumModel`` formula
    (``np.inner(matrix, weights)``) on a matrix with every criterion maximised, and
    importing scikit-criteria (pandas, matplotlib, seaborn: seconds) for one product
    would be most of the cost of the default ``diversify score``. A test checks that
    ``WeightedSumModel`` gives the same scores and ranks.
    """
    values = inputs.values
    assert values is not None  # checked in evaluate
    contributions = values * inputs.weights
    scores = np.inner(values, inputs.weights)  # WeightedSumModel's own formula
    return _output(scores, dense_rank(scores), True, {}, contributions)


def _ratio_normalised(inputs: _Inputs, method: str) -> skcriteria.DecisionMatrix:
    """Hwang & Yoon's linear ratio normalisation (x / max, min / x) via scikit-criteria.

    A criterion on which every option scores 0 does not separate them; it is scored 1 for
    everyone (each is as good as the best) instead of dividing zero by zero.
    """
    matrix = np.where(np.all(inputs.raw == 0, axis=0), 1.0, inputs.raw)
    if np.any(matrix < 0):
        bad = _first_column(inputs, matrix < 0)
        raise ValueError(
            f"'{method}' divides by figures, so it needs every raw figure to be zero or "
            f"more; criterion '{bad}' has a negative figure. Use 'mavt' (value functions) "
            "or re-express that criterion on a non-negative scale"
        )
    if method == "wpm" and np.any(matrix == 0):
        bad = _first_column(inputs, matrix == 0)
        raise ValueError(
            f"'wpm' multiplies figures raised to their weights, so every raw figure must "
            f"be above zero; criterion '{bad}' has a figure of 0. Use 'mavt' or 'wsm', or "
            "re-express that criterion on a positive scale"
        )
    zero_cost = (matrix == 0) & (inputs.objectives < 0)
    if np.any(zero_cost):
        bad = _first_column(inputs, zero_cost)
        raise ValueError(
            f"'{method}' scores a minimised criterion as smallest / figure, which is "
            f"undefined for a figure of 0; criterion '{bad}' has one. Use 'mavt' (value "
            "functions) or 'topsis', or re-express that criterion without zeros"
        )
    from skcriteria.preprocessing.invert_objectives import BenefitCostInverter

    return BenefitCostInverter().transform(inputs.dm(matrix))


def _run_wsm(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """Simple additive weighting (SAW) on ratio-normalised raw figures."""
    from skcriteria.agg.simple import WeightedSumModel

    dm = _ratio_normalised(inputs, "wsm")
    result = WeightedSumModel().evaluate(dm)
    scores = np.asarray(result.e_.score, dtype=float)
    contributions = dm.matrix.to_numpy(dtype=float) * inputs.weights
    return _output(scores, dense_rank(scores), True, {}, contributions)


def _run_wpm(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """Weighted product model on ratio-normalised raw figures (all must be above zero)."""
    from skcriteria.agg.simple import WeightedProductModel

    dm = _ratio_normalised(inputs, "wpm")
    result = WeightedProductModel().evaluate(dm)
    log10_score = np.asarray(result.e_.score, dtype=float)
    scores = np.power(10.0, log10_score)
    return _output(scores, dense_rank(scores), True, {"log10_score": log10_score})


def _topsis_scaler(normalisation: str) -> Any:
    """The scikit-criteria scaler for a TOPSIS normalisation (applied to the matrix only)."""
    from skcriteria.preprocessing import scalers

    by_name = {
        "vector": scalers.VectorScaler,
        "minmax": scalers.MinMaxScaler,
        "sum": scalers.SumScaler,
        "max": scalers.MaxAbsScaler,
    }
    return by_name[normalisation](target="matrix")


def _run_topsis(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """TOPSIS (Hwang & Yoon 1981) with the chosen normalisation and distance.

    Every normalisation is a scikit-criteria scaler on the raw figures; the ideal is the
    column maximum for a maximised criterion and the minimum for a minimised one, so no
    inversion is needed (the distances of min-max scaled figures equal those of Opricovic
    & Tzeng's (f* - f) / (f* - f-) form).
    """
    from skcriteria.agg.topsis import TOPSIS
    from skcriteria.pipelines import mkpipe

    assert isinstance(params, TopsisParams)
    keep = inputs.discriminating()
    n = len(inputs.alternatives)
    details: dict[str, Any] = {"normalisation": params.normalisation, "metric": params.metric}
    if not keep.any():
        return _all_tied(inputs, 0.5, {"closeness": np.full(n, 0.5)})
    if params.normalisation == "sum" and np.any(inputs.raw[:, keep] < 0):
        bad = _first_column(inputs, (inputs.raw < 0) & keep)
        raise ValueError(
            f"TOPSIS with sum normalisation divides each figure by its criterion's total, "
            f"so every figure must be zero or more; criterion '{bad}' has a negative figure. "
            "Use normalisation vector, minmax or max"
        )
    pipe = mkpipe(_topsis_scaler(params.normalisation), TOPSIS(metric=params.metric))
    with warnings.catch_warnings():
        # scikit-criteria advises against minimised criteria, but its TOPSIS handles them
        # exactly as Hwang & Yoon do (ideal = column minimum), so the advice is noise here.
        warnings.filterwarnings("ignore", message="Although TOPSIS", category=UserWarning)
        result = pipe.evaluate(inputs.dm(columns=keep))
    closeness = np.asarray(result.e_.similarity, dtype=float)
    details["criteria"] = [c for c, k in zip(inputs.criteria, keep, strict=True) if k]
    details["ideal"] = np.asarray(result.e_.ideal, dtype=float)
    details["anti_ideal"] = np.asarray(result.e_.anti_ideal, dtype=float)
    return _output(
        closeness, dense_rank(closeness), True, {"closeness": closeness}, details=details
    )


def _run_vikor(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """VIKOR (Opricovic & Tzeng 2004) with scikit-criteria's compromise-set ranking.

    Besides S, R and Q, each option gets Opricovic & Tzeng's two conditions:
    ``advantage`` is C1, acceptable advantage: for the option best by Q, Q(A2) - Q(A1)
    >= DQ = 1 / (m - 1); for any other option a, Q(a) - Q(A1) >= DQ (the best option's
    advantage over a is acceptable, so a is not in the compromise set by C1).
    ``stability`` is C2, acceptable stability: the option is also best by S or by R.
    ``details`` says why rank 1 is shared when it is (``compromise_reason``).
    """
    from skcriteria.agg.vikor import VIKOR

    assert isinstance(params, VikorParams)
    keep = inputs.discriminating()
    n = len(inputs.alternatives)
    if not keep.any():
        zeros = np.zeros(n)
        ones = np.ones(n, dtype=bool)
        extras = {"S": zeros, "R": zeros, "Q": zeros, "compromise": ones,
                  "advantage": np.zeros(n, dtype=bool), "stability": ones}  # fmt: skip
        return _all_tied(inputs, 0.0, extras, higher_is_better=False)
    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        # When every option has the same S (or R), scikit-criteria warns and leaves that
        # term out of Q, which is the textbook treatment; the warning is not for the user.
        warnings.filterwarnings("ignore", message="Some criteria", category=UserWarning)
        warnings.filterwarnings("ignore", category=RuntimeWarning)
        result = VIKOR(v=params.v, use_compromise_set=True).evaluate(inputs.dm(columns=keep))
    q = np.asarray(result.e_.q_k, dtype=float)
    s_k = np.asarray(result.e_.s_k, dtype=float)
    r_k = np.asarray(result.e_.r_k, dtype=float)
    compromise = np.zeros(len(q), dtype=bool)
    compromise[np.asarray(result.e_.compromise_set, dtype=np.int64)] = True
    dq = 1.0 / (n - 1)
    key = np.round(q, 12)
    best = key == key.min()
    separated = key - key.min() >= round(dq, 12)
    advantage = np.where(best, bool(np.all(separated | best)), separated)
    stability = (np.round(s_k, 12) == np.round(s_k, 12).min()) | (
        np.round(r_k, 12) == np.round(r_k, 12).min()
    )
    acceptable_advantage = bool(result.e_.acceptable_advantage)
    acceptable_stability = bool(result.e_.acceptable_stability)
    if compromise.sum() <= 1:
        reason = None
    elif best.sum() == compromise.sum() and acceptable_advantage and acceptable_stability:
        reason = "equal_q"
    elif not acceptable_advantage:
        reason = "no_acceptable_advantage"
    else:
        reason = "no_acceptable_stability"
    extras = {"S": s_k, "R": r_k, "Q": q, "compromise": compromise,
              "advantage": advantage, "stability": stability}  # fmt: skip
    details = {
        "v": params.v,
        "dq": dq,
        "acceptable_advantage": acceptable_advantage,
        "acceptable_stability": acceptable_stability,
        "compromise_reason": reason,
    }
    return _output(q, np.asarray(result.rank_, dtype=np.int64), False, extras, details=details)


def electre1_hwang_yoon(
    weighted: FloatArray, objectives: IntArray, weights: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Hwang & Yoon's (1981) concordance and discordance matrices (diagonal NaN).

    ``weighted`` is the weighted normalised table v_ij = w_j r_ij. For the pair (k, l):
    C_kl = {j : v_kj at least as good as v_lj} and D_kl its complement;
    c_kl = sum of w_j over C_kl;
    d_kl = max over D_kl of |v_kj - v_lj| / max over all j of |v_kj - v_lj| (0 when the
    two options are identical). No validation: a reader can check it against the book.
    """
    diff = weighted[:, None, :] - weighted[None, :, :]  # (k, l, j): v_kj - v_lj
    at_least_as_good = diff * objectives >= 0
    concordance = (at_least_as_good * weights).sum(axis=2)
    gap = np.abs(diff)
    worse = np.where(at_least_as_good, 0.0, gap).max(axis=2)
    largest = gap.max(axis=2)
    with np.errstate(divide="ignore", invalid="ignore"):
        discordance = np.where(largest > 0, worse / largest, 0.0)
    np.fill_diagonal(concordance, np.nan)
    np.fill_diagonal(discordance, np.nan)
    return concordance, discordance


def _threshold(value: float | str, matrix: FloatArray) -> float:
    """A threshold as given, or ``mean``: the average over all ordered pairs."""
    return float(np.nanmean(matrix)) if value == "mean" else float(value)


def _run_electre1(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """ELECTRE I kernel, in the chosen variant; kernel first, then net outranking.

    ``cebrian_porcar``: scikit-criteria's ``SumScaler`` + ``ELECTRE1`` (discordance = the
    largest gap where the other option is better, over the largest range in the table,
    unweighted). ``hwang_yoon``: ``VectorScaler``, weighted figures and the discordance of
    :func:`electre1_hwang_yoon`. Either way a outranks b when c_ab >= p and d_ab <= q,
    with ``mean`` thresholds taken over every ordered pair.
    """
    from skcriteria.agg.electre import ELECTRE1
    from skcriteria.pipelines import mkpipe
    from skcriteria.preprocessing.scalers import SumScaler, VectorScaler

    assert isinstance(params, Electre1Params)
    hwang_yoon = params.variant == "hwang_yoon"
    if not hwang_yoon and np.any(inputs.raw < 0):
        bad = _first_column(inputs, inputs.raw < 0)
        raise ValueError(
            f"'electre1' normalises each criterion by its total, so every raw figure must be "
            f"zero or more; criterion '{bad}' has a negative figure. Use 'mavt', the "
            "hwang_yoon variant, or re-express that criterion on a non-negative scale"
        )
    n = len(inputs.alternatives)
    if not inputs.discriminating().any():
        extras = {
            "kernel": np.ones(n, dtype=bool),
            "outranks": np.zeros(n, dtype=np.int64),
            "outranked_by": np.zeros(n, dtype=np.int64),
        }
        return _all_tied(inputs, 0.0, extras)
    # A criterion where every option scores 0 has nothing to divide by; any constant
    # stands in for it (a constant criterion only ever adds concordance, never discordance).
    matrix = np.where(np.all(inputs.raw == 0, axis=0), 1.0, inputs.raw)
    # Discordance in ELECTRE I ignores weights, so a criterion weighted 0 could still veto;
    # a zero weight means "does not count", so such criteria are left out.
    counted = inputs.weights > 0
    if hwang_yoon:
        dm = VectorScaler(target="matrix").transform(inputs.dm(matrix, columns=counted))
        w = inputs.weights[counted]
        weighted = dm.matrix.to_numpy(dtype=float) * w
        concordance, discordance = electre1_hwang_yoon(weighted, inputs.objectives[counted], w)
    else:
        numeric = {k: 0.5 if v == "mean" else v for k, v in (("p", params.p), ("q", params.q))}
        pipe = mkpipe(SumScaler(target="matrix"), ELECTRE1(**numeric))
        result = pipe.evaluate(inputs.dm(matrix, columns=counted))
        concordance = np.asarray(result.e_.matrix_concordance, dtype=float)
        discordance = np.asarray(result.e_.matrix_discordance, dtype=float)
    p = _threshold(params.p, concordance)
    q = _threshold(params.q, discordance)
    with np.errstate(invalid="ignore"):
        # Compared to 12 decimals, as ranks are: a pair exactly at a threshold outranks.
        outrank = (np.round(concordance - p, 12) >= 0) & (np.round(discordance - q, 12) <= 0)
    kernel = ~outrank.any(axis=0)
    outranks = outrank.sum(axis=1)
    outranked_by = outrank.sum(axis=0)
    net = (outranks - outranked_by).astype(float)
    ranks = dense_rank(np.where(kernel, np.inf, net))
    extras = {"kernel": kernel, "outranks": outranks, "outranked_by": outranked_by}
    details = {
        "variant": params.variant,
        "p": p,
        "q": q,
        "concordance": concordance,
        "discordance": discordance,
        "outranking": outrank,
    }
    return _output(net, ranks, True, extras, details=details)


def _run_promethee2(inputs: _Inputs, params: StrictModel) -> MethodOutput:
    """PROMETHEE II on raw figures (hand-written: scikit-criteria has no PROMETHEE)."""
    assert isinstance(params, PrometheeParams)
    unknown = sorted(set(params.functions) - set(inputs.criteria))
    if unknown:
        raise ValueError(
            f"PROMETHEE preference functions are given for {', '.join(map(repr, unknown))}, "
            f"which {'is not a criterion' if len(unknown) == 1 else 'are not criteria'} here; "
            f"known criteria: {', '.join(inputs.criteria)}"
        )
    functions = tuple(params.functions.get(c, PreferenceFunction()) for c in inputs.criteria)
    result = PrometheeII(functions).evaluate(inputs.raw, inputs.objectives, inputs.weights)
    extras = {
        "phi_plus": result.phi_plus,
        "phi_minus": result.phi_minus,
        "phi_net": result.phi_net,
    }
    details = {"preference": result.preference}
    return _output(result.phi_net, result.ranks, True, extras, details=details)


def _first_column(inputs: _Inputs, mask: NDArray[np.bool_]) -> str:
    """Name of the first criterion where ``mask`` holds anywhere."""
    return inputs.criteria[int(np.flatnonzero(mask.any(axis=0))[0])]


# ---------------------------------------------------------------------------------------
# the method table
# ---------------------------------------------------------------------------------------

_Runner = Callable[[_Inputs, StrictModel], MethodOutput]

_RUNNERS: dict[str, _Runner] = {
    "mavt": _run_mavt,
    "wsm": _run_wsm,
    "wpm": _run_wpm,
    "topsis": _run_topsis,
    "vikor": _run_vikor,
    "electre1": _run_electre1,
    "promethee2": _run_promethee2,
}

METHODS: dict[str, MethodSpec] = {
    "mavt": MethodSpec(
        name="mavt",
        title="MAVT (value functions + weighted sum)",
        description=(
            "Each figure is turned into a 0-1 value by its criterion's value function, then "
            "values are added up with the weights. Transparent and additive: each "
            "criterion's contribution to the total can be shown. The default, as in "
            "Hiview or Logical Decisions."
        ),
        additive=True,
        uses_values=True,
        params_model=METHOD_PARAMS["mavt"],
    ),
    "wsm": MethodSpec(
        name="wsm",
        title="Weighted sum (SAW) on raw figures",
        description=(
            "Classic simple additive weighting: each figure is divided by the best figure "
            "on its criterion (best / figure when lower is better), then weighted and "
            "added. Additive, but ignores the value functions."
        ),
        additive=True,
        uses_values=False,
        params_model=METHOD_PARAMS["wsm"],
    ),
    "wpm": MethodSpec(
        name="wpm",
        title="Weighted product model",
        description=(
            "Multiplies the normalised figures, each raised to its weight. Penalises a very "
            "poor figure more than a weighted sum does; the ratio of two scores says how "
            "many times better one option is. Needs every figure above zero."
        ),
        additive=False,
        uses_values=False,
        params_model=METHOD_PARAMS["wpm"],
    ),
    "topsis": MethodSpec(
        name="topsis",
        title="TOPSIS (closeness to the ideal option)",
        description=(
            "Scores each option by how close it is to an imaginary option with the best "
            "figure on every criterion and how far from one with the worst (0-1, higher is "
            "better)."
        ),
        additive=False,
        uses_values=False,
        params_model=METHOD_PARAMS["topsis"],
    ),
    "vikor": MethodSpec(
        name="vikor",
        title="VIKOR (compromise ranking)",
        description=(
            "Balances the group utility S (how good an option is over all criteria) against "
            "the individual regret R (its worst criterion) into Q, lower is better. Options "
            "in the compromise set share rank 1."
        ),
        additive=False,
        uses_values=False,
        params_model=METHOD_PARAMS["vikor"],
    ),
    "electre1": MethodSpec(
        name="electre1",
        title="ELECTRE I (kernel of non-outranked options)",
        description=(
            "An option outranks another when criteria carrying enough weight agree "
            "(concordance) and no criterion strongly disagrees (discordance). Rank 1 is the "
            "kernel, the options no other outranks; the rest follow by how many options "
            "they outrank minus how many outrank them."
        ),
        additive=False,
        uses_values=False,
        params_model=METHOD_PARAMS["electre1"],
    ),
    "promethee2": MethodSpec(
        name="promethee2",
        title="PROMETHEE II (net outranking flow)",
        description=(
            "Compares options in pairs on each criterion through a preference function with "
            "thresholds in the criterion's own units, then ranks by net flow: how strongly "
            "an option is preferred to the others minus how strongly they are preferred "
            "to it (-1 to 1)."
        ),
        additive=False,
        uses_values=False,
        params_model=METHOD_PARAMS["promethee2"],
    ),
}
"""Every method ``evaluate`` knows, by name."""


# ---------------------------------------------------------------------------------------
# entry point
# ---------------------------------------------------------------------------------------


def evaluate(
    method: str,
    *,
    raw: np.ndarray,
    objectives: np.ndarray,
    weights: np.ndarray,
    values: np.ndarray | None = None,
    alternatives: Sequence[str],
    criteria: Sequence[str],
    params: StrictModel | None = None,
) -> MethodOutput:
    """Rank ``alternatives`` with ``method``; inputs are copied, never modified.

    ``raw`` is the (alternatives x criteria) table of figures (levels already mapped to
    numbers), ``objectives`` +1 (maximise) or -1 (minimise) per criterion, ``weights``
    zero or more per criterion (normalised here to sum 1), ``values`` the 0..1
    value-function table (required by ``mavt``), ``params`` an instance of the method's
    model from ``diversify.model.methods.METHOD_PARAMS`` (its defaults when omitted).

    Raises ``ValueError`` with a plain-English explanation for an unknown method, tables
    whose shapes do not match, non-finite figures, negative or all-zero weights, wrong
    parameters, and figures a method cannot work with.
    """
    spec = METHODS.get(method)
    if spec is None:
        known = ", ".join(METHODS)
        raise ValueError(f"unknown ranking method {method!r}; choose one of: {known}")
    inputs = _validate(method, raw, objectives, weights, values, alternatives, criteria)
    if params is None:
        params = spec.params_model()
    elif not isinstance(params, spec.params_model):
        raise ValueError(
            f"method '{method}' takes parameters of type {spec.params_model.__name__}, "
            f"not {type(params).__name__}"
        )
    return _RUNNERS[method](inputs, params)


def _validate(
    method: str,
    raw: np.ndarray,
    objectives: np.ndarray,
    weights: np.ndarray,
    values: np.ndarray | None,
    alternatives: Sequence[str],
    criteria: Sequence[str],
) -> _Inputs:
    """Check shapes and contents once, for every method; return private copies."""
    alts = tuple(str(a) for a in alternatives)
    crits = tuple(str(c) for c in criteria)
    if len(set(alts)) != len(alts):
        raise ValueError("option names must be unique: " + ", ".join(_duplicates(alts)))
    if len(set(crits)) != len(crits):
        raise ValueError("criterion names must be unique: " + ", ".join(_duplicates(crits)))
    m, n = len(alts), len(crits)
    if m < 2:
        raise ValueError(
            f"ranking needs at least two options; got {m}. With a single option there is "
            "nothing to rank"
        )
    if n < 1:
        raise ValueError("ranking needs at least one criterion")
    matrix = _float_table(raw, "raw figures", alts, crits)
    direction = np.array(objectives, dtype=float, copy=True)
    if direction.shape != (n,) or not np.all(np.isin(direction, (-1.0, 1.0))):
        raise ValueError(
            f"objectives must hold {n} values (one per criterion), each +1 (maximise) or "
            f"-1 (minimise); got {np.asarray(objectives).tolist()}"
        )
    w = np.array(weights, dtype=float, copy=True)
    if w.shape != (n,):
        raise ValueError(f"weights must hold {n} values (one per criterion); got {w.size}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite numbers, zero or more")
    if w.sum() <= 0:
        raise ValueError(
            "all weights are zero, so no criterion counts; give at least one criterion "
            "a weight above zero"
        )
    value_table = None
    if values is not None:
        value_table = _float_table(values, "values", alts, crits)
        if np.any(value_table < 0) or np.any(value_table > 1):
            raise ValueError("values must lie between 0 and 1 (value-function scores)")
    if METHODS[method].uses_values and value_table is None:
        raise ValueError(
            f"method '{method}' ranks value-function scores; pass values= (the 0..1 table "
            "from the value functions)"
        )
    for array in (matrix, direction, w):
        array.setflags(write=False)
    return _Inputs(
        raw=matrix,
        objectives=direction.astype(np.int64),
        weights=w / w.sum(),
        values=value_table,
        alternatives=alts,
        criteria=crits,
    )


def _float_table(
    table: np.ndarray, what: str, alternatives: tuple[str, ...], criteria: tuple[str, ...]
) -> FloatArray:
    """A private float copy of ``table`` checked to be (options x criteria) and finite."""
    m, n = len(alternatives), len(criteria)
    try:
        array = np.array(table, dtype=float, copy=True)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{what} must be a table of numbers ({error})") from error
    if array.shape != (m, n):
        got = " x ".join(map(str, array.shape)) or "a single number"
        raise ValueError(
            f"{what} must have one row per option and one column per criterion "
            f"({m} x {n}); got {got}"
        )
    if not np.all(np.isfinite(array)):
        rows, cols = np.nonzero(~np.isfinite(array))
        row, col = int(rows[0]), int(cols[0])
        raise ValueError(
            f"{what} must be finite numbers; option '{alternatives[row]}' has "
            f"{array[row, col]} for criterion '{criteria[col]}'"
        )
    return array


def _duplicates(names: tuple[str, ...]) -> list[str]:
    """Names that appear more than once, in first-seen order."""
    seen: set[str] = set()
    dupes: list[str] = []
    for name in names:
        if name in seen and name not in dupes:
            dupes.append(name)
        seen.add(name)
    return dupes


__all__ = ["METHODS", "MethodOutput", "MethodSpec", "evaluate"]
