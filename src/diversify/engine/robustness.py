"""How sure is each ranking? One-way stability, "what would it take", SMAA-2, method agreement.

This module orchestrates; it holds no file access and prints nothing. For each capability
of a scenario it gathers, under one weighting and one method:

* **stability** of the leader to each criterion's weight (that weight runs 0..1, the others
  keep their ratios): the interval around the current weight within which the leader
  stays first, who leads just outside it, and every switch point. Exact (closed form,
  :func:`diversify.engine.sensitivity.one_way`) for the additive methods on the very matrix
  they add up: the 0..1 values for ``mavt``, the ratio-normalised figures for ``wsm``. Every
  other method is swept through :func:`diversify.engine.methods.evaluate` on a grid with
  bisection (:func:`~diversify.engine.sensitivity.one_way_sweep`), accurate to ``tol``;
* **what would it take** for each option that does not lead: the smallest L1 change of the
  weights that puts it first, or why no weighting can (a linear programme; additive
  methods only, on the same matrix);
* **SMAA-2** acceptabilities (:mod:`diversify.engine.smaa`) as the scenario's
  ``robustness:`` section asks, on the MAVT value model with the figures' ranges
  (``values_low``/``values_high``); for a non-MAVT method the acceptability of *its* leader
  is still read from the value model, which is what SMAA-2 is defined on;
* **method agreement**: the ranking by every method, compared with scikit-criteria's
  ``RanksComparator`` and its Kendall tau matrix (``corr(method="kendall")``, tau-b, so
  the ties of VIKOR's compromise set and ELECTRE I's kernel are handled); a method that
  cannot rank the data (``ValueError``) is skipped with its reason;
* **rank reversal**: scikit-criteria's ``RankInvariantChecker`` (worsen each non-leading
  option a little, ``repeat`` times, and see whether the leader stays first) on the MAVT
  pipeline, summarised as pass/fail.

The rank-reversal check needs the whole MAVT pipeline as scikit-criteria sees it (raw
figures -> :class:`~diversify.engine.mavt_pipeline.ValueFunctionScaler` ->
``WeightedSumModel``): on the 0..1 values alone a worsened option could never overtake the
leader, whereas on raw figures a worsened option can stretch a *local* linear scale, which
re-weights that criterion in effect: the way MAVT really suffers rank reversal.

Results are frozen dataclasses of plain Python data (floats rounded to 12 significant
digits, as the scoring results are), with ``to_dict()`` giving a stable key order. Random
parts are seeded from the robustness seed, so the same inputs and seed give byte-identical
JSON.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from diversify import __version__
from diversify.engine.methods import METHODS, evaluate
from diversify.engine.results import CapabilityResult, ScenarioResult
from diversify.engine.scoring import Prepared, _num, prepare_all, score
from diversify.engine.sensitivity import OneWayResult, one_way, one_way_sweep, what_would_it_take
from diversify.engine.smaa import SmaaResult, smaa_from_spec
from diversify.model.resolved import ScenarioData
from diversify.model.robustness import RobustnessSpec

SCHEMA = "diversify.robustness/1"

PARTS: tuple[str, ...] = ("stability", "what_it_takes", "smaa", "agreement", "rank_reversal")
"""Every analysis :func:`analyse` can run; pass a subset as ``parts`` to run fewer."""

AGREEMENT_METHODS: tuple[str, ...] = (
    "mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2",
)  # fmt: skip
"""Methods compared for agreement, in this order (rows and columns of the tau matrix)."""

SWEEP_GRID = 51
"""Grid points of the one-way sweep for non-additive methods (then bisected to ``tol``)."""

SWEEP_TOL = 1e-4
"""Bisection tolerance of the sweep, as a share of the total weight (0.01 percentage point)."""

RANK_REVERSAL_REPEAT = 10
"""How many times the rank-reversal check worsens each non-leading option."""


# ---------------------------------------------------------------------------------------
# result objects (plain data)
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Switch:
    """As the criterion's weight rises through ``weight``, ``gains`` passes ``loses``."""

    weight: float
    gains: str
    loses: str
    ranks_before: tuple[int, int]
    ranks_after: tuple[int, int]
    leader_change: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "weight": self.weight,
            "gains": self.gains,
            "loses": self.loses,
            "ranks_before": list(self.ranks_before),
            "ranks_after": list(self.ranks_after),
            "leader_change": self.leader_change,
        }


