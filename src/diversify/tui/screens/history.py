"""The session's changes on request (``h``): what undo and redo would walk through."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from diversify.tui.format import MUTED, safe_text
from diversify.tui.screens.dialogs import Dialog


class HistoryScreen(Dialog[None]):
    """Every change, oldest first; the ones undone (ctrl+y brings them back) dim."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "close", "close", key_display="esc", id="history-close"),
    ]

    def __init__(self, entries: Sequence[tuple[str, bool]]) -> None:
        """``entries``: (what changed, whether it is in effect) oldest first."""
        super().__init__()
        self.entries = list(entries)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Changes this session", classes="dialog-title")
            with VerticalScroll(id="history-list"):
                yield Static(self._listing(), id="history")
            yield Static(
                "u or ctrl+z undoes the last in effect · U or ctrl+y redoes · esc closes",
                classes="dialog-hint",
            )

    def _listing(self) -> Text:
        if not self.entries:
            return Text("No changes yet: the weights are as loaded.", style=MUTED)
        out = Text()
        done = sum(1 for _, on in self.entries if on)
        for k, (label, on) in enumerate(self.entries, start=1):
            if k > 1:
                out.append("\n")
            out.append(f"{k:>3}  ", style=MUTED)
            out.append_text(safe_text(label, "" if on else f"{MUTED} strike"))
            if not on:
                out.append("  (undone)", style=MUTED)
            if k == done:
                out.append("  ◀ now", style="bold")
        return out

    def action_close(self) -> None:
        self.dismiss(None)
