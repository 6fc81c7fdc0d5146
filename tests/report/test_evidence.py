"""The evidence appendix: every figure with its source, range, kind, confidence, deal, date."""

from __future__ import annotations

from pathlib import Path

import pytest

from diversify.io.loader import bundled_scenario, load_scenario
from diversify.report.evidence import (
    CAPABILITY,
    EVIDENCE_HEADER,
    citation_note,
    envelope_note,
    evidence_rows,
    kind_counts,
)


def test_every_figure_of_every_option_with_its_provenance(mini_scenario: Path) -> None:
    data = load_scenario(mini_scenario)
    rows = evidence_rows(data)
    expected = sum(
        1 for cap in data.capabilities for o in cap.options for c in cap.criteria
        if o.figures.get(c.id) is not None
    )  # fmt: skip
    quantities = [r for r in rows if r.option == CAPABILITY]  # no budgets in this scenario
    assert len(rows) == expected + len(quantities) and len(quantities) == 2
    assert [(r.criterion, r.figure, r.source) for r in quantities] == [
        ("Quantity", "4 units", ""), ("Quantity", "10 units", "")]  # fmt: skip
    assert quantities[0].basis.startswith("Written as a bare number")
    alpha = {r.criterion: r for r in rows if r.option == "Alpha tank"}
    assert set(alpha) == {"Unit cost", "Time to first delivery", "NATO interoperability"}
    delivery = alpha["Time to first delivery"]
    assert (delivery.figure, delivery.low, delivery.high) == ("12 months", 6.0, 24.0)
    assert (delivery.kind, delivery.source) == ("stated", "test")
    level = alpha["NATO interoperability"]
    assert (level.figure, level.low, level.high, level.source) == ("nato_standard", None, None, "")
    cost = alpha["Unit cost"]
    assert cost.figure.endswith("CAD million per unit") and cost.source == "test"
    assert cost.low is not None and cost.high is not None and cost.low < cost.high
    assert len(rows[0].cells()) == len(EVIDENCE_HEADER)
    assert evidence_rows(data, ["submarines"]) == tuple(
        r for r in rows if r.capability != "Main battle tanks"
    )


def test_bundled_costs_name_their_deal_and_estimates_say_so() -> None:
    """The bundled data's costs come from deals; through-life costs are analyst estimates."""
    data = load_scenario(bundled_scenario())
    rows = evidence_rows(data)
    counts = kind_counts(rows)
    assert counts["stated"] > 0 and counts["derived"] > 0
    for cap in data.capabilities:
        for o in cap.options:
            basis = o.cost_basis
            if not basis or not basis.get("deal"):
                continue
            deal = next(d for d in basis["deals"] if d["deal"] == basis["deal"])
            (row,) = [
                r for r in rows
                if r.capability == cap.name and r.option == o.system
                and r.criterion == "Unit acquisition cost"
            ]  # fmt: skip
            where = ", ".join(x for x in (deal["customer"], deal["date"]) if x)
            assert row.deal == where  # the customer and date, not the file's deal id
            assert basis["deal"] not in row.deal and basis["deal"] in row.basis
            assert row.kind.startswith("derived") and row.basis
    assert any(r.kind == "derived estimate" and r.criterion == "Through-life cost" for r in rows)
    assert all(r.source or r.kind != "stated" or r.basis for r in rows)


