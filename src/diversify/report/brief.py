"""The one-page decision brief that opens every reader-facing report.

A board reads one page: per capability what to buy, how sure the analysis is (how often
it comes first when the weights and figures move, SMAA-2), who comes next and by how
much, whether it is a close call, and what it costs against the budget envelope; then
the programme: spend by supplier bloc against the caps, the price of diversification in
one sentence and the smallest change that would alter an answer; and, when the bundle
carries them, how sure the programme as a whole is (each choice's core index from the
robust portfolio) and what losing a supplier does to it (the worst supply shock and the
portfolio that best survives it). Hiview3, Visual
PROMETHEE and 1000minds each show some of this; none puts the recommendation, its
confidence and the price of diversification on the same page.

This module only gathers numbers the engine already computed (the scoring result, the
robustness analysis, the portfolio document) into plain data and sentences, once, so
the Markdown, HTML and Excel summaries say the same thing; each renderer escapes for its
own syntax. Nothing here scores or samples.

Why these rules:

- **Ties.** A method that lets several options share rank 1 (VIKOR's compromise set,
  ELECTRE I's kernel) has no single leader: every option at rank 1 is named, and the
  brief calls it a close call, rather than promoting whichever was listed first.
- **Close call.** Flagged when first place is shared, when the leader comes first in
  fewer than half of the sampled weightings (:data:`CLOSE_CALL_SHARE`), or when the
  samples put another option first more often than the leader. The margin in score
  alone says nothing about how far the inputs may move, so it is shown but not used.
- **Budget.** A capability's envelope is compared with the programme cost (unit cost x
  quantity, both in the base year's money of the reporting currency).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diversify.engine.results import CapabilityResult, RankedOption, ScenarioResult
from diversify.report.bundle import ReportBundle
from diversify.report.portfolio_text import ShareBar, portfolio_text
from diversify.report.robustness_text import in_sentence, share_words, tightest
from diversify.report.uncertainty_text import (
    CoreBar,
    brief_names,
    robust_summary,
    robust_view,
    stress_summary,
)
from diversify.words import money, pct

CLOSE_CALL_SHARE = 0.5
"""Below this first-rank acceptability the leader's place is called a close call."""

_EPS = 1e-9


@dataclass(frozen=True)
class Switch:
    """The smallest single-weight move that changes a capability's leader."""

    criterion: str
    """The criterion's name."""
    now: float
    at: float
    rises: bool
    """True when the weight must rise above ``at``, False when it must fall below it."""
    successor: str
    exact: bool = True

    @property
    def distance(self) -> float:
        return abs(self.at - self.now)

    def _bound(self) -> str:
        """ "above 50.3% (now 20%)": where the weight must go, and where it is."""
        side = "above" if self.rises else "below"
        approx = "" if self.exact else "about "
        return f"{side} {approx}{share_words(self.at)} (now {share_words(self.now)})"

    def short(self) -> str:
        """ "NATO interoperability weight above 50.3% (now 20%) → M1 Abrams" (a table cell)."""
        return f"{self.criterion} weight {self._bound()} → {self.successor}"

    def words(self) -> str:
        """ "the NATO interoperability weight rises above 50.3% (now 20%): M1 Abrams leads"."""
        verb = "rises" if self.rises else "falls"
        crit = in_sentence(self.criterion)
        return f"the {crit} weight {verb} {self._bound()}: {self.successor} leads"


