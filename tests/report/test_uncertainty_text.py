"""The programme under uncertainty in words and tables (report/uncertainty_text.py).

The robust portfolio and the supply shocks reach the brief as plain documents; here they
are written by hand, small enough that every share, loss and sentence below can be
checked by eye: two capabilities, a robust section of 1,000 samples, three shocks.
"""

from __future__ import annotations

import copy
import html
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from diversify.report.bundle import ReportBundle
from diversify.report.uncertainty_text import (
    brief_names,
    data_names,
    delivery_rows,
    doc_names,
    resilient_sentences,
    robust_markdown,
    robust_rows,
    robust_sentences,
    robust_summary,
    robust_view,
    stress_cells,
    stress_markdown,
    stress_rows,
    stress_sentences,
    stress_summary,
    stress_view,
    top_portfolio_sentence,
    with_robust,
)

ROBUST: dict[str, Any] = {
    "samples": 1000, "seed": 5, "weights": "margin", "margin": 0.2, "values": "uniform",
    "method": "enumeration", "feasible_portfolios": 4, "status": "ok",
    "recommended_share": 0.3, "expected_value_lost": 0.02, "expected_value_lost_se": 0.001,
    "worst_value_lost": 0.2,
    "capabilities": [
        {"id": "tanks", "recommended": "k2", "selection": {"k2": 0.4, "leo": 0.6},
         "selection_se": {"k2": 0.0155, "leo": 0.0155}, "core": [], "exterior": []},
        {"id": "subs", "recommended": "kss", "selection": {"kss": 1.0, "a26": 0.0},
         "selection_se": {"kss": 0.0, "a26": 0.0}, "core": ["kss"], "exterior": ["a26"]},
    ],
    "distinct_portfolios": 2,
    "portfolios": [
        {"chosen": {"tanks": "leo", "subs": "kss"}, "share": 0.6, "se": 0.0155,
         "recommended": False},
        {"chosen": {"tanks": "k2", "subs": "kss"}, "share": 0.4, "se": 0.0155,
         "recommended": True},
    ],
}  # fmt: skip

DOC: dict[str, Any] = {
    "capabilities": [{"id": "tanks", "name": "Main battle tanks"},
                     {"id": "subs", "name": "Submarines"}],
    "candidates": [
        {"id": "tanks.k2", "system": "K2 Black Panther", "bloc": "ROK"},
        {"id": "tanks.leo", "system": "Leopard 2A8", "bloc": "Europe"},
        {"id": "subs.kss", "system": "KSS-III", "bloc": "ROK"},
    ],
    "excluded": [{"id": "subs.a26", "system": "A26", "bloc": "Europe"}],
    "frontier": None,
    "robust": ROBUST,
}  # fmt: skip


def _shock(
    source: str, kind: str, value: float | None, retained: float, **kw: Any
) -> dict[str, Any]:
    return {"source": source, "source_kind": "bloc" if len(source) > 2 else "country",
            "kind": kind, "size": {"lost": 0.0, "delayed": 12.0, "dearer": 0.2}[kind],
            "hit": kw.get("hit", ["tanks.k2"]), "status": kw.get("status", "optimal"),
            "value": value, "value_retained": retained, "uncovered": kw.get("uncovered", []),
            "share_by_bloc": {}, "replaced": kw.get("replaced", []), "chosen": {},
            "explanation": kw.get("explanation")}  # fmt: skip


STRESS: dict[str, Any] = {
    "settings": {"delay_months": 12.0, "dearer": 0.2, "delivery_criterion": "delivery"},
    "base": {"status": "optimal", "value": 2.0,
             "chosen": {"tanks": "tanks.k2", "subs": "subs.kss"}, "share_by_bloc": {}},
    "shocks": [
        _shock("ROK", "lost", 1.5, 0.75, hit=["tanks.k2", "subs.kss"],
               replaced=[{"capability": "tanks", "before": "tanks.k2", "after": "tanks.leo"}]),
        _shock("DE", "lost", 1.0, 0.5, hit=["tanks.leo", "subs.kss"], uncovered=["subs"],
               replaced=[{"capability": "subs", "before": "subs.kss", "after": None}]),
        _shock("DE", "dearer", None, 0.0, status="infeasible",
               explanation="the budget cannot be met"),
    ],
    "resilient": {
        "objective": "worst", "sources": ["ROK", "DE"], "status": "optimal",
        "chosen": {"tanks": "tanks.leo", "subs": "subs.kss"}, "value": 1.8,
        "shocked_value": 0.9, "worst_source": "DE", "recommended_value": 2.0,
        "recommended_shocked_value": 0.6, "recommended_worst_source": "ROK",
        "replaced": [{"capability": "tanks", "before": "tanks.k2", "after": "tanks.leo"}],
    },
}  # fmt: skip

