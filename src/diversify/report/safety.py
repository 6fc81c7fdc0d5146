"""Making exported text safe to open.

Spreadsheet programs execute a cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab
or carriage return before one): a supplier name from an untrusted file could then run a
formula on an analyst's machine (OWASP "CSV injection"). Text cells are neutralised by
prefixing a single quote; numbers are left as numbers. Markdown cells are escaped so a
``|`` in a source note cannot break a table, and markup in a name stays text. (HTML is
escaped by jinja2's autoescaping in report/html.py, not here.)
"""

from __future__ import annotations

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: object) -> object:
    """Neutralise a text cell that a spreadsheet would read as a formula."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
        return "'" + value
    return value


def md_cell(value: object) -> str:
    """Text for one Markdown table cell: pipes escaped, newlines folded, HTML neutralised.

    ``[`` and ``]`` are escaped too, so a name such as ``[x](javascript:…)`` from an
    untrusted file shows as text instead of becoming a link.
    """
    text = "" if value is None else str(value)
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("[", "\\[").replace("]", "\\]")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(text.split())


def md_code(value: object) -> str:
    """Text as an inline code span (file names, hashes), shown exactly as given.

    Inside a code span Markdown shows backslashes and entities literally, so the text is
    not escaped; instead the fence is one backtick longer than any run of backticks in
    it (CommonMark's rule), so no file name can close the span early. Not for table
    cells: a ``|`` would still split the row.
    """
    text = " ".join(("" if value is None else str(value)).split())
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
