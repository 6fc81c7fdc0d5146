"""The HTML report's charts: inline SVG, one style, built from plain marks.

Every chart but one is a :class:`Chart` of :class:`Mark` s (a rectangle, line, circle, polygon,
path or text with its attributes), which one template macro writes out. So the geometry
is computed here as numbers and plain strings, and every text and attribute value still
reaches the page through jinja2's autoescaping (report/html.py never builds markup);
the tag and attribute names are checked against a fixed list when a mark is made. The
one exception is the contributions chart (:func:`contribution_chart`, a stacked bar per
option), older than the marks, which has its own rows of segments in the template.

One style, chosen so a chart reads on a phone and in a grey print-out:

- one font size for labels (:data:`FONT`) and one for axis ticks, in a 560-unit wide
  view box that the page never shrinks below 480 px (a chart scrolls in its own box on
  a phone rather than shrinking its text to 6 px); a bar chart has its own phone
  version instead (:func:`stacked`: each label above its bar), so a phone never shows
  part of a bar;
- every quantity is also written as text next to its mark, so nothing depends on
  telling colours apart; blocs get both an Okabe & Ito (2008) colour and a shape;
- a bar's length is its value: a bar's value is written after it (never on a patch over
  it, which made a 100% bar look half as long), all bars of a chart share one scale,
  shortened together when a value would not fit after its bar, and names wrap between
  words rather than being cut (the full name is in the tooltip); text is measured with
  DejaVu Sans widths (:func:`text_width`), the widest common fallback font;
- the heat map is one hue from white to dark blue, which prints as light-to-dark grey,
  with the percentage printed in every cell;
- no script, no external reference, no timestamps; coordinates with one decimal so the
  same data gives the same bytes.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from diversify.engine.results import CapabilityResult, ScenarioResult
from diversify.words import pct

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe, M. & Ito, K. (2008) Color Universal Design, https://jfly.uni-koeln.de/color/.

Ordered so that neighbouring segments of a stacked bar contrast strongly."""

BLOC_COLOURS: dict[str, str] = {
    "US": OKABE_ITO[0],
    "Europe": OKABE_ITO[1],
    "ROK": OKABE_ITO[2],
    "Canada": OKABE_ITO[3],
    "Other": OKABE_ITO[4],
}
"""One colour per supplier bloc, in every chart."""

BLOC_SHAPES: dict[str, str] = {
    "US": "circle",
    "Europe": "square",
    "ROK": "triangle",
    "Canada": "diamond",
    "Other": "cross",
}
"""One marker shape per bloc, so a grey print still tells them apart."""

WIDTH = 560
FONT = 12
TICK_FONT = 11
INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#dddddd"
LABEL_W = 170.0
"""Width of the label column of a bar chart."""
ROW = 24.0
BAR = 14.0
CHAR = 6.6
"""Average width of one character of a 12 px label, where a rough figure will do (the
scatter's labels); bar labels are measured by :func:`text_width`."""

_TAGS = frozenset({"rect", "line", "circle", "polygon", "path", "text"})
_ATTR = re.compile(r"^[a-z][a-z0-9-]*$")
_REFUSED = frozenset({"href", "src", "style"})
"""Attributes that could load or run something (event handlers, ``on…``, are refused too)."""


@dataclass(frozen=True)
class Mark:
    """One SVG element: a tag from a fixed list, its attributes, optional text and tooltip."""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    text: str = ""
    tip: str = ""

    def __post_init__(self) -> None:
        names = [k for k, _ in self.attrs]
        if (
            self.tag not in _TAGS
            or not all(_ATTR.match(k) for k in names)
            or any(k.startswith("on") or k in _REFUSED for k in names)
        ):
            raise ValueError(f"not a chart mark: <{self.tag}> {self.attrs}")


@dataclass(frozen=True)
class Chart:
    """A whole chart: what the template needs to write one ``<figure>``."""

    id: str
    title: str
    caption: str
    width: int
    height: int
    marks: tuple[Mark, ...]
    narrow: Chart | None = None
    """The phone version (:func:`stacked`), shown instead of this one on a narrow screen."""


def n(x: float) -> str:
    """A coordinate with one decimal (stable bytes; never "-0.0")."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def short(text: str, limit: int = 26) -> str:
    """A label that fits its column; the full text is in the tooltip and the tables."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _a(**kw: object) -> tuple[tuple[str, str], ...]:
    """Attributes in the order given; ``font_size`` becomes ``font-size``."""
    out = []
    for k, v in kw.items():
        if v is None:
            continue
        name = "class" if k == "class_" else k.replace("_", "-")
        out.append((name, n(v) if isinstance(v, float) else str(v)))
    return tuple(out)


def rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "", **kw: object) -> Mark:
    return Mark("rect", _a(x=x, y=y, width=max(0.0, w), height=h, fill=fill, **kw), tip=tip)


def line(x1: float, y1: float, x2: float, y2: float, colour: str = GRID, **kw: object) -> Mark:
    return Mark("line", _a(x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour, **kw))


def text(x: float, y: float, s: str, anchor: str = "start", cls: str | None = None,
         tip: str = "", **kw: object) -> Mark:  # fmt: skip
    return Mark("text", _a(x=x, y=y, text_anchor=anchor, class_=cls, **kw), s, tip)


