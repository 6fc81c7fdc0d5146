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

from diversify.io.loader import bundled_root

ROOT = bundled_root()
SUPPLIER_FILES = sorted((ROOT / "suppliers").glob("*.yaml"))
EXPECTED_CAPABILITIES = {
    "tanks", "spg", "rocket-artillery", "submarines", "trainers", "male-uav", "gbad",
    "counter-uas", "lav-ifv",
}  # fmt: skip
IDENT = re.compile(r"^[a-z][a-z0-9_-]*$")
CONFIDENCE = {"high", "medium", "low"}
PROVENANCE_KEYS = {
    "value", "low", "high", "source", "as_of", "confidence", "estimate", "derived", "basis",
    "note",
}  # fmt: skip
MONEY_KEYS = PROVENANCE_KEYS | {"currency", "year"}
# A criterion value may name the deal it comes from, and why that differs from the cost's.
FIGURE_KEYS = MONEY_KEYS | {"deal", "mixed_reason"}
# The package words a deal's `scope` may use, written out here (not taken from the model).
SCOPE_WORDS = {
    "platform", "training", "logistics", "spares", "munitions", "support_vehicles",
    "design_nre", "infrastructure", "in_service_support",
}  # fmt: skip
DEAL_KEYS = (PROVENANCE_KEYS - {"value", "low", "high"}) | {
    "id", "kind", "customer", "domestic", "date", "amount", "currency", "price_year", "units",
    "scope", "support_years",
}  # fmt: skip
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


def test_nine_capability_files_with_at_least_thirty_options() -> None:
    ids = {doc["capability"]["id"] for doc in SUPPLIERS.values()}
    assert ids == EXPECTED_CAPABILITIES
    assert len(SUPPLIER_FILES) == len(EXPECTED_CAPABILITIES) == 9
    assert len(OPTIONS) >= 30, f"only {len(OPTIONS)} options in the bundled data"


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
    unknown = set(fig) - FIGURE_KEYS
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


def deal_problems(deal: dict[str, Any]) -> list[str]:
    """What is wrong with one reference deal's sourcing or arithmetic (empty when nothing)."""
    problems = []
    unknown = set(deal) - DEAL_KEYS
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    if not IDENT.match(str(deal.get("id", ""))):
        problems.append("`id` must be a lower-case identifier")
    if deal.get("kind", "contract") not in {"contract", "offer"}:
        problems.append("kind must be contract or offer")
    if deal.get("kind") == "offer" and not deal.get("date"):
        problems.append("an offer needs a `date`")
    if not deal.get("customer"):
        problems.append("no `customer`")
    if not isinstance(deal.get("domestic", False), bool):
        problems.append("`domestic` must be true or false")
    if not deal.get("source"):
        problems.append("no `source`")
    if deal.get("confidence") not in CONFIDENCE:
        problems.append("confidence must be high, medium or low")
    if not deal.get("basis"):
        problems.append("no `basis` saying what the package buys and how per-unit follows")
    for key in ("amount", "units"):
        value = deal.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            problems.append(f"`{key}` must be a number above 0")
    if not re.fullmatch(r"[A-Z]{3}", str(deal.get("currency", ""))):
        problems.append("`currency` must be an ISO 4217 code")
    year = deal.get("price_year")
    if not (isinstance(year, int) and 2000 <= year <= 2030):
        problems.append("`price_year` must be a year from 2000 to 2030")
    scope = deal.get("scope")
    if not (isinstance(scope, list) and scope and set(scope) <= SCOPE_WORDS):
        problems.append(f"`scope` must list words from {sorted(SCOPE_WORDS)}")
    elif len(set(scope)) != len(scope):
        problems.append("`scope` lists an element twice")
    elif "platform" not in scope:
        problems.append("`scope` must include the platform the deal buys")
    if "support_years" in deal and "in_service_support" not in (scope or []):
        problems.append("`support_years` given but `in_service_support` not in `scope`")
    return problems


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_option_cost_comes_from_sourced_deals(name: str, opt: dict[str, Any]) -> None:
    """No typed unit cost: every option is priced from deals, each sourced and scoped."""
    where = f"{name}:{opt['id']}"
    assert "unit_cost" not in opt, f"{where}: give `deals:`, not a typed `unit_cost`"
    if "screened_out" in opt and "deals" not in opt:
        return  # no priceable deal is its stated reason (test_screened_out_options_...)
    deals = opt.get("deals")
    assert isinstance(deals, list) and deals, f"{where}: no `deals` to price it from"
    ids = [d.get("id") for d in deals]
    assert len(ids) == len(set(ids)), f"{where}: duplicate deal ids"
    for deal in deals:
        assert deal_problems(deal) == [], f"{where}.deals.{deal.get('id')}"
    assert any(d.get("kind", "contract") == "contract" for d in deals), (
        f"{where}: at least one signed contract (offers alone are not evidence of a price)"
    )


