"""The command palette's entries (``ctrl+p``), named ``area: what it does``.

Every entry does what a key does, so the palette is a way to find keys: it runs the
screen's own action (on the main screen when the palette was opened elsewhere).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

METHOD_NAMES = ("mavt", "wsm", "wpm", "topsis", "vikor", "electre1", "promethee2")


def system_commands(app: Any, screen: Screen[Any]) -> Iterator[SystemCommand]:
    """The app's own entries (Textual's, e.g. the theme, come first, from the app)."""
    if app.weights is None or app.data is None:
        return
    main = app._main_screen()
    run = app._run_on_main
    yield SystemCommand("weights: reset to profile", "Back to the loaded weights", run("reset"))
    yield SystemCommand(
        "weights: normalise to 100", "Scale the total to 100 points", run("normalise")
    )
    yield SystemCommand(
        "weights: lock or unlock the selected criterion",
        "A locked weight keeps its points",
        run("lock"),
    )
    yield SystemCommand(
        "weights: type a value", "Set the selected weight exactly", run("type_weight")
    )
    yield SystemCommand(
        "profile: pick another", "Switch to a saved weight profile", run("pick_profile")
    )
    yield SystemCommand(
        "profile: save the weights", "Save as a new profile or overwrite one", run("save")
    )
    yield SystemCommand("method: pick another", "Change the ranking method", run("pick_method"))
    yield SystemCommand(
        "history: undo the last change", "Weights, locks, profile, caps", app.action_undo
    )
    yield SystemCommand("history: redo", "The change last undone", app.action_redo)
    yield SystemCommand(
        "history: list the changes", "Every change this session", app.action_history
    )
    yield SystemCommand("report: export", "Write the report with these weights", run("export"))
    if main is not None:
        yield SystemCommand(
            "view: overview of every capability", "Leaders and blocs", run("overview")
        )
    if app.data.portfolio is not None:
        yield SystemCommand(
            "portfolio: lower the selected bloc's cap by 5 points",
            f"Now the {app.cap_bloc} cap; this session only, not saved",
            partial(app.edit_cap, -0.05),
        )
        yield SystemCommand(
            "portfolio: raise the selected bloc's cap by 5 points",
            f"Now the {app.cap_bloc} cap; this session only, not saved",
            partial(app.edit_cap, 0.05),
        )
        yield SystemCommand(
            "portfolio: edit the next bloc's cap",
            "US, Europe, ROK, Canada, Other in turn",
            partial(app.next_cap_bloc, 1),
        )
    yield SystemCommand("view: help and keys", "What every key does", app.action_help)
    for name in app.data.profiles:
        yield SystemCommand(
            f"profile: switch to {name}",
            ", ".join(f"{k} {v:g}" for k, v in app.data.profiles[name].items()),
            partial(app.apply_profile, name),
            discover=False,
        )
    for name in METHOD_NAMES:
        yield SystemCommand(
            f"method: switch to {name}",
            "Re-rank with this method",
            partial(app.set_method, name),
            discover=False,
        )
