"""The Excel workbook: the decision brief as data an analyst can sort, filter and chart.

Sheets: "Summary" first (the one-page brief of report/brief.py: per capability the
recommendation, how often it comes first, the runner-up and margin, the close-call flag,
programme cost against the envelope; spend by bloc against the caps; the weights; with
native Excel charts), one sheet per capability named after it (the ranking with raw
figures, values and contributions under criterion names; what was screened out below
it), "Portfolio", "Robust portfolio" (each option's core index), "Supply shocks" (each
shock and the resilient alternative) and "Robustness" when the bundle carries them,
"Evidence" (coverage by bloc and every figure with its provenance) and "Inputs" (each
file with its SHA-256).

Every table is an Excel table (filter buttons, banded rows), numbers are numbers with a
number format (money with thousands separators, shares as percentages), headers are
frozen, and every sheet prints landscape, one page wide, with page numbers.

Why it is built this way:

- Safe to open: every text cell is stored with the string data type (``t="inlineStr"``,
  never an ``<f>`` element), so a supplier name such as ``=HYPERLINK(...)`` from an
  untrusted file is shown as exactly that text and never evaluated. openpyxl would
  store any string that starts with ``=`` as a formula, so :func:`_row` sets each text
  cell's data type back to ``"s"`` after writing it; no leading ``'`` is needed (CSV,
  which has no data types, gets one: report/safety.py). Control and format characters
  become visible stand-ins (:func:`diversify.text.printable`), which also keeps out the
  characters XML cannot carry and openpyxl refuses. Numbers stay numbers.
- Deterministic: openpyxl stamps the document properties with the current time on save
  and the zip entries with the current time too. The workbook's created/modified
  properties are fixed at :data:`FIXED_TIME`, the workbook is written with openpyxl's
  ``ExcelWriter`` (``Workbook.save`` would overwrite ``modified`` with "now"), and every
  zip entry gets the fixed :data:`ZIP_TIME` date and fixed permissions, so the same result
  gives byte-identical files (with the same openpyxl and zlib).
- openpyxl is imported inside the functions: it is slow to import and only this
  format needs it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from diversify.engine.results import CapabilityResult, ScenarioResult
from diversify.report.brief import Brief, brief, summary_cells
from diversify.report.bundle import ReportBundle
from diversify.report.evidence import (
    COVERAGE_NOTE,
    EVIDENCE_HEADER,
    EvidenceRow,
    appendix_counts,
    citation_note,
    envelope_note,
    short_unit,
)
from diversify.report.portfolio_text import PortfolioText, portfolio_text
from diversify.report.robustness_text import RobustnessText, robustness_text
from diversify.report.uncertainty_text import (
    RobustView,
    StressView,
    brief_names,
    robust_view,
    stress_view,
)
from diversify.report.wording import COST_BASIS_HEADER, cost_basis_rows, extras_keys, params_text
from diversify.text import printable

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

FIXED_TIME = dt.datetime(2000, 1, 1, 0, 0, 0)
"""Created/modified time written into the workbook properties (no real clock time)."""

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
"""Date and time stamped on every zip entry."""

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
"""Characters Excel forbids in sheet names."""

_RESERVED_SHEETS = (
    "Summary", "Portfolio", "Robust portfolio", "Supply shocks", "Robustness", "Evidence",
    "Inputs",
)  # fmt: skip


NUMBER_FORMAT = "0.000"
MONEY_FORMAT = "#,##0.0"
PCT_FORMAT = "0.0%"
TABLE_STYLE = "TableStyleLight9"
"""A plain banded style that prints legibly in grey."""

_SHOWN_PCT = re.compile(r"^(-?[0-9]+(?:\.[0-9]+)?)%$")
_SHOWN_MONEY = re.compile(r"^-?[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?$")

_KIND_FORMATS = {
    "pct": "0.0%",
    "share": "0.0%",
    "pp": "+0.0%;-0.0%;0.0%",
    "num": NUMBER_FORMAT,
    "int": "#,##0",
    "money": MONEY_FORMAT,
}
"""Number formats of the robustness and portfolio tables' column kinds (see
report/robustness_text.py and report/portfolio_text.py)."""


def cell_value(value: object) -> object:
    """What goes into one cell: text made printable, numbers as numbers.

    Every value written by this module passes through here. A non-finite float (which
    a spreadsheet cannot store) is written as text. Text is kept as given, with no
    leading ``'``: :func:`_row` stores it as a string, which is never a formula.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return printable(str(value))


