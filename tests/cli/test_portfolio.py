"""``diversify portfolio``: one option per capability under caps and a budget.

Run in-process through Typer's ``CliRunner``, on the bundled Canada scenario (structure and
invariants only, since the data owners revise its figures: shares by bloc sum to 1, every
cap holds, the frontier is monotone) and on the mini test scenario, whose portfolios are
worked out by hand in tests/engine/test_programme.py. Also: the JSON keys against
docs/json-contract.md, reproducibility, the 80-column table, and bad input giving exit 2
with a message naming the flag, or the file and line (the golden cases under
tests/data/invalid/scenarios/portfolio_*/).
"""

from __future__ import annotations

import csv
import io
import json
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from diversify.io.loader import load_scenario
from diversify.io.yaml import load_yaml
from tests.cli.helpers import BLOCS, CASES, MINI, assert_one_line_error, doc_keys, invoke, ok


@cache
def portfolio_json(*args: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(ok(CliRunner(), "portfolio", "-f", "json", *args))
    return data


def share_of(result: dict[str, Any], key: str) -> float:
    if key in result["share_by_bloc"]:
        return float(result["share_by_bloc"][key])
    return float(result["share_by_country"].get(key, 0.0))


# --- the bundled scenario -----------------------------------------------------------------


def test_bundled_json_shares_sum_to_one_and_every_cap_holds() -> None:
    data = portfolio_json()
    assert data["schema"] == "diversify.portfolio/1"
    assert data["value_method"] == "mavt"
    caps = data["settings"]["caps"]
    assert caps == {"US": 0.5}, "the bundled scenario caps the US at half of spend"
    res = data["result"]
    assert res["status"] == "optimal"
    assert list(res["share_by_bloc"]) == BLOCS
    assert sum(res["share_by_bloc"].values()) == pytest.approx(1.0, abs=1e-9)
    assert sum(res["share_by_country"].values()) == pytest.approx(1.0, abs=1e-9)
    for key, cap in caps.items():
        assert share_of(res, key) <= cap + 1e-9
    assert len(res["chosen"]) == 9
    ids = {c["id"] for c in data["candidates"]}
    assert set(res["chosen"].values()) <= ids
    spend = sum(c["spend"] for c in data["candidates"] if c["id"] in res["chosen"].values())
    assert res["spend"] == pytest.approx(spend)
    assert res["value"] <= res["unconstrained_value"] + 1e-12


def test_bundled_frontier_for_the_us_is_monotone() -> None:
    data = portfolio_json("--frontier", "US")
    front = data["frontier"]
    assert front["key"] == "US" and front["kind"] == "bloc"
    points = front["points"]
    assert len(points) == front["steps"] == 21  # the scenario's frontier_steps
    caps = [p["cap"] for p in points]
    values = [p["value"] for p in points]
    assert all(b <= a for a, b in pairwise(caps))
    assert all(b <= a + 1e-12 for a, b in pairwise(values))
    assert all(p["share"] <= p["cap"] + 1e-6 for p in points)
    assert points[0]["value_lost"] == 0.0
    assert all(p["value_lost"] == pytest.approx(points[0]["value"] - p["value"]) for p in points)
    # The curve starts at the US share of the best portfolio with the US uncapped.
    free = portfolio_json("--cap", "US=1")["result"]
    assert points[0]["share"] == pytest.approx(free["share_by_bloc"]["US"])
    assert any(s.startswith("Price of diversification away from the US") for s in data["summary"])


def test_a_tight_us_cap_holds_and_costs_value() -> None:
    data = portfolio_json("--cap", "US=0.02")
    res = data["result"]
    assert data["settings"]["caps"] == {"US": 0.02}
    assert data["settings"]["overridden"] == ["caps"]
    assert res["share_by_bloc"]["US"] <= 0.02 + 1e-9
    assert res["value"] <= res["unconstrained_value"]
    if res["value_lost"] > 0:
        assert "US cap" in res["binding"]
        assert any(s.startswith("Capping the US at 2.0% costs") for s in data["summary"])


def test_caps_can_be_repeated_or_comma_separated_and_in_percent() -> None:
    a = portfolio_json("--cap", "US=0.4", "--cap", "ROK=80%")
    b = portfolio_json("--cap", "US=40%,ROK=0.8")
    assert a["settings"]["caps"] == b["settings"]["caps"] == {"US": 0.4, "ROK": 0.8}
    assert a["result"] == b["result"]


def test_json_is_reproducible(runner: CliRunner) -> None:
    args = ("portfolio", "-f", "json", "--frontier", "ROK", "--steps", "5")
    assert ok(runner, *args) == ok(runner, *args)


def test_table_fits_80_columns_and_shows_the_parts(runner: CliRunner) -> None:
    result = invoke(runner, "portfolio", "--frontier", "US", "--steps", "6")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert all(len(line) <= 80 for line in text.splitlines()), max(text.splitlines(), key=len)
    for part in ("Chosen option per capability", "Spend by bloc", "Herfindahl-Hirschman",
                 "Constraints at the chosen portfolio", "Value lost", "Price of diversification",
                 "MAVT whatever ranking method", "Summary"):  # fmt: skip
        assert part in text, part
    assert not any(line != line.rstrip() for line in text.splitlines())
    # The scenario's warnings, which the table never showed, are on stderr (as for score).
    data = load_scenario(None)
    assert "warning" not in text
    assert sum(ln.startswith("warning: ") for ln in result.stderr.splitlines()) == len(
        data.warnings
    )


def test_table_names_what_it_shows_and_flags_an_envelope_exceeded(runner: CliRunner) -> None:
    """Capabilities and options by name (ids are the JSON's); a choice whose spend exceeds
    its capability's budget envelope is flagged, with the brief's numbers."""
    text = " ".join(ok(runner, "portfolio", "--frontier", "US", "--steps", "6").split())
    doc = portfolio_json("--frontier", "US", "--steps", "6")
    chosen = doc["result"]["chosen"]
    tokens = set(text.replace(";", " ").split())
    for cap in doc["capabilities"]:
        assert cap["name"].split()[0] in tokens
    ids = {c["id"].split(".", 1)[1] for c in doc["candidates"]} | {"spg", "gbad", "male-uav"}
    assert not ids & tokens and "→" in text and not any("→" in t for t in tokens if t != "→")
    envelopes = {c.id: c.budget for c in load_scenario(None).capabilities}
    over = [c for c in doc["candidates"] if c["id"] in chosen.values()
            and envelopes[c["capability"]] is not None
            and c["spend"] > envelopes[c["capability"]]]  # fmt: skip
    assert over, "the bundled plan has a choice over its envelope (counter-UAS)"
    names = {k["id"]: k["name"] for k in doc["capabilities"]}
    for c in over:
        envelope = envelopes[c["capability"]]
        assert (
            f"over the budget envelope: {names[c['capability']]}: {c['system']} spends "
            f"{c['spend']:,.1f} CAD m, "
            f"{100 * (c['spend'] / envelope - 1):.1f}% over the {envelope:,.1f} CAD m envelope."
        ) in text
    within = [c for c in doc["candidates"] if c["id"] in chosen.values() and c not in over]
    assert all(f"{c['system']} spends" not in text for c in within)


def test_markdown_and_csv(runner: CliRunner) -> None:
    md = ok(runner, "portfolio", "-f", "md", "--frontier", "US", "--steps", "3")
    assert md.startswith("# Canada 2026")
    assert "| bloc | spend CAD m | share |" in md and "█" in md
    assert "Price of diversification" in md
    rows = list(csv.reader(io.StringIO(ok(runner, "portfolio", "-f", "csv"))))
    assert rows[0] == ["section", "subject", "against", "measure", "value"]
    shares = [float(r[4]) for r in rows[1:] if r[0] == "bloc" and r[3] == "share"]
    assert len(shares) == 5 and sum(shares) == pytest.approx(1.0)


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = invoke(runner, "portfolio", "-f", "json", "-o", str(out))
    assert result.exit_code == 0 and f"wrote {out}" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "diversify.portfolio/1"


def test_help_lists_the_command(runner: CliRunner) -> None:
    assert "portfolio" in ok(runner, "--help")
    text = ok(runner, "portfolio", "--help")
    for flag in ("--cap", "--budget", "--frontier", "--steps", "--profile", "--weights"):
        assert flag in text


# --- the mini scenario: hand-checked (tests/engine/test_programme.py) ---------------------


def test_mini_europe_cap(runner: CliRunner) -> None:
    data = json.loads(ok(runner, "portfolio", str(MINI), "-f", "json", "--cap", "Europe=0.5"))
    assert data["result"]["chosen"] == {"submarines": "submarines.kilo", "tanks": "tanks.alpha"}
    assert data["result"]["value"] == pytest.approx(1.038)


def test_an_infeasible_portfolio_is_an_answer_with_exit_0(runner: CliRunner) -> None:
    text = ok(runner, "portfolio", str(MINI), "--cap", "ROK=0.5,Europe=0.4")
    assert "infeasible" in text
    assert "No portfolio meets every constraint." in text
    assert "raise the Europe cap to at least 97.2%" in text
    assert "Why no portfolio exists" in text
    data = json.loads(ok(runner, "portfolio", str(MINI), "-f", "json", "--budget", "4900"))
    assert data["result"]["status"] == "infeasible"
    assert data["result"]["explanation"]["conflicts"][0]["suggestion"] == pytest.approx(4940.0)


def test_profile_sets_the_weights(runner: CliRunner) -> None:
    data = json.loads(ok(runner, "portfolio", str(MINI), "-f", "json", "-p", "speed-first"))
    assert data["weights_origin"] == "profile speed-first"
    assert data["result"]["chosen"]["submarines"] == "submarines.kilo"


# --- bad flags: exit 2, the flag named --------------------------------------------------


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--cap", "US=1.5"], ["--cap", "between 0 and 1"]),
        (["--cap", "US=-0.1"], ["--cap", "between 0 and 1"]),
        (["--cap", "US=150%"], ["--cap", "between 0 and 1"]),
        (["--cap", "Asia=0.3"], ["--cap", "`Asia` is not a bloc or a country code"]),
        (["--cap", "XX=0.3"], ["--cap", "`XX` is not a bloc"]),
        (["--cap", "europe=0.3"], ["--cap", "did you mean `Europe`?"]),
        (["--cap", "kr=0.3"], ["--cap", "country codes are upper case: `KR`"]),
        (["--cap", "US"], ["--cap", "should look like BLOC=SHARE"]),
        (["--cap", "US=half"], ["--cap", "`half` for US is not a number"]),
        (["--cap", "US=0.5,US=0.4"], ["--cap", "US is given twice"]),
        (["--budget", "-5"], ["--budget", "from 0 to 1,000,000,000"]),
        (["--budget", "1e308"], ["--budget", "from 0 to 1,000,000,000"]),
        (["--budget", "nan"], ["--budget"]),
        (["--budget", "lots"], ["--budget must be an amount of money", "(got lots)"]),
        (["--steps", "2.5"], ["--steps must be a whole number from 2 to 1001 (got 2.5)"]),
        (["--frontier", "Asia"], ["--frontier", "is not a bloc"]),
        (["--steps", "1"], ["--steps", "2 to 1001"]),
        (["--format", "pdf"], ["--format", "unknown format `pdf`"]),
        (["--profile", "nope"], ["--profile", "no profile `nope`"]),
        (["--weights", "cost=x"], ["--weights"]),
    ],
)
def test_bad_flags_exit_2_naming_the_flag(
    runner: CliRunner, args: list[str], fragments: list[str]
) -> None:
    assert_one_line_error(invoke(runner, "portfolio", str(MINI), *args), *fragments)


