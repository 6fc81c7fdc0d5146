"""Deals and the cost-basis rule through the loader (issue 8): a scenario as a planner writes it.

The arithmetic is checked by hand in tests/model/test_costing.py; here, that the files
wire it up: a unit cost derived from deals, a typed unit cost escalated, the cost_basis
record carried to the JSON, and the warnings `validate` prints (one option judged on
several deals, a local scale on two options, a screening limit equal to a candidate's
own figure).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diversify.cli.main import app
from diversify.io.loader import load_scenario

RULE = """
cost_basis:
  select: latest_export
  scope: [platform, training, logistics, spares]
  base_year: 2026
  adjustments:
    spares: {factor: 0.08, low: 0.04, high: 0.15, estimate: true, basis: "test"}
    munitions: {factor: 0.2, low: 0.1, high: 0.4, estimate: true, basis: "test"}
escalation:
  USD: {rate: 0.03, low: 0.02, high: 0.04, estimate: true, basis: "test"}
  EUR: {rate: 0.02, low: 0.01, high: 0.03, estimate: true, basis: "test"}
"""

DEALS = """    deals:
      - {id: pl-2022, customer: PL, date: 2022-08, amount: 1800, currency: USD, price_year: 2022, units: 180, scope: [platform, training, logistics], source: "test"}
      - {id: pl-2025, customer: PL, date: 2025-08, amount: 6700, currency: USD, price_year: 2025, units: 180, scope: [platform, training, logistics, munitions], source: "test"}
      - {id: kr-2024, customer: ROK Army, domestic: true, date: 2024, amount: 500, currency: USD, price_year: 2026, units: 100, scope: [platform, training, logistics, spares], source: "test"}"""


@pytest.fixture
def with_deals(mini_copy: Path) -> Path:
    """The mini scenario with Alpha priced from three deals under a cost_basis rule."""
    mini_copy.write_text(mini_copy.read_text() + RULE)
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text().replace(
        '    unit_cost: {value: 10, currency: USD, year: 2024, low: 8, high: 14, source: "test"}',
        DEALS,
    )
    tanks.write_text(text)
    return mini_copy


def test_unit_cost_comes_from_the_latest_export_deal(with_deals: Path) -> None:
    """pl-2025 (kr-2024 is later but domestic): 6700 / 180 = 37.2222 USD m; + spares x1.08,
    - munitions /1.2; 2025 -> 2026 at 3% x1.03; 1.4 CAD/USD: 37.2222 x 0.9 x 1.03 x 1.4 =
    48.3070 CAD m."""
    data = load_scenario(with_deals)
    alpha = next(o for o in data.capability("tanks").options if o.id == "alpha")
    assert alpha.unit_cost is not None
    assert alpha.unit_cost.value == pytest.approx(37.222222 * 0.9 * 1.03 * 1.4)
    basis = alpha.cost_basis
    assert basis is not None
    assert (basis["deal"], basis["price_year"], basis["base_year"]) == ("pl-2025", 2025, 2026)
    assert [(a["element"], a["change"]) for a in basis["adjustments"]] == [
        ("spares", "added"),
        ("munitions", "removed"),
    ]
    # The range spans every deal: the domestic 5 USD m one is the low end.
    assert alpha.unit_cost.low == pytest.approx(5 * 1.4)
    assert "pl-2025" in (alpha.unit_cost.basis or "")


def test_a_typed_unit_cost_is_escalated_to_the_base_year(with_deals: Path) -> None:
    """Bravo's typed 10 EUR m (2024) under the rule: x1.02**2 = 1.0404, x1.5 CAD/EUR."""
    data = load_scenario(with_deals)
    bravo = next(o for o in data.capability("tanks").options if o.id == "bravo")
    assert bravo.unit_cost is not None
    assert bravo.unit_cost.value == pytest.approx(10 * 1.0404 * 1.5)
    assert bravo.cost_basis is not None
    assert bravo.cost_basis["select"] == "typed" and bravo.cost_basis["deal"] is None