NAMES = doc_names(DOC)


def test_names_come_from_the_portfolio_document_and_the_scenario() -> None:
    assert NAMES == {
        "tanks": "Main battle tanks", "subs": "Submarines", "tanks.k2": "K2 Black Panther",
        "tanks.leo": "Leopard 2A8", "subs.kss": "KSS-III", "subs.a26": "A26",
    }  # fmt: skip
    assert doc_names(None) == {}

    class Opt:
        def __init__(self, id: str, system: str) -> None:
            self.id, self.system = id, system

    class Cap:
        id, name = "tanks", "Tanks"
        options = (Opt("k2", "K2"),)

    class Data:
        capabilities = (Cap(),)

    assert data_names(Data()) == {"tanks": "Tanks", "tanks.k2": "K2"}


def test_robust_view_names_each_option_with_its_core_index() -> None:
    view = robust_view(DOC)
    assert view is not None and view.status == "ok"
    assert [(b.capability, b.option, b.bloc, b.share, b.status, b.recommended)
            for b in view.bars] == [
        ("Main battle tanks", "Leopard 2A8", "Europe", 0.6, "borderline", False),
        ("Main battle tanks", "K2 Black Panther", "ROK", 0.4, "borderline", True),
        ("Submarines", "KSS-III", "ROK", 1.0, "core", True),
        ("Submarines", "A26", "Europe", 0.0, "exterior", False),
    ]  # fmt: skip
    assert [b.option for b in view.chosen] == ["K2 Black Panther", "KSS-III"]
    assert view.table is not None and view.table.rows[1] == (
        "Main battle tanks",
        "K2 Black Panther",
        "ROK",
        0.4,
        0.0155,
        "borderline, recommended",
    )
    assert view.portfolios is not None
    assert view.portfolios.rows == (
        ("Main battle tanks: Leopard 2A8 (not K2 Black Panther)", 0.6, 0.0155),
        ("the recommended portfolio", 0.4, 0.0155),
    )
    assert view.sentences[-2] == "Core (chosen in every sample): Submarines: KSS-III."
    assert view.sentences[-1] == (
        "The portfolio chosen most often (best in 60.0% of the samples) differs from the "
        "recommended one: Main battle tanks: Leopard 2A8 (not K2 Black Panther)."
    )
    assert robust_view({"robust": None}) is None and robust_view(None) is None


def test_robust_summary_names_the_least_sure_choices() -> None:
    view = robust_view(DOC)
    assert view is not None
    assert robust_summary(view) == (
        "How sure is the programme (1,000 sampled weightings and figures, seed 5): the "
        "recommended portfolio as a whole is best in 40% of them; the choices least often "
        "part of the best whole portfolio are K2 Black Panther (40% of samples); 1 of its 2 "
        "choices is in it in at least 95%. These shares are core indices (how often a choice "
        "is part of the best whole portfolio), not how often it ranks first in its own "
        "capability (SMAA)."
    )
    sure = copy.deepcopy(DOC)
    sure["robust"]["capabilities"][0]["selection"] = {"k2": 1.0, "leo": 0.0}
    view_sure = robust_view(sure)
    assert view_sure is not None and robust_summary(view_sure).endswith(
        "all choices are in it in at least 95%."
    )
    infeasible = {**DOC, "robust": {**ROBUST, "status": "infeasible", "capabilities": [],
                                    "portfolios": []}}  # fmt: skip
    off = robust_view(infeasible)
    assert off is not None and off.bars == () and off.table is None
    assert "nothing was sampled" in robust_summary(off)


def test_words_fall_back_to_ids_without_names() -> None:
    """Every caller passes names now; without them (an id the map lacks) the id shows."""
    assert robust_sentences(ROBUST)[-1] == "Core (chosen in every sample): subs: kss."
    assert robust_sentences(ROBUST, NAMES)[-1] == (
        "Core (chosen in every sample): Submarines: KSS-III."
    )
    assert stress_sentences(STRESS) == [
        "Losing Germany (DE) hurts most if the programme is re-planned after the loss: it "
        "keeps 50.0% of the recommended programme's value and leaves subs uncovered.",
    ]
    assert stress_sentences(STRESS, NAMES)[0].endswith("leaves Submarines uncovered.")


