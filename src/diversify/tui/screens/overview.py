"""The overview: every capability's leader with its bloc, and the weights to change them.

What a meeting wants to see after "and what if delivery mattered more?": the leader of
every capability at once, so the diversification picture (how many capabilities each
bloc leads) moves live as the weights change. The weight keys work here as on the main
screen. The portfolio panel (when the scenario has a ``portfolio:`` section) sits below
the table; ``.`` / ``,`` raise / lower a bloc's cap there for the session (``b`` picks
the bloc), see :meth:`diversify.tui.caps.CapsMixin.edit_cap`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from diversify.tui.analysis import AnalysisStatus
from diversify.tui.programme import PROGRAMME_ID, ProgrammeView
from diversify.tui.screens.base import FILE_KEYS, HELP, UNDO_KEYS, WEIGHT_KEYS, WorkScreen
from diversify.tui.widgets import AnalysisPanel, StatusLine, TooSmall, WeightsPanel, show
from diversify.tui.widgets.leaders import BlocSummary, LeadersTable, LeadersView


class OverviewScreen(WorkScreen, inherit_bindings=False):
    BINDINGS: ClassVar[list[BindingType]] = [
        HELP,
        *WEIGHT_KEYS[:6],
        Binding("v,escape", "close", "ranking", key_display="v", id="overview-close"),
        *WEIGHT_KEYS[6:],
        Binding("full_stop", "cap(5)", "raise the selected bloc's cap by 5 points", show=False,
                id="cap-up"),
        Binding("comma", "cap(-5)", "lower the selected bloc's cap by 5 points", show=False,
                id="cap-down"),
        Binding("b", "cap_bloc(1)", "next bloc's cap", show=False, id="cap-next"),
        Binding("B", "cap_bloc(-1)", "previous bloc's cap", show=False, id="cap-previous"),
        *UNDO_KEYS,
        *FILE_KEYS,
    ]  # fmt: skip

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Vertical(id="body"):
            leaders = LeadersTable(id="leaders")
            leaders.border_title = "Every capability's leader"
            yield leaders
            with Horizontal(id="bottom"):
                yield WeightsPanel(id="weights")
                blocs = BlocSummary(id="blocs")
                blocs.border_title = "Capabilities led, by bloc"
                yield blocs
                analyses = [a for a in self.dapp.analyses if a.screen == "overview" and a.render]
                with Vertical(id="analyses", classes="-empty" if not analyses else ""):
                    for a in analyses:
                        yield AnalysisPanel(a.title, id=f"analysis-{a.id}")
        yield TooSmall()
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """(WorkScreen's on_mount runs too: Textual calls each class's handler.)"""
        self.dapp.screen_opened("overview")

    def _show_ranking(self, _: Any = None) -> None:
        self._show_weights()
        app = self.dapp
        if app.ranking is None or app.data is None:
            return
        table = self.query_one(LeadersTable)
        table.border_subtitle = f"{app.ranking.method.upper()} · click a row to open it"
        status = app.analysis_status.get(PROGRAMME_ID)
        programme = status.data if status is not None else None
        registered = any(a.id == PROGRAMME_ID for a in app.analyses)
        if registered and not isinstance(programme, ProgrammeView):
            programme = ProgrammeView(method="", lines={})  # computing: keep the columns
        elif isinstance(programme, ProgrammeView) and status is not None and status.busy:
            programme = replace(programme, method="")  # for older weights: shown dim
        view = LeadersView(
            ranking=app.ranking,
            names=tuple((c.id, c.name, c.quantity) for c in app.data.capabilities),
            programme=programme if registered else None,
            criteria={c.id: c.id for c in app.data.criteria},
        )
        table.view = view
        show(self.query_one(BlocSummary), "view", view)

    def _on_analysis_status(
        self, old: Mapping[str, AnalysisStatus], new: Mapping[str, AnalysisStatus]
    ) -> None:
        """Repaint the table when the programme figures arrive (or start computing)."""
        super()._on_analysis_status(old, new)
        if old.get(PROGRAMME_ID) is not new.get(PROGRAMME_ID):
            self._show_ranking()

    def action_cap(self, points: int) -> None:
        """Change the selected bloc's portfolio cap (session only; the panel re-plans)."""
        self.dapp.edit_cap(points / 100)

    def action_cap_bloc(self, step: int) -> None:
        self.dapp.next_cap_bloc(step)

    def action_close(self) -> None:
        self.app.pop_screen()

    def on_leaders_table_picked(self, message: LeadersTable.Picked) -> None:
        self.dapp.open_capability(message.capability)
