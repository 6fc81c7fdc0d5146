"""The ``diversify`` command line: score, validate, report, init and --version.

Most tests drive the Typer app in-process with ``typer.testing.CliRunner``; the claims that
only a real process can prove (two runs give byte-identical files, ``python -m diversify``
works, a user error prints no traceback) run real subprocesses, started together in one
module fixture so that the slow scikit-criteria import is paid in parallel.

Scores are checked by hand on the mini test scenario (tests/data/valid/mini, derivation
in tests/engine/test_scoring.py); on the bundled Canada scenario, whose figures the data
owners keep revising, the tests check structure and invariants (all nine capabilities,
ranks in order, contributions summing to the score, hashes matching the files).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import re
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import diversify
from diversify.io.loader import bundled_files, bundled_root, load_scenario
from tests.cli.helpers import (
    BLOCS,
    BUNDLED_CAPABILITIES,
    MINI,
    MODULE,
    TIMEOUT,
    assert_one_line_error,
    invoke,
    ok,
    start,
)

CRITERIA = [
    "cost", "lifecycle_cost", "delivery", "interoperability", "itb", "tech_transfer",
    "export_control", "supply_chain", "schedule_record",
]  # fmt: skip
OPTION_KEYS = [
    "option", "system", "supplier", "country", "bloc", "rank", "score",
    "values", "contributions", "extras",
]  # fmt: skip
METHODS = ["mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2"]


# --- helpers ---------------------------------------------------------------------------


def score_json(runner: CliRunner, *args: str) -> dict[str, Any]:
    result = invoke(runner, "score", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _console_script() -> list[str]:
    script = Path(sys.executable).with_name("diversify")
    return [str(script)] if script.exists() else list(MODULE)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Real processes, started together: two JSON runs, two CSV runs, a bad --weights.

    Each pair runs in the same working directory (input paths in the JSON are shown
    relative to it) with different hash seeds; one JSON run goes through
    ``python -m diversify``, the other through the installed console script.
    """
    cwd = tmp_path_factory.mktemp("runs")
    commands = {
        "json_a": (MODULE, ("score", "--format", "json"), "1"),
        "json_b": (_console_script(), ("score", "--format", "json"), "2"),
        "csv_a": (MODULE, ("score", "--format", "csv"), "3"),
        "csv_b": (MODULE, ("score", "--format", "csv"), "4"),
        "bad_weights": (MODULE, ("score", "--weights", "cost=abc"), "5"),
    }
    procs = {
        name: start(*args, cwd=cwd, command=cmd, hash_seed=seed)
        for name, (cmd, args, seed) in commands.items()
    }
    out: dict[str, Any] = {"cwd": cwd}
    try:
        for name, proc in procs.items():
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
            out[name] = (proc.returncode, stdout, stderr.decode())
        yield out
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()


@pytest.fixture(scope="module")
def bundled(runner: CliRunner) -> dict[str, Any]:
    """``diversify score --format json`` on the bundled scenario, in-process."""
    return score_json(runner)


# --- score --format json on the bundled scenario ---------------------------------------


def bundled_order() -> list[str]:
    """Capability ids in the order the bundled scenario lists its supplier files."""
    return [c.id for c in load_scenario(None).capabilities]


def test_json_lists_all_capabilities_with_rankings(bundled: dict[str, Any]) -> None:
    data = load_scenario(None)
    assert [c["id"] for c in bundled["capabilities"]] == bundled_order()
    assert set(bundled_order()) == BUNDLED_CAPABILITIES
    expected_names = {c.id: c.name for c in data.capabilities}
    for cap in bundled["capabilities"]:
        assert list(cap)[:2] == ["id", "name"]
        assert cap["name"] == expected_names[cap["id"]]
        assert cap["ranking"], f"{cap['id']} has no ranking"
        # every option of the supplier file is either ranked or screened out, once
        listed = [o["option"] for o in cap["ranking"]] + [s["option"] for s in cap["screened_out"]]
        source = next(c for c in data.capabilities if c.id == cap["id"])
        assert sorted(listed) == sorted(o.id for o in source.options)
    total = sum(len(c["ranking"]) for c in bundled["capabilities"])
    assert total >= 20