def test_losses_that_change_nothing_are_named_as_a_reader_says_them() -> None:
    quiet = copy.deepcopy(STRESS)
    quiet["shocks"] += [_shock("Other", "lost", 2.0, 1.0), _shock("FR", "lost", 2.0, 1.0)]
    assert stress_sentences(quiet)[1] == (
        "Losing any of these changes no choice: the Other bloc, France (FR)."
    )


def test_resilient_sentences_say_bought_and_not_replanned_in_shares() -> None:
    """The resilient portfolio is bought now and kept, unlike the re-planned shocks: the
    sentences say so, and give every value as a share of the recommended programme's
    nominal value (2.0), the unit of the shocks' value retained: 0.9 / 2.0 = 45% at worst
    against 0.6 / 2.0 = 30%, 1.8 / 2.0 = 90% with nothing lost."""
    assert resilient_sentences(STRESS["resilient"], NAMES) == [
        "Bought now and not re-planned, the portfolio that best survives losing any one "
        "source (the best worst case) differs from the recommended one: Main battle tanks: "
        "K2 Black Panther → Leopard 2A8.",
        "Whichever one source is lost, it keeps at least 45.0% of the recommended "
        "programme's value, against 30.0% for the recommended portfolio; with nothing lost "
        "it is worth 90.0% of it (1.800 against 2.000).",
        "Bought and not re-planned, the recommended portfolio suffers most if South Korea "
        "(ROK) is lost (it then keeps 30.0% of its value); the resilient one if Germany (DE) "
        "is.",
    ]
    same = {**STRESS["resilient"], "replaced": [], "shocked_value": 0.6, "value": 2.0}
    assert resilient_sentences(same, NAMES) == [
        "Bought now and not re-planned, the recommended portfolio is already the one that "
        "best survives losing any one source (the best worst case): whichever one source is "
        "lost, it keeps at least 30.0% of its value.",
        "Bought and not re-planned, it suffers most if South Korea (ROK) is lost.",
    ]
    mean = {**STRESS["resilient"], "objective": "expected", "shocked_value": 1.5,
            "recommended_shocked_value": 1.2}  # fmt: skip
    said = resilient_sentences(mean, NAMES)
    assert said[0].endswith("(the best average over the losses) differs from the "
                            "recommended one: Main battle tanks: K2 Black Panther → "
                            "Leopard 2A8.")  # fmt: skip
    assert said[1].startswith("Averaged over the loss of each source in turn, it keeps 75.0% "
                              "of the recommended programme's value, against 60.0%")  # fmt: skip
    assert len(said) == 2  # the worst source belongs to the worst-case objective
    assert resilient_sentences({**mean, "status": "infeasible"}) == [
        "No portfolio meets the levers."
    ]


def test_rows_of_the_commands_tables_by_name() -> None:
    header, rows = robust_rows(ROBUST, NAMES)
    assert header == ["capability", "option", "chosen in", "+/-", "status"]
    assert rows[0] == ["Main battle tanks", "Leopard 2A8", "60.0%", "1.6%", "borderline"]
    assert rows[1][:2] == ["Main battle tanks", "K2 Black Panther"]
    assert rows[1][-1] == "borderline, recommended"
    assert rows[3] == ["Submarines", "A26", "0.0%", "0.0%", "exterior"]
    _, shocks = stress_rows(STRESS, NAMES)
    assert shocks[0][-1] == "Main battle tanks: K2 Black Panther → Leopard 2A8"
    assert shocks[1][3:] == ["Submarines", "Submarines: KSS-III → none"]
    assert stress_rows(STRESS)[1][1][3:] == ["subs", "subs: kss → none"]


def test_a_share_above_zero_never_shows_as_zero() -> None:
    """An option chosen in 3 of 20,000 samples is borderline, not 0.0%: the share shows
    as <0.1% (and one chosen in all but 3 as >99.9%), where the status says why."""
    rare = copy.deepcopy(ROBUST)
    rare["capabilities"][0]["selection"] = {"k2": 0.99985, "leo": 0.00015}
    _, rows = robust_rows(rare, NAMES)
    assert rows[0][2:] == [">99.9%", "1.6%", "borderline, recommended"]
    assert rows[1][2:] == ["<0.1%", "1.6%", "borderline"]
    view = robust_view({**DOC, "robust": rare})
    assert view is not None and view.table is not None
    assert view.table.kinds[3] == "share"


