"""Every problem in a scenario that failed to load: file:line, field, value, explanation.

Shown instead of the main screen, so a planner who mistyped a value sees all of their
mistakes at once, where each is and how to fix it, without leaving the app: fix the
files, press r, and the scenario loads.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, cast

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from diversify.io.problems import Problem
from diversify.tui.format import MUTED, WARN, safe_text
from diversify.tui.host import SessionHost


class ProblemsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "reload", id="reload"),
    ]

    def __init__(
        self, problems: Sequence[Problem], error: str | None = None, source: Path | None = None
    ) -> None:
        super().__init__()
        self.problems = sorted(problems)
        self.error = error
        self.source = source

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems-body"):
            yield Static(self._content(), id="problems")
        yield Footer(compact=True)

    def _content(self) -> RenderableType:
        name = str(self.source) if self.source is not None else "the bundled scenario"
        if self.error is not None:
            return Group(
                safe_text(f"Could not open {name}", f"bold {WARN}"),
                Text(""),
                safe_text(self.error),
                Text("\nCheck the path, then press r to try again, or q to quit.", style=MUTED),
            )
        n = len(self.problems)
        head = safe_text(
            f"{n} problem{'s' if n != 1 else ''} in {name}: nothing was scored", f"bold {WARN}"
        )
        parts: list[RenderableType] = [head, Text("")]
        for file in sorted({p.file for p in self.problems}):
            # One table per file, headed by its path; each row says name:line:column, so
            # long paths do not squeeze the explanations.
            parts.append(safe_text(file, "bold underline"))
            table = Table(expand=True, box=None, padding=(0, 2, 0, 0), header_style=MUTED)
            table.add_column("Location", no_wrap=True, style="bold")
            table.add_column("Field", overflow="fold", max_width=36)
            table.add_column("Value", overflow="fold", max_width=22, style=WARN)
            table.add_column("Explanation", overflow="fold", ratio=1, min_width=30)
            short = Path(file).name
            for p in self.problems:
                if p.file == file:
                    where = p.location().replace(file, short, 1)
                    # Text cells: file text is neither markup nor terminal control codes.
                    cells = (where, p.path or "-", p.value or "", p.message)
                    table.add_row(*(safe_text(c) for c in cells))
            parts += [table, Text("")]
        hint = Text("\nFix the files, then press r to load them again, or q to quit.", style=MUTED)
        return Group(*parts, hint)

    def action_reload(self) -> None:
        cast(SessionHost, self.app).reload()
