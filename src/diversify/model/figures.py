"""Figures with provenance: every number a minister may be asked about says where it came from.

A figure is written bare (``24``, ``nato_standard``) or as a mapping with ``value`` and
its provenance (``source``, ``as_of``, ``confidence``), its plausible range (``low``,
``high``) and how it was obtained (``estimate``, ``derived`` + ``basis``). The range feeds
the robustness analysis, so it is checked here: an estimate without a range, or a range
that does not contain its value, is an input error rather than a silent assumption.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    WithJsonSchema,
    model_validator,
)

from diversify.model.base import (
    Amount,
    FiniteFloat,
    Identifier,
    StrictBool,
    StrictInt,
    StrictModel,
    Units,
    UnitsRange,
    number_before_unit,
)
from diversify.model.countries import is_currency

Confidence = Literal["high", "medium", "low"]

_AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _check_as_of(value: str) -> str:
    """A real year, month or day: ``2022-13``, ``2022-02-31`` and ``0000-00`` are refused."""
    import datetime as _dt

    hint = "must be a year, year-month or date: 2025, 2025-12 or 2025-12-05"
    if not _AS_OF.match(value):
        raise ValueError(hint)
    parts = [int(p) for p in value.split("-")]
    year, month, day = (*parts, 1, 1)[:3]
    if not 1900 <= year <= 2100:
        raise ValueError(f"{hint}, with a year from 1900 to 2100")
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist: {hint}")
    try:
        _dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{value} is not a day of the calendar: {hint}") from None
    return value


def _date_schema(examples: str) -> WithJsonSchema:
    """The JSON Schema of a date written as a year, year-month or date (``examples``)."""
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1900, "maximum": 2100},
            ],
            "description": f"A year, year-month or date: {examples}.",
        }
    )


AsOf = Annotated[str, AfterValidator(_check_as_of), _date_schema("2025, 2025-12 or 2025-12-05")]


def _as_of_text(value: object) -> object:
    """YAML reads ``2025-12-05`` as a date; keep the text the user wrote."""
    import datetime as _dt

    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # checked as text: 1899 is "a year from 1900 to 2100"
    return value


DateText = Annotated[
    str,
    BeforeValidator(lambda v: _as_of_text(v)),
    AfterValidator(_check_as_of),
    _date_schema("2032, 2032-06 or 2032-06-30"),
]
"""A calendar date as written (a year means its January), kept as text."""


def _source_text(value: str) -> str:
    """An empty ``source`` hides a missing one: the appendix would show a blank cell."""
    if not value.strip():
        raise ValueError(
            'is empty: write where the figure comes from (outlet and date, e.g. "Shephard, '
            '7 Dec 2022"), or "Analyst\'s estimate" for your own figure'
        )
    return value


SourceText = Annotated[
    str,
    AfterValidator(_source_text),
    WithJsonSchema({"type": "string", "pattern": r"\S"}),
]
"""Where a figure comes from: text that is not blank."""


class Provenance(StrictModel):
    """Where a figure came from and how far to trust it."""

    source: SourceText | None = Field(
        None, description="Where the figure comes from: outlet and date."
    )
    as_of: AsOf | None = Field(
        None, description="When the figure was true: 2025, 2025-12 or a date."
    )
    confidence: Confidence | None = Field(None, description="high, medium or low.")
    estimate: StrictBool = Field(False, description="An analyst's estimate, not a reported figure.")
    derived: StrictBool = Field(
        False, description="Computed from a package contract (value / units)."
    )
    basis: str | None = Field(None, description="How a derived or estimated figure was obtained.")
    note: str | None = Field(None, description="Free text.")

    _date_fields: ClassVar[tuple[str, ...]] = ("as_of",)
    """Fields YAML may read as a date or a year: kept as the text the user wrote."""

    @model_validator(mode="before")
    @classmethod
    def _dates_as_text(cls, data: object) -> object:
        if isinstance(data, dict):
            for key in cls._date_fields:
                if key in data:
                    data = {**data, key: _as_of_text(data[key])}
        return data

    @model_validator(mode="after")
    def _derived_needs_basis(self) -> Provenance:
        if self.derived and not self.basis:
            raise ValueError(
                "a derived figure needs a `basis` saying how it was computed, "
                'e.g. basis: "US$3.37B / 180 tanks incl. support package"'
            )
        return self


class Measured(Provenance):
    """A criterion value (number or level label) with its provenance and range."""

    value: FiniteFloat | str = Field(description="The figure used for scoring, or a level label.")
    low: FiniteFloat | str | None = Field(None, description="Low end of the plausible range.")
    high: FiniteFloat | str | None = Field(None, description="High end of the plausible range.")
    deal: Identifier | None = Field(
        None, description="The id of the option's deal this figure comes from, if any."
    )
    mixed_reason: str | None = Field(
        None,
        description="Why this figure comes from another deal than the option's cost, if it does.",
    )

    @model_validator(mode="after")
    def _range(self) -> Measured:
        _check_range(self.value, self.low, self.high, self.estimate)
        return self

    @property
    def is_label(self) -> bool:
        return isinstance(self.value, str)


class Quantity(Provenance):
    """A number of units to buy, with provenance."""

    value: Units = Field(description="Units to acquire.")
    low: UnitsRange | None = None
    high: UnitsRange | None = None

    @model_validator(mode="after")
    def _range(self) -> Quantity:
        _check_range(self.value, self.low, self.high, self.estimate)
        return self


def _currency(code: str) -> str:
    if not is_currency(code):
        raise ValueError(f"`{code}` is not an ISO 4217 currency code (e.g. USD, EUR, CAD, KRW)")
    return code


def currency_case(value: object) -> object:
    """Explain a lower-case or mistyped code before the bare pattern check would.

    Without this, ``usd`` fails with "must match the pattern ^[A-Z]{3}$", which does not
    say what to write instead.
    """
    if isinstance(value, str) and not re.fullmatch(r"[A-Z]{3}", value):
        if is_currency(value.strip().upper()):
            raise ValueError(
                f"write currency codes in capitals: `{value.strip().upper()}`, not `{value}`"
            )
        raise ValueError(
            f"`{value}` is not an ISO 4217 currency code: use three capital letters, "
            "e.g. USD, EUR, CAD, KRW"
        )
    return value


CurrencyCode = Annotated[
    str,
    Field(pattern=r"^[A-Z]{3}$"),
    AfterValidator(_currency),
    BeforeValidator(currency_case),  # last, so it runs first (before the pattern)
]


class Money(Provenance):
    """An amount in millions of a currency at a price year, with provenance and range."""

    value: Amount = Field(description="Amount in millions of `currency`.")
    currency: CurrencyCode = Field(description="ISO 4217 code of the amount, e.g. USD.")
    year: StrictInt = Field(ge=1950, le=2100, description="Price year of the amount.")
    low: Amount | None = None
    high: Amount | None = None

    @model_validator(mode="after")
    def _range(self) -> Money:
        _check_range(self.value, self.low, self.high, self.estimate)
        return self


def _check_range(
    value: float | str, low: float | str | None, high: float | str | None, estimate: bool
) -> None:
    if value == "unknown":
        if low is not None or high is not None:
            raise ValueError(
                "an `unknown` figure takes no `low`/`high`: the scenario's `evidence_gaps` "
                "policy decides its range"
            )
        return
    if estimate and (low is None or high is None):
        # Name only the missing end(s): "add `low` and `high`" when `low` is there misleads.
        missing = " and ".join(f"`{k}`" for k, v in (("low", low), ("high", high)) if v is None)
        raise ValueError(
            f"an estimate needs a range: add {missing} around the value "
            "so the robustness analysis can test it"
        )
    numeric = [v for v in (value, low, high) if v is not None]
    kinds = {isinstance(v, str) for v in numeric}
    if len(kinds) > 1:
        for name, part in (("value", value), ("low", low), ("high", high)):
            number = number_before_unit(part) if isinstance(part, str) else None
            if number is not None:
                raise ValueError(
                    f"`{name}` is written with its unit (`{part}`): write {number}; the unit is "
                    "given by the criterion"
                )
        raise ValueError("`value`, `low` and `high` must all be numbers or all be level labels")
    if isinstance(value, str):
        return  # label order is checked against the criterion's levels later
    number = float(value)
    if low is not None and float(low) > number:
        raise ValueError(
            f"`low` ({float(low):g}) is above `value` ({number:g}): a range must hold its "
            "value (low <= value <= high); lower `low` or correct `value`"
        )
    if high is not None and float(high) < number:
        raise ValueError(
            f"`high` ({float(high):g}) is below `value` ({number:g}): a range must hold its "
            "value (low <= value <= high); raise `high` or correct `value`"
        )


FigureInput = FiniteFloat | str | Measured
"""What a data file may give for a criterion value: a bare number, a bare label or a mapping."""


def as_measured(value: float | str | Measured) -> Measured:
    """Normalise a bare number or label to a :class:`Measured` without provenance.

    Bare values repeat (a levels criterion has a handful of labels for thousands of
    options) and a Measured is immutable, so each distinct one is validated once.
    """
    return value if isinstance(value, Measured) else _bare(value, type(value))


@functools.lru_cache(maxsize=4096)
def _bare(value: float | str, kind: type) -> Measured:
    """``Measured(value=value)``; ``kind`` keeps 1 and 1.0 apart in the cache."""
    return Measured(value=value)
