"""Undo and redo on the app: record every weight, lock, profile and cap change.

A mixin of :class:`~diversify.tui.app.DiversifyApp`. Each change the app makes runs
inside :meth:`UndoMixin._recording`, which notes the session before and after it in the
app's :class:`~diversify.tui.history.History`; ``u`` / ``ctrl+z`` put ``before`` back,
``U`` / ``ctrl+y`` ``after``, and ``h`` lists the changes in words.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from diversify.tui.history import History, Session
from diversify.tui.state import WeightState

if TYPE_CHECKING:
    from diversify.tui.analysis import Analysis


class UndoMixin:
    """The app's undo and redo (see the module docstring); uses the app's state and
    Textual's ``notify`` / ``push_screen``, so it only works mixed into the app."""

    history: History
    weights: Any
    profile: Any
    baseline: dict[str, float]
    cap_edits: dict[str, float]
    analyses: tuple[Analysis, ...]

    def session_state(self) -> Session | None:
        """What undo would put back now (None before the scenario is ready)."""
        weights = self.weights
        if weights is None:
            return None
        return Session(
            ids=weights.ids,
            points=weights.points,
            locked=weights.locked,
            profile=self.profile,
            caps=tuple(sorted(self.cap_edits.items())),
        )

    @contextmanager
    def _recording(self, key: str | None = None) -> Iterator[None]:
        """Record the change made inside the block as one history entry."""
        before = self.session_state()
        yield
        after = self.session_state()
        if before is not None and after is not None:
            self.history.record(before, after, key, time.monotonic())

    def _restore(self, session: Session) -> None:
        if session.profile != self.profile:
            self.profile = session.profile
            self.baseline = self._profile_points(session.profile)
        caps_changed = session.cap_dict() != self.cap_edits
        self.cap_edits = session.cap_dict()
        self.weights = WeightState(session.ids, session.points, session.locked)
        self._refresh_status()
        if caps_changed:
            from diversify.tui.portfolio import PORTFOLIO_ID

            self._schedule_analyses([a for a in self.analyses if a.id == PORTFOLIO_ID])

    def action_undo(self) -> None:
        """Undo the last weight, lock, profile or cap change."""
        entry = self.history.undo()
        if entry is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self._restore(entry.before)
        self.notify(f"Undone: {entry.label} (ctrl+y redoes)", timeout=4)

    def action_redo(self) -> None:
        """Redo the change last undone."""
        entry = self.history.redo()
        if entry is None:
            self.notify("Nothing to redo.", timeout=3)
            return
        self._restore(entry.after)
        self.notify(f"Redone: {entry.label}", timeout=4)

    def action_history(self) -> None:
        """Show every change of the session, the undone ones dim."""
        from diversify.tui.screens.history import HistoryScreen

        if not isinstance(self.screen, HistoryScreen):
            self.push_screen(HistoryScreen(self.history.listing()))
