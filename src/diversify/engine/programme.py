"""The programme portfolio of a scenario: scores -> spend -> one option per capability.

:mod:`diversify.engine.portfolio` solves the selection on plain arrays; this module builds
those arrays from a resolved scenario and says what the answer means:

* **value**: each option's MAVT score (0..1) under the current weights. The portfolio
  always maximises MAVT value, whatever ranking method the scenario uses: a sum over
  capabilities only means something on a common 0..1 value scale, which MAVT gives and
  TOPSIS closeness, VIKOR's Q or a net flow do not (their scores are relative to the
  options compared in one capability). Every output says so
  (:data:`diversify.report.programme_text.OBJECTIVE`).
* **spend**: unit cost x the capability's quantity, in the reporting currency (millions),
  the same converted unit cost the ranking shows. An option without a unit cost has no
  spend to share out, so it is left out with that reason; so is every option screening
  removed, with the rule it failed. Nothing is dropped silently (``excluded``).
* **levers**: the scenario's ``portfolio:`` section (budget, caps, Canadian content floor,
  minimum number of blocs, forced options, importance), with the caps and the budget
  overridable per call (the command line's ``--cap`` and ``--budget``, a TUI's sliders).
* **what it costs**: the value lost against the best portfolio with no levers, which
  capabilities switch supplier because of them, and (with ``frontier_bloc``) the price
  of diversification curve, as numbers and structured results.

Sentences for a reader are not made here: :mod:`diversify.report.programme_text` words a
:class:`ProgrammeResult` (what is maximised, what the levers cost, the frontier) and
builds the full ``diversify.portfolio/1`` document. Only the messages of
:class:`ProgrammeError` (bad input) and the reason an option or a capability is left out
(data the document carries, also quoted by those messages) are written here.

Hand-written: scikit-criteria has no programme-wide selection (see the portfolio module).
Pure: no file access, no printing; the results are frozen dataclasses whose ``to_dict()``
gives plain data in a stable key order, floats rounded to 12 significant digits as the
scoring results are, so the same inputs give byte-identical JSON.

For a front end re-planning on every weight change, pass ``prepared`` (the scenario's
:func:`~diversify.engine.scoring.prepare_all`, done once) and keep ``frontier_bloc`` None:
a plan is then a numpy re-score plus one MILP and one small solve per constraint
(milliseconds on the bundled scenario).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any, Literal

from diversify import __version__
from diversify.engine.portfolio import (
    BLOCS,
    Constraints,
    FrontierPoint,
    PortfolioOption,
    PortfolioProblem,
    PortfolioResult,
    UncoveredCapability,
    frontier,
    solve,
)
from diversify.engine.results import CapabilityResult
from diversify.engine.scoring import (
    Prepared,
    _num,
    prepare_all,
    rerank_mavt,
    score,
    shared_points,
)
from diversify.model.countries import bloc_of, is_country
from diversify.model.resolved import ScenarioData

SCHEMA = "diversify.portfolio/1"

DEFAULT_STEPS = 21
"""Points on the price-of-diversification curve when the scenario does not say."""

ExcludedKind = Literal["screened_out", "no_unit_cost", "too_late"]


class ProgrammeError(ValueError):
    """The scenario's portfolio levers cannot describe a portfolio question (a user error).

    ``path`` is the key path of the offending field in the scenario file (e.g.
    ``("portfolio", "force_in", 0)``) so that a front end can point at its line; ``value``
    the value as written.
    """

    def __init__(self, message: str, path: tuple[str | int, ...] = (), value: Any = None) -> None:
        super().__init__(message)
        self.path = path
        self.value = value


# ------------------------------------------------------------------------------ results


@dataclass(frozen=True)
class Candidate:
    """An option the portfolio may choose, with the value and spend it was given."""

    id: str
    """``capability.option``, as the portfolio result names it."""
    capability: str
    option: str
    system: str
    supplier: str
    country: str
    bloc: str
    value: float
    """MAVT score, 0..1, under the current weights."""
    unit_cost: float
    quantity: float
    spend: float
    """unit_cost x quantity, reporting currency, millions."""
    content: Mapping[str, float]
    """Content shares by country; empty = all spend to the supplier's country."""
    local_content: float | None


@dataclass(frozen=True)
class Excluded:
    """An option left out before optimising, and why."""

    id: str
    capability: str
    option: str
    system: str
    supplier: str
    country: str
    bloc: str
    kind: ExcludedKind
    reason: str


