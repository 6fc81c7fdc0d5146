"""Escape sequences in the data never reach the terminal through the TUI.

Textual writes a ``Text``'s characters to the terminal as they are, so a system name
holding ``ESC ] 0 ; … BEL`` would retitle the window (or worse). The panels build their
text through tui/format.py (``columns``, ``clip``, ``safe_text``), which shows such
characters as visible stand-ins (diversify.text.printable: ESC as ``␛``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text

from diversify.tui.app import make_app
from diversify.tui.capture import capture, screen_text
from diversify.tui.format import Flex, clip, columns, safe_text
from diversify.tui.screens import ProblemsScreen

RAW = ("\x1b", "\x00", "\x07", "\x9b", "\u202e", "\u2066")


def _raw(text: str) -> list[str]:
    return [repr(ch) for ch in RAW if ch in text]


def test_safe_text_keeps_styles_and_shows_stand_ins() -> None:
    text = Text("K2 ", style="bold")
    text.append("\x1b]0;x\x00", style="red")  # (Rich itself drops BEL, CR and backspace)
    text.append("\u202eend")
    shown = safe_text(text)
    assert shown.plain == "K2 ␛]0;x␀<U+202E>end"
    assert shown.style == "bold"
    assert [(s.start, s.end, s.style) for s in shown.spans] == [(3, 9, "red")]
    plain = Text("K2 Black Panther", style="bold")
    assert safe_text(plain) is plain  # nothing to do: the same object
    assert safe_text("[b]x[/b]\x00", "italic").plain == "[b]x[/b]␀"  # never markup


def test_columns_and_clip_show_stand_ins() -> None:
    out = columns([["a\x1b[2J", Text("b\u2066c", style="bold")]], [Flex(1), 12], 30)
    assert _raw(out.plain) == []
    assert "a␛[2J" in out.plain and "b<U+2066>c" in out.plain
    assert clip("x\x07y\x1bz", 10) == "x␇y␛z"


@pytest.fixture
def hostile(mini_copy: Path) -> Path:
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    text = text.replace("system: Alpha tank", r'system: "Alpha\e]0;pwned\a\x9b tank"')
    text = text.replace("supplier: Alpha Corp", r'supplier: "\e[31mRed\e[0m Corp\0\u202E"')
    text = text.replace(
        'delivery: {value: 12, low: 6, high: 24, source: "test"}',
        r'delivery: {value: 12, low: 6, high: 24, source: "brochure \e]8;;http://x\e\\\u2066"}',
    )
    text = text.replace("name: Main battle tanks", r'name: "Main \e[5mbattle\e[0m tanks"')
    tanks.write_text(text, encoding="utf-8")
    return mini_copy


@pytest.mark.asyncio
async def test_main_screen_shows_stand_ins(hostile: Path) -> None:
    """Tanks selected (the ranking, the contributions with sources, robustness panel)."""
    shown = await capture(hostile, size=(140, 50), keys=["tab"])
    assert _raw(shown) == []
    assert "Alpha␛]0;pwned␇<U+009B> tank comes first" in shown  # the robustness headline
    assert "␛[31mRed␛[0m Corp␀<U+202E>" in shown  # the contributions panel's heading
    assert "brochure ␛]8;;http://x␛\\<U+2066>" in shown  # the figure's source
    assert "Main ␛[5mbattle␛[0m tanks · 10 units" in shown  # the ranking's border title


@pytest.mark.asyncio
async def test_overview_screen_shows_stand_ins(hostile: Path) -> None:
    shown = await capture(hostile, size=(200, 50), keys=["v"])  # room for every column
    assert _raw(shown) == []
    row = next(line for line in shown.splitlines() if "Main ␛[5mbattle␛[0m tanks" in line)
    assert "Alpha␛]0;pwned" in row  # the leaders table, its leader beside it


@pytest.mark.asyncio
async def test_problems_screen_shows_stand_ins_and_no_markup(mini_copy: Path) -> None:
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    text = tanks.read_text(encoding="utf-8")
    tanks.write_text(text.replace("quantity: 10}", r'quantity: "\e]0;x\a[bold]root:x:0[/bold]"}'))
    app = make_app(mini_copy)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        shown = screen_text(app)
    assert _raw(shown) == []
    assert '"␛]0;x␇[bold]root:x:0[' in shown and '/bold]"' in shown  # folded in its column