def test_each_budget_envelope_shows_its_source_and_working() -> None:
    """The brief's "budget envelope 2,720.9 CAD m" for the MALE drones is the file's C$2,490M
    of 2023 escalated at 3% a year to 2026: the appendix says so, with the source, and the
    same for every capability with a budget (a range, as for air defence, carried through)."""
    data = load_scenario(bundled_scenario())
    rows = evidence_rows(data)
    budgets = {r.capability: r for r in rows if r.criterion == "Budget envelope"}
    with_budget = [c for c in data.capabilities if c.budget is not None]
    assert set(budgets) == {c.name for c in with_budget} and len(budgets) == 6
    for cap in with_budget:
        m, row = cap.budget_stated, budgets[cap.name]
        factor = 1.03 ** (2026 - m.year)  # the scenario's CAD escalation, 3% a year
        assert cap.budget == pytest.approx(m.value * factor, rel=1e-9)
        assert row.figure == f"{cap.budget:,.1f} CAD m (2026 money)"
        assert row.source == m.source and row.source and row.as_of == m.as_of
        assert row.basis.startswith(f"Stated: {m.value:,g} CAD m in {m.year} money")
        assert f"escalated x{factor:.4f} from {m.year} to 2026 money (3.0% a year)" in row.basis
        assert row.kind == ("estimate" if m.estimate else "stated")
        # each capability's rows begin with its budget, then its quantity
        first = next(i for i, r in enumerate(rows) if r.capability == cap.name)
        assert (rows[first].criterion, rows[first + 1].criterion) == ("Budget envelope", "Quantity")
    drones = budgets["MALE drones"]
    assert drones.figure == "2,720.9 CAD m (2026 money)"
    assert drones.basis.startswith("Stated: 2,490 CAD m in 2023 money; escalated x1.0927")
    gbad = budgets["Ground-based air defence"]
    assert (gbad.low, gbad.high) == (round(500 * 1.03**4, 1), round(1000 * 1.03**4, 1))
    assert "(range 500-1,000)" in gbad.basis and gbad.kind == "estimate"
    quantity = next(r for r in rows if r.capability == "MALE drones" and r.criterion == "Quantity")
    assert (quantity.figure, quantity.source) == ("11 units", drones.source)


def test_a_budget_in_another_currency_shows_its_rate(mini_copy: Path) -> None:
    """Without a cost-basis rule nothing is escalated; a USD budget is converted at the
    scenario's rate, and its range with it."""
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    tanks.write_text(text.replace(
        "quantity: 10}",
        "quantity: 10, budget: {value: 200, currency: USD, year: 2024, low: 150, high: 250, "
        "estimate: true, basis: a guess, source: test budget}}", 1), encoding="utf-8")  # fmt: skip
    data = load_scenario(mini_copy)
    (row,) = [r for r in evidence_rows(data) if r.criterion == "Budget envelope"]
    assert row.figure == "280.0 CAD m" and (row.low, row.high) == (210.0, 350.0)
    assert row.basis == ("Stated: 200 USD m in 2024 money (range 150-250); converted at 1.4 "
                         "CAD per USD. a guess")  # fmt: skip
    assert (row.source, row.kind, row.option) == ("test budget", "estimate", CAPABILITY)


def test_the_summary_says_envelopes_are_in_base_year_money() -> None:
    from diversify.engine.scoring import score

    note = envelope_note(score(load_scenario(bundled_scenario())))
    assert note is not None and note.startswith("Budget envelopes are in 2026 CAD money")
    assert "stated budget, converted and escalated to it" in note


def test_brief_formats_show_the_note_and_the_budget_rows() -> None:
    """HTML, Markdown and Excel: the note right under the summary table, and the MALE
    drones' envelope in the appendix with its source and working."""
    import html
    import io
    import re

    from openpyxl import load_workbook

    from diversify.engine.scoring import score
    from diversify.report.bundle import ReportBundle
    from diversify.report.html import render_html
    from diversify.report.markdown import render_markdown
    from diversify.report.xlsx import render_xlsx

    data = load_scenario(bundled_scenario())
    result = score(data)
    bundle = ReportBundle(result, evidence=evidence_rows(data))
    note = envelope_note(result)
    assert note is not None
    working = "Stated: 2,490 CAD m in 2023 money; escalated x1.0927 from 2023 to 2026 money"
    page = render_html(bundle)
    after_table = page[page.index("</table>", page.index('<table class="summary">')) :]
    assert re.match(r"</table>\s*</div>\s*<p class=\"table-note\">", after_table)
    assert html.unescape(after_table).index(note) < after_table.index("</section>")
    appendix = html.unescape(page[page.index('<section id="evidence-appendix">') :])
    row = re.search(r"<tr><td>MALE drones</td><th scope=\"row\">\(capability\)</th>"
                    r"<td>Budget envelope</td>(.*?)</tr>", appendix)  # fmt: skip
    assert row is not None and working in row.group(1)
    assert "Shephard; Aviation Week; FlightGlobal; euro-sd, Dec 2023" in row.group(1)
    md = render_markdown(bundle)
    assert note in md and md.index(note) < md.index("## Weights")
    assert working in md[md.index("## Evidence appendix") :]
    wb = load_workbook(io.BytesIO(render_xlsx(bundle)))
    assert note in [c.value for c in wb["Summary"]["A"]]
    budget = [[c.value for c in r] for r in wb["Evidence"].iter_rows()
              if r[0].value == "MALE drones" and r[2].value == "Budget envelope"]  # fmt: skip
    assert len(budget) == 1 and budget[0][-1].startswith(working)


