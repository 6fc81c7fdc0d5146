"""docs/json-contract.md against real output: the documented contract and the JSON agree.

The page's key tables are parsed and compared, key by key and in order, with the JSON that
``diversify score --format json`` prints (run in-process with Typer's ``CliRunner``) on the
mini test scenario, whose scores are hand-checked in tests/engine/test_scoring.py, and on
the bundled Canada scenario. So a key added to the output without documentation, a
documented key that is missing, a wrong type or a stale example all fail here.
``test_formats.py`` covers the renderer on hand-built results; tests/cli/test_robustness.py
checks the ``diversify robustness`` document.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from diversify.cli.main import app
from diversify.engine.methods import METHODS
from diversify.engine.scoring import score
from diversify.io.loader import bundled_scenario, load_scenario
from diversify.report.bundle import ReportBundle
from diversify.report.data import SCHEMA
from diversify.report.formats import render

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "json-contract.md"
MINI = ROOT / "tests" / "data" / "valid" / "mini" / "scenario.yaml"
TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "float": float,
    "integer": int,
    "boolean": bool,
    "object": dict,
    "array": list,
}
OBJECT_KINDS = ["Capability", "Criterion", "Ranked option", "Screened-out option"]


@cache
def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _section(heading: str) -> str:
    """The text under a ``## heading`` (or ``###``) up to the next heading of any level."""
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", _doc() + "\n#", re.M | re.S)
    assert match, f"docs/json-contract.md has no section `{heading}`"
    return match.group(1)


def documented(heading: str) -> list[tuple[str, str]]:
    """(key, type text) for every row of the section's key table, in order."""
    rows = re.findall(r"^\| `([^`]+)` \| ([^|]+) \|", _section(heading), re.M)
    assert rows, f"section `{heading}` lists no keys"
    return [(key, kind.strip()) for key, kind in rows]


