"""``diversify stress`` and ``diversify portfolio --robust`` as a planner runs them."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli.helpers import MINI, assert_one_line_error, doc_keys, invoke, ok
from tests.report.test_uncertainty_text import table_rows


def test_robust_json_has_a_selection_per_capability_and_is_byte_identical(
    runner: CliRunner,
) -> None:
    args = ("portfolio", "--robust", "--samples", "2000", "--seed", "1", "--format", "json")
    first = ok(runner, *args)
    assert ok(runner, *args) == first
    doc = json.loads(first)
    robust = doc["robust"]
    assert list(doc).index("robust") == list(doc).index("frontier") + 1
    assert robust["samples"] == 2000 and robust["seed"] == 1
    ids = {c["id"] for c in doc["capabilities"]}
    assert {c["id"] for c in robust["capabilities"]} == ids
    for cap in robust["capabilities"]:
        assert sum(cap["selection"].values()) == pytest.approx(1.0)
        assert cap["recommended"] == doc["result"]["chosen"][cap["id"]].split(".", 1)[1]


@pytest.mark.parametrize("fmt", ["table", "md", "csv"])
def test_robust_in_every_portfolio_format(runner: CliRunner, fmt: str) -> None:
    text = ok(runner, "portfolio", str(MINI), "--robust", "--samples", "200", "-f", fmt)
    assert ("How sure is the portfolio?" in text) or (fmt == "csv" and "selection_se" in text)
    if fmt == "md":
        assert text.index("How sure") < text.index("## Inputs")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--samples", "10"), "--samples and --seed go with --robust"),
        (("--robust", "--samples", "0"), "--samples must be a whole number"),
        (("--robust", "--seed", "-1"), "--seed must be a whole number, 0 or more (got -1)"),
        (
            ("--robust", "--samples", "x"),
            "--samples must be a whole number from 1 to 1,000,000 (got x)",
        ),
    ],
)
def test_robust_flags_are_checked(runner: CliRunner, args: tuple[str, ...], fragment: str) -> None:
    assert_one_line_error(invoke(runner, "portfolio", str(MINI), *args), fragment)


def test_stress_json_lists_every_shock_with_what_it_retains(runner: CliRunner) -> None:
    doc = json.loads(ok(runner, "stress", "--format", "json"))
    assert doc["schema"] == "diversify.stress/1"
    assert doc["shocks"]
    for s in doc["shocks"]:
        assert {"source", "value_retained", "uncovered", "replaced", "hit"} <= set(s)
        assert 0.0 <= s["value_retained"] <= 1.0
    us = next(s for s in doc["shocks"] if s["source"] == "US" and s["kind"] == "lost")
    assert any(r["capability"] == "male-uav" for r in us["replaced"])
    assert doc["inputs"] and doc["summary"]
    keys = doc_keys("Supply shocks: `diversify stress --format json`")
    assert list(doc) == [k for k in keys if k != "resilient"]  # resilient: with --resilient


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_stress_readable_formats(runner: CliRunner, fmt: str) -> None:
    text = ok(runner, "stress", str(MINI), "--delay", "6", "--dearer", "0.5", "-f", fmt)
    assert "6 months late" in text and "50% dearer" in text and "value retained" in text


@pytest.mark.parametrize("fmt", ["table", "md"])
def test_stress_says_replanned_or_not_by_name_in_one_unit(runner: CliRunner, fmt: str) -> None:
    """The worst shock (re-planned) and the resilient portfolio (bought and kept) say which
    they are, so they cannot read as contradicting each other; both give shares of the
    recommended programme's value; values have the portfolio's 3 decimals; capabilities
    and options are named, not given by id. The scenario's warnings are on stderr."""
    doc = json.loads(ok(runner, "stress", str(MINI), "--resilient", "worst", "-f", "json"))
    result = invoke(runner, "stress", str(MINI), "--resilient", "worst", "-f", fmt)
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    res = doc["resilient"]
    assert f"ominal programme value {doc['base']['value']:.3f} (optimal)" in text
    assert f"{doc['base']['value']:.4f}" not in text
    worst = min((s for s in doc["shocks"] if s["kind"] == "lost"),
                key=lambda s: s["value_retained"])  # fmt: skip
    assert (
        "hurts most if the programme is re-planned after the loss: it keeps "
        f"{100 * worst['value_retained']:.1f}% of the recommended programme's value"
    ) in text
    assert "Bought now and not re-planned" in text
    share = 100 * res["shocked_value"] / res["recommended_value"]
    assert f"keeps at least {share:.1f}% of" in text
    assert "Submarines: Lima boat → Kilo boat" in text and "submarines:" not in text
    from diversify.io.loader import load_scenario

    said = [ln for ln in result.stderr.splitlines() if ln.startswith("warning: ")]
    assert len(said) == len(load_scenario(MINI).warnings) > 0  # each of the scenario's, once
    assert "warning" not in result.stdout


