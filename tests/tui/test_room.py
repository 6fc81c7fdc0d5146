"""What went wrong in the meeting room (issue 12), each driven by keys as a person types.

The mini scenario (tests/data/valid/mini): shared criteria cost 40, delivery 30,
interoperability 30 under ``balanced``. Keys are pressed one at a time, as typed, through
the same bindings a planner uses.
"""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
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
    """VIKOR's compromise set or ELECTRE I's kernel can put several options first: a
    capability whose first place is shared reads `tie`, the other first one marked `=`,
    not a lead by the scores' difference."""
    from diversify.engine.scoring import rerank

    app = make_app(None, analyses=())
    async with app.run_test(size=(160, 40)) as pilot:
        await ready(pilot)
        assert app.prepared is not None and app.weights is not None
        tied = None
        for method in ("vikor", "electre1"):
            for res in rerank(app.prepared, app.weights.as_dict(), method, None):
                if len(res.ranking) > 1 and res.ranking[1].rank == 1:
                    tied = (method, res)
                    break
            if tied:
                break
        assert tied is not None, "the bundled scenario has a shared first place"
        method, res = tied
        app.set_method(method)
        await settled(pilot)
        await pilot.press("v")
        await settled(pilot)
        line = next(ln for ln in screen_text(app).splitlines() if res.name[:14] in ln)
        # The Lead column says tie (it showed the scores' difference as a lead).
        lead = line.split(res.ranking[0].bloc, 1)[1].split()[1]
        assert lead == "tie" and f"= {res.ranking[1].system[:10]}" in line, line


@pytest.mark.asyncio
async def test_portfolio_binding_statement_agrees_with_the_cli(ready, settled) -> None:  # type: ignore[no-untyped-def]
    """The largest bloc capped 10 points under its share: `diversify portfolio --cap` with
    the same caps says which constraints bind (no room left, or value if lifted); so does
    the overview's panel (it said "No constraint binds" when a cap cost value with room to
    spare, having priced no constraint)."""
    import math

    from diversify.cli.main import app as cli
    from diversify.model.countries import BLOCS
    from diversify.tui.portfolio import PORTFOLIO_ID

    def binding(*args: str) -> tuple[set[str], dict[str, float]]:
        result = CliRunner().invoke(cli, ["portfolio", *args, "-f", "json"])
        assert result.exit_code == 0, result.output
        res = json.loads(result.stdout)["result"]
        tight = {c["label"] for c in res["constraints"] if c.get("tight") or c.get("value_cost")}
        return tight, res["share_by_bloc"]

    _, shares = binding()
    bloc = max(shares, key=lambda b: shares[b])
    cap = math.floor(shares[bloc] * 20) / 20 - 0.10  # whole 5 points, 10 to 15 below
    expected, _ = binding("--cap", f"{bloc}={cap:.2f}")
    assert f"{bloc} cap" in expected, "the lower cap must bind for this test to mean much"
    app = make_app(None)
    async with app.run_test(size=(160, 50)) as pilot:
        await ready(pilot)
        await pilot.press("v", *(["b"] * BLOCS.index(bloc)))
        assert app.cap_bloc == bloc
        for _ in range(round((1.0 - cap) / 0.05)):
            await pilot.press("comma")
        assert app.cap_edits == {bloc: pytest.approx(cap)}
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
        assert set(view.binding) == expected
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


# --------------------------------------------------------------------------------------
# walking weights
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_walking_weights_chart_marks_the_switch_points(  # type: ignore[no-untyped-def]
    mini_scenario, ready, settled, size: tuple[int, int]
) -> None:
    """Tanks: alpha leads while cost weighs at least 1/21 (4.8%) and while
    interoperability weighs at most 0.5977 (see tests/tui/test_robustness.py), the others
    keeping their proportions; the chart's legend and ▲ marks say the same."""
    from diversify.tui.widgets.walking import WalkingChart, walking_lines

    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("tab", "w")
        await settled(pilot)
        assert app.screen.has_class("-walking")
        chart = app.screen.query_one("#walking", WalkingChart)
        assert chart.view is not None and chart.view.criterion == "cost"
        text = screen_text(app)
        assert "Walking weights" in text
        assert "Alpha tank  first 5–100%" in text and "Bravo tank  first 0–5%" in text
        lines = walking_lines(chart.view.result, "cost", 101)
        assert lines is not None
        assert [round(t, 4) for t, _, _ in lines.switches] == [round(1 / 21, 4)]
        assert lines.current == pytest.approx(0.4)
        # Scores at 40% are the ranking's own (the value model is the ranking here).
        at_now = lines.scores[:, 40]
        assert at_now == pytest.approx([0.79, 0.42])
        assert "▲" in text and "┊" in text
        await pilot.press("down", "down")  # interoperability
        await settled(pilot)
        text = screen_text(app)
        assert chart.view.criterion == "interoperability"
        assert "first 0–60%" in text and "first 60–100%" in text
        await pilot.press("w")
        await settled(pilot)
        assert not app.screen.has_class("-walking")
        assert "Why it ranks there" in screen_text(app)


