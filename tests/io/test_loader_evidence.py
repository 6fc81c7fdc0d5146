"""Evidence gaps (issue 8): `unknown` is a first-class figure, scored by a declared policy.

Before, a missing report of industrial participation was typed as the worst level and a
missing export-control fact as the middle one, so the bloc with the thinnest press
coverage was penalised without anyone seeing it. Now a figure may be `unknown`; the
scenario's `evidence_gaps` decides how it is scored (hand-worked below on the mini
scenario's scales), the JSON lists it per option, every report shows coverage by bloc,
and `validate` warns when one bloc carries most unknowns.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from diversify.cli.main import app
from diversify.io.loader import load_scenario
from diversify.io.problems import InputError


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def gaps(mini_copy: Path) -> Path:
    """Bravo's interoperability and delivery are unknown."""
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    _edit(tanks, "      delivery: 36\n      interoperability: widely_in_service",
          "      delivery: unknown\n      interoperability: {value: unknown, basis: none found}")  # fmt: skip
    return mini_copy


def _bravo(scenario: Path) -> dict[str, tuple[float, float, float]]:
    data = load_scenario(scenario)
    bravo = next(o for o in data.capability("tanks").options if o.id == "bravo")
    assert bravo.unknown == ("delivery", "interoperability")
    return {c: (f.value, f.low, f.high) for c, f in bravo.figures.items() if f is not None}


@pytest.mark.parametrize(
    ("policy", "delivery", "interop"),
    [
        # delivery: fixed anchors worst 60, best 0 -> middle 30; levels 0 .. 1 -> 0.5
        ("range", (30.0, 0.0, 60.0), (0.5, 0.0, 1.0)),
        ("neutral", (30.0, 30.0, 30.0), (0.5, 0.5, 0.5)),
        ("worst", (60.0, 60.0, 60.0), (0.0, 0.0, 0.0)),
    ],
)
def test_each_policy_places_the_unknown_on_the_scale(
    gaps: Path, policy: str, delivery: tuple[float, ...], interop: tuple[float, ...]
) -> None:
    if policy != "range":  # the default
        gaps.write_text(gaps.read_text() + f"evidence_gaps: {policy}\n")
    figures = _bravo(gaps)
    assert figures["delivery"] == delivery
    assert figures["interoperability"] == interop


def test_json_lists_unknowns_and_coverage_by_bloc(gaps: Path) -> None:
    result = CliRunner().invoke(app, ["score", str(gaps), "-f", "json", "-c", "tanks"])
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    bravo = next(o for o in data["capabilities"][0]["ranking"] if o["option"] == "bravo")
    assert bravo["unknown"] == ["delivery", "interoperability"]
    assert bravo["raw"]["interoperability"] == "unknown"
    europe = data["evidence"]["Europe"]
    assert (europe["unknown"], europe["options"]) == (2, 2)  # bravo (tanks) and lima (subs)
    assert data["evidence"]["ROK"]["unknown"] == 0
    md = CliRunner().invoke(app, ["score", str(gaps), "-f", "md"]).stdout
    assert "## Evidence coverage by bloc" in md
    assert "| Europe | 2 |" in md


def test_validate_warns_when_one_bloc_carries_most_unknowns(gaps: Path) -> None:
    subs = gaps.parent / "suppliers" / "subs.yaml"
    _edit(subs, "values: {delivery: 60, interoperability: widely_in_service, endurance: 14}",
          "values: {delivery: 60, interoperability: unknown, endurance: 14}")  # fmt: skip
    result = CliRunner().invoke(app, ["validate", str(gaps)])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # warnings are wrapped to the terminal
    assert "3 of the 3 unknown figures belong to Europe options" in said


def test_unknown_takes_no_range(gaps: Path) -> None:
    tanks = gaps.parent / "suppliers" / "tanks.yaml"
    _edit(tanks, "delivery: unknown", "delivery: {value: unknown, low: 10, high: 20}")
    with pytest.raises(InputError) as info:
        load_scenario(gaps)
    (problem,) = info.value.problems
    assert problem.path == "options[1].values.delivery"
    assert "takes no `low`/`high`" in problem.message


def test_an_unknown_on_a_local_scale_with_nothing_to_compare_is_an_error(
    mini_copy: Path,
) -> None:
    """Cost on a local scale, every other figure unknown too: no scale to place it on."""
    crit = mini_copy.parent / "criteria" / "default.yaml"
    _edit(
        crit, "value_function: {kind: linear, worst: 60, best: 0}", "value_function: {kind: linear}"
    )
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text()
    text = text.replace(
        'delivery: {value: 12, low: 6, high: 24, source: "test"}', "delivery: unknown"
    )
    text = text.replace("delivery: 36", "delivery: unknown").replace(
        "delivery: 72 ", "delivery: unknown "
    )
    tanks.write_text(text)
    with pytest.raises(InputError) as info:
        load_scenario(mini_copy)
    paths = sorted(p.path for p in info.value.problems)
    assert paths == [f"options[{i}].values.delivery" for i in range(3)]
    assert all("no other option has a figure" in p.message for p in info.value.problems)


def test_raw_matrix_methods_place_an_unknown_level_mid_scale(gaps: Path) -> None:
    """Levels 0 / 0.5 / 1 are positions 1 / 2 / 3; the unknown's 0.5 is position 2, not a
    rounded-up level (searchsorted gave the next level up for a value between levels)."""
    from diversify.engine.scoring import level_positions

    data = load_scenario(gaps)
    crit = next(c for c in data.criteria if c.id == "interoperability")
    import numpy as np

    assert level_positions(crit, np.array([0.0, 0.25, 0.5, 1.0])).tolist() == [1.0, 1.5, 2.0, 3.0]


def test_a_screening_rule_on_an_unknown_figure_is_flagged(gaps: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(gaps)])
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stderr.split())  # warnings are wrapped to the terminal
    assert "`bravo`'s delivery is unknown, so the screening rule is applied" in said
