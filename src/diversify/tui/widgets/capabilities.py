"""The programme strip: every capability with its leader, how safe the lead is, and the spend.

The capability selector grown into the programme at a glance (issue 12): per capability
the current leader's bloc (and, where there is room, the leading system), how often it
comes first in the SMAA samples (``First``), and the nearest switch point (the criterion
whose weight has to move least, alone, before another option leads, from
:mod:`diversify.tui.programme`); under them the programme's spend by bloc against its
caps (the portfolio's plan, :mod:`diversify.tui.portfolio`). It replaces the plain list
rather than adding a panel so that 80 x 24 keeps its ranking and weights: the columns
narrow before anything goes, and when not every capability fits, the list keeps the
selected one in view and the title says how many are above and below (``tab`` moves).

The spend goes on the bottom border when it fits there (one line: ``US 8%≤50% · Eur
66%``), else in lines under the capabilities; on large screens each bloc gets a bar with
its cap marked ``│``. Figures computed for older weights are shown dim; a cap that
binds is in the warning colour, one edited for the session is marked ``*``.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from diversify.tui.format import MUTED, WARN, Flex, bloc_text, columns
from diversify.tui.portfolio import BlocShare, share_lines
from diversify.tui.widgets._window import window


@dataclass(frozen=True)
class CapabilityRow:
    """One capability as the strip lists it."""

    id: str
    name: str
    leader: str | None
    """The leading system, or None when every option was screened out."""
    bloc: str | None
    leader_changed: bool = False
    first: str | None = None
    """The leader's SMAA first-rank share (``61%``); None when the programme figures are
    not registered, ``""`` while they are computed."""
    switch: str = ""
    """The nearest switch point, with who takes over (``≥25% cost → M1A2 SEPv3``)."""
    switch_short: str = ""
    """The same without who takes over (``≥25% cost``), for narrow columns."""


@dataclass(frozen=True)
class Spend:
    """The programme's spend by bloc, or why there is none to show."""

    lines: tuple[BlocShare, ...] = ()
    """Every bloc's share of spend with its cap (the portfolio analysis's)."""
    note: str = ""
    """Said instead of the shares (``computing…``, ``no portfolio meets every constraint``)."""
    stale: bool = False
    """The shares are for older weights or caps (a newer plan is on its way)."""


