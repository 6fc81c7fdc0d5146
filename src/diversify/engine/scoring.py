"""Scoring pipeline: resolved scenario -> per-capability decision matrices -> rankings.

Preparation (screening, raw matrix, value functions) does not depend on the weights or
the method, so it is done once per capability and kept in :class:`Prepared`; a weight
change only re-runs :func:`rank_prepared`. Screening applies scikit-criteria's filter
rules (as numpy comparisons, so the default path never imports scikit-criteria) and
reports, for each removed option, the rule it failed. Ranking goes through
:func:`diversify.engine.methods.evaluate` (scikit-criteria pipelines, MAVT in numpy,
PROMETHEE II by hand).

Hand-written here: :func:`rerank_mavt`, the live path a front end calls on every weight
change. MAVT is ``values @ w``, which scikit-criteria's ``WeightedSumModel`` computes too,
but building a ``DecisionMatrix`` per capability per key press is too slow; the fast path
gives results equal to :func:`rank_prepared` (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from types import MappingProxyType
from typing import Any

import numpy as np

from diversify import __version__
from diversify.engine import values as vf
from diversify.engine.results import (
    CapabilityResult,
    CriterionInfo,
    RankedOption,
    ScenarioResult,
    ScreenedOut,
)
from diversify.model.criteria import Criterion, LevelsFunction
from diversify.model.resolved import CapabilityData, OptionData, ScenarioData


class MethodError(ValueError):
    """A method cannot rank this data (e.g. WPM with a zero figure): a user error, not a bug."""


@dataclass(frozen=True)
class Prepared:
    """A capability's decision data after screening, before weights and method."""

    capability: CapabilityData
    criteria: tuple[Criterion, ...]
    options: tuple[OptionData, ...]
    screened_out: tuple[ScreenedOut, ...]
    raw: np.ndarray
    """(m, n) raw figures; levels as level values; gaps filled with the worst figure."""
    values: np.ndarray
    """(m, n) 0..1 preferences."""
    values_low: np.ndarray
    values_high: np.ndarray
    objectives: np.ndarray
    scales: tuple[tuple[float, float] | None, ...]
    missing: tuple[tuple[str, ...], ...]

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)

    @cached_property
    def option_maps(
        self,
    ) -> tuple[tuple[Mapping[str, float], Mapping[str, float | str | None]], ...]:
        """Per option, its 0-1 values and raw figures by criterion, as results show them.

        They do not depend on the weights or the method, so live re-ranking builds them
        once per preparation instead of on every key press.
        """
        crit_ids = self.criterion_ids
        out = []
        for opt, row in zip(self.options, self.values.tolist(), strict=True):
            raw: dict[str, float | str | None] = {}
            for c in self.criteria:
                fig = opt.figures.get(c.id)
                raw[c.id] = None if fig is None else (fig.label if fig.label else _num(fig.value))
            values = {c: _num(v) for c, v in zip(crit_ids, row, strict=True)}
            out.append((MappingProxyType(values), MappingProxyType(raw)))
        return tuple(out)


def _raw_column(options: Sequence[OptionData], crit: Criterion) -> tuple[np.ndarray, ...]:
    val = np.full(len(options), np.nan)
    low = np.full(len(options), np.nan)
    high = np.full(len(options), np.nan)
    for i, opt in enumerate(options):
        fig = opt.figures.get(crit.id)
        if fig is not None:
            val[i], low[i], high[i] = fig.value, fig.low, fig.high
    return val, low, high


def level_positions(crit: Criterion, level_values: np.ndarray) -> np.ndarray:
    """Raw-matrix coding of a levels criterion: 1 for the worst level up to k for the best.

    Methods that work on the raw matrix (TOPSIS, WPM, PROMETHEE …) need a positive
    ordinal figure, as a Likert scale gives; the level *values* (0..1, possibly 0) are
    preferences and belong to MAVT. Equal level values share a position.
    """
    assert isinstance(crit.value_function, LevelsFunction)
    scale = np.unique(np.array(list(crit.value_function.levels.values()), dtype=float))
    # A level's own value gets its position exactly; a value between levels (an `unknown`
    # figure placed mid-scale by the evidence_gaps policy) the same point in positions.
    return np.interp(level_values, scale, np.arange(1.0, scale.size + 1.0))


