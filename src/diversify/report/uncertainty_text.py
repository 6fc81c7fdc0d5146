"""Words and tables for the programme under uncertainty: robust portfolio and stress tests.

Shared by the terminal table and the Markdown of ``diversify portfolio --robust`` and
``diversify stress``, and by the decision brief (HTML, Excel, the report's Markdown), so
they all say the same thing. Input is the plain data of the JSON documents (``robust``
section of ``diversify.portfolio/1``; ``diversify.stress/1``), never engine objects.

Every readable output names capabilities and options as a reader knows them: the
functions take a map (capability id and ``capability.option`` -> name) built by
:func:`doc_names`, :func:`result_names` or :func:`data_names`, falling back to the id
where it has none; only the JSON documents keep ids. Values under a shock are shares of
the recommended programme's nominal value, whether the programme is re-planned after the
loss (the shocks) or bought now and kept (the resilient portfolio), and every sentence
says which of the two it is about, so the two cannot be read as contradicting each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from diversify.report.programme_text import key_words
from diversify.report.robustness_text import Table, share_cell
from diversify.report.safety import md_cell, md_code


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def robust_sentences(
    robust: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> list[str]:
    """What a reader needs first: how often the recommendation holds, and its regret.

    ``names`` (capability id and ``capability.option`` -> name) names the core options;
    without it they are given by id.
    """
    if robust["status"] != "ok":
        return ["No portfolio meets the levers, so there is nothing to sample."]
    margin = f" within +/-{pct(robust['margin'])} of each weight" if robust["margin"] else ""
    out = [
        f"{robust['samples']:,} samples (seed {robust['seed']}) of the weights "
        f"({robust['weights']}{margin}) and of the figures ({robust['values']} over their "
        f"ranges); portfolio found by {robust['method']} in each.",
        f"The recommended portfolio is the best in {pct(robust['recommended_share'])} of the "
        f"samples; {robust['distinct_portfolios']} different portfolios are best at least once.",
        f"Committing to it loses {robust['expected_value_lost']:.4f} of programme value on "
        f"average (+/-{robust['expected_value_lost_se']:.4f}), {robust['worst_value_lost']:.4f} "
        "at worst, against choosing the best portfolio once the uncertainty resolves.",
    ]
    named = names or {}
    core = [
        f"{named.get(c['id'], c['id'])}: "
        + ", ".join(named.get(f"{c['id']}.{o}", o) for o in c["core"])
        for c in robust["capabilities"]
        if c["core"]
    ]
    if core:
        out.append("Core (chosen in every sample): " + "; ".join(core) + ".")
    return out


def top_portfolio_sentence(
    robust: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> str | None:
    """The whole portfolio best most often, told by where it differs from the recommended
    one (None when nothing was sampled)."""
    if robust["status"] != "ok" or not robust.get("portfolios"):
        return None
    top = robust["portfolios"][0]
    if top["recommended"]:
        return (
            "The portfolio chosen most often is the recommended one (best in "
            f"{pct(top['share'])} of the samples)."
        )
    rec = {c["id"]: c["recommended"] for c in robust["capabilities"]}
    return (
        f"The portfolio chosen most often (best in {pct(top['share'])} of the samples) "
        f"differs from the recommended one: {_difference(top['chosen'], rec, names or {})}."
    )


def robust_rows(
    robust: dict[str, Any], names: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """Per capability and option (by ``names``, else by id): how often it is in the best
    portfolio (its core index), the standard error, and its status. A share above 0 never
    shows as 0.0%: "borderline" next to "0.0%" would read as a contradiction."""
    named = names or {}
    header = ["capability", "option", "chosen in", "+/-", "status"]
    rows = []
    for cap in robust["capabilities"]:
        for opt, share in sorted(cap["selection"].items(), key=lambda kv: (-kv[1], kv[0])):
            status = _status(float(share))
            if opt == cap["recommended"]:
                status += ", recommended"
            rows.append([
                named.get(cap["id"], cap["id"]), named.get(f"{cap['id']}.{opt}", opt),
                share_cell(float(share)), pct(cap["selection_se"][opt]), status,
            ])  # fmt: skip
    return header, rows


def shock_name(shock: dict[str, Any]) -> str:
    who = key_words(shock["source"])
    if shock["kind"] == "lost":
        return f"{who} lost"
    if shock["kind"] == "delayed":
        return f"{who} {shock['size']:g} months late"
    return f"{who} {100 * shock['size']:g}% dearer"


def _bare(ref: str | None) -> str | None:
    return None if ref is None else ref.split(".", 1)[-1]


def swap_words(r: Mapping[str, Any], names: Mapping[str, str] | None = None) -> str:
    """One changed choice by ``names`` ("Trainers: T-7A Red Hawk → M-346 Master"), or by
    id without them ("trainers: t-7a → m-346")."""
    if names is None:
        return f"{r['capability']}: {_bare(r['before']) or '-'} → {_bare(r['after']) or 'none'}"
    before = names.get(r["before"], _bare(r["before"]) or "-") if r["before"] else "-"
    after = names.get(r["after"], _bare(r["after"]) or "none") if r["after"] else "none"
    return f"{names.get(r['capability'], r['capability'])}: {before} → {after}"


def stress_rows(
    doc: dict[str, Any], names: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    """One row per shock; capabilities and options by ``names`` (else by id). The value
    retained is the re-planned programme's share of the recommended programme's value."""
    named = names or {}
    header = ["shock", "options hit", "value retained", "uncovered", "what changes"]
    rows = []
    for s in doc["shocks"]:
        changes = "; ".join(swap_words(r, names) for r in s["replaced"])
        if s["status"] not in ("optimal", "feasible"):
            changes = f"no portfolio meets the levers ({s['status']})"
        rows.append([
            shock_name(s), str(len(s["hit"])), pct(s["value_retained"]),
            ", ".join(named.get(c, c) for c in s["uncovered"]) or "-", changes or "no change",
        ])  # fmt: skip
    return header, rows


def stress_sentences(doc: Mapping[str, Any], names: Mapping[str, str] | None = None) -> list[str]:
    """The worst loss of a source, with the programme re-planned after it (capabilities by
    ``names`` when given, else by id), and the sources whose loss changes nothing."""
    worst = worst_shock(doc)
    if worst is None:
        return []
    out = [f"Losing {key_words(worst['source'])} hurts most if the programme is re-planned "
           f"after the loss: it {kept_words(worst, names or {})}."]  # fmt: skip
    safe = [s["source"] for s in doc["shocks"] if s["kind"] == "lost" and not s["replaced"]]
    if safe:
        shown = ", ".join(key_words(k) for k in safe)
        out.append(f"Losing any of these changes no choice: {shown}.")
    return out


def kept_words(shock: Mapping[str, Any], names: Mapping[str, str]) -> str:
    """What the re-planned programme does under a shock, as a predicate: "keeps 85.0% of
    the recommended programme's value and leaves Trainers uncovered", or "can no longer
    meet the caps and budget"."""
    if shock["status"] not in ("optimal", "feasible"):
        return f"can no longer meet the caps and budget ({shock['status']})"
    uncovered = ", ".join(names.get(c, c) for c in shock["uncovered"])
    return f"keeps {pct(shock['value_retained'])} of the recommended programme's value" + (
        f" and leaves {uncovered} uncovered" if uncovered else ""
    )