@pytest.mark.asyncio
async def test_large_screen_puts_the_walking_weights_beside_the_ranking(  # type: ignore[no-untyped-def]
    mini_scenario, ready, settled
) -> None:
    """At 200 x 60 the chart sits right of the ranking, level with it, and the
    explanation keeps its place below; w hides the chart and brings it back; the
    ranking keeps its wide columns (supplier, country, unit cost)."""
    from diversify.tui.widgets import ContributionsPanel, RankingTable
    from diversify.tui.widgets.walking import WalkingChart

    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        await pilot.press("tab", "down", "down")  # tanks, interoperability
        await settled(pilot)
        side = app.screen.query_one("#walking-side", WalkingChart)
        ranking = app.screen.query_one(RankingTable)
        explain = app.screen.query_one(ContributionsPanel)
        assert side.display and explain.display
        assert not app.screen.query_one("#walking", WalkingChart).display
        assert side.region.x >= ranking.region.right and side.region.y == ranking.region.y
        assert explain.region.y >= ranking.region.bottom
        assert side.view is not None and side.view.criterion == "interoperability"
        text = screen_text(app)
        assert "first 0–60%" in text and "first 60–100%" in text
        header = ranking.render().plain.splitlines()[0]
        assert all(h in header for h in ("Supplier", "Ctry", "Unit m", "Total m", "Bloc"))
        await pilot.press("w")
        await settled(pilot)
        assert not side.display and explain.display
        await pilot.press("w")
        await settled(pilot)
        assert side.display


# --------------------------------------------------------------------------------------
# money on screen
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_programme_cost_and_budget_envelope_on_screen(ready, settled) -> None:  # type: ignore[no-untyped-def]
    """Each option's unit cost x quantity (the engine's figures) and the capability's
    budget in the title; a total over the envelope is marked."""
    from diversify.tui.widgets import RankingTable

    app = make_app(None, analyses=())
    async with app.run_test(size=(200, 50)) as pilot:
        await ready(pilot)
        assert app.data is not None and app.ranking is not None
        budgeted = [c.id for c in app.data.capabilities if c.budget is not None]
        assert budgeted, "the bundled scenario has budget envelopes"
        index = [c.id for c in app.data.capabilities].index(budgeted[0])
        for _ in range(index):
            await pilot.press("tab")
        await settled(pilot)
        result = app.ranking.result(budgeted[0])
        assert result is not None and result.budget is not None
        table = app.screen.query_one(RankingTable)
        assert f"budget {result.budget:,.0f} {app.data.currency} m" in str(table.border_title)
        rendered = table.render()
        text = rendered.plain
        assert "Unit m" in text and "Total m" in text
        for opt in result.ranking:
            assert opt.unit_cost is not None
            total = opt.unit_cost * result.quantity
            shown = f"{total:,.0f}" if total >= 100 else f"{total:,.1f}"
            line = next(ln for ln in text.splitlines() if opt.system[:12] in ln)
            assert shown in line, (shown, line)
            at = text.index(line) + line.index(shown)
            over = any(
                span.style and "#e0b060" in str(span.style)
                for span in rendered.spans
                if span.start <= at < span.end
            )
            assert over == (total > result.budget), opt.system


