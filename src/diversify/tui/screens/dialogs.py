"""Small modal dialogs: a confirmation with named choices, and typing a weight.

Every dialog here answers once (:class:`Dialog`): keys that arrive together (``Enter
Escape Up`` in one burst) cannot dismiss it twice, which would pop the screen under it
and leave the room looking at a blank terminal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from diversify.tui.format import points

T = TypeVar("T")

_DIGITS = frozenset("0123456789")


class Dialog(ModalScreen[T]):
    """A modal screen that is dismissed at most once, whatever arrives after the answer."""

    _answered = False

    def dismiss(self, result: Any = None) -> Any:
        """Answer (the first time only); later answers in the same burst are dropped."""
        if self._answered:
            return None
        self._answered = True
        return super().dismiss(result)


def parse_points(text: str, ceiling: float) -> tuple[float | None, str | None]:
    """A typed weight as points, or why not: a plain number from 0 to ``ceiling``.

    Checked character by character, not with a pattern: Textual's ``type="number"``
    pattern backtracks exponentially on digits followed by a letter (20 digits then one
    letter froze the app for 25 s), and this stays linear whatever is typed.
    """
    typed = text.strip()
    whole, _, frac = typed.partition(".")
    if not typed or typed == "." or not set(whole + frac) <= _DIGITS or "." in frac:
        return None, "Type a number of points, e.g. 25 (digits and one decimal point)"
    value = float(typed)
    if value > ceiling + 1e-9:
        return None, (
            f"At most {points(ceiling)} points: that is all the unlocked weights can give "
            "(lock fewer, or lower another weight first)"
        )
    return value, None


class ConfirmScreen(Dialog[str | None]):
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


class TypeWeightScreen(Dialog[float | None]):
    """Type the selected criterion's points; the unlocked others rebalance.

    Opened with the current points selected, so what is typed replaces them (``20`` then
    ``35`` gives 35); opened by a digit, that digit starts a fresh value. A value the
    others cannot make room for, or anything that is not a number, is refused with a
    sentence under the field while typing, and enter leaves the dialog open.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]

    def __init__(self, name: str, current: float, ceiling: float, prefill: str = "") -> None:
        super().__init__()
        self.criterion = name
        self.current = current
        self.ceiling = ceiling
        self.prefill = prefill

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Weight of {self.criterion}", classes="dialog-title")
            yield Static(
                f"Now {points(self.current)} points (0 to {points(self.ceiling)}). Type the "
                "new points and press enter; the unlocked weights make room.",
                classes="dialog-text",
            )
            yield Input(
                value=self.prefill or points(self.current),
                id="value",
                compact=True,
                select_on_focus=False,
            )
            yield Static("", id="error", classes="dialog-error")
            yield Static("enter sets it · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        if self.prefill:
            field.cursor_position = len(field.value)
            self._check(field.value)
        else:
            field.select_all()

    def add_text(self, text: str) -> None:
        """Digits that arrived for the screen below (a paste, a fast burst): typed here."""
        if not self.is_mounted or not self.query(Input):
            self.prefill += text
            return
        field = self.query_one(Input)
        field.insert_text_at_cursor(text)

    def _check(self, text: str) -> float | None:
        value, error = parse_points(text, self.ceiling)
        self.query_one("#error", Static).update(error or "")
        return value

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        value = self._check(event.value)
        if value is not None:
            self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
