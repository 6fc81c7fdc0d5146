"""A plain-text capture of what the app shows, for docs and tests (no colours, no SVG).

``python -m diversify.tui.capture`` prints the main screen of the bundled scenario at
100 x 30, as shown in the README and docs/tui.md.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.app import App
from textual.pilot import Pilot


def screen_text(app: App[object]) -> str:
    """The current screen as plain text, one line per terminal row, trailing spaces cut."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    screen_render = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens
    )
    console.print(screen_render)
    text = console.export_text(styles=False)
    return "\n".join(line.rstrip() for line in text.splitlines()[:height]) + "\n"


async def capture(
    scenario: Path | None = None, size: tuple[int, int] = (100, 30), keys: Sequence[str] = ()
) -> str:
    """Open ``scenario`` headless at ``size``, press ``keys``, and return the screen as text."""
    from diversify.tui.app import make_app

    app = make_app(scenario)
    async with app.run_test(size=size) as pilot:
        for _ in range(6000):
            if app.ranking is not None or app.problems or app.load_error:
                break  # ranked, or the scenario has problems (read after the first paint)
            await pilot.pause(0.01)
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        return screen_text(app)


async def settle(pilot: Pilot[Any], timeout: float = 60.0) -> None:
    """Until every worker is done and every analysis (debounced, in threads) has shown."""
    import contextlib
    import time

    from textual.worker import WorkerCancelled, WorkerFailed

    app = pilot.app
    deadline = time.monotonic() + timeout
    while True:
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await app.workers.wait_for_complete()
        await pilot.pause()
        if not getattr(app, "analysing", False) or time.monotonic() > deadline:
            break
        await pilot.pause(0.02)
    await pilot.pause()


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m diversify.tui.capture [SCENARIO] [--size 100x30] [--keys tab,right]``."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(description="Print a plain-text capture of the TUI.")
    parser.add_argument("scenario", nargs="?", type=Path, default=None)
    parser.add_argument("--size", default="100x30", help="WIDTHxHEIGHT (default 100x30)")
    parser.add_argument("--keys", default="", help="comma-separated keys to press first")
    args = parser.parse_args(argv)
    width, height = (int(x) for x in args.size.lower().split("x"))
    keys = [k for k in args.keys.split(",") if k]
    print(asyncio.run(capture(args.scenario, (width, height), keys)), end="")


if __name__ == "__main__":
    main()
