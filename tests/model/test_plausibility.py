"""Warnings for data that validates but is probably wrong (model/plausibility.py).

Found by a new-user trial on a copy of the bundled scenario: a deleted `source:` passed as
"ok", a deal dated 2031 and an `as_of` in 2029 went unremarked, `amount: 6.7` typed for
US$6.7B made a tank cost nothing, and a profile that left a criterion out was scaled
without a word. Each case here is checked through the loader (the warning's file, line
and field) and, where the arithmetic matters, on the function itself.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest

from diversify.io.loader import load_scenario
from diversify.model.costing import Band, deal_cost
from diversify.model.deals import Deal
from diversify.model.plausibility import deal_spread, first_day, profile_gaps

RULE = """
cost_basis:
  select: latest_export
  scope: [platform, training]
  base_year: 2026
  adjustments:
    training: {factor: 0.05, low: 0.02, high: 0.1, estimate: true, basis: "test"}
escalation:
  USD: {rate: 0.03, low: 0.02, high: 0.04, estimate: true, basis: "test"}
  EUR: {rate: 0.02, low: 0.01, high: 0.03, estimate: true, basis: "test"}
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _tanks(mini_copy: Path) -> Path:
    return mini_copy.parent / "suppliers" / "tanks.yaml"


def _warnings_about(warnings: tuple[str, ...], text: str) -> list[str]:
    return [w for w in warnings if text in w]


def _priced_from_deals(mini_copy: Path, deals: str) -> None:
    """Alpha priced from ``deals`` (flow mappings) under a cost_basis rule."""
    _edit(mini_copy, "method: mavt", "method: mavt" + RULE)
    _edit(
        _tanks(mini_copy),
        '    unit_cost: {value: 10, currency: USD, year: 2024, low: 8, high: 14, source: "test"}',
        "    deals:\n" + deals,
    )


# -------------------------------------------------------------------------- sources


def test_a_figure_whose_source_was_deleted_is_a_located_warning(mini_copy: Path) -> None:
    """Alpha's delivery loses its source: one warning at the option's first unsourced
    figure, naming it and the bare `interoperability` beside it."""
    _edit(_tanks(mini_copy), 'high: 24, source: "test"}', "high: 24}")
    data = load_scenario(mini_copy)
    (warning,) = _warnings_about(data.warnings, "`alpha`")
    assert warning.startswith("suppliers/tanks.yaml:9:7 options[0].values.delivery: ")
    assert "delivery and interoperability name no source" in warning
    assert "evidence appendix shows them blank" in warning
    # The bare figure is shown as the mapping to write.
    assert '`interoperability: {value: nato_standard, source: "…"}`' in warning


def test_sourced_and_unknown_figures_need_no_warning(mini_copy: Path) -> None:
    """`unknown` is a gap, not a claim: it needs no source (its basis says what was
    searched); a fully sourced option has no warning at all."""
    _edit(
        _tanks(mini_copy),
        "      interoperability: nato_standard",
        '      interoperability: {value: nato_standard, source: "test"}',
    )
    data = load_scenario(mini_copy)
    assert not _warnings_about(data.warnings, "`alpha`")
    _edit(_tanks(mini_copy), "      delivery: 36", "      delivery: unknown")
    data = load_scenario(mini_copy)
    (bravo,) = _warnings_about(data.warnings, "`bravo`: ")
    assert "`bravo`: interoperability names no source" in bravo  # not `delivery`


def test_a_deal_and_a_capability_budget_without_source(mini_copy: Path) -> None:
    _priced_from_deals(
        mini_copy,
        "      - {id: a, customer: PL, date: 2022, amount: 1800, currency: USD, price_year: "
        '2022, units: 180, scope: [platform, training], source: "test"}\n'
        "      - {id: b, customer: PL, date: 2024, amount: 2000, currency: USD, price_year: "
        "2024, units: 180, scope: [platform, training]}",
    )
    _edit(
        _tanks(mini_copy),
        "quantity: 10}",
        "quantity: 10, budget: {value: 500, currency: CAD, year: 2026}}",
    )
    data = load_scenario(mini_copy)
    (deal,) = _warnings_about(data.warnings, "`alpha`")
    assert "options[0].values.interoperability: `alpha`: interoperability and deal `b` name" in deal
    (budget,) = _warnings_about(data.warnings, "capability's `budget`")
    assert "capability.budget: the capability's `budget` names no source" in budget


