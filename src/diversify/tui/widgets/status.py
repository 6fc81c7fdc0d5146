"""The status line: scenario, profile, method, total points and the unsaved-changes marker."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from diversify.tui.format import MUTED, WARN, points, safe_text


@dataclass(frozen=True)
class StatusInfo:
    """What the status line shows."""

    scenario: str
    profile: str | None
    """The profile the weights came from; None when they came from the scenario file."""
    edited: bool
    """True when the weights differ from that profile."""
    method: str
    total: float
    unsaved: bool
    busy: str = ""
    """A short word while slow work runs (``preparing…``), else empty."""
    loading: bool = False
    """The scenario is being read (``scenario`` is then its file): nothing else is known."""


class StatusLine(Widget):
    """One line at the top of the main and overview screens."""

    info: reactive[StatusInfo | None] = reactive(None)
    """Set by the screen whenever the weights, profile or method change."""

    def render(self) -> RenderableType:
        info = self.info
        if info is None:
            return Text(" diversify", style="bold")
        if info.loading:
            out = Text(" diversify", style="bold")
            out.append("  ·  loading ", style=MUTED)
            out.append_text(safe_text(info.scenario, MUTED))
            out.append("…", style=MUTED)
            out.truncate(self.size.width, overflow="ellipsis")
            return out
        sep = Text("  ·  ", style=MUTED)
        left = Text(" ")
        if info.profile is None:
            left.append("weights from the scenario")
        else:
            left.append("profile ")
            left.append_text(safe_text(info.profile, "bold"))
        if info.edited:
            left.append(" (edited)", style="italic")
        left.append_text(sep)
        left.append(info.method.upper(), style="bold")
        left.append_text(sep)
        left.append(f"total {points(info.total)} pts")
        left.append_text(sep)
        left.append_text(safe_text(info.scenario, MUTED))  # the scenario's name: file text
        right = Text("  ")
        if info.busy:
            right.append(info.busy + "  ", style=MUTED)
        if info.unsaved:
            right.append("● unsaved ", style=f"bold {WARN}")
        else:
            right.append("saved ", style=MUTED)
        width = self.size.width
        room = max(width - right.cell_len, 0)
        left.truncate(room, overflow="ellipsis", pad=True)
        left.append_text(right)
        return left
