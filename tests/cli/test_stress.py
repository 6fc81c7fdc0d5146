"""``diversify stress`` and ``diversify portfolio --robust`` as a planner runs them."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.cli.helpers import MINI, assert_one_line_error, doc_keys, invoke, ok


def test_robust_json_has_a_selection_per_capability_and_is_byte_identical(
    runner: CliRunner,
) -> None:
    args = ("portfolio", "--robust", "--samples", "2000", "--seed", "1", "--format", "json")
    first = ok(runner, *args)
    assert ok(runner, *args) == first
    doc = json.loads(first)
    robust = doc["robust"]
    assert list(doc).index("robust") == list(doc).index("frontier") + 1
    assert robust["samples"] == 2000 and robust["seed"] == 1
    ids = {c["id"] for c in doc["capabilities"]}
    assert {c["id"] for c in robust["capabilities"]} == ids
    for cap in robust["capabilities"]:
        assert sum(cap["selection"].values()) == pytest.approx(1.0)
        assert cap["recommended"] == doc["result"]["chosen"][cap["id"]].split(".", 1)[1]


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_robust_in_every_portfolio_format(runner: CliRunner, fmt: str) -> None:
    text = ok(runner, "portfolio", str(MINI), "--robust", "--samples", "200", "-f", fmt)
    assert ("How sure is the portfolio?" in text) or (fmt == "csv" and "selection_se" in text)
    if fmt == "md":
        assert text.index("How sure") < text.index("## Inputs")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--samples", "10"), "--samples and --seed go with --robust"),
        (("--robust", "--samples", "0"), "--samples must be a whole number"),
        (("--robust", "--seed", "-1"), "--seed must be zero or more"),
    ],
)
def test_robust_flags_are_checked(runner: CliRunner, args: tuple[str, ...], fragment: str) -> None:
    assert_one_line_error(invoke(runner, "portfolio", str(MINI), *args), fragment)


def test_stress_json_lists_every_shock_with_what_it_retains(runner: CliRunner) -> None:
    doc = json.loads(ok(runner, "stress", "--format", "json"))
    assert doc["schema"] == "diversify.stress/1"
    assert doc["shocks"]
    for s in doc["shocks"]:
        assert {"source", "value_retained", "uncovered", "replaced", "hit"} <= set(s)
        assert 0.0 <= s["value_retained"] <= 1.0
    us = next(s for s in doc["shocks"] if s["source"] == "US" and s["kind"] == "lost")
    assert any(r["capability"] == "male-uav" for r in us["replaced"])
    assert doc["inputs"] and doc["summary"]
    keys = doc_keys("Supply shocks: `diversify stress --format json`")
    assert list(doc) == [k for k in keys if k != "resilient"]  # resilient: with --resilient


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_stress_readable_formats(runner: CliRunner, fmt: str) -> None:
    text = ok(runner, "stress", str(MINI), "--delay", "6", "--dearer", "0.5", "-f", fmt)
    assert "6 months late" in text and "50% dearer" in text and "value retained" in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--delay", "-1"), "--delay must be"),
        (("--dearer", "nan"), "--dearer must be"),
        (("--delivery-criterion", "speed"), "is not a criterion"),
        (("--format", "xml"), "unknown format"),
        (("--cap", "Mars=0.5"), "is not a bloc"),
    ],
)
def test_stress_flags_are_checked(runner: CliRunner, args: tuple[str, ...], fragment: str) -> None:
    assert_one_line_error(invoke(runner, "stress", str(MINI), *args), fragment)


@pytest.mark.parametrize("objective", ["worst", "expected"])
def test_stress_resilient_section(runner: CliRunner, objective: str) -> None:
    doc = json.loads(ok(runner, "stress", "--resilient", objective, "-f", "json"))
    res = doc["resilient"]
    assert list(doc) == doc_keys("Supply shocks: `diversify stress --format json`")
    assert res["objective"] == objective and res["status"] == "optimal"
    assert res["shocked_value"] >= res["recommended_shocked_value"] - 1e-9
    text = ok(runner, "stress", "--resilient", objective)
    assert "best survives losing one source" in text


def test_stress_resilient_objective_is_checked(runner: CliRunner) -> None:
    assert_one_line_error(invoke(runner, "stress", str(MINI), "--resilient", "best"),
                          "--resilient: `best` is not an objective")  # fmt: skip