def test_the_bundled_scenario_names_a_source_for_every_figure() -> None:
    data = load_scenario()
    assert not [w for w in data.warnings if "no source" in w]


# -------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    ("text", "day"),
    [("2031", (2031, 1, 1)), ("2029-08", (2029, 8, 1)), ("2031-08-01", (2031, 8, 1))],
)
def test_first_day_of_a_written_date(text: str, day: tuple[int, int, int]) -> None:
    assert first_day(text) == datetime.date(*day)


def test_dates_after_today_are_warned_apart_from_the_results(mini_copy: Path) -> None:
    """A deal dated 2031 and an `as_of` of 2029 are warned at their lines; the warnings
    depend on the day, so they are kept out of `warnings` (which results carry): the same
    files give the same results whatever the day."""
    _priced_from_deals(
        mini_copy,
        "      - {id: a, customer: PL, date: 2031-08-01, amount: 1800, currency: USD, "
        'price_year: 2022, units: 180, scope: [platform, training], source: "test"}',
    )
    _edit(_tanks(mini_copy), 'high: 24, source: "test"}', 'high: 24, source: "t", as_of: 2029-08}')
    today = datetime.date(2026, 12, 2)
    data = load_scenario(mini_copy, today=today)
    assert data.dated_warnings == (
        "suppliers/tanks.yaml:8:31 options[0].deals[0].date: `date: 2031-08-01` is after today "
        "(2026-12-02): a deal is dated when it was signed (or offered); check the year (an "
        "expected date belongs in `basis` or `note`)",
        "suppliers/tanks.yaml:10:60 options[0].values.delivery.as_of: `as_of: 2029-08` is after "
        "today (2026-12-02): a figure cannot be true as of a day that has not come; check the "
        "year (an expected date belongs in `basis` or `note`)",
    )
    later = load_scenario(mini_copy, today=datetime.date(2032, 1, 1))
    assert later.dated_warnings == ()
    assert later.warnings == data.warnings
    assert not [w for w in data.warnings if "after today" in w]


def test_the_scenario_s_own_dates_are_checked(mini_copy: Path) -> None:
    """`rates.as_of` is a provenance date too; a planned date (`need_by`) is not."""
    _edit(_tanks(mini_copy), "quantity: 10}", "quantity: 10, need_by: 2035}")
    data = load_scenario(mini_copy, today=datetime.date(2025, 6, 30))
    assert [w.split(": ", 1)[0] for w in data.dated_warnings] == ["scenario.yaml:7:51 rates.as_of"]


# -------------------------------------------------------------------------- units


def _cost(ident: str, amount: float, units: float = 180, price_year: int = 2026) -> Any:
    deal = Deal(id=ident, customer="PL", amount=amount, currency="USD", price_year=price_year,
                units=units, scope=["platform"])  # fmt: skip
    return deal_cost(deal, ["platform"], {}, Band(1.0, 1.0, 1.0), 1.4)


def _spread(*costs: Any) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    deal_spread(lambda *w: found.append(w), "tanks.yaml", ("options", 0), "k2", costs, "CAD", 2026)
    return found


def test_deals_a_thousandfold_apart_name_both_and_the_likely_slip() -> None:
    """6.7 typed for US$6.7B: 0.0372 against 18.7 USD m a unit, x1.4 in CAD."""
    ((file, path, _, message),) = _spread(_cost("pl-2022", 3370), _cost("pl-2025", 6.7))
    assert (file, path) == ("tanks.yaml", ("options", 0, "deals"))
    assert message.startswith("`k2`'s deals differ 503-fold per unit (in 2026 CAD): ")
    assert "`pl-2025` 0.05211 million a unit, `pl-2022` 26.21" in message
    assert "US$6.7B is 6700, not 6.7: `pl-2025` has 6.7 USD m for 180 units" in message


