"""The evidence appendix: every figure behind the ranking, with where it comes from.

A reader who doubts a number must find, in the report itself, its source, its stated
range, whether it is a stated figure, an estimate or derived from other figures, how
confident the source is, the deal a cost was taken from and the date it describes. The
scoring result carries only the figures; the provenance lives in the resolved scenario,
so the command that builds a report also builds this appendix (:func:`evidence_rows`)
and hands it over in the :class:`~diversify.report.bundle.ReportBundle` as plain data.

Rows are plain tuples of text and numbers in a fixed order (:data:`EVIDENCE_HEADER`), the
same for Markdown, HTML and the workbook; renderers escape for their syntax.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from diversify.engine.results import ScenarioResult
from diversify.model.resolved import CapabilityData, Figure, OptionData, ScenarioData

EVIDENCE_HEADER = (
    "capability", "option", "criterion", "figure", "low", "high", "kind", "confidence",
    "source", "deal", "as of", "basis",
)  # fmt: skip


@dataclass(frozen=True)
class EvidenceRow:
    """One figure and its provenance."""

    capability: str
    option: str
    criterion: str
    figure: str
    """The figure as scored: a level's label, or the number with its unit."""
    low: float | str | None
    high: float | str | None
    kind: str
    """``stated``, ``estimate``, ``derived`` or ``derived estimate``; ``unknown`` for a gap."""
    confidence: str
    source: str
    deal: str
    as_of: str
    basis: str
    judged: bool = True
    """False for an option a stated decision screened out (``screened_out:``): listed for
    the record, but not judged, so not counted by the coverage table (not a column)."""

    def cells(self) -> tuple[object, ...]:
        return (
            self.capability, self.option, self.criterion, self.figure, self.low, self.high,
            self.kind, self.confidence, self.source, self.deal, self.as_of, self.basis,
        )  # fmt: skip


def _kind(f: Figure | Any) -> str:
    """A figure's kind from its provenance flags (a resolved Figure or a file's model)."""
    if getattr(f, "label", None) == "unknown":
        return "unknown"
    if f.derived and f.estimate:
        return "derived estimate"
    if f.derived:
        return "derived"
    if f.estimate:
        return "estimate"
    return "stated"


def _number(x: float) -> float:
    """Figures rounded for reading (costs to 0.1, others to 3 significant decimals)."""
    return round(float(x), 3)


def _deal(opt: OptionData, criterion_from: str | None) -> str:
    """The deal a cost figure was taken from, as a reader knows it: its customer and date
    ("Germany, 2023-03"). The deal's id (the supplier file's key) only when neither is
    given; the basis column names the id for whoever looks it up."""
    basis = opt.cost_basis
    if not basis or criterion_from is None or not basis.get("deal"):
        return ""
    deal = next((d for d in basis.get("deals", []) if d.get("deal") == basis["deal"]), None)
    if deal is None:
        return str(basis["deal"])
    where = ", ".join(str(x) for x in (deal.get("customer"), deal.get("date")) if x)
    return where or str(basis["deal"])


def _row(cap: CapabilityData, opt: OptionData, name: str, unit: str, f: Figure,
         criterion_from: str | None) -> EvidenceRow:  # fmt: skip
    if f.label is not None:
        figure = f.label
        low = f.low_label if f.low_label is not None else (None if not f.has_range else f.low)
        high = f.high_label if f.high_label is not None else (None if not f.has_range else f.high)
    else:
        figure = f"{_number(f.value):,g}" + (f" {unit}" if unit else "")
        low, high = (_number(f.low), _number(f.high)) if f.has_range else (None, None)
    return EvidenceRow(
        capability=cap.name,
        option=opt.system,
        criterion=name,
        figure=figure,
        low=low,
        high=high,
        kind=_kind(f),
        confidence=f.confidence or "",
        source=f.source or "",
        deal=_deal(opt, criterion_from),
        as_of=f.as_of or "",
        basis=f.basis or f.note or "",
        judged=opt.screened_out is None,
    )


