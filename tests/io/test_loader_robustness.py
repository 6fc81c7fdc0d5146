"""Golden files for the scenario's `robustness:` section and the ranges SMAA samples from.

Each case is a folder under tests/data/invalid/scenarios/robustness_*/ holding a scenario
(and its files) next to `expected.yaml`: every problem the loader must report, with the file,
line, column, key path, value as shown, and a fragment of the plain-English message. The
loader runs from inside the folder, so files are named as a user there would see them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from diversify.io.loader import load_scenario
from diversify.io.problems import InputError
from diversify.io.yaml import load_yaml

CASES = Path(__file__).resolve().parents[1] / "data" / "invalid" / "scenarios"


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("robustness_*") if p.is_dir())


def test_the_robustness_cases_exist() -> None:
    assert {p.name for p in _cases()} >= {
        "robustness_settings",
        "robustness_order",
        "robustness_ranges",
    }


@pytest.mark.parametrize("case", _cases(), ids=lambda p: p.name)
def test_golden_robustness_problems(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every expected problem is reported at its place, and nothing else."""
    monkeypatch.chdir(case)
    expected = load_yaml(case / "expected.yaml").data["problems"]
    with pytest.raises(InputError) as info:
        load_scenario(Path("scenario.yaml"), allow_outside=True)  # cases borrow mini files
    got = sorted(info.value.problems)
    assert len(got) == len(expected), "\n".join(map(repr, got))
    for problem, want in zip(got, expected, strict=True):
        assert problem.file == want["file"]
        assert (problem.line, problem.column) == (want["line"], want["column"])
        assert problem.path == want["path"]
        assert problem.value == want["value"]
        assert want["message"] in problem.message
