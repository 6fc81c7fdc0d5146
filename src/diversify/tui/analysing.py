"""Running the slow analyses (robustness, portfolio) beside the live ranking.

A mixin of :class:`~diversify.tui.app.DiversifyApp`, the app's side of the hook in
:mod:`diversify.tui.analysis`: after every re-ranking (and when the selected capability
moves, or a cap is edited) each analysis is asked for again; it waits for its ``delay``
of quiet, runs in its own exclusive thread worker, and only the latest request's result
is shown (a token per request). A run still going when a newer request starts is told
it is cancelled and the newest input waits for it to end, so a burst of keys costs at
most two runs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from types import MappingProxyType
from typing import Any

from rich.console import RenderableType
from textual.message import Message
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

from diversify.tui.analysis import Analysis, AnalysisInput, AnalysisStatus, Rendered
from diversify.tui.widgets import AnalysisPanel

SLOW_S = 0.3
"""An analysis still running after this many seconds is marked slow (its old figures dim)."""


@dataclass
class AnalysisReady(Message):
    """An analysis finished: its result, for the request ``token``."""

    analysis: Analysis
    token: int
    capability: str | None
    data: Any


@dataclass
class AnalysisEnded(Message):
    """An analysis' thread ended (finished, failed or gave up after a cancel)."""

    analysis: Analysis


