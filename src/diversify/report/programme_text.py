"""The programme plan in plain English: what is maximised, what the levers cost, the frontier.

:mod:`diversify.engine.programme` computes the plan as numbers and structured results
(:class:`~diversify.engine.programme.ProgrammeResult`); this module words them for a
reader, once, so ``diversify portfolio``, the TUI and every report say the same thing:

* :data:`OBJECTIVE`: the sentence every output carries about what is maximised;
* :func:`summary_lines`: the plan's findings, one per line (what the levers cost and which
  capabilities switch supplier because of them, which caps do not bind, the largest
  share, the price of diversification);
* :func:`portfolio_document`: the ``diversify.portfolio/1`` document, the engine's data
  (:meth:`~diversify.engine.programme.ProgrammeResult.to_dict`) with these words in
  their places (``objective`` and ``summary``). :mod:`diversify.report.portfolio_text`
  then turns that document into the report section.

Pure: no file access, no printing. Shares and money use :mod:`diversify.words`'s formats,
as the reports' tables do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diversify.engine.portfolio import BLOCS
from diversify.engine.programme import Candidate, Frontier, ProgrammeResult, share_to
from diversify.model.countries import country_name
from diversify.words import money, pct

OBJECTIVE = (
    "Programme value is the sum over capabilities of importance x the chosen option's MAVT "
    "score (0..1) under the current weights; the portfolio maximises it with MAVT whatever "
    "ranking method is chosen, because only MAVT scores share one 0..1 scale across "
    "capabilities."
)
"""The sentence every output carries about what is maximised."""

_ZERO = 1e-9  # a value difference below this is no difference


def portfolio_document(res: ProgrammeResult) -> dict[str, Any]:
    """The ``diversify.portfolio/1`` document: the plan's data plus its words.

    What ``diversify portfolio -f json`` writes and every report renders: the keys of
    :meth:`~diversify.engine.programme.ProgrammeResult.to_dict` in their order, with
    ``objective`` (:data:`OBJECTIVE`) before ``value_method`` and ``summary``
    (:func:`summary_lines`) before ``warnings``, as docs/json-contract.md lists them.
    """
    doc: dict[str, Any] = {}
    for key, value in res.to_dict().items():
        if key == "value_method":
            doc["objective"] = OBJECTIVE
        elif key == "warnings":
            doc["summary"] = summary_lines(res)
        doc[key] = value
    return doc


def key_words(key: str) -> str:
    """A bloc or country as a reader says it: "the US", "Europe", "Germany (DE)"."""
    if key == "US":
        return "the US"
    if key == "ROK":
        return "South Korea (ROK)"
    if key == "Other":
        return "the Other bloc"
    if key in BLOCS:
        return key
    return f"{country_name(key)} ({key})"


def lever_words(kind: str, key: str, limit: float | None, currency: str) -> str:
    """A constraint as the subject of a sentence ("Capping the US at 50.0%")."""
    if kind in ("bloc_cap", "country_cap"):
        return f"Capping {key_words(key)} at {pct(limit or 0.0)}"
    if kind == "budget":
        return f"The budget of {money(limit or 0.0, currency)}"
    if kind == "min_local_content":
        return f"Requiring {pct(limit or 0.0)} Canadian content"
    if kind == "min_blocs":
        return f"Requiring at least {int(limit or 0)} supplier blocs"
    if kind == "force_in":
        return f"Forcing in {key}"
    return f"Forcing out {key}"


def switches(
    before: Mapping[str, str],
    after: Mapping[str, str],
    names: Mapping[str, str],
    candidates: Mapping[str, Candidate],
    key: str | None = None,
) -> list[str]:
    """ "Submarines: KSS-III (ROK) becomes Type 212CD (Europe)" per capability that changes.

    ``names``: capability id -> name; ``candidates``: option id -> candidate. With ``key``
    (the capped bloc or country), a switch between two options that send nothing to it
    is explained: it meets the cap by spending more elsewhere, which shrinks the capped
    share of a larger total, not by buying less from the capped supplier.
    """
    out = []
    for cap, new in after.items():
        old = before.get(cap)
        if old is None or old == new:
            continue
        a, b = candidates.get(old), candidates.get(new)
        if a is None or b is None:
            out.append(f"{names.get(cap, cap)}: {old} becomes {new}")
            continue
        text = f"{names.get(cap, cap)}: {a.system} ({a.bloc}) becomes {b.system} ({b.bloc})"
        if key is not None and share_to(a, key) == 0 == share_to(b, key) and b.spend > a.spend:
            who = key_words(key)
            text += (
                f" (neither option sends spend to {who}: the dearer one meets the cap by "
                f"raising total spend, not by buying less from {who})"
            )
        out.append(text)
    return out


def summary_lines(res: ProgrammeResult) -> list[str]:
    """What the plan says, in plain English, one finding per line."""
    p = res.portfolio
    cur = res.currency
    names = {c.id: c.name for c in res.capabilities}
    cands = {c.id: c for c in res.candidates}
    lines = [OBJECTIVE]
    if res.ranking_method != "mavt":
        lines.append(
            f"The rankings use {res.ranking_method}; the portfolio still uses MAVT values, so "
            "its choice for a capability can differ from that capability's leader."
        )
    free = p.unconstrained_value
    if p.status in ("infeasible", "unknown"):
        found = "meets every constraint" if p.status == "infeasible" else "was found in time"
        lines.append(f"No portfolio {found}.")
        if p.explanation is not None:
            lines.append(p.explanation.summary)
        lines.append(
            f"Without the constraints the best portfolio would be worth {free:.3f}: "
            + "; ".join(
                f"{names.get(c, c)} {cands[o].system if o in cands else o}"
                for c, o in p.unconstrained_chosen.items()
            )
            + "."
        )
    else:
        assert p.value is not None and p.spend is not None
        head = (
            f"Best portfolio: value {p.value:.3f} over {len(p.chosen)} capabilities, "
            f"spend {money(p.spend, cur)}."
        )
        if p.status == "feasible":
            head += " (A time limit struck: it meets every constraint but is not proven best"
            bound = p.value_bound
            head += (
                f"; no portfolio is worth more than {bound:.3f}.)" if bound is not None else ".)"
            )
        lines.append(head)
        lost = p.value_lost or 0.0
        if lost <= _ZERO:
            if p.constraints:
                lines.append(
                    "The constraints cost no value: this is also the best portfolio without "
                    "any caps, budget or forced options."
                )
        else:
            share = f" ({pct(lost / free)})" if free > 0 else ""
            paying = [c for c in p.constraints if (c.value_cost or 0.0) > _ZERO]
            binding = paying or list(p.binding)
            capped = [c.key for c in binding if c.kind in ("bloc_cap", "country_cap")]
            key = capped[0] if len(capped) == 1 else None
            moves = "; ".join(switches(p.unconstrained_chosen, p.chosen, names, cands, key))
            if len(binding) == 1:
                c = binding[0]
                subject = lever_words(c.kind, c.key, c.limit, cur)
                lines.append(f"{subject} costs {lost:.3f} of programme value{share}: {moves}.")
            else:
                labels = ", ".join(c.label for c in binding) or "constraints"
                lines.append(
                    f"Together, the {labels} cost {lost:.3f} of programme value{share}: {moves}."
                )
                for c in paying:
                    lines.append(f"Lifting the {c.label} alone would win back {c.value_cost:.3f}.")
        for c in p.constraints:
            if c.kind in ("bloc_cap", "country_cap") and not c.binding and c.actual is not None:
                lines.append(
                    f"The {c.label} ({pct(c.limit or 0.0)}) does not bind: {key_words(c.key)} "
                    f"receives {pct(c.actual)} of spend."
                )
            elif c.kind == "budget" and not c.binding and c.slack is not None:
                lines.append(
                    f"The budget ({money(c.limit or 0.0, cur)}) does not bind: "
                    f"{money(c.slack, cur)} is left unspent."
                )
        if p.share_by_bloc and p.spend and p.spend > 0:
            bloc, top = max(p.share_by_bloc.items(), key=lambda kv: kv[1])
            lines.append(
                f"Largest share: {key_words(bloc)} receives {pct(top)} of spend. Concentration "
                f"(HHI, 0..1, 1 = all spend to one): {p.hhi_bloc:.3f} by bloc, "
                f"{p.hhi_country:.3f} by country."
            )
    for u in p.uncovered:
        lines.append(f"{names.get(u.capability, u.capability)}: {u.reason}.")
    if res.excluded:
        n_screen = sum(e.kind == "screened_out" for e in res.excluded)
        n_cost = len(res.excluded) - n_screen
        parts = []
        if n_screen:
            parts.append(f"{n_screen} screened out")
        if n_cost:
            parts.append(f"{n_cost} without a unit cost")
        lines.append(
            f"Options left out before optimising: {' and '.join(parts)}, each listed with "
            "its reason."
        )
    if res.frontier is not None:
        lines += frontier_lines(res.frontier, names, cands)
    return lines


def frontier_lines(
    front: Frontier, names: Mapping[str, str], candidates: Mapping[str, Candidate]
) -> list[str]:
    """The price of diversification in two sentences."""
    who = key_words(front.key)
    pts = front.points
    if not pts:
        return [f"No frontier for {who}: no portfolio meets the other constraints."]
    first, last = pts[0], pts[-1]
    if first.share - last.share <= 1e-9:
        return [
            f"{who[0].upper()}{who[1:]}'s share cannot be lowered below {pct(first.share)} "
            "with the other constraints kept: the frontier is a single point."
        ]
    lost = first.value - last.value
    rel = f", {pct(lost / first.value)}" if first.value > 0 else ""
    lines = [
        f"Price of diversification away from {who}: lowering its cap from {pct(first.share)} "
        f"(its share in the best portfolio with {who} uncapped) to {pct(last.cap)} (the "
        f"least any portfolio can reach) lowers value from {first.value:.3f} to "
        f"{last.value:.3f} (-{lost:.3f}{rel})."
    ]
    step = next((q for q in pts if q.value_lost > _ZERO), None)
    if step is not None:
        moved = switches(first.chosen, step.chosen, names, candidates, front.key)
        lines.append(
            f"The first cut that costs anything, to {pct(step.cap)}, costs {step.value_lost:.3f}: "
            + "; ".join(moved)
            + "."
        )
    return lines


__all__ = [
    "OBJECTIVE",
    "frontier_lines",
    "key_words",
    "lever_words",
    "portfolio_document",
    "summary_lines",
    "switches",
]
