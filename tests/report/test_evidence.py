"""The evidence appendix: every figure with its source, range, kind, confidence, deal, date."""

from __future__ import annotations

from pathlib import Path

from diversify.io.loader import bundled_scenario, load_scenario
from diversify.report.evidence import EVIDENCE_HEADER, evidence_rows, kind_counts


def test_every_figure_of_every_option_with_its_provenance(mini_scenario: Path) -> None:
    data = load_scenario(mini_scenario)
    rows = evidence_rows(data)
    expected = sum(
        1 for cap in data.capabilities for o in cap.options for c in cap.criteria
        if o.figures.get(c.id) is not None
    )  # fmt: skip
    assert len(rows) == expected
    alpha = {r.criterion: r for r in rows if r.option == "Alpha tank"}
    assert set(alpha) == {"Unit cost", "Time to first delivery", "NATO interoperability"}
    delivery = alpha["Time to first delivery"]
    assert (delivery.figure, delivery.low, delivery.high) == ("12 months", 6.0, 24.0)
    assert (delivery.kind, delivery.source) == ("stated", "test")
    level = alpha["NATO interoperability"]
    assert (level.figure, level.low, level.high, level.source) == ("nato_standard", None, None, "")
    cost = alpha["Unit cost"]
    assert cost.figure.endswith("CAD million per unit") and cost.source == "test"
    assert cost.low is not None and cost.high is not None and cost.low < cost.high
    assert len(rows[0].cells()) == len(EVIDENCE_HEADER)
    assert evidence_rows(data, ["submarines"]) == tuple(
        r for r in rows if r.capability != "Main battle tanks"
    )


def test_bundled_costs_name_their_deal_and_estimates_say_so() -> None:
    """The bundled data's costs come from deals; through-life costs are analyst estimates."""
    data = load_scenario(bundled_scenario())
    rows = evidence_rows(data)
    counts = kind_counts(rows)
    assert counts["stated"] > 0 and counts["derived"] > 0
    for cap in data.capabilities:
        for o in cap.options:
            basis = o.cost_basis
            if not basis or not basis.get("deal"):
                continue
            deal = next(d for d in basis["deals"] if d["deal"] == basis["deal"])
            (row,) = [
                r for r in rows
                if r.capability == cap.name and r.option == o.system
                and r.criterion == "Unit acquisition cost"
            ]  # fmt: skip
            where = ", ".join(x for x in (deal["customer"], deal["date"]) if x)
            assert row.deal == f"{basis['deal']} ({where})"
            assert row.kind.startswith("derived") and row.basis
    assert any(r.kind == "derived estimate" and r.criterion == "Through-life cost" for r in rows)
    assert all(r.source or r.kind != "stated" or r.basis for r in rows)
