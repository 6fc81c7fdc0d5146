"""A panel for a slow analysis (robustness, portfolio) fed by a worker after each change.

The hook for analyses: an :class:`~diversify.tui.analysis.Analysis` registered with the
app gets one of these panels (by id, ``analysis-<id>``) on the screen it names; the app
runs the analysis in a thread worker after each change and puts its rendering here.
While a newer run is on its way the panel keeps the last figures and says "computing…"
on its bottom border; before the first result (or when the selection moved to another
capability) it says so in its body.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from diversify.tui.analysis import Rendered
from diversify.tui.format import MUTED

COMPUTING = "computing…"


class AnalysisPanel(Widget):
    """Shows one analysis' latest rendering, and "computing…" while a newer one runs."""

    content: reactive[RenderableType | None] = reactive(None)
    """Set through :meth:`show`, which re-measures the layout only for a panel sized to its
    content (a full re-layout costs tens of milliseconds; a panel given its rows by the
    layout lays its content out for them instead)."""
    working: reactive[bool] = reactive(False)
    subtitle: reactive[str] = reactive("")

    def __init__(self, title: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = title

    def show(self, rendered: RenderableType | Rendered | None, *, working: bool) -> None:
        """Put a rendering (or None: nothing current to show) and the working flag in place."""
        if isinstance(rendered, Rendered):
            body, subtitle = rendered.body, rendered.subtitle
        else:
            body, subtitle = rendered, ""
        if body is not self.content:
            self.content = body
            height = self.styles.height
            if height is None or height.is_auto:
                self.refresh(layout=True)
        self.subtitle = subtitle
        self.working = working

    def watch_working(self) -> None:
        self._show_subtitle()

    def watch_subtitle(self) -> None:
        self._show_subtitle()

    def _show_subtitle(self) -> None:
        parts = [p for p in (self.subtitle, COMPUTING if self.working else "") if p]
        self.border_subtitle = " · ".join(parts)

    def render(self) -> RenderableType:
        if self.content is None:
            return Text(COMPUTING if self.working else "", style=MUTED)
        return self.content
