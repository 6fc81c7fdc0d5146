"""Data hygiene of the bundled Canada scenario, checked on the raw YAML.

The bundled data's promise is that every figure names its source and every estimate says
so, with a range (DESIGN.md, "What real means here"). These tests read the files with
ruamel's safe loader and check that promise directly on the parsed dicts, independently
of the project's own loader and models, so that a data slip is caught even if the loader
is lenient (or not yet written), and the message names the file and the option.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import diversify

ROOT = Path(diversify.__file__).parent / "data" / "canada"
SUPPLIER_FILES = sorted((ROOT / "suppliers").glob("*.yaml"))
EXPECTED_CAPABILITIES = {
    "tanks", "spg", "rocket-artillery", "submarines", "trainers", "male-uav", "gbad",
}  # fmt: skip
IDENT = re.compile(r"^[a-z][a-z0-9_-]*$")
CONFIDENCE = {"high", "medium", "low"}
PROVENANCE_KEYS = {
    "value", "low", "high", "source", "as_of", "confidence", "estimate", "derived", "basis",
    "note",
}  # fmt: skip
MONEY_KEYS = PROVENANCE_KEYS | {"currency", "year"}
# Bloc of a supplier country, written out here so the test does not lean on the loader.
EUROPE = {
    "AT", "BE", "CH", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GB", "GR", "HR", "HU", "IT",
    "LT", "LV", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip


def _bloc(country: str) -> str:
    if country == "US":
        return "US"
    if country == "KR":
        return "ROK"
    if country == "CA":
        return "Canada"
    return "Europe" if country in EUROPE else "Other"


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


SCENARIO = _load(ROOT / "scenario.yaml")
CRITERIA = _load(ROOT / "criteria" / "default.yaml")
SUPPLIERS = {p.name: _load(p) for p in SUPPLIER_FILES}


def _options() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, doc in SUPPLIERS.items():
        for opt in doc["options"]:
            yield name, opt


OPTIONS = list(_options())
OPTION_IDS = [f"{name}:{opt['id']}" for name, opt in OPTIONS]


def _criteria_for(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Shared criteria plus the capability's own."""
    return [*CRITERIA["criteria"], *doc.get("criteria", [])]


