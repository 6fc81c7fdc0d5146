"""Regression tests for the hostile-input audit (issue 11): the loader's share.

Each test reproduces one defect the audit found, on a copy of the mini scenario:
a FIFO named as a data file hung the loader (item 4); a scenario could name any file
on the machine and have its content quoted back, or a report folder anywhere (items 2
and 9); 1e308 passed validation and broke the engine later (items 3 and 11); quoted
numbers were taken in some fields and refused in others, and impossible dates were
accepted (item 12); ``-0.0`` was echoed back (item 13).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from diversify.io.loader import load_scenario, validate_paths
from diversify.io.problems import InputError, Problem


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(scenario: Path, **kwargs: bool) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load_scenario(scenario, **kwargs)
    return sorted(info.value.problems)


def _tanks(scenario: Path) -> Path:
    return scenario.parent / "suppliers" / "tanks.yaml"


def _edited(scenario: Path, file: str, old: str, new: str) -> Path:
    """Edit one of the mini copy's files (``tanks``, ``scenario`` or ``criteria``)."""
    path = {
        "tanks": _tanks(scenario),
        "scenario": scenario,
        "criteria": scenario.parent / "criteria" / "default.yaml",
    }[file]
    _edit(path, old, new)
    return path


# --- item 4: a FIFO or device as a data file --------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_as_the_criteria_file_is_refused_at_its_line(mini_copy: Path) -> None:
    fifo = mini_copy.parent / "criteria" / "pipe.yaml"
    os.mkfifo(fifo)
    _edit(mini_copy, "criteria: criteria/default.yaml", "criteria: criteria/pipe.yaml")
    started = time.monotonic()
    (problem,) = _problems(mini_copy)
    assert time.monotonic() - started < 5
    assert (problem.path, problem.line, problem.value) == ("criteria", 3, "criteria/pipe.yaml")
    assert "is a pipe (FIFO), not a regular file" in problem.message


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_named_as_a_suppliers_file_is_refused_at_its_line(mini_copy: Path) -> None:
    os.mkfifo(mini_copy.parent / "suppliers" / "pipe.yaml")
    _edit(mini_copy, "suppliers: [suppliers/*.yaml]", "suppliers: [suppliers/pipe.yaml]")
    problems = _problems(mini_copy)
    assert [(p.path, p.line) for p in problems] == [("suppliers[0]", 4)]
    assert "pipe (FIFO)" in problems[0].message


# --- items 2 and 9: paths outside the scenario's folder --------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the scenario's folder whose content must never be quoted back."""
    path = tmp_path / "passwd"
    path.write_text("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/usr/sbin:/bin/sh\n")
    return path


@pytest.mark.parametrize("how", ["absolute", "relative"])
def test_a_criteria_path_outside_the_folder_is_refused_unread(
    mini_copy: Path, secret: Path, how: str
) -> None:
    written = str(secret) if how == "absolute" else os.path.relpath(secret, mini_copy.parent)
    _edit(mini_copy, "criteria: criteria/default.yaml", f"criteria: {written}")
    problems = _problems(mini_copy)
    assert [(p.path, p.line) for p in problems] == [("criteria", 3)]
    assert "outside the scenario's folder" in problems[0].message
    assert "--allow-outside" in problems[0].message
    assert not any("root:x" in f"{p.value} {p.message}" for p in problems)


def test_allowed_outside_the_folder_the_content_is_still_not_echoed(
    mini_copy: Path, secret: Path
) -> None:
    _edit(mini_copy, "criteria: criteria/default.yaml", f"criteria: {secret}")
    problems = _problems(mini_copy, allow_outside=True)
    assert problems, "a password file is not a criteria file"
    assert not any("root" in f"{p.value} {p.message}" for p in problems)


def test_a_symlink_leading_out_of_the_folder_is_refused(mini_copy: Path, secret: Path) -> None:
    (mini_copy.parent / "suppliers" / "link.yaml").symlink_to(secret)
    problems = _problems(mini_copy)
    assert [p.path for p in problems] == ["suppliers[0]"]
    assert "outside the scenario's folder" in problems[0].message


def test_a_suppliers_glob_reaching_outside_is_refused(mini_copy: Path) -> None:
    _edit(mini_copy, "suppliers: [suppliers/*.yaml]", "suppliers: [../mini/suppliers/*.yaml]")
    assert load_scenario(mini_copy).name  # `..` that comes back inside is fine
    other = mini_copy.parent.parent / "other"
    other.mkdir()
    (other / "tanks.yaml").write_text(_tanks(mini_copy).read_text())
    _edit(mini_copy, "suppliers: [../mini/suppliers/*.yaml]", "suppliers: [../other/*.yaml]")
    problems = _problems(mini_copy)
    assert problems and all("outside the scenario's folder" in p.message for p in problems)


