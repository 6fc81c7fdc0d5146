"""The ``diversify`` command line (Typer).

Start-up is kept fast: this module imports only Typer and the standard library;
scikit-criteria, pandas, numpy-heavy engine code and Textual are imported inside the
commands that use them (a test checks ``sys.modules`` after ``--help``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from diversify import __version__
from diversify.cli.common import (
    AllowOutsideOption,
    CapabilityOption,
    MethodOptionOption,
    OutputOption,
    ProfileOption,
    WeightsOption,
    apply_method,
    check_capabilities,
    check_method,
    check_output,
    echo_warnings,
    load,
    load_all,
    parse_method_options,
    resolve_weights,
    write_output,
    write_outputs,
)
from diversify.cli.errors import UsageError, handle_errors
from diversify.text import printable

if TYPE_CHECKING:
    from diversify.model.resolved import ScenarioData

app = typer.Typer(
    name="diversify",
    help=(
        "Score defence suppliers per capability, test how robust the ranking is, and build "
        "a diversified programme portfolio. Without a SCENARIO, the bundled Canada scenario is used."
    ),
    epilog=(
        "\b\nExamples:\n"
        "  diversify score                        rank the bundled scenario\n"
        "  diversify score -p speed-first -c tanks\n"
        "  diversify score -w cost=30,delivery=70 -f json -o out.json\n"
        "  diversify init my-scenario             copy the bundled files to edit\n"
        "  diversify score my-scenario/scenario.yaml\n"
        "  diversify portfolio --cap US=0.5 --frontier US"
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
FORMATS_HELP = (
    "table (the default, 80 columns), json (the documented, stable contract), csv, md, "
    "html or xlsx (xlsx needs -o)."
)


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


ScenariosArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help=(
            "Scenario YAML files, or folders of them (default: the bundled Canada scenario). "
            "Several are scored in one run (see Batch below)."
        ),
        show_default=False,
    ),
]


@app.command(
    short_help="Rank every capability's options; print or export the ranking.",
    epilog=(
        "\b\nBatch: several SCENARIOS (or a folder) are scored in one process, so\n"
        "start-up is paid once. A folder stands for its *.yaml files, or else for each\n"
        "subfolder's scenario.yaml. Every scenario is checked before any is scored.\n"
        "table and md write one section per scenario; json writes one object keyed by\n"
        "scenario path, each value the single-scenario document (docs/json-contract.md).\n"
        "csv, html and xlsx take one scenario."
    ),
)
@handle_errors
def score(
    scenarios: ScenariosArg = None,
    profile: ProfileOption = None,
    weights: WeightsOption = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            "-m",
            metavar="METHOD",
            help=(
                "mavt, wsm, wpm, topsis, vikor, electre1 or promethee2 "
                "(default: the scenario's method)."
            ),
        ),
    ] = None,
    method_option: MethodOptionOption = None,
    capability: CapabilityOption = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", metavar="FORMAT", help=FORMATS_HELP, show_default=False)
    ] = "table",
    output: OutputOption = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """Rank every capability's options and print or export the ranking."""
    from diversify.cli import batch

    binary = False
    if fmt != "table":  # the table needs none of the export renderers
        from diversify.report.formats import FORMATS

        if fmt not in FORMATS:
            raise UsageError(f"--format: unknown format `{fmt}`; use table, {', '.join(FORMATS)}")
        binary = FORMATS[fmt].binary
    check_output(output, binary=binary, fmt=fmt)
    check_method(method)
    parse_method_options(method_option)  # a malformed pair is refused before any file is read
    paths, is_batch = batch.expand(scenarios)
    if is_batch and fmt not in batch.BATCH_FORMATS:
        raise UsageError(
            f"--format {fmt} holds one scenario; for several use "
            f"{', '.join(batch.BATCH_FORMATS)}, or run `diversify report` on each"
        )
    loaded = load_all(paths, allow_outside)
    outputs = []
    for path, data in zip(paths, loaded, strict=True):
        try:
            text = _score_text(data, profile, weights, method, method_option, capability, fmt,
                               batch.label(path) if is_batch else "")  # fmt: skip
        except UsageError as err:
            if not is_batch:
                raise
            raise UsageError(f"{printable(batch.label(path))}: {err}") from None
        outputs.append((batch.label(path), text))
    write_output(batch.join(fmt, outputs) if is_batch else outputs[0][1], output)


def _score_text(
    data: ScenarioData,
    profile: str | None,
    weights: str | None,
    method: str | None,
    method_option: list[str] | None,
    capability: list[str] | None,
    fmt: str,
    label: str = "",
) -> str:
    """One scenario scored and rendered as ``fmt`` (what a single ``score`` prints).

    For the table, the run's warnings go to stderr (``label`` names the scenario in a
    batch); the other formats carry them in the document."""
    from diversify.engine.scoring import prepare_all
    from diversify.engine.scoring import score as run_score

    data = apply_method(data, method, method_option)
    points = resolve_weights(data, profile, weights)
    check_capabilities(data, capability)
    preps = prepare_all(data)
    result = run_score(data, weights=points, method=method, capabilities=capability, prepared=preps)
    if profile is not None:
        from dataclasses import replace

        result = replace(result, weights_origin=f"profile {profile}")
    if fmt == "table":
        from diversify.cli.render import render_table

        echo_warnings(result.warnings, label)
        return render_table(result)
    from diversify.report.formats import render

    return render(fmt, _robustness.score_bundle(data, result, fmt, method, prepared=preps))


