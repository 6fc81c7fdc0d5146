"""Helpers shared by the CLI commands: loading, weights and options, output.

Light imports only (Typer and the standard library), so every command module can import
it at start-up without slowing ``diversify --help``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from diversify.cli.errors import UsageError
from diversify.text import printable

if TYPE_CHECKING:
    from diversify.model.resolved import ScenarioData


# Options shared by score, robustness and portfolio: one definition, one help text.
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        metavar="NAME",
        help="Weight profile from the criteria file, e.g. balanced, speed-first.",
    ),
]
WeightsOption = Annotated[
    str | None,
    typer.Option(
        "--weights",
        "-w",
        metavar="WEIGHTS",
        help=(
            "Direct weights in points, e.g. cost=30,delivery=70: normalised to sum to 1; "
            "criteria left out get 0. Replaces the scenario's profile."
        ),
    ),
]
CapabilityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--capability",
        "-c",
        metavar="ID",
        help="Only this capability, e.g. tanks (repeat for more).",
    ),
]
AllowOutsideOption = Annotated[
    bool,
    typer.Option(
        "--allow-outside",
        help=(
            "Let the scenario name files and a report folder outside its own folder "
            "(refused by default, so a scenario from elsewhere cannot read or write anywhere)."
        ),
    ),
]
MethodOptionOption = Annotated[
    list[str] | None,
    typer.Option(
        "--method-option",
        metavar="KEY=VALUE",
        help=(
            "Tune the ranking method, with the keys of the scenario's `method_options:` "
            "(repeat for more), e.g. normalisation=minmax (topsis), v=0.3 (vikor), "
            "variant=hwang_yoon or p=mean (electre1), functions.delivery={type: linear, "
            "q: 2, p: 12} (promethee2; a dotted KEY reaches inside). VALUE is read as YAML. "
            "For the scenario's own method, these override its method_options key by key. "
            "See docs/methods.md."
        ),
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help=(
            "Write to FILE instead of printing: a file is replaced atomically (never left "
            "half-written); a device or pipe is written into; - means standard output."
        ),
    ),
]


def number(flag: str, text: str | None, wanted: str, *, whole: bool = False) -> Any:
    """A numeric option's value, read here so that a bad one gets the project's message.

    Declared as a number, ``--delay abc`` is refused by Click before the command runs,
    with its generic "Invalid value ... Input should be a valid number" and a usage block;
    read as text, it gets the same one line as a value out of range (``--delay must be a
    number of months from 0 to 600 (got abc)``), exit 2. None when the option is not given.
    """
    if text is None:
        return None
    try:
        return int(text) if whole else float(text)
    except ValueError:
        raise UsageError(f"{flag} must be {wanted} (got {text})") from None


def parse_weights(text: str) -> dict[str, float]:
    """Parse ``cost=30,delivery=20`` into points; raise UsageError with a clear message."""
    import math

    from diversify.model.base import MAX_POINTS

    out: dict[str, float] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--weights: `{part}` should look like criterion=points, e.g. cost=30")
        try:
            number = float(value)
        except ValueError:
            raise UsageError(f"--weights: `{value.strip()}` for `{name}` is not a number") from None
        if not math.isfinite(number) or not 0 <= number <= MAX_POINTS:
            raise UsageError(
                f"--weights: `{name}` must be a number of points from 0 to {MAX_POINTS:,.0f}"
            )
        if name in out:
            raise UsageError(f"--weights: `{name}` is given twice")
        out[name] = number
    if not out:
        raise UsageError("--weights: give at least one criterion=points pair")
    if sum(out.values()) <= 0:
        raise UsageError("--weights: all weights are zero; give at least one a positive weight")
    return out


def resolve_weights(
    scenario: ScenarioData, profile: str | None, weights: str | None
) -> dict[str, float] | None:
    """Weights (points) chosen on the command line, checked against the scenario."""
    import difflib

    known = [c.id for c in scenario.criteria]
    if profile is not None and weights is not None:
        raise UsageError("give --profile or --weights, not both")
    if profile is not None:
        if profile not in scenario.profiles:
            close = difflib.get_close_matches(profile, list(scenario.profiles), n=1)
            hint = f" Did you mean `{close[0]}`?" if close else ""
            raise UsageError(
                f"--profile: no profile `{profile}`.{hint} Known: {', '.join(scenario.profiles)}"
            )
        return dict(scenario.profiles[profile])
    if weights is not None:
        points = parse_weights(weights)
        check_criteria("--weights", points, known)
        return points
    return None


def check_criteria(flag: str, names: Iterable[str], known: Sequence[str]) -> None:
    """Refuse the first of ``names`` that is not a criterion, suggesting the closest."""
    import difflib

    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f" Did you mean `{close[0]}`?" if close else ""
            raise UsageError(f"{flag}: unknown criterion `{name}`.{hint} Known: {', '.join(known)}")


def load(scenario: Path | None, allow_outside: bool = False) -> ScenarioData:
    """Load and check a scenario, with the cycle collector paused meanwhile (see
    :data:`diversify.io.yaml.paused_gc`: loading makes many small objects that all live on).

    What a command loads lives until the command ends, so it is then frozen out of the
    collector's sight (:func:`gc.freeze`): scoring and rendering allocate enough to set off
    full collections, and on a programme of 5,000 options each one walked the whole
    scenario again (about 150 ms of a 3 s run). Frozen objects are still freed when no longer
    used; the loaded data holds no reference cycles for the collector to find.

    Warnings that depend on the day of the run (a deal dated after today) are printed on
    stderr here, for every command: a result never carries them, so that the same inputs
    give the same outputs on any day.
    """
    import gc

    from diversify.io.loader import load_scenario
    from diversify.io.yaml import paused_gc

    with paused_gc:
        data = load_scenario(scenario, allow_outside=allow_outside)
    gc.freeze()
    for warning in data.dated_warnings:
        typer.echo(f"warning: {printable(warning)}", err=True)
    return data


def load_all(paths: Sequence[Path | None], allow_outside: bool = False) -> list[ScenarioData]:
    """Load every scenario; when any has problems, report every problem of every one.

    A batch is checked as a whole before anything is scored or written, so that one run
    lists every mistake in every file (exit 2) instead of stopping at the first scenario.
    """
    from diversify.io.problems import InputError

    loaded: list[ScenarioData] = []
    problems = []
    for path in paths:
        try:
            loaded.append(load(path, allow_outside))
        except InputError as err:
            problems.extend(err.problems)
    if problems:
        raise InputError(problems)
    return loaded


def parse_method_options(values: Sequence[str] | None) -> dict[str, object]:
    """``--method-option KEY=VALUE`` pairs as a nested mapping (dotted keys nest).

    VALUE is read as a YAML scalar or flow mapping, as it would be written under
    ``method_options:``: ``0.3`` is a number, ``minmax`` text, ``{type: linear, p: 12}`` a
    mapping. Raises UsageError for a malformed pair, an unreadable value or a key given
    twice.
    """
    out: dict[str, object] = {}
    for text in values or ():
        key, sep, value = text.partition("=")
        parts = [p.strip() for p in key.split(".")]
        if not sep or not all(parts):
            raise UsageError(
                f"--method-option: `{text}` should look like KEY=VALUE, e.g. "
                "normalisation=minmax or v=0.3"
            )
        parsed = _option_value(parts, value)
        node = out
        for part in parts[:-1]:
            child = node.setdefault(part, {})
            if not isinstance(child, dict):
                raise UsageError(f"--method-option: `{'.'.join(parts)}` is given twice")
            node = child
        if parts[-1] in node:
            raise UsageError(f"--method-option: `{'.'.join(parts)}` is given twice")
        node[parts[-1]] = parsed
    return out


def _option_value(parts: Sequence[str], value: str) -> object:
    """One option's VALUE read as YAML (a number, text, true/false or a flow mapping)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    if len(value) > 10_000:
        raise UsageError(f"--method-option: the value of `{'.'.join(parts)}` is too long")
    try:
        parsed = YAML(typ="safe", pure=True).load(value)
    except YAMLError:
        raise UsageError(
            f"--method-option: cannot read the value of `{'.'.join(parts)}` "
            f"(`{value.strip()}`); write a number, a word, or a mapping such as "
            "{type: linear, q: 2, p: 12}"
        ) from None
    return parsed