@pytest.mark.parametrize(
    ("deal", "expected"),
    [
        ({"amount": 10}, "no `source`"),
        ({"confidence": "H"}, "confidence"),
        ({"basis": ""}, "basis"),
        ({"units": 0}, "`units`"),
        ({"amount": "3370"}, "`amount`"),
        ({"currency": "usd"}, "currency"),
        ({"price_year": 1999}, "price_year"),
        ({"scope": ["platform", "ammo"]}, "scope"),
        ({"scope": ["training"]}, "platform"),
        ({"support_years": 5}, "support_years"),
        ({"kind": "offer"}, "an offer needs a `date`"),
        ({"id": "PL-2022"}, "identifier"),
        ({"domestic": "yes"}, "domestic"),
        ({"sorce": "x"}, "unknown keys"),
    ],
)  # fmt: skip
def test_deal_checker_catches_bad_deals(deal: dict[str, Any], expected: str) -> None:
    """The deal check must fail on bad data, or the test above proves nothing."""
    good = {
        "id": "pl-2022", "customer": "Poland", "date": "2022-08", "amount": 3370,
        "currency": "USD", "price_year": 2022, "units": 180, "scope": ["platform"],
        "source": "s", "confidence": "high", "basis": "b",
    }  # fmt: skip
    assert deal_problems(good) == []
    bad = {**good, **deal}
    if expected == "no `source`":
        del bad["source"]
    if expected == "an offer needs a `date`":
        del bad["date"]
    problems = deal_problems(bad)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_a_figure_names_only_its_own_deals(name: str, opt: dict[str, Any]) -> None:
    """`deal:` on a criterion value names one of the option's deals; `mixed_reason` needs it."""
    ids = {d["id"] for d in opt.get("deals", [])}
    for cid, fig in opt["values"].items():
        if not isinstance(fig, dict):
            continue
        if "deal" in fig:
            assert fig["deal"] in ids, f"{name}:{opt['id']}.{cid}: unknown deal `{fig['deal']}`"
        if "mixed_reason" in fig:
            assert fig.get("deal") and fig["mixed_reason"].strip(), (
                f"{name}:{opt['id']}.{cid}: `mixed_reason` without the `deal` it explains"
            )


def _band_problems(entry: dict[str, Any], key: str) -> list[str]:
    """Sourcing and range of a cost_basis adjustment (key factor) or an escalation (rate)."""
    problems = []
    if not entry.get("source"):
        problems.append("no `source`")
    if entry.get("confidence") not in CONFIDENCE:
        problems.append("confidence must be high, medium or low")
    if not entry.get("basis"):
        problems.append("no `basis`")
    if key not in entry:
        return [*problems, f"no `{key}`"]
    if entry.get("estimate") and ("low" not in entry or "high" not in entry):
        problems.append("estimate without `low` and `high`")
    low, value, high = entry.get("low", entry[key]), entry[key], entry.get("high", entry[key])
    if not low <= value <= high:
        problems.append(f"need low <= {key} <= high, got {low}, {value}, {high}")
    return problems


def test_cost_basis_adjusts_every_scope_gap_with_a_sourced_range() -> None:
    """Every element some deal lacks or has in excess has a sourced, ranged adjustment."""
    rule = SCENARIO["cost_basis"]
    target = set(rule["scope"])
    assert target <= SCOPE_WORDS and "platform" in target
    needed: set[str] = set()
    for _, opt in OPTIONS:
        for deal in opt.get("deals", []):
            needed |= target ^ set(deal["scope"])
    adjustments = rule.get("adjustments", {})
    assert needed <= set(adjustments), f"no adjustment for {sorted(needed - set(adjustments))}"
    assert set(adjustments) <= SCOPE_WORDS
    for element, adj in adjustments.items():
        assert _band_problems(adj, "factor") == [], f"cost_basis.adjustments.{element}"