def _fill_worst(col: np.ndarray, crit: Criterion) -> np.ndarray:
    """Fill gaps with the worst figure among the others (``missing: worst``)."""
    if not np.isnan(col).any():
        return col
    finite = col[np.isfinite(col)]
    if finite.size == 0:
        worst = 0.0
    elif isinstance(crit.value_function, LevelsFunction):
        worst = min(crit.value_function.levels.values())
    else:
        worst = float(finite.max() if crit.direction == "min" else finite.min())
    return np.where(np.isnan(col), worst, col)


def _screen(
    cap: CapabilityData, criteria: Sequence[Criterion], raw: np.ndarray, rules: Mapping[str, Any]
) -> np.ndarray:
    """Boolean mask of options that pass every rule.

    The rules are scikit-criteria's filters (``FilterGE`` for ``min``, ``FilterLE`` for
    ``max``, ``FilterNotIn`` for ``exclude``) written as the numpy comparisons those
    filters make (``np.greater_equal``, ``np.less_equal``, ``np.isin(..., invert=True)``),
    so that scoring, the default path, does not import scikit-criteria (seconds: pandas,
    matplotlib) for three comparisons; a test checks the mask against the filters.
    """
    ids = [c.id for c in criteria]
    # A stated decision (the supplier file's `screened_out:`) removes an option first.
    keep = np.array([o.screened_out is None for o in cap.options], dtype=bool)
    if not rules or not cap.options:
        return keep
    matrix = np.nan_to_num(raw)
    for cid, rule in rules.items():
        if cid not in ids:
            continue
        j = ids.index(cid)
        crit = criteria[j]
        column = matrix[:, j]
        if rule.min is not None:
            keep &= np.greater_equal(column, rule.min)
        if rule.max is not None:
            keep &= np.less_equal(column, rule.max)
        if rule.exclude and isinstance(crit.value_function, LevelsFunction):
            bad = [crit.value_function.levels[label] for label in rule.exclude]
            keep &= np.isin(column, bad, invert=True)
        # A gap never passes a must-meet rule silently.
        keep &= ~np.isnan(raw[:, j])
    return keep


def _reason(crit: Criterion, rule: Any, opt: OptionData) -> str | None:
    fig = opt.figures.get(crit.id)
    if fig is None:
        return None
    unit = f" {crit.unit}" if crit.unit else ""
    # The unit once, with the figure: "Time to first delivery 192 months from contract to
    # first delivery is above the maximum of 108" (a long unit said twice reads as a stutter).
    if rule.max is not None and fig.value > rule.max:
        return f"{crit.name} {fig.value:g}{unit} is above the maximum of {rule.max:g}"
    if rule.min is not None and fig.value < rule.min:
        return f"{crit.name} {fig.value:g}{unit} is below the minimum of {rule.min:g}"
    if fig.label is not None and fig.label in rule.exclude:
        return f"{crit.name} is `{fig.label}`, which the screening excludes"
    return None


