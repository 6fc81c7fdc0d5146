"""The sentences shared by every renderer (report/wording.py)."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from diversify.engine.results import ScenarioResult
from diversify.report.wording import shared_rank_reason


def test_shared_rank_reason_names_the_failed_vikor_condition(result: ScenarioResult) -> None:
    """The compromise set's members and why they share rank 1 (Opricovic & Tzeng 2004:
    C1 acceptable advantage with DQ = 1/(m - 1), C2 acceptable stability)."""
    cap = result.capabilities[0]
    tied = tuple(replace(o, rank=1) for o in cap.ranking[:2]) + cap.ranking[2:]
    names = ", ".join(o.system for o in tied[:2])

    def reason(code: str | None) -> str | None:
        details = {"dq": 0.5, "compromise_reason": code}
        return shared_rank_reason(
            replace(cap, ranking=tied, method_details=MappingProxyType(details))
        )

    advantage = reason("no_acceptable_advantage")
    assert advantage is not None
    assert advantage.startswith(f"rank 1 is shared by {names}, VIKOR's compromise set")
    assert "at least DQ = 0.5 (no acceptable advantage)" in advantage
    stability = reason("no_acceptable_stability")
    assert stability is not None and "not also best by S or by R" in stability
    assert reason(None) is None
    assert shared_rank_reason(cap) is None  # MAVT: no method details at all
