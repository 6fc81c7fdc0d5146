"""Robustness in the terminal UI: stable ranges beside the weights, SMAA in a panel.

The figures must be the engine's (``diversify.engine.robustness.analyse``) for the
weights on screen, computed in worker threads that never hold up typing.

Hand check on the mini scenario (tests/data/valid/mini), tanks under ``balanced``
(cost 40, delivery 30, interoperability 30); values alpha (1, 0.8, 0.5), bravo (0, 0.4, 1)
(see tests/engine/test_scoring.py). Moving the cost weight w alone, delivery and
interoperability keep their 1:1 ratio, each (1 - w)/2: alpha = w + 0.65 (1 - w), bravo =
0.7 (1 - w), equal at w = 0.05 / 1.05 = 1/21, so alpha leads for cost in [1/21, 1],
shown as ``5–100%``. Moving interoperability w alone, cost and delivery keep 4:3: alpha =
(1 - w) 6.4/7 + 0.5 w, bravo = (1 - w) 1.2/7 + w, equal at w = 5.2 / (5.2 + 3.5) =
0.5977, shown as ``0–60%``.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
from rich.console import Console
from rich.text import Text

from diversify.engine.robustness import analyse, effective_spec
from diversify.io.loader import load_scenario
from diversify.report.robustness_text import capability_text
from diversify.tui.analysis import Analysis, AnalysisInput
from diversify.tui.app import DiversifyApp, make_app
from diversify.tui.capture import screen_text
from diversify.tui.format import interval
from diversify.tui.robustness import (
    MAX_SAMPLES,
    AcceptabilityBody,
    AcceptabilityView,
    OptionLine,
    first_text,
    se_text,
)
from diversify.tui.screens import MainScreen, OverviewScreen
from diversify.tui.widgets import AnalysisPanel, WeightsPanel

SIZE = (120, 40)


async def _ranked(pilot: Any) -> None:
    """Until the first ranking is on screen (without waiting for workers: some block)."""
    for _ in range(3000):
        if pilot.app.ranking is not None:
            break
        await pilot.pause(0.01)
    assert pilot.app.ranking is not None
    await pilot.pause()


async def _until(pilot: Any, condition: Any) -> None:
    for _ in range(1000):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("the app never got there")


def _panel_text(app: DiversifyApp) -> str:
    """The robustness panel as plain text, as painted."""
    panel = app.screen.query_one("#analysis-robustness", AnalysisPanel)
    console = Console(width=panel.content_size.width, record=True, file=None)
    with console.capture() as cap:
        console.print(panel.render(), height=panel.content_size.height)
    return cap.get()


def _engine(app: DiversifyApp, cap: str, parts: tuple[str, ...]) -> Any:
    """What the engine says for the weights and method on screen (the reference)."""
    assert app.data is not None and app.weights is not None
    samples = min(effective_spec(app.data.robustness).samples, MAX_SAMPLES)
    result = analyse(
        app.data,
        weights=app.weights.as_dict(),
        method=app.method,
        samples=samples,
        capabilities=[cap],
        parts=parts,
    )
    return result.capability(cap)


def _weight_rows(app: DiversifyApp) -> dict[str, Any]:
    view = app.screen.query_one(WeightsPanel).view
    assert view is not None
    return {r.id: r for r in view.rows}


@pytest.mark.asyncio
async def test_stable_ranges_beside_the_weights_are_the_engines(
    mini_scenario, ready, analysed
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")  # tanks
        await analysed(pilot)
        rows = _weight_rows(app)
        expected = {
            "cost": (1 / 21, 1.0),
            "delivery": (0.0, 1.0),
            "interoperability": (0.0, 5.2 / 8.7),
        }
        for cid, (lo, hi) in expected.items():
            assert rows[cid].stable is not None
            assert np.allclose(rows[cid].stable, (lo, hi), atol=1e-9), cid
        engine = _engine(app, "tanks", ("stability",))
        panel = app.screen.query_one(WeightsPanel)
        lines = panel.render().plain.splitlines()

        def shown(name: str) -> list[str]:
            """The cells of a criterion's row: points, share, stable range, bar."""
            line = next(ln for ln in lines if name in ln)
            return line.split(name, 1)[1].split()

        for s in engine.stability:
            assert rows[s.criterion].stable == (s.lo, s.hi)
            assert rows[s.criterion].exact is True
            assert shown(s.name)[2] == interval(s.lo, s.hi, s.weight)
        assert shown("Unit cost")[:3] == ["40", "40%", "5–100%"]
        assert shown("NATO interoperability")[:3] == ["30", "30%", "0–60%"]
        text = screen_text(app)
        # The range closest to being crossed is the one the headline names.
        assert rows["interoperability"].tight and not rows["cost"].tight
        assert "stable range" in text