def prepare(cap: CapabilityData, scenario: ScenarioData) -> Prepared:
    """Screen a capability's options and build its raw and value matrices."""
    criteria = cap.criteria
    cols = [_raw_column(cap.options, c) for c in criteria]
    n_opt, n_crit = len(cap.options), len(criteria)
    raw_all = np.column_stack([c[0] for c in cols]) if cols else np.zeros((n_opt, 0))
    rules = {cid: r for cid, r in scenario.screening.items() if cid in cap.criterion_ids}
    keep = _screen(cap, criteria, raw_all, rules)
    screened: list[ScreenedOut] = []
    by_id = {c.id: c for c in criteria}
    for i, opt in enumerate(cap.options):
        if keep[i]:
            continue
        decided = opt.screened_out is not None
        reasons = [("", opt.screened_out)] if decided else []
        for cid, rule in rules.items():
            fig = opt.figures.get(cid)
            if decided and (fig is None or fig.label == "unknown"):
                continue  # the decision is the reason; a gap adds nothing to it
            text = _reason(by_id[cid], rule, opt)
            if text is None and fig is None:
                text = f"{by_id[cid].name} has no figure, so the must-meet rule cannot be shown to hold"
            if text:
                reasons.append((cid, text))
        cid, text = reasons[0] if reasons else ("", "failed screening")
        screened.append(
            ScreenedOut(
                option=opt.id,
                system=opt.system,
                supplier=opt.supplier,
                country=opt.country,
                bloc=opt.bloc,
                criterion=cid,
                reason="; ".join(t for _, t in reasons) or text,
            )
        )
    options = tuple(o for o, k in zip(cap.options, keep, strict=True) if k)
    idx = np.flatnonzero(keep)
    raw = np.zeros((len(options), n_crit))
    low = np.zeros_like(raw)
    high = np.zeros_like(raw)
    values = np.zeros_like(raw)
    values_low = np.zeros_like(raw)
    values_high = np.zeros_like(raw)
    scales: list[tuple[float, float] | None] = []
    missing: list[list[str]] = [[] for _ in options]
    for j, crit in enumerate(criteria):
        v, lo, hi = (c[idx] for c in cols[j])
        for i in np.flatnonzero(np.isnan(v)):
            missing[i].append(crit.id)
        v = _fill_worst(v, crit)
        lo = np.where(np.isnan(lo), v, lo)
        hi = np.where(np.isnan(hi), v, hi)
        scale = vf.anchors(crit, v)
        scales.append(scale)
        values[:, j] = vf.apply(crit, v, scale)
        a, b = vf.apply(crit, lo, scale), vf.apply(crit, hi, scale)
        if isinstance(crit.value_function, LevelsFunction):
            v, lo, hi = (level_positions(crit, x) for x in (v, lo, hi))
        raw[:, j], low[:, j], high[:, j] = v, lo, hi
        values_low[:, j] = np.minimum(a, b)
        values_high[:, j] = np.maximum(a, b)
        # A gap scored as the worst is uncertain all the way up to the best.
        gap = np.array([crit.id in m for m in missing], dtype=bool)
        if gap.any():
            values[gap, j] = 0.0
            values_low[gap, j] = 0.0
            values_high[gap, j] = 1.0
    return Prepared(
        capability=cap,
        criteria=criteria,
        options=options,
        screened_out=tuple(screened),
        raw=raw,
        values=values,
        values_low=values_low,
        values_high=values_high,
        objectives=np.array([c.objective for c in criteria], dtype=int),
        scales=tuple(scales),
        missing=tuple(tuple(m) for m in missing),
    )


def capability_weights(prep: Prepared, shared_points: Mapping[str, float]) -> np.ndarray:
    """Normalised weights over a capability's criteria: shared points plus its own points."""
    cap = prep.capability
    pts = np.array(
        [float(shared_points.get(c.id, cap.extra_weights.get(c.id, 0.0))) for c in prep.criteria]
    )
    total = pts.sum()
    if total <= 0:
        raise ValueError(f"{cap.id}: all weights are zero; give a criterion a positive weight")
    return pts / total


def _criterion_infos(prep: Prepared) -> tuple[CriterionInfo, ...]:
    return tuple(
        CriterionInfo(
            id=c.id,
            name=c.name,
            unit=c.unit,
            direction=c.direction,
            kind=c.value_function.kind,
            scale=(_num(s[0]), _num(s[1])) if s is not None else None,
        )
        for c, s in zip(prep.criteria, prep.scales, strict=True)
    )


def _lone_output(prep: Prepared, weights: np.ndarray) -> tuple[Any, str]:
    """A lone survivor: first by default, scored by its weighted value (MAVT)."""
    from diversify.engine.methods import MethodOutput

    contrib = prep.values * weights
    out = MethodOutput(
        scores=contrib.sum(axis=1), ranks=np.array([1]), higher_is_better=True, extras={},
        additive=True, contributions=contrib,
    )  # fmt: skip
    return out, (
        "only one option survived screening: it is first by default, and its score is "
        "its weighted value (MAVT)"
    )


def rank_prepared(
    prep: Prepared, weights: np.ndarray, method: str, params: Any = None
) -> CapabilityResult:
    """Rank one prepared capability under normalised ``weights`` with ``method``."""
    from diversify.engine.methods import METHODS, evaluate

    spec = METHODS[method]
    warnings: list[str] = []
    if not prep.options:
        return _assemble(prep, weights, None, warnings, additive=spec.additive)
    if len(prep.options) == 1:
        # A ranking needs two options; a lone survivor is first by default.
        out, warning = _lone_output(prep, weights)
        warnings.append(warning)
    else:
        try:
            out = evaluate(
                method,
                raw=prep.raw,
                objectives=prep.objectives,
                weights=weights,
                values=prep.values,
                alternatives=prep.option_ids,
                criteria=prep.criterion_ids,
                params=params,
            )
        except ValueError as err:
            raise MethodError(f"{prep.capability.id}: {err}") from err
    return _assemble(prep, weights, out, warnings, additive=spec.additive)