# --- bad scenario files: exit 2 with file:line --------------------------------------------


PORTFOLIO_CASES = sorted(p for p in CASES.iterdir() if p.name.startswith("portfolio_"))


def test_the_portfolio_golden_cases_exist() -> None:
    names = {p.name for p in PORTFOLIO_CASES}
    assert names >= {
        "portfolio_caps_range", "portfolio_unknown_bloc", "portfolio_unknown_country",
        "portfolio_forced_both", "portfolio_content_shares", "portfolio_negative_budget",
    }  # fmt: skip


@pytest.mark.parametrize("case", PORTFOLIO_CASES, ids=lambda p: p.name)
def test_a_bad_portfolio_section_exits_2_with_file_and_line(
    runner: CliRunner, case: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(case)
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke(runner, "portfolio", "scenario.yaml", "--allow-outside")  # borrows mini
    assert result.exit_code == 2, result.output
    assert result.stdout == "" and "Traceback" not in result.output
    for want in load_yaml(case / "expected.yaml").data["problems"]:
        assert f"{want['file']}:{want['line']}" in result.stderr, result.stderr
        assert want["path"] in result.stderr, result.stderr


def test_forcing_in_a_screened_out_option_exits_2_at_its_line(
    runner: CliRunner, mini_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Screening happens after loading, so the plan finds this; it still names file:line."""
    text = mini_copy.read_text(encoding="utf-8")
    mini_copy.write_text(text + "portfolio:\n  force_in:\n    - tanks.charlie\n", "utf-8")
    line = len(text.splitlines()) + 3
    monkeypatch.chdir(mini_copy.parent)
    monkeypatch.setenv("COLUMNS", "200")
    result = invoke(runner, "portfolio", "scenario.yaml", "--allow-outside")  # borrows mini
    assert result.exit_code == 2, result.output
    assert f"scenario.yaml:{line}" in result.stderr, result.stderr
    assert "portfolio.force_in[0]" in result.stderr
    assert "72 months is above the maximum of 60" in result.stderr


def test_report_adds_the_portfolio_to_every_format(
    runner: CliRunner, mini_copy: Path, tmp_path: Path
) -> None:
    """`diversify report` (what `make run` writes) with a `portfolio:` section: the plan,
    its robust portfolio and its supply shocks in md, html and xlsx; the JSON is the
    score's followed by the `portfolio` and `stress` sections, and the CSV gains two files,
    each what the command that makes it prints, all in the manifest."""
    text = mini_copy.read_text(encoding="utf-8")
    mini_copy.write_text(text + "portfolio:\n  caps: {Europe: 0.5}\n", "utf-8")
    out = tmp_path / "out"
    result = invoke(runner, "report", str(mini_copy), "--out", str(out), "-f", "md", "-f",
                    "html", "-f", "json", "-f", "xlsx", "-f", "csv")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    md = (out / "mini-test-scenario.md").read_text(encoding="utf-8")
    assert "## Portfolio: one option per capability" in md
    assert "Europe cap" in md and "Price of diversification" in md
    html = (out / "mini-test-scenario.html").read_text(encoding="utf-8")
    assert 'id="portfolio"' in html and "Share of programme spend by supplier bloc" in html
    score = ok(runner, "score", str(mini_copy), "-f", "json")
    report = (out / "mini-test-scenario.json").read_text(encoding="utf-8")
    assert report.startswith(score[: score.rindex("]") + 1] + ',\n  "portfolio": {')
    doc = json.loads(report)
    assert list(doc)[-2:] == ["portfolio", "stress"]
    plan = json.loads(ok(runner, "portfolio", str(mini_copy), "--robust", "--frontier",
                         "Europe", "-f", "json"))  # fmt: skip
    stress = json.loads(ok(runner, "stress", str(mini_copy), "--resilient", "worst", "-f",
                           "json"))  # fmt: skip
    assert doc["portfolio"] == plan and doc["stress"] == stress
    assert {k: v for k, v in doc.items() if k not in ("portfolio", "stress")} == json.loads(score)
    for name, args in (("portfolio", ["portfolio", "--robust", "--frontier", "Europe"]),
                       ("stress", ["stress", "--resilient", "worst"])):  # fmt: skip
        csv_file = out / f"mini-test-scenario.{name}.csv"
        assert csv_file.read_text(encoding="utf-8") == ok(runner, *args, str(mini_copy), "-f",
                                                           "csv")  # fmt: skip
    manifest = json.loads((out / "mini-test-scenario.manifest.json").read_text("utf-8"))
    assert {"mini-test-scenario.portfolio.csv", "mini-test-scenario.stress.csv"} <= set(
        manifest["files"]
    )
    from openpyxl import load_workbook

    sheets = load_workbook(out / "mini-test-scenario.xlsx").sheetnames
    assert {"Portfolio", "Robust portfolio", "Supply shocks"} <= set(sheets)
    # how sure the programme is, and its worst supply shock (issue 13), in the summary,
    # each the figure `portfolio --robust` (the scenario's samples and seed) and `stress` print
    from diversify.report.robustness_text import share_words

    robust = json.loads(ok(runner, "portfolio", str(mini_copy), "--robust", "-f", "json"))
    shocks = json.loads(ok(runner, "stress", str(mini_copy), "-f", "json"))
    assert robust["robust"]["samples"] == 2000 and robust["robust"]["seed"] == 3
    whole = next(p["share"] for p in robust["robust"]["portfolios"] if p["recommended"])
    worst = min((s for s in shocks["shocks"] if s["kind"] == "lost"),
                key=lambda s: (s["value_retained"], s["source"]))  # fmt: skip
    summary = md[md.index("## Summary") : md.index("## ", md.index("## Summary") + 3)]
    assert (
        "How sure is the programme (2,000 sampled weightings and figures, seed 3): the "
        f"recommended portfolio as a whole is best in {share_words(whole)} of them"
    ) in summary
    # the Europe cap leaves nothing if South Korea is lost: no portfolio meets it
    assert (worst["source"], worst["status"]) == ("ROK", "infeasible")
    assert "losing South Korea (ROK) hurts most: it can no longer meet the caps and budget" in (
        summary
    )
    assert "## How sure is the portfolio?" in md and "## Supply shocks" in md
    assert 'id="robust-portfolio"' in html and 'id="stress"' in html


# --- the JSON contract ----------------------------------------------------------------


def test_every_key_is_documented_in_order() -> None:
    full = portfolio_json("--frontier", "US", "--steps", "3", "--robust", "--samples", "50")
    infeasible = json.loads(ok(CliRunner(), "portfolio", str(MINI), "-f", "json", "--cap",
                               "ROK=0.5,Europe=0.4"))  # fmt: skip
    assert list(full) == doc_keys("The portfolio: `diversify portfolio --format json`")
    assert list(full["settings"]) == doc_keys("Portfolio settings")
    assert list(full["robust"]) == doc_keys("Robust portfolio")
    for cap in full["capabilities"]:
        assert list(cap) == doc_keys("Portfolio capability")
    for cand in full["candidates"]:
        assert list(cand) == doc_keys("Portfolio candidate")
    for doc in (full, infeasible):
        assert list(doc["result"]) == doc_keys("Portfolio result")
    assert list(full["frontier"]) == doc_keys("Frontier")
    mini = json.loads(ok(CliRunner(), "portfolio", str(MINI), "-f", "json"))
    for excluded in mini["excluded"]:
        assert list(excluded) == doc_keys("Excluded option")
    assert mini["excluded"], "the mini scenario screens charlie out"


def test_the_bundled_scenario_documents_its_levers() -> None:
    """Each lever in the bundled portfolio section carries a comment saying why."""
    from diversify.io.loader import bundled_scenario

    text = bundled_scenario().read_text(encoding="utf-8")
    section = text[text.index("\nportfolio:") :]
    assert "three-quarters of our defence capital spending to America" in text
    assert "SOURCES §0" in text
    assert "No `budget:` ceiling" in section
    for key in ("caps:", "importance:", "frontier_steps:"):
        assert key in section


def test_html_and_xlsx_are_the_brief_with_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    """The plan in the decision brief: the summary names the price of diversification."""
    page = ok(runner, "portfolio", "-f", "html", "--frontier", "US", "--steps", "3")
    assert page.startswith("<!DOCTYPE html>")
    assert page.index('id="summary"') < page.index('id="portfolio"')
    summary = page[
        page.index('id="summary"') : page.index("</section>", page.index('id="summary"'))
    ]
    assert "Price of diversification away from the US" in summary
    assert 'id="chart-frontier"' in page and 'id="chart-spend"' in page
    out = tmp_path / "plan.xlsx"
    result = invoke(runner, "portfolio", "-f", "xlsx", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    import openpyxl

    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[0] == "Summary" and "Portfolio" in wb.sheetnames
    assert invoke(runner, "portfolio", "-f", "xlsx").exit_code == 2  # binary: needs -o


def test_report_json_and_csv_skip_what_only_the_readable_reports_show(
    runner: CliRunner, mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report -f json` / `-f csv` never run the full robustness analysis (only the brief
    shows it): without a `portfolio:` section the JSON is `score -f json` byte for byte and
    the CSV set is the one file; with one, two runs give the same bytes."""
    from diversify.cli import robustness

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the full robustness analysis was run for json/csv")

    monkeypatch.setattr(robustness, "report_bundle", refuse)
    out = tmp_path / "plain"
    ok(runner, "report", str(mini_copy), "--out", str(out), "-f", "json", "-f", "csv")
    score = ok(runner, "score", str(mini_copy), "-f", "json")
    assert (out / "mini-test-scenario.json").read_text(encoding="utf-8") == score
    assert sorted(p.name for p in out.iterdir()) == [
        "mini-test-scenario.csv",
        "mini-test-scenario.json",
        "mini-test-scenario.manifest.json",
    ]
    text = mini_copy.read_text(encoding="utf-8")
    mini_copy.write_text(text + "portfolio:\n  caps: {Europe: 0.5}\n", "utf-8")
    runs = []
    for name in ("one", "two"):
        ok(runner, "report", str(mini_copy), "--out", str(tmp_path / name), "-f", "json",
           "-f", "csv")  # fmt: skip
        runs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert runs[0] == runs[1] and len(runs[0]) == 5
