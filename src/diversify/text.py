"""Text from input files made safe to show: nothing a terminal or viewer would act on.

Names, sources and reasons come from YAML files a planner did not necessarily write.
YAML's double-quoted escapes (``"\\e]0;title\\a"``) put any character into a value, and
a terminal *acts on* some characters instead of showing them: ESC starts a sequence that
can set the window title, recolour the screen, plant a hyperlink or (on some terminals)
answer back with keystrokes; BEL rings; CR and backspace overwrite what was printed; the
bidirectional overrides (U+202A-U+202E, U+2066-U+2069) reorder a line so that it reads
differently from what it holds ("Trojan Source", CVE-2021-42574). Spreadsheets and XML
refuse some of them outright.

:func:`printable` is the one place that decides. Every output boundary passes text
through it: the terminal tables (cli/render.py, cli/robustness.py, cli/portfolio.py),
the problem table on stderr (cli/errors.py, and io/problems.py's display helpers), the
CSV, Markdown, HTML and Excel renderers (report/safety.py, report/html.py,
report/xlsx.py) and the TUI (tui/format.py). JSON needs no stand-ins, because
:func:`json_escape` writes the same characters as ``\\u`` escapes and the data is kept.

The rule, per character:

- tab, line feed, carriage return, vertical tab, form feed, NEL (U+0085) and the line and
  paragraph separators (U+2028, U+2029) are white space the writer meant as a gap: each
  becomes one space (``keep`` lets a caller keep ``\\n`` in a multi-line document);
- every other C0 control and DEL becomes its Unicode control picture (ESC -> ``␛``
  U+241B, NUL -> ``␀``, BEL -> ``␇``, DEL -> ``␡``): one visible cell for one character;
- every other character of category Cc (the C1 controls U+0080-U+009F), Cf (format
  characters: the bidi embeddings, overrides, isolates and marks, zero-width space,
  soft hyphen, BOM, ...) or Cs (a lone surrogate, which cannot even be encoded) becomes
  ``<U+XXXX>``, the notation ``less`` uses; the zero-width joiner and non-joiner
  (U+200D, U+200C) are kept, because emoji sequences and several scripts need them and
  no terminal acts on them.

Everything else is shown as written. The function only replaces characters, so it is
idempotent, and text that is already printable comes back unchanged (the fast path).
"""

from __future__ import annotations

import json
import unicodedata

__all__ = ["json_escape", "printable"]

_FOLD = frozenset("\t\n\r\v\f\x85\u2028\u2029")
"""White space that becomes one space."""

_KEEP_FORMAT = frozenset("\u200c\u200d")
"""Format characters shown as written: zero-width non-joiner and joiner."""

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in _UNSAFE_CATEGORIES and ch not in _KEEP_FORMAT


def _stand_in(ch: str) -> str:
    if ch in _FOLD:
        return " "
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


def printable(text: str, *, keep: str = "") -> str:
    """``text`` with every character a terminal or viewer would act on made visible.

    See the module docstring for the rule. ``keep`` lists characters to pass through
    (``"\\n"`` for a whole document whose lines are already safe).
    """
    if text.isprintable():  # no control, format, separator or private character at all
        return text
    return "".join(_stand_in(ch) if ch not in keep and _unsafe(ch) else ch for ch in text)


def json_escape(document: str) -> str:
    """A JSON document with every character :func:`printable` would replace written as a
    ``\\u`` escape: the same data, but nothing for a terminal to act on.

    ``json.dumps`` already escapes the C0 controls inside strings; with
    ``ensure_ascii=False`` it writes DEL, the C1 controls and the format characters
    (bidi overrides among them) raw. Outside strings a JSON document holds only
    structural characters and the indentation's line feeds, so escaping is lossless.
    """
    if document.replace("\n", "").isprintable():
        return document

    def escape(ch: str) -> str:
        if ch == "\n" or not _unsafe(ch):
            return ch
        return json.dumps(ch)[1:-1]  # ASCII-only dumps: \\u007f, or a surrogate pair

    return "".join(escape(ch) for ch in document)