@dataclass(frozen=True)
class Stability:
    """How far one criterion's weight can move (others keeping their ratios) with the same leader.

    Weights are shares of the total (0..1). The leader stays first for weights in
    [``lo``, ``hi``]; ``leader_below`` leads just below ``lo`` and ``leader_above`` just
    above ``hi`` (None where the interval reaches 0 or 1: no weight of this criterion alone
    takes the lead away on that side). ``exact`` is False for the swept (non-additive)
    methods, whose end points are accurate to the sweep tolerance.
    """

    criterion: str
    name: str
    weight: float
    lo: float
    hi: float
    leader: str
    leader_below: str | None
    leader_above: str | None
    ranking_lo: float
    ranking_hi: float
    switch_points: tuple[Switch, ...]
    exact: bool

    def summary_dict(self) -> dict[str, Any]:
        """The keys the ``diversify score`` JSON contract carries per criterion."""
        return {
            "weight": self.weight,
            "lo": self.lo,
            "hi": self.hi,
            "leader_below": self.leader_below,
            "leader_above": self.leader_above,
            "exact": self.exact,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            **self.summary_dict(),
            "ranking_interval": [self.ranking_lo, self.ranking_hi],
            "switch_points": [s.to_dict() for s in self.switch_points],
        }


@dataclass(frozen=True)
class WhatItTakes:
    """The smallest weight change (L1, as shares) that puts ``option`` first, or why none can.

    ``changes`` is new minus current weight per criterion (shares; they sum to zero);
    ``moved`` is the share of the total weight that has to move, half of ``distance``.
    """

    option: str
    system: str
    achievable: bool
    distance: float | None
    moved: float | None
    weights: Mapping[str, float] | None
    changes: Mapping[str, float] | None
    reason: str | None
    dominated_by: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "option": self.option,
            "system": self.system,
            "achievable": self.achievable,
            "distance": self.distance,
            "moved": self.moved,
            "weights": dict(self.weights) if self.weights is not None else None,
            "changes": dict(self.changes) if self.changes is not None else None,
            "reason": self.reason,
            "dominated_by": list(self.dominated_by),
        }


@dataclass(frozen=True)
class OptionAcceptability:
    """One option's SMAA-2 figures, with Monte Carlo standard errors."""

    option: str
    rank_acceptability: tuple[float, ...]
    rank_acceptability_se: tuple[float, ...]
    holistic: float
    holistic_se: float
    central_weights: Mapping[str, float] | None
    confidence: float | None
    confidence_se: float | None

    @property
    def first(self) -> float:
        """Share of samples in which this option comes first."""
        return self.rank_acceptability[0] if self.rank_acceptability else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "option": self.option,
            "rank_acceptability": list(self.rank_acceptability),
            "rank_acceptability_se": list(self.rank_acceptability_se),
            "holistic": self.holistic,
            "holistic_se": self.holistic_se,
            "central_weights": (
                dict(self.central_weights) if self.central_weights is not None else None
            ),
            "confidence": self.confidence,
            "confidence_se": self.confidence_se,
        }


@dataclass(frozen=True)
class SmaaSummary:
    """SMAA-2 for one capability (Lahdelma & Salminen 2001) on the MAVT value model."""

    samples: int
    confidence_samples: int
    seed: int
    values: str
    meta_weights: str
    options: tuple[OptionAcceptability, ...]

    def option(self, option_id: str) -> OptionAcceptability:
        for o in self.options:
            if o.option == option_id:
                return o
        raise KeyError(option_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": "SMAA-2 (Lahdelma & Salminen 2001)",
            "model": "mavt",
            "samples": self.samples,
            "confidence_samples": self.confidence_samples,
            "seed": self.seed,
            "values": self.values,
            "meta_weights": self.meta_weights,
            "options": [o.to_dict() for o in self.options],
        }


@dataclass(frozen=True)
class MethodAgreement:
    """Every method's ranking of one capability and how far they agree (Kendall tau-b)."""

    methods: tuple[str, ...]
    ranks: Mapping[str, Mapping[str, int]]
    """method -> option -> rank (1 = best; ties share a rank)."""
    leaders: Mapping[str, tuple[str, ...]]
    """method -> the options it ranks first (several on a tie), in option order."""
    kendall_tau: tuple[tuple[float | None, ...], ...]
    """Rows and columns in ``methods`` order; None where tau is undefined (all tied)."""
    skipped: Mapping[str, str]
    """method -> why it could not rank this data."""

    def agreeing(self, leader: str | None) -> tuple[str, ...]:
        """Methods that rank ``leader`` first (alone or tied)."""
        return tuple(m for m in self.methods if leader is not None and leader in self.leaders[m])

    def to_dict(self) -> dict[str, Any]:
        return {
            "methods": list(self.methods),
            "ranks": {m: dict(r) for m, r in self.ranks.items()},
            "leaders": {m: list(v) for m, v in self.leaders.items()},
            "kendall_tau": [list(row) for row in self.kendall_tau],
            "skipped": dict(self.skipped),
        }


