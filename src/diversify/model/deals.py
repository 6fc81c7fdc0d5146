"""Reference deals and the scenario's cost-basis rule: unit costs comparable by construction.

An option's unit cost is not typed by hand: it is derived from the contracts (and offers)
it is priced from, listed under ``deals:``, by one rule the scenario declares
(``cost_basis:``), so that every option is priced the same way:

* **which deal** sets the figure (``select``: the latest export deal, the latest domestic
  deal, an offer first, the median, the lowest or the highest), the others giving the
  range;
* **on which scope**: each deal says what its package covers (a fixed vocabulary,
  :data:`SCOPE_WORDS`); an element the rule's scope asks for and the deal lacks is added,
  an element the deal has in excess is taken out, each with a declared factor and range
  (``adjustments:``);
* **in which year's money**: every amount is escalated to ``base_year`` in its own
  currency (``escalation:``, a yearly rate with a range, or a price index), then converted
  at the scenario's rates.

A capability may change the rule for its own options (``cost_basis:`` in its supplier
file's ``capability`` block, :class:`CostBasisOverride`): another ``select``, ``scope`` or
adjustment factors, with a ``basis`` saying why. Two bids whose only public prices are
their builders' own navies' orders (no export of one of them) are compared like for like
with ``select: latest_domestic``, which the scenario-wide ``latest_export`` cannot do. The
base year stays the scenario's: every capability's costs are summed in one programme.

The arithmetic lives in :mod:`diversify.model.costing`; the cross-file checks (a deal id
that does not exist, a price year with no escalation, a scope element with no adjustment)
in :mod:`diversify.model.resolve`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from diversify.model.base import (
    Amount,
    FiniteFloat,
    Identifier,
    StrictBool,
    StrictInt,
    StrictModel,
    Units,
)
from diversify.model.figures import AsOf, CurrencyCode, Provenance, _check_range

ScopeWord = Literal[
    "platform",
    "training",
    "logistics",
    "spares",
    "munitions",
    "support_vehicles",
    "design_nre",
    "infrastructure",
    "in_service_support",
]
"""What a package may cover. ``platform`` is the equipment itself; ``design_nre`` one-off
design and engineering; ``in_service_support`` support beyond the warranty (with
``support_years``)."""

SCOPE_WORDS: tuple[str, ...] = ScopeWord.__args__  # type: ignore[attr-defined]

SelectRule = Literal[
    "latest_export", "latest_domestic", "latest", "offer_first", "median", "lowest", "highest"
]
SELECT_HELP = (
    "Which deal sets the unit cost: latest_export (the latest contract that is not "
    "domestic, else the latest contract), latest_domestic (the latest order by the "
    "supplier's own government, else latest_export's choice), latest, offer_first (the "
    "latest offer, else latest_export), median, lowest or highest. The other deals give the "
    "range; where the rule finds no deal of the kind it names, the JSON's `fallback` says "
    "which kind set the cost instead."
)


class Deal(Provenance):
    """A reference contract (or a declared offer to the buyer) an option is priced from."""

    id: Identifier = Field(description="Short id, unique within the option, e.g. pl-2022.")
    kind: Literal["contract", "offer"] = Field(
        "contract", description="contract: a signed deal; offer: a declared offer to the buyer."
    )
    customer: str = Field(min_length=1, description="Who bought (or is offered): PL, Norway…")
    domestic: StrictBool = Field(
        False, description="An order by the supplier's own government (not an export)."
    )
    date: AsOf | None = Field(
        None, description="When it was signed (or offered): 2022, 2022-08 or 2022-08-26."
    )
    amount: Amount = Field(description="Total value, millions of `currency`.")
    currency: CurrencyCode = Field(description="ISO 4217 code of the amount, e.g. USD.")
    price_year: StrictInt = Field(ge=1950, le=2100, description="Price year of the amount.")
    units: Units = Field(description="Units the amount buys (above 0).")
    scope: list[ScopeWord] = Field(
        min_length=1, description="What the package covers, e.g. [platform, training]."
    )
    support_years: FiniteFloat | None = Field(
        None, ge=0, le=100, description="Years of in-service support included, if any."
    )
    _date_fields: ClassVar[tuple[str, ...]] = ("as_of", "date")

    @model_validator(mode="after")
    def _checks(self) -> Deal:
        if self.kind == "offer" and self.date is None:
            raise ValueError(
                "an offer needs a `date` (when it was made): offers are compared by date"
            )
        if len(set(self.scope)) != len(self.scope):
            raise ValueError("`scope` lists an element twice: list each once")
        return self


class Adjustment(Provenance):
    """What one scope element adds to a deal's price, as a share of the price without it."""

    factor: FiniteFloat = Field(ge=0, le=10, description="e.g. 0.08 = +8% when added.")
    low: FiniteFloat | None = Field(None, ge=0, le=10, description="Low end of the factor.")
    high: FiniteFloat | None = Field(None, ge=0, le=10, description="High end of the factor.")

    @model_validator(mode="after")
    def _range(self) -> Adjustment:
        _check_range(self.factor, self.low, self.high, self.estimate)
        return self


