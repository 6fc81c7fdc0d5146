"""The notice shown instead of the layout when the terminal is below 80 x 24."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

MIN_WIDTH = 80
MIN_HEIGHT = 24


class TooSmall(Widget):
    """Says how big the terminal is, how big it must be, and how to get there."""

    size_seen: reactive[tuple[int, int]] = reactive((0, 0))

    def render(self) -> RenderableType:
        width, height = self.size_seen
        text = Text(justify="center")
        text.append("The terminal is too small for diversify\n\n", style="bold")
        text.append(f"It is {width} x {height}; the layout needs at least ")
        text.append(f"{MIN_WIDTH} x {MIN_HEIGHT}", style="bold")
        text.append(".\nEnlarge the window or make the font smaller.\n\nq quits.")
        return text
