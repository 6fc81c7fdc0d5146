"""The HTML report: the Markdown report's content as one self-contained, printable page.

Same sections, order, sentences and numbers as report/markdown.py (shared through
report/wording.py and, for the robustness and portfolio sections, report/robustness_text.py
and report/portfolio_text.py; for the robust portfolio and the supply shocks,
report/uncertainty_text.py), plus pictures: a score bar per ranked option, for additive
methods a stacked horizontal bar per option showing what each criterion adds, for the
portfolio a bar per supplier bloc showing its share of spend against its cap, each
option's core index (how often it is in the best portfolio) and the value kept if each
supplier source is lost.

Why it is built this way:

- Self-contained: styles are inline, charts are inline SVG, there are no scripts, fonts
  or remote files, so the page works offline, can be mailed as one file, and prints. A
  Content-Security-Policy meta tag forbids scripts and remote loads as a second line of
  defence.
- Safe: names, sources and reasons come from files a planner did not necessarily write.
  Every piece of text reaches the page only through jinja2 with ``autoescape=True``;
  this module computes numbers, geometry and plain strings, never markup (no ``Markup``,
  no ``|safe`` in the template), so nothing can bypass the escaping. Escaping leaves
  control and format characters (ESC, NUL, bidi overrides) alone, so every value is
  first passed through :func:`diversify.text.printable` by the environment's
  ``finalize`` (jinja2 runs ``escape(finalize(value))`` for each ``{{ … }}``).
- Charts by hand, in report/charts.py (one module, one style): geometry as numbers and
  plain strings (matplotlib is heavy to import and its SVG output carries generated ids
  and dates). The page opens with the one-page brief of report/brief.py and ends with
  the evidence appendix of report/evidence.py.
- Colours: the Okabe & Ito (2008) "Color Universal Design" palette, distinguishable
  with the common colour-vision deficiencies; a criterion keeps its colour across every
  chart in the report. Beyond eight criteria the palette repeats with a hatch overlay.
- Deterministic: no timestamps, stable iteration order, coordinates printed with fixed
  precision, so the same result gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import jinja2
import markupsafe

from diversify.engine.results import CapabilityResult, RankedOption
from diversify.report import charts
from diversify.report.brief import SUMMARY_HEADER, brief, summary_cells
from diversify.report.bundle import ReportBundle
from diversify.report.charts import (  # the contributions chart lives there too
    OKABE_ITO,
    PLOT_WIDTH,
    StackedChart,
    Swatch,
    colour_map,
    contribution_chart,
)
from diversify.report.evidence import (
    COVERAGE_NOTE,
    EVIDENCE_HEADER,
    appendix_counts,
    citation_note,
    envelope_note,
)
from diversify.report.portfolio_text import cell as portfolio_cell
from diversify.report.portfolio_text import portfolio_text
from diversify.report.robustness_text import cell, robustness_text
from diversify.report.uncertainty_text import brief_names, robust_view, stress_view
from diversify.report.wording import (
    COST_BASIS_HEADER,
    cost_basis_rows,
    extras_keys,
    fmt_extra,
    has_score_bars,
    leader_summary,
    params_text,
    shown_in_contributions,
)
from diversify.text import printable
from diversify.words import money, pct

__all__ = ["OKABE_ITO", "PLOT_WIDTH", "colour_map", "contribution_chart", "render_html"]

TEMPLATE = "report.html.j2"

SCORE_BAR_WIDTH = 100
"""Width of the score bar in a ranking table's row."""


@dataclass(frozen=True)
class CapabilityView:
    """What the template shows for one capability, beside the result object itself."""

    cap: CapabilityResult
    score_head: str
    bars: bool
    chart: StackedChart | None
    shown: tuple[RankedOption, ...]
    summary: str | None
    extras: tuple[str, ...]
    cost_rows: tuple[tuple[str, ...], ...] = ()


def capability_view(
    cap: CapabilityResult, colours: Mapping[str, Swatch], currency: str = ""
) -> CapabilityView:
    additive = bool(cap.ranking) and cap.ranking[0].contributions is not None
    return CapabilityView(
        cap=cap,
        score_head="score" if cap.higher_is_better else "score (lower is better)",
        bars=has_score_bars(cap),
        chart=contribution_chart(cap, colours) if additive else None,
        shown=cap.ranking[: shown_in_contributions(cap)] if additive else (),
        summary=leader_summary(cap),
        extras=() if additive else tuple(extras_keys(cap)),
        cost_rows=tuple(cost_basis_rows(cap, currency)),
    )


def _bar_width(score: float) -> str:
    return charts.n(max(0.0, min(1.0, score)) * SCORE_BAR_WIDTH)


