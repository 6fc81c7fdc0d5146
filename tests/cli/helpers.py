"""Helpers shared by the CLI tests: in-process runs, real processes, the JSON contract.

The ``runner`` fixture is in conftest.py beside this file; everything here is a plain
function or constant, imported as ``from tests.cli.helpers import ...`` (pytest's
importlib mode registers ``tests`` and ``tests.cli`` as packages for the test modules).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from diversify.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "json-contract.md"
MINI = ROOT / "tests" / "data" / "valid" / "mini" / "scenario.yaml"
CASES = ROOT / "tests" / "data" / "invalid" / "scenarios"
"""The golden broken scenarios (each with the problems it must give in expected.yaml)."""
BUNDLED_CAPABILITIES = {
    "counter-uas", "gbad", "lav-ifv", "male-uav", "rocket-artillery", "spg", "submarines",
    "tanks", "trainers",
}  # fmt: skip
"""The bundled scenario's capabilities."""
BLOCS = ["US", "Europe", "ROK", "Canada", "Other"]
"""The supplier blocs, in the order the outputs list them."""
TIMEOUT = 300
"""Seconds a real process may take (the scikit-criteria import is slow on a cold cache)."""
MODULE = (sys.executable, "-m", "diversify")
"""``python -m diversify`` in this interpreter."""


# --- in-process runs ---------------------------------------------------------------------


def invoke(runner: CliRunner, *args: str, columns: int | None = None) -> Any:
    """Run the app in-process; a crash (not a clean exit) fails the test with its traceback.

    ``columns`` sets the terminal width the app sees (COLUMNS), as a real terminal would.
    """
    env = {"COLUMNS": str(columns)} if columns is not None else None
    result = runner.invoke(app, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def ok(runner: CliRunner, *args: str) -> str:
    """Run the app in-process, check it exits 0 and return what it printed on stdout."""
    result = invoke(runner, *args)
    assert result.exit_code == 0, result.stderr
    out: str = result.stdout
    return out


def assert_one_line_error(result: Any, *fragments: str, code: int = 2) -> None:
    """A user error: the exit code, one line on stderr naming the problem, nothing on stdout."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    err = result.stderr.strip()
    assert "\n" not in err, err
    assert err.startswith("diversify: "), err
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in err, err
    assert result.stdout == ""


# --- real processes ----------------------------------------------------------------------


def start(
    *args: str,
    cwd: Path,
    command: Sequence[str] = MODULE,
    hash_seed: str | None = None,
    text: bool = False,
) -> subprocess.Popen[Any]:
    """Start a real ``diversify`` process in ``cwd`` with both streams piped.

    ``command`` is ``python -m diversify`` unless given (e.g. the console script). The
    child does not inherit COLUMNS or LINES, so it sees a pipe's default width;
    ``hash_seed`` sets PYTHONHASHSEED (set order must not change any output).
    """
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = hash_seed
    return subprocess.Popen(
        [*command, *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=text,
    )


def python_c(code: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (``python -c``); it must exit 0."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=timeout
    )


# --- the JSON contract -------------------------------------------------------------------


@cache
def doc_keys(heading: str) -> list[str]:
    """The keys of the table under ``heading`` in docs/json-contract.md, in order."""
    text = DOC.read_text(encoding="utf-8") + "\n#"
    match = re.search(rf"^#+ {re.escape(heading)}\n(.*?)(?=^#)", text, re.M | re.S)
    assert match, f"docs/json-contract.md has no section `{heading}`"
    keys = re.findall(r"^\| `([^`]+)` \|", match.group(1), re.M)
    assert keys, heading
    return keys
