"""How `diversify report` runs the robust portfolio, the shocks and the resilient alternative.

The analyses themselves are tested in test_robust_portfolio.py and test_stress.py; here only
the report's choices: the scenario's samples and seed when the portfolios can be
enumerated, at most MILP_SAMPLES when each sample would be a MILP, and a report that
still comes out (without the robust part, saying why) when the weights cannot be sampled.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from diversify.engine import programme_risk as pr
from diversify.engine.programme import plan
from diversify.engine.robust_portfolio import robust
from diversify.engine.stress import resilient, stress
from diversify.io.loader import load_scenario

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"


@pytest.fixture(scope="module")
def mini():  # type: ignore[no-untyped-def]
    data = load_scenario(MINI)
    return data, plan(data)


def test_the_report_runs_what_the_commands_run(mini) -> None:  # type: ignore[no-untyped-def]
    """`portfolio --robust` with no flags (the scenario's 2,000 samples, seed 3), `stress`
    and `stress --resilient worst`: the same numbers, so the brief can be checked by them."""
    data, base = mini
    risk = pr.programme_risk(data, base)
    assert risk.robust is not None and risk.robust_skipped is None
    assert (risk.robust.samples, risk.robust.seed) == (2000, 3)
    assert risk.robust.to_dict() == robust(data, base).to_dict()
    assert risk.stress.to_dict() == stress(data).to_dict()
    assert risk.resilient.to_dict() == resilient(data, objective="worst").to_dict()


def test_samples_are_capped_only_when_each_would_be_a_milp(  # type: ignore[no-untyped-def]
    mini, monkeypatch: pytest.MonkeyPatch
) -> None:
    data, base = mini
    assert pr.report_samples(data, base) == 2000  # 4 portfolios: enumerated
    monkeypatch.setattr(pr, "ENUMERATION_LIMIT", 1)  # as if there were too many
    assert pr.report_samples(data, base) == pr.MILP_SAMPLES == 200
    few = replace(data, robustness=data.robustness.model_copy(update={"samples": 50}))
    assert pr.report_samples(few, base) == 50


def test_weights_computed_from_the_data_leave_the_robust_part_out(tmp_path: Path) -> None:
    """Entropy weights have no stated points to sample around: the shocks are still run,
    and the report's portfolio says why there is no robust section."""
    from shutil import copytree

    from diversify.report.programme_text import portfolio_document
    from diversify.report.uncertainty_text import risk_documents

    copytree(MINI.parent, tmp_path / "mini")
    path = tmp_path / "mini" / "scenario.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "profile: balanced", "elicitation: {method: entropy}"), encoding="utf-8")  # fmt: skip
    data = load_scenario(path)
    base = plan(data)
    risk = pr.programme_risk(data, base)
    assert risk.robust is None
    assert risk.robust_skipped is not None and "stated weights" in risk.robust_skipped
    assert risk.stress.shocks
    doc, shocks = risk_documents(data, portfolio_document(base), risk, "entropy")
    assert "robust" not in doc
    assert doc["warnings"][-1].startswith("The robust portfolio was not sampled: ")
    assert shocks["schema"] == "diversify.stress/1" and shocks["resilient"]["objective"] == "worst"
