"""User errors on the command line: every problem on stderr, exit 2; a missing file, exit 1.

The broken scenarios are the golden cases of tests/io/test_loader_golden.py; their
``expected.yaml`` says which ``file:line:column`` locations the table must show. Commands
run from inside the case folder, so locations read as a planner there would see them.
One real ``python -m diversify`` process proves that no traceback escapes in a real run
(the in-process runner would also catch one, but a real process is what users start).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from diversify.io.yaml import load_yaml
from tests.cli.helpers import CASES, TIMEOUT, invoke, start


def _locations(case: str) -> list[str]:
    """``file:line:column`` of every problem expected for a golden case."""
    rows = load_yaml(CASES / case / "expected.yaml").data["problems"]
    return [f"{r['file']}:{r['line']}:{r['column']}" for r in rows]


@pytest.mark.parametrize("case", ["many_problems", "three_files", "nan_inf", "ahp_not_square"])
@pytest.mark.parametrize("columns", [80, 200], ids=["blocks-80", "table-200"])
def test_broken_scenario_exits_2_with_every_problem_on_stderr(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, case: str, columns: int
) -> None:
    """At 80 columns each problem is a block; on a wide terminal, one table row each."""
    monkeypatch.chdir(CASES / case)
    result = invoke(runner, "score", "scenario.yaml", "--allow-outside", columns=columns)
    assert result.exit_code == 2
    assert result.stdout == ""
    expected = _locations(case)
    n = len(expected)
    assert f"{n} problem{'s' if n != 1 else ''} in the input" in result.stderr
    for location in expected:
        assert location in result.stderr, (location, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    if columns == 200:
        assert "┃ Location" in result.stderr  # the table
    else:
        starts = [line.split()[0] for line in result.stderr.splitlines() if line.strip()]
        assert all(location in starts for location in expected)  # each block's first line


def test_explanations_and_values_are_printed_as_written(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Brackets in a value or an explanation are text, not terminal markup: the row for
    ahp_not_square shows the row the planner wrote, `["1/3", 1]`."""
    monkeypatch.chdir(CASES / "ahp_not_square")
    for columns in (80, 200):
        result = invoke(runner, "score", "scenario.yaml", "--allow-outside", columns=columns)
        assert '["1/3", 1]' in result.stderr
        assert "elicitation.matrix[1]" in result.stderr


def test_validate_reports_the_same_problems(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(CASES / "three_files")
    result = invoke(runner, "validate", "scenario.yaml", "--allow-outside", columns=200)
    assert result.exit_code == 2
    for location in _locations("three_files"):
        assert location in result.stderr


def test_a_missing_referenced_file_is_an_input_problem_not_exit_1(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the file named on the command line is a one-line exit 1; a file the scenario
    names is a row at the scenario line that names it, beside any other problems."""
    monkeypatch.chdir(CASES / "missing_criteria_file")
    result = invoke(runner, "score", "scenario.yaml", "--allow-outside")
    assert result.exit_code == 2
    assert "scenario.yaml:3:1" in result.stderr
    assert "did you mean" in " ".join(result.stderr.split())


@pytest.mark.parametrize("columns", [80, 200], ids=["blocks-80", "table-200"])
def test_values_are_not_emoji_codes_or_markup(
    runner: CliRunner, mini_copy: Path, columns: int
) -> None:
    """Rich would show `root:x:0:0` as `root❌0:0` (emoji code :x:) and swallow `[bold]`:
    the problem table prints data literally."""
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    tanks.write_text(text.replace("quantity: 10}", "quantity: root:x:0:0}"), encoding="utf-8")
    result = invoke(runner, "validate", str(mini_copy), columns=columns)
    assert result.exit_code == 2
    assert '"root:x:0:0"' in result.stderr
    assert "❌" not in result.stderr
    tanks.write_text(text.replace("quantity: 10}", 'quantity: "[bold]:x:[/bold]"}'))
    result = invoke(runner, "validate", str(mini_copy), columns=columns)
    assert result.exit_code == 2
    assert '"[bold]:x:[/bold]"' in result.stderr


@pytest.mark.parametrize("command", ["score", "validate"])
def test_a_missing_file_exits_1_with_one_line(
    runner: CliRunner, tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "nowhere.yaml"
    result = invoke(runner, command, str(missing))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("diversify: file not found: ")
    assert "nowhere.yaml" in result.stderr


def test_a_folder_instead_of_a_file_exits_1_with_one_line(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = invoke(runner, "score", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "is a folder, not a YAML file" in result.stderr


def test_real_processes_exit_2_and_1_without_a_traceback(tmp_path: Path) -> None:
    """``python -m diversify score`` on a broken scenario and on a missing one, both
    started before either is awaited so the start-up cost is paid once."""
    broken = start(
        "score", "scenario.yaml", "--allow-outside", cwd=CASES / "many_problems", text=True
    )
    missing = start("score", str(tmp_path / "nowhere.yaml"), cwd=tmp_path, text=True)
    out, err = broken.communicate(timeout=TIMEOUT)
    assert broken.returncode == 2, err
    assert out == ""
    assert "Traceback" not in err
    for location in _locations("many_problems"):
        assert location in err, (location, err)
    out, err = missing.communicate(timeout=TIMEOUT)
    assert missing.returncode == 1, err
    assert out == ""
    assert "Traceback" not in err
    assert err.count("\n") == 1 and "file not found" in err


@pytest.mark.parametrize(
    ("command", "given", "kind"),
    [("score", "suppliers/tanks.yaml", "supplier file"),
     ("robustness", "criteria/default.yaml", "criteria file")],
)  # fmt: skip
def test_a_supplier_or_criteria_file_given_as_the_scenario_is_one_row(
    runner: CliRunner, mini_copy: Path, monkeypatch: pytest.MonkeyPatch, command: str,
    given: str, kind: str,
) -> None:  # fmt: skip
    """A new user's first try: `diversify score suppliers/tanks.yaml` listed six unknown
    fields; now one row says what the file is and which file to pass."""
    monkeypatch.chdir(mini_copy.parent)
    result = invoke(runner, command, given, columns=200)
    assert result.exit_code == 2
    assert "1 problem in the input" in result.stderr
    assert f"this is a {kind}" in result.stderr
    assert "e.g. scenario.yaml" in result.stderr
    assert "unknown field" not in result.stderr