@dataclass(frozen=True)
class BriefRow:
    """One capability on the summary page."""

    id: str
    name: str
    leaders: tuple[str, ...]
    """The systems at rank 1 (several when the method lets them share it)."""
    leader_blocs: tuple[str, ...]
    leader_costs: tuple[float | None, ...]
    """Programme cost of each option at rank 1 (unit cost x quantity)."""
    supplier: str
    bloc: str
    first_share: float | None
    """How often the leader comes first across the sampled weightings (None: not sampled);
    with a shared first place, how often one of those options does."""
    samples: int | None
    favourite: str | None
    """The option the samples put first most often, when that is not the leader."""
    favourite_share: float | None
    runner_up: str | None
    margin: float | None
    """Score points between the leader and the runner-up (positive: the leader is better)."""
    close_call: bool
    why_close: str | None
    unit_cost: float | None
    quantity: float
    programme_cost: float | None
    budget: float | None
    switch: Switch | None
    portfolio_pick: str | None
    """The option the programme portfolio chooses, when it is not the leader."""

    @property
    def recommendation(self) -> str:
        if not self.leaders:
            return "none (every option screened out)"
        if len(self.leaders) > 1:
            return " and ".join(self.leaders) + " (share first place)"
        return self.leaders[0]

    @property
    def over_budget(self) -> bool | None:
        if self.budget is None or self.programme_cost is None:
            return None
        return self.programme_cost > self.budget * (1 + _EPS)

    @property
    def budget_ratio(self) -> float | None:
        if self.budget is None or self.programme_cost is None or self.budget <= 0:
            return None
        return self.programme_cost / self.budget

    def confidence_words(self) -> str:
        """ "first in 74% of 20,000 samples", or why there is no share."""
        if self.first_share is None:
            return "not sampled"
        return f"first in {share_words(self.first_share)}"

    def budget_words(self, currency: str) -> str:
        """ "within the 5,150.0 CAD m envelope (25% of it)" or "no envelope"."""
        if self.budget is None:
            return "no envelope"
        ratio = self.budget_ratio
        if ratio is None:
            return f"envelope {money(self.budget, currency)}"
        if self.over_budget:
            return f"{pct(ratio - 1)} over the {money(self.budget, currency)} envelope"
        return f"within the {money(self.budget, currency)} envelope ({pct(ratio)} of it)"

    def verdict(self) -> str:
        """The row in one sentence (used where a table does not fit, and in the workbook)."""
        if not self.leaders:
            return f"{self.name}: no option survived screening."
        text = f"{self.name}: {self.recommendation}"
        if self.first_share is not None:
            text += f", {self.confidence_words()} of sampled weightings"
        if self.runner_up is not None and self.margin is not None and len(self.leaders) == 1:
            text += f"; {self.runner_up} next, {self.margin:.3f} behind"
        if self.close_call and self.why_close:
            text += f". Close call: {self.why_close}"
        return text + "."


@dataclass(frozen=True)
class Brief:
    """The summary page."""

    rows: tuple[BriefRow, ...]
    blocs: tuple[ShareBar, ...]
    """Programme spend by bloc with its cap (empty without a portfolio)."""
    sentences: tuple[str, ...]
    """The findings, most important first."""
    price: str | None
    """The price of diversification in one sentence (None without a portfolio)."""
    switch: str | None
    """The nearest switch point across the programme, in one sentence."""
    currency: str
    samples: int | None
    method: str
    core: tuple[CoreBar, ...] = ()
    """Each capability's choice in the robust portfolio with its core index (empty without
    a robust portfolio)."""
    risk: tuple[str, ...] = ()
    """How sure the programme is and its worst supply shock, in words (also in
    ``sentences``)."""


def leaders(cap: CapabilityResult) -> tuple[RankedOption, ...]:
    """Every option at rank 1 (VIKOR's compromise set and ELECTRE's kernel share it)."""
    if not cap.ranking:
        return ()
    first = cap.ranking[0].rank
    return tuple(o for o in cap.ranking if o.rank == first)


def runner_up(cap: CapabilityResult) -> RankedOption | None:
    """The best-placed option below rank 1, or None."""
    top = leaders(cap)
    rest = cap.ranking[len(top) :]
    return rest[0] if rest else None


def _smaa_firsts(cap_rob: Mapping[str, Any] | None) -> dict[str, float]:
    smaa = (cap_rob or {}).get("smaa") or {}
    return {o["option"]: float(o["rank_acceptability"][0]) for o in smaa.get("options", [])}


def _switch(
    stability: Mapping[str, Mapping[str, Any]] | None,
    names: Mapping[str, str],
    crit_names: Mapping[str, str],
) -> Switch | None:
    if not stability:
        return None
    t = tightest(stability)
    if t is None:
        return None
    cid, side, s = t
    rises = side == "above"
    other = s["leader_above"] if rises else s["leader_below"]
    return Switch(
        criterion=crit_names.get(cid, s.get("name") or cid),
        now=float(s["weight"]),
        at=float(s["hi"] if rises else s["lo"]),
        rises=rises,
        successor=names.get(other, other),
        exact=bool(s.get("exact", True)),
    )


