"""Reference deals and the scenario's cost-basis rule: unit costs comparable by construction.

An option's unit cost is not typed by hand: it is derived from the contracts (and offers)
it is priced from, listed under ``deals:``, by one rule the scenario declares
(``cost_basis:``), so that every option is priced the same way:

* **which deal** sets the figure (``select``: the latest export deal, an offer first, the
  median, the lowest or the highest), the others giving the range;
* **on which scope**: each deal says what its package covers (a fixed vocabulary,
  :data:`SCOPE_WORDS`); an element the rule's scope asks for and the deal lacks is added,
  an element the deal has in excess is taken out, each with a declared factor and range
  (``adjustments:``);
* **in which year's money**: every amount is escalated to ``base_year`` in its own
  currency (``escalation:``, a yearly rate with a range, or a price index), then converted
  at the scenario's rates.

The arithmetic lives in :mod:`diversify.model.costing`; the cross-file checks (a deal id
that does not exist, a price year with no escalation, a scope element with no adjustment)
in :mod:`diversify.model.resolve`.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field, model_validator

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

SelectRule = Literal["latest_export", "latest", "offer_first", "median", "lowest", "highest"]


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

    select: SelectRule = Field(
        "latest_export",
        description=(
            "Which deal sets the unit cost: latest_export (the latest contract that is not "
            "domestic, else the latest contract), latest, offer_first (the latest offer, else "
            "latest_export), median, lowest or highest. The other deals give the range."
        ),
    )
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


__all__ = [
    "SCOPE_WORDS",
    "Adjustment",
    "CostBasis",
    "CurrencyCode",
    "Deal",
    "Escalation",
    "Lifecycle",
    "ScopeWord",
    "SelectRule",
    "Support",
]
