"""The built wheel, installed in a fresh virtual environment, scores the bundled scenario.

The bundled scenario's files live at the repository root (``scenario.yaml``,
``criteria/``, ``suppliers/``) and reach an installed copy only through the wheel's
``force-include`` (pyproject.toml). This test builds the wheel from this checkout as a
user's ``pip install .`` would, installs it (without its dependencies, which come from the
test environment's site-packages through a path file, so no download is needed) into a
new virtual environment, and runs ``diversify score`` from an unrelated folder.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from diversify.io.loader import bundled_files, bundled_root

ROOT = Path(__file__).resolve().parents[1]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(out), str(ROOT)],
        cwd=out,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (path,) = out.glob("diversify-*.whl")
    return path


def test_the_wheel_carries_the_root_scenario_files(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    root = bundled_root()
    for source in bundled_files():
        packaged = f"diversify/data/canada/{source.relative_to(root).as_posix()}"
        assert packaged in names, packaged
    assert "diversify/report/templates/report.html.j2" in names
    for note in ("sources.md", "data-audit.md"):  # the notes the data cites, for `init`
        assert f"diversify/data/canada/docs/{note}" in names
    assert "diversify/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "benchmarks/"))]


def test_an_installed_wheel_scores_the_bundled_scenario_from_any_folder(
    wheel: Path, tmp_path: Path
) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    installed = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)],
        cwd=tmp_path,
    )
    assert installed.returncode == 0, installed.stderr
    site = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
             cwd=tmp_path).stdout.strip()
    )  # fmt: skip
    # The dependencies (numpy, scikit-criteria, ...) from this test environment, after the
    # new environment's own site-packages, so the installed diversify wins over the checkout.
    (site / "test-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run(
        [str(python), "-c", "from diversify.io.loader import bundled_root; print(bundled_root())"],
        cwd=elsewhere,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(site), where.stdout  # not the checkout

    scored = _run([str(env_dir / "bin" / "diversify"), "score", "--format", "json"], elsewhere)
    assert scored.returncode == 0, scored.stderr
    result = json.loads(scored.stdout)
    expected = {
        p.relative_to(bundled_root()).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in bundled_files()
    }
    assert result["inputs"] == expected  # the checkout's files, byte for byte
    assert len(result["capabilities"]) == len(list((ROOT / "suppliers").glob("*.yaml")))