def _figure(value: object) -> str:
    """A range end in the evidence appendix: a level's label, a number, or blank."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,g}"
    return str(value)


def _finalize(value: object) -> object:
    """Every ``{{ … }}`` value, before escaping: text made printable, the rest as is.

    Markup (already escaped, e.g. from a ``~`` join) stays markup: replacing a control
    character cannot break an entity, so it is cleaned without being escaped twice.
    """
    if isinstance(value, markupsafe.Markup):
        return markupsafe.Markup(printable(str(value)))
    if isinstance(value, str):
        return printable(value)
    return value


@cache
def environment() -> jinja2.Environment:
    """The jinja2 environment: package templates, autoescaping always on, strict names,
    every value made printable before it is escaped.

    ``autoescape=True`` rather than ``select_autoescape``: the latter decides by file
    extension, and ``report.html.j2`` does not end in ``.html``.
    """
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("diversify", "report/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=_finalize,
    )
    env.filters.update(
        f3=lambda x: f"{x:.3f}",
        g=lambda x: f"{x:g}",
        pct=pct,
        extra=fmt_extra,
        bar_width=_bar_width,
        cell=cell,
        pcell=portfolio_cell,
        figure=_figure,
        backticks=lambda text: str(text).split("`"),
    )
    return env


def _robustness_charts(
    bundle: ReportBundle,
) -> dict[str, tuple[charts.Chart | None, charts.Chart | None]]:
    """Capability id -> (rank-acceptability heat map, switch-point chart) of the analysis."""
    out: dict[str, tuple[charts.Chart | None, charts.Chart | None]] = {}
    full = {c["id"]: c for c in (bundle.robustness or {}).get("capabilities", [])}
    for cap in bundle.result.capabilities:
        rob = full.get(cap.id) or {}
        names = {o.option: o.system for o in cap.ranking}
        crit_names = {c.id: c.name for c in cap.criteria}
        heat = None
        smaa = rob.get("smaa") or {}
        if smaa.get("options"):
            order = {o.option: i for i, o in enumerate(cap.ranking)}
            rows = sorted(smaa["options"], key=lambda o: order.get(o["option"], len(order)))
            heat = charts.heatmap(
                cap.id, cap.name, [names.get(o["option"], o["option"]) for o in rows],
                [o["rank_acceptability"] for o in rows],
            )  # fmt: skip
        stability = rob.get("stability") or (bundle.per_capability.get(cap.id) or {}).get(
            "stability"
        )
        switch = None
        if stability and cap.leader is not None:
            switch = charts.tornado(
                cap.id, cap.name, cap.leader.option, stability, names, crit_names
            )
        if heat is not None or switch is not None:
            out[cap.id] = (heat, switch)
    return out


def render_html(bundle: ReportBundle) -> str:
    """The whole report as one HTML page (str, UTF-8 when written)."""
    result = bundle.result
    colours = colour_map(result)
    views = [capability_view(cap, colours, result.currency) for cap in result.capabilities]
    pf = portfolio_text(bundle.portfolio)
    summary = brief(bundle)
    sampled = [
        (r.name, r.first_share, r.recommendation) for r in summary.rows if r.first_share is not None
    ]
    summary_charts = [  # the two "how sure" charts side by side, then spend by bloc
        charts.confidence_chart(sampled) if sampled else None,
        charts.chosen_core_chart(summary.core) if summary.core else None,
        charts.bloc_chart(summary.blocs, result.currency) if summary.blocs else None,
    ]
    robust = robust_view(bundle.portfolio)
    shocks = None
    if bundle.stress is not None:
        shocks = stress_view(bundle.stress, brief_names(result, bundle.portfolio))
    names = {sw.id: sw.name for sw in colours.values()}
    pf_charts: list[charts.Chart | None] = []
    if bundle.portfolio:
        pf_charts = [charts.spend_chart(bundle.portfolio), charts.frontier_chart(bundle.portfolio)]
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            r=result,
            params=params_text(result.method_params),
            colours=colours,
            views=views,
            value_charts={c.id: charts.value_map(c, result.currency) for c in result.capabilities},
            money=lambda x: money(x, result.currency),
            hatch=any(s.hatched for s in colours.values()),
            score_bar_width=SCORE_BAR_WIDTH,
            rob=robustness_text(result, bundle.robustness, bundle.per_capability),
            rob_charts=_robustness_charts(bundle),
            pf=pf,
            pf_charts=[c for c in pf_charts if c is not None],
            pf_blocs=charts.bloc_chart(summary.blocs, result.currency, "chart-portfolio-blocs")
            if summary.blocs
            else None,
            cost_basis_header=COST_BASIS_HEADER,
            brief=summary,
            summary_header=SUMMARY_HEADER,
            summary_rows=[summary_cells(row, result.currency) for row in summary.rows],
            envelope_note=envelope_note(result),
            summary_charts=[c for c in summary_charts if c is not None],
            weights_chart=charts.weights_chart(
                result.weights, names, {k: v.colour for k, v in colours.items()}
            )
            if result.weights
            else None,
            robust=robust,
            robust_chart=charts.core_chart(robust.bars) if robust and robust.bars else None,
            shocks=shocks,
            lost_chart=charts.lost_chart(shocks.lost) if shocks and shocks.lost else None,
            evidence=bundle.evidence,
            evidence_header=EVIDENCE_HEADER,
            evidence_counts=appendix_counts(bundle.evidence),
            coverage_note=COVERAGE_NOTE,
            citation_note=citation_note(bundle.evidence),
        )
    )
