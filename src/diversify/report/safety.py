"""Making exported text safe to open.

Names, sources and reasons come from files a planner did not necessarily write. Every
text cell of every export first goes through :func:`diversify.text.printable`: control
and format characters (ESC, NUL, BEL, the bidi overrides) become visible stand-ins such
as ``␛``, so no terminal, viewer or spreadsheet acts on them.

**Spreadsheet formulas (CSV).** The rule follows OWASP's "CSV Injection" page
(https://owasp.org/www-community/attacks/CSV_Injection) and OWASP ASVS 5.0 requirement
1.2.10, which adds NUL. :func:`spreadsheet_safe` prefixes a text cell with a single quote
``'`` when

1. its first character is ``=``, ``+``, ``-``, ``@``, tab (0x09), carriage return
   (0x0D), line feed (0x0A) or NUL (0x00); or
2. it starts with white space or control characters followed by ``=``, ``+``, ``-`` or
   ``@`` (some spreadsheets trim leading space before they look for a formula); or
3. a field separator or quote (``,`` ``;`` ``"`` ``'``, tab, CR, LF) is followed,
   after optional white space, by ``=``, ``+``, ``-`` or ``@``: OWASP's warning that a
   separator can start a new cell whose first character is a formula (``a;=1+1`` in a
   locale whose list separator is ``;``).

And :func:`diversify.report.formats.csv_text` writes every text cell of the data rows
inside double quotes, with embedded double quotes doubled (OWASP's "wrap each cell
field in double quotes ... escape every double quote"), so a ``;`` or ``,`` inside a
cell can never split it, whatever separator the spreadsheet assumes. OWASP's other
alternative, a quote before *every* cell, is not applied: it would show an apostrophe
before every name in every reader. Numbers (``int``, ``float``, including negative
ones) are written as numbers, unquoted and never prefixed.

**Excel workbooks** do not need the quote: report/xlsx.py stores every text cell with the
string data type, which a spreadsheet never evaluates (see :func:`diversify.report.xlsx.
cell_value`).

**Markdown** cells are escaped so a ``|`` in a source note cannot break a table, and
markup in a name stays text. (HTML is escaped by jinja2's autoescaping in report/html.py,
after the same :func:`~diversify.text.printable` as its ``finalize``.)
"""

from __future__ import annotations

import re

from diversify.text import printable

_FORMULA_START = re.compile(
    r"""
    ^[=+\-@\t\r\n\x00]             # 1. a formula character, tab, CR, LF or NUL first
    | ^[\s\x00-\x1f\x7f]+[=+\-@]   # 2. white space or controls, then a formula character
    | [,;"'\t\r\n]\s*[=+\-@]       # 3. a separator or quote, then a formula character
    """,
    re.VERBOSE,
)


def spreadsheet_safe(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would read as a formula (module docstring).

    Text is made printable first; anything that is not text (a number, ``None``) is
    returned unchanged, so a negative number stays a number.
    """
    if not isinstance(value, str):
        return value
    text = printable(value)
    # The rule is checked on the text as given too: printable() turns a leading NUL or
    # tab into a stand-in or a space, and the quote must not depend on that.
    if _FORMULA_START.search(value) or _FORMULA_START.search(text):
        return "'" + text
    return text


def md_cell(value: object) -> str:
    """Text for one Markdown table cell: pipes escaped, newlines folded, HTML neutralised.

    ``[`` and ``]`` are escaped too, so a name such as ``[x](javascript:…)`` from an
    untrusted file shows as text instead of becoming a link. Control characters become
    visible stand-ins (:func:`diversify.text.printable`).
    """
    text = printable("" if value is None else str(value))
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = text.replace("*", "\\*").replace("`", "\\`")  # no emphasis or code from data
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def md_code(value: object) -> str:
    """Text as an inline code span (file names, hashes), shown exactly as given.

    Inside a code span Markdown shows backslashes and entities literally, so the text is
    not escaped; instead the fence is one backtick longer than any run of backticks in
    it (CommonMark's rule), so no file name can close the span early. Not for table
    cells: a ``|`` would still split the row. Control characters become visible
    stand-ins (:func:`diversify.text.printable`).
    """
    text = " ".join(printable("" if value is None else str(value)).split())
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
