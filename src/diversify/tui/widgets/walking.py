"""Walking weights: every option's score as the selected criterion's weight runs 0 → 100%.

What Visual PROMETHEE and Hiview call walking weights or a sensitivity plot: the
selected criterion's share of the weight moves from 0 to 100% while the other weights
keep their proportions, and each option's score is drawn as a line, so the room sees
how far the weight can go before another option leads. The current weight is a dotted
column (``┊``); each point where the leader changes is marked ``▲`` under the chart.

The lines are the value model's (MAVT: the weighted sum of the 0..1 values, a straight
line per option); the switch points are the engine's exact ones
(:func:`diversify.engine.sensitivity.one_way`). For a method that is not additive the
chart says so: it shows the value model beside that method's ranking. Drawn with box
characters, so it reads at 80 x 24 and on any terminal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from diversify.engine.results import CapabilityResult
from diversify.tui.format import MUTED, WARN, safe_text

if TYPE_CHECKING:
    import numpy as np

__all__ = ["LINE_STYLES", "WalkingChart", "WalkingView", "walking_lines"]

LINE_STYLES = ("bold #e0e0e0", "#6fa8dc", "#e0b060", "#8fbf8f", "#d98080", "#b48ead", "#88c0d0")
"""One colour per option, in the current ranking's order (the leader brightest)."""


@dataclass(frozen=True)
class WalkingView:
    result: CapabilityResult
    criterion: str
    """The criterion whose weight walks (a shared criterion's id)."""
    name: str


@dataclass(frozen=True)
class WalkingLines:
    """The chart's numbers: scores per option at each step of the weight, switch points."""

    steps: np.ndarray
    """The criterion's share (0..1) at each column."""
    scores: np.ndarray
    """(options x steps) value-model scores."""
    current: float
    """The criterion's share now."""
    switches: tuple[tuple[float, int, int], ...]
    """(share, new leader, old leader) where the leader changes as the weight rises."""
    leads: tuple[tuple[float, float, int], ...]
    """(from, to, option) for each stretch of the weight with one leader."""


def walking_lines(result: CapabilityResult, criterion: str, columns: int) -> WalkingLines | None:
    """The chart for ``columns`` steps; None when the criterion does not weigh here."""
    import numpy as np  # here, not at import: the first paint does without it

    from diversify.engine.sensitivity import one_way

    ids = [c.id for c in result.criteria]
    if criterion not in ids or len(result.ranking) < 1 or columns < 2:
        return None
    weights = np.array([result.weights.get(c, 0.0) for c in ids], dtype=np.float64)
    if weights.sum() <= 0:
        return None
    values = np.array(
        [[o.values.get(c, 0.0) for c in ids] for o in result.ranking], dtype=np.float64
    )
    j = ids.index(criterion)
    sweep = one_way(values, weights, j)
    steps = np.linspace(0.0, 1.0, columns)
    scores = np.stack([values @ sweep.weights_at(float(t)) for t in steps], axis=1)
    switches = tuple((s.weight, s.gains, s.loses) for s in sweep.switch_points if s.leader_change)
    leads = tuple((seg.lo, seg.hi, seg.leader) for seg in sweep.leader_segments)
    return WalkingLines(steps, scores, sweep.current_weight, switches, leads)


def _pct(share: float) -> str:
    return f"{100 * share:.0f}%"


class WalkingChart(Widget):
    """The walking-weights chart for the selected criterion and capability."""

    view: reactive[WalkingView | None] = reactive(None)

    def render(self) -> RenderableType:
        view = self.view
        if view is None:
            return Text("")
        res = view.result
        if not res.ranking:
            return Text("Every option was screened out: nothing to chart.", style=MUTED)
        width, height = self.content_size.width, self.content_size.height
        axis = 5  # "0.65┤"
        cols = max(width - axis, 2)
        lines = walking_lines(res, view.criterion, cols)
        if lines is None:
            return Text(f"{view.name} does not weigh in this capability.", style=MUTED)
        m = len(res.ranking)
        legend_rows = min(m, max(height - 6, 1))
        note_rows = 0 if res.additive else 1
        rows = max(height - legend_rows - 2 - note_rows, 3)
        lo, hi = float(lines.scores.min()), float(lines.scores.max())
        if hi - lo < 1e-9:
            hi = lo + 1e-9
        level = ((lines.scores - lo) / (hi - lo) * (rows - 1)).round().astype(int)
        grid: list[list[tuple[str, str]]] = [[(" ", "")] * cols for _ in range(rows)]
        now = round(lines.current * (cols - 1))
        for r in range(rows):
            grid[r][now] = ("┊", "bold")
        # Draw the last-ranked first, so the leader's line lies on top.
        for i in reversed(range(m)):
            style = LINE_STYLES[i % len(LINE_STYLES)]
            for c in range(cols):
                y = rows - 1 - int(level[i, c])
                prev = rows - 1 - int(level[i, c - 1]) if c else y
                if prev == y:
                    grid[y][c] = ("─", style)
                else:  # a step up (╯ then ╭) or down (╮ then ╰), joined by │
                    top, bottom = min(prev, y), max(prev, y)
                    for yy in range(top + 1, bottom):
                        grid[yy][c] = ("│", style)
                    grid[prev][c] = ("╯" if y < prev else "╮", style)
                    grid[y][c] = ("╭" if y < prev else "╰", style)
        out = Text(no_wrap=True, overflow="crop", end="")
        for r in range(rows):
            value = hi - (hi - lo) * r / (rows - 1) if rows > 1 else hi
            label = f"{value:.2f}"[-4:] if r in (0, rows - 1) or r == rows // 2 else ""
            out.append(f"{label:>4}┤", style=MUTED)
            for ch, style in grid[r]:
                out.append(ch, style=style)
            out.append("\n")
        marks = [" "] * cols
        for t, _, _ in lines.switches:
            marks[round(t * (cols - 1))] = "▲"
        marks[now] = "┴"
        out.append(" " * axis)
        for ch in marks:
            out.append(ch, style=WARN if ch == "▲" else "bold")
        out.append("\n")
        scale = [" "] * cols
        for text, at in (("0%", 0), ("50%", (cols - 3) // 2), ("100%", cols - 4)):
            scale[at : at + len(text)] = list(text)
        now_text = f"now {_pct(lines.current)}"
        start = min(max(now - len(now_text) // 2, 0), cols - len(now_text))
        if start >= 0 and all(ch == " " for ch in scale[start - 1 : start + len(now_text) + 1]):
            scale[start : start + len(now_text)] = list(now_text)
        out.append(" " * axis + "".join(scale), style=MUTED)
        for i, opt in enumerate(res.ranking[:legend_rows]):
            out.append("\n")
            style = LINE_STYLES[i % len(LINE_STYLES)]
            out.append("━ ", style=style)
            line = safe_text(f"{opt.rank} {opt.system}", "bold" if i == 0 else "")
            stretches = [f"{100 * a:.0f}–{_pct(b)}" for a, b, who in lines.leads if who == i]
            if stretches:
                line.append("  first " + ", ".join(stretches), style=MUTED)
            else:
                line.append("  never first", style=MUTED)
            line.truncate(max(width - 2, 1), overflow="ellipsis")
            out.append_text(line)
        if not res.additive:
            out.append("\n")
            out.append(
                "Lines: the value model (MAVT weighted sum), not this method's scores.",
                style=MUTED,
            )
        return out
