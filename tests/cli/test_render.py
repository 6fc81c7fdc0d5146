"""The default terminal table (cli/render.py): 80 columns, and says what its numbers mean.

Results come from the mini test scenario (hand-checked in tests/engine/test_scoring.py),
then are stretched with ``dataclasses.replace`` to the awkward cases: very long names and
reasons, every option screened out, a lower-is-better method, elicited weights.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from diversify.cli.render import SCORE_MEANING, render_table
from diversify.engine.methods import METHODS
from diversify.engine.results import ScenarioResult
from diversify.engine.scoring import score
from diversify.io.loader import load_scenario

LONG = "Extremely Long System Name Mk IV Extended Range Block II Variant"


@pytest.fixture(scope="module")
def mini() -> ScenarioResult:
    path = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"
    return score(load_scenario(path))


def _check_width(text: str, width: int = 80) -> list[str]:
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines), [ln for ln in lines if len(ln) > width]
    assert all(line == line.rstrip() for line in lines)
    assert text.endswith("\n") and not text.endswith("\n\n")
    return lines


def test_header_says_method_weights_score_meaning_and_currency(mini: ScenarioResult) -> None:
    lines = _check_width(render_table(mini))
    assert lines[:5] == [
        "Mini test scenario",
        "method: MAVT (value functions + weighted sum)",
        "weights (profile balanced): cost 40%, delivery 30%, interoperability 30%",
        "score: weighted sum of 0-1 values, higher is better (1 = best on all)",
        "unit cost: CAD million per unit, at the scenario's rates",
    ]


def test_capability_block_shows_costs_why_and_screening(mini: ScenarioResult) -> None:
    text = render_table(mini)
    lines = _check_width(text)
    assert "Main battle tanks (tanks) · quantity 10" in lines
    assert any(line.split() == ["#", "system", "supplier", "cty", "bloc", "CAD", "m", "score"]
               for line in lines)  # fmt: skip
    bravo = next(line for line in lines if "Bravo tank" in line)
    assert bravo.split() == ["2", "Bravo", "tank", "Bravo", "GmbH", "DE", "Europe", "15.0", "0.420"]
    flat = " ".join(text.split())
    # alpha - bravo: cost 0.4 - 0, delivery 0.24 - 0.12, interoperability 0.15 - 0.3
    assert (
        "why: Alpha tank leads Bravo tank by 0.370; it gains most on Unit cost (+0.400) and "
        "Time to first delivery (+0.120); it gives up most on NATO interoperability (-0.150)."
    ) in flat
    assert "screened out Charlie tank: Time to first delivery 72 months" in flat


def test_own_criteria_weights_are_shown_only_where_they_differ(mini: ScenarioResult) -> None:
    """Submarines add endurance 25 points beside 100: 32/24/24/20 %; tanks use the shared."""
    text = render_table(mini)
    assert "weights here: cost 32%, delivery 24%, interoperability 24%, endurance 20%" in text
    assert text.count("weights here:") == 1


def test_long_names_and_reasons_wrap_inside_80_columns(mini: ScenarioResult) -> None:
    tanks = mini.capability("tanks")
    ranking = tuple(replace(o, system=LONG, supplier=LONG) for o in tanks.ranking)
    screened = tuple(
        replace(s, system=LONG, reason=" ".join([LONG] * 4)) for s in tanks.screened_out
    )
    long_tanks = replace(tanks, name=LONG, ranking=ranking, screened_out=screened)
    result = replace(mini, scenario=" ".join([LONG] * 3), capabilities=(long_tanks,))
    lines = _check_width(render_table(result))
    assert sum(1 for line in lines if line.startswith("    ")) >= 3  # continuation lines indent


def test_names_are_shown_literally_and_never_drive_the_terminal(mini: ScenarioResult) -> None:
    """Names from the files are data: no emoji codes (`:x:` is not ❌), no markup
    (`[bold]` stays), and control characters show as stand-ins that keep the columns."""
    tanks = mini.capability("tanks")
    first, *rest = tanks.ranking
    odd = replace(first, system="root:x:0:0 [bold]K2[/bold]", supplier="Red\x1b[31m\u202eCo")
    result = replace(mini, capabilities=(replace(tanks, ranking=(odd, *rest)),))
    text = render_table(result)
    lines = _check_width(text)
    assert "root:x:0:0" in text and "❌" not in text
    assert "[bold]K2[/bold]" in " ".join(text.split())
    assert "Red␛[31m<U+202E>Co" in text
    assert "\x1b" not in text and "\u202e" not in text
    row = next(line for line in lines if "Red␛" in line)
    header = next(ln for ln in lines if ln.startswith("#") and "supplier" in ln)
    assert row.index("Red␛") == header.index("supplier")


@pytest.mark.parametrize("width", [60, 100])
def test_other_widths_are_respected(mini: ScenarioResult, width: int) -> None:
    _check_width(render_table(mini, width=width), width)


def test_every_option_screened_out(mini: ScenarioResult) -> None:
    tanks = mini.capability("tanks")
    empty = replace(tanks, ranking=(), warnings=("every option was screened out",))
    text = render_table(replace(mini, capabilities=(empty,)))
    _check_width(text)
    assert "  note: every option was screened out" in text
    assert "why:" not in text
    assert "-  Charlie tank" in text


def test_lower_is_better_method_labels_its_column(mini: ScenarioResult) -> None:
    data = load_scenario(Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml")
    text = render_table(score(data, method="vikor"))
    _check_width(text)
    assert "(low=best)" in text
    assert "score: VIKOR Q, 0-1, lower is better" in text
    assert "why:" not in text  # only additive methods explain the lead


def test_every_method_has_a_score_meaning() -> None:
    assert set(SCORE_MEANING) == set(METHODS)


def test_elicited_weights_show_their_consistency(mini: ScenarioResult) -> None:
    result = replace(
        mini,
        weights_origin="elicitation ahp",
        elicitation={"method": "ahp", "lambda_max": 3.0385, "cr": 0.0332, "consistent": True},
        warnings=("AHP consistency ratio 0.15 is above 0.1",),
    )
    text = render_table(result)
    _check_width(text)
    assert "elicitation (ahp): lambda_max 3.04, cr 0.0332, consistent yes" in text
    # The warning is the command's to print on stderr: never inside the table.
    assert "AHP consistency ratio" not in text and "warning" not in text


def test_integer_scores_print_without_decimals(mini: ScenarioResult) -> None:
    tanks = mini.capability("tanks")
    ranking = tuple(replace(o, score=float(s)) for o, s in zip(tanks.ranking, (1, -1), strict=True))
    counted = replace(tanks, ranking=ranking, additive=False)
    lines = render_table(replace(mini, method="electre1", capabilities=(counted,))).splitlines()
    assert next(ln for ln in lines if "Alpha tank" in ln).split()[-1] == "1"
    assert next(ln for ln in lines if "Bravo tank" in ln).split()[-1] == "-1"


def test_data_driven_weights_are_not_shown_as_zero(mini: ScenarioResult) -> None:
    """Entropy / CRITIC weigh each capability from its figures: no shared 0% line."""
    zero = {k: 0.0 for k in mini.weights}
    result = replace(
        mini, weights=zero, weights_origin="elicitation entropy", elicitation={"method": "entropy"}
    )
    text = render_table(result)
    _check_width(text)
    assert "cost 0%" not in text.split("\n\n")[0]
    assert "computed per capability from the figures" in text
    assert "elicitation (entropy):" not in text  # nothing to report beyond the origin
    assert text.count("weights here:") == 2  # each capability shows its own
