"""The plain, ordered data behind every export (JSON contract and CSV rows).

The JSON output of ``diversify score`` is a documented, stable contract
(docs/json-contract.md): key order is fixed here, floats are rounded once in the engine,
and nothing time-dependent is included, so the same inputs give byte-identical files.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diversify.engine.results import CapabilityResult, RankedOption, ScenarioResult

SCHEMA = "diversify.score/1"


def option_dict(opt: RankedOption) -> dict[str, Any]:
    return {
        "option": opt.option,
        "system": opt.system,
        "supplier": opt.supplier,
        "country": opt.country,
        "bloc": opt.bloc,
        "rank": opt.rank,
        "score": opt.score,
        "unit_cost": opt.unit_cost,
        "values": dict(opt.values),
        "raw": dict(opt.raw),
        "contributions": dict(opt.contributions) if opt.contributions is not None else None,
        "extras": dict(opt.extras),
        "missing": list(opt.missing),
        "cost_basis": opt.cost_basis,
        "unknown": list(opt.unknown),
        "local_content": opt.local_content,
    }


def capability_dict(
    cap: CapabilityResult, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """One capability as ordered plain data; ``extra`` keys follow the fixed ones."""
    out = {
        "id": cap.id,
        "name": cap.name,
        "quantity": cap.quantity,
        "budget": cap.budget,
        "weights": dict(cap.weights),
        "criteria": [
            {
                "id": c.id,
                "name": c.name,
                "unit": c.unit,
                "direction": c.direction,
                "value_function": c.kind,
                "scale": list(c.scale) if c.scale is not None else None,
            }
            for c in cap.criteria
        ],
        "higher_is_better": cap.higher_is_better,
        "ranking": [option_dict(o) for o in cap.ranking],
        "screened_out": [
            {
                "option": s.option,
                "system": s.system,
                "supplier": s.supplier,
                "country": s.country,
                "bloc": s.bloc,
                "criterion": s.criterion,
                "reason": s.reason,
            }
            for s in cap.screened_out
        ],
        "warnings": list(cap.warnings),
        "method_details": dict(cap.method_details),
        "elicitation": dict(cap.elicitation) if cap.elicitation is not None else None,
    }
    for key, value in (extra or {}).items():
        if key in out:
            raise ValueError(f"capability key `{key}` already exists; extra keys must be new")
        out[key] = value
    return out


def result_dict(
    result: ScenarioResult,
    sections: dict[str, Any] | None = None,
    per_capability: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The whole run as ordered plain data (the JSON contract).

    ``per_capability`` (capability id -> keys) adds keys to each capability's entry, e.g.
    ``stability`` and ``leader_acceptability`` from the robustness analysis.
    """
    extra = per_capability or {}
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "version": result.version,
        "scenario": result.scenario,
        "method": result.method,
        "method_params": dict(result.method_params),
        "weights": dict(result.weights),
        "weights_points": dict(result.weights_points),
        "weights_origin": result.weights_origin,
        "elicitation": dict(result.elicitation) if result.elicitation else None,
        "pairwise_levels": {cid: dict(v) for cid, v in result.pairwise_levels.items()},
        "currency": result.currency,
        "rates": dict(result.rates),
        "rates_source": result.rates_source,
        "seed": result.seed,
        "inputs": dict(result.inputs),
        "warnings": list(result.warnings),
        "evidence": {bloc: dict(row) for bloc, row in result.evidence.items()},
        "capabilities": [capability_dict(c, extra.get(c.id)) for c in result.capabilities],
    }
    for key, value in (sections or {}).items():
        out[key] = value
    return out


