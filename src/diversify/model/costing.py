"""The arithmetic of the cost-basis rule: deal -> comparable base-year unit cost.

Written by hand because it is the project's own rule, not a published method: each step
is a multiplication a reviewer can check on paper, and each keeps a low/high band so the
robustness analysis samples the uncertainty it introduces.

For one deal, with target scope ``T`` and the deal's scope ``S``::

    unit      = amount / units                          (deal currency, price year)
    scope     = prod(1 + f_e for e in T - S) / prod(1 + f_e for e in S - T)
    escalate  = (1 + r) ** (base_year - price_year)     (or index[base] / index[price])
    cost      = unit * scope * escalate * rate           (reporting currency, base year)

``low`` and ``high`` take each factor's own low and high ends (an element removed takes
the *high* factor for the low end: removing more leaves less). Selection is independent
of the order deals are listed in: every rule sorts on the deals' own fields, ties broken
by id. A rule that names a kind of deal (an export contract, a domestic contract, an
offer) and finds none falls back to the next kind, and says which kind set the cost
(``fallback``): a reader must see when two options were not priced alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from diversify.model.deals import Adjustment, Deal, Escalation

__all__ = [
    "WANTS",
    "Band",
    "DealCost",
    "OptionCost",
    "choose_deal",
    "deal_cost",
    "deal_kind",
    "escalation_band",
    "scope_band",
    "select_deal",
]


@dataclass(frozen=True)
class Band:
    """A factor (or amount) with its low and high ends."""

    value: float
    low: float
    high: float

    def __mul__(self, other: Band) -> Band:
        return Band(self.value * other.value, self.low * other.low, self.high * other.high)

    def scaled(self, factor: float) -> Band:
        return Band(self.value * factor, self.low * factor, self.high * factor)


ONE = Band(1.0, 1.0, 1.0)


@dataclass(frozen=True)
class AppliedAdjustment:
    element: str
    change: str
    """``added`` (the deal lacks it) or ``removed`` (the deal has it in excess)."""
    factor: Band

    def to_dict(self) -> dict[str, Any]:
        return {
            "element": self.element,
            "change": self.change,
            "factor": self.factor.value,
            "low": self.factor.low,
            "high": self.factor.high,
        }


@dataclass(frozen=True)
class DealCost:
    """One deal brought to the target scope, the base year and the reporting currency."""

    deal: Deal
    unit: float
    """amount / units, in the deal's currency and price year."""
    scope: Band
    escalation: Band
    rate: float
    cost: Band
    adjustments: tuple[AppliedAdjustment, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d = self.deal
        return {
            "deal": d.id,
            "kind": d.kind,
            "customer": d.customer,
            "date": d.date,
            "domestic": d.domestic,
            "amount": d.amount,
            "currency": d.currency,
            "price_year": d.price_year,
            "units": d.units,
            "unit_price": self.unit,
            "scope": list(d.scope),
            "scope_factor": self.scope.value,
            "escalation_factor": self.escalation.value,
            "unit_cost": self.cost.value,
            "low": self.cost.low,
            "high": self.cost.high,
        }


@dataclass(frozen=True)
class OptionCost:
    """The option's unit cost under the rule: the chosen deal, and every deal for the range."""

    chosen: DealCost
    deals: tuple[DealCost, ...]
    select: str
    base_year: int
    target_scope: tuple[str, ...]
    value: float
    low: float
    high: float
    extra: Mapping[str, Any] = field(default_factory=dict)
    fallback: str | None = None
    """The kind of deal that set the cost when ``select`` found none of the kind it names
    (``export``, ``domestic`` or ``offer``); None when it found one."""
    rule: str = "scenario"
    """Whose rule priced the option: ``scenario``, or ``capability`` (its own override)."""

    def to_dict(self) -> dict[str, Any]:
        """The ``cost_basis`` entry of the JSON contract (see docs/json-contract.md)."""
        c = self.chosen
        return {
            "deal": c.deal.id,
            "select": self.select,
            "fallback": self.fallback,
            "rule": self.rule,
            "price_year": c.deal.price_year,
            "base_year": self.base_year,
            "scope": list(c.deal.scope),
            "target_scope": list(self.target_scope),
            "adjustments": [a.to_dict() for a in c.adjustments],
            "escalation_factor": c.escalation.value,
            "deal_unit_price": c.unit,
            "deal_currency": c.deal.currency,
            "deals": [d.to_dict() for d in self.deals],
        }


def escalation_band(esc: Escalation | None, price_year: int, base_year: int) -> Band | None:
    """The factor that moves a price from ``price_year`` to ``base_year`` (None: unknown)."""
    if price_year == base_year:
        return ONE
    if esc is None:
        return None
    if esc.index is not None:
        start, end = esc.index.get(str(price_year)), esc.index.get(str(base_year))
        if start is None or end is None:
            return None
        factor = end / start
        return Band(factor, factor, factor)
    assert esc.rate is not None
    years = base_year - price_year
    rates = (esc.rate, esc.low if esc.low is not None else esc.rate)
    high_rate = esc.high if esc.high is not None else esc.rate
    value, low, high = ((1 + r) ** years for r in (rates[0], rates[1], high_rate))
    return Band(value, min(low, high), max(low, high))


def scope_band(
    deal_scope: Sequence[str], target: Sequence[str], adjustments: Mapping[str, Adjustment]
) -> tuple[Band, tuple[AppliedAdjustment, ...], tuple[str, ...]]:
    """The factor that brings a deal's package to the target scope.

    Returns the factor, the adjustments applied, and the elements that needed one but
    have none declared (the caller reports those).
    """
    band = ONE
    applied: list[AppliedAdjustment] = []
    unadjusted: list[str] = []
    added = [e for e in target if e not in deal_scope]
    removed = [e for e in deal_scope if e not in target]
    for element, change in [(e, "added") for e in added] + [(e, "removed") for e in removed]:
        adj = adjustments.get(element)
        if adj is None:
            unadjusted.append(element)
            continue
        low = adj.low if adj.low is not None else adj.factor
        high = adj.high if adj.high is not None else adj.factor
        if change == "added":
            factor = Band(1 + adj.factor, 1 + low, 1 + high)
        else:  # removing the most possible leaves the least
            factor = Band(1 / (1 + adj.factor), 1 / (1 + high), 1 / (1 + low))
        band = band * factor
        applied.append(AppliedAdjustment(element, change, Band(adj.factor, low, high)))
    return band, tuple(applied), tuple(unadjusted)


def deal_cost(
    deal: Deal,
    target: Sequence[str],
    adjustments: Mapping[str, Adjustment],
    escalation: Band,
    rate: float,
) -> DealCost:
    """One deal's unit cost on the target scope, in base-year money, reporting currency."""
    unit = deal.amount / deal.units
    scope, applied, _ = scope_band(deal.scope, target, adjustments)
    cost = (scope * escalation).scaled(unit * rate)
    return DealCost(deal, unit, scope, escalation, rate, cost, applied)


def _date_key(cost: DealCost) -> tuple[str, str]:
    return (cost.deal.date or "", cost.deal.id)


WANTS: Mapping[str, str] = {
    "latest_export": "export",
    "latest_domestic": "domestic",
    "offer_first": "offer",
}
"""The kind of deal each rule that names one looks for (the others take any deal)."""


def deal_kind(cost: DealCost) -> str:
    """``offer``, ``domestic`` (an order by the supplier's own government) or ``export``."""
    if cost.deal.kind == "offer":
        return "offer"
    return "domestic" if cost.deal.domestic else "export"


def choose_deal(costs: Sequence[DealCost], rule: str) -> tuple[DealCost, str | None]:
    """The deal that sets the unit cost under ``rule``, and the fallback kind, if any.

    ``latest_export`` takes the latest export contract, else the latest contract, else the
    latest deal; ``latest_domestic`` the latest domestic contract, else what
    ``latest_export`` would take; ``offer_first`` the latest offer, else the same. The
    second value is None when the rule found a deal of the kind it names, else the kind
    of the deal it took instead. The order of ``costs`` never matters.
    """
    if not costs:
        raise ValueError("no deals to select from")
    if rule in ("lowest", "highest", "median"):
        ranked = sorted(costs, key=lambda c: (c.cost.value, c.deal.id))
        if rule == "lowest":
            return ranked[0], None
        if rule == "highest":
            return ranked[-1], None
        return ranked[(len(ranked) - 1) // 2], None  # the lower middle: always a real deal
    if rule == "latest":
        return max(costs, key=_date_key), None
    wanted = WANTS.get(rule, "export")
    of_kind = [c for c in costs if deal_kind(c) == wanted]
    if of_kind:
        return max(of_kind, key=_date_key), None
    contracts = [c for c in costs if c.deal.kind == "contract"]
    exports = [c for c in contracts if not c.deal.domestic]
    chosen = max(exports or contracts or costs, key=_date_key)
    return chosen, deal_kind(chosen)


def select_deal(costs: Sequence[DealCost], rule: str) -> DealCost:
    """The deal that sets the unit cost under ``rule`` (see :func:`choose_deal`)."""
    return choose_deal(costs, rule)[0]


def option_cost(
    costs: Sequence[DealCost],
    rule: str,
    base_year: int,
    target: Sequence[str],
    *,
    origin: str = "scenario",
) -> OptionCost:
    """The option's unit cost: the chosen deal's figure, with every deal's band as range.

    ``origin`` says whose rule it is (``scenario`` or ``capability``), for the record.
    """
    chosen, fallback = choose_deal(costs, rule)
    ordered = tuple(sorted(costs, key=_date_key))
    low = min(c.cost.low for c in costs)
    high = max(c.cost.high for c in costs)
    value = chosen.cost.value
    low, high = min(low, value), max(high, value)
    assert all(math.isfinite(x) for x in (value, low, high))
    return OptionCost(
        chosen, ordered, rule, base_year, tuple(target), value, low, high,
        fallback=fallback, rule=origin,
    )  # fmt: skip
