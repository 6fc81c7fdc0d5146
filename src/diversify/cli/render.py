"""Terminal rendering of results (rich), readable at 80 columns."""

from __future__ import annotations

import io

from diversify.engine.results import ScenarioResult


def render_table(result: ScenarioResult, width: int = 80) -> str:
    """Rankings of every capability as compact tables, as text."""
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(
        file=buf, width=width, force_terminal=False, color_system=None, highlight=False
    )
    weights = ", ".join(f"{k} {100 * v:.0f}%" for k, v in result.weights.items())
    console.print(f"{result.scenario}")
    console.print(f"method {result.method} · {result.weights_origin} · {weights}", overflow="fold")
    for cap in result.capabilities:
        table = Table(
            title=f"{cap.name} ({cap.id})", title_justify="left", expand=False, pad_edge=False
        )
        table.add_column("#", justify="right")
        table.add_column("system", overflow="fold", max_width=26)
        table.add_column("supplier", overflow="fold", max_width=18)
        table.add_column("cty")
        table.add_column("bloc")
        head = "score" if cap.higher_is_better else "Q (low=best)"
        table.add_column(head, justify="right")
        for o in cap.ranking:
            table.add_row(str(o.rank), o.system, o.supplier, o.country, o.bloc, f"{o.score:.3f}")
        for s in cap.screened_out:
            table.add_row("-", s.system, s.supplier, s.country, s.bloc, "out")
        console.print()
        console.print(table)
        for s in cap.screened_out:
            console.print(f"  screened out {s.system}: {s.reason}", overflow="fold")
        for w in cap.warnings:
            console.print(f"  note: {w}", overflow="fold")
    return buf.getvalue()