class Escalation(Provenance):
    """How prices in one currency move to the base year: a yearly rate, or a price index."""

    rate: FiniteFloat | None = Field(
        None, ge=-0.5, le=1, description="Yearly escalation, e.g. 0.03 = 3% a year."
    )
    low: FiniteFloat | None = Field(None, ge=-0.5, le=1, description="Low end of the rate.")
    high: FiniteFloat | None = Field(None, ge=-0.5, le=1, description="High end of the rate.")
    index: dict[str, FiniteFloat] | None = Field(
        None, description="Price index by year, e.g. {2022: 100, 2026: 112.6}."
    )

    @model_validator(mode="after")
    def _one_form(self) -> Escalation:
        if (self.rate is None) == (self.index is None):
            raise ValueError("give either `rate` (a yearly escalation) or `index` (by year)")
        if self.rate is not None:
            _check_range(self.rate, self.low, self.high, self.estimate)
        if self.index is not None:
            for year, level in self.index.items():
                if not (year.isdigit() and 1950 <= int(year) <= 2100):
                    raise ValueError(f"index year `{year}` must be a year from 1950 to 2100")
                if level <= 0:
                    raise ValueError(f"index level for {year} must be above 0 (got {level:g})")
        return self


class Support(Provenance):
    """In-service support of one unit over the scenario's horizon, to add to its unit cost.

    Give ``ratio`` (support over the whole horizon as a multiple of the unit cost: 2.33
    when support is 70% of a programme's value) or ``annual`` (millions per unit per year,
    with currency and price year; escalated and converted like a deal).
    """

    ratio: FiniteFloat | None = Field(
        None, ge=0, le=20, description="Support over the horizon / unit acquisition cost."
    )
    annual: Amount | None = Field(None, description="Support per unit per year, millions.")
    currency: CurrencyCode | None = Field(None, description="Currency of `annual`.")
    price_year: StrictInt | None = Field(None, ge=1950, le=2100, description="Of `annual`.")
    low: FiniteFloat | None = Field(None, ge=0, description="Low end of ratio or annual.")
    high: FiniteFloat | None = Field(None, ge=0, description="High end of ratio or annual.")

    @model_validator(mode="after")
    def _one_form(self) -> Support:
        if (self.ratio is None) == (self.annual is None):
            raise ValueError(
                "give either `ratio` (of the unit cost) or `annual` (per unit, per year)"
            )
        if self.annual is not None and (self.currency is None or self.price_year is None):
            raise ValueError("an `annual` support cost needs `currency` and `price_year`")
        value = self.ratio if self.ratio is not None else self.annual
        assert value is not None
        _check_range(value, self.low, self.high, self.estimate)
        return self


