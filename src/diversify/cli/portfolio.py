"""``diversify portfolio``: one option per capability, under spend-share caps and a budget.

Start-up stays light: only Typer is imported here at module level (``cli/main.py`` imports
this module to register the command); the engine, the reports and rich are imported inside
the functions that use them.

Exit codes follow the rest of the CLI: an infeasible portfolio is a valid answer (it is
printed with the explanation, exit 0); bad input is exit 2 with a message naming the flag,
or the file, line and field when it came from the scenario file.

Besides the command, :func:`report_sections` builds the ``portfolio`` section (with its
robust portfolio) and the supply shocks that ``diversify report`` adds to its Markdown,
HTML and Excel reports.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from diversify.cli.common import AllowOutsideOption, OutputOption, ProfileOption, WeightsOption
from diversify.cli.errors import UsageError, handle_errors

if TYPE_CHECKING:
    from diversify.engine.programme import ProgrammeError
    from diversify.model.resolved import ScenarioData

FORMATS = ("table", "json", "csv", "md", "html", "xlsx")
BLOCS = ("US", "Europe", "ROK", "Canada", "Other")  # as diversify.model.countries (kept light)

CapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--cap",
        metavar="KEY=SHARE",
        help=(
            "Most share of spend to a bloc (US, Europe, ROK, Canada, Other) or an ISO "
            "country code, e.g. US=0.5 or US=50%; repeat or comma-separate. Added to the "
            "scenario's caps, replacing any cap on the same key (US=1 lifts it)."
        ),
    ),
]
BudgetOption = Annotated[
    str | None,
    typer.Option(
        "--budget",
        metavar="X",
        help="Budget ceiling for the whole programme, reporting currency (millions); "
        "replaces the scenario's.",
    ),
]


BUDGET_WANTED = (
    "an amount of money from 0 to 1,000,000,000, in the scenario's reporting currency (millions)"
)
"""What --budget takes (read as text: see :func:`diversify.cli.common.number`)."""


def check_key(flag: str, key: str) -> str:
    """A bloc name or an ISO country code, else UsageError naming the flag."""
    if key in BLOCS:
        return key
    from diversify.model.countries import is_country

    if len(key) == 2 and key.isalpha() and key.isupper() and is_country(key):
        return key
    hint = ""
    for bloc in BLOCS:
        if key.lower() == bloc.lower():
            hint = f" (did you mean `{bloc}`?)"
    if not hint and len(key) == 2 and key.isalpha() and is_country(key.upper()):
        hint = f" (country codes are upper case: `{key.upper()}`)"
    raise UsageError(
        f"{flag}: `{key}` is not a bloc or a country code{hint}; use one of "
        f"{', '.join(BLOCS)}, or a two-letter ISO 3166 country code such as KR or DE"
    )


def parse_caps(values: list[str] | None) -> dict[str, float]:
    """``--cap US=0.5 --cap ROK=60%`` or ``--cap US=0.5,ROK=0.6`` into {key: share}."""
    out: dict[str, float] = {}
    for text in values or []:
        for part in filter(None, (p.strip() for p in text.split(","))):
            key, sep, value = part.partition("=")
            key, value = key.strip(), value.strip()
            if not sep or not key or not value:
                raise UsageError(
                    f"--cap: `{part}` should look like BLOC=SHARE, e.g. US=0.5 (half of spend)"
                )
            check_key("--cap", key)
            percent = value.endswith("%")
            try:
                share = float(value.removesuffix("%"))
            except ValueError:
                raise UsageError(f"--cap: `{value}` for {key} is not a number") from None
            if percent:
                share /= 100
            if not math.isfinite(share) or not 0.0 <= share <= 1.0:
                raise UsageError(
                    f"--cap: the cap on {key} must be a share of spend between 0 and 1 (got "
                    f"{value}); write 0.5 or 50% for half"
                )
            if key in out:
                raise UsageError(f"--cap: {key} is given twice")
            out[key] = share
    return out


def merged_caps(data: ScenarioData, caps: dict[str, float]) -> dict[str, float] | None:
    """The scenario's caps with the command line's on top (None: the scenario's as they are)."""
    if not caps:
        return None
    return {**(dict(data.portfolio.caps) if data.portfolio else {}), **caps}


def check_options(budget: float | None, steps: int | None, frontier: str | None) -> None:
    """Refuse bad flags before any file is read (exit 2, the message names the flag)."""
    from diversify.model.base import MAX_MONEY

    if budget is not None and not (math.isfinite(budget) and 0 <= budget <= MAX_MONEY):
        raise UsageError(f"--budget must be {BUDGET_WANTED} (got {budget:g})")
    if steps is not None and not 2 <= steps <= 1001:
        raise UsageError(f"--steps must be a whole number from 2 to 1001 (got {steps})")
    if frontier is not None:
        check_key("--frontier", frontier)


def located(err: ProgrammeError, scenario: Path | None, data: ScenarioData) -> Exception:
    """A plan error as the CLI reports it: file, line and field, or the flag."""
    from diversify.io.problems import InputError, Problem, display_value, format_path

    if err.path and err.path[0] == "portfolio":
        from diversify.io.loader import bundled_scenario
        from diversify.io.yaml import load_yaml

        path = scenario if scenario is not None else bundled_scenario()
        shown = data.scenario_file or str(path)
        pos = load_yaml(path, display=shown).position(err.path)
        line, col = pos if pos else (None, None)
        value = display_value(err.value) if err.value is not None else ""
        return InputError([Problem(shown, line, col, format_path(err.path), value, str(err))])
    flag = {"caps": "--cap", "budget": "--budget", "frontier": "--frontier", "steps": "--steps"}
    return UsageError(
        f"{flag.get(str(err.path[0]), 'portfolio') if err.path else 'portfolio'}: {err}"
    )


def report_sections(
    data: ScenarioData, prepared: Any = None
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The ``portfolio`` and ``stress`` sections of ``diversify report`` (None, None without
    a ``portfolio:`` section).

    The frontier shown is the one for the scenario's first capped bloc (else the US), see
    :func:`diversify.engine.programme.report_frontier_key`. The plan carries its robust
    portfolio (the scenario's samples and seed) as its ``robust`` key, and the supply
    shocks come with the resilient alternative: how sure the programme is and what losing
    a supplier does to it, for the brief's summary (:mod:`diversify.engine.programme_risk`
    says how they are run).
    """
    if data.portfolio is None:
        return None, None
    from diversify.engine.programme import ProgrammeError, plan, report_frontier_key
    from diversify.engine.programme_risk import programme_risk
    from diversify.report.programme_text import portfolio_document
    from diversify.report.uncertainty_text import risk_documents

    try:
        result = plan(data, frontier_bloc=report_frontier_key(data), prepared=prepared)
        risk = programme_risk(data, result, prepared=prepared)
    except ProgrammeError as err:
        raise located(err, None, data) from None
    return risk_documents(data, portfolio_document(result), risk, data.weights_origin)


def brief_with_plan(
    data: ScenarioData,
    points: dict[str, float] | None,
    doc: dict[str, Any],
    fmt: str,
    profile: str | None = None,
    stress: dict[str, Any] | None = None,
) -> str | bytes:
    """The decision brief (HTML or Excel) with this plan as its portfolio section (and its
    ``robust`` key, with --robust), and ``stress``, the supply shocks, when given.

    The brief needs the rankings too: they are scored with the same weights, with the
    quick robustness keys ``diversify score`` adds (how often each leader comes first).
    """
    from dataclasses import replace

    from diversify.cli import robustness as rob
    from diversify.engine.scoring import score
    from diversify.report.formats import render

    result = score(data, weights=points)
    if profile is not None:
        result = replace(result, weights_origin=f"profile {profile}")
    return render(fmt, replace(rob.score_bundle(data, result, fmt), portfolio=doc, stress=stress))


# ---------------------------------------------------------------------------- table


def rich_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Collection[int],
    width: int = 80,
    widest: Mapping[int, int] | None = None,
) -> list[str]:
    """Text cells as a plain-text table at ``width`` columns: ``right`` columns aligned
    right and never wrapped, the others wrapped within ``widest`` (column -> most
    characters; 24 when not given).

    Names come from input files: every cell is made printable before Rich measures it,
    and Rich takes cells literally (see cli/render.py).
    """
    import io

    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable

    from diversify.text import printable

    table = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0))
    for i, h in enumerate(header):
        numeric = i in right
        table.add_column(
            printable(h),
            justify="right" if numeric else "left",
            no_wrap=numeric,
            overflow="fold",
            max_width=None if numeric else (widest or {}).get(i, 24),
        )
    for row in rows:
        table.add_row(*(printable(c) for c in row))
    buf = io.StringIO()
    Console(
        file=buf, width=width, color_system=None, highlight=False, markup=False, emoji=False
    ).print(table)
    return buf.getvalue().rstrip("\n").split("\n")


def _wrap(s: str, width: int = 80, indent: str = "") -> list[str]:
    """A sentence wrapped at ``width``, continuation lines indented two more spaces."""
    import textwrap

    from diversify.text import printable

    hang = " " * len(indent) + "  "
    return textwrap.wrap(
        printable(s), width, initial_indent=indent, subsequent_indent=hang,
        break_on_hyphens=False,
    ) or [indent]  # fmt: skip


def render_portfolio_table(
    doc: dict[str, Any], width: int = 80, envelopes: Mapping[str, float | None] | None = None
) -> str:
    """The plan as plain text at ``width`` columns: choices, shares, constraints, frontier.

    Capabilities and options by name (shortened where a table is narrow, see
    :func:`diversify.report.portfolio_text.short_name`); ``envelopes`` (capability id ->
    budget envelope) flags a choice that spends more than its envelope. The run's warnings
    are not printed here: the command sends them to stderr.
    """
    from diversify.report.portfolio_text import portfolio_text, table_text
    from diversify.text import printable

    text = portfolio_text(doc, short=True, envelopes=envelopes)
    assert text is not None

    def wrap(s: str, indent: str = "") -> list[str]:
        return _wrap(s, width, indent)

    def draw(t: Any, *, wide: int = 0) -> list[str]:
        header, rows = table_text(t)
        right = [
            i for i, (h, kind) in enumerate(zip(header, t.kinds, strict=True))
            if kind != "text" or h in ("limit", "actual", "slack", "least feasible")
        ]  # fmt: skip
        widest = {len(header) - 1: wide} if wide else None
        return ["", *wrap(t.title), *rich_table(header, rows, right, width, widest)]

    lines = wrap(f"{doc['scenario']}: portfolio")
    points = ", ".join(f"{k} {100 * v:.0f}%" for k, v in doc["weights"].items())
    lines += wrap(f"weights ({doc['weights_origin']}): {points}")
    lines += wrap(f"levers: {text.settings}")
    lines += wrap(f"status: {text.status}")
    lines += ["", *wrap(doc["objective"])]
    if text.chosen is not None:
        lines += draw(text.chosen)
    for over in text.over_envelope:
        lines += wrap(f"over the budget envelope: {over}")
    if text.bars:
        lines += ["", printable(f"Spend by bloc ({doc['currency']} m)")]
        for b in text.bars:
            cap = f"  cap {100 * b.cap:.0f}%" if b.cap is not None else ""
            lines.append(
                f"  {printable(b.bloc):<7}{b.spend:>11,.1f} {100 * b.share:5.1f}% {_bar(b, 30)}{cap}"
            )
    if text.hhi:
        lines += wrap(text.hhi)
    if text.countries is not None and text.countries.rows:
        lines += draw(text.countries)
    if text.constraints is not None:
        lines += draw(text.constraints)
    if text.value_lost:
        lines += ["", *wrap(text.value_lost)]
    if text.conflicts is not None:
        lines += draw(text.conflicts, wide=40)
    if text.frontier is not None:
        lines += draw(text.frontier, wide=30)
    if text.excluded:
        lines += ["", "Left out of the portfolio"]
        for e in text.excluded:
            lines += wrap(e, "- ")
    lines += ["", "Summary"]
    for s in text.sentences[1:]:  # the first is the objective, printed above
        lines += wrap(s, "- ")
    return "\n".join(printable(line).rstrip() for line in lines) + "\n"


def _bar(b: Any, width: int) -> str:
    """A share bar with the cap marked by ``|`` (text: no colour needed to read it)."""
    n = max(0, min(width, round(b.share * width)))
    chars = ["█"] * n + ["·"] * (width - n)
    if b.cap is not None and b.cap < 1.0:
        at = min(width - 1, round(b.cap * width))
        chars[at] = "|"
    return "".join(chars)


# -------------------------------------------------------------------------- command


@handle_errors
def portfolio(
    scenario: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file (default: the bundled Canada scenario).", show_default=False
        ),
    ] = None,
    cap: CapOption = None,
    budget_text: BudgetOption = None,
    frontier: Annotated[
        str | None,
        typer.Option(
            "--frontier",
            metavar="BLOC",
            help=(
                "Also sweep the cap on this bloc or country from its unconstrained share "
                "down to the lowest feasible one: the price of diversification."
            ),
        ),
    ] = None,
    steps_text: Annotated[
        str | None,
        typer.Option(
            "--steps",
            metavar="N",
            help="Points on the frontier (default: the scenario's frontier_steps, else 21).",
        ),
    ] = None,
    robust: Annotated[
        bool,
        typer.Option(
            "--robust",
            help=(
                "Also sample weights and figures as `diversify robustness` does, solve the "
                "portfolio for each sample, and report how often each option is chosen "
                "(core / borderline / exterior), how often each whole portfolio is best, "
                "and the value expected to be lost by committing to the recommended one."
            ),
        ),
    ] = False,
    samples_text: Annotated[
        str | None,
        typer.Option(
            "--samples",
            metavar="N",
            help="With --robust: number of samples (default: the scenario's robustness "
            "samples, else 10000).",
        ),
    ] = None,
    seed_text: Annotated[
        str | None,
        typer.Option(
            "--seed", metavar="N", help="With --robust: random seed (default: the scenario's)."
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
            help="table (default, 80 columns), json (diversify.portfolio/1), csv, md, html or "
            "xlsx (the decision brief with the plan, and with --robust each option's core "
            "index; xlsx needs -o).",
            show_default=False,
        ),
    ] = "table",
    output: OutputOption = None,
    allow_outside: AllowOutsideOption = False,
) -> None:
    """Choose one option per capability for the best programme value under caps and a budget.

    Programme value is the sum of each chosen option's MAVT score (0..1) under the
    current weights, times its capability's importance, whatever ranking method the
    scenario uses. Spend is unit cost x quantity. An infeasible portfolio is printed with
    the constraint that cannot be met and the least change that would work (exit 0).
    """

    from diversify.cli.common import (
        echo_warnings,
        load,
        native_output_to_stderr,
        number,
        resolve_weights,
        write_output,
    )

    if fmt not in FORMATS:
        raise UsageError(f"--format: unknown format `{fmt}`; use {', '.join(FORMATS)}")
    from diversify.cli.common import check_output

    check_output(output, binary=fmt == "xlsx", fmt=fmt)
    caps = parse_caps(cap)
    budget = number("--budget", budget_text, BUDGET_WANTED)
    steps = number("--steps", steps_text, "a whole number from 2 to 1001", whole=True)
    samples = number("--samples", samples_text, SAMPLES_WANTED, whole=True)
    seed = number("--seed", seed_text, "a whole number, 0 or more", whole=True)
    check_options(budget, steps, frontier)
    check_sampling(robust, samples, seed)
    budget = None if budget is None else budget + 0.0  # -0 is 0: never echoed as "-0.0"
    data = load(scenario, allow_outside)
    points = resolve_weights(data, profile, weights)
    from diversify.engine.programme import ProgrammeError, plan

    merged = merged_caps(data, caps)
    try:
        with native_output_to_stderr():
            result = plan(
                data,
                weights=points,
                caps=merged,
                budget=budget,
                frontier_bloc=frontier,
                steps=steps,
            )
    except ProgrammeError as err:
        raise located(err, scenario, data) from None
    if profile is not None:
        from dataclasses import replace

        result = replace(result, weights_origin=f"profile {profile}")
    from diversify.report.programme_text import portfolio_document
    from diversify.report.uncertainty_text import delivery_rows, doc_names

    doc = portfolio_document(result)
    if robust:
        from diversify.engine.robust_portfolio import robust as run_robust
        from diversify.report.uncertainty_text import with_robust

        try:
            with native_output_to_stderr():
                found = run_robust(data, result, samples=samples, seed=seed)
        except ProgrammeError as err:
            raise located(err, scenario, data) from None
        doc = with_robust(doc, found.to_dict())
    # On stderr, the scenario's warnings (the brief carries them, the plan's documents do
    # not), and in the table the plan's own (json, csv and md carry those).
    if fmt not in ("html", "xlsx"):
        echo_warnings([*data.warnings, *(doc["warnings"] if fmt == "table" else ())])
    envelopes = {c.id: c.budget for c in data.capabilities}
    names = doc_names(doc)
    if fmt == "json":
        from diversify.text import json_document

        text = json_document(doc)
    elif fmt == "csv":
        from diversify.report.formats import render_portfolio_csv, render_robust_csv

        text = render_portfolio_csv(doc)
        if "robust" in doc:
            text += render_robust_csv(doc["robust"])
    elif fmt == "md":
        from diversify.report.markdown import render_portfolio_markdown

        text = render_portfolio_markdown(doc, envelopes)
        deliveries = delivery_rows(doc)
        if deliveries is not None:
            from diversify.report.uncertainty_text import markdown_table

            head, sep, inputs = text.partition("\n## Inputs\n")
            lines = ["", "## Deliveries", "", *markdown_table(*deliveries)]
            text = "\n".join([head.rstrip("\n"), *lines]) + "\n" + (sep + inputs if sep else "")
        if "robust" in doc:
            from diversify.report.uncertainty_text import robust_markdown

            head, sep, inputs = text.partition("\n## Inputs\n")
            robust_md = robust_markdown(doc["robust"], names=names)
            text = "\n".join([head.rstrip("\n"), *robust_md]) + "\n"
            text += sep + inputs if sep else ""
    elif fmt in ("html", "xlsx"):
        text = brief_with_plan(data, points, doc, fmt, profile)
    else:
        text = render_portfolio_table(doc, envelopes=envelopes) + delivery_table(doc)
        if "robust" in doc:
            text += robust_table(doc["robust"], names)
    write_output(text, output)


SAMPLES_WANTED = "a whole number from 1 to 1,000,000"
"""What --samples takes (the robustness section's limit, MAX_SAMPLES; a test keeps them equal)."""


def check_sampling(robust: bool, samples: int | None, seed: int | None) -> None:
    """--samples and --seed only with --robust, and within the robustness limits."""
    from diversify.model.robustness import MAX_SAMPLES

    if not robust and (samples is not None or seed is not None):
        raise UsageError("--samples and --seed go with --robust; add --robust")
    if samples is not None and not 1 <= samples <= MAX_SAMPLES:
        raise UsageError(f"--samples must be {SAMPLES_WANTED} (got {samples})")
    if seed is not None and seed < 0:
        raise UsageError(f"--seed must be a whole number, 0 or more (got {seed})")


def delivery_table(doc: dict[str, Any], width: int = 80) -> str:
    """The delivery profile as plain text (empty without the portfolio's contract date)."""
    from diversify.report.uncertainty_text import delivery_rows

    found = delivery_rows(doc)
    if found is None:
        return ""
    header, rows = found
    table = rich_table(header, rows, (4,), width, {0: 18, 1: 18})
    return "\n".join(["", "Deliveries (from the contract date)", *table]) + "\n"


def robust_table(robust: dict[str, Any], names: Mapping[str, str], width: int = 80) -> str:
    """The robust section as plain text (the terminal table), capabilities and options by
    ``names`` (options shortened, as in the plan's table)."""
    from diversify.report.portfolio_text import short_name
    from diversify.report.uncertainty_text import (
        robust_rows,
        robust_sentences,
        top_portfolio_sentence,
    )

    short = {k: short_name(v) for k, v in names.items()}
    lines = ["", "How sure is the portfolio?"]
    said = [*robust_sentences(robust, names), top_portfolio_sentence(robust, names)]
    for s in said:
        if s:
            lines += _wrap(s, width, "- ")
    if robust["status"] == "ok":
        header, rows = robust_rows(robust, short)
        # Each capability named once, on its first row: the options under it read as a group.
        shown = [[("" if i and r[0] == rows[i - 1][0] else r[0]), *r[1:]]
                 for i, r in enumerate(rows)]  # fmt: skip
        lines += ["", *rich_table(header, shown, (2, 3), width, {0: 17, 1: 18, 4: 23})]
    return "\n".join(line.rstrip() for line in lines) + "\n"
