"""The scenario's ``portfolio:`` section: budget, spend-share caps, floors and forced options.

The portfolio question is programme-wide ("if no more than half of our capital spending
may go to one bloc, which supplier do we pick for each capability?"), so every policy
lever it offers is here, visible and editable by the planner, never a hidden default:

* ``budget``: ceiling on total spend, in the scenario's reporting currency (millions);
* ``importance``: how much each capability counts in the programme value (default 1);
* ``caps``: the most any bloc (``US``, ``Europe``, ``ROK``, ``Canada``, ``Other``) or any
  single country (ISO 3166 alpha-2 code, e.g. ``KR``) may receive, as a share of spend;
* ``min_canadian_content``: the least share of spend that must go to Canadian industry;
* ``min_blocs``: the least number of distinct supplier blocs among the chosen options;
* ``force_in`` / ``force_out``: options (``capability.option``) that must or must not be
  chosen;
* ``frontier_steps``: how many points the price-of-diversification curve has.

This model checks what one section can check on its own: shapes, ranges, spelling of
blocs, options forced both in and out, two options forced in for one capability. What
needs the rest of the scenario (does the country code exist, does the option exist) is
checked by :mod:`diversify.model.resolve`.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from diversify.model.base import Amount, Identifier, Points, StrictInt, StrictModel, UnitInterval
from diversify.model.countries import BLOCS
from diversify.model.figures import DateText

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_OPTION_REF = re.compile(r"^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*$")

OptionRef = Annotated[
    str,
    Field(
        max_length=129,
        description="An option written as capability.option, e.g. tanks.k2.",
    ),
]


def _check_ref(ref: str) -> str:
    if not _OPTION_REF.match(ref):
        raise ValueError(
            f"`{ref}` is not an option reference; write the capability id, a dot and the "
            "option id, e.g. tanks.k2"
        )
    return ref


def _bloc_hint(key: str) -> str:
    """Suggest the right spelling when a bloc name differs only by case."""
    for bloc in BLOCS:
        if key.lower() == bloc.lower():
            return f" (did you mean `{bloc}`?)"
    if len(key) == 2 and key.isalpha():
        return f" (country codes are upper case: `{key.upper()}`)"
    return ""


class PortfolioSpec(StrictModel):
    """Budget, caps, floors and forced choices for the programme-wide portfolio."""

    budget: Amount | None = Field(
        None,
        description=(
            "Most the whole programme may cost, in the scenario's reporting currency "
            "(millions). Leave out for no budget ceiling."
        ),
    )
    importance: dict[Identifier, Points] = Field(
        default_factory=dict,
        description=(
            "How much each capability counts in the programme value (capability id -> "
            "importance). Capabilities not listed count 1."
        ),
    )
    caps: dict[str, UnitInterval] = Field(
        default_factory=dict,
        description=(
            "Most share of total spend that may go to a bloc (US, Europe, ROK, Canada, "
            "Other) or to one country (ISO 3166 alpha-2 code such as KR or DE), 0..1. "
            "Content shares count: 20% German content in a Korean tank is 20% to DE."
        ),
    )
    min_canadian_content: UnitInterval | None = Field(
        None,
        description=(
            "Least share of total spend that must go to Canadian industry, 0..1, from "
            "each option's local content share (options without one count 0)."
        ),
    )
    min_blocs: StrictInt | None = Field(
        None,
        ge=1,
        le=len(BLOCS),
        description="Least number of distinct supplier blocs among the chosen options.",
    )
    force_in: list[OptionRef] = Field(
        default_factory=list,
        description="Options that must be chosen, written capability.option (e.g. tanks.k2).",
    )
    force_out: list[OptionRef] = Field(
        default_factory=list,
        description="Options that must not be chosen, written capability.option.",
    )
    contract_date: DateText | None = Field(
        None,
        description=(
            "When the contracts are expected to be signed (2026-07). With a capability's "
            "`need_by`, options whose first delivery (this date plus their delivery figure in "
            "months) comes later are left out; the result carries each chosen option's "
            "delivery profile."
        ),
    )
    delivery_criterion: Identifier = Field(
        "delivery",
        description="The criterion giving months from contract to first delivery.",
    )
    frontier_steps: StrictInt = Field(
        21,
        ge=2,
        le=1001,
        description="Number of points on the price-of-diversification curve (--frontier).",
    )

    @field_validator("caps")
    @classmethod
    def _known_cap_keys(cls, caps: dict[str, float]) -> dict[str, float]:
        bad = [k for k in caps if k not in BLOCS and not _COUNTRY.match(k)]
        if bad:
            key = bad[0]
            raise ValueError(
                f"`{key}` is not a bloc or a country code{_bloc_hint(key)}; use one of "
                f"{', '.join(BLOCS)}, or a two-letter ISO 3166 country code such as KR or DE"
            )
        return caps

    @field_validator("force_in", "force_out")
    @classmethod
    def _refs(cls, refs: list[str]) -> list[str]:
        for ref in refs:
            _check_ref(ref)
        return refs

    @model_validator(mode="after")
    def _consistent_forcing(self) -> PortfolioSpec:
        both = sorted(set(self.force_in) & set(self.force_out))
        if both:
            raise ValueError(
                f"option `{both[0]}` is both forced in and forced out; remove it from "
                "`force_in` or from `force_out`"
            )
        per_capability = Counter(ref.split(".", 1)[0] for ref in set(self.force_in))
        crowded = sorted(c for c, n in per_capability.items() if n > 1)
        if crowded:
            cap = crowded[0]
            names = sorted(r for r in set(self.force_in) if r.split(".", 1)[0] == cap)
            raise ValueError(
                f"`force_in` names {len(names)} options for capability `{cap}` "
                f"({', '.join(names)}), but a portfolio buys one option per capability; "
                "keep only one of them"
            )
        return self

    def bloc_caps(self) -> dict[str, float]:
        """The caps whose key is a bloc name."""
        return {k: v for k, v in self.caps.items() if k in BLOCS}

    def country_caps(self) -> dict[str, float]:
        """The caps whose key is a country code (``US`` counts as the bloc, not here)."""
        return {k: v for k, v in self.caps.items() if k not in BLOCS}
