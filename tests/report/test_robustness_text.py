"""The robustness section: sentences a minister can read, tables, and every renderer.

Renderers never compute; these tests give them hand-built robustness data in the shape
``RobustnessResult.to_dict()`` produces, for the hand-built scoring result of conftest.py
(tanks: K2 first, Leopard second, Abrams third; submarines all screened out), so every
number a sentence shows is visible below. The engine's numbers are checked in
tests/engine/test_robustness.py.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from copy import deepcopy
from dataclasses import replace
from typing import Any

import pytest

from diversify.engine.results import ScenarioResult
from diversify.report.bundle import ReportBundle
from diversify.report.data import capability_dict, result_dict, robustness_csv_rows
from diversify.report.formats import render, render_robustness_csv
from diversify.report.html import render_html
from diversify.report.markdown import render_markdown, render_robustness_markdown
from diversify.report.robustness_text import (
    NOBODY,
    agreement_sentence,
    capability_text,
    headline,
    rank_reversal_sentence,
    robustness_text,
    share_words,
    switch_points,
    tightest,
    what_it_takes_sentence,
)
from diversify.report.xlsx import build_workbook, render_xlsx

from .conftest import CMD, SCRIPT, WEIGHTS

NAMES = {"k2": "K2 Black Panther", "leo": "Leopard 2A8", "abrams": "M1A2 SEPv3 Abrams"}
CRIT = {
    "cost": "Unit acquisition cost",
    "delivery": "Delivery",
    "interoperability": "NATO interoperability",
    "itb": "Industrial participation (ITB)",
}


def _stability(
    weight: float, lo: float, hi: float, below: str | None, above: str | None, name: str
) -> dict[str, Any]:
    return {
        "name": name,
        "weight": weight,
        "lo": lo,
        "hi": hi,
        "leader_below": below,
        "leader_above": above,
        "exact": True,
        "ranking_interval": [lo, hi],
        "switch_points": [],
    }


def tanks_robustness(names: dict[str, str] = NAMES) -> dict[str, Any]:
    """K2 first in 94% of samples; the delivery weight (20%) is the tightest: below 12%
    Leopard leads (a gap of 8 points, against 20 for cost and 35 for interoperability)."""
    return {
        "id": "tanks",
        "name": "Main battle tanks",
        "method": "mavt",
        "leader": "k2",
        "options": [
            {"option": o, "system": names[o], "supplier": "s", "bloc": "b", "rank": r}
            for r, o in enumerate(("k2", "leo", "abrams"), start=1)
        ],
        "criteria": dict(CRIT),
        "weights": dict(WEIGHTS),
        "stability": {
            "cost": _stability(0.3, 0.1, 1.0, "leo", None, CRIT["cost"]),
            "delivery": _stability(0.2, 0.12, 1.0, "leo", None, CRIT["delivery"]),
            "interoperability": _stability(
                0.25, 0.0, 0.6, None, "abrams", CRIT["interoperability"]
            ),
            "itb": _stability(0.25, 0.0, 1.0, None, None, CRIT["itb"]),
        },
        "leader_acceptability": {
            "option": "k2",
            "acceptability": 0.94,
            "se": 0.0017,
            "samples": 20000,
            "seed": 7,
            "weights": "margin",
            "margin": 0.2,
            "order": None,
            "values": "uniform",
        },
        "what_it_takes": [
            {
                "option": "leo",
                "system": names["leo"],
                "achievable": True,
                "distance": 0.16,
                "moved": 0.08,
                "weights": {"cost": 0.22, "delivery": 0.2, "interoperability": 0.33, "itb": 0.25},
                "changes": {"cost": -0.08, "delivery": 0.0, "interoperability": 0.08, "itb": 0.0},
                "reason": None,
                "dominated_by": [],
            },
            {
                "option": "abrams",
                "system": names["abrams"],
                "achievable": False,
                "distance": None,
                "moved": None,
                "weights": None,
                "changes": None,
                "reason": f"dominated: no weights make {names['abrams']} first; {names['k2']} is "
                "at least as good on every criterion and better on at least one",
                "dominated_by": ["k2"],
            },
        ],
        "smaa": {
            "method": "SMAA-2 (Lahdelma & Salminen 2001)",
            "model": "mavt",
            "samples": 20000,
            "confidence_samples": 20000,
            "seed": 7,
            "values": "uniform",
            "meta_weights": "linear",
            "options": [
                {
                    "option": "abrams",
                    "rank_acceptability": [0.0, 0.25, 0.75],
                    "rank_acceptability_se": [0.0, 0.003, 0.003],
                    "holistic": 0.125,
                    "holistic_se": 0.002,
                    "central_weights": None,
                    "confidence": None,
                    "confidence_se": None,
                },
                {
                    "option": "k2",
                    "rank_acceptability": [0.94, 0.05, 0.01],
                    "rank_acceptability_se": [0.0017, 0.0015, 0.0007],
                    "holistic": 0.965,
                    "holistic_se": 0.001,
                    "central_weights": dict(WEIGHTS),
                    "confidence": 0.97,
                    "confidence_se": 0.0012,
                },
                {
                    "option": "leo",
                    "rank_acceptability": [0.06, 0.7, 0.24],
                    "rank_acceptability_se": [0.0017, 0.003, 0.003],
                    "holistic": 0.41,
                    "holistic_se": 0.002,
                    "central_weights": dict(WEIGHTS),
                    "confidence": 0.3,
                    "confidence_se": 0.003,
                },
            ],
        },
        "agreement": {
            "methods": ["mavt", "topsis", "vikor"],
            "ranks": {
                "mavt": {"k2": 1, "leo": 2, "abrams": 3},
                "topsis": {"k2": 1, "leo": 2, "abrams": 3},
                "vikor": {"k2": 2, "leo": 1, "abrams": 3},
            },
            "leaders": {"mavt": ["k2"], "topsis": ["k2"], "vikor": ["leo"]},
            "kendall_tau": [
                [1.0, 1.0, 0.333333333333],
                [1.0, 1.0, 0.333333333333],
                [0.333333333333, 0.333333333333, 1.0],
            ],
            "skipped": {"wpm": "'wpm' needs every raw figure above zero"},
        },
        "rank_reversal": {
            "status": "pass",
            "method": "mavt",
            "check": "scikit-criteria RankInvariantChecker",
            "repeat": 10,
            "random_state": 7,
            "mutations": 20,
            "preserved": 1.0,
            "displacement": 0.0,
            "lead_changes": [],
            "reason": None,
        },
        "notes": [],
    }


def robustness_data(names: dict[str, str] = NAMES) -> dict[str, Any]:
    subs = {
        "id": "submarines",
        "name": "Submarines",
        "method": "mavt",
        "leader": None,
        "options": [],
        "criteria": dict(CRIT),
        "weights": dict(WEIGHTS),
        "stability": None,
        "leader_acceptability": None,
        "what_it_takes": None,
        "smaa": None,
        "agreement": None,
        "rank_reversal": None,
        "notes": ["every option was screened out: nothing to test"],
    }
    return {
        "schema": "diversify.robustness/1",
        "version": "0.1.0",
        "scenario": "Canada 2026",
        "method": "mavt",
        "weights": dict(WEIGHTS),
        "weights_origin": "profile balanced",
        "settings": {
            "samples": 20000,
            "seed": 7,
            "weights": "margin",
            "margin": 0.2,
            "order": None,
            "values": "uniform",
            "meta_weights": "linear",
            "rank_reversal_repeat": 10,
            "sweep_grid": 51,
            "sweep_tol": 0.0001,
        },
        "inputs": {},
        "capabilities": [tanks_robustness(names), subs],
    }


def quick(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """What `diversify score` adds per capability (the summary keys)."""
    keys = ("weight", "lo", "hi", "leader_below", "leader_above", "exact")
    out = {}
    for cap in data["capabilities"]:
        stab = cap["stability"]
        out[cap["id"]] = {
            "stability": (
                None if stab is None else {c: {k: s[k] for k in keys} for c, s in stab.items()}
            ),
            "leader_acceptability": cap["leader_acceptability"],
        }
    return out


HEADLINE = (
    "K2 Black Panther comes first in 94% of 20,000 sampled weightings; on the stated "
    "figures, its nearest switch point is the delivery weight falling below 12% (now 20%, "
    "the other weights keeping their proportions), when Leopard 2A8 takes over; 2 other "
    "single-weight changes also take the lead from it."
)
"""The tightest interval (delivery, 20% -> 12%) is not the only way to lose the lead: the
cost weight falling below 10% and the interoperability weight rising above 60% also do,
so the sentence must not say "only if"."""


# --- sentences ---------------------------------------------------------------------------


def test_headline_reads_as_the_brief_asks() -> None:
    """From first-rank acceptability (94%), the tightest interval (delivery, 20% -> 12%)
    and the count of the other single-weight switch points (cost below, interoperability
    above)."""
    assert headline(tanks_robustness(), NAMES, CRIT) == HEADLINE
    assert switch_points(tanks_robustness()["stability"]) == 3
    assert "only" not in HEADLINE


def test_headline_counts_the_other_switch_points() -> None:
    """One other switch point is said in the singular; none, as none."""
    cap = tanks_robustness()
    cap["stability"]["cost"].update(lo=0.0, leader_below=None)
    assert (headline(cap, NAMES, CRIT) or "").endswith(
        "takes over; 1 other single-weight change also takes the lead from it."
    )
    cap["stability"]["interoperability"].update(hi=1.0, leader_above=None)
    assert (headline(cap, NAMES, CRIT) or "").endswith(
        "takes over; no other single weight, moved on its own, takes the lead from it."
    )
    # A weight with a leader on both sides counts twice: two ways to lose the lead.
    cap["stability"]["itb"].update(lo=0.1, hi=0.5, leader_below="leo", leader_above="abrams")
    assert switch_points(cap["stability"]) == 3


def test_tightest_interval_and_its_side() -> None:
    cap = tanks_robustness()
    cid, side, entry = tightest(cap["stability"]) or ("", "", {})
    assert (cid, side, entry["lo"]) == ("delivery", "below", 0.12)
    cap["stability"]["interoperability"]["hi"] = 0.27  # now 2 points above 25%
    cid, side, _ = tightest(cap["stability"]) or ("", "", {})
    assert (cid, side) == ("interoperability", "above")
    text = headline(cap, NAMES, CRIT)
    assert text is not None
    assert "NATO interoperability weight rising above 27% (now 25%, the other weights " \
        "keeping their proportions), when M1A2" in text  # fmt: skip


def test_headline_when_no_single_weight_changes_the_leader() -> None:
    cap = tanks_robustness()
    for s in cap["stability"].values():
        s.update(lo=0.0, hi=1.0, leader_below=None, leader_above=None)
    cap["leader_acceptability"]["acceptability"] = 1.0
    assert headline(cap, NAMES, CRIT) == (
        "K2 Black Panther comes first in every one of the 20,000 sampled weightings; no "
        "change to any single weight on its own takes the lead from it."
    )


def test_headline_from_a_sweep_says_about() -> None:
    cap = tanks_robustness()
    cap["stability"]["delivery"]["exact"] = False
    assert "falling below about 12% (now 20%," in (headline(cap, NAMES, CRIT) or "")


def test_headline_without_acceptability() -> None:
    cap = tanks_robustness()
    cap["leader_acceptability"] = None
    text = headline(cap, NAMES, CRIT) or ""
    assert text.startswith("K2 Black Panther leads under the current weights; on the stated")


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.94, "94%"),
        (0.125, "12.5%"),
        (1.0, "100%"),
        (0.9996, "more than 99.5%"),
        (0.0004, "less than 0.5%"),
        (0.0, "0%"),
        (0.2, "20%"),
        (0.503198, "50.3%"),
    ],
)
def test_share_words(share: float, words: str) -> None:
    assert share_words(share) == words


def test_what_it_takes_sentences() -> None:
    leo, abrams = tanks_robustness()["what_it_takes"]
    assert what_it_takes_sentence(leo, CRIT) == (
        "Leopard 2A8 would come first if 8% of the total weight moved (percentage points: "
        "unit acquisition cost -8.0, NATO interoperability +8.0)."
    )
    assert what_it_takes_sentence(abrams, CRIT) == (
        "Dominated: no weights make M1A2 SEPv3 Abrams first; K2 Black Panther is at least "
        "as good on every criterion and better on at least one."
    )


def test_what_it_takes_for_an_option_tied_first() -> None:
    entry = {"option": "leo", "system": "Leopard 2A8", "achievable": True, "distance": 0.0,
             "moved": 0.0, "changes": {"cost": 0.0, "delivery": 0.0}}  # fmt: skip
    assert what_it_takes_sentence(entry, CRIT) == (
        "Leopard 2A8 already shares first place under the current weights."
    )


def test_agreement_sentence() -> None:
    assert agreement_sentence(tanks_robustness(), NAMES) == (
        "2 of 3 ranking methods put K2 Black Panther first; VIKOR puts Leopard 2A8 first. "
        "Not run: WPM ('wpm' needs every raw figure above zero)."
    )


def test_agreement_sentence_says_when_a_method_ties_the_leader_first() -> None:
    """ELECTRE I's kernel can put the leader and a rival both at rank 1: that is "tied
    first", not "first", and the sentence names the rival."""
    cap = tanks_robustness()
    cap["agreement"]["leaders"]["topsis"] = ["k2", "abrams"]
    cap["agreement"]["ranks"]["topsis"] = {"k2": 1, "leo": 3, "abrams": 1}
    assert agreement_sentence(cap, NAMES) == (
        "2 of 3 ranking methods put K2 Black Panther first or tied first (TOPSIS ties it "
        "with M1A2 SEPv3 Abrams); VIKOR puts Leopard 2A8 first. Not run: WPM ('wpm' needs "
        "every raw figure above zero)."
    )