def brief_row(
    cap: CapabilityResult,
    cap_rob: Mapping[str, Any] | None,
    extra: Mapping[str, Any] | None,
    pick: str | None,
) -> BriefRow:
    """One capability's summary from its ranking and whatever robustness data there is."""
    top = leaders(cap)
    lead = top[0] if top else None
    second = runner_up(cap)
    names = {o.option: o.system for o in cap.ranking}
    crit_names = {c.id: c.name for c in cap.criteria}
    firsts = _smaa_firsts(cap_rob)
    acc = (extra or {}).get("leader_acceptability") or (cap_rob or {}).get("leader_acceptability")
    first_share: float | None = None
    samples: int | None = None
    if top and all(o.option in firsts for o in top):
        # shared first place: how often one of them comes first
        first_share = sum(firsts[o.option] for o in top)
        samples = int(((cap_rob or {}).get("smaa") or {}).get("samples") or 0) or None
    elif len(top) == 1 and lead is not None and acc and acc.get("option") == lead.option:
        first_share = float(acc["acceptability"])
        samples = int(acc.get("samples") or 0) or None
    favourite = favourite_share = None
    if firsts and lead is not None:
        best = max(firsts, key=lambda k: (firsts[k], -list(firsts).index(k)))
        if best not in {o.option for o in top} and firsts[best] > firsts.get(lead.option, 0.0):
            favourite, favourite_share = names.get(best, best), firsts[best]
    margin = None
    if lead is not None and second is not None:
        gap = lead.score - second.score
        margin = gap if cap.higher_is_better else -gap
    why = None
    if len(top) > 1:
        why = f"{' and '.join(o.system for o in top)} share first place"
    elif favourite is not None:
        why = f"{favourite} first more often ({share_words(favourite_share or 0.0)})"
    elif first_share is not None and first_share < CLOSE_CALL_SHARE:
        why = f"the leader comes first in only {share_words(first_share)} of samples"
    stability = (extra or {}).get("stability") or (cap_rob or {}).get("stability")
    # with a shared first place, the dearest of them is held against the envelope
    costs = [o.unit_cost for o in top if o.unit_cost is not None]
    cost = max(costs) if costs else None
    return BriefRow(
        id=cap.id,
        name=cap.name,
        leaders=tuple(o.system for o in top),
        leader_blocs=tuple(o.bloc for o in top),
        leader_costs=tuple(
            None if o.unit_cost is None else o.unit_cost * cap.quantity for o in top
        ),
        supplier=" / ".join(dict.fromkeys(o.supplier for o in top)),
        bloc=" / ".join(dict.fromkeys(o.bloc for o in top)),
        first_share=first_share,
        samples=samples,
        favourite=favourite,
        favourite_share=favourite_share,
        runner_up=second.system if second is not None else None,
        margin=margin,
        close_call=why is not None,
        why_close=why,
        unit_cost=cost,
        quantity=cap.quantity,
        programme_cost=None if cost is None else cost * cap.quantity,
        budget=cap.budget,
        switch=_switch(stability, names, crit_names) if len(top) == 1 else None,
        portfolio_pick=pick if pick is not None and pick not in {o.system for o in top} else None,
    )


def _picks(doc: Mapping[str, Any] | None) -> dict[str, str]:
    """Capability id -> the system the portfolio chooses for it."""
    if not doc:
        return {}
    cands = {c["id"]: c for c in doc.get("candidates", [])}
    chosen = (doc.get("result") or {}).get("chosen") or {}
    return {cap: cands.get(opt, {}).get("system", opt) for cap, opt in chosen.items()}


def _price(doc: Mapping[str, Any] | None) -> str | None:
    """The price of diversification from the portfolio's own summary, in one sentence."""
    if not doc:
        return None
    for line in doc.get("summary", []):
        if line.startswith("Price of diversification"):
            return str(line)
    text = portfolio_text(doc)
    return text.value_lost if text is not None else None


def over_budget_options(result: ScenarioResult) -> list[tuple[str, str, float, float]]:
    """(capability, system, programme cost, envelope) for every ranked option over budget."""
    out = []
    for cap in result.capabilities:
        if cap.budget is None:
            continue
        for o in cap.ranking:
            if o.unit_cost is not None and o.unit_cost * cap.quantity > cap.budget * (1 + _EPS):
                out.append((cap.name, o.system, o.unit_cost * cap.quantity, cap.budget))
    return out


def _sentences(
    rows: Sequence[BriefRow],
    blocs: Sequence[ShareBar],
    result: ScenarioResult,
    price: str | None,
    switch: str | None,
    risk: Sequence[str] = (),
) -> tuple[str, ...]:
    out: list[str] = []
    decided = [r for r in rows if r.leaders]
    close = [r for r in decided if r.close_call]
    if decided:
        text = f"{len(decided)} of {len(rows)} capabilities have a recommendation"
        if close:
            text += (
                f"; {len(close)} {'is a close call' if len(close) == 1 else 'are close calls'}"
                f" ({', '.join(r.name for r in close)})"
            )
        else:
            text += "; none is a close call"
        out.append(text + ".")
    over = [r for r in decided if r.over_budget]
    with_budget = [r for r in decided if r.budget is not None]
    if with_budget:
        if over:
            out.append(
                f"{len(over)} of the {len(with_budget)} recommendations with an envelope cost "
                "more than it: "
                + "; ".join(
                    f"{r.name} ({r.recommendation}, {r.budget_words(result.currency)})"
                    for r in over
                )
                + "."
            )
        else:
            out.append(
                f"Every recommendation with a budget envelope ({len(with_budget)}) fits in it."
            )
        every = over_budget_options(result)
        total = sum(len(c.ranking) for c in result.capabilities if c.budget is not None)
        if every:
            out.append(
                f"Across all options, {len(every)} of {total} in capabilities with an envelope "
                "exceed it."
            )
    if blocs:
        largest = max(blocs, key=lambda b: b.share)
        text = f"Largest share of programme spend: {largest.bloc} {pct(largest.share)}"
        breached = [b for b in blocs if b.cap is not None and b.share > b.cap + 1e-6]
        capped = [b for b in blocs if b.cap is not None]
        if breached:
            text += "; above its cap: " + ", ".join(
                f"{b.bloc} {pct(b.share)} (cap {pct(b.cap or 0.0)})" for b in breached
            )
        elif capped:
            text += (
                "; every cap is met ("
                + ", ".join(f"{b.bloc} {pct(b.share)} of a {pct(b.cap or 0.0)} cap" for b in capped)
                + ")"
            )
        out.append(text + ".")
    if price:
        out.append(price)
    out.extend(risk)
    if switch:
        out.append(switch)
    return tuple(out)


