"""The app driven by keys, headless: new weights, new rankings, saved files, problems, quitting.

The mini scenario (tests/data/valid/mini) is small enough to check by hand. Tanks under
`balanced` (cost 40, delivery 30, interoperability 30): alpha 0.79 beats bravo 0.42 (see
tests/engine/test_scoring.py). With interoperability at 80 points the others make room in
proportion (cost 40 -> 11, delivery 30 -> 9, whole points by largest remainder), and
bravo (widely in service, value 1.0) overtakes alpha (nato_standard, 0.5):
alpha = 0.11*1 + 0.09*0.8 + 0.8*0.5 = 0.582; bravo = 0 + 0.09*0.4 + 0.8*1 = 0.836.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text

from diversify.io.loader import load_scenario
from diversify.io.problems import InputError
from diversify.tui.analysis import Analysis, AnalysisInput
from diversify.tui.app import DiversifyApp, binding_ids, load_keymap, make_app
from diversify.tui.capture import screen_text
from diversify.tui.screens import (
    ConfirmScreen,
    ExportScreen,
    HelpScreen,
    MainScreen,
    OverviewScreen,
    PickScreen,
    ProblemsScreen,
    SaveProfileScreen,
)
from diversify.tui.widgets import AnalysisPanel, ContributionsPanel, RankingTable

DATA = Path(__file__).parents[1] / "data"
MANY_PROBLEMS = DATA / "invalid" / "scenarios" / "many_problems" / "scenario.yaml"
SIZE = (120, 40)


def order(app: DiversifyApp, cap: str) -> list[str]:
    assert app.ranking is not None
    result = app.ranking.result(cap)
    assert result is not None
    return [o.option for o in result.ranking]


@pytest.mark.asyncio
async def test_opens_on_the_first_capability_with_the_profile(mini_scenario, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.weights is not None
        assert app.weights.as_dict() == {"cost": 40, "delivery": 30, "interoperability": 30}
        assert app.profile == "balanced" and app.method == "mavt" and not app.unsaved
        assert order(app, "tanks") == ["alpha", "bravo"]
        text = screen_text(app)
        assert "Submarines · 4 units" in text
        assert "Lima boat" in text and "profile balanced" in text


@pytest.mark.asyncio
async def test_raise_weight_by_one_and_five_rebalances_and_reranks(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        assert app.weights is not None
        assert app.weights.as_dict() == {"cost": 41, "delivery": 30, "interoperability": 29}
        await pilot.press("greater_than_sign")
        await settled(pilot)
        assert app.weights.as_dict() == {"cost": 46, "delivery": 27, "interoperability": 27}
        await pilot.press("left", "less_than_sign")
        await settled(pilot)
        assert app.weights.as_dict()["cost"] == 40
        assert app.unsaved == (not app.weights.same_points(app.baseline))


@pytest.mark.asyncio
async def test_interoperability_to_80_puts_bravo_first_with_rank_changes(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab", "down", "down")  # tanks; interoperability
        await pilot.press("8", "0", "enter")  # a digit starts typing a value
        await settled(pilot)
        assert app.weights is not None
        assert app.weights.as_dict() == {"cost": 11, "delivery": 9, "interoperability": 80}
        assert order(app, "tanks") == ["bravo", "alpha"]
        tanks = app.ranking.result("tanks") if app.ranking else None
        assert tanks is not None
        assert [o.score for o in tanks.ranking] == pytest.approx([0.836, 0.582])
        assert app.ranking is not None
        assert app.ranking.change("tanks", "bravo", 1) == 1
        assert app.ranking.change("tanks", "alpha", 2) == -1
        table = app.screen.query_one(RankingTable)
        assert table.view is not None and table.view.result.id == "tanks"
        text = screen_text(app)
        assert "▲1" in text and "▼1" in text
        assert "profile balanced (edited)" in text and "● unsaved" in text


@pytest.mark.asyncio
async def test_lock_keeps_a_weight_while_others_rebalance(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("l", "down", "greater_than_sign")
        await settled(pilot)
        assert app.weights is not None
        assert app.weights.locked == {"cost"}
        assert app.weights.as_dict() == {"cost": 40, "delivery": 35, "interoperability": 25}
        await pilot.press("up", "right")  # the locked one does not move
        await settled(pilot)
        assert app.weights.as_dict()["cost"] == 40


@pytest.mark.asyncio
async def test_pick_profile_normalise_and_reset(mini_copy: Path, ready, settled) -> None:  # type: ignore[no-untyped-def]
    criteria = mini_copy.parent / "criteria" / "default.yaml"
    text = criteria.read_text()
    criteria.write_text(
        text.rstrip("\n") + "\n  odd: {cost: 2, delivery: 1, interoperability: 1}\n"
    )
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "down", "enter")
        await settled(pilot)
        assert app.profile == "odd"
        assert app.weights is not None and app.weights.total == 4
        await pilot.press("n")
        await settled(pilot)
        assert app.weights.as_dict() == {"cost": 50, "delivery": 25, "interoperability": 25}
        assert app.unsaved
        await pilot.press("r")
        await settled(pilot)
        assert app.weights.as_dict() == {"cost": 2, "delivery": 1, "interoperability": 1}
        assert not app.unsaved


@pytest.mark.asyncio
async def test_pick_method_reranks_with_it(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("down", "down", "down", "enter")  # mavt, wsm, wpm, topsis
        await settled(pilot)
        assert app.method == "topsis"
        assert app.ranking is not None and app.ranking.method == "topsis"
        assert "TOPSIS closeness" in screen_text(app)


@pytest.mark.asyncio
async def test_capability_and_option_navigation(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab", "o")
        await settled(pilot)
        panel = app.screen.query_one(ContributionsPanel)
        assert panel.view is not None
        assert panel.view.result.id == "tanks" and panel.view.option == "bravo"
        text = screen_text(app)
        assert "Bravo tank · Bravo GmbH" in text and "vs Alpha tank (1st)" in text
        assert "Charlie tank (US) screened out" in text  # never silently dropped


@pytest.mark.asyncio
async def test_save_new_profile_keeps_comments(mini_copy: Path, ready, settled) -> None:  # type: ignore[no-untyped-def]
    criteria = mini_copy.parent / "criteria" / "default.yaml"
    before = criteria.read_text()
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SaveProfileScreen)
        await pilot.press(*"room-agreed", "enter")
        await settled(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.profile == "room-agreed" and not app.unsaved
    after = criteria.read_text()
    assert after == before.rstrip("\n") + (
        "\n  room-agreed: {cost: 41, delivery: 30, interoperability: 29}\n"
    )
    assert "# Criteria for the mini scenario." in after and "# the default view" in after
    assert load_scenario(mini_copy).profiles["room-agreed"] == {
        "cost": 41,
        "delivery": 30,
        "interoperability": 29,
    }


@pytest.mark.asyncio
async def test_overwrite_profile_asks_first(mini_copy: Path, ready, settled) -> None:  # type: ignore[no-untyped-def]
    criteria = mini_copy.parent / "criteria" / "default.yaml"
    before = criteria.read_text()
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        await pilot.press("s", *"balanced", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # cancel: nothing written
        await settled(pilot)
        assert criteria.read_text() == before
        assert isinstance(app.screen, SaveProfileScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settled(pilot)
        assert not app.unsaved and app.profile == "balanced"
    after = criteria.read_text()
    assert (
        "  balanced: {cost: 41, delivery: 30, interoperability: 29}   # the default view" in after
    )
    assert after.replace("cost: 41, delivery: 30, interoperability: 29", "") == before.replace(
        "cost: 40, delivery: 30, interoperability: 30", ""
    )


@pytest.mark.asyncio
async def test_failed_save_leaves_the_file_and_says_why(mini_copy: Path, ready, settled) -> None:  # type: ignore[no-untyped-def]
    criteria = mini_copy.parent / "criteria" / "default.yaml"
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        criteria.write_text("criteria: [\n")  # broken behind the app's back
        await pilot.press("s", *"room", "enter")
        await settled(pilot)
        assert app.unsaved and app.profile == "balanced"
        messages = [n.message for n in app._notifications]
        assert any("default.yaml" in m for m in messages), messages
    assert criteria.read_text() == "criteria: [\n"


@pytest.mark.asyncio
async def test_invalid_profile_name_is_explained(mini_copy: Path, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("s", *"Room Agreed", "enter")
        await pilot.pause()
        assert isinstance(app.screen, SaveProfileScreen)
        assert "lower-case" in screen_text(app)


@pytest.mark.asyncio
async def test_bundled_scenario_refuses_to_save_into_the_program(ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(None)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right", "s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("diversify init" in n.message for n in app._notifications)


@pytest.mark.asyncio
async def test_export_json_with_the_current_weights(
    mini_scenario, tmp_path: Path, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out" / "room.json"
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab", "down", "down", "8", "0", "enter")
        await settled(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("down", "down", "down", "enter")  # md, html, csv, json
        await pilot.pause()
        from textual.widgets import Input

        field = app.screen.query_one("#path", Input)
        assert field.value.endswith(".json")
        field.value = str(out)
        await pilot.press("enter")
        await settled(pilot)
    data = json.loads(out.read_text())
    tanks = next(c for c in data["capabilities"] if c["id"] == "tanks")
    assert [o["option"] for o in tanks["ranking"]] == ["bravo", "alpha"]
    assert "terminal UI" in json.dumps(data)


@pytest.mark.asyncio
async def test_export_onto_a_device_leaves_it_a_device(
    mini_scenario, tmp_path: Path, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    """Issue 11, item 1: exporting onto a device file (a private /dev/null) writes into it."""
    import os
    import stat

    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except OSError as err:  # pragma: no cover - not root
        pytest.skip(f"cannot make a device node here: {err}")
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        await pilot.press("down", "down", "down", "enter")  # json
        await pilot.pause()
        from textual.widgets import Input

        field = app.screen.query_one("#path", Input)
        field.value = ""
        await pilot.press(*str(node))
        await pilot.press("enter")
        await settled(pilot)
        assert any("Exported" in n.message for n in app._notifications)
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert os.listdir(tmp_path) == ["null"]


@pytest.mark.asyncio
async def test_quit_without_changes_exits_at_once(mini_scenario, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app._exit


@pytest.mark.asyncio
async def test_quit_with_unsaved_changes_asks(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit with unsaved weights?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and not app._exit
        await pilot.press("q", "y")
        await pilot.pause()
        assert app._exit


@pytest.mark.asyncio
async def test_quit_save_first_saves_then_quits(mini_copy: Path, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await settled(pilot)
        await pilot.press("q", "s")
        await settled(pilot)
        assert isinstance(app.screen, SaveProfileScreen)
        await pilot.press(*"before-quit", "enter")
        await settled(pilot)
        assert app._exit
    assert "before-quit" in load_scenario(mini_copy).profiles


def _plain(renderable: object) -> str:
    console = Console(width=200, record=True, file=io.StringIO())  # never a system path
    console.print(renderable)
    return console.export_text()


@pytest.mark.asyncio
async def test_broken_scenario_lists_every_problem() -> None:
    with pytest.raises(InputError) as err:
        load_scenario(MANY_PROBLEMS, allow_outside=True)  # the case borrows mini's files
    app = make_app(MANY_PROBLEMS, allow_outside=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert list(screen.problems) == sorted(err.value.problems)
        text = _plain(screen._content())
        assert f"{len(err.value.problems)} problems in" in text
        for problem in err.value.problems:
            assert problem.file in text
            assert problem.location().replace(problem.file, Path(problem.file).name) in text
            assert problem.path in text
            assert " ".join(problem.message.split()[:4]) in " ".join(text.split())
        shown = screen_text(app)
        assert "scenario.yaml:5:1" in shown and "all weights are zero" in shown


@pytest.mark.asyncio
async def test_missing_file_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path / "nowhere.yaml")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "Could not open" in screen_text(app)


@pytest.mark.asyncio
async def test_fix_the_file_and_reload(mini_copy: Path, ready) -> None:  # type: ignore[no-untyped-def]
    tanks = mini_copy.parent / "suppliers" / "tanks.yaml"
    good = tanks.read_text()
    tanks.write_text(good.replace("country: KR", "country: KO", 1))
    app = make_app(mini_copy)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProblemsScreen)
        assert "not an ISO 3166-1" in screen_text(app)
        tanks.write_text(good)
        await pilot.press("r")
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert order(app, "tanks") == ["alpha", "bravo"]


@pytest.mark.asyncio
async def test_too_small_terminal_says_so(mini_scenario, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=(70, 20)) as pilot:
        await ready(pilot)
        assert app.screen.has_class("-too-small")
        text = screen_text(app)
        assert "too small" in text and "70 x 20" in text and "80 x 24" in text
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert not app.screen.has_class("-too-small")
        assert "Lima boat" in screen_text(app)


@pytest.mark.asyncio
async def test_overview_and_help_open_and_close(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await settled(pilot)
        assert isinstance(app.screen, OverviewScreen)
        text = screen_text(app)
        assert "Lima boat" in text and "Alpha tank" in text and "Capabilities led, by bloc" in text
        await pilot.press("down", "down", "8", "0", "enter")  # weights work here too
        await settled(pilot)
        assert "Bravo tank" in screen_text(app) and "● new" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "weight-up" in screen_text(app)
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


@pytest.mark.asyncio
async def test_command_palette_entries(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        titles = {c.title: c for c in app.get_system_commands(app.screen)}
        for title in (
            "weights: reset to profile",
            "weights: normalise to 100",
            "profile: save the weights",
            "method: pick another",
            "report: export",
            "profile: switch to speed-first",
        ):
            assert title in titles
        titles["profile: switch to speed-first"].callback()
        await settled(pilot)
        assert app.profile == "speed-first"
        assert app.weights is not None and app.weights.as_dict()["delivery"] == 80
        await pilot.press("right")
        await settled(pilot)
        await titles["weights: reset to profile"].callback()
        await settled(pilot)
        assert app.weights.as_dict() == {"cost": 10, "delivery": 80, "interoperability": 10}


@pytest.mark.asyncio
async def test_keymap_remaps_by_binding_id(mini_scenario, ready, settled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    keys = tmp_path / "keys.yaml"
    keys.write_text('weight-up: "w"\n')
    keymap = load_keymap(keys)
    assert set(keymap) <= set(binding_ids())
    app = make_app(mini_scenario, keymap=keymap)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("w")
        await settled(pilot)
        assert app.weights is not None and app.weights.as_dict()["cost"] == 41


def test_keymap_file_problems_are_located(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text("weight-up: 5\n")
    with pytest.raises(InputError) as err:
        load_keymap(keys)
    assert err.value.problems[0].line == 1 and "keys as text" in err.value.problems[0].message


@pytest.mark.asyncio
async def test_analysis_hook_runs_in_a_worker_after_each_change(
    mini_scenario, ready, settled
) -> None:  # type: ignore[no-untyped-def]
    """A registered analysis gets its panel and is re-run (debounced) after a change."""
    runs: list[dict[str, float]] = []

    def leaders(inp: AnalysisInput) -> str:
        runs.append(dict(inp.points))
        return ", ".join(r.leader.option for r in inp.results if r.leader is not None)

    hook = Analysis(id="leaders", title="Leaders", run=leaders, render=Text, delay=0.01)
    app = make_app(mini_scenario, analyses=[hook])
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.pause(0.05)
        await settled(pilot)
        panel = app.screen.query_one("#analysis-leaders", AnalysisPanel)
        assert str(panel.content) == "lima, alpha"
        await pilot.press("down", "down", "8", "0", "enter")
        await pilot.pause(0.05)
        await settled(pilot)
        assert str(panel.content) == "lima, bravo"
        assert runs[-1]["interoperability"] == 80


def test_cli_tui_builds_the_app_lazily(monkeypatch: pytest.MonkeyPatch, mini_scenario) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    import diversify.tui.app as tui_app
    from diversify.cli.main import app as cli

    seen: list[object] = []

    class Fake:
        def run(self) -> None:
            seen.append("ran")

    def fake_make_app(scenario, keymap=None, allow_outside=False):  # type: ignore[no-untyped-def]
        seen.append((scenario, allow_outside))
        return Fake()

    monkeypatch.setattr(tui_app, "make_app", fake_make_app)
    result = CliRunner().invoke(cli, ["tui", str(mini_scenario)])
    assert result.exit_code == 0, result.output
    assert seen == [(mini_scenario, False), "ran"]
    result = CliRunner().invoke(cli, ["tui", str(mini_scenario), "--allow-outside"])
    assert seen[-2:] == [(mini_scenario, True), "ran"]


def test_cli_tui_rejects_unknown_binding_ids(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from diversify.cli.main import app as cli

    keys = tmp_path / "keys.yaml"
    keys.write_text('weight-upp: "w"\n')
    result = CliRunner().invoke(cli, ["tui", "--keys", str(keys)])
    assert result.exit_code == 2
    assert "Did you mean `weight-up`?" in result.output


@pytest.mark.asyncio
async def test_mouse_selects_capability_option_and_criterion(mini_scenario, ready, settled) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.click("#capabilities", offset=(4, 3))  # border, header, submarines, tanks
        await settled(pilot)
        table = app.screen.query_one(RankingTable)
        assert table.view is not None and table.view.result.id == "tanks"
        await pilot.click("#ranking", offset=(6, 3))  # border, header, alpha, bravo
        await settled(pilot)
        panel = app.screen.query_one(ContributionsPanel)
        assert panel.view is not None and panel.view.option == "bravo"
        await pilot.click("#weights", offset=(6, 3))  # border, cost, delivery, interop
        await settled(pilot)
        assert app.criterion_index == 2


@pytest.mark.asyncio
async def test_a_method_that_cannot_rank_says_why_and_goes_back(  # type: ignore[no-untyped-def]
    mini_scenario, ready, settled, monkeypatch: pytest.MonkeyPatch
) -> None:
    import diversify.engine.scoring as scoring
    from diversify.engine.scoring import MethodError

    real = scoring.rerank

    def fussy(prepared, points, method, params=None):  # type: ignore[no-untyped-def]
        if method == "wpm":
            raise MethodError("tanks: 'wpm' needs every raw figure above zero")
        return real(prepared, points, method, params)

    monkeypatch.setattr(scoring, "rerank", fussy)
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        app.set_method("wpm")
        await settled(pilot)
        await settled(pilot)
        assert app.method == "mavt"
        assert app.ranking is not None and app.ranking.method == "mavt"
        assert any("needs every raw figure above zero" in n.message for n in app._notifications)


@pytest.mark.asyncio
async def test_an_overview_analysis_shows_what_it_found_before_the_overview_opened(
    mini_scenario, ready, analysed
) -> None:  # type: ignore[no-untyped-def]
    """A panel mounted after its analysis ran (the overview, opened later) shows the result."""

    def leaders(inp: AnalysisInput) -> str:
        return ", ".join(r.leader.option for r in inp.results if r.leader is not None)

    hook = Analysis(id="leaders", title="Leaders", run=leaders, render=Text, screen="overview")
    app = make_app(mini_scenario, analyses=[hook])
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await analysed(pilot)
        assert not app.screen.query(AnalysisPanel)  # not on the main screen
        await pilot.press("v")
        await pilot.pause()
        panel = app.screen.query_one("#analysis-leaders", AnalysisPanel)
        assert str(panel.content) == "lima, alpha" and not panel.working


@pytest.mark.asyncio
async def test_workers_never_print_the_scenario(
    mini_scenario, ready, analysed, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Textual names an unnamed worker by repr() of its callable and arguments; for the
    preparation and every analysis run that printed the whole scenario on the UI thread
    (about 50 ms a run on the bundled one, at start-up and after every change). Every
    worker the app starts (prepare, rank, each analysis) is named instead."""
    from diversify.model.resolved import ScenarioData

    printed: list[str] = []

    def counting_repr(self: ScenarioData) -> str:
        printed.append(self.name)
        return "ScenarioData(…)"

    monkeypatch.setattr(ScenarioData, "__repr__", counting_repr)
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await analysed(pilot)
        app.method = "topsis"  # a method re-ranked in a worker
        await pilot.press("right", "v")
        await analysed(pilot)
        ran = set(app.analysis_status)
        registered = {a.id for a in app.analyses}
    assert ran == registered and {"stability", "robustness", "programme"} <= ran
    assert printed == []


