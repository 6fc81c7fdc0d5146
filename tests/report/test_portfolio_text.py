"""The portfolio section of the reports: words and tables, Markdown, HTML and Excel.

The section is rendered from the ``diversify.portfolio/1`` document of a real plan on the
mini test scenario (hand-checked in tests/engine/test_programme.py: a Europe cap of 50%
makes the submarines switch from Lima to Kilo and costs 0.445 of value), so every number
below can be traced; hostile text (markup, spreadsheet formulas) is then put into the
document's free-text fields to check that every renderer escapes it.
"""

from __future__ import annotations

import copy
import html
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from diversify.engine.programme import plan
from diversify.engine.scoring import score
from diversify.io.loader import load_scenario
from diversify.report.bundle import ReportBundle
from diversify.report.html import render_html
from diversify.report.markdown import render_markdown, render_portfolio_markdown
from diversify.report.portfolio_text import (
    bar,
    cell,
    portfolio_csv_rows,
    portfolio_text,
    short_name,
)
from diversify.report.programme_text import portfolio_document
from diversify.report.xlsx import render_xlsx

MINI = Path(__file__).parents[2] / "tests" / "data" / "valid" / "mini" / "scenario.yaml"
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def scenario() -> Any:
    return load_scenario(MINI)


@pytest.fixture(scope="module")
def doc(scenario: Any) -> dict[str, Any]:
    res = plan(scenario, caps={"Europe": 0.5}, frontier_bloc="Europe", steps=3)
    return portfolio_document(res)


@pytest.fixture(scope="module")
def bundle(scenario: Any, doc: dict[str, Any]) -> ReportBundle:
    return ReportBundle(score(scenario), portfolio=doc)


@pytest.fixture(scope="module")
def hostile(scenario: Any, doc: dict[str, Any]) -> ReportBundle:
    bad = copy.deepcopy(doc)
    for c in bad["candidates"]:
        if c["id"] == "submarines.kilo":
            c["system"] = SCRIPT
            c["supplier"] = HYPERLINK
    bad["summary"] = [*bad["summary"], f"{SCRIPT} | [x](javascript:alert(1))"]
    bad["excluded"][0]["reason"] = "<b>96</b> months"
    return ReportBundle(score(scenario), portfolio=bad)


# --- words and tables ---------------------------------------------------------------------


def test_section_text_from_a_hand_checked_plan(doc: dict[str, Any]) -> None:
    text = portfolio_text(doc)
    assert text is not None
    assert text.status.startswith("optimal")
    assert "MAVT whatever ranking method" in text.objective
    assert text.settings == "caps Europe 50.0%; every capability counts the same (caps set " \
        "for this run, not from the scenario)"  # fmt: skip
    assert text.chosen is not None
    rows = {r[0]: r for r in text.chosen.rows}
    assert rows["Submarines"][1] == "Kilo boat" and rows["Submarines"][6] == "Lima boat"
    assert rows["Main battle tanks"][6] == "same"
    assert rows["total"][4] == pytest.approx(1.038)
    assert rows["total"][5] == pytest.approx(5180.0)
    assert [b.bloc for b in text.bars] == ["US", "Europe", "ROK", "Canada", "Other"]
    assert sum(b.share for b in text.bars) == pytest.approx(1.0)
    assert {b.bloc: b.cap for b in text.bars}["Europe"] == 0.5
    assert text.value_lost is not None and "0.445, 30.0%" in text.value_lost
    assert text.constraints is not None
    (europe,) = text.constraints.rows
    assert europe[:5] == ("Europe cap", "50.0%", "0.0%", "50.0%", "yes")
    assert europe[5] == pytest.approx(0.445333333333)
    assert text.frontier is not None and len(text.frontier.rows) == 3
    assert text.frontier.rows[0][-1] == "best with Europe uncapped"
    assert text.frontier.rows[1][-1] == "Submarines → Kilo boat"
    assert text.frontier.rows[2][-1] == ""  # no change from the row above
    assert text.excluded == (
        "Main battle tanks: Charlie tank (Charlie Inc, US) — screened out: Time to first "
        "delivery 72 months is above the maximum of 60",
    )
    assert portfolio_text(None) is None