@pytest.mark.parametrize("out", ["../../x", "/tmp/diversify-never-written"])
def test_report_out_outside_the_folder_is_refused_by_validate(mini_copy: Path, out: str) -> None:
    _edit(mini_copy, "out: reports/}", f"out: '{out}'}}")
    problems = _problems(mini_copy)
    assert [(p.path, p.line) for p in problems] == [("report.out", 12)]
    assert "may only write reports in its own folder" in problems[0].message
    with pytest.raises(InputError):
        validate_paths([mini_copy])
    assert load_scenario(mini_copy, allow_outside=True).report.out == out


# --- items 3 and 11: huge finite numbers ---------------------------------------------------

HUGE = [
    ("tanks", "quantity: 10}", "quantity: 1e308}", "capability.quantity"),
    ("tanks", "{value: 10, currency: USD", "{value: 1e308, currency: USD", "options[0].unit_cost"),
    ("scenario", "rates: {USD: 1.4", "rates: {USD: 1e308", "rates.USD"),
    ("criteria", "balanced: {cost: 40", "balanced: {cost: 1e308", "profiles.balanced.cost"),
    ("tanks", "delivery: 36", "delivery: 1e308", "options[1].values.delivery"),
    ("criteria", "worst: 60, best: 0", "worst: 1e300, best: 0", "criteria[1].value_function"),
    ("scenario", "max: 60}", "max: 1e300}", "screening.delivery.max"),
    ("scenario", "seed: 3}", "seed: 3}\nportfolio: {budget: 1e308}", "portfolio.budget"),
]


@pytest.mark.parametrize(("file", "old", "new", "where"), HUGE, ids=[h[3] for h in HUGE])
def test_huge_numbers_are_refused_where_they_are_written(
    mini_copy: Path, file: str, old: str, new: str, where: str
) -> None:
    path = _edited(mini_copy, file, old, new)
    problems = _problems(mini_copy)
    assert problems
    assert all(p.file.endswith(path.name) and p.line is not None for p in problems)
    assert any(p.path.startswith(where) for p in problems), problems
    assert any("or less" in p.message or "from 0.000001" in p.message for p in problems)


def test_the_bounds_themselves_are_accepted(mini_copy: Path) -> None:
    """The largest values allowed still give finite scores (no overflow in between)."""
    import math

    from diversify.engine.scoring import score

    _edit(_tanks(mini_copy), "quantity: 10}", "quantity: 1000000}")
    _edit(_tanks(mini_copy), "{value: 20, currency: USD", "{value: 1000000000, currency: USD")
    _edit(mini_copy, "rates: {USD: 1.4", "rates: {USD: 1000000")
    crit = mini_copy.parent / "criteria" / "default.yaml"
    _edit(crit, "balanced: {cost: 40, delivery: 30", "balanced: {cost: 1000000, delivery: 1000000")
    _edit(mini_copy, "max: 60}", "max: 1000000000000}")
    result = score(load_scenario(mini_copy))
    assert all(math.isfinite(o.score) for c in result.capabilities for o in c.ranking)


# --- item 12: one rule for quoted numbers, real dates ---------------------------------------

QUOTED = [
    ("tanks", "quantity: 10}", 'quantity: "10"}', "capability.quantity"),
    ("tanks", "{value: 10, currency: USD", '{value: "10", currency: USD', "unit_cost.value"),
    ("tanks", "year: 2024, low: 8", 'year: "2024", low: 8', "unit_cost.year"),
    ("tanks", "low: 8, high: 14", 'low: "8", high: 14', "unit_cost.low"),
    ("tanks", "delivery: 36", 'delivery: "36"', "values.delivery"),
    ("scenario", "rates: {USD: 1.4", 'rates: {USD: "1.4"', "rates.USD"),
    ("scenario", "max: 60}", 'max: "60"}', "screening.delivery.max"),
    ("scenario", "samples: 2000", 'samples: "2000"', "robustness.samples"),
    ("criteria", "balanced: {cost: 40", 'balanced: {cost: "40"', "profiles.balanced.cost"),
    ("criteria", "worst: 60, best: 0", 'worst: "60", best: 0', "value_function.worst"),
]


@pytest.mark.parametrize(("file", "old", "new", "where"), QUOTED, ids=[q[3] for q in QUOTED])
def test_a_quoted_number_is_refused_the_same_way_everywhere(
    mini_copy: Path, file: str, old: str, new: str, where: str
) -> None:
    _edited(mini_copy, file, old, new)
    problems = _problems(mini_copy)
    (problem,) = [p for p in problems if p.path.endswith(where)]
    assert "written without quotes" in problem.message, problem
    assert problem.value.startswith('"')


def test_yes_is_not_a_boolean(mini_copy: Path) -> None:
    _edit(_tanks(mini_copy), 'high: 14, source: "test"}', 'high: 14, estimate: "yes", source: "t"}')
    (problem,) = _problems(mini_copy)
    assert problem.path == "options[0].unit_cost.estimate"
    assert "true or false" in problem.message


