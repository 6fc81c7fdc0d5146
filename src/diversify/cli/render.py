"""Terminal rendering of results: the default ``diversify score`` output, at 80 columns.

A planner reads this in a terminal or pastes it into an e-mail, so it is plain text
(no colour, no trailing spaces), fits 80 columns, and says what the numbers mean: what
the score is under the method used, the currency of the unit cost, the weights actually
used (and where a capability's own criteria change them), why the leader leads (for
additive methods) and why each screened-out option was removed. The run's warnings are
not part of it: ``diversify score`` prints them on stderr (``cli.common.echo_warnings``),
so the table redirected to a file stays clean. Rich draws the tables;
everything else is wrapped here with ``textwrap`` so that continuation lines indent.
The sentences shared with the reports come from :mod:`diversify.report.wording`.

Names and reasons come from input files, so every piece of text is passed through
:func:`diversify.text.printable` *before* it is measured and wrapped (an ESC or a bidi
override can neither drive the terminal nor throw the columns out), and Rich is told to
take cells literally: no markup, no emoji codes, no highlighting.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping

from diversify.engine.results import CapabilityResult, ScenarioResult
from diversify.report.wording import fmt_extra, leader_summary, params_text, shared_rank_reason
from diversify.text import printable

SCORE_MEANING: dict[str, str] = {
    "mavt": "weighted sum of 0-1 values, higher is better (1 = best on all)",
    "wsm": "weighted sum of figures scaled to the best one, higher is better",
    "wpm": "weighted product of scaled figures, higher is better",
    "topsis": "closeness to the ideal option, 0-1, higher is better",
    "vikor": "VIKOR Q, 0-1, lower is better; the compromise set shares rank 1",
    "electre1": "options outranked minus outranked by; rank 1 is the kernel",
    "promethee2": "net outranking flow, -1 to 1, higher is better",
}
"""What the score column means under each method, in one line."""

NBSP = "\u00a0"
"""Glues words that must not be split across lines (textwrap only breaks at ASCII space)."""


def _wrap(text: str, width: int, indent: str = "", hang: str = "  ") -> list[str]:
    """Wrap at word boundaries; continuation lines get ``indent + hang``."""
    lines = textwrap.wrap(
        printable(text),
        width=width,
        initial_indent=indent,
        subsequent_indent=indent + hang,
        break_long_words=True,
        break_on_hyphens=False,
    )
    return [line.replace(NBSP, " ") for line in lines] or [indent]


def _shares(weights: Mapping[str, float]) -> str:
    """``cost 20%, delivery 20%``; a name never wraps away from its share."""
    return ", ".join(f"{k}{NBSP}{100 * v:.0f}%" for k, v in weights.items())


def _method_title(method: str) -> str:
    # The engine's method table is already imported by the time there is a result to show.
    from diversify.engine.methods import METHODS

    spec = METHODS.get(method)
    return spec.title if spec is not None else method


def _header(result: ScenarioResult, width: int) -> list[str]:
    lines = _wrap(result.scenario, width)
    params = params_text(result.method_params)
    lines += _wrap(
        f"method: {_method_title(result.method)}" + (f" ({params})" if params else ""), width
    )
    if any(result.weights.values()):
        shares = _shares(result.weights)
    else:  # data-driven weighting (entropy, CRITIC): no shared weights to show
        shares = "computed per capability from the figures (shown below each)"
    lines += _wrap(f"weights ({result.weights_origin}): {shares}", width)
    if result.elicitation:
        figures = ", ".join(
            f"{k}{NBSP}{v:.3g}" if isinstance(v, float) else f"{k}{NBSP}{fmt_extra(v)}"
            for k, v in result.elicitation.items()
            if k != "method" and not isinstance(v, (list, dict))
        )
        if figures:
            method = result.elicitation.get("method", "?")
            lines += _wrap(f"elicitation ({method}): {figures}", width)
    meaning = SCORE_MEANING.get(result.method, "see the method's documentation")
    lines += _wrap(f"score: {meaning}", width)
    lines += _wrap(f"unit cost: {result.currency} million per unit, at the scenario's rates", width)
    # The run's warnings are not part of the table: the command prints them on stderr.
    return lines


def _own_weights(cap: CapabilityResult, shared: Mapping[str, float]) -> bool:
    """Whether a capability's weights differ from the shared ones (own criteria, say)."""
    if set(cap.weights) != set(shared):
        return True
    return any(abs(cap.weights[k] - shared[k]) > 5e-4 for k in cap.weights)


def _cost(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.1f}"


def _table(cap: CapabilityResult, currency: str, width: int) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), expand=False
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("system", max_width=28)
    table.add_column("supplier", max_width=24)
    table.add_column("cty", no_wrap=True)
    table.add_column("bloc", no_wrap=True)
    table.add_column(f"unit cost\n{printable(currency)} m", justify="right", no_wrap=True)
    head = "score" if cap.higher_is_better else "score\n(low=best)"
    table.add_column(head, justify="right", no_wrap=True)
    # Counts (ELECTRE I's outranks minus outranked-by) read better without decimals.
    counts = all(float(o.score).is_integer() for o in cap.ranking) and not cap.additive
    for o in cap.ranking:
        table.add_row(
            str(o.rank), *(printable(t) for t in (o.system, o.supplier, o.country, o.bloc)),
            _cost(o.unit_cost), f"{o.score:.0f}" if counts else f"{o.score:.3f}",
        )  # fmt: skip
    for s in cap.screened_out:
        table.add_row("-", *(printable(t) for t in (s.system, s.supplier, s.country, s.bloc)),
                      "", "out")  # fmt: skip
    buf = io.StringIO()
    console = Console(
        file=buf, width=width, force_terminal=False, color_system=None, highlight=False,
        markup=False, emoji=False,
    )  # fmt: skip
    console.print(table)
    return buf.getvalue()


def _capability(cap: CapabilityResult, result: ScenarioResult, width: int) -> list[str]:
    title = f"{cap.name} ({cap.id}) · quantity {cap.quantity:g}"
    if cap.budget is not None:
        title += f" · budget {cap.budget:,.0f} {result.currency} m"
    lines = ["", *_wrap(title, width)]
    if _own_weights(cap, result.weights):
        lines += _wrap(f"weights here: {_shares(cap.weights)}", width, indent="  ")
    if cap.ranking or cap.screened_out:
        lines += _table(cap, result.currency, width).rstrip("\n").split("\n")
    summary = leader_summary(cap)
    if summary:
        lines += _wrap(f"why: {summary}", width, indent="  ")
    shared = shared_rank_reason(cap)
    if shared:
        lines += _wrap(f"note: {shared}", width, indent="  ")
    for s in cap.screened_out:
        lines += _wrap(f"screened out {s.system}: {s.reason}", width, indent="  ")
    for w in cap.warnings:
        lines += _wrap(f"note: {w}", width, indent="  ")
    return lines


def render_table(result: ScenarioResult, width: int = 80) -> str:
    """Every capability's ranking as compact plain-text tables, ``width`` columns wide."""
    lines = _header(result, width)
    for cap in result.capabilities:
        lines += _capability(cap, result, width)
    # The last guard: every line is already printable, so this only catches an oversight.
    return "\n".join(printable(line).rstrip() for line in lines) + "\n"
