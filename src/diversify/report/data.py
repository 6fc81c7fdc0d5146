"""The plain, ordered data behind every export (JSON contract and CSV rows).

The JSON output of ``diversify score`` is a documented, stable contract
(docs/json-contract.md): key order is fixed here, floats are rounded once in the engine,
and nothing time-dependent is included, so the same inputs give byte-identical files.
"""

from __future__ import annotations

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
    }


def capability_dict(cap: CapabilityResult) -> dict[str, Any]:
    return {
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
    }


def result_dict(result: ScenarioResult, sections: dict[str, Any] | None = None) -> dict[str, Any]:
    """The whole run as ordered plain data (the JSON contract)."""
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
        "currency": result.currency,
        "rates": dict(result.rates),
        "rates_source": result.rates_source,
        "seed": result.seed,
        "inputs": dict(result.inputs),
        "warnings": list(result.warnings),
        "capabilities": [capability_dict(c) for c in result.capabilities],
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
