"""Portfolio caps edited live on the overview: this session only, never saved.

A mixin of :class:`~diversify.tui.app.DiversifyApp`. ``.`` / ``,`` move the selected
bloc's cap by 5 points, ``b`` / ``B`` pick the bloc; each edit is an undoable change and
re-plans the portfolio panel (:mod:`diversify.tui.portfolio`) at once.
"""

from __future__ import annotations

from typing import Any


class CapsMixin:
    """The session's cap edits (see the module docstring); only works mixed into the app."""

    data: Any
    cap_edits: dict[str, float]
    cap_bloc: str
    analyses: Any

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
        with self._recording(f"cap:{bloc}"):
            if new == from_file or (from_file is None and new == 1.0):
                self.cap_edits.pop(bloc, None)
            else:
                self.cap_edits[bloc] = new
        self.notify(f"{bloc} cap ≤{100 * new:.0f}% (this session only, not saved)", timeout=3)
        from diversify.tui.portfolio import PORTFOLIO_ID

        self._schedule_analyses([a for a in self.analyses if a.id == PORTFOLIO_ID])