def test_the_top_portfolio_is_said_wherever_the_section_is() -> None:
    """The terminal and the command's Markdown say it too, not only the brief."""
    said = top_portfolio_sentence(ROBUST, NAMES)
    assert said == (
        "The portfolio chosen most often (best in 60.0% of the samples) differs from the "
        "recommended one: Main battle tanks: Leopard 2A8 (not K2 Black Panther)."
    )
    md = "\n".join(robust_markdown(ROBUST, names=NAMES))
    assert f"- {said}" in md and "| Main battle tanks | Leopard 2A8 | 60.0% |" in md
    top_is_rec = copy.deepcopy(ROBUST)
    top_is_rec["portfolios"].reverse()
    assert top_portfolio_sentence(top_is_rec) == (
        "The portfolio chosen most often is the recommended one (best in 40.0% of the samples)."
    )
    assert top_portfolio_sentence({**ROBUST, "status": "infeasible", "portfolios": []}) is None


def test_stress_markdown_by_name() -> None:
    md = stress_markdown({**STRESS, "scenario": "Test", "inputs": {}}, NAMES)
    assert "Nominal programme value 2.000 (optimal); each shock re-plans" in md
    assert "| South Korea (ROK) lost | 2 | 75.0% | - | Main battle tanks: K2 Black Panther → " \
        "Leopard 2A8 |" in md  # fmt: skip
    assert "- Bought now and not re-planned, the portfolio that best survives" in md
    assert "tanks.k2" not in md and "kss →" not in md


def test_delivery_rows_by_name() -> None:
    doc = {**DOC, "deliveries": [
        {"capability": "tanks", "option": "k2", "first": "2028-01", "last": "2030-06",
         "per_year": 24.0, "units_by_year": {}, "need_by": "2029-01", "on_time": True}]}  # fmt: skip
    assert delivery_rows(doc) == (
        ["capability", "option", "first unit", "last unit", "per year", "need by", "on time"],
        [["Main battle tanks", "K2 Black Panther", "2028-01", "2030-06", "24", "2029-01",
          "yes"]],
    )  # fmt: skip
    assert delivery_rows(DOC) is None


def test_each_shock_as_a_row_of_the_brief() -> None:
    rows = [stress_cells(s, 2.0, NAMES) for s in STRESS["shocks"]]
    assert rows[0] == ("South Korea (ROK) lost", 2, 0.75, 0.5, "met", "none",
                       "Main battle tanks: K2 Black Panther → Leopard 2A8")  # fmt: skip
    assert rows[1] == ("Germany (DE) lost", 2, 0.5, 1.0, "met", "Submarines",
                       "Submarines: KSS-III → none")  # fmt: skip
    assert rows[2] == ("Germany (DE) 20% dearer", 1, 0.0, 2.0,
                       "not met (infeasible): the budget cannot be met", "none",
                       "no portfolio meets the levers")  # fmt: skip


def test_stress_view_orders_the_losses_worst_first() -> None:
    view = stress_view(STRESS, NAMES)
    assert [(b.source, b.bloc, b.retained, b.uncovered) for b in view.lost] == [
        ("Germany (DE)", "Europe", 0.5, ("Submarines",)),
        ("South Korea (ROK)", "ROK", 0.75, ()),
    ]
    assert view.table.header[3] == "value lost" and len(view.table.rows) == 3
    assert view.base == (
        "Nominal programme value 2.000 (optimal): Main battle tanks: K2 Black Panther; "
        "Submarines: KSS-III."
    )
    assert view.sentences[0] == (
        "Losing Germany (DE) hurts most if the programme is re-planned after the loss: it "
        "keeps 50.0% of the recommended programme's value and leaves Submarines uncovered."
    )
    assert view.resilient_table is not None
    assert view.resilient_table.rows == (("Main battle tanks", "K2 Black Panther", "Leopard 2A8"),)
    assert "Main battle tanks: K2 Black Panther → Leopard 2A8" in view.resilient[0]
    no_delay = copy.deepcopy(STRESS)
    no_delay["settings"]["delivery_criterion"] = None
    assert "no delay shock" in stress_view(no_delay, NAMES).settings


