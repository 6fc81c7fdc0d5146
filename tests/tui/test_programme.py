"""The programme strip's wording of a switch point (tui/programme.py)."""

from __future__ import annotations

import pytest

from diversify.tui.programme import ProgrammeLine, first_text, switch_text


def _line(at: float | None, now: float | None, criterion: str | None = "cost") -> ProgrammeLine:
    return ProgrammeLine("tanks", 0.6091, criterion, at, now, "M1A2 SEPv3 Abrams")


@pytest.mark.parametrize(
    ("at", "now", "said"),
    [
        (0.2517, 0.20, "≥25% cost → M1A2 SEPv3 Abrams"),  # whole points when far off
        (0.0998, 0.20, "≤10% cost → M1A2 SEPv3 Abrams"),  # the weight must fall
        (0.003, 0.0, "≥0.3% cost → M1A2 SEPv3 Abrams"),  # "≥0%" would read as crossed
        (0.205, 0.20, "≥20.5% cost → M1A2 SEPv3 Abrams"),  # a point away: a decimal
    ],
)
def test_switch_text_says_where_and_who(at: float, now: float, said: str) -> None:
    assert switch_text(_line(at, now), {}) == said
    assert switch_text(_line(at, now), {}, successor=False) == said.split(" →")[0]


def test_switch_text_without_a_switch_and_names() -> None:
    assert switch_text(_line(None, None, None), {}) == "no single weight"
    assert switch_text(None, {}) == ""
    assert switch_text(_line(0.3, 0.2), {"cost": "Unit cost"}).startswith("≥30% Unit cost")
    assert first_text(_line(0.3, 0.2)) == "61%" and first_text(None) == ""
