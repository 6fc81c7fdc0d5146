"""Supply shocks (issue 13): each shock is the portfolio re-planned with the source
removed, delayed or made dearer by hand, on one frozen value scale."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from diversify.engine.programme import plan
from diversify.engine.stress import frozen_scales, source_share, sources, stress
from diversify.io.loader import bundled_scenario, load_scenario

MINI = Path(__file__).parents[1] / "data" / "valid" / "mini" / "scenario.yaml"


@pytest.fixture(scope="module")
def bundled():  # type: ignore[no-untyped-def]
    data = load_scenario(bundled_scenario())
    return data, stress(data)


def _without(data, source: str):  # type: ignore[no-untyped-def]
    """The scenario with every option drawing content from ``source`` deleted by hand."""
    caps = []
    for cap in data.capabilities:
        kept = []
        for opt in cap.options:
            content = dict(opt.content) or {opt.country: 1.0}
            from diversify.model.countries import bloc_of

            if source in content or any(bloc_of(c) == source for c in content):
                continue
            kept.append(opt)
        caps.append(replace(cap, options=tuple(kept)))
    return replace(data, capabilities=tuple(caps))


def test_every_loss_equals_replanning_without_the_source(bundled) -> None:  # type: ignore[no-untyped-def]
    data, result = bundled
    frozen = frozen_scales(data)
    base = plan(frozen, value_costs=False)
    assert result.base_value == pytest.approx(base.portfolio.value)
    for shock in (s for s in result.shocks if s.kind == "lost"):
        by_hand = plan(_without(frozen, shock.source), value_costs=False).portfolio
        assert shock.status == by_hand.status, shock.source
        if by_hand.status == "optimal":
            assert shock.value == pytest.approx(by_hand.value), shock.source
            assert dict(shock.chosen) == dict(by_hand.chosen), shock.source
            assert shock.value_retained == pytest.approx(by_hand.value / base.portfolio.value)


def test_losing_the_us_changes_the_male_drone_choice(bundled) -> None:  # type: ignore[no-untyped-def]
    _, result = bundled
    (us,) = [s for s in result.shocks if s.source == "US" and s.kind == "lost"]
    changed = {r.capability: (r.before, r.after) for r in us.replaced}
    assert changed["male-uav"][0] == "male-uav.mq-9b"
    assert changed["male-uav"][1] not in (None, "male-uav.mq-9b")


def test_shocks_only_lower_value_and_cover_every_source(bundled) -> None:  # type: ignore[no-untyped-def]
    data, result = bundled
    assert {(s.source, s.kind) for s in result.shocks} == {
        (src, kind) for src, _ in sources(data) for kind in ("lost", "delayed", "dearer")
    }
    for s in result.shocks:
        assert 0.0 <= s.value_retained <= 1.0
        if s.kind != "lost":
            assert s.uncovered == ()  # a late or dear option can still be bought
    # a source whose options are never chosen costs nothing to lose
    for s in result.shocks:
        if not any(ref in s.hit for ref in result.base_chosen.values()):
            assert s.value_retained == pytest.approx(1.0) and s.replaced == ()


def test_delay_and_cost_move_the_hit_options_by_their_content_share() -> None:
    """On the mini scenario: a 12-month delay adds 12 x share months to a hit option's
    delivery; 20% dearer multiplies its unit cost by 1 + 0.2 x share."""
    from diversify.engine.stress import _shocked

    data = frozen_scales(load_scenario(MINI))
    opt = next(o for c in data.capabilities for o in c.options if source_share(o, "KR") > 0)
    share = source_share(opt, "KR")
    late = _shocked(data, "KR", "delayed", 12.0, "delivery")
    dear = _shocked(data, "KR", "dearer", 0.2, "delivery")

    def find(d):  # type: ignore[no-untyped-def]
        return next(o for c in d.capabilities for o in c.options if o.id == opt.id)

    assert find(late).figures["delivery"].value == pytest.approx(
        opt.figures["delivery"].value + 12 * share
    )
    assert find(dear).unit_cost.value == pytest.approx(opt.unit_cost.value * (1 + 0.2 * share))
    gone = _shocked(data, "KR", "lost", 0.0, "delivery")
    assert all(o.id != opt.id for c in gone.capabilities for o in c.options)


def test_results_are_plain_and_reproducible(bundled) -> None:  # type: ignore[no-untyped-def]
    data, result = bundled
    assert stress(data).to_dict() == result.to_dict()