@pytest.mark.asyncio
async def test_after_a_weight_change_the_panel_shows_the_engines_acceptability(
    mini_scenario, ready, settled, analysed
) -> None:  # type: ignore[no-untyped-def]
    """Change a weight, wait for the workers: every figure is ``analyse``'s for the new weights."""
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        await analysed(pilot)
        before = _panel_text(app)
        assert "87.5%" in before or "87.4%" in before  # alpha first in 87.45% (2,000 samples)
        await pilot.press("down", "down", "6", "0", "enter")  # interoperability 60
        await settled(pilot)
        assert app.weights is not None and app.weights.as_dict()["interoperability"] == 60
        await analysed(pilot)
        engine = _engine(app, "tanks", ("stability", "smaa"))
        assert engine.smaa is not None and engine.smaa.samples == 2000
        text = _panel_text(app)
        for info in engine.options:
            acc = engine.smaa.option(info.option)
            line = next(ln for ln in text.splitlines() if info.system in ln)
            assert first_text(acc.first) in line
            assert se_text(acc.rank_acceptability_se[0]) in line
        headline = capability_text(engine.to_dict()).headline
        assert headline is not None
        assert " ".join(headline.split()) in " ".join(text.split())
        assert text != before
        panel = app.screen.query_one("#analysis-robustness", AnalysisPanel)
        assert panel.border_subtitle == "2,000 samples · seed 3 · weights ±20%"
        # The stable ranges moved with the weights, and are still the engine's.
        rows = _weight_rows(app)
        for s in engine.stability:
            assert rows[s.criterion].stable == (s.lo, s.hi)


@pytest.mark.asyncio
async def test_a_close_call_says_so(mini_scenario, ready, analysed) -> None:  # type: ignore[no-untyped-def]
    """Tanks at 26/19/55: alpha leads on the stated figures, bravo in 81% of the samples
    (figures drawn from their ranges), so the panel says it is a close call."""
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab", "down", "down", "5", "5", "enter")
        await analysed(pilot)
        assert app.weights is not None
        assert app.weights.as_dict() == {"cost": 26, "delivery": 19, "interoperability": 55}
        engine = _engine(app, "tanks", ("stability", "smaa"))
        assert engine.leader == "alpha" and engine.smaa.option("bravo").first > 0.5
        text = " ".join(_panel_text(app).split())
        assert "This is a close call: Bravo tank comes first more often" in text


@pytest.mark.asyncio
async def test_the_panel_follows_the_selected_capability(mini_scenario, ready, analysed) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await analysed(pilot)
        status = app.analysis_status["robustness"]
        assert status.capability == "submarines" and not status.busy
        assert "Lima boat" in _panel_text(app)
        await pilot.press("tab")
        # At once: the submarines' figures are not shown for tanks.
        panel = app.screen.query_one("#analysis-robustness", AnalysisPanel)
        assert panel.content is None or app.analysis_status["robustness"].capability == "tanks"
        await analysed(pilot)
        assert app.analysis_status["robustness"].capability == "tanks"
        assert app.analysis_status["stability"].capability == "tanks"
        text = _panel_text(app)
        assert "Alpha tank" in text and "Lima boat" not in text


