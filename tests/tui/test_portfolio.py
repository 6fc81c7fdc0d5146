"""The portfolio panel on the overview: the engine's plan for the weights on screen.

The figures must be :func:`diversify.engine.programme.plan`'s for the current weights
(with the scenario's ``portfolio:`` levers), computed in a worker after the weights settle;
the panel exists only when the scenario has a ``portfolio:`` section.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from rich.console import Console

from diversify.engine.programme import plan
from diversify.tui.app import DiversifyApp, make_app
from diversify.tui.portfolio import (
    PORTFOLIO_ID,
    PortfolioBody,
    PortfolioView,
    share_bar,
)
from diversify.tui.screens import OverviewScreen
from diversify.tui.widgets import AnalysisPanel

SIZE = (120, 40)


@pytest.fixture
def mini_portfolio(tmp_path: Path, mini_scenario: Path) -> Path:
    """The mini scenario with a ``portfolio:`` section capping the US at half of spend."""
    root = tmp_path / "mini"
    shutil.copytree(mini_scenario.parent, root)
    path = root / "scenario.yaml"
    path.write_text(path.read_text() + "portfolio: {caps: {US: 0.5}}\n")
    return path


def _panel_text(app: DiversifyApp) -> str:
    panel = app.screen.query_one(f"#analysis-{PORTFOLIO_ID}", AnalysisPanel)
    console = Console(width=panel.content_size.width, color_system=None, file=None)
    with console.capture() as cap:
        console.print(panel.render(), height=panel.content_size.height)
    return cap.get()


@pytest.mark.asyncio
async def test_after_a_weight_change_the_shares_are_plans(
    mini_portfolio: Path, ready: Any, settled: Any, analysed: Any
) -> None:
    """Change a weight on the overview: the panel's bloc shares are ``plan``'s for it."""
    app = make_app(mini_portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await analysed(pilot)
        assert isinstance(app.screen, OverviewScreen)
        before = app.analysis_status[PORTFOLIO_ID].data
        assert isinstance(before, PortfolioView)
        await pilot.press("down", "down", "right", "right", "right")  # interoperability +3
        await settled(pilot)
        await analysed(pilot)
        assert app.weights is not None and app.data is not None
        points = app.weights.as_dict()
        assert points["interoperability"] == 33
        expected = plan(app.data, weights=points, value_costs=False).portfolio
        view = app.analysis_status[PORTFOLIO_ID].data
        assert isinstance(view, PortfolioView)
        assert view.status == expected.status == "optimal"
        shares = {s.bloc: s.share for s in view.shares}
        assert shares.keys() == {b for b in expected.share_by_bloc}
        assert np.allclose(
            [shares[b] for b in expected.share_by_bloc], list(expected.share_by_bloc.values())
        )
        assert {c.capability: c.system for c in view.chosen}.keys() == expected.chosen.keys()
        assert view.hhi_bloc == pytest.approx(expected.hhi_bloc)
        assert {s.bloc: s.cap for s in view.shares}["US"] == 0.5
        text = _panel_text(app)
        digits = (
            1 if app.screen.query_one(f"#analysis-{PORTFOLIO_ID}").content_size.width >= 30 else 0
        )
        for s in view.shares:
            line = next(ln for ln in text.splitlines() if ln.startswith(s.bloc[:3]))
            assert f"{100 * s.share:.{digits}f}%" in line
        assert "≤50%" in text and "HHI by bloc" in text


@pytest.mark.asyncio
async def test_no_portfolio_section_no_panel(mini_scenario: Path, ready: Any) -> None:
    app = make_app(mini_scenario)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        assert app.data is not None and app.data.portfolio is None
        assert PORTFOLIO_ID not in {a.id for a in app.analyses}
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, OverviewScreen)
        assert not app.screen.query(f"#analysis-{PORTFOLIO_ID}")


@pytest.mark.asyncio
async def test_the_bundled_scenario_gets_the_panel(ready: Any) -> None:
    """Known once the scenario is read (after the first paint): it has a portfolio."""
    for analyses, registered in ((None, True), ((), False)):
        app = make_app(analyses=analyses)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert (PORTFOLIO_ID in {a.id for a in app.analyses}) is registered


def test_the_bar_marks_the_cap() -> None:
    bar = share_bar(0.2, 0.5, 10)
    assert bar.plain == "██···│····"
    assert share_bar(0.7, None, 10).plain == "███████···"
    assert share_bar(0.0, 1.0, 4).plain == "···│"


def test_an_infeasible_portfolio_explains_itself() -> None:
    view = PortfolioView(
        status="infeasible",
        chosen=(),
        shares=(),
        hhi_bloc=None,
        binding=(),
        value_lost=None,
        explanation="US cap 5%: raise it to at least 12.0%",
        value=None,
        spend=None,
        currency="CAD",
        settings="",
    )
    console = Console(width=60, record=True, file=None)
    with console.capture() as cap:
        console.print(PortfolioBody(view))
    text = cap.get()
    assert "No portfolio meets every constraint." in text
    assert "raise it to at least 12.0%" in text


@pytest.mark.asyncio
async def test_lowering_the_us_cap_replans_with_the_new_cap(
    mini_portfolio: Path, ready: Any, analysed: Any
) -> None:
    """`,` on the overview lowers the US cap 50% -> 45% for the session: the panel is
    ``plan(..., caps={"US": 0.45})``, marked (edited), and the file keeps 50%."""
    app = make_app(mini_portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await analysed(pilot)
        await pilot.press("comma")
        await analysed(pilot)
        assert app.cap_edits == {"US": 0.45}
        assert app.data is not None and app.weights is not None
        expected = plan(app.data, weights=app.weights.as_dict(), caps={"US": 0.45}).portfolio
        view = app.analysis_status[PORTFOLIO_ID].data
        assert isinstance(view, PortfolioView)
        assert view.status == expected.status
        shares = {s.bloc: s for s in view.shares}
        assert shares["US"].cap == 0.45 and shares["US"].edited
        assert not any(s.edited for s in view.shares if s.bloc != "US")
        assert np.allclose(
            [shares[b].share for b in expected.share_by_bloc],
            list(expected.share_by_bloc.values()),
        )
        assert "≤45% (edited)" in _panel_text(app)
        assert "US: 0.5" in mini_portfolio.read_text()
        await pilot.press("full_stop")  # back to the file's 50%: no longer an edit
        await analysed(pilot)
        assert app.cap_edits == {}
        view = app.analysis_status[PORTFOLIO_ID].data
        assert {s.bloc: s.cap for s in view.shares}["US"] == 0.5
        assert "(edited)" not in _panel_text(app)


@pytest.mark.asyncio
async def test_cap_keys_choose_the_bloc_and_stay_in_range(
    mini_portfolio: Path, ready: Any, analysed: Any
) -> None:
    app = make_app(mini_portfolio)
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("v")
        await analysed(pilot)
        await pilot.press("b")
        assert app.cap_bloc == "Europe"
        await pilot.press("B", "B")
        assert app.cap_bloc == "Other"
        await pilot.press("full_stop")  # uncapped is 100%: nothing higher
        assert app.cap_edits == {}
        await pilot.press(*["comma"] * 21)  # 100% down to 0%, never below
        assert app.cap_edits == {"Other": 0.0}
        await analysed(pilot)
        assert app.portfolio_caps() == {"US": 0.5, "Other": 0.0}


def test_no_portfolio_no_cap_edit(mini_scenario: Path) -> None:
    app = make_app(mini_scenario)
    app.notify = lambda *a, **k: None  # type: ignore[method-assign]
    app.edit_cap(-0.05)
    assert app.cap_edits == {} and app.portfolio_caps() is None
