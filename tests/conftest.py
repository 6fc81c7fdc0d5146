"""Shared fixtures: paths of the test scenarios."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture
def mini_scenario() -> Path:
    """A two-capability scenario whose scores are checked by hand in the tests."""
    return DATA / "valid" / "mini" / "scenario.yaml"


@pytest.fixture
def mini_copy(tmp_path: Path, mini_scenario: Path) -> Path:
    """An editable copy of the mini scenario (returns the scenario file)."""
    import shutil

    shutil.copytree(mini_scenario.parent, tmp_path / "mini")
    return tmp_path / "mini" / "scenario.yaml"