def test_robust_table_and_markdown_by_name_with_the_top_portfolio(runner: CliRunner) -> None:
    """`portfolio --robust` says which whole portfolio is best most often, as the brief
    does, and names capabilities and options."""
    args = ("portfolio", str(MINI), "--robust", "--samples", "200")
    doc = json.loads(ok(runner, *args, "-f", "json"))
    top = doc["robust"]["portfolios"][0]
    share = f"{100 * top['share']:.1f}%"
    for fmt in ("table", "md"):
        text = " ".join(ok(runner, *args, "-f", fmt).split())
        assert (
            f"The portfolio chosen most often is the recommended one (best in {share} of the "
            "samples)."
        ) in text
        assert "Core (chosen in every sample): Submarines: Lima boat." in text
        assert "Main battle tanks" in text and "Alpha tank" in text and " alpha " not in text


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--delay", "-1"), "--delay must be"),
        (("--dearer", "nan"), "--dearer must be"),
        # Words, not numbers: the command's own message, not Click's "Invalid value".
        (("--delay", "abc"), "--delay must be a number of months from 0 to 600 (got abc)"),
        (("--dearer", "x"), "--dearer must be a share from 0 to 10, e.g. 0.2 for 20% (got x)"),
        (("--budget", "lots"), "--budget must be an amount of money"),
        (("--delivery-criterion", "speed"), "is not a criterion"),
        (("--format", "xml"), "unknown format"),
        (("--cap", "Mars=0.5"), "is not a bloc"),
    ],
)
def test_stress_flags_are_checked(runner: CliRunner, args: tuple[str, ...], fragment: str) -> None:
    assert_one_line_error(invoke(runner, "stress", str(MINI), *args), fragment)


@pytest.mark.parametrize("objective", ["worst", "expected"])
def test_stress_resilient_section(runner: CliRunner, objective: str) -> None:
    doc = json.loads(ok(runner, "stress", "--resilient", objective, "-f", "json"))
    res = doc["resilient"]
    assert list(doc) == doc_keys("Supply shocks: `diversify stress --format json`")
    assert res["objective"] == objective and res["status"] == "optimal"
    assert res["shocked_value"] >= res["recommended_shocked_value"] - 1e-9
    text = ok(runner, "stress", "--resilient", objective)
    assert "best survives losing one source" in text


def test_stress_resilient_objective_is_checked(runner: CliRunner) -> None:
    assert_one_line_error(invoke(runner, "stress", str(MINI), "--resilient", "best"),
                          "--resilient: `best` is not an objective")  # fmt: skip


# --- the decision brief: HTML, Excel and CSV ------------------------------------------------


def test_robust_html_shows_the_core_index_of_the_json(runner: CliRunner) -> None:
    """`portfolio --robust -f html`: the brief's core-index table holds the JSON's shares
    (same samples and seed), under names, and the summary says how sure the programme is."""
    args = (str(MINI), "--robust", "--samples", "500", "--seed", "2")
    doc = json.loads(ok(runner, "portfolio", *args, "-f", "json"))
    page = ok(runner, "portfolio", *args, "-f", "html")
    names = {c["id"]: c["name"] for c in doc["capabilities"]}
    names |= {c["id"]: c["system"] for c in doc["candidates"]}
    want = {(names[c["id"]], names[f"{c['id']}.{o}"]): f"{100 * s:.1f}%"
            for c in doc["robust"]["capabilities"] for o, s in c["selection"].items()}  # fmt: skip
    got = {(r[0], r[1]): r[3] for r in table_rows(page, "robust-table")}
    assert got == want
    summary = page[page.index('id="summary"') : page.index("</section>")]
    assert "How sure is the programme (500 sampled weightings and figures, seed 2)" in summary
    assert 'id="chart-core-chosen"' in summary and 'id="chart-core"' in page
    assert "http://" not in page and "https://" not in page and "<script" not in page


