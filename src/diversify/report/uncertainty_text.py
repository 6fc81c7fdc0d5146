"""Words and tables for the programme under uncertainty: robust portfolio and stress tests.

Shared by the terminal table and the Markdown of ``diversify portfolio --robust`` and
``diversify stress``, so both say the same thing. Input is the plain data of the JSON
documents (``robust`` section; ``diversify.stress/1``), never engine objects.
"""

from __future__ import annotations

from typing import Any

from diversify.report.programme_text import key_words
from diversify.report.safety import md_cell, md_code


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.1f}%"


def robust_sentences(robust: dict[str, Any]) -> list[str]:
    """What a reader needs first: how often the recommendation holds, and its regret."""
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
    core = [f"{c['id']}: {', '.join(c['core'])}" for c in robust["capabilities"] if c["core"]]
    if core:
        out.append("Core (chosen in every sample): " + "; ".join(core) + ".")
    return out


def robust_rows(robust: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Per capability and option: selection share, its standard error, and its status."""
    header = ["capability", "option", "chosen in", "+/-", "status"]
    rows = []
    for cap in robust["capabilities"]:
        for opt, share in sorted(cap["selection"].items(), key=lambda kv: (-kv[1], kv[0])):
            status = "core" if share == 1 else "exterior" if share == 0 else "borderline"
            if opt == cap["recommended"]:
                status += ", recommended"
            rows.append([cap["id"], opt, pct(share), pct(cap["selection_se"][opt]), status])
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


def stress_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    header = ["shock", "options hit", "value retained", "uncovered", "what changes"]
    rows = []
    for s in doc["shocks"]:
        changes = "; ".join(
            f"{r['capability']}: {_bare(r['before']) or '-'} → {_bare(r['after']) or 'none'}"
            for r in s["replaced"]
        )
        if s["status"] not in ("optimal", "feasible"):
            changes = f"no portfolio meets the levers ({s['status']})"
        rows.append([
            shock_name(s), str(len(s["hit"])), pct(s["value_retained"]),
            ", ".join(s["uncovered"]) or "-", changes or "no change",
        ])  # fmt: skip
    return header, rows


def stress_sentences(doc: dict[str, Any]) -> list[str]:
    """The worst shocks, in words."""
    lost = [s for s in doc["shocks"] if s["kind"] == "lost"]
    if not lost:
        return []
    worst = min(lost, key=lambda s: (s["value_retained"], s["source"]))
    out = [
        f"Losing {key_words(worst['source'])} hurts most: the programme keeps "
        f"{pct(worst['value_retained'])} of its value"
        + (f" and leaves {', '.join(worst['uncovered'])} uncovered." if worst["uncovered"]
           else ".")
    ]  # fmt: skip
    safe = [s["source"] for s in lost if not s["replaced"]]
    if safe:
        out.append("Losing any of these changes no choice: " + ", ".join(safe) + ".")
    return out


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, every cell made safe (text from input files is untrusted)."""
    lines = ["| " + " | ".join(md_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def robust_markdown(robust: dict[str, Any], level: str = "##") -> list[str]:
    """The robust portfolio section of ``diversify portfolio --robust --format md``."""
    lines = ["", f"{level} How sure is the portfolio?", ""]
    lines += [f"- {md_cell(s)}" for s in robust_sentences(robust)]
    if robust["status"] == "ok":
        lines += ["", "How often each option is chosen (its core index):", ""]
        lines += markdown_table(*robust_rows(robust))
    return lines


def stress_markdown(doc: dict[str, Any]) -> str:
    """``diversify stress --format md``: the shocks table and the worst cases in words."""
    lines = [f"# {md_cell(doc['scenario'])}: supply shocks", ""]
    lines += [f"- {md_cell(s)}" for s in stress_sentences(doc)]
    lines += ["", *markdown_table(*stress_rows(doc))]
    if "resilient" in doc:
        lines += ["", "## The portfolio that best survives losing one source", ""]
        lines += [f"- {md_cell(s)}" for s in resilient_sentences(doc["resilient"])]
    lines += ["", "## Inputs", "", "Files read (SHA-256):", ""]
    lines += [f"- {md_code(p)} {md_code(h)}" for p, h in doc.get("inputs", {}).items()]
    return "\n".join(lines) + "\n"


def resilient_sentences(res: dict[str, Any]) -> list[str]:
    """The resilient portfolio against the recommended one, in words."""
    if res["status"] not in ("optimal", "feasible"):
        return ["No portfolio meets the levers."]
    what = "worst case" if res["objective"] == "worst" else "average over the shocks"
    out = []
    if not res["replaced"]:
        out.append(
            f"The recommended portfolio is already the most resilient (best {what} when any "
            f"one source is lost after the choice): {res['shocked_value']:.4f}."
        )
    else:
        swaps = "; ".join(
            f"{r['capability']}: {_bare(r['before']) or '-'} → {_bare(r['after']) or 'none'}"
            for r in res["replaced"]
        )
        out.append(
            f"Most resilient ({what} when any one source is lost after the choice): {swaps}."
        )
        out.append(
            f"Its {what} is {res['shocked_value']:.4f} against {res['recommended_shocked_value']:.4f} "
            f"for the recommended portfolio, for a nominal value of {res['value']:.4f} against "
            f"{res['recommended_value']:.4f}."
        )
    if res["objective"] == "worst" and res["recommended_worst_source"]:
        rec, mine = res["recommended_worst_source"], res["worst_source"]
        if rec == mine or not res["replaced"]:
            out.append(f"Losing {key_words(rec)} hurts it most.")
        else:
            out.append(
                f"The recommended portfolio suffers most if {key_words(rec)} is lost; the "
                f"resilient one if {key_words(mine)} is."
            )
    return out


def delivery_rows(doc: dict[str, Any]) -> tuple[list[str], list[list[str]]] | None:
    """The chosen options' delivery profile (``deliveries`` of the portfolio document)."""
    if not doc.get("deliveries"):
        return None
    header = ["capability", "option", "first unit", "last unit", "per year", "need by", "on time"]
    rows = []
    for d in doc["deliveries"]:
        on_time = {True: "yes", False: "no", None: "-"}[d["on_time"]]
        rows.append([
            d["capability"], d["option"], d["first"] or "unknown", d["last"] or "-",
            "-" if d["per_year"] is None else f"{d['per_year']:g}", d["need_by"] or "-", on_time,
        ])  # fmt: skip
    return header, rows
