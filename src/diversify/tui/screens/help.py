"""Help: what the screen shows and every key, as currently mapped (key maps included)."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from diversify.tui.format import MUTED

# (binding id, what it does) in the order a newcomer needs them.
KEY_GROUPS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Weights",
        (
            ("criterion-next", "next criterion"),
            ("criterion-previous", "previous criterion"),
            ("weight-up", "raise the selected weight by 1 point"),
            ("weight-down", "lower it by 1 point"),
            ("weight-up-5", "raise it by 5 points"),
            ("weight-down-5", "lower it by 5 points"),
            ("weight-type", "type a value (or just type the digits)"),
            ("lock", "lock or unlock it: a locked weight keeps its points"),
            ("normalise", "scale the total to 100 points (locked weights kept)"),
            ("reset", "back to the profile's weights"),
        ),
    ),
    (
        "Undo",
        (
            ("undo", "undo the last weight, lock, profile or cap change"),
            ("redo", "redo the change last undone"),
            ("history", "list every change of the session"),
        ),
    ),
    (
        "Looking around",
        (
            ("capability-next", "next capability"),
            ("capability-previous", "previous capability"),
            ("option-next", "explain the next option"),
            ("option-previous", "explain the previous option"),
            ("overview", "overview: every capability's leader and bloc"),
            (
                "walking",
                "walking weights: every score as the selected weight runs 0-100% (on "
                "large screens they sit beside the ranking: hide, show)",
            ),
            ("overview-close", "back from the overview"),
        ),
    ),
    (
        "Portfolio caps (overview, this session only, never saved)",
        (
            ("cap-up", "raise the selected bloc's cap by 5 points"),
            ("cap-down", "lower it by 5 points"),
            ("cap-next", "edit the next bloc's cap (US first)"),
            ("cap-previous", "edit the previous bloc's cap"),
        ),
    ),
    (
        "Profiles, methods, files",
        (
            ("profile", "pick another weight profile"),
            ("compare", "compare every ranking with a profile's, side by side"),
            ("method", "pick another ranking method"),
            ("save", "save the weights as a profile (new, or overwrite after confirming)"),
            ("export", "export the report with these weights (format and path)"),
        ),
    ),
    (
        "App",
        (
            ("help", "this help"),
            ("quit", "quit (asks first when weights are unsaved)"),
        ),
    ),
)

ABOUT = (
    "Every change re-ranks every capability through the engine at once. Changing a "
    "weight keeps the total: the points come from (or go to) the other unlocked criteria "
    "in proportion to their points. Δ shows places gained ▲ or lost ▼ with the last "
    "change. 'Why it ranks there' shows, per criterion, what the highlighted option gains "
    "(solid) and loses (shaded) within that criterion's weight, and the difference "
    "from the leader (or, for the leader, the runner-up). Screened-out options are "
    "listed under the ranking with the rule they failed. ctrl+p opens the command "
    "palette (e.g. 'profile: switch to speed-first')."
)


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "close", "close", key_display="esc", id="help-close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(self._content(), id="help-text")
        yield Footer(compact=True)

    def _keys(self) -> dict[str, str]:
        """Binding id -> its keys as shown, after the user's key map."""
        from diversify.tui.screens.main import MainScreen
        from diversify.tui.screens.overview import OverviewScreen

        keymap = getattr(self.app, "_keymap", {})
        out: dict[str, str] = {}
        for cls in (MainScreen, OverviewScreen, type(self.app)):
            for b in _all_bindings(cls):
                if b.id is None or b.id in out:
                    continue
                keys = keymap.get(b.id, b.key)
                shown = [self.app.get_key_display(Binding(k.strip(), "")) for k in keys.split(",")]
                out[b.id] = " ".join(shown)
        return out

    def _content(self) -> RenderableType:
        keys = self._keys()
        parts: list[RenderableType] = [
            Text("diversify: interactive weighting\n", style="bold"),
            Text(ABOUT + "\n", style=""),
        ]
        for analysis in getattr(self.app, "analyses", ()):
            if analysis.help:
                parts.append(Text(analysis.help + "\n"))
        for title, entries in KEY_GROUPS:
            table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=False)
            table.add_column(style="bold", min_width=14, no_wrap=True)
            table.add_column()
            table.add_column(style=MUTED, no_wrap=True)
            for binding_id, text in entries:
                if binding_id in keys:
                    table.add_row(keys[binding_id], text, binding_id)
            parts += [Text(title, style="bold underline"), table, Text("")]
        parts.append(
            Text(
                "The grey names are binding ids: remap keys with `diversify tui --keys FILE`, "
                'a YAML file of `binding-id: "keys"` lines.',
                style=MUTED,
            )
        )
        return Group(*parts)

    def action_close(self) -> None:
        self.app.pop_screen()


def _all_bindings(cls: type) -> list[Binding]:
    """Bindings declared on ``cls`` and its bases, nearest first."""
    out: list[Binding] = []
    for klass in cls.__mro__:
        for b in klass.__dict__.get("BINDINGS", []):
            if isinstance(b, Binding):
                out.append(b)
    return out