def _merge(base: dict[str, object], override: Mapping[str, object]) -> dict[str, object]:
    """``base`` with ``override`` laid over it, mappings merged key by key."""
    out = dict(base)
    for key, value in override.items():
        current = out.get(key)
        if isinstance(current, dict) and isinstance(value, Mapping):
            out[key] = _merge(current, value)
        else:
            out[key] = value
    return out


def apply_method(
    scenario: ScenarioData, method: str | None, options: Sequence[str] | None
) -> ScenarioData:
    """The scenario as the command line chooses its method: ``--method`` and
    ``--method-option`` folded into ``method`` and ``method_params``.

    Every later step (scoring, robustness, method agreement) then sees one method and
    one set of parameters, validated by the same model as the scenario's
    ``method_options:``. For the scenario's own method the options override its
    ``method_options`` key by key; for another method they start from its defaults.
    Raises UsageError naming the option for an unknown key or a bad value.
    """
    from dataclasses import replace

    if method is None and not options:
        return scenario
    check_method(method)
    name = method or scenario.method
    given = parse_method_options(options)
    from pydantic import ValidationError

    from diversify.model.methods import METHOD_PARAMS

    model = METHOD_PARAMS[name]
    base: dict[str, object] = {}
    if name == scenario.method and scenario.method_params is not None:
        base = scenario.method_params.model_dump(exclude_none=True)
    unknown = [k for k in given if k not in model.model_fields]
    if unknown:
        known = ", ".join(model.model_fields)
        raise UsageError(
            f"--method-option: `{unknown[0]}` is not an option of method {name}; "
            + (f"its options: {known}" if known else f"{name} takes no options")
        )
    try:
        params = model.model_validate(_merge(base, given))
    except ValidationError as err:
        messages = []
        for e in err.errors():
            where = ".".join(str(part) for part in e["loc"]) or "options"
            message = e["msg"].removeprefix("Value error, ")
            messages.append(f"`{where}`: {message} (got {e.get('input')!r})")
        raise UsageError(f"--method-option for {name}: " + "; ".join(messages)) from None
    return replace(scenario, method=name, method_params=params)


