"""What a report is made of: the scoring result plus optional analysis sections.

Later analyses (portfolio, robustness) add their plain-data sections here, so every
renderer receives one object and the JSON contract grows by keys, never by reshaping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from diversify.engine.results import ScenarioResult

if TYPE_CHECKING:
    from diversify.engine.scoring import Prepared
    from diversify.model.resolved import ScenarioData
    from diversify.report.evidence import EvidenceRow

SCORE_SWEEP_GRID = 11
"""Sweep grid for ``diversify score`` with a non-additive method (kept coarse: it is a summary)."""

SCORE_SWEEP_TOL = 1e-3
"""Bisection tolerance for ``diversify score`` with a non-additive method (0.1 point of weight)."""


def score_keys(
    data: ScenarioData,
    result: ScenarioResult,
    *,
    weights: Mapping[str, float] | None = None,
    method: str | None = None,
    prepared: Sequence[Prepared] | None = None,
) -> dict[str, Mapping[str, Any]]:
    """The per-capability keys ``diversify score --format json`` adds to ``result``.

    The leader's stability intervals (closed form for additive methods, a coarse sweep for
    the others) and its SMAA-2 acceptability, capability id -> keys. One function for the
    CLI's score and report and the TUI's export, so their JSON is the same file byte for
    byte. ``weights``/``method``/``prepared`` are those ``result`` was scored with.
    """
    from diversify.engine.robustness import analyse

    rob = analyse(
        data,
        weights=weights,
        method=method,
        result=result,
        capabilities=[c.id for c in result.capabilities],
        parts=("stability", "smaa"),
        grid=SCORE_SWEEP_GRID,
        tol=SCORE_SWEEP_TOL,
        leader_only=True,
        smaa_first_only=True,
        prepared=prepared,
    )
    return dict(rob.per_capability())


@dataclass(frozen=True)
class ReportBundle:
    """A scoring result and any extra sections (already plain, ordered data)."""

    result: ScenarioResult
    portfolio: Mapping[str, Any] | None = None
    robustness: Mapping[str, Any] | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    per_capability: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    """Capability id -> keys added to that capability's entry (``stability``,
    ``leader_acceptability`` from the robustness analysis), after the existing keys."""
    evidence: tuple[EvidenceRow, ...] = ()
    """Every figure with its provenance (report/evidence.py), for the readable reports'
    appendix; never part of the JSON contract."""
    stress: Mapping[str, Any] | None = None
    """The supply shocks (a ``diversify.stress/1`` document, report/uncertainty_text.py);
    the robust portfolio travels inside ``portfolio`` as its ``robust`` key."""

    def sections(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.robustness is not None:
            out["robustness"] = dict(self.robustness)
        if self.portfolio is not None:
            out["portfolio"] = dict(self.portfolio)
        if self.stress is not None:
            out["stress"] = dict(self.stress)
        out.update(self.extra)
        return out