def _assemble(
    prep: Prepared, weights: np.ndarray, out: Any, warnings: list[str], *, additive: bool
) -> CapabilityResult:
    """Turn a method's output (a ``MethodOutput``, None when no option is left) into a result.

    Shared by :func:`rank_prepared` and the fast MAVT path :func:`rerank_mavt`, so both
    give the same result objects.
    """
    cap = prep.capability
    crit_ids = prep.criterion_ids
    infos = _criterion_infos(prep)
    weight_map = MappingProxyType({c: _num(w) for c, w in zip(crit_ids, weights, strict=True)})
    if out is None:
        return CapabilityResult(
            id=cap.id, name=cap.name, quantity=cap.quantity, budget=cap.budget, criteria=infos,
            weights=weight_map, ranking=(), screened_out=prep.screened_out,
            higher_is_better=True, additive=additive,
            warnings=("every option was screened out",),
        )  # fmt: skip
    ranks = [int(r) for r in out.ranks]
    scores = out.scores.tolist()
    contributions = out.contributions.tolist() if out.contributions is not None else None
    order = sorted(range(len(prep.options)), key=lambda i: (ranks[i], prep.options[i].id))
    ranking = []
    for i in order:
        opt = prep.options[i]
        values, raw = prep.option_maps[i]
        ranking.append(
            RankedOption(
                option=opt.id,
                system=opt.system,
                supplier=opt.supplier,
                country=opt.country,
                bloc=opt.bloc,
                rank=ranks[i],
                score=_num(scores[i]),
                values=values,
                raw=raw,
                contributions=(
                    MappingProxyType(
                        {c: _num(x) for c, x in zip(crit_ids, contributions[i], strict=True)}
                    )
                    if contributions is not None
                    else None
                ),
                extras=MappingProxyType({k: _extra(v[i]) for k, v in sorted(out.extras.items())}),
                unit_cost=_num(opt.unit_cost.value) if opt.unit_cost is not None else None,
                missing=prep.missing[i],
                cost_basis=_plain_record(opt.cost_basis),
                unknown=opt.unknown,
                local_content=opt.local_content,
            )
        )
    for opt_id, gaps in zip(prep.option_ids, prep.missing, strict=True):
        if gaps:
            warnings.append(f"{opt_id}: no figure for {', '.join(gaps)}; scored as the worst")
    details = getattr(out, "details", None) or {}
    method_details = (
        MappingProxyType({"options": list(prep.option_ids), **_plain(dict(details))})
        if details
        else MappingProxyType({})
    )
    return CapabilityResult(
        id=cap.id, name=cap.name, quantity=cap.quantity, budget=cap.budget, criteria=infos,
        weights=weight_map, ranking=tuple(ranking), screened_out=prep.screened_out,
        higher_is_better=out.higher_is_better, additive=out.additive, warnings=tuple(warnings),
        method_details=method_details,
    )  # fmt: skip


def rerank_mavt(
    preps: Sequence[Prepared], shared_points: Mapping[str, float]
) -> tuple[CapabilityResult, ...]:
    """Re-rank prepared capabilities with MAVT in plain numpy, for live weight editing.

    Hand-written on purpose: MAVT is ``values @ w`` (what scikit-criteria's
    ``WeightedSumModel`` computes, with ``np.inner``), and a front end re-ranking on every
    key press cannot afford a ``DecisionMatrix`` per capability. The results are equal to
    :func:`rank_prepared` with ``"mavt"`` (a test checks it); preparation (screening,
    value functions) is reused from ``preps``.
    """
    from diversify.engine.methods import MethodOutput
    from diversify.engine.promethee import dense_rank

    results = []
    for prep in preps:
        weights = capability_weights(prep, shared_points)
        warnings: list[str] = []
        if not prep.options:
            results.append(_assemble(prep, weights, None, warnings, additive=True))
            continue
        if len(prep.options) == 1:
            out, warning = _lone_output(prep, weights)
            warnings.append(warning)
        else:
            w = weights / weights.sum()
            scores = np.inner(prep.values, w)
            out = MethodOutput(
                scores=scores, ranks=dense_rank(scores), higher_is_better=True, extras={},
                additive=True, contributions=prep.values * w,
            )  # fmt: skip
        results.append(_assemble(prep, weights, out, warnings, additive=True))
    return tuple(results)


