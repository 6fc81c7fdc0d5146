"""Making exported text safe to open: spreadsheet formulas, Markdown tables and code spans."""

from __future__ import annotations

import pytest

from diversify.report.safety import md_cell, md_code, spreadsheet_safe


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1+1)", "\t=1", "\r=1", "\n=1"]
)
def test_formula_like_text_gets_a_leading_quote(text: str) -> None:
    """OWASP "CSV injection": these first characters make a spreadsheet evaluate the cell."""
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-1, -1.5, 0, 3.25, None, True, "K2", "", "a=b", " =1"])
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    assert spreadsheet_safe(value) == value


def test_md_cell_escapes_table_and_markup_characters() -> None:
    assert md_cell("a|b") == "a\\|b"
    assert md_cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_cell("R&D &lt;") == "R&amp;D &amp;lt;"  # shown as typed, not decoded
    assert md_cell("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md_cell("back\\slash") == "back\\\\slash"
    assert md_cell("two\nlines\t here") == "two lines here"
    assert md_cell(None) == ""


def test_md_code_fence_outlasts_backticks_in_the_text() -> None:
    assert md_code("suppliers/<evil>.yaml") == "`suppliers/<evil>.yaml`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("``x") == "``` ``x ```"
    assert md_code("a\\|b") == "`a\\|b`"  # nothing escaped inside a code span
