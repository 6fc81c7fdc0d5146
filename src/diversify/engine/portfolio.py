"""Programme portfolio: one option per capability, best total value under spend-share caps.

Hand-written: scikit-criteria ranks the options of one decision matrix at a time and has
no programme-wide selection, no budget and no concentration measure, so this module is
the project's own. It solves the selection exactly as a 0-1 mixed-integer programme with
``scipy.optimize.milp`` (HiGHS); :func:`brute_force` enumerates every portfolio and is the
reference the tests and the benchmark compare it with.

The model
---------
A binary ``x_o`` per option; exactly one chosen option per capability. Maximise
``sum_o importance_c(o) * value_o * x_o`` subject to (each optional):

* budget: ``sum_o spend_o x_o <= budget``;
* cap ``s`` on a bloc or a country ``B``, measured with content shares (the spend of
  option ``o`` that goes to ``B`` is ``spend_o * share_{o,B}``):
  ``sum_o spend_o share_{o,B} x_o <= s * sum_o spend_o x_o``, linear because total
  spend is linear in ``x``;
* Canadian content floor ``f``: ``sum_o spend_o local_o x_o >= f * sum_o spend_o x_o``;
* at least ``k`` distinct blocs among the chosen options' supplier blocs: a binary
  ``y_b <= sum_{o in b} x_o`` per bloc and ``sum_b y_b >= k``;
* forced in / forced out options: bounds on ``x_o``.

A portfolio whose total spend is zero meets every cap and floor (0 <= 0); its shares are
reported as 0 and its HHI as 0.

Resolution, tolerance and ties (why results are reproducible)
-------------------------------------------------------------
* Values are compared at a resolution of one millionth of (the largest importance x one
  score point): importance x value is rounded to that grid before optimising, so the
  optimum is exact on that grid and HiGHS's objective tolerances cannot pick a
  different portfolio from run to run. Reported values use the unrounded figures.
* Caps, floors and the budget are met to within about one millionth of the largest
  option's spend (HiGHS's feasibility tolerance on rows scaled by that spend).
* Ties: among portfolios of equal (rounded) value the solver returns the one with the
  smallest sum of *cost ranks* (each option's position when its capability's options
  are sorted by spend, cheapest first, then by input order). The objective adds that
  sum divided by (number of options + 1) to the value shortfall in grid units; the
  added term is always under one grid unit, so it only ever decides between portfolios
  of equal value. In plain words: when value is equal, cheaper options win. HiGHS is
  deterministic, so a tie left after that rule (equal value and equal rank sum) is
  broken the same way on every run; :func:`brute_force` applies the same rule and
  takes the first remaining tie in enumeration order.

Infeasibility explained
-----------------------
When no portfolio meets every constraint, :func:`solve` first checks the one conflict
arithmetic settles (caps on all five blocs adding up to under 100%), then finds a
*minimal* conflicting set by the deletion filter (drop each constraint in turn; keep it
dropped if the rest is still infeasible), then for each member computes the least change
that would make the whole problem feasible with every other constraint kept: the
smallest feasible cap (the least share of that bloc any portfolio can reach: a 0-1
linear-fractional programme, solved by Dinkelbach's parametric method and certified by
a feasibility check just below the answer), the smallest feasible budget (least total
spend), the highest reachable content floor or number of blocs. These solves run under
a fixed branch-and-bound node budget (deterministic, unlike a time limit); a suggestion
the budget cut short is still feasible, and says it may not be the least.

Performance
-----------
``benchmarks/bench_portfolio.py``: 40 capabilities x 10 options with a US cap and a
budget solve in about 20 ms and a 21-point frontier in under 1 s; with every lever set
in about 0.1 s and 8 s; with the four largest blocs all capped 20% under their natural
share (every cap binding) a solve takes about 1 s and a frontier about 25 s. Pass
``time_limit`` for interactive use.

References: Dinkelbach, W. (1967) "On nonlinear fractional programming", Management
Science 13(7):492-498; Chinneck, J.W. & Dravnieks, E.W. (1991) "Locating minimal
infeasible constraint sets in linear programs", ORSA J. Computing 3(2):157-168 (the
deletion filter); U.S. DoJ & FTC (2023) Merger Guidelines, section 2.1 (the HHI).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from diversify.model.countries import BLOCS, bloc_of

if TYPE_CHECKING:
    from diversify.model.portfolio import PortfolioSpec

Status = Literal["optimal", "feasible", "infeasible", "unknown"]
"""``optimal``: proven best. ``feasible``: meets every constraint, but a time limit struck
before it was proven best. ``infeasible``: no portfolio meets every constraint (see the
explanation). ``unknown``: a time limit struck before any portfolio was found."""
ConstraintKind = Literal[
    "budget", "min_local_content", "min_blocs", "country_cap", "bloc_cap", "force_in", "force_out"
]

HHI_POINTS = 10_000
"""Multiply :func:`hhi` by this for the antitrust convention (shares in percent, 0..10,000)."""

_VALUE_GRID = 1e-6  # value resolution, relative to the largest importance
_SHARE_TOL = 1e-6  # a share this close to its limit counts as "tight"
_ROW_TOL = 1e-9  # brute-force feasibility tolerance on rows scaled by the largest spend
_CHECK_TOL = 1e-5  # larger violations of the solver's answer mean a bug, not rounding
_SUM_TOL = 1e-6  # content shares must sum to 1 within this
_BRUTE_FORCE_LIMIT = 200_000_000  # portfolios; beyond this enumeration is hopeless
_CHUNK = 1 << 16
_MAX_DINKELBACH = 200
_ANALYSIS_NODES = 2000  # branch-and-bound nodes per MILP when explaining or pricing
_STEP_NODES = 200  # nodes for a Dinkelbach step, whose optimality need not be proven
_RATIO_TOL = 1e-6  # a least share / content ratio is exact to this


# ---------------------------------------------------------------------------- inputs


def _frozen(array: Any, dtype: Any) -> np.ndarray:
    out = np.array(array, dtype=dtype, copy=True)
    out.setflags(write=False)
    return out


@dataclass(frozen=True)
class PortfolioProblem:
    """The candidate options of every capability, as arrays (one row per option).

    Build it with :meth:`from_options` unless you already hold the arrays. Arrays are
    copied and made read-only, so a problem can be shared between threads and solves.
    """

    capabilities: tuple[str, ...]
    option_ids: tuple[str, ...]
    """``capability.option`` per option."""
    capability_index: np.ndarray
    """int, index into ``capabilities`` of each option's capability."""
    value: np.ndarray
    """Option score in 0..1 (MAVT under the current weights)."""
    importance: np.ndarray
    """Per capability, >= 0."""
    spend: np.ndarray
    """Total spend on the option (unit cost x quantity), reporting currency, millions."""
    country_shares: np.ndarray
    """(n_options, n_countries) content shares by country; each row sums to 1."""
    countries: tuple[str, ...]
    country_bloc: tuple[str, ...]
    """Bloc of each country in ``countries``."""
    local_content: np.ndarray
    """Share of the option's spend with Canadian industry, 0..1 (0 when unknown)."""
    option_bloc: tuple[str, ...]
    """Bloc of each option's prime supplier (used by ``min_blocs``)."""

    def __post_init__(self) -> None:
        n = len(self.option_ids)
        k = len(self.capabilities)
        put = object.__setattr__
        put(self, "capabilities", tuple(self.capabilities))
        put(self, "option_ids", tuple(self.option_ids))
        put(self, "countries", tuple(self.countries))
        put(self, "country_bloc", tuple(self.country_bloc))
        put(self, "option_bloc", tuple(self.option_bloc))
        put(self, "capability_index", _frozen(self.capability_index, np.int64).reshape(-1))
        for name in ("value", "importance", "spend", "local_content"):
            put(self, name, _frozen(getattr(self, name), float).reshape(-1))
        shares = _frozen(self.country_shares, float)
        if shares.size == 0:
            shares = _frozen(np.zeros((n, len(self.countries))), float)
        put(self, "country_shares", shares)

        if len(set(self.capabilities)) != k:
            raise ValueError("capability ids must be unique")
        if len(set(self.option_ids)) != n:
            dupes = sorted({o for o in self.option_ids if self.option_ids.count(o) > 1})
            raise ValueError(f"option ids must be unique; repeated: {', '.join(dupes)}")
        for name, arr, size in (
            ("capability_index", self.capability_index, n),
            ("value", self.value, n),
            ("spend", self.spend, n),
            ("local_content", self.local_content, n),
            ("importance", self.importance, k),
        ):
            if arr.shape != (size,):
                raise ValueError(f"`{name}` must have {size} entries, not {arr.shape[0]}")
        if len(self.option_bloc) != n:
            raise ValueError(f"`option_bloc` must have {n} entries, not {len(self.option_bloc)}")
        if self.country_shares.shape != (n, len(self.countries)):
            raise ValueError(
                f"`country_shares` must be {n} options x {len(self.countries)} countries, "
                f"not {self.country_shares.shape}"
            )
        if len(self.country_bloc) != len(self.countries):
            raise ValueError("`country_bloc` needs one bloc per country")
        for bloc in (*self.country_bloc, *self.option_bloc):
            if bloc not in BLOCS:
                raise ValueError(f"`{bloc}` is not a bloc; use one of {', '.join(BLOCS)}")
        if n and (self.capability_index.min() < 0 or self.capability_index.max() >= k):
            raise ValueError("`capability_index` must point into `capabilities`")
        for name in ("value", "spend", "local_content", "importance"):
            arr = getattr(self, name)
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"`{name}` must be finite numbers (no NaN or infinity)")
            if np.any(arr < 0):
                raise ValueError(f"`{name}` must be zero or more")
        for name in ("value", "local_content"):
            if np.any(getattr(self, name) > 1):
                raise ValueError(f"`{name}` must be in 0..1 (rescale the scores first)")
        if not np.all(np.isfinite(self.country_shares)) or np.any(self.country_shares < 0):
            raise ValueError("content shares must be finite and zero or more")
        sums = self.country_shares.sum(axis=1)
        bad = np.flatnonzero(np.abs(sums - 1.0) > _SUM_TOL)
        if bad.size:
            o = int(bad[0])
            raise ValueError(
                f"content shares of `{self.option_ids[o]}` add up to {sums[o]:.4g}, not 1; "
                "adjust them so that they do"
            )

    @property
    def n_options(self) -> int:
        return len(self.option_ids)

    @classmethod
    def from_options(
        cls,
        capabilities: Sequence[str],
        options: Sequence[PortfolioOption],
        importance: Mapping[str, float] | None = None,
    ) -> PortfolioProblem:
        """Build the arrays from one record per option (the shape the resolver holds).

        Capabilities keep the given order; options are grouped by capability in input
        order. An option without content shares sends all its spend to its supplier's
        country; the bloc of a country comes from :func:`diversify.model.countries.bloc_of`
        unless the option overrides its own bloc.
        """
        caps = tuple(capabilities)
        pos = {c: i for i, c in enumerate(caps)}
        importance = dict(importance or {})
        unknown = sorted(set(importance) - set(caps))
        if unknown:
            raise ValueError(f"importance given for unknown capabilities: {', '.join(unknown)}")
        for opt in options:
            if opt.capability not in pos:
                raise ValueError(
                    f"option `{opt.option}` belongs to `{opt.capability}`, which is not a "
                    "capability of this problem"
                )
        ordered = sorted(options, key=lambda o: pos[o.capability])  # stable: input order kept
        countries = sorted(
            {opt.country for opt in ordered} | {c for opt in ordered for c in (opt.content or {})}
        )
        col = {c: j for j, c in enumerate(countries)}
        shares = np.zeros((len(ordered), len(countries)))
        for i, opt in enumerate(ordered):
            content = opt.content or {opt.country: 1.0}
            for country, share in content.items():
                shares[i, col[country]] = share
        return cls(
            capabilities=caps,
            option_ids=tuple(f"{o.capability}.{o.option}" for o in ordered),
            capability_index=np.array([pos[o.capability] for o in ordered], dtype=np.int64),
            value=np.array([o.value for o in ordered], dtype=float),
            importance=np.array([importance.get(c, 1.0) for c in caps], dtype=float),
            spend=np.array([o.spend for o in ordered], dtype=float),
            country_shares=shares,
            countries=tuple(countries),
            country_bloc=tuple(bloc_of(c) for c in countries),
            local_content=np.array([o.local_content or 0.0 for o in ordered], dtype=float),
            option_bloc=tuple(o.bloc or bloc_of(o.country) for o in ordered),
        )


