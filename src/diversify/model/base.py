"""Shared pydantic building blocks for every input model.

Every input model is strict: unknown keys are errors (a typo must not be silently
ignored), values are immutable once validated (live weight editing replaces, never
mutates), and floats must be finite (NaN and infinity have no place in a procurement
figure and would poison every downstream score).
"""

from __future__ import annotations

import math
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number (NaN and infinity are not allowed)")
    return value


FiniteFloat = Annotated[float, AfterValidator(_finite)]
"""A float that is neither NaN nor infinite."""

NonNegativeFloat = Annotated[float, AfterValidator(_finite), Field(ge=0)]
"""A finite float that is zero or more (costs, months, weights)."""

UnitInterval = Annotated[float, AfterValidator(_finite), Field(ge=0, le=1)]
"""A finite float in 0..1 (shares, preference values, probabilities)."""

Identifier = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_-]*$",
        min_length=1,
        max_length=64,
        description="Lower-case identifier: a letter, then letters, digits, '_' or '-'.",
    ),
]
"""An id used as a key across files (criterion, capability, option, profile)."""


class StrictModel(BaseModel):
    """Base of every input model: unknown keys rejected, frozen, no silent coercion of strings."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
        validate_default=True,
    )
