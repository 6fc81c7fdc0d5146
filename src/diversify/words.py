"""Number formats shared by everything that writes sentences and tables for a reader.

One definition, so the programme summary (report/programme_text.py) and the report
renderers format shares and money the same way. It sits outside the layered packages
because the engine once wrote those summaries itself; only report/ uses it now.
"""

from __future__ import annotations


def pct(x: float) -> str:
    """A share in 0..1 as a percentage with one decimal (0.25 -> "25.0%")."""
    return f"{100 * x:.1f}%"


def money(x: float | None, currency: str) -> str:
    """An amount in millions of ``currency``, or "n/a" when there is none."""
    return "n/a" if x is None else f"{x:,.1f} {currency} m"