# What a capability may change in the scenario's rule (written out, not taken from the model).
SELECT_WORDS = {
    "latest_export", "latest_domestic", "latest", "offer_first", "median", "lowest", "highest",
}  # fmt: skip
OVERRIDE_KEYS = (PROVENANCE_KEYS - {"value", "low", "high"}) | {"select", "scope", "adjustments"}


def test_a_capability_rule_is_sourced_and_prices_every_judged_option_as_it_asks() -> None:
    """A supplier file that departs from the scenario's one rule says why, with a source,
    and its options have the deal it asks for (no silent fallback): the submarines'
    `latest_domestic` needs a domestic order for each judged bid."""
    overridden = {name: doc for name, doc in SUPPLIERS.items() if "cost_basis" in doc["capability"]}
    assert set(overridden) == {"submarines.yaml"}  # the one capability the audit named
    for name, doc in overridden.items():
        rule = doc["capability"]["cost_basis"]
        assert set(rule) <= OVERRIDE_KEYS, f"{name}: {sorted(set(rule) - OVERRIDE_KEYS)}"
        assert rule.get("basis") and rule.get("source"), f"{name}: no basis or source"
        assert rule.get("confidence") in CONFIDENCE, name
        assert rule.get("select", "latest_export") in SELECT_WORDS, name
        for element, adj in rule.get("adjustments", {}).items():
            assert _band_problems(adj, "factor") == [], f"{name}: adjustments.{element}"
        if rule.get("select") == "latest_domestic":
            for opt in doc["options"]:
                if "screened_out" in opt:
                    continue
                domestic = [
                    d for d in opt.get("deals", [])
                    if d.get("domestic") and d.get("kind", "contract") == "contract"
                ]  # fmt: skip
                assert domestic, f"{name}:{opt['id']}: no domestic contract to price it"


def test_every_deal_currency_and_year_escalates_to_the_base_year() -> None:
    base_year = SCENARIO["cost_basis"]["base_year"]
    escalation = SCENARIO.get("escalation", {})
    needed = {
        d["currency"]
        for _, opt in OPTIONS
        for d in opt.get("deals", [])
        if d["price_year"] != base_year
    }
    assert needed <= set(escalation), f"no escalation for {sorted(needed - set(escalation))}"
    for currency, esc in escalation.items():
        if "index" in esc:
            assert esc.get("source") and esc.get("basis"), f"escalation.{currency}"
        else:
            assert _band_problems(esc, "rate") == [], f"escalation.{currency}"


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        ({"factor": 0.05, "source": "s", "confidence": "low"}, "basis"),
        ({"factor": 0.05, "estimate": True, "low": 0.02, "basis": "b", "source": "s",
          "confidence": "low"}, "estimate without"),
        ({"factor": 0.05, "low": 0.06, "high": 0.1, "basis": "b", "source": "s",
          "confidence": "low"}, "low <= factor"),
        ({"factor": 0.05, "basis": "b", "confidence": "low"}, "no `source`"),
    ],
)  # fmt: skip
def test_band_checker_catches_bad_adjustments(entry: dict[str, Any], expected: str) -> None:
    problems = _band_problems(entry, "factor")
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_option_has_a_sourced_value_for_every_criterion(name: str, opt: dict[str, Any]) -> None:
    doc = SUPPLIERS[name]
    criteria = _criteria_for(doc)
    needed = {c["id"] for c in criteria if c.get("from") is None}
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
        if value == "unknown":  # an evidence gap; its basis is checked with the other values
            continue
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
    used = {d["currency"] for _, opt in OPTIONS for d in opt.get("deals", [])}
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


@pytest.mark.parametrize("name", sorted(SUPPLIERS))
def test_through_life_support_is_given_with_its_basis_and_range(name: str) -> None:
    """The lifecycle_cost criterion needs support for every option: the capability's (or
    the option's own), each saying what it rests on, with a range when it is an estimate."""
    doc = SUPPLIERS[name]
    if not any(c.get("from") == "lifecycle_cost" for c in _criteria_for(doc)):
        pytest.skip("no through-life criterion")
    for opt in doc["options"]:
        support = opt.get("support") or doc["capability"].get("support")
        assert isinstance(support, dict), f"{name}:{opt['id']}: no `support` for lifecycle_cost"
        assert support.get("basis"), f"{name}:{opt['id']}: support needs a `basis`"
        assert support.get("confidence"), f"{name}:{opt['id']}: support needs a `confidence`"
        if support.get("estimate"):
            assert "low" in support and "high" in support, f"{name}: an estimate needs a range"
        if support.get("confidence") != "low":
            assert support.get("source"), f"{name}: support above low confidence needs a source"


