"""The hostile-input corpus: every crafted file and edit meets the same rule (issue 11).

The rule, checked on a real child process (as a user meets the tool):

* the exit code is 0, 1 or 2 (never a crash, never a hang: the runner kills a case
  that takes longer than ``LIMIT`` seconds and fails it);
* no traceback on stderr;
* an exit 2 names a file, and a line where the problems have one (``file.yaml:12``);
* no raw control character (ESC, BEL, NUL, CSI, a bidi override) reaches the terminal.

Cases live in ``tests/data/hostile/``: single files under ``files/`` (alias and merge
bombs, deep nesting, binary, BOM, CRLF, tags, escape sequences, NaN, 1e308…), edits of
the mini scenario in ``mutations.yaml``, and what cannot be committed (FIFOs, device
nodes, a 3 MB file, symlink loops), made here in a temp folder. A scenario that
``validate`` accepts must also ``score`` (validate catches everything score rejects).

Cases run in parallel (two at a time per core) so the whole corpus takes seconds.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from diversify.io.yaml import load_yaml

HOSTILE = Path(__file__).parent / "data" / "hostile"
MINI = Path(__file__).parent / "data" / "valid" / "mini"
LIMIT = 20.0
"""Seconds a case may take; the issue's bound for the FIFO and 1e12-samples cases."""

_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Run:
    args: tuple[str, ...]
    code: int | None
    """None when the case was killed at the time limit."""
    stdout: str
    stderr: str
    seconds: float


def _run(*args: str, cwd: Path) -> Run:
    started = time.monotonic()
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "diversify", *args],
            cwd=cwd,
            capture_output=True,
            timeout=LIMIT,
            env=env,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as err:
        out = (err.stdout or b"").decode("utf-8", "replace")
        return Run(args, None, out, (err.stderr or b"").decode("utf-8", "replace"), LIMIT)
    return Run(
        args,
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
        time.monotonic() - started,
    )


# --- the cases ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], tuple[Path, str]]
    """Makes the case in a folder; returns (working folder, file to check)."""
    commands: tuple[tuple[str, ...], ...] = (("validate",),)
    """What to run on the file (each followed by the file's name)."""
    line_expected: bool = True
    """Whether an exit 2 must give a line (whole-file problems have none)."""


def _file_case(name: str) -> Case:
    def build(folder: Path) -> tuple[Path, str]:
        shutil.copy(HOSTILE / "files" / name, folder / name)
        return folder, name

    return Case(f"files/{name}", build, line_expected=False)


def _mutation_case(spec: dict[str, str]) -> Case:
    def build(folder: Path) -> tuple[Path, str]:
        work = folder / "mini"
        shutil.copytree(MINI, work)
        target = work / spec["file"]
        text = target.read_text(encoding="utf-8")
        if "append" in spec:
            text += spec["append"]
        else:
            assert spec["replace"] in text, spec
            text = text.replace(spec["replace"], spec["with"], 1)
        target.write_text(text, encoding="utf-8")
        return work, "scenario.yaml"

    return Case(f"mutation/{spec['name']}", build, (("validate",), ("score", "-f", "json")))


def _special(name: str, line: bool = True) -> Callable[[Callable[[Path], None]], Case]:
    """A case built at run time on a mini copy: ``edit(folder)`` changes the copy."""

    def wrap(edit: Callable[[Path], None]) -> Case:
        def build(folder: Path) -> tuple[Path, str]:
            work = folder / "mini"
            shutil.copytree(MINI, work)
            edit(work)
            return work, "scenario.yaml"

        return Case(f"special/{name}", build, (("validate",), ("score",)), line_expected=line)

    return wrap


def _point_criteria_at(work: Path, name: str) -> None:
    scenario = work / "scenario.yaml"
    text = scenario.read_text().replace("criteria/default.yaml", f"criteria/{name}")
    scenario.write_text(text)


@_special("fifo-criteria")
def _fifo(work: Path) -> None:
    os.mkfifo(work / "criteria" / "pipe.yaml")
    _point_criteria_at(work, "pipe.yaml")


@_special("device-criteria")
def _device(work: Path) -> None:
    try:
        os.mknod(work / "criteria" / "zero.yaml", stat.S_IFCHR | 0o666, os.makedev(1, 5))
    except OSError:  # not root: a FIFO stands in for the device
        os.mkfifo(work / "criteria" / "zero.yaml")
    _point_criteria_at(work, "zero.yaml")


