"""How numbers, blocs and changes look on screen: one place, so every panel agrees.

Display only: these helpers turn the engine's results into text and never compute a
score. Colours are calm and readable on a projector (muted hues, one accent each) and
every colour also has a text cue (a bloc name, a ▲/▼ sign), so nothing relies on colour.

Names, reasons and sources come from input files, and Textual writes a ``Text``'s
characters to the terminal as they are: an ESC in a system name would reach it raw.
:func:`safe_text` (text from the files, made printable by :func:`diversify.text.printable`,
never read as markup) is applied by :func:`columns` and :func:`clip` to every cell, and
by the panels to the other lines they build from data.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from diversify.text import printable

BLOC_STYLE: dict[str, str] = {
    "US": "#7aa2d6",
    "Europe": "#8fbf8f",
    "ROK": "#d9a86c",
    "Canada": "#d98080",
    "Other": "#a0a0a0",
}
"""One muted colour per bloc (see :data:`diversify.model.countries.BLOCS`)."""

GAIN = "#8fbf8f"
LOSS = "#d98080"
MUTED = "#8a8a8a"
WARN = "#e0b060"

_EIGHTHS = " ▏▎▍▌▋▊▉█"


def safe_text(text: Text | str, style: str = "") -> Text:
    """Data as a ``Text`` the terminal shows and never acts on; markup is not parsed.

    A ``str`` becomes ``Text(printable(text), style=style)``. A ``Text`` keeps its
    styles (``style`` is then ignored) and comes back unchanged when it is already
    printable; otherwise each styled run is made printable on its own, so a stand-in
    such as ``<U+202E>`` keeps the style of the character it replaces.
    """
    if isinstance(text, str):
        return Text(printable(text), style=style)
    plain = text.plain
    if printable(plain) == plain:
        return text
    cuts = sorted({edge for span in text.spans for edge in (span.start, span.end)})
    out = text.blank_copy()
    for piece in text.divide(cuts):
        clean = Text(printable(piece.plain))
        for span in piece.spans:  # every span covers the whole piece (cut at every edge)
            clean.stylize(span.style)
        out.append_text(clean)
    return out


def bar(fraction: float, width: int) -> str:
    """A left-aligned bar ``width`` cells wide filled to ``fraction`` (0..1), in eighths."""
    if width <= 0:
        return ""
    f = min(max(float(fraction), 0.0), 1.0)
    eighths = round(f * width * 8)
    full, part = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[part] if part else "")
    return text.ljust(width)


def bloc_text(bloc: str, *, short: bool = False) -> Text:
    """A bloc name in its colour; ``short`` gives ``Eur`` for Europe (3 cells)."""
    label = {"Europe": "Eur", "Canada": "Can", "Other": "Oth"}.get(bloc, bloc) if short else bloc
    return Text(label, style=BLOC_STYLE.get(bloc, MUTED))


def points(value: float) -> str:
    """``20.0`` -> ``20``; ``18.75`` -> ``18.8`` (whole points as integers)."""
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.1f}"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def interval(lo: float, hi: float, weight: float, *, exact: bool = True) -> str:
    """A stability interval (shares 0..1) as ``12–50%``; ``≈`` marks a swept one.

    Whole percentages, except an end within one point of the current ``weight``, which
    gets a decimal (``19.6–50%``): rounded to a whole number it would look as if the
    leader changed at the very next step.
    """

    def end(x: float) -> str:
        p = 100 * x
        if abs(x - weight) < 0.01 and abs(p - round(p)) >= 0.05:
            return f"{p:.1f}"
        return f"{p:.0f}"

    return ("" if exact else "≈") + f"{end(lo)}–{end(hi)}%"


def change_text(change: int | None) -> Text:
    """▲2 (gained two places), ▼1, or a dim dot when the rank did not move."""
    if change is None:
        return Text("")
    if change > 0:
        return Text(f"▲{change}", style=f"bold {GAIN}")
    if change < 0:
        return Text(f"▼{-change}", style=f"bold {LOSS}")
    return Text("·", style=MUTED)


def signed(value: float, digits: int = 3) -> Text:
    """``+0.052`` in the gain colour, ``−0.031`` in the loss colour, ``0`` dim."""
    if abs(value) < 0.5 * 10**-digits:
        return Text("0", style=MUTED)
    style = GAIN if value > 0 else LOSS
    sign = "+" if value > 0 else "−"
    return Text(f"{sign}{abs(value):.{digits}f}", style=style)


def ordinal(n: int) -> str:
    """1 -> 1st, 2 -> 2nd, 11 -> 11th."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def score_fraction(method: str, score: float, scores: Sequence[float]) -> float:
    """Where a score sits on its method's scale (0 worst .. 1 best), for drawing a bar.

    MAVT, WSM, WPM and TOPSIS scores already lie in 0..1; PROMETHEE II's net flow in
    -1..1; VIKOR's Q in 0..1 with lower better; ELECTRE I's net count has no fixed
    scale, so it is placed between the lowest and highest score shown.
    """
    if method == "promethee2":
        return (score + 1.0) / 2.0
    if method == "vikor":
        return 1.0 - score
    if method == "electre1":
        lo, hi = min(scores, default=0.0), max(scores, default=0.0)
        return 1.0 if hi == lo else (score - lo) / (hi - lo)
    return score