# Issue 9: the two criteria the briefing stresses (supply-chain resilience, schedule record).
NEW_ORDINAL_CRITERIA = ("supply_chain", "schedule_record")


@pytest.mark.parametrize("cid", NEW_ORDINAL_CRITERIA)
def test_new_criteria_carry_a_rubric_defining_every_level(cid: str) -> None:
    """A level is only usable if the criteria file says what a source must show for it."""
    crit = next(c for c in CRITERIA["criteria"] if c["id"] == cid)
    levels = crit["value_function"]["levels"]
    assert len(levels) >= 3
    for label in levels:
        assert f"`{label}`" in crit["description"], f"{cid}: `{label}` has no definition"


@pytest.mark.parametrize("cid", NEW_ORDINAL_CRITERIA)
def test_new_criteria_weigh_in_the_judgement_profiles_without_changing_totals(cid: str) -> None:
    """The new criteria took points from others: every profile still totals 100, and the
    analyst's own profiles use them (the published-weight mappings give them 0)."""
    profiles = CRITERIA["profiles"]
    for name, points in profiles.items():
        assert sum(points.values()) == pytest.approx(100), f"profile {name} no longer sums to 100"
    for name in ("balanced", "speed-first", "sovereignty-first", "through-life"):
        assert profiles[name][cid] > 0, f"profile {name} gives {cid} no weight"
    for name in ("itb-canada", "ffcp"):
        assert profiles[name][cid] == 0, f"{name} maps published weights, which omit {cid}"


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_new_criteria_values_are_researched_or_an_explained_gap(
    name: str, opt: dict[str, Any]
) -> None:
    """Every option has both: a level with the outlet it rests on, or `unknown` with what
    was searched (never a default level standing in for a missing fact)."""
    if opt.get("screened_out"):
        pytest.skip("screened out by a stated decision: no figures needed")
    for cid in NEW_ORDINAL_CRITERIA:
        fig = opt["values"][cid]
        where = f"{name}:{opt['id']}.{cid}"
        assert fig.get("basis") and fig.get("source"), where
        if fig["value"] == "unknown":
            assert "low" not in fig and "high" not in fig, where
        else:
            outlets = re.sub(r"\(?SOURCES §[\d.]+[^);]*\)?", "", fig["source"]).strip(" ;,")
            assert outlets, f"{where}: cite the outlet, not only the fact sheet's section"


# Issue 9 (part A): the audit's fixes, Canadian content and the evidence bar.


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_no_none_reported_placeholder_on_industrial_criteria(
    name: str, opt: dict[str, Any]
) -> None:
    """A missing report is `unknown` (scored by the evidence-gaps policy), never the worst
    level standing in for it (DATA-AUDIT §4.7)."""
    if opt.get("screened_out"):
        pytest.skip("screened out by a stated decision: no figures needed")
    for cid in ("itb", "tech_transfer"):
        fig = opt["values"][cid]
        assert "none reported" not in str(fig.get("source", "")).lower(), (
            f"{name}:{opt['id']}.{cid}"
        )
        if fig["value"] == "none":
            assert "none reported" not in str(fig.get("basis", "")).lower()


def test_screening_limits_are_not_a_candidates_own_figure() -> None:
    """A must-meet limit set equal to one option's figure lets one unit decide the field
    (DATA-AUDIT §4.6, F5); the limits come from requirements."""
    for cid, rule in SCENARIO.get("screening", {}).items():
        for bound in ("min", "max"):
            if bound not in rule:
                continue
            for name, opt in OPTIONS:
                fig = opt.get("values", {}).get(cid)
                value = fig.get("value") if isinstance(fig, dict) else fig
                assert value != rule[bound], f"{cid}.{bound} equals {name}:{opt['id']}'s own figure"


def test_exchange_rates_come_from_one_dated_table() -> None:
    """All rates share one source and one day (the won rate was months older than the
    others: DATA-AUDIT §4.5)."""
    rates = SCENARIO["rates"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(rates["as_of"])), "rates need a dated day"
    for code in (k for k in rates if re.fullmatch(r"[A-Z]{3}", k)):
        assert code in rates["source"], f"the rates' source does not give {code}"


