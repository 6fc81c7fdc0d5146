"""The format registry and the plain-data formats (CSV, JSON, Markdown) it serves."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import replace

import pytest

from diversify.engine.results import ScenarioResult
from diversify.report.bundle import ReportBundle
from diversify.report.data import result_dict
from diversify.report.formats import FORMATS, render

CMD = "=cmd|' /C calc'!A0"
SCRIPT = "<script>alert(1)</script>"
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _csv(result: ScenarioResult) -> list[dict[str, str]]:
    text = render("csv", ReportBundle(result))
    assert isinstance(text, str)
    return list(csv.DictReader(io.StringIO(text)))


def test_registry_lists_every_format() -> None:
    assert list(FORMATS) == ["md", "html", "csv", "json", "xlsx"]
    for name, fmt in FORMATS.items():
        assert fmt.name == name
        assert fmt.suffix.startswith(".") and fmt.description
    assert [n for n, f in FORMATS.items() if f.binary] == ["xlsx"]


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize("kind", ["mavt", "promethee2", "hostile"])
def test_every_format_renders_and_is_deterministic(
    name: str,
    kind: str,
    make_result,  # type: ignore[no-untyped-def]
) -> None:
    """Each format renders a hand-built result, twice, to the same bytes."""

    def build() -> ScenarioResult:
        return make_result(hostile=True) if kind == "hostile" else make_result(method=kind)

    fmt = FORMATS[name]
    first = render(name, ReportBundle(build()))
    assert isinstance(first, bytes if fmt.binary else str)
    assert len(first) > 200
    assert render(name, ReportBundle(build())) == first
    assert fmt.render(ReportBundle(build())) == first


def test_unknown_format_is_refused_with_the_choices(bundle: ReportBundle) -> None:
    with pytest.raises(ValueError, match=r"unknown format `pdf`; use one of md, html, csv"):
        render("pdf", bundle)


# --- CSV ------------------------------------------------------------------------------


def test_csv_neutralises_formulas_in_text(hostile_result: ScenarioResult) -> None:
    """OWASP CSV injection: text starting with = + - @ gets a leading quote."""
    rows = _csv(hostile_result)
    abrams = next(r for r in rows if r["option"] == "abrams")
    assert abrams["system"] == "'" + CMD
    assert abrams["raw_itb"] == "'+1"  # a level label
    t90 = next(r for r in rows if r["option"] == "t90")
    assert t90["supplier"] == "'-1"
    assert t90["reason"].startswith("'@SUM(1+1)")
    leo = next(r for r in rows if r["option"] == "leo")
    assert leo["supplier"] == '\'=HYPERLINK("http://x","y")'
    # no cell at all can start a formula unless it is a plain number
    for row in rows:
        for cell in row.values():
            if cell.startswith(DANGEROUS):
                assert math.isfinite(float(cell)), cell


def test_csv_quotes_every_text_cell_and_leaves_numbers_bare(
    result: ScenarioResult, promethee_result: ScenarioResult
) -> None:
    """OWASP: a text cell is wrapped in double quotes (a ; or , inside cannot split it in
    any locale); a number, negative ones too, is written bare and never prefixed."""
    text = render("csv", ReportBundle(promethee_result))
    assert isinstance(text, str)
    header, first = text.splitlines()[:2]
    assert header.startswith("capability,status,rank,option,system")  # our names, bare
    assert first.startswith('"tanks","ranked",1,"k2","K2 Black Panther",')
    assert ",0.42," in first and ",-0.08," in text and ",-0.34," in text
    assert "'-0.08" not in text


def test_csv_separators_and_controls_cannot_start_a_formula(result: ScenarioResult) -> None:
    tanks = result.capabilities[0]
    k2, leo, abrams = tanks.ranking
    odd = (
        replace(k2, system="K2;=1+1", supplier="a,=cmd|' /C calc'!A0"),
        replace(leo, system="\x00=1+1", supplier=" =1+1"),
        replace(abrams, system="\x1b]0;x\x07", supplier='x"=1'),
    )
    bad = replace(result, capabilities=(replace(tanks, ranking=odd),))
    text = render("csv", ReportBundle(bad))
    assert isinstance(text, str)
    assert '"\'K2;=1+1"' in text  # quoted and prefixed, so no locale splits a formula out
    assert "\x00" not in text and "\x1b" not in text and "\x07" not in text
    rows = {r["option"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows["k2"]["system"], rows["k2"]["supplier"]) == ("'K2;=1+1", "'a,=cmd|' /C calc'!A0")
    assert (rows["leo"]["system"], rows["leo"]["supplier"]) == ("'␀=1+1", "' =1+1")
    assert (rows["abrams"]["system"], rows["abrams"]["supplier"]) == ("␛]0;x␇", "'x\"=1")


def test_json_escapes_what_a_terminal_would_act_on_and_keeps_the_data(
    result: ScenarioResult,
) -> None:
    """json.dumps escapes C0 controls itself; DEL, C1 and bidi characters are escaped too."""
    name = "K2\x1b]0;x\x07\x00\x7f\x9b2J\u202eknat\u2066"
    tanks = result.capabilities[0]
    k2 = replace(tanks.ranking[0], system=name)
    bad = replace(result, capabilities=(replace(tanks, ranking=(k2, *tanks.ranking[1:])),))
    text = render("json", ReportBundle(bad))
    assert isinstance(text, str)
    assert not any(ch in text for ch in "\x1b\x07\x00\x7f\x9b\u202e\u2066")
    assert "K2\\u001b]0;x\\u0007\\u0000\\u007f\\u009b2J\\u202eknat\\u2066" in text
    assert json.loads(text)["capabilities"][0]["ranking"][0]["system"] == name
    assert render("json", ReportBundle(result)) == render("json", ReportBundle(result))


def test_csv_keeps_negative_numbers_as_numbers(promethee_result: ScenarioResult) -> None:
    rows = _csv(promethee_result)
    ranked = [r for r in rows if r["status"] == "ranked" and r["capability"] == "tanks"]
    assert [r["score"] for r in ranked] == ["0.42", "-0.08", "-0.34"]
    assert [float(r["score"]) for r in ranked] == [0.42, -0.08, -0.34]


def test_csv_rows_cover_ranked_and_screened_options(result: ScenarioResult) -> None:
    rows = _csv(result)
    assert [(r["capability"], r["status"], r["option"]) for r in rows] == [
        ("tanks", "ranked", "k2"),
        ("tanks", "ranked", "leo"),
        ("tanks", "ranked", "abrams"),
        ("tanks", "screened_out", "t90"),
        ("submarines", "screened_out", "kss3"),
        ("submarines", "screened_out", "a26"),
    ]
    k2 = rows[0]
    assert (k2["rank"], k2["score"], k2["unit_cost_USD_m"]) == ("1", "0.8875", "18.7")
    assert (k2["value_itb"], k2["contribution_itb"], k2["raw_itb"]) == (
        "0.75",
        "0.1875",
        "local_assembly",
    )
    assert rows[3]["reason"] == "Delivery 96 months exceeds the must-meet maximum of 72"


# --- Markdown --------------------------------------------------------------------------


def test_markdown_escapes_pipes_and_markup(hostile_result: ScenarioResult) -> None:
    text = render("md", ReportBundle(hostile_result))
    assert isinstance(text, str)
    prose = re.sub(r"`[^`]*`", "", text)  # code spans show their text literally, never as HTML
    assert "<" not in prose.replace("&lt;", "")
    assert "- `suppliers/<evil>.yaml` `" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "=cmd\\|' /C calc'!A0" in text  # the pipe cannot split a table cell
    assert "@SUM(1+1) \\| delivery &lt;b&gt;96&lt;/b&gt; months" in text
    # every table row still has exactly as many cells as its header
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if ln.startswith("|")]
        if lines:
            widths = {ln.replace("\\|", "").count("|") for ln in lines}
            assert len(widths) == 1, block


# --- JSON ------------------------------------------------------------------------------


def test_json_contract_keys_and_shapes(result: ScenarioResult) -> None:
    text = render("json", ReportBundle(result))
    assert isinstance(text, str) and text.endswith("}\n")
    data = json.loads(text)
    for key in ("method", "weights", "version", "inputs", "capabilities"):
        assert key in data
    assert data["method"] == "mavt"
    assert data["version"] == "0.1.0"
    assert math.isclose(sum(data["weights"].values()), 1.0)
    assert data["inputs"] == dict(result.inputs)
    assert [c["id"] for c in data["capabilities"]] == ["tanks", "submarines"]
    tanks = data["capabilities"][0]
    assert tanks["name"] == "Main battle tanks"
    option_keys = {
        "option",
        "system",
        "supplier",
        "country",
        "bloc",
        "rank",
        "score",
        "values",
        "contributions",
        "extras",
    }
    for opt in tanks["ranking"]:
        assert option_keys <= opt.keys()
        assert math.isclose(sum(opt["contributions"].values()), opt["score"])
    assert [o["rank"] for o in tanks["ranking"]] == [1, 2, 3]
    assert tanks["ranking"][0]["values"]["itb"] == 0.75
    assert tanks["screened_out"] == [
        {
            "option": "t90",
            "system": "T-90MS",
            "supplier": "Uralvagonzavod",
            "country": "RU",
            "bloc": "Other",
            "criterion": "delivery",
            "reason": "Delivery 96 months exceeds the must-meet maximum of 72",
        }
    ]
    subs = data["capabilities"][1]
    assert subs["ranking"] == [] and {s["option"] for s in subs["screened_out"]} == {"kss3", "a26"}


def test_json_non_additive_has_null_contributions_and_extras(
    promethee_result: ScenarioResult,
) -> None:
    data = json.loads(render("json", ReportBundle(promethee_result)))
    k2 = data["capabilities"][0]["ranking"][0]
    assert k2["contributions"] is None
    assert k2["extras"] == {"acceptable": True, "phi_minus": 0.19, "phi_plus": 0.61}
    assert data["capabilities"][0]["ranking"][2]["score"] == -0.34


def test_json_is_byte_identical_and_matches_the_data(make_result) -> None:  # type: ignore[no-untyped-def]
    first = render("json", ReportBundle(make_result(hostile=True)))
    assert render("json", ReportBundle(make_result(hostile=True))) == first
    assert json.loads(first) == json.loads(json.dumps(result_dict(make_result(hostile=True))))
    assert SCRIPT in json.loads(first)["scenario"]  # data, not markup: kept as given


def test_json_sections_are_appended(result: ScenarioResult) -> None:
    data = json.loads(render("json", ReportBundle(result, robustness={"samples": 10})))
    assert list(data)[-1] == "robustness" and data["robustness"] == {"samples": 10}
