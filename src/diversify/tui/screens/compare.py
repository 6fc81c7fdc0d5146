"""Two weightings side by side (``c``): the weights on screen against a saved profile.

"What would the capability office's weights give?" Every capability's ranking under
both, one option a row, with the rank under each and the change highlighted, so the
room sees at once which leaders a different set of priorities would move. Both rankings
are the engine's (the app re-ranks the profile's points with the method on screen); this
screen only lays them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from diversify.engine.results import CapabilityResult
from diversify.tui.format import MUTED, WARN, Flex, bloc_text, change_text, columns, safe_text


class CompareScreen(Screen[None]):
    """Rankings under two weightings; rows whose rank differs are highlighted."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,c", "close", "back", key_display="esc", id="compare-close"),
    ]

    def __init__(
        self,
        left: str,
        right: str,
        left_results: Sequence[CapabilityResult],
        right_results: Sequence[CapabilityResult],
        weights_line: str,
    ) -> None:
        super().__init__()
        self.left, self.right = left, right
        self.left_results = list(left_results)
        self.right_results = {r.id: r for r in right_results}
        self.weights_line = weights_line

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="compare-body"):
            yield Static(id="compare")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#compare", Static).update(self.content(self.app.size.width - 4))

    def on_resize(self) -> None:
        self.query_one("#compare", Static).update(self.content(self.app.size.width - 4))

    def content(self, width: int) -> Text:
        """The whole comparison as text ``width`` cells wide."""
        out = Text()
        out.append_text(safe_text(f"{self.left}  vs  {self.right}", "bold"))
        out.append("\n")
        out.append_text(safe_text(self.weights_line, MUTED))
        moved = 0
        for res in self.left_results:
            other = self.right_results.get(res.id)
            if other is None:
                continue
            ranks = {o.option: o.rank for o in other.ranking}
            lead_changed = bool(other.ranking and res.ranking) and (
                other.ranking[0].option != res.ranking[0].option
            )
            moved += lead_changed
            out.append("\n\n")
            title = safe_text(res.name, "bold")
            if lead_changed:
                title.append(f"  ● leader changes to {other.ranking[0].system}", style=WARN)
            out.append_text(title)
            out.append("\n")
            rows: list[list[Text | str]] = [["", "System", "Bloc", "now", _short(self.right), ""]]
            styles: list[str | None] = [MUTED]
            for opt in res.ranking:
                there = ranks.get(opt.option)
                change = None if there is None else opt.rank - there
                rows.append(
                    [
                        "",
                        Text(opt.system, style="bold" if opt.rank == 1 else ""),
                        bloc_text(opt.bloc, short=True),
                        str(opt.rank),
                        "—" if there is None else str(there),
                        change_text(change),
                    ]
                )
                styles.append(f"{WARN}" if change else None)
            out.append_text(
                columns(rows, [1, Flex(3), 4, 8, 8, 3], width, right=(3, 4), row_styles=styles)
            )
        n = len(self.left_results)
        out.append("\n\n")
        out.append(
            f"{moved} of {n} leaders change. Ranks: now ({self.left}), then under "
            f"{self.right}; ▲ / ▼ places gained / lost under {self.right}. esc goes back.",
            style=MUTED,
        )
        return out

    def action_close(self) -> None:
        self.app.pop_screen()


def _short(label: str) -> str:
    return label if len(label) <= 8 else label[:7] + "…"
