"""Loading a scenario: conversion, labels, provenance, hashes, order; validate_paths; bad paths.

The mini scenario (tests/data/valid/mini) has numbers that can be checked by hand: the
tanks' Alpha costs 10 USD million at 1.4 CAD per USD, so 14.0 CAD million, with its range
8..14 USD becoming 11.2..19.6 CAD. Golden files for every kind of bad input are in
test_loader_golden.py; this module checks what a *good* load produces and the smaller
behaviours around it (follow-on problems, stand-ins, which files count as suppliers).
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from diversify.io.loader import bundled_scenario, detect_kind, load_scenario, validate_paths
from diversify.io.problems import FileAccessError, InputError, Problem
from diversify.io.yaml import load_yaml
from diversify.model.elicitation import AhpElicitation
from diversify.model.resolved import ScenarioData

DATA = Path(__file__).resolve().parents[1] / "data"
MINI = DATA / "valid" / "mini"


@pytest.fixture(scope="module")
def mini() -> ScenarioData:
    return load_scenario(MINI / "scenario.yaml")


def _problems(path: Path) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return sorted(info.value.problems)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --------------------------------------------------------------------------------------
# The mini scenario, checked by hand
# --------------------------------------------------------------------------------------


def test_money_is_converted_with_the_declared_rates(mini: ScenarioData) -> None:
    tanks = mini.capability("tanks")
    alpha, bravo, charlie = tanks.options
    assert alpha.unit_cost is not None and bravo.unit_cost is not None
    assert alpha.unit_cost.value == pytest.approx(14.0)  # 10 USD x 1.4
    assert (alpha.unit_cost.low, alpha.unit_cost.high) == pytest.approx((11.2, 19.6))
    assert alpha.unit_cost.original == "10 USD m (2024) at 1.4 CAD/USD"
    assert bravo.unit_cost.value == pytest.approx(15.0)  # 10 EUR x 1.5
    assert charlie.unit_cost is not None and charlie.unit_cost.value == pytest.approx(28.0)
    # The cost criterion takes its figure from the converted unit cost.
    assert alpha.figures["cost"] == alpha.unit_cost
    kilo = mini.capability("submarines").options[0]
    assert kilo.figures["cost"] is not None
    assert kilo.figures["cost"].value == pytest.approx(900 * 1.4)


def test_level_labels_are_mapped_to_their_values(mini: ScenarioData) -> None:
    alpha, bravo, _ = mini.capability("tanks").options
    interop = alpha.figures["interoperability"]
    assert interop is not None
    assert (interop.value, interop.low, interop.high) == (0.5, 0.5, 0.5)
    assert interop.label == "nato_standard"
    assert bravo.figures["interoperability"] is not None
    assert bravo.figures["interoperability"].value == 1.0
    assert bravo.figures["interoperability"].label == "widely_in_service"


def test_figures_keep_their_range_and_provenance(mini: ScenarioData) -> None:
    alpha, bravo, _ = mini.capability("tanks").options
    delivery = alpha.figures["delivery"]
    assert delivery is not None
    assert (delivery.value, delivery.low, delivery.high, delivery.source) == (12, 6, 24, "test")
    assert delivery.has_range
    bare = bravo.figures["delivery"]
    assert bare is not None
    assert (bare.value, bare.low, bare.high, bare.source) == (36, 36, 36, None)
    assert not bare.has_range


def test_blocs_and_content_are_derived_from_the_country(mini: ScenarioData) -> None:
    alpha, bravo, charlie = mini.capability("tanks").options
    assert [o.bloc for o in (alpha, bravo, charlie)] == ["ROK", "Europe", "US"]
    assert dict(alpha.content) == {"KR": 1.0}


def test_capabilities_criteria_and_options_keep_their_order(mini: ScenarioData) -> None:
    """Supplier files in sorted order (subs.yaml, tanks.yaml); shared criteria first, then
    the capability's own; options as written."""
    assert [c.id for c in mini.capabilities] == ["submarines", "tanks"]
    subs = mini.capability("submarines")
    assert subs.criterion_ids == ("cost", "delivery", "interoperability", "endurance")
    assert dict(subs.extra_weights) == {"endurance": 25.0}
    assert subs.quantity == 4
    assert [o.id for o in mini.capability("tanks").options] == ["alpha", "bravo", "charlie"]
    assert [c.id for c in mini.criteria] == ["cost", "delivery", "interoperability"]


