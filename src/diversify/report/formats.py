"""The export formats: one small renderer per format, in one registry.

The CLI (``--format``, ``report.formats``) and the TUI's export screen share this table,
so a format added here is available everywhere. Renderers return ``str`` (text formats)
or ``bytes`` (binary formats) and never compute scores: they read a
:class:`~diversify.report.bundle.ReportBundle`.
"""

from __future__ import annotations

import csv
import io
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diversify.report.bundle import ReportBundle
from diversify.report.data import csv_rows, result_dict, robustness_csv_rows
from diversify.report.safety import spreadsheet_safe
from diversify.text import json_document


@dataclass(frozen=True)
class Format:
    """A registered export format."""

    name: str
    suffix: str
    render: Callable[[ReportBundle], str | bytes]
    binary: bool = False
    description: str = ""


def render_json(bundle: ReportBundle) -> str:
    """The JSON contract: stable key order, no timestamps, trailing newline.

    Text is kept exactly (UTF-8, not ``\\u``-escaped), except the characters a terminal
    would act on: the encoder escapes the C0 controls and
    :func:`~diversify.text.json_escape` the rest (DEL, C1 controls, bidi overrides), so
    the decoded data is the same and the document is safe to print
    (:func:`~diversify.text.json_document`).
    """
    data = result_dict(bundle.result, bundle.sections(), bundle.per_capability)
    return json_document(data)


def render_manifest(files: Mapping[str, bytes], inputs: Mapping[str, str]) -> str:
    """What a report set holds: each file's SHA-256 and the inputs it was made from.

    Written last, after every file of the set: a file whose hash differs from its entry
    comes from another run (one stopped part-way), so a reader can tell a mixed set.
    """
    import hashlib

    from diversify import __version__

    data = {
        "diversify": __version__,
        "files": {name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
        "inputs": dict(inputs),
    }
    return json_document(data, allow_nan=True)


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """One CSV table; text cells neutralised against formula injection, None left empty.

    The rule is report/safety.py's (OWASP "CSV Injection"): every text cell goes through
    :func:`spreadsheet_safe` and is written inside double quotes (embedded ones
    doubled), numbers are written bare and never prefixed, and ``None`` is an empty
    cell. The header row (our own column names) is quoted only where it needs to be.
    """
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow([spreadsheet_safe(str(h)) for h in header])
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])
    return buf.getvalue()


def _csv_cell(value: object) -> object:
    """A number as itself (written bare), anything else as neutralised text (quoted)."""
    if value is None:
        return ""
    if isinstance(value, numbers.Real):  # bool and numpy scalars too, as before
        return value
    return spreadsheet_safe(str(value))


def render_csv(bundle: ReportBundle) -> str:
    """One row per option; text cells neutralised against formula injection."""
    return csv_text(*csv_rows(bundle.result))


def render_robustness_csv(robustness: Mapping[str, Any]) -> str:
    """The robustness analysis as one tidy CSV table (``diversify robustness -f csv``)."""
    return csv_text(*robustness_csv_rows(robustness))


def render_portfolio_csv(portfolio: Mapping[str, Any]) -> str:
    """The portfolio document as one tidy CSV table (``diversify portfolio -f csv``)."""
    from diversify.report.portfolio_text import portfolio_csv_rows

    return csv_text(*portfolio_csv_rows(portfolio))


def render_robust_csv(robust: Mapping[str, Any]) -> str:
    """The robust portfolio's selection shares (each option's core index) as a second CSV
    block after a blank line (``diversify portfolio --robust -f csv``)."""
    from diversify.report.safety import spreadsheet_safe as safe

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["capability", "option", "selection", "selection_se", "recommended"])
    for cap in robust.get("capabilities", []):
        for opt, share in cap["selection"].items():
            writer.writerow([safe(cap["id"]), safe(opt), share,
                             cap["selection_se"][opt], opt == cap["recommended"]])  # fmt: skip
    return "\n" + buf.getvalue()


