"""The programme figures: how safe each capability's leader is, for the programme strip.

The main screen's programme strip (the capabilities panel, :mod:`diversify.tui.widgets.
capabilities`) and the overview's table show, per capability, the leader's first-rank
acceptability (how often it comes first under the scenario's uncertainty) and the
nearest switch point: the criterion whose weight has to move least, alone, before
another option leads, where that happens and who takes over
(:func:`diversify.report.robustness_text.tightest`, the sentence the reports use).

One analysis for the hook (:mod:`diversify.tui.analysis`), registered by default with the
robustness ones: once the weights settle, a worker runs
:func:`diversify.engine.robustness.analyse` for every capability in turn (stability and
SMAA, leader changes only, first places only, at most
:data:`~diversify.tui.robustness.MAX_SAMPLES` samples). About 65 ms for the bundled
scenario with MAVT; the sweeps of the other methods take seconds, so the run checks
between capabilities whether a newer change has made it moot and stops there, leaving
the screen to the typing.

Nothing here computes: the engine analyses, the report module picks the tightest
interval, this module keeps the few figures the strip needs and says them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from textual.worker import NoActiveWorker, get_current_worker

from diversify.text import printable
from diversify.tui.analysis import Analysis, AnalysisInput

__all__ = [
    "PROGRAMME_ID",
    "ProgrammeLine",
    "ProgrammeView",
    "first_text",
    "programme_analysis",
    "run_programme",
    "switch_text",
]

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


def run_programme(inp: AnalysisInput) -> ProgrammeView | None:
    """Stability and SMAA for every capability (worker thread); None when cancelled.

    One capability at a time, each seeded on its own (the figures are those of one run
    over all of them), so a newer change stops the run after the capability in hand.
    """
    from diversify.engine.robustness import analyse, effective_spec
    from diversify.report.robustness_text import tightest
    from diversify.tui.robustness import MAX_SAMPLES

    spec = effective_spec(inp.scenario.robustness)
    try:
        worker = get_current_worker()
    except NoActiveWorker:  # called outside a worker (a test): runs to the end
        worker = None
    lines: dict[str, ProgrammeLine] = {}
    for capability in inp.scenario.capabilities:
        if worker is not None and worker.is_cancelled:
            return None
        result = analyse(
            inp.scenario,
            weights=dict(inp.points),
            method=inp.method,
            samples=min(spec.samples, MAX_SAMPLES),
            prepared=inp.prepared,
            capabilities=[capability.id],
            parts=("stability", "smaa"),
            leader_only=True,
            smaa_first_only=True,
        )
        if not result.capabilities:
            continue
        cap = result.capabilities[0]
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


def first_text(line: ProgrammeLine | None) -> str:
    """The leader's SMAA first-rank share as a whole percentage (empty when unknown)."""
    return "" if line is None or line.first is None else f"{100 * line.first:.0f}%"


def switch_text(
    line: ProgrammeLine | None, names: Mapping[str, str], *, successor: bool = True
) -> str:
    """``≥24% cost → M1A2 SEPv3``: where the nearest weight change hands over the lead
    (how far first, so a narrow column keeps what matters most); ``successor=False``
    leaves out who takes over."""
    if line is None:
        return ""
    if line.criterion is None or line.at is None or line.now is None:
        return "no single weight"
    sign = "≥" if line.at > line.now else "≤"
    name = names.get(line.criterion, line.criterion)
    # Within a point of the weight now, a decimal: "≥0%" would read as already crossed.
    at = 100 * line.at
    close = abs(line.at - line.now) < 0.01 and abs(at - round(at)) >= 0.05
    said = f"{sign}{at:.1f}% {name}" if close else f"{sign}{at:.0f}% {name}"
    return f"{said} → {line.successor}" if successor and line.successor else said


def programme_analysis() -> Analysis:
    """The programme strip's figures (main screen and overview), once the weights settle."""
    return Analysis(
        id=PROGRAMME_ID,
        title="Programme",
        run=run_programme,
        render=None,
        screen="main",
        delay=0.4,
        help=(
            "Programme strip and overview, per capability: First, how often the leader "
            "comes first in the SMAA samples; Nearest switch, the criterion whose weight "
            "has to move least, alone, before another option leads (where, and who takes "
            "over); under the strip, the programme's spend by bloc against its caps (the "
            "portfolio's plan, * a cap edited for the session)."
        ),
    )