def test_json_top_level_keys(bundled: dict[str, Any]) -> None:
    assert bundled["schema"] == "diversify.score/1"
    assert bundled["version"] == diversify.__version__
    assert bundled["method"] == "mavt"
    assert set(bundled["weights"]) == set(CRITERIA)
    assert math.isclose(sum(bundled["weights"].values()), 1.0, abs_tol=1e-9)
    assert all(w >= 0 for w in bundled["weights"].values())
    assert bundled["weights_origin"] == "profile balanced"


def test_json_inputs_are_real_sha256_of_every_file(bundled: dict[str, Any]) -> None:
    """Every input file, keyed relative to the scenario's folder, with its bytes' SHA-256."""
    inputs = bundled["inputs"]
    folder = bundled_root()
    expected = sorted(p.relative_to(folder).as_posix() for p in bundled_files())
    assert list(inputs) == expected  # sorted, forward slashes, no other file
    assert "scenario.yaml" in inputs and "criteria/default.yaml" in inputs
    for path, digest in inputs.items():
        assert digest == hashlib.sha256((folder / path).read_bytes()).hexdigest(), path


def test_json_rankings_have_the_documented_keys_and_hold_together(
    bundled: dict[str, Any],
) -> None:
    for cap in bundled["capabilities"]:
        ranks = [o["rank"] for o in cap["ranking"]]
        assert ranks[0] == 1 and ranks == sorted(ranks)
        scores = [o["score"] for o in cap["ranking"]]
        assert scores == sorted(scores, reverse=True)  # mavt: higher is better
        assert math.isclose(sum(cap["weights"].values()), 1.0, abs_tol=1e-9)
        for opt in cap["ranking"]:
            assert [k for k in opt if k in OPTION_KEYS] == OPTION_KEYS
            assert opt["bloc"] in BLOCS
            assert len(opt["country"]) == 2 and opt["country"].isupper()
            assert set(opt["values"]) == set(cap["weights"])
            assert all(0.0 <= v <= 1.0 for v in opt["values"].values())
            # MAVT is additive: weight x value per criterion, summing to the score
            for c, contribution in opt["contributions"].items():
                assert math.isclose(
                    contribution, cap["weights"][c] * opt["values"][c], abs_tol=1e-9
                )
            assert math.isclose(sum(opt["contributions"].values()), opt["score"], abs_tol=1e-9)
            assert opt["extras"] == {}
            assert opt["unit_cost"] > 0
        for out in cap["screened_out"]:
            assert next(iter(out)) == "option" and out["reason"]


def test_capability_criteria_change_that_capabilitys_weights(bundled: dict[str, Any]) -> None:
    """Submarines add their own criteria's points beside the profile's, then normalise."""
    subs = next(c for c in bundled["capabilities"] if c["id"] == "submarines")
    tanks = next(c for c in bundled["capabilities"] if c["id"] == "tanks")
    assert set(subs["weights"]) > set(CRITERIA)
    assert tanks["weights"] == bundled["weights"]


def test_mini_scenario_scores_and_screening_by_hand(runner: CliRunner, mini_scenario: Path) -> None:
    """alpha 0.79, bravo 0.42 (tests/engine/test_scoring.py); charlie fails 72 > 60 months."""
    data = score_json(runner, str(mini_scenario), "--capability", "tanks")
    (tanks,) = data["capabilities"]
    assert [(o["option"], o["rank"]) for o in tanks["ranking"]] == [("alpha", 1), ("bravo", 2)]
    assert [o["score"] for o in tanks["ranking"]] == pytest.approx([0.79, 0.42])
    assert tanks["ranking"][0]["unit_cost"] == pytest.approx(14.0)  # 10 USD x 1.4
    assert tanks["ranking"][0]["contributions"] == pytest.approx(
        {"cost": 0.4, "delivery": 0.24, "interoperability": 0.15}
    )
    (charlie,) = tanks["screened_out"]
    assert charlie["option"] == "charlie"
    assert charlie["criterion"] == "delivery"
    assert charlie["reason"] == "Time to first delivery 72 months is above the maximum of 60"


# --- byte-identical, python -m, real processes ----------------------------------------


def test_two_processes_give_byte_identical_json(runs: dict[str, Any]) -> None:
    code_a, json_a, err_a = runs["json_a"]
    code_b, json_b, err_b = runs["json_b"]
    assert (code_a, code_b) == (0, 0), (err_a, err_b)
    assert json_a == json_b
    data = json.loads(json_a)
    assert [c["id"] for c in data["capabilities"]] == bundled_order()