def test_score_json_carries_one_base_year_for_every_option(with_deals: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(with_deals), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    bases = [o["cost_basis"] for c in data["capabilities"] for o in c["ranking"]]
    assert bases and all(b is not None for b in bases)
    assert {b["base_year"] for b in bases} == {2026}


def test_without_a_rule_nothing_changes(mini_copy: Path) -> None:
    data = load_scenario(mini_copy)
    assert all(o.cost_basis is None for c in data.capabilities for o in c.options)


def test_validate_warns_about_mixed_deals_and_scale_traps(with_deals: Path) -> None:
    tanks = with_deals.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text().replace(
        '      delivery: {value: 12, low: 6, high: 24, source: "test"}',
        '      delivery: {value: 12, low: 6, high: 24, source: "test", deal: pl-2022}',
    )
    tanks.write_text(text)
    result = CliRunner().invoke(app, ["validate", str(with_deals)])
    assert result.exit_code == 0, result.stderr
    # Each warning is wrapped to the terminal on stderr: rejoin its lines.
    warnings = [" ".join(w.split()) for w in result.stderr.split("\nwarning:")]
    assert any(
        "tanks.yaml:" in w
        and "comes from deal `pl-2022` but the unit cost from deal `pl-2025`" in w
        for w in warnings
    ), warnings
    assert any("subs.yaml:" in w and "local scale" in w for w in warnings), warnings
    assert any(
        "scenario.yaml:" in w and "equals `lima`'s own delivery (60)" in w for w in warnings
    ), warnings
    # A stated reason silences the mixed-deal warning.
    tanks.write_text(
        tanks.read_text().replace("deal: pl-2022}", 'deal: pl-2022, mixed_reason: "test"}')
    )
    result = CliRunner().invoke(app, ["validate", str(with_deals)])
    assert "comes from deal" not in result.stderr


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_show_the_deal_figure_and_the_base_year_figure(with_deals: Path, fmt: str) -> None:
    """Alpha: 37.2 USD m per unit in 2025 prices (pl-2025) becomes 48.3 CAD m in 2026."""
    result = CliRunner().invoke(app, ["score", str(with_deals), "-f", fmt, "-c", "tanks"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "37.2 USD m (2025)" in text
    assert "48.3 CAD m (2026)" in text
    assert "+spares, -munitions" in text
    assert "10.0 EUR m (2024)" in text  # Bravo's typed unit cost, escalated only
    assert "Evidence coverage by bloc" in text


def _with_budgets(mini: Path, tanks: str = "300", subs: str | None = "4000") -> None:
    path = mini.parent / "suppliers" / "tanks.yaml"
    path.write_text(
        path.read_text().replace(
            "quantity: 10}",
            f"quantity: 10, budget: {{value: {tanks}, currency: CAD, year: 2025}}}}",
        )
    )
    if subs is not None:
        path = mini.parent / "suppliers" / "subs.yaml"
        path.write_text(
            path.read_text().replace(
                "quantity: 4}",
                f"quantity: 4, budget: {{value: {subs}, currency: CAD, year: 2025}}}}",
            )
        )


def _cost_function(mini: Path, function: str) -> None:
    crit = mini.parent / "criteria" / "default.yaml"
    old = "    from: unit_cost\n    value_function: {kind: linear}"
    assert old in crit.read_text()
    crit.write_text(
        crit.read_text().replace(old, f"    from: unit_cost\n    value_function: {function}")
    )


def _cost_values(mini: Path) -> dict[str, float]:
    from diversify.engine.scoring import score

    tanks = score(load_scenario(mini)).capability("tanks")
    return {o.option: o.values["cost"] for o in tanks.ranking}


@pytest.mark.parametrize("declared", [False, True])
def test_cost_takes_budget_anchors_by_default(mini_copy: Path, declared: bool) -> None:
    """Issue 8, scale traps: the tanks' envelope 300 CAD m / 10 units = 30 per unit is
    worth 0, nothing is worth 1, with or without `anchors: budget`. Alpha 14 CAD m ->
    1 - 14/30 = 0.5333; Bravo 10 EUR m x 1.5 = 15 -> 0.5 (a local scale would make it 0
    and Alpha 1)."""
    if declared:
        _cost_function(mini_copy, "{kind: linear, anchors: budget}")
    _with_budgets(mini_copy)
    assert _cost_values(mini_copy) == pytest.approx({"alpha": 1 - 14 / 30, "bravo": 0.5})
    (crit,) = [c for c in load_scenario(mini_copy).capability("tanks").criteria if c.id == "cost"]
    assert (crit.value_function.worst, crit.value_function.best) == (30.0, 0.0)


def test_anchors_local_keeps_the_range_of_the_options(mini_copy: Path) -> None:
    """`anchors: local` opts out: the cheaper of the two ranked tanks scores 1, the other 0,
    and the two-option subs capability is warned about its 0-or-1 switch."""
    _cost_function(mini_copy, "{kind: linear, anchors: local}")
    _with_budgets(mini_copy)
    assert _cost_values(mini_copy) == pytest.approx({"alpha": 1.0, "bravo": 0.0})
    warnings = load_scenario(mini_copy).warnings
    assert any("uses a local scale" in m and "`cost`" in m for m in warnings)


def test_without_a_budget_the_scale_is_local_and_a_two_option_switch_is_warned(
    mini_copy: Path,
) -> None:
    assert _cost_values(mini_copy) == pytest.approx({"alpha": 1.0, "bravo": 0.0})
    warnings = load_scenario(mini_copy).warnings
    (switch,) = [m for m in warnings if "uses a local scale" in m and "`cost`" in m]
    assert "the capability a `budget:`" in switch
    _with_budgets(mini_copy)  # with envelopes, no switch is left to warn about
    warnings = load_scenario(mini_copy).warnings
    assert not [m for m in warnings if "uses a local scale" in m and "`cost`" in m]


def test_an_option_over_the_envelope_stretches_the_scale_and_is_named(mini_copy: Path) -> None:
    """Envelope 120 CAD m / 10 = 12 per unit; Alpha costs 14 CAD m (10 USD m x 1.4) and
    reaches 19.6 (its high, 14 USD m), Bravo costs 15 (10 EUR m x 1.5): the worst anchor
    becomes 19.6 (the dearest high), not 12 with both clipped to 0. Alpha -> 1 - 14/19.6,
    Bravo -> 1 - 15/19.6. Charlie (28 CAD m) is screened out (72 months) and does not
    move the scale. The warning names both at the capability's budget."""
    _with_budgets(mini_copy, tanks="120", subs="8000")
    expected = {"alpha": 1 - 14 / 19.6, "bravo": 1 - 15 / 19.6}
    assert _cost_values(mini_copy) == pytest.approx(expected)
    (warning,) = [
        w for w in load_scenario(mini_copy).warnings if "envelope" in w
    ]  # subs: within 8000 / 4
    assert warning.startswith("suppliers/tanks.yaml:1:") and "capability.budget" in warning
    assert "`alpha` (up to 19.6)" in warning and "`bravo` (up to 15)" in warning
    assert "charlie" not in warning and "its scale is stretched to the dearest (19.6)" in warning


def test_budget_anchors_without_a_budget_is_a_problem(mini_copy: Path) -> None:
    from diversify.io.problems import InputError

    _cost_function(mini_copy, "{kind: linear, anchors: budget}")
    _with_budgets(mini_copy, subs=None)
    with pytest.raises(InputError) as info:
        load_scenario(mini_copy)
    (problem,) = info.value.problems
    assert problem.file.endswith("subs.yaml") and "anchors: budget" in problem.message


def test_xlsx_shows_the_cost_basis_and_evidence(with_deals: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    result = CliRunner().invoke(app, ["score", str(with_deals), "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    wb = load_workbook(out)
    assert "Evidence" in wb.sheetnames
    tanks = [[c for c in row] for row in wb["Main battle tanks"].iter_rows(values_only=True)]
    flat = [str(c) for row in tanks for c in row if c is not None]
    assert "pl-2025" in flat and "37.2 USD m (2025)" in flat and "48.3 CAD m (2026)" in flat
    evidence = list(wb["Evidence"].iter_rows(values_only=True))
    assert evidence[1][:5] == ("bloc", "options", "figures", "unknown", "low confidence")


# --- found by a review of the first version ----------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        (
            "  EUR: {rate: 0.02, low: 0.01, high: 0.03,",
            '  EUR: {rate: "2%", low: 0.01, high: 0.03,',
            "escalation.EUR.rate",
        ),
        (
            '  EUR: {rate: 0.02, low: 0.01, high: 0.03, estimate: true, basis: "test"}',
            "  EUR: {source: x}",
            "escalation.EUR",
        ),
        ("  select: latest_export", "  select: cheapest", "cost_basis.select"),
        ("  base_year: 2026\n", "", "cost_basis.base_year"),
    ],
)
def test_an_invalid_rule_is_one_problem_not_a_crash_or_a_cascade(
    with_deals: Path, old: str, new: str, where: str
) -> None:
    """A salvaged escalation entry once hit an assert (traceback); an invalid cost_basis
    made every deal-priced option say "needs a cost_basis rule"."""
    from diversify.io.problems import InputError

    with_deals.write_text(with_deals.read_text().replace(old, new, 1))
    with pytest.raises(InputError) as info:
        load_scenario(with_deals)
    assert [p.path for p in info.value.problems] == [where]


def test_an_incredible_escalation_index_is_refused_at_the_deal(with_deals: Path) -> None:
    text = with_deals.read_text().replace(
        '  USD: {rate: 0.03, low: 0.02, high: 0.04, estimate: true, basis: "test"}',
        "  USD: {index: {2022: 1.0e-300, 2025: 1, 2026: 1000000000000}}",
    )
    with_deals.write_text(text)
    from diversify.io.problems import InputError

    with pytest.raises(InputError) as info:
        load_scenario(with_deals)
    assert any("not a credible factor" in p.message for p in info.value.problems)


def test_budget_anchors_are_for_acquisition_cost_only(mini_copy: Path) -> None:
    from diversify.io.problems import InputError

    crit = mini_copy.parent / "criteria" / "default.yaml"
    crit.write_text(
        crit.read_text().replace(
            "value_function: {kind: linear, worst: 60, best: 0}",
            "value_function: {kind: linear, anchors: budget}",
        )
    )
    with pytest.raises(InputError) as info:
        load_scenario(mini_copy)
    assert all("only the acquisition cost criterion" in p.message for p in info.value.problems)


def test_budget_envelopes_are_in_base_year_money(with_deals: Path) -> None:
    """A 2024 envelope of 300 USD m under the rule: x1.03**2 x 1.4 = 445.554 CAD m."""
    tanks = with_deals.parent / "suppliers" / "tanks.yaml"
    tanks.write_text(
        tanks.read_text().replace(
            "quantity: 10}", "quantity: 10, budget: {value: 300, currency: USD, year: 2024}}"
        )
    )
    data = load_scenario(with_deals)
    assert data.capability("tanks").budget == pytest.approx(300 * 1.03**2 * 1.4)


# --- a capability's own rule (issue 9: the submarine bids on one cost scope) --------------


def _tanks_rule(mini: Path, rule: str) -> Path:
    """Give the mini tanks capability its own ``cost_basis`` block (YAML flow mapping)."""
    tanks = mini.parent / "suppliers" / "tanks.yaml"
    old = "capability: {id: tanks, name: Main battle tanks, quantity: 10}"
    assert old in tanks.read_text()
    tanks.write_text(
        tanks.read_text().replace(
            old,
            "capability: {id: tanks, name: Main battle tanks, quantity: 10, "
            f'cost_basis: {{{rule}, basis: "test: like for like"}}}}',
        )
    )
    return tanks


def test_a_capability_rule_prices_from_the_latest_domestic_deal(with_deals: Path) -> None:
    """`select: latest_domestic` for tanks only: Alpha's kr-2024 (ROK Army, domestic) sets
    the cost instead of pl-2025: 500 USD m / 100 = 5 USD m, already on the full scope and
    in 2026 money, x 1.4 CAD/USD = 7.0 CAD m. The record says whose rule it was; the other
    capability keeps the scenario's rule."""
    _tanks_rule(with_deals, "select: latest_domestic")
    data = load_scenario(with_deals)
    alpha = next(o for o in data.capability("tanks").options if o.id == "alpha")
    assert alpha.unit_cost is not None and alpha.unit_cost.value == pytest.approx(7.0)
    basis = alpha.cost_basis
    assert basis is not None
    assert (basis["deal"], basis["select"], basis["fallback"], basis["rule"]) == (
        "kr-2024", "latest_domestic", None, "capability",
    )  # fmt: skip
    assert (alpha.unit_cost.basis or "").startswith(
        "capability rule latest_domestic deal `kr-2024`"
    )
    # The range still spans every deal: pl-2025 (48.31) is now the high end's neighbour.
    assert alpha.unit_cost.high >= 48.3
    bravo = next(o for o in data.capability("tanks").options if o.id == "bravo")
    assert bravo.cost_basis is not None and bravo.cost_basis["rule"] == "capability"
    subs = [o.cost_basis for o in data.capability("submarines").options]
    assert all(b is not None and b["rule"] == "scenario" for b in subs)
    assert not [w for w in data.warnings if "found no domestic contract" in w]


def test_a_capability_rule_that_finds_no_deal_of_its_kind_falls_back_and_says_so(
    with_deals: Path,
) -> None:
    """Without kr-2024, Alpha has no domestic contract: `latest_domestic` falls back to what
    `latest_export` takes, pl-2025 (48.3070 CAD m, as in the first test), records
    `fallback: export`, and `validate` warns at the option's deals."""
    tanks = _tanks_rule(with_deals, "select: latest_domestic")
    lines = tanks.read_text().splitlines(keepends=True)
    tanks.write_text("".join(line for line in lines if "id: kr-2024" not in line))
    data = load_scenario(with_deals)
    alpha = next(o for o in data.capability("tanks").options if o.id == "alpha")
    assert alpha.unit_cost is not None
    assert alpha.unit_cost.value == pytest.approx(37.222222 * 0.9 * 1.03 * 1.4)
    assert alpha.cost_basis is not None
    assert (alpha.cost_basis["deal"], alpha.cost_basis["fallback"]) == ("pl-2025", "export")
    assert "no domestic contract, so the latest export contract" in (alpha.unit_cost.basis or "")
    (warning,) = [w for w in data.warnings if "found no domestic contract" in w]
    assert warning.startswith("suppliers/tanks.yaml:") and "options[0].deals" in warning
    assert "`alpha`" in warning and "pl-2025" in warning
    result = CliRunner().invoke(app, ["score", str(with_deals), "-f", "json", "-c", "tanks"])
    assert result.exit_code == 0, result.stderr
    (cap,) = json.loads(result.stdout)["capabilities"]
    record = next(o["cost_basis"] for o in cap["ranking"] if o["option"] == "alpha")
    assert (record["select"], record["fallback"], record["rule"]) == (
        "latest_domestic", "export", "capability",
    )  # fmt: skip


def test_a_capability_rule_changes_scope_and_one_adjustment_and_inherits_the_rest(
    with_deals: Path,
) -> None:
    """Tanks keep munitions in their scope, with their own munitions factor (unused here)
    and the scenario's spares factor: pl-2025 [platform, training, logistics, munitions]
    now only lacks spares: 6700 / 180 = 37.2222 USD m x 1.08 (spares, the scenario's)
    x 1.03 (2025 -> 2026) x 1.4 = 57.9684 CAD m; nothing is taken out."""
    _tanks_rule(
        with_deals,
        "scope: [platform, training, logistics, spares, munitions], adjustments: {munitions: "
        '{factor: 0.3, low: 0.2, high: 0.5, estimate: true, basis: "test"}}',
    )
    data = load_scenario(with_deals)
    alpha = next(o for o in data.capability("tanks").options if o.id == "alpha")
    assert alpha.unit_cost is not None
    assert alpha.unit_cost.value == pytest.approx(57.9684, abs=1e-4)
    assert alpha.cost_basis is not None
    assert alpha.cost_basis["target_scope"][-1] == "munitions"
    assert [(a["element"], a["change"], a["factor"]) for a in alpha.cost_basis["adjustments"]] == [
        ("spares", "added", 0.08)
    ]


def test_a_capability_rule_without_a_scenario_rule_is_a_located_problem(mini_copy: Path) -> None:
    """Nothing to change: the problem is at the capability's block, with the fix."""
    from diversify.io.problems import InputError

    _tanks_rule(mini_copy, "select: latest_domestic")
    with pytest.raises(InputError) as info:
        load_scenario(mini_copy)
    (problem,) = info.value.problems
    assert problem.file.endswith("tanks.yaml") and problem.path == "capability.cost_basis"
    assert (problem.line, problem.column) == (1, 64)  # the `cost_basis` key
    assert "the scenario has none: add `cost_basis:" in problem.message


def test_an_invalid_capability_rule_is_one_problem_not_a_cascade(with_deals: Path) -> None:
    """A rule that cannot be used leaves its options unpriced rather than priced by the
    scenario's rule alone (which would report what the capability's rule was to fix)."""
    from diversify.io.problems import InputError

    _tanks_rule(with_deals, "select: cheapest, scope: [platform, training]")
    with pytest.raises(InputError) as info:
        load_scenario(with_deals)
    assert [p.path for p in info.value.problems] == ["capability.cost_basis.select"]
