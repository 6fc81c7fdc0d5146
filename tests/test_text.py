"""diversify.text: the one rule for characters a terminal or viewer would act on."""

from __future__ import annotations

import json
import unicodedata

import pytest

from diversify.text import json_escape, printable

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
