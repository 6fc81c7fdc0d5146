"""Figures with provenance: ranges, estimates, derived figures, money and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from diversify.model.figures import Measured, Money, as_measured


def test_bare_values_become_measured() -> None:
    assert as_measured(24).value == 24
    assert as_measured("nato_standard").is_label


def test_a_bare_value_is_the_measured_its_constructor_makes() -> None:
    """Repeated bare values share one validated Measured (a levels criterion has a few
    labels for thousands of options); it is what Measured(value=...) makes, and a
    whole number stays apart from the same float."""
    assert as_measured("high") is as_measured("high")
    assert as_measured("high") == Measured(value="high")
    assert as_measured(" high ").value == "high"  # validated: stripped as the model strips
    assert type(as_measured(3).value) is type(Measured(value=3).value)
    assert as_measured(3.5) == Measured(value=3.5)
    given = Measured(value=2.0, low=1.0, high=3.0)
    assert as_measured(given) is given


def test_range_must_hold_the_value() -> None:
    assert Measured(value=5, low=4, high=6).high == 6
    with pytest.raises(ValidationError, match="low"):
        Measured(value=5, low=6)
    with pytest.raises(ValidationError, match="high"):
        Measured(value=5, high=4)


def test_estimate_needs_a_range() -> None:
    with pytest.raises(ValidationError, match="estimate needs a range"):
        Measured(value=5, estimate=True, low=4)
    assert Measured(value=5, estimate=True, low=4, high=9).estimate


def test_derived_needs_a_basis() -> None:
    with pytest.raises(ValidationError, match="basis"):
        Money(value=18.7, currency="USD", year=2022, derived=True)


def test_money_currency_is_iso_4217() -> None:
    assert Money(value=1, currency="KRW", year=2023).currency == "KRW"
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money(value=1, currency="XYZ", year=2023)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_nan_and_infinity_rejected(bad: float) -> None:
    with pytest.raises(ValidationError):
        Measured(value=bad)
    with pytest.raises(ValidationError):
        Money(value=bad, currency="USD", year=2024)


def test_negative_money_rejected() -> None:
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        Money(value=-3, currency="USD", year=2024)


def test_as_of_accepts_dates_and_keeps_text() -> None:
    assert Measured(value=1, as_of=dt.date(2025, 12, 5)).as_of == "2025-12-05"
    assert Measured(value=1, as_of=2024).as_of == "2024"
    assert Measured(value=1, as_of="2025-12").as_of == "2025-12"
    with pytest.raises(ValidationError, match="year, year-month or date"):
        Measured(value=1, as_of="Dec 2025")


def test_unknown_keys_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs"):
        Measured(value=1, sorce="typo")  # type: ignore[call-arg]


def test_mixed_label_and_number_range_rejected() -> None:
    with pytest.raises(ValidationError, match="all be numbers or all be level labels"):
        Measured(value="nato_standard", low=0)


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_source_is_refused_with_what_to_write(blank: str) -> None:
    """An empty `source:` would pass as sourced and show a blank cell in the appendix."""
    from diversify.model.deals import Deal
    from diversify.model.scenario import Rates

    for make in (
        lambda: Measured(value=1, source=blank),
        lambda: Deal(
            id="a",
            customer="PL",
            amount=1,
            currency="USD",
            price_year=2022,
            units=1,
            scope=["platform"],
            source=blank,
        ),
        lambda: Rates(source=blank),
    ):
        with pytest.raises(ValidationError, match="is empty: write where the figure comes from"):
            make()
    assert Measured(value=1, source="Shephard, 7 Dec 2022").source == "Shephard, 7 Dec 2022"