def check_method(method: str | None) -> None:
    methods = ("mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2")
    if method is not None and method not in methods:
        raise UsageError(f"--method: unknown method `{method}`; use one of {', '.join(methods)}")


STDOUT_NAMES = ("-", "/dev/stdout")
"""``-o`` values that mean standard output (written to file descriptor 1, never renamed)."""


def is_stdout(output: Path | None) -> bool:
    """Whether ``-o`` asks for standard output: no ``-o``, ``-o -`` or ``-o /dev/stdout``."""
    return output is None or str(output) in STDOUT_NAMES


SUFFIXES = {"table": ".txt", "json": ".json", "csv": ".csv", "md": ".md", "html": ".html",
            "xlsx": ".xlsx"}  # fmt: skip
"""The file name ending each ``--format`` suggests when ``-o`` names a folder."""


def folder_message(output: Path, fmt: str | None = None) -> str:
    """``-o`` names a folder: say so, with a file name inside it to give instead."""
    example = printable(str(output / f"report{SUFFIXES.get(fmt or '', '.txt')}"))
    shown = printable(str(output))
    return f"cannot write {shown}: it is a folder; give a file name inside it, e.g. {example}"


def check_output(output: Path | None, *, binary: bool, fmt: str | None = None) -> None:
    """Refuse an output that cannot work *before* any computation is spent on it.

    A binary format (xlsx) goes to a file, or to standard output only when that is
    redirected (``-o - > book.xlsx``): bytes sent to a terminal would garble it. A folder
    is refused with a file name inside it to give instead (``fmt`` sets its ending).
    """
    import sys

    if output is not None and not is_stdout(output) and output.is_dir():
        from diversify.io.problems import FileAccessError

        raise FileAccessError(folder_message(output, fmt), output)

    if binary and is_stdout(output):
        if output is None:
            raise UsageError("this format is binary: give -o FILE (or -o - to pipe it)")
        if sys.stdout.isatty():
            raise UsageError("this format is binary: redirect standard output or give -o FILE")


