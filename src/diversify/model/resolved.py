"""The resolved scenario: every file read, cross-checked, converted and ready to score.

Validation of single files happens in the pydantic models; what needs several files at
once (criteria known, levels known, rates present, weights meaningful) happens in
:mod:`diversify.model.resolve`, which produces these plain frozen dataclasses. The engine
only ever sees these: raw figures already converted to the reporting currency, labels
already mapped to their level values, ranges filled in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from diversify.model.criteria import Criterion


@dataclass(frozen=True)
class Figure:
    """One raw figure, numeric, with its range and provenance."""

    value: float
    low: float
    high: float
    label: str | None = None
    low_label: str | None = None
    high_label: str | None = None
    source: str | None = None
    as_of: str | None = None
    confidence: str | None = None
    estimate: bool = False
    derived: bool = False
    basis: str | None = None
    note: str | None = None
    original: str | None = None
    """The figure as written, when it was converted (e.g. ``18.7 USD m (2022)``)."""

    @property
    def has_range(self) -> bool:
        return self.low != self.value or self.high != self.value

    def provenance(self) -> dict[str, Any]:
        """Provenance fields that are set, for reports."""
        keys = ("source", "as_of", "confidence", "estimate", "derived", "basis", "note", "original")
        out: dict[str, Any] = {}
        for k in keys:
            v = getattr(self, k)
            if v not in (None, False):
                out[k] = v
        return out


@dataclass(frozen=True)
class OptionData:
    """A candidate offer with every criterion's figure resolved (None = missing)."""

    id: str
    system: str
    supplier: str
    country: str
    bloc: str
    content: Mapping[str, float]
    local_content: float | None
    unit_cost: Figure | None
    figures: Mapping[str, Figure | None]
    notes: str | None = None
    cost_basis: Mapping[str, Any] | None = None
    """How the unit cost was derived (the JSON contract's ``cost_basis``), when a
    ``cost_basis:`` rule applies."""
    index: int = 0
    """Position of the option in its suppliers file (for locating problems)."""
    deliveries_per_year: float | None = None
    """Units delivered per year once deliveries start (the option's, else the capability's)."""
    screened_out: str | None = None
    """A stated decision that removes the option before scoring: its reason, with the
    source (the supplier file's ``screened_out:``); None for an option the rules judge."""

    @property
    def unknown(self) -> tuple[str, ...]:
        """Criteria whose figure no source gives (written ``unknown``)."""
        return tuple(c for c, f in self.figures.items() if f is not None and f.label == "unknown")


@dataclass(frozen=True)
class CapabilityData:
    """A capability with its criteria (shared + own) and options."""

    id: str
    name: str
    quantity: float
    budget: float | None
    criteria: tuple[Criterion, ...]
    extra_weights: Mapping[str, float]
    options: tuple[OptionData, ...]
    file: str
    description: str | None = None
    need_by: str | None = None
    """When the first unit is needed (year, year-month or date, as written)."""
    budget_stated: Any = None
    """The supplier file's ``capability.budget`` as written (``model.figures.Money``: the
    amount, its currency, price year, range and source), for the evidence appendix:
    ``budget`` is this amount converted at the scenario's rate and escalated to its base
    year. None without a budget."""
    quantity_stated: Any = None
    """The supplier file's ``capability.quantity`` when written with its source
    (``model.figures.Quantity``); None for a bare number."""

    @property
    def criterion_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.criteria)


@dataclass(frozen=True)
class ScenarioData:
    """Everything a run needs, resolved and immutable."""

    name: str
    description: str | None
    currency: str
    rates: Mapping[str, float]
    rates_source: str | None
    rates_as_of: str | None
    criteria: tuple[Criterion, ...]
    profiles: Mapping[str, Mapping[str, float]]
    weights: Mapping[str, float]
    """Points for the shared criteria, from the profile, direct weights or elicitation."""
    weights_origin: str
    """How the weights were set: ``profile balanced``, ``weights``, ``elicitation roc``."""
    elicitation: Any
    method: str
    method_params: Any
    """The method's validated parameters (a model from :mod:`diversify.model.methods`)."""
    missing: str
    screening: Mapping[str, Any]
    robustness: Any
    portfolio: Any
    report: Any
    capabilities: tuple[CapabilityData, ...]
    inputs: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Input file (as displayed) -> SHA-256 hex digest."""
    scenario_file: str | None = None
    criteria_file: str | None = None
    profile: str | None = None
    notices: tuple[Any, ...] = ()
    """Cross-file warnings (``resolve.Issue``): the data scores, but a reader should know."""
    warnings: tuple[str, ...] = ()
    """The notices located in their files (``file:line:col field: message``), by the loader."""
    dated_notices: tuple[Any, ...] = ()
    """Warnings that depend on the day of the run (a deal dated after it): shown by the
    commands, never written into a result, so that outputs do not change with the day."""
    dated_warnings: tuple[str, ...] = ()
    """``dated_notices`` located in their files, by the loader."""
    cost_basis: Any = None
    """The scenario's cost-basis rule (``model.deals.CostBasis``), if any."""
    ahp: Any = None
    """The scenario's ``ahp:`` settings (``model.elicitation.AhpSettings``), if any."""

    @property
    def random_index(self) -> str:
        """The random-index table every AHP consistency ratio uses (Saaty's by default)."""
        return str(getattr(self.ahp, "random_index", "saaty"))

    def capability(self, cap_id: str) -> CapabilityData:
        for cap in self.capabilities:
            if cap.id == cap_id:
                return cap
        raise KeyError(cap_id)
