"""The weights panel: each criterion's points, its share of the weight, a bar and its lock.

With the robustness analyses registered, each row also shows the leader's stability
interval for that criterion (the range of its share within which the selected
capability's leader stays first), computed by the engine in a worker; the bar gives way
to it on narrow terminals. Click a row to select it; turn the mouse wheel over a row to
raise or lower that weight by a point.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from diversify.tui.format import MUTED, WARN, Flex, bar, columns, interval, percent, points
from diversify.tui.widgets._window import window


@dataclass(frozen=True)
class WeightRow:
    """One criterion in the panel."""

    id: str
    name: str
    points: float
    share: float
    """The weight actually used for the selected capability (0..1)."""
    locked: bool = False
    own: bool = False
    """A criterion of the selected capability only: its points are set in its supplier file."""
    stable: tuple[float, float] | None = None
    """The leader's stability interval for this criterion (shares, lo..hi), when known."""
    exact: bool = True
    """False when a sweep found the interval (non-additive methods)."""
    tight: bool = False
    """The interval closest to being crossed (the one the robustness headline names)."""


@dataclass(frozen=True)
class WeightsView:
    rows: tuple[WeightRow, ...]
    selected: int
    stale: bool = False
    """The stability intervals are for earlier weights (a slow re-computation runs)."""
    marks: bool = False
    """Keep a column for the intervals even while none is known (no jump when they come)."""


class WeightsPanel(Widget):
    """Shared criteria first (editable), then the selected capability's own (fixed, dim)."""

    view: reactive[WeightsView | None] = reactive(None)
    """Set by the screen through :func:`~diversify.tui.widgets.show`, which re-measures the
    panel only when its number of rows changes (a full re-layout per key press is slow)."""

    @dataclass
    class Selected(Message):
        """A criterion row was clicked."""

        index: int

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Every row: the panel's height (capped by the layout) follows the criteria."""
        return len(self.view.rows) if self.view is not None else 1

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("weights…", style=MUTED)
        width = self.content_size.width
        marks = [
            interval(*row.stable, row.share, exact=row.exact) if row.stable is not None else ""
            for row in view.rows
        ]
        mark_width = max((len(m) for m in marks), default=0)
        if view.marks:
            mark_width = max(mark_width, 6)
        spare = width - 36 - (mark_width + 1 if mark_width else 0)
        bar_width = max(min(spare, 20), 0 if mark_width else 4)
        top = max(view.rows, key=lambda r: r.share, default=None)
        scale = top.share if top is not None and top.share > 0 else 1.0
        rows: list[list[Text | str]] = []
        for i in window(len(view.rows), view.selected, self.content_size.height):
            row = view.rows[i]
            chosen = i == view.selected
            style = MUTED if row.own else ("bold" if chosen else "")
            name = Text(row.name, style=style)
            if chosen:
                name.stylize("reverse")
            marker = Text("▶" if chosen else " ", style="bold")
            marker.append("L" if row.locked else " ", style=f"bold {WARN}")
            cells: list[Text | str] = [
                marker,
                name,
                Text(points(row.points), style=style),
                Text(percent(row.share), style=MUTED),
            ]
            if mark_width:
                look = f"bold {WARN}" if row.tight else MUTED
                cells.append(Text(marks[i], style=f"{MUTED} dim" if view.stale else look))
            if bar_width:
                cells.append(
                    Text(bar(row.share / scale, bar_width), style=MUTED if row.own else "")
                )
            rows.append(cells)
        widths: list[int | Flex] = [2, Flex(), 4, 4]
        right = [2, 3]
        if mark_width:
            widths.append(mark_width)
            right.append(4)
        if bar_width:
            widths.append(bar_width)
        return columns(rows, widths, width, right=right)

    @dataclass
    class Nudged(Message):
        """The mouse wheel turned over a criterion row: one point up (+1) or down (-1)."""

        index: int
        delta: float

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The shared criterion under the mouse (None: an own criterion, or no row)."""
        view, offset = self.view, event.get_content_offset(self)
        if view is None or offset is None:
            return None
        shown = list(window(len(view.rows), view.selected, self.content_size.height))
        if 0 <= offset.y < len(shown) and not view.rows[shown[offset.y]].own:
            return shown[offset.y]
        return None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event)
        if index is not None:
            self.post_message(self.Selected(index))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._nudge(event, 1.0)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._nudge(event, -1.0)

    def _nudge(self, event: events.MouseEvent, delta: float) -> None:
        index = self._row_at(event)
        if index is not None:
            event.stop()
            self.post_message(self.Nudged(index, delta))