def test_scenario_settings(mini: ScenarioData) -> None:
    assert mini.name == "Mini test scenario"
    assert mini.currency == "CAD"
    assert dict(mini.rates) == {"EUR": 1.5, "USD": 1.4}
    assert (mini.rates_source, mini.rates_as_of) == ("test rates", "2025-12")
    assert dict(mini.weights) == {"cost": 40, "delivery": 30, "interoperability": 30}
    assert (mini.weights_origin, mini.profile) == ("profile balanced", "balanced")
    assert set(mini.profiles) == {"balanced", "speed-first"}
    assert mini.method == "mavt"
    assert mini.missing == "reject"
    assert mini.screening["delivery"].max == 60


def test_inputs_are_the_sha256_of_every_file_read(mini: ScenarioData) -> None:
    """Keyed relative to the scenario's folder, each the hash of the file's raw bytes."""
    assert set(mini.inputs) == {
        "scenario.yaml",
        "criteria/default.yaml",
        "suppliers/subs.yaml",
        "suppliers/tanks.yaml",
    }
    for name, digest in mini.inputs.items():
        assert digest == hashlib.sha256((MINI / name).read_bytes()).hexdigest(), name


def test_file_names_are_recorded(mini: ScenarioData) -> None:
    assert mini.scenario_file is not None and mini.scenario_file.endswith("mini/scenario.yaml")
    assert mini.criteria_file is not None
    assert mini.criteria_file.endswith("mini/criteria/default.yaml")


def test_an_ahp_elicitation_loads() -> None:
    data = load_scenario(MINI / "ahp.yaml")
    assert isinstance(data.elicitation, AhpElicitation)
    assert data.elicitation.criteria == ["cost", "delivery", "interoperability"]
    assert data.weights_origin == "elicitation ahp"


def test_missing_worst_lets_a_gap_through_as_none(mini_copy: Path) -> None:
    _edit(mini_copy, "method: mavt", "method: mavt\nmissing: worst")
    _edit(mini_copy.parent / "suppliers" / "tanks.yaml", "      delivery: 36\n", "")
    data = load_scenario(mini_copy)
    bravo = data.capability("tanks").options[1]
    assert bravo.figures["delivery"] is None
    assert data.missing == "worst"


