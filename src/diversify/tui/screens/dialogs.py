"""Small modal dialogs: a confirmation with named choices, and typing a weight."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from diversify.tui.format import points


class ConfirmScreen(ModalScreen[str | None]):
    """A question with a few answers, each a button and a key; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "choose(None)", "cancel")]

    def __init__(
        self, title: str, text: str, choices: Sequence[tuple[str | None, str, str]]
    ) -> None:
        """``choices``: (value returned, button label, key) in display order."""
        super().__init__()
        self.title_text = title
        self.text = text
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.text, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                for i, (_, label, key) in enumerate(self.choices):
                    yield Button(f"{label} ({key})", id=f"choice-{i}", compact=True)

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        index = int((event.button.id or "choice-0").removeprefix("choice-"))
        self.dismiss(self.choices[index][0])

    def on_key(self, event: events.Key) -> None:
        for value, _, choice_key in self.choices:
            if event.key == choice_key:
                event.stop()
                self.dismiss(value)
                return

    def action_choose(self, value: str | None) -> None:
        self.dismiss(value)


class TypeWeightScreen(ModalScreen[float | None]):
    """Type the selected criterion's points; the unlocked others rebalance."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, name: str, current: float, prefill: str = "") -> None:
        super().__init__()
        self.criterion = name
        self.current = current
        self.prefill = prefill

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Weight of {self.criterion}", classes="dialog-title")
            yield Static(
                f"Now {points(self.current)} points. Type the new points and press enter; "
                "the unlocked weights make room.",
                classes="dialog-text",
            )
            yield Input(
                value=self.prefill or points(self.current),
                type="number",
                id="value",
                compact=True,
                select_on_focus=not self.prefill,
            )
            yield Static("", id="error", classes="dialog-error")
            yield Static("enter sets it · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            value = float(event.value)
        except ValueError:
            self.query_one("#error", Static).update("Type a number of points, e.g. 25")
            return
        if value < 0 or value != value or value in (float("inf"), float("-inf")):
            self.query_one("#error", Static).update("Points must be a number, 0 or more")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