ROOT = Path(__file__).parents[2]


def test_every_citation_of_the_research_notes_resolves() -> None:
    """The bundled data cites "SOURCES §2.1" and "DATA-AUDIT §4.4": each section it names is
    a heading of docs/sources.md or docs/data-audit.md (the notes shipped with it), and the
    evidence appendix says where they are."""
    import re

    notes = {"SOURCES": ROOT / "docs" / "sources.md", "DATA-AUDIT": ROOT / "docs" / "data-audit.md"}
    headings = {
        key: re.findall(r"^#+ ([0-9][0-9.]*[0-9a-z]?)[. ]", path.read_text("utf-8"), re.M)
        for key, path in notes.items()
    }
    data = [ROOT / "scenario.yaml", *sorted((ROOT / "criteria").glob("*.yaml")),
            *sorted((ROOT / "suppliers").glob("*.yaml"))]  # fmt: skip
    cited = {(key, num.rstrip("."))
             for path in data
             for key, num in re.findall(r"\b(SOURCES|DATA-AUDIT) §([0-9][0-9.]*)",
                                        path.read_text("utf-8"))}  # fmt: skip
    assert len(cited) >= 20 and {k for k, _ in cited} == {"SOURCES", "DATA-AUDIT"}
    missing = [f"{key} §{num}" for key, num in sorted(cited)
               if num not in {h.rstrip(".") for h in headings[key]}]  # fmt: skip
    assert missing == []
    rows = evidence_rows(load_scenario(bundled_scenario()))
    note = citation_note(rows)
    assert note is not None and "docs/sources.md" in note and "docs/data-audit.md" in note
    assert citation_note([r for r in rows if "SOURCES" not in r.source + r.basis
                          and "DATA-AUDIT" not in r.source + r.basis]) is None  # fmt: skip


def test_the_appendix_counts_agree_with_the_coverage_and_say_why_they_differ() -> None:
    """A trial reader saw "38 unknown figures" in validate's warning and the coverage table
    and "84 unknown" in the appendix: the appendix also lists the options a stated
    decision screened out. Its figures for the options judged are the coverage table's,
    and its sentence says both counts."""
    from diversify.engine.scoring import evidence_coverage
    from diversify.report.evidence import appendix_counts

    data = load_scenario(bundled_scenario())
    every = evidence_rows(data)
    # each capability's budget and quantity open its rows: planning inputs, counted apart
    rows = [r for r in every if r.option != CAPABILITY]
    planning = len(every) - len(rows)
    assert planning == 15  # nine quantities and six budgets
    coverage = evidence_coverage(data)
    judged = [r for r in rows if r.judged]
    figures = sum(b["figures"] for b in coverage.values())
    unknown = sum(b["unknown"] for b in coverage.values())
    assert len(judged) == figures
    assert sum(r.kind == "unknown" for r in judged) == unknown
    screened = {(c.name, o.system) for c in data.capabilities for o in c.options if o.screened_out}
    assert {(r.capability, r.option) for r in rows if not r.judged} == screened
    text = appendix_counts(every)
    total_unknown = sum(r.kind == "unknown" for r in rows)
    assert text.startswith(f"{len(rows)} figures of the options: ")
    assert f"Before them, {planning} rows give each capability's budget envelope" in text
    assert f", {total_unknown} unknown. " in text
    assert (
        f"{len(rows) - figures} of them ({total_unknown - unknown} unknown) belong to the "
        f"{len(screened)} options a stated decision screened out" in text
    )
    assert f"({figures} figures, {unknown} unknown, for the options judged)" in text
    (warning,) = [w for w in data.warnings if "unknown figures" in w]
    assert f"of the {unknown} unknown figures of the options judged (not counting" in warning


def test_without_screened_out_options_the_appendix_says_only_its_counts(
    mini_scenario: Path,
) -> None:
    from diversify.report.evidence import appendix_counts

    every = evidence_rows(load_scenario(mini_scenario))
    rows = [r for r in every if r.option != CAPABILITY]
    assert all(r.judged for r in rows)
    counts = ", ".join(f"{v} {k}" for k, v in kind_counts(rows).items())
    assert appendix_counts(every) == (
        f"{len(rows)} figures of the options: {counts}. Before them, {len(every) - len(rows)} "
        "rows give each capability's budget envelope and quantity (planning inputs, not scored)."
    )