def _figure_mappings(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every mapping anywhere in a document that carries a `value` (a figure)."""
    if isinstance(node, dict):
        if "value" in node:
            yield path, node
        for key, child in node.items():
            yield from _figure_mappings(child, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _figure_mappings(child, f"{path}[{i}]")


ALL_DOCS = {"scenario.yaml": SCENARIO, "criteria/default.yaml": CRITERIA, **SUPPLIERS}
ALL_FIGURES = [
    (f"{name}:{path}", fig) for name, doc in ALL_DOCS.items() for path, fig in _figure_mappings(doc)
]
FIGURE_IDS = [where for where, _ in ALL_FIGURES]


def test_seven_capability_files_with_at_least_twenty_options() -> None:
    ids = {doc["capability"]["id"] for doc in SUPPLIERS.values()}
    assert ids == EXPECTED_CAPABILITIES
    assert len(SUPPLIER_FILES) == 7
    assert len(OPTIONS) >= 20, f"only {len(OPTIONS)} options in the bundled data"


def test_us_europe_and_rok_suppliers_all_present() -> None:
    blocs = {opt.get("bloc") or _bloc(opt["country"]) for _, opt in OPTIONS}
    assert {"US", "Europe", "ROK"} <= blocs


def test_ids_are_identifiers_and_unique() -> None:
    crit_ids = [c["id"] for c in CRITERIA["criteria"]]
    assert len(crit_ids) == len(set(crit_ids))
    for name, doc in SUPPLIERS.items():
        opt_ids = [o["id"] for o in doc["options"]]
        assert len(opt_ids) == len(set(opt_ids)), f"{name}: duplicate option ids"
        own = [c["id"] for c in doc.get("criteria", [])]
        assert not set(own) & set(crit_ids), f"{name}: re-uses a shared criterion id"
        for ident in [doc["capability"]["id"], *opt_ids, *own]:
            assert IDENT.match(ident), f"{name}: `{ident}` is not a lower-case identifier"
    for profile in CRITERIA["profiles"]:
        assert IDENT.match(profile)


def figure_problems(fig: dict[str, Any]) -> list[str]:
    """What is wrong with one figure mapping's provenance or range (empty when nothing)."""
    problems = []
    unknown = set(fig) - MONEY_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    if not fig.get("source"):
        problems.append("no `source`")
    if fig.get("confidence") not in CONFIDENCE:
        problems.append("confidence must be high, medium or low")
    if fig.get("derived") and not fig.get("basis"):
        problems.append("derived figure without `basis`")
    if fig.get("estimate"):
        if "low" not in fig or "high" not in fig:
            problems.append("estimate without `low` and `high`")
        if not fig.get("basis"):
            problems.append("estimate without `basis` explaining it")
    value = fig.get("value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low, high = fig.get("low", value), fig.get("high", value)
        if value < 0:
            problems.append("negative figure")
        if not low <= value <= high:
            problems.append(f"need low <= value <= high, got {low}, {value}, {high}")
    return problems


@pytest.mark.parametrize(("where", "fig"), ALL_FIGURES, ids=FIGURE_IDS)
def test_every_figure_has_provenance_and_a_consistent_range(
    where: str, fig: dict[str, Any]
) -> None:
    """Source and confidence on every figure; derived -> basis; estimate -> low/high; order."""
    assert figure_problems(fig) == [], where


@pytest.mark.parametrize(
    ("fig", "expected"),
    [
        ({"value": 18.7, "derived": True, "source": "s", "confidence": "high"}, "basis"),
        ({"value": 5, "estimate": True, "low": 4, "basis": "b", "source": "s",
          "confidence": "low"}, "estimate without `low` and `high`"),
        ({"value": 5, "low": 6, "source": "s", "confidence": "low"}, "low <= value"),
        ({"value": 5, "high": 4, "source": "s", "confidence": "low"}, "low <= value"),
        ({"value": 5, "confidence": "low"}, "no `source`"),
        ({"value": 5, "source": "s", "confidence": "M"}, "confidence"),
        ({"value": 5, "source": "s", "confidence": "low", "sorce": "x"}, "unknown keys"),
    ],
)  # fmt: skip
def test_figure_checker_catches_bad_figures(fig: dict[str, Any], expected: str) -> None:
    """The hygiene check itself must fail on bad data, or the test above proves nothing."""
    problems = figure_problems(fig)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_option_unit_cost_is_sourced_money(name: str, opt: dict[str, Any]) -> None:
    cost = opt["unit_cost"]
    assert isinstance(cost, dict), f"{name}:{opt['id']}: unit_cost must be a mapping"
    assert cost.get("source"), f"{name}:{opt['id']}: unit_cost has no `source`"
    assert re.fullmatch(r"[A-Z]{3}", cost["currency"])
    assert isinstance(cost["year"], int) and 2000 <= cost["year"] <= 2030
    # A package-derived cost or an estimate must say how it was obtained.
    assert cost.get("derived") or cost.get("estimate"), (
        f"{name}:{opt['id']}: unit costs in the sources are derived from packages or estimated; "
        "mark which"
    )


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_option_has_a_sourced_value_for_every_criterion(name: str, opt: dict[str, Any]) -> None:
    doc = SUPPLIERS[name]
    criteria = _criteria_for(doc)
    needed = {c["id"] for c in criteria if c.get("from") != "unit_cost"}
    given = set(opt["values"])
    assert given == needed, f"{name}:{opt['id']}: missing {needed - given}, extra {given - needed}"
    for cid, fig in opt["values"].items():
        assert isinstance(fig, dict), f"{name}:{opt['id']}.{cid}: give a mapping with a source"
        assert fig.get("source"), f"{name}:{opt['id']}.{cid}: no `source`"
        assert fig.get("basis") or fig.get("note") or not isinstance(fig["value"], str), (
            f"{name}:{opt['id']}.{cid}: a level label needs a `basis` saying what supports it"
        )


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_every_label_is_one_of_the_criterion_levels(name: str, opt: dict[str, Any]) -> None:
    criteria = {c["id"]: c for c in _criteria_for(SUPPLIERS[name])}
    for cid, fig in opt["values"].items():
        vf = criteria[cid].get("value_function", {"kind": "linear"})
        value = fig["value"]
        if vf["kind"] == "levels":
            assert value in vf["levels"], (
                f"{name}:{opt['id']}.{cid}: `{value}` is not one of {list(vf['levels'])}"
            )
        else:
            assert isinstance(value, (int, float)), f"{name}:{opt['id']}.{cid}: needs a number"


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_country_and_content_shares(name: str, opt: dict[str, Any]) -> None:
    assert re.fullmatch(r"[A-Z]{2}", opt["country"]), f"{name}:{opt['id']}: ISO alpha-2 country"
    content = opt.get("content")
    if content is not None:
        assert opt["country"] in content, f"{name}:{opt['id']}: the prime's country has no share"
        assert sum(content.values()) == pytest.approx(1.0)
        assert opt.get("notes"), f"{name}:{opt['id']}: content shares need `notes` with reasoning"


def test_levels_are_listed_worst_to_best_within_0_and_1() -> None:
    all_criteria = [*CRITERIA["criteria"]]
    for doc in SUPPLIERS.values():
        all_criteria += doc.get("criteria", [])
    for crit in all_criteria:
        vf = crit.get("value_function", {})
        if vf.get("kind") == "levels":
            values = list(vf["levels"].values())
            assert values == sorted(values), f"{crit['id']}: levels not worst to best"
            assert values[0] >= 0 and values[-1] <= 1
        assert crit.get("name") and crit.get("description"), f"{crit['id']}: name/description"


def test_export_control_levels_run_high_to_low() -> None:
    """High exposure is the worst label, low exposure the best (DESIGN.md rubric)."""
    crit = next(c for c in CRITERIA["criteria"] if c["id"] == "export_control")
    assert list(crit["value_function"]["levels"]) == ["high", "medium", "low"]


def test_profiles_use_known_criteria_and_the_scenario_profile_exists() -> None:
    shared = {c["id"] for c in CRITERIA["criteria"]}
    profiles = CRITERIA["profiles"]
    assert {"balanced", "speed-first", "sovereignty-first", "itb-canada"} <= set(profiles)
    for name, points in profiles.items():
        assert set(points) <= shared, f"profile {name}: unknown criteria {set(points) - shared}"
        assert all(p >= 0 for p in points.values()) and sum(points.values()) > 0
    assert SCENARIO["profile"] in profiles
    for name, doc in SUPPLIERS.items():
        own = {c["id"] for c in doc.get("criteria", [])}
        assert set(doc.get("weights", {})) == own, f"{name}: weights must cover its own criteria"


def test_every_currency_used_has_a_sourced_rate() -> None:
    rates = SCENARIO["rates"]
    assert rates.get("source") and rates.get("as_of")
    known = {SCENARIO["currency"], *(k for k in rates if re.fullmatch(r"[A-Z]{3}", k))}
    used = {opt["unit_cost"]["currency"] for _, opt in OPTIONS}
    used |= {
        d["capability"]["budget"]["currency"]
        for d in SUPPLIERS.values()
        if "budget" in d["capability"]
    }
    assert used <= known, f"no rate for {used - known}"
    assert all(rates[k] > 0 for k in known - {SCENARIO["currency"]})


def test_capability_quantity_is_sourced() -> None:
    for name, doc in SUPPLIERS.items():
        qty = doc["capability"]["quantity"]
        assert isinstance(qty, dict) and qty.get("source"), f"{name}: quantity needs a source"
        assert qty["value"] > 0
