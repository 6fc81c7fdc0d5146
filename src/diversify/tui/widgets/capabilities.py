"""The capability selector: every capability, its current leader's bloc, and what moved."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from diversify.tui.format import MUTED, WARN, Flex, bloc_text, columns
from diversify.tui.widgets._window import window


@dataclass(frozen=True)
class CapabilityRow:
    """One capability as the selector lists it."""

    id: str
    name: str
    leader: str | None
    """The leading system, or None when every option was screened out."""
    bloc: str | None
    leader_changed: bool = False


class CapabilityList(Widget):
    """Lists capabilities; the selected one is marked. Click a row to select it."""

    rows: reactive[tuple[CapabilityRow, ...]] = reactive(())
    selected: reactive[int] = reactive(0)

    @dataclass
    class Selected(Message):
        """A capability was clicked."""

        index: int

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self.rows), 1)

    def render(self) -> RenderableType:
        width = self.content_size.width
        show_leader = width >= 40
        widths: list[int | Flex] = [1, Flex(2)]
        if show_leader:
            widths.append(Flex(2))
        widths += [6 if show_leader else 3, 1]
        rows: list[list[Text | str]] = []
        for i in window(len(self.rows), self.selected, self.content_size.height):
            row = self.rows[i]
            chosen = i == self.selected
            cells: list[Text | str] = [
                Text("▶" if chosen else " ", style="bold"),
                Text(row.name, style="bold reverse" if chosen else ""),
            ]
            if show_leader:
                cells.append(Text(row.leader or "none left", style=MUTED))
            cells.append(
                bloc_text(row.bloc, short=not show_leader) if row.bloc else Text("-", style=MUTED)
            )
            cells.append(Text("●", style=WARN) if row.leader_changed else "")
            rows.append(cells)
        return columns(rows, widths, width)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        rows = list(window(len(self.rows), self.selected, self.content_size.height))
        if 0 <= offset.y < len(rows):
            self.post_message(self.Selected(rows[offset.y]))