def test_rank_reversal_sentences() -> None:
    cap = tanks_robustness()
    assert rank_reversal_sentence(cap, NAMES) == (
        "Rank-reversal check passed: making any other option slightly worse (20 trials) "
        "never took first place from K2 Black Panther."
    )
    cap["rank_reversal"].update(
        status="fail",
        preserved=0.8,
        lead_changes=[{"worsened": "abrams", "new_leader": "leo", "count": 4}],
    )
    text = rank_reversal_sentence(cap, NAMES) or ""
    assert text.startswith(
        "Rank-reversal check failed: worsening M1A2 SEPv3 Abrams put Leopard 2A8 first "
        "(4 of 20 trials)."
    )
    cap["rank_reversal"].update(status="skipped", reason="the check needs three options")
    assert rank_reversal_sentence(cap, NAMES) == (
        "Rank-reversal check not run: the check needs three options."
    )


def test_close_call_names_who_comes_first_most_often() -> None:
    cap = tanks_robustness()
    k2, leo = cap["smaa"]["options"][1], cap["smaa"]["options"][2]
    k2["rank_acceptability"][0], leo["rank_acceptability"][0] = 0.3, 0.7
    text = capability_text(cap)
    assert (
        "This is a close call: Leopard 2A8 comes first more often (70% of samples) than the "
        "current leader (30%)."
    ) in text.sentences


