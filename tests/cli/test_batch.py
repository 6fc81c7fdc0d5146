"""Batch mode: ``diversify score A B C`` (or a folder) scores many scenarios in one process.

The claims: the batch JSON is an object keyed by scenario path whose values are, byte for
byte, what one run prints for each scenario (so the single-scenario contract is kept);
table and Markdown write one section per scenario in order; a folder stands for its
scenario files (or its scenario folders); every problem in every scenario is reported
before anything is scored; one-scenario formats and repeated scenarios are refused.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.helpers import invoke, ok


@pytest.fixture
def two(tmp_path: Path, mini_scenario: Path) -> tuple[Path, Path]:
    """Two scenarios: the mini one and a copy with speed-first weights."""
    a = tmp_path / "a"
    shutil.copytree(mini_scenario.parent, a)
    b = tmp_path / "b"
    shutil.copytree(mini_scenario.parent, b)
    text = (b / "scenario.yaml").read_text(encoding="utf-8")
    (b / "scenario.yaml").write_text(
        text.replace("name: Mini test scenario", "name: Mini speed-first").replace(
            "profile: balanced", "profile: speed-first"
        ),
        encoding="utf-8",
    )
    return a / "scenario.yaml", b / "scenario.yaml"


def test_batch_json_is_each_single_document_keyed_by_path(
    runner: CliRunner, two: tuple[Path, Path]
) -> None:
    a, b = two
    out = ok(runner, "score", str(a), str(b), "-f", "json")
    data = json.loads(out)
    assert list(data) == [a.as_posix(), b.as_posix()]
    for path in (a, b):
        single = ok(runner, "score", str(path), "-f", "json")
        assert data[path.as_posix()] == json.loads(single)
        # the very bytes, indented one level inside the object
        assert f'"{path.as_posix()}": ' + single.rstrip("\n").replace("\n", "\n  ") in out
    assert data[a.as_posix()]["scenario"] == "Mini test scenario"
    assert data[b.as_posix()]["weights_origin"] == "profile speed-first"
    assert out.endswith("}\n")


def test_one_file_is_not_a_batch(runner: CliRunner, two: tuple[Path, Path]) -> None:
    """A single file keeps the single-scenario JSON contract (schema at the top level)."""
    data = json.loads(ok(runner, "score", str(two[0]), "-f", "json"))
    assert data["schema"] == "diversify.score/1"


def test_batch_table_and_markdown_have_one_section_per_scenario(
    runner: CliRunner, two: tuple[Path, Path]
) -> None:
    a, b = two
    table = ok(runner, "score", str(a), str(b))
    headings = [line for line in table.splitlines() if line.startswith("== ")]
    assert headings == [f"== {a.as_posix()} ==", f"== {b.as_posix()} =="]
    assert table.index("Mini test scenario") < table.index("Mini speed-first")
    md = ok(runner, "score", str(a), str(b), "-f", "md")
    sections = md.split("\n---\n\n")
    assert len(sections) == 2
    assert "Mini test scenario" in sections[0] and "Mini speed-first" in sections[1]


def test_a_folder_of_scenario_folders_is_a_batch(runner: CliRunner, two: tuple[Path, Path]) -> None:
    folder = two[0].parents[1]
    data = json.loads(ok(runner, "score", str(folder), "-f", "json"))
    assert list(data) == [two[0].as_posix(), two[1].as_posix()]


def test_a_folder_of_scenario_files_is_a_batch(runner: CliRunner, mini_copy: Path) -> None:
    """A folder's own *.yaml files are its scenarios (criteria and suppliers sit below)."""
    second = mini_copy.with_name("other.yaml")
    second.write_text(mini_copy.read_text(encoding="utf-8"), encoding="utf-8")
    data = json.loads(ok(runner, "score", str(mini_copy.parent), "-f", "json"))
    expected = sorted(mini_copy.parent.glob("*.yaml"))  # by name; the mini has ahp.yaml too
    assert second in expected and mini_copy in expected
    assert list(data) == [p.as_posix() for p in expected]


def test_every_problem_in_every_scenario_is_reported_first(
    runner: CliRunner, two: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two
    for path, bad in ((a, "method: mavt"), (b, "currency: CAD")):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(bad, bad + "\nmethod: mavt"), encoding="utf-8")
    out = tmp_path / "out.json"
    result = invoke(runner, "score", str(a), str(b), "-f", "json", "-o", str(out))
    assert result.exit_code == 2
    assert "duplicate key `method`" in result.stderr
    assert "a/scenario.yaml" in result.stderr and "b/scenario.yaml" in result.stderr
    assert not out.exists()


def test_one_scenario_formats_and_repeats_are_refused(
    runner: CliRunner, two: tuple[Path, Path], tmp_path: Path
) -> None:
    a, b = two
    result = invoke(runner, "score", str(a), str(b), "-f", "csv")
    assert result.exit_code == 2 and "--format csv holds one scenario" in result.stderr
    result = invoke(runner, "score", str(a), str(a))
    assert result.exit_code == 2 and "is given twice" in result.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke(runner, "score", str(empty))  # like a missing file: one line, exit 1
    assert result.exit_code == 1 and "holds no scenario" in result.stderr


def test_a_usage_error_names_the_scenario(runner: CliRunner, two: tuple[Path, Path]) -> None:
    a, b = two
    result = invoke(runner, "score", str(a), str(b), "-c", "nonesuch")
    assert result.exit_code == 2
    assert f"{a.as_posix()}: --capability: unknown capability `nonesuch`" in result.stderr