def test_deals_within_tenfold_are_not_a_warning() -> None:
    """Scope and year explain a factor of two or three (Croatia's Leopards with five years
    of support against Lithuania's); ten is the limit."""
    assert _spread(_cost("a", 1000), _cost("b", 9999)) == []
    assert len(_spread(_cost("a", 1000), _cost("b", 10001))) == 1
    assert _spread(_cost("a", 1000)) == []  # one deal: nothing to compare


def test_a_deal_of_nothing_is_a_warning() -> None:
    (warning,) = _spread(_cost("a", 0), _cost("b", 100))
    assert "differ without bound per unit" in warning[3]


def test_the_spread_warning_through_the_loader(mini_copy: Path) -> None:
    _priced_from_deals(
        mini_copy,
        "      - {id: pl-2022, customer: PL, date: 2022-08, amount: 3370, currency: USD, "
        'price_year: 2022, units: 180, scope: [platform, training], source: "test"}\n'
        "      - {id: pl-2025, customer: PL, date: 2025-08, amount: 6.7, currency: USD, "
        'price_year: 2025, units: 180, scope: [platform, training], source: "test"}',
    )
    data = load_scenario(mini_copy)
    (warning,) = _warnings_about(data.warnings, "deals differ")
    assert warning.startswith("suppliers/tanks.yaml:7:5 options[0].deals: `alpha`'s deals differ")


def test_the_bundled_deals_are_within_tenfold_of_each_other() -> None:
    data = load_scenario()
    assert not [w for w in data.warnings if "deals differ" in w]


# -------------------------------------------------------------------------- profiles


def _gaps(profiles: dict[str, dict[str, float]]) -> list[tuple[Any, ...]]:
    found: list[tuple[Any, ...]] = []
    profile_gaps(lambda *w: found.append(w), "c.yaml", profiles, ["cost", "delivery", "itb"])
    return found


def test_a_profile_that_leaves_a_criterion_out_says_so_with_its_total() -> None:
    ((_, path, _, message),) = _gaps({"balanced": {"cost": 42, "delivery": 40}})
    assert path == ("profiles", "balanced")
    assert "profile `balanced` gives no points to `itb`, so it counts 0" in message
    assert "its points add up to 82, not 100, and are scaled to 100%" in message
    assert "add `itb: …` (write 0 to leave it out on purpose)" in message


def test_a_complete_profile_is_relative_points_not_a_warning() -> None:
    """Points are scaled to 100%: a total of 82 over every criterion is the planner's."""
    assert _gaps({"a": {"cost": 42, "delivery": 30, "itb": 10}}) == []
    assert _gaps({"a": {"cost": 60, "delivery": 40, "itb": 0}}) == []
    (gap,) = _gaps({"a": {"cost": 60, "delivery": 40}})
    assert "add up to" not in gap[3]  # 100: only the missing criterion is said


def test_a_profile_gap_through_the_loader(mini_copy: Path) -> None:
    criteria = mini_copy.parent / "criteria" / "default.yaml"
    _edit(criteria, "speed-first: {cost: 10, delivery: 80, interoperability: 10}",
          "speed-first: {cost: 10, delivery: 72}")  # fmt: skip
    data = load_scenario(mini_copy)
    (warning,) = _warnings_about(data.warnings, "profile `speed-first`")
    assert warning.startswith("criteria/default.yaml:21:3 profiles.speed-first: ")
    assert "`interoperability`" in warning and "add up to 82" in warning


def test_the_bundled_profiles_list_every_criterion() -> None:
    data = load_scenario()
    assert not [w for w in data.warnings if "gives no points" in w]
