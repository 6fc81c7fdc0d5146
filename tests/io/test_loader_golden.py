"""Golden files for bad input at the model level: every problem in every file, at once.

Each case is a folder under ``tests/data/invalid/scenarios/<case>/``: a ``scenario.yaml``
(which may borrow the mini scenario's files by relative path) with its own broken files,
next to ``expected.yaml`` listing every problem :func:`load_scenario` must report, in
sorted order: the file (a path suffix), line, column, key path, the value as shown, and
a substring of the plain-English explanation. The loader runs from inside the folder, so
files are named as a planner working there would see them.

The count must match exactly: a missing row is a problem hidden by another one, an extra
row is a follow-on that would send the planner the wrong way. YAML-level cases (syntax,
aliases, tags) live in ``tests/data/invalid/yaml/`` with ``tests/io/test_yaml.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from diversify.io.loader import load_scenario
from diversify.io.problems import InputError, Problem, format_problems
from diversify.io.yaml import load_yaml

CASES = Path(__file__).resolve().parents[1] / "data" / "invalid" / "scenarios"

REQUIRED = {
    "duplicate_keys",
    "unknown_keys",
    "nan_inf",
    "negative_cost",
    "negative_months",
    "unknown_criterion",
    "unknown_level",
    "unknown_country",
    "empty_options",
    "zero_weights",
    "zero_profile",
    "ahp_not_square",
    "ahp_not_positive",
    "ahp_not_reciprocal",
    "missing_rate",
    "unknown_profile",
    "screening_unknown_criterion",
    "low_above_value",
    "estimate_without_range",
    "derived_without_basis",
    "content_shares",
    "missing_value",
    "glob_no_match",
    "missing_criteria_file",
    "three_files",
    "many_problems",
    # deals and the cost-basis rule (issue 8)
    "deal_zero_units",
    "deal_unknown_scope",
    "deal_no_escalation",
    "base_year_before_deals",
    "offer_without_date",
    "deal_unknown_reference",
    "deals_without_cost_basis",
    "scope_without_adjustment",
    # a capability's own cost-basis rule (issue 9, submarines on one cost scope)
    "capability_cost_basis",
    # a new-user trial: ten mistakes in a copied scenario took three runs to see
    "first_run_shows_all",
}
"""The cases the issue asks for (plus the older many_problems example)."""


def _cases() -> list[Path]:
    return sorted(p for p in CASES.iterdir() if p.is_dir())


def _load_problems(case: Path, monkeypatch: pytest.MonkeyPatch) -> list[Problem]:
    monkeypatch.chdir(case)
    with pytest.raises(InputError) as info:
        load_scenario(Path("scenario.yaml"), allow_outside=True)  # cases borrow mini files
    return sorted(info.value.problems)


def test_every_required_case_exists_with_an_expectation() -> None:
    names = {p.name for p in _cases()}
    assert names >= REQUIRED, sorted(REQUIRED - names)
    for case in _cases():
        assert (case / "scenario.yaml").is_file(), case.name
        assert (case / "expected.yaml").is_file(), case.name


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_golden_bad_input(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every expected problem is reported at its place, with its value and explanation,
    and nothing else."""
    expected: list[dict[str, Any]] = load_yaml(case / "expected.yaml").data["problems"]
    got = _load_problems(case, monkeypatch)
    table = format_problems(got)
    assert len(got) == len(expected), f"{len(got)} problems, {len(expected)} expected:\n{table}"
    for problem, want in zip(got, expected, strict=True):
        where = f"{case.name}: {problem.location()} {problem.path}\n{table}"
        assert problem.file.endswith(want["file"]), where
        assert problem.line == want["line"], where
        if "column" in want:
            assert problem.column == want["column"], where
        assert problem.path == want["path"], where
        assert problem.value == want["value"], where
        assert want["message"] in problem.message, where


def test_three_files_are_reported_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """A structural problem in the scenario and in the criteria file does not hide the
    cross-file problems of the suppliers file (unknown level, missing rate, negative
    months): the planner sees all three files' problems at once."""
    got = _load_problems(CASES / "three_files", monkeypatch)
    assert {p.file for p in got} == {"scenario.yaml", "criteria.yaml", "tanks.yaml"}


def test_a_typo_in_an_option_does_not_hide_its_other_problems(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`options[0]` of many_problems fails validation (`sytem`, `KO`, a negative cost), yet
    its unknown level label and negative months, which only the cross-file checks can
    see, are reported in the same run; and the misspelt `system` counts once, not also
    as a missing field."""
    got = _load_problems(CASES / "many_problems", monkeypatch)
    paths = [p.path for p in got]
    assert "options[0].values.interoperability" in paths
    assert "options[0].values.delivery" in paths
    assert "options[0].system" not in paths


def test_independent_mistakes_all_show_in_the_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The trial that took three runs: a bad cap, an unknown forced option, an option
    forced both in and out and an unknown capability's importance in one `portfolio:`
    block; an invalid deal beside a misspelt deal reference in one option; and problems
    in the criteria file. All in one run, the clash at its `force_out` entry, and no row
    for the figure that names the invalid deal (its own problem is reported)."""
    got = _load_problems(CASES / "first_run_shows_all", monkeypatch)
    paths = {(Path(p.file).name, p.path) for p in got}
    assert {
        ("scenario.yaml", "portfolio.caps.USA"),
        ("scenario.yaml", "portfolio.force_in[0]"),
        ("scenario.yaml", "portfolio.force_out[0]"),
        ("scenario.yaml", "portfolio.importance.submarine"),
        ("scenario.yaml", "profile"),
        ("scenario.yaml", "rates.as_of"),
        ("tanks.yaml", "options[0].deals[0].amount"),
        ("tanks.yaml", "options[0].values.interoperability.deal"),
        ("criteria.yaml", "criteria[1].direction"),
        ("subs.yaml", "options[0].values.delivery"),
    } <= paths
    assert ("tanks.yaml", "options[0].values.delivery.deal") not in paths  # names pl-2022
    assert not [p for p in got if p.path == "portfolio"]  # nothing at the whole block


def test_every_explanation_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """No row is pydantic's programmer wording, and none is a bare pattern."""
    for case in _cases():
        with monkeypatch.context() as m:
            for problem in _load_problems(case, m):
                assert problem.message, (case.name, problem)
                assert "Input should" not in problem.message, (case.name, problem)
                assert "match the pattern" not in problem.message, (case.name, problem)
                assert problem.line is not None, (case.name, problem)