@pytest.mark.parametrize("bad", ["2022-13", "2022-02-31", "0000-00", "2023-02-29", "1899"])
def test_impossible_dates_are_refused(mini_copy: Path, bad: str) -> None:
    _edit(mini_copy, "as_of: 2025-12}", f"as_of: {bad}}}")
    (problem,) = _problems(mini_copy)
    assert problem.path == "rates.as_of"
    assert "must be a year, year-month or date" in problem.message


@pytest.mark.parametrize("good", ["2024-02-29", "2025", "2025-01", "2100-12-31"])
def test_real_dates_are_accepted(mini_copy: Path, good: str) -> None:
    _edit(mini_copy, "as_of: 2025-12}", f"as_of: {good}}}")
    assert load_scenario(mini_copy).rates_as_of == good


# --- item 13: -0.0 ---------------------------------------------------------------------


def test_negative_zero_is_read_as_zero(mini_copy: Path) -> None:
    import json

    from diversify.engine.scoring import score
    from diversify.report.bundle import ReportBundle
    from diversify.report.formats import render

    _edit(_tanks(mini_copy), "delivery: 36", "delivery: -0.0")
    data = load_scenario(mini_copy)
    bravo = next(o for o in data.capability("tanks").options if o.id == "bravo")
    assert str(bravo.figures["delivery"].value) == "0.0"
    text = str(render("json", ReportBundle(score(data))))
    assert "-0.0" not in text and "-0," not in text
    assert json.loads(text)


# --- found by a hostile review after the first fixes ------------------------------------

AHP = (
    "elicitation: {method: ahp, criteria: [cost, delivery, interoperability], "
    "matrix: [[1, JUDGE, 1], [INVERSE, 1, 1], [1, 1, 1]]}"
)


@pytest.mark.parametrize(
    ("judge", "inverse", "message"),
    [
        ("1e308", "1e-308", "on Saaty's scale"),  # used to give lambda_max 1 and cost 100%
        ("12", "1/12", "on Saaty's scale"),
        ("'3'", "1/3", "written without quotes"),
    ],
)
def test_ahp_judgements_stay_on_the_scale_and_are_numbers(
    mini_copy: Path, judge: str, inverse: str, message: str
) -> None:
    ahp = AHP.replace("JUDGE", judge).replace("INVERSE", inverse)
    _edit(mini_copy, "profile: balanced", ahp)
    problems = _problems(mini_copy)
    assert any(p.path == "elicitation.matrix[0][1]" and message in p.message for p in problems)


def test_ahp_fractions_as_text_are_still_accepted(mini_copy: Path) -> None:
    _edit(mini_copy, "profile: balanced", AHP.replace("JUDGE", "3").replace("INVERSE", "1/3"))
    assert load_scenario(mini_copy).elicitation is not None


@pytest.mark.parametrize("method", ["wpm", "wsm"])
def test_what_a_ratio_method_cannot_score_is_caught_by_validate(
    mini_copy: Path, method: str
) -> None:
    """`score` said "criterion 'delivery' has a figure of 0" with no file or line."""
    _edit(mini_copy, "method: mavt", f"method: {method}")
    _edit(_tanks(mini_copy), "delivery: 36", "delivery: 0")
    (problem,) = _problems(mini_copy)
    assert (problem.path, problem.line) == ("options[1].values.delivery", 17)
    assert f"`{method}`" in problem.message


def test_a_huge_integer_says_so(mini_copy: Path) -> None:
    _edit(
        _tanks(mini_copy), "{value: 10, currency: USD", "{value: " + "9" * 400 + ", currency: USD"
    )
    (problem,) = _problems(mini_copy)
    assert problem.path == "options[0].unit_cost.value"
    assert "far too large (400 digits)" in problem.message


def test_quoted_numbers_in_a_quantity_range_and_portfolio_counts(mini_copy: Path) -> None:
    _edit(_tanks(mini_copy), "quantity: 10}", 'quantity: {value: 10, low: "8", high: 12}}')
    mini_copy.write_text(
        mini_copy.read_text() + "portfolio: {frontier_steps: '21', min_blocs: '2'}\n"
    )
    problems = _problems(mini_copy)
    assert {p.path for p in problems} == {
        "capability.quantity.low",
        "portfolio.frontier_steps",
        "portfolio.min_blocs",
    }
    assert all("written without quotes" in p.message for p in problems), problems


@pytest.mark.skipif(os.name != "posix", reason="FIFOs")
def test_a_fifo_a_glob_matches_is_refused_not_skipped(mini_copy: Path) -> None:
    os.mkfifo(mini_copy.parent / "suppliers" / "pipe.yaml")
    (problem,) = _problems(mini_copy)
    assert (problem.path, problem.line) == ("suppliers[0]", 4)
    assert "pipe (FIFO)" in problem.message