def sheet_title(base: str, used: set[str]) -> str:
    """A valid, unique sheet name from ``base``: at most 31 characters, none of []:*?/\\.

    Excel compares sheet names without case, so uniqueness is checked in lower case;
    "Summary" and "Inputs" are kept for the fixed sheets.
    """
    clean = _SHEET_BAD.sub("_", base).strip("'") or "capability"
    title = clean[:31]
    n = 2
    while title.lower() in used:
        suffix = f" ({n})"
        title = clean[: 31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


def _row(ws: Worksheet, values: Sequence[object], *, bold: bool = False) -> int:
    """Append one row (every value through :func:`cell_value`); return its row number.

    Text cells are given the string data type: openpyxl marks a string that starts
    with ``=`` as a formula, and a cell from an input file must never be one.
    """
    from openpyxl.styles import Font

    cells = [cell_value(v) for v in values] or [None]  # a blank row still gets a cell,
    ws.append(cells)  # so that max_row counts it
    row = ws.max_row
    for column, value in enumerate(cells, start=1):
        if isinstance(value, str):
            ws.cell(row=row, column=column).data_type = "s"
    if bold:
        for cell in ws[row]:
            cell.font = Font(bold=True)
    return row


def _formats(ws: Worksheet, row: int, columns: Iterable[int], fmt: str) -> None:
    for col in columns:
        ws.cell(row=row, column=col).number_format = fmt


def _widths(ws: Worksheet, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def _unique(names: Sequence[str]) -> list[str]:
    """Column names made unique (an Excel table refuses two equal headers, case-blind)."""
    out: list[str] = []
    seen: set[str] = set()
    for name in names:
        text = printable(str(name)) or "column"
        shown, n = text, 2
        while shown.lower() in seen:
            shown, n = f"{text} ({n})", n + 1
        seen.add(shown.lower())
        out.append(shown)
    return out


def _table(ws: Worksheet, header: Sequence[str], rows: Sequence[Sequence[object]],
           formats: Sequence[str | None] = (), *, freeze: bool = False,
           col: int = 1) -> tuple[int, int]:  # fmt: skip
    """Write a header and rows as an Excel table (filters, bands); (header row, last row).

    ``formats`` gives a number format per column (None: as is). The first table of a
    sheet with ``freeze`` keeps its header on screen and on every printed page.
    """
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    head = _unique(header)
    pad = [None] * (col - 1)
    top = _row(ws, [*pad, *head])
    for c in range(col, col + len(head)):
        ws.cell(row=top, column=c).font = Font(bold=True)
    for values in rows:
        r = _row(ws, [*pad, *values])
        for i, fmt in enumerate(formats):
            if fmt:
                ws.cell(row=r, column=col + i).number_format = fmt
    last = top + len(rows)
    if rows:
        ref = f"{get_column_letter(col)}{top}:{get_column_letter(col + len(head) - 1)}{last}"
        number = sum(len(sheet.tables) for sheet in ws.parent.worksheets) + 1
        table = Table(displayName=f"Table{number}", ref=ref)
        table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
        ws.add_table(table)
    if freeze:
        ws.freeze_panes = f"{get_column_letter(col + 1)}{top + 1}"
        ws.print_title_rows = f"{top}:{top}"
    return top, last


def _print_setup(ws: Worksheet) -> None:
    """Landscape, one page wide (as many pages down as it takes), page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddFooter.left.text = "&A"  # the sheet's name


def _bar_chart(title: str, ws: Worksheet, labels: tuple[int, int, int], values: tuple[int, int],
               anchor: str, *, pct_axis: bool = True, height: float = 7.0,
               whole: bool = True) -> None:  # fmt: skip
    """A native horizontal bar chart of one column against a label column (same rows).

    A percentage axis runs from 0 to 100% unless ``whole`` is False (then it ends where
    the spreadsheet chooses, so small shares still show)."""
    from openpyxl.chart import BarChart, Reference

    col_label, first, last = labels
    col_value, head = values
    chart = BarChart()
    chart.type = "bar"
    chart.style = 2
    chart.title = title
    chart.legend = None
    chart.height, chart.width = height, 16.0
    data = Reference(ws, min_col=col_value, min_row=head, max_row=last)
    cats = Reference(ws, min_col=col_label, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    chart.y_axis.number_format = PCT_FORMAT if pct_axis else "#,##0"
    if pct_axis:
        chart.y_axis.scaling.min = 0.0
        if whole:
            chart.y_axis.scaling.max = 1.0
    chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    ws.add_chart(chart, anchor)


SUMMARY_COLUMNS = (
    ("capability", None), ("recommendation", None), ("bloc", None),
    ("ranks first (SMAA)", PCT_FORMAT), ("close call", None),
    ("why a close call", None), ("runner-up", None), ("margin", NUMBER_FORMAT), ("unit cost", MONEY_FORMAT),
    ("quantity", "#,##0"), ("programme cost", MONEY_FORMAT), ("budget envelope", MONEY_FORMAT),
    ("share of envelope", PCT_FORMAT), ("portfolio picks", None), ("what would change it", None),
)  # fmt: skip


def _summary(ws: Worksheet, result: ScenarioResult, b: Brief) -> None:
    """The one-page brief: findings, the capability table, bloc shares, weights, set-up."""
    from openpyxl.styles import Alignment, Font

    _row(ws, [result.scenario])
    ws["A1"].font = Font(bold=True, size=14)
    params = params_text(result.method_params)
    _row(ws, [f"Method {result.method}" + (f" ({params})" if params else "")
              + f"; weights from {result.weights_origin}; amounts in {result.currency} "
              f"millions; diversify {result.version}"])  # fmt: skip
    _row(ws, [])
    for sentence in b.sentences:
        _row(ws, [sentence])
    _row(ws, [])
    header = [h if h not in ("unit cost", "programme cost", "budget envelope")
              else f"{h} ({result.currency} m)" for h, _ in SUMMARY_COLUMNS]  # fmt: skip
    rows = []
    for r in b.rows:
        rows.append([
            r.name, r.recommendation, r.bloc, r.first_share,
            ("yes" if r.close_call else "no") if r.leaders else None, r.why_close,
            r.runner_up, r.margin, r.unit_cost, r.quantity, r.programme_cost, r.budget,
            r.budget_ratio, r.portfolio_pick,
            r.switch.short() if r.switch else summary_cells(r, result.currency)[-1] or None,
        ])  # fmt: skip
    top, last = _table(ws, header, rows, [f for _, f in SUMMARY_COLUMNS], freeze=True)
    widths = [24, 22, 8, 10, 7, 26, 20, 8, 10, 8, 12, 12, 10, 16, 34]
    for line in ws.iter_rows(min_row=top, max_row=last):
        lines = 1
        for cell, width in zip(line, widths, strict=False):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                lines = max(lines, math.ceil(len(cell.value) * 1.1 / width))
        ws.row_dimensions[line[0].row].height = 15 * lines  # spreadsheets do not all fit it
    note = envelope_note(result)
    if note:
        _row(ws, [note])  # under the table, above the chart (anchored two rows down)
    if any(r.first_share is not None for r in b.rows):
        _bar_chart("How often each recommendation comes first (SMAA)", ws, (1, top + 1, last),
                   (4, top), f"B{last + 3}")  # fmt: skip
    row = last + 3 + (16 if any(r.first_share is not None for r in b.rows) else 0)
    while ws.max_row < row:
        _row(ws, [])
    if b.blocs:
        _row(ws, ["Programme spend by supplier bloc (the chosen portfolio)"], bold=True)
        btop, blast = _table(
            ws, ["bloc", f"spend ({result.currency} m)", "share", "cap"],
            [[x.bloc, x.spend, x.share, x.cap] for x in b.blocs],
            [None, MONEY_FORMAT, PCT_FORMAT, PCT_FORMAT],
        )  # fmt: skip
        _bar_chart("Share of programme spend by bloc", ws, (1, btop + 1, blast), (3, btop),
                   f"F{btop}", height=6.0)  # fmt: skip
        while ws.max_row < btop + 13:
            _row(ws, [])
    if b.core:
        _row(ws, ["How sure is the programme: how often each choice is in the best portfolio"],
             bold=True)  # fmt: skip
        ctop, clast = _table(
            ws, ["capability", "choice", "bloc", "in the best portfolio"],
            [[c.capability, c.option, c.bloc, c.share] for c in b.core],
            [None, None, None, PCT_FORMAT],
        )  # fmt: skip
        _bar_chart("How often each choice is in the best portfolio", ws, (1, ctop + 1, clast),
                   (4, ctop), f"F{ctop}", height=6.0)  # fmt: skip
        while ws.max_row < ctop + 13:
            _row(ws, [])
    names = {c.id: c.name for cap in result.capabilities for c in cap.criteria}
    _row(ws, ["Weights"], bold=True)
    wtop, wlast = _table(
        ws, ["criterion", "id", "points", "share"],
        [[names.get(c, c), c, result.weights_points.get(c, 0.0), w]
         for c, w in result.weights.items()],
        [None, None, "0.##", PCT_FORMAT],
    )  # fmt: skip
    if result.weights:
        _bar_chart("Criterion weights", ws, (1, wtop + 1, wlast), (4, wtop), f"F{wtop}",
                   height=6.0)  # fmt: skip
        while ws.max_row < wtop + 13:
            _row(ws, [])
    _row(ws, [])
    _row(ws, ["Set-up"], bold=True)
    _row(ws, ["method", result.method + (f" ({params})" if params else "")])
    _row(ws, ["weights from", result.weights_origin])
    _row(ws, ["currency", f"{result.currency} millions"])
    _row(ws, ["diversify version", result.version])
    if result.seed is not None:
        _row(ws, ["seed", result.seed])
    if result.rates:
        rates = ", ".join(f"{k} {v:g}" for k, v in result.rates.items())
        _row(ws, [f"exchange rates ({result.currency} per unit)", rates])
        if result.rates_source:
            _row(ws, ["rates source", result.rates_source])
    if result.elicitation:
        _row(ws, ["elicitation", ", ".join(f"{k} = {v}" for k, v in result.elicitation.items())])
    for w in result.warnings:
        _row(ws, ["warning", w])
    _widths(ws, widths)
    _print_setup(ws)


def _capability(ws: Worksheet, cap: CapabilityResult, currency: str) -> None:
    """The ranking under criterion names (raw figure, 0-1 value, contribution), then the rest."""
    _row(ws, [f"{cap.name} ({cap.id})"], bold=True)
    budget = cap.budget if cap.budget is not None else "none"
    r = _row(ws, ["quantity", cap.quantity, f"budget envelope ({currency} m)", budget])
    _formats(ws, r, [4], MONEY_FORMAT)
    if not cap.higher_is_better:
        _row(ws, ["score", "lower is better"])
    _row(ws, [])
    extras = [] if cap.additive or not cap.ranking else extras_keys(cap)
    header = [
        "rank", "option", "system", "supplier", "country", "bloc", "score",
        f"unit cost ({currency} m)", f"programme cost ({currency} m)", *extras,
    ]  # fmt: skip
    formats = [None, None, None, None, None, None, NUMBER_FORMAT, MONEY_FORMAT, MONEY_FORMAT]
    formats += [NUMBER_FORMAT] * len(extras)
    rows = [
        [o.rank, o.option, o.system, o.supplier, o.country, o.bloc, o.score, o.unit_cost,
         None if o.unit_cost is None else o.unit_cost * cap.quantity,
         *[o.extras.get(k) for k in extras]]
        for o in cap.ranking
    ]  # fmt: skip
    top, last = _table(ws, header, rows, formats, freeze=True)
    if not cap.ranking:
        _row(ws, [None, "no option survived screening"])
    elif cap.higher_is_better:
        _bar_chart(f"{cap.name}: score", ws, (3, top + 1, last), (7, top), f"K{top}",
                   pct_axis=False, height=5.0)  # fmt: skip
        while ws.max_row < top + 11:
            _row(ws, [])
    if cap.ranking:
        additive = cap.ranking[0].contributions is not None
        _row(ws, [])
        _row(ws, ["Each option on each criterion: the figure, its 0-1 value"
                  + (" and what it adds to the score (weight x value)" if additive else "")],
             bold=True)  # fmt: skip
        long_rows = [
            [o.rank, o.system, c.name, short_unit(c.unit), o.raw.get(c.id), o.values.get(c.id),
             cap.weights.get(c.id), *([(o.contributions or {}).get(c.id)] if additive else [])]
            for o in cap.ranking
            for c in cap.criteria
        ]  # fmt: skip
        _table(ws, ["rank", "system", "criterion", "unit", "figure", "value 0-1", "weight",
                    *(["adds"] if additive else [])], long_rows,
               [None, None, None, None, "#,##0.0##", NUMBER_FORMAT, PCT_FORMAT,
                NUMBER_FORMAT])  # fmt: skip
    _row(ws, [])
    _row(ws, ["Screened out"], bold=True)
    if cap.screened_out:
        _table(ws, ["option", "system", "supplier", "country", "bloc", "criterion", "reason"],
               [[s.option, s.system, s.supplier, s.country, s.bloc, s.criterion, s.reason]
                for s in cap.screened_out], col=2)  # fmt: skip
    else:
        _row(ws, [None, "none"])
    basis = cost_basis_rows(cap, currency)
    if basis:
        _row(ws, [])
        _row(ws, ["Cost basis: the deal that sets each unit cost, and the figure it becomes"],
             bold=True)  # fmt: skip
        _table(ws, list(COST_BASIS_HEADER), [list(row) for row in basis], col=2)
    if cap.warnings:
        _row(ws, [])
        for w in cap.warnings:
            _row(ws, ["note", w])
    _widths(ws, [8, 20, 28, 30, 20, 12, 10, 14, 14] + [12] * len(extras))
    _print_setup(ws)


def _evidence(ws: Worksheet, result: ScenarioResult, rows: Sequence[EvidenceRow]) -> None:
    """Evidence coverage by bloc, then every figure with its provenance (the appendix)."""
    if result.evidence:
        _row(ws, ["Evidence coverage by bloc"], bold=True)
        _table(ws, ["bloc", "options", "figures", "unknown", "low confidence"],
               [[bloc, row["options"], row["figures"], row["unknown"], row["low_confidence"]]
                for bloc, row in result.evidence.items()])  # fmt: skip
        _row(ws, [COVERAGE_NOTE])
        _row(ws, [])
    if rows:
        _row(ws, ["Every figure and where it comes from"], bold=True)
        _row(ws, [appendix_counts(rows)])
        note = citation_note(rows)
        if note:
            _row(ws, [note])
        _table(ws, list(EVIDENCE_HEADER), [list(r.cells()) for r in rows], freeze=True)
    _widths(ws, [26, 26, 26, 24, 10, 10, 14, 11, 40, 26, 10, 60])
    _print_setup(ws)


def _numeric(value: object, kind: str) -> tuple[object, str | None]:
    """A table cell as a number with its format where the text reports show it as one."""
    if kind in _KIND_FORMATS:
        return value, _KIND_FORMATS[kind]
    if isinstance(value, str):
        m = _SHOWN_PCT.match(value)
        if m:
            return float(m.group(1)) / 100, PCT_FORMAT
        if (_SHOWN_MONEY.match(value) and "," in value) or re.fullmatch(r"-?[0-9]+\.[0-9]", value):
            return float(value.replace(",", "")), MONEY_FORMAT
    return value, None


def _text_table(ws: Worksheet, title: str, header: Sequence[str], kinds: Sequence[str],
                rows: Sequence[Sequence[object]]) -> tuple[int, int]:  # fmt: skip
    """A robustness or portfolio table: its title, then an Excel table, numbers as numbers."""
    from openpyxl.styles import Font

    r = _row(ws, [title])
    ws.cell(row=r, column=1).font = Font(italic=True)
    heads = [HEADER_WORDS.get(h, h) or "bar" for h in header]
    top = ws.max_row + 1
    _table(ws, heads, [[_numeric(v, k)[0] for v, k in zip(row, kinds, strict=True)]
                       for row in rows])  # fmt: skip
    for i, row in enumerate(rows, start=1):
        for col, (v, k) in enumerate(zip(row, kinds, strict=True), start=1):
            fmt = _numeric(v, k)[1]
            if fmt:
                ws.cell(row=top + i, column=col).number_format = fmt
    return top, top + len(rows)


HEADER_WORDS = {"+/-": "standard error", "": "bar"}
"""Column names the text reports abbreviate, written out for a spreadsheet header."""


def _robustness(ws: Worksheet, text: RobustnessText) -> None:
    """The robustness section: sentences, then each table with numbers kept as numbers."""
    from openpyxl.styles import Font

    _row(ws, ["Robustness: how sure are these rankings?"])
    ws["A1"].font = Font(bold=True, size=14)
    _row(ws, [text.intro])
    for cap in text.capabilities:
        _row(ws, [])
        _row(ws, [f"{cap.name} ({cap.id})"], bold=True)
        if cap.headline:
            _row(ws, [cap.headline], bold=True)
        for sentence in cap.sentences:
            _row(ws, [sentence])
        for table in cap.tables:
            _row(ws, [])
            _text_table(ws, table.title, table.header, table.kinds, table.rows)
        for note in cap.notes:
            _row(ws, ["note", note])
    _widths(ws, [34, 14, 14, 14, 22, 22, 14, 14])
    _print_setup(ws)


def _portfolio(ws: Worksheet, text: PortfolioText) -> None:
    """The portfolio section: sentences, then each table with numbers kept as numbers,
    and native charts of the spend by bloc and of the price of diversification."""
    from openpyxl.styles import Font

    _row(ws, [text.title])
    ws["A1"].font = Font(bold=True, size=14)
    _row(ws, [text.objective])
    _row(ws, ["levers", text.settings])
    _row(ws, ["status", text.status])
    tables = [text.chosen, text.shares, text.constraints, text.conflicts, text.frontier,
              text.countries]  # fmt: skip
    for table in tables:
        if table is None or not table.rows:
            continue
        _row(ws, [])
        top, last = _text_table(ws, table.title, table.header, table.kinds, table.rows)
        if table is text.shares:
            _bar_chart("Share of programme spend by bloc", ws, (1, top + 1, last), (3, top),
                       f"H{top}", height=6.0)  # fmt: skip
            while ws.max_row < top + 12:
                _row(ws, [])
        if table is text.frontier and len(table.rows) > 1:
            _frontier_chart(ws, top, last, f"I{top}")
            while ws.max_row < top + 16:
                _row(ws, [])
    for line in (text.hhi, text.value_lost):
        if line:
            _row(ws, [])
            _row(ws, [line])
    _row(ws, [])
    _row(ws, ["In short"], bold=True)
    for sentence in text.sentences[1:]:
        _row(ws, [sentence])
    if text.excluded:
        _row(ws, [])
        _row(ws, ["Left out of the portfolio"], bold=True)
        for line in text.excluded:
            _row(ws, [line])
    _widths(ws, [30, 26, 24, 12, 12, 14, 30])
    _print_setup(ws)


def _title(ws: Worksheet, title: str) -> None:
    from openpyxl.styles import Font

    _row(ws, [title])
    ws["A1"].font = Font(bold=True, size=14)


def _robust(ws: Worksheet, view: RobustView) -> None:
    """The robust portfolio: sentences, each choice's core index with a native bar chart,
    then every option's (a filtered table) and the whole portfolios most often best."""
    _title(ws, "How sure is the portfolio?")
    for sentence in view.sentences:
        _row(ws, [sentence])
    if view.chosen:
        _row(ws, [])
        _row(ws, ["Each choice of the recommended portfolio"], bold=True)
        top, last = _table(
            ws, ["capability", "choice", "bloc", "in the best portfolio", "standard error",
                 "status"],
            [[c.capability, c.option, c.bloc, c.share, c.se, c.status] for c in view.chosen],
            [None, None, None, PCT_FORMAT, PCT_FORMAT, None],
        )  # fmt: skip
        _bar_chart("How often each choice is in the best portfolio", ws, (1, top + 1, last),
                   (4, top), f"H{top}")  # fmt: skip
        while ws.max_row < top + 15:
            _row(ws, [])
    for table in (view.table, view.portfolios):
        if table is not None and table.rows:
            _row(ws, [])
            _text_table(ws, table.title, table.header, table.kinds, table.rows)
    _widths(ws, [34, 36, 10, 20, 14, 22])
    _print_setup(ws)


def _stress(ws: Worksheet, view: StressView) -> None:
    """The supply shocks: sentences, the value kept if each source is lost with a native bar
    chart, every shock (a filtered table), then the resilient alternative."""
    _title(ws, "Supply shocks: the programme if a source is lost, late or dearer")
    _row(ws, [view.base])
    _row(ws, [f"How each shock is applied: {view.settings}. Each shocked programme is "
              "re-planned under the same caps and budget."])  # fmt: skip
    for sentence in view.sentences:
        _row(ws, [sentence])
    if view.lost:
        _row(ws, [])
        _row(ws, ["If one source is lost: the value the re-planned programme keeps and loses"],
             bold=True)  # fmt: skip
        top, last = _table(
            ws, ["source", "bloc", "value kept", "value lost", "uncovered"],
            [[b.source, b.bloc, b.retained, float(f"{1 - b.retained:.12g}"),
              ", ".join(b.uncovered) or "none"] for b in view.lost],
            [None, None, PCT_FORMAT, PCT_FORMAT, None],
        )  # fmt: skip
        height = max(7.0, 0.6 * len(view.lost))
        _bar_chart("Programme value lost if one source is lost", ws, (1, top + 1, last),
                   (4, top), f"G{top}", height=height, whole=False)  # fmt: skip
        while ws.max_row < top + math.ceil(height / 0.5) + 1:  # rows of about 0.5 cm
            _row(ws, [])
    _row(ws, [])
    t = view.table
    _text_table(ws, t.title, t.header, t.kinds, t.rows)
    if view.resilient:
        _row(ws, [])
        _row(ws, ["The portfolio that best survives losing one source"], bold=True)
        for sentence in view.resilient:
            _row(ws, [sentence])
        r = view.resilient_table
        if r is not None:
            _row(ws, [])
            _text_table(ws, r.title, r.header, r.kinds, r.rows)
    _widths(ws, [30, 22, 22, 12, 14, 26, 70])
    _print_setup(ws)


def _frontier_chart(ws: Worksheet, top: int, last: int, anchor: str) -> None:
    """The price of diversification: value (column C) against the cap (column A)."""
    from openpyxl.chart import Reference, ScatterChart, Series

    chart = ScatterChart()
    chart.title = "Price of diversification: value as the cap tightens"
    chart.style = 2
    chart.legend = None
    chart.height, chart.width = 8.0, 16.0
    xs = Reference(ws, min_col=1, min_row=top + 1, max_row=last)
    ys = Reference(ws, min_col=3, min_row=top + 1, max_row=last)
    series = Series(ys, xs, title="programme value")
    series.marker.symbol = "circle"
    chart.series.append(series)
    chart.x_axis.title = "cap on the bloc's share of spend"
    chart.x_axis.number_format = PCT_FORMAT
    chart.x_axis.scaling.orientation = "maxMin"  # tighter caps to the right
    chart.y_axis.title = "programme value"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    ws.add_chart(chart, anchor)


def _inputs(ws: Worksheet, result: ScenarioResult) -> None:
    _table(ws, ["file", "sha256"], [[path, digest] for path, digest in result.inputs.items()],
           freeze=True)  # fmt: skip
    _row(ws, [])
    _row(ws, ["diversify version", result.version])
    if result.seed is not None:
        _row(ws, ["seed", result.seed])
    _widths(ws, [40, 68])
    _print_setup(ws)


def build_workbook(
    result: ScenarioResult,
    robustness: RobustnessText | None = None,
    portfolio: PortfolioText | None = None,
    summary: Brief | None = None,
    evidence: Sequence[EvidenceRow] = (),
    robust: RobustView | None = None,
    shocks: StressView | None = None,
) -> Workbook:
    """The workbook in memory (for tests and for callers that want to add sheets).

    ``summary`` is the brief of report/brief.py (built from the result alone when not
    given). With ``portfolio`` (see :func:`diversify.report.portfolio_text.portfolio_text`)
    a "Portfolio" sheet, with ``robust`` and ``shocks`` (report/uncertainty_text.py)
    "Robust portfolio" and "Supply shocks" sheets, and with ``robustness`` (see
    :func:`diversify.report.robustness_text.robustness_text`) a "Robustness" sheet, follow
    the capability sheets; "Evidence" holds the coverage by bloc and ``evidence``.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "diversify"
    wb.properties.title = printable(result.scenario)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    used = {name.lower() for name in _RESERVED_SHEETS}
    first = wb.active
    assert first is not None
    first.title = "Summary"
    _summary(first, result, summary or brief(ReportBundle(result)))
    for cap in result.capabilities:
        _capability(wb.create_sheet(sheet_title(cap.name, used)), cap, result.currency)
    if portfolio is not None:
        _portfolio(wb.create_sheet("Portfolio"), portfolio)
    if robust is not None:
        _robust(wb.create_sheet("Robust portfolio"), robust)
    if shocks is not None:
        _stress(wb.create_sheet("Supply shocks"), shocks)
    if robustness is not None:
        _robustness(wb.create_sheet("Robustness"), robustness)
    if result.evidence or evidence:
        _evidence(wb.create_sheet("Evidence"), result, evidence)
    _inputs(wb.create_sheet("Inputs"), result)
    return wb


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile that stamps every entry it writes with :data:`ZIP_TIME`.

    openpyxl writes most parts with ``writestr(name, data)``, which takes the current
    time and the host's file-system type, and the worksheets with ``write(tempfile,
    name)``, which takes the temporary file's time and mode; both are pinned here so the
    bytes do not depend on when or where the workbook was written.
    """

    def write(  # type: ignore[override]
        self,
        filename: str | os.PathLike[str],
        arcname: str | None = None,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        with open(filename, "rb") as fh:
            data = fh.read()
        name = arcname if arcname is not None else os.path.basename(filename)
        self.writestr(name, data, compress_type, compresslevel)

    def writestr(  # type: ignore[override]
        self,
        zinfo_or_arcname: str | zipfile.ZipInfo,
        data: str | bytes,
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=ZIP_TIME)
            info.compress_type = self.compression
            info.create_system = 3  # Unix, whatever the host
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)


def workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes with no clock time in them."""
    from openpyxl.writer.excel import ExcelWriter

    buf = io.BytesIO()
    archive = _FixedTimeZip(buf, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()  # writes every part, then closes the archive
    return buf.getvalue()


def render_xlsx(bundle: ReportBundle) -> bytes:
    """The Excel workbook (bytes; write them as a ``.xlsx`` file)."""
    text = robustness_text(bundle.result, bundle.robustness, bundle.per_capability)
    shocks = None
    if bundle.stress is not None:
        names = brief_names(bundle.result, bundle.portfolio)
        shocks = stress_view(bundle.stress, names)
    return workbook_bytes(
        build_workbook(
            bundle.result,
            text,
            portfolio_text(bundle.portfolio),
            brief(bundle),
            bundle.evidence,
            robust_view(bundle.portfolio),
            shocks,
        )
    )