class Lifecycle(StrictModel):
    """The horizon over which through-life cost adds in-service support to acquisition."""

    horizon_years: StrictInt = Field(ge=1, le=60, description="Years in service counted.")


class CostBasis(StrictModel):
    """The one rule by which every option's unit cost is derived from its deals."""

    select: SelectRule = Field("latest_export", description=SELECT_HELP)
    scope: list[ScopeWord] = Field(
        default_factory=lambda: ["platform", "training", "logistics", "spares"],
        min_length=1,
        description="The package every unit cost is brought to.",
    )
    base_year: StrictInt = Field(ge=1950, le=2100, description="Year whose money costs are in.")
    adjustments: dict[ScopeWord, Adjustment] = Field(
        default_factory=dict,
        description="Per scope element: its share of a price without it (added or removed).",
    )

    @model_validator(mode="after")
    def _unique_scope(self) -> CostBasis:
        if len(set(self.scope)) != len(self.scope):
            raise ValueError("`scope` lists an element twice: list each once")
        return self

    def merged(self, override: CostBasisOverride | None) -> CostBasis:
        """This rule with a capability's changes: ``select`` and ``scope`` replaced when
        given, ``adjustments`` replaced element by element (the others kept)."""
        if override is None:
            return self
        update: dict[str, object] = {}
        if override.select is not None:
            update["select"] = override.select
        if override.scope is not None:
            update["scope"] = list(override.scope)
        if override.adjustments:
            update["adjustments"] = {**self.adjustments, **override.adjustments}
        return self.model_copy(update=update)


class CostBasisOverride(Provenance):
    """A capability's own changes to the scenario's cost-basis rule, with the reason.

    Only what is given changes; everything else (and always ``base_year``) is the
    scenario's. ``basis`` is required: a departure from the one rule must say why, in
    the file, where a reviewer reads the figures it produces.
    """

    basis: str | None = Field(
        None, description="Why this capability departs from the scenario's rule (required)."
    )
    select: SelectRule | None = Field(None, description=SELECT_HELP)
    scope: list[ScopeWord] | None = Field(
        None, min_length=1, description="The package this capability's unit costs are brought to."
    )
    adjustments: dict[ScopeWord, Adjustment] = Field(
        default_factory=dict,
        description="Per scope element, a factor replacing the scenario's for this capability.",
    )
    base_year: SkipJsonSchema[object] = Field(None, exclude=True)
    """Refused with a reason (see the validator): it is the scenario's alone."""

    @field_validator("base_year", mode="before")
    @classmethod
    def _no_base_year(cls, value: object) -> None:
        if value is not None:
            raise ValueError(
                "the base year is set once, in the scenario's `cost_basis` (every "
                "capability's costs are summed in one programme, so they must be in one "
                "year's money): remove `base_year` here"
            )
        return None

    @model_validator(mode="after")
    def _changes_something(self) -> CostBasisOverride:
        if self.select is None and self.scope is None and not self.adjustments:
            raise ValueError(
                "a capability's `cost_basis` must change the scenario's rule: give `select`, "
                "`scope` or `adjustments` (or remove it to use the scenario's rule)"
            )
        if self.scope is not None and len(set(self.scope)) != len(self.scope):
            raise ValueError("`scope` lists an element twice: list each once")
        if not self.basis:
            raise ValueError(
                "a capability's `cost_basis` needs a `basis` saying why it departs from the "
                "scenario's rule, e.g. basis: \"no export of one bid: both priced on their "
                "builders' domestic orders\""
            )
        return self


__all__ = [
    "SCOPE_WORDS",
    "SELECT_HELP",
    "Adjustment",
    "CostBasis",
    "CostBasisOverride",
    "CurrencyCode",
    "Deal",
    "Escalation",
    "Lifecycle",
    "ScopeWord",
    "SelectRule",
    "Support",
]