def write_output(text: str | bytes, output: Path | None) -> None:
    """Write to standard output, or to a file in the way that suits it (io.atomic)."""
    import sys

    stream = _standard_stream(output)
    if is_stdout(output) or stream == 1:
        if isinstance(text, bytes):
            check_output(output, binary=True)
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    assert output is not None
    if stream == 2:
        sys.stderr.flush()
        sys.stderr.buffer.write(text if isinstance(text, bytes) else text.encode("utf-8"))
        sys.stderr.buffer.flush()
        return
    from diversify.io.atomic import write_file

    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if output.is_dir():  # made a folder since check_output looked
        from diversify.io.problems import FileAccessError

        raise FileAccessError(folder_message(output), output)
    with output_errors(output):
        output.parent.mkdir(parents=True, exist_ok=True)
        write_file(output, data)
    typer.echo(f"wrote {printable(str(output))}", err=True)


def _standard_stream(output: Path | None) -> int | None:
    """1 or 2 when ``output`` is, by whatever name (``//dev/stdout``, ``/dev/fd/2``, a link
    to ``/proc/self/fd/1``, the very file stdout is redirected to), the file our standard
    output or error is open on: write into the stream, never rename over the file."""
    import os
    import sys

    if output is None:
        return None
    try:
        target = os.stat(output)
    except OSError:
        return None
    for fd, stream in ((1, sys.stdout), (2, sys.stderr)):
        try:
            here = os.fstat(stream.fileno())
        except (AttributeError, OSError, ValueError):  # captured streams (tests)
            continue
        if (here.st_dev, here.st_ino) == (target.st_dev, target.st_ino):
            return fd
    return None


def write_outputs(files: Mapping[Path, bytes], folder: Path) -> None:
    """Write a set of files into ``folder`` as a unit (io.atomic.write_file_set)."""
    from diversify.io.atomic import write_file_set

    with output_errors(folder):
        folder.mkdir(parents=True, exist_ok=True)
        write_file_set(files)
    for path in files:
        typer.echo(f"wrote {printable(str(path))}", err=True)


@contextmanager
def output_errors(output: Path) -> Iterator[None]:
    """Turn an OSError while writing ``output`` into one clear line (exit 1)."""
    from diversify.io.problems import FileAccessError

    try:
        yield
    except OSError as err:
        if isinstance(err, (FileExistsError, NotADirectoryError)):
            reason = "part of the path is a file, not a folder"
        elif isinstance(err, IsADirectoryError):
            reason = "it is a folder; give a file name inside it"
        elif isinstance(err, PermissionError):
            reason = "permission denied (the file or its folder is read-only)"
        else:
            reason = err.strerror or str(err)
        raise FileAccessError(
            f"cannot write {output}: {reason}; choose another file or folder", output
        ) from None


def warning_lines(warnings: Iterable[str], label: str = "") -> list[str]:
    """Each warning once, as ``warning: ...`` wrapped to the terminal (80 columns at most,
    as the tables), continuation lines indented; ``label`` (a batch's scenario) first."""
    import shutil
    import textwrap

    width = max(40, min(80, shutil.get_terminal_size((80, 24)).columns))
    lines: list[str] = []
    for w in dict.fromkeys(warnings):
        text = printable(f"warning: {label + ': ' if label else ''}{w}")
        lines += textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False)
    return lines


def echo_warnings(warnings: Iterable[str], label: str = "") -> None:
    """Print the scenario's warnings on stderr, never among the table on stdout, so that
    ``diversify score > file`` keeps a clean table (``validate`` does the same)."""
    for line in warning_lines(warnings, label):
        typer.echo(line, err=True)


def check_capabilities(data: ScenarioData, capability: Sequence[str] | None) -> None:
    """Refuse a --capability that the scenario does not have."""
    known = [c.id for c in data.capabilities]
    for c in capability or ():
        if c not in known:
            raise UsageError(f"--capability: unknown capability `{c}`; known: {', '.join(known)}")


@contextmanager
def native_output_to_stderr() -> Iterator[None]:
    """Send whatever native code writes to file descriptor 1 to stderr meanwhile.

    HiGHS (inside scipy's ``milp``) can print a diagnostic line straight to fd 1
    (ERGO-Code/HiGHS#2783), which would corrupt JSON or CSV piped from stdout. Python's
    own ``sys.stdout`` is untouched; only the process-level descriptor is redirected.
    """
    import os
    import sys

    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # captured output (tests): nothing to guard
        yield
        return
    sys.stdout.flush()
    saved = os.dup(fd)
    try:
        os.dup2(sys.stderr.fileno(), fd)
        yield
    finally:
        os.dup2(saved, fd)
        os.close(saved)