@dataclass(frozen=True)
class CapabilityInfo:
    """A capability as the portfolio sees it."""

    id: str
    name: str
    quantity: float
    importance: float


@dataclass(frozen=True)
class Frontier:
    """The price of diversification: best value as the cap on one bloc or country tightens."""

    key: str
    kind: Literal["bloc", "country"]
    steps: int
    points: tuple[FrontierPoint, ...]
    """Loosest cap first; empty when no portfolio meets the other constraints."""


@dataclass(frozen=True)
class Delivery:
    """When a chosen option's units arrive, from the contract date and its figures."""

    capability: str
    option: str
    first: str | None
    """Year-month of the first unit (contract date + delivery months); None when unknown."""
    last: str | None
    """Year-month of the last unit, at ``per_year``; None when the rate is not given."""
    per_year: float | None
    units_by_year: Mapping[str, float]
    """Calendar year -> units delivered that year (empty without a rate)."""
    need_by: str | None
    on_time: bool | None
    """First unit by the capability's ``need_by`` (None without one)."""


@dataclass(frozen=True)
class ProgrammeResult:
    """Everything a renderer needs about one programme plan (plain Python values)."""

    scenario: str
    currency: str
    ranking_method: str
    """The scenario's ranking method (the portfolio itself always uses MAVT values)."""
    weights: Mapping[str, float]
    """Shared weights used, normalised to sum to 1 (all 0 for data-driven elicitation)."""
    weights_points: Mapping[str, float]
    weights_origin: str
    capabilities: tuple[CapabilityInfo, ...]
    constraints: Constraints
    overridden: tuple[str, ...]
    """Which of the scenario's levers this call replaced (``caps``, ``budget``)."""
    candidates: tuple[Candidate, ...]
    excluded: tuple[Excluded, ...]
    portfolio: PortfolioResult
    frontier: Frontier | None
    inputs: Mapping[str, str] = field(default_factory=dict)
    deliveries: tuple[Delivery, ...] | None = None
    """With the portfolio's ``contract_date``: each chosen option's delivery profile."""
    warnings: tuple[str, ...] = ()
    version: str = __version__

    def candidate(self, option_id: str) -> Candidate:
        """The candidate ``capability.option`` (KeyError when it is not one)."""
        for c in self.candidates:
            if c.id == option_id:
                return c
        raise KeyError(option_id)

    def to_dict(self) -> dict[str, Any]:
        """The data of the ``diversify.portfolio/1`` document: stable key order, rounded.

        Everything but the reader's sentences (``objective`` and ``summary``), which
        :func:`diversify.report.programme_text.portfolio_document` adds in their places.
        """
        cons = self.constraints
        return {
            "schema": SCHEMA,
            "version": self.version,
            "scenario": self.scenario,
            "value_method": "mavt",
            "ranking_method": self.ranking_method,
            "weights": _plain(self.weights),
            "weights_points": _plain(self.weights_points),
            "weights_origin": self.weights_origin,
            "currency": self.currency,
            "settings": {
                "budget": _plain(cons.budget),
                "caps": _plain(
                    {b: cons.bloc_caps[b] for b in BLOCS if b in cons.bloc_caps}
                    | dict(cons.country_caps)
                ),
                "min_canadian_content": _plain(cons.min_local_content),
                "min_blocs": cons.min_blocs,
                "force_in": sorted(cons.force_in),
                "force_out": sorted(cons.force_out),
                "importance": {c.id: _num(c.importance) for c in self.capabilities},
                "overridden": list(self.overridden),
            },
            "capabilities": [_plain(c) for c in self.capabilities],
            "candidates": [_plain(c) for c in self.candidates],
            "excluded": [_plain(e) for e in self.excluded],
            "result": _plain(self.portfolio.to_dict()),
            "deliveries": None if self.deliveries is None else [_plain(d) for d in self.deliveries],
            "frontier": None
            if self.frontier is None
            else {
                "key": self.frontier.key,
                "kind": self.frontier.kind,
                "steps": self.frontier.steps,
                "points": [_plain(p) for p in self.frontier.points],
            },
            "warnings": list(self.warnings),
            "inputs": dict(self.inputs),
        }


def _plain(obj: Any) -> Any:
    """Plain, JSON-ready data: mappings as dicts, sequences as lists, floats rounded."""
    if obj is None or isinstance(obj, bool | str | int):
        return obj
    if isinstance(obj, float):
        return _num(obj)
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, frozenset | set):
        return sorted(_plain(v) for v in obj)
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {k: _plain(getattr(obj, k)) for k in obj.__dataclass_fields__}
    if hasattr(obj, "item"):  # a numpy scalar
        return _plain(obj.item())
    return obj