@dataclass(frozen=True)
class PortfolioOption:
    """One candidate option, as :meth:`PortfolioProblem.from_options` takes it."""

    capability: str
    option: str
    value: float
    """Score in 0..1 under the current weights."""
    spend: float
    """Unit cost x quantity, reporting currency, millions."""
    country: str
    """ISO alpha-2 code of the prime supplier."""
    content: Mapping[str, float] | None = None
    """Content shares by country (sum to 1); None = 100% the supplier's country."""
    local_content: float | None = None
    """Share of spend with Canadian industry; None counts as 0."""
    bloc: str | None = None
    """Override of the supplier's bloc."""


@dataclass(frozen=True)
class Constraints:
    """The planner's levers, already split into bloc and country caps.

    ``force_in`` / ``force_out`` hold ``capability.option`` ids. Mappings are copied into
    read-only, sorted mappings so two equal constraint sets print the same way.
    """

    budget: float | None = None
    bloc_caps: Mapping[str, float] = field(default_factory=dict)
    country_caps: Mapping[str, float] = field(default_factory=dict)
    min_local_content: float | None = None
    min_blocs: int | None = None
    force_in: frozenset[str] = frozenset()
    force_out: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        put = object.__setattr__
        put(self, "bloc_caps", MappingProxyType(dict(sorted(self.bloc_caps.items()))))
        put(self, "country_caps", MappingProxyType(dict(sorted(self.country_caps.items()))))
        put(self, "force_in", frozenset(self.force_in))
        put(self, "force_out", frozenset(self.force_out))
        if self.budget is not None and not (math.isfinite(self.budget) and self.budget >= 0):
            raise ValueError(
                f"the budget must be a finite number, zero or more (got {self.budget})"
            )
        for key, cap in (*self.bloc_caps.items(), *self.country_caps.items()):
            if not (math.isfinite(cap) and 0 <= cap <= 1):
                raise ValueError(f"the cap on {key} must be a share between 0 and 1 (got {cap})")
        for key in self.bloc_caps:
            if key not in BLOCS:
                raise ValueError(f"`{key}` is not a bloc; use one of {', '.join(BLOCS)}")
        for key in self.country_caps:
            if not (len(key) == 2 and key.isalpha() and key.isupper()):
                raise ValueError(f"`{key}` is not a two-letter upper-case ISO country code")
        floor = self.min_local_content
        if floor is not None and not (math.isfinite(floor) and 0 <= floor <= 1):
            raise ValueError(f"the Canadian content floor must be in 0..1 (got {floor})")
        if self.min_blocs is not None and (
            isinstance(self.min_blocs, bool) or int(self.min_blocs) != self.min_blocs
            or not 1 <= self.min_blocs <= len(BLOCS)
        ):  # fmt: skip
            raise ValueError(f"min_blocs must be a whole number from 1 to {len(BLOCS)}")
        both = sorted(self.force_in & self.force_out)
        if both:
            raise ValueError(
                f"option `{both[0]}` is both forced in and forced out; keep it in only one list"
            )

    @classmethod
    def from_spec(cls, spec: PortfolioSpec) -> Constraints:
        """From a :class:`diversify.model.portfolio.PortfolioSpec` (importance excluded)."""
        return cls(
            budget=spec.budget,
            bloc_caps=spec.bloc_caps(),
            country_caps=spec.country_caps(),
            min_local_content=spec.min_canadian_content,
            min_blocs=spec.min_blocs,
            force_in=frozenset(spec.force_in),
            force_out=frozenset(spec.force_out),
        )


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ConstraintReport:
    """How one constraint stands at the chosen portfolio.

    ``slack`` is in the constraint's own unit: money for the budget, a share (0..1) for
    caps and the content floor, a count for ``min_blocs``; positive means room to spare.
    ``value_cost`` is the value gained if this constraint alone were lifted (None unless
    :func:`solve` was asked for ``value_costs``). Forced options have no slack and are
    never ``tight``; what forcing costs shows in ``value_cost``.
    """

    kind: ConstraintKind
    key: str
    label: str
    limit: float | None
    actual: float | None
    slack: float | None
    tight: bool
    value_cost: float | None = None

    @property
    def binding(self) -> bool:
        """At its limit, or (when priced) costing value: a 0-1 choice can bind with room left."""
        return self.tight or bool(self.value_cost)


@dataclass(frozen=True)
class Conflict:
    """One member of a minimal set of constraints that cannot all be met."""

    kind: ConstraintKind
    key: str
    label: str
    limit: float | None
    suggestion: float | None
    """Least change that makes a portfolio possible with every other constraint kept:
    the smallest cap or budget, the highest floor or number of blocs; None when changing
    this constraint alone is not enough (or, for forced options, when dropping it is the
    change)."""
    fix: str | None
    """The change in a few words (``raise the US cap to at least 34.2%``), rounded so that
    it is feasible; None when changing this constraint alone is not enough."""
    message: str
    exact: bool = True
    """False when a work limit stopped the search: the suggestion is then enough, but a
    slightly smaller change might also do."""


@dataclass(frozen=True)
class Explanation:
    """Why no portfolio exists, in plain English, with the least changes that fix it."""

    summary: str
    conflicts: tuple[Conflict, ...]


@dataclass(frozen=True)
class UncoveredCapability:
    """A capability left out of the portfolio because it has no candidate left."""

    capability: str
    reason: str


