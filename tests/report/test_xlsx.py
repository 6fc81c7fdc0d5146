"""The Excel workbook: the right sheets, no formulas from the data, and stable bytes."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook

from diversify.engine.results import ScenarioResult
from diversify.report.bundle import ReportBundle
from diversify.report.xlsx import (
    ZIP_TIME,
    build_workbook,
    cell_value,
    render_xlsx,
    sheet_title,
)

# the hostile strings tests/report/conftest.py puts into the data
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'
CMD = "=cmd|' /C calc'!A0"
SUM = "@SUM(1+1)"


def _load(data: bytes) -> Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(wb: Workbook, sheet: str) -> list[list[object]]:
    """A sheet's rows as values, trailing empty cells dropped."""
    out = []
    for row in wb[sheet].iter_rows(values_only=True):
        values = list(row)
        while values and values[-1] is None:
            values.pop()
        out.append(values)
    return out


def _find(rows: list[list[object]], first: object, col: int = 0) -> list[object]:
    return next(r for r in rows if len(r) > col and r[col] == first)


TANKS = "Main battle tanks"


def test_sheets_are_summary_one_per_capability_by_name_and_inputs(result: ScenarioResult) -> None:
    wb = _load(render_xlsx(ReportBundle(result)))
    assert wb.sheetnames == ["Summary", TANKS, "Submarines", "Inputs"]


def test_summary_has_the_brief_weights_by_name_and_the_set_up(result: ScenarioResult) -> None:
    rows = _rows(_load(render_xlsx(ReportBundle(result))), "Summary")
    assert rows[0] == ["Canada 2026 land and maritime options"]
    assert rows[3][0].startswith("1 of 2 capabilities have a recommendation")
    assert _find(rows, "method") == ["method", "mavt"]
    assert _find(rows, "weights from") == ["weights from", "profile balanced"]
    start = rows.index(["criterion", "id", "points", "share"])
    weights = {r[0]: (r[1], r[2], r[3]) for r in rows[start + 1 : start + 5]}
    assert weights == {
        "Unit acquisition cost": ("cost", 30, 0.3),
        "Delivery": ("delivery", 20, 0.2),
        "NATO interoperability": ("interoperability", 25, 0.25),
        "Industrial participation (ITB)": ("itb", 25, 0.25),
    }
    header = _find(rows, "capability")
    tanks = dict(zip(header, _find(rows, TANKS), strict=False))
    assert tanks["recommendation"] == "K2 Black Panther" and tanks["bloc"] == "ROK"
    assert tanks["close call"] == "no" and tanks["runner-up"] == "Leopard 2A8"
    assert tanks["margin"] == pytest.approx(0.4125)
    assert tanks["programme cost (USD m)"] == pytest.approx(1870.0)
    assert tanks["budget envelope (USD m)"] == 4000.0
    assert tanks["share of envelope"] == pytest.approx(0.4675)
    assert _find(rows, "Submarines")[:2] == ["Submarines", "none (every option screened out)"]


def test_tables_filters_frozen_headers_formats_and_print_setup(result: ScenarioResult) -> None:
    """Every table an Excel table (filter buttons), its header frozen, numbers formatted,
    and every sheet printing landscape, one page wide, with page numbers."""
    wb = _load(render_xlsx(ReportBundle(result)))
    summary = wb["Summary"]
    tables = summary.tables
    assert len(tables) >= 2  # the capabilities and the weights
    first = next(iter(tables.values()))
    assert first.autoFilter is not None or first.ref  # Excel shows filter buttons on tables
    head_row = int(first.ref.split(":")[0][1:])
    assert summary.freeze_panes == f"B{head_row + 1}"
    header = [c.value for c in summary[head_row] if c.value is not None]
    row = {h: summary.cell(row=head_row + 1, column=i + 1) for i, h in enumerate(header)}
    assert row["share of envelope"].number_format == "0.0%"
    assert row["programme cost (USD m)"].number_format == "#,##0.0"
    assert row["share of envelope"].data_type == "n"
    for ws in wb:
        assert ws.page_setup.orientation == "landscape", ws.title
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert "&P" in ws.oddFooter.center.text


def test_native_charts_are_in_the_file(result: ScenarioResult) -> None:
    with zipfile.ZipFile(io.BytesIO(render_xlsx(ReportBundle(result)))) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert charts  # the weights on the summary, the scores on the capability sheet
        assert any(b"<barChart>" in z.read(n) for n in charts)


def test_capability_sheet_has_values_contributions_and_screened_out(
    result: ScenarioResult,
) -> None:
    rows = _rows(_load(render_xlsx(ReportBundle(result))), TANKS)
    header = _find(rows, "rank")
    assert header[:9] == [
        "rank",
        "option",
        "system",
        "supplier",
        "country",
        "bloc",
        "score",
        "unit cost (USD m)",
        "programme cost (USD m)",
    ]
    tanks = result.capabilities[0]
    start = rows.index(header)
    for opt, row in zip(tanks.ranking, rows[start + 1 : start + 4], strict=True):
        cells = dict(zip(header, row, strict=False))
        assert (cells["rank"], cells["option"], cells["score"]) == (opt.rank, opt.option, opt.score)
        assert cells["programme cost (USD m)"] == pytest.approx(opt.unit_cost * 100)
    # one row per option and criterion, under the criterion's name
    long_head = ["rank", "system", "criterion", "unit", "figure", "value 0-1", "weight", "adds"]
    at = rows.index(long_head)
    long_rows = [dict(zip(long_head, r, strict=False)) for r in rows[at + 1 : at + 13]]
    for opt in tanks.ranking:
        mine = [r for r in long_rows if r["system"] == opt.system]
        assert [r["criterion"] for r in mine] == [c.name for c in tanks.criteria]
        assert [r["figure"] for r in mine] == [opt.raw[c.id] for c in tanks.criteria]
        assert [r["value 0-1"] for r in mine] == [opt.values[c.id] for c in tanks.criteria]
        assert [r["adds"] for r in mine] == [opt.contributions[c.id] for c in tanks.criteria]
        assert sum(r["adds"] for r in mine) == pytest.approx(opt.score)
    screened = rows.index(["Screened out"])
    assert rows[screened + 1][1:] == ["option", "system", "supplier", "country", "bloc",
                                      "criterion", "reason"]  # fmt: skip
    assert rows[screened + 2][1:] == [
        "t90",
        "T-90MS",
        "Uralvagonzavod",
        "RU",
        "Other",
        "delivery",
        "Delivery 96 months exceeds the must-meet maximum of 72",
    ]
    subs = _rows(_load(render_xlsx(ReportBundle(result))), "Submarines")
    assert [None, "no option survived screening"] in subs
    assert ["note", "every option was screened out"] in subs


def test_inputs_sheet_lists_files_with_sha256(result: ScenarioResult) -> None:
    rows = _rows(_load(render_xlsx(ReportBundle(result))), "Inputs")
    assert rows[0] == ["file", "sha256"]
    files = rows[1 : 1 + len(result.inputs)]
    assert {r[0]: r[1] for r in files} == dict(result.inputs)
    assert ["diversify version", "0.1.0"] in rows


def test_formulas_in_the_data_are_stored_as_text(hostile_result: ScenarioResult) -> None:
    """A supplier named =HYPERLINK("http://x","y") is stored as exactly that text, with the
    string data type: no leading quote is needed, and no cell of the file is a formula."""
    data = render_xlsx(ReportBundle(hostile_result))
    for wb in (build_workbook(hostile_result), _load(data)):
        cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
        assert cells
        assert [c.coordinate for c in cells if c.data_type == "f"] == []
        texts = {c.value: c for c in cells if isinstance(c.value, str)}
        for hostile in (HYPERLINK, CMD, "+1", "-1"):  # a supplier, a system, a level, a supplier
            assert hostile in texts, hostile
            assert texts[hostile].data_type == "s"
        assert any(t.startswith(SUM) for t in texts)  # a screening reason
        assert not any(t.startswith("'") for t in texts)  # no apostrophe added
        assert f"weights file says {SCRIPT}" in texts  # markup is harmless text here
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = z.read(name)
            assert b"<f>" not in xml and b"<f " not in xml
        # the formula text sits in an inline string, as text
        assert any(b"<is><t>=HYPERLINK(" in z.read(name) for name in sheets)


def test_numbers_stay_numbers(promethee_result: ScenarioResult) -> None:
    """Negative net flows are numbers, not text, and method figures get their own columns."""
    wb = _load(render_xlsx(ReportBundle(promethee_result)))
    rows = _rows(wb, TANKS)
    header = _find(rows, "rank")
    assert header[-3:] == ["acceptable", "phi_minus", "phi_plus"]
    assert not any(str(h).endswith("(adds)") for h in header)
    start = rows.index(header)
    scores = [r[header.index("score")] for r in rows[start + 1 : start + 4]]
    assert scores == [0.42, -0.08, -0.34]
    assert [r[header.index("acceptable")] for r in rows[start + 1 : start + 4]] == [
        True,
        True,
        False,
    ]
    ws = wb[TANKS]
    assert ws.cell(row=start + 3, column=7).data_type == "n"


def test_two_renders_are_byte_identical(make_result) -> None:  # type: ignore[no-untyped-def]
    assert render_xlsx(ReportBundle(make_result(hostile=True))) == render_xlsx(
        ReportBundle(make_result(hostile=True))
    )


def test_no_clock_time_in_the_file(result: ScenarioResult) -> None:
    """openpyxl stamps 'now' into core.xml and the zip entries; both are pinned."""
    data = render_xlsx(ReportBundle(result))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        infos = z.infolist()
        assert infos and {i.date_time for i in infos} == {ZIP_TIME}
        assert {i.create_system for i in infos} == {3}
        core = z.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z' in core
    props = _load(data).properties
    assert props.creator == "diversify"
    assert props.title == result.scenario


def test_control_characters_become_visible_not_fatal(result: ScenarioResult) -> None:
    """XML cannot hold most control codes and openpyxl raises on them; each is shown as its
    control picture (BEL as ␇, NUL as ␀), and a bidi override as <U+202E>."""
    tanks = result.capabilities[0]
    k2 = replace(tanks.ranking[0], supplier="Hyundai\x07 Rotem\x00", system="K2\u202e\x1b[31m")
    bad = replace(result, capabilities=(replace(tanks, ranking=(k2, *tanks.ranking[1:])),))
    rows = _rows(_load(render_xlsx(ReportBundle(bad))), TANKS)
    row = _find(rows, "k2", col=1)
    assert row[3] == "Hyundai␇ Rotem␀"
    assert row[2] == "K2<U+202E>␛[31m"


def test_cell_value() -> None:
    assert cell_value(-1.5) == -1.5
    assert cell_value(-3) == -3
    assert cell_value(True) is True
    assert cell_value(None) is None
    assert cell_value("=1+1") == "=1+1"  # as given: _row stores it with the string type
    assert cell_value("-1") == "-1"
    assert cell_value("\t=1") == " =1"
    assert cell_value("\x00x") == "␀x"
    assert cell_value("K2") == "K2"
    assert cell_value(float("nan")) == "nan"


def test_sheet_titles_are_valid_and_unique() -> None:
    used = {"summary", "inputs"}
    assert sheet_title("tanks", used) == "tanks"
    assert sheet_title("summary", used) == "summary (2)"  # case-insensitive clash
    long_id = "very-long-capability-identifier-over-31"
    first = sheet_title(long_id, used)
    second = sheet_title(long_id, used)
    assert first == long_id[:31]
    assert len(second) <= 31 and second.endswith(" (2)") and second != first
    assert sheet_title("a/b:c*d?[e]", used) == "a_b_c_d__e_"