# --------------------------------------------------------------------------------------
# comparing two weightings
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_compare_with_a_profile_side_by_side(  # type: ignore[no-untyped-def]
    mini_scenario, ready, settled, size: tuple[int, int]
) -> None:
    """balanced vs speed-first: the engine's rankings under both, changes marked."""
    from diversify.engine.scoring import score
    from diversify.tui.screens.compare import CompareScreen

    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("c", "down", "enter")  # speed-first
        await settled(pilot)
        assert isinstance(app.screen, CompareScreen)
        assert app.data is not None
        theirs = score(app.data, weights=dict(app.data.profiles["speed-first"]))
        mine = score(app.data, weights=dict(app.data.profiles["balanced"]))
        text = screen_text(app)
        assert "profile balanced  vs  speed-first" in text
        changed = 0
        for a, b in zip(mine.capabilities, theirs.capabilities, strict=True):
            if a.ranking[0].option != b.ranking[0].option:
                changed += 1
                assert f"leader changes to {b.ranking[0].system}" in text
            ranks = {o.option: o.rank for o in b.ranking}
            for opt in a.ranking:
                line = next(
                    ln for ln in text.splitlines() if opt.system in ln and "leader" not in ln
                )
                # ... bloc, rank now, rank under the profile, the change (▲1, ▼1 or ·)
                assert line.split()[-3:-1] == [str(opt.rank), str(ranks[opt.option])], line
        assert changed >= 1 and f"{changed} of {len(mine.capabilities)} leaders change" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


# --------------------------------------------------------------------------------------
# export what the room saw
# --------------------------------------------------------------------------------------


async def _export(app: DiversifyApp, pilot: Any, fmt_downs: int, out: Path, settled: Any) -> None:
    from textual.widgets import Input

    from diversify.tui.screens import ExportScreen

    await pilot.press("x")
    await pilot.pause()
    assert isinstance(app.screen, ExportScreen)
    await pilot.press(*(["down"] * fmt_downs), "enter")
    await pilot.pause()
    app.screen.query_one("#path", Input).value = str(out)
    await pilot.press("enter")
    await settled(pilot)
    await _until(pilot, out.exists)


