"""Words and number formats shared by the reader-facing reports (Markdown and HTML).

The Markdown and HTML reports must say the same thing with the same numbers, so the
sentences and formats they share live here, once, as plain (unescaped) text; each
renderer escapes for its own syntax.
"""

from __future__ import annotations

from collections.abc import Mapping

from diversify.engine.results import CapabilityResult


def fmt_extra(v: object) -> str:
    """A method figure (float or flag) as report text."""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.3f}"
    return "" if v is None else str(v)


_SHARED_RANK_WHY = {
    "no_acceptable_advantage": (
        "the option best by Q is not ahead of the others by at least DQ = {dq} (no "
        "acceptable advantage), so every option within DQ of it shares rank 1"
    ),
    "no_acceptable_stability": (
        "the option best by Q is not also best by S or by R (no acceptable stability), so "
        "the best two by Q share rank 1"
    ),
    "equal_q": "they have the same Q",
}


def shared_rank_reason(cap: CapabilityResult) -> str | None:
    """Why several options share rank 1 (VIKOR's compromise set), or None.

    The conditions are Opricovic & Tzeng's (2004); the engine records which one failed
    in ``method_details.compromise_reason``.
    """
    reason = cap.method_details.get("compromise_reason")
    why = _SHARED_RANK_WHY.get(str(reason)) if reason else None
    if why is None:
        return None
    firsts = ", ".join(o.system for o in cap.ranking if o.rank == 1)
    dq = cap.method_details.get("dq")
    shown = f"{dq:.3g}" if isinstance(dq, float) else "1/(m-1)"
    return f"rank 1 is shared by {firsts}, VIKOR's compromise set: " + why.format(dq=shown)


def params_text(params: Mapping[str, object]) -> str:
    """A method's parameters as "k=v, …" ("" when there are none)."""
    return ", ".join(f"{k}={v}" for k, v in params.items())


def extras_keys(cap: CapabilityResult) -> list[str]:
    """The method figures any ranked option carries, in a stable (sorted) order."""
    return sorted({k for o in cap.ranking for k in o.extras})


def shown_in_contributions(cap: CapabilityResult) -> int:
    """How many leading options the contributions table shows (the top four)."""
    return min(4, len(cap.ranking))


def leader_summary(cap: CapabilityResult) -> str | None:
    """Why the leader leads the runner-up, for additive methods, in one sentence.

    Compares the two options' per-criterion contributions: the two criteria where the
    leader gains most and the two where it gives up most. ``None`` when the method is
    not additive or there is no runner-up.
    """
    if len(cap.ranking) < 2 or cap.ranking[0].contributions is None:
        return None
    leader, second = cap.ranking[0], cap.ranking[1]
    lead_c = leader.contributions or {}
    second_c = second.contributions or {}
    diffs = sorted(
        ((lead_c.get(c, 0.0) - second_c.get(c, 0.0), c) for c in cap.weights), reverse=True
    )
    names = {c.id: c.name for c in cap.criteria}
    gains = [f"{names.get(c, c)} (+{d:.3f})" for d, c in diffs if d > 1e-9][:2]
    losses = [f"{names.get(c, c)} ({d:.3f})" for d, c in reversed(diffs) if d < -1e-9][:2]
    text = f"{leader.system} leads {second.system} by {leader.score - second.score:.3f}"
    if gains:
        text += "; it gains most on " + " and ".join(gains)
    if losses:
        text += "; it gives up most on " + " and ".join(losses)
    return text + "."


COST_BASIS_HEADER = (
    "system", "deal", "customer", "date", "deal price per unit", "scope changes",
    "escalation", "base-year unit cost",
)  # fmt: skip
"""Columns of the cost-basis table every report shows under a cost_basis rule."""


def cost_basis_rows(cap: CapabilityResult, currency: str) -> list[tuple[str, ...]]:
    """Per ranked option: the deal figure and the base-year figure it becomes (issue 8).

    Empty when the scenario has no cost_basis rule, so reports without one are unchanged.
    """
    from diversify.words import money

    rows: list[tuple[str, ...]] = []
    for o in cap.ranking:
        b = o.cost_basis
        if not b:
            continue
        deal = next((d for d in b.get("deals", []) if d["deal"] == b["deal"]), None)
        changes = ", ".join(
            ("+" if a["change"] == "added" else "-") + a["element"] for a in b["adjustments"]
        )
        rows.append((
            o.system,
            b["deal"] or "typed unit cost",
            deal["customer"] if deal else "",
            (deal["date"] or "") if deal else "",
            f"{b['deal_unit_price']:,.1f} {b['deal_currency']} m ({b['price_year']})",
            changes or "none",
            f"x{b['escalation_factor']:.3f}",
            f"{money(o.unit_cost, currency)} ({b['base_year']})",
        ))  # fmt: skip
    return rows


def has_score_bars(cap: CapabilityResult) -> bool:
    """Whether score bars mean something: higher is better and every score is in 0..1.

    Judged per capability, not per option: a net flow (PROMETHEE, -1..1) must not get a
    bar for its positive scores only, which would suggest a scale the method does not have.
    """
    return cap.higher_is_better and all(0.0 <= o.score <= 1.0 for o in cap.ranking)
