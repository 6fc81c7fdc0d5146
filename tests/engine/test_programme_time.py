"""Need-by dates and the delivery profile of the programme (issue 13, time)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from diversify.engine.programme import month_index, month_text, plan
from diversify.io.loader import load_scenario
from diversify.io.problems import InputError

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini"


@pytest.fixture
def timed(tmp_path: Path) -> Path:
    """The mini scenario with contracts in July 2026 and tanks needed by September 2027,
    delivered 4 a year: Alpha (12 months) is in time, Bravo (36 months) is not."""
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    scenario = folder / "scenario.yaml"
    scenario.write_text(scenario.read_text() + "portfolio: {contract_date: 2026-07}\n")
    tanks = folder / "suppliers" / "tanks.yaml"
    tanks.write_text(
        tanks.read_text().replace(
            "quantity: 10}", "quantity: 10, need_by: 2027-09, deliveries_per_year: 4}"
        )
    )
    return scenario


def test_month_arithmetic() -> None:
    assert month_index("2026-07") - month_index("2026") == 6
    assert month_text(month_index("2026-07") + 12) == "2027-07"
    assert month_text(month_index("2026-07") + 12.5) == "2027-08"  # part-way: that month


def test_an_option_arriving_after_the_need_by_date_is_left_out(timed: Path) -> None:
    res = plan(load_scenario(timed), value_costs=False)
    late = {e.id: e for e in res.excluded if e.kind == "too_late"}
    assert set(late) == {"tanks.bravo"}
    assert "2029-07" in late["tanks.bravo"].reason and "2027-09" in late["tanks.bravo"].reason
    assert "tanks.bravo" not in {c.id for c in res.candidates}


def test_the_delivery_profile_spreads_units_over_calendar_years(timed: Path) -> None:
    """Alpha: first unit 2026-07 + 12 months = 2027-07; 10 units at 4 a year take 30
    months: 2 in 2027 (July to December), 4 in 2028, 4 in 2029, the last in 2029-12."""
    res = plan(load_scenario(timed), value_costs=False)
    assert res.deliveries is not None
    tanks = next(d for d in res.deliveries if d.capability == "tanks")
    assert (tanks.first, tanks.last, tanks.on_time) == ("2027-07", "2029-12", True)
    assert dict(tanks.units_by_year) == {"2027": 2.0, "2028": 4.0, "2029": 4.0}
    assert sum(tanks.units_by_year.values()) == pytest.approx(10)
    subs = next(d for d in res.deliveries if d.capability == "submarines")
    assert subs.last is None and dict(subs.units_by_year) == {}  # no rate given


def test_no_option_in_time_leaves_the_capability_uncovered_with_the_reason(timed: Path) -> None:
    tanks = timed.parent / "suppliers" / "tanks.yaml"
    tanks.write_text(tanks.read_text().replace("need_by: 2027-09", "need_by: 2027-01"))
    res = plan(load_scenario(timed), value_costs=False)
    (gap,) = [u for u in res.portfolio.uncovered if u.capability == "tanks"]
    assert "need-by date" in gap.reason


def test_without_a_contract_date_nothing_changes(timed: Path) -> None:
    timed.write_text(timed.read_text().replace("portfolio: {contract_date: 2026-07}\n", ""))
    res = plan(load_scenario(timed), value_costs=False)
    assert res.deliveries is None and not [e for e in res.excluded if e.kind == "too_late"]


def test_an_impossible_need_by_date_is_a_located_problem(timed: Path) -> None:
    tanks = timed.parent / "suppliers" / "tanks.yaml"
    tanks.write_text(tanks.read_text().replace("need_by: 2027-09", "need_by: 2027-13"))
    with pytest.raises(InputError) as info:
        load_scenario(timed)
    (problem,) = info.value.problems
    assert problem.path == "capability.need_by" and problem.line == 1
