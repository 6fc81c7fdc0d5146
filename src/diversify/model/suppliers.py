"""Capabilities and their candidate options (one suppliers file per capability)."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, field_validator, model_validator

from diversify.model.base import FiniteFloat, Identifier, StrictModel, UnitInterval, Units
from diversify.model.countries import BLOCS, is_country
from diversify.model.criteria import Criterion, Weights
from diversify.model.deals import CostBasisOverride, Deal, Support
from diversify.model.figures import DateText, Measured, Money, Provenance, Quantity


def _country(code: str) -> str:
    if not is_country(code):
        raise ValueError(
            f"`{code}` is not an ISO 3166-1 alpha-2 country code (e.g. US, KR, DE, CA, GB)"
        )
    return code


def _country_case(value: object) -> object:
    """Explain a lower-case or mistyped code before the bare pattern check would.

    Without this, ``de`` fails with "must match the pattern ^[A-Z]{2}$", which does not
    say what to write instead.
    """
    if isinstance(value, str) and not re.fullmatch(r"[A-Z]{2}", value):
        if is_country(value.strip().upper()):
            raise ValueError(
                f"write country codes in capitals: `{value.strip().upper()}`, not `{value}`"
            )
        raise ValueError(
            f"`{value}` is not an ISO 3166-1 alpha-2 country code: use two capital letters, "
            "e.g. US, KR, DE, CA, GB"
        )
    return value


CountryCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{2}$"),
    AfterValidator(_country),
    BeforeValidator(_country_case),  # last, so it runs first (before the pattern)
]


def _bloc(name: str) -> str:
    if name not in BLOCS:
        raise ValueError(f"`{name}` is not a bloc; use one of {', '.join(BLOCS)}")
    return name


BlocName = Annotated[str, AfterValidator(_bloc)]


class Capability(StrictModel):
    """Something to acquire, with how many and, optionally, the money set aside."""

    id: Identifier
    name: str = Field(min_length=1)
    quantity: Units | Quantity = Field(
        description="Units to acquire: a number, or a mapping with provenance."
    )
    budget: Money | None = Field(None, description="Budget envelope for this capability.")
    support: Support | None = Field(
        None, description="In-service support for every option that gives none of its own."
    )
    cost_basis: CostBasisOverride | None = Field(
        None,
        description=(
            "This capability's changes to the scenario's cost_basis rule (select, scope, "
            "adjustments), with a `basis` saying why; the base year stays the scenario's."
        ),
    )
    need_by: DateText | None = Field(
        None,
        description=(
            "When the first unit is needed (2032, 2032-06 or a date). With the portfolio's "
            "`contract_date`, an option whose first delivery comes later is left out of the "
            "portfolio."
        ),
    )
    deliveries_per_year: Annotated[float, Field(gt=0, le=1e6)] | None = Field(
        None,
        description=(
            "Units delivered per year once deliveries start, for every option that gives "
            "none of its own (the portfolio's delivery profile)."
        ),
    )
    description: str | None = None

    @property
    def units(self) -> float:
        return self.quantity.value if isinstance(self.quantity, Quantity) else float(self.quantity)


class Decision(Provenance):
    """A stated decision that removed an option before any scoring, with its source.

    Some candidates are out for a reason no criterion measures: a government's down-select
    (the Canadian submarine bids eliminated in Aug 2025), a withdrawn bid, or no contract
    that gives a unit count to price them. Listing them with the reason, rather than
    deleting them, keeps the record of what was considered and why; the engine screens
    them out first and reports ``reason`` as the reason.
    """

    reason: str = Field(
        min_length=1,
        description="Why the option is out, in plain words (e.g. eliminated at a down-select).",
    )


class Option(StrictModel):
    """One candidate offer: system + prime supplier + country, judged on every criterion."""

    id: Identifier
    system: str = Field(min_length=1, description="The equipment offered, e.g. K2 Black Panther.")
    supplier: str = Field(min_length=1, description="The prime contractor.")
    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code of the prime supplier.")
    bloc: BlocName | None = Field(None, description="Override the bloc derived from `country`.")
    content: dict[CountryCode, UnitInterval] | None = Field(
        None, description="Content shares by country (sum to 1), used for spend shares."
    )
    local_content: UnitInterval | Measured | None = Field(
        None, description="Share of the contract value with Canadian industry, 0..1."
    )
    unit_cost: Money | None = Field(
        None,
        description=(
            "Unit cost typed by hand (the older form). Prefer `deals:`, from which the "
            "scenario's cost_basis rule derives the unit cost."
        ),
    )
    deals: list[Deal] = Field(
        default_factory=list,
        description="Reference contracts and offers the unit cost is derived from.",
    )
    support: Support | None = Field(
        None, description="In-service support per unit (overrides the capability's)."
    )
    values: dict[Identifier, FiniteFloat | str | Measured] = Field(
        default_factory=dict, description="One entry per criterion (bare or with provenance)."
    )
    deliveries_per_year: Annotated[float, Field(gt=0, le=1e6)] | None = Field(
        None,
        description="Units delivered per year once deliveries start (overrides the capability's).",
    )
    screened_out: Decision | None = Field(
        None,
        description=(
            "A stated decision that removes the option before scoring (e.g. eliminated at a "
            "down-select): the screening reports its reason and source."
        ),
    )
    notes: str | None = None

    @model_validator(mode="after")
    def _cost_once(self) -> Option:
        if self.deals and self.unit_cost is not None:
            raise ValueError(
                "give `deals:` or `unit_cost:`, not both: with deals the unit cost is derived "
                "from them by the scenario's cost_basis rule, so remove `unit_cost`"
            )
        ids = [d.id for d in self.deals]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"deal id `{twice[0]}` is used twice: give each deal its own id")
        return self

    @field_validator("content")
    @classmethod
    def _shares_sum_to_one(cls, content: dict[str, float] | None) -> dict[str, float] | None:
        if content is not None:
            total = sum(content.values())
            if abs(total - 1.0) > 1e-6:
                raise ValueError(
                    f"content shares must add up to 1 (they add up to {total:.4g}); "
                    "adjust them so that they do"
                )
        return content


class SuppliersFile(StrictModel):
    """A capability, its own extra criteria and weights, and its candidate options."""

    capability: Capability
    criteria: list[Criterion] = Field(
        default_factory=list, description="Criteria only this capability has."
    )
    weights: Weights = Field(
        default_factory=dict, description="Points for this capability's own criteria."
    )
    options: list[Option] = Field(min_length=1, description="The candidate offers.")