def test_stress_summary_for_the_brief() -> None:
    """0.9 / 2.0 = 45% kept at worst by the resilient portfolio, 0.6 / 2.0 = 30% by the
    recommended one, and 1 - 1.8 / 2.0 = 10% given up when nothing is lost."""
    assert stress_summary(STRESS, NAMES) == [
        "If one supplier source is lost and the programme re-planned, losing Germany (DE) "
        "hurts most: it keeps 50.0% of the recommended programme's value and leaves "
        "Submarines uncovered.",
        "Bought now and not re-planned, the portfolio that best survives losing any one "
        "source takes Leopard 2A8 instead: whichever source is lost it keeps at least 45.0% "
        "of the recommended programme's value, against 30.0% for the recommended one, and it "
        "gives up 10.0% of value when nothing is lost.",
    ]
    stuck = copy.deepcopy(STRESS)  # the worst loss leaves no portfolio within the levers
    stuck["shocks"][1].update(status="infeasible", value=None, value_retained=0.0)
    assert stress_summary(stuck, NAMES)[0].endswith(
        "losing Germany (DE) hurts most: it can no longer meet the caps and budget (infeasible)."
    )
    same = copy.deepcopy(STRESS)
    same["resilient"]["replaced"] = []
    assert "the recommended portfolio is also the one" in stress_summary(same, NAMES)[1]
    assert stress_summary({**STRESS, "shocks": []}, NAMES) == []


def test_with_robust_puts_the_section_after_the_frontier() -> None:
    doc = {"schema": "x", "frontier": None, "summary": []}
    assert list(with_robust(doc, {"samples": 1})) == ["schema", "frontier", "robust", "summary"]


@pytest.mark.parametrize("portfolio", [None, DOC])
def test_brief_names_prefer_the_portfolio_document(portfolio: Any) -> None:
    class Result:
        capabilities = ()

    assert brief_names(Result(), portfolio) == doc_names(portfolio)


# --- the brief: Markdown, HTML and Excel, from a real plan on the mini scenario --------------

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def mini_bundle() -> ReportBundle:
    """The mini scenario's bundle as `diversify report` builds one: the plan with its robust
    portfolio (the scenario's 2,000 samples, seed 3), the supply shocks and the resilient
    alternative (the mini scenario has no `portfolio:` section, so its plan is made here)."""
    from diversify.engine.programme import plan
    from diversify.engine.programme_risk import programme_risk
    from diversify.engine.scoring import score
    from diversify.io.loader import load_scenario
    from diversify.report.programme_text import portfolio_document
    from diversify.report.uncertainty_text import risk_documents

    data = load_scenario(MINI)
    base = plan(data)
    doc, shocks = risk_documents(data, portfolio_document(base), programme_risk(data, base),
                                 data.weights_origin)  # fmt: skip
    return ReportBundle(score(data), portfolio=doc, stress=shocks)


@pytest.fixture(scope="module")
def hostile_bundle(mini_bundle: ReportBundle) -> ReportBundle:
    """The same with markup and a spreadsheet formula as option and capability names."""
    doc = copy.deepcopy(dict(mini_bundle.portfolio or {}))
    for c in doc["candidates"]:
        if c["id"] == "tanks.alpha":
            c["system"] = SCRIPT
        if c["id"] == "submarines.kilo":
            c["system"] = HYPERLINK
    for c in doc["capabilities"]:
        if c["id"] == "tanks":
            c["name"] = f"Tanks {SCRIPT}"
    return replace(mini_bundle, portfolio=doc)


def table_rows(page: str, cls: str) -> list[list[str]]:
    """The body rows of the page's table of class ``cls``, as unescaped cell texts."""
    body = re.search(rf'<table class="{cls}">.*?<tbody>(.*?)</tbody>', page, flags=re.S)
    assert body is not None, cls
    return [[html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body.group(1), flags=re.S)]  # fmt: skip