@pytest.mark.asyncio
async def test_typing_stays_responsive_while_an_analysis_runs(mini_scenario, settled) -> None:  # type: ignore[no-untyped-def]
    """A slow analysis runs in its own thread; keys keep re-ranking; at most one run at a time.

    The run blocks until released: meanwhile five key presses each change the weights and
    the ranking on screen; the run is not repeated for each (one thread in flight, the
    newest weights queued); once released, the queued run shows the latest weights.
    """
    release = threading.Event()
    started = threading.Event()
    runs: list[tuple[int, dict[str, float]]] = []

    def slow(inp: AnalysisInput) -> str:
        runs.append((threading.get_ident(), dict(inp.points)))
        started.set()
        release.wait(timeout=30)
        return f"cost {inp.points['cost']:g}"

    hook = Analysis(id="slow", title="Slow", run=slow, render=Text, delay=0, per_capability=True)
    app = make_app(mini_scenario, analyses=[hook])
    async with app.run_test(size=SIZE) as pilot:
        await _ranked(pilot)
        await _until(pilot, started.is_set)
        workers = [w for w in app.workers if w.group == "analysis-slow" and w.is_running]
        assert len(workers) == 1
        assert app.weights is not None
        generation = app._generation
        for step in range(1, 6):
            await pilot.press("right")
            assert app.weights.as_dict()["cost"] == 40 + step  # the edit landed at once
            assert app.ranking is not None and app.ranking.generation == generation + step
        assert len(runs) == 1  # no pile of threads: the newest input waits
        assert app.analysis_status["slow"].busy
        release.set()
        await _until(pilot, lambda: not app.analysing)
        await settled(pilot)
        assert len(runs) == 2 and runs[-1][1]["cost"] == 45
        assert all(ident != threading.get_ident() for ident, _ in runs)
        panel = app.screen.query_one("#analysis-slow", AnalysisPanel)
        assert str(panel.content) == "cost 45" and not panel.working


@pytest.mark.asyncio
async def test_computing_is_shown_while_it_runs(mini_scenario) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()

    def slow(inp: AnalysisInput) -> str:
        release.wait(timeout=30)
        return "done"

    hook = Analysis(
        id="slow", title="Slow", run=slow, render=Text, delay=0, place="side", per_capability=True
    )
    app = make_app(mini_scenario, analyses=[hook])
    async with app.run_test(size=SIZE) as pilot:
        await _ranked(pilot)
        await _until(pilot, lambda: "slow" in app._analysis_running)
        await pilot.pause()
        assert "computing…" in screen_text(app)
        release.set()
        await _until(pilot, lambda: not app.analysing)
        await pilot.pause()
        text = screen_text(app)
        assert "done" in text and "computing…" not in text


@pytest.mark.asyncio
async def test_non_additive_methods_get_swept_ranges_marked_approximate(
    mini_scenario, ready, settled, analysed
) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("tab")
        app.set_method("topsis")
        await settled(pilot)
        await analysed(pilot)
        rows = _weight_rows(app)
        engine = _engine(app, "tanks", ("stability",))
        for s in engine.stability:
            assert not s.exact
            assert np.allclose(rows[s.criterion].stable, (s.lo, s.hi), atol=2e-4)
            assert rows[s.criterion].exact is False
        assert "≈" in screen_text(app)
        assert "value-function model (MAVT)" in " ".join(_panel_text(app).split())


@pytest.mark.asyncio
async def test_without_analyses_nothing_is_added(mini_scenario, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario, analyses=())
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert not app.screen.query(AnalysisPanel)
        assert all(r.stable is None for r in _weight_rows(app).values())
        assert "stable range" not in screen_text(app)


