"""The hook for slow analyses (robustness, portfolio) beside the live ranking.

An :class:`Analysis` is a pure ``run`` function (called in a thread worker, may take
seconds) and a quick ``render`` (called on the UI thread with what ``run`` returned).
Register analyses with :func:`diversify.tui.app.make_app`; each one gets an
:class:`~diversify.tui.widgets.AnalysisPanel` on the screen it names. After every
re-ranking, once the weights have been still for ``delay`` seconds, the app runs each
analysis in its own exclusive worker group (``analysis-<id>``), so a newer weighting
cancels an older run and typing is never blocked. Results from a superseded weighting
are dropped.

Example (what the robustness work can plug in)::

    Analysis(
        id="robustness",
        title="Robustness (SMAA)",
        run=lambda inp: smaa(inp.prepared, inp.points, ...),
        render=render_acceptabilities,
    )
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from rich.console import RenderableType

from diversify.engine.results import CapabilityResult
from diversify.engine.scoring import Prepared
from diversify.model.resolved import ScenarioData

__all__ = ["Analysis", "AnalysisInput"]


@dataclass(frozen=True)
class AnalysisInput:
    """What an analysis sees: the scenario, its preparation and the current weighting."""

    scenario: ScenarioData
    prepared: tuple[Prepared, ...]
    points: Mapping[str, float]
    """The shared criterion weights in points, as the user set them."""
    method: str
    params: Any
    results: tuple[CapabilityResult, ...]
    """The ranking these weights gave (already computed)."""


@dataclass(frozen=True)
class Analysis:
    """A slow analysis shown in its own panel and re-run after each change."""

    id: str
    title: str
    run: Callable[[AnalysisInput], Any]
    """Pure and thread-safe: runs in a worker thread."""
    render: Callable[[Any], RenderableType]
    """Quick: turns ``run``'s result into something to show, on the UI thread."""
    screen: Literal["main", "overview"] = "main"
    delay: float = 0.25
    """Seconds of quiet after the last change before running (debounce)."""