def test_two_processes_give_byte_identical_csv(runs: dict[str, Any]) -> None:
    code_a, csv_a, err_a = runs["csv_a"]
    code_b, csv_b, err_b = runs["csv_b"]
    assert (code_a, code_b) == (0, 0), (err_a, err_b)
    assert csv_a == csv_b
    rows = list(csv.DictReader(io.StringIO(csv_a.decode())))
    assert {r["capability"] for r in rows} == set(BUNDLED_CAPABILITIES)
    assert all(r["status"] in ("ranked", "screened_out") for r in rows)


def test_python_m_diversify_matches_the_in_process_json(
    runs: dict[str, Any], runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m diversify`` runs the same app: the same bytes as in-process."""
    monkeypatch.chdir(runs["cwd"])
    result = invoke(runner, "score", "--format", "json")
    assert result.stdout.encode() == runs["json_a"][1]


def test_a_bad_weight_in_a_real_process_prints_one_line_and_no_traceback(
    runs: dict[str, Any],
) -> None:
    code, stdout, stderr = runs["bad_weights"]
    assert code == 2
    assert stdout == b""
    assert "Traceback" not in stderr
    assert stderr.strip().count("\n") == 0
    assert "`abc` for `cost` is not a number" in stderr


# --- options: profile, weights, method, capability, output -----------------------------


def test_profile_uses_that_profiles_weights(runner: CliRunner) -> None:
    profile = load_scenario(None).profiles["speed-first"]
    total = sum(profile.values())
    data = score_json(runner, "--profile", "speed-first")
    assert data["weights_origin"] == "profile speed-first"
    assert data["weights"] == pytest.approx({c: profile.get(c, 0) / total for c in CRITERIA})
    assert data["weights"]["delivery"] > 0.2  # speed-first really weighs delivery up


def test_weights_override_is_normalised_and_others_get_zero(runner: CliRunner) -> None:
    data = score_json(runner, "--weights", "cost=30,delivery=70")
    assert data["weights"] == pytest.approx(
        {"cost": 0.3, "lifecycle_cost": 0, "delivery": 0.7, "interoperability": 0, "itb": 0,
         "tech_transfer": 0, "export_control": 0, "supply_chain": 0, "schedule_record": 0}
    )  # fmt: skip
    assert data["weights_points"] == {"cost": 30.0, "delivery": 70.0}
    assert data["weights_origin"] == "weights (override)"
    tanks = next(c for c in data["capabilities"] if c["id"] == "tanks")
    assert tanks["weights"] == data["weights"]
    for opt in tanks["ranking"]:
        expected = 0.3 * opt["values"]["cost"] + 0.7 * opt["values"]["delivery"]
        assert opt["score"] == pytest.approx(expected)


def test_weights_override_changes_the_mini_ranking(runner: CliRunner, mini_scenario: Path) -> None:
    """Cost only: bravo (15 CAD) is worth 0 against alpha (14 CAD), so alpha scores 1."""
    data = score_json(runner, str(mini_scenario), "-c", "tanks", "-w", "cost=1")
    assert [(o["option"], o["score"]) for o in data["capabilities"][0]["ranking"]] == [
        ("alpha", 1.0),
        ("bravo", 0.0),
    ]


def test_method_topsis_reports_closeness(runner: CliRunner) -> None:
    data = score_json(runner, "--method", "topsis")
    assert data["method"] == "topsis"
    assert [c["id"] for c in data["capabilities"]] == bundled_order()
    for cap in data["capabilities"]:
        for opt in cap["ranking"]:
            assert set(opt["extras"]) == {"closeness"}
            assert 0.0 <= opt["extras"]["closeness"] <= 1.0
            assert opt["score"] == opt["extras"]["closeness"]
            assert opt["contributions"] is None  # TOPSIS is not additive
        closeness = [o["extras"]["closeness"] for o in cap["ranking"]]
        assert closeness == sorted(closeness, reverse=True)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_ranks_every_capability(runner: CliRunner, method: str) -> None:
    """CSV, the quickest export (no robustness keys): a rank 1 in every capability."""
    result = invoke(runner, "score", "--method", method, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    ranked = [r for r in rows if r["status"] == "ranked"]
    assert {r["capability"] for r in ranked} == BUNDLED_CAPABILITIES
    assert {r["capability"] for r in ranked if r["rank"] == "1"} == BUNDLED_CAPABILITIES


def test_capability_keeps_only_that_one(runner: CliRunner) -> None:
    data = score_json(runner, "--capability", "tanks")
    assert [c["id"] for c in data["capabilities"]] == ["tanks"]
    both = score_json(runner, "-c", "spg", "-c", "tanks")
    assert [c["id"] for c in both["capabilities"]] == [
        c for c in bundled_order() if c in ("spg", "tanks")
    ]


def test_output_file_is_written_whole_and_announced(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "nested" / "scores.json"
    result = invoke(runner, "score", "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr.strip() == f"wrote {target}"
    printed = invoke(runner, "score", "--format", "json").stdout
    assert target.read_text(encoding="utf-8") == printed
    assert sorted(p.name for p in target.parent.iterdir()) == ["scores.json"]  # no temp file


def test_output_file_is_replaced_atomically(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure while writing leaves the old file as it was, and no temporary file."""
    target = tmp_path / "scores.csv"
    target.write_text("old report\n", encoding="utf-8")

    def boom(*_args: object, **_kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("diversify.io.atomic.os.replace", boom)
    result = invoke(runner, "score", "--format", "csv", "-o", str(target))
    assert_one_line_error(result, "cannot write", "No space left on device", code=1)
    assert target.read_text(encoding="utf-8") == "old report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]
    monkeypatch.undo()
    result = invoke(runner, "score", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("capability,status,rank,option")


def test_output_into_a_file_used_as_a_folder_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = invoke(runner, "score", "-f", "json", "-o", str(tmp_path / "notes.txt" / "s.json"))
    assert_one_line_error(result, "cannot write", "not a folder", code=1)


def test_binary_format_needs_an_output_file(runner: CliRunner) -> None:
    assert_one_line_error(invoke(runner, "score", "--format", "xlsx"), "give -o FILE")


# --- bad command-line values -----------------------------------------------------------


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ("cost=abc", "`abc` for `cost` is not a number"),
        ("nope=3", "unknown criterion `nope`"),
        ("cots=3", "Did you mean `cost`?"),
        ("cost=-1", "`cost` must be a number of points from 0 to 1,000,000"),
        ("cost=1e308", "`cost` must be a number of points from 0 to 1,000,000"),
        ("cost=0", "all weights are zero"),
        ("cost=inf", "`cost` must be a number of points from 0 to 1,000,000"),
        ("cost=nan", "`cost` must be a number of points from 0 to 1,000,000"),
        ("cost", "should look like criterion=points"),
        ("cost=3,cost=4", "`cost` is given twice"),
        (",", "give at least one criterion=points pair"),
    ],
)
def test_bad_weights_exit_2_with_one_line(runner: CliRunner, weights: str, fragment: str) -> None:
    assert_one_line_error(invoke(runner, "score", "--weights", weights), "--weights", fragment)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--method", "ahp"], ["unknown method `ahp`", "topsis"]),
        (["--profile", "balance"], ["no profile `balance`", "Did you mean `balanced`?"]),
        (["--profile", "nope"], ["no profile `nope`", "speed-first"]),
        (["--capability", "frigates"], ["unknown capability `frigates`", "tanks"]),
        (["--format", "pdf"], ["unknown format `pdf`", "table", "json"]),
        (["--profile", "balanced", "--weights", "cost=1"], ["--profile or --weights"]),
    ],
)
def test_unknown_choices_exit_2_with_one_line(
    runner: CliRunner, args: list[str], fragments: list[str]
) -> None:
    assert_one_line_error(invoke(runner, "score", *args), *fragments)