SCORE_MEANING: dict[str, str] = {
    "mavt": "score 0-1, higher is better",
    "wsm": "score 0-1, higher is better",
    "wpm": "score 0-1, higher is better",
    "topsis": "closeness 0-1, higher is better",
    "vikor": "Q 0-1, lower is better",
    "electre1": "net outranking, higher is better",
    "promethee2": "net flow -1..1, higher is better",
}


def clip(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` cells with an ellipsis (made printable first)."""
    if width <= 0:
        return ""
    text = printable(text)
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


class Flex:
    """A column that takes a share (``ratio``) of the width the fixed columns leave."""

    __slots__ = ("ratio",)

    def __init__(self, ratio: int = 1) -> None:
        self.ratio = ratio


def columns(
    rows: Sequence[Sequence[Text | str]],
    widths: Sequence[int | Flex],
    width: int,
    *,
    right: Sequence[int] = (),
    row_styles: Sequence[str | None] = (),
    gap: int = 1,
) -> Text:
    """Lay rows out in columns, one terminal line per row, as a single ``Text``.

    Why not ``rich.table.Table``: a table measures every cell on each render, and the
    panels redraw on every key press; plain fixed-width lines cost a fraction of that.
    ``widths``: an int is a fixed width, :class:`Flex` a share of what is left. Cells
    longer than their column end in an ellipsis; ``right`` lists right-aligned columns.
    Every cell goes through :func:`safe_text` (data from the files is made printable).
    """
    fixed = sum(w for w in widths if isinstance(w, int)) + gap * max(len(widths) - 1, 0)
    flex = [(i, w.ratio) for i, w in enumerate(widths) if isinstance(w, Flex)]
    spare = max(width - fixed, 0)
    total = sum(r for _, r in flex) or 1
    sizes = [w if isinstance(w, int) else 0 for w in widths]
    given = 0
    for k, (i, r) in enumerate(flex):
        sizes[i] = spare - given if k == len(flex) - 1 else spare * r // total
        given += sizes[i]
    out = Text(no_wrap=True, overflow="crop", end="")
    sep = " " * gap
    for n, row in enumerate(rows):
        if n:
            out.append("\n")
        start = len(out)
        for c, cell in enumerate(row):
            size = sizes[c]
            text = safe_text(cell if isinstance(cell, Text) else str(cell)).copy()
            if text.cell_len > size:
                text.truncate(size, overflow="ellipsis")
            pad = " " * (size - text.cell_len)
            if c in right:
                out.append(pad)
                out.append_text(text)
            else:
                out.append_text(text)
                out.append(pad)
            if c < len(row) - 1:
                out.append(sep)
        style = row_styles[n] if n < len(row_styles) else None
        if style:
            out.stylize(style, start, len(out))
    return out
