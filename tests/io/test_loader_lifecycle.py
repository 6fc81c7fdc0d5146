"""Through-life cost (issue 8): acquisition plus in-service support over a declared horizon.

Hand-worked on the mini scenario: Alpha's unit cost is 10 USD m at 1.4 CAD/USD = 14 CAD m
(range 8..14 USD m -> 11.2..19.6 CAD m).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from diversify.io.loader import load_scenario
from diversify.io.problems import InputError

LIFE = """  - id: life
    name: Through-life cost
    unit: CAD million per unit over the horizon
    direction: min
    from: lifecycle_cost
    value_function: {kind: linear}
"""


def _with_life(
    scenario: Path, support: str, horizon: str = "lifecycle: {horizon_years: 30}\n"
) -> None:
    """Add the criterion, the tanks' capability-wide `support` (inline) and the horizon."""
    crit = scenario.parent / "criteria" / "default.yaml"
    text = crit.read_text().replace("profiles:", LIFE + "profiles:")
    text = text.replace("balanced: {cost: 40,", "balanced: {cost: 40, life: 10,")
    crit.write_text(text)
    if support:
        tanks = scenario.parent / "suppliers" / "tanks.yaml"
        tanks.write_text(
            tanks.read_text().replace("quantity: 10}", f"quantity: 10, support: {support}}}", 1)
        )
    scenario.write_text(scenario.read_text() + horizon)


def _alpha(scenario: Path) -> tuple[float, float, float]:
    data = load_scenario(scenario)
    alpha = next(o for o in data.capability("tanks").options if o.id == "alpha")
    fig = alpha.figures["life"]
    assert fig is not None and fig.derived
    return fig.value, fig.low, fig.high


def _subs_support(scenario: Path) -> None:
    subs = scenario.parent / "suppliers" / "subs.yaml"
    subs.write_text(subs.read_text().replace("quantity: 4}", f"quantity: 4, support: {SUBS}}}", 1))


SUBS = "{ratio: 2.33, low: 2.0, high: 2.5, estimate: true, basis: test}"


def test_a_ratio_of_the_unit_cost(mini_copy: Path) -> None:
    """14 x (1 + 2) = 42; low 11.2 x (1 + 1.5) = 28; high 19.6 x (1 + 3) = 78.4."""
    _with_life(mini_copy, "{ratio: 2, low: 1.5, high: 3, estimate: true, basis: t}")
    _subs_support(mini_copy)
    assert _alpha(mini_copy) == pytest.approx((42.0, 28.0, 78.4))


def test_an_annual_cost_over_the_horizon(mini_copy: Path) -> None:
    """0.5 USD m a year x 30 years x 1.4 = 21 CAD m on top of 14: 35; low 11.2 + 0.4 x 42 =
    28.0; high 19.6 + 0.6 x 42 = 44.8 (no cost_basis rule: no escalation)."""
    _with_life(
        mini_copy,
        "{annual: 0.5, currency: USD, price_year: 2024, low: 0.4, high: 0.6,"
        " estimate: true, basis: t}",
    )
    _subs_support(mini_copy)
    assert _alpha(mini_copy) == pytest.approx((35.0, 28.0, 44.8))


def test_an_options_own_support_wins(mini_copy: Path) -> None:
    _with_life(mini_copy, "{ratio: 2, basis: t}")
    _subs_support(mini_copy)
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    tanks.write_text(
        tanks.read_text().replace(
            "    country: KR\n", "    country: KR\n    support: {ratio: 0.5}\n", 1
        )
    )
    assert _alpha(mini_copy)[0] == pytest.approx(14 * 1.5)


def test_without_a_horizon_or_a_support_figure(mini_copy: Path) -> None:
    _with_life(mini_copy, "", horizon="")
    with pytest.raises(InputError) as info:
        load_scenario(mini_copy)
    problems = info.value.problems
    assert [p.path for p in problems] == ["lifecycle"]
    assert "horizon_years" in problems[0].message
    mini_copy.write_text(mini_copy.read_text() + "lifecycle: {horizon_years: 30}\n")
    with pytest.raises(InputError) as info:
        load_scenario(mini_copy)
    paths = sorted(p.path for p in info.value.problems)
    assert paths[0] == "options[0].support"
    assert all("no in-service `support`" in p.message for p in info.value.problems)
