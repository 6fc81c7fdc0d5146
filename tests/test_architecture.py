"""The house rules that keep the code livable, enforced.

- engine, model, io and report never import textual, typer or rich (checked in a fresh
  interpreter per module, like harlequin's test, and by import-linter in `make test`);
- `diversify --help` does not import scikit-criteria, pandas, matplotlib or textual, so the
  CLI starts fast; nor does the default `diversify score` (MAVT), while a method that needs
  scikit-criteria imports it when asked.
"""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import pytest

import diversify

CORE = ("diversify.model", "diversify.engine", "diversify.io", "diversify.report")
UI = ("textual", "typer", "rich")
HEAVY = ("skcriteria", "pandas", "matplotlib", "textual")


def _modules(prefix: str) -> list[str]:
    pkg = __import__(prefix, fromlist=["_"])
    return [prefix] + [f"{prefix}.{m.name}" for m in pkgutil.walk_packages(pkg.__path__)]


CORE_MODULES = [m for p in CORE for m in _modules(p)]


def _loaded_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_core_modules_found() -> None:
    assert "diversify.engine.scoring" in CORE_MODULES
    assert "diversify.model.resolve" in CORE_MODULES


BLOCK_UI = f"""
import sys
class _BlockUI:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {UI!r}:
            raise ModuleNotFoundError(f"blocked UI import: {{name}}")
        return None
sys.meta_path.insert(0, _BlockUI())
"""


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_imports_no_ui(module: str) -> None:
    """Each core module imports with textual, typer and rich made unimportable.

    A subprocess blocks the UI packages and imports the module: our code must not need
    them. (scikit-learn, under scikit-criteria, tries rich for optional progress bars and
    falls back cleanly when it is missing, so third-party optional use does not fail this.)
    """
    loaded = _loaded_after(BLOCK_UI + f"import {module}")
    leaked = sorted(m for m in loaded if m.split(".")[0] in UI)
    assert not leaked, f"{module} pulled in UI modules: {leaked[:5]}"


def test_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "sys.argv = ['diversify', '--help']\n"
        "from diversify.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
    )
    loaded = _loaded_after(code)
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert not heavy, f"--help imported {heavy[:5]}"
    assert "diversify.cli.main" in loaded


def test_version_is_the_package_version() -> None:
    from importlib.metadata import version

    assert diversify.__version__ == version("diversify")


def test_io_problems_does_not_import_the_yaml_reader() -> None:
    """io/yaml.py imports io/problems.py for its Problem rows; the reverse import (even
    under TYPE_CHECKING) made a circle. problems.py takes any LocatedDocument instead."""
    import ast
    from pathlib import Path

    import diversify.io.problems as problems

    tree = ast.parse(Path(problems.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert "diversify.io.yaml" not in imported
    assert not any(m.startswith("diversify.io.loader") for m in imported)


def _score_loads(args: list[str], out: str) -> set[str]:
    code = (
        "import sys\n"
        f"sys.argv = ['diversify', 'score', *{args!r}, '-o', {out!r}]\n"
        "from diversify.cli.main import app\n"
        "try:\n    app()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
    )
    return _loaded_after(code)


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_default_score_does_not_import_scikit_criteria(fmt: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The default score (bundled scenario, MAVT, screening, stability and SMAA for JSON)
    is numpy only: scikit-criteria (pandas, matplotlib, seaborn) is seconds of start-up."""
    out = tmp_path / f"out.{fmt}"
    loaded = _score_loads(["-f", fmt], str(out))
    heavy = sorted(m for m in loaded if m.split(".")[0] in HEAVY)
    assert not heavy, f"score -f {fmt} imported {heavy[:5]}"
    assert "diversify.engine.scoring" in loaded and out.stat().st_size > 0


def test_a_method_that_needs_scikit_criteria_imports_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = _score_loads(["-m", "topsis"], str(tmp_path / "out.txt"))
    assert "skcriteria" in loaded


def test_default_score_imports_only_what_its_format_needs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Start-up is most of a small score (issue 14). The JSON path draws no table (rich),
    re-reads no file with ruamel.yaml (the bundled files are libyaml's), solves no
    programme (scipy) and writes no HTML or workbook (jinja2, openpyxl); the table path
    imports none of the export renderers."""
    json_loaded = _score_loads(["-f", "json"], str(tmp_path / "out.json"))
    packages = {m.split(".")[0] for m in json_loaded}
    assert not packages & {"rich", "ruamel", "scipy", "jinja2", "openpyxl"}
    assert "diversify.report.formats" in json_loaded
    table_loaded = _score_loads([], str(tmp_path / "out.txt"))
    assert "diversify.cli.render" in table_loaded
    assert not {m for m in table_loaded if m.startswith("diversify.report.")} - {
        "diversify.report.wording"  # the sentences the table shares with the reports
    }