def test_short_tables_name_capabilities_and_options_for_the_terminal(
    doc: dict[str, Any],
) -> None:
    """The 80-column table leaves the supplier out but names what it shows: ids are for
    the JSON (and --force-in), not for a reader."""
    text = portfolio_text(doc, short=True)
    assert text is not None and text.chosen is not None and text.frontier is not None
    assert text.chosen.header[0] == "capability" and "supplier" not in text.chosen.header
    sub = text.chosen.rows[0]
    assert (sub[0], sub[1], sub[-1]) == ("Submarines", "Kilo boat", "Lima boat")
    assert text.chosen.rows[1][0] == "Main battle tanks" and text.chosen.rows[1][-1] == "same"
    assert text.frontier.rows[1][-1] == "Submarines → Kilo boat"
    ids = {"submarines", "tanks", "kilo", "lima", "alpha"}
    cells = [str(c) for t in (text.chosen, text.frontier) for r in t.rows for c in r]
    assert not ids & set(cells) and not any("→kilo" in c for c in cells)


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("K239 Chunmoo (Homar-K in Poland)", "K239 Chunmoo"),
        ("Land Ceptor / CAMM (Sky Sabre, Narew)", "Land Ceptor / CAMM"),
        ("K2 Black Panther", "K2 Black Panther"),
        ("(Phase 2)", "(Phase 2)"),  # nothing would be left
        ("Patriot (PAC-3) launcher", "Patriot (PAC-3) launcher"),  # not a trailing one
    ],
)
def test_short_name_drops_a_trailing_parenthesis(name: str, short: str) -> None:
    assert short_name(name) == short


def test_a_choice_over_its_envelope_is_flagged(doc: dict[str, Any]) -> None:
    """Spend above the capability's budget envelope is said with the brief's words; at or
    under it, or without an envelope, nothing is said."""
    spend = {c["capability"]: c["spend"] for c in doc["candidates"]
             if c["id"] in doc["result"]["chosen"].values()}  # fmt: skip
    over = portfolio_text(doc, envelopes={"submarines": spend["submarines"] / 1.25, "tanks": None})
    assert over is not None
    assert over.over_envelope == (
        f"Submarines: Kilo boat spends {spend['submarines']:,.1f} CAD m, 25.0% over the "
        f"{spend['submarines'] / 1.25:,.1f} CAD m envelope.",
    )
    within = portfolio_text(doc, envelopes={"submarines": spend["submarines"],
                                            "tanks": spend["tanks"] * 2})  # fmt: skip
    assert within is not None and within.over_envelope == ()
    assert (portfolio_text(doc) or within).over_envelope == ()


def test_an_infeasible_plan_lists_the_conflicts(scenario: Any) -> None:
    text = portfolio_text(portfolio_document(plan(scenario, caps={"ROK": 0.5, "Europe": 0.4})))
    assert text is not None
    assert text.status.startswith("infeasible")
    assert text.chosen is None and text.bars == () and text.value_lost is None
    assert text.conflicts is not None
    fixes = {r[0]: r for r in text.conflicts.rows}
    assert fixes["Europe cap"][1:3] == ("40.0%", "97.2%")
    assert fixes["ROK cap"][3] == "raise the ROK cap to at least 97.2%"


def test_cells_and_bars() -> None:
    assert cell(20711.7262, "money") == "20,711.7"
    assert cell(0.1202, "pct") == "12.0%"
    assert cell(None, "money") == ""
    assert bar(0.5, 10) == "█████·····"
    assert bar(1.3, 4) == "████" and bar(-1, 4) == "····"


def test_csv_rows_are_tidy(doc: dict[str, Any]) -> None:
    header, rows = portfolio_csv_rows(doc)
    assert header == ["section", "subject", "against", "measure", "value"]
    assert all(len(r) == 5 for r in rows)
    shares = {r[1]: r[4] for r in rows if r[0] == "bloc" and r[3] == "share"}
    assert sum(shares.values()) == pytest.approx(1.0)
    chosen = {r[2] for r in rows if r[0] == "candidate" and r[3] == "chosen" and r[4] == "true"}
    assert chosen == {"submarines.kilo", "tanks.alpha"}
    assert ["frontier", 3, "Europe", "chosen submarines", "submarines.kilo"] in rows


# --- Markdown -----------------------------------------------------------------------------


