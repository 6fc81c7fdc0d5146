"""Export the report with the current weights and method: pick a format and a path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from diversify.tui.screens.dialogs import Dialog


class ExportScreen(Dialog[tuple[str, str] | None]):
    """Returns (format name, path) or None when cancelled.

    The path follows the format's suffix until the user edits it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, formats: Sequence[tuple[str, str, str]]) -> None:
        """``formats``: (name, description, default path) from the report registry."""
        super().__init__()
        self.formats = list(formats)
        self._auto = self.formats[0][2]
        """The path last filled in for a format; any other value is the user's own."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label("Export the report with these weights", classes="dialog-title")
            yield OptionList(
                *[Option(f"{name:<5} {desc}", id=name) for name, desc, _ in self.formats],
                id="formats",
                compact=True,
            )
            yield Static(
                "Path (enter writes it; existing files are replaced):", classes="dialog-text"
            )
            yield Input(value=self.formats[0][2], id="path", compact=True)
            yield Static("", id="error", classes="dialog-error")
            yield Static(
                "↑↓ format · enter: go to the path · enter again: write · esc cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        listing.highlighted = 0
        listing.focus()

    @on(OptionList.OptionHighlighted)
    def _format_changed(self, event: OptionList.OptionHighlighted) -> None:
        field = self.query_one("#path", Input)
        if field.value == self._auto:
            self._auto = next(p for n, _, p in self.formats if n == event.option.id)
            field.value = self._auto

    @on(OptionList.OptionSelected)
    def _format_chosen(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = event.value.strip()
        if not path:
            self.query_one("#error", Static).update("Give a file path, e.g. reports/room.md")
            return
        listing = self.query_one(OptionList)
        option = listing.highlighted_option
        self.dismiss((option.id if option and option.id else self.formats[0][0], path))

    def action_cancel(self) -> None:
        self.dismiss(None)
