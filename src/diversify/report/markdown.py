"""The Markdown report: what a decision-maker reads, with every number traceable.

Sections: how the run was set up (method, weights, currency and rates), then per
capability the ranking, what drives the leader, and what was screened out and why; the
programme portfolio when the bundle carries one (report/portfolio_text.py), with its
robust portfolio and supply shocks (report/uncertainty_text.py); robustness;
last, the inputs with their SHA-256 hashes so the report can be tied to the files.
The sentences and number formats are shared with the HTML report (report/wording.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from diversify.engine.results import CapabilityResult, ScenarioResult
from diversify.report.brief import SUMMARY_HEADER, brief, summary_cells
from diversify.report.bundle import ReportBundle
from diversify.report.evidence import (
    COVERAGE_NOTE,
    EVIDENCE_HEADER,
    EvidenceRow,
    appendix_counts,
    citation_note,
    envelope_note,
)
from diversify.report.robustness_text import Table, align, robustness_text, table_text
from diversify.report.safety import md_cell, md_code
from diversify.report.wording import (
    COST_BASIS_HEADER,
    cost_basis_rows,
    extras_keys,
    fmt_extra,
    has_score_bars,
    leader_summary,
    params_text,
    shared_rank_reason,
    shown_in_contributions,
)
from diversify.words import money, pct


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> list[str]:
    aligns = align.ljust(len(header), "l")
    out = ["| " + " | ".join(md_cell(h) for h in header) + " |"]
    out.append("|" + "|".join(("---:" if a == "r" else "---") for a in aligns) + "|")
    out += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return out


def _bar(score: float, width: int = 10) -> str:
    n = max(0, min(width, round(score * width)))
    return "█" * n + "·" * (width - n)


SUMMARY_TITLE = "Summary: what to buy, how sure, at what cost"


def _title(result: ScenarioResult) -> list[str]:
    params = md_cell(params_text(result.method_params))
    return [
        f"# {md_cell(result.scenario)}",
        "",
        f"Method **{md_cell(result.method)}**"
        + (f" ({params})" if params else "")
        + f"; weights from **{md_cell(result.weights_origin)}**"
        f"; amounts in **{md_cell(result.currency)}** millions"
        f"; diversify {md_cell(result.version)}.",
    ]


def _summary(bundle: ReportBundle) -> list[str]:
    """The one-page summary (report/brief.py): findings, then one row per capability."""
    b = brief(bundle)
    lines = ["", f"## {SUMMARY_TITLE}", ""]
    lines += [f"- {md_cell(s)}" for s in b.sentences]
    rows = [summary_cells(r, bundle.result.currency) for r in b.rows]
    lines += ["", *_table(SUMMARY_HEADER, rows, "llrlllll")]
    note = envelope_note(bundle.result)
    return lines + (["", md_cell(note)] if note else [])


def _evidence_appendix(rows: Sequence[EvidenceRow]) -> list[str]:
    """Every figure with its source, range, kind, confidence, deal and date (report/evidence.py)."""
    if not rows:
        return []
    lines = ["", "## Evidence appendix: every figure and where it comes from", ""]
    lines += [
        f"{appendix_counts(rows)} *Stated*: as the source gives it; *derived*: "
        "computed from other figures (the basis says how); *estimate*: an analyst's judgement "
        "where no source gives the figure. Low and high are the range the uncertainty "
        "analysis samples. Each capability's first rows are its budget envelope (the amount "
        "as stated, and how it was converted and escalated to the money of the summary) and "
        "its quantity; neither is sampled, and their low and high are the range the source "
        "gives.",
        "",
    ]
    note = citation_note(rows)
    lines += [note, ""] if note else []

    def shown(x: object) -> str:
        if x is None:
            return ""
        return f"{x:,g}" if isinstance(x, float) else str(x)

    cells = [tuple(shown(c) for c in r.cells()) for r in rows]
    lines += _table(EVIDENCE_HEADER, cells, "llllrrllllll")
    return lines


def _setup(result: ScenarioResult) -> list[str]:
    lines = ["", "## Weights", ""]
    names = {c.id: c.name for cap in result.capabilities for c in cap.criteria}
    rows = [
        (f"{names.get(c, c)} ({c})" if c in names else c, f"{result.weights_points.get(c, 0):g}",
         pct(w))
        for c, w in result.weights.items()
    ]  # fmt: skip
    lines += _table(("criterion", "points", "share"), rows, "lrr")
    if result.elicitation:
        text = ", ".join(f"{k} = {v}" for k, v in result.elicitation.items())
        lines += ["", "Elicitation: " + md_cell(text)]
    for w in result.warnings:
        lines += ["", f"> **Warning:** {md_cell(w)}"]
    if result.rates:
        rates = ", ".join(f"{k} {v:g}" for k, v in result.rates.items())
        source = f". Source: {md_cell(result.rates_source)}." if result.rates_source else "."
        lines += ["", f"Exchange rates used ({md_cell(result.currency)} per unit): {rates}{source}"]
    return lines


def _capability(cap: CapabilityResult, currency: str) -> list[str]:
    lines = ["", f"## {md_cell(cap.name)} (`{cap.id}`)", ""]
    budget = f"; budget envelope {money(cap.budget, currency)}" if cap.budget is not None else ""
    lines.append(f"Quantity {cap.quantity:g}{budget}.")
    if not cap.ranking:
        lines += ["", "No option survived screening."]
    else:
        score_head = "score" if cap.higher_is_better else "score (lower is better)"
        bars = has_score_bars(cap)
        rows = [
            (o.rank, o.system, o.supplier, o.country, o.bloc, f"{o.score:.3f}",
             _bar(o.score) if bars else "", money(o.unit_cost, currency))
            for o in cap.ranking
        ]  # fmt: skip
        header = ("rank", "system", "supplier", "country", "bloc", score_head, "", "unit cost")
        lines += ["", *_table(header, rows, "rllllrlr")]
        basis = cost_basis_rows(cap, currency)
        if basis:
            lines += [
                "",
                "Cost basis: the deal that sets each unit cost, and the figure it becomes:",
                "",
            ]
            lines += _table(COST_BASIS_HEADER, basis, "llllrlrr")
        if cap.ranking[0].contributions is not None:
            lines += ["", "What each criterion adds to the score (weight x value, out of 1):", ""]
            shown = cap.ranking[: shown_in_contributions(cap)]
            rows2 = [
                (f"{c.name} ({pct(cap.weights[c.id])})",
                 *[f"{o.contributions[c.id]:.3f}" if o.contributions else "" for o in shown])
                for c in cap.criteria
            ]  # fmt: skip
            header2 = ("criterion (weight)", *[o.system for o in shown])
            lines += _table(header2, rows2, "l" + "r" * len(shown))
            summary = leader_summary(cap)
            if summary:
                lines += ["", md_cell(summary)]
        else:
            extras = extras_keys(cap)
            if extras:
                lines += ["", "Method figures:", ""]
                rows3 = [
                    (o.system, *[fmt_extra(o.extras.get(k)) for k in extras]) for o in cap.ranking
                ]
                lines += _table(("system", *extras), rows3, "l" + "r" * len(extras))
            shared = shared_rank_reason(cap)
            if shared:
                lines += ["", md_cell(shared)]
    if cap.screened_out:
        lines += ["", "Screened out:", ""]
        lines += [
            f"- **{md_cell(s.system)}** ({md_cell(s.supplier)}, {md_cell(s.country)}): "
            f"{md_cell(s.reason)}"
            for s in cap.screened_out
        ]
    for w in cap.warnings:
        lines += ["", f"> **Note:** {md_cell(w)}"]
    return lines


def _evidence(result: ScenarioResult) -> list[str]:
    """Evidence coverage by bloc: is one bloc judged on thinner evidence than another?"""
    if not result.evidence:
        return []
    rows = [
        [md_cell(bloc), r["options"], r["figures"], r["unknown"], r["low_confidence"]]
        for bloc, r in result.evidence.items()
    ]
    lines = ["", "## Evidence coverage by bloc", "", COVERAGE_NOTE, ""]
    lines += _table(["bloc", "options", "figures", "unknown", "low confidence"], rows, "lrrrr")
    return lines


def _robustness(bundle: ReportBundle, level: str = "##") -> list[str]:
    """The robustness section (sentences and tables from report/robustness_text.py)."""
    text = robustness_text(bundle.result, bundle.robustness, bundle.per_capability)
    if text is None:
        return []
    lines = ["", f"{level} Robustness: how sure are these rankings?", "", md_cell(text.intro)]
    for cap in text.capabilities:
        lines += ["", f"{level}# {md_cell(cap.name)} (`{cap.id}`)"]
        if cap.headline:
            lines += ["", f"**{md_cell(cap.headline)}**"]
        lines += [line for s in cap.sentences for line in ("", md_cell(s))]
        for table in cap.tables:
            header, rows = table_text(table)
            lines += ["", md_cell(table.title), "", *_table(header, rows, align(table))]
        lines += [line for n in cap.notes for line in ("", f"> **Note:** {md_cell(n)}")]
    return lines


def _portfolio(
    doc: Mapping[str, Any] | None,
    level: str = "##",
    envelopes: Mapping[str, float | None] | None = None,
) -> list[str]:
    """The portfolio section (sentences and tables from report/portfolio_text.py);
    ``envelopes`` (capability id -> budget envelope) flags a choice that spends more."""
    from diversify.report import portfolio_text as pt

    text = pt.portfolio_text(doc, envelopes=envelopes)
    if text is None or doc is None:
        return []
    lines = ["", f"{level} {md_cell(text.title)}", ""]
    lines += [md_cell(text.objective), "", f"Levers: {md_cell(text.settings)}."]
    lines += ["", f"Status: **{md_cell(text.status)}**."]

    def table(t: Table) -> list[str]:
        header, rows = pt.table_text(t)
        return ["", md_cell(t.title) + ":", "", *_table(header, rows, pt.align(t))]

    if text.chosen is not None:
        lines += table(text.chosen)
    if text.over_envelope:
        lines += ["", "Over the budget envelope:", ""]
        lines += [f"- **{md_cell(s)}**" for s in text.over_envelope]
    if text.shares is not None:
        lines += table(text.shares)
    if text.hhi:
        lines += ["", md_cell(text.hhi)]
    if text.constraints is not None:
        lines += table(text.constraints)
    if text.value_lost:
        lines += ["", f"**{md_cell(text.value_lost)}**"]
    if text.conflicts is not None:
        lines += table(text.conflicts)
    if text.frontier is not None:
        lines += table(text.frontier)
    if text.countries is not None and text.countries.rows:
        lines += table(text.countries)
    lines += ["", "In short:", ""]
    lines += [f"- {md_cell(s)}" for s in text.sentences[1:]]
    if text.excluded:
        lines += ["", "Left out of the portfolio:", ""]
        lines += [f"- {md_cell(e)}" for e in text.excluded]
    for w in doc.get("warnings", []):
        lines += ["", f"> **Warning:** {md_cell(w)}"]
    return lines


def _uncertainty(bundle: ReportBundle) -> list[str]:
    """The robust portfolio and the supply shocks (report/uncertainty_text.py), by name."""
    from diversify.report import portfolio_text as pt
    from diversify.report import uncertainty_text as ut

    def table(t: Table) -> list[str]:
        header, rows = pt.table_text(t)
        return ["", md_cell(t.title) + ":", "", *_table(header, rows, pt.align(t))]

    lines: list[str] = []
    robust = ut.robust_view(bundle.portfolio)
    if robust is not None:
        lines += ["", "## How sure is the portfolio?", ""]
        lines += [f"- {md_cell(s)}" for s in robust.sentences]
        for t in (robust.table, robust.portfolios):
            lines += table(t) if t is not None else []
    if bundle.stress is not None:
        names = ut.brief_names(bundle.result, bundle.portfolio)
        view = ut.stress_view(bundle.stress, names)
        lines += ["", "## Supply shocks: the programme if a source is lost, late or dearer", ""]
        lines += [md_cell(view.base), "", f"How each shock is applied: {md_cell(view.settings)}."]
        lines += [""] + [f"- {md_cell(s)}" for s in view.sentences]
        lines += table(view.table)
        if view.resilient:
            lines += ["", "### The portfolio that best survives losing one source", ""]
            lines += [f"- {md_cell(s)}" for s in view.resilient]
            if view.resilient_table is not None:
                lines += table(view.resilient_table)
    return lines


def render_portfolio_markdown(
    doc: Mapping[str, Any], envelopes: Mapping[str, float | None] | None = None
) -> str:
    """The portfolio on its own (``diversify portfolio --format md``); ``envelopes``
    (capability id -> budget envelope, from the scenario) flags a choice that spends more."""
    lines = [
        f"# {md_cell(doc['scenario'])}: portfolio",
        "",
        f"Weights from **{md_cell(doc['weights_origin'])}**: "
        + md_cell(", ".join(f"{k} {pct(v)}" for k, v in doc["weights"].items()))
        + f"; amounts in **{md_cell(doc['currency'])}** millions; "
        f"diversify {md_cell(doc['version'])}.",
    ]
    lines += _portfolio(doc, "#", envelopes)[2:]  # the document title replaces the section heading
    lines += ["", "## Inputs", "", "Files read (SHA-256):", ""]
    lines += [f"- {md_code(p)} {md_code(h)}" for p, h in doc.get("inputs", {}).items()]
    return "\n".join(lines) + "\n"


def render_robustness_markdown(bundle: ReportBundle) -> str:
    """The robustness analysis on its own (``diversify robustness --format md``)."""
    result = bundle.result
    params = md_cell(params_text(result.method_params))
    lines = [
        f"# {md_cell(result.scenario)}: robustness",
        "",
        f"Method **{md_cell(result.method)}**"
        + (f" ({params})" if params else "")
        + f"; weights from **{md_cell(result.weights_origin)}**"
        f"; diversify {md_cell(result.version)}.",
    ]
    lines += _robustness(bundle, "#")[2:]  # the document title replaces the section heading
    lines += ["", "## Inputs", "", "Files analysed (SHA-256):", ""]
    lines += [f"- {md_code(p)} {md_code(h)}" for p, h in result.inputs.items()]
    return "\n".join(lines) + "\n"


def render_markdown(bundle: ReportBundle) -> str:
    """The whole report as Markdown text: the summary first, the evidence last."""
    result = bundle.result
    lines = _title(result) + _summary(bundle) + _setup(result)
    for cap in result.capabilities:
        lines += _capability(cap, result.currency)
    lines += _portfolio(bundle.portfolio, envelopes={c.id: c.budget for c in result.capabilities})
    lines += _uncertainty(bundle)
    lines += _robustness(bundle)
    lines += _evidence(result)
    lines += _evidence_appendix(bundle.evidence)
    seed = f", seed {result.seed}" if result.seed is not None else ""
    lines += ["", "## Inputs", "", f"Files scored (SHA-256), diversify {md_cell(result.version)}"
              f"{seed}:", ""]  # fmt: skip
    lines += [f"- {md_code(p)} {md_code(h)}" for p, h in result.inputs.items()]
    return "\n".join(lines) + "\n"