def worst_shock(doc: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The loss of a source that keeps the least value (ties: the first source by name)."""
    lost = [s for s in doc["shocks"] if s["kind"] == "lost"]
    return min(lost, key=lambda s: (s["value_retained"], s["source"])) if lost else None


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, every cell made safe (text from input files is untrusted)."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def robust_markdown(
    robust: dict[str, Any], level: str = "##", names: Mapping[str, str] | None = None
) -> list[str]:
    """The robust portfolio section of ``diversify portfolio --robust --format md``."""
    lines = ["", f"{level} How sure is the portfolio?", ""]
    said = [*robust_sentences(robust, names), top_portfolio_sentence(robust, names)]
    lines += [f"- {md_cell(s)}" for s in said if s]
    if robust["status"] == "ok":
        lines += ["", "How often each option is in the best portfolio (its core index):", ""]
        lines += markdown_table(*robust_rows(robust, names))
    return lines


def stress_markdown(doc: dict[str, Any], names: Mapping[str, str] | None = None) -> str:
    """``diversify stress --format md``: the shocks table and the worst cases in words,
    capabilities and options by ``names`` (else by id)."""
    lines = [f"# {md_cell(doc['scenario'])}: supply shocks", ""]
    lines += [
        f"Nominal programme value {doc['base']['value']:.3f} ({md_cell(doc['base']['status'])});"
        " each shock re-plans the portfolio under the same levers, and its value retained is "
        "the share of the recommended programme's value it keeps.",
        "",
    ]
    lines += [f"- {md_cell(s)}" for s in stress_sentences(doc, names)]
    lines += ["", *markdown_table(*stress_rows(doc, names))]
    if "resilient" in doc:
        lines += ["", "## The portfolio that best survives losing one source", ""]
        lines += [f"- {md_cell(s)}" for s in resilient_sentences(doc["resilient"], names)]
    lines += ["", "## Inputs", "", "Files read (SHA-256):", ""]
    lines += [f"- {md_code(p)} {md_code(h)}" for p, h in doc.get("inputs", {}).items()]
    return "\n".join(lines) + "\n"


def _of_nominal(value: float, res: Mapping[str, Any]) -> str:
    """A programme value as a share of the recommended programme's nominal value."""
    nominal = float(res["recommended_value"])
    return pct(float(value) / nominal) if nominal > 0 else "n/a"


def resilient_sentences(
    res: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> list[str]:
    """The resilient portfolio against the recommended one, in words (capabilities and
    options by ``names`` when given, else by id).

    Both are bought now and kept when a source is lost (not re-planned, unlike the
    shocks), and every value is a share of the recommended programme's nominal value, the
    unit of the shocks' value retained."""
    if res["status"] not in ("optimal", "feasible"):
        return ["No portfolio meets the levers."]
    worst = res["objective"] == "worst"
    what = "the best worst case" if worst else "the best average over the losses"
    keeps = (
        "whichever one source is lost, it keeps at least"
        if worst else "averaged over the loss of each source in turn, it keeps"
    )  # fmt: skip
    out = []
    if not res["replaced"]:
        out.append(
            "Bought now and not re-planned, the recommended portfolio is already the one that "
            f"best survives losing any one source ({what}): {keeps} "
            f"{_of_nominal(res['shocked_value'], res)} of its value."
        )
    else:
        swaps = "; ".join(swap_words(r, names) for r in res["replaced"])
        out.append(
            "Bought now and not re-planned, the portfolio that best survives losing any one "
            f"source ({what}) differs from the recommended one: {swaps}."
        )
        out.append(
            f"{keeps[0].upper()}{keeps[1:]} {_of_nominal(res['shocked_value'], res)} of the "
            "recommended programme's value, against "
            f"{_of_nominal(res['recommended_shocked_value'], res)} for the recommended "
            f"portfolio; with nothing lost it is worth {_of_nominal(res['value'], res)} of it "
            f"({res['value']:.3f} against {float(res['recommended_value']):.3f})."
        )
    if worst and res["recommended_worst_source"]:
        rec, mine = res["recommended_worst_source"], res["worst_source"]
        if rec == mine or not res["replaced"]:
            out.append(f"Bought and not re-planned, it suffers most if {key_words(rec)} is lost.")
        else:
            out.append(
                "Bought and not re-planned, the recommended portfolio suffers most if "
                f"{key_words(rec)} is lost (it then keeps "
                f"{_of_nominal(res['recommended_shocked_value'], res)} of its value); the "
                f"resilient one if {key_words(mine)} is."
            )
    return out


def delivery_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """The chosen options' delivery profile (``deliveries`` of the portfolio document), by
    the names the document gives."""
    if not doc.get("deliveries"):
        return None
    names = doc_names(doc)
    header = ["capability", "option", "first unit", "last unit", "per year", "need by", "on time"]
    rows = []
    for d in doc["deliveries"]:
        on_time = {True: "yes", False: "no", None: "-"}[d["on_time"]]
        ref = f"{d['capability']}.{d['option']}"
        rows.append([
            names.get(d["capability"], d["capability"]), names.get(ref, d["option"]),
            d["first"] or "unknown", d["last"] or "-",
            "-" if d["per_year"] is None else f"{d['per_year']:g}", d["need_by"] or "-", on_time,
        ])  # fmt: skip
    return header, rows


# ---------------------------------------------------------------------------------------
# the documents (shared by the command line and the terminal UI's export)
# ---------------------------------------------------------------------------------------

STRESS_SCHEMA = "diversify.stress/1"


def stress_document(
    data: Any, result: Any, weights_origin: str, resilient: Any | None = None
) -> dict[str, Any]:
    """The ``diversify.stress/1`` document: settings, the nominal plan, every shock, the
    worst in words, the resilient alternative (when asked for) and the files read.

    ``data`` is the scenario (its ``name`` and ``inputs``), ``result`` the engine's
    :class:`~diversify.engine.stress.StressResult` and ``resilient`` its
    :class:`~diversify.engine.stress.Resilient`.
    """
    from diversify import __version__

    body = result.to_dict()
    doc: dict[str, Any] = {
        "schema": STRESS_SCHEMA,
        "version": __version__,
        "scenario": data.name,
        "weights_origin": weights_origin,
        "settings": body["settings"],
        "base": body["base"],
        "shocks": body["shocks"],
    }
    doc["summary"] = stress_sentences(doc, data_names(data))
    if resilient is not None:
        doc["resilient"] = resilient.to_dict()
    doc["inputs"] = dict(data.inputs)
    return doc


def with_robust(doc: Mapping[str, Any], robust: Mapping[str, Any]) -> dict[str, Any]:
    """The portfolio document with its ``robust`` section after ``frontier``."""
    out: dict[str, Any] = {}
    for key, value in doc.items():
        out[key] = value
        if key == "frontier":
            out["robust"] = dict(robust)
    return out


def risk_documents(
    data: Any, portfolio: Mapping[str, Any], risk: Any, weights_origin: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report's portfolio document with its ``robust`` key, and its stress document,
    from :func:`diversify.engine.programme_risk.programme_risk`'s result.

    When the robust portfolio could not be sampled, the reason joins the portfolio's
    warnings, so every readable report says why the section is missing.
    """
    if risk.robust is not None:
        doc = with_robust(portfolio, risk.robust.to_dict())
    else:
        doc = dict(portfolio)
        doc["warnings"] = [
            *doc.get("warnings", []),
            f"The robust portfolio was not sampled: {risk.robust_skipped}.",
        ]
    return doc, stress_document(data, risk.stress, weights_origin, risk.resilient)


# ---------------------------------------------------------------------------------------
# names a reader knows
# ---------------------------------------------------------------------------------------


def result_names(result: Any) -> dict[str, str]:
    """Capability id and ``capability.option`` -> name, from a scoring result (ranked and
    screened-out options alike)."""
    out: dict[str, str] = {}
    for cap in result.capabilities:
        out[cap.id] = cap.name
        for o in (*cap.ranking, *cap.screened_out):
            out[f"{cap.id}.{o.option}"] = o.system
    return out


def data_names(data: Any) -> dict[str, str]:
    """Capability id and ``capability.option`` -> name, from a loaded scenario."""
    out: dict[str, str] = {}
    for cap in data.capabilities:
        out[cap.id] = cap.name
        for o in cap.options:
            out[f"{cap.id}.{o.id}"] = o.system
    return out


def doc_names(doc: Mapping[str, Any] | None) -> dict[str, str]:
    """Capability id and ``capability.option`` -> name, from a portfolio document."""
    if not doc:
        return {}
    out = {c["id"]: c["name"] for c in doc.get("capabilities", [])}
    for o in (*doc.get("candidates", []), *doc.get("excluded", [])):
        out[o["id"]] = o["system"]
    return out


def brief_names(result: Any, portfolio: Mapping[str, Any] | None) -> dict[str, str]:
    """The names the brief uses: the scoring result's, then the portfolio document's."""
    return {**result_names(result), **doc_names(portfolio)}


def _blocs(doc: Mapping[str, Any]) -> dict[str, str]:
    return {o["id"]: o["bloc"] for o in (*doc.get("candidates", []), *doc.get("excluded", []))}


# ---------------------------------------------------------------------------------------
# the robust portfolio in the brief
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CoreBar:
    """One option's core index: the share of sampled worlds in which it is in the best
    portfolio."""

    capability: str
    """The capability's name."""
    option: str
    """The option's name."""
    bloc: str
    share: float
    se: float
    status: str
    """``core`` (in every sample), ``exterior`` (in none) or ``borderline``."""
    recommended: bool
    """The recommended (nominal) portfolio chooses it."""


@dataclass(frozen=True)
class RobustView:
    """The robust portfolio section of the brief, ready to render."""

    status: str
    samples: int
    seed: int
    sentences: tuple[str, ...]
    bars: tuple[CoreBar, ...]
    """Every option, by capability (in the programme's order), most often chosen first."""
    chosen: tuple[CoreBar, ...]
    """The recommended option of each covered capability."""
    table: Table | None
    portfolios: Table | None
    """The whole portfolios most often best, each told by how it differs from the
    recommended one."""


def _status(share: float) -> str:
    return "core" if share >= 1.0 else "exterior" if share <= 0.0 else "borderline"


def _difference(chosen: Mapping[str, str], rec: Mapping[str, str | None],
                names: Mapping[str, str]) -> str:  # fmt: skip
    """A whole portfolio told by where it differs from the recommended one."""
    parts = []
    for cap, opt in chosen.items():
        if rec.get(cap) != opt:
            was = rec.get(cap)
            text = f"{names.get(cap, cap)}: {names.get(f'{cap}.{opt}', opt)}"
            if was is not None:
                text += f" (not {names.get(f'{cap}.{was}', was)})"
            parts.append(text)
    return "; ".join(parts) or "the recommended portfolio"


def robust_view(doc: Mapping[str, Any] | None) -> RobustView | None:
    """The ``robust`` section of a portfolio document for the brief (None without one)."""
    if not doc or not doc.get("robust"):
        return None
    robust = doc["robust"]
    names = doc_names(doc)
    blocs = _blocs(doc)
    sentences = robust_sentences(robust, names)
    if robust["status"] != "ok":
        return RobustView(robust["status"], robust["samples"], robust["seed"],
                          tuple(sentences), (), (), None, None)  # fmt: skip
    bars: list[CoreBar] = []
    for cap in robust["capabilities"]:
        order = sorted(cap["selection"].items(), key=lambda kv: (-kv[1], kv[0]))
        for opt, share in order:
            ref = f"{cap['id']}.{opt}"
            bars.append(CoreBar(
                capability=names.get(cap["id"], cap["id"]), option=names.get(ref, opt),
                bloc=blocs.get(ref, ""), share=float(share),
                se=float(cap["selection_se"][opt]), status=_status(float(share)),
                recommended=opt == cap["recommended"],
            ))  # fmt: skip
    rec = {c["id"]: c["recommended"] for c in robust["capabilities"]}
    top = top_portfolio_sentence(robust, names)
    if top is not None:
        sentences.append(top)
    table = Table(
        "How often each option is in the best portfolio (its core index)",
        ("capability", "option", "bloc", "in the best portfolio", "standard error", "status"),
        ("text", "text", "text", "share", "pct", "text"),
        tuple((b.capability, b.option, b.bloc, b.share, b.se,
               b.status + (", recommended" if b.recommended else "")) for b in bars),
    )  # fmt: skip
    portfolios = Table(
        f"The whole portfolios most often best ({robust['distinct_portfolios']:,} are best "
        "in at least one sample)",
        ("portfolio", "best in", "standard error"),
        ("text", "pct", "pct"),
        tuple((_difference(p["chosen"], rec, names), p["share"], p["se"])
              for p in robust["portfolios"]),
    )  # fmt: skip
    return RobustView(
        status=robust["status"],
        samples=int(robust["samples"]),
        seed=int(robust["seed"]),
        sentences=tuple(sentences),
        bars=tuple(bars),
        chosen=tuple(b for b in bars if b.recommended),
        table=table,
        portfolios=portfolios,
    )


SURE = 0.95
"""A choice in the best portfolio at least this often is counted as sure in the brief's
sentence (the others are named, least sure first)."""


def robust_summary(view: RobustView) -> str:
    """The brief's one sentence: how often the whole portfolio is best, its least sure
    choices with their core index, and how many choices are sure (the chart has each).

    The brief also shows each leader's first-rank acceptability ("ranks first
    (SMAA)"), a close but different figure from another sampling: the sentence says which
    one it gives, so that 47.8% here and 47.5% there are not read as one figure."""
    from diversify.report.robustness_text import share_words

    if view.status != "ok" or not view.chosen:
        return "How sure is the programme: no portfolio meets the levers, so nothing was sampled."
    text = (
        f"How sure is the programme ({view.samples:,} sampled weightings and figures, seed "
        f"{view.seed}): the recommended portfolio as a whole is best in "
        f"{share_words(recommended_share(view))} of them"
    )
    unsure = sorted((b for b in view.chosen if b.share < SURE), key=lambda b: (b.share, b.option))
    sure = len(view.chosen) - len(unsure)
    if unsure:
        shown = [f"{b.option} ({share_words(b.share)}" for b in unsure[:3]]
        shown[0] += " of samples"
        text += "; the choices least often part of the best whole portfolio are " + _and(
            [f"{x})" for x in shown]
        )
    if sure:
        every = "all" if sure == len(view.chosen) else f"{sure} of its {len(view.chosen)}"
        verb = "is" if sure == 1 and every != "all" else "are"
        text += f"; {every} choices {verb} in it in at least {share_words(SURE)}"
    return text + (
        ". These shares are core indices (how often a choice is part of the best whole "
        "portfolio), not how often it ranks first in its own capability (SMAA)."
        if unsure
        else "."
    )


def recommended_share(view: RobustView) -> float:
    """How often the recommended portfolio as a whole is the best (0 when never)."""
    rows = view.portfolios.rows if view.portfolios is not None else ()
    return next((float(r[1]) for r in rows if r[0] == "the recommended portfolio"), 0.0)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# ---------------------------------------------------------------------------------------
# supply shocks in the brief
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LostBar:
    """One source lost: what the re-planned programme keeps."""

    source: str
    """The source as a reader says it ("the US", "Germany (DE)")."""
    bloc: str
    retained: float
    uncovered: tuple[str, ...]
    """The capabilities left with no option, by name."""


@dataclass(frozen=True)
class StressView:
    """The supply-shock section of the brief, ready to render."""

    settings: str
    base: str
    sentences: tuple[str, ...]
    table: Table
    lost: tuple[LostBar, ...]
    """Every source lost, the worst first."""
    resilient: tuple[str, ...]
    """The resilient alternative in words (empty without one)."""
    resilient_table: Table | None
    """Where the resilient portfolio differs from the recommended one."""


STRESS_HEADER = ("shock", "options hit", "value retained", "value lost", "caps and budget",
                 "uncovered", "what the re-planned programme changes")  # fmt: skip
STRESS_KINDS = ("text", "int", "pct", "num", "text", "text", "text")


def _levers(shock: Mapping[str, Any]) -> str:
    if shock["status"] in ("optimal", "feasible"):
        return "met"
    why = f": {shock['explanation']}" if shock.get("explanation") else ""
    return f"not met ({shock['status']}){why}"


def stress_cells(shock: Mapping[str, Any], base_value: float,
                 names: Mapping[str, str]) -> tuple[Any, ...]:  # fmt: skip
    """One shock as a row of :data:`STRESS_HEADER` (numbers as numbers)."""
    value = shock["value"]
    # 12 significant digits, as every figure of the documents (stable bytes)
    lost = float(f"{base_value if value is None else max(0.0, base_value - float(value)):.12g}")
    if shock["status"] not in ("optimal", "feasible"):
        changes = "no portfolio meets the levers"
    else:
        changes = "; ".join(swap_words(r, names) for r in shock["replaced"]) or "no change"
    return (
        shock_name(shock), len(shock["hit"]), float(shock["value_retained"]), lost,
        _levers(shock), ", ".join(names.get(c, c) for c in shock["uncovered"]) or "none",
        changes,
    )  # fmt: skip


def stress_view(doc: Mapping[str, Any], names: Mapping[str, str]) -> StressView:
    """A ``diversify.stress/1`` document for the brief, capabilities and options named by
    ``names`` (capability id and ``capability.option`` -> name; ids where it has none)."""
    from diversify.model.countries import bloc_of
    from diversify.report.portfolio_text import BLOC_ORDER

    base = doc["base"]
    base_value = float(base["value"])
    st = doc["settings"]
    delay = (
        f"delayed: delivery {st['delay_months']:g} months later (criterion "
        f"{st['delivery_criterion']})"
        if st.get("delivery_criterion") else "no delivery criterion, so no delay shock"
    )  # fmt: skip
    settings = (
        f"lost: every option with any content from the source removed; {delay}; dearer: unit "
        f"cost {100 * st['dearer']:g}% higher; delay and cost scale with the source's share "
        "of each option's content"
    )
    chosen = "; ".join(
        f"{names.get(cap, cap)}: {names.get(ref, ref)}" for cap, ref in base["chosen"].items()
    )
    base_words = f"Nominal programme value {base_value:.3f} ({base['status']}): {chosen}."
    rows = tuple(stress_cells(s, base_value, names) for s in doc["shocks"])
    lost = sorted(
        (s for s in doc["shocks"] if s["kind"] == "lost"),
        key=lambda s: (s["value_retained"], s["source"]),
    )
    bars = tuple(
        LostBar(
            key_words(s["source"]),
            s["source"] if s["source"] in BLOC_ORDER else bloc_of(s["source"]),
            float(s["value_retained"]),
            tuple(names.get(c, c) for c in s["uncovered"]),
        )
        for s in lost
    )
    res = doc.get("resilient")
    res_table = None
    if res and res["status"] in ("optimal", "feasible") and res["replaced"]:
        res_table = Table(
            "Where the most resilient portfolio differs from the recommended one",
            ("capability", "recommended", "most resilient"),
            ("text", "text", "text"),
            tuple((names.get(r["capability"], r["capability"]),
                   names.get(r["before"], r["before"] or "none") if r["before"] else "none",
                   names.get(r["after"], r["after"] or "none") if r["after"] else "none")
                  for r in res["replaced"]),
        )  # fmt: skip
    return StressView(
        settings=settings,
        base=base_words,
        sentences=tuple(stress_sentences(doc, names)),
        table=Table(
            "Each shock and the programme re-planned under the same levers",
            STRESS_HEADER,
            STRESS_KINDS,
            rows,
        ),
        lost=bars,
        resilient=tuple(resilient_sentences(res, names)) if res else (),
        resilient_table=res_table,
    )


def stress_summary(doc: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    """The brief's sentences: the worst loss of a source (re-planned), and the portfolio
    that best survives losing any one source when bought now (not re-planned)."""
    worst = worst_shock(doc)
    if worst is None:
        return []
    out = [
        "If one supplier source is lost and the programme re-planned, losing "
        f"{key_words(worst['source'])} hurts most: it {kept_words(worst, names)}."
    ]
    res = doc.get("resilient")
    if not (res and res["objective"] == "worst"):
        return out
    if res["status"] not in ("optimal", "feasible") or res["recommended_value"] <= 0:
        return out
    kept = _of_nominal(res["shocked_value"], res)
    if not res["replaced"]:
        out.append(
            "Bought now and not re-planned, the recommended portfolio is also the one that "
            f"best survives losing any one source: it keeps at least {kept} of its value."
        )
        return out
    ins = _and([names.get(r["after"], r["after"]) for r in res["replaced"] if r["after"]])
    out.append(
        "Bought now and not re-planned, the portfolio that best survives losing any one "
        f"source takes {ins} instead: whichever source is lost it keeps at least {kept} of "
        f"the recommended programme's value, against "
        f"{_of_nominal(res['recommended_shocked_value'], res)} for the recommended one, and "
        f"it gives up {pct(1 - res['value'] / res['recommended_value'])} of value when nothing "
        "is lost."
    )
    return out
