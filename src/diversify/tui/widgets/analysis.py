"""A panel for a slow analysis (robustness, portfolio) fed by a worker after each change.

The hook for later work: an :class:`~diversify.tui.analysis.Analysis` registered with
the app gets one of these panels (by id) on the screen it names; the app runs the
analysis in a thread worker after each re-ranking and puts its rendering here. Until an
analysis is registered the panel is not displayed at all.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from diversify.tui.format import MUTED


class AnalysisPanel(Widget):
    """Shows one analysis' latest rendering, or a dim 'working…' while it runs."""

    content: reactive[RenderableType | None] = reactive(None)
    working: reactive[bool] = reactive(False)

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title

    def render(self) -> RenderableType:
        if self.content is None:
            return Text("working…" if self.working else "", style=MUTED)
        return self.content
