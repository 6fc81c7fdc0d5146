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
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState, get_current_worker

from diversify.io.problems import FileAccessError, InputError, Problem
from diversify.tui.analysing import AnalysesMixin
from diversify.tui.analysis import Analysis, AnalysisStatus, Rendered
from diversify.tui.caps import CapsMixin
from diversify.tui.commands import METHOD_NAMES
from diversify.tui.files import FilesMixin, save_message
from diversify.tui.history import History
from diversify.tui.keymap import binding_ids, load_keymap
from diversify.tui.state import Edit, RankingState, WeightState, apportion
from diversify.tui.undo import UndoMixin
from diversify.tui.widgets import StatusInfo

if TYPE_CHECKING:
    # The engine and the model (numpy, pydantic: about half the start-up) are imported
    # in the loading worker, after the first paint, and by each function that uses them.
    from diversify.engine.results import CapabilityResult
    from diversify.engine.scoring import Prepared
    from diversify.model.resolved import ScenarioData

__all__ = ["DiversifyApp", "binding_ids", "load_keymap", "make_app"]

INLINE_MS = 4.0
"""A re-ranking that took less than this (ms) last time runs without a worker."""


class DiversifyApp(UndoMixin, CapsMixin, AnalysesMixin, FilesMixin, App[None]):
    """Interactive weighting of a scenario; build it with :func:`make_app`.

    The session state is held in ``var`` reactives (watched, but never repainting the
    whole app): screens watch them and repaint only the widgets whose data changed.
    """

    CSS_PATH = "app.tcss"
    TITLE = "diversify"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (96, "-mid"), (120, "-wide")]  # noqa: RUF012
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
    class ScenarioLoaded(Message):
        """The loading worker read the scenario and prepared it (see :meth:`_load`)."""

        data: ScenarioData
        prepared: tuple[Prepared, ...]

    @dataclass
    class LoadFailed(Message):
        """The scenario has problems, or could not be opened."""

        problems: tuple[Problem, ...]
        load_error: str | None

    @dataclass
    class Ranked(Message):
        """A re-ranking finished."""

        generation: int
        method: str
        results: tuple[CapabilityResult, ...]
        elapsed_ms: float

    def __init__(
        self,
        data: ScenarioData | None,
        *,
        source: Path | None = None,
        problems: Sequence[Problem] = (),
        load_error: str | None = None,
        analyses: Sequence[Analysis] = (),
        analyses_for: Callable[[ScenarioData], Sequence[Analysis]] | None = None,
        keymap: Mapping[str, str] | None = None,
        allow_outside: bool = False,
        load: bool = False,
    ) -> None:
        super().__init__()
        self.data = data
        """The scenario (None until loaded, or when it failed to load); replaced, never
        mutated, on save."""
        self.allow_outside = allow_outside
        """Whether the scenario may name files outside its folder (``--allow-outside``)."""
        self.source = source
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.load_error = load_error
        self._load_pending = load and data is None
        """Load ``source`` in a worker once the first frame is on screen."""
        self._base_analyses = tuple(analyses)
        self._analyses_for = analyses_for
        """More analyses once the scenario is known (the portfolio panel needs a
        ``portfolio:`` section)."""
        self.analyses: tuple[Analysis, ...] = self._analyses_with(data)
        self.prepared: tuple[Prepared, ...] | None = None
        self.baseline: dict[str, float] = {}
        """The points last loaded or saved: a difference is an unsaved change."""
        self._generation = 0
        self._engine_ms = 0.0
        """How long the last re-ranking took. The first MAVT one runs at once (the engine
        is imported and the matrices built by then; a thread hop would only delay the
        first ranking); a slow one sends the next to a worker."""
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
        self.history = History()
        """Every weight, lock, profile and cap change, for undo and redo."""
        self._file_points: dict[str, float] = {}
        """The scenario file's own weights (what "no profile" restores)."""
        if data is not None:
            self.title = data.name
        if keymap:
            self.set_keymap(dict(keymap))

    # ----------------------------------------------------------------------------------
    # start-up
    # ----------------------------------------------------------------------------------

    def _analyses_with(self, data: ScenarioData | None) -> tuple[Analysis, ...]:
        more = self._analyses_for(data) if data is not None and self._analyses_for else ()
        return (*self._base_analyses, *more)

    def on_mount(self) -> None:
        from diversify.tui.screens import MainScreen

        if self._load_pending:
            # The frame first (status line, empty panels): the room sees the app at once,
            # while a worker imports the engine, reads the files and prepares them.
            self._load_pending = False
            name = self.source.name if self.source is not None else "the bundled scenario"
            self.status = StatusInfo(name, None, False, "", 0.0, False, loading=True)
            self.push_screen(MainScreen())
            self._load()
            return
        if self.data is None:
            from diversify.tui.screens import ProblemsScreen

            self.push_screen(ProblemsScreen(self.problems, self.load_error, self.source))
            return
        self.start_session()

    def start_session(self) -> None:
        """Show the main screen and prepare the scenario in a worker."""
        from diversify.tui.screens import MainScreen

        assert self.data is not None
        self.analyses = self._analyses_with(self.data)
        self._set_busy("preparing…")
        self.push_screen(MainScreen())
        self._prepare(self.data)

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False, description="prepare")
    def _prepare(self, data: ScenarioData) -> None:
        from diversify.engine.scoring import prepare_all

        prepared = prepare_all(data)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ScenarioReady(prepared))

    @work(thread=True, exclusive=True, group="prepare", exit_on_error=False, description="load")
    def _load(self) -> None:
        """Read, check and prepare the scenario file (worker thread, after the first paint)."""
        from diversify.engine.scoring import prepare_all
        from diversify.io.loader import load_scenario

        try:
            data = load_scenario(self.source, allow_outside=self.allow_outside)
        except InputError as err:
            self.post_message(self.LoadFailed(tuple(err.problems), None))
            return
        except FileAccessError as err:
            self.post_message(self.LoadFailed((), str(err)))
            return
        prepared = prepare_all(data)
        if not get_current_worker().is_cancelled:
            self.post_message(self.ScenarioLoaded(data, prepared))

    @on(ScenarioLoaded)
    def _on_loaded(self, message: DiversifyApp.ScenarioLoaded) -> None:
        from diversify.tui.screens import MainScreen

        self.data, self.problems, self.load_error = message.data, (), None
        self.title = message.data.name
        self.analyses = self._analyses_with(message.data)
        if not isinstance(self.screen, MainScreen):  # reloaded from the problems screen
            self.switch_screen(MainScreen())
        self._on_ready(self.ScenarioReady(message.prepared))

    @on(LoadFailed)
    def _on_load_failed(self, message: DiversifyApp.LoadFailed) -> None:
        from diversify.tui.screens import ProblemsScreen

        again = isinstance(self.screen, ProblemsScreen)
        self.problems, self.load_error = message.problems, message.load_error
        self._set_busy("")
        self.switch_screen(ProblemsScreen(self.problems, self.load_error, self.source))
        if again:
            self.notify("Still not valid: see the list.", severity="warning")

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
        self._file_points = dict(points) if data.profile is None else dict(data.weights)
        self.history = History(names={c.id: c.name for c in data.criteria})
        self.selected_capability = data.capabilities[0].id if data.capabilities else None
        self.set_reactive(DiversifyApp.method, data.method)
        self._good_method = data.method
        self.set_reactive(DiversifyApp.profile, data.profile)
        self._set_busy("")
        self.weights = WeightState.from_points(ids, points)

    def reload(self) -> None:
        """Load the scenario file again (from the problems screen, after the user fixed it)."""
        self._load()

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
            from diversify.engine.scoring import rerank

            start = time.perf_counter()
            results = rerank(self.prepared, points, method, self.method_params(method))
            elapsed = (time.perf_counter() - start) * 1000
            self._apply_ranking(self._generation, method, results, elapsed)
            return
        self._rank(self._generation, points, method)

    def rank_with(self, points: Mapping[str, float]) -> tuple[CapabilityResult, ...]:
        """Every capability ranked with other ``points`` and the method on screen (a
        comparison; the session's own ranking is left as it is)."""
        from diversify.engine.scoring import rerank

        assert self.prepared is not None
        method = self.ranking.method if self.ranking is not None else self.method
        return rerank(self.prepared, dict(points), method, self.method_params(method))

    @work(thread=True, exclusive=True, group="ranking", exit_on_error=False, description="rank")
    def _rank(self, generation: int, points: dict[str, float], method: str) -> None:
        from diversify.engine.scoring import rerank

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

    def apply_edit(self, edit: Edit, key: str | None = None) -> None:
        """Take a weight edit; say so when it was limited (a lock, a zero floor).

        ``key`` (``weight:<criterion>``) lets quick steps of one weight merge into one
        undo step.
        """
        if edit.note:
            self.notify(edit.note, severity="warning", timeout=4)
        if self.weights != edit.state:
            with self._recording(key):
                self.weights = edit.state

    def toggle_lock(self, index: int) -> None:
        """Lock or unlock criterion ``index`` (an undoable change)."""
        if self.weights is not None:
            with self._recording():
                self.weights = self.weights.toggled_lock(index)

    def apply_profile(self, name: str | None) -> None:
        """Switch to a profile's weights (None: the scenario file's own weights)."""
        data = self.data
        if data is None or self.weights is None:
            return
        with self._recording():
            points = self._profile_points(name)
            self.baseline = dict(points)
            self.profile = name
            locked = self.weights.locked
            self.weights = WeightState.from_points(self.weights.ids, points).with_locks(locked)
        self._refresh_status()

    def _profile_points(self, name: str | None) -> dict[str, float]:
        data = self.data
        if data is not None and name is not None and name in data.profiles:
            return dict(data.profiles[name])
        return dict(self._file_points)

    def reset_weights(self) -> None:
        """Back to the profile (or scenario weights) the session last loaded or saved.

        Locks stay (a lock says "keep this criterion's points while the others move",
        which a reset does not contradict); the message names them, so none is kept
        without the room knowing.
        """
        if self.weights is None:
            return
        locked = self.weights.locked
        with self._recording():
            fresh = WeightState.from_points(self.weights.ids, self.baseline)
            self.weights = fresh.with_locks(locked)
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
    # workers fail in one place
    # ----------------------------------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state != WorkerState.ERROR:
            return
        error = worker.error
        group = worker.group
        if group == "ranking":
            from diversify.engine.scoring import MethodError

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
            self.notify(save_message(error), title="Not saved", severity="error", timeout=12)
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
        """Command-palette entries: Textual's, then ours (:mod:`diversify.tui.commands`)."""
        from diversify.tui.commands import system_commands

        yield from super().get_system_commands(screen)
        yield from system_commands(self, screen)

    def open_capability(self, cap_id: str) -> None:
        """Show capability ``cap_id`` on the main screen (the overview's row was picked)."""
        from diversify.tui.screens import MainScreen

        main = self._main_screen()
        if isinstance(main, MainScreen):
            main.focus_capability(cap_id)
        if self.screen is not main:
            self.pop_screen()

    def save_cancelled(self) -> None:
        """A save did not happen (refused or cancelled): a quit waiting on it is off too."""
        self._quit_after_save = False

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