def test_the_same_files_load_the_same_from_another_folder(
    mini: ScenarioData, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Paths in the scenario are relative to it, not to where the command runs."""
    monkeypatch.chdir(MINI / "suppliers")
    again = load_scenario(Path("../scenario.yaml"))
    assert dict(again.inputs) == dict(mini.inputs)
    assert [c.options for c in again.capabilities] == [c.options for c in mini.capabilities]


# --------------------------------------------------------------------------------------
# The bundled scenario
# --------------------------------------------------------------------------------------


def test_the_bundled_scenario_loads_without_problems() -> None:
    data = load_scenario()
    assert len(data.capabilities) == 9
    assert sum(len(c.options) for c in data.capabilities) >= 30
    assert {o.bloc for c in data.capabilities for o in c.options} >= {"US", "Europe", "ROK"}
    for cap in data.capabilities:
        for option in cap.options:
            # An option a stated reason removes (screened_out) may have no deal to price.
            if option.screened_out is None:
                assert option.unit_cost is not None, (cap.id, option.id)
    assert load_scenario(bundled_scenario()).inputs == data.inputs


# --------------------------------------------------------------------------------------
# Follow-on problems and stand-ins: one mistake, one row
# --------------------------------------------------------------------------------------


def test_an_invalid_rate_is_not_also_reported_as_a_missing_rate(mini_copy: Path) -> None:
    _edit(mini_copy, "USD: 1.4", "USD: 0")
    (problem,) = _problems(mini_copy)
    assert problem.path == "rates.USD"
    assert "the rate for USD must be a number from 0.000001 to 1,000,000" in problem.message


def test_a_lower_case_currency_says_how_to_write_it(mini_copy: Path) -> None:
    _edit(mini_copy, "USD: 1.4", "usd: 1.4")
    problems = _problems(mini_copy)
    assert problems[0].path == "rates.usd"
    assert "write currency codes in capitals: `USD`" in problems[0].message
    # Amounts in USD then have no rate, and say where to add it.
    assert all("no exchange rate for USD" in p.message for p in problems[1:])
    assert len(problems) == 4


def test_an_invalid_unit_cost_is_not_also_reported_missing(mini_copy: Path) -> None:
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    _edit(tanks, "{value: 10, currency: EUR,", "{value: -10, currency: EUR,")
    (problem,) = _problems(mini_copy)
    assert (problem.path, problem.value) == ("options[1].unit_cost.value", "-10")


def test_an_invalid_scenario_field_does_not_hide_the_suppliers_problems(mini_copy: Path) -> None:
    _edit(mini_copy, "method: mavt", "method: topsys")
    _edit(mini_copy.parent / "suppliers" / "tanks.yaml", "nato_standard", "nato_standart")
    problems = _problems(mini_copy)
    assert [p.path for p in problems] == ["method", "options[0].values.interoperability"]


def test_a_suppliers_pattern_matching_only_a_folder_is_a_problem_row(mini_copy: Path) -> None:
    """`suppliers` names a folder: a row at the line, not an unreadable-file exit."""
    _edit(mini_copy, "suppliers: [suppliers/*.yaml]", "suppliers: [suppliers]")
    (problem,) = _problems(mini_copy)
    assert (problem.path, problem.line, problem.value) == ("suppliers[0]", 4, "suppliers")
    assert "no supplier file matches" in problem.message


# --------------------------------------------------------------------------------------
# Missing files
# --------------------------------------------------------------------------------------


def test_a_missing_scenario_file_raises_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError) as info:
        load_scenario(tmp_path / "nowhere.yaml")
    assert "file not found" in str(info.value)
    assert "nowhere.yaml" in str(info.value)
    assert "\n" not in str(info.value)


def test_a_folder_given_as_the_scenario_raises_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="is a folder, not a YAML file"):
        load_scenario(tmp_path)


def test_a_missing_criteria_file_is_a_row_at_the_criteria_line(mini_copy: Path) -> None:
    _edit(mini_copy, "criteria: criteria/default.yaml", "criteria: criteria/defualt.yaml")
    (problem,) = _problems(mini_copy)
    assert (problem.line, problem.path, problem.value) == (3, "criteria", "criteria/defualt.yaml")
    assert "file not found" in problem.message
    assert "did you mean `criteria/default.yaml`?" in problem.message


# --------------------------------------------------------------------------------------
# validate_paths: any kind of file
# --------------------------------------------------------------------------------------


def test_validate_a_scenario_checks_every_file_it_names() -> None:
    checked = validate_paths([MINI / "scenario.yaml"])
    assert sorted(checked) == [
        "criteria/default.yaml",
        "scenario.yaml",
        "suppliers/subs.yaml",
        "suppliers/tanks.yaml",
    ]


def test_validate_a_criteria_file_on_its_own() -> None:
    (checked,) = validate_paths([MINI / "criteria" / "default.yaml"])
    assert checked.endswith("criteria/default.yaml")


def test_validate_a_suppliers_file_on_its_own() -> None:
    (checked,) = validate_paths([MINI / "suppliers" / "tanks.yaml"])
    assert checked.endswith("suppliers/tanks.yaml")


def test_validate_reports_the_problems_of_a_lone_suppliers_file() -> None:
    bad = DATA / "invalid" / "scenarios" / "unknown_country" / "suppliers.yaml"
    with pytest.raises(InputError) as info:
        validate_paths([bad])
    assert [p.path for p in sorted(info.value.problems)] == [
        "options[0].country",
        "options[1].country",
        "options[1].content.XX",
    ]


def test_validate_an_unknown_kind_of_file(tmp_path: Path) -> None:
    other = tmp_path / "notes.yaml"
    other.write_text("title: shopping list\nitems: [milk]\n", encoding="utf-8")
    assert detect_kind(load_yaml(other)) is None
    with pytest.raises(InputError) as info:
        validate_paths([other])
    (problem,) = info.value.problems
    assert problem.line == 1
    assert "not a diversify file" in problem.message


def test_validate_several_files_reports_all_their_problems(tmp_path: Path) -> None:
    other = tmp_path / "notes.yaml"
    other.write_text("title: x\n", encoding="utf-8")
    bad = DATA / "invalid" / "scenarios" / "negative_cost" / "suppliers.yaml"
    with pytest.raises(InputError) as info:
        validate_paths([MINI / "criteria" / "default.yaml", other, bad])
    files = {Path(p.file).name for p in info.value.problems}
    assert files == {"notes.yaml", "suppliers.yaml"}


def test_validate_a_missing_file_raises_file_access_error(tmp_path: Path) -> None:
    with pytest.raises(FileAccessError, match="file not found"):
        validate_paths([tmp_path / "gone.yaml"])


def test_detect_kind_of_each_file() -> None:
    assert detect_kind(load_yaml(MINI / "scenario.yaml")) == "scenario"
    assert detect_kind(load_yaml(MINI / "criteria" / "default.yaml")) == "criteria"
    assert detect_kind(load_yaml(MINI / "suppliers" / "subs.yaml")) == "suppliers"


def test_a_scenario_without_its_suppliers_line_is_still_a_scenario(tmp_path: Path) -> None:
    """`criteria:` as a path (text) is a scenario's; as a list, a criteria file's."""
    text = (MINI / "scenario.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "scenario.yaml"
    broken.write_text(text.replace("suppliers: [suppliers/*.yaml]\n", ""), encoding="utf-8")
    assert detect_kind(load_yaml(broken)) == "scenario"


@pytest.mark.parametrize(
    ("given", "key", "says"),
    [
        ("suppliers/tanks.yaml", "capability", "this is a supplier file (one capability and its "
         "options), not a scenario: pass the scenario that lists it under `suppliers:`"),
        ("criteria/default.yaml", "criteria", "this is a criteria file (the criteria and their "
         "weight profiles), not a scenario: pass the scenario that names it under `criteria:`"),
    ],
)  # fmt: skip
def test_a_file_of_another_kind_where_a_scenario_belongs_is_one_problem(
    mini_copy: Path, monkeypatch: pytest.MonkeyPatch, given: str, key: str, says: str
) -> None:
    """Not one "unknown field" per key of the file: one row at the key that shows what it
    is, saying which file to pass instead (the scenario next to it)."""
    monkeypatch.chdir(mini_copy.parent)
    with pytest.raises(InputError) as info:
        load_scenario(Path(given))
    (problem,) = info.value.problems
    doc = load_yaml(Path(given))
    assert (problem.file, problem.path) == (given, "")
    assert (problem.line, problem.column) == doc.position((key,))
    assert problem.message.startswith(says)
    assert ", e.g. scenario.yaml (`diversify validate` checks this file on its own)" in (
        problem.message
    )


def test_mini_copy_is_independent(mini_copy: Path) -> None:
    """Guard for the tests above that edit the copy: the original stays untouched."""
    assert mini_copy.parent != MINI
    shutil.rmtree(mini_copy.parent / "suppliers")
    assert (MINI / "suppliers" / "tanks.yaml").is_file()