@dataclass(frozen=True)
class PortfolioResult:
    """Everything a renderer needs about one portfolio solve (plain Python values)."""

    status: Status
    chosen: Mapping[str, str]
    """Capability -> chosen option id (``capability.option``); empty when infeasible."""
    value: float | None
    spend: float | None
    spend_by_bloc: Mapping[str, float]
    share_by_bloc: Mapping[str, float]
    """Every bloc, in the order of :data:`BLOCS`; sums to 1 unless total spend is 0."""
    spend_by_country: Mapping[str, float]
    share_by_country: Mapping[str, float]
    """Countries receiving spend, largest first."""
    hhi_country: float | None
    hhi_bloc: float | None
    constraints: tuple[ConstraintReport, ...]
    unconstrained_chosen: Mapping[str, str]
    """The best portfolio with no budget, caps, floors, min_blocs or forced-in options
    (forced-out options and screening still apply)."""
    unconstrained_value: float
    value_lost: float | None
    """Unconstrained value minus this portfolio's value: the price of the constraints."""
    uncovered: tuple[UncoveredCapability, ...] = ()
    explanation: Explanation | None = None
    value_bound: float | None = None
    """With ``status="feasible"`` (time limit struck): no portfolio is worth more."""

    @property
    def binding(self) -> tuple[ConstraintReport, ...]:
        return tuple(c for c in self.constraints if c.binding)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict with a stable key order."""

        def conv(obj: Any) -> Any:
            if isinstance(obj, Mapping):
                return {str(k): conv(v) for k, v in obj.items()}
            if isinstance(obj, tuple | list):
                return [conv(v) for v in obj]
            if hasattr(obj, "__dataclass_fields__"):
                return {k: conv(getattr(obj, k)) for k in obj.__dataclass_fields__}
            return obj

        out = conv(self)
        out["binding"] = [c.label for c in self.binding]
        return out


@dataclass(frozen=True)
class FrontierPoint:
    """One step of the price-of-diversification curve."""

    cap: float
    share: float
    """The bloc's actual share of spend (<= cap)."""
    value: float
    value_lost: float
    """Value given up against the first point (the bloc uncapped)."""
    spend: float
    chosen: Mapping[str, str]
    hhi_country: float
    hhi_bloc: float
    proven: bool = True
    """False when a time limit cut this point's solve short (the portfolio is feasible)."""


def hhi(shares: np.ndarray | Sequence[float]) -> float:
    """Herfindahl-Hirschman index: the sum of squared shares, on the 0..1 scale.

    1 means all spend to one supplier; ``1/n`` an equal split over ``n``. Multiply by
    :data:`HHI_POINTS` (10,000) for the antitrust convention where shares are percent
    (the US merger guidelines call above 1,800 "highly concentrated"). Shares must be
    zero or more and sum to 1; all-zero shares (nothing spent) give 0.
    """
    s = np.asarray(shares, dtype=float).reshape(-1)
    if s.size == 0 or not np.any(s):
        return 0.0
    if not np.all(np.isfinite(s)) or np.any(s < 0):
        raise ValueError("shares must be finite and zero or more")
    total = float(s.sum())
    if abs(total - 1.0) > _SUM_TOL:
        raise ValueError(f"shares must sum to 1 (they sum to {total:.6g})")
    return float(np.dot(s, s))


# ------------------------------------------------------------------- internal model


@dataclass(frozen=True)
class _Item:
    """One relaxable constraint."""

    kind: ConstraintKind
    key: str
    limit: float

    @property
    def label(self) -> str:
        return _label(self.kind, self.key)


def _label(kind: ConstraintKind, key: str) -> str:
    return {
        "budget": "budget",
        "min_local_content": "Canadian content floor",
        "min_blocs": "minimum number of blocs",
        "country_cap": f"{key} cap",
        "bloc_cap": f"{key} cap",
        "force_in": f"{key} forced in",
        "force_out": f"{key} forced out",
    }[kind]


@dataclass(frozen=True)
class _Prepared:
    """Arrays derived once per call: scaled spend, bloc shares, objective, tie-break."""

    problem: PortfolioProblem
    scale: float
    spend_n: np.ndarray
    bloc_shares: np.ndarray  # (n, len(BLOCS))
    option_bloc: np.ndarray  # (n,) index into BLOCS
    score: np.ndarray  # importance x value, unrounded
    grid: np.ndarray  # score on the integer grid
    rank: np.ndarray  # cost rank within the capability
    objective: np.ndarray  # to minimise: value shortfall in grid units + rank / (n + 1)
    base_ub: np.ndarray  # 0 for options of uncovered capabilities
    covered: tuple[int, ...]
    uncovered: tuple[UncoveredCapability, ...]
    index: Mapping[str, int]


def _prepare(problem: PortfolioProblem, constraints: Constraints) -> _Prepared:
    p = problem
    n = p.n_options
    index = {o: i for i, o in enumerate(p.option_ids)}
    for name in ("force_in", "force_out"):
        missing = sorted(set(getattr(constraints, name)) - set(index))
        if missing:
            raise ValueError(
                f"{name} names `{missing[0]}`, which is not among the candidate options "
                "(check the spelling capability.option, or whether screening removed it)"
            )
    forced_caps: dict[int, str] = {}
    for ref in sorted(constraints.force_in):
        c = int(p.capability_index[index[ref]])
        if c in forced_caps:
            raise ValueError(
                f"force_in names both `{forced_caps[c]}` and `{ref}` for capability "
                f"`{p.capabilities[c]}`, but a portfolio buys one option per capability"
            )
        forced_caps[c] = ref
    out = np.zeros(n, dtype=bool)
    for ref in constraints.force_out:
        out[index[ref]] = True
    counts = np.bincount(p.capability_index, minlength=len(p.capabilities))
    allowed = np.bincount(p.capability_index[~out], minlength=len(p.capabilities))
    uncovered: list[UncoveredCapability] = []
    for c, cap in enumerate(p.capabilities):
        if counts[c] == 0:
            uncovered.append(UncoveredCapability(cap, "no candidate option is left (screening)"))
        elif allowed[c] == 0:
            uncovered.append(UncoveredCapability(cap, "every candidate option is forced out"))
    covered = tuple(c for c in range(len(p.capabilities)) if allowed[c] > 0)
    base_ub = np.isin(p.capability_index, covered).astype(float)

    scale = float(p.spend.max()) if n and p.spend.max() > 0 else 1.0
    membership = np.array([[b == bloc for bloc in BLOCS] for b in p.country_bloc], dtype=float)
    bloc_shares = p.country_shares @ membership.reshape(len(p.countries), len(BLOCS))
    score = p.importance[p.capability_index] * p.value if n else np.zeros(0)
    top = float(p.importance.max()) if p.importance.size and p.importance.max() > 0 else 1.0
    grid = np.rint(score / (top * _VALUE_GRID))
    order = np.lexsort((np.arange(n), p.spend, p.capability_index))
    rank = np.zeros(n)
    first = np.searchsorted(p.capability_index[order], p.capability_index[order], side="left")
    rank[order] = np.arange(n) - first
    # Exactly one option per capability, so subtracting each capability's best grid value
    # is a constant shift: the solver then works on the (small) shortfall from the ideal,
    # which keeps the rank term well above its tolerances. sum(rank) / (n + 1) < 1 grid unit.
    cap_best = np.zeros(len(p.capabilities))
    if n:
        np.maximum.at(cap_best, p.capability_index, grid)
    objective = cap_best[p.capability_index] - grid + rank / (n + 1)
    return _Prepared(
        problem=p,
        scale=scale,
        spend_n=p.spend / scale,
        bloc_shares=bloc_shares,
        option_bloc=np.array([BLOCS.index(b) for b in p.option_bloc], dtype=np.int64),
        score=score,
        grid=grid,
        rank=rank,
        objective=objective,
        base_ub=base_ub,
        covered=covered,
        uncovered=tuple(uncovered),
        index=MappingProxyType(index),
    )


def _items(prep: _Prepared, constraints: Constraints) -> tuple[_Item, ...]:
    """Relaxable constraints, in the deletion filter's order (first = least blamed)."""
    p = prep.problem
    cov = set(prep.covered)
    items: list[_Item] = [
        _Item("force_out", ref, 0.0)
        for ref in sorted(constraints.force_out)
        if int(p.capability_index[prep.index[ref]]) in cov
    ]
    items += [_Item("force_in", ref, 1.0) for ref in sorted(constraints.force_in)]
    if constraints.budget is not None:
        items.append(_Item("budget", "", float(constraints.budget)))
    if constraints.min_local_content is not None:
        items.append(_Item("min_local_content", "", float(constraints.min_local_content)))
    if constraints.min_blocs is not None:
        items.append(_Item("min_blocs", "", float(constraints.min_blocs)))
    items += [_Item("country_cap", k, float(v)) for k, v in constraints.country_caps.items()]
    items += [
        _Item("bloc_cap", b, float(constraints.bloc_caps[b]))
        for b in BLOCS
        if b in constraints.bloc_caps
    ]
    return tuple(items)


