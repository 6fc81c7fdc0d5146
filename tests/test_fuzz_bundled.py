"""Mutation fuzzing of the bundled scenario (hypothesis), in bounded time (issue 11).

Each example copies the bundled Canada files, makes one or two hostile edits (a value
replaced by a hostile token, a line deleted, doubled or cut, stray text inserted) and
runs ``validate`` then ``score -f json`` as the CLI does, in process. The rule is the
corpus's (tests/test_hostile_corpus.py): exit 0, 1 or 2; no exception escapes (a bug
would show as a traceback); an exit 2 names a file and line; nothing printed carries a
raw control character; and what ``validate`` accepts, ``score`` accepts.

``derandomize`` makes CI run the same examples every time, so a failure reproduces;
the example count and a per-example deadline bound the time.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from diversify.cli.main import app
from diversify.io.loader import bundled_files, bundled_root

BUNDLED = bundled_root()
FILES = sorted(str(p.relative_to(BUNDLED)) for p in bundled_files())
TOKENS = [
    "1e308", "-1e308", "1e-320", "-0.0", ".nan", "-.inf", "0", "-1", '"36"', "'12'",
    "yes", "null", "~", "[]", "{}", "[1, 2]", "{value: 1e308}", "&a x", "*a", "*undefined",
    "!!python/object/apply:os.system [id]", "!custom x", '"\\e]0;pwned\\a"', '"\\0"',
    '"\\e[31mred"', '"\\u202Eevil"', "'=1+1'", "'@SUM(A1)'", "':x: root:x:0:0'",
    "'[bold]x[/bold]'", "2022-13", "2022-02-31", "0000-00", "99999999999999999999999",
    "../../../../etc/passwd", "/nonexistent/x.yaml", "'*'", "'**/*'", "\t", "{a: {b: {c: 1}}}",
    "K2 Black Panther", "usd", "ZZ", "1/3", "true",
]  # fmt: skip
_RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_VALUE = re.compile(r"(:\s+)([^#\n]+?)(\s*(#.*)?)$")

edit = st.tuples(
    st.sampled_from(FILES),
    st.integers(min_value=0, max_value=10_000),
    st.sampled_from(["value", "delete", "double", "cut", "insert"]),
    st.sampled_from(TOKENS),
)


def _apply(folder: Path, change: tuple[str, int, str, str]) -> None:
    name, where, op, token = change
    path = folder / name
    lines = path.read_text(encoding="utf-8").split("\n")
    i = where % len(lines)
    if op == "value":
        lines[i] = _VALUE.sub(lambda m: f"{m.group(1)}{token}{m.group(3)}", lines[i], count=1)
    elif op == "delete":
        del lines[i]
    elif op == "double":
        lines.insert(i, lines[i])
    elif op == "cut":
        lines = lines[: i + 1]
        lines[-1] = lines[-1][: len(lines[-1]) // 2]
    else:
        lines.insert(i, f"{' ' * (where % 7)}{token}")
    path.write_text("\n".join(lines), encoding="utf-8")


def _check(result: object, command: str) -> int:
    code = result.exit_code  # type: ignore[attr-defined]
    exc = result.exception  # type: ignore[attr-defined]
    assert exc is None or isinstance(exc, SystemExit), f"{command} raised {exc!r}"
    assert code in (0, 1, 2), (command, code, result.stderr)  # type: ignore[attr-defined]
    printed = result.stdout + result.stderr  # type: ignore[attr-defined]
    bad = _RAW_CONTROL.search(printed)
    assert bad is None, f"{command} printed {bad.group()!r}"
    if code == 2:
        assert re.search(r"[\w./-]+\.yaml", result.stderr), result.stderr  # type: ignore[attr-defined]
    return int(code)


@settings(
    max_examples=30,
    deadline=20_000,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(changes=st.lists(edit, min_size=1, max_size=2))
def test_mutated_bundled_scenario_meets_the_rule(
    changes: list[tuple[str, int, str, str]], tmp_path_factory: object
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    work = folder / "canada"
    for name in FILES:
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BUNDLED / name, work / name)
    for change in changes:
        _apply(work, change)
    runner = CliRunner()
    scenario = str(work / "scenario.yaml")
    validated = _check(runner.invoke(app, ["validate", scenario]), "validate")
    scored = _check(runner.invoke(app, ["score", scenario, "-f", "json"]), "score")
    if validated == 0:
        assert scored == 0, "validate accepted what score refused"
    shutil.rmtree(folder)
