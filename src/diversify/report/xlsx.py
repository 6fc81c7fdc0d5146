"""The Excel workbook: the ranking as data an analyst can sort, filter and chart.

Sheets: "Summary" (scenario, method, weights, leaders), one sheet per capability (the
ranking with raw figures, values and contributions; what was screened out below it),
"Portfolio" when the bundle carries a programme portfolio and "Robustness" when it carries
a robustness analysis (the report's sentences and tables, numbers kept as numbers), and
"Inputs" (each file scored with its SHA-256).

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
from diversify.report.bundle import ReportBundle
from diversify.report.portfolio_text import PortfolioText, portfolio_text
from diversify.report.robustness_text import RobustnessText, robustness_text
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

_RESERVED_SHEETS = ("Summary", "Portfolio", "Robustness", "Evidence", "Inputs")


NUMBER_FORMAT = "0.000"
MONEY_FORMAT = "#,##0.0"

_KIND_FORMATS = {
    "pct": "0.0%",
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

    cells = [cell_value(v) for v in values]
    ws.append(cells)
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


def _summary(ws: Worksheet, result: ScenarioResult) -> None:
    from openpyxl.styles import Font

    _row(ws, [result.scenario])
    ws["A1"].font = Font(bold=True, size=14)
    params = params_text(result.method_params)
    _row(ws, [])
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
    _row(ws, [])
    _row(ws, ["Weights"], bold=True)
    _row(ws, ["criterion", "points", "share"], bold=True)
    for cid, w in result.weights.items():
        r = _row(ws, [cid, result.weights_points.get(cid, 0.0), w])
        ws.cell(row=r, column=3).number_format = "0.0%"
    _row(ws, [])
    _row(ws, ["Leaders"], bold=True)
    _row(ws, ["capability", "leader", "supplier", "country", "bloc", "score"], bold=True)
    for cap in result.capabilities:
        lead = cap.leader
        if lead is None:
            _row(ws, [cap.name, "none (every option screened out)"])
        else:
            r = _row(ws, [cap.name, lead.system, lead.supplier, lead.country, lead.bloc,
                          lead.score])  # fmt: skip
            _formats(ws, r, [6], NUMBER_FORMAT)
    _widths(ws, [34, 34, 30, 10, 10, 10])


def _capability(ws: Worksheet, cap: CapabilityResult, currency: str) -> None:
    _row(ws, [f"{cap.name} ({cap.id})"], bold=True)
    budget = cap.budget if cap.budget is not None else "none"
    r = _row(ws, ["quantity", cap.quantity, f"budget ({currency} m)", budget])
    _formats(ws, r, [4], MONEY_FORMAT)
    if not cap.higher_is_better:
        _row(ws, ["score", "lower is better"])
    _row(ws, [])
    crit = [c.id for c in cap.criteria]
    additive = bool(cap.ranking) and cap.ranking[0].contributions is not None
    extras = [] if additive else extras_keys(cap)
    header = [
        "rank", "option", "system", "supplier", "country", "bloc", "score",
        f"unit cost ({currency} m)",
        *[f"raw {c}" for c in crit], *[f"value {c}" for c in crit],
        *([f"contribution {c}" for c in crit] if additive else []),
        *extras,
    ]  # fmt: skip
    head_row = _row(ws, header, bold=True)
    ws.freeze_panes = f"D{head_row + 1}"  # a coordinate: ws.cell() would create a row
    first_value = 9 + len(crit)
    for o in cap.ranking:
        contrib = o.contributions or {}
        r = _row(
            ws,
            [o.rank, o.option, o.system, o.supplier, o.country, o.bloc, o.score, o.unit_cost,
             *[o.raw.get(c) for c in crit], *[o.values.get(c) for c in crit],
             *([contrib.get(c) for c in crit] if additive else []),
             *[o.extras.get(k) for k in extras]],
        )  # fmt: skip
        _formats(ws, r, [7], NUMBER_FORMAT)
        _formats(ws, r, [8], MONEY_FORMAT)
        # values, contributions and method figures (raw figures keep their own precision)
        _formats(ws, r, range(first_value, len(header) + 1), NUMBER_FORMAT)
    if not cap.ranking:
        _row(ws, [None, "no option survived screening"])
    _row(ws, [])
    _row(ws, ["Screened out"], bold=True)
    if cap.screened_out:
        _row(ws, [None, "option", "system", "supplier", "country", "bloc", "criterion", "reason"],
             bold=True)  # fmt: skip
        for s in cap.screened_out:
            _row(ws, [None, s.option, s.system, s.supplier, s.country, s.bloc, s.criterion,
                      s.reason])  # fmt: skip
    else:
        _row(ws, [None, "none"])
    basis = cost_basis_rows(cap, currency)
    if basis:
        _row(ws, [])
        _row(ws, ["Cost basis: the deal that sets each unit cost, and the figure it becomes"],
             bold=True)  # fmt: skip
        _row(ws, [None, *COST_BASIS_HEADER], bold=True)
        for row in basis:
            _row(ws, [None, *row])
    if cap.warnings:
        _row(ws, [])
        for w in cap.warnings:
            _row(ws, ["note", w])
    _widths(ws, [8, 14, 26, 30, 9, 9, 9, 14] + [14] * (len(header) - 8))


def _evidence(ws: Worksheet, result: ScenarioResult) -> None:
    """Evidence coverage by bloc: is one bloc judged on thinner evidence than another?"""
    _row(ws, ["bloc", "options", "figures", "unknown", "low confidence"], bold=True)
    for bloc, row in result.evidence.items():
        _row(ws, [bloc, row["options"], row["figures"], row["unknown"], row["low_confidence"]])
    _row(ws, [])
    _row(ws, ["Figures written `unknown` are scored by the scenario's `evidence_gaps` policy."])
    _widths(ws, [14, 10, 10, 10, 16])


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
            r = _row(ws, [table.title])
            ws.cell(row=r, column=1).font = Font(italic=True)
            _row(ws, list(table.header), bold=True)
            for values in table.rows:
                r = _row(ws, list(values))
                for col, kind in enumerate(table.kinds, start=1):
                    if kind in _KIND_FORMATS:
                        ws.cell(row=r, column=col).number_format = _KIND_FORMATS[kind]
        for note in cap.notes:
            _row(ws, ["note", note])
    _widths(ws, [34, 14, 14, 14, 22, 22, 14, 14])


def _portfolio(ws: Worksheet, text: PortfolioText) -> None:
    """The portfolio section: sentences, then each table with numbers kept as numbers.

    Numbers that the other reports show with a unit in the cell (a cap's limit, a slack)
    are written as text there; the bloc shares and the frontier are numbers to chart.
    """
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
        r = _row(ws, [table.title])
        ws.cell(row=r, column=1).font = Font(italic=True)
        _row(ws, [h or "bar" for h in table.header], bold=True)
        for values in table.rows:
            r = _row(ws, list(values))
            for col, kind in enumerate(table.kinds, start=1):
                if kind in _KIND_FORMATS:
                    ws.cell(row=r, column=col).number_format = _KIND_FORMATS[kind]
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


def _inputs(ws: Worksheet, result: ScenarioResult) -> None:
    _row(ws, ["file", "sha256"], bold=True)
    for path, digest in result.inputs.items():
        _row(ws, [path, digest])
    _widths(ws, [40, 68])


def build_workbook(
    result: ScenarioResult,
    robustness: RobustnessText | None = None,
    portfolio: PortfolioText | None = None,
) -> Workbook:
    """The workbook in memory (for tests and for callers that want to add sheets).

    With ``portfolio`` (see :func:`diversify.report.portfolio_text.portfolio_text`) a
    "Portfolio" sheet, and with ``robustness`` (see
    :func:`diversify.report.robustness_text.robustness_text`) a "Robustness" sheet, follow
    the capability sheets.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "diversify"
    wb.properties.title = printable(result.scenario)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    used = {name.lower() for name in _RESERVED_SHEETS}
    summary = wb.active
    assert summary is not None
    summary.title = "Summary"
    _summary(summary, result)
    for cap in result.capabilities:
        _capability(wb.create_sheet(sheet_title(cap.id, used)), cap, result.currency)
    if portfolio is not None:
        _portfolio(wb.create_sheet("Portfolio"), portfolio)
    if robustness is not None:
        _robustness(wb.create_sheet("Robustness"), robustness)
    if result.evidence:
        _evidence(wb.create_sheet("Evidence"), result)
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
    return workbook_bytes(build_workbook(bundle.result, text, portfolio_text(bundle.portfolio)))
