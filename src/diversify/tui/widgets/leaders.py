"""The overview table: every capability's leader and runner-up, with their blocs.

This is the diversification picture at a glance: which bloc each capability's best
option comes from under the current weights, how clear the lead is, and how many
capabilities each bloc leads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from diversify.engine.results import RankedOption
from diversify.tui.format import BLOC_STYLE, MUTED, WARN, Flex, bar, bloc_text, columns
from diversify.tui.programme import ProgrammeView, first_text, switch_text
from diversify.tui.state import RankingState

BLOC_ORDER = tuple(BLOC_STYLE)


@dataclass(frozen=True)
class LeadersView:
    ranking: RankingState
    names: tuple[tuple[str, str, float], ...]
    """(capability id, name, quantity) in scenario order."""
    programme: ProgrammeView | None = None
    """How safe each leader is (SMAA first, nearest switch), when computed."""
    criteria: Mapping[str, str] | None = None
    """Criterion id -> a short name, for the nearest switch."""


class LeadersTable(Widget):
    """One row per capability; click a row to open it on the main screen."""

    view: reactive[LeadersView | None] = reactive(None)

    @dataclass
    class Picked(Message):
        capability: str

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Header, a row per capability, and room for the notes under them."""
        view = self.view
        if view is None:
            return 1
        changed = any(view.ranking.leader_changed(c) for c, _, _ in view.names)
        tied = any(r.rank == 1 for r in _second_firsts(view))
        notes = int(changed) + int(tied)
        return 1 + len(view.names) + (1 + notes if notes else 0)

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("ranking…", style=MUTED)
        width = self.content_size.width
        programme = view.programme
        current = programme is not None and programme.method == view.ranking.method
        # The programme columns take the room of the supplier, and on narrow terminals
        # of the score and the runner-up (the lead over it stays).
        wide = width >= (150 if programme is not None else 110)
        roomy = programme is None or width >= 100
        header: list[Text | str] = ["Capability", "Leader"]
        widths: list[int | Flex] = [Flex(3), Flex(3)]
        if wide:
            header.append("Supplier")
            widths.append(Flex(3))
        header.append("Bloc")
        widths.append(6)
        if roomy:
            header += ["Score", "Lead", "Runner-up"]
            widths += [6, 6, Flex(3)]
        else:
            header.append("Lead")
            widths.append(6)
        if programme is not None:
            header += ["First", "Nearest switch"]
            widths += [5, Flex(6)]
        marks = any(view.ranking.leader_changed(c) for c, _, _ in view.names)
        if marks:
            header.append("")
            widths.append(5)
        numbers = tuple(i for i, h in enumerate(header) if h in ("Score", "Lead", "First"))
        rows: list[list[Text | str]] = [header]
        for cap_id, name, _qty in view.names:
            res = view.ranking.result(cap_id)
            lead = res.ranking[0] if res is not None and res.ranking else None
            second = res.ranking[1] if res is not None and len(res.ranking) > 1 else None
            if lead is None:
                rows.append([name, Text("every option screened out", style=MUTED)])
                continue
            # Methods that rank by classes (VIKOR's compromise set, ELECTRE I's kernel)
            # can put several options first: a tie, not a lead by some margin.
            tied = second is not None and second.rank == lead.rank
            runner = Text(("= " if tied else "") + (second.system if second else "—"))
            if second is not None:
                runner.append(" ")
                runner.append_text(bloc_text(second.bloc, short=True))
            cells: list[Text | str] = [name, Text(lead.system, style="bold")]
            if wide:
                cells.append(lead.supplier)
            margin = f"{abs(lead.score - second.score):.3f}" if second else ""
            cells.append(bloc_text(lead.bloc))
            if roomy:
                cells.append(f"{lead.score:.3f}")
            cells.append(Text("tie", style=WARN) if tied else margin)
            if roomy:
                cells.append(runner)
            if programme is not None:
                line = programme.lines.get(cap_id)
                look = "" if current else f"{MUTED} dim"
                cells += [
                    Text(first_text(line), style=look),
                    Text(switch_text(line, view.criteria or {}), style=look or MUTED),
                ]
            if marks:
                cells.append(
                    Text("● new", style=WARN) if view.ranking.leader_changed(cap_id) else ""
                )
            rows.append(cells)
        height = self.content_size.height
        hidden: list[str] = []
        if height and len(rows) > height:
            # Never drop a capability without saying so: the last row names the rest.
            keep = max(height - 1, 1)
            hidden = [name for _, name, _ in view.names[keep - 1 :]]
            rows = rows[:keep]
        styles: list[str | None] = [MUTED] + [None] * (len(rows) - 1)
        table = columns(rows, widths, width, right=numbers, row_styles=styles)
        if hidden:
            more = Text(f"\n▼ {len(hidden)} more: " + ", ".join(hidden), style=WARN)
            more.truncate(width, overflow="ellipsis")
            table.append_text(more)
            return table
        notes = []
        if any(view.ranking.leader_changed(c) for c, _, _ in view.names):
            notes.append("● new: the leader changed with the last change")
        if any(r.rank == 1 for r in _second_firsts(view)):
            notes.append("tie: several options share first place (= the one tied)")
        room = len(rows) + 1 + len(notes)
        if notes and (height == 0 or room <= height):
            table.append("\n\n" + "\n".join(notes), style=MUTED)
        return table

    def on_click(self, event: events.Click) -> None:
        view, offset = self.view, event.get_content_offset(self)
        if view is None or offset is None:
            return
        row = offset.y - 1
        if 0 <= row < len(view.names):
            self.post_message(self.Picked(view.names[row][0]))


def _second_firsts(view: LeadersView) -> list[RankedOption]:
    """Each capability's runner-up (those with rank 1 are tied for first)."""
    out = []
    for cap_id, _, _ in view.names:
        res = view.ranking.result(cap_id)
        if res is not None and len(res.ranking) > 1:
            out.append(res.ranking[1])
    return out


def leader_blocs(ranking: RankingState, capabilities: Sequence[str]) -> Counter[str]:
    """How many capabilities each bloc leads (a count of the engine's leaders)."""
    counts: Counter[str] = Counter()
    for cap_id in capabilities:
        res = ranking.result(cap_id)
        if res is not None and res.ranking:
            counts[res.ranking[0].bloc] += 1
    return counts


class BlocSummary(Widget):
    """How many capabilities each bloc leads, as bars: the diversification picture."""

    view: reactive[LeadersView | None] = reactive(None)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.view is None:
            return 1
        counts = leader_blocs(self.view.ranking, [c for c, _, _ in self.view.names])
        return max(len(counts) + (sum(counts.values()) < len(self.view.names)), 1)

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        counts = leader_blocs(view.ranking, [c for c, _, _ in view.names])
        total = sum(counts.values())
        width = max(self.content_size.width - 20, 4)
        rows: list[list[Text | str]] = []
        for bloc in BLOC_ORDER:
            n = counts.get(bloc, 0)
            if n:
                rows.append(
                    [
                        bloc_text(bloc),
                        Text(bar(n / total, width), style=BLOC_STYLE[bloc]),
                        str(n),
                        Text(f"{n / total:.0%}", style=MUTED),
                    ]
                )
        if total < len(view.names):
            rows.append([Text("none", style=MUTED), "", str(len(view.names) - total), ""])
        return columns(rows, [7, width, 3, 5], self.content_size.width, right=(2, 3))