def _target_share(prep: _Prepared, kind: ConstraintKind, key: str) -> np.ndarray:
    """Per option, the share of its spend that goes to a bloc or a country."""
    p = prep.problem
    if kind == "bloc_cap":
        return prep.bloc_shares[:, BLOCS.index(key)]
    if key in p.countries:
        return p.country_shares[:, p.countries.index(key)]
    return np.zeros(p.n_options)


@dataclass(frozen=True)
class _Model:
    """A built 0-1 programme: rows ``lo <= A [x; y] <= hi`` and variable bounds."""

    n: int
    ny: int
    a: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    lb: np.ndarray
    ub: np.ndarray
    g: np.ndarray  # inequality rows over x only: g @ x <= h (for brute force / checks)
    h: np.ndarray
    min_blocs: int


def _build(prep: _Prepared, items: Sequence[_Item], *, blocs_vars: bool = False) -> _Model:
    p = prep.problem
    n = p.n_options
    lb = np.zeros(n)
    ub = prep.base_ub.copy()
    g_rows: list[np.ndarray] = []
    h_rows: list[float] = []
    k = 0
    for it in items:
        if it.kind == "force_out":
            ub[prep.index[it.key]] = 0.0
        elif it.kind == "force_in":
            lb[prep.index[it.key]] = 1.0
        elif it.kind == "budget":
            g_rows.append(prep.spend_n)
            h_rows.append(it.limit / prep.scale)
        elif it.kind == "min_local_content":
            g_rows.append(prep.spend_n * (it.limit - p.local_content))
            h_rows.append(0.0)
        elif it.kind == "min_blocs":
            k = int(it.limit)
        else:
            g_rows.append(prep.spend_n * (_target_share(prep, it.kind, it.key) - it.limit))
            h_rows.append(0.0)
    ny = len(BLOCS) if (k > 0 or blocs_vars) else 0
    eq = np.zeros((len(prep.covered), n))
    for r, c in enumerate(prep.covered):
        eq[r, p.capability_index == c] = 1.0
    g = np.array(g_rows).reshape(len(g_rows), n)
    h = np.array(h_rows, dtype=float)
    blocks = [
        np.hstack([eq, np.zeros((eq.shape[0], ny))]),
        np.hstack([g, np.zeros((g.shape[0], ny))]),
    ]
    lo = [np.ones(eq.shape[0]), np.full(g.shape[0], -np.inf)]
    hi = [np.ones(eq.shape[0]), h]
    y_ub = np.zeros(ny)
    if ny:
        member = (prep.option_bloc[None, :] == np.arange(ny)[:, None]).astype(float)
        blocks.append(np.hstack([-member, np.eye(ny)]))  # y_b - sum_{o in b} x_o <= 0
        lo.append(np.full(ny, -np.inf))
        hi.append(np.zeros(ny))
        blocks.append(np.hstack([np.zeros((1, n)), np.ones((1, ny))]))  # sum y >= k
        lo.append(np.array([float(k)]))
        hi.append(np.array([np.inf]))
        y_ub = (member @ ub > 0).astype(float)
    return _Model(
        n=n,
        ny=ny,
        a=np.vstack(blocks),
        lo=np.concatenate(lo),
        hi=np.concatenate(hi),
        lb=np.concatenate([lb, np.zeros(ny)]),
        ub=np.concatenate([ub, y_ub]),
        g=g,
        h=h,
        min_blocs=k,
    )


@dataclass(frozen=True)
class _Limits:
    """Effort limits for HiGHS: a node count is deterministic, seconds are not."""

    nodes: int | None = None
    seconds: float | None = None


_EXACT = _Limits()
_ANALYSIS = _Limits(nodes=_ANALYSIS_NODES)


class _NoAnswerError(Exception):
    """HiGHS reached its limit with neither a portfolio nor a proof that none exists."""


@dataclass(frozen=True)
class _Sol:
    x: np.ndarray
    """Chosen options (bool)."""
    proven: bool
    """False when HiGHS stopped at a limit: ``x`` is feasible but maybe not optimal."""
    bound: float | None = None
    """HiGHS's dual bound on the objective when not proven (minimisation)."""


def _milp(
    model: _Model,
    c: np.ndarray,
    extra: tuple[np.ndarray, float, float] | None = None,
    limits: _Limits = _EXACT,
) -> _Sol | None:
    """Solve with ``mip_rel_gap=0``; None when infeasible, :class:`_NoAnswerError` when a limit
    struck first. ``c`` may cover the options only; ``extra`` adds one row
    ``lo <= row @ x <= hi``."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # ~0.5 s: only when solving

    if model.n == 0:
        return _Sol(np.zeros(0, dtype=bool), True) if model.min_blocs == 0 else None
    a, lo, hi = model.a, model.lo, model.hi
    if extra is not None:
        row, rlo, rhi = extra
        a = np.vstack([a, np.concatenate([row, np.zeros(model.ny)])])
        lo = np.append(lo, rlo)
        hi = np.append(hi, rhi)
    full_c = np.concatenate([c, np.zeros(model.ny)]) if c.size == model.n else c
    options: dict[str, Any] = {"mip_rel_gap": 0.0}
    if limits.nodes is not None:
        options["node_limit"] = limits.nodes
    if limits.seconds is not None:
        options["time_limit"] = limits.seconds
    res = milp(
        full_c,
        integrality=np.ones(model.n + model.ny),
        bounds=Bounds(model.lb, model.ub),
        constraints=LinearConstraint(a, lo, hi) if a.shape[0] else None,
        options=options,
    )
    if res.status == 0 and res.x is not None:
        return _Sol(res.x[: model.n] > 0.5, True)
    if res.status == 2:
        return None
    if res.status in (1, 4) and "limit" in str(res.message).lower():
        if res.x is None:
            raise _NoAnswerError(str(res.message))
        bound = res.get("mip_dual_bound")
        return _Sol(res.x[: model.n] > 0.5, False, None if bound is None else float(bound))
    raise RuntimeError(f"the MILP solver stopped without an answer: {res.message}")


def _solve_best(prep: _Prepared, model: _Model, limits: _Limits = _EXACT) -> _Sol | None:
    """Best portfolio on the value grid, ties to the smallest cost-rank sum, in one solve."""
    found = _milp(model, prep.objective, limits=limits)
    if found is not None:
        _check(model, found.x)
    return found


def _check(model: _Model, x: np.ndarray) -> None:
    xf = x.astype(float)
    if model.g.shape[0]:
        worst = float(np.max(model.g @ xf - model.h))
        if worst > _CHECK_TOL:
            raise RuntimeError(
                f"the MILP solver returned a portfolio that breaks a constraint by {worst:.3g}"
                " (scaled); this is a bug, please report it with the scenario"
            )


def _feasible(prep: _Prepared, items: Sequence[_Item], limits: _Limits = _ANALYSIS) -> bool | None:
    """True / False, or None when the work limit struck before an answer."""
    model = _build(prep, items)
    try:
        return _milp(model, np.zeros(model.n), limits=limits) is not None
    except _NoAnswerError:
        return None


# --------------------------------------------------------------------- summaries


def _chosen(prep: _Prepared, x: np.ndarray) -> dict[str, str]:
    p = prep.problem
    return {p.capabilities[int(p.capability_index[o])]: p.option_ids[o] for o in np.flatnonzero(x)}


@dataclass(frozen=True)
class _Summary:
    value: float
    spend: float
    spend_by_bloc: dict[str, float]
    share_by_bloc: dict[str, float]
    spend_by_country: dict[str, float]
    share_by_country: dict[str, float]
    hhi_country: float
    hhi_bloc: float


def _summary(prep: _Prepared, x: np.ndarray) -> _Summary:
    p = prep.problem
    xf = x.astype(float)
    spend = float(p.spend @ xf)
    by_bloc = (p.spend * xf) @ prep.bloc_shares
    by_country = (p.spend * xf) @ p.country_shares
    bloc_share = by_bloc / spend if spend > 0 else np.zeros_like(by_bloc)
    country_share = by_country / spend if spend > 0 else np.zeros_like(by_country)
    order = sorted(
        (j for j in range(len(p.countries)) if by_country[j] > 0),
        key=lambda j: (-by_country[j], p.countries[j]),
    )
    return _Summary(
        value=float(prep.score @ xf),
        spend=spend,
        spend_by_bloc={b: float(by_bloc[i]) for i, b in enumerate(BLOCS)},
        share_by_bloc={b: float(bloc_share[i]) for i, b in enumerate(BLOCS)},
        spend_by_country={p.countries[j]: float(by_country[j]) for j in order},
        share_by_country={p.countries[j]: float(country_share[j]) for j in order},
        hhi_country=hhi(country_share),
        hhi_bloc=hhi(bloc_share),
    )


def _actual(prep: _Prepared, it: _Item, x: np.ndarray) -> tuple[float | None, float | None, bool]:
    """(actual, slack, tight) of one constraint at portfolio ``x``."""
    p = prep.problem
    xf = x.astype(float)
    total = float(p.spend @ xf)
    if it.kind == "budget":
        slack = it.limit - total
        return total, slack, slack <= _SHARE_TOL * max(1.0, it.limit, total)
    if it.kind == "min_local_content":
        share = float(p.spend * p.local_content @ xf) / total if total > 0 else 0.0
        if total == 0:
            return share, None, False
        return share, share - it.limit, share - it.limit <= _SHARE_TOL
    if it.kind == "min_blocs":
        count = len(set(prep.option_bloc[x].tolist()))
        return float(count), count - it.limit, count <= it.limit
    if it.kind in ("bloc_cap", "country_cap"):
        share = float(p.spend * _target_share(prep, it.kind, it.key) @ xf)
        share = share / total if total > 0 else 0.0
        return share, it.limit - share, it.limit - share <= _SHARE_TOL
    return None, None, False  # forced options: what they cost shows in ``value_cost``


def _unconstrained_with_force_out(prep: _Prepared, items: Sequence[_Item]) -> np.ndarray:
    p = prep.problem
    out = {prep.index[it.key] for it in items if it.kind == "force_out"}
    x = np.zeros(p.n_options, dtype=bool)
    for c in prep.covered:
        idx = [o for o in np.flatnonzero(p.capability_index == c) if o not in out]
        best = min(idx, key=lambda o: (-prep.grid[o], prep.rank[o]))
        x[best] = True
    return x


# ------------------------------------------------------------------------ solve


def _value_cost(
    prep: _Prepared, items: Sequence[_Item], it: _Item, value: float, x_free: np.ndarray
) -> float | None:
    """Value gained if ``it`` alone were lifted (one more solve, unless a shortcut applies).

    None when that solve hit the work limit before proving its optimum.
    """
    others = [j for j in items if j is not it]
    model = _build(prep, others)
    free_ok = not model.g.shape[0] or bool(np.all(model.g @ x_free <= model.h + _ROW_TOL))
    free_ok = (
        free_ok and np.all(x_free <= model.ub[: model.n]) and np.all(x_free >= model.lb[: model.n])
    )
    if free_ok and model.min_blocs:
        free_ok = len(set(prep.option_bloc[x_free].tolist())) >= model.min_blocs
    if free_ok:
        relaxed = x_free
    else:
        try:
            found = _solve_best(prep, model, _ANALYSIS)
        except _NoAnswerError:
            return None
        if found is None or not found.proven:
            return None
        relaxed = found.x
    gain = float(prep.score @ relaxed) - value
    return gain if gain > _VALUE_GRID * max(1.0, abs(value)) else 0.0


def _value_bound(prep: _Prepared, bound: float | None) -> float | None:
    """Upper bound on the value from HiGHS's dual bound on the shortfall objective."""
    if bound is None:
        return None
    p = prep.problem
    top = float(p.importance.max()) if p.importance.size and p.importance.max() > 0 else 1.0
    ideal = sum(float(prep.grid[p.capability_index == c].max()) for c in prep.covered)
    slack = 1.0 + 0.5 * len(prep.covered)  # rank term < 1, grid rounding <= 1/2 each
    return (ideal - bound + slack) * top * _VALUE_GRID