def test_missing_scenario_file_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert_one_line_error(invoke(runner, "score", str(missing)), "file not found", code=1)


def test_invalid_scenario_exits_2_with_every_problem(runner: CliRunner) -> None:
    bad = Path(__file__).parents[1] / "data" / "invalid" / "scenarios" / "many_problems"
    result = invoke(runner, "score", str(bad / "scenario.yaml"))
    assert result.exit_code == 2
    assert "problems in the input" in result.stderr
    assert result.stdout == ""


# --- the default table -----------------------------------------------------------------


def test_table_fits_80_columns_and_shows_every_capability(runner: CliRunner) -> None:
    result = invoke(runner, "score")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    too_wide = [line for line in lines if len(line) > 80]
    assert not too_wide, too_wide
    assert all(line == line.rstrip() for line in lines)
    data = load_scenario(None)
    for cap in data.capabilities:
        assert any(line.startswith(f"{cap.name} ({cap.id})") for line in lines), cap.id
    assert "unit cost: CAD million per unit" in result.stdout
    assert "weights (profile balanced): " in result.stdout
    # The scenario's warnings go to stderr, so `diversify score > file` is a clean table.
    assert "warning" not in result.stdout
    warned = result.stderr.splitlines()
    assert sum(ln.startswith("warning: ") for ln in warned) == len(data.warnings) > 0
    said = " ".join(result.stderr.split())
    assert all(" ".join(f"warning: {w}".split()) in said for w in data.warnings)
    assert max(len(ln) for ln in warned) <= 80