@_special("symlink-loop-criteria")
def _loop(work: Path) -> None:
    (work / "criteria" / "a.yaml").symlink_to("b.yaml")
    (work / "criteria" / "b.yaml").symlink_to("a.yaml")
    _point_criteria_at(work, "a.yaml")


@_special("huge-suppliers-file", line=False)
def _huge(work: Path) -> None:
    with (work / "suppliers" / "tanks.yaml").open("a") as handle:
        handle.write("# padding\n" * 300_000)  # 3 MB, over the 2 MB limit


@_special("fifo-scenario", line=False)
def _fifo_scenario(work: Path) -> None:
    (work / "scenario.yaml").unlink()
    os.mkfifo(work / "scenario.yaml")


def _cases() -> list[Case]:
    cases = [_file_case(p.name) for p in sorted((HOSTILE / "files").iterdir())]
    specs = load_yaml(HOSTILE / "mutations.yaml").data["cases"]
    cases += [_mutation_case(s) for s in specs]
    if os.name == "posix":
        cases += [_fifo, _device, _loop, _huge, _fifo_scenario]
    return cases


CASES = _cases()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Run]]:
    """Every case's runs, made two at a time per core (they are independent)."""

    def one(case: Case) -> list[Run]:
        folder = tmp_path_factory.mktemp(re.sub(r"\W+", "-", case.name))
        cwd, name = case.build(folder)
        out = []
        for command in case.commands:
            run = _run(*command, name, cwd=cwd)
            out.append(run)
            if run.code != 0 and command[0] == "validate":
                break  # score would only repeat the problems; see the consistency test
        return out

    with ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        return dict(zip((c.name for c in CASES), pool.map(one, CASES), strict=True))


def _each(runs: list[Run]) -> Iterator[Run]:
    yield from runs


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_meets_the_rule(case: Case, runs: dict[str, list[Run]]) -> None:
    for run in _each(runs[case.name]):
        shown = f"{case.name}: diversify {' '.join(run.args)}\n{run.stderr[-3000:]}"
        assert run.code is not None, f"killed after {LIMIT} s: {shown}"
        assert run.code in (0, 1, 2), shown
        assert "Traceback" not in run.stderr, shown
        bad = _RAW_CONTROL.search(run.stdout + run.stderr)
        assert bad is None, f"raw control character {bad.group()!r}: {shown}"
        if run.code == 2:
            pattern = r"[\w./-]+\.yaml:\d+" if case.line_expected else r"[\w./-]+\.yaml"
            assert re.search(pattern, run.stderr), shown


@pytest.mark.parametrize("case", [c for c in CASES if len(c.commands) > 1], ids=lambda c: c.name)
def test_what_validate_accepts_score_accepts(case: Case, runs: dict[str, list[Run]]) -> None:
    """`validate` must catch everything `score` would reject (issue 11, item 11)."""
    done = runs[case.name]
    if done[0].code == 0:
        assert [r.code for r in done] == [0] * len(case.commands), done[-1].stderr


def test_the_corpus_covers_the_issue() -> None:
    """Every family of hostile input the issue names has at least one case."""
    names = " ".join(c.name for c in CASES)
    for family in (
        "billion_laughs", "merge_bomb", "deep_nesting", "binary", "bom", "crlf", "tag",
        "escape", "nul", "1e308", "quoted", "0000-00", "feb-31", "samples-1e12", "outside",
        "report-out", "formula", "markup", "fifo", "device", "huge",
    ):  # fmt: skip
        assert family in names, family


def test_fifo_and_huge_samples_end_in_time_with_exit_2(runs: dict[str, list[Run]]) -> None:
    """The issue's must-show: both end in under 20 s with exit 2."""
    for name in ("special/fifo-criteria", "mutation/samples-1e12"):
        for run in runs.get(name, []):
            assert run.code == 2 and run.seconds < LIMIT, (name, run)


def test_samples_on_the_command_line_end_in_time(tmp_path: Path) -> None:
    run = _run("robustness", "--samples", "1000000000000", cwd=tmp_path)
    assert run.code == 2 and run.seconds < LIMIT
    assert "--samples must be a whole number from 1 to 1,000,000" in run.stderr
