"""``diversify robustness``: how sure is each ranking, and the robustness parts of other commands.

Start-up stays light: only Typer is imported here at module level (``cli/main.py`` imports
this module to register the command); the engine, the reports and rich are imported inside
the functions that use them.

Besides the command, this module builds the report bundles that carry robustness data:
:func:`score_bundle` (the quick ``stability`` and ``leader_acceptability`` keys that
``diversify score`` adds to every capability: closed-form intervals and one SMAA-2 run,
cheap) and :func:`report_bundle` (the full analysis, for ``diversify report``).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from diversify.cli.common import (
    AllowOutsideOption,
    CapabilityOption,
    MethodOptionOption,
    OutputOption,
    ProfileOption,
)
from diversify.cli.errors import UsageError, handle_errors

if TYPE_CHECKING:
    from collections.abc import Sequence

    from diversify.engine.results import ScenarioResult
    from diversify.engine.scoring import Prepared
    from diversify.model.resolved import ScenarioData
    from diversify.report.bundle import ReportBundle
    from diversify.report.evidence import EvidenceRow

FORMATS = ("table", "json", "csv", "md", "html", "xlsx")
WEIGHT_MODELS = ("simplex", "margin", "ordered")
VALUE_MODELS = ("fixed", "uniform", "triangular")


def split_weights(values: list[str] | None) -> tuple[str | None, str | None]:
    """``--weights`` given as a sampling model (simplex, margin, ordered), as direct
    points (cost=30,delivery=70), or both (the flag repeated): (model, points)."""
    model = points = None
    for value in values or ():
        if value.strip() in WEIGHT_MODELS:
            if model is not None:
                raise UsageError(
                    "--weights: give one weight sampling model (simplex, margin or ordered)"
                )
            model = value.strip()
        else:
            if points is not None:
                raise UsageError(
                    "--weights: give the direct weights once, e.g. cost=30,delivery=70"
                )
            if "=" not in value:
                raise UsageError(
                    f"--weights: `{value}` is neither a sampling model (simplex, margin, ordered) "
                    "nor direct weights such as cost=30,delivery=70"
                )
            points = value
    return model, points


def check_models(
    weight_model: str | None, values: str | None, margin: float | None, order: str | None
) -> None:
    """Refuse sampling-model flags that contradict one another (exit 2, before any file)."""
    if values is not None and values not in VALUE_MODELS:
        raise UsageError(f"--values: unknown value model `{values}`; use {', '.join(VALUE_MODELS)}")
    if margin is not None and weight_model not in (None, "margin"):
        raise UsageError(
            f"--margin applies to --weights margin only (here --weights {weight_model}); "
            "remove one of them"
        )
    if order is not None and weight_model not in (None, "ordered"):
        raise UsageError(
            f"--order applies to --weights ordered only (here --weights {weight_model}); "
            "remove one of them"
        )


def check_options(samples: int | None, seed: int | None, margin: float | None) -> None:
    """Refuse bad sampling options before any file is read (exit 2, message says the fix)."""
    from diversify.model.robustness import MAX_SAMPLES

    if samples is not None and not 0 < samples <= MAX_SAMPLES:
        raise UsageError(
            f"--samples must be a whole number from 1 to {MAX_SAMPLES:,} (got {samples:,}); "
            "for example --samples 10000 (about +/-1 percentage point; 1,000,000 gives "
            "+/-0.1 and takes about 20 s on the bundled scenario)"
        )
    if seed is not None and seed < 0:
        raise UsageError(f"--seed must be a whole number, 0 or more (got {seed}); e.g. --seed 7")
    if margin is not None and (not math.isfinite(margin) or not 0.0 <= margin <= 1.0):
        raise UsageError(
            f"--margin must be between 0 and 1 (got {margin:g}): it is a relative change, so "
            "0.2 lets each weight move +/-20% around its current value"
        )


def score_bundle(
    data: ScenarioData,
    result: ScenarioResult,
    fmt: str,
    method: str | None = None,
    prepared: Sequence[Prepared] | None = None,
) -> ReportBundle:
    """The bundle ``diversify score`` renders: the result, plus per-capability robustness.

    CSV rows have no robustness columns, so nothing is computed for CSV. Otherwise the
    stability intervals (closed form for additive methods, a coarse sweep for the others)
    and the leader's SMAA-2 acceptability are added to every capability. ``prepared`` is
    the scoring's own preparation, reused (screening and value functions are not redone).
    """
    from diversify.report.bundle import ReportBundle, score_keys

    if fmt == "csv":
        return ReportBundle(result)
    keys = score_keys(data, result, method=method, prepared=prepared)
    evidence: tuple[EvidenceRow, ...] = ()
    if fmt != "json":  # the appendix of the readable formats
        from diversify.report.evidence import evidence_rows

        evidence = evidence_rows(data, [c.id for c in result.capabilities])
    return ReportBundle(result, per_capability=keys, evidence=evidence)


def report_bundle(data: ScenarioData, result: ScenarioResult) -> ReportBundle:
    """The bundle ``diversify report`` renders: the result and the full robustness analysis.

    Its per-capability keys are exactly those ``diversify score`` adds (for an additive
    method the full analysis gives the same numbers; otherwise the score's coarser sweep is
    run too), so that the report's JSON is the very file ``score --format json`` prints.
    """
    from diversify.engine.methods import METHODS
    from diversify.engine.robustness import analyse
    from diversify.report.bundle import ReportBundle

    rob = analyse(data, result=result)
    if METHODS[result.method].additive:
        per_capability = rob.per_capability()
    else:
        from diversify.report.bundle import score_keys

        per_capability = score_keys(data, result)
    return ReportBundle(result, robustness=rob.to_dict(), per_capability=per_capability)


def for_format(bundle: ReportBundle, fmt: str) -> ReportBundle:
    """The bundle as format ``fmt`` renders it in a report.

    JSON leaves the full analysis out, so that the report's JSON is ``diversify score
    --format json`` byte for byte, followed by the ``portfolio`` and ``stress`` sections
    when the scenario has a ``portfolio:`` (docs/json-contract.md); ``diversify robustness
    --format json`` writes the full analysis. The evidence appendix is for the readable
    formats only.
    """
    from dataclasses import replace

    if fmt == "json":
        return replace(bundle, robustness=None, evidence=())
    return replace(bundle, evidence=()) if fmt == "csv" else bundle


def render_robustness_table(result: ScenarioResult, data: dict[str, Any], width: int = 80) -> str:
    """The robustness analysis as plain text at ``width`` columns (sentences and tables).

    Names come from input files: all text is made printable before it is wrapped or
    measured, and Rich takes cells literally (see cli/render.py).
    """
    import io
    import textwrap

    from rich import box
    from rich.console import Console
    from rich.table import Table

    from diversify.report.robustness_text import robustness_text, table_text
    from diversify.text import printable

    text = robustness_text(result, data)

    def wrap(s: str, indent: str = "") -> list[str]:
        hang = " " * len(indent) + "  "
        return textwrap.wrap(printable(s), width, initial_indent=indent, subsequent_indent=hang)

    lines = textwrap.wrap(printable(f"{result.scenario}: robustness"), width)
    lines += textwrap.wrap(
        printable(f"method {result.method}; weights from {result.weights_origin}"), width
    )
    if text is None:
        return "\n".join([*lines, "", "nothing to analyse"]) + "\n"
    lines += ["", *textwrap.wrap(printable(text.intro), width)]

    for cap in text.capabilities:
        title = printable(f"{cap.name} ({cap.id})")
        lines += ["", title, "=" * min(width, len(title))]
        if cap.headline:
            lines += wrap(cap.headline)
        for sentence in cap.sentences:
            lines += wrap(sentence, "- ")
        for t in cap.tables:
            header, rows = table_text(t)
            table = Table(
                box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0)
            )
            for i, (h, kind) in enumerate(zip(header, t.kinds, strict=True)):
                table.add_column(
                    printable(h),
                    justify="left" if kind == "text" else "right",
                    min_width=16 if i == 0 else None,
                    max_width=24,
                    overflow="fold",
                )
            for row in rows:
                table.add_row(*(printable(c) for c in row))
            buf = io.StringIO()
            Console(
                file=buf, width=width, color_system=None, highlight=False, markup=False,
                emoji=False,
            ).print(table)  # fmt: skip
            lines += ["", *wrap(t.title)]
            lines += buf.getvalue().rstrip("\n").split("\n")
        for note in cap.notes:
            lines += wrap(f"note: {note}")
    return "\n".join(printable(line).rstrip() for line in lines) + "\n"


def _order(data: ScenarioData, weight_model: str | None, order: str | None) -> list[str] | None:
    """The order of importance for ``--weights ordered``: ``--order``, else the scenario's."""
    from diversify.cli.common import check_criteria

    if order is None:
        wanted = weight_model == "ordered" or (
            weight_model is None and getattr(data.robustness, "weights", None) == "ordered"
        )
        if wanted and not getattr(data.robustness, "order", None):
            raise UsageError(
                "--weights ordered needs the order of importance: give --order with the "
                "criteria from most to least important, e.g. --order delivery,cost"
            )
        return None
    names = [n.strip() for n in order.split(",") if n.strip()]
    known = [c.id for c in data.criteria]
    if not names:
        raise UsageError("--order: list criteria from most to least important, e.g. delivery,cost")
    check_criteria("--order", names, known)
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise UsageError(f"--order: {', '.join(repeated)} listed more than once; list each once")
    return names


