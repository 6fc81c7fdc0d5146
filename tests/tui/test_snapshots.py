"""Snapshots of the main screen, the overview and the help at 80x24 and 120x40.

Built with the same `make_app` factory the CLI uses, on the mini scenario (so edits to
the bundled data do not break them). Regenerate after an intended change with
`pytest tests/tui/test_snapshots.py --snapshot-update` and review the SVG diffs.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from diversify.tui.app import make_app

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
    assert snap_compare(make_app(MINI), terminal_size=size, run_before=_ready)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_after_a_change(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Tanks with interoperability at 80 points: bravo overtakes alpha (▲1 / ▼1)."""

    async def change(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("tab", "down", "down", "8", "0", "enter")
        await _ready(pilot)

    assert snap_compare(make_app(MINI), terminal_size=size, run_before=change)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def overview(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("v")
        await pilot.pause()

    assert snap_compare(make_app(MINI), terminal_size=size, run_before=overview)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def help_screen(pilot: Pilot[None]) -> None:
        await _ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app(MINI), terminal_size=size, run_before=help_screen)
