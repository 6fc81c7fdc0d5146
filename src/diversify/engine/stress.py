"""Supply shocks: the programme if one source is lost, delayed or made dearer.

For each bloc and each supplier country that the candidate options draw content from,
three shocks are applied, one at a time, and the programme is re-planned
(:func:`diversify.engine.programme.plan`, the same levers):

* **lost**: every option with any content from the source is removed (an export-control
  denial, sanctions or a war cuts off its parts, not only whole systems);
* **delayed**: each such option's delivery figure grows by ``delay_months`` times the
  source's share of its content;
* **dearer**: each such option's unit cost (and the cost criteria derived from it, and
  its spend) grows by ``dearer`` times that share.

What is reported per shock: the options hit, the programme's value retained (the
shocked optimum over the nominal one, 0..1), the capabilities left uncovered, the new
spend shares by bloc, and what replaced what.

Values are compared on one scale: before any shock, every local linear scale is frozen
at the anchors the nominal options gave it, so a shocked option's figures move its own
score only (a local scale would otherwise re-anchor on the shocked figures and lift the
others). A shock can then only lower values or remove options; the value retained is
still clipped to 1, because a dearer option lowers the other blocs' shares of spend and
can, rarely, let a cap admit a better portfolio.

Hand-written: no library does programme stress tests over a MILP; the re-planning is the
project's own portfolio engine, so each shock is exactly "the portfolio with the source
removed (or changed) by hand", which the tests check.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Literal

from diversify.engine.portfolio import BLOCS
from diversify.engine.programme import ProgrammeError, ProgrammeResult, plan
from diversify.engine.scoring import _num, prepare
from diversify.model.countries import bloc_of
from diversify.model.criteria import LinearFunction
from diversify.model.resolved import CapabilityData, Figure, OptionData, ScenarioData

ShockKind = Literal["lost", "delayed", "dearer"]
KINDS: tuple[ShockKind, ...] = ("lost", "delayed", "dearer")


@dataclass(frozen=True)
class Replacement:
    capability: str
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Shock:
    """One shock to one source and what the re-planned programme looks like."""

    source: str
    source_kind: Literal["bloc", "country"]
    kind: ShockKind
    size: float
    """Months of delay, or the fraction dearer; 0 for ``lost``."""
    hit: tuple[str, ...]
    """``capability.option`` of every option with content from the source."""
    status: str
    value: float | None
    value_retained: float
    uncovered: tuple[str, ...]
    share_by_bloc: Mapping[str, float]
    replaced: tuple[Replacement, ...]
    chosen: Mapping[str, str]
    explanation: str | None


@dataclass(frozen=True)
class StressResult:
    scenario: str
    base_value: float
    base_status: str
    base_chosen: Mapping[str, str]
    base_share_by_bloc: Mapping[str, float]
    delay_months: float
    dearer: float
    delivery_criterion: str | None
    shocks: tuple[Shock, ...]

    def to_dict(self) -> dict[str, Any]:
        """Plain data in a stable key order, floats rounded as every result is."""
        return {
            "base": {
                "status": self.base_status,
                "value": _num(self.base_value),
                "chosen": dict(self.base_chosen),
                "share_by_bloc": {k: _num(v) for k, v in self.base_share_by_bloc.items()},
            },
            "settings": {
                "delay_months": _num(self.delay_months),
                "dearer": _num(self.dearer),
                "delivery_criterion": self.delivery_criterion,
            },
            "shocks": [
                {
                    "source": s.source,
                    "source_kind": s.source_kind,
                    "kind": s.kind,
                    "size": _num(s.size),
                    "hit": list(s.hit),
                    "status": s.status,
                    "value": None if s.value is None else _num(s.value),
                    "value_retained": _num(s.value_retained),
                    "uncovered": list(s.uncovered),
                    "share_by_bloc": {k: _num(v) for k, v in s.share_by_bloc.items()},
                    "replaced": [
                        {"capability": r.capability, "before": r.before, "after": r.after}
                        for r in s.replaced
                    ],
                    "chosen": dict(s.chosen),
                    "explanation": s.explanation,
                }
                for s in self.shocks
            ],
        }


def source_share(opt: OptionData, source: str) -> float:
    """Share of an option's content from a bloc or a country (0..1)."""
    content = dict(opt.content) or {opt.country: 1.0}
    if source in BLOCS:
        if not opt.content:
            return 1.0 if opt.bloc == source else 0.0
        return float(sum(s for c, s in content.items() if bloc_of(c) == source))
    return float(content.get(source, 0.0))