def _empty_result(
    status: Status, prep: _Prepared, free: np.ndarray, explanation: Explanation
) -> PortfolioResult:
    return PortfolioResult(
        status=status,
        chosen=MappingProxyType({}),
        value=None,
        spend=None,
        spend_by_bloc=MappingProxyType({}),
        share_by_bloc=MappingProxyType({}),
        spend_by_country=MappingProxyType({}),
        share_by_country=MappingProxyType({}),
        hhi_country=None,
        hhi_bloc=None,
        constraints=(),
        unconstrained_chosen=MappingProxyType(_chosen(prep, free)),
        unconstrained_value=float(prep.score @ free),
        value_lost=None,
        uncovered=prep.uncovered,
        explanation=explanation,
    )


def solve(
    problem: PortfolioProblem,
    constraints: Constraints | None = None,
    *,
    value_costs: bool = False,
    time_limit: float | None = None,
) -> PortfolioResult:
    """Choose one option per capability maximising importance-weighted value.

    ``value_costs=True`` also prices every constraint (the value gained if it alone were
    lifted, one more solve each): worth it for a report, not for live updates.
    ``time_limit`` (seconds) bounds the main solve for interactive use; results then
    depend on machine speed, so leave it None where outputs must be reproducible. When
    it strikes, ``status`` is ``"feasible"`` (a portfolio meeting every constraint, not
    proven best; ``value_bound`` says how good the best could be) or ``"unknown"``.

    Capabilities with no candidate left (all screened out, or all forced out) are left
    out of the portfolio and listed in ``uncovered``. When no portfolio meets every
    constraint the result has ``status="infeasible"`` and an :class:`Explanation`.
    Raises ValueError for inputs that cannot describe a portfolio question (forced
    options that do not exist, two options forced in for one capability).
    """
    constraints = constraints or Constraints()
    prep = _prepare(problem, constraints)
    items = _items(prep, constraints)
    x_free = _unconstrained_with_force_out(prep, items)
    free_value = float(prep.score @ x_free)

    try:
        found = _solve_best(prep, _build(prep, items), _Limits(seconds=time_limit))
    except _NoAnswerError:
        why = Explanation(
            summary=(
                f"No portfolio was found within the time limit of {time_limit:g} s, and the "
                "solver could not yet prove that none exists. Allow more time, or relax a "
                "constraint."
            ),
            conflicts=(),
        )
        return _empty_result("unknown", prep, x_free, why)
    if found is None:
        return _empty_result("infeasible", prep, x_free, _explain(prep, items))

    return _assemble(prep, items, found, x_free, free_value, value_costs)


def _assemble(
    prep: _Prepared,
    items: Sequence[_Item],
    found: _Sol,
    x_free: np.ndarray,
    free_value: float,
    value_costs: bool,
) -> PortfolioResult:
    """The result of a found portfolio: shares, constraint reports, value lost."""
    x = found.x
    s = _summary(prep, x)
    reports = []
    for it in items:
        actual, slack, tight = _actual(prep, it, x)
        cost = _value_cost(prep, items, it, s.value, x_free) if value_costs else None
        reports.append(
            ConstraintReport(it.kind, it.key, it.label, it.limit, actual, slack, tight, cost)
        )
    return PortfolioResult(
        status="optimal" if found.proven else "feasible",
        chosen=MappingProxyType(_chosen(prep, x)),
        value=s.value,
        spend=s.spend,
        spend_by_bloc=MappingProxyType(s.spend_by_bloc),
        share_by_bloc=MappingProxyType(s.share_by_bloc),
        spend_by_country=MappingProxyType(s.spend_by_country),
        share_by_country=MappingProxyType(s.share_by_country),
        hhi_country=s.hhi_country,
        hhi_bloc=s.hhi_bloc,
        constraints=tuple(reports),
        unconstrained_chosen=MappingProxyType(_chosen(prep, x_free)),
        unconstrained_value=free_value,
        value_lost=max(0.0, free_value - s.value),
        uncovered=prep.uncovered,
        value_bound=None if found.proven else _value_bound(prep, found.bound),
    )


# -------------------------------------------------------------- linear-fractional


def _min_ratio(
    prep: _Prepared, items: Sequence[_Item], num: np.ndarray, limits: _Limits = _EXACT
) -> tuple[float, np.ndarray, bool] | None:
    """Least ``num @ x / spend @ x`` over portfolios meeting ``items``.

    ``num`` is per-option spend towards the measured quantity, scaled like ``spend_n``,
    with ``0 <= num <= spend_n``. A feasible zero-spend portfolio has ratio 0 (it meets
    every cap). Returns (ratio, a portfolio reaching it, exact) or None when ``items``
    are infeasible. Exact means no portfolio has a ratio below ``ratio - 1e-6``.

    Dinkelbach's (1967) parametric steps move fast (each minimises ``num - ratio *
    spend`` with a small node budget, as a full optimality proof there can take
    thousands of nodes); the end is certified by a *feasibility* question instead, "is
    any portfolio below ``ratio - 1e-6``?", which HiGHS usually settles in a few
    milliseconds. ``exact`` is False when ``limits`` stopped that certificate (the ratio
    is then reached by the portfolio but may not be the least). Raises
    :class:`_NoAnswerError` when no portfolio at all was found within the limit.
    """
    model = _build(prep, items)
    d = prep.spend_n
    if np.any(d == 0):
        try:
            found = _milp(model, np.zeros(model.n), extra=(d, -np.inf, 0.0), limits=limits)
        except _NoAnswerError:
            found = None  # inconclusive: the ratio search below still applies
        if found is not None:
            return 0.0, found.x, True
    found = _milp(model, num, limits=_Limits(nodes=_STEP_NODES, seconds=limits.seconds))
    if found is None:
        return None
    x = found.x

    def ratio(x: np.ndarray) -> float:
        spent = float(d @ x)
        return float(num @ x) / spent if spent > 0 else 0.0

    lam = ratio(x)
    for _ in range(_MAX_DINKELBACH):
        lam = ratio(x)
        if float(d @ x) <= 0:
            return 0.0, x, True
        coef = num - lam * d
        step = _Limits(nodes=_STEP_NODES, seconds=limits.seconds)
        try:
            nxt = _milp(model, coef / max(1e-12, float(np.abs(coef).max())), limits=step)
        except _NoAnswerError:
            nxt = None
        if nxt is not None and ratio(nxt.x) < lam - _RATIO_TOL:
            x = nxt.x
            continue
        if nxt is not None and nxt.proven:
            return lam, x, True
        try:
            cert = _milp(
                model, np.zeros(model.n), extra=(num - (lam - _RATIO_TOL) * d, -np.inf, 0.0),
                limits=limits,
            )  # fmt: skip
        except _NoAnswerError:
            return lam, x, False
        if cert is None or ratio(cert.x) >= lam - _RATIO_TOL / 2:
            return lam, x, True
        x = cert.x
    return lam, x, False  # pragma: no cover - converges in a handful of steps


