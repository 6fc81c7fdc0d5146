"""Which rows of a long list fit, keeping the selected one in view (no scroll container)."""

from __future__ import annotations

from textual.widget import Widget


def window(count: int, selected: int, height: int) -> range:
    """Indexes of at most ``height`` rows out of ``count`` that include ``selected``.

    The selection sits in the middle where it can, so neighbours stay visible; the panels
    redraw on every key press, which a scroll container would make slower and jumpier.
    """
    if height <= 0 or count <= 0:
        return range(0)
    if count <= height:
        return range(count)
    start = min(max(selected - height // 2, 0), count - height)
    return range(start, start + height)


def show(widget: Widget, name: str, value: object) -> None:
    """Set a widget's reactive ``name``; re-measure its layout only if its height changes.

    The panels size themselves to their rows. Asking Textual to re-lay out the whole
    screen on every key press (``reactive(layout=True)``) re-renders every panel and
    costs tens of milliseconds; a changed number of rows is rare, so check for it.
    """
    size = widget.size
    before = widget.get_content_height(size, size, size.width)
    setattr(widget, name, value)
    if widget.get_content_height(size, size, size.width) != before:
        widget.refresh(layout=True)