@pytest.mark.parametrize(("name", "opt"), OPTIONS, ids=OPTION_IDS)
def test_every_option_states_its_canadian_content_with_a_range(
    name: str, opt: dict[str, Any]
) -> None:
    """The Canadian-content floor and the DIS target can only be tested if every option
    says what share of its spend goes to Canadian industry, and how sure that is."""
    if opt.get("screened_out"):
        pytest.skip("screened out by a stated decision: no figures needed")
    lc = opt.get("local_content")
    where = f"{name}:{opt['id']}.local_content"
    assert isinstance(lc, dict), f"{where}: missing"
    assert 0 <= lc["low"] <= lc["value"] <= lc["high"] <= 1, where
    assert lc.get("source") and lc.get("basis") and lc.get("confidence") in CONFIDENCE, where
    if lc.get("estimate"):
        assert lc["high"] > lc["low"], f"{where}: an estimate needs a real range"


# Issue 9, part B: the candidates and capabilities the audit found missing (DATA-AUDIT §6).
SCREENED = [(name, opt) for name, opt in OPTIONS if "screened_out" in opt]
SCREENED_IDS = [f"{name}:{opt['id']}" for name, opt in SCREENED]


@pytest.mark.parametrize("name", sorted(SUPPLIERS))
def test_every_capability_has_three_candidates_from_two_blocs_with_a_korean_one(
    name: str,
) -> None:
    """DATA-AUDIT §6's bar: at least 3 candidates (ranked or screened out) from at least 2
    blocs, a ROK one wherever one exists (one exists for all nine), and at least two that
    are scored, so no ranking is one option by default."""
    options = SUPPLIERS[name]["options"]
    blocs = {opt.get("bloc") or _bloc(opt["country"]) for opt in options}
    assert len(options) >= 3, f"{name}: only {len(options)} candidates"
    assert len(blocs) >= 2, f"{name}: candidates from one bloc only ({blocs})"
    assert "ROK" in blocs, f"{name}: no South Korean candidate"
    scored = [opt["id"] for opt in options if "screened_out" not in opt]
    assert len(scored) >= 2, f"{name}: fewer than two options are scored ({scored})"


def test_the_eliminated_submarine_bids_are_screened_out_by_the_down_select() -> None:
    """The three CPSP bids Canada eliminated on 26 Aug 2025 are listed, with that reason."""
    subs = {opt["id"]: opt for opt in SUPPLIERS["submarines.yaml"]["options"]}
    for oid, country in (("a26", "SE"), ("barracuda-ssk", "FR"), ("s-80-plus", "ES")):
        decision = subs[oid]["screened_out"]
        assert subs[oid]["country"] == country
        assert "down-select of 26 Aug 2025" in decision["reason"], oid
        assert "newswire.ca" in decision["source"], oid
    assert [o for o in subs if "screened_out" not in subs[o]] == ["kss-iii", "type-212cd"]


@pytest.mark.parametrize(("name", "opt"), SCREENED, ids=SCREENED_IDS)
def test_screened_out_options_state_a_sourced_reason(name: str, opt: dict[str, Any]) -> None:
    decision = opt["screened_out"]
    where = f"{name}:{opt['id']}"
    assert set(decision) <= {"reason", "source", "as_of", "confidence", "note"}, where
    assert len(decision.get("reason", "")) > 40, f"{where}: say why, in a sentence"
    assert decision.get("source") and decision.get("confidence") in CONFIDENCE, where
    assert decision.get("as_of"), f"{where}: date the decision or the fact"


ADDED = {
    "submarines.yaml": {"a26", "barracuda-ssk", "s-80-plus"},
    "male-uav.yaml": {"hermes-900", "kus-fs"},
    "gbad.yaml": {"land-ceptor", "nomads", "biho-ii"},
    "counter-uas.yaml": {"im-shorad", "skyranger-30", "caci-cuas", "block-i-laser"},
    "lav-ifv.yaml": {"redback", "cv90", "lynx-kf41", "lav-6"},
}


def test_the_added_options_are_all_present() -> None:
    found = {n: {o["id"] for o in SUPPLIERS[n]["options"]} & ids for n, ids in ADDED.items()}
    assert found == ADDED