def brief(bundle: ReportBundle) -> Brief:
    """The summary page of ``bundle`` (whatever analyses it carries)."""
    result = bundle.result
    rob_caps = {c["id"]: c for c in (bundle.robustness or {}).get("capabilities", [])}
    picks = _picks(bundle.portfolio)
    rows = tuple(
        brief_row(cap, rob_caps.get(cap.id), bundle.per_capability.get(cap.id), picks.get(cap.id))
        for cap in result.capabilities
    )
    pf = portfolio_text(bundle.portfolio)
    blocs = pf.bars if pf is not None else ()
    price = _price(bundle.portfolio)
    switchable = [r for r in rows if r.switch is not None]
    switch = None
    if switchable:
        near = min(switchable, key=lambda r: r.switch.distance if r.switch else 1.0)
        assert near.switch is not None
        switch = (
            f"Nearest switch point: {near.name} changes hands if {near.switch.words()} "
            f"(a move of {share_words(near.switch.distance)} of the total weight)."
        )
    samples = next((r.samples for r in rows if r.samples), None)
    robust = robust_view(bundle.portfolio)
    risk = [robust_summary(robust)] if robust is not None else []
    if bundle.stress is not None:
        names = brief_names(result, bundle.portfolio)
        risk += stress_summary(bundle.stress, names)
    return Brief(
        rows=rows,
        blocs=blocs,
        sentences=_sentences(rows, blocs, result, price, switch, risk),
        price=price,
        switch=switch,
        currency=result.currency,
        samples=samples,
        method=result.method,
        core=robust.chosen if robust is not None else (),
        risk=tuple(risk),
    )


SUMMARY_HEADER = (
    "capability", "recommendation", "ranks first (SMAA)", "close call",
    "runner-up", "programme cost", "budget envelope", "what would change it",
)  # fmt: skip
"""Columns of the summary table (Markdown, HTML and the workbook's first sheet)."""


def summary_cells(row: BriefRow, currency: str) -> tuple[str, ...]:
    """One summary-table row as short text cells (Markdown and HTML)."""
    if not row.leaders:
        return (row.name, row.recommendation, "", "", "", "", "", "")
    if len(row.leaders) > 1:
        rec = " and ".join(
            f"{name} ({bloc})" for name, bloc in zip(row.leaders, row.leader_blocs, strict=True)
        )
        rec += ", sharing first place"
    else:
        rec = f"{row.recommendation} ({row.bloc})"
    if row.portfolio_pick:
        rec += f"; the portfolio picks {row.portfolio_pick}"
    runner = ""
    if row.runner_up is not None:
        runner = row.runner_up
        if row.margin is not None and len(row.leaders) == 1:
            runner += f", {row.margin:.3f} behind"
    cost = money(row.programme_cost, currency)
    if len(row.leaders) > 1:
        cost = " / ".join(money(c, currency) for c in row.leader_costs)
    elif row.unit_cost is not None:
        cost += f" ({row.quantity:g} x {row.unit_cost:,.1f})"
    if row.budget is None:
        budget = "none"
    elif row.over_budget:
        budget = f"{pct((row.budget_ratio or 1.0) - 1)} over {row.budget:,.1f}"
    else:
        budget = f"within: {pct(row.budget_ratio or 0.0)} of {row.budget:,.1f}"
    return (
        row.name,
        rec,
        "" if row.first_share is None else pct(row.first_share),
        f"yes: {row.why_close}" if row.close_call else "no",
        runner,
        cost,
        budget,
        row.switch.short()
        if row.switch
        else ("first place is shared" if len(row.leaders) > 1 else "no single weight changes it"),
    )


__all__: Sequence[str] = [
    "SUMMARY_HEADER",
    "Brief",
    "BriefRow",
    "Switch",
    "brief",
    "brief_row",
    "leaders",
    "over_budget_options",
    "runner_up",
    "summary_cells",
]
