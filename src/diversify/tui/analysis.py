"""The hook for slow analyses (robustness, portfolio) beside the live ranking.

An :class:`Analysis` is a pure ``run`` function (called in a thread worker, may take
seconds) and a quick ``render`` (called on the UI thread with what ``run`` returned).
Register analyses with :func:`diversify.tui.app.make_app`; each one with a ``render``
gets an :class:`~diversify.tui.widgets.AnalysisPanel` on the screen it names, in the
``place`` it names. After every re-ranking, once the weights have been still for
``delay`` seconds, the app runs each analysis in its own exclusive worker group
(``analysis-<id>``), so typing is never blocked. An analysis with ``per_capability``
sees the capability selected on the main screen and is re-run when the selection moves.

A thread cannot be stopped, only told it is cancelled (``get_current_worker().
is_cancelled``), so the app keeps at most one run of an analysis going: a change that
arrives while it runs cancels it (its result is dropped) and the newest input waits for
the thread to end, then runs. A burst of key presses therefore costs at most two runs,
never a pile of threads competing with the screen.

Every accepted result is also published on the app (``DiversifyApp.analysis_status``,
an :class:`AnalysisStatus` per id), so a screen can show it in its own widgets: the
weights panel reads the stability intervals this way (an analysis without ``render``
has no panel at all).

Example (a portfolio view plugs in the same way as the robustness ones in
:mod:`diversify.tui.robustness`: a module with a ``run`` that calls the engine, here
:mod:`diversify.engine.portfolio`, imported inside ``run``, and a ``render`` that only
formats; then add it to what :func:`diversify.tui.app.make_app` registers by default)::

    Analysis(
        id="portfolio",
        title="Portfolio",
        run=run_portfolio,          # AnalysisInput -> plain result (worker thread)
        render=render_portfolio,    # result -> Rich renderable or Rendered (UI thread)
        screen="overview",          # or "main" with place="bottom": a full-width strip
        delay=0.5,
    )
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from rich.console import RenderableType

if TYPE_CHECKING:  # the app paints before the engine and the model are imported
    from diversify.engine.results import CapabilityResult
    from diversify.engine.scoring import Prepared
    from diversify.model.resolved import ScenarioData

__all__ = ["Analysis", "AnalysisInput", "AnalysisStatus", "Rendered"]


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
    capability: str | None = None
    """The capability selected on the main screen (None before the first ranking)."""
    caps: Mapping[str, float] | None = None
    """Every portfolio cap (bloc or country -> share 0..1) when the overview edited one,
    replacing the scenario's; None: the scenario's own caps."""


@dataclass(frozen=True)
class Rendered:
    """What ``render`` may return instead of a bare renderable: a body and a subtitle.

    The subtitle goes on the panel's bottom border (e.g. how many samples were drawn),
    where the panel adds "computing…" while a newer run is on its way.
    """

    body: RenderableType
    subtitle: str = ""


@dataclass(frozen=True)
class Analysis:
    """A slow analysis shown in its own panel (or by a screen) and re-run after each change."""

    id: str
    title: str
    run: Callable[[AnalysisInput], Any]
    """Pure and thread-safe: runs in a worker thread. It may check
    ``textual.worker.get_current_worker().is_cancelled`` between steps and return early."""
    render: Callable[[Any], RenderableType | Rendered] | None = None
    """Quick: turns ``run``'s result into something to show, on the UI thread. None: no
    panel; a screen reads the result from ``DiversifyApp.analysis_status`` instead."""
    screen: Literal["main", "overview"] = "main"
    place: Literal["bottom", "side"] = "bottom"
    """Where the panel goes: ``bottom``, a full-width strip under the screen's panels;
    ``side``, under the weights panel (narrow, beside the explanation)."""
    delay: float = 0.25
    """Seconds of quiet after the last change before running (debounce); 0 runs at once."""
    per_capability: bool = False
    """Runs for the selected capability only, and again when the selection moves."""
    help: str = ""
    """A sentence for the help screen: what the panel's figures mean."""
    when_shown: bool = False
    """Runs only while its ``screen`` is open (and once when it opens): for figures no
    other screen shows, so a closed screen's analysis costs the typing nothing."""


@dataclass(frozen=True)
class AnalysisStatus:
    """An analysis' latest accepted result and whether a newer one is on its way."""

    data: Any = None
    """``run``'s latest result for the current selection (None before the first)."""
    capability: str | None = None
    """The capability ``data`` is for (per-capability analyses)."""
    busy: bool = False
    """A run for newer input is scheduled or running: ``data`` may be out of date."""
    slow: bool = False
    """That run has taken long enough (:data:`~diversify.tui.analysing.SLOW_S`) to say so."""
