"""Why the highlighted option ranks where it does: what it gains and loses on each criterion.

For an additive method (MAVT, WSM) each criterion's bar is as long as its weight; the
solid part is what the option earns on it, the shaded part what it loses to a perfect
figure. The last column compares with the leader (or, for the leader, the runner-up),
so the room sees which criteria decide between the two. The numbers are the engine's
contributions; nothing is recomputed here beyond a difference for display.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual.geometry import Size
from textual.reactive import reactive
from textual.widget import Widget

from diversify.engine.results import CapabilityResult, RankedOption
from diversify.tui.format import MUTED, Flex, bloc_text, columns, ordinal, safe_text, signed


@dataclass(frozen=True)
class ContributionsView:
    result: CapabilityResult
    option: str | None
    """The highlighted option (None: the leader)."""
    method: str
    sources: tuple[tuple[str, str], ...] = ()
    """(criterion name, where its figure comes from) for the highlighted option; shown
    when the terminal is tall enough."""


def _figure(value: float | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value.replace("_", " ")
    return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


class ContributionsPanel(Widget):
    view: reactive[ContributionsView | None] = reactive(None)
    """Set through :func:`~diversify.tui.widgets.show` (re-measured only when needed)."""

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Title lines, header, one row per criterion, then the note or the sources."""
        view = self.view
        if view is None:
            return 1
        n = len(view.result.criteria)
        height = 3 + n
        if not view.result.additive:
            height += 3
        if view.sources:
            height += 2 + len(view.sources)
        return height

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        res = view.result
        if not res.ranking:
            return Text("Every option was screened out: nothing to explain.", style=MUTED)
        opt = next((o for o in res.ranking if o.option == view.option), res.ranking[0])
        other = self._comparator(res, opt)
        width = self.content_size.width
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        head = Text(opt.system, style="bold")
        head.append(f" · {opt.supplier} · {opt.country} ", style=MUTED)
        head.append_text(bloc_text(opt.bloc))
        head = safe_text(head)
        head.truncate(width, overflow="ellipsis")
        sub = Text(
            f"{ordinal(opt.rank)} of {len(res.ranking)} · score {opt.score:.3f}", style=MUTED
        )
        if other is not None:
            sub.append(f" · vs {other.system} ({ordinal(other.rank)})")
        sub = safe_text(sub)
        sub.truncate(width, overflow="ellipsis")
        additive = res.additive and opt.contributions is not None
        out.append_text(head)
        out.append("\n")
        out.append_text(sub)
        out.append("\n")
        out.append_text(self._table(res, opt, other, width, additive))
        if not additive:
            note = (
                f"{view.method.upper()} is not additive: the score is not a sum of these "
                "parts. Bars show each figure's 0-1 value."
            )
            extras = " · ".join(
                f"{k} {v:.3g}" if not isinstance(v, bool) else f"{k} {'yes' if v else 'no'}"
                for k, v in opt.extras.items()
            )
            out.append("\n")
            out.append_text(Text(note + (f" {extras}" if extras else ""), style=MUTED))
        if view.sources:
            out.append("\n\n")
            out.append("Where the figures come from\n", style="bold")
            rows = [[name, where] for name, where in view.sources]
            out.append_text(
                columns(rows, [Flex(1), Flex(3)], width, row_styles=[MUTED] * len(rows))
            )
        return out

    @staticmethod
    def _comparator(res: CapabilityResult, opt: RankedOption) -> RankedOption | None:
        """The leader, or the runner-up when ``opt`` leads."""
        for o in res.ranking:
            if o.option != opt.option:
                return o
        return None

    def _table(
        self,
        res: CapabilityResult,
        opt: RankedOption,
        other: RankedOption | None,
        width: int,
        additive: bool,
    ) -> Text:
        narrow = width < 46
        show_figure = width >= 56
        bar_width = 16 if width >= 66 else 10 if not narrow else 8
        header: list[Text | str] = ["Criterion"]
        widths: list[int | Flex] = [Flex(3)]
        if show_figure:
            header.append("Figure")
            widths.append(Flex(2))
        header.append("gains ▇ loses ░" if bar_width >= 16 else "")
        widths.append(bar_width)
        numbers = len(header)  # the columns from here on are numbers, right-aligned
        if not narrow:
            header.append("gets" if additive else "value")
            widths.append(5)
        if other is not None:
            header.append("vs")
            widths.append(6)
        right = tuple(range(numbers, len(header)))
        rows: list[list[Text | str]] = [header]
        top = max(res.weights.values(), default=0.0) or 1.0
        for info in res.criteria:
            w = res.weights.get(info.id, 0.0)
            value = opt.values.get(info.id, 0.0)
            if additive:
                assert opt.contributions is not None
                got = opt.contributions.get(info.id, 0.0)
                span = round(w / top * bar_width)
                filled = min(round(got / top * bar_width), span)
                cell = Text("█" * filled)
                cell.append("░" * (span - filled), style=MUTED)
                amount = got
                theirs = (other.contributions or {}).get(info.id, 0.0) if other else 0.0
            else:
                filled = round(value * bar_width)
                cell = Text("█" * filled)
                cell.append("░" * (bar_width - filled), style=MUTED)
                amount = value
                theirs = other.values.get(info.id, 0.0) if other else 0.0
            # Narrow: the criterion's id (short, and what the files call it).
            row: list[Text | str] = [info.id if narrow else info.name]
            if show_figure:
                row.append(_figure(opt.raw.get(info.id)))
            row.append(cell)
            if not narrow:
                row.append(f"{amount:.3f}")
            if other is not None:
                row.append(signed(amount - theirs))
            rows.append(row)
        styles: list[str | None] = [MUTED] + [None] * (len(rows) - 1)
        return columns(rows, widths, width, right=right, row_styles=styles)