def test_capability_text_tables_in_ranking_order(result: ScenarioResult) -> None:
    text = capability_text(tanks_robustness(), result.capabilities[0])
    titles = [t.title.split(":")[0].split(" (")[0] for t in text.tables]
    assert titles == [
        "Stability of the lead",
        "Acceptability",
        "Rank acceptability",
        "Rank given to each option by each method",
        "Method agreement",
        "Rank-reversal check",
    ]
    stability, acceptability = text.tables[0], text.tables[1]
    assert stability.rows[1] == ("Delivery", 0.2, 0.12, 1.0, "Leopard 2A8", NOBODY)
    assert [r[0] for r in acceptability.rows] == list(NAMES.values())  # ranking order
    assert acceptability.rows[0][1:] == (0.94, 0.0017, 0.965, 0.97)


# --- the section in each report ------------------------------------------------------------


def test_markdown_full_section(result: ScenarioResult) -> None:
    md = render_markdown(ReportBundle(result, robustness=robustness_data()))
    section = md[md.index("## Robustness: how sure are these rankings?") : md.index("## Inputs")]
    assert f"**{HEADLINE}**" in section
    assert "### Main battle tanks (`tanks`)" in section
    assert "| Delivery | 20.0% | 12.0% | 100.0% | Leopard 2A8 | \u2014 |" in section
    assert "| K2 Black Panther | 94.0% | 0.2% | 96.5% | 97.0% |" in section
    assert "| MAVT | 1.000 | 1.000 | 0.333 |" in section
    assert "| pass | 20 | 100.0% | 0.000 |" in section
    assert "Acceptability samples 20,000 weightings (seed 7): each weight within +/-20%" in md
    assert "> **Note:** every option was screened out: nothing to test" in section
    assert "## Robustness" not in render_markdown(ReportBundle(result))