def marker(shape: str, x: float, y: float, colour: str, tip: str = "", r: float = 6.0) -> Mark:
    """A bloc's marker (filled, dark outline) centred on (x, y)."""
    style = {"fill": colour, "stroke": INK, "stroke_width": "1"}
    if shape == "circle":
        return Mark("circle", _a(cx=x, cy=y, r=r, **style), tip=tip)
    if shape == "square":
        return rect(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r, colour, tip, stroke=INK,
                    stroke_width="1")  # fmt: skip
    pts = {
        "triangle": ((0, -1.15), (1.05, 0.75), (-1.05, 0.75)),
        "diamond": ((0, -1.2), (1.2, 0), (0, 1.2), (-1.2, 0)),
        "cross": ((-0.4, -1.1), (0.4, -1.1), (0.4, -0.4), (1.1, -0.4), (1.1, 0.4), (0.4, 0.4),
                  (0.4, 1.1), (-0.4, 1.1), (-0.4, 0.4), (-1.1, 0.4), (-1.1, -0.4), (-0.4, -0.4)),
    }[shape]  # fmt: skip
    points = " ".join(f"{n(x + dx * r)},{n(y + dy * r)}" for dx, dy in pts)
    return Mark("polygon", _a(points=points, **style), tip=tip)


def chart(id: str, title: str, caption: str, height: float, marks: Sequence[Mark]) -> Chart:
    return Chart(id, title, caption, WIDTH, math.ceil(height), tuple(marks))


def _axis(x0: float, x1: float, top: float, bottom: float, ticks: Sequence[tuple[float, str]],
          span: tuple[float, float]) -> list[Mark]:  # fmt: skip
    """Vertical grid lines and tick labels for a horizontal value axis."""
    lo, hi = span
    out: list[Mark] = []
    for value, label in ticks:
        x = x0 + (value - lo) / (hi - lo) * (x1 - x0) if hi > lo else x0
        out.append(line(x, top, x, bottom))
        out.append(text(x, bottom + 14, label, "middle", "tick"))
    return out