@dataclass(frozen=True)
class LeadChange:
    """In ``count`` mutations, worsening ``worsened`` put ``new_leader`` first."""

    worsened: str
    new_leader: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"worsened": self.worsened, "new_leader": self.new_leader, "count": self.count}


@dataclass(frozen=True)
class RankReversal:
    """scikit-criteria's rank-invariance check on the MAVT pipeline, as pass/fail.

    ``status`` is ``pass`` (the leader stayed first in every mutation), ``fail`` (it lost
    first place at least once; see ``lead_changes``) or ``skipped`` (see ``reason``).
    ``preserved`` is scikit-criteria's optimal preservation rate (share of mutations that
    keep the leader first) and ``displacement`` its mean rank displacement of the leader.
    """

    status: str
    method: str
    repeat: int
    random_state: int
    mutations: int
    preserved: float | None
    displacement: float | None
    lead_changes: tuple[LeadChange, ...]
    reason: str | None

    @property
    def passed(self) -> bool | None:
        return None if self.status == "skipped" else self.status == "pass"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "method": self.method,
            "check": "scikit-criteria RankInvariantChecker",
            "repeat": self.repeat,
            "random_state": self.random_state,
            "mutations": self.mutations,
            "preserved": self.preserved,
            "displacement": self.displacement,
            "lead_changes": [c.to_dict() for c in self.lead_changes],
            "reason": self.reason,
        }


@dataclass(frozen=True)
class OptionInfo:
    """An option as the robustness report names it."""

    option: str
    system: str
    supplier: str
    bloc: str
    rank: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "option": self.option,
            "system": self.system,
            "supplier": self.supplier,
            "bloc": self.bloc,
            "rank": self.rank,
        }


