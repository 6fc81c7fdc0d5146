"""Fixtures shared by the CLI tests (plain helpers are in helpers.py beside this file)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    """Typer's in-process runner, one per test module."""
    return CliRunner()
