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
from typing import Any

__all__ = ["json_document", "json_escape", "printable"]

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


def json_document(data: Any, *, allow_nan: bool = False) -> str:
    """``data`` as our JSON files are written: indented by two, UTF-8 text kept, escaped
    by :func:`json_escape`, with a final newline.

    The same bytes as ``json.dumps(data, indent=2, ensure_ascii=False)`` (a test compares
    them on random documents), made faster: with ``indent`` set, the standard library
    falls back to its pure-Python encoder, one generator step per value, which took
    longer than scoring on a programme of 5,000 options. Here every innermost list or
    mapping (all its values text, numbers, booleans or null: the bulk of a document) is
    written by the C encoder in one call, its separators carrying the indentation, and
    only the enclosing structure is walked in Python.
    """
    return json_escape(_indented(data, allow_nan)) + "\n"


_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})
"""Exact types the C encoder writes exactly as the Python one (subclasses take the long way)."""


def _indented(data: Any, allow_nan: bool) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False, allow_nan=allow_nan)``, faster."""
    from json.encoder import c_make_encoder, encode_basestring

    if c_make_encoder is None:  # pragma: no cover - a Python built without _json
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=allow_nan)

    def default(o: Any) -> Any:
        raise TypeError(f"Object of type {o.__class__.__name__} is not JSON serializable")

    leaf_encoders: dict[int, Any] = {}

    def leaf(o: Any, level: int) -> str:
        """A non-empty list or mapping of scalars, its items on their own lines."""
        enc = leaf_encoders.get(level)
        if enc is None:
            pad = "\n" + "  " * (level + 1)
            enc = leaf_encoders[level] = c_make_encoder(
                None, default, encode_basestring, None, ": ", "," + pad, False, False, allow_nan
            )
        text = "".join(enc(o, 0))
        return f"{text[0]}\n{'  ' * (level + 1)}{text[1:-1]}\n{'  ' * level}{text[-1]}"

    def floatstr(o: float) -> str:
        if o != o or o in (float("inf"), float("-inf")):
            if not allow_nan:
                raise ValueError("Out of range float values are not JSON compliant: " + repr(o))
            return "NaN" if o != o else ("Infinity" if o > 0 else "-Infinity")
        return float.__repr__(o)

    def key_text(key: Any) -> str:
        if isinstance(key, str):
            return key
        if isinstance(key, float):
            return floatstr(key)
        if key is True or key is False or key is None:
            return {True: "true", False: "false", None: "null"}[key]
        if isinstance(key, int):
            return int.__repr__(key)
        raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")

    markers: set[int] = set()
    out: list[str] = []
    write = out.append

    def value(o: Any, level: int) -> None:
        # The checks in the order of json.encoder's _iterencode, so every type (and
        # subclass) is written as json.dumps writes it.
        if isinstance(o, str):
            write(encode_basestring(o))
        elif o is None:
            write("null")
        elif o is True:
            write("true")
        elif o is False:
            write("false")
        elif isinstance(o, int):
            write(int.__repr__(o))
        elif isinstance(o, float):
            write(floatstr(o))
        elif isinstance(o, (list, tuple, dict)):
            container(o, level)
        else:
            default(o)

    def container(o: Any, level: int) -> None:
        is_dict = isinstance(o, dict)
        if not o:
            write("{}" if is_dict else "[]")
            return
        items = o.values() if is_dict else o
        if _SCALAR_TYPES.issuperset(map(type, items)):
            write(leaf(o, level))
            return
        if id(o) in markers:
            raise ValueError("Circular reference detected")
        markers.add(id(o))
        pad = "\n" + "  " * (level + 1)
        write("{" + pad if is_dict else "[" + pad)
        first = True
        for item in o.items() if is_dict else o:
            if not first:
                write("," + pad)
            first = False
            if is_dict:
                write(encode_basestring(key_text(item[0])) + ": ")
                value(item[1], level + 1)
            else:
                value(item, level + 1)
        write("\n" + "  " * level + ("}" if is_dict else "]"))
        markers.discard(id(o))

    value(data, 0)
    return "".join(out)
