"""Shared pydantic building blocks for every input model.

Every input model is strict: unknown keys are errors (a typo must not be silently
ignored), values are immutable once validated (live weight editing replaces, never
mutates), and floats must be finite (NaN and infinity have no place in a procurement
figure and would poison every downstream score).

**One rule for numbers, everywhere.** A number is written as a number: ``"36"`` in
quotes is text, refused in every numeric field with the same message (pydantic's lax
mode would take it in some fields and not in others). ``true``/``false`` likewise are
the only booleans (``"yes"`` is text).

**Bounded magnitudes.** A finite number can still be absurd: ``1e308`` passes a NaN
check, then overflows to infinity in the first product (cost x quantity, points summed
to normalise weights) and turns into a crash or a meaningless "optimal" plan. Every
numeric field therefore has a documented bound, far above any real figure and far
below where float arithmetic breaks (``docs/data-files.md``, "Limits"):

| what | bound |
| --- | --- |
| any criterion figure, threshold or anchor | magnitude at most 1e12 |
| money (millions of a currency): unit costs, budgets | at most 1e9 (a million billion) |
| units to buy | at most 1e6 |
| weights in points, importance | at most 1e6 |
| exchange rates | 1e-6 to 1e6 |

With these, every derived number (converted costs, programme spend, weight sums)
stays below about 1e21, so it is finite by construction; :mod:`diversify.model.resolve`
still checks the converted costs and says where, in case a bound is ever loosened.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict
from pydantic_core import PydanticCustomError

MAX_FIGURE = 1e12
"""Largest magnitude of any criterion figure, threshold or value-function anchor."""
MAX_MONEY = 1e9
"""Largest amount of money, in millions of a currency (unit costs, budgets)."""
MAX_UNITS = 1e6
"""Largest number of units to buy."""
MAX_POINTS = 1e6
"""Largest weight in points, and largest capability importance."""
MIN_RATE, MAX_RATE = 1e-6, 1e6
"""Range of an exchange rate (reporting-currency units per unit)."""


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number (NaN and infinity are not allowed)")
    return value + 0.0  # -0.0 is 0: never echoed back as "-0.0"


_WITH_UNIT = re.compile(r"\s*([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*[^\d\s.,/:-].*", re.S)


def number_before_unit(value: str) -> str | None:
    """The number a figure written with its unit starts with: ``22 months`` -> ``22``.

    None for text that does not start with a number (``soon``); thousands separators are
    dropped (``6,700 M`` -> ``6700``), since the file takes the bare number.
    """
    found = _WITH_UNIT.fullmatch(value)
    return found.group(1).replace(",", "") if found else None


def quoted_number_message(value: str, wanted: str = "a number") -> str:
    """The one message for text where a number belongs (``"36"``, ``12 months``)."""
    try:
        float(value.replace("_", "x"))
    except ValueError:
        number = number_before_unit(value)
        if number is not None:
            return f"must be {wanted} without its unit: write {number}"
        return f"must be {wanted}, like 12 or 12.5 (no units or other text)"
    return f'must be {wanted} written without quotes: `{value.strip()}`, not `"{value}"`'


def _bool_text(value: Any) -> Any:
    if isinstance(value, str):
        message = f"must be true or false, without quotes (not `{value}`)"
        raise PydanticCustomError("number_text", "{message}", {"message": message})
    return value


def _no_text(wanted: str) -> BeforeValidator:
    """Refuse text (``"36"``) where a number belongs, with the one message for it."""

    def check(value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 2**53:
            message = f"is far too large ({len(str(abs(value)))} digits): check the figure"
            raise PydanticCustomError("number_too_large", "{message}", {"message": message})
        if isinstance(value, str):
            # A type refusal (like pydantic's float_type), so that in a union the branch
            # the user was writing wins; the message says what to write instead.
            message = quoted_number_message(value, wanted)
            raise PydanticCustomError("number_text", "{message}", {"message": message})
        return value

    return BeforeValidator(check)


_NUMBER = _no_text("a number")

FiniteFloat = Annotated[
    float, Strict(), AfterValidator(_finite), Field(ge=-MAX_FIGURE, le=MAX_FIGURE), _NUMBER
]
"""A number (not quoted text) that is finite and at most 1e12 in magnitude."""

NonNegativeFloat = Annotated[
    float, Strict(), AfterValidator(_finite), Field(ge=0, le=MAX_FIGURE), _NUMBER
]
"""A finite number from 0 to 1e12 (months, thresholds)."""

UnitInterval = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=1), _NUMBER]
"""A finite number in 0..1 (shares, preference values, probabilities)."""

Amount = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=MAX_MONEY), _NUMBER]
"""Money in millions of a currency, 0 to 1e9."""

Units = Annotated[float, Strict(), AfterValidator(_finite), Field(gt=0, le=MAX_UNITS), _NUMBER]
"""A number of units to buy, above 0 and at most 1e6."""

Points = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=MAX_POINTS), _NUMBER]
"""A weight in points or an importance, 0 to 1e6."""

Rate = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=MIN_RATE, le=MAX_RATE), _NUMBER]
"""An exchange rate, 1e-6 to 1e6."""

UnitsRange = Annotated[float, Strict(), AfterValidator(_finite), Field(ge=0, le=MAX_UNITS), _NUMBER]
"""An end of a quantity's range, 0 to 1e6."""

StrictInt = Annotated[int, Strict(), _no_text("a whole number")]
"""A whole number written as one (not quoted, not 12.0)."""

StrictBool = Annotated[bool, Strict(), BeforeValidator(_bool_text)]
"""true or false (not "yes", not 1)."""

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
