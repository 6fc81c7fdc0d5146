"""``diversify stress``: the programme if one supplier bloc or country is lost, late or dearer.

Start-up stays light: only Typer at module level; the engine and the reports are imported
inside the command. Bad flags exit 2 naming the flag; scenario problems exit 2 with file,
line and field, as every command.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from diversify.cli.common import AllowOutsideOption, OutputOption, ProfileOption, WeightsOption
from diversify.cli.errors import UsageError, handle_errors
from diversify.cli.portfolio import BudgetOption, CapOption

FORMATS = ("table", "json", "md", "csv", "html", "xlsx")


def render_stress_table(
    doc: dict[str, Any], names: Mapping[str, str] | None = None, width: int = 80
) -> str:
    """The shocks as plain text: one block per shock (a wide table does not fit 80 columns),
    capabilities and options by ``names`` (options shortened, as in the portfolio table)."""
    import textwrap

    from diversify.report.portfolio_text import short_name
    from diversify.report.uncertainty_text import resilient_sentences, stress_rows
    from diversify.text import printable

    def wrap(s: str, indent: str = "", hang: str = "  ") -> list[str]:
        return textwrap.wrap(printable(s), width, initial_indent=indent, break_on_hyphens=False,
                             subsequent_indent=" " * len(indent) + hang) or [indent]  # fmt: skip

    short = {k: short_name(v) for k, v in (names or {}).items()}
    lines = wrap(f"{doc['scenario']}: supply shocks (weights: {doc['weights_origin']})")
    base = doc["base"]
    lines += wrap(
        f"nominal programme value {base['value']:.3f} ({base['status']}); each shock re-plans "
        "the portfolio under the same levers, and its value retained is the share of the "
        "recommended programme's value it keeps"
    )
    for s in doc["summary"]:
        lines += wrap(s, "- ")
    _, rows = stress_rows(doc, short)
    for row in rows:
        lines.append("")
        hit = "1 option" if row[1] == "1" else f"{row[1]} options"
        lines += wrap(f"{row[0]}: {hit} hit, value retained {row[2]}")
        if row[3] != "-":
            lines += wrap(f"uncovered: {row[3]}", "  ")
        lines += wrap(row[4], "  ")
    if "resilient" in doc:
        lines += ["", "The portfolio that best survives losing one source"]
        for s in resilient_sentences(doc["resilient"], short):
            lines += wrap(s, "- ")
    return "\n".join(line.rstrip() for line in lines) + "\n"


@handle_errors
def stress(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file (default: the bundled Canada scenario).", show_default=False
        ),
    ] = None,
    delay_text: Annotated[
        str,
        typer.Option(
            "--delay",
            metavar="MONTHS",
            help="Months added to delivery, times the source's share of content.",
        ),
    ] = "12",
    dearer_text: Annotated[
        str,
        typer.Option(
            "--dearer",
            metavar="SHARE",
            help="Cost increase (0.2 = 20%), times the source's share of content.",
        ),
    ] = "0.2",
    delivery: Annotated[
        str,
        typer.Option(
            "--delivery-criterion", metavar="ID", help="The criterion a delay lengthens (months)."
        ),
    ] = "delivery",
    cap: CapOption = None,
    budget_text: BudgetOption = None,
    resilient: Annotated[
        str | None,
        typer.Option(
            "--resilient",
            metavar="worst|expected",
            help=(
                "Also find the portfolio that best survives losing any one source after the "
                "choice is made: the best worst case (worst) or the best average over the "
                "shocks (expected), against the recommended portfolio."
            ),
        ),
    ] = None,
    profile: ProfileOption = None,
    weights: WeightsOption = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="table (default), json (diversify.stress/1), md, csv (one row per shock), "
            "html or xlsx (the decision brief with the plan and its shocks; xlsx needs -o).",
            show_default=False,
        ),
    ] = "table",
    output: OutputOption = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """What happens to the programme if one supplier bloc or country is lost, late or dearer.

    For every bloc and every supplier country the options draw content from: the portfolio
    re-planned without its options (lost), with their delivery later (delayed) and with
    their cost higher (dearer), each in proportion to the source's share of the option's
    content. Reports the value retained (0..1), capabilities left uncovered, and what
    replaced what.
    """

    from diversify.cli.common import (
        check_output,
        echo_warnings,
        load,
        native_output_to_stderr,
        number,
        resolve_weights,
        write_output,
    )
    from diversify.cli.portfolio import (
        BUDGET_WANTED,
        check_options,
        located,
        merged_caps,
        parse_caps,
    )

    if fmt not in FORMATS:
        raise UsageError(f"--format: unknown format `{fmt}`; use {', '.join(FORMATS)}")
    check_output(output, binary=fmt == "xlsx", fmt=fmt)
    delay = number("--delay", delay_text, "a number of months from 0 to 600")
    if not (math.isfinite(delay) and 0 <= delay <= 600):
        raise UsageError(f"--delay must be a number of months from 0 to 600 (got {delay:g})")
    dearer = number("--dearer", dearer_text, "a share from 0 to 10, e.g. 0.2 for 20%")
    if not (math.isfinite(dearer) and 0 <= dearer <= 10):
        raise UsageError(
            f"--dearer must be a share from 0 to 10, e.g. 0.2 for 20% (got {dearer:g})"
        )
    budget = number("--budget", budget_text, BUDGET_WANTED)
    if resilient not in (None, "worst", "expected"):
        raise UsageError(f"--resilient: `{resilient}` is not an objective; use worst or expected")
    caps = parse_caps(cap)
    check_options(budget, None, None)
    data = load(scenario, allow_outside)
    if delivery not in {c.id for cap_ in data.capabilities for c in cap_.criteria}:
        known = ", ".join(sorted({c.id for cap_ in data.capabilities for c in cap_.criteria}))
        raise UsageError(
            f"--delivery-criterion: `{delivery}` is not a criterion; use one of {known}"
        )
    points = resolve_weights(data, profile, weights)
    from diversify.engine.programme import ProgrammeError
    from diversify.engine.stress import stress as run_stress

    merged = merged_caps(data, caps)
    try:
        with native_output_to_stderr():
            result = run_stress(data, weights=points, caps=merged, budget=budget,
                                delay_months=delay, dearer=dearer, delivery_criterion=delivery)  # fmt: skip
    except ProgrammeError as err:
        raise located(err, scenario, data) from None
    origin = (
        f"profile {profile}" if profile is not None
        else "weights (override)" if weights is not None
        else data.weights_origin
    )  # fmt: skip
    found = None
    if resilient is not None:
        from diversify.engine.stress import resilient as run_resilient

        try:
            with native_output_to_stderr():
                found = run_resilient(data, objective=resilient, weights=points,  # type: ignore[arg-type]
                                      caps=merged, budget=budget)  # fmt: skip
        except ProgrammeError as err:
            raise located(err, scenario, data) from None
    from diversify.report.uncertainty_text import data_names, stress_document

    doc = stress_document(data, result, origin, found)
    if fmt not in ("html", "xlsx"):  # the brief carries them; the stress document does not
        echo_warnings(data.warnings)
    names = data_names(data)
    text: str | bytes
    if fmt == "json":
        from diversify.text import json_document

        text = json_document(doc)
    elif fmt == "md":
        from diversify.report.uncertainty_text import stress_markdown

        text = stress_markdown(doc, names)
    elif fmt == "csv":
        from diversify.report.formats import render_stress_csv

        text = render_stress_csv(doc, names)
    elif fmt in ("html", "xlsx"):
        text = _brief(data, points, merged, budget, profile, doc, fmt, scenario)
    else:
        text = render_stress_table(doc, names)
    write_output(text, output)


def _brief(data: Any, points: dict[str, float] | None, caps: dict[str, float] | None,
           budget: float | None, profile: str | None, doc: dict[str, Any], fmt: str,
           scenario: Path | None) -> str | bytes:  # fmt: skip
    """The decision brief with the plan under the same levers and its supply shocks."""
    from dataclasses import replace

    from diversify.cli.common import native_output_to_stderr
    from diversify.cli.portfolio import brief_with_plan, located
    from diversify.engine.programme import ProgrammeError, plan
    from diversify.report.programme_text import portfolio_document

    try:
        with native_output_to_stderr():
            planned = plan(data, weights=points, caps=caps, budget=budget)
    except ProgrammeError as err:
        raise located(err, scenario, data) from None
    if profile is not None:
        planned = replace(planned, weights_origin=f"profile {profile}")
    return brief_with_plan(data, points, portfolio_document(planned), fmt, profile, stress=doc)