def test_robust_xlsx_has_a_sheet_with_a_chart_and_the_json_numbers(
    runner: CliRunner, tmp_path: Path
) -> None:
    import openpyxl

    args = (str(MINI), "--robust", "--samples", "500", "--seed", "2")
    doc = json.loads(ok(runner, "portfolio", *args, "-f", "json"))
    out = tmp_path / "robust.xlsx"
    assert invoke(runner, "portfolio", *args, "-f", "xlsx", "-o", str(out)).exit_code == 0
    ws = openpyxl.load_workbook(out)["Robust portfolio"]
    assert len(ws._charts) == 1 and ws.tables
    rows = list(ws.iter_rows(values_only=True))
    tanks = {c["id"]: c for c in doc["robust"]["capabilities"]}["tanks"]
    bravo = next(r for r in rows if r[:2] == ("Main battle tanks", "Bravo tank"))
    assert bravo[3] == tanks["selection"]["bravo"] and bravo[4] == tanks["selection_se"]["bravo"]


def test_stress_html_is_the_brief_with_the_shock_table_of_the_json(runner: CliRunner) -> None:
    doc = json.loads(ok(runner, "stress", str(MINI), "--resilient", "worst", "-f", "json"))
    page = ok(runner, "stress", str(MINI), "--resilient", "worst", "-f", "html")
    assert page.startswith("<!DOCTYPE html>")
    assert page.index('id="summary"') < page.index('id="portfolio"') < page.index('id="stress"')
    rows = table_rows(page, "stress-table")
    assert len(rows) == len(doc["shocks"])
    assert [r[2] for r in rows] == [f"{100 * s['value_retained']:.1f}%" for s in doc["shocks"]]
    assert [r[3] for r in rows] == [
        f"{doc['base']['value'] - s['value']:.3f}" for s in doc["shocks"]
    ]
    assert {r[4] for r in rows} == {"met"}
    summary = page[page.index('id="summary"') : page.index("</section>")]
    assert "losing Europe hurts most: it keeps 70.0% of the recommended programme's value" in (
        html.unescape(summary)
    )
    assert 'id="resilient"' in page and 'id="chart-lost"' in page


def test_stress_xlsx_and_csv(runner: CliRunner, tmp_path: Path) -> None:
    import csv
    import io

    import openpyxl

    doc = json.loads(ok(runner, "stress", str(MINI), "-f", "json"))
    out = tmp_path / "stress.xlsx"
    assert invoke(runner, "stress", str(MINI), "-f", "xlsx", "-o", str(out)).exit_code == 0
    ws = openpyxl.load_workbook(out)["Supply shocks"]
    assert len(ws._charts) == 1 and len(ws.tables) == 2
    rows = list(ws.iter_rows(values_only=True))
    europe = next(r for r in rows if r[0] == "Europe lost")
    shock = next(s for s in doc["shocks"] if s["source"] == "Europe" and s["kind"] == "lost")
    assert europe[1:3] == (len(shock["hit"]), shock["value_retained"])
    assert europe[6] == "Submarines: Lima boat → Kilo boat"  # names, not ids
    assert invoke(runner, "stress", str(MINI), "-f", "xlsx").exit_code == 2  # needs -o
    text = ok(runner, "stress", str(MINI), "-f", "csv")
    assert ok(runner, "stress", str(MINI), "-f", "csv") == text  # same bytes
    table = list(csv.DictReader(io.StringIO(text)))
    assert [(r["source"], r["kind"]) for r in table] == [
        (s["source"], s["kind"]) for s in doc["shocks"]
    ]
    assert [float(r["value_retained"]) for r in table] == [
        s["value_retained"] for s in doc["shocks"]
    ]


def test_stress_csv_neutralises_formulas_in_names(runner: CliRunner, tmp_path: Path) -> None:
    from shutil import copytree

    copytree(MINI.parent, tmp_path / "mini")
    subs = tmp_path / "mini" / "suppliers" / "subs.yaml"
    text = subs.read_text(encoding="utf-8").replace("system: Kilo boat", "system: '=1+2'")
    subs.write_text(text.replace("name: Submarines", "name: '@SUM(1+1)'"), encoding="utf-8")
    out = ok(runner, "stress", str(tmp_path / "mini" / "scenario.yaml"), "-f", "csv")
    assert "\"'@SUM(1+1): Lima boat → '=1+2\"" not in out  # one cell, one quote in front
    assert '"\'@SUM(1+1): Lima boat → =1+2"' in out
    assert ',"=' not in out and ',"@' not in out and ',"+' not in out


def test_stress_help_lists_every_format(runner: CliRunner) -> None:
    text = ok(runner, "stress", "--help")
    for fmt in ("json", "md", "csv", "html", "xlsx"):
        assert fmt in text
