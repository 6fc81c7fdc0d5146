"""Snapshots of the main screen, the overview and the help at 80x24 and 120x40.

Built with the same `make_app` factory the CLI uses, on the mini scenario (so edits to
the bundled data do not break them). The layout snapshots register no analyses
(``analyses=()``), so they do not move with the robustness figures; the robustness
snapshots register the default ones, whose SMAA is seeded (the mini scenario's
``robustness: {samples: 2000, seed: 3}``), and wait until they have shown. Regenerate
after an intended change with `pytest tests/tui/test_snapshots.py --snapshot-update` and
review the SVG diffs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from diversify.tui.app import make_app
from diversify.tui.capture import settle

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"
SIZES = [(80, 24), (120, 40)]


async def _ready(pilot: Pilot[None]) -> None:
    app = pilot.app
    for _ in range(3000):
        if getattr(app, "ranking", None) is not None:
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(MINI, analyses=()), terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_after_a_change(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Tanks with interoperability at 80 points: bravo overtakes alpha (▲1 / ▼1)."""

    async def change(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("tab", "down", "down", "8", "0", "enter")
        await _ready(pilot)

    assert snap_compare(make_app(MINI, analyses=()), terminal_size=size, run_before=change)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def overview(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(make_app(MINI, analyses=()), terminal_size=size, run_before=overview)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def help_screen(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(MINI, analyses=()), terminal_size=size, run_before=help_screen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_with_robustness(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """What `diversify tui` shows: stable ranges beside the weights, the SMAA panel."""

    async def robustness(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await settle(pilot)

    assert snap_compare(make_app(MINI), terminal_size=size, run_before=robustness)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_robustness_after_a_change(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Tanks with interoperability at 80 points: bravo leads, and the figures follow."""

    async def change(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("tab", "down", "down", "8", "0", "enter")
        await settle(pilot)

    assert snap_compare(make_app(MINI), terminal_size=size, run_before=change)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_walking_weights(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Tanks, interoperability walking: alpha first up to 60%, bravo after (▲ at 60%)."""

    async def walking(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("tab", "down", "down", "w")
        await _ready(pilot)

    assert snap_compare(make_app(MINI, analyses=()), terminal_size=size, run_before=walking)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_compare_with_a_profile(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """balanced vs speed-first: the submarines' leader changes (Lima → Kilo)."""

    async def compare(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("c", "down", "enter")
        await _ready(pilot)

    assert snap_compare(make_app(MINI, analyses=()), terminal_size=size, run_before=compare)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_with_the_programme_columns(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """What `diversify tui` shows on the overview: each leader's SMAA share (seeded) and
    its nearest switch point."""

    async def overview(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(make_app(MINI), terminal_size=size, run_before=overview)


def _with_portfolio(tmp_path: Path) -> Path:
    """The mini scenario with a portfolio capping Europe at 90% of spend (it binds)."""
    import shutil

    shutil.copytree(MINI.parent, tmp_path / "mini")
    scenario = tmp_path / "mini" / "scenario.yaml"
    with scenario.open("a") as f:
        f.write("portfolio:\n  caps: {Europe: 0.9}\n")
    return scenario


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_programme_strip(snap_compare, size: tuple[int, int], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The capabilities panel as the programme strip: each leader's bloc, its SMAA share
    (seeded), the nearest switch, and the spend by bloc against the (binding) cap."""

    async def strip(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await settle(pilot)

    app = make_app(_with_portfolio(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=strip)


def test_large_screen(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """200 x 60: the walking weights beside the ranking (wide columns), the explanation
    below with its sources, the spend as bars under the programme strip."""

    async def large(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("tab", "down", "down")  # tanks, interoperability
        await settle(pilot)

    app = make_app(_with_portfolio(tmp_path))
    assert snap_compare(app, terminal_size=(200, 60), run_before=large)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_with_the_programme_under_uncertainty(  # type: ignore[no-untyped-def]
    snap_compare, size: tuple[int, int], tmp_path: Path
) -> None:
    """The overview with a portfolio: the plan, then the robust portfolio (seeded) and
    the supply shock that hurts most, under it."""

    async def overview(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("v")
        await settle(pilot)

    app = make_app(_with_portfolio(tmp_path))
    assert snap_compare(app, terminal_size=size, run_before=overview)