# ------------------------------------------------------------------------------ inputs


def cap_key_kind(key: str) -> Literal["bloc", "country"] | None:
    """Whether ``key`` names a bloc or an ISO country code (None when it is neither).

    ``US`` is both; it counts as the bloc (the same spend either way).
    """
    if key in BLOCS:
        return "bloc"
    if len(key) == 2 and key.isalpha() and key.isupper() and is_country(key):
        return "country"
    return None


def _mavt_results(
    scenario: ScenarioData, weights: Mapping[str, float] | None, preps: Sequence[Prepared]
) -> tuple[tuple[CapabilityResult, ...], dict[str, float], tuple[str, ...]]:
    """MAVT results under ``weights`` (points; None = the scenario's), whatever its method.

    The numpy fast path (:func:`rerank_mavt`) unless the scenario elicits its weights from
    the data (entropy, CRITIC), which :func:`score` computes per capability.
    """
    points, details, warns = shared_points(scenario, weights)
    data_driven = (
        weights is None and details is not None and details.get("method") in ("entropy", "critic")
    )
    if data_driven:
        res = score(scenario, method="mavt", prepared=preps)
        return res.capabilities, points, warns
    caps = rerank_mavt(preps, points or {c.id: 1.0 for c in scenario.criteria})
    return caps, points, warns


NO_UNIT_COST = (
    "no unit cost, so its spend is unknown; give it a `unit_cost` in its supplier file to "
    "include it"
)


def _excluded(capability: str, o: Any, kind: ExcludedKind, reason: str) -> Excluded:
    """An excluded option from a ranked or screened-out result entry."""
    return Excluded(
        f"{capability}.{o.option}", capability, o.option, o.system, o.supplier, o.country,
        o.bloc, kind, reason,
    )  # fmt: skip


def _build(
    scenario: ScenarioData, results: Sequence[CapabilityResult]
) -> tuple[list[Candidate], list[Excluded]]:
    candidates: list[Candidate] = []
    excluded: list[Excluded] = []
    for res in results:
        data = {o.id: o for o in scenario.capability(res.id).options}
        for s in res.screened_out:
            reason = f"screened out: {s.reason}"
            excluded.append(_excluded(res.id, s, "screened_out", reason))
        for o in sorted(res.ranking, key=lambda o: (o.rank, o.option)):
            ref = f"{res.id}.{o.option}"
            if o.unit_cost is None:
                excluded.append(_excluded(res.id, o, "no_unit_cost", NO_UNIT_COST))
                continue
            opt = data[o.option]
            spend = _num(o.unit_cost * res.quantity)
            candidates.append(
                Candidate(
                    id=ref,
                    capability=res.id,
                    option=o.option,
                    system=o.system,
                    supplier=o.supplier,
                    country=o.country,
                    bloc=o.bloc,
                    value=min(1.0, max(0.0, float(o.score))),
                    unit_cost=o.unit_cost,
                    quantity=res.quantity,
                    spend=spend,
                    content=MappingProxyType(dict(opt.content or {})),
                    local_content=opt.local_content,
                )
            )
    return candidates, excluded