def test_markdown_quick_section_from_score_keys(result: ScenarioResult) -> None:
    md = render_markdown(ReportBundle(result, per_capability=quick(robustness_data())))
    section = md[md.index("## Robustness") : md.index("## Inputs")]
    assert f"**{HEADLINE}**" in section
    assert "Monte Carlo standard error of that share: 0.2 percentage points." in section
    assert "Stability of the lead" in section and "Kendall" not in section
    subs = section[section.index("### Submarines") :]
    assert "> **Note:** every option was screened out: nothing to test" in subs
    assert "Stability" not in subs


def test_markdown_escapes_hostile_names(hostile_result: ScenarioResult) -> None:
    names = dict(NAMES, abrams=CMD)
    md = render_markdown(ReportBundle(hostile_result, robustness=robustness_data(names)))
    section = md[md.index("## Robustness") :]
    assert CMD not in section and "=cmd\\|' /C calc'!A0" in section


def test_robustness_only_markdown(result: ScenarioResult) -> None:
    md = render_robustness_markdown(ReportBundle(result, robustness=robustness_data()))
    assert md.startswith("# Canada 2026 land and maritime options: robustness\n")
    assert "## Main battle tanks (`tanks`)" in md and "## Inputs" in md
    assert "Robustness: how sure" not in md