def test_html_shows_the_figures_of_the_documents(mini_bundle: ReportBundle) -> None:
    """Every core index and every shock's value retained in the page is the document's."""
    from diversify.report.html import render_html

    page = render_html(mini_bundle)
    assert page == render_html(mini_bundle)  # same bytes
    doc, stress = mini_bundle.portfolio, mini_bundle.stress
    assert doc is not None and stress is not None
    robust = doc["robust"]
    names = doc_names(doc)
    want = {
        (names[c["id"]], names[f"{c['id']}.{o}"]): f"{100 * share:.1f}%"
        for c in robust["capabilities"]
        for o, share in c["selection"].items()
    }
    rows = table_rows(page, "robust-table")
    assert {(r[0], r[1]): r[3] for r in rows} == want
    assert len(rows) == len(want) == 4
    shocks = table_rows(page, "stress-table")
    assert [r[2] for r in shocks] == [f"{100 * s['value_retained']:.1f}%" for s in stress["shocks"]]
    lost = next(r for r in shocks if r[0] == "Europe lost")
    assert lost[3] == f"{stress['base']['value'] - 1.038:.3f}"
    assert lost[6] == "Submarines: Lima boat → Kilo boat"
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert nav.index("#portfolio") < nav.index("#robust-portfolio") < nav.index("#stress")
    summary = html.unescape(page[page.index('<section id="summary"') : page.index("</section>")])
    assert "How sure is the programme (2,000 sampled weightings and figures, seed 3)" in summary
    assert "losing Europe hurts most: it keeps 70.0% of the recommended programme's value" in (
        summary
    )
    assert 'id="chart-core-chosen"' in summary
    core = page[page.index('id="chart-core"') : page.index("</svg>", page.index('id="chart-core"'))]
    assert core.count("<rect") >= 4 and 'id="chart-lost"' in page


def test_html_escapes_names_in_the_new_sections(hostile_bundle: ReportBundle) -> None:
    from diversify.report.html import render_html

    page = render_html(hostile_bundle)
    assert "<script" not in page
    for section in ("robust-portfolio", "stress"):
        start = page.index(f'<section id="{section}">')
        part = page[start : page.index("</section>", start)]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in part, section


def test_markdown_report_has_both_sections_by_name(mini_bundle: ReportBundle) -> None:
    from diversify.report.markdown import render_markdown

    md = render_markdown(mini_bundle)
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    pf = heads.index("## Portfolio: one option per capability")
    assert heads[pf + 1] == "## How sure is the portfolio?"
    assert heads[pf + 2] == "## Supply shocks: the programme if a source is lost, late or dearer"
    assert "| Main battle tanks | Alpha tank | ROK |" in md
    assert "| Europe lost | 2 | 70.0% |" in md


def test_markdown_escapes_names_in_the_new_sections(hostile_bundle: ReportBundle) -> None:
    from diversify.report.markdown import render_markdown

    md = render_markdown(hostile_bundle)
    assert "<script" not in md and "&lt;script&gt;" in md


def test_xlsx_sheets_with_native_charts_filters_and_numbers(mini_bundle: ReportBundle) -> None:
    from openpyxl import load_workbook

    from diversify.report.xlsx import render_xlsx

    data = render_xlsx(mini_bundle)
    assert data == render_xlsx(mini_bundle)  # same bytes
    wb = load_workbook(io.BytesIO(data))
    names = wb.sheetnames
    assert names.index("Portfolio") + 1 == names.index("Robust portfolio")
    assert names.index("Robust portfolio") + 1 == names.index("Supply shocks")
    doc = mini_bundle.portfolio
    assert doc is not None
    selection = {c["id"]: c["selection"] for c in doc["robust"]["capabilities"]}
    for title in ("Robust portfolio", "Supply shocks"):
        ws = wb[title]
        assert len(ws._charts) == 1 and len(ws.tables) >= 2, title
        assert ws.page_setup.orientation == "landscape"
    rows = list(wb["Robust portfolio"].iter_rows(values_only=True))
    alpha = next(r for r in rows if r[:2] == ("Main battle tanks", "Alpha tank"))
    assert alpha[3] == selection["tanks"]["alpha"]  # a number, the document's
    assert not any(isinstance(v, str) and v.startswith("tanks.") for r in rows for v in r)
    shocks = list(wb["Supply shocks"].iter_rows(values_only=True))
    europe = next(r for r in shocks if r[0] == "Europe lost")
    assert europe[1:3] == (2, pytest.approx(0.699775280899))
    summary = [r[0] for r in wb["Summary"].iter_rows(values_only=True) if r and r[0]]
    assert any(str(v).startswith("How sure is the programme (2,000") for v in summary)


def test_xlsx_keeps_formulas_in_names_as_text(hostile_bundle: ReportBundle) -> None:
    from openpyxl import load_workbook

    from diversify.report.xlsx import render_xlsx

    wb = load_workbook(io.BytesIO(render_xlsx(hostile_bundle)))
    for title in ("Robust portfolio", "Supply shocks", "Summary"):
        cells = [c for row in wb[title].iter_rows() for c in row]
        assert not any(c.data_type == "f" for c in cells), title
    robust = [c for row in wb["Robust portfolio"].iter_rows() for c in row]
    assert any(c.value == HYPERLINK and c.data_type == "s" for c in robust)
