"""Cross-file checks and resolution of a scenario into :class:`ScenarioData`.

Each file is validated on its own by pydantic; what only makes sense across files is
checked here, and *every* problem is collected (never stop at the first) as a
:class:`Issue` naming the file and the key path, so the loader can point at the line.
Money is converted into the reporting currency here, with the scenario's declared rates:
a currency without a rate is an error, never a silent 1.0.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from diversify.model import plausibility
from diversify.model.base import number_before_unit, quoted_number_message
from diversify.model.costing import (
    ONE,
    WANTS,
    Band,
    DealCost,
    deal_cost,
    escalation_band,
    option_cost,
    scope_band,
)
from diversify.model.countries import bloc_of
from diversify.model.criteria import CriteriaFile, Criterion, LevelsFunction
from diversify.model.deals import CostBasis
from diversify.model.figures import Measured, Money, Quantity, as_measured
from diversify.model.resolved import CapabilityData, Figure, OptionData, ScenarioData
from diversify.model.scenario import Scenario
from diversify.model.suppliers import Decision, Option, SuppliersFile

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Issue:
    """A cross-file problem: which file (by key), where in it, the bad value, what to do."""

    file: str
    path: Path
    value: Any
    message: str


def _fmt(value: Any) -> str:
    return value if isinstance(value, str) else repr(value)


class _Collector:
    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.warnings: list[Issue] = []
        self.dated: list[Issue] = []

    def add(self, file: str, path: Path, value: Any, message: str) -> None:
        self.issues.append(Issue(file, path, value, message))

    def warn(self, file: str, path: Path, value: Any, message: str) -> None:
        """Not an error: the data can be scored, but a reader should know (validate shows it)."""
        self.warnings.append(Issue(file, path, value, message))

    def date(self, file: str, path: Path, value: Any, message: str) -> None:
        """A warning that depends on the day of the run (shown, never part of a result)."""
        self.dated.append(Issue(file, path, value, message))


def resolve(
    scenario: Scenario,
    criteria_file: CriteriaFile,
    suppliers: Sequence[tuple[str, SuppliersFile]],
    *,
    scenario_key: str = "scenario",
    criteria_key: str = "criteria",
    inputs: Mapping[str, str] | None = None,
    today: datetime.date | None = None,
) -> tuple[ScenarioData | None, list[Issue]]:
    """Cross-check the files and build the resolved scenario.

    Returns ``(data, issues)``; ``data`` is None when there are issues. ``today`` (the
    day of the run, given by the caller so that this stays a pure function) turns on the
    warnings for dates after it, kept apart in ``dated_notices``: they depend on the day,
    so they are shown, never written into a result.
    """
    col = _Collector()
    shared = criteria_file.criteria
    shared_ids = [c.id for c in shared]
    _unique_ids(col, criteria_key, ("criteria",), shared_ids, "criterion")
    shared_set = set(shared_ids)

    for name, points in criteria_file.profiles.items():
        _check_weights(col, criteria_key, ("profiles", name), points, shared_set)
    plausibility.profile_gaps(col.warn, criteria_key, criteria_file.profiles, shared_ids)
    if today is not None:
        plausibility.future_dates(col.date, scenario_key, scenario, today)

    weights, origin = _scenario_weights(col, scenario, criteria_file, scenario_key, shared_set)

    rates = {scenario.currency: 1.0, **scenario.rates.table}
    caps: list[CapabilityData] = []
    cap_ids: dict[str, str] = {}
    for key, sup in suppliers:
        cap_id = sup.capability.id
        if cap_id in cap_ids:
            col.add(
                key, ("capability", "id"), cap_id,
                f"capability `{cap_id}` is already defined in {cap_ids[cap_id]}; "
                "each capability needs its own id",
            )  # fmt: skip
        cap_ids.setdefault(cap_id, key)
        plausibility.unsourced(col.warn, key, sup)
        if today is not None:
            plausibility.future_dates(col.date, key, sup, today)
        cap = _resolve_capability(col, key, sup, shared, rates, scenario)
        if cap is not None:
            caps.append(cap)

    all_criteria = shared_set | {c.id for _, s in suppliers for c in s.criteria}
    for cid, rule in scenario.screening.items():
        crit = _find(shared, suppliers, cid)
        if crit is None:
            col.add(scenario_key, ("screening", cid), cid, _unknown("criterion", cid, all_criteria))
            continue
        if crit.value_function is None:  # invalid definition, already reported (loader)
            continue
        if rule.exclude and not crit.is_levels:
            col.add(
                scenario_key, ("screening", cid, "exclude"), rule.exclude,
                f"`exclude` lists level labels, but `{cid}` is numeric; use `min` or `max`",
            )  # fmt: skip
        if crit.is_levels:
            assert isinstance(crit.value_function, LevelsFunction)
            for i, label in enumerate(rule.exclude):
                if label not in crit.value_function.levels:
                    col.add(
                        scenario_key, ("screening", cid, "exclude", i), label,
                        _unknown(f"`{cid}` level", label, crit.value_function.levels),
                    )  # fmt: skip
            if rule.min is not None or rule.max is not None:
                col.add(
                    scenario_key, ("screening", cid), cid,
                    f"`{cid}` is a levels criterion: screen it with `exclude: [labels]`",
                )  # fmt: skip

    rob = scenario.robustness
    if rob is not None and getattr(rob, "order", None):
        for i, cid in enumerate(rob.order):
            if cid not in shared_set:
                col.add(scenario_key, ("robustness", "order", i), cid,
                        _unknown("criterion", cid, shared_set))  # fmt: skip

    _check_base_year(col, scenario, scenario_key, suppliers)
    own = [c for _, f in suppliers if f is not None for c in f.criteria if c is not None]
    _check_lifecycle(col, scenario, scenario_key, [*shared, *own])
    _scale_traps(col, scenario, scenario_key, caps, weights)
    _evidence_balance(col, scenario_key, caps)
    _method_figures(col, scenario, caps)
    _check_portfolio(col, scenario, scenario_key, caps)
    method_params = _method_params(col, scenario, scenario_key)

    if col.issues:
        return None, col.issues
    return (
        ScenarioData(
            name=scenario.name,
            description=scenario.description,
            currency=scenario.currency,
            rates=MappingProxyType(dict(sorted(scenario.rates.table.items()))),
            rates_source=scenario.rates.source,
            rates_as_of=scenario.rates.as_of,
            criteria=tuple(shared),
            profiles=MappingProxyType({k: dict(v) for k, v in criteria_file.profiles.items()}),
            weights=MappingProxyType(weights),
            weights_origin=origin,
            elicitation=scenario.elicitation,
            ahp=scenario.ahp,
            method=scenario.method,
            method_params=method_params,
            missing=scenario.missing,
            screening=MappingProxyType(dict(scenario.screening)),
            robustness=scenario.robustness,
            portfolio=scenario.portfolio,
            report=scenario.report,
            capabilities=tuple(caps),
            inputs=MappingProxyType(dict(inputs or {})),
            notices=tuple(col.warnings),
            dated_notices=tuple(col.dated),
            cost_basis=scenario.cost_basis,
            profile=scenario.profile
            if scenario.profile
            else (_default_profile(criteria_file) if origin.startswith("profile") else None),
        ),
        [],
    )


def _default_profile(criteria_file: CriteriaFile) -> str | None:
    return next(iter(criteria_file.profiles), None)


def _unknown(what: str, name: str, known: Any) -> str:
    """Say "unknown x `name`", with the closest known name or the names to choose from.

    Names keep their written order (levels are listed worst to best); only sets, which
    have no order of their own, are sorted.
    """
    import difflib

    known_list = sorted(known) if isinstance(known, set | frozenset) else list(known)
    if not known_list:
        return f"unknown {what} `{name}`: none are defined yet"
    close = difflib.get_close_matches(name, known_list, n=1)
    shown = ", ".join(known_list[:12]) + (" …" if len(known_list) > 12 else "")
    if close:
        return f"unknown {what} `{name}`; did you mean `{close[0]}`? (known: {shown})"
    return f"unknown {what} `{name}`: use one of {shown}"


def _unique_ids(col: _Collector, key: str, path: Path, ids: Sequence[str], what: str) -> None:
    first: dict[str, int] = {}
    for i, ident in enumerate(ids):
        if ident and ident in first:
            col.add(key, (*path, i, "id"), ident,
                    f"{what} id `{ident}` is used twice (first at item {first[ident] + 1}); "
                    "give each a unique id")  # fmt: skip
        first.setdefault(ident, i)


def _check_weights(
    col: _Collector, key: str, path: Path, points: Mapping[str, float], known: set[str]
) -> None:
    for cid in points:
        if cid not in known:
            col.add(key, (*path, cid), cid, _unknown("criterion", cid, known))
    if points and sum(points.values()) <= 0:
        col.add(key, path, dict(points),
                "all weights are zero: give at least one criterion a positive weight")  # fmt: skip


def _scenario_weights(
    col: _Collector, scenario: Scenario, criteria_file: CriteriaFile, key: str, known: set[str]
) -> tuple[dict[str, float], str]:
    if scenario.weights is not None:
        _check_weights(col, key, ("weights",), scenario.weights, known)
        if not scenario.weights:
            col.add(key, ("weights",), {}, "`weights` is empty: give points for the criteria")
        return dict(scenario.weights), "weights"
    if scenario.elicitation is not None:
        spec = scenario.elicitation
        checker = getattr(spec, "criteria_problems", None)
        if checker is not None:
            for problem in checker(sorted(known)):
                value = _dig(spec, problem.loc)
                col.add(key, ("elicitation", *problem.loc), value, problem.message)
        return {}, f"elicitation {spec.method}"
    name = scenario.profile or _default_profile(criteria_file)
    if name is None:
        col.add(key, ("profile",), None,
                "no weights given and the criteria file has no `profiles`: add `profile:`, "
                "`weights:` or `elicitation:`")  # fmt: skip
        return {}, "none"
    if name not in criteria_file.profiles:
        col.add(key, ("profile",), name, _unknown("profile", name, criteria_file.profiles))
        return {}, f"profile {name}"
    return dict(criteria_file.profiles[name]), f"profile {name}"


def _dig(spec: Any, loc: Sequence[str | int]) -> Any:
    """The value at ``loc`` inside an elicitation spec (for the problem's value column)."""
    value: Any = spec
    for part in loc:
        try:
            value = (
                value[part]
                if isinstance(part, int) or isinstance(value, dict)
                else getattr(value, part)
            )
        except (KeyError, IndexError, AttributeError, TypeError):
            return None
    return value if isinstance(value, (str, int, float)) else None


def _find(
    shared: Sequence[Criterion], suppliers: Sequence[tuple[str, SuppliersFile]], cid: str
) -> Criterion | None:
    for c in shared:
        if c.id == cid:
            return c
    for _, sup in suppliers:
        for c in sup.criteria:
            if c.id == cid:
                return c
    return None


def _computable(
    col: _Collector, key: str, path: Path, money: Money, converted: tuple[float, ...]
) -> bool:
    """Whether an amount, once converted, is a finite number (else a problem at it).

    The models' bounds keep every conversion finite; this is the check that says where,
    should a bound ever be loosened, instead of an overflow deep in the engine.
    """
    if all(math.isfinite(x) for x in converted):
        return True
    col.add(key, (*path, "value"), money.value,
            f"{money.value:g} {money.currency} million is too large to compute with once "
            "converted at the scenario's rate: check the amount and the rate")  # fmt: skip
    return False


def convert(money: Money, rates: Mapping[str, float]) -> tuple[float, float, float] | None:
    """Convert an amount and its range with ``rates`` (reporting units per unit)."""
    rate = rates.get(money.currency)
    if rate is None:
        return None
    low = money.low if money.low is not None else money.value
    high = money.high if money.high is not None else money.value
    return money.value * rate, low * rate, high * rate


def _money_figure(
    money: Money,
    converted: tuple[float, float, float],
    currency: str,
    escalation: Band | None = None,
) -> Figure:
    value, low, high = converted
    original = f"{money.value:g} {money.currency} m ({money.year})"
    if money.currency != currency:
        original += f" at {converted[0] / money.value if money.value else 0:.4g} {currency}/{money.currency}"
    if escalation is not None and escalation != ONE:
        value, low, high = (value * escalation.value, low * escalation.low, high * escalation.high)
        original += f", escalated x{escalation.value:.4g}"
    return Figure(
        value=value, low=low, high=high, source=money.source, as_of=money.as_of,
        confidence=money.confidence, estimate=money.estimate, derived=money.derived,
        basis=money.basis, note=money.note, original=original,
    )  # fmt: skip


def _resolve_capability(
    col: _Collector,
    key: str,
    sup: SuppliersFile,
    shared: Sequence[Criterion],
    rates: Mapping[str, float],
    scenario: Scenario,
) -> CapabilityData | None:
    shared_ids = {c.id for c in shared}
    for i, crit in enumerate(sup.criteria):
        if crit.id in shared_ids:
            col.add(key, ("criteria", i, "id"), crit.id,
                    f"`{crit.id}` is already a shared criterion; give this one another id")  # fmt: skip
    _unique_ids(col, key, ("criteria",), [c.id for c in sup.criteria], "criterion")
    own_ids = {c.id for c in sup.criteria}
    for cid in sup.weights:
        if cid not in own_ids:
            msg = (
                f"`{cid}` is a shared criterion: its weight comes from the profile, not here"
                if cid in shared_ids
                else _unknown("criterion of this capability", cid, own_ids or {"(none)"})
            )
            col.add(key, ("weights", cid), cid, msg)
    for cid in own_ids - set(sup.weights):
        idx = next(i for i, c in enumerate(sup.criteria) if c.id == cid)
        col.add(key, ("criteria", idx, "id"), cid,
                f"give `{cid}` a weight in points under `weights:` (0 to ignore it)")  # fmt: skip
    criteria = (*shared, *sup.criteria)
    by_id = {c.id: c for c in criteria}
    _unique_ids(col, key, ("options",), [o.id if o else "" for o in sup.options], "option")

    budget = None
    if sup.capability.budget is not None:
        conv = convert(sup.capability.budget, rates)
        if conv is None:
            _missing_rate(
                col, key, ("capability", "budget", "currency"), sup.capability.budget, scenario
            )
        elif _computable(col, key, ("capability", "budget"), sup.capability.budget, conv):
            budget = conv[0]
            # Under a cost_basis rule costs are in base-year money: so is the envelope.
            escalated = _escalate_typed(
                col, key, ("capability",), sup.capability.budget, scenario, field="budget"
            )
            # 12 significant digits, as every figure the engine reports
            budget = None if escalated is None else float(f"{budget * escalated[0].value:.12g}")

    _anchor_uses(col, key, criteria, budget)
    rule = _capability_rule(col, key, sup, scenario)
    options: list[OptionData] = []
    needs_cost = any(c.from_ == "unit_cost" for c in criteria)
    for i, opt in enumerate(sup.options):
        if opt is None:  # malformed option, already reported by the loader
            continue
        base: Path = ("options", i)
        unit_cost = None
        cost_basis: dict[str, Any] | None = None
        if opt.deals:
            found = _deals_cost(col, key, base, opt, rates, scenario, rule)
            if found is not None:
                unit_cost, cost_basis = found
                _warn_fallback(col, key, base, opt, rule, cost_basis)
        elif opt.unit_cost is not None:
            conv = convert(opt.unit_cost, rates)
            escalated = _escalate_typed(col, key, base, opt.unit_cost, scenario, rule=rule)
            if conv is None:
                _missing_rate(col, key, (*base, "unit_cost", "currency"), opt.unit_cost, scenario)
            elif escalated is not None and _computable(
                col, key, (*base, "unit_cost"), opt.unit_cost, conv
            ):
                factor, cost_basis = escalated
                unit_cost = _money_figure(opt.unit_cost, conv, scenario.currency, factor)
        elif needs_cost and opt.screened_out is None:  # a decided-out option is never scored
            # Located at the missing key (the line is the option's): a unit_cost that was
            # given but is invalid is reported there, and the loader drops this follow-on.
            col.add(key, (*base, "unit_cost"), None,
                    f"option `{opt.id}` has no `deals` (or `unit_cost`), which the cost "
                    "criterion needs: add deals: [{id: …, customer: …, date: …, amount: …, "
                    "currency: …, price_year: …, units: …, scope: [platform, …]}]")  # fmt: skip
        figures: dict[str, Figure | None] = {}
        for cid, raw in opt.values.items():
            crit = by_id.get(cid)
            if crit is None:
                col.add(key, (*base, "values", cid), cid, _unknown("criterion", cid, by_id))
                continue
            if crit.value_function is None:
                # Only in a partly valid file (see loader._salvage): the criterion's
                # definition is invalid and already reported, so its figures cannot be read.
                continue
            if crit.from_ is not None:
                col.add(key, (*base, "values", cid), cid,
                        f"`{cid}` is taken from `{crit.from_}`; remove it from `values`")  # fmt: skip
                continue
            fig = _figure(col, key, (*base, "values", cid), crit, as_measured(raw))
            if fig is not None:
                figures[cid] = fig
        lifecycle = None
        if unit_cost is not None and any(c.from_ == "lifecycle_cost" for c in criteria):
            lifecycle = _lifecycle_cost(col, key, base, opt, sup, unit_cost, rates, scenario)
        for crit in criteria:
            if crit.from_ == "unit_cost":
                figures[crit.id] = unit_cost
            elif crit.from_ == "lifecycle_cost":
                figures[crit.id] = lifecycle
            elif crit.id not in opt.values:
                if scenario.missing == "reject" and opt.screened_out is None:
                    # Located at the missing criterion (the line is that of `values`).
                    col.add(key, (*base, "values", crit.id), None,
                            f"option `{opt.id}` has no value for `{crit.id}`: add one, or set "
                            "`missing: worst` in the scenario to score gaps as the worst")  # fmt: skip
                figures[crit.id] = None
        local = opt.local_content
        local_value = local.value if isinstance(local, Measured) else local
        if isinstance(local_value, str):
            col.add(key, (*base, "local_content"), local_value, "must be a share between 0 and 1")
            local_value = None
        content = dict(opt.content) if opt.content else {opt.country: 1.0}
        options.append(
            OptionData(
                id=opt.id,
                system=opt.system,
                supplier=opt.supplier,
                country=opt.country,
                bloc=opt.bloc or bloc_of(opt.country),
                content=MappingProxyType(content),
                local_content=float(local_value) if local_value is not None else None,
                unit_cost=unit_cost,
                figures=MappingProxyType(figures),
                notes=opt.notes,
                cost_basis=MappingProxyType(cost_basis) if cost_basis is not None else None,
                index=i,
                screened_out=_decision_text(opt.screened_out),
                deliveries_per_year=opt.deliveries_per_year or sup.capability.deliveries_per_year,
            )
        )
        _check_figure_deals(col, key, base, opt, cost_basis)
    criteria = _cost_anchors(
        col, key, criteria, budget, sup.capability.units,
        [o for o in options if _passes_screening(o, scenario)],
    )  # fmt: skip
    options = _fill_unknowns(col, key, options, criteria, scenario.evidence_gaps)
    return CapabilityData(
        id=sup.capability.id,
        name=sup.capability.name,
        quantity=sup.capability.units,
        budget=budget,
        criteria=criteria,
        extra_weights=MappingProxyType(dict(sup.weights)),
        options=tuple(options),
        file=key,
        description=sup.capability.description,
        need_by=sup.capability.need_by,
        budget_stated=sup.capability.budget if budget is not None else None,
        quantity_stated=(
            sup.capability.quantity if isinstance(sup.capability.quantity, Quantity) else None
        ),
    )


def _missing_rate(col: _Collector, key: str, path: Path, money: Money, scenario: Scenario) -> None:
    col.add(key, path, money.currency,
            f"no exchange rate for {money.currency}: add `{money.currency}: <{scenario.currency} "
            f"per 1 {money.currency}>` under `rates:` in the scenario")  # fmt: skip


def _figure(col: _Collector, key: str, path: Path, crit: Criterion, m: Measured) -> Figure | None:
    prov: dict[str, Any] = {
        "source": m.source, "as_of": m.as_of, "confidence": m.confidence, "estimate": m.estimate,
        "derived": m.derived, "basis": m.basis, "note": m.note,
    }  # fmt: skip
    if m.value == UNKNOWN:  # (a range beside it is refused by the model)
        # Placed on its criterion's scale once every option is read (_fill_unknowns).
        nan = float("nan")
        return Figure(value=nan, low=nan, high=nan, label=UNKNOWN, **prov)
    if isinstance(crit.value_function, LevelsFunction):
        levels = crit.value_function.levels
        labels = {"value": m.value, "low": m.low, "high": m.high}
        bad = False
        for part, label in labels.items():
            if label is None:
                continue
            if not isinstance(label, str):
                col.add(key, path if part == "value" and not _is_mapping(m) else (*path, part),
                        label, f"`{crit.id}` takes a level label: one of {', '.join(levels)}")  # fmt: skip
                bad = True
            elif label not in levels:
                col.add(key, path if part == "value" and not _is_mapping(m) else (*path, part),
                        label, _unknown(f"`{crit.id}` level", label, levels))  # fmt: skip
                bad = True
        if bad:
            return None
        value = levels[str(m.value)]
        low = levels[str(m.low)] if m.low is not None else value
        high = levels[str(m.high)] if m.high is not None else value
        if not low <= value <= high:
            col.add(key, path, m.value,
                    f"the range must hold the value: `low` ({m.low}) <= `value` ({m.value}) <= "
                    f"`high` ({m.high}) in the level order {' < '.join(levels)}")  # fmt: skip
            return None
        return Figure(value=value, low=low, high=high, label=str(m.value),
                      low_label=m.low if isinstance(m.low, str) else None,
                      high_label=m.high if isinstance(m.high, str) else None, **prov)  # fmt: skip
    if isinstance(m.value, str):
        message = f"`{crit.id}` is numeric ({crit.unit or 'a number'}); " + quoted_number_message(
            m.value
        )
        if number_before_unit(m.value) is not None:
            message += "; the unit is given by the criterion"
        col.add(key, path, m.value, message)
        return None
    value = float(m.value)
    if value < 0 and crit.unit is not None:
        col.add(key, path, value, f"`{crit.id}` must be zero or more {crit.unit}")
        return None
    low = float(m.low) if m.low is not None else value  # type: ignore[arg-type]
    high = float(m.high) if m.high is not None else value  # type: ignore[arg-type]
    return Figure(value=value, low=low, high=high, **prov)


UNKNOWN = "unknown"
"""The value that says no source gives this figure (issue 8, evidence gaps)."""


def _gap_scale(crit: Criterion, known: Sequence[float]) -> tuple[float, float] | None:
    """(worst, best) raw figures an unknown may take: the criterion's whole scale."""
    from diversify.model.criteria import LinearFunction, PiecewiseFunction

    vf = crit.value_function
    if isinstance(vf, LevelsFunction):
        return min(vf.levels.values()), max(vf.levels.values())
    if isinstance(vf, LinearFunction) and vf.worst is not None and vf.best is not None:
        return vf.worst, vf.best
    if isinstance(vf, PiecewiseFunction):
        xs = [x for x, _ in vf.points]
        ys = [y for _, y in vf.points]
        return (xs[0], xs[-1]) if ys[0] <= ys[-1] else (xs[-1], xs[0])
    if not known:
        return None
    lo, hi = min(known), max(known)
    return (hi, lo) if crit.direction == "min" else (lo, hi)


def _fill_unknowns(
    col: _Collector,
    key: str,
    options: list[OptionData],
    criteria: Sequence[Criterion],
    policy: str,
) -> list[OptionData]:
    """Give every ``unknown`` figure its value and range under the scenario's policy.

    ``range`` (the default): the middle of the criterion's scale, with the whole scale as
    its range, so the robustness analysis samples every possibility; ``neutral``: the
    middle, no range; ``worst``: the worst end (the old habit, which penalises whoever
    the press covers least). The scale is the value function's (levels, fixed anchors,
    piecewise points), else the range of the other options' figures.
    """
    from dataclasses import replace

    out = list(options)
    for crit in criteria:
        gaps = [i for i, o in enumerate(out)
                if (f := o.figures.get(crit.id)) is not None and f.label == UNKNOWN]  # fmt: skip
        if not gaps:
            continue
        known = [f.value for o in out if (f := o.figures.get(crit.id)) is not None
                 and f.label != UNKNOWN]  # fmt: skip
        scale = _gap_scale(crit, known)
        if scale is None or scale[0] == scale[1]:
            for i in gaps:
                col.add(key, ("options", out[i].index, "values", crit.id), UNKNOWN,
                        f"`{crit.id}` is unknown here and no other option has a figure to set "
                        "its scale: give the figure, or fixed `worst`/`best` anchors")  # fmt: skip
            continue
        worst, best = scale
        middle = (worst + best) / 2
        lo, hi = min(worst, best), max(worst, best)
        value, low, high = {
            "range": (middle, lo, hi), "neutral": (middle, middle, middle),
            "worst": (worst, worst, worst),
        }[policy]  # fmt: skip
        for i in gaps:
            old = out[i].figures[crit.id]
            assert old is not None
            figures = dict(out[i].figures)
            figures[crit.id] = replace(old, value=value, low=low, high=high)
            out[i] = replace(out[i], figures=MappingProxyType(figures))
    return out


def _is_mapping(m: Measured) -> bool:
    return bool(m.model_fields_set - {"value"})


def _check_portfolio(
    col: _Collector, scenario: Scenario, key: str, caps: Sequence[CapabilityData]
) -> None:
    spec = scenario.portfolio
    if spec is None:
        return
    refs = {f"{c.id}.{o.id}" for c in caps for o in c.options}
    cap_ids = {c.id for c in caps}
    for field in ("force_in", "force_out"):
        for i, ref in enumerate(getattr(spec, field, []) or []):
            if ref not in refs:
                col.add(key, ("portfolio", field, i), ref,
                        _unknown("option (write capability.option)", ref, refs))  # fmt: skip
    # A misspelt `delivery_criterion` would silently switch off the need-by check and the
    # `stress` delays for every capability; the default (`delivery`) may be absent from a
    # scenario that does not use it, so only a written name is checked.
    if "delivery_criterion" in spec.model_fields_set:
        crit_ids = {cid for c in caps for cid in c.criterion_ids}
        if spec.delivery_criterion not in crit_ids:
            col.add(key, ("portfolio", "delivery_criterion"), spec.delivery_criterion,
                    _unknown("criterion", spec.delivery_criterion, crit_ids))  # fmt: skip
    for cid in getattr(spec, "importance", {}) or {}:
        if cid not in cap_ids:
            col.add(
                key, ("portfolio", "importance", cid), cid, _unknown("capability", cid, cap_ids)
            )
    from diversify.model.countries import BLOCS, is_country

    for name in getattr(spec, "caps", {}) or {}:
        if name not in BLOCS and not is_country(name):
            col.add(key, ("portfolio", "caps", name), name,
                    f"`{name}` is neither a bloc ({', '.join(BLOCS)}) nor an ISO country code")  # fmt: skip


def _method_params(col: _Collector, scenario: Scenario, key: str) -> Any:
    from pydantic import ValidationError

    from diversify.model.methods import METHOD_PARAMS

    model = METHOD_PARAMS.get(scenario.method)
    if model is None:
        return None
    try:
        return model.model_validate(scenario.method_options)
    except ValidationError as err:
        for e in err.errors():
            col.add(key, ("method_options", *e["loc"]), e.get("input"),
                    f"{scenario.method}: {e['msg'].removeprefix('Value error, ')}")  # fmt: skip
        return None


# --------------------------------------------------------------------------------------
# Deals and the cost-basis rule (model/deals.py, model/costing.py)
# --------------------------------------------------------------------------------------


def _escalation(
    col: _Collector, key: str, path: Path, currency: str, price_year: int, scenario: Scenario
) -> Band | None:
    """The factor from ``price_year`` to the base year, or a problem at ``path``."""
    assert scenario.cost_basis is not None
    base_year = scenario.cost_basis.base_year
    esc = scenario.escalation.get(currency)
    if esc is not None and not _is_valid(esc):
        return None  # an invalid entry, already reported at its own line (loader salvage)
    band = escalation_band(esc, price_year, base_year)
    if band is not None and not all(
        math.isfinite(x) and 0 < x < 1e6 for x in (band.value, band.low, band.high)
    ):
        col.add(key, path, price_year,
                f"escalating {currency} prices from {price_year} to {base_year} multiplies them "
                f"by {band.value:.4g}, which is not a credible factor: check `escalation."
                f"{currency}`")  # fmt: skip
        return None
    if band is None:
        col.add(key, path, price_year,
                f"no way to bring {currency} prices from {price_year} to the base year "
                f"{base_year}: add `escalation: {{{currency}: {{rate: …, low: …, high: …, "
                f"source: …}}}}` to the scenario (or an `index` holding both years)")  # fmt: skip
    return band


def _is_valid(model: Any) -> bool:
    """Whether a (possibly salvaged, unvalidated) model passes its own validation."""
    from pydantic import ValidationError

    try:
        type(model).model_validate(model.model_dump(by_alias=True, exclude_unset=True))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


@dataclass(frozen=True)
class _Rule:
    """The cost-basis rule that prices one capability's options, and whose it is."""

    basis: CostBasis
    origin: str
    """``scenario``, or ``capability`` when the supplier file changes the scenario's rule."""


def _capability_rule(
    col: _Collector, key: str, sup: SuppliersFile, scenario: Scenario
) -> _Rule | None:
    """The scenario's rule with the capability's changes (``capability.cost_basis``).

    None when there is no usable rule: no scenario rule (reported here if the capability
    tries to change it, and for each option priced from deals), or an invalid one
    (already reported at its line).
    """
    override = sup.capability.cost_basis
    if scenario.cost_basis is None:
        if override is not None:
            col.add(key, ("capability", "cost_basis"), None,
                    "this capability changes the scenario's cost_basis rule, but the scenario "
                    "has none: add `cost_basis: {select: latest_export, scope: [platform, "
                    "training, logistics, spares], base_year: 2026}` to the scenario, or "
                    "remove this block")  # fmt: skip
        return None
    if not _is_valid(scenario.cost_basis) or (override is not None and not _is_valid(override)):
        return None
    if override is None:
        return _Rule(scenario.cost_basis, "scenario")
    return _Rule(scenario.cost_basis.merged(override), "capability")


def _escalate_typed(
    col: _Collector,
    key: str,
    base: Path,
    money: Money,
    scenario: Scenario,
    *,
    field: str = "unit_cost",
    rule: _Rule | None = None,
) -> tuple[Band, dict[str, Any] | None] | None:
    """A typed ``unit_cost`` under a cost_basis rule: escalated to the base year only.

    Without a ``cost_basis`` nothing changes (factor 1, no record), as before deals.
    ``rule`` is the capability's (for the record's target scope and origin).
    """
    if scenario.cost_basis is None:
        return ONE, None
    if not _is_valid(scenario.cost_basis):
        return None  # invalid rule, already reported
    band = _escalation(col, key, (*base, field, "year"), money.currency, money.year, scenario)
    if band is None:
        return None
    applied = rule.basis if rule is not None else scenario.cost_basis
    record = {
        "deal": None,
        "select": "typed",
        "fallback": None,
        "rule": rule.origin if rule is not None else "scenario",
        "price_year": money.year,
        "base_year": scenario.cost_basis.base_year,
        "scope": None,
        "target_scope": list(applied.scope),
        "adjustments": [],
        "escalation_factor": band.value,
        "deal_unit_price": money.value,
        "deal_currency": money.currency,
        "deals": [],
    }
    return band, record


def _deals_cost(
    col: _Collector,
    key: str,
    base: Path,
    opt: Option,
    rates: Mapping[str, float],
    scenario: Scenario,
    capability_rule: _Rule | None,
) -> tuple[Figure, dict[str, Any]] | None:
    """The option's unit cost from its deals under its capability's rule, or problems."""
    if any(d is None for d in opt.deals):
        return None  # an invalid deal, already reported where it is (loader salvage)
    if scenario.cost_basis is None:
        col.add(key, (*base, "deals"), None,
                "this option is priced from `deals`, so the scenario needs a `cost_basis:` "
                "rule: add cost_basis: {select: latest_export, scope: [platform, training, "
                "logistics, spares], base_year: 2026}")  # fmt: skip
        return None
    if capability_rule is None:
        return None  # an invalid rule (the scenario's or the capability's), already reported
    rule = capability_rule.basis
    where_rule = (
        "`capability.cost_basis.adjustments` here or the scenario's `cost_basis.adjustments`"
        if capability_rule.origin == "capability"
        else "the scenario's `cost_basis.adjustments`"
    )
    costs: list[DealCost] = []
    for j, deal in enumerate(opt.deals):
        where: Path = (*base, "deals", j)
        ok = True
        rate = rates.get(deal.currency)
        if rate is None:
            col.add(key, (*where, "currency"), deal.currency,
                    f"no exchange rate for {deal.currency}: add `{deal.currency}: "
                    f"<{scenario.currency} per 1 {deal.currency}>` under `rates:` in the "
                    "scenario")  # fmt: skip
            ok = False
        band = _escalation(col, key, (*where, "price_year"), deal.currency, deal.price_year,
                           scenario)  # fmt: skip
        _, _, unadjusted = scope_band(deal.scope, rule.scope, rule.adjustments)
        for element in unadjusted:
            change = "lacks" if element in rule.scope else "has, beyond the cost_basis scope,"
            col.add(key, (*where, "scope"), list(deal.scope),
                    f"deal `{deal.id}` {change} `{element}` and the rule declares no "
                    f"adjustment for it: add `{element}: {{factor: …, low: …, high: …, "
                    f"source: …}}` (its share of a price without it) to {where_rule}")  # fmt: skip
            ok = False
        if ok and band is not None and rate is not None:
            cost = deal_cost(deal, rule.scope, rule.adjustments, band, rate)
            if not all(math.isfinite(x) for x in (cost.cost.value, cost.cost.low, cost.cost.high)):
                col.add(key, (*where, "amount"), deal.amount,
                        "this deal's unit cost is too large to compute with: check the "
                        "amount, the units and the rates")  # fmt: skip
                continue
            costs.append(cost)
    if len(costs) != len(opt.deals):
        return None
    plausibility.deal_spread(col.warn, key, base, opt.id, costs, scenario.currency, rule.base_year)
    result = option_cost(
        costs, rule.select, rule.base_year, rule.scope, origin=capability_rule.origin
    )
    chosen = result.chosen
    d = chosen.deal
    steps = [f"{d.amount:g} {d.currency} m / {d.units:g} units = {chosen.unit:.4g}"]
    steps += [f"{a.change} {a.element} x{1 + a.factor.value if a.change == 'added' else 1 / (1 + a.factor.value):.4g}"
              for a in chosen.adjustments]  # fmt: skip
    if d.price_year != rule.base_year:
        steps.append(f"{d.price_year}->{rule.base_year} x{chosen.escalation.value:.4g}")
    if d.currency != scenario.currency:
        steps.append(f"at {chosen.rate:.4g} {scenario.currency}/{d.currency}")
    others = len(costs) - 1
    whose = "capability rule " if capability_rule.origin == "capability" else ""
    fallback = (
        f"; no {_KIND_WORD[WANTS[rule.select]]}, so the latest {_KIND_WORD[result.fallback]}"
        if result.fallback
        else ""
    )
    basis = (
        f"{whose}{rule.select} deal `{d.id}` ({d.customer}, {d.date or 'undated'}{fallback}): "
        + "; ".join(steps)
        + (f". Range from {others} other deal(s) and the adjustment ranges." if others else ".")
    )
    figure = Figure(
        value=result.value, low=result.low, high=result.high, source=d.source,
        as_of=d.date, confidence=d.confidence, estimate=d.estimate, derived=True,
        basis=basis, note=d.note,
        original=f"{chosen.unit:.4g} {d.currency} m per unit ({d.price_year} prices)",
    )  # fmt: skip
    return figure, result.to_dict()


def _warn_fallback(
    col: _Collector,
    key: str,
    base: Path,
    opt: Option,
    rule: _Rule | None,
    cost_basis: Mapping[str, Any],
) -> None:
    """A capability's own rule exists to price its options alike: say where it could not.

    The scenario's rule documents its own fallback (a domestic order where a system has
    no export), so only a capability's rule warns; a screened-out option is not judged.
    """
    fallback = cost_basis.get("fallback")
    if rule is None or rule.origin != "capability" or not fallback or opt.screened_out:
        return
    select = rule.basis.select
    col.warn(key, (*base, "deals"), cost_basis.get("deal"),
             f"the capability's rule `{select}` found no {_KIND_WORD[WANTS[select]]} for "
             f"`{opt.id}`, so its latest {fallback} deal `{cost_basis.get('deal')}` sets the "
             "cost: it is not priced like the others; add the deal the rule asks for, or say "
             "in the capability's `cost_basis.basis` why this is comparable")  # fmt: skip


_KIND_WORD = {"export": "export contract", "domestic": "domestic contract", "offer": "offer"}
"""A kind of deal (:func:`diversify.model.costing.deal_kind`) in words, for a fallback."""


def _check_figure_deals(
    col: _Collector, key: str, base: Path, opt: Option, cost_basis: Mapping[str, Any] | None
) -> None:
    """A figure naming a deal must name one of the option's; one from another deal than the
    cost's needs a reason (``mixed_reason``), else a warning says so.

    An invalid deal (None here, already reported at its line) does not stop the check of
    the others: the loader drops an "unknown deal" that names it (its id is in the file).
    """
    ids = [d.id for d in opt.deals if d is not None]
    cost_deal = cost_basis.get("deal") if cost_basis else None
    for cid, raw in opt.values.items():
        if not isinstance(raw, Measured) or raw.deal is None:
            continue
        path: Path = (*base, "values", cid, "deal")
        if raw.deal not in ids:
            known = set(ids) or {"(this option has no deals)"}
            col.add(key, path, raw.deal, _unknown("deal", raw.deal, known))
        elif cost_deal is not None and raw.deal != cost_deal and not raw.mixed_reason:
            col.warn(key, path, raw.deal,
                     f"`{cid}` comes from deal `{raw.deal}` but the unit cost from deal "
                     f"`{cost_deal}`: one option should be judged on one deal; say why in "
                     "`mixed_reason:` if this is intended")  # fmt: skip


def _check_base_year(
    col: _Collector, scenario: Scenario, scenario_key: str, suppliers: Sequence[tuple[str, Any]]
) -> None:
    """A base year before every deal's price year would only ever discount: refuse it."""
    rule = scenario.cost_basis
    if rule is None or not _is_valid(rule):
        return
    years = [
        d.price_year for _, s in suppliers for o in s.options if o for d in o.deals if d is not None
    ]
    if years and rule.base_year < min(years):
        col.add(scenario_key, ("cost_basis", "base_year"), rule.base_year,
                f"the base year {rule.base_year} is before every deal (the earliest price "
                f"year is {min(years)}): choose a base year from {min(years)} on, usually "
                "the year of the decision")  # fmt: skip


# --------------------------------------------------------------------------------------
# Scale traps: warnings where one data point decides the outcome
# --------------------------------------------------------------------------------------


def _scale_traps(
    col: _Collector,
    scenario: Scenario,
    scenario_key: str,
    caps: Sequence[CapabilityData],
    weights: Mapping[str, float],
) -> None:
    """Warn where the method, not the evidence, would decide (issue 8, scale traps).

    * A local linear scale with fewer than 3 options is a 0-or-1 switch: the better of
      two options takes the criterion's full weight whatever the gap (said only of a
      criterion the scenario's weights use).
    * A screening limit equal to an option's own figure decides by one unit either way.
    """
    from diversify.model.criteria import LinearFunction

    for cap in caps:
        judged = [o for o in cap.options if o.screened_out is None]
        if len(judged) < 3:
            for crit in cap.criteria:
                vf = crit.value_function
                weight = weights.get(crit.id, cap.extra_weights.get(crit.id, 0.0))
                if isinstance(vf, LinearFunction) and vf.worst is None and weight > 0:
                    col.warn(cap.file, ("options",), crit.id,
                             f"`{crit.id}` uses a local scale on a capability with only "
                             f"{len(judged)} option(s), so the better one takes the whole "
                             f"weight whatever the gap: give `{crit.id}` fixed `worst`/`best` "
                             "anchors" + (" (or the capability a `budget:`, from which the "
                             "cost scale takes its anchors)" if crit.from_ == "unit_cost"
                             else ""))  # fmt: skip
        for cid, rule in scenario.screening.items():
            for bound_name in ("min", "max"):
                bound = getattr(rule, bound_name)
                if bound is None:
                    continue
                for opt in judged:
                    fig = opt.figures.get(cid)
                    if fig is not None and fig.label == UNKNOWN:
                        col.warn(cap.file, ("options", opt.index, "values", cid), UNKNOWN,
                                 f"`{opt.id}`'s {cid} is unknown, so the screening rule is "
                                 f"applied to the placeholder the evidence_gaps policy gives "
                                 f"({fig.value:g}), not to a reported figure: find the figure")  # fmt: skip
                    if fig is not None and fig.label is None and fig.value == bound:
                        col.warn(scenario_key, ("screening", cid, bound_name), bound,
                                 f"the screening limit equals `{opt.id}`'s own {cid} "
                                 f"({bound:g}): one unit either way changes the outcome; "
                                 "take the limit from the requirement, not from a candidate")  # fmt: skip


def _evidence_balance(col: _Collector, scenario_key: str, caps: Sequence[CapabilityData]) -> None:
    """Warn when one bloc carries most of the unknown figures (thin press coverage should
    not decide a ranking unnoticed)."""
    counts: dict[str, int] = {}
    for cap in caps:
        for opt in cap.options:
            if opt.unknown and opt.screened_out is None:  # a decided-out option is not judged
                counts[opt.bloc] = counts.get(opt.bloc, 0) + len(opt.unknown)
    total = sum(counts.values())
    if total < 3:
        return
    bloc, most = max(sorted(counts.items()), key=lambda kv: kv[1])
    # Said, because the evidence appendix lists (and counts) every option's figures.
    judged = (
        " of the options judged (not counting those a stated decision screened out)"
        if any(o.screened_out is not None for cap in caps for o in cap.options)
        else ""
    )
    if most * 2 > total:
        col.warn(scenario_key, ("evidence_gaps",), bloc,
                 f"{most} of the {total} unknown figures{judged} belong to {bloc} options: "
                 "that bloc is judged on thinner evidence; look for sources, and read its "
                 "robustness results with care")  # fmt: skip


def _method_figures(col: _Collector, scenario: Scenario, caps: Sequence[CapabilityData]) -> None:
    """What the scenario's method would refuse when scoring, reported where it is written.

    WPM multiplies figures raised to their weights, so a figure of 0 (in a column that is
    not all zeros, which the engine treats as "does not separate") cannot be scored; the
    raw-matrix methods divide by figures, so none may be negative. ``validate`` must
    catch what ``score`` would reject.
    """
    if scenario.method == "mavt":
        return
    for cap in caps:
        for crit in cap.criteria:
            if crit.is_levels:
                continue  # levels reach raw-matrix methods as positions 1..k
            column = [(o, o.figures.get(crit.id)) for o in cap.options]
            values = [f.value for _, f in column if f is not None]
            ratio = scenario.method == "wpm" or (
                scenario.method == "wsm" and crit.direction == "min"
            )  # WSM scores a minimised criterion as smallest / figure
            if ratio and values and not all(v == 0 for v in values):
                for opt, fig in column:
                    if fig is not None and fig.value == 0:
                        where = (("options", opt.index, "values", crit.id)
                                 if crit.from_ is None else ("options", opt.index))  # fmt: skip
                        col.add(cap.file, where, 0,
                                f"`{crit.id}` is 0 for `{opt.id}`, but the scenario's method "
                                f"`{scenario.method}` divides by or multiplies figures, so it "
                                "must be above zero: use `mavt` (value functions), or "
                                "re-express the criterion without zeros")  # fmt: skip


# --------------------------------------------------------------------------------------
# Through-life cost: acquisition plus in-service support over the scenario's horizon
# --------------------------------------------------------------------------------------


def _lifecycle_cost(
    col: _Collector,
    key: str,
    base: Path,
    opt: Option,
    sup: SuppliersFile,
    unit_cost: Figure,
    rates: Mapping[str, float],
    scenario: Scenario,
) -> Figure | None:
    """Unit cost plus support over ``lifecycle.horizon_years`` (issue 8, through-life cost).

    ``ratio``: support = unit cost x ratio, each end with its own end. ``annual``: support
    = annual x years, escalated to the base year (under a cost_basis rule) and converted.
    The option's own `support` wins over its capability's.
    """
    if scenario.lifecycle is None or not _is_valid(scenario.lifecycle):
        return None  # reported once, at the scenario (see _check_lifecycle)
    support = opt.support or sup.capability.support
    if support is not None and not _is_valid(support):
        return None  # invalid, already reported at its own line
    where: Path = (*base, "support") if opt.support is not None else ("capability", "support")
    if support is None:
        if scenario.missing == "reject":
            col.add(key, (*base, "support"), None,
                    f"option `{opt.id}` has no in-service `support` (nor its capability), which "
                    "the through-life cost criterion needs: add support: {ratio: …, low: …, "
                    "high: …, source: …} here or under `capability:`")  # fmt: skip
        return None
    years = scenario.lifecycle.horizon_years
    if support.ratio is not None:
        r = support.ratio
        lo = support.low if support.low is not None else r
        hi = support.high if support.high is not None else r
        value = unit_cost.value * (1 + r)
        low, high = unit_cost.low * (1 + lo), unit_cost.high * (1 + hi)
        how = f"unit cost x (1 + {r:g} support ratio over {years} years)"
    else:
        assert support.annual is not None and support.currency and support.price_year
        rate = rates.get(support.currency)
        if rate is None:
            col.add(key, (*where, "currency"), support.currency,
                    f"no exchange rate for {support.currency}: add `{support.currency}: "
                    f"<{scenario.currency} per 1 {support.currency}>` under `rates:`")  # fmt: skip
            return None
        esc = Band(1.0, 1.0, 1.0)
        if scenario.cost_basis is not None and _is_valid(scenario.cost_basis):
            found = _escalation(col, key, (*where, "price_year"), support.currency,
                                support.price_year, scenario)  # fmt: skip
            if found is None:
                return None
            esc = found
        a = support.annual
        lo = support.low if support.low is not None else a
        hi = support.high if support.high is not None else a
        value = unit_cost.value + a * esc.value * rate * years
        low = unit_cost.low + lo * esc.low * rate * years
        high = unit_cost.high + hi * esc.high * rate * years
        how = f"unit cost + {a:g} {support.currency} m a year x {years} years"
    return Figure(
        value=value, low=low, high=high, source=support.source, as_of=support.as_of,
        confidence=support.confidence, estimate=support.estimate, derived=True,
        basis=f"{how}" + (f"; support: {support.basis}" if support.basis else ""),
        note=support.note,
    )  # fmt: skip


def _check_lifecycle(
    col: _Collector, scenario: Scenario, scenario_key: str, criteria: Sequence[Criterion]
) -> None:
    """A through-life cost criterion needs the scenario's horizon."""
    for crit in criteria:
        if crit.from_ == "lifecycle_cost" and scenario.lifecycle is None:
            col.add(scenario_key, ("lifecycle",), None,
                    f"criterion `{crit.id}` is through-life cost (`from: lifecycle_cost`), so "
                    "the scenario needs its horizon: add `lifecycle: {horizon_years: 30}`")  # fmt: skip
            return


def _anchor_uses(
    col: _Collector, key: str, criteria: tuple[Criterion, ...], budget: float | None
) -> None:
    """``anchors: budget`` where it cannot apply: on a criterion other than acquisition
    cost (the envelope is for buying, not for through-life cost), or on a capability
    without a budget."""
    from diversify.model.criteria import LinearFunction

    for crit in criteria:
        vf = crit.value_function
        if not (isinstance(vf, LinearFunction) and vf.anchors == "budget"):
            continue
        if crit.from_ != "unit_cost":
            col.add(key, ("capability",), crit.id,
                    f"`{crit.id}` has `anchors: budget`, which only the acquisition cost "
                    "criterion (`from: unit_cost`) can use: the envelope is for buying, "
                    "not for through-life cost")  # fmt: skip
        elif budget is None or budget <= 0:
            col.add(key, ("capability", "budget"), None,
                    f"`{crit.id}` takes its anchors from the budget (`anchors: budget`), "
                    "but this capability has none: add `budget:` here, or give the "
                    "criterion fixed `worst`/`best`, or `anchors: local`")  # fmt: skip


def _decision_text(decision: Decision | None) -> str | None:
    """The reason a stated decision removes an option, with its source, as reports say it."""
    if decision is None:
        return None
    cited = ", ".join(str(x) for x in (decision.source, decision.as_of) if x)
    return f"{decision.reason} ({cited})" if cited else decision.reason


def _passes_screening(opt: OptionData, scenario: Scenario) -> bool:
    """Whether the scenario's screening rules keep this option, judged on its nominal
    figures as the engine's filters judge them (an unknown figure is not judged here).
    An option a stated decision removes (``screened_out:``) never passes."""
    if opt.screened_out is not None:
        return False
    for cid, rule in scenario.screening.items():
        fig = opt.figures.get(cid)
        if fig is None or fig.label == UNKNOWN:
            continue
        if (rule.max is not None and fig.value > rule.max) or (
            rule.min is not None and fig.value < rule.min
        ):
            return False
        if fig.label is not None and fig.label in rule.exclude:
            return False
    return True


def _cost_anchors(
    col: _Collector,
    key: str,
    criteria: tuple[Criterion, ...],
    budget: float | None,
    units: float,
    options: Sequence[OptionData],
) -> tuple[Criterion, ...]:
    """The acquisition cost criterion's fixed anchors, from this capability's envelope.

    By default (no ``worst``/``best``, no ``anchors: local``) and wherever the capability
    has a budget, the envelope per unit is worth 0 and nothing is worth 1, so a cost score
    means the same whichever options are compared: a local scale would turn two options
    into a 0-or-1 switch, giving the cheaper one the criterion's whole weight whatever the
    gap (issue 8, scale traps). An option dearer per unit than the envelope (at the top of
    its range) stretches the worst anchor to its figure instead of being clipped to 0 with
    every other such option, and is named in a warning: that is a finding, not noise.
    ``options`` are those the scenario's screening keeps: one screened out never moves
    the scale of those ranked. Without a budget the scale stays local (``_scale_traps`` warns where that decides).
    """
    from diversify.model.criteria import LinearFunction

    out = []
    for crit in criteria:
        vf = crit.value_function
        wants = isinstance(vf, LinearFunction) and (
            vf.anchors == "budget" or (vf.anchors is None and vf.worst is None)
        )
        if not wants or crit.from_ != "unit_cost" or budget is None or budget <= 0:
            out.append(crit)
            continue
        per_unit = budget / units
        over = [
            (o.id, o.unit_cost.high)
            for o in options
            if o.unit_cost is not None and o.unit_cost.high > per_unit
        ]
        worst = max([per_unit, *(high for _, high in over)])
        if over:
            names = ", ".join(f"`{oid}` (up to {high:,.4g})" for oid, high in over)
            said = crit.name  # "Unit cost" -> "unit cost" in the sentence; "NATO fit" kept
            if len(said) > 1 and said[1].islower():
                said = said[0].lower() + said[1:]
            col.warn(key, ("capability", "budget"), round(per_unit, 6),
                     f"{names} cost more per unit than the envelope allows ({per_unit:,.4g} "
                     f"per unit); so that they do not all score 0 on {said}, "
                     f"its scale is stretched to the dearest ({worst:,.4g}); check the "
                     "envelope, the quantity or the option")  # fmt: skip
        fixed = LinearFunction(kind="linear", worst=float(f"{worst:.12g}"), best=0.0)
        out.append(crit.model_copy(update={"value_function": fixed}))
    return tuple(out)