def test_html_section_escaped_and_deterministic(hostile_result: ScenarioResult) -> None:
    names = dict(NAMES, k2=SCRIPT)
    bundle = ReportBundle(hostile_result, robustness=robustness_data(names))
    html = render_html(bundle)
    assert html == render_html(bundle)
    section = html[html.index('<section id="robustness">') : html.index('<section id="inputs">')]
    assert '<a href="#robustness">Robustness</a>' in html
    assert (
        SCRIPT not in html and "&lt;script&gt;alert(1)&lt;/script&gt; comes first in 94%" in section
    )
    assert "<caption>Stability of the lead" in section
    assert '<th scope="row">Delivery</th><td class="num">20.0%</td>' in section
    assert 'id="robustness"' not in render_html(ReportBundle(hostile_result))


def test_xlsx_robustness_sheet_numbers_and_safety(hostile_result: ScenarioResult) -> None:
    names = dict(NAMES, abrams=CMD)
    text = robustness_text(hostile_result, robustness_data(names))
    wb = build_workbook(hostile_result, text)
    assert wb.sheetnames[-2:] == ["Robustness", "Inputs"]
    ws = wb["Robustness"]
    cells = {c.value: c for row in ws.iter_rows() for c in row if c.value is not None}
    assert "Robustness: how sure are these rankings?" in cells
    delivery_row = next(r for r in ws.iter_rows() if r[0].value == "Delivery")
    assert [c.value for c in delivery_row[:6]] == [
        "Delivery",
        0.2,
        0.12,
        1.0,
        "Leopard 2A8",
        NOBODY,
    ]
    assert delivery_row[1].number_format == "0.0%"
    assert not any(c.data_type == "f" for c in cells.values())  # no formula at all
    assert cells[CMD].data_type == "s"  # the formula-like name, as given, as text
    assert "Robustness" not in build_workbook(hostile_result).sheetnames
    data = render_xlsx(ReportBundle(hostile_result, robustness=robustness_data(names)))
    assert data == render_xlsx(ReportBundle(hostile_result, robustness=robustness_data(names)))


# --- JSON and CSV ----------------------------------------------------------------------------


def test_json_gains_per_capability_keys_after_the_fixed_ones(result: ScenarioResult) -> None:
    extra = quick(robustness_data())
    plain = json.loads(render("json", ReportBundle(result)))
    more = json.loads(render("json", ReportBundle(result, per_capability=extra)))
    for a, b in zip(plain["capabilities"], more["capabilities"], strict=True):
        assert list(b) == [*a, "stability", "leader_acceptability"]
        assert {k: b[k] for k in a} == a
        assert {k: b[k] for k in ("stability", "leader_acceptability")} == extra[a["id"]]
    assert list(more) == list(plain)
    assert result_dict(result) == result_dict(result, None, {})


def test_extra_capability_keys_never_replace_existing_ones(result: ScenarioResult) -> None:
    with pytest.raises(ValueError, match="already exists"):
        capability_dict(result.capabilities[0], {"ranking": []})


def test_robustness_csv_rows(make_result: Callable[..., ScenarioResult]) -> None:
    data = robustness_data()
    header, rows = robustness_csv_rows(data)
    assert header == ["capability", "section", "subject", "against", "measure", "value", "se"]
    assert ["tanks", "stability", "delivery", "k2", "lo", 0.12, None] in rows
    assert ["tanks", "acceptability", "k2", "rank 1", "rank_acceptability", 0.94, 0.0017] in rows
    assert ["tanks", "what_it_takes", "abrams", "", "achievable", "false", None] in rows
    assert ["tanks", "agreement", "mavt", "vikor", "kendall_tau", 0.333333333333, None] in rows
    assert ["tanks", "rank_reversal", "mavt", "k2", "status", "pass", None] in rows
    assert not any(r[0] == "submarines" for r in rows)
    hostile = deepcopy(data)
    hostile["capabilities"][0]["what_it_takes"][1]["reason"] = CMD
    parsed = list(csv.reader(io.StringIO(render_robustness_csv(hostile))))
    assert ["tanks", "what_it_takes", "abrams", "", "reason", "'" + CMD, ""] in parsed


def test_intro_says_acceptability_is_on_the_value_model(promethee_result: ScenarioResult) -> None:
    text = robustness_text(promethee_result, robustness_data())
    assert text is not None
    assert "whatever the ranking method (PROMETHEE II here)" in text.intro
    mavt = robustness_text(replace(promethee_result, method="mavt"), robustness_data())
    assert mavt is not None and "whatever the ranking method" not in mavt.intro
