"""The robustness section in words a minister can read, and its tables, for every report.

The numbers come from the engine (:mod:`diversify.engine.robustness`) as plain data: the
``robustness`` section of a :class:`~diversify.report.bundle.ReportBundle` (the full
analysis, ``RobustnessResult.to_dict()``) or, for ``diversify score``, the two keys it adds
to each capability (``stability`` and ``leader_acceptability``). This module only turns
them into sentences and tables of plain (unescaped) text and numbers, once, so the
Markdown, HTML and Excel reports and the terminal say the same thing; each renderer
escapes and formats cells for its own syntax.

The headline sentence is built from the leader's first-rank acceptability (SMAA-2) and
its tightest stability interval: the criterion whose weight needs to move least, on its
own, before another option leads. That is the *nearest* switch point, not the only one:
the sentence counts the other single-weight moves that also take the lead (the stability
table lists them), because "loses the lead only if ..." would be false whenever there
are any.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diversify.engine.results import CapabilityResult, ScenarioResult

METHOD_TITLES: dict[str, str] = {
    "mavt": "MAVT",
    "wsm": "WSM",
    "wpm": "WPM",
    "topsis": "TOPSIS",
    "vikor": "VIKOR",
    "electre1": "ELECTRE I",
    "promethee2": "PROMETHEE II",
}


NOBODY = "\u2014"
"""An em dash: the stability table's "no one takes the lead on this side" (a plain "-" would
read as a formula to a spreadsheet and be quoted)."""


@dataclass(frozen=True)
class Table:
    """A table of cells; ``kinds`` says per column how to show a number.

    Kinds: ``text`` (shown as is), ``pct`` (a share 0..1 shown as a percentage with one
    decimal), ``share`` (the same, except that a share above 0 never shows as 0.0% nor one
    below 1 as 100.0%: "<0.1%", ">99.9%"), ``pp`` (a share shown in percentage points with
    a sign), ``num`` (three decimals), ``int``. ``None`` is an empty cell.
    """

    title: str
    header: tuple[str, ...]
    kinds: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class CapabilityText:
    """One capability's robustness, ready to render."""

    id: str
    name: str
    headline: str | None
    sentences: tuple[str, ...]
    tables: tuple[Table, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class RobustnessText:
    """The whole robustness section: an introduction and one part per capability."""

    intro: str
    capabilities: tuple[CapabilityText, ...]


# ---------------------------------------------------------------------------------------
# numbers in words
# ---------------------------------------------------------------------------------------


def cell(value: Any, kind: str) -> str:
    """A table cell as text (the Markdown, HTML and terminal renderers use this)."""
    if value is None:
        return ""
    if kind == "pct":
        return f"{100 * float(value):.1f}%"
    if kind == "share":
        return share_cell(float(value))
    if kind == "pp":
        return f"{100 * float(value):+.1f}"
    if kind == "num":
        return f"{float(value):.3f}"
    if kind == "int":
        return f"{int(value):,}"
    return str(value)


def share_cell(x: float) -> str:
    """A share as a percentage with one decimal that never rounds to a certainty it is not:
    a share above 0 shows as "<0.1%" rather than "0.0%", one below 1 as ">99.9%" (an option
    chosen in 3 of 20,000 samples is not chosen in none)."""
    if 0.0 < x < 0.0005:
        return "<0.1%"
    if 0.9995 <= x < 1.0:
        return ">99.9%"
    return f"{100 * x:.1f}%"


def share_words(x: float) -> str:
    """A share as a percentage for a sentence: whole numbers unless that would mislead."""
    p = 100 * float(x)
    if p >= 100.0:
        return "100%"
    if p > 99.5:
        return "more than 99.5%"
    if 0 < p < 0.5:
        return "less than 0.5%"
    if abs(p - round(p)) < 0.05:
        return f"{round(p)}%"
    return f"{p:.1f}%"


def acceptability_words(x: float, samples: int) -> str:
    """How often an option came first, as a phrase ("in 94% of the 20,000 weightings")."""
    if x >= 1.0:
        return f"in every one of the {samples:,} sampled weightings"
    if x <= 0.0:
        return f"in none of the {samples:,} sampled weightings"
    return f"in {share_words(x)} of {samples:,} sampled weightings"


def sampling_words(acc: Mapping[str, Any], crit_names: Mapping[str, str]) -> str:
    """What was sampled: weights kind, margin, order and values kind (from the settings)."""
    kind = acc.get("weights")
    if kind == "margin":
        margin = share_words(acc.get("margin", 0.0))
        weights = f"each weight within +/-{margin} of its current value"
    elif kind == "ordered":
        order = [crit_names.get(c, c) for c in acc.get("order") or []]
        weights = "any weights that keep " + ", ".join(order) + " in that order of importance"
    else:
        weights = "any weights at all"
    values = acc.get("values")
    if values == "uniform":
        figures = "every figure drawn uniformly from its stated low-high range"
    elif values == "triangular":
        figures = (
            "every figure drawn from its stated low-high range, most often near the stated value"
        )
    else:
        figures = "figures as stated"
    return f"{weights}; {figures}"


def in_sentence(name: str) -> str:
    """A criterion name inside a sentence: "Unit cost" -> "unit cost", "NATO fit" unchanged."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name


def _names(cap_rob: Mapping[str, Any], cap: CapabilityResult | None) -> dict[str, str]:
    names = {o["option"]: o["system"] for o in cap_rob.get("options", [])}
    if cap is not None:
        for o in cap.ranking:
            names.setdefault(o.option, o.system)
    return names


def _crit_names(cap_rob: Mapping[str, Any], cap: CapabilityResult | None) -> dict[str, str]:
    names = dict(cap_rob.get("criteria") or {})
    if cap is not None:
        for c in cap.criteria:
            names.setdefault(c.id, c.name)
    return names


def tightest(
    stability: Mapping[str, Mapping[str, Any]],
) -> tuple[str, str, Mapping[str, Any]] | None:
    """The criterion whose weight has to move least, alone, before the leader changes.

    Returns (criterion id, "below" or "above", its stability entry), or None when no
    single weight can take the lead away. Ties go to the criterion listed first.
    """
    best: tuple[float, str, str, Mapping[str, Any]] | None = None
    for cid, s in stability.items():
        w = float(s["weight"])
        for side, bound, who in (
            ("below", s["lo"], s["leader_below"]),
            ("above", s["hi"], s["leader_above"]),
        ):
            if who is None:
                continue
            gap = abs(w - float(bound))
            if best is None or gap < best[0]:
                best = (gap, cid, side, s)
    return None if best is None else (best[1], best[2], best[3])


def switch_points(stability: Mapping[str, Mapping[str, Any]]) -> int:
    """How many single-weight moves take the lead away: each weight that has a leader
    below its interval or above it counts once per side."""
    return sum(
        1
        for s in stability.values()
        for who in (s.get("leader_below"), s.get("leader_above"))
        if who is not None
    )


def headline(
    cap_rob: Mapping[str, Any], names: Mapping[str, str], crit_names: Mapping[str, str]
) -> str | None:
    """The sentence for a minister: how often the leader comes first, its nearest switch
    point, and how many other single-weight moves also take the lead from it.

    e.g. "K9 VIDAR comes first in 94% of 20,000 sampled weightings; on the stated figures,
    its nearest switch point is the delivery weight falling below 12% (now 20%, the other
    weights keeping their proportions), when CAESAR takes over; 2 other single-weight
    changes also take the lead from it."
    """
    stability = cap_rob.get("stability")
    acc = cap_rob.get("leader_acceptability")
    leader = (acc or {}).get("option") or cap_rob.get("leader")
    if leader is None and stability:
        leader = next(iter(stability.values())).get("leader")
    if leader is None:
        return None
    who = names.get(leader, leader)
    if acc is not None:
        text = f"{who} comes first {acceptability_words(acc['acceptability'], acc['samples'])}"
    else:
        text = f"{who} leads under the current weights"
    if stability:
        t = tightest(stability)
        if t is None:
            text += "; no change to any single weight on its own takes the lead from it"
        else:
            cid, side, s = t
            crit = in_sentence(crit_names.get(cid, cid))
            if side == "below":
                bound, other, verb = s["lo"], s["leader_below"], "falling below"
            else:
                bound, other, verb = s["hi"], s["leader_above"], "rising above"
            approx = "" if s.get("exact", True) else "about "
            text += (
                f"; on the stated figures, its nearest switch point is the {crit} weight "
                f"{verb} {approx}{share_words(bound)} (now {share_words(s['weight'])}, the "
                f"other weights keeping their proportions), when {names.get(other, other)} "
                "takes over"
            )
            others = switch_points(stability) - 1
            if others == 0:
                text += "; no other single weight, moved on its own, takes the lead from it"
            else:
                changes = "change also takes" if others == 1 else "changes also take"
                text += f"; {others} other single-weight {changes} the lead from it"
    return text + "."


def close_call(cap_rob: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """When the leader is first in under half the samples, who comes first most often."""
    smaa = cap_rob.get("smaa")
    leader = cap_rob.get("leader")
    if not smaa or leader is None or not smaa.get("options"):
        return None
    firsts = {o["option"]: o["rank_acceptability"][0] for o in smaa["options"]}
    best = max(firsts, key=lambda k: (firsts[k], -list(firsts).index(k)))
    if best == leader or firsts.get(leader, 0.0) >= 0.5:
        return None
    return (
        f"This is a close call: {names.get(best, best)} comes first more often "
        f"({share_words(firsts[best])} of samples) than the current leader "
        f"({share_words(firsts.get(leader, 0.0))})."
    )


def what_it_takes_sentence(entry: Mapping[str, Any], crit_names: Mapping[str, str]) -> str:
    """What weights would put one option first, or why none can."""
    system = entry["system"]
    if not entry["achievable"]:
        reason = entry.get("reason") or f"no weights make {system} first"
        return reason[:1].upper() + reason[1:] + "."
    changes = entry.get("changes") or {}
    moves = [
        (in_sentence(crit_names.get(c, c)), d)
        for c, d in changes.items()
        if abs(float(d)) >= 0.0005
    ]
    moves.sort(key=lambda x: -abs(x[1]))
    if not moves:
        return f"{system} already shares first place under the current weights."
    parts = ", ".join(f"{n} {100 * d:+.1f}" for n, d in moves)
    moved = entry.get("moved") or 0.0
    return (
        f"{system} would come first if {share_words(moved)} of the total weight moved "
        f"(percentage points: {parts})."
    )


def agreement_sentence(cap_rob: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """How many ranking methods put the leader first, and who the others put first."""
    agreement = cap_rob.get("agreement")
    leader = cap_rob.get("leader")
    if not agreement or leader is None or not agreement.get("methods"):
        return None
    methods = agreement["methods"]
    leaders = agreement["leaders"]
    agree = [m for m in methods if leader in leaders[m]]
    who = names.get(leader, leader)
    count = (
        f"All {len(methods)}" if len(agree) == len(methods) else f"{len(agree)} of {len(methods)}"
    )
    text = f"{count} ranking methods put {who} first"
    # A method that ties the leader with others at rank 1 (ELECTRE I's kernel, VIKOR's
    # compromise set) does not put it first on its own: say so, and with whom.
    tied = [m for m in agree if len(leaders[m]) > 1]
    if tied:
        ties = "; ".join(
            f"{METHOD_TITLES.get(m, m)} ties it with "
            + " and ".join(names.get(o, o) for o in leaders[m] if o != leader)
            for m in tied
        )
        text += f" or tied first ({ties})"
    others = [
        f"{METHOD_TITLES.get(m, m)} puts {' and '.join(names.get(o, o) for o in leaders[m])} first"
        for m in methods
        if m not in agree
    ]
    if others:
        text += "; " + "; ".join(others)
    skipped = agreement.get("skipped") or {}
    if skipped:
        text += ". Not run: " + "; ".join(
            f"{METHOD_TITLES.get(m, m)} ({reason})" for m, reason in skipped.items()
        )
    return text + "."


def rank_reversal_sentence(cap_rob: Mapping[str, Any], names: Mapping[str, str]) -> str | None:
    """The rank-reversal check as pass/fail in words."""
    rr = cap_rob.get("rank_reversal")
    leader = cap_rob.get("leader")
    if not rr:
        return None
    who = names.get(leader, leader) if leader else "the leader"
    if rr["status"] == "skipped":
        return f"Rank-reversal check not run: {rr['reason']}."
    if rr["status"] == "pass":
        return (
            f"Rank-reversal check passed: making any other option slightly worse "
            f"({rr['mutations']} trials) never took first place from {who}."
        )
    changes = "; ".join(
        f"worsening {names.get(c['worsened'], c['worsened'])} put "
        f"{names.get(c['new_leader'], c['new_leader'])} first ({c['count']} of "
        f"{rr['mutations']} trials)"
        for c in rr["lead_changes"]
    )
    return (
        f"Rank-reversal check failed: {changes}. Making a rival worse should never cost the "
        f"leader its place; here it does, because a local value scale re-anchors on the "
        f"options compared. Treat this ranking with care, or give those criteria fixed "
        f"anchors."
    )


# ---------------------------------------------------------------------------------------
# tables
# ---------------------------------------------------------------------------------------


def stability_table(
    cap_rob: Mapping[str, Any], names: Mapping[str, str], crit_names: Mapping[str, str]
) -> Table | None:
    stability = cap_rob.get("stability")
    if not stability:
        return None
    leader = next(iter(stability.values())).get("leader") or cap_rob.get("leader")
    who = names.get(leader, leader) if leader else "the leader"
    rows = tuple(
        (
            crit_names.get(cid, cid),
            s["weight"],
            s["lo"],
            s["hi"],
            names.get(s["leader_below"], s["leader_below"]) if s["leader_below"] else NOBODY,
            names.get(s["leader_above"], s["leader_above"]) if s["leader_above"] else NOBODY,
        )
        for cid, s in stability.items()
    )
    exact = all(s.get("exact", True) for s in stability.values())
    return Table(
        title=(
            f"Stability of the lead: each weight moved on its own, the others keeping their "
            f"proportions. {who} stays first while the weight is between the two limits"
            + ("." if exact else " (found by a fine sweep, not exactly).")
        ),
        header=("criterion", "weight now", "from", "to", "leads below", "leads above"),
        kinds=("text", "pct", "pct", "pct", "text", "text"),
        rows=rows,
    )


def _ranked(cap_rob: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> list[Any]:
    """SMAA rows in the order of the ranking (input order for options it does not list)."""
    order = {o["option"]: i for i, o in enumerate(cap_rob.get("options", []))}
    return sorted(rows, key=lambda r: order.get(r["option"], len(order)))


def acceptability_table(cap_rob: Mapping[str, Any], names: Mapping[str, str]) -> Table | None:
    smaa = cap_rob.get("smaa")
    if not smaa or not smaa.get("options"):
        return None
    rows = tuple(
        (
            names.get(o["option"], o["option"]),
            o["rank_acceptability"][0],
            o["rank_acceptability_se"][0],
            o["holistic"],
            o["confidence"],
        )
        for o in _ranked(cap_rob, smaa["options"])
    )
    return Table(
        title=(
            f"Acceptability ({smaa['samples']:,} samples, seed {smaa['seed']}): how often each "
            "option comes first, +/- its Monte Carlo standard error; holistic acceptability "
            "(1 = always first, 0 = always last); confidence (how often it stays first under "
            "its own most favourable weights when only the figures vary)."
        ),
        header=("option", "first", "+/-", "holistic", "confidence"),
        kinds=("text", "pct", "pct", "pct", "pct"),
        rows=rows,
    )


def rank_table(cap_rob: Mapping[str, Any], names: Mapping[str, str]) -> Table | None:
    smaa = cap_rob.get("smaa")
    if not smaa or not smaa.get("options"):
        return None
    m = len(smaa["options"])
    rows = tuple(
        (names.get(o["option"], o["option"]), *o["rank_acceptability"])
        for o in _ranked(cap_rob, smaa["options"])
    )
    return Table(
        title="Rank acceptability: share of samples giving each option each rank.",
        header=("option", *[f"rank {r}" for r in range(1, m + 1)]),
        kinds=("text", *["pct"] * m),
        rows=rows,
    )


def agreement_tables(cap_rob: Mapping[str, Any], names: Mapping[str, str]) -> tuple[Table, ...]:
    agreement = cap_rob.get("agreement")
    if not agreement or not agreement.get("methods"):
        return ()
    methods = agreement["methods"]
    titles = [METHOD_TITLES.get(m, m) for m in methods]
    options = [o["option"] for o in cap_rob.get("options", [])] or list(
        agreement["ranks"][methods[0]]
    )
    ranks = Table(
        title="Rank given to each option by each method (1 = best; ties share a rank).",
        header=("option", *titles),
        kinds=("text", *["int"] * len(methods)),
        rows=tuple(
            (names.get(o, o), *[agreement["ranks"][m].get(o) for m in methods]) for o in options
        ),
    )
    tau = Table(
        title=(
            "Method agreement: Kendall's tau between the rankings (1 = same order, "
            "-1 = reversed; blank where a method ties every option)."
        ),
        header=("", *titles),
        kinds=("text", *["num"] * len(methods)),
        rows=tuple(
            (title, *row) for title, row in zip(titles, agreement["kendall_tau"], strict=True)
        ),
    )
    return ranks, tau


def rank_reversal_table(cap_rob: Mapping[str, Any]) -> Table | None:
    rr = cap_rob.get("rank_reversal")
    if not rr:
        return None
    return Table(
        title="Rank-reversal check (scikit-criteria RankInvariantChecker on the MAVT pipeline).",
        header=("result", "trials", "leader kept first", "mean rank lost"),
        kinds=("text", "int", "pct", "num"),
        rows=((rr["status"], rr["mutations"], rr["preserved"], rr["displacement"]),),
    )


# ---------------------------------------------------------------------------------------
# the section
# ---------------------------------------------------------------------------------------


def _shared_first(cap: CapabilityResult | None, text: str | None) -> str | None:
    """Say first when the ranking method puts several options first (VIKOR's compromise
    set, ELECTRE's kernel): the analysis that follows is of the first one listed, not of a
    lone leader."""
    first = [o.system for o in cap.ranking if o.rank == 1] if cap is not None else []
    if text is None or len(first) < 2:
        return text
    listed = ", ".join(first[:-1]) + f" and {first[-1]}"
    return (
        f"Rank 1 is shared by {listed}; what follows is about {first[0]}, the first listed. " + text
    )


def capability_text(
    cap_rob: Mapping[str, Any], cap: CapabilityResult | None = None
) -> CapabilityText:
    """Sentences and tables for one capability, from its robustness data."""
    names = _names(cap_rob, cap)
    crit_names = _crit_names(cap_rob, cap)
    sentences: list[str] = []
    acc = cap_rob.get("leader_acceptability")
    if acc is not None and not cap_rob.get("smaa"):
        sentences.append(
            f"Monte Carlo standard error of that share: {100 * acc['se']:.1f} percentage points."
        )
    for s in (close_call(cap_rob, names), agreement_sentence(cap_rob, names),
              rank_reversal_sentence(cap_rob, names)):  # fmt: skip
        if s:
            sentences.append(s)
    for entry in cap_rob.get("what_it_takes") or []:
        sentences.append(what_it_takes_sentence(entry, crit_names))
    tables = [
        stability_table(cap_rob, names, crit_names),
        acceptability_table(cap_rob, names),
        rank_table(cap_rob, names),
        *agreement_tables(cap_rob, names),
        rank_reversal_table(cap_rob),
    ]
    return CapabilityText(
        id=str(cap_rob.get("id") or (cap.id if cap else "")),
        name=str(cap_rob.get("name") or (cap.name if cap else "")),
        headline=_shared_first(cap, headline(cap_rob, names, crit_names)),
        sentences=tuple(sentences),
        tables=tuple(t for t in tables if t is not None),
        notes=tuple(cap_rob.get("notes") or ()),
    )


INTRO = (
    "A ranking uses one set of weights and the figures as stated. This section tests how "
    "far those can move before the leader changes: each weight on its own "
    "(stability), many weightings and figure draws at once (acceptability, SMAA-2)"
)
INTRO_FULL = (
    ", other ranking methods (agreement) and small changes to the rival options (rank reversal)"
)


def _intro(
    settings: Mapping[str, Any] | None, full: bool, crit_names: Mapping[str, str], method: str
) -> str:
    text = INTRO + (INTRO_FULL if full else "") + "."
    if settings:
        text += (
            f" Acceptability samples {settings['samples']:,} weightings (seed "
            f"{settings['seed']}): {sampling_words(settings, crit_names)}."
        )
        if method != "mavt":
            text += (
                " Acceptability (and the rank-reversal check) use the value-function model "
                f"(MAVT), on which SMAA-2 is defined, whatever the ranking method "
                f"({METHOD_TITLES.get(method, method)} here)."
            )
    return text


def robustness_text(
    result: ScenarioResult,
    robustness: Mapping[str, Any] | None,
    per_capability: Mapping[str, Mapping[str, Any]] | None = None,
) -> RobustnessText | None:
    """The robustness section of a report, or None when the bundle carries none.

    ``robustness`` is the full analysis (``RobustnessResult.to_dict()``); without it,
    ``per_capability`` (capability id -> ``stability`` and ``leader_acceptability``, as
    ``diversify score`` adds them) gives a shorter section.
    """
    caps: list[CapabilityText] = []
    by_id = {c.id: c for c in result.capabilities}
    crit_names = {c.id: c.name for cap in result.capabilities for c in cap.criteria}
    settings: Mapping[str, Any] | None = None
    if robustness is not None:
        settings = robustness.get("settings")
        for cap_rob in robustness.get("capabilities", []):
            caps.append(capability_text(cap_rob, by_id.get(cap_rob.get("id"))))
    elif per_capability:
        for cap in result.capabilities:
            data = per_capability.get(cap.id)
            if data is None:
                continue
            notes = [] if cap.ranking else ["every option was screened out: nothing to test"]
            cap_rob = {"id": cap.id, "name": cap.name, "notes": notes,
                       "leader": cap.leader.option if cap.leader else None, **data}  # fmt: skip
            caps.append(capability_text(cap_rob, cap))
            settings = settings or data.get("leader_acceptability")
    if not caps:
        return None
    intro = _intro(settings, robustness is not None, crit_names, result.method)
    return RobustnessText(intro=intro, capabilities=tuple(caps))


def table_text(table: Table) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """A table's header and rows as text cells (for Markdown, HTML and the terminal)."""
    rows = [tuple(cell(v, k) for v, k in zip(row, table.kinds, strict=True)) for row in table.rows]
    return table.header, rows


def align(table: Table) -> str:
    """Markdown alignment letters: numbers right, text left."""
    return "".join("l" if k == "text" else "r" for k in table.kinds)


__all__: Sequence[str] = [
    "CapabilityText",
    "RobustnessText",
    "Table",
    "capability_text",
    "cell",
    "headline",
    "robustness_text",
    "share_cell",
    "share_words",
    "switch_points",
    "table_text",
    "tightest",
]