@dataclass(frozen=True)
class CapabilityRobustness:
    """Everything the robustness analysis says about one capability."""

    id: str
    name: str
    method: str
    leader: str | None
    options: tuple[OptionInfo, ...]
    criteria: Mapping[str, str]
    """criterion id -> name, in column order."""
    weights: Mapping[str, float]
    stability: tuple[Stability, ...] | None
    what_it_takes: tuple[WhatItTakes, ...] | None
    smaa: SmaaSummary | None
    agreement: MethodAgreement | None
    rank_reversal: RankReversal | None
    settings: Mapping[str, Any]
    """How SMAA sampled (samples, seed, weights kind, margin, order, values kind)."""
    notes: tuple[str, ...] = ()

    def leader_acceptability(self) -> dict[str, Any] | None:
        """The leader's SMAA first-rank acceptability, with its standard error and sampling."""
        if self.smaa is None or self.leader is None:
            return None
        acc = self.smaa.option(self.leader)
        return {
            "option": self.leader,
            "acceptability": acc.first,
            "se": acc.rank_acceptability_se[0],
            "samples": self.smaa.samples,
            "seed": self.smaa.seed,
            "weights": self.settings["weights"],
            "margin": self.settings["margin"],
            "order": self.settings["order"],
            "values": self.smaa.values,
        }

    def stability_dict(self) -> dict[str, Any] | None:
        """Per criterion: weight, interval lo/hi, who leads below/above (the score contract)."""
        if self.stability is None:
            return None
        return {s.criterion: s.summary_dict() for s in self.stability}

    def summary_dict(self) -> dict[str, Any]:
        """The keys ``diversify score --format json`` adds to each capability."""
        return {
            "stability": self.stability_dict(),
            "leader_acceptability": self.leader_acceptability(),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "method": self.method,
            "leader": self.leader,
            "options": [o.to_dict() for o in self.options],
            "criteria": dict(self.criteria),
            "weights": dict(self.weights),
            "stability": (
                {s.criterion: s.to_dict() for s in self.stability}
                if self.stability is not None
                else None
            ),
            "leader_acceptability": self.leader_acceptability(),
            "what_it_takes": (
                [w.to_dict() for w in self.what_it_takes]
                if self.what_it_takes is not None
                else None
            ),
            "smaa": self.smaa.to_dict() if self.smaa is not None else None,
            "agreement": self.agreement.to_dict() if self.agreement is not None else None,
            "rank_reversal": (
                self.rank_reversal.to_dict() if self.rank_reversal is not None else None
            ),
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class RobustnessResult:
    """The robustness analysis of every (selected) capability of a scenario."""

    scenario: str
    method: str
    weights: Mapping[str, float]
    weights_origin: str
    settings: Mapping[str, Any]
    capabilities: tuple[CapabilityRobustness, ...]
    version: str
    inputs: Mapping[str, str] = field(default_factory=dict)

    def capability(self, cap_id: str) -> CapabilityRobustness:
        for cap in self.capabilities:
            if cap.id == cap_id:
                return cap
        raise KeyError(cap_id)

    def per_capability(self) -> dict[str, dict[str, Any]]:
        """capability id -> the keys ``diversify score`` adds to that capability's JSON."""
        return {c.id: c.summary_dict() for c in self.capabilities}

    def to_dict(self) -> dict[str, Any]:
        """Ordered plain data (the ``diversify robustness --format json`` contract)."""
        return {
            "schema": SCHEMA,
            "version": self.version,
            "scenario": self.scenario,
            "method": self.method,
            "weights": dict(self.weights),
            "weights_origin": self.weights_origin,
            "settings": dict(self.settings),
            "inputs": dict(self.inputs),
            "capabilities": [c.to_dict() for c in self.capabilities],
        }


# ---------------------------------------------------------------------------------------
# settings
# ---------------------------------------------------------------------------------------


def effective_spec(
    base: RobustnessSpec | None,
    *,
    samples: int | None = None,
    seed: int | None = None,
    margin: float | None = None,
    weights: str | None = None,
    values: str | None = None,
    order: Sequence[str] | None = None,
) -> RobustnessSpec:
    """The scenario's ``robustness:`` section (or the defaults) with command-line overrides.

    ``weights`` (simplex, margin, ordered) and ``values`` (fixed, uniform, triangular)
    choose the sampling models, ``order`` the order of importance for ``ordered`` (the
    section's own ``order`` is kept only for ``ordered``). A ``margin`` switches weight
    sampling to ``margin`` (and drops any ``order``). Raises ``ValueError`` with a
    plain-English message for a bad value.
    """
    data = (base or RobustnessSpec()).model_dump()
    if weights is not None:
        data["weights"] = weights
        if weights != "ordered":
            data["order"] = None
    if order is not None:
        data["order"] = list(order)
    if values is not None:
        data["values"] = values
    if samples is not None:
        if isinstance(samples, bool) or int(samples) != samples or samples <= 0:
            raise ValueError(
                f"the number of samples must be a whole number above zero (got {samples}); "
                "for example 10000"
            )
        data["samples"] = int(samples)
    if seed is not None:
        if isinstance(seed, bool) or int(seed) != seed or seed < 0:
            raise ValueError(f"the seed must be a whole number, 0 or more (got {seed})")
        data["seed"] = int(seed)
    if margin is not None:
        if not np.isfinite(margin) or not 0.0 <= margin <= 1.0:
            raise ValueError(
                f"the weight margin must be between 0 and 1 (got {margin}): it is a relative "
                "change, so 0.2 means +/-20% around each current weight"
            )
        data.update(margin=float(margin), weights="margin", order=None)
    return RobustnessSpec.model_validate(data)


def _settings(spec: RobustnessSpec, repeat: int, grid: int, tol: float) -> dict[str, Any]:
    return {
        "samples": spec.samples,
        "seed": spec.seed,
        "weights": spec.weights,
        "margin": _num(spec.margin),
        "order": list(spec.order) if spec.order else None,
        "values": spec.values,
        "meta_weights": "linear",
        "rank_reversal_repeat": repeat,
        "sweep_grid": grid,
        "sweep_tol": _num(tol),
    }


# ---------------------------------------------------------------------------------------
# the analyses, one capability at a time
# ---------------------------------------------------------------------------------------


def additive_matrix(prep: Prepared, method: str) -> np.ndarray | None:
    """The (options x criteria) matrix an additive method weights and adds, else None.

    ``mavt`` adds the 0..1 values; ``wsm`` adds ratio-normalised raw figures, which are
    read back from its contributions under equal weights (contribution = figure / n).
    """
    if method == "mavt" or len(prep.options) < 2:
        return np.array(prep.values, dtype=float)
    if not METHODS[method].additive:
        return None
    n = len(prep.criteria)
    out = evaluate(
        method,
        raw=prep.raw,
        objectives=prep.objectives,
        weights=np.full(n, 1.0 / n),
        values=prep.values,
        alternatives=prep.option_ids,
        criteria=prep.criterion_ids,
    )
    assert out.contributions is not None
    return np.asarray(out.contributions, dtype=float) * n


def _rank_score_fn(
    prep: Prepared, method: str, params: Any, leader_only: bool = False
) -> Callable[[np.ndarray], np.ndarray]:
    """Scores for the sweep: minus the method's rank, ties broken by option id.

    Using ranks (not the method's own score) makes "higher is better" hold for every method
    (VIKOR's Q is lower-is-better, and its compromise set shares rank 1), and the id
    tie-break is the one the scoring pipeline uses to order tied options. With
    ``leader_only`` the leader scores 1 and every other option 0, so the sweep refines only
    the points where the leader changes (the others keep input order): cheaper, for when
    only the stability of the lead is wanted.
    """
    ids = prep.option_ids
    m = len(ids)
    id_pos = np.argsort(np.argsort(np.array(ids, dtype=object), kind="stable"), kind="stable")

    def fn(w: np.ndarray) -> np.ndarray:
        out = evaluate(
            method,
            raw=prep.raw,
            objectives=prep.objectives,
            weights=w,
            values=prep.values,
            alternatives=ids,
            criteria=prep.criterion_ids,
            params=params,
        )
        score = -(out.ranks.astype(float) * (m + 1) + id_pos)
        if leader_only:
            first = np.zeros(m)
            first[int(np.argmax(score))] = 1.0
            return first
        return score

    return fn


def _stability(
    prep: Prepared,
    w: np.ndarray,
    method: str,
    params: Any,
    matrix: np.ndarray | None,
    grid: int,
    tol: float,
    leader_only: bool,
) -> tuple[Stability, ...]:
    ids = prep.option_ids
    results: list[OneWayResult] = []
    score_fn = None if matrix is not None else _rank_score_fn(prep, method, params, leader_only)
    for j in range(len(prep.criteria)):
        if score_fn is None:
            assert matrix is not None
            results.append(one_way(matrix, w, j, leader_only=leader_only))
        else:
            results.append(one_way_sweep(score_fn, w, j, grid=grid, tol=tol))

    def oid(i: int | None) -> str | None:
        return None if i is None else ids[i]

    out = []
    for crit, r in zip(prep.criteria, results, strict=True):
        out.append(
            Stability(
                criterion=crit.id,
                name=crit.name,
                weight=_num(r.current_weight),
                lo=_num(r.leader_interval[0]),
                hi=_num(r.leader_interval[1]),
                leader=ids[r.leader],
                leader_below=oid(r.leader_below),
                leader_above=oid(r.leader_above),
                ranking_lo=_num(r.ranking_interval[0]),
                ranking_hi=_num(r.ranking_interval[1]),
                switch_points=tuple(
                    Switch(
                        weight=_num(s.weight),
                        gains=ids[s.gains],
                        loses=ids[s.loses],
                        ranks_before=s.ranks_before,
                        ranks_after=s.ranks_after,
                        leader_change=s.leader_change,
                    )
                    for s in r.switch_points
                    # A leader-only sweep orders the others arbitrarily: keep true changes.
                    if s.leader_change or not leader_only
                ),
                exact=r.exact,
            )
        )
    return tuple(out)


def _what_it_takes(
    prep: Prepared, w: np.ndarray, matrix: np.ndarray, cap: CapabilityResult
) -> tuple[WhatItTakes, ...]:
    ids = prep.option_ids
    crit_ids = prep.criterion_ids
    systems = [o.system for o in prep.options]
    index = {o: i for i, o in enumerate(ids)}
    out = []
    for ranked in cap.ranking[1:]:
        i = index[ranked.option]
        res = what_would_it_take(matrix, w, i, names=systems)
        new = None if res.weights is None else np.asarray(res.weights, dtype=float)
        out.append(
            WhatItTakes(
                option=ranked.option,
                system=ranked.system,
                achievable=res.achievable,
                distance=None if res.distance is None else _num(res.distance),
                moved=None if res.moved is None else _num(res.moved),
                weights=(
                    None
                    if new is None
                    else MappingProxyType({c: _num(x) for c, x in zip(crit_ids, new, strict=True)})
                ),
                changes=(
                    None
                    if new is None
                    else MappingProxyType(
                        {c: _num(x) for c, x in zip(crit_ids, new - w, strict=True)}
                    )
                ),
                reason=res.reason,
                dominated_by=tuple(ids[k] for k in res.dominated_by),
            )
        )
    return tuple(out)


def _opt_num(x: float) -> float | None:
    return None if not math.isfinite(x) else _num(x)


def _smaa(
    prep: Prepared, w: np.ndarray, spec: RobustnessSpec, first_only: bool = False
) -> SmaaSummary:
    v = np.asarray(prep.values, dtype=float)
    # A non-monotone piecewise function can value a figure above the images of its range
    # ends; the range of values must still contain the stated value.
    lo = np.minimum(prep.values_low, v)
    hi = np.maximum(prep.values_high, v)
    res: SmaaResult = smaa_from_spec(
        v, w, spec, list(prep.criterion_ids), values_low=lo, values_high=hi, first_only=first_only
    )
    crit_ids = prep.criterion_ids
    # With first_only, ranks 2..m were not counted (NaN): only the first column is rounded,
    # the rest stays NaN. Rounding all m x m cells cost more than the sampling on a
    # programme of 100-option capabilities, for figures that are never shown.
    counted = 1 if first_only else len(prep.option_ids)
    nan_tail = (float("nan"),) * (len(prep.option_ids) - counted)
    acc = res.rank_acceptability[:, :counted].tolist()
    acc_se = res.rank_acceptability_se[:, :counted].tolist()
    unset = np.isnan(res.central_weights).any(axis=1).tolist()  # options that never win
    central = res.central_weights.tolist()
    holistic, holistic_se = res.holistic_acceptability.tolist(), res.holistic_se.tolist()
    confidence, confidence_se = res.confidence.tolist(), res.confidence_se.tolist()
    options = []
    for i, oid in enumerate(prep.option_ids):
        options.append(
            OptionAcceptability(
                option=oid,
                rank_acceptability=(*map(_num, acc[i]), *nan_tail),
                rank_acceptability_se=(*map(_num, acc_se[i]), *nan_tail),
                holistic=_num(holistic[i]),
                holistic_se=_num(holistic_se[i]),
                central_weights=(
                    None
                    if unset[i]
                    else MappingProxyType(
                        {c: _num(x) for c, x in zip(crit_ids, central[i], strict=True)}
                    )
                ),
                confidence=_opt_num(confidence[i]),
                confidence_se=_opt_num(confidence_se[i]),
            )
        )
    return SmaaSummary(
        samples=res.n_samples,
        confidence_samples=res.n_confidence_samples,
        seed=res.seed,
        values=res.value_kind,
        meta_weights=res.meta_weight_kind,
        options=tuple(options),
    )


def _agreement(prep: Prepared, w: np.ndarray, scenario: ScenarioData) -> MethodAgreement:
    from skcriteria.agg import RankResult
    from skcriteria.cmp import RanksComparator

    ids = prep.option_ids
    ranked: list[tuple[str, Any]] = []
    ranks: dict[str, Mapping[str, int]] = {}
    leaders: dict[str, tuple[str, ...]] = {}
    skipped: dict[str, str] = {}
    for name in AGREEMENT_METHODS:
        params = scenario.method_params if name == scenario.method else None
        try:
            out = evaluate(
                name,
                raw=prep.raw,
                objectives=prep.objectives,
                weights=w,
                values=prep.values,
                alternatives=ids,
                criteria=prep.criterion_ids,
                params=params,
            )
        except ValueError as err:
            skipped[name] = str(err)
            continue
        r = [int(x) for x in out.ranks]
        ranked.append((name, RankResult(name, list(ids), r, {})))
        ranks[name] = MappingProxyType(dict(zip(ids, r, strict=True)))
        leaders[name] = tuple(o for o, k in zip(ids, r, strict=True) if k == 1)
    methods = tuple(name for name, _ in ranked)
    tau: tuple[tuple[float | None, ...], ...] = ()
    if ranked:
        corr = RanksComparator(ranked, {}).corr(method="kendall")
        table = corr.loc[list(methods), list(methods)].to_numpy(dtype=float)
        tau = tuple(tuple(_opt_num(x) for x in row) for row in table)
    return MethodAgreement(
        methods=methods,
        ranks=MappingProxyType(ranks),
        leaders=MappingProxyType(leaders),
        kendall_tau=tau,
        skipped=MappingProxyType(skipped),
    )


def _rank_reversal(prep: Prepared, w: np.ndarray, repeat: int, seed: int) -> RankReversal:
    import skcriteria
    from skcriteria.ranksrev import RankInvariantChecker
    from skcriteria.ranksrev.rank_invariant_check import maximum_abs_noises

    from diversify.engine.mavt_pipeline import ValueFunctionScaler, mavt_pipeline

    def skipped(reason: str) -> RankReversal:
        return RankReversal("skipped", "mavt", repeat, seed, 0, None, None, (), reason)

    m = len(prep.options)
    if m < 3:
        return skipped(
            f"the check needs at least three options to rank (here {m}): it worsens each "
            "option below the leader by less than the gap to the next one down"
        )
    dm = skcriteria.mkdm(
        matrix=np.asarray(prep.raw, dtype=float),
        objectives=np.asarray(prep.objectives, dtype=int),
        weights=w,
        alternatives=list(prep.option_ids),
        criteria=list(prep.criterion_ids),
    )
    pipe = mavt_pipeline(prep.criteria)
    reference = pipe.evaluate(dm)
    scaled = ValueFunctionScaler(prep.criteria).transform(dm).matrix.to_numpy(dtype=float)
    if not np.allclose(scaled, prep.values, rtol=0, atol=1e-9):
        return skipped(
            "the value functions cannot be re-applied to the raw figures here (an option "
            "has a gap scored as the worst), so the MAVT pipeline would not reproduce the "
            "ranking"
        )
    # scikit-criteria worsens each option by a random share of its gap to the next one
    # down, capped at the figure itself, and draws until some gap is above zero: an option
    # with nothing to give (same figures as the next, or zeros) would make it loop forever.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # see below
        noises = maximum_abs_noises(dm=dm, rank=reference, last_diff_strategy=np.median)
    caps = dm.matrix.abs()
    for (mutated, _), row in noises.iterrows():
        bound = row.clip(upper=caps.loc[mutated]).to_numpy(dtype=float)
        if not np.all(np.isfinite(bound)) or not np.any(bound > 0):
            return skipped(
                f"`{mutated}` cannot be made worse without passing the option ranked below "
                "it (same figures, or figures of zero), so the check cannot run"
            )
    checker = RankInvariantChecker(pipe, repeat=repeat, random_state=seed)
    with warnings.catch_warnings():
        # scikit-criteria's own use of a pandas API that pandas plans to remove
        # (`set_index(inplace=True)`): not ours to fix, and not for the user to see.
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        cmp = checker.evaluate(dm)
    best = str(reference.alternatives[np.asarray(reference.values) == 1][0])
    changes: dict[tuple[str, str], int] = {}
    for _name, rank in list(cmp.named_ranks.items())[1:]:
        info = rank.extra_["rank_inv_check"]
        alts = [str(a) for a in rank.alternatives]
        values = np.asarray(rank.values)
        firsts = [a for a, v in zip(alts, values, strict=True) if v == 1]
        if best not in firsts:
            key = (str(info["mutated"]), firsts[0] if firsts else "")
            changes[key] = changes.get(key, 0) + 1
    mutations = len(cmp) - 1
    preserved = float(cmp.extra_["opr"])
    return RankReversal(
        status="pass" if not changes else "fail",
        method="mavt",
        repeat=repeat,
        random_state=seed,
        mutations=mutations,
        preserved=_num(preserved),
        displacement=_num(cmp.extra_["rd"]),
        lead_changes=tuple(
            LeadChange(worsened, leader, count)
            for (worsened, leader), count in sorted(changes.items())
        ),
        reason=None,
    )


def _capability(
    prep: Prepared,
    cap: CapabilityResult,
    scenario: ScenarioData,
    method: str,
    params: Any,
    spec: RobustnessSpec,
    parts: Collection[str],
    grid: int,
    tol: float,
    leader_only: bool,
    repeat: int,
    settings: Mapping[str, Any],
    smaa_first_only: bool = False,
) -> CapabilityRobustness:
    crit_ids = prep.criterion_ids
    w = np.array([float(cap.weights[c]) for c in crit_ids], dtype=float)
    w = w / w.sum()
    options = tuple(OptionInfo(o.option, o.system, o.supplier, o.bloc, o.rank) for o in cap.ranking)
    base = {
        "id": cap.id,
        "name": cap.name,
        "method": method,
        "leader": cap.ranking[0].option if cap.ranking else None,
        "options": options,
        "criteria": MappingProxyType({c.id: c.name for c in prep.criteria}),
        "weights": MappingProxyType({c: _num(x) for c, x in zip(crit_ids, w, strict=True)}),
        "settings": settings,
    }
    if not prep.options:
        return CapabilityRobustness(
            **base, stability=None, what_it_takes=None, smaa=None, agreement=None,
            rank_reversal=None, notes=("every option was screened out: nothing to test",),
        )  # fmt: skip
    notes: list[str] = []
    matrix = additive_matrix(prep, method)
    stability = None
    if "stability" in parts:
        if len(crit_ids) < 2:
            notes.append("a single criterion: weights cannot change the ranking")
        else:
            stability = _stability(prep, w, method, params, matrix, grid, tol, leader_only)
            if matrix is None:
                notes.append(
                    f"{method} is not additive: stability intervals come from a sweep of "
                    f"{grid} weights refined by bisection to {tol:g}, not a closed form"
                )
    wit = None
    if "what_it_takes" in parts:
        if matrix is not None:
            wit = _what_it_takes(prep, w, matrix, cap)
        else:
            notes.append(
                f'"what would it take" is computed for additive methods (mavt, wsm) only, '
                f"not for {method}"
            )
    smaa = _smaa(prep, w, spec, smaa_first_only) if "smaa" in parts else None
    agreement = None
    if "agreement" in parts:
        if len(prep.options) < 2:
            notes.append("a single option: there is no ranking for methods to agree on")
        else:
            agreement = _agreement(prep, w, scenario)
    rank_rev = _rank_reversal(prep, w, repeat, spec.seed) if "rank_reversal" in parts else None
    if len(prep.options) == 1:
        notes.append("only one option survived screening: it leads whatever the weights")
    return CapabilityRobustness(
        **base, stability=stability, what_it_takes=wit, smaa=smaa, agreement=agreement,
        rank_reversal=rank_rev, notes=tuple(notes),
    )  # fmt: skip


def analyse(
    scenario: ScenarioData,
    *,
    weights: Mapping[str, float] | None = None,
    method: str | None = None,
    samples: int | None = None,
    seed: int | None = None,
    margin: float | None = None,
    prepared: Sequence[Prepared] | None = None,
    result: ScenarioResult | None = None,
    capabilities: Sequence[str] | None = None,
    parts: Collection[str] = PARTS,
    grid: int = SWEEP_GRID,
    tol: float = SWEEP_TOL,
    rank_reversal_repeat: int = RANK_REVERSAL_REPEAT,
    leader_only: bool = False,
    smaa_first_only: bool = False,
) -> RobustnessResult:
    """Run the robustness analyses on every (or the selected) capability of a scenario.

    ``weights`` (points) and ``method`` override the scenario's, as in
    :func:`diversify.engine.scoring.score`; ``samples``, ``seed`` and ``margin`` override
    its ``robustness:`` section (the defaults of :class:`RobustnessSpec` when it has none).
    ``prepared`` reuses earlier preparation; ``result`` reuses a scoring result made with
    the same weights, method and capabilities (it is computed otherwise). ``parts`` picks
    analyses from :data:`PARTS`; ``grid``/``tol`` set the sweep for non-additive methods,
    and ``leader_only`` tells only the leader's story: the closed form walks from leader to
    leader in near-linear time in the number of options instead of listing every pairwise
    crossing, and the sweep refines only the changes of leader (cheaper; switch points then
    list leader changes only, and for the sweep ``ranking_lo``/``ranking_hi`` equal
    ``lo``/``hi``);
    ``rank_reversal_repeat`` the mutations per option of the rank-reversal check;
    ``smaa_first_only`` makes SMAA-2 count only first places (the leader's acceptability
    is exact, other ranks are not computed: what ``diversify score`` reports).
    """
    unknown = sorted(set(parts) - set(PARTS))
    if unknown:
        raise ValueError(f"unknown analyses {', '.join(unknown)}; choose from {', '.join(PARTS)}")
    if isinstance(rank_reversal_repeat, bool) or int(rank_reversal_repeat) < 1:
        raise ValueError(f"the repeat count must be 1 or more (got {rank_reversal_repeat})")
    method = method or (result.method if result is not None else scenario.method)
    if method not in METHODS:
        raise ValueError(f"unknown ranking method {method!r}; choose one of: {', '.join(METHODS)}")
    params = scenario.method_params if method == scenario.method else None
    spec = effective_spec(scenario.robustness, samples=samples, seed=seed, margin=margin)
    preps = tuple(prepared) if prepared is not None else prepare_all(scenario)
    if result is None:
        result = score(
            scenario, weights=weights, method=method, capabilities=capabilities, prepared=preps
        )
    by_id = {p.capability.id: p for p in preps}
    settings = MappingProxyType(_settings(spec, int(rank_reversal_repeat), grid, tol))
    caps = tuple(
        _capability(by_id[cap.id], cap, scenario, method, params, spec, parts, grid, tol,
                    leader_only, int(rank_reversal_repeat), settings, smaa_first_only)
        for cap in result.capabilities
        if capabilities is None or cap.id in capabilities
    )  # fmt: skip
    return RobustnessResult(
        scenario=result.scenario,
        method=method,
        weights=MappingProxyType(dict(result.weights)),
        weights_origin=result.weights_origin,
        settings=settings,
        capabilities=caps,
        version=__version__,
        inputs=MappingProxyType(dict(result.inputs)),
    )


def __getattr__(name: str) -> Any:
    """``ValueFunctionScaler`` and ``mavt_pipeline`` live in :mod:`diversify.engine.mavt_pipeline`
    (imported on first use here, so this module does not import scikit-criteria)."""
    if name in ("ValueFunctionScaler", "mavt_pipeline"):
        from diversify.engine import mavt_pipeline

        return getattr(mavt_pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AGREEMENT_METHODS",
    "PARTS",
    "CapabilityRobustness",
    "MethodAgreement",
    "RankReversal",
    "RobustnessResult",
    "Stability",
    "WhatItTakes",
    "additive_matrix",
    "analyse",
    "effective_spec",
]
