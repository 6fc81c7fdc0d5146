"""The ``diversify`` command line (Typer).

Start-up is kept fast: this module imports only Typer and the standard library;
scikit-criteria, pandas, numpy-heavy engine code and Textual are imported inside the
commands that use them (a test checks ``sys.modules`` after ``--help``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from diversify import __version__
from diversify.cli.errors import UsageError, handle_errors

if TYPE_CHECKING:
    from diversify.model.resolved import ScenarioData

app = typer.Typer(
    name="diversify",
    help=(
        "Score defence suppliers per capability, test how robust the ranking is, and build "
        "a diversified programme portfolio. Without a SCENARIO, the bundled Canada scenario is used."
    ),
    no_args_is_help=False,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

ScenarioArg = Annotated[
    Path | None,
    typer.Argument(
        help="Scenario YAML file (default: the bundled Canada scenario).", show_default=False
    ),
]
FORMATS_HELP = "Output format: table (default), json, csv, md, html or xlsx."


def _version(value: bool) -> None:
    if value:
        typer.echo(f"diversify {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def main(
    ctx: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Decision support for defence procurement planners."""
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def parse_weights(text: str) -> dict[str, float]:
    """Parse ``cost=30,delivery=20`` into points; raise UsageError with a clear message."""
    import math

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
        if not math.isfinite(number) or number < 0:
            raise UsageError(f"--weights: `{name}` must be a finite number of points, 0 or more")
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
        for name in points:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" Did you mean `{close[0]}`?" if close else ""
                raise UsageError(
                    f"--weights: unknown criterion `{name}`.{hint} Known: {', '.join(known)}"
                )
        return points
    return None


def load(scenario: Path | None) -> ScenarioData:
    from diversify.io.loader import load_scenario

    return load_scenario(scenario)


def check_method(method: str | None) -> None:
    methods = ("mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2")
    if method is not None and method not in methods:
        raise UsageError(f"--method: unknown method `{method}`; use one of {', '.join(methods)}")


def write_output(text: str | bytes, output: Path | None) -> None:
    """Write to a file atomically, or to stdout."""
    import sys

    if output is None:
        if isinstance(text, bytes):
            raise UsageError("this format is binary: give -o FILE")
        sys.stdout.write(text)
        return
    from diversify.io.atomic import atomic_write_bytes, atomic_write_text

    output.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        atomic_write_bytes(output, text)
    else:
        atomic_write_text(output, text)
    typer.echo(f"wrote {output}", err=True)


@app.command()
@handle_errors
def score(
    scenario: ScenarioArg = None,
    profile: Annotated[
        str | None, typer.Option("--profile", "-p", help="Use this weight profile.")
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option("--weights", "-w", help="Direct weights in points: cost=30,delivery=20,…"),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method", "-m", help="mavt, wsm, wpm, topsis, vikor, electre1 or promethee2."
        ),
    ] = None,
    capability: Annotated[
        list[str] | None,
        typer.Option("--capability", "-c", help="Only this capability (repeatable)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=FORMATS_HELP)] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """Rank every capability's options and print or export the ranking."""
    from diversify.cli.render import render_table
    from diversify.report.formats import FORMATS

    if fmt != "table" and fmt not in FORMATS:
        raise UsageError(f"--format: unknown format `{fmt}`; use table, {', '.join(FORMATS)}")
    check_method(method)
    data = load(scenario)
    points = resolve_weights(data, profile, weights)
    if capability:
        known = [c.id for c in data.capabilities]
        for c in capability:
            if c not in known:
                raise UsageError(
                    f"--capability: unknown capability `{c}`; known: {', '.join(known)}"
                )
    from diversify.engine.scoring import score as run_score

    result = run_score(data, weights=points, method=method, capabilities=capability)
    if profile is not None:
        from dataclasses import replace

        result = replace(result, weights_origin=f"profile {profile}")
    if fmt == "table":
        text = render_table(result)
    else:
        from diversify.report.bundle import ReportBundle
        from diversify.report.formats import render

        text = render(fmt, ReportBundle(result))
    write_output(text, output)


@app.command()
@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Scenario, criteria or supplier files (default: the bundled scenario).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check input files and report every problem at once (exit 2 when there are any)."""
    from diversify.io.loader import bundled_scenario, validate_paths

    checked = validate_paths(paths or [bundled_scenario()])
    typer.echo(f"ok: {len(checked)} file{'s' if len(checked) != 1 else ''} valid")
    for name in checked:
        typer.echo(f"  {name}")


@app.command()
@handle_errors
def report(
    scenario: ScenarioArg = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Output folder (default: the scenario's report.out)."),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format", "-f", help="Formats to write (default: the scenario's report.formats)."
        ),
    ] = None,
) -> None:
    """Write the scenario's reports (Markdown, CSV, JSON, …) into a folder, atomically."""
    from diversify.engine.scoring import score as run_score
    from diversify.report.bundle import ReportBundle
    from diversify.report.formats import FORMATS, render

    data = load(scenario)
    chosen = formats or list(data.report.formats)
    for f in chosen:
        if f not in FORMATS:
            raise UsageError(f"--format: unknown format `{f}`; use {', '.join(FORMATS)}")
    folder = out if out is not None else Path(data.report.out)
    result = run_score(data)
    bundle = ReportBundle(result)
    stem = _slug(data.name)
    for f in chosen:
        write_output(render(f, bundle), folder / f"{stem}{FORMATS[f].suffix}")


def _slug(name: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "report"


@app.command()
@handle_errors
def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder to create with an editable copy of the bundled scenario.")
    ],
) -> None:
    """Copy the bundled Canada scenario into FOLDER so you can edit it."""
    import shutil

    from diversify.io.loader import bundled_scenario

    if folder.exists() and any(folder.iterdir()):
        raise UsageError(f"{folder} exists and is not empty; choose a new folder")
    shutil.copytree(bundled_scenario().parent, folder, dirs_exist_ok=True)
    typer.echo(
        f"copied the bundled scenario to {folder}; run: diversify score {folder / 'scenario.yaml'}"
    )


def run() -> None:
    """Console-script entry point."""
    app()