def _portfolio_analyses(data: ScenarioData) -> Sequence[Analysis]:
    """The portfolio panel and the programme under uncertainty, when the scenario has a
    ``portfolio:`` section."""
    from diversify.tui.portfolio import default_analyses

    return default_analyses(data.portfolio)


def make_app(
    scenario: Path | None = None,
    *,
    data: ScenarioData | None = None,
    analyses: Sequence[Analysis] | None = None,
    keymap: Mapping[str, str] | None = None,
    allow_outside: bool = False,
) -> DiversifyApp:
    """Build the app for a scenario file (the bundled one when None) or ready ``data``.

    The file is read when the app starts, in a worker after the first frame is painted
    (reading it and importing the engine is about half the start-up), so ``app.data`` is
    None until then. Never raises for bad input: a scenario with problems, or a missing
    file, gives an app that opens on the problems screen. ``analyses`` plugs slow analyses into the
    layout (see :mod:`diversify.tui.analysis`); None (the default, what ``diversify tui``
    uses) registers the robustness ones (stability intervals beside the weights and the
    SMAA acceptability panel, :func:`diversify.tui.robustness.default_analyses`) and, when
    the scenario has a ``portfolio:`` section, the portfolio panel on the overview
    (:func:`diversify.tui.portfolio.default_analyses`); ``()`` registers none. ``keymap`` maps binding ids to keys.
    """
    analyses_for: Callable[[ScenarioData], Sequence[Analysis]] | None = None
    if analyses is None:
        from diversify.tui.programme import programme_analysis
        from diversify.tui.robustness import default_analyses

        analyses = (*default_analyses(), programme_analysis())
        analyses_for = _portfolio_analyses

    return DiversifyApp(
        data,
        source=scenario,
        analyses=analyses,
        analyses_for=analyses_for,
        keymap=keymap,
        allow_outside=allow_outside,
        load=data is None,
    )