def rerank(
    preps: Sequence[Prepared],
    shared_points: Mapping[str, float],
    method: str,
    params: Any = None,
) -> tuple[CapabilityResult, ...]:
    """Re-rank every prepared capability under new shared points (the live path of the TUI).

    ``mavt`` takes the numpy fast path (:func:`rerank_mavt`); other methods go through
    :func:`rank_prepared` (scikit-criteria), capability by capability.
    """
    if method == "mavt":
        return rerank_mavt(preps, shared_points)
    return tuple(
        rank_prepared(p, capability_weights(p, shared_points), method, params) for p in preps
    )


def _num(x: Any) -> float:
    """A plain float rounded to 12 significant digits, so outputs are byte-stable.

    ``+ 0.0`` turns a negative zero (``-0.0``, from a product or a rounding) into ``0.0``,
    so no report shows "-0.0".
    """
    return float(f"{float(x):.12g}") + 0.0


def _extra(x: Any) -> float | bool:
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    return _num(x)


def prepare_all(scenario: ScenarioData) -> tuple[Prepared, ...]:
    """Prepare every capability of a scenario (screening and value functions)."""
    return tuple(prepare(cap, scenario) for cap in scenario.capabilities)


def _in_criteria_order(scenario: ScenarioData, points: Mapping[str, float]) -> dict[str, float]:
    """``points`` with the criteria's order, however they were given (a profile lists them
    in its own order, the TUI in the criteria's): the same weights write the same bytes."""
    order = [*(c.id for c in scenario.criteria), *points]
    return {k: points[k] for k in dict.fromkeys(order) if k in points}


def shared_points(
    scenario: ScenarioData, override: Mapping[str, float] | None = None
) -> tuple[dict[str, float], Mapping[str, Any] | None, tuple[str, ...]]:
    """The shared weights in points, with elicitation details and warnings.

    Data-free elicitation (direct, swing, ROC, AHP) gives one weight vector for the
    shared criteria, used as points out of 100; data-driven ones (entropy, CRITIC) are
    computed per capability in :func:`score` and return empty points here.
    """
    if override is not None:
        return _in_criteria_order(scenario, override), None, ()
    spec = scenario.elicitation
    if spec is None:
        return _in_criteria_order(scenario, scenario.weights), None, ()
    if spec.method in ("entropy", "critic"):
        return {}, {"method": spec.method}, ()
    from diversify.engine.weights import elicit

    ids = [c.id for c in scenario.criteria]
    try:
        res = elicit(spec, ids, random_index=scenario.random_index)
    except ValueError as err:
        raise MethodError(f"elicitation: {err}") from err
    points = {c: float(w) * 100 for c, w in zip(res.criteria, res.weights, strict=True)}
    details = {k: _plain(v) for k, v in res.details.items()}
    return points, {"method": res.method, **details}, tuple(res.warnings)