class AnalysesMixin:
    """The analyses' scheduling (see the module docstring); only works mixed into the app."""

    analyses: tuple[Analysis, ...]
    analysis_status: Any
    selected_capability: str | None
    _analysis_token: dict[str, int]
    _analysis_timers: dict[str, Timer]
    _analysis_running: dict[str, Worker[None]]
    _analysis_queued: set[str]
    _rendered: dict[str, tuple[Any, RenderableType | Rendered]]

    def select_capability(self, cap_id: str | None) -> None:
        """The main screen moved to another capability: re-run the per-capability analyses."""
        if cap_id == self.selected_capability:
            return
        self.selected_capability = cap_id
        self._schedule_analyses([a for a in self.analyses if a.per_capability])

    @property
    def analysing(self) -> bool:
        """True while an analysis is waiting for quiet, running, or queued behind a run."""
        return bool(self._analysis_timers or self._analysis_running or self._analysis_queued)

    def _schedule_analyses(self, analyses: Sequence[Analysis] | None = None) -> None:
        """Ask for fresh results of ``analyses`` (all by default) for the current state.

        Each request gets a new token, so any result still on its way is dropped. An
        analysis with a delay waits for that much quiet (a newer request restarts the
        wait); one without starts at once.
        """
        todo = self.analyses if analyses is None else tuple(analyses)
        todo = tuple(a for a in todo if not a.when_shown or self._shown(a.screen))
        if not todo:
            return
        status = dict(self.analysis_status)
        newly_busy = []
        for analysis in todo:
            key = analysis.id
            self._analysis_token[key] = self._analysis_token.get(key, 0) + 1
            before = status.get(key, AnalysisStatus())
            if not before.busy or before.slow:
                status[key] = replace(before, busy=True, slow=False)
                newly_busy.append(analysis)
            timer = self._analysis_timers.pop(key, None)
            if timer is not None:
                timer.stop()
            if analysis.delay > 0:
                self._analysis_timers[key] = self.set_timer(
                    analysis.delay, partial(self._start_analysis, analysis)
                )
        if newly_busy:
            # Only the first change of a burst repaints: the next ones just restart waits.
            self.analysis_status = MappingProxyType(status)
            self._refresh_panels(newly_busy)
        if analyses is not None:
            self._refresh_panels(todo)  # another capability: its figures are not current
        for analysis in todo:
            if analysis.delay <= 0:
                # After the next refresh: the new ranking reaches the screen first.
                self.call_after_refresh(self._start_analysis, analysis)

    def _shown(self, screen: str) -> bool:
        """Whether a screen of that kind (``main``, ``overview``) is open."""
        from diversify.tui.screens import MainScreen, OverviewScreen

        kind = OverviewScreen if screen == "overview" else MainScreen
        return any(isinstance(s, kind) for s in self.screen_stack)

    def screen_opened(self, screen: str) -> None:
        """A screen opened: run its analyses that wait for it (their figures may be old)."""
        self._schedule_analyses([a for a in self.analyses if a.when_shown and a.screen == screen])

    def _analysis_input(self) -> AnalysisInput | None:
        ranking, weights, data = self.ranking, self.weights, self.data
        if ranking is None or weights is None or data is None or self.prepared is None:
            return None
        if ranking.generation != self._generation:
            return None  # a newer re-ranking is on its way; it schedules the analyses again
        return AnalysisInput(
            scenario=data,
            prepared=self.prepared,
            points=weights.as_dict(),
            method=ranking.method,
            params=self.method_params(ranking.method),
            results=ranking.results,
            capability=self.selected_capability,
            caps=self.portfolio_caps(),
        )

    def _start_analysis(self, analysis: Analysis) -> None:
        """Run ``analysis`` on the current state, or queue it behind the run in progress."""
        key = analysis.id
        self._analysis_timers.pop(key, None)
        running = self._analysis_running.get(key)
        if running is not None:
            # A thread cannot be stopped: tell it its result is unwanted, run when it ends.
            running.cancel()
            self._analysis_queued.add(key)
            return
        inp = self._analysis_input()
        if inp is None:
            return
        token = self._analysis_token.get(key, 0)
        self._analysis_running[key] = self.run_worker(
            partial(self._run_analysis, analysis, inp, token),
            thread=True,
            exclusive=True,
            group=f"analysis-{key}",
            # Named: Textual would otherwise describe the worker by repr() of its callable,
            # which prints the whole scenario (about 50 ms on the UI thread per run).
            description=f"analysis {key}",
            exit_on_error=False,
        )
        self.set_timer(SLOW_S, partial(self._mark_slow, key, token))

    def _run_analysis(self, analysis: Analysis, inp: AnalysisInput, token: int) -> None:
        try:
            data = analysis.run(inp)
            if not get_current_worker().is_cancelled:
                self.post_message(AnalysisReady(analysis, token, inp.capability, data))
        finally:
            self.post_message(AnalysisEnded(analysis))

    def on_analysis_ready(self, message: AnalysisReady) -> None:
        key = message.analysis.id
        if message.token != self._analysis_token.get(key):
            return  # superseded: newer weights or another capability
        status = dict(self.analysis_status)
        status[key] = AnalysisStatus(data=message.data, capability=message.capability)
        self.analysis_status = MappingProxyType(status)
        self._analysis_errors.pop(key, None)
        self._refresh_panels([message.analysis])

    def on_analysis_ended(self, message: AnalysisEnded) -> None:
        key = message.analysis.id
        self._analysis_running.pop(key, None)
        if key in self._analysis_queued:
            self._analysis_queued.discard(key)
            self._start_analysis(message.analysis)

    def _mark_slow(self, key: str, token: int) -> None:
        status = self.analysis_status.get(key)
        if status is None or not status.busy or token != self._analysis_token.get(key):
            return
        self.analysis_status = MappingProxyType(
            {**self.analysis_status, key: replace(status, slow=True)}
        )

    def _settle_failed(self, key: str) -> None:
        """An analysis failed: its panel stops saying "computing…"."""
        status = self.analysis_status.get(key)
        if status is not None and status.busy:
            self.analysis_status = MappingProxyType(
                {**self.analysis_status, key: replace(status, busy=False, slow=False)}
            )
        self._refresh_panels([a for a in self.analyses if a.id == key])

    def show_analyses(self) -> None:
        """Fill every analysis panel with its latest result (a screen that just mounted)."""
        self._refresh_panels(self.analyses)

    def _refresh_panels(self, analyses: Iterable[Analysis]) -> None:
        """Show each analysis' latest result (for the selected capability) in its panels."""
        for analysis in analyses:
            if analysis.render is None:
                continue
            status = self.analysis_status.get(analysis.id, AnalysisStatus())
            current = status.data is not None and (
                not analysis.per_capability or status.capability == self.selected_capability
            )
            rendered: RenderableType | Rendered | None = None
            if current:
                cached = self._rendered.get(analysis.id)
                if cached is None or cached[0] is not status.data:
                    cached = (status.data, analysis.render(status.data))
                    self._rendered[analysis.id] = cached
                rendered = cached[1]
            for panel in self._analysis_panels(analysis.id):
                panel.show(rendered, working=status.busy)

    def _analysis_panels(self, analysis_id: str | None = None) -> Iterable[AnalysisPanel]:
        selector = f"#analysis-{analysis_id}" if analysis_id else "AnalysisPanel"
        for screen in self.screen_stack:
            yield from screen.query(selector).results(AnalysisPanel)