def test_the_budget_warning_says_plainly_what_the_scale_does(runner: CliRunner) -> None:
    """No jargon ("the `cost` scale runs from 0 to 113.4 so they are not all scored 0"):
    what is done, and why, in words."""
    err = " ".join(invoke(runner, "score", "-c", "tanks").stderr.split())
    assert (
        "(64.38 per unit); so that they do not all score 0 on unit acquisition cost, its scale "
        "is stretched to the dearest (113.4); check the envelope, the quantity or the option"
    ) in err
    assert "scale runs from" not in err


@pytest.mark.parametrize("method", METHODS)
def test_table_fits_80_columns_under_every_method(runner: CliRunner, method: str) -> None:
    result = invoke(runner, "score", "--method", method)
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_table_shows_unit_cost_and_the_screened_out_reason(
    runner: CliRunner, mini_scenario: Path
) -> None:
    result = invoke(runner, "score", str(mini_scenario), "-c", "tanks")
    text = result.stdout
    alpha = next(line for line in text.splitlines() if "Alpha tank" in line)
    assert alpha.split() == ["1", "Alpha", "tank", "Alpha", "Corp", "KR", "ROK", "14.0", "0.790"]
    charlie = next(line for line in text.splitlines() if line.startswith("-  Charlie tank"))
    assert charlie.split()[-1] == "out"
    flat = " ".join(text.split())
    assert (
        "screened out Charlie tank: Time to first delivery 72 months is above the maximum "
        "of 60" in flat
    )
    assert "why: Alpha tank leads Bravo tank by 0.370" in flat


# --- validate, report, init, --version --------------------------------------------------


def test_validate_the_bundled_scenario(runner: CliRunner) -> None:
    result = invoke(runner, "validate", columns=300)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 11 files valid")
    # The warnings wrap at 80 columns at most, as the tables, however wide the terminal.
    warned = result.stderr.splitlines()
    assert sum(ln.startswith("warning: ") for ln in warned) == len(load_scenario(None).warnings)
    assert max(len(ln) for ln in warned) <= 80
    assert all(ln.startswith(("warning: ", "  ")) for ln in warned)


def test_validate_an_invalid_scenario_exits_2(runner: CliRunner) -> None:
    bad = Path(__file__).parents[1] / "data" / "invalid" / "scenarios" / "many_problems"
    result = invoke(runner, "validate", str(bad / "scenario.yaml"))
    assert result.exit_code == 2
    assert "problems in the input" in result.stderr