def test_the_app_module_paints_without_the_engine() -> None:
    """The first frame needs Textual and the TUI's own modules only: numpy, pydantic
    (the model) and the loader are imported by the loading worker, after it is drawn."""
    import subprocess
    import sys

    code = (
        "import sys, diversify.tui.app, diversify.tui.screens.main; "
        "print(sorted(m for m in ('numpy', 'pydantic', 'diversify.io.loader', "
        "'diversify.engine.scoring', 'diversify.model.resolved') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.asyncio
async def test_the_frame_shows_while_the_scenario_loads(
    mini_scenario, ready, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """The main screen is up, saying what it loads, before the files are read; keys
    pressed meanwhile do nothing harmful; then the ranking comes."""
    import threading

    import diversify.io.loader as loader

    gate = threading.Event()
    real = loader.load_scenario

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(loader, "load_scenario", slow)
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MainScreen) and app.data is None
        assert "loading scenario.yaml…" in screen_text(app).splitlines()[0]
        await pilot.press("right", "tab", "v", "o", "m", "p", "c", "s", "x", "n", "r", "u")
        assert isinstance(app.screen, MainScreen) and app.data is None
        gate.set()
        await ready(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.weights is not None
        assert app.weights.as_dict() == {"cost": 40, "delivery": 30, "interoperability": 30}
        assert "Mini test scenario" in screen_text(app).splitlines()[0]
