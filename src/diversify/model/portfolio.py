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
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationError, ValidationInfo, field_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from diversify.model.base import Amount, Identifier, Points, StrictInt, StrictModel, UnitInterval
from diversify.model.countries import BLOCS
from diversify.model.figures import DateText

_COUNTRY = re.compile(r"^[A-Z]{2}$")
_OPTION_REF = re.compile(r"^[a-z][a-z0-9_-]*\.[a-z][a-z0-9_-]*$")


def _check_ref(ref: str) -> str:
    if not _OPTION_REF.match(ref):
        raise ValueError(
            f"`{ref}` is not an option reference; write the capability id, a dot and the "
            "option id, e.g. tanks.k2"
        )
    return ref


OptionRef = Annotated[
    str,
    Field(
        max_length=129,
        description="An option written as capability.option, e.g. tanks.k2.",
    ),
    AfterValidator(_check_ref),
]
"""Checked entry by entry, so that each bad reference is reported at its own line."""


def _bloc_hint(key: str) -> str:
    """Suggest the right spelling when a bloc name differs only by case."""
    for bloc in BLOCS:
        if key.lower() == bloc.lower():
            return f" (did you mean `{bloc}`?)"
    if len(key) == 2 and key.isalpha():
        return f" (country codes are upper case: `{key.upper()}`)"
    return ""


def _check_cap_key(key: str) -> str:
    if key not in BLOCS and not _COUNTRY.match(key):
        raise ValueError(
            f"`{key}` is not a bloc or a country code{_bloc_hint(key)}; use one of "
            f"{', '.join(BLOCS)}, or a two-letter ISO 3166 country code such as KR or DE"
        )
    return key


CapKey = Annotated[str, AfterValidator(_check_cap_key)]
"""A bloc name or a country code, checked key by key (each bad key reported at its line)."""


def _entry_errors(title: str, found: list[tuple[int, str, str]]) -> ValidationError:
    """Problems at entries of a list (``(index, value, message)``), each at its own index.

    Raised from a field validator, pydantic prefixes the field's name: the problem points
    at ``force_out[1]``, the line to change, not at the whole ``portfolio:`` block.
    """
    return ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(
                type=PydanticCustomError("option_ref", "{message}", {"message": message}),
                loc=(index,),
                input=value,
            )
            for index, value, message in found
        ],
    )


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
    caps: dict[CapKey, UnitInterval] = Field(
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

    @field_validator("force_in")
    @classmethod
    def _one_per_capability(cls, refs: list[str]) -> list[str]:
        """Two options forced in for one capability: reported at the second one."""
        first: dict[str, str] = {}
        crowded: list[tuple[int, str, str]] = []
        for i, ref in enumerate(refs):
            cap = ref.split(".", 1)[0]
            if cap in first and first[cap] != ref:
                crowded.append((i, ref,
                                f"`force_in` already names `{first[cap]}` for capability "
                                f"`{cap}`, but a portfolio buys one option per capability; "
                                "keep only one of them"))  # fmt: skip
            first.setdefault(cap, ref)
        if crowded:
            raise _entry_errors(cls.__name__, crowded)
        return refs

    @field_validator("force_out")
    @classmethod
    def _not_forced_in(cls, refs: list[str], info: ValidationInfo) -> list[str]:
        """An option forced both in and out: reported at its `force_out` entry.

        A field validator (``force_in`` is validated first, ``info.data`` holds it), not a
        model validator: it runs even when another field of the section is invalid, so
        the clash is reported in the same run as, say, a misspelt cap.
        """
        forced_in = set(info.data.get("force_in") or ())
        both = [(j, ref, f"option `{ref}` is both forced in and forced out; remove it from "
                 "`force_in` or from `force_out`")
                for j, ref in enumerate(refs) if ref in forced_in]  # fmt: skip
        if both:
            raise _entry_errors(cls.__name__, both)
        return refs

    def bloc_caps(self) -> dict[str, float]:
        """The caps whose key is a bloc name."""
        return {k: v for k, v in self.caps.items() if k in BLOCS}

    def country_caps(self) -> dict[str, float]:
        """The caps whose key is a country code (``US`` counts as the bloc, not here)."""
        return {k: v for k, v in self.caps.items() if k not in BLOCS}