def test_report_writes_all_five_formats(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no --format, md, csv, json, html and xlsx, and for the bundled scenario's
    `portfolio:` the plan's and the shocks' CSV; the JSON is the very bytes `score` prints,
    then the `portfolio` and `stress` sections; the last line on standard output names the
    HTML brief (`make run` ends so)."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "reports"
    result = invoke(runner, "report", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in out.iterdir())
    stem = "canada-2026-land-air-and-maritime-options"
    kinds = ("csv", "html", "json", "md", "xlsx", "portfolio.csv", "stress.csv")
    assert files == sorted([*(f"{stem}.{k}" for k in kinds), f"{stem}.manifest.json"])
    assert result.stderr.count("wrote ") == 8
    assert result.stdout.splitlines()[-1] == f"Open the decision brief: {out / stem}.html"
    manifest = json.loads((out / f"{stem}.manifest.json").read_text(encoding="utf-8"))
    assert manifest["files"] == {
        f"{stem}.{k}": hashlib.sha256((out / f"{stem}.{k}").read_bytes()).hexdigest()
        for k in ("md", "csv", "portfolio.csv", "stress.csv", "json", "html", "xlsx")
    }
    printed = printed_json(runner)
    assert manifest["inputs"] == json.loads(printed)["inputs"]
    written = (out / f"{stem}.json").read_text(encoding="utf-8")
    assert written.startswith(printed[: printed.rindex("]") + 1] + ',\n  "portfolio": {')
    assert list(json.loads(written))[-2:] == ["portfolio", "stress"]
    assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith("# Canada 2026")
    header = (out / f"{stem}.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("capability,status,rank,option,system,supplier,country,bloc,score")
    # the HTML brief: the summary before the first capability, a share for each, charts,
    # nothing loaded from elsewhere; the workbook: the summary first, native charts
    page = (out / f"{stem}.html").read_text(encoding="utf-8")
    summary = page[page.index('id="summary"') : page.index('id="cap-')]
    assert len(re.findall(r'<tr id="summary-', summary)) == len(BUNDLED_CAPABILITIES)
    shares = re.findall(r'data-label="ranks first \(SMAA\)" class="num">[0-9.]+%<', summary)
    assert len(shares) == len(BUNDLED_CAPABILITIES)
    assert page.count('<svg class="chart') >= 6
    assert not re.search(r'(src|href)="(?!#)|url\((?!#)|@import', page)
    with zipfile.ZipFile(out / f"{stem}.xlsx") as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())
        assert b'name="Summary" sheetId="1"' in z.read("xl/workbook.xml")


def printed_json(runner: CliRunner) -> str:
    return str(invoke(runner, "score", "--format", "json").stdout)


def test_report_unknown_format_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "report", "--out", str(tmp_path), "--format", "pdf")
    assert_one_line_error(result, "unknown format `pdf`")
    assert list(tmp_path.iterdir()) == []