@pytest.mark.asyncio
async def test_export_is_the_cli_report_then_the_session(ready, settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Unchanged, the export is `diversify report -f md` byte for byte (robustness and
    portfolio included); after a weight and a cap change it has the session's."""
    from diversify.cli.main import app as cli

    result = CliRunner().invoke(cli, ["report", "-f", "md", "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    (cli_md,) = (tmp_path / "cli").glob("*.md")
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await _export(app, pilot, 0, tmp_path / "same.md", settled)
        assert (tmp_path / "same.md").read_bytes() == cli_md.read_bytes()
        await pilot.press("right", "v", "comma")  # cost +1; US cap 50% -> 45%
        await settled(pilot)
        await _export(app, pilot, 0, tmp_path / "room.md", settled)
    text = (tmp_path / "room.md").read_text()
    assert "this session: Unit acquisition cost 20 → 21" in text.replace("\n", " ")
    assert "caps edited for the session: US 45%" in text.replace("\n", " ")
    assert "45%" in text and text != cli_md.read_text()


@pytest.mark.asyncio
async def test_json_export_is_the_cli_reports_json(ready, settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Unchanged, the JSON export is `diversify report -f json` byte for byte: the score
    contract with the leaders' stability and SMAA keys, then the plan (with its robust
    portfolio) and the supply shocks, so the figures the brief quotes have their data."""
    from diversify.cli.main import app as cli

    result = CliRunner().invoke(cli, ["report", "-f", "json", "--out", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    (cli_json,) = [p for p in (tmp_path / "cli").glob("*.json") if ".manifest." not in p.name]
    assert {"portfolio", "stress"} <= set(json.loads(cli_json.read_text()))
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await _export(app, pilot, 3, tmp_path / "same.json", settled)
    assert (tmp_path / "same.json").read_bytes() == cli_json.read_bytes()


async def _type_export(app: DiversifyApp, pilot: Any, fmt_downs: int, out: Path) -> None:
    """Export as a person does: x, the format with the arrows, the path typed over the
    suggested one (ctrl+a to its start, ctrl+k clears it), enter."""
    from diversify.tui.screens import ExportScreen

    await pilot.press("x")
    await _until(pilot, lambda: isinstance(app.screen, ExportScreen))
    await pilot.press(*(["down"] * fmt_downs), "enter", "ctrl+a", "ctrl+k", *str(out), "enter")
    await _until(pilot, out.exists)


@pytest.mark.asyncio
async def test_export_after_a_save_carries_the_saved_files_hashes(  # type: ignore[no-untyped-def]
    mini_copy: Path, ready, settled
) -> None:
    """Change a weight, save it as a profile, export: the criteria file's hash in the
    report is the file's as now saved (the one `diversify score` would record), not the
    one read at start-up."""
    import hashlib

    from diversify.io.loader import load_scenario

    criteria = mini_copy.parent / "criteria" / "default.yaml"
    before = hashlib.sha256(criteria.read_bytes()).hexdigest()
    app = make_app(mini_copy, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        await pilot.press("s", *"room-agreed", "enter")
        await _until(pilot, lambda: app.profile == "room-agreed")
        await settled(pilot)
        saved = hashlib.sha256(criteria.read_bytes()).hexdigest()
        assert saved != before
        await _type_export(app, pilot, 3, mini_copy.parent / "room.json")  # json
        await _type_export(app, pilot, 0, mini_copy.parent / "room.md")
    exported = json.loads((mini_copy.parent / "room.json").read_text())
    assert exported["inputs"] == dict(load_scenario(mini_copy).inputs)
    assert exported["inputs"]["criteria/default.yaml"] == saved
    assert exported["weights_points"] == {"cost": 41, "delivery": 30, "interoperability": 29}
    md = (mini_copy.parent / "room.md").read_text()
    assert saved in md and before not in md


# --------------------------------------------------------------------------------------
# the programme columns on the overview
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_overview_programme_columns_are_the_engines(  # type: ignore[no-untyped-def]
    mini_scenario, ready, analysed, size: tuple[int, int]
) -> None:
    """Tanks under balanced: the nearest switch is interoperability at 59.77% (bravo takes
    over; cost would have to fall 35 points to 4.8%), see tests/tui/test_robustness.py;
    First is the engine's SMAA acceptability of each leader."""
    from diversify.engine.robustness import analyse, effective_spec
    from diversify.tui.programme import PROGRAMME_ID
    from diversify.tui.robustness import MAX_SAMPLES

    app = make_app(mini_scenario)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await analysed(pilot)
        view = app.analysis_status[PROGRAMME_ID].data
        tanks = view.lines["tanks"]
        assert tanks.criterion == "interoperability" and tanks.successor == "Bravo tank"
        assert tanks.at == pytest.approx(5.2 / 8.7, abs=1e-6)
        assert app.data is not None
        engine = analyse(
            app.data,
            samples=min(effective_spec(app.data.robustness).samples, MAX_SAMPLES),
            parts=("stability", "smaa"),
            leader_only=True,
        )
        for cap in engine.capabilities:
            acc = cap.leader_acceptability()
            assert acc is not None
            assert view.lines[cap.id].first == pytest.approx(acc["acceptability"])
        row = next(ln for ln in screen_text(app).splitlines() if "Main battle" in ln)
        assert f"{100 * view.lines['tanks'].first:.0f}%" in row
        assert "≥60% interoperability" in row, row
        if size[0] >= 120:
            assert "≥60% interoperability → Bravo tank" in row, row


@pytest.mark.asyncio
async def test_mouse_wheel_over_a_weight_selects_and_steps_it(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    """Scrolling up over delivery (second row) raises it by a point, as → would."""
    from textual import events

    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot._post_mouse_events([events.MouseScrollUp], "#weights", offset=(6, 2))
        await settled(pilot)
        assert app.criterion_index == 1
        # 69 points for cost and interoperability at 40:30: 39.4, 29.6 -> 39, 30
        assert _weights(app) == {"cost": 39, "delivery": 31, "interoperability": 30}
        await pilot._post_mouse_events([events.MouseScrollDown], "#weights", offset=(6, 2))
        await settled(pilot)
        assert _weights(app) == {"cost": 40, "delivery": 30, "interoperability": 30}


# --------------------------------------------------------------------------------------
# the programme strip on the main screen
# --------------------------------------------------------------------------------------


@pytest.fixture
def mini_portfolio(mini_copy: Path) -> Path:
    """The mini scenario with a portfolio capping Europe at 90% of spend: the plan takes
    Kilo boat (ROK) over Lima boat (Europe), so the cap binds (lifting it gains 0.445)."""
    with mini_copy.open("a") as f:
        f.write("portfolio:\n  caps: {Europe: 0.9}\n")
    return mini_copy


def _strip(app: DiversifyApp) -> tuple[str, str, str]:
    """The programme strip's title, body and bottom border as shown."""
    from diversify.tui.widgets import CapabilityList

    strip = app.screen.query_one(CapabilityList)
    body = str(strip.render())
    title, border = strip.border_title or "", strip.border_subtitle or ""
    return Text.from_markup(title).plain, body, Text.from_markup(border).plain


@pytest.mark.asyncio
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_programme_strip_shows_the_engines_figures(  # type: ignore[no-untyped-def]
    mini_portfolio: Path, ready, analysed, size: tuple[int, int]
) -> None:
    """Per capability the leader's bloc, how often it comes first (the engine's SMAA)
    and the nearest switch point; under them the plan's spend by bloc against its cap.
    After a change (typed as a person would) the figures are those of the new weights."""
    from diversify.engine.programme import plan
    from diversify.engine.robustness import analyse, effective_spec
    from diversify.tui.robustness import MAX_SAMPLES

    app = make_app(mini_portfolio)
    async with app.run_test(size=size) as pilot:
        await ready(pilot)
        for keys in ((), ("down", "down", "7", "0", "enter")):  # interoperability to 70
            await pilot.press(*keys)
            await analysed(pilot)
            assert app.data is not None and app.weights is not None
            points = app.weights.as_dict()
            engine = analyse(
                app.data,
                weights=points,
                samples=min(effective_spec(app.data.robustness).samples, MAX_SAMPLES),
                parts=("stability", "smaa"),
                leader_only=True,
            )
            title, body, border = _strip(app)
            assert title == "Programme"
            lines = body.splitlines()
            assert "First" in lines[0] and "witch" in lines[0]  # the header
            for cap in engine.capabilities:
                row = next(ln for ln in lines if app.data.capability(cap.id).name[:6] in ln)
                acc = cap.leader_acceptability()
                assert acc is not None
                assert f"{100 * acc['acceptability']:.0f}%" in row, row
                leader = app.ranking.result(cap.id).leader  # type: ignore[union-attr]
                assert leader is not None
                short = {"Europe": "Eur"}.get(leader.bloc, leader.bloc)
                assert f" {short} " in row, row
            tanks = next(ln for ln in lines if "Main ba" in ln)
            if not keys:  # tanks under balanced: interoperability at 59.77% hands over
                assert "≥60% inte" in tanks, tanks
            else:  # at 70 points bravo leads; cost would have to rise past 54%
                assert app.ranking.result("tanks").leader.option == "bravo"  # type: ignore[union-attr]
            shares = plan(app.data, weights=points).to_dict()["result"]["share_by_bloc"]
            spend = border or lines[-1]
            assert spend.startswith("spend") and "≤90" in spend, spend
            for bloc, short in (("Europe", "Eur"), ("ROK", "ROK")):
                assert f"{short} {100 * shares[bloc]:.0f}" in spend, (spend, shares)


@pytest.mark.asyncio
async def test_programme_strip_scrolls_and_says_so_at_80x24(ready, analysed) -> None:  # type: ignore[no-untyped-def]
    """The bundled scenario's nine capabilities do not fit at 80 x 24: the title says how
    many are out of view and where; tab walks the selection, which stays in view."""
    app = make_app(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await analysed(pilot)
        assert app.data is not None
        names = [c.name for c in app.data.capabilities]
        title, body, _ = _strip(app)
        rows = [ln for ln in body.splitlines()[1:] if not ln.startswith("spend")]
        hidden = len(names) - len(rows)
        assert hidden > 0 and title == f"Programme · ▼{hidden} more (tab)", title
        seen: set[str] = set()
        for k in range(len(names)):
            title, body, _ = _strip(app)
            chosen = next(ln for ln in body.splitlines() if ln.startswith("▶"))
            assert names[k][:6] in chosen, (k, chosen)
            seen |= {n for n in names if n[:6] in body}
            above = k > len(rows) // 2 and "▲" in title
            assert above or k <= len(rows) // 2, (k, title)
            await pilot.press("tab")
            await pilot.pause()
        assert seen == set(names)  # every capability was on screen at some point


@pytest.mark.asyncio
async def test_programme_figures_follow_the_weights_on_the_main_screen(  # type: ignore[no-untyped-def]
    mini_scenario, ready, analysed
) -> None:
    """The strip is on the main screen, so its figures run there: after each settled
    change, and dim (computing) until they come."""
    from diversify.tui.programme import PROGRAMME_ID
    from diversify.tui.widgets import CapabilityList

    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await analysed(pilot)
        first = app.analysis_status[PROGRAMME_ID]
        assert first.data is not None and not first.busy
        await pilot.press("right")
        await pilot.pause()
        assert app.analysis_status[PROGRAMME_ID].busy
        assert app.screen.query_one(CapabilityList).stale
        await analysed(pilot)
        now = app.analysis_status[PROGRAMME_ID]
        assert now.data is not first.data and not now.busy
        assert not app.screen.query_one(CapabilityList).stale


def test_programme_run_stops_when_a_newer_change_cancels_it(
    mini_scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cancelled run returns None before the next capability (a slow method's sweep
    takes a second per capability; the typing should not wait for the rest)."""
    import diversify.engine.robustness as robustness
    import diversify.tui.programme as programme
    from diversify.engine.scoring import prepare_all, rerank
    from diversify.io.loader import load_scenario
    from diversify.tui.analysis import AnalysisInput

    class Worker:
        is_cancelled = False

    worker = Worker()
    calls: list[str] = []
    real = robustness.analyse

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["capabilities"][0])
        worker.is_cancelled = True  # a newer change arrives during the first capability
        return real(*args, **kwargs)

    monkeypatch.setattr(programme, "get_current_worker", lambda: worker)
    monkeypatch.setattr(robustness, "analyse", counting)
    data = load_scenario(mini_scenario)
    prepared = prepare_all(data)
    points = dict(data.weights)
    inp = AnalysisInput(data, prepared, points, "mavt", None, rerank(prepared, points, "mavt"))
    assert programme.run_programme(inp) is None
    assert calls == [data.capabilities[0].id]


# --------------------------------------------------------------------------------------
# the programme under uncertainty on the overview
# --------------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_overview_says_the_robust_portfolio_and_the_worst_supply_shock(  # type: ignore[no-untyped-def]
    ready, analysed
) -> None:
    """The bundled scenario: the panel's figures are the engine's (robust portfolio with
    the app's sample count and the scenario's seed; the stress test), `computing…` on
    its border while a change is being worked out, and it runs only on the overview."""
    from diversify.engine.programme import plan
    from diversify.engine.robust_portfolio import robust
    from diversify.engine.stress import stress
    from diversify.report.uncertainty_text import data_names, pct, stress_sentences
    from diversify.tui.uncertainty import MAX_SAMPLES, UNCERTAINTY_ID
    from diversify.tui.widgets import AnalysisPanel

    app = make_app(None)
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        await analysed(pilot)
        assert UNCERTAINTY_ID not in app.analysis_status  # not run behind the main screen
        for keys in (("v",), ("right",)):  # open the overview; then cost +1 there
            await pilot.press(*keys)
            await pilot.pause()
            panel = app.screen.query_one(f"#analysis-{UNCERTAINTY_ID}", AnalysisPanel)
            assert "computing…" in str(panel.border_subtitle)
            await analysed(pilot)
            assert app.data is not None and app.weights is not None
            points = app.weights.as_dict()
            view = app.analysis_status[UNCERTAINTY_ID].data
            base = plan(app.data, weights=points)
            engine = robust(app.data, base, samples=MAX_SAMPLES, workers=1).to_dict()
            text = screen_text(app)
            said = f"best in {pct(engine['recommended_share'])} of the"
            assert said in " ".join(view.robust) and said in " ".join(text.split())
            for cap in engine["capabilities"]:
                index = next(c for c in view.core_index if c.capability == cap["id"])
                assert index.share == cap["selection"][cap["recommended"]]
            names = data_names(app.data)  # names, as the reports give them, never ids
            worst = stress_sentences(stress(app.data, weights=points).to_dict(), names)[0]
            assert view.shocks[0] == worst
            assert " ".join(worst.split()[:4]) in text  # "Losing Europe hurts most:"
            assert f"{MAX_SAMPLES:,} samples · seed" in str(panel.border_subtitle)