def _nice_step(top: float) -> float:
    """A round tick step giving four to eight ticks up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / 5
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _money_tick(x: float, thousands: bool = False) -> str:
    """An amount on an axis; ``thousands`` writes every tick of the axis as "15k"."""
    return f"{x / 1000:,.0f}k" if thousands and x else f"{x:,.0f}"


# ------------------------------------------------------------------ text measurement

_EM: dict[str, float] = {
    c: w
    for chars, w in (
        ("ijl'", 0.28), ("IJ", 0.29), (" .,’", 0.32), (":;/", 0.34), ("f", 0.35), ("-", 0.36),
        ("t()[]", 0.39), ("r", 0.41), ("–", 0.5), ("s", 0.52), ("z", 0.53), ("c", 0.55),
        ("L", 0.56), ("F", 0.57), ("k", 0.58), ("vxy", 0.59), ("P", 0.6), ("aeoTY", 0.61),
        ("hnuE", 0.63), ("bdgpqS0123456789", 0.64), ("K", 0.66), ("AV", 0.68),
        ("BRXZ", 0.69), ("C", 0.7), ("U", 0.73), ("HN", 0.75), ("D", 0.77), ("G&", 0.78),
        ("OQ", 0.79), ("w", 0.82), ("→×+=<>", 0.84), ("M", 0.86), ("%", 0.95), ("m", 0.97),
        ("W", 0.99), ("—…@", 1.0),
    )
    for c in chars
}  # fmt: skip
"""Advance widths (em) of DejaVu Sans, the widest of the sans-serif fonts a browser falls
back to (Linux's default): a label measured with them fits in any of the narrower ones
(Segoe UI, San Francisco, Roboto, Helvetica). Other characters count as 0.7 em."""
BOLD = 1.13
"""DejaVu Sans Bold is up to 13% wider than the regular weight (digits 9%, ``i`` 21%)."""


def text_width(s: str, size: float = FONT, bold: bool = False) -> float:
    """The width of ``s`` in user units at font ``size``, as DejaVu Sans sets it."""
    return sum(_EM.get(c, 0.7) for c in s) * size * (BOLD if bold else 1.0)


def wrap(s: str, width: float, size: float = FONT, bold: bool = False,
         lines: int = 2) -> list[str]:  # fmt: skip
    """``s`` on at most ``lines`` lines of ``width``, broken between words.

    What does not fit in the last line is left out at a word boundary and marked "…" (the
    full text is in the tooltip); a word is cut only when it alone is wider than a line.
    """
    out: list[str] = []
    for word in s.split():
        trial = f"{out[-1]} {word}" if out else word
        if out and text_width(trial, size, bold) <= width:
            out[-1] = trial
        else:
            out.append(word)
    if len(out) > lines:
        words = " ".join(out[lines - 1 :]).split()
        while len(words) > 1 and text_width(" ".join(words) + "…", size, bold) > width:
            words.pop()
        out = [*out[: lines - 1], " ".join(words) + "…"]
    return [_cut(line, width, size, bold) for line in out] or [""]


def _cut(line: str, width: float, size: float, bold: bool) -> str:
    """A line cut to ``width`` by characters: only for a single word too wide for any line."""
    if text_width(line, size, bold) <= width:
        return line
    while len(line) > 1 and text_width(line + "…", size, bold) > width:
        line = line[:-1]
    return line.rstrip(" …") + "…"


# ------------------------------------------------------------------------ bar layout

LABEL_MAX = 230.0
"""Widest label column of a bar chart; longer labels wrap onto a second line."""
LABEL_MIN = 90.0
LINE = 12.5
"""Line height of a bar's label; a sub-label (11 px) takes :data:`SUB_LINE`."""
SUB_LINE = 11.5
GAP = 6.0
"""Space between a bar's end (or a limit line) and its value."""


@dataclass(frozen=True)
class BarRow:
    """One bar of a horizontal bar chart: what it is, how long, what it says."""

    label: str
    value: float
    shown: str
    """The value as text, written after the bar."""
    colour: str
    tip: str = ""
    sub: str = ""
    """A second, smaller line under the label (e.g. the option a capability recommends)."""
    bold: bool = False
    limit: float | None = None
    """A dashed limit across the bar (a cap, one half), on the same axis as ``value``."""


def label_column(rows: Sequence[BarRow], most: float = LABEL_MAX) -> float:
    """The label column's width: the widest label on one line, within [LABEL_MIN, most]."""
    widest = max((max(text_width(r.label, FONT, r.bold), text_width(r.sub, TICK_FONT))
                  for r in rows), default=0.0)  # fmt: skip
    return max(LABEL_MIN, min(most, math.ceil(widest)))


def fit_scale(rows: Sequence[BarRow], x0: float, top: float, width: float = WIDTH) -> float:
    """Units per unit of value: the axis reaches ``width - 24`` unless a bar's value (or
    the value after its limit line) would then run past the right edge, in which case
    every bar is drawn shorter, in proportion, so each value still fits after its bar."""
    if top <= 0:
        return 0.0
    scale = (width - 24.0 - x0) / top
    for r in rows:
        room = width - 4.0 - x0 - GAP - text_width(r.shown)
        end = max(r.value, r.limit if r.limit is not None else 0.0)
        if min(top, end) > 0:
            scale = min(scale, room / min(top, end))
    return max(scale, 0.0)


def row_height(r: BarRow, label_w: float) -> float:
    lines = len(wrap(r.label, label_w, FONT, r.bold)) * LINE
    if r.sub:
        lines += len(wrap(r.sub, label_w, TICK_FONT)) * SUB_LINE
    return max(ROW, lines + 4.0)


def _bar(r: BarRow, by: float, x0: float, scale: float, top: float) -> list[Mark]:
    """The bar from ``x0`` at height ``by``, an optional dashed limit, and the value written
    after the bar, or after the limit line when that would cross it: never over a bar."""
    tip = r.tip or f"{r.label}: {r.shown}"
    end = x0 + max(0.0, min(top, r.value)) * scale
    marks = [rect(x0, by, end - x0, BAR, r.colour, tip)]
    start = end + GAP
    if r.limit is not None:
        lx = x0 + max(0.0, min(top, r.limit)) * scale
        marks.append(line(lx, by - 3, lx, by + BAR + 3, INK, stroke_width="2",
                          stroke_dasharray="3 2"))  # fmt: skip
        if end - 1 <= lx <= start + text_width(r.shown):
            start = lx + GAP - 2
    marks.append(text(start, by + BAR - 3, r.shown))
    return marks


def _full(r: BarRow) -> str:
    """A row's whole label, for its tooltip."""
    return r.label + (f": {r.sub}" if r.sub else "")


def bar_row(r: BarRow, y: float, x0: float, scale: float, top: float, label_w: float) -> list[Mark]:
    """One row from ``y`` down (:func:`row_height` tall): the label right-aligned in its
    column (wrapped, the full text in its tooltip), then :func:`_bar`."""
    h = row_height(r, label_w)
    lines = [(s, LINE, r.bold, None) for s in wrap(r.label, label_w, FONT, r.bold)]
    if r.sub:
        lines += [(s, SUB_LINE, False, "tick") for s in wrap(r.sub, label_w, TICK_FONT)]
    base = y + (h - sum(ln[1] for ln in lines)) / 2 - 3.0
    marks: list[Mark] = []
    for s, lh, bold, cls in lines:
        base += lh
        marks.append(text(x0 - 8, base, s, "end", cls, tip=_full(r),
                          font_weight="600" if bold else None))  # fmt: skip
    return marks + _bar(r, y + (h - BAR) / 2, x0, scale, top)


NARROW = 360
"""View-box width of a bar chart's phone version (:func:`stacked`)."""


def stacked(wide: Chart, items: Sequence[BarRow | str], top: float,
            ticks: Sequence[tuple[float, str]]) -> Chart:  # fmt: skip
    """The phone version of a bar chart: each label on its own line(s) above its bar, the
    bars across the whole width, on one scale; a string in ``items`` is a group heading.

    A 560-unit chart on a 390 px screen would either shrink its text to 8 px or scroll,
    showing a part of each bar; this one is drawn for the narrow screen (the page shows
    one version or the other, by screen width). Grid lines are drawn only beside the bars,
    so they never run through a label."""
    x0 = 10.0
    scale = fit_scale([i for i in items if isinstance(i, BarRow)], x0, top, NARROW)
    marks: list[Mark] = []
    y = 4.0
    for it in items:
        if isinstance(it, str):
            y += LINE + 8
            marks.append(text(4.0, y, _cut(it, NARROW - 8, FONT, True), font_weight="600",
                              tip=it))  # fmt: skip
            y += 2
            continue
        words = it.label + (f" · {it.sub}" if it.sub else "")
        for s in wrap(words, NARROW - 14, FONT, it.bold, lines=3):
            y += LINE
            marks.append(text(x0, y, s, tip=_full(it), font_weight="600" if it.bold else None))
        by = y + 5
        for v, _ in ticks:
            marks.append(line(x0 + v * scale, by - 2, x0 + v * scale, by + BAR + 2))
        marks += _bar(it, by, x0, scale, top)
        y = by + BAR + 6
    for v, label in ticks:
        marks.append(line(x0 + v * scale, y, x0 + v * scale, y + 4, MUTED))
        marks.append(text(x0 + v * scale, y + 16, label, "middle", "tick"))
    return Chart(f"{wide.id}-narrow", wide.title, wide.caption, NARROW, math.ceil(y + 22),
                 tuple(marks))  # fmt: skip


# ------------------------------------------------------------------------------ charts


def bars(id: str, title: str, caption: str, rows: Sequence[BarRow], top: float = 1.0,
         pct_axis: bool = True, step: float | None = None) -> Chart:  # fmt: skip
    """Horizontal bars, each value written after its bar (:func:`bar_row`).

    Ticks every 25% on a percentage axis, else at a round step; ``step`` sets it. Every
    bar is on one scale (:func:`fit_scale`), so its length reads as its value."""
    label_w = label_column(rows)
    x0 = label_w + 12
    scale = fit_scale(rows, x0, top)
    heights = [row_height(r, label_w) for r in rows]
    bottom = 8 + sum(heights)
    step = step or (0.25 if pct_axis else _nice_step(top))
    thousands = not pct_axis and top >= 10000
    ticks = [(k * step, f"{100 * k * step:g}%" if pct_axis else _money_tick(k * step, thousands))
             for k in range(int(top / step + 1e-9) + 1)]  # fmt: skip
    marks = _axis(x0, x0 + top * scale, 8, bottom, ticks, (0.0, top))
    y = 8.0
    for r, h in zip(rows, heights, strict=True):
        marks += bar_row(r, y, x0, scale, top, label_w)
        y += h
    wide = chart(id, title, caption, bottom + 24, marks)
    return replace(wide, narrow=stacked(wide, rows, top, ticks))


def weights_chart(weights: Mapping[str, float], names: Mapping[str, str],
                  colours: Mapping[str, str]) -> Chart:  # fmt: skip
    """The criterion weights as bars (share of the total)."""
    rows = [BarRow(names.get(c, c), w, f"{100 * w:.1f}%", colours.get(c, OKABE_ITO[0]))
            for c, w in weights.items()]  # fmt: skip
    top = max(0.25, math.ceil(max((r.value for r in rows), default=0.25) * 4 - 1e-9) / 4)
    return bars("chart-weights", "Criterion weights (share of the total)",
                "Weights used for every capability (a capability's own criteria add to them).",
                rows, top=top)  # fmt: skip


def _half(share: float) -> str:
    """At least one half: blue; under it (a close call): vermillion."""
    return OKABE_ITO[0] if share >= 0.5 else OKABE_ITO[3]


def confidence_chart(rows: Sequence[tuple[str, float, str]]) -> Chart:
    """How often each capability's recommendation comes first (SMAA), 50% marked: the
    capability's name, the recommendation under it, the share after the bar."""
    shown = [BarRow(name, share, f"{100 * share:.0f}%", _half(share),
                    f"{name}: {who} first in {100 * share:.1f}% of samples", who, limit=0.5)
             for name, share, who in rows]  # fmt: skip
    return bars("chart-confidence", "How often each recommendation comes first",
                "Share of sampled weightings and figures (SMAA-2) in which the recommended "
                "option (named under each capability) ranks first; the dashed line is one "
                "half (below it: a close call).", shown)  # fmt: skip


def bloc_chart(blocs: Sequence[Any], currency: str, id: str = "chart-blocs") -> Chart:
    """Programme spend share by bloc (ShareBar rows), each cap a dashed line."""
    rows = []
    for b in blocs:
        shown = f"{100 * b.share:.1f}%" + (
            f" (cap {100 * b.cap:.0f}%)" if b.cap is not None else ""
        )
        rows.append(BarRow(b.bloc, b.share, shown, BLOC_COLOURS.get(b.bloc, OKABE_ITO[7]),
                           limit=b.cap))  # fmt: skip
    return bars(id, "Share of programme spend by supplier bloc",
                f"Spend of the chosen portfolio ({currency} m, content shares counted); the "
                "dashed line is the bloc's cap.", rows)  # fmt: skip


def chosen_core_chart(chosen: Sequence[Any]) -> Chart:
    """The robust portfolio in one picture for the summary: per capability, how often the
    recommended choice is in the best portfolio (its core index), 50% marked."""
    rows = [BarRow(b.capability, b.share, f"{100 * b.share:.0f}%", _half(b.share),
                   f"{b.capability}: {b.option} in the best portfolio in "
                   f"{100 * b.share:.1f}% of samples", b.option, limit=0.5)
            for b in chosen]  # fmt: skip
    return bars("chart-core-chosen", "How often each choice is in the best portfolio",
                "Share of sampled weightings and figures in which the portfolio's choice for "
                "the capability (named under it) is part of the best whole portfolio (its "
                "core index); the dashed line is one half.", rows)  # fmt: skip


def core_chart(options: Sequence[Any]) -> Chart:
    """Every option's core index, grouped by capability (CoreBar rows, report/
    uncertainty_text.py): a bar per option in its bloc's colour, the share and its status
    written after it, the recommended choice's label in bold with "recommended" under it."""
    rows: list[BarRow] = []
    for b in options:
        status = "" if b.status == "borderline" else f" {b.status}"
        rows.append(BarRow(
            b.option, b.share, f"{100 * b.share:.1f}%{status}", BLOC_COLOURS.get(b.bloc, INK),
            f"{b.capability}: {b.option} in the best portfolio in {100 * b.share:.1f}%",
            "recommended" if b.recommended else "", bold=b.recommended,
        ))  # fmt: skip
    label_w = label_column(rows, most=180.0)
    x0 = label_w + 12
    scale = fit_scale(rows, x0, 1.0)
    head = 20.0
    items: list[BarRow | str] = []  # each capability's name, then its options
    for i, (b, r) in enumerate(zip(options, rows, strict=True)):
        items += [b.capability, r] if i == 0 or b.capability != options[i - 1].capability else [r]
    heights = [head if isinstance(it, str) else row_height(it, label_w) for it in items]
    bottom = 8 + sum(heights)
    ticks = [(k / 4, f"{25 * k}%") for k in range(5)]
    marks = _axis(x0, x0 + scale, 8, bottom, ticks, (0.0, 1.0))
    y = 8.0
    for it, h in zip(items, heights, strict=True):
        if isinstance(it, str):
            marks.append(rect(0.0, y, float(WIDTH), head, "#ffffff"))
            marks.append(text(4.0, y + 14, _cut(it, WIDTH - 8, FONT, True), font_weight="600",
                              tip=it))  # fmt: skip
        else:
            marks += bar_row(it, y, x0, scale, 1.0, label_w)
        y += h
    wide = chart("chart-core", "Core index: how often each option is in the best portfolio",
                 "Share of sampled weightings and figures in which each option is part of the "
                 "best whole portfolio under the same levers (core: in every sample; "
                 "exterior: in none). Bar colour gives the bloc; the recommended choice is in "
                 "bold, marked recommended.", bottom + 24, marks)  # fmt: skip
    return replace(wide, narrow=stacked(wide, items, 1.0, ticks))


def lost_chart(lost: Sequence[Any]) -> Chart:
    """Programme value lost if each source is lost (LostBar rows, the worst first), as a
    share of the nominal value: the axis ends at the largest loss (rounded up), so a loss
    of a few percent is still a visible bar."""
    rows = []
    for b in lost:
        rows.append(BarRow(b.source, 1.0 - b.retained, f"{100 * (1.0 - b.retained):.1f}%"
                           + (f", {len(b.uncovered)} uncovered" if b.uncovered else ""),
                           BLOC_COLOURS.get(b.bloc, INK)))  # fmt: skip
    most = max((r.value for r in rows), default=0.0)
    step = _nice_step(max(most, 0.05))
    top = step * max(1, math.ceil(most / step - 1e-9))
    return bars("chart-lost", "Programme value lost if one source is lost",
                "The programme re-planned under the same levers without every option that "
                "draws any content from the source: the value it loses, as a share of the "
                "nominal programme value, and how many capabilities are left with no option "
                "(the table names them); the worst loss first. Bar colour gives the bloc.",
                rows, top=top, step=step)  # fmt: skip


def spend_chart(doc: Mapping[str, Any]) -> Chart | None:
    """Programme spend per capability, coloured and labelled by the chosen option's bloc."""
    res = doc.get("result") or {}
    chosen = res.get("chosen") or {}
    if not chosen:
        return None
    cands = {c["id"]: c for c in doc.get("candidates", [])}
    names = {c["id"]: c["name"] for c in doc.get("capabilities", [])}
    cur = doc.get("currency", "")
    rows = []
    for cap, opt in chosen.items():
        c = cands.get(opt, {})
        spend = float(c.get("spend") or 0.0)
        system = str(c.get("system", opt))
        rows.append(BarRow(names.get(cap, cap), spend, f"{spend:,.0f}",
                           BLOC_COLOURS.get(c.get("bloc"), INK),
                           f"{names.get(cap, cap)}: {system} ({c.get('bloc', '')}), "
                           f"{spend:,.1f} {cur} m", f"{system} ({c.get('bloc', '')})"))  # fmt: skip
    top = max((r.value for r in rows), default=1.0) or 1.0
    top = _nice_step(top) * math.ceil(top / _nice_step(top) - 1e-9)
    return bars("chart-spend", f"Programme spend by capability ({cur} m)",
                "Unit cost x quantity of each chosen option (named, with its bloc, under the "
                "capability); colour gives the bloc.", rows, top=top, pct_axis=False)  # fmt: skip


def heatmap(cap_id: str, cap_name: str, options: Sequence[str],
            matrix: Sequence[Sequence[float]]) -> Chart:  # fmt: skip
    """Rank acceptability: options (rows) by rank (columns), the share printed in each cell."""
    m = len(matrix[0]) if matrix else 0
    label_w = max(LABEL_W, min(LABEL_MAX, max((text_width(o) for o in options), default=0.0)))
    x0 = math.ceil(label_w) + 8
    cw = min(64.0, (WIDTH - x0 - 8) / max(1, m))
    ch = 22.0
    marks: list[Mark] = []
    for j in range(m):
        marks.append(text(x0 + (j + 0.5) * cw, 16, f"rank {j + 1}", "middle", "tick"))
    for i, (name, row) in enumerate(zip(options, matrix, strict=True)):
        y = 24 + i * ch
        marks.append(text(x0 - 8, y + ch / 2 + 4, wrap(name, label_w, lines=1)[0], "end",
                          tip=name))  # fmt: skip
        for j, b in enumerate(row):
            level = max(0.0, min(1.0, float(b)))
            # white (0) to dark blue (1) on one hue: prints as light-to-dark grey
            r, g, bl = (round(255 - level * (255 - c)) for c in (8, 48, 107))
            fill = f"#{r:02x}{g:02x}{bl:02x}"
            tip = f"{name}: rank {j + 1} in {100 * level:.1f}% of samples"
            marks.append(rect(x0 + j * cw, y, cw - 1, ch - 1, fill, tip))
            colour = "#ffffff" if level > 0.45 else INK
            label = "" if level < 0.0005 else f"{100 * level:.0f}%"
            marks.append(text(x0 + (j + 0.5) * cw, y + ch / 2 + 4, label, "middle",
                              fill=colour))  # fmt: skip
    return chart(f"chart-heat-{cap_id}", f"{cap_name}: rank acceptability",
                 "Share of sampled weightings and figures giving each option each rank "
                 "(darker: more often).", 24 + len(options) * ch + 8, marks)  # fmt: skip


def tornado(cap_id: str, cap_name: str, leader: str, stability: Mapping[str, Mapping[str, Any]],
            names: Mapping[str, str], crit_names: Mapping[str, str]) -> Chart | None:  # fmt: skip
    """Switch points: for each weight, the range over which the leader stays first.

    Rows are sorted tightest first (the weight that needs to move least on top), as a
    tornado chart is; the bar is the stable range, the black tick the weight now, and the
    text at each end names who takes over beyond it.
    """
    if not stability:
        return None

    def room(s: Mapping[str, Any]) -> float:
        gaps = [abs(float(s["weight"]) - float(s["lo"])) if s["leader_below"] else 1.0,
                abs(float(s["hi"]) - float(s["weight"])) if s["leader_above"] else 1.0]  # fmt: skip
        return min(gaps)

    order = sorted(stability.items(), key=lambda kv: room(kv[1]))
    x0, x1 = LABEL_W + 8, WIDTH - 110.0
    scale = x1 - x0
    marks: list[Mark] = []
    bottom = 8 + len(order) * ROW
    marks += _axis(x0, x1, 8, bottom, [(k / 4, f"{25 * k}%") for k in range(5)], (0.0, 1.0))
    for i, (cid, s) in enumerate(order):
        y = 8 + i * ROW + (ROW - BAR) / 2
        lo, hi, w = float(s["lo"]), float(s["hi"]), float(s["weight"])
        crit = crit_names.get(cid, cid)
        marks.append(text(x0 - 8, y + BAR - 3, wrap(crit, LABEL_W, lines=1)[0], "end", tip=crit))
        tip = f"{names.get(leader, leader)} stays first for {crit} from {100 * lo:.1f}% to {100 * hi:.1f}%"
        marks.append(rect(x0 + lo * scale, y, (hi - lo) * scale, BAR, "#c6dbef", tip,
                          stroke=OKABE_ITO[0], stroke_width="1"))  # fmt: skip
        marks.append(line(x0 + w * scale, y - 3, x0 + w * scale, y + BAR + 3, INK,
                          stroke_width="3"))  # fmt: skip
        if s["leader_above"]:
            who = names.get(s["leader_above"], s["leader_above"])
            marks.append(text(x0 + hi * scale + 4, y + BAR - 3, "→ " + short(who, 14),
                              tip=f"above {100 * hi:.1f}%: {who}"))  # fmt: skip
        who = names.get(s["leader_below"], s["leader_below"]) if s["leader_below"] else ""
        if who and lo * scale >= len(short(who, 12)) * CHAR + 18:
            marks.append(text(x0 + lo * scale - 4, y + BAR - 3, short(who, 12) + " ←", "end",
                              tip=f"below {100 * lo:.1f}%: {who}"))  # fmt: skip
    return chart(f"chart-switch-{cap_id}", f"{cap_name}: switch points of each weight",
                 f"Bar: the range of each weight (the others keeping their proportions) over "
                 f"which {names.get(leader, leader)} stays first; black tick: the weight now; "
                 "arrows: who leads beyond. Tightest first.", bottom + 24, marks)  # fmt: skip


def value_map(cap: Any, currency: str) -> Chart | None:
    """Value for money: score (up) against programme cost (right), the envelope dashed."""
    pts = [(o, o.unit_cost * cap.quantity) for o in cap.ranking if o.unit_cost is not None]
    if len(pts) < 1 or not cap.higher_is_better:
        return None
    x0, x1, top, bottom = 56.0, WIDTH - 20.0, 12.0, 232.0
    most = max([c for _, c in pts] + ([cap.budget] if cap.budget is not None else []))
    step = _nice_step(most * 1.05)
    xmax = step * math.ceil(most * 1.05 / step)
    lo = min(0.0, min(o.score for o, _ in pts))
    hi = max(1.0, max(o.score for o, _ in pts))

    def px(c: float) -> float:
        return x0 + c / xmax * (x1 - x0)

    def py(s: float) -> float:
        return bottom - (s - lo) / (hi - lo) * (bottom - top)

    marks: list[Mark] = []
    for k in range(int(xmax / step + 1e-9) + 1):
        marks.append(line(px(k * step), top, px(k * step), bottom))
        marks.append(text(px(k * step), bottom + 14, _money_tick(k * step, xmax >= 10000),
                          "middle", "tick"))  # fmt: skip
    for k in range(5):
        s = lo + k * (hi - lo) / 4
        marks.append(line(x0, py(s), x1, py(s)))
        marks.append(text(x0 - 6, py(s) + 4, f"{s:.2f}", "end", "tick"))
    if cap.budget is not None:
        bx = px(cap.budget)
        marks.append(rect(bx, top, x1 - bx, bottom - top, "#f2f2f2",
                          f"over the envelope of {cap.budget:,.1f} {currency} m"))  # fmt: skip
        marks.append(line(bx, top, bx, bottom, INK, stroke_width="2", stroke_dasharray="5 3"))
        near_edge = bx + 4 + 15 * CHAR > x1
        marks.append(text(bx - 4 if near_edge else bx + 4, top + 12, "budget envelope",
                          "end" if near_edge else "start", "tick"))  # fmt: skip
    placed: list[tuple[float, float, float]] = []  # (left, right, baseline) of each label
    for o, c in pts:
        x, y = px(c), py(o.score)
        tip = f"{o.system} ({o.bloc}): score {o.score:.3f}, {c:,.1f} {currency} m"
        marks.append(marker(BLOC_SHAPES.get(o.bloc, "circle"), x, y,
                            BLOC_COLOURS.get(o.bloc, INK), tip))  # fmt: skip
        label = short(o.system, 22)
        tw = len(label) * CHAR
        anchor = "end" if x + 9 + tw > x1 else "start"
        left = x - 9 - tw if anchor == "end" else x + 9
        base = y + 4
        # move a label down (then up) until it clears the labels already placed
        for shift in (0, 13, -13, 26, -26, 39, -39):
            b = base + shift
            if not any(lft < left + tw and left < rgt and abs(b - pb) < 12
                       for lft, rgt, pb in placed):  # fmt: skip
                base = b
                break
        placed.append((left, left + tw, base))
        marks.append(text(x - 9 if anchor == "end" else x + 9, base, label, anchor, tip=tip))
    marks.append(text((x0 + x1) / 2, bottom + 30, f"programme cost ({currency} m)", "middle",
                      "tick"))  # fmt: skip
    lx = x0
    for bloc in dict.fromkeys(o.bloc for o, _ in pts):  # a legend: shape and colour per bloc
        marks.append(marker(BLOC_SHAPES.get(bloc, "circle"), lx + 6, bottom + 46,
                            BLOC_COLOURS.get(bloc, INK), r=5.0))  # fmt: skip
        marks.append(text(lx + 15, bottom + 50, bloc))
        lx += 30 + len(bloc) * CHAR
    return chart(f"chart-value-{cap.id}", f"{cap.name}: value for money",
                 "Score (up, higher is better) against programme cost, unit cost x "
                 f"{cap.quantity:g} (right); shaded: above the budget envelope. Marker shape "
                 "and colour give the bloc.", bottom + 58, marks)  # fmt: skip


def frontier_chart(doc: Mapping[str, Any]) -> Chart | None:
    """The price of diversification: programme value as the cap on one bloc tightens."""
    front = doc.get("frontier")
    if not front or len(front.get("points", [])) < 2:
        return None
    key = front["key"]
    points = front["points"]
    x0, x1, top, bottom = 56.0, WIDTH - 24.0, 12.0, 212.0
    caps = [float(p["cap"]) for p in points]
    values = [float(p["value"]) for p in points]
    cmax, cmin = max(caps), min(caps)
    vmax, vmin = max(values), min(values)
    pad = (vmax - vmin) * 0.1 or 0.1
    vlo, vhi = vmin - pad, vmax + pad

    def px(c: float) -> float:  # the cap falls left to right: diversifying goes right
        return x0 + (cmax - c) / (cmax - cmin or 1.0) * (x1 - x0)

    def py(v: float) -> float:
        return bottom - (v - vlo) / (vhi - vlo) * (bottom - top)

    marks: list[Mark] = []
    for k in range(5):
        c = cmax - k * (cmax - cmin) / 4
        marks.append(line(px(c), top, px(c), bottom))
        marks.append(text(px(c), bottom + 14, f"{100 * c:.1f}%", "middle", "tick"))
        v = vlo + k * (vhi - vlo) / 4
        marks.append(line(x0, py(v), x1, py(v)))
        marks.append(text(x0 - 6, py(v) + 4, f"{v:.2f}", "end", "tick"))
    path = "M" + " L".join(f"{n(px(c))},{n(py(v))}" for c, v in zip(caps, values, strict=True))
    marks.append(Mark("path", _a(d=path, fill="none", stroke=OKABE_ITO[0], stroke_width="2")))
    for p in points:
        tip = (f"cap {100 * p['cap']:.1f}%: value {p['value']:.3f} (lost {p['value_lost']:.3f}),"
               f" spend {p['spend']:,.1f}")  # fmt: skip
        marks.append(marker("circle", px(p["cap"]), py(p["value"]), OKABE_ITO[0], tip, 4.0))
    first, last = points[0], points[-1]
    marks.append(text(px(first["cap"]) + 6, py(first["value"]) - 8, f"{first['value']:.3f}"))
    marks.append(text(px(last["cap"]) - 6, py(last["value"]) - 8, f"{last['value']:.3f}", "end"))
    marks.append(text((x0 + x1) / 2, bottom + 30, f"cap on {key}'s share of spend (tighter →)",
                      "middle", "tick"))  # fmt: skip
    return chart("chart-frontier", f"Price of diversification away from {key}",
                 f"Best programme value as the cap on {key} tightens from its unconstrained "
                 "share to the least any portfolio can reach.", bottom + 38, marks)  # fmt: skip


# ------------------------------------------------------------ the contributions chart
# A stacked bar per option, one segment per criterion (weight x value), for additive
# methods; its own template markup (report.html.j2) draws rows as <g> groups.
# Geometry in SVG user units (pixels at 100 %).
CHART_WIDTH = 720
LABEL_WIDTH = 190
PLOT_X = 200.0
PLOT_WIDTH = 440.0
ROW_HEIGHT = 24
BAR_HEIGHT = 16
TOP = 8
AXIS_HEIGHT = 24


@dataclass(frozen=True)
class Swatch:
    """A criterion's colour in the report (chart segments, legend, weights table)."""

    id: str
    name: str
    colour: str
    hatched: bool


@dataclass(frozen=True)
class Segment:
    """One criterion's part of an option's stacked bar."""

    x: str
    width: str
    colour: str
    hatched: bool
    tip: str


@dataclass(frozen=True)
class ChartRow:
    """One option's stacked bar, its label and its total."""

    y: str
    text_y: str
    label: str
    full_label: str
    segments: tuple[Segment, ...]
    total_x: str
    total: str


@dataclass(frozen=True)
class Tick:
    x: str
    label: str


@dataclass(frozen=True)
class StackedChart:
    """A stacked horizontal bar chart of contributions: plain numbers and strings only."""

    id: str
    title: str
    width: int
    height: int
    label_x: str
    plot_top: str
    axis_y: str
    tick_label_y: str
    rows: tuple[ChartRow, ...]
    ticks: tuple[Tick, ...]
    legend: tuple[tuple[Swatch, str], ...]
    """(criterion swatch, its weight as a percentage) in criterion order."""
    skipped: tuple[str, ...]
    """Contributions below zero, which a stacked bar cannot show (listed under the chart)."""


def colour_map(result: ScenarioResult) -> dict[str, Swatch]:
    """One colour per criterion, in the order criteria first appear (shared weights first)."""
    names: dict[str, str] = {}
    for cap in result.capabilities:
        for c in cap.criteria:
            names.setdefault(c.id, c.name)
    order = list(result.weights)
    order += [c for c in names if c not in result.weights]
    return {
        cid: Swatch(
            id=cid,
            name=names.get(cid, cid),
            colour=OKABE_ITO[i % len(OKABE_ITO)],
            hatched=i >= len(OKABE_ITO),
        )
        for i, cid in enumerate(order)
    }


def contribution_chart(cap: CapabilityResult, colours: Mapping[str, Swatch]) -> StackedChart | None:
    """The stacked bars for an additive capability, or ``None`` when there is nothing to draw."""
    if not cap.ranking or any(o.contributions is None for o in cap.ranking):
        return None
    totals = [sum(max(0.0, v) for v in (o.contributions or {}).values()) for o in cap.ranking]
    top = max(1.0, *totals)
    top = math.ceil(top * 4 - 1e-9) / 4  # axis end: 1, or the next quarter above the largest bar
    scale = PLOT_WIDTH / top
    rows: list[ChartRow] = []
    skipped: list[str] = []
    for i, o in enumerate(cap.ranking):
        contrib = o.contributions or {}
        y = TOP + i * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        x = PLOT_X
        segments: list[Segment] = []
        for c in cap.criteria:
            v = contrib.get(c.id, 0.0)
            sw = colours[c.id]
            if v < 0:
                skipped.append(f"{o.system}: {c.name} {v:.3f}")
            if v <= 0:
                continue
            tip = f"{o.system}: {c.name} adds {v:.3f} (weight {pct(cap.weights.get(c.id, 0.0))})"
            segments.append(Segment(n(x), n(v * scale), sw.colour, sw.hatched, tip))
            x += v * scale
        rows.append(
            ChartRow(
                y=n(y),
                text_y=n(y + BAR_HEIGHT / 2 + 4),
                label=wrap(o.system, LABEL_WIDTH - 8, lines=1)[0],
                full_label=f"{o.rank}. {o.system} ({o.supplier})",
                segments=tuple(segments),
                total_x=n(x + 6),
                total=f"{o.score:.3f}",
            )
        )
    axis_y = TOP + len(cap.ranking) * ROW_HEIGHT
    ticks = tuple(
        Tick(n(PLOT_X + k * 0.25 * scale), f"{k * 0.25:g}") for k in range(round(top * 4) + 1)
    )
    return StackedChart(
        id=f"chart-{cap.id}",
        title=f"{cap.name}: what each criterion adds to each option's score",
        width=CHART_WIDTH,
        height=axis_y + AXIS_HEIGHT,
        label_x=n(PLOT_X - 8),
        plot_top=n(TOP),
        axis_y=n(axis_y),
        tick_label_y=n(axis_y + 16),
        rows=tuple(rows),
        ticks=ticks,
        legend=tuple((colours[c.id], pct(cap.weights.get(c.id, 0.0))) for c in cap.criteria),
        skipped=tuple(skipped),
    )