@pytest.mark.asyncio
async def test_the_overview_shows_no_ranges(mini_scenario, ready, analysed) -> None:  # type: ignore[no-untyped-def]
    """The overview has no selected capability, so no leader to keep: no stable ranges."""
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await analysed(pilot)
        await pilot.press("v")
        await analysed(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert all(r.stable is None for r in _weight_rows(app).values())
        await pilot.press("v")
        assert isinstance(app.screen, MainScreen)


@pytest.mark.asyncio
async def test_a_failing_analysis_is_reported_and_stops_computing(
    mini_scenario, ready, analysed, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import diversify.engine.robustness as rob

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("the weight margin must be between 0 and 1 (got 3)")

    monkeypatch.setattr(rob, "analyse", broken)
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await analysed(pilot)
        panel = app.screen.query_one("#analysis-robustness", AnalysisPanel)
        assert not panel.working and not app.analysis_status["robustness"].busy
        messages = [n.message for n in app._notifications]
        assert any("margin must be between 0 and 1" in m for m in messages)
        assert any(n.title.endswith("failed") for n in app._notifications)
        said = len(app._notifications)
        await pilot.press("right")
        await analysed(pilot)
        assert len(app._notifications) == said  # the same failure is not said on every key
        assert app.weights is not None and app.weights.as_dict()["cost"] == 41


@pytest.mark.asyncio
async def test_the_help_says_what_the_figures_mean(mini_scenario, ready) -> None:  # type: ignore[no-untyped-def]
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "stable range" in text and "standard error" in text


# ---------------------------------------------------------------------------------------
# the panel's layout and the formats, without the app
# ---------------------------------------------------------------------------------------


def _view(n: int, firsts: list[float]) -> AcceptabilityView:
    return AcceptabilityView(
        capability="spg",
        method="mavt",
        options=tuple(
            OptionLine(f"o{i}", f"System {i}", i + 1, firsts[i], 0.004 if 0 < firsts[i] < 1 else 0)
            for i in range(n)
        ),
        headline="System 1 comes first in 60% of 10,000 sampled weightings.",
        sentences=(),
        notes=(),
        samples=10_000,
        seed=7,
        weights="margin",
        margin=0.2,
    )


def _lines(view: AcceptabilityView, width: int, height: int | None) -> list[str]:
    console = Console(width=width, file=None, record=True)
    with console.capture() as cap:
        console.print(AcceptabilityBody(view), height=height)
    return [ln.rstrip() for ln in cap.get().splitlines()]


def test_body_shows_everything_when_there_is_room() -> None:
    lines = _lines(_view(3, [0.6, 0.3, 0.1]), 60, None)
    assert lines[0].split()[:5] == ["1", "System", "0", "60.0%", "±0.4"]
    assert lines[3] == "" and lines[4].startswith("System 1 comes first in 60%")


def test_body_keeps_whole_sentences_only() -> None:
    lines = _lines(_view(3, [0.6, 0.3, 0.1]), 60, 4)
    assert len(lines) == 3 and "comes first" not in "".join(lines)


def test_body_too_short_for_every_option_keeps_the_most_often_first() -> None:
    lines = _lines(_view(5, [0.2, 0.7, 0.0, 0.1, 0.0]), 60, 3)
    assert [ln.split()[2] for ln in lines[:2]] == ["0", "1"]  # ranks 1 and 2, in rank order
    assert lines[2] == "+3 more, each first in at most 10.0%"
    lines = _lines(_view(4, [0.5, 0.5, 0.0, 0.0]), 60, 3)
    assert lines[2] == "+2 more, never first"


def test_body_in_one_row_lists_every_option_inline() -> None:
    lines = _lines(_view(2, [0.4, 0.6]), 60, 1)
    assert lines == ["System 1 60.0% · System 0 40.0%"]


def test_body_with_every_option_screened_out_says_so() -> None:
    view = replace(_view(0, []), notes=("every option was screened out: nothing to test",))
    assert _lines(view, 60, None) == ["every option was screened out: nothing to test"]


def test_interval_format() -> None:
    assert interval(0.0, 1.0, 0.2) == "0–100%"
    assert interval(1 / 21, 1.0, 0.4) == "5–100%"
    # An end within a point of the current weight keeps a decimal: it is about to flip.
    assert interval(0.196, 0.5, 0.2) == "19.6–50%"
    assert interval(0.12, 0.5, 0.2, exact=False) == "≈12–50%"


def test_the_ui_sample_count_is_capped() -> None:
    """The scenario's 20,000 samples (bundled) become 10,000 in the UI; its seed is kept."""
    from diversify.engine.scoring import prepare_all, rerank
    from diversify.tui.robustness import run_acceptability

    data = load_scenario(None)
    prepared = prepare_all(data)
    points = dict(data.weights)
    inp = AnalysisInput(
        data, prepared, points, "mavt", None, rerank(prepared, points, "mavt"), "tanks"
    )
    view = run_acceptability(inp)
    assert data.robustness is not None and data.robustness.samples == 20_000
    assert view is not None and view.samples == MAX_SAMPLES and view.seed == data.robustness.seed
    assert run_acceptability(inp) == view  # seeded: the same figures every time
