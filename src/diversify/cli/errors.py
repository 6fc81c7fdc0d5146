"""One decorator turns user errors into a readable table on stderr and an exit code.

Exit codes: 0 success; 1 a missing or unreadable file (one clear line); 2 problems in
the input (every problem in every file, one row each). Anything else is a bug and keeps
its traceback, so that it gets reported rather than hidden.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import ParamSpec, TypeVar

import typer

from diversify.io.problems import FileAccessError, InputError, Problem
from diversify.text import printable

P = ParamSpec("P")
R = TypeVar("R")

EXIT_FILE = 1
EXIT_INPUT = 2


class UsageError(Exception):
    """A bad command-line value (not from a file): printed as one line, exit 2."""


def print_problems(problems: Sequence[Problem]) -> None:
    """Print every problem on stderr: a table when the terminal is wide, else one block each.

    Every cell is user text (a value, a key, a file name) or quotes it, so it goes through
    :func:`diversify.text.printable` (an ESC in a value shows as ``␛`` and cannot drive
    the terminal) and Rich is told to take it literally: no markup (``[a, b]`` stays),
    no emoji codes (``root:x:0`` stays, not ``root❌0``), no highlighting.
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(stderr=True, highlight=False, markup=False, emoji=False)
    n = len(problems)
    title = f"{n} problem{'s' if n != 1 else ''} in the input"
    ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or 0, p.path))
    rows = [
        tuple(printable(c) for c in (p.location(), p.path or "-", p.value or "", p.message))
        for p in ordered
    ]
    widest = max((len(r[0]) for r in rows), default=0)
    if console.width >= widest + 80:
        table = Table(title=title, title_justify="left", expand=False)
        table.add_column("Location", style="cyan", no_wrap=True)
        table.add_column("Field", style="magenta", overflow="fold", max_width=32)
        table.add_column("Value", style="yellow", overflow="fold", max_width=24)
        table.add_column("Explanation", overflow="fold", min_width=30)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    console.print(Text(title, style="bold"))
    for location, path, value, message in rows:
        console.print()
        console.print(Text.assemble((location, "cyan"), "  ", (path, "magenta")))
        if value:
            console.print(Text.assemble("  value: ", (value, "yellow")), overflow="fold")
        console.print(Text(f"  {message}"), overflow="fold")


def _method_error() -> type[Exception]:
    """The engine's MethodError, imported only once a command runs (keeps --help light)."""
    from diversify.engine.scoring import MethodError

    return MethodError


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Run a command; turn user errors into messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as err:
            print_problems(err.problems)
            raise typer.Exit(EXIT_INPUT) from None
        except FileAccessError as err:
            print(f"diversify: {printable(str(err))}", file=sys.stderr)
            raise typer.Exit(EXIT_FILE) from None
        except (UsageError, _method_error()) as err:
            print(f"diversify: {printable(str(err))}", file=sys.stderr)
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper
