"""Terminal escape sequences in the data never reach a terminal, a report or a spreadsheet.

YAML's double-quoted escapes let a supplier file put ESC, BEL, NUL, C1 controls and bidi
overrides into a system name, a supplier or a source note. Every output of every command
must show them as visible stand-ins (diversify.text.printable: ESC as ``␛``), never raw:
the table on stdout, the problem table on stderr, and the CSV, Markdown, HTML, JSON and
Excel files. JSON keeps the data exactly, as ``\\u`` escapes.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.cli.helpers import invoke

# As written in the YAML files (double-quoted, so the escapes become the characters).
SYSTEM = r'"Alpha\e]0;pwned\a tank\x9b2J\u202Eknat"'
SUPPLIER = r'"\e[31mRed\e[0m Corp\0 \e]8;;http://x\e\\link\e]8;;\e\\"'
SOURCE = r'"rates \e]0;t\a\u2066x\u2069"'

SYSTEM_VALUE = "Alpha\x1b]0;pwned\x07 tank\x9b2J\u202eknat"
SYSTEM_SHOWN = "Alpha␛]0;pwned␇ tank<U+009B>2J<U+202E>knat"

SUPPLIER_VALUE = "\x1b[31mRed\x1b[0m Corp\x00 \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"

FORBIDDEN = {
    "ESC": b"\x1b",
    "NUL": b"\x00",
    "BEL": b"\x07",
    "C1 CSI": "\x9b".encode(),
    "RLO": "\u202e".encode(),
    "LRI": "\u2066".encode(),
    "PDI": "\u2069".encode(),
}


def _raw(data: bytes) -> list[str]:
    """The names of the forbidden characters that occur in ``data``."""
    return [name for name, raw in FORBIDDEN.items() if raw in data]


def _strings(node: Any) -> list[str]:
    """Every string in a JSON document, keys included."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [*node, *(s for v in node.values() for s in _strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


@pytest.fixture
def hostile(mini_copy: Path) -> Path:
    """The mini scenario with escape sequences in a system, a supplier and a source."""
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    text = text.replace("system: Alpha tank", f"system: {SYSTEM}")
    text = text.replace("supplier: Alpha Corp", f"supplier: {SUPPLIER}")
    tanks.write_text(text, encoding="utf-8")
    scenario = mini_copy.read_text(encoding="utf-8")
    mini_copy.write_text(scenario.replace('source: "test rates"', f"source: {SOURCE}"))
    return mini_copy


def _run(runner: CliRunner, *args: str, columns: int = 80, code: int = 0) -> Any:
    result = invoke(runner, *args, columns=columns)
    assert result.exit_code == code, result.stderr
    assert _raw(result.stdout_bytes) == [], result.stdout
    assert _raw(result.stderr_bytes) == [], result.stderr
    return result


def test_the_data_really_holds_the_characters(hostile: Path) -> None:
    from diversify.io.loader import load_scenario

    data = load_scenario(hostile)
    alpha = data.capability("tanks").options[0]
    assert alpha.system == SYSTEM_VALUE
    assert alpha.supplier == SUPPLIER_VALUE
    assert data.rates_source == "rates \x1b]0;t\x07\u2066x\u2069"


def test_score_table_shows_stand_ins(runner: CliRunner, hostile: Path) -> None:
    out = _run(runner, "score", str(hostile)).stdout
    assert "Alpha␛]0;pwned␇" in out
    assert "␛[31mRed␛[0m Corp␀" in out
    assert f"why: {SYSTEM_SHOWN} leads" in " ".join(out.split())  # the wrapped sentence
    assert all(len(line) <= 80 for line in out.splitlines())


@pytest.mark.parametrize("fmt", ["csv", "md", "html"])
def test_text_reports_show_stand_ins(runner: CliRunner, hostile: Path, fmt: str) -> None:
    out = _run(runner, "score", str(hostile), "-f", fmt).stdout
    assert "Alpha␛" in out and "pwned␇ tank" in out  # Markdown escapes the ] between
    assert "<U+202E>" in out or "&lt;U+202E&gt;" in out
    if fmt != "csv":  # the rates source is in the reports, not in the CSV rows
        assert "rates ␛" in out and "t␇<U+2066>x" in out.replace("&lt;", "<").replace("&gt;", ">")


def test_json_keeps_the_data_as_escapes(runner: CliRunner, hostile: Path) -> None:
    """JSON is data: the exact text survives, written as \\u escapes (nothing raw)."""
    out = _run(runner, "score", str(hostile), "-f", "json").stdout
    assert "\\u001b]0;pwned\\u0007" in out and "\\u009b" in out and "\\u202e" in out
    doc = json.loads(out)
    assert {SYSTEM_VALUE, SUPPLIER_VALUE, "rates \x1b]0;t\x07\u2066x\u2069"} <= set(_strings(doc))


def test_xlsx_holds_stand_ins(runner: CliRunner, hostile: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    _run(runner, "score", str(hostile), "-f", "xlsx", "-o", str(target))
    with zipfile.ZipFile(target) as z:
        for name in z.namelist():
            assert _raw(z.read(name)) == [], name
    wb = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    texts = {c.value for ws in wb for row in ws.iter_rows() for c in row}
    assert SYSTEM_SHOWN in texts


@pytest.mark.parametrize("command", ["robustness", "portfolio"])
def test_robustness_and_portfolio_tables_show_stand_ins(
    runner: CliRunner, hostile: Path, command: str
) -> None:
    out = _run(runner, command, str(hostile)).stdout
    assert "Alpha␛]0;pwned␇" in out


@pytest.mark.parametrize("command", ["robustness", "portfolio"])
def test_robustness_and_portfolio_json_keep_the_data(
    runner: CliRunner, hostile: Path, command: str
) -> None:
    out = _run(runner, command, str(hostile), "-f", "json").stdout
    assert "\\u001b[31mRed\\u001b[0m Corp\\u0000" in out
    assert SUPPLIER_VALUE in set(_strings(json.loads(out)))  # the data itself is kept


@pytest.mark.parametrize("columns", [80, 200], ids=["blocks-80", "table-200"])
def test_a_bad_value_with_escapes_is_shown_with_stand_ins(
    runner: CliRunner, mini_copy: Path, columns: int
) -> None:
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    tanks.write_text(text.replace("quantity: 10}", r'quantity: "\e]0;pwned\a\u202E10"}'))
    err = _run(runner, "validate", str(mini_copy), columns=columns, code=2).stderr
    assert '"␛]0;pwned␇<U+202E>10"' in err
    assert "capability.quantity" in err


def test_a_raw_escape_in_a_file_is_not_echoed(runner: CliRunner, mini_copy: Path) -> None:
    """YAML refuses a raw ESC byte; the problem row quotes the line, with a stand-in."""
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    tanks.write_text(text.replace("name: Main battle tanks", "name: Main\x1b]0;x\x07 tanks"))
    for columns in (80, 200):
        _run(runner, "validate", str(mini_copy), columns=columns, code=2)


def test_a_command_line_value_with_escapes_is_not_echoed(runner: CliRunner) -> None:
    err = _run(runner, "score", "--profile", "\x1b]0;pwned\x07", code=2).stderr
    assert "␛]0;pwned␇" in err