def _lowest_share(
    prep: _Prepared,
    items: Sequence[_Item],
    kind: ConstraintKind,
    key: str,
    limits: _Limits = _EXACT,
) -> tuple[float, np.ndarray, bool] | None:
    return _min_ratio(prep, items, prep.spend_n * _target_share(prep, kind, key), limits)


# ------------------------------------------------------------------ explanations


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


def _pct_up(share: float) -> str:
    return f"{math.ceil(1000 * share - 1e-9) / 10:.1f}%"


def _pct_down(share: float) -> str:
    return f"{math.floor(1000 * share + 1e-9) / 10:.1f}%"


def _money_up(amount: float) -> str:
    return f"{math.ceil(10 * amount - 1e-9) / 10:,.1f}"


def _money(amount: float) -> str:
    return f"{amount:,.1f}"


def _join(words: Sequence[str]) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def _allowed(prep: _Prepared, items: Sequence[_Item]) -> np.ndarray:
    model = _build(prep, items)
    return model.ub[: model.n] > 0


def _cap_reason(
    prep: _Prepared, it: _Item, others: Sequence[_Item], x: np.ndarray, lowest: float
) -> str:
    """Why the cap cannot be met: where the unavoidable share comes from."""
    p = prep.problem
    target = _target_share(prep, it.kind, it.key)
    total = float(p.spend @ x)
    allowed = _allowed(prep, others)
    model = _build(prep, others)
    forced = model.lb[: model.n] > 0
    parts: list[tuple[float, str]] = []
    for o in np.flatnonzero(x):
        towards = float(p.spend[o] * target[o]) / total if total > 0 else 0.0
        if towards > 0:
            parts.append((towards, p.capabilities[int(p.capability_index[o])]))
    parts.sort(key=lambda t: (-t[0], t[1]))
    where = _join([f"{cap} ({_pct(share)} of total spend)" for share, cap in parts[:4]])
    only: list[str] = []
    for c in prep.covered:
        mask = (p.capability_index == c) & allowed
        if forced[mask].any():
            mask = mask & forced
        if mask.any() and float(target[mask].min()) > 0:
            only.append(p.capabilities[c])
    text = f"the lowest {it.key} share any portfolio meeting the other constraints can reach is "
    text += f"{_pct(lowest)}"
    if where:
        text += f", mostly through {where}"
    if only:
        text += f"; every candidate for {_join(only)} has {it.key} content"
    return text


_NOT_EXACT = (
    " (enough; a slightly smaller change may also do, but pinning down the least one "
    "exceeded the solver's work limit)"
)


def _conflict(prep: _Prepared, it: _Item, others: Sequence[_Item]) -> Conflict:
    """Why ``it`` cannot be met with ``others``, and the least change that fixes it."""
    p = prep.problem
    suggestion: float | None = None
    fix: str | None = None
    detail = ""
    exact = True
    try:
        if it.kind in ("bloc_cap", "country_cap"):
            head = f"No portfolio keeps {it.key} spend at or under {_pct(it.limit)} of the total"
            alone = "raising that cap"
            found = _lowest_share(prep, others, it.kind, it.key, _ANALYSIS)
            if found is not None:
                suggestion, x, exact = found
                detail = _cap_reason(prep, it, others, x, suggestion)
                fix = f"raise the {it.key} cap to at least {_pct_up(suggestion)}"
        elif it.kind == "budget":
            head = f"No portfolio fits the budget of {_money(it.limit)}"
            alone = "raising the budget"
            sol = _milp(_build(prep, others), prep.spend_n, limits=_ANALYSIS)
            if sol is not None:
                suggestion, exact = float(p.spend @ sol.x), sol.proven
                detail = (
                    "the cheapest portfolio that meets the other constraints costs "
                    f"{_money(suggestion)}"
                )
                fix = f"raise the budget to at least {_money_up(suggestion)}"
        elif it.kind == "min_local_content":
            head = f"No portfolio spends at least {_pct(it.limit)} with Canadian industry"
            alone = "lowering that floor"
            num = prep.spend_n * (1.0 - p.local_content)
            found = _min_ratio(prep, others, num, _ANALYSIS)
            if found is not None:
                suggestion, exact = 1.0 - found[0], found[2]
                detail = (
                    "the most any portfolio meeting the other constraints reaches is "
                    f"{_pct(suggestion)}"
                )
                fix = f"lower the Canadian content floor to at most {_pct_down(suggestion)}"
        elif it.kind == "min_blocs":
            head = f"No portfolio draws on at least {int(it.limit)} distinct supplier blocs"
            alone = "lowering min_blocs"
            model = _build(prep, others, blocs_vars=True)
            c = np.concatenate([np.zeros(model.n), -np.ones(model.ny)])
            sol = _milp(model, c, limits=_ANALYSIS)
            if sol is not None:
                most = len(set(prep.option_bloc[sol.x].tolist()))
                suggestion, exact = float(most), sol.proven
                present = sorted(set(prep.option_bloc[_allowed(prep, others)].tolist()))
                detail = (
                    f"at most {most} can be combined with the other constraints (blocs with "
                    f"a candidate: {_join([BLOCS[b] for b in present])})"
                )
                fix = f"lower min_blocs to {most}" if most else None
        else:
            listed = "force_in" if it.kind == "force_in" else "force_out"
            verb = "Forcing in" if it.kind == "force_in" else "Forcing out"
            head = f"{verb} {it.key} leaves no portfolio that meets the other constraints"
            alone = f"removing it from {listed}"
            feasible = _feasible(prep, others)
            if feasible is None:
                raise _NoAnswerError("unknown")
            if feasible:
                fix = f"remove {it.key} from {listed}"
    except _NoAnswerError:
        message = (
            f"{head}; how far it must move could not be worked out within the solver's work "
            "limit. Relax it, or another constraint, and try again."
        )
        limit = None if it.kind in ("force_in", "force_out") else it.limit
        return Conflict(it.kind, it.key, it.label, limit, None, None, message, exact=False)
    if fix is None:
        message = f"{head}, and {alone} alone is not enough."
    else:
        if not exact:
            fix += _NOT_EXACT
        text = f"{fix[0].upper()}{fix[1:]}."
        message = f"{head}: {detail}. {text}" if detail else f"{head}. {text}"
    limit = None if it.kind in ("force_in", "force_out") else it.limit
    return Conflict(it.kind, it.key, it.label, limit, suggestion, fix, message, exact=exact)


def _minimal_conflict(prep: _Prepared, items: Sequence[_Item]) -> list[_Item]:
    """Deletion filter (Chinneck & Dravnieks 1991): an irreducible infeasible subset.

    A constraint whose removal cannot be settled within the work limit is kept, so the
    set is still conflicting, though then perhaps not minimal.
    """
    current = list(items)
    for it in items:
        trial = [j for j in current if j is not it]
        if _feasible(prep, trial) is False:
            current = trial
    return current


def _caps_below_whole(prep: _Prepared, items: Sequence[_Item]) -> Explanation | None:
    """Caps on every bloc that add up to less than 100%: no MILP needed to see it."""
    caps = [it for it in items if it.kind == "bloc_cap"]
    total = sum(it.limit for it in caps)
    if len(caps) < len(BLOCS) or total >= 1.0 - _SHARE_TOL:
        return None
    p = prep.problem
    model = _build(prep, items)
    forced = model.lb[: model.n] > 0
    allowed = model.ub[: model.n] > 0
    for c in prep.covered:  # a zero-spend portfolio meets every cap: then this is no proof
        mask = (p.capability_index == c) & allowed
        mask = mask & forced if forced[mask].any() else mask
        if np.all(p.spend[mask] > 0):
            break
    else:
        return None
    short = 1.0 - total
    summary = (
        f"The caps on {_join([it.key for it in caps])} add up to {_pct(total)}, but all "
        "spend goes to one bloc or another, so together they must allow at least 100%. "
        f"Raise them by at least {100 * short:.1f} percentage points in total."
    )
    conflicts = tuple(
        Conflict(it.kind, it.key, it.label, it.limit, None, None, summary) for it in caps
    )
    return Explanation(summary=summary, conflicts=conflicts)


