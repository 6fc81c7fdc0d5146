"""What went wrong in the meeting room (issue 12), each driven by keys as a person types.

The mini scenario (tests/data/valid/mini): shared criteria cost 40, delivery 30,
interoperability 30 under ``balanced``. Keys are pressed one at a time, as typed, through
the same bindings a planner uses.
"""

from __future__ import annotations

import io
import json
import threading
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

from diversify.tui.analysis import Analysis
from diversify.tui.app import DiversifyApp, make_app
from diversify.tui.capture import screen_text
from diversify.tui.robustness import STABILITY_ID, run_stability
from diversify.tui.screens import ConfirmScreen, HelpScreen, MainScreen, OverviewScreen, PickScreen
from diversify.tui.screens.dialogs import TypeWeightScreen
from diversify.tui.widgets import WeightsPanel

SIZE = (120, 40)


def _weights(app: DiversifyApp) -> dict[str, float]:
    assert app.weights is not None
    return app.weights.as_dict()


def _dialog_error(app: DiversifyApp) -> str:
    from textual.widgets import Static

    assert isinstance(app.screen, TypeWeightScreen)
    return str(app.screen.query_one("#error", Static).render())


async def _until(pilot: Any, condition: Any, tries: int = 1000) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


# --------------------------------------------------------------------------------------
# typing a weight
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_typed_weight_replaces_the_value_20_then_35_gives_35(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    """Enter opens the field with the current points selected: typing replaces them."""
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("enter")
        await pilot.press("2", "0", "enter")
        await settled(pilot)
        assert _weights(app)["cost"] == 20
        await pilot.press("enter")
        await pilot.press("3", "5", "enter")
        await settled(pilot)
        assert _weights(app)["cost"] == 35
        # Digits typed straight on the screen start a fresh value too.
        await pilot.press("2", "5", "enter")
        await settled(pilot)
        assert _weights(app)["cost"] == 25
        assert sum(_weights(app).values()) == 100


@pytest.mark.asyncio
async def test_out_of_range_weight_is_refused_with_a_message(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    """150 points (more than the 100 there are) stays in the dialog, explained; nothing moves."""
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        before = _weights(app)
        await pilot.press("1", "5", "0")
        await pilot.pause()
        assert "at most 100" in _dialog_error(app).lower()
        await pilot.press("enter")
        await settled(pilot)
        assert isinstance(app.screen, TypeWeightScreen)  # still open, still explained
        assert "at most 100" in _dialog_error(app).lower()
        await pilot.press("escape")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)
        assert _weights(app) == before
        # With cost locked, delivery can take at most 60 (the other unlocked 30 + its 30).
        await pilot.press("l", "down", "7", "0")
        await pilot.pause()
        assert "at most 60" in _dialog_error(app).lower()
        await pilot.press("enter", "escape")
        await settled(pilot)
        assert _weights(app) == before


@pytest.mark.asyncio
async def test_letters_in_the_weight_field_are_answered_not_frozen(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    """Digits then a letter: the field says it wants a number (no pattern to backtrack).

    Textual's ``type="number"`` pattern backtracks exponentially on digits followed by a
    letter (20 digits froze the app for 25 s); the field checks the text itself instead.
    The time per key is measured in ``benchmarks/bench_tui.py``.
    """
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press(*"1234567890123", "a")
        await pilot.pause()
        assert isinstance(app.screen, TypeWeightScreen)
        assert "number" in _dialog_error(app).lower()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TypeWeightScreen)
        await pilot.press("escape")
        await settled(pilot)
        assert _weights(app) == {"cost": 40, "delivery": 30, "interoperability": 30}


@pytest.mark.asyncio
async def test_digits_arriving_together_open_one_dialog(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    """Pasted digits (or typed faster than a frame) fill one field, not a stack of dialogs."""
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for key in "25":  # in one burst: the second before the dialog has mounted
            app.post_message(_key(key))
        await pilot.pause()
        await pilot.pause()
        assert sum(isinstance(s, TypeWeightScreen) for s in app.screen_stack) == 1
        await pilot.press("enter")
        await settled(pilot)
        assert _weights(app)["cost"] == 25
        app.screen.post_message(_paste("15"))  # a bracketed paste
        await pilot.pause()
        assert sum(isinstance(s, TypeWeightScreen) for s in app.screen_stack) == 1
        await pilot.press("enter")
        await settled(pilot)
        assert _weights(app)["cost"] == 15


def _key(key: str) -> Any:
    """A key as the terminal driver posts it to the app."""
    from textual import events

    return events.Key(key, key if len(key) == 1 else None)


def _paste(text: str) -> Any:
    from textual import events

    return events.Paste(text)


# --------------------------------------------------------------------------------------
# stepping, locks, normalising
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_right_then_left_comes_back_exactly(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        start = _weights(app)
        for keys in (("right", "left"), ("right", "right", "left", "left"), (">", "<")):
            await pilot.press(*keys)
            await settled(pilot)
            assert _weights(app) == start, keys
        await pilot.press("down", "right", "left")
        await settled(pilot)
        assert _weights(app) == start


@pytest.mark.asyncio
async def test_reset_keeps_the_locks_and_says_so(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("l", "down", "right", "right")
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
        assert app.weights is not None
        assert app.weights.locked == {"cost"}
        assert _weights(app) == {"cost": 40, "delivery": 30, "interoperability": 30}
        said = " ".join(str(n.message) for n in app._notifications)
        assert "cost" in said and "lock" in said


@pytest.mark.asyncio
async def test_normalise_with_every_weight_locked_says_what_is_true(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("l", "down", "l", "down", "l", "n")
        await settled(pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert "exceed" not in said  # they total 100: nothing exceeds anything
        assert "already" in said and "100" in said
        assert _weights(app) == {"cost": 40, "delivery": 30, "interoperability": 30}


# --------------------------------------------------------------------------------------
# profiles and the picker
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_enter_escape_up_together_in_the_picker_keeps_the_main_screen(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        for key in ("enter", "escape", "up"):  # in one burst, as the terminal sends them
            app.post_message(_key(key))
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(WeightsPanel).view is not None
        assert "Main battle" in screen_text(app)


@pytest.mark.asyncio
async def test_picking_a_profile_over_edits_asks_first(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        edited = _weights(app)
        await pilot.press("p", "down", "enter")  # speed-first
        await settled(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settled(pilot)
        assert _weights(app) == edited and app.profile == "balanced"
        await pilot.press("p", "down", "enter")
        await settled(pilot)
        await pilot.press("y")
        await settled(pilot)
        assert app.profile == "speed-first"
        assert _weights(app) == {"cost": 10, "delivery": 80, "interoperability": 10}


# --------------------------------------------------------------------------------------
# stale robustness marks after a method switch
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_method_switch_clears_the_old_stable_ranges_at_once(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    """Until the new method's ranges come, the panel shows none (and says computing)."""
    gate = threading.Event()
    gate.set()

    def gated(inp: Any) -> Any:
        gate.wait(30)
        return run_stability(inp)

    stability = Analysis(id=STABILITY_ID, title="Stability", run=gated, per_capability=True)
    app = make_app(mini_scenario, analyses=[stability])
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        await _until(pilot, lambda: _marks(app))
        gate.clear()
        app.set_method("topsis")
        await _until(pilot, lambda: app.ranking is not None and app.ranking.method == "topsis")
        await pilot.pause()
        view = app.screen.query_one(WeightsPanel).view
        assert view is not None
        assert not _marks(app), "MAVT's ranges still on screen under TOPSIS"
        assert "computing" in str(app.screen.query_one(WeightsPanel).border_subtitle)
        gate.set()
        await settled(pilot)
        await _until(pilot, lambda: _marks(app))


def _marks(app: DiversifyApp) -> list[Any]:
    view = app.screen.query_one(WeightsPanel).view
    return [] if view is None else [r.stable for r in view.rows if r.stable is not None]


# --------------------------------------------------------------------------------------
# the overview: ties, hidden rows, the portfolio's binding statement
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_overview_at_80x24_says_rows_are_hidden(ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await settled(pilot)
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert app.data is not None
        shown = [c.name[:12] for c in app.data.capabilities if c.name[:12] in text]
        if len(shown) < len(app.data.capabilities):
            hidden = len(app.data.capabilities) - len(shown)
            assert f"{hidden} more" in text, text


@pytest.mark.asyncio
async def test_tied_leaders_show_as_a_tie(ready, settled) -> None:  # type: ignore[no-untyped-def]
    """VIKOR's compromise set: K2 and M1A2 share first place on tanks; no "lead" margin."""
    app = make_app(None, analyses=())
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        app.set_method("vikor")
        await settled(pilot)
        await pilot.press("v")
        await settled(pilot)
        line = next(ln for ln in screen_text(app).splitlines() if "Main battle" in ln)
        assert "tie" in line and "M1A2" in line, line
        assert "0.300" not in line, line


@pytest.mark.asyncio
async def test_portfolio_binding_statement_agrees_with_the_cli(ready, settled) -> None:  # type: ignore[no-untyped-def]
    """ROK capped at 50%: `diversify portfolio --cap ROK=0.5` says it binds; so does the panel."""
    from diversify.cli.main import app as cli
    from diversify.tui.portfolio import PORTFOLIO_ID

    result = CliRunner().invoke(cli, ["portfolio", "--cap", "ROK=0.5", "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    binding = {
        c["label"] for c in doc["result"]["constraints"] if c.get("tight") or c.get("value_cost")
    }
    assert binding == {"ROK cap"}
    app = make_app(None)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        await pilot.press("v", "b", "b")
        assert app.cap_bloc == "ROK"
        for _ in range(10):
            await pilot.press("comma")
        assert app.cap_edits == {"ROK": 0.5}
        await _until(
            pilot,
            lambda: (
                (s := app.analysis_status.get(PORTFOLIO_ID)) is not None
                and not s.busy
                and s.data is not None
            ),
            tries=3000,
        )
        await settled(pilot)
        view = app.analysis_status[PORTFOLIO_ID].data
        assert set(view.binding) == binding
        assert "No constraint binds" not in screen_text(app)


# --------------------------------------------------------------------------------------
# footer and help
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_footer_ends_cleanly(mini_scenario, ready, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The footer's last row ends with a whole label, no stray characters after it."""
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        for key in ("", "v"):
            if key:
                await pilot.press(key)
                await pilot.pause()
            last = screen_text(app).splitlines()[-1]
            assert len(last) <= size[0]
            assert last.rstrip().endswith(("palette", "quit")), last


@pytest.mark.asyncio
async def test_help_lists_every_quit_key(mini_scenario, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, record=True, file=io.StringIO())
        console.print(app.screen._content())
        line = next(ln for ln in console.export_text().splitlines() if "quit (asks" in ln)
        assert "q" in line.split() and "^q" in line, line


@pytest.mark.parametrize(
    ("typed", "value", "says"),
    [
        ("35", 35.0, None),
        (" 12.5 ", 12.5, None),
        ("100", 100.0, None),
        ("0", 0.0, None),
        ("150", None, "At most 100"),
        ("1" * 30, None, "At most 100"),
        ("1" * 30 + "a", None, "number"),
        ("-5", None, "number"),
        ("1e2", None, "number"),
        ("1.2.3", None, "number"),
        (".", None, "number"),
        ("", None, "number"),
        ("٣", None, "number"),  # an Arabic-Indic digit: not what the room means by 3
    ],
)
def test_parse_points(typed: str, value: float | None, says: str | None) -> None:
    from diversify.tui.screens.dialogs import parse_points

    got, error = parse_points(typed, 100.0)
    assert got == value
    assert (error is None) == (says is None)
    if says is not None:
        assert error is not None and says in error


# --------------------------------------------------------------------------------------
# undo and redo
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_undo_and_redo_every_kind_of_change(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    """Weights (typed, stepped), a lock, a profile: ctrl+z / u walk back, ctrl+y forward."""
    from diversify.tui.screens.history import HistoryScreen

    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        start = _weights(app)
        await pilot.press("2", "0", "enter")  # cost 20
        await settled(pilot)
        typed = _weights(app)
        assert typed["cost"] == 20
        await pilot.press("down", "right", "right", "right")  # delivery +3: one entry
        await settled(pilot)
        stepped = _weights(app)
        await pilot.press("l")  # lock delivery
        await pilot.press("p", "down", "enter", "y")  # speed-first, over the edits
        await settled(pilot)
        assert app.profile == "speed-first"
        assert app.weights is not None and app.weights.locked == {"delivery"}
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        text = screen_text(app)
        for words in ("Unit cost 40 → 20", "Time to first delivery", "lock Time to first",
                      "profile balanced → speed-first"):  # fmt: skip
            assert words in text, words
        await pilot.press("escape")
        await pilot.press("ctrl+z")
        await settled(pilot)
        assert app.profile == "balanced" and _weights(app) == stepped
        assert app.baseline == start  # balanced's points again
        await pilot.press("u")
        await settled(pilot)
        assert app.weights is not None and app.weights.locked == frozenset()
        await pilot.press("u")
        await settled(pilot)
        assert _weights(app) == typed
        await pilot.press("u", "u")
        await settled(pilot)
        assert _weights(app) == start and not app.unsaved
        said = " ".join(str(n.message) for n in app._notifications)
        assert "Nothing to undo" in said
        await pilot.press("ctrl+y", "ctrl+y")
        await settled(pilot)
        assert _weights(app) == stepped
        await pilot.press("U", "U")
        await settled(pilot)
        assert app.profile == "speed-first" and app.weights.locked == {"delivery"}


@pytest.mark.asyncio
async def test_undo_a_cap_edit(ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(None, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v", "comma", "comma")
        await settled(pilot)
        assert app.cap_edits == {"US": 0.4}
        await pilot.press("u")
        await settled(pilot)
        assert app.cap_edits == {}
        await pilot.press("ctrl+y")
        assert app.cap_edits == {"US": 0.4}