def frozen_scales(scenario: ScenarioData) -> ScenarioData:
    """The scenario with every local linear scale fixed at its nominal anchors."""
    caps = []
    for cap in scenario.capabilities:
        prep = prepare(cap, scenario)
        criteria = []
        for crit, scale in zip(prep.criteria, prep.scales, strict=True):
            vf = crit.value_function
            if (
                isinstance(vf, LinearFunction)
                and vf.worst is None
                and scale is not None
                and scale[0] != scale[1]
            ):
                fixed = LinearFunction(kind="linear", worst=scale[0], best=scale[1])
                crit = crit.model_copy(update={"value_function": fixed})
            criteria.append(crit)
        caps.append(replace(cap, criteria=tuple(criteria)))
    return replace(scenario, capabilities=tuple(caps))


def _scaled(fig: Figure | None, factor: float = 1.0, shift: float = 0.0) -> Figure | None:
    if fig is None or fig.label is not None:
        return fig
    return replace(
        fig,
        value=fig.value * factor + shift,
        low=fig.low * factor + shift,
        high=fig.high * factor + shift,
    )


def _shocked(
    scenario: ScenarioData,
    source: str,
    kind: ShockKind,
    size: float,
    delivery: str | None,
) -> ScenarioData:
    caps: list[CapabilityData] = []
    for cap in scenario.capabilities:
        cost_ids = {c.id for c in cap.criteria if c.from_ in ("unit_cost", "lifecycle_cost")}
        options = []
        for opt in cap.options:
            share = source_share(opt, source)
            if share <= 0:
                options.append(opt)
            elif kind == "lost":
                continue
            elif kind == "delayed":
                figures = dict(opt.figures)
                if delivery is not None and delivery in figures:
                    figures[delivery] = _scaled(figures[delivery], shift=size * share)
                options.append(replace(opt, figures=MappingProxyType(figures)))
            else:
                factor = 1.0 + size * share
                figures = {
                    c: (_scaled(f, factor) if c in cost_ids else f) for c, f in opt.figures.items()
                }
                options.append(
                    replace(
                        opt,
                        unit_cost=_scaled(opt.unit_cost, factor),
                        figures=MappingProxyType(figures),
                    )
                )
        caps.append(replace(cap, options=tuple(options)))
    out = replace(scenario, capabilities=tuple(caps))
    if kind == "lost" and scenario.portfolio is not None:
        kept = {f"{c.id}.{o.id}" for c in caps for o in c.options}
        spec = scenario.portfolio
        out = replace(
            out,
            portfolio=spec.model_copy(
                update={
                    "force_in": [r for r in spec.force_in if r in kept],
                    "force_out": [r for r in spec.force_out if r in kept],
                }
            ),
        )
    return out


def sources(scenario: ScenarioData) -> list[tuple[str, Literal["bloc", "country"]]]:
    """Every bloc, then every country, that some option draws content from.

    A country is listed only when its bloc has other countries here too: otherwise its
    shocks are the bloc's (the US, South Korea in the bundled scenario).
    """
    blocs: set[str] = set()
    countries: set[str] = set()
    for cap in scenario.capabilities:
        for opt in cap.options:
            content = dict(opt.content) or {opt.country: 1.0}
            countries.update(content)
            blocs.update(bloc_of(c) for c in content)
            if not opt.content:
                blocs.add(opt.bloc)
    out: list[tuple[str, Literal["bloc", "country"]]] = [(b, "bloc") for b in BLOCS if b in blocs]
    # A country that is its bloc's only source here would repeat the bloc's shocks.
    per_bloc = {b: sum(1 for c in countries if bloc_of(c) == b) for b in blocs}
    out += [(c, "country") for c in sorted(countries) if per_bloc.get(bloc_of(c), 0) > 1]
    return out


