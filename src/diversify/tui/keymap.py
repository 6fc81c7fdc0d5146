"""Key maps: ``diversify tui --keys FILE`` remaps keys by binding id."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from diversify.io.problems import InputError, Problem


def load_keymap(path: Path) -> dict[str, str]:
    """Read a key map file: ``binding-id: keys`` per line (YAML), e.g. ``weight-up: "w"``."""
    from diversify.io.yaml import load_yaml

    doc = load_yaml(path)
    data = doc.data if isinstance(doc.data, dict) else None
    problems = []
    if data is None:
        problems.append(Problem(doc.display, 1, 1, "", "", "must map binding ids to keys"))
        raise InputError(problems)
    for key, value in data.items():
        if not isinstance(value, str) or not value.strip():
            line, col = doc.position((key,)) or (None, None)
            problems.append(
                Problem(
                    doc.display,
                    line,
                    col,
                    key,
                    str(value),
                    'give the keys as text, e.g. "w" or "ctrl+w,w"',
                )
            )
    if problems:
        raise InputError(problems)
    return {str(k): str(v) for k, v in data.items()}


def binding_ids() -> list[str]:
    """Every binding id a key map may use."""
    from diversify.tui.app import DiversifyApp
    from diversify.tui.screens import MainScreen, OverviewScreen

    ids: list[str] = []
    for cls in (DiversifyApp, MainScreen, OverviewScreen):
        for b in cls.BINDINGS:
            if isinstance(b, Binding) and b.id and b.id not in ids:
                ids.append(b.id)
    return ids