def test_markdown_report_gains_the_section_before_robustness(bundle: ReportBundle) -> None:
    md = render_markdown(bundle)
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert "## Portfolio: one option per capability" in heads
    assert heads.index("## Portfolio: one option per capability") < heads.index("## Inputs")
    assert "| Europe | 0.0 | 0.0% | ···················· | 50.0% |" in md
    assert "**Value lost against the best portfolio without constraints: 0.445, 30.0%" in md
    assert "Price of diversification: best value as the cap on Europe tightens:" in md
    assert "portfolio" not in render_markdown(ReportBundle(bundle.result)).lower()


def test_markdown_standalone_document(doc: dict[str, Any]) -> None:
    md = render_portfolio_markdown(doc)
    assert md.startswith("# Mini test scenario: portfolio\n")
    assert "## Inputs" in md and "`scenario.yaml`" in md
    assert "Over the budget envelope" not in md
    kilo = next(c for c in doc["candidates"] if c["id"] == "submarines.kilo")
    flagged = render_portfolio_markdown(doc, {"submarines": kilo["spend"] / 2})
    assert "Over the budget envelope:\n\n- **Submarines: Kilo boat spends " in flagged
    assert "100.0% over the" in flagged


def test_markdown_escapes_text_from_the_data(hostile: ReportBundle) -> None:
    md = render_markdown(hostile)
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "\\[x\\](javascript:alert(1))" in md
    assert "<b>" not in md


# --- HTML ---------------------------------------------------------------------------------


def test_html_section_with_a_share_chart(bundle: ReportBundle) -> None:
    page = render_html(bundle)
    assert '<a href="#portfolio">Portfolio</a>' in page and '<section id="portfolio">' in page
    assert page.index('id="portfolio"') < page.index('id="inputs"')
    (svg,) = re.findall(r'<svg class="chart[^"]*"[^>]*id="chart-portfolio-blocs".*?</svg>',
                        page, flags=re.S)  # fmt: skip
    root = ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))
    ns = "{http://www.w3.org/2000/svg}"
    bars = [r for r in root.iter(f"{ns}rect") if r.get("fill") != "#ffffff"]
    assert len(bars) == 5  # one per bloc
    widths = [float(r.get("width", "0")) for r in bars]
    plot = widths[2]  # ROK: all of kilo + alpha, the whole axis
    assert widths[:2] + widths[3:] == [0.0, 0.0, 0.0, 0.0]
    caps = [ln for ln in root.iter(f"{ns}line") if ln.get("stroke-dasharray")]
    x0 = float(bars[0].get("x", "0"))
    assert len(caps) == 1 and float(caps[0].get("x1", "0")) == pytest.approx(x0 + plot * 0.5)
    assert "Europe cap" in page and "0.445, 30.0%" in page


def test_html_escapes_text_from_the_data(hostile: ReportBundle) -> None:
    page = render_html(hostile)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;96&lt;/b&gt; months" in page
    section = page[page.index('<section id="portfolio">') :]
    assert html.unescape(section).count(SCRIPT) >= 2  # the chosen table and the summary


# --- Excel --------------------------------------------------------------------------------


def test_xlsx_gains_a_portfolio_sheet_with_numbers(bundle: ReportBundle) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(render_xlsx(bundle)))
    assert wb.sheetnames[-3:] == ["Portfolio", "Evidence", "Inputs"]
    ws = wb["Portfolio"]
    values = [row for row in ws.iter_rows(values_only=True)]
    total = next(r for r in values if r[0] == "total")
    assert total[4] == pytest.approx(1.038) and total[5] == pytest.approx(5180.0)
    rok = next(r for r in values if r[0] == "ROK")
    assert rok[1:3] == (pytest.approx(5180.0), pytest.approx(1.0))
    assert "Portfolio" not in load_workbook(io.BytesIO(render_xlsx(ReportBundle(bundle.result))))\
        .sheetnames  # fmt: skip


def test_xlsx_neutralises_formulas_from_the_data(hostile: ReportBundle) -> None:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(render_xlsx(hostile)))["Portfolio"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    supplier = [c for c in cells if c.value == HYPERLINK]  # the chosen submarine's supplier
    assert supplier and all(c.data_type == "s" for c in supplier)  # text, as given
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert any(SCRIPT in c.value for c in cells)  # kept as text