def stress(
    scenario: ScenarioData,
    *,
    weights: Mapping[str, float] | None = None,
    caps: Mapping[str, float] | None = None,
    budget: float | None = None,
    delay_months: float = 12.0,
    dearer: float = 0.2,
    delivery_criterion: str | None = "delivery",
    kinds: Sequence[ShockKind] = KINDS,
) -> StressResult:
    """Apply every shock to every source and re-plan (see the module docstring).

    ``delivery_criterion`` names the criterion that ``delayed`` lengthens (months); when
    the scenario has no such criterion the delay shock is skipped. Raises
    :class:`ProgrammeError` for levers that cannot describe a portfolio question.
    """
    if delivery_criterion is not None and delivery_criterion not in {
        c.id for cap in scenario.capabilities for c in cap.criteria
    }:
        delivery_criterion = None
    frozen = frozen_scales(scenario)
    base = plan(frozen, weights=weights, caps=caps, budget=budget, value_costs=False)
    base_value = base.portfolio.value if base.portfolio.status in ("optimal", "feasible") else 0.0
    shocks = []
    for source, source_kind in sources(scenario):
        hit = tuple(
            f"{cap.id}.{opt.id}"
            for cap in scenario.capabilities
            for opt in cap.options
            if source_share(opt, source) > 0
        )
        for kind in kinds:
            if kind == "delayed" and delivery_criterion is None:
                continue
            size = {"lost": 0.0, "delayed": delay_months, "dearer": dearer}[kind]
            shocked = _shocked(frozen, source, kind, size, delivery_criterion)
            try:
                res = plan(shocked, weights=weights, caps=caps, budget=budget, value_costs=False)
            except ProgrammeError as err:
                raise ProgrammeError(f"under the shock `{kind} {source}`: {err}", err.path,
                                     err.value) from err  # fmt: skip
            shocks.append(_shock(base, res, source, source_kind, kind, size, hit, base_value))
    return StressResult(
        scenario=scenario.name,
        base_value=base_value,
        base_status=base.portfolio.status,
        base_chosen=base.portfolio.chosen,
        base_share_by_bloc=base.portfolio.share_by_bloc,
        delay_months=delay_months,
        dearer=dearer,
        delivery_criterion=delivery_criterion,
        shocks=tuple(shocks),
    )


def _shock(
    base: ProgrammeResult,
    res: ProgrammeResult,
    source: str,
    source_kind: Literal["bloc", "country"],
    kind: ShockKind,
    size: float,
    hit: tuple[str, ...],
    base_value: float,
) -> Shock:
    sol = res.portfolio
    ok = sol.status in ("optimal", "feasible")
    value = sol.value if ok else None
    retained = 0.0 if value is None or base_value <= 0 else min(1.0, max(0.0, value / base_value))
    before, after = base.portfolio.chosen, sol.chosen if ok else {}
    replaced = tuple(
        Replacement(cap.id, before.get(cap.id), after.get(cap.id))
        for cap in base.capabilities
        if before.get(cap.id) != after.get(cap.id)
    )
    return Shock(
        source=source,
        source_kind=source_kind,
        kind=kind,
        size=size,
        hit=hit,
        status=sol.status,
        value=value,
        value_retained=retained,
        uncovered=tuple(u.capability for u in sol.uncovered),
        share_by_bloc=sol.share_by_bloc,
        replaced=replaced,
        chosen=sol.chosen,
        explanation=sol.explanation.summary if sol.explanation is not None else None,
    )