def _explain(prep: _Prepared, items: Sequence[_Item]) -> Explanation:
    arithmetic = _caps_below_whole(prep, items)
    if arithmetic is not None:
        return arithmetic
    conflict = _minimal_conflict(prep, items)
    conflicts = tuple(_conflict(prep, it, [j for j in items if j is not it]) for it in conflict)
    if len(conflicts) == 1:
        return Explanation(summary=conflicts[0].message, conflicts=conflicts)
    summary = (
        f"These constraints cannot all be met together: {_join([c.label for c in conflicts])}."
    )
    fixes = [c.fix for c in conflicts if c.fix is not None]
    if fixes:
        summary += " Any one of these changes makes a portfolio possible: "
        summary += "; or ".join(fixes) + "."
    else:
        summary += " More than one of them must be relaxed."
    return Explanation(summary=summary, conflicts=conflicts)


# ---------------------------------------------------------------------- frontier


class SolverLimitError(RuntimeError):
    """The time limit struck before the frontier's starting portfolio was found."""


def frontier(
    problem: PortfolioProblem,
    constraints: Constraints | None,
    bloc: str,
    steps: int = 21,
    *,
    time_limit: float | None = None,
) -> list[FrontierPoint]:
    """The price of diversification: best value as the cap on ``bloc`` tightens.

    ``bloc`` is a bloc name or a country code. Any cap already set on it is replaced;
    every other constraint stays. The cap sweeps, in ``steps`` evenly spaced points,
    from the bloc's share in the best portfolio with that bloc uncapped down to the
    lowest share any portfolio can reach (computed exactly). Returns [] when no
    portfolio meets the other constraints (:func:`solve` explains why).

    ``time_limit`` (seconds) applies to each solve; a point whose solve it cuts short
    keeps a feasible portfolio and has ``proven=False``. Raises
    :class:`SolverLimitError` if not even the starting portfolio is found in time.
    """
    constraints = constraints or Constraints()
    if steps < 1:
        raise ValueError("a frontier needs at least one step")
    kind: ConstraintKind
    if bloc in BLOCS:
        kind = "bloc_cap"
    elif len(bloc) == 2 and bloc.isalpha() and bloc.isupper():
        kind = "country_cap"
    else:
        raise ValueError(
            f"`{bloc}` is not a bloc or a country code; use one of {', '.join(BLOCS)} "
            "or a two-letter ISO code such as KR"
        )
    limits = _Limits(seconds=time_limit)
    prep = _prepare(problem, constraints)
    base = [it for it in _items(prep, constraints) if not (it.kind == kind and it.key == bloc)]
    try:
        start = _solve_best(prep, _build(prep, base), limits)
        lowest = _lowest_share(prep, base, kind, bloc, limits) if start is not None else None
    except _NoAnswerError as err:
        raise SolverLimitError(
            f"no portfolio found within the time limit of {time_limit:g} s; allow more time"
        ) from err
    if start is None:
        return []
    x0 = start.x
    target = prep.spend_n * _target_share(prep, kind, bloc)

    def share_of(x: np.ndarray) -> float:
        spent = float(prep.spend_n @ x)
        return float(target @ x) / spent if spent > 0 else 0.0

    high = share_of(x0)
    low = min(high, lowest[0]) if lowest is not None else high
    x_low = lowest[1] if lowest is not None else x0
    caps = [float(c) for c in (np.linspace(high, low, steps) if steps > 1 else [high])]

    def solve_at(i: int, fallback: np.ndarray) -> tuple[np.ndarray, bool]:
        """Optimum at cap ``i``; ``fallback`` is feasible there (used if time runs out)."""
        for cap in (caps[i], caps[i] + 1e-9):  # a hair looser if rounding bites at the end
            try:
                found = _solve_best(prep, _build(prep, [*base, _Item(kind, bloc, cap)]), limits)
            except _NoAnswerError:
                return fallback, False
            if found is not None:
                return found.x, found.proven
        return fallback, False  # pragma: no cover - the fallback meets this cap

    # Points are filled by bisection over the sweep, so that each point has solved
    # neighbours on both sides; its solve is skipped when the looser neighbour's optimum
    # already meets this cap (a tighter cap only shrinks the feasible set, so it stays
    # optimal) or when both neighbours have the same objective (the tighter one's
    # portfolio is feasible here and nothing here can beat the looser one).
    sols: list[np.ndarray | None] = [None] * len(caps)
    proven = [start.proven] * len(caps)
    sols[0] = x0
    if len(caps) > 1:
        last = len(caps) - 1
        if share_of(x0) <= caps[last]:
            sols[last] = x0
        else:
            sols[last], proven[last] = solve_at(last, x_low)
    spans = [(0, len(caps) - 1)]
    while spans:
        a, b = spans.pop()
        if b - a < 2:
            continue
        m = (a + b) // 2
        xa, xb = sols[a], sols[b]
        if xa is None or xb is None:  # pragma: no cover - ends are filled first
            raise RuntimeError("frontier bisection out of order")
        if float(target @ xa) <= caps[m] * float(prep.spend_n @ xa) + _ROW_TOL:
            sols[m], proven[m] = xa, proven[a]
        elif proven[a] and abs(float(prep.objective @ (xa.astype(float) - xb))) <= 1e-9:
            sols[m], proven[m] = xb, True
        else:
            sols[m], proven[m] = solve_at(m, xb)
        spans += [(m, b), (a, m)]

    start_value = float(prep.score @ x0)
    points: list[FrontierPoint] = []
    for cap, x, ok in zip(caps, sols, proven, strict=True):
        if x is None:  # pragma: no cover - bisection fills every point
            raise RuntimeError("frontier point left unsolved")
        s = _summary(prep, x)
        points.append(
            FrontierPoint(
                cap=cap,
                share=share_of(x),
                value=s.value,
                value_lost=max(0.0, start_value - s.value),
                spend=s.spend,
                chosen=MappingProxyType(_chosen(prep, x)),
                hhi_country=s.hhi_country,
                hhi_bloc=s.hhi_bloc,
                proven=ok,
            )
        )
    return points


# ------------------------------------------------------------------- brute force


def _choices(prep: _Prepared, model: _Model) -> list[np.ndarray]:
    """Per covered capability, the options a portfolio may take (a forced one alone)."""
    p = prep.problem
    lb, ub = model.lb[: model.n], model.ub[: model.n]
    choices = []
    for c in prep.covered:
        idx = np.flatnonzero((p.capability_index == c) & (ub > 0))
        pinned = idx[lb[idx] > 0]
        choices.append(pinned if pinned.size else idx)
    return choices


def _feasible_chunks(
    prep: _Prepared, model: _Model, choices: Sequence[np.ndarray], limit: int
) -> Iterator[np.ndarray]:
    """Feasible portfolios, as rows of option indices, chunk by chunk in enumeration order.

    Mixed-radix decoding of a running index; every row of the model (budget, caps, floor)
    and the number of blocs are checked vectorised. ValueError beyond ``limit``.
    """
    radix = [len(ch) for ch in choices]
    total = math.prod(radix)
    if total > limit:
        raise ValueError(f"{total:,} portfolios is too many to enumerate")
    g, h = model.g, model.h + _ROW_TOL
    popcount = np.array([bin(i).count("1") for i in range(1 << len(BLOCS))])
    for start in range(0, total, _CHUNK):
        idx = np.arange(start, min(total, start + _CHUNK), dtype=np.int64)
        picks = np.empty((idx.size, len(choices)), dtype=np.int64)
        rest = idx
        for j in range(len(choices) - 1, -1, -1):
            picks[:, j] = choices[j][rest % radix[j]]
            rest = rest // radix[j]
        ok = np.ones(idx.size, dtype=bool)
        if g.shape[0]:
            rows = g[:, picks].sum(axis=2)
            ok &= np.all(rows <= h[:, None], axis=0)
        if model.min_blocs:
            mask = np.bitwise_or.reduce(1 << prep.option_bloc[picks], axis=1)
            ok &= popcount[mask] >= model.min_blocs
        if ok.any():
            yield picks[ok]