class CapabilityList(Widget):
    """Lists capabilities with the programme's figures; the selected one is marked.

    Click a row to select it. ``spend`` is None when the scenario has no portfolio.
    ``bars`` (large screens) gives each bloc a bar of its own.
    """

    rows: reactive[tuple[CapabilityRow, ...]] = reactive(())
    selected: reactive[int] = reactive(0)
    spend: reactive[Spend | None] = reactive(None)
    stale: reactive[bool] = reactive(False)
    """The First and switch figures are for older weights (shown dim)."""
    bars: reactive[bool] = reactive(False)

    _borders: tuple[str, str | None] | None = None
    """The border title and subtitle last set (markup)."""

    @dataclass
    class Selected(Message):
        """A capability was clicked."""

        index: int

    # ----------------------------------------------------------------------------------
    # layout
    # ----------------------------------------------------------------------------------

    @property
    def _programme(self) -> bool:
        return any(r.first is not None for r in self.rows)

    def _spend_text(self, tier: int = 0) -> Text | None:
        """The spend on one line (None when there is no portfolio).

        ``tier`` 0 says it in full (``spend US 9%≤50% · Eur 3%``), 1 without the dots,
        2 with the per cent sign said once (``spend % US 9≤50 Eur 3``), for narrow panels.
        """
        spend = self.spend
        if spend is None:
            return None
        out = Text("spend " + ("% " if tier >= 2 else ""), style=MUTED)
        if not spend.lines:
            out.append(spend.note or "computing…", style=MUTED)
            return out
        pct = "" if tier >= 2 else "%"
        shown = [s for s in spend.lines if s.share >= 0.005 or s.cap is not None]
        for n, s in enumerate(shown):
            if n:
                out.append(" · " if tier == 0 else " ", style=MUTED)
            out.append_text(bloc_text(s.bloc, short=True))
            out.append(f" {100 * s.share:.0f}{pct}")
            if s.cap is not None:
                out.append(f"≤{100 * s.cap:.0f}{pct}", style=WARN if s.binding else MUTED)
            if s.edited:
                out.append("*", style=WARN)
        if spend.stale:
            out.stylize("dim")
        return out

    def spend_in_border(self, width: int | None = None) -> Text | None:
        """The spend line when it fits on the bottom border of a panel ``width`` wide."""
        width = self.outer_size.width if width is None else width
        if self.bars:
            return None
        for tier in (0, 1):
            text = self._spend_text(tier)
            if text is None:
                return None
            if text.cell_len <= width - 6:
                return text
        return None

    def _spend_lines(self, width: int) -> list[Text]:
        """The spend as lines under the capabilities (when the border cannot hold it):
        on one line if a shorter wording fits, else wrapped; bars on large screens."""
        if self._spend_text() is None or self.spend_in_border(width + 4) is not None:
            return []
        spend = self.spend
        if not self.bars or spend is None or not spend.lines:
            for tier in (0, 1, 2):
                text = self._spend_text(tier)
                if text is not None and text.cell_len <= width:
                    return [text]
            text = self._spend_text(1)
            assert text is not None
            return list(text.wrap(self.app.console, width)) if width > 0 else []
        head = Text("Spend by bloc", style=MUTED)
        if spend.note:
            head.append(f" · {spend.note}", style=MUTED)
        lines = [head, *share_lines(spend.lines, width)]
        if spend.stale:
            for line in lines:
                line.stylize("dim")
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """A header (with the programme figures), a row per capability, the spend lines."""
        header = 1 if self._programme else 0
        return max(header + len(self.rows) + len(self._spend_lines(width)), 1)

    def visible(self) -> range:
        """The capabilities that fit, around the selected one."""
        width, height = self.content_size.width, self.content_size.height
        header = 1 if self._programme else 0
        room = height - header - len(self._spend_lines(width))
        return window(len(self.rows), self.selected, max(room, 1))

    def hidden(self) -> tuple[int, int]:
        """How many capabilities are out of view above and below."""
        shown = self.visible()
        return shown.start, max(len(self.rows) - shown.stop, 0)

    # ----------------------------------------------------------------------------------
    # drawing
    # ----------------------------------------------------------------------------------

    def render(self) -> RenderableType:
        width = self.content_size.width
        programme = self._programme
        show_leader = width >= (52 if programme else 40)
        with_successor = programme and width >= 80
        # With the programme columns the bloc is three letters (US, Eur, ROK): the room
        # goes to the names and the switch.
        short_bloc = programme or not show_leader
        widths: list[int | Flex] = [1, Flex(4 if programme else 2)]
        header: list[Text | str] = ["", "Capability"]
        if show_leader:
            widths.append(Flex(4 if programme else 2))
            header.append("Leader")
        widths.append(3 if short_bloc else 6)
        header.append("" if short_bloc else "Bloc")
        if programme:
            widths += [5, Flex(5 if show_leader else 4)]
            header += ["First", "Nearest switch" if show_leader else "Switch"]
        widths.append(1)
        header.append("")
        look = f"{MUTED} dim" if self.stale else ""
        rows: list[list[Text | str]] = [header] if programme else []
        styles: list[str | None] = [MUTED] if programme else []
        for i in self.visible():
            row = self.rows[i]
            chosen = i == self.selected
            cells: list[Text | str] = [
                Text("▶" if chosen else " ", style="bold"),
                Text(row.name, style="bold reverse" if chosen else ""),
            ]
            if show_leader:
                cells.append(Text(row.leader or "none left", style=MUTED))
            cells.append(
                bloc_text(row.bloc, short=short_bloc) if row.bloc else Text("-", style=MUTED)
            )
            if programme:
                switch = row.switch if with_successor else row.switch_short
                cells += [
                    Text(row.first or "", style=look),
                    Text(switch, style=look or MUTED),
                ]
            cells.append(Text("●", style=WARN) if row.leader_changed else "")
            rows.append(cells)
            styles.append(None)
        right = (len(widths) - 3,) if programme else ()
        out = columns(rows, widths, width, right=right, row_styles=styles)
        for line in self._spend_lines(width):
            out.append("\n")
            out.append_text(line)
        # After this frame: a border set while rendering would not be drawn until the next.
        self.call_after_refresh(self._show_borders)
        return out

    def _show_borders(self) -> None:
        """The title says what is out of view; the bottom border holds the spend when it
        fits. Set only on a change: setting a border repaints the widget."""
        title = Text("Programme" if self._programme else "Capabilities")
        above, below = self.hidden()
        if above or below:
            marks = " ".join(
                m for m in (f"▲{above}" if above else "", f"▼{below}" if below else "") if m
            )
            title.append(f" · {marks} more (tab)", style=WARN)
        subtitle = self.spend_in_border()
        key = (title.markup, subtitle.markup if subtitle is not None else None)
        if key != self._borders:
            self._borders = key
            self.border_title = title
            self.border_subtitle = subtitle

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        rows = list(self.visible())
        y = offset.y - (1 if self._programme else 0)
        if 0 <= y < len(rows):
            self.post_message(self.Selected(rows[y]))