def csv_rows(result: ScenarioResult) -> tuple[list[str], list[list[Any]]]:
    """One row per option (ranked or screened out), criteria as value/contribution columns."""
    crit_ids: list[str] = []
    for cap in result.capabilities:
        for c in cap.criteria:
            if c.id not in crit_ids:
                crit_ids.append(c.id)
    header = [
        "capability", "status", "rank", "option", "system", "supplier", "country", "bloc",
        "score", f"unit_cost_{result.currency}_m", "reason",
        *[f"raw_{c}" for c in crit_ids], *[f"value_{c}" for c in crit_ids],
        *[f"contribution_{c}" for c in crit_ids],
    ]  # fmt: skip
    rows: list[list[Any]] = []
    for cap in result.capabilities:
        for o in cap.ranking:
            contrib = o.contributions or {}
            rows.append(
                [cap.id, "ranked", o.rank, o.option, o.system, o.supplier, o.country, o.bloc,
                 o.score, o.unit_cost, "",
                 *[o.raw.get(c, "") for c in crit_ids], *[o.values.get(c, "") for c in crit_ids],
                 *[contrib.get(c, "") for c in crit_ids]]
            )  # fmt: skip
        for s in cap.screened_out:
            rows.append(
                [cap.id, "screened_out", "", s.option, s.system, s.supplier, s.country, s.bloc,
                 "", "", s.reason, *[""] * (3 * len(crit_ids))]
            )  # fmt: skip
    return header, rows


ROBUSTNESS_CSV_HEADER = ["capability", "section", "subject", "against", "measure", "value", "se"]


def robustness_csv_rows(robustness: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The robustness analysis (``RobustnessResult.to_dict()``) as one long, tidy table.

    One row per number: ``section`` is stability, switch_point, acceptability,
    what_it_takes, agreement or rank_reversal; ``subject`` the criterion, option or method
    the number is about; ``against`` what it is measured against (the leader, a rank, a
    criterion, another method); ``se`` the Monte Carlo standard error where there is one.
    """
    rows: list[list[Any]] = []
    for cap in robustness.get("capabilities", []):
        cid = cap["id"]

        def add(section: str, subject: Any, against: Any, measure: str, value: Any,
                se: Any = None, cid: str = cid) -> None:  # fmt: skip
            if isinstance(value, bool):
                value = "true" if value else "false"
            rows.append([cid, section, subject, against, measure, value, se])

        leader = cap.get("leader")
        for crit, s in (cap.get("stability") or {}).items():
            for key in ("weight", "lo", "hi", "leader_below", "leader_above", "exact"):
                add("stability", crit, leader, key, s[key])
            for sp in s.get("switch_points", []):
                add("switch_point", crit, f"{sp['gains']} passes {sp['loses']}", "weight",
                    sp["weight"])  # fmt: skip
        smaa = cap.get("smaa") or {}
        for o in smaa.get("options", []):
            for r, (b, se) in enumerate(
                zip(o["rank_acceptability"], o["rank_acceptability_se"], strict=True), start=1
            ):
                add("acceptability", o["option"], f"rank {r}", "rank_acceptability", b, se)
            add("acceptability", o["option"], "", "holistic", o["holistic"], o["holistic_se"])
            add("acceptability", o["option"], "", "confidence", o["confidence"],
                o["confidence_se"])  # fmt: skip
            for crit, w in (o["central_weights"] or {}).items():
                add("acceptability", o["option"], crit, "central_weight", w)
        for w in cap.get("what_it_takes") or []:
            add("what_it_takes", w["option"], "", "achievable", w["achievable"])
            add("what_it_takes", w["option"], "", "distance", w["distance"])
            for crit, d in (w["changes"] or {}).items():
                add("what_it_takes", w["option"], crit, "weight_change", d)
            if w["reason"]:
                add("what_it_takes", w["option"], "", "reason", w["reason"])
        agreement = cap.get("agreement") or {}
        methods = agreement.get("methods", [])
        for m in methods:
            for option, rank in agreement["ranks"][m].items():
                add("agreement", m, option, "rank", rank)
        for m, row in zip(methods, agreement.get("kendall_tau", []), strict=True):
            for other, tau in zip(methods, row, strict=True):
                add("agreement", m, other, "kendall_tau", tau)
        for m, reason in (agreement.get("skipped") or {}).items():
            add("agreement", m, "", "skipped", reason)
        rr = cap.get("rank_reversal")
        if rr:
            for key in ("status", "mutations", "preserved", "displacement", "reason"):
                if rr[key] is not None:
                    add("rank_reversal", rr["method"], leader, key, rr[key])
            for c in rr["lead_changes"]:
                add("rank_reversal", rr["method"], c["worsened"], f"lead_to_{c['new_leader']}",
                    c["count"])  # fmt: skip
    return list(ROBUSTNESS_CSV_HEADER), rows