def brute_force(
    problem: PortfolioProblem, constraints: Constraints | None = None
) -> PortfolioResult | None:
    """Enumerate every portfolio: the reference for tests and the benchmark baseline.

    Vectorised over chunks of portfolios (mixed-radix decoding of a running index), with
    the same rows, value grid and tie rule as :func:`solve`; the first remaining tie in
    enumeration order wins. Returns None when no portfolio is feasible. The constraint
    reports carry slacks but no ``value_cost``, and there is no explanation.
    """
    constraints = constraints or Constraints()
    prep = _prepare(problem, constraints)
    items = _items(prep, constraints)
    model = _build(prep, items)
    p = prep.problem
    best_key: tuple[float, float] | None = None
    best: np.ndarray | None = None
    for picks in _feasible_chunks(prep, model, _choices(prep, model), _BRUTE_FORCE_LIMIT):
        grid = prep.grid[picks].sum(axis=1)
        rank = prep.rank[picks].sum(axis=1)
        top = int(np.lexsort((rank, -grid))[0])
        key = (-float(grid[top]), float(rank[top]))
        if best_key is None or key < best_key:
            best_key, best = key, picks[top].copy()
    if best is None:
        return None
    x = np.zeros(p.n_options, dtype=bool)
    x[best] = True
    s = _summary(prep, x)
    x_free = _unconstrained_with_force_out(prep, items)
    free_value = float(prep.score @ x_free)
    reports = tuple(
        ConstraintReport(it.kind, it.key, it.label, it.limit, *_actual(prep, it, x)) for it in items
    )
    return PortfolioResult(
        status="optimal",
        chosen=MappingProxyType(_chosen(prep, x)),
        value=s.value,
        spend=s.spend,
        spend_by_bloc=MappingProxyType(s.spend_by_bloc),
        share_by_bloc=MappingProxyType(s.share_by_bloc),
        spend_by_country=MappingProxyType(s.spend_by_country),
        share_by_country=MappingProxyType(s.share_by_country),
        hhi_country=s.hhi_country,
        hhi_bloc=s.hhi_bloc,
        constraints=reports,
        unconstrained_chosen=MappingProxyType(_chosen(prep, x_free)),
        unconstrained_value=free_value,
        value_lost=max(0.0, free_value - s.value),
        uncovered=prep.uncovered,
    )


def solve_resilient(
    problem: PortfolioProblem,
    constraints: Constraints | None,
    hits: np.ndarray,
) -> tuple[PortfolioResult, float]:
    """The portfolio whose worst value over a set of supply shocks is largest (max-min).

    ``hits`` is (n_shocks, n_options), true where a shock takes the option away. The
    portfolio is committed before the shock: a capability whose chosen option is hit
    contributes nothing under that shock (no re-planning). Two exact solves: the largest
    worst-case value ``t*`` (``max t`` with ``t <= sum_o score_o (1 - hit_ko) x_o`` for
    every shock ``k``), then, among portfolios reaching ``t*``, the best nominal value with
    :func:`solve`'s grid and tie rule. Returns the result and its worst-case value; an
    infeasible problem gives :func:`solve`'s infeasible result and 0.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    constraints = constraints or Constraints()
    hits = np.asarray(hits, dtype=bool).reshape(-1, problem.n_options)
    prep = _prepare(problem, constraints)
    items = _items(prep, constraints)
    model = _build(prep, items)
    if model.n == 0 or hits.shape[0] == 0:
        plain = solve(problem, constraints)
        return plain, plain.value if plain.status == "optimal" else 0.0
    x_free = _unconstrained_with_force_out(prep, items)
    free_value = float(prep.score @ x_free)
    kept = prep.score[None, :] * (~hits)  # (shocks, options)
    width = model.n + model.ny
    a = np.vstack([
        np.hstack([model.a, np.zeros((model.a.shape[0], 1))]),
        np.hstack([-kept, np.zeros((kept.shape[0], model.ny)), np.ones((kept.shape[0], 1))]),
    ])  # fmt: skip
    lo = np.concatenate([model.lo, np.full(kept.shape[0], -np.inf)])
    hi = np.concatenate([model.hi, np.zeros(kept.shape[0])])
    c = np.zeros(width + 1)
    c[-1] = -1.0
    res = milp(
        c,
        integrality=np.concatenate([np.ones(width), [0.0]]),
        bounds=Bounds(np.append(model.lb, 0.0), np.append(model.ub, np.inf)),
        constraints=LinearConstraint(a, lo, hi),
        options={"mip_rel_gap": 0.0},
    )
    if res.status != 0 or res.x is None:
        return solve(problem, constraints), 0.0
    x1 = res.x[: model.n] > 0.5
    t_star = float((kept @ x1).min())
    # Second stage: every shock keeps at least t* (to a hair), then the best nominal value.
    tol = 1e-9 * max(1.0, abs(t_star))
    rows = np.hstack([kept, np.zeros((kept.shape[0], model.ny))])
    staged = replace(
        model,
        a=np.vstack([model.a, rows]),
        lo=np.concatenate([model.lo, np.full(kept.shape[0], t_star - tol)]),
        hi=np.concatenate([model.hi, np.full(kept.shape[0], np.inf)]),
    )
    found = _solve_best(prep, staged) or _Sol(x1, True)
    result = _assemble(prep, items, found, x_free, free_value, value_costs=False)
    return result, float((kept @ found.x).min())


@dataclass(frozen=True)
class FeasibleSet:
    """Every feasible portfolio of a problem under its constraints, for re-valuing fast.

    Feasibility does not depend on the options' values, so a robust or resilient analysis
    that re-values the same problem thousands of times enumerates the portfolios once
    and then picks the best of each valuation by one matrix product
    (:func:`best_portfolios`), with :func:`solve`'s value grid and tie rule (cheaper wins
    among equal values; then enumeration order, as :func:`brute_force`).
    """

    problem: PortfolioProblem
    picks: np.ndarray
    """(n_portfolios, n_covered) option indices, cheapest cost-rank sum first."""
    covered: tuple[int, ...]
    """Capability indices the portfolios cover (the others are uncovered)."""


def feasible_set(
    problem: PortfolioProblem, constraints: Constraints | None = None, *, limit: int = 200_000
) -> FeasibleSet | None:
    """The feasible portfolios, or None when more than ``limit`` portfolios exist to check.

    Empty ``picks`` when no portfolio is feasible.
    """
    constraints = constraints or Constraints()
    prep = _prepare(problem, constraints)
    model = _build(prep, _items(prep, constraints))
    choices = _choices(prep, model)
    if math.prod(len(ch) for ch in choices) > limit:
        return None
    chunks = list(_feasible_chunks(prep, model, choices, limit))
    picks = np.concatenate(chunks) if chunks else np.zeros((0, len(prep.covered)), dtype=np.int64)
    # Cheaper first among equal values: stable sort by cost-rank sum keeps enumeration order.
    order = np.argsort(prep.rank[picks].sum(axis=1), kind="stable")
    out = picks[order]
    out.setflags(write=False)
    return FeasibleSet(problem, out, prep.covered)


def best_portfolios(fs: FeasibleSet, values: np.ndarray) -> np.ndarray:
    """Index into ``fs.picks`` of the best portfolio for each row of ``values``.

    ``values`` is (n_samples, n_options), each option's 0..1 value in that sample. Values
    are put on :func:`solve`'s grid (importance x value in millionths of the largest
    importance) before summing, so a sample's choice is the one :func:`solve` would make.

    The totals are one matrix product with the portfolios' 0/1 incidence matrix (BLAS:
    about five times faster than gathering each portfolio's options on the bundled
    scenario). The grid values are whole numbers far below 2**53, so every partial sum is
    exact in floating point whatever order BLAS adds in, and ties break as before (the
    first, cheapest, portfolio). When the incidence matrix would be large (many options
    and many portfolios) the options are gathered a capability at a time instead.
    """
    p = fs.problem
    values = np.asarray(values, dtype=float)
    n_portfolios = fs.picks.shape[0]
    if n_portfolios == 0:
        raise ValueError("no portfolio is feasible")
    top = float(p.importance.max()) if p.importance.size and p.importance.max() > 0 else 1.0
    grid = np.rint(p.importance[p.capability_index] * values / (top * _VALUE_GRID))
    out = np.empty(values.shape[0], dtype=np.int64)
    step = max(1, _TOTALS_CELLS // n_portfolios)
    if p.n_options * n_portfolios <= _INCIDENCE_CELLS:
        incidence = np.zeros((n_portfolios, p.n_options))
        np.put_along_axis(incidence, fs.picks, 1.0, axis=1)
        for start in range(0, values.shape[0], step):
            totals = grid[start : start + step] @ incidence.T  # (samples, portfolios)
            out[start : start + step] = np.argmax(totals, axis=1)  # first = cheapest of a tie
        return out
    columns = np.ascontiguousarray(fs.picks.T)
    for start in range(0, values.shape[0], step):
        block = grid[start : start + step]
        totals = block[:, columns[0]]
        for col in columns[1:]:
            totals += block[:, col]
        out[start : start + step] = np.argmax(totals, axis=1)
    return out


_INCIDENCE_CELLS = 1 << 22
"""Largest 0/1 incidence matrix (options x portfolios, 32 MB) :func:`best_portfolios` builds."""

_TOTALS_CELLS = 1 << 22
"""Sample-by-portfolio totals computed at a time (32 MB)."""


__all__ = [
    "BLOCS",
    "HHI_POINTS",
    "Conflict",
    "ConstraintReport",
    "Constraints",
    "Explanation",
    "FeasibleSet",
    "FrontierPoint",
    "PortfolioOption",
    "PortfolioProblem",
    "PortfolioResult",
    "SolverLimitError",
    "UncoveredCapability",
    "best_portfolios",
    "brute_force",
    "feasible_set",
    "frontier",
    "hhi",
    "solve",
    "solve_resilient",
]
