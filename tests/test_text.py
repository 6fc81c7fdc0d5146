"""diversify.text: the one rule for characters a terminal or viewer would act on."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diversify.text import json_document, json_escape, printable

HOSTILE = (
    "a\x1b]0;title\x07"  # OSC: set the window title
    "b\x1b[31m"  # SGR: red
    "c\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"  # OSC 8 hyperlink
    "d\x00e\x08f\x7f"  # NUL, backspace, DEL
    "g\x9b2J"  # C1 CSI: clear the screen on terminals that take 8-bit controls
    "h\u202ekcab\u202c"  # RIGHT-TO-LEFT OVERRIDE ... POP DIRECTIONAL FORMATTING
    "i\u2066x\u2069"  # LEFT-TO-RIGHT ISOLATE ... POP DIRECTIONAL ISOLATE
    "j\ufeffk\u200bl"  # BOM, zero-width space
)


def _acts(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in "\u200c\u200d"


def test_every_control_and_format_character_becomes_a_visible_stand_in() -> None:
    shown = printable(HOSTILE)
    assert not any(_acts(ch) for ch in shown)
    assert shown == (
        "a␛]0;title␇b␛[31mc␛]8;;http://x␛\\link␛]8;;␛\\d␀e␈f␡g<U+009B>2J"
        "h<U+202E>kcab<U+202C>i<U+2066>x<U+2069>j<U+FEFF>k<U+200B>l"
    )


def test_every_c0_control_has_its_control_picture_and_white_space_folds() -> None:
    for code in range(0x20):
        ch = chr(code)
        expected = " " if ch in "\t\n\r\v\f" else chr(0x2400 + code)
        assert printable(f"x{ch}y") == f"x{expected}y", hex(code)
    assert printable("a\x85b\u2028c\u2029d") == "a b c d"
    assert printable("one\ntwo\tthree", keep="\n") == "one\ntwo three"


def test_printable_text_is_unchanged_and_the_rule_is_idempotent() -> None:
    for text in ("K2 Black Panther", "Hanwha Ocean – KSS-III", "Saab\u00a0AB", "👩\u200d🚀", ""):
        assert printable(text) == text
    assert printable("ف\u200cب") == "ف\u200cب"  # zero-width non-joiner kept (Persian)
    once = printable(HOSTILE + "\ud800")
    assert printable(once) == once
    assert "<U+D800>" in once  # a lone surrogate, which could not even be encoded
    once.encode("utf-8")


@pytest.mark.parametrize("text", [HOSTILE, "plain", "tab\tand\nnewline", "\U000e0041tag", "\ud800"])
def test_json_escape_keeps_the_data_and_leaves_nothing_raw(text: str) -> None:
    """json.dumps escapes C0 controls itself but writes DEL, C1 and bidi characters raw."""
    document = json.dumps({"name": text, "list": [text]}, indent=2, ensure_ascii=False)
    escaped = json_escape(document)
    assert json.loads(escaped) == json.loads(document)
    assert not any(_acts(ch) for ch in escaped.replace("\n", ""))
    assert printable(escaped, keep="\n") == escaped  # nothing left for printable to do
    if text == HOSTILE:
        assert "\\u009b" in escaped and "\\u202e" in escaped and "\\u001b" in escaped


# --------------------------------------------------------------------------------------
# json_document: json.dumps(indent=2)'s bytes, written faster (issue 14)
# --------------------------------------------------------------------------------------


class _Count(int):
    """An int subclass (as an IntEnum is): written by int's repr, not taken as a scalar."""


class _Name(str):
    pass


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
    st.builds(_Count, st.integers(-5, 5)),
    st.builds(_Name, st.text(max_size=3)),
)
_KEYS = st.one_of(st.text(max_size=5), st.integers(-3, 3), st.floats(-2, 2), st.booleans())
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(_KEYS, inner, max_size=5),
    ),
    max_leaves=40,
)


@settings(max_examples=200, deadline=None)
@given(_DOCS)
def test_json_document_writes_exactly_what_json_dumps_writes(data: object) -> None:
    """Nested and empty lists, tuples and mappings, every scalar type and subclass, keys
    that are numbers or booleans, text with controls and bidi characters."""
    expected = json_escape(json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False))
    assert json_document(data) == expected + "\n"


@pytest.mark.parametrize("bad", [{"x": [1, float("nan")]}, {"x": {"y": float("inf")}}, [{1, 2}]])
def test_json_document_refuses_what_json_dumps_refuses(bad: object) -> None:
    with pytest.raises((ValueError, TypeError)) as ours:
        json_document(bad)
    with pytest.raises(type(ours.value)):
        json.dumps(bad, indent=2, ensure_ascii=False, allow_nan=False)