def _plain_record(value: Any) -> Any:
    """A record (cost basis) as plain data: floats rounded, ints, text and None kept."""
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, Mapping):
        return {k: _plain_record(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_record(v) for v in value]
    return _num(value)


def _plain(value: Any) -> Any:
    """Details as plain, rounded data so JSON output is byte-stable.

    NaN (an undefined entry, such as the diagonal of ELECTRE's concordance matrix)
    becomes None, which JSON writes as null.
    """
    if isinstance(value, (bool, np.bool_, str)) or value is None:
        return value if not isinstance(value, np.bool_) else bool(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (int, np.integer)):
        return int(value)
    if not np.isfinite(value):
        return None
    return _num(value)


def score(
    scenario: ScenarioData,
    *,
    weights: Mapping[str, float] | None = None,
    method: str | None = None,
    params: Any = None,
    capabilities: Sequence[str] | None = None,
    prepared: Sequence[Prepared] | None = None,
) -> ScenarioResult:
    """Score every (or the selected) capability of a scenario.

    ``weights`` overrides the scenario's shared weights (points); ``method`` and
    ``params`` override its method. ``prepared`` reuses earlier preparation.
    """
    method = method or scenario.method
    if params is None and method == scenario.method:
        params = scenario.method_params
    if params is None:
        from diversify.model.methods import METHOD_PARAMS

        params = METHOD_PARAMS[method]()  # record the defaults actually used
    preps = prepared if prepared is not None else prepare_all(scenario)
    if capabilities is not None:
        wanted = set(capabilities)
        preps = [p for p in preps if p.capability.id in wanted]
    points, details, warns = shared_points(scenario, weights)
    results = []
    data_driven = (
        weights is None and details is not None and details.get("method") in ("entropy", "critic")
    )
    for prep in preps:
        if data_driven and len(prep.options) >= 2:
            from diversify.engine.weights import elicit

            try:
                res = elicit(
                    scenario.elicitation, list(prep.criterion_ids), prep.raw, prep.objectives
                )
            except ValueError as err:
                raise MethodError(f"{prep.capability.id}: {err}") from err
            w = np.asarray(res.weights, dtype=float)
            ranked = rank_prepared(prep, w, method, params)
            found = {"method": res.method, "criteria": list(res.criteria),
                     **{k: _plain(v) for k, v in res.details.items()}}  # fmt: skip
            results.append(replace(ranked, elicitation=MappingProxyType(found)))
            continue
        w = capability_weights(prep, points or {c.id: 1.0 for c in scenario.criteria})
        results.append(rank_prepared(prep, w, method, params))
    total = sum(points.values())
    shared = {c.id: (points.get(c.id, 0.0) / total if total else 0.0) for c in scenario.criteria}
    judged, judged_warnings = pairwise_levels(scenario, preps)
    return ScenarioResult(
        scenario=scenario.name,
        method=method,
        method_params=MappingProxyType(params.model_dump() if params is not None else {}),
        weights=MappingProxyType({k: _num(v) for k, v in shared.items()}),
        weights_points=MappingProxyType({k: _num(v) for k, v in points.items()}),
        weights_origin="weights (override)" if weights is not None else scenario.weights_origin,
        currency=scenario.currency,
        capabilities=tuple(results),
        version=__version__,
        inputs=scenario.inputs,
        rates=scenario.rates,
        rates_source=scenario.rates_source,
        seed=getattr(scenario.robustness, "seed", None),
        elicitation=MappingProxyType(details) if details else None,
        warnings=(*warns, *judged_warnings, *scenario.warnings),
        pairwise_levels=judged,
        evidence=evidence_coverage(scenario),
    )


def pairwise_levels(
    scenario: ScenarioData, preps: Sequence[Prepared] = ()
) -> tuple[dict[str, dict[str, Any]], tuple[str, ...]]:
    """Level values derived from AHP judgements: per criterion, the values and the
    judgements' consistency (lambda_max, CI, RI and CR under the scenario's random-index
    table), with a warning for each matrix whose CR exceeds 0.10 (Saaty's rule)."""
    from diversify.engine.weights import CR_THRESHOLD, consistency_ratio

    criteria = {c.id: c for c in scenario.criteria}
    for prep in preps:
        criteria.update({c.id: c for c in prep.criteria if c.id not in criteria})
    out: dict[str, dict[str, Any]] = {}
    warnings: list[str] = []
    for cid, crit in criteria.items():
        vf = crit.value_function
        found = vf.consistency() if isinstance(vf, LevelsFunction) else None
        if found is None:
            continue
        lam, ci = found
        ri, cr = consistency_ratio(ci, len(vf.levels), scenario.random_index)
        out[cid] = {
            "levels": {label: _num(v) for label, v in vf.levels.items()},
            "lambda_max": _num(lam),
            "ci": _num(ci),
            "ri": _num(ri),
            "cr": _num(cr),
            "consistent": cr <= CR_THRESHOLD,
            "random_index": scenario.random_index,
        }
        if cr > CR_THRESHOLD:
            warnings.append(
                f"{cid}: the pairwise judgements of its levels have a consistency ratio of "
                f"{cr:.3f}, above {CR_THRESHOLD:.2f}: they contradict one another too much for "
                "the level values to be relied on; revisit the judgements"
            )
    return out, tuple(warnings)


def evidence_coverage(scenario: ScenarioData) -> dict[str, dict[str, int]]:
    """Per bloc, how many figures its options have, how many are unknown or low-confidence.

    Shown in every report so a reader sees whether one bloc is judged on thinner evidence.
    An option a stated decision removed (``screened_out:``) is not judged, so not counted.
    """
    out: dict[str, dict[str, int]] = {}
    for cap in scenario.capabilities:
        for opt in cap.options:
            if opt.screened_out is not None:
                continue
            row = out.setdefault(
                opt.bloc, {"options": 0, "figures": 0, "unknown": 0, "low_confidence": 0}
            )
            row["options"] += 1
            for fig in opt.figures.values():
                if fig is None:
                    continue
                row["figures"] += 1
                row["unknown"] += fig.label == "unknown"
                row["low_confidence"] += fig.confidence == "low"
    return {bloc: out[bloc] for bloc in sorted(out)}