def short_unit(unit: str | None) -> str:
    """ "CAD million per unit (2026 money, …)" -> "CAD million per unit" (the table is narrow)."""
    if not unit:
        return ""
    return unit.split(" (", 1)[0]


CAPABILITY = "(capability)"
"""The option column of a row about the capability itself (its budget, its quantity)."""


def _amount(x: float) -> str:
    return f"{x:,.1f}" if x != int(x) else f"{x:,.0f}"


def _budget_row(cap: CapabilityData, data: ScenarioData) -> EvidenceRow | None:
    """The budget envelope with its working: the amount as the supplier file states it (its
    currency and price year), the rate it is converted at and the escalation to the base
    year, so that "2,720.9 CAD m" can be traced to "C$2,490M (2023)" and 3% a year."""
    m = cap.budget_stated
    if m is None or cap.budget is None:
        return None
    cur = data.currency
    rate = data.rates.get(m.currency, 1.0) if m.currency != cur else 1.0
    factor = cap.budget / (m.value * rate) if m.value and rate else 1.0
    base_year = getattr(data.cost_basis, "base_year", None)
    steps = [f"Stated: {_amount(m.value)} {m.currency} m in {m.year} money"
             + (f" (range {_amount(m.low)}-{_amount(m.high)})"
                if m.low is not None and m.high is not None else "")]  # fmt: skip
    if m.currency != cur:
        steps.append(f"converted at {rate:.4g} {cur} per {m.currency}")
    if abs(factor - 1.0) > 5e-5 and base_year is not None:
        years = base_year - m.year
        yearly = f" ({100 * (factor ** (1 / years) - 1):.1f}% a year)" if years else ""
        steps.append(f"escalated x{factor:.4f} from {m.year} to {base_year} money{yearly}")
    why = m.basis or m.note
    scale = rate * factor
    return EvidenceRow(
        capability=cap.name,
        option=CAPABILITY,
        criterion="Budget envelope",
        figure=f"{cap.budget:,.1f} {cur} m" + (f" ({base_year} money)" if base_year else ""),
        low=None if m.low is None else round(m.low * scale, 1),
        high=None if m.high is None else round(m.high * scale, 1),
        kind=_kind(m),
        confidence=m.confidence or "",
        source=m.source or "",
        deal="",
        as_of=m.as_of or "",
        basis="; ".join(steps) + (f". {why}" if why else "."),
    )


def _quantity_row(cap: CapabilityData) -> EvidenceRow:
    """How many units the capability needs, with its source (a bare number has none)."""
    q = cap.quantity_stated
    if q is None:
        return EvidenceRow(cap.name, CAPABILITY, "Quantity", f"{cap.quantity:,g} units", None,
                           None, "stated", "", "", "", "",
                           "Written as a bare number in the supplier file, with no source.")  # fmt: skip
    return EvidenceRow(
        capability=cap.name,
        option=CAPABILITY,
        criterion="Quantity",
        figure=f"{cap.quantity:,g} units",
        low=None if q.low is None else float(q.low),
        high=None if q.high is None else float(q.high),
        kind=_kind(q),
        confidence=q.confidence or "",
        source=q.source or "",
        deal="",
        as_of=q.as_of or "",
        basis=q.basis or q.note or "",
    )


def evidence_rows(
    data: ScenarioData, capabilities: Sequence[str] | None = None
) -> tuple[EvidenceRow, ...]:
    """Every figure of every option, capability by capability, criteria in file order;
    first, for each capability, its budget envelope (with the working from the stated
    amount) and its quantity.

    ``capabilities`` (ids) keeps the appendix to the capabilities a run scored.
    """
    rows: list[EvidenceRow] = []
    for cap in data.capabilities:
        if capabilities and cap.id not in capabilities:
            continue
        budget = _budget_row(cap, data)
        rows += [budget, _quantity_row(cap)] if budget is not None else [_quantity_row(cap)]
        for opt in cap.options:
            for c in cap.criteria:
                f = opt.figures.get(c.id)
                if f is None:
                    continue
                rows.append(_row(cap, opt, c.name, short_unit(c.unit), f, c.from_))
            if opt.unit_cost is not None and not any(c.from_ == "unit_cost" for c in cap.criteria):
                unit = f"{data.currency} million per unit"
                rows.append(_row(cap, opt, "Unit cost", unit, opt.unit_cost, "unit_cost"))
    return tuple(rows)