STRESS_CSV_HEADER = (
    "source", "source_kind", "kind", "size", "shock", "options_hit", "status", "value",
    "value_retained", "value_lost", "caps_and_budget", "uncovered", "changes",
)  # fmt: skip
"""Columns of ``diversify stress --format csv`` (one row per shock)."""


def render_stress_csv(doc: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """The supply shocks as one tidy CSV table (``diversify stress -f csv``), one row per
    shock with the brief's words (report/uncertainty_text.py) beside the ids; with
    ``--resilient``, a second table after a blank line: where the most resilient portfolio
    differs from the recommended one. Text cells neutralised against formula injection."""
    from diversify.report.uncertainty_text import stress_cells

    base = float(doc["base"]["value"])
    rows = []
    for s in doc["shocks"]:
        words, hit, retained, lost, levers, uncovered, changes = stress_cells(s, base, names)
        rows.append([s["source"], s["source_kind"], s["kind"], s["size"], words, hit,
                     s["status"], s["value"], retained, lost, levers, uncovered, changes])  # fmt: skip
    text = csv_text(STRESS_CSV_HEADER, rows)
    res = doc.get("resilient")
    if res:
        text += "\n" + csv_text(
            ["objective", "capability", "recommended", "resilient", "shocked_value",
             "recommended_shocked_value", "value", "recommended_value"],
            [[res["objective"], names.get(r["capability"], r["capability"]),
              names.get(r["before"], r["before"]) if r["before"] else None,
              names.get(r["after"], r["after"]) if r["after"] else None, res["shocked_value"],
              res["recommended_shocked_value"], res["value"], res["recommended_value"]]
             for r in res["replaced"]],
        )  # fmt: skip
    return text


def companion_csvs(bundle: ReportBundle) -> dict[str, str]:
    """The CSV files a report set holds beside its one-row-per-option CSV: file suffix ->
    text, empty without a ``portfolio:`` section.

    The brief quotes the plan, how sure it is and the supply shocks; these give each of
    those figures a data counterpart in the set an analyst keeps, as the tidy tables the
    commands print: ``.portfolio.csv`` is ``diversify portfolio --robust --frontier KEY
    -f csv`` (the plan, then the core indexes after a blank line) and ``.stress.csv`` is
    ``diversify stress --resilient worst -f csv`` (the shocks, then the resilient
    alternative), for the scenario's own weights, levers, samples and seed.
    """
    out: dict[str, str] = {}
    if bundle.portfolio is not None:
        text = render_portfolio_csv(bundle.portfolio)
        if "robust" in bundle.portfolio:
            text += render_robust_csv(bundle.portfolio["robust"])
        out[".portfolio.csv"] = text
    if bundle.stress is not None:
        from diversify.report.uncertainty_text import brief_names

        names = brief_names(bundle.result, bundle.portfolio)
        out[".stress.csv"] = render_stress_csv(bundle.stress, names)
    return out


def _render_md(bundle: ReportBundle) -> str:
    from diversify.report.markdown import render_markdown

    return render_markdown(bundle)


def _render_html(bundle: ReportBundle) -> str:
    from diversify.report.html import render_html

    return render_html(bundle)


def _render_xlsx(bundle: ReportBundle) -> bytes:
    from diversify.report.xlsx import render_xlsx

    return render_xlsx(bundle)


FORMATS: dict[str, Format] = {
    "md": Format("md", ".md", _render_md, description="Markdown report for readers"),
    "html": Format("html", ".html", _render_html, description="Self-contained HTML report"),
    "csv": Format("csv", ".csv", render_csv, description="One row per option, for spreadsheets"),
    "json": Format("json", ".json", render_json, description="The documented JSON contract"),
    "xlsx": Format("xlsx", ".xlsx", _render_xlsx, binary=True, description="Excel workbook"),
}


def render(name: str, bundle: ReportBundle) -> str | bytes:
    """Render ``bundle`` in format ``name`` (a key of :data:`FORMATS`)."""
    try:
        fmt = FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format `{name}`; use one of {', '.join(FORMATS)}") from None
    return fmt.render(bundle)