@handle_errors
def robustness(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file (default: the bundled Canada scenario).", show_default=False
        ),
    ] = None,
    samples_text: Annotated[
        str | None,
        typer.Option(
            "--samples",
            "-n",
            metavar="N",
            help=(
                "SMAA samples, 1 to 1000000 (default: the scenario's robustness.samples, "
                "else 10000)."
            ),
        ),
    ] = None,
    seed_text: Annotated[
        str | None,
        typer.Option("--seed", metavar="S", help="Random seed (default: the scenario's, else 0)."),
    ] = None,
    margin_text: Annotated[
        str | None,
        typer.Option(
            "--margin",
            metavar="M",
            help=(
                "Sample each weight within +/-M of its current value (0..1, relative; 0.2 = "
                "+/-20%). Default: the scenario's robustness section."
            ),
        ),
    ] = None,
    profile: ProfileOption = None,
    weights: Annotated[
        list[str] | None,
        typer.Option(
            "--weights",
            "-w",
            metavar="MODEL|WEIGHTS",
            help=(
                "How SMAA samples weights: simplex (any weighting: the textbook SMAA-2), "
                "margin (within --margin of the current weights) or ordered (any weighting "
                "keeping --order); default: the scenario's robustness.weights. Or direct "
                "weights in points, e.g. cost=30,delivery=70, replacing the profile. "
                "Repeat to give both."
            ),
        ),
    ] = None,
    values: Annotated[
        str | None,
        typer.Option(
            "--values",
            metavar="MODEL",
            help=(
                "How SMAA samples figures: fixed (as stated), uniform or triangular over "
                "each figure's low-high range (default: the scenario's robustness.values)."
            ),
        ),
    ] = None,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            metavar="CRITERIA",
            help=(
                "For --weights ordered (implied): criteria from most to least important, "
                "e.g. delivery,cost (default: the scenario's robustness.order)."
            ),
        ),
    ] = None,
    method: Annotated[
        str | None,
        typer.Option(
            "--method",
            "-m",
            metavar="METHOD",
            help="Ranking method whose stability is tested (default: the scenario's).",
        ),
    ] = None,
    method_option: MethodOptionOption = None,
    capability: CapabilityOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (default), json, csv, md, html or xlsx (the decision brief with the "
            "full analysis; xlsx needs -o).",
            show_default=False,
        ),
    ] = "table",
    output: OutputOption = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """How sure is each ranking? Stability intervals, SMAA-2, method agreement, rank reversal."""

    from diversify.cli.common import (
        apply_method,
        check_capabilities,
        check_method,
        echo_warnings,
        load,
        number,
        parse_method_options,
        resolve_weights,
        write_output,
    )
    from diversify.cli.portfolio import SAMPLES_WANTED

    if fmt not in FORMATS:
        raise UsageError(f"--format: unknown format `{fmt}`; use {', '.join(FORMATS)}")
    from diversify.cli.common import check_output

    check_output(output, binary=fmt == "xlsx", fmt=fmt)
    samples = number("--samples", samples_text, SAMPLES_WANTED, whole=True)
    seed = number("--seed", seed_text, "a whole number, 0 or more", whole=True)
    margin = number("--margin", margin_text, "a number between 0 and 1, e.g. 0.2 for +/-20%")
    check_options(samples, seed, margin)
    weight_model, direct = split_weights(weights)
    check_models(weight_model, values, margin, order)
    if order is not None:
        weight_model = "ordered"  # --order alone means: sample weights keeping this order
    check_method(method)
    parse_method_options(method_option)
    data = apply_method(load(scenario, allow_outside), method, method_option)
    points = resolve_weights(data, profile, direct)
    check_capabilities(data, capability)
    from dataclasses import replace as replace_data

    from diversify.engine.robustness import analyse, effective_spec
    from diversify.engine.scoring import score as run_score

    ranking = _order(data, weight_model, order)
    try:
        spec = effective_spec(
            data.robustness, samples=samples, seed=seed, margin=margin,
            weights=weight_model, values=values, order=ranking,
        )  # fmt: skip
    except ValueError as err:
        raise UsageError(str(err)) from None
    data = replace_data(data, robustness=spec)
    result = run_score(data, weights=points, method=method, capabilities=capability)
    if profile is not None:
        from dataclasses import replace

        result = replace(result, weights_origin=f"profile {profile}")
    rob = analyse(
        data,
        weights=points,
        method=method,
        samples=samples,
        seed=seed,
        margin=margin,
        result=result,
        capabilities=capability,
    )
    payload = rob.to_dict()
    if fmt not in ("html", "xlsx"):  # the brief carries them; the analysis documents do not
        echo_warnings(result.warnings)
    if fmt == "json":
        from diversify.text import json_document

        text = json_document(payload)
    elif fmt == "csv":
        from diversify.report.formats import render_robustness_csv

        text = render_robustness_csv(payload)
    elif fmt == "md":
        from diversify.report.bundle import ReportBundle
        from diversify.report.markdown import render_robustness_markdown

        text = render_robustness_markdown(ReportBundle(result, robustness=payload))
    elif fmt in ("html", "xlsx"):
        from diversify.report.bundle import ReportBundle
        from diversify.report.evidence import evidence_rows
        from diversify.report.formats import render

        bundle = ReportBundle(
            result,
            robustness=payload,
            per_capability=rob.per_capability(),
            evidence=evidence_rows(data, [c.id for c in result.capabilities]),
        )
        text = render(fmt, bundle)
    else:
        text = render_robustness_table(result, payload)
    write_output(text, output)