def _constraints(
    scenario: ScenarioData,
    caps: Mapping[str, float] | None,
    budget: float | None,
    candidates: Sequence[Candidate],
    excluded: Sequence[Excluded],
) -> Constraints:
    spec = scenario.portfolio
    used_caps = dict(caps) if caps is not None else dict(spec.caps if spec else {})
    for key, share in used_caps.items():
        where = ("caps", key) if caps is not None else ("portfolio", "caps", key)
        if cap_key_kind(key) is None:
            raise ProgrammeError(
                f"`{key}` is not a bloc ({', '.join(BLOCS)}) or an ISO country code such as "
                "KR or DE",
                where,
                key,
            )
        if not (math.isfinite(share) and 0.0 <= share <= 1.0):
            raise ProgrammeError(
                f"the cap on {key} must be a share of spend between 0 and 1 (got {share:g}); "
                "write 0.5 for half",
                where,
                share,
            )
    used_budget = budget if budget is not None else (spec.budget if spec else None)
    if used_budget is not None and not (math.isfinite(used_budget) and used_budget >= 0):
        where = ("budget",) if budget is not None else ("portfolio", "budget")
        raise ProgrammeError(
            f"the budget must be an amount of money, zero or more (got {used_budget:g})",
            where,
            used_budget,
        )
    ids = {c.id for c in candidates}
    left_out = {e.id: e for e in excluded}
    force_in = list(spec.force_in) if spec else []
    force_out = list(spec.force_out) if spec else []
    for i, ref in enumerate(force_in):
        if ref in left_out:
            raise ProgrammeError(
                f"`{ref}` is forced in, but it cannot be chosen: {left_out[ref].reason}. "
                "Remove it from `force_in`, or change what excludes it",
                ("portfolio", "force_in", i),
                ref,
            )
        if ref not in ids:
            raise ProgrammeError(
                f"`{ref}` is forced in but is not an option of this scenario; write "
                "capability.option, e.g. tanks.k2",
                ("portfolio", "force_in", i),
                ref,
            )
    return Constraints(
        budget=used_budget,
        bloc_caps={k: float(v) for k, v in used_caps.items() if k in BLOCS},
        country_caps={k: float(v) for k, v in used_caps.items() if k not in BLOCS},
        min_local_content=spec.min_canadian_content if spec else None,
        min_blocs=spec.min_blocs if spec else None,
        force_in=frozenset(force_in),
        # An option already left out needs no forcing out (the solver only knows candidates).
        force_out=frozenset(ref for ref in force_out if ref in ids),
    )


def _uncovered(
    results: Sequence[CapabilityResult],
    candidates: Sequence[Candidate],
    constraints: Constraints,
    excluded: Sequence[Excluded] = (),
) -> tuple[UncoveredCapability, ...]:
    """Capabilities with no option left, with the reason in the planner's terms."""
    late = {e.capability: True for e in excluded if e.kind == "too_late"}
    out = []
    for res in results:
        mine = [c for c in candidates if c.capability == res.id]
        allowed = [c for c in mine if c.id not in constraints.force_out]
        if allowed:
            continue
        if mine:
            reason = "every candidate option is forced out"
        elif not res.ranking:
            reason = "every option was screened out"
        elif late.get(res.id):
            reason = "no option delivers its first unit by the need-by date"
        elif not res.screened_out:
            reason = "no option has a unit cost"
        else:
            reason = "every option was screened out or has no unit cost"
        out.append(UncoveredCapability(res.id, f"{reason}, so it is left out of the portfolio"))
    return tuple(out)


# ------------------------------------------------------------------------------ time


def month_index(text: str) -> int:
    """Months since year 0 of a date as written (``2032`` is January 2032)."""
    parts = text.split("-")
    return int(parts[0]) * 12 + (int(parts[1]) - 1 if len(parts) > 1 else 0)


def month_text(index: float) -> str:
    """``YYYY-MM`` of a month index (rounded up: a unit due part-way arrives that month)."""
    year, month = divmod(math.ceil(index - 1e-9), 12)
    return f"{year:04d}-{month + 1:02d}"


def _first_delivery(scenario: ScenarioData, c: Candidate) -> float | None:
    """Month index of the first unit, or None when the delivery figure is not known."""
    spec = scenario.portfolio
    assert spec is not None and spec.contract_date is not None
    opt = next(o for o in scenario.capability(c.capability).options if o.id == c.option)
    fig = opt.figures.get(spec.delivery_criterion)
    if fig is None or fig.label is not None:
        return None
    return month_index(spec.contract_date) + fig.value


def _need_by(
    scenario: ScenarioData, candidates: Sequence[Candidate], excluded: Sequence[Excluded]
) -> tuple[list[Candidate], list[Excluded], tuple[str, ...]]:
    """Options whose first unit comes after their capability's ``need_by`` are left out.

    Judged on the nominal delivery figure from the portfolio's ``contract_date``; a
    figure that is unknown cannot be shown to arrive in time, so it is left out too (as a
    screening rule treats a gap). Without a contract date nothing changes.
    """
    spec = scenario.portfolio
    if spec is None or spec.contract_date is None:
        return list(candidates), list(excluded), ()
    kept: list[Candidate] = []
    out = list(excluded)
    warns: list[str] = []
    for c in candidates:
        cap = scenario.capability(c.capability)
        if cap.need_by is None:
            kept.append(c)
            continue
        if spec.delivery_criterion not in cap.criterion_ids:
            msg = (f"`{cap.id}` has a need-by date but no `{spec.delivery_criterion}` "
                   "criterion, so it is not applied")  # fmt: skip
            if msg not in warns:
                warns.append(msg)
            kept.append(c)
            continue
        first = _first_delivery(scenario, c)
        due = month_index(cap.need_by)
        if first is not None and first <= due:
            kept.append(c)
            continue
        if first is None:
            reason = (f"its first delivery is unknown, so it cannot be shown to arrive by "
                      f"the need-by date {cap.need_by}")  # fmt: skip
        else:
            reason = (f"first delivery {month_text(first)} ({first - month_index(spec.contract_date):g} "
                      f"months after a {spec.contract_date} contract) is after the need-by "
                      f"date {cap.need_by}")  # fmt: skip
        out.append(Excluded(c.id, c.capability, c.option, c.system, c.supplier, c.country,
                            c.bloc, "too_late", reason))  # fmt: skip
    return kept, out, tuple(warns)