@app.command(short_help="Check input files; list every problem at once.")
@handle_errors
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Scenario, criteria or supplier files (default: the bundled scenario).",
            show_default=False,
        ),
    ] = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """Check input files and report every problem at once (exit 2 when there are any)."""
    from diversify.io.loader import bundled_scenario, validate_paths

    warnings: list[str] = []
    checked = validate_paths(
        paths or [bundled_scenario()], allow_outside=allow_outside, warnings=warnings
    )
    typer.echo(f"ok: {len(checked)} file{'s' if len(checked) != 1 else ''} valid")
    for name in checked:
        typer.echo(f"  {printable(name)}")
    echo_warnings(warnings)


@app.command(short_help="Write the scenario's reports (md, csv, json, …) into a folder.")
@handle_errors
def report(
    scenario: ScenarioArg = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", metavar="DIR", help="Output folder (default: the scenario's report.out)."
        ),
    ] = None,
    formats: Annotated[
        list[str] | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="md, html, csv, json or xlsx; repeat for more (default: the scenario's "
            "report.formats, which by default is all five).",
        ),
    ] = None,
    method_option: MethodOptionOption = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """Write the scenario's reports (Markdown, CSV, JSON, …) into a folder, as one set.

    Files are named after the scenario and replaced if they exist. Every format is
    rendered before anything is written, then all files are put in place together with
    a manifest (`<name>.manifest.json`, each file's SHA-256) written last: a run stopped
    part-way leaves the previous set whole. Without --out, the folder is the scenario's
    `report.out`, relative to the scenario file (for the bundled scenario, to the
    working directory). With a `portfolio:` section, the reports add the plan, how sure
    it is and the supply shocks: the JSON as its `portfolio` and `stress` sections, the
    CSV as two more files, `<name>.portfolio.csv` and `<name>.stress.csv`.
    """
    from dataclasses import replace

    from diversify.engine.scoring import score as run_score
    from diversify.report.formats import FORMATS, companion_csvs, render, render_manifest

    chosen = list(formats or [])
    for f in chosen:
        if f not in FORMATS:
            raise UsageError(f"--format: unknown format `{f}`; use {', '.join(FORMATS)}")
    parse_method_options(method_option)
    data = apply_method(load(scenario, allow_outside), None, method_option)
    chosen = chosen or list(data.report.formats)
    folder = out if out is not None else _report_folder(scenario, data.report.out)
    result = run_score(data)
    # The full robustness analysis and the evidence appendix are for the readable reports;
    # JSON carries only the robustness keys `diversify score` adds, and CSV none.
    if any(f in ("md", "html", "xlsx") for f in chosen):
        from diversify.report.evidence import evidence_rows

        bundle = _robustness.report_bundle(data, result)
        bundle = replace(bundle, evidence=evidence_rows(data))
    else:
        bundle = _robustness.score_bundle(data, result, "json" if "json" in chosen else "csv")
    # With a `portfolio:` section, every format gains the plan, its robust portfolio and
    # its supply shocks: the readable reports show them, the JSON carries them as its
    # `portfolio` and `stress` sections, and the CSV has them as two more files.
    plan, shocks = _portfolio.report_sections(data)
    bundle = replace(bundle, portfolio=plan, stress=shocks)
    stem = _slug(data.name)
    files: dict[Path, bytes] = {}
    for f in dict.fromkeys(chosen):
        shown = _robustness.for_format(bundle, f)
        content = render(f, shown)
        files[folder / f"{stem}{FORMATS[f].suffix}"] = (
            content if isinstance(content, bytes) else content.encode("utf-8")
        )
        if f == "csv":
            for suffix, text in companion_csvs(shown).items():
                files[folder / f"{stem}{suffix}"] = text.encode("utf-8")
    files[folder / f"{stem}.manifest.json"] = render_manifest(
        {p.name: c for p, c in files.items()}, result.inputs
    ).encode("utf-8")
    if out is None and scenario is not None and not allow_outside:
        _confine_report_files(scenario.parent, files)
    write_outputs(files, folder)
    brief = next((p for p in files if p.suffix == ".html"), None)
    if brief is not None:
        typer.echo(f"Open the decision brief: {printable(str(brief))}")


