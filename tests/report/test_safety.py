"""Making exported text safe to open: spreadsheet formulas, Markdown tables and code spans."""

from __future__ import annotations

import pytest

from diversify.report.safety import md_cell, md_code, spreadsheet_safe


@pytest.mark.parametrize(
    "text", ["=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1+1)", "=1+1", "K2=", "O'Brien"]
)
def test_printable_text_is_kept_and_formula_like_text_gets_a_leading_quote(text: str) -> None:
    """OWASP "CSV injection": these first characters make a spreadsheet evaluate the cell."""
    expected = "'" + text if text[0] in "=+-@" else text
    assert spreadsheet_safe(text) == expected


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\t=1", "' =1"),  # tab first (OWASP), folded to a space
        ("\r=1", "' =1"),  # carriage return first (OWASP)
        ("\n=1", "' =1"),  # line feed first
        ("\x00=1", "'␀=1"),  # NUL first (ASVS 1.2.10), shown as its control picture
        ("\x00cmd", "'␀cmd"),  # a NUL first is enough
        ("\t", "' "),
        (" =1+1", "' =1+1"),  # white space before a formula character
        ("  @SUM(A1)", "'  @SUM(A1)"),
        ("\x1b-1", "'␛-1"),  # a control character before one
        ("a;=1+1", "'a;=1+1"),  # a separator, then a formula: a new cell in a ; locale
        ("a,=cmd|' /C calc'!A0", "'a,=cmd|' /C calc'!A0"),
        ("a; -1", "'a; -1"),
        ('x"=1', "'x\"=1"),  # a quote, then a formula
        ("x\n+1", "'x +1"),  # a line break, then a formula
    ],
)
def test_formulas_after_controls_and_separators_get_a_leading_quote(text: str, shown: str) -> None:
    """The whole rule in report/safety.py's docstring, one case per clause."""
    assert spreadsheet_safe(text) == shown


@pytest.mark.parametrize(
    "value", [-1, -1.5, 0, 3.25, None, True, "K2", "", "a=b", "a, b", "cost-benefit", "1-2"]
)
def test_numbers_and_plain_text_are_left_alone(value: object) -> None:
    """A negative number stays a number: only text is ever prefixed."""
    assert spreadsheet_safe(value) == value


def test_control_characters_in_text_become_visible() -> None:
    assert spreadsheet_safe("K2\x1b]0;x\x07") == "K2␛]0;x␇"
    assert spreadsheet_safe("abc\u202edef") == "abc<U+202E>def"


def test_md_cell_escapes_table_and_markup_characters() -> None:
    assert md_cell("a|b") == "a\\|b"
    assert md_cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md_cell("R&D &lt;") == "R&amp;D &amp;lt;"  # shown as typed, not decoded
    assert md_cell("[x](javascript:alert(1))") == "\\[x\\](javascript:alert(1))"
    assert md_cell("back\\slash") == "back\\\\slash"
    assert md_cell("two\nlines\t here") == "two lines here"
    assert md_cell(None) == ""
    assert md_cell("K2\x1b[31m\u202e|") == "K2␛\\[31m&lt;U+202E&gt;\\|"


def test_md_code_fence_outlasts_backticks_in_the_text() -> None:
    assert md_code("suppliers/<evil>.yaml") == "`suppliers/<evil>.yaml`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("``x") == "``` ``x ```"
    assert md_code("a\\|b") == "`a\\|b`"  # nothing escaped inside a code span
    assert md_code("evil\x1b]0;x\x07.yaml") == "`evil␛]0;x␇.yaml`"