def test_init_copies_the_scenario_and_the_copy_scores(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = invoke(runner, "init", str(folder))
    assert result.exit_code == 0, result.stderr
    assert f"diversify score {folder / 'scenario.yaml'}" in result.stdout
    source = bundled_root()
    copied = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    expected = {p.relative_to(source) for p in bundled_files()}
    expected |= {Path("docs/sources.md"), Path("docs/data-audit.md")}  # the notes it cites
    expected |= {parent for p in expected for parent in p.parents if str(parent) != "."}
    assert copied == sorted(str(p) for p in expected)  # those files and folders, nothing else
    cited = (folder / "docs" / "sources.md").read_text(encoding="utf-8")
    assert "### 2.1 Main battle tanks" in cited  # "SOURCES §2.1" resolves in the copy
    mine = score_json(runner, str(folder / "scenario.yaml"))
    original = score_json(runner)
    assert mine["capabilities"] == original["capabilities"]
    assert sorted(mine["inputs"].values()) == sorted(original["inputs"].values())


def test_init_refuses_a_non_empty_folder_or_a_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert_one_line_error(invoke(runner, "init", str(tmp_path)), "not an empty folder")
    assert_one_line_error(invoke(runner, "init", str(tmp_path / "keep.txt")), "not an empty folder")
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"diversify {diversify.__version__}\n"


def test_no_command_prints_help(runner: CliRunner) -> None:
    result = invoke(runner)
    assert result.exit_code == 0
    for command in ("score", "validate", "report", "init"):
        assert command in result.stdout


def test_every_bundled_option_is_priced_by_one_rule(bundled: dict[str, Any]) -> None:
    """Issue 8's must-show: every ranked option has a cost_basis, all in one base year, and
    the criteria include through-life cost. Issue 9: one capability, the submarines, has
    its own rule (both bids on their builders' domestic orders, since the KSS-III has no
    export), and the JSON says so for each of its options; every other option is priced
    by the scenario's rule."""
    bases = {
        (c["id"], o["option"]): o["cost_basis"]
        for c in bundled["capabilities"]
        for o in c["ranking"]
    }
    assert bases and all(b is not None and b["deal"] for b in bases.values())
    assert {b["base_year"] for b in bases.values()} == {2026}
    rules = {(cap, b["rule"], b["select"]) for (cap, _), b in bases.items()}
    assert {(cap, rule) for cap, rule, _ in rules if rule == "capability"} == {
        ("submarines", "capability")
    }
    assert {select for _, rule, select in rules if rule == "scenario"} == {"latest_export"}
    subs = {opt: b for (cap, opt), b in bases.items() if cap == "submarines"}
    assert {opt: (b["select"], b["deal"], b["fallback"]) for opt, b in subs.items()} == {
        "kss-iii": ("latest_domestic", "rokn-2023", None),
        "type-212cd": ("latest_domestic", "de-2024", None),
    }
    assert "lifecycle_cost" in bundled["weights"]
    assert set(bundled["evidence"]) <= set(BLOCS)


# --- --method-option and method intermediates (issue 15) ---------------------------------


def test_method_option_is_recorded_and_changes_the_ranking(runner: CliRunner) -> None:
    """`--method topsis --method-option normalisation=minmax` records the option in
    `method_params` and ranks with min-max normalisation: the closeness differs from
    vector normalisation's, and equals the engine's with the same parameters."""
    from diversify.engine.scoring import score
    from diversify.io.loader import load_scenario
    from diversify.model.methods import TopsisParams

    data = score_json(runner, "--method", "topsis", "--method-option", "normalisation=minmax",
                      "-c", "tanks")  # fmt: skip
    assert data["method_params"] == {"normalisation": "minmax", "metric": "euclidean"}
    vector = score_json(runner, "--method", "topsis", "-c", "tanks")
    assert vector["method_params"]["normalisation"] == "vector"
    minmax = {o["option"]: o["score"] for o in data["capabilities"][0]["ranking"]}
    assert minmax != {o["option"]: o["score"] for o in vector["capabilities"][0]["ranking"]}
    engine = score(load_scenario(None), method="topsis", capabilities=["tanks"],
                   params=TopsisParams(normalisation="minmax"))  # fmt: skip
    assert minmax == {o.option: o.score for o in engine.capabilities[0].ranking}
    details = data["capabilities"][0]["method_details"]
    assert details["normalisation"] == "minmax"
    assert len(details["ideal"]) == len(details["criteria"]) == len(details["anti_ideal"])


def test_vikor_json_has_advantage_and_stability_per_option(runner: CliRunner) -> None:
    data = score_json(runner, "--method", "vikor")
    for cap in data["capabilities"]:
        details = cap["method_details"]
        assert details["dq"] == pytest.approx(1 / (len(details["options"]) - 1))
        firsts = [o for o in cap["ranking"] if o["rank"] == 1]
        shared = len(firsts) > 1
        assert (details["compromise_reason"] is not None) == shared
        for opt in cap["ranking"]:
            assert isinstance(opt["extras"]["advantage"], bool)
            assert isinstance(opt["extras"]["stability"], bool)
        if details["compromise_reason"] == "no_acceptable_advantage":
            # Every option sharing rank 1 lies within DQ of the best Q.
            assert not any(o["extras"]["advantage"] for o in firsts)


def test_electre1_hwang_yoon_outputs_its_matrices(runner: CliRunner) -> None:
    data = score_json(runner, "--method", "electre1", "--method-option", "variant=hwang_yoon")
    assert data["method_params"] == {"variant": "hwang_yoon", "p": "mean", "q": "mean"}
    for cap in data["capabilities"]:
        details = cap["method_details"]
        n = len(details["options"])
        assert len(details["concordance"]) == len(details["discordance"]) == n
        assert all(details["concordance"][i][i] is None for i in range(n))
        outranked = {
            details["options"][j] for i in range(n) for j in range(n) if details["outranking"][i][j]
        }
        kernel = {o["option"] for o in cap["ranking"] if o["extras"]["kernel"]}
        assert kernel == set(details["options"]) - outranked


def test_bad_method_option_is_one_line_exit_2(runner: CliRunner) -> None:
    result = invoke(runner, "score", "--method", "vikor", "--method-option", "v=1.5")
    assert_one_line_error(result, "--method-option for vikor: `v`")


def test_report_takes_method_options_like_score(runner: CliRunner, tmp_path: Path) -> None:
    """`report --method-option` tunes the scenario's own method; its JSON is the very bytes
    `score` prints with the same option, and a bad option writes nothing (exit 2)."""
    import shutil

    folder = tmp_path / "mini"
    shutil.copytree(MINI.parent, folder)
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("method: mavt", "method: vikor"),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ("--method-option", "v=0.25")
    result = invoke(runner, "report", str(scenario), "--out", str(out), "-f", "json", *args)
    assert result.exit_code == 0, result.stderr
    written = next(out.glob("*.json")).read_text(encoding="utf-8")
    assert json.loads(written)["method_params"] == {"v": 0.25}
    assert written == ok(runner, "score", str(scenario), "-f", "json", *args)
    empty = tmp_path / "none"
    bad = invoke(runner, "report", str(scenario), "--out", str(empty), "--method-option", "v=9")
    assert_one_line_error(bad, "--method-option for vikor: `v`")
    assert not empty.exists()