@cache
def score_json(*args: str) -> dict[str, Any]:
    """What ``diversify score --format json ARGS`` prints, parsed (cached per ARGS)."""
    result = CliRunner().invoke(app, ["score", "--format", "json", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def mini_json(*args: str) -> dict[str, Any]:
    return score_json(str(MINI), *args)


def bundled_json() -> dict[str, Any]:
    return score_json()


def _check_type(where: str, value: Any, kind: str) -> None:
    """The row's first word is the type; a row ending in "null" also allows null."""
    if value is None:
        assert kind.endswith("null"), f"{where} is null but documented as `{kind}`"
        return
    expected = TYPES[kind.split()[0].rstrip(":,")]
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    assert ok, f"{where} = {value!r} is not `{kind}`"


def _check_objects(kind: str, rows: list[tuple[str, str]], objects: list[dict[str, Any]]) -> None:
    for obj in objects:
        assert [k for k, _ in rows] == list(obj), f"{kind}: {obj.get('id') or obj}"
        for key, type_text in rows:
            _check_type(f"{kind}.{key}", obj[key], type_text)


def _objects(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """Every object of one documented kind in a run's JSON."""
    caps = data["capabilities"]
    if kind == "Capability":
        return list(caps)
    if kind == "Criterion":
        return [c for cap in caps for c in cap["criteria"]]
    if kind == "Ranked option":
        return [o for cap in caps for o in cap["ranking"]]
    if kind == "Screened-out option":
        return [s for cap in caps for s in cap["screened_out"]]
    if kind == "Stability entry":
        return [e for cap in caps for e in (cap["stability"] or {}).values()]
    if kind == "Leader acceptability":
        return [cap["leader_acceptability"] for cap in caps if cap["leader_acceptability"]]
    raise KeyError(kind)


# --- the page exists and names the schema ----------------------------------------------


def test_the_contract_page_exists_and_names_the_schema() -> None:
    assert DOC.is_file(), "docs/json-contract.md is missing"
    assert f"`{SCHEMA}`" in _doc().split("\n\n")[1]
    for promise in ("never renamed or removed", "12 significant digits", "timestamps"):
        assert promise in _doc()


# --- every documented key is present, in order, and nothing else -----------------------


def test_top_level_keys_match_the_page_in_order() -> None:
    rows = documented("Top level")
    for data in (mini_json(), bundled_json()):
        assert [k for k, _ in rows] == list(data)
        for key, kind in rows:
            _check_type(key, data[key], kind)


@pytest.mark.parametrize("kind", [*OBJECT_KINDS, "Stability entry", "Leader acceptability"])
def test_nested_keys_match_the_page_in_order(kind: str) -> None:
    rows = documented(kind)
    if kind == "Capability":  # `diversify score` appends the robustness keys
        rows += documented("Robustness keys in each capability")
    seen = 0
    for data in (mini_json(), bundled_json(), mini_json("--method", "topsis")):
        objects = _objects(data, kind)
        _check_objects(kind, rows, objects)
        seen += len(objects)
    assert seen > 0, f"no {kind} object in the test runs"


@pytest.mark.parametrize("method", list(METHODS))
def test_method_figures_match_the_page(method: str) -> None:
    table = _section("Method figures (`extras`)")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]+) \|", table, re.M))
    assert set(rows) == set(METHODS)
    expected = re.findall(r"`(\w+)`", rows[method])
    data = mini_json("--method", method)
    assert data["method"] == method
    for option in _objects(data, "Ranked option"):
        assert list(option["extras"]) == expected
        if method in ("topsis", "vikor"):
            key = "closeness" if method == "topsis" else "Q"
            assert option["extras"][key] == option["score"]
        assert (option["contributions"] is not None) == (method in ("mavt", "wsm"))
    caps = data["capabilities"]
    assert all(c["higher_is_better"] == (method != "vikor") for c in caps)


def test_optional_sections_come_after_capabilities() -> None:
    keys = [k for k, _ in documented("Optional sections")]
    assert keys == ["robustness", "portfolio", "stress"]
    bundle = ReportBundle(score(load_scenario(MINI)), robustness={"n": 1}, portfolio={"b": 1},
                          stress={"s": 1})  # fmt: skip
    text = render("json", bundle)
    assert isinstance(text, str)
    assert list(json.loads(text)) == [k for k, _ in documented("Top level")] + keys


# --- the example is a real run ---------------------------------------------------------


def test_example_is_the_real_output_of_the_documented_command() -> None:
    """The example block equals `score mini --capability tanks --format json` today.

    If the mini scenario changes, regenerate the block with that command; only the input
    hashes and the tool version may differ.
    """
    block = re.search(r"```json\n(.*?)\n```", _section("Example"), re.S)
    assert block
    example = json.loads(block.group(1))
    real = dict(mini_json("--capability", "tanks"))
    assert list(example["inputs"]) == list(real["inputs"])
    for key in ("inputs", "version"):
        example.pop(key)
        real.pop(key)
    assert json.dumps(example) == json.dumps(real)  # same values, same key order


# --- promises that can be checked on real output --------------------------------------


def test_inputs_are_relative_and_nothing_names_the_machine() -> None:
    text = json.dumps(bundled_json())
    assert str(bundled_scenario().parent) not in text
    assert str(Path.home()) not in text
    assert all(not k.startswith("/") and "\\" not in k for k in bundled_json()["inputs"])
    assert "NaN" not in text and "Infinity" not in text


def _floats(value: Any, where: str = "") -> list[tuple[str, float]]:
    if isinstance(value, float):
        return [(where, value)]
    if isinstance(value, dict):
        return [f for k, v in value.items() for f in _floats(v, f"{where}.{k}")]
    if isinstance(value, list):
        return [f for i, v in enumerate(value) for f in _floats(v, f"{where}[{i}]")]
    return []


def test_every_float_is_rounded_to_12_significant_digits() -> None:
    unrounded = [(w, x) for w, x in _floats(bundled_json()) if float(f"{x:.12g}") != x]
    assert not unrounded, unrounded[:5]
