"""The Markdown report: content, order, and the cases that once rendered wrongly."""

from __future__ import annotations

from diversify.engine.results import ScenarioResult
from diversify.report.bundle import ReportBundle
from diversify.report.markdown import render_markdown


def test_sections_in_order(result: ScenarioResult) -> None:
    text = render_markdown(ReportBundle(result))
    heads = [line for line in text.splitlines() if line.startswith("#")]
    assert heads == [
        "# Canada 2026 land and maritime options",
        "## Summary: what to buy, how sure, at what cost",
        "## Weights",
        "## Main battle tanks (`tanks`)",
        "## Submarines (`submarines`)",
        "## Inputs",
    ]
    assert (
        "| 1 | K2 Black Panther | Hyundai Rotem | KR | ROK | 0.887 | █████████· | 18.7 USD m |"
        in text
    )
    assert "| Delivery (20.0%) | 0.200 | 0.100 | 0.000 |" in text
    assert "- **T-90MS** (Uralvagonzavod, RU): Delivery 96 months exceeds" in text


def test_method_parameters_follow_the_method(promethee_result: ScenarioResult) -> None:
    text = render_markdown(ReportBundle(promethee_result))
    assert "Method **promethee2** (preference=linear); weights from" in text
    assert "| K2 Black Panther | yes | 0.190 | 0.610 |" in text


def test_no_score_bars_for_net_flows(promethee_result: ScenarioResult) -> None:
    """Net flows run -1..1: a bar for the positive ones only would suggest a 0..1 scale."""
    text = render_markdown(ReportBundle(promethee_result))
    assert "█" not in text and "·····" not in text


def test_input_names_are_code_spans_shown_as_given(hostile_result: ScenarioResult) -> None:
    text = render_markdown(ReportBundle(hostile_result))
    assert "- `suppliers/<evil>.yaml` `df4f3bd7" in text
    assert "&lt;MBT&gt; &amp; kit" in text
