"""Pick one of a few named choices (a weight profile, a ranking method)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from diversify.tui.format import MUTED
from diversify.tui.screens.dialogs import Dialog


class PickScreen(Dialog[str | None]):
    """A list of (value, title, description); enter picks, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str, str]], current: str | None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        options: list[Option | None] = []
        for value, title, description in self.choices:
            prompt = Text(title, style="bold")
            if value == self.current:
                prompt.append("  (current)", style=MUTED)
            prompt.append("\n" + description, style=MUTED)
            if options:
                options.append(None)  # a separator line between choices
            options.append(Option(prompt, id=value))
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(*options, id="choices", compact=True)
            yield Static("↑↓ move · enter picks · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        ids = [c[0] for c in self.choices]
        index = ids.index(self.current) if self.current in ids else 0
        listing.highlighted = listing.get_option_index(ids[index]) if ids else None
        listing.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
