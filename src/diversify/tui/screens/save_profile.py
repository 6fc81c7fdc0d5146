"""Save the current weights as a named profile: a new name, or overwrite after confirming."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from diversify.io.problems import IDENTIFIER_PATTERN
from diversify.tui.screens.dialogs import ConfirmScreen, Dialog

_NAME = re.compile(IDENTIFIER_PATTERN)


class SaveProfileScreen(Dialog[tuple[str, bool] | None]):
    """Returns (name, overwrite) or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, existing: Sequence[str], current: str | None, file: str) -> None:
        super().__init__()
        self.existing = list(existing)
        self.current = current
        self.file = file

    def compose(self) -> ComposeResult:
        names = ", ".join(self.existing) or "none yet"
        with Vertical(classes="dialog"):
            yield Label("Save these weights as a profile", classes="dialog-title")
            yield Static(
                f"Written into {self.file}; its comments and other profiles stay as they "
                f"are.\nExisting profiles: {names}.",
                classes="dialog-text",
            )
            yield Input(placeholder="profile name, e.g. room-agreed", id="name", compact=True)
            yield Static("", id="error", classes="dialog-error")
            yield Static("enter saves · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not _NAME.match(name) or len(name) > 64:
            self.query_one("#error", Static).update(
                "Use lower-case letters, digits, '-' or '_', starting with a letter "
                "(e.g. speed-first), at most 64 characters."
            )
            return
        if name not in self.existing:
            self.dismiss((name, False))
            return

        def answered(choice: str | None) -> None:
            if choice == "overwrite":
                self.dismiss((name, True))

        self.app.push_screen(
            ConfirmScreen(
                f"Overwrite profile `{name}`?",
                f"`{name}` already exists in {self.file}; its weights will be replaced by "
                "the current ones.",
                [("overwrite", "Overwrite", "y"), (None, "Cancel", "n")],
            ),
            answered,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
