"""What a report is made of: the scoring result plus optional analysis sections.

Later analyses (portfolio, robustness) add their plain-data sections here, so every
renderer receives one object and the JSON contract grows by keys, never by reshaping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from diversify.engine.results import ScenarioResult

if TYPE_CHECKING:
    from diversify.report.evidence import EvidenceRow


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