@dataclass(frozen=True)
class Resilient:
    """The portfolio that best survives losing any one source, against the recommended one."""

    objective: Literal["worst", "expected"]
    sources: tuple[str, ...]
    """The shocks considered: each source lost, the committed portfolio not re-planned."""
    status: str
    chosen: Mapping[str, str]
    value: float | None
    """Its nominal programme value."""
    shocked_value: float | None
    """Its worst (or mean) value over the shocks."""
    worst_source: str | None
    recommended_value: float
    recommended_shocked_value: float
    recommended_worst_source: str | None
    replaced: tuple[Replacement, ...]
    """Where it differs from the recommended portfolio."""

    def to_dict(self) -> dict[str, Any]:
        def num(x: float | None) -> float | None:
            return None if x is None else _num(x)

        return {
            "objective": self.objective,
            "sources": list(self.sources),
            "status": self.status,
            "chosen": dict(self.chosen),
            "value": num(self.value),
            "shocked_value": num(self.shocked_value),
            "worst_source": self.worst_source,
            "recommended_value": _num(self.recommended_value),
            "recommended_shocked_value": _num(self.recommended_shocked_value),
            "recommended_worst_source": self.recommended_worst_source,
            "replaced": [
                {"capability": r.capability, "before": r.before, "after": r.after}
                for r in self.replaced
            ],
        }


def resilient(
    scenario: ScenarioData,
    *,
    objective: Literal["worst", "expected"] = "worst",
    weights: Mapping[str, float] | None = None,
    caps: Mapping[str, float] | None = None,
    budget: float | None = None,
) -> Resilient:
    """The portfolio that maximises its worst-case (or expected) value if any one source is
    lost after the choice is made (every bloc and country of :func:`sources`).

    ``worst`` is max-min (:func:`diversify.engine.portfolio.solve_resilient`); ``expected``
    weighs every shock equally, which is linear: each option's value times the share of
    shocks that spare it, solved as a plain portfolio.
    """
    import numpy as np

    from diversify.engine.portfolio import solve, solve_resilient
    from diversify.engine.programme import problem_of

    frozen = frozen_scales(scenario)
    base = plan(frozen, weights=weights, caps=caps, budget=budget, value_costs=False)
    problem = problem_of(base)
    by_ref = {f"{c.id}.{o.id}": o for c in frozen.capabilities for o in c.options}
    srcs = tuple(s for s, _ in sources(scenario))
    hits = np.array(
        [[source_share(by_ref[ref], s) > 0 for ref in problem.option_ids] for s in srcs],
        dtype=bool,
    ).reshape(len(srcs), problem.n_options)
    score = problem.importance[problem.capability_index] * problem.value
    kept = score[None, :] * (~hits)
    index = {ref: i for i, ref in enumerate(problem.option_ids)}

    def chosen_x(chosen: Mapping[str, str]) -> np.ndarray:
        x = np.zeros(problem.n_options)
        x[[index[r] for r in chosen.values()]] = 1.0
        return x

    def shocked(chosen: Mapping[str, str]) -> tuple[float, str | None]:
        x = chosen_x(chosen)
        per = kept @ x
        if per.size == 0:
            return float(score @ x), None
        if objective == "expected":
            return float(per.mean()), None
        k = int(np.argmin(per))
        return float(per[k]), srcs[k]

    if objective == "worst":
        sol, _ = solve_resilient(problem, base.constraints, hits)
    else:
        spared = 1.0 - hits.mean(axis=0) if len(srcs) else np.ones(problem.n_options)
        sol = solve(replace(problem, value=problem.value * spared), base.constraints)
    rec = base.portfolio
    ok = sol.status in ("optimal", "feasible") and rec.status in ("optimal", "feasible")
    rec_value, rec_source = shocked(rec.chosen) if ok else (0.0, None)
    if not ok:
        return Resilient(objective, srcs, sol.status, {}, None, None, None, 0.0, 0.0, None, ())
    value, worst = shocked(sol.chosen)
    nominal = float(score @ chosen_x(sol.chosen))
    replaced = tuple(
        Replacement(c.id, rec.chosen.get(c.id), sol.chosen.get(c.id))
        for c in base.capabilities
        if rec.chosen.get(c.id) != sol.chosen.get(c.id)
    )
    return Resilient(
        objective=objective,
        sources=srcs,
        status=sol.status,
        chosen=sol.chosen,
        value=nominal,
        shocked_value=value,
        worst_source=worst,
        recommended_value=rec.value,
        recommended_shocked_value=rec_value,
        recommended_worst_source=rec_source,
        replaced=replaced,
    )


__all__ = [
    "KINDS", "Replacement", "Resilient", "Shock", "StressResult", "frozen_scales", "resilient",
    "sources", "stress",
]  # fmt: skip