def _confine_report_files(base: Path, files: Mapping[Path, bytes]) -> None:
    """A folder the *scenario* chose may hold links or pipes the scenario shipped: refuse a
    report file that is a link leading outside the scenario's folder or not a regular
    file, so a scenario received from elsewhere cannot write anywhere (or hang on a FIFO).
    An explicit --out, or --allow-outside, is the user's own choice and writes as `>`."""
    import os

    from diversify.io.loader import within
    from diversify.io.problems import FileAccessError

    for path in files:
        new_or_regular = not os.path.lexists(path) or os.path.isfile(path)
        if not (within(base, path) and new_or_regular):
            raise FileAccessError(
                f"will not write {printable(str(path))}: it leads outside the scenario's folder "
                "or is not a regular file (a link, pipe or device the scenario's folder "
                "holds); remove it, give --out, or run with --allow-outside",
                path,
            )


def _report_folder(scenario: Path | None, out: str) -> Path:
    """``report.out`` resolved against the scenario's folder (the loader confines it).

    The bundled scenario lives inside the installed package, where reports do not
    belong: its `report.out` is taken relative to the working directory.
    """
    if scenario is None:
        return Path(out)
    return scenario.parent / out


def _slug(name: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "report"


CITED_NOTES = ("docs/sources.md", "docs/data-audit.md")
"""The research notes the bundled data cites by section ("SOURCES §2.1", "DATA-AUDIT §4.4"),
copied with it by ``init`` so every citation resolves in the copy too (a wheel carries
them beside the scenario, pyproject's ``force-include``)."""


@app.command(short_help="Copy the bundled scenario into a folder to edit.")
@handle_errors
def init(
    folder: Annotated[
        Path, typer.Argument(help="Folder to create with an editable copy of the bundled scenario.")
    ],
) -> None:
    """Copy the bundled Canada scenario into FOLDER so you can edit it, with the research
    notes its data cites (docs/sources.md, docs/data-audit.md)."""
    import shutil

    from diversify.io.loader import bundled_files, bundled_root
    from diversify.io.problems import FileAccessError

    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(f"{folder} exists and is not an empty folder; choose a new folder")
    try:
        root = bundled_root()
        notes = [root / n for n in CITED_NOTES if (root / n).is_file()]
        for source in [*bundled_files(), *notes]:
            target = folder / source.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    except OSError as err:
        reason = err.strerror or str(err)
        raise FileAccessError(
            f"cannot copy the scenario to {folder}: {reason}; choose another folder", folder
        ) from None
    shown = printable(str(folder))
    typer.echo(
        f"copied the bundled scenario to {shown}; run: diversify score "
        f"{printable(str(folder / 'scenario.yaml'))}"
    )


from diversify.cli import robustness as _robustness  # noqa: E402  (typer only at import)

app.command(
    name="robustness", short_help="How sure is each ranking? Stability, SMAA-2, agreement."
)(_robustness.robustness)

from diversify.cli import portfolio as _portfolio  # noqa: E402  (typer only at import)

app.command(
    name="portfolio", short_help="One option per capability under spend caps and a budget."
)(_portfolio.portfolio)

from diversify.cli import stress as _stress  # noqa: E402  (typer only at import)

app.command(
    name="stress",
    short_help="The programme if one supplier bloc or country is lost, late or dearer.",
)(_stress.stress)


@app.command(short_help="Change weights live and watch every ranking move (terminal UI).")
@handle_errors
def tui(
    scenario: ScenarioArg = None,
    keys: Annotated[
        Path | None,
        typer.Option(
            "--keys",
            metavar="FILE",
            help='Key map: a YAML file of `binding-id: "keys"` lines (ids on the help screen).',
        ),
    ] = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """Change weights interactively and watch every capability's ranking move (terminal UI)."""
    import difflib

    from diversify.tui.app import binding_ids, load_keymap, make_app

    keymap = None
    if keys is not None:
        keymap = load_keymap(keys)
        known = binding_ids()
        for name in keymap:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" Did you mean `{close[0]}`?" if close else ""
                raise UsageError(
                    f"--keys: unknown binding id `{name}`.{hint} Known: {', '.join(known)}"
                )
    make_app(scenario, keymap=keymap, allow_outside=allow_outside).run()


def exit_on_sigterm() -> None:
    """Make SIGTERM an ordinary exit (status 143), so clean-up code runs.

    Python's default for SIGTERM kills the process on the spot: a temp file being
    written would stay behind. As SystemExit, every ``finally`` and ``except
    BaseException`` in io.atomic removes its temp file and leaves the target untouched.
    """
    import signal

    def _stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _stop)


def single_threaded_blas() -> None:
    """Let numpy's BLAS run on the calling thread, unless the user chose otherwise.

    At import, OpenBLAS starts a worker thread per core, and they spin: on a two-core
    machine numpy's import took 130 ms of CPU and 150 ms of waiting instead of 80 and 85.
    Nothing here needs threaded BLAS: the matrices are options x criteria,
    and the engine already prefers ``einsum`` to BLAS products for that reason (see
    :func:`diversify.engine.smaa._scores`). Must run before numpy is imported; an
    ``OPENBLAS_NUM_THREADS`` the user set is kept.
    """
    import os

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def run() -> None:
    """Console-script entry point."""
    single_threaded_blas()
    exit_on_sigterm()
    app()
