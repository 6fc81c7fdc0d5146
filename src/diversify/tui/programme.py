"""The programme strip: how safe each capability's leader is, for the overview's table.

It runs only while the overview is open (``when_shown``): SMAA over every capability
would otherwise compete with the typing on the main screen for nothing on it.

One analysis for the hook (:mod:`diversify.tui.analysis`), registered by default with the
robustness ones: after the weights settle, a worker runs
:func:`diversify.engine.robustness.analyse` for *every* capability (stability and SMAA,
leader changes only, at most :data:`~diversify.tui.robustness.MAX_SAMPLES` samples) and
keeps, per capability, the leader's first-rank acceptability (how often it comes first
under the scenario's uncertainty) and the nearest switch point: the criterion whose
weight has to move least, alone, before another option leads, where that happens and
who takes over (:func:`diversify.report.robustness_text.tightest`, the sentence the
reports use). The overview's table shows both beside each leader, and the portfolio
panel beside it gives the programme's spend by bloc against its caps.

Nothing here computes: the engine analyses, the report module picks the tightest
interval, this module keeps the few figures the table needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from diversify.text import printable
from diversify.tui.analysis import Analysis, AnalysisInput

__all__ = ["PROGRAMME_ID", "ProgrammeLine", "ProgrammeView", "programme_analysis", "run_programme"]

PROGRAMME_ID = "programme"


@dataclass(frozen=True)
class ProgrammeLine:
    """One capability's leader: how often it comes first, and its nearest switch point."""

    capability: str
    first: float | None
    """The leader's SMAA-2 first-rank acceptability (0..1); None without SMAA."""
    criterion: str | None
    """The criterion whose weight moves least before the leader changes (None: none can)."""
    at: float | None
    """That criterion's share of the weight (0..1) where the leader changes."""
    now: float | None
    """Its share now."""
    successor: str | None
    """The system that takes over there."""


@dataclass(frozen=True)
class ProgrammeView:
    method: str
    lines: Mapping[str, ProgrammeLine]
    """Capability id -> its line."""


def run_programme(inp: AnalysisInput) -> ProgrammeView:
    """Stability and SMAA for every capability (worker thread)."""
    from diversify.engine.robustness import analyse, effective_spec
    from diversify.report.robustness_text import tightest
    from diversify.tui.robustness import MAX_SAMPLES

    spec = effective_spec(inp.scenario.robustness)
    result = analyse(
        inp.scenario,
        weights=dict(inp.points),
        method=inp.method,
        samples=min(spec.samples, MAX_SAMPLES),
        prepared=inp.prepared,
        parts=("stability", "smaa"),
        leader_only=True,
    )
    lines: dict[str, ProgrammeLine] = {}
    for cap in result.capabilities:
        acc = cap.leader_acceptability()
        systems = {o.option: o.system for o in cap.options}
        near = tightest(cap.stability_dict() or {})
        criterion = at = now = successor = None
        if near is not None:
            criterion, side, entry = near
            at = float(entry["lo"] if side == "below" else entry["hi"])
            now = float(entry["weight"])
            who = entry["leader_below" if side == "below" else "leader_above"]
            successor = printable(systems.get(who, str(who)))
        lines[cap.id] = ProgrammeLine(
            capability=cap.id,
            first=None if acc is None else float(acc["acceptability"]),
            criterion=criterion,
            at=at,
            now=now,
            successor=successor,
        )
    return ProgrammeView(method=inp.method, lines=lines)


def programme_analysis() -> Analysis:
    """The overview's programme columns, re-run once the weights settle."""
    return Analysis(
        id=PROGRAMME_ID,
        title="Programme",
        run=run_programme,
        render=None,
        screen="overview",
        delay=0.4,
        when_shown=True,
        help=(
            "Overview, per capability: First, how often the leader comes first in the "
            "SMAA samples; Nearest switch, the criterion whose weight has to move least, "
            "alone, before another option leads (where, and who takes over)."
        ),
    )