def envelope_note(result: ScenarioResult) -> str | None:
    """The line under the brief's summary table saying what money the envelopes are in:
    each supplier file states its budget in its own currency and year, and the table shows
    it converted and escalated to the base year (the appendix shows each one's working)."""
    if not any(c.budget is not None for c in result.capabilities):
        return None
    base = next((o.cost_basis["base_year"] for c in result.capabilities for o in c.ranking
                 if o.cost_basis and o.cost_basis.get("base_year")), None)  # fmt: skip
    money = f"{base} {result.currency} money" if base else f"{result.currency} millions"
    how = "converted and escalated to" if base else "converted to"
    return (
        f"Budget envelopes are in {money}: each supplier file's stated budget, {how} it "
        "(source and working in the evidence appendix)."
    )


CITATION = re.compile(r"\b(SOURCES|DATA-AUDIT)(?: §|\.md)")
"""A citation of the research notes the bundled data comes with ("SOURCES §2.1")."""


def citation_note(rows: Sequence[EvidenceRow]) -> str | None:
    """Where "SOURCES §2.1" and "DATA-AUDIT §4.4" lead, when the appendix cites them: the
    research notes shipped as docs/sources.md and docs/data-audit.md, which ``diversify
    init`` copies beside the scenario."""
    if not any(CITATION.search(f"{r.source} {r.basis}") for r in rows):
        return None
    return (
        'Citations such as "SOURCES §2.1" and "DATA-AUDIT §4.4" are sections of the '
        "research notes that come with the bundled data: docs/sources.md and "
        "docs/data-audit.md, in diversify's source and in the folder `diversify init` makes."
    )


def kind_counts(rows: Sequence[EvidenceRow]) -> dict[str, int]:
    """How many figures of each kind (stated, estimate, derived …), in a fixed order."""
    order = ("stated", "derived", "estimate", "derived estimate", "unknown")
    counts = dict.fromkeys(order, 0)
    for r in rows:
        counts[r.kind] = counts.get(r.kind, 0) + 1
    return {k: v for k, v in counts.items() if v}


COVERAGE_NOTE = (
    "Figures written `unknown` are scored by the scenario's `evidence_gaps` policy; "
    "low-confidence figures are those their source marks `confidence: low`. Options a "
    "stated decision screened out (`screened_out:`) are not judged, so they are not counted "
    "here; the evidence appendix lists their figures too."
)
"""Under the coverage table, in every report (backticks: code in Markdown and HTML)."""


def appendix_counts(rows: Sequence[EvidenceRow]) -> str:
    """The appendix's opening count, saying which of its figures the coverage leaves out.

    The appendix lists every option's figures, those a stated decision screened out
    included (the record of what was considered); the coverage table and `validate`'s
    warning count only the options judged. Without this sentence a reader sees "84
    unknown" here and "38 unknown" there and cannot tell which to believe.
    """
    planning = sum(r.option == CAPABILITY for r in rows)
    rows = [r for r in rows if r.option != CAPABILITY]
    counts = ", ".join(f"{v} {k}" for k, v in kind_counts(rows).items())
    text = f"{len(rows)} figures of the options: {counts}."
    if planning:
        text += (
            f" Before them, {planning} rows give each capability's budget envelope and "
            "quantity (planning inputs, not scored)."
        )
    out = [r for r in rows if not r.judged]
    if out:
        options = len({(r.capability, r.option) for r in out})
        unknown = sum(r.kind == "unknown" for r in out)
        text += (
            f" {len(out)} of them ({unknown} unknown) belong to the {options} "
            f"option{'s' if options != 1 else ''} a stated decision screened out: listed for "
            "the record but not judged, so the evidence coverage table and `validate` do not "
            f"count them ({len(rows) - len(out)} figures, "
            f"{sum(r.kind == 'unknown' for r in rows) - unknown} unknown, for the options judged)."
        )
    return text
