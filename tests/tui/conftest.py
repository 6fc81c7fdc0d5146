"""Helpers for driving the app headless: wait until it is ready, then until it settles."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerCancelled, WorkerFailed

from diversify.tui.app import DiversifyApp
from diversify.tui.capture import settle as settle_analyses

Settle = Callable[[Pilot[None]], Awaitable[None]]


async def wait_ready(pilot: Pilot[None]) -> None:
    """Until the scenario is prepared and first ranked (preparation runs in a worker)."""
    app = pilot.app
    assert isinstance(app, DiversifyApp)
    for _ in range(3000):
        if app.ranking is not None:
            break
        await pilot.pause(0.01)
    assert app.ranking is not None, "the app never showed a ranking"
    await settle(pilot)


async def settle(pilot: Pilot[None]) -> None:
    """Until every worker is done and its message handled and painted.

    A failed worker is the app's business (it reports failures itself), not the wait's;
    so is one the app cancelled (an analysis replaced by a newer one). Analyses still
    waiting for quiet (debounced) are not waited for: use ``analysed`` for that.
    """
    for _ in range(2):
        with contextlib.suppress(WorkerFailed, WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.fixture
def ready() -> Settle:
    return wait_ready


@pytest.fixture
def settled() -> Settle:
    return settle


@pytest.fixture
def analysed() -> Settle:
    """Until the analyses (stability, robustness) have run for the current state and shown."""
    return settle_analyses