def _deliveries(
    scenario: ScenarioData, candidates: Sequence[Candidate], solved: PortfolioResult
) -> tuple[Delivery, ...] | None:
    """The delivery profile of the chosen options (needs the portfolio's contract date).

    Units arrive evenly at ``per_year`` from the first delivery's month; each calendar
    year's count is what falls in it (fractions kept: a rate of 10 a year from July gives
    5 in the first year).
    """
    spec = scenario.portfolio
    if spec is None or spec.contract_date is None:
        return None
    by_id = {c.id: c for c in candidates}
    out = []
    for cap_id, ref in solved.chosen.items():
        c = by_id[ref]
        cap = scenario.capability(cap_id)
        opt = next(o for o in cap.options if o.id == c.option)
        first = _first_delivery(scenario, c)
        rate = opt.deliveries_per_year
        by_year: dict[str, float] = {}
        last = None
        if first is not None and rate:
            start = math.ceil(first - 1e-9)
            end = start + c.quantity * 12 / rate  # month index when the last unit is in
            month = start
            while month < end - 1e-9:
                year = str(month // 12)
                share = min(1.0, end - month)
                by_year[year] = by_year.get(year, 0.0) + rate / 12 * share
                month += 1
            last = month_text(end - 1)
        due = month_index(cap.need_by) if cap.need_by else None
        out.append(
            Delivery(
                capability=cap_id,
                option=c.option,
                first=None if first is None else month_text(first),
                last=last,
                per_year=rate,
                units_by_year=MappingProxyType({y: _num(u) for y, u in by_year.items()}),
                need_by=cap.need_by,
                on_time=None if due is None or first is None else first <= due,
            )
        )
    return tuple(out)


# ------------------------------------------------------------------------------ plan


def _problem(
    cap_ids: Sequence[str], candidates: Sequence[Candidate], importance: Mapping[str, float]
) -> PortfolioProblem:
    return PortfolioProblem.from_options(
        cap_ids,
        [
            PortfolioOption(
                capability=c.capability,
                option=c.option,
                value=c.value,
                spend=c.spend,
                country=c.country,
                content=dict(c.content) or None,
                local_content=c.local_content,
                bloc=c.bloc,
            )
            for c in candidates
        ],
        importance,
    )


def problem_of(result: ProgrammeResult) -> PortfolioProblem:
    """The array problem a plan solved (its candidates, values and importance)."""
    return _problem(
        [c.id for c in result.capabilities],
        result.candidates,
        {c.id: c.importance for c in result.capabilities},
    )


def plan(
    scenario: ScenarioData,
    *,
    weights: Mapping[str, float] | None = None,
    caps: Mapping[str, float] | None = None,
    budget: float | None = None,
    frontier_bloc: str | None = None,
    steps: int | None = None,
    prepared: Sequence[Prepared] | None = None,
    value_costs: bool = True,
    time_limit: float | None = None,
) -> ProgrammeResult:
    """Choose one option per capability for the best programme value under the levers.

    ``weights`` overrides the scenario's shared weights (points, as for
    :func:`~diversify.engine.scoring.score`). ``caps`` replaces the scenario's caps (bloc
    or ISO country code -> most share of spend, 0..1) and ``budget`` its budget
    (reporting currency, millions); the other levers come from the scenario's
    ``portfolio:`` section (none when it has no such section). ``frontier_bloc`` (a bloc
    or a country code) adds the price-of-diversification curve over ``steps`` points
    (default: the scenario's ``frontier_steps``, else 21). ``prepared`` reuses earlier
    preparation. ``value_costs`` prices each constraint (one more small solve each);
    ``time_limit`` (seconds) bounds each solve for interactive use, at the cost of
    reproducibility when it strikes.

    An infeasible portfolio is an answer, not an error: the result then carries the
    solver's explanation. Raises :class:`ProgrammeError` for levers that cannot describe a
    portfolio question (a cap outside 0..1 or on an unknown key, a negative budget, a
    forced-in option that screening removed).
    """
    spec = scenario.portfolio
    preps = tuple(prepared) if prepared is not None else prepare_all(scenario)
    results, points, warns = _mavt_results(scenario, weights, preps)
    candidates, excluded = _build(scenario, results)
    candidates, excluded, late_warnings = _need_by(scenario, candidates, excluded)
    warns = (*warns, *late_warnings)
    constraints = _constraints(scenario, caps, budget, candidates, excluded)
    if frontier_bloc is not None and cap_key_kind(frontier_bloc) is None:
        raise ProgrammeError(
            f"`{frontier_bloc}` is not a bloc ({', '.join(BLOCS)}) or an ISO country code "
            "such as KR or DE",
            ("frontier",),
            frontier_bloc,
        )
    n_steps = steps if steps is not None else (spec.frontier_steps if spec else DEFAULT_STEPS)
    if not 2 <= n_steps <= 1001:
        raise ProgrammeError(
            f"a frontier needs 2 to 1001 steps (got {n_steps})", ("steps",), n_steps
        )

    importance = dict(spec.importance) if spec else {}
    problem = _problem([r.id for r in results], candidates, importance)
    solved = solve(problem, constraints, value_costs=value_costs, time_limit=time_limit)
    solved = replace(solved, uncovered=_uncovered(results, candidates, constraints, excluded))
    front = None
    if frontier_bloc is not None:
        kind = cap_key_kind(frontier_bloc)
        assert kind is not None
        points_ = frontier(problem, constraints, frontier_bloc, n_steps, time_limit=time_limit)
        front = Frontier(frontier_bloc, kind, n_steps, tuple(points_))

    total = sum(points.values())
    shared = {c.id: (points.get(c.id, 0.0) / total if total else 0.0) for c in scenario.criteria}
    infos = tuple(
        CapabilityInfo(r.id, r.name, r.quantity, float(importance.get(r.id, 1.0))) for r in results
    )
    overridden = tuple(n for n, v in (("caps", caps), ("budget", budget)) if v is not None)
    return ProgrammeResult(
        scenario=scenario.name,
        currency=scenario.currency,
        ranking_method=scenario.method,
        weights=MappingProxyType({k: _num(v) for k, v in shared.items()}),
        weights_points=MappingProxyType({k: _num(v) for k, v in points.items()}),
        weights_origin="weights (override)" if weights is not None else scenario.weights_origin,
        capabilities=infos,
        constraints=constraints,
        overridden=overridden,
        candidates=tuple(candidates),
        excluded=tuple(excluded),
        portfolio=solved,
        frontier=front,
        inputs=MappingProxyType(dict(scenario.inputs)),
        warnings=tuple(warns),
        deliveries=_deliveries(scenario, candidates, solved),
    )


def report_frontier_key(scenario: ScenarioData) -> str:
    """The bloc or country whose frontier a report shows: the first capped bloc, else US.

    The first bloc cap in bloc order (then the first country cap) is the diversification
    question the scenario asks; with no caps, the US, whose share of Canada's capital
    spending is the question this tool was built for.
    """
    caps = dict(scenario.portfolio.caps) if scenario.portfolio else {}
    for bloc in BLOCS:
        if bloc in caps:
            return bloc
    countries = sorted(k for k in caps if k not in BLOCS)
    return countries[0] if countries else "US"


def share_to(candidate: Candidate, key: str) -> float:
    """The share of a candidate's spend that goes to a bloc or a country (content counts).

    Measured as the portfolio engine measures caps: each content country's bloc comes
    from :func:`~diversify.model.countries.bloc_of`.
    """
    content = candidate.content or {candidate.country: 1.0}
    if key in BLOCS:
        return float(sum(v for k, v in content.items() if bloc_of(k) == key))
    return float(content.get(key, 0.0))


__all__ = [
    "DEFAULT_STEPS",
    "SCHEMA",
    "Candidate",
    "CapabilityInfo",
    "Excluded",
    "Frontier",
    "ProgrammeError",
    "ProgrammeResult",
    "cap_key_kind",
    "plan",
    "report_frontier_key",
    "share_to",
]
