"""The diversify terminal UI: change criterion weights and watch every ranking respond.

The app owns the session's state (weights, profile, method, the latest ranking) as
typed reactives; screens watch them and push what they need into their widgets. Every
change re-ranks all capabilities through the engine (:func:`diversify.engine.scoring.
rerank`, which reuses the preparation done once at start) in a thread worker, so typing
never waits for scoring; an older re-ranking still running when a newer change arrives
is cancelled and its result dropped. Slow work (preparing the scenario, saving,
exporting, the robustness analyses) runs in workers too, and worker failures are handled
in one place, :meth:`DiversifyApp.on_worker_state_changed`. Analyses plug in through
:mod:`diversify.tui.analysis`; :func:`make_app` registers the robustness ones
(:mod:`diversify.tui.robustness`) unless given others.

A scenario that fails to load opens :class:`~diversify.tui.screens.ProblemsScreen`,
which lists every problem (file:line, field, explanation) instead of crashing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from rich.console import RenderableType
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from diversify.engine.results import CapabilityResult
from diversify.engine.scoring import MethodError, Prepared, prepare_all, rerank
from diversify.io.problems import FileAccessError, InputError, Problem
from diversify.model.resolved import ScenarioData
from diversify.tui.analysis import Analysis, AnalysisInput, AnalysisStatus, Rendered
from diversify.tui.state import Edit, RankingState, WeightState, apportion
from diversify.tui.widgets import AnalysisPanel, StatusInfo

__all__ = ["DiversifyApp", "make_app"]

INLINE_MS = 4.0
"""A re-ranking that took less than this (ms) last time runs without a worker."""

SLOW_S = 0.3
"""An analysis still running after this many seconds is marked slow (its old figures dim)."""

METHOD_NAMES = ("mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2")


class DiversifyApp(App[None]):
    """Interactive weighting of a scenario; build it with :func:`make_app`.

    The session state is held in ``var`` reactives (watched, but never repainting the
    whole app): screens watch them and repaint only the widgets whose data changed.
    """

    CSS_PATH = "app.tcss"
    TITLE = "diversify"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]  # noqa: RUF012
    BINDINGS = [  # noqa: RUF012
        Binding("question_mark,f1", "help", "help", key_display="?", id="help"),
        Binding("q,ctrl+q", "quit", "quit", key_display="q", id="quit"),
    ]

    weights: var[WeightState | None] = var(None, init=False)
    """The shared criteria's points and locks; every change of points re-ranks."""
    method: var[str] = var("mavt", init=False)
    """The ranking method (a key of ``diversify.engine.methods.METHODS``)."""
    profile: var[str | None] = var(None, init=False)
    """The profile the weights started from; None when they came from the scenario file."""
    ranking: var[RankingState | None] = var(None, init=False)
    """The engine's latest results, with the ranks they replaced."""
    status: var[StatusInfo | None] = var(None, init=False)
    """What the status line shows; recomputed whenever one of its parts changes."""
    criterion_index: var[int] = var(0, init=False)
    """The selected shared criterion (shared by the main and overview screens)."""
    analysis_status: var[Mapping[str, AnalysisStatus]] = var(MappingProxyType({}), init=False)
    """Each analysis' latest result and whether a newer one is on its way (by id)."""

    @dataclass
    class ScenarioReady(Message):
        """The scenario is screened and its value matrices are built."""

        prepared: tuple[Prepared, ...]

    @dataclass
    class Ranked(Message):
        """A re-ranking finished."""

        generation: int
        method: str
        results: tuple[CapabilityResult, ...]
        elapsed_ms: float

    @dataclass
    class Saved(Message):
        """A profile was written into the criteria file."""

        name: str
        points: dict[str, float]
        file: str

    @dataclass
    class Exported(Message):
        path: Path

    @dataclass
    class AnalysisReady(Message):
        analysis: Analysis
        token: int
        capability: str | None
        data: Any

    @dataclass
    class AnalysisEnded(Message):
        """An analysis' thread ended (finished, failed or gave up after a cancel)."""

        analysis: Analysis

    def __init__(
        self,
        data: ScenarioData | None,
        *,
        source: Path | None = None,
        problems: Sequence[Problem] = (),
        load_error: str | None = None,
        analyses: Sequence[Analysis] = (),
        keymap: Mapping[str, str] | None = None,
        allow_outside: bool = False,
    ) -> None:
        super().__init__()
        self.data = data
        self.allow_outside = allow_outside
        """Whether the scenario may name files outside its folder (``--allow-outside``)."""
        """The scenario (None when it failed to load); replaced, never mutated, on save."""
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.load_error = load_error
        self.analyses: tuple[Analysis, ...] = tuple(analyses)
        self.prepared: tuple[Prepared, ...] | None = None
        self.baseline: dict[str, float] = {}
        """The points last loaded or saved: a difference is an unsaved change."""
        self._generation = 0
        self._engine_ms = float("inf")
        """How long the last re-ranking took (the first one, with imports, runs in a worker)."""
        self._good_method = "mavt"
        self._busy = ""
        self.selected_capability: str | None = None
        """The capability the main screen shows (per-capability analyses run for it)."""
        self._analysis_token: dict[str, int] = {}
        """Counts requests per analysis; only the latest request's result is shown."""
        self._analysis_timers: dict[str, Timer] = {}
        self._analysis_running: dict[str, Worker[None]] = {}
        self._analysis_queued: set[str] = set()
        self._rendered: dict[str, tuple[Any, RenderableType | Rendered]] = {}
        """The last rendering of each analysis, with the result it was made from."""
        self._analysis_errors: dict[str, str] = {}
        """The last failure said per analysis: the same one is not repeated on every key."""
        self._quit_after_save = False
        self.cap_edits: dict[str, float] = {}
        """Portfolio caps changed on the overview (bloc -> share 0..1): this session only,
        never written to the scenario file."""
        self.cap_bloc = "US"
        """The bloc whose cap the overview's cap keys change."""
        if data is not None:
            self.title = data.name
        if keymap:
            self.set_keymap(dict(keymap))

    # ----------------------------------------------------------------------------------
    # start-up
    # ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.data is None:
            from diversify.tui.screens import ProblemsScreen

            self.push_screen(ProblemsScreen(self.problems, self.load_error, self.source))
            return
        self.start_session()

    def start_session(self) -> None:
        """Show the main screen and prepare the scenario in a worker."""
        from diversify.tui.screens import MainScreen

        assert self.data is not None
        self._set_busy("preparing…")
        self.push_screen(MainScreen())
        self._prepare(self.data)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False)
    def _prepare(self, data: ScenarioData) -> None:
        prepared = prepare_all(data)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ScenarioReady(prepared))

    @on(ScenarioReady)
    def _on_ready(self, message: DiversifyApp.ScenarioReady) -> None:
        data = self.data
        assert data is not None
        self.prepared = message.prepared
        ids = [c.id for c in data.criteria]
        points = dict(data.weights)
        if not points or sum(points.values()) <= 0:
            # Data-driven weights (entropy, CRITIC) have no points: start from equal ones.
            points = dict(zip(ids, apportion([1.0] * len(ids), 100.0), strict=True))
            self.notify(
                "This scenario's weights are computed from the data; the weights here start "
                "equal. Set them, then save them as a profile.",
                timeout=8,
            )
        self.baseline = dict(points)
        self.selected_capability = data.capabilities[0].id if data.capabilities else None
        self.set_reactive(DiversifyApp.method, data.method)
        self._good_method = data.method
        self.set_reactive(DiversifyApp.profile, data.profile)
        self._set_busy("")
        self.weights = WeightState.from_points(ids, points)

    def reload(self) -> None:
        """Load the scenario file again (from the problems screen, after the user fixed it)."""
        try:
            from diversify.io.loader import load_scenario

            data = load_scenario(self.source, allow_outside=self.allow_outside)
        except InputError as err:
            self.problems, self.load_error = err.problems, None
        except FileAccessError as err:
            self.problems, self.load_error = (), str(err)
        else:
            self.data, self.problems, self.load_error = data, (), None
            self.title = data.name
            self.pop_screen()
            self.start_session()
            return
        from diversify.tui.screens import ProblemsScreen

        self.switch_screen(ProblemsScreen(self.problems, self.load_error, self.source))
        self.notify("Still not valid: see the list.", severity="warning")

    # ----------------------------------------------------------------------------------
    # the live path: weights / method -> rerank in a worker -> ranking
    # ----------------------------------------------------------------------------------

    def watch_weights(self, old: WeightState | None, new: WeightState | None) -> None:
        self._refresh_status()
        if new is not None and (old is None or old.points != new.points):
            self.request_ranking()

    def watch_method(self) -> None:
        self._refresh_status()
        self.request_ranking()

    def watch_profile(self) -> None:
        self._refresh_status()

    def method_params(self, method: str | None = None) -> Any:
        """The scenario's parameters for its own method; defaults for any other."""
        method = method or self.method
        data = self.data
        return data.method_params if data is not None and method == data.method else None

    def request_ranking(self) -> None:
        """Re-rank every capability with the current weights and method.

        In a thread worker, so typing never waits for the engine; except when the last
        re-ranking took under :data:`INLINE_MS` with the MAVT fast path (the bundled
        scenario takes about 1.5 ms), where the hop to a thread and back would cost more
        than the work itself: then it runs at once and the new weights and the new
        ranking reach the screen in the same frame.
        """
        if self.prepared is None or self.weights is None:
            return
        self._generation += 1
        points, method = self.weights.as_dict(), self.method
        if method == "mavt" and self._engine_ms < INLINE_MS:
            start = time.perf_counter()
            results = rerank(self.prepared, points, method, self.method_params(method))
            elapsed = (time.perf_counter() - start) * 1000
            self._apply_ranking(self._generation, method, results, elapsed)
            return
        self._rank(self._generation, points, method)

    @work(thread=True, exclusive=True, group="ranking", exit_on_error=False)
    def _rank(self, generation: int, points: dict[str, float], method: str) -> None:
        assert self.prepared is not None
        start = time.perf_counter()
        results = rerank(self.prepared, points, method, self.method_params(method))
        elapsed = (time.perf_counter() - start) * 1000
        if not get_current_worker().is_cancelled:
            self.post_message(self.Ranked(generation, method, results, elapsed))

    @on(Ranked)
    def _on_ranked(self, message: DiversifyApp.Ranked) -> None:
        self._apply_ranking(message.generation, message.method, message.results, message.elapsed_ms)

    def _apply_ranking(
        self,
        generation: int,
        method: str,
        results: tuple[CapabilityResult, ...],
        elapsed_ms: float,
    ) -> None:
        if generation != self._generation:
            return  # a newer change is being ranked
        self._good_method = method
        self._engine_ms = elapsed_ms
        previous = self.ranking.ranks() if self.ranking is not None else {}
        self.ranking = RankingState(
            results=results,
            generation=generation,
            method=method,
            previous=previous,
            elapsed_ms=elapsed_ms,
        )
        self._schedule_analyses()

    # ----------------------------------------------------------------------------------
    # edits the screens ask for
    # ----------------------------------------------------------------------------------

    @property
    def unsaved(self) -> bool:
        """True when the weights differ from the ones last loaded or saved."""
        return self.weights is not None and not self.weights.same_points(self.baseline)

    def apply_edit(self, edit: Edit) -> None:
        """Take a weight edit; say so when it was limited (a lock, a zero floor)."""
        if edit.note:
            self.notify(edit.note, severity="warning", timeout=4)
        if self.weights != edit.state:
            self.weights = edit.state

    def apply_profile(self, name: str | None) -> None:
        """Switch to a profile's weights (None: the scenario file's own weights)."""
        data = self.data
        if data is None or self.weights is None:
            return
        points = dict(data.profiles[name]) if name is not None else dict(data.weights)
        self.baseline = dict(points)
        self.profile = name
        locked = self.weights.locked
        self.weights = WeightState.from_points(self.weights.ids, points).with_locks(locked)
        self._refresh_status()

    def reset_weights(self) -> None:
        """Back to the profile (or scenario weights) the session last loaded or saved.

        Locks stay (a lock says "keep this criterion's points while the others move",
        which a reset does not contradict); the message names them, so none is kept
        without the room knowing.
        """
        if self.weights is None:
            return
        locked = self.weights.locked
        self.weights = WeightState.from_points(self.weights.ids, self.baseline).with_locks(locked)
        said = "Weights reset to " + self.origin_label()
        if locked:
            names = ", ".join(i for i in self.weights.ids if i in locked)
            said += f"; still locked: {names} (l unlocks)"
        self.notify(said, timeout=4)

    def set_method(self, name: str) -> None:
        if name in METHOD_NAMES:
            self.method = name

    def origin_label(self) -> str:
        return f"profile `{self.profile}`" if self.profile else "the scenario's weights"

    # ----------------------------------------------------------------------------------
    # saving and exporting
    # ----------------------------------------------------------------------------------

    def criteria_path(self) -> Path | None:
        data = self.data
        return Path(data.criteria_file) if data is not None and data.criteria_file else None

    def save_refusal(self) -> str | None:
        """Why the profile cannot be saved here, or None when it can."""
        path = self.criteria_path()
        if path is None:
            return "this scenario has no criteria file to save into"
        from diversify.io.loader import is_bundled

        if is_bundled(path):
            return (
                "this is the bundled scenario, which is part of the installed program: copy it "
                "with `diversify init FOLDER`, open the copy, and save profiles there"
            )
        return None

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def save_profile(self, name: str, points: dict[str, float], overwrite: bool) -> None:
        """Write ``points`` as profile ``name`` into the criteria file (atomically)."""
        from diversify.io.profiles import save_profile

        path = self.criteria_path()
        assert path is not None
        save_profile(path, name, points, overwrite=overwrite)
        self.post_message(self.Saved(name, points, str(path)))

    @on(Saved)
    def _on_saved(self, message: DiversifyApp.Saved) -> None:
        data = self.data
        assert data is not None
        profiles = {**data.profiles, message.name: dict(message.points)}
        self.data = replace(data, profiles=profiles)
        self.baseline = dict(message.points)
        self.profile = message.name
        self._refresh_status()
        self.notify(f"Saved profile `{message.name}` in {message.file}", timeout=5)
        if self._quit_after_save:
            self.exit()

    def export_name(self, fmt: str) -> Path:
        """The default export path: ``reports/<scenario-slug>.<suffix>``."""
        import re

        from diversify.report.formats import FORMATS

        name = self.data.name if self.data is not None else "report"
        stem = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "report"
        return Path("reports") / f"{stem}{FORMATS[fmt].suffix}"

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_report(self, fmt: str, path: Path) -> None:
        """Score with the current weights and method and write the report atomically."""
        from diversify.engine.scoring import score
        from diversify.io.atomic import atomic_write_bytes, atomic_write_text
        from diversify.report.bundle import ReportBundle
        from diversify.report.formats import render

        data, weights = self.data, self.weights
        assert data is not None and weights is not None
        result = score(
            data,
            weights=weights.as_dict(),
            method=self.method,
            params=self.method_params(),
            prepared=self.prepared,
        )
        origin = (
            f"profile {self.profile}"
            if self.profile and weights.same_points(data.profiles.get(self.profile, {}))
            else "weights set in the terminal UI"
            + (f" (from profile {self.profile})" if self.profile else "")
        )
        content = render(fmt, ReportBundle(replace(result, weights_origin=origin)))
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            atomic_write_bytes(path, content)
        else:
            atomic_write_text(path, content)
        self.post_message(self.Exported(path))

    @on(Exported)
    def _on_exported(self, message: DiversifyApp.Exported) -> None:
        self.notify(f"Exported {message.path}", timeout=5)

    # ----------------------------------------------------------------------------------
    # analyses (robustness, portfolio): the hook
    # ----------------------------------------------------------------------------------

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

    # ----------------------------------------------------------------------------------
    # portfolio caps edited live on the overview (not saved)
    # ----------------------------------------------------------------------------------

    def file_cap(self, bloc: str) -> float | None:
        """The scenario file's cap on ``bloc`` (None: uncapped or no portfolio section)."""
        portfolio = self.data.portfolio if self.data is not None else None
        return None if portfolio is None else portfolio.caps.get(bloc)

    def portfolio_caps(self) -> dict[str, float] | None:
        """Every cap for ``plan(caps=...)`` once one was edited; None: the file's own."""
        portfolio = self.data.portfolio if self.data is not None else None
        if portfolio is None or not self.cap_edits:
            return None
        return {**portfolio.caps, **self.cap_edits}

    def next_cap_bloc(self, step: int = 1) -> None:
        """Choose the next (or previous) bloc whose cap the cap keys change."""
        from diversify.model.countries import BLOCS

        at = BLOCS.index(self.cap_bloc) if self.cap_bloc in BLOCS else 0
        self.cap_bloc = BLOCS[(at + step) % len(BLOCS)]
        cap = self.cap_edits.get(self.cap_bloc, self.file_cap(self.cap_bloc))
        now = "uncapped" if cap is None else f"≤{100 * cap:.0f}%"
        self.notify(f"Cap keys now change the {self.cap_bloc} cap ({now}).", timeout=3)

    def edit_cap(self, delta: float) -> None:
        """Move the selected bloc's cap by ``delta`` (share, e.g. -0.05), within 0..100%.

        The edit lives in the session (shown ``(edited)`` in the portfolio panel) and
        re-plans the portfolio; going back to the file's value drops the edit.
        """
        if self.data is None or self.data.portfolio is None:
            self.notify(
                "This scenario has no `portfolio:` section, so there are no caps to change: "
                "add one to the scenario file (e.g. `portfolio: {caps: {US: 0.5}}`).",
                severity="warning",
                timeout=6,
            )
            return
        bloc = self.cap_bloc
        from_file = self.file_cap(bloc)
        current = self.cap_edits.get(bloc, 1.0 if from_file is None else from_file)
        new = round(min(1.0, max(0.0, current + delta)), 2)
        if new == round(current, 2):
            self.notify(f"The {bloc} cap is already {100 * current:.0f}%.", timeout=3)
            return
        if new == from_file or (from_file is None and new == 1.0):
            self.cap_edits.pop(bloc, None)
        else:
            self.cap_edits[bloc] = new
        self.notify(f"{bloc} cap ≤{100 * new:.0f}% (this session only, not saved)", timeout=3)
        from diversify.tui.portfolio import PORTFOLIO_ID

        self._schedule_analyses([a for a in self.analyses if a.id == PORTFOLIO_ID])

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
            exit_on_error=False,
        )
        self.set_timer(SLOW_S, partial(self._mark_slow, key, token))

    def _run_analysis(self, analysis: Analysis, inp: AnalysisInput, token: int) -> None:
        try:
            data = analysis.run(inp)
            if not get_current_worker().is_cancelled:
                self.post_message(self.AnalysisReady(analysis, token, inp.capability, data))
        finally:
            self.post_message(self.AnalysisEnded(analysis))

    @on(AnalysisReady)
    def _on_analysis(self, message: DiversifyApp.AnalysisReady) -> None:
        key = message.analysis.id
        if message.token != self._analysis_token.get(key):
            return  # superseded: newer weights or another capability
        status = dict(self.analysis_status)
        status[key] = AnalysisStatus(data=message.data, capability=message.capability)
        self.analysis_status = MappingProxyType(status)
        self._analysis_errors.pop(key, None)
        self._refresh_panels([message.analysis])

    @on(AnalysisEnded)
    def _on_analysis_ended(self, message: DiversifyApp.AnalysisEnded) -> None:
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

    # ----------------------------------------------------------------------------------
    # workers fail in one place
    # ----------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state != WorkerState.ERROR:
            return
        error = worker.error
        group = worker.group
        if group == "ranking":
            if isinstance(error, MethodError | ValueError) and self.method != self._good_method:
                failed = self.method
                self.notify(
                    f"{failed.upper()} cannot rank this scenario: {error}. Back to "
                    f"{self._good_method.upper()}.",
                    title="Method not usable here",
                    severity="error",
                    timeout=10,
                )
                self.method = self._good_method
                return
            self.notify(f"Re-ranking failed: {error}", severity="error", timeout=10)
        elif group == "save":
            self._quit_after_save = False
            self.notify(_save_message(error), title="Not saved", severity="error", timeout=12)
        elif group == "export":
            self.notify(f"{error}", title="Export failed", severity="error", timeout=12)
        elif group == "prepare":
            self._set_busy("")
            self.notify(f"{error}", title="Could not prepare", severity="error", timeout=0)
        elif group.startswith("analysis-"):
            key = group.removeprefix("analysis-")
            self._settle_failed(key)
            if self._analysis_errors.get(key) != str(error):
                self._analysis_errors[key] = str(error)
                title = next((a.title for a in self.analyses if a.id == key), key)
                self.notify(f"{error}", title=f"{title}: failed", severity="error", timeout=10)

    # ----------------------------------------------------------------------------------
    # status, commands, quitting
    # ----------------------------------------------------------------------------------

    def _set_busy(self, text: str) -> None:
        self._busy = text
        self._refresh_status()

    def _refresh_status(self) -> None:
        data, weights = self.data, self.weights
        if data is None:
            return
        edited = (
            self.profile is not None
            and weights is not None
            and not weights.same_points(data.profiles.get(self.profile, {}))
        )
        self.status = StatusInfo(
            scenario=data.name,
            profile=self.profile,
            edited=edited,
            method=self.method,
            total=weights.total if weights is not None else 0.0,
            unsaved=self.unsaved,
            busy=self._busy,
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Command-palette entries, named ``area: what it does``."""
        yield from super().get_system_commands(screen)
        if self.weights is None or self.data is None:
            return
        main = self._main_screen()
        run = self._run_on_main
        yield SystemCommand("weights: reset to profile", "Back to the loaded weights", run("reset"))
        yield SystemCommand(
            "weights: normalise to 100", "Scale the total to 100 points", run("normalise")
        )
        yield SystemCommand(
            "weights: lock or unlock the selected criterion",
            "A locked weight keeps its points",
            run("lock"),
        )
        yield SystemCommand(
            "weights: type a value", "Set the selected weight exactly", run("type_weight")
        )
        yield SystemCommand(
            "profile: pick another", "Switch to a saved weight profile", run("pick_profile")
        )
        yield SystemCommand(
            "profile: save the weights", "Save as a new profile or overwrite one", run("save")
        )
        yield SystemCommand("method: pick another", "Change the ranking method", run("pick_method"))
        yield SystemCommand("report: export", "Write the report with these weights", run("export"))
        if main is not None:
            yield SystemCommand(
                "view: overview of every capability", "Leaders and blocs", run("overview")
            )
        if self.data.portfolio is not None:
            yield SystemCommand(
                "portfolio: lower the selected bloc's cap by 5 points",
                f"Now the {self.cap_bloc} cap; this session only, not saved",
                partial(self.edit_cap, -0.05),
            )
            yield SystemCommand(
                "portfolio: raise the selected bloc's cap by 5 points",
                f"Now the {self.cap_bloc} cap; this session only, not saved",
                partial(self.edit_cap, 0.05),
            )
            yield SystemCommand(
                "portfolio: edit the next bloc's cap",
                "US, Europe, ROK, Canada, Other in turn",
                partial(self.next_cap_bloc, 1),
            )
        yield SystemCommand("view: help and keys", "What every key does", self.action_help)
        for name in self.data.profiles:
            yield SystemCommand(
                f"profile: switch to {name}",
                ", ".join(f"{k} {v:g}" for k, v in self.data.profiles[name].items()),
                partial(self.apply_profile, name),
                discover=False,
            )
        for name in METHOD_NAMES:
            yield SystemCommand(
                f"method: switch to {name}",
                "Re-rank with this method",
                partial(self.set_method, name),
                discover=False,
            )

    def _main_screen(self) -> Screen[Any] | None:
        from diversify.tui.screens import MainScreen

        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    def _run_on_main(self, action: str) -> Any:
        async def run() -> None:
            from diversify.tui.screens.base import WorkScreen

            target = self.screen if isinstance(self.screen, WorkScreen) else self._main_screen()
            if target is not None:
                await target.run_action(action)

        return run

    def action_help(self) -> None:
        from diversify.tui.screens import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    async def action_quit(self) -> None:
        """Quit; ask first when the weights have changed since they were loaded or saved."""
        from diversify.tui.screens import ConfirmScreen

        if not self.unsaved:
            self.exit()
            return
        if isinstance(self.screen, ConfirmScreen):
            return

        def answered(choice: str | None) -> None:
            if choice == "quit":
                self.exit()
            elif choice == "save":
                self._quit_after_save = True
                self.call_later(self._run_on_main("save"))

        self.push_screen(
            ConfirmScreen(
                "Quit with unsaved weights?",
                "The weights differ from " + self.origin_label() + ". Save them as a "
                "profile first, or quit and lose them.",
                [("save", "Save first", "s"), ("quit", "Quit anyway", "y"), (None, "Cancel", "n")],
            ),
            answered,
        )


def _save_message(error: BaseException | None) -> str:
    if isinstance(error, InputError):
        return "; ".join(f"{p.location()}: {p.message}" for p in error.problems)
    if isinstance(error, FileAccessError | OSError):
        return f"{error}. The file was left as it was."
    return f"{error}"


def load_keymap(path: Path) -> dict[str, str]:
    """Read a key map file: ``binding-id: keys`` per line (YAML), e.g. ``weight-up: "w"``."""
    from diversify.io.yaml import load_yaml

    doc = load_yaml(path)
    data = doc.data if isinstance(doc.data, dict) else None
    problems = []
    if data is None:
        problems.append(Problem(doc.display, 1, 1, "", "", "must map binding ids to keys"))
        raise InputError(problems)
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            line, col = doc.position((key,)) or (None, None)
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    key,
                    str(value),
                    'give the keys as text, e.g. "w" or "ctrl+w,w"',
                )
            )
    if problems:
        raise InputError(problems)
    return {str(k): str(v) for k, v in data.items()}


def binding_ids() -> list[str]:
    """Every binding id a key map may use."""
    from diversify.tui.screens import MainScreen, OverviewScreen

    ids: list[str] = []
    for cls in (DiversifyApp, MainScreen, OverviewScreen):
        for b in cls.BINDINGS:
            if isinstance(b, Binding) and b.id and b.id not in ids:
                ids.append(b.id)
    return ids


def make_app(
    scenario: Path | None = None,
    *,
    data: ScenarioData | None = None,
    analyses: Sequence[Analysis] | None = None,
    keymap: Mapping[str, str] | None = None,
    allow_outside: bool = False,
) -> DiversifyApp:
    """Build the app for a scenario file (the bundled one when None) or ready ``data``.

    Never raises for bad input: a scenario with problems, or a missing file, gives an
    app that opens on the problems screen. ``analyses`` plugs slow analyses into the
    layout (see :mod:`diversify.tui.analysis`); None (the default, what ``diversify tui``
    uses) registers the robustness ones (stability intervals beside the weights and the
    SMAA acceptability panel, :func:`diversify.tui.robustness.default_analyses`) and, when
    the scenario has a ``portfolio:`` section, the portfolio panel on the overview
    (:func:`diversify.tui.portfolio.default_analyses`); ``()`` registers none. ``keymap`` maps binding ids to keys.
    """
    if data is None:
        from diversify.io.loader import load_scenario

        kept = {"source": scenario, "keymap": keymap, "allow_outside": allow_outside}
        try:
            data = load_scenario(scenario, allow_outside=allow_outside)
        except InputError as err:
            return DiversifyApp(None, problems=err.problems, **kept)  # type: ignore[arg-type]
        except FileAccessError as err:
            return DiversifyApp(None, load_error=str(err), **kept)  # type: ignore[arg-type]
    if analyses is None:
        from diversify.tui.portfolio import default_analyses as portfolio_analyses
        from diversify.tui.robustness import default_analyses

        analyses = (*default_analyses(), *portfolio_analyses(data.portfolio))
    return DiversifyApp(
        data, source=scenario, analyses=analyses, keymap=keymap, allow_outside=allow_outside
    )
