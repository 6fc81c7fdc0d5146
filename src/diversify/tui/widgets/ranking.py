"""The ranking of the selected capability: rank, change, system, supplier, bloc, score, money.

Money on screen: each option's programme cost (unit cost x the capability's quantity, in
the scenario's currency, millions), in amber when it exceeds the capability's budget
envelope, and on wide terminals its unit cost; the envelope itself is in the table's
title (set by the main screen). The figures are the engine's (``RankedOption.unit_cost``,
``CapabilityResult.quantity`` and ``budget``); nothing is priced here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from diversify.engine.results import CapabilityResult
from diversify.tui.format import (
    MUTED,
    WARN,
    Flex,
    bar,
    bloc_text,
    change_text,
    columns,
    safe_text,
    score_fraction,
)
from diversify.tui.widgets._window import window


@dataclass(frozen=True)
class RankingView:
    """Everything the table shows for one capability."""

    result: CapabilityResult
    method: str
    generation: int
    highlighted: str | None = None
    """The option whose contributions are shown (None: the leader)."""
    changes: Mapping[str, int | None] = field(default_factory=dict)
    """Option id -> places gained since the last change (None: not comparable)."""


class RankingTable(Widget):
    """A table, not a DataTable: it redraws whole on every change, which is cheaper here."""

    view: reactive[RankingView | None] = reactive(None)
    painted_generation: int = -1
    """The generation last drawn: the benchmark waits for it to reach the new one."""

    @dataclass
    class Highlighted(Message):
        """An option row was clicked."""

        option: str

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Header, every option, and the screened-out lines (used when the height is auto)."""
        if self.view is None:
            return 1
        res = self.view.result
        return 1 + len(res.ranking) + (1 + len(res.screened_out) if res.screened_out else 0)

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("ranking…", style=MUTED)
        self.painted_generation = view.generation
        res = view.result
        width = self.content_size.width
        costed = any(o.unit_cost is not None for o in res.ranking)
        # The money comes before the supplier: on a middling width, system names first.
        show_supplier = width >= (84 if costed else 66)
        bar_width = 12 if width >= 84 else 8 if width >= 46 else 0
        header: list[Text | str] = ["#", "Δ", "System"]
        widths: list[int | Flex] = [2, 3, Flex(3)]
        if show_supplier:
            header += ["Supplier", "Ctry"]
            widths += [Flex(2), 4]
        # Below 46 columns (80 x 24, beside the programme strip) the money stays, in a
        # compact row: the bloc as three letters, no bar.
        compact = width < 46
        show_cost = width >= 36 and costed
        show_unit = show_cost and width >= 84
        if show_cost and width < 66:
            bar_width = 0  # the money before the bar: the score is there in figures
        if show_unit:
            header.append("Unit m")
            widths.append(7)
        if show_cost:
            header.append("Total m")
            widths.append(7 if compact else 8)
        header += ["" if compact else "Bloc", "Score"]  # US, Eur, ROK need no heading
        widths += [3, 5] if compact else [6, 6]
        if bar_width:
            header.append("")
            widths.append(bar_width)
        score_col = len(header) - (2 if bar_width else 1)
        money_cols = tuple(i for i, h in enumerate(header) if h in ("Unit m", "Total m"))
        right = (0, *money_cols, score_col)
        chosen, shown = self._rows(view)
        scores = [o.score for o in res.ranking]
        rows: list[list[Text | str]] = [header]
        styles: list[str | None] = [MUTED]
        for i in shown:
            opt = res.ranking[i]
            cells: list[Text | str] = [
                str(opt.rank),
                change_text(view.changes.get(opt.option)),
                Text(opt.system, style="bold" if opt.rank == 1 else ""),
            ]
            if show_supplier:
                cells += [opt.supplier, opt.country]
            if show_unit:
                cells.append(_money(opt.unit_cost))
            if show_cost:
                total = None if opt.unit_cost is None else opt.unit_cost * res.quantity
                over = total is not None and res.budget is not None and total > res.budget
                cells.append(Text(_money(total), style=WARN if over else ""))
            cells += [bloc_text(opt.bloc, short=compact), f"{opt.score:.3f}"]
            if bar_width:
                frac = score_fraction(view.method, opt.score, scores)
                cells.append(Text(bar(frac, bar_width), style=bloc_text(opt.bloc).style))
            rows.append(cells)
            styles.append("reverse" if opt.option == chosen else None)
        out = columns(rows, widths, width, right=right, row_styles=styles)
        if res.screened_out:
            out.append("\n")
            for s in res.screened_out:
                line = safe_text(f"✗ {s.system} ({s.bloc}) screened out: {s.reason}", MUTED)
                line.truncate(width, overflow="ellipsis")
                out.append("\n")
                out.append_text(line)
        return out

    def on_click(self, event: events.Click) -> None:
        view, offset = self.view, event.get_content_offset(self)
        if view is None or offset is None or offset.y < 1:
            return
        _, shown = self._rows(view)
        if offset.y - 1 < len(shown):
            self.post_message(self.Highlighted(view.result.ranking[shown[offset.y - 1]].option))

    def _rows(self, view: RankingView) -> tuple[str | None, range]:
        """The highlighted option and the rows that fit, leaving room for screened-out lines."""
        res = view.result
        chosen = view.highlighted or (res.ranking[0].option if res.ranking else None)
        index = next((i for i, o in enumerate(res.ranking) if o.option == chosen), 0)
        reserve = 1 + len(res.screened_out) if res.screened_out else 0
        rows = max(self.content_size.height - 1 - reserve, 1)
        return chosen, window(len(res.ranking), index, rows)


def _money(value: float | None) -> str:
    """Millions as shown in a cell: ``2,890`` (``39.1`` under 100), ``—`` when unknown."""
    if value is None:
        return "—"
    return f"{value:,.1f}" if abs(value) < 100 else f"{value:,.0f}"
