"""The portfolio section in words and tables, for every report and the terminal.

The numbers come from the engine as plain data: the ``diversify.portfolio/1`` document
(:func:`diversify.report.programme_text.portfolio_document`: the engine's
:meth:`~diversify.engine.programme.ProgrammeResult.to_dict` plus the plan's summary
sentences), which is what a :class:`~diversify.report.bundle.ReportBundle` carries as
``portfolio``. This module only turns that document into sentences, tables and bar
lengths of plain (unescaped) text and numbers, once, so the Markdown, HTML and Excel
reports and ``diversify portfolio`` say the same thing; each renderer escapes and formats
cells for its own syntax.

Tables use the column kinds of :mod:`diversify.report.robustness_text` (``text``, ``pct``,
``num``, ``int``) plus ``money`` (millions of the reporting currency, one decimal, with
thousands separators).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from diversify.report.robustness_text import Table
from diversify.report.robustness_text import cell as _cell

BLOC_ORDER = ("US", "Europe", "ROK", "Canada", "Other")

STATUS_WORDS = {
    "optimal": "optimal (proven best under every constraint)",
    "feasible": "feasible (meets every constraint; a time limit stopped the proof of best)",
    "infeasible": "infeasible (no portfolio meets every constraint; see why below)",
    "unknown": "unknown (the time limit struck before any portfolio was found)",
}


@dataclass(frozen=True)
class ShareBar:
    """One bloc's share of spend, with its cap (None when uncapped)."""

    bloc: str
    spend: float
    share: float
    cap: float | None


@dataclass(frozen=True)
class PortfolioText:
    """The portfolio section, ready to render."""

    title: str
    objective: str
    """What is maximised (always MAVT value, whatever the ranking method)."""
    status: str
    sentences: tuple[str, ...]
    """The plan's summary lines (what is maximised, what the levers cost, the frontier)."""
    chosen: Table | None
    bars: tuple[ShareBar, ...]
    """Spend share by bloc, every bloc in order (empty when there is no portfolio)."""
    shares: Table | None
    countries: Table | None
    hhi: str | None
    constraints: Table | None
    value_lost: str | None
    conflicts: Table | None
    frontier: Table | None
    excluded: tuple[str, ...]
    """Capabilities left out (no option left) and options left out, each with the reason."""
    settings: str
    over_envelope: tuple[str, ...] = ()
    """A sentence per chosen option whose spend exceeds its capability's budget envelope
    (empty when no envelopes were given, or none is exceeded)."""


def cell(value: Any, kind: str) -> str:
    """A table cell as text: the robustness kinds, plus ``money`` (millions, one decimal)."""
    if kind == "money":
        return "" if value is None else f"{float(value):,.1f}"
    return _cell(value, kind)


def table_text(table: Table) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """A table's header and rows as text cells (for Markdown, HTML and the terminal)."""
    rows = [tuple(cell(v, k) for v, k in zip(row, table.kinds, strict=True)) for row in table.rows]
    return table.header, rows


def short_name(name: str) -> str:
    """A name without its trailing parenthesis, for a narrow table: "K239 Chunmoo (Homar-K
    in Poland)" -> "K239 Chunmoo"; a name that is all parenthesis stays whole."""
    head, sep, _ = name.partition(" (")
    return head if sep and head.strip() and name.endswith(")") else name


def bar(share: float, width: int = 20) -> str:
    """A share 0..1 as a text bar of ``width`` characters (full blocks, then dots)."""
    n = max(0, min(width, round(share * width)))
    return "█" * n + "·" * (width - n)


def _names(doc: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, Mapping[str, Any]]]:
    caps = {c["id"]: c["name"] for c in doc.get("capabilities", [])}
    cands = {c["id"]: c for c in doc.get("candidates", [])}
    return caps, cands


def _settings(doc: Mapping[str, Any]) -> str:
    s = doc.get("settings") or {}
    cur = doc.get("currency", "")
    parts = []
    if s.get("budget") is not None:
        parts.append(f"budget {s['budget']:,.1f} {cur} m")
    caps = s.get("caps") or {}
    if caps:
        parts.append("caps " + ", ".join(f"{k} {100 * v:.1f}%" for k, v in caps.items()))
    if s.get("min_canadian_content") is not None:
        parts.append(f"Canadian content at least {100 * s['min_canadian_content']:.1f}%")
    if s.get("min_blocs") is not None:
        parts.append(f"at least {s['min_blocs']} blocs")
    if s.get("force_in"):
        parts.append("forced in " + ", ".join(s["force_in"]))
    if s.get("force_out"):
        parts.append("forced out " + ", ".join(s["force_out"]))
    importance = s.get("importance") or {}
    if len(set(importance.values())) > 1:
        parts.append("importance " + ", ".join(f"{k} {v:g}" for k, v in importance.items()))
    else:
        parts.append("every capability counts the same")
    text = "; ".join(parts)
    overridden = s.get("overridden") or []
    if overridden:
        text += f" ({' and '.join(overridden)} set for this run, not from the scenario)"
    return text


def portfolio_text(
    doc: Mapping[str, Any] | None,
    *,
    short: bool = False,
    envelopes: Mapping[str, float | None] | None = None,
) -> PortfolioText | None:
    """The portfolio section of a report, or None when the bundle carries no portfolio.

    ``short`` (for an 80-column terminal) shortens option names (:func:`short_name`) and
    leaves the supplier out of the chosen-options table. ``envelopes`` (capability id ->
    budget envelope, from the scenario) flags each chosen option that spends more than its
    capability's envelope, as the brief does.
    """
    if not doc:
        return None
    res = doc["result"]
    cur = doc.get("currency", "")
    names, cands = _names(doc)
    settings = doc.get("settings") or {}
    caps = settings.get("caps") or {}
    chosen_map: Mapping[str, str] = res.get("chosen") or {}
    free_map: Mapping[str, str] = res.get("unconstrained_chosen") or {}

    importance = {k: float(v) for k, v in (settings.get("importance") or {}).items()}
    weighted = any(v != 1.0 for v in importance.values())
    chosen = None
    if chosen_map:
        rows = []
        for cap_id, opt_id in chosen_map.items():
            c = cands.get(opt_id, {})
            free = free_map.get(cap_id)
            same = "same" if free == opt_id else cands.get(free, {}).get("system", free or "")
            value = c.get("value")
            if value is not None:
                value = importance.get(cap_id, 1.0) * float(value)
            if short:
                if free != opt_id:
                    same = short_name(str(cands.get(free, {}).get("system", free or "")))
                rows.append((names.get(cap_id, cap_id), short_name(str(c.get("system", opt_id))),
                             c.get("bloc", ""), value, c.get("spend"), same))  # fmt: skip
            else:
                rows.append(
                    (names.get(cap_id, cap_id), c.get("system", opt_id), c.get("supplier", ""),
                     c.get("bloc", ""), value, c.get("spend"), same)
                )  # fmt: skip
        what = "importance x MAVT score" if weighted else "MAVT score 0..1"
        title = f"Chosen option per capability (value: {what} under the current weights)"
        if short:
            rows.append(("total", "", "", res.get("value"), res.get("spend"), ""))
            chosen = Table(
                title,
                ("capability", "chosen", "bloc", "value", f"spend {cur} m", "unconstrained"),
                ("text", "text", "text", "num", "money", "text"),
                tuple(rows),
            )
        else:
            rows.append(("total", "", "", "", res.get("value"), res.get("spend"), ""))
            chosen = Table(
                title,
                ("capability", "chosen", "supplier", "bloc", "value", f"spend {cur} m",
                 "best without constraints"),
                ("text", "text", "text", "text", "num", "money", "text"),
                tuple(rows),
            )  # fmt: skip

    bars: tuple[ShareBar, ...] = ()
    shares = countries = None
    hhi = None
    share_by_bloc = res.get("share_by_bloc") or {}
    if share_by_bloc:
        spend_by_bloc = res.get("spend_by_bloc") or {}
        bars = tuple(
            ShareBar(b, float(spend_by_bloc.get(b, 0.0)), float(share_by_bloc.get(b, 0.0)),
                     caps.get(b))
            for b in BLOC_ORDER
            if b in share_by_bloc
        )  # fmt: skip
        shares = Table(
            "Spend by bloc",
            ("bloc", f"spend {cur} m", "share", "", "cap"),
            ("text", "money", "pct", "text", "pct"),
            tuple((b.bloc, b.spend, b.share, bar(b.share), b.cap) for b in bars),
        )
        share_by_country = res.get("share_by_country") or {}
        spend_by_country = res.get("spend_by_country") or {}
        countries = Table(
            "Spend by country (content shares counted)",
            ("country", f"spend {cur} m", "share", "cap"),
            ("text", "money", "pct", "pct"),
            tuple(
                (k, spend_by_country.get(k), v, None if k in BLOC_ORDER else caps.get(k))
                for k, v in share_by_country.items()
            ),
        )
        hhi = (
            f"Concentration of spend (Herfindahl-Hirschman index, 0..1, 1 = all to one): "
            f"{res['hhi_bloc']:.3f} by bloc, {res['hhi_country']:.3f} by country "
            f"({res['hhi_bloc'] * 10000:,.0f} and {res['hhi_country'] * 10000:,.0f} on the "
            "antitrust 0..10,000 scale)."
        )

    constraints = None
    reports = res.get("constraints") or []
    if reports:
        rows = []
        for c in reports:
            kind = c["kind"]
            unit = "money" if kind == "budget" else ("int" if kind == "min_blocs" else "pct")
            limit, actual, slack = c.get("limit"), c.get("actual"), c.get("slack")
            shown = [_show(limit, unit), _show(actual, unit), _show(slack, unit)]
            if kind in ("force_in", "force_out"):
                shown = ["", "", ""]
            binding = "yes" if c.get("tight") or c.get("value_cost") else "no"
            rows.append((c["label"], *shown, binding, c.get("value_cost")))
        constraints = Table(
            "Constraints at the chosen portfolio (slack: room left; value if lifted: what "
            "lifting that constraint alone would gain)",
            ("constraint", "limit", "actual", "slack", "binding", "value if lifted"),
            ("text", "text", "text", "text", "text", "num"),
            tuple(rows),
        )

    value_lost = None
    if res.get("value_lost") is not None:
        free = float(res.get("unconstrained_value") or 0.0)
        lost = float(res["value_lost"])
        rel = f", {100 * lost / free:.1f}%" if free > 0 else ""
        if lost > 0.0005:
            value_lost = (
                f"Value lost against the best portfolio without constraints: {lost:.3f}{rel} "
                f"({res['value']:.3f} instead of {free:.3f})."
            )
        else:
            value_lost = (
                "Value lost against the best portfolio without constraints: none "
                f"(both are worth {free:.3f})."
            )

    conflicts = None
    explanation = res.get("explanation")
    if explanation and explanation.get("conflicts"):
        rows = []
        for c in explanation["conflicts"]:
            unit = "money" if c["kind"] == "budget" else (
                "int" if c["kind"] == "min_blocs" else "pct")  # fmt: skip
            # Rounded the feasible way: a cap or budget up, a floor down (as `fix` is).
            up = c["kind"] in ("bloc_cap", "country_cap", "budget")
            rows.append(
                (c["label"], _show(c.get("limit"), unit),
                 _show(c.get("suggestion"), unit, up=up),
                 c.get("fix") or "changing it alone is not enough")
            )  # fmt: skip
        conflicts = Table(
            "Why no portfolio exists: constraints that cannot all be met",
            ("constraint", "limit", "least feasible", "fix"),
            ("text", "text", "text", "text"),
            tuple(rows),
        )

    frontier = _frontier_table(doc, names, cands, short)
    over = _over_envelope(chosen_map, names, cands, envelopes or {}, cur)
    excluded = tuple(
        f"{names.get(u['capability'], u['capability'])}: {u['reason']}"
        for u in res.get("uncovered") or []
    ) + tuple(
        f"{names.get(e['capability'], e['capability'])}: {e['system']} ({e['supplier']}, "
        f"{e['bloc']}) — {e['reason']}"
        for e in doc.get("excluded", [])
    )
    return PortfolioText(
        title="Portfolio: one option per capability",
        objective=str(doc.get("objective", "")),
        status=STATUS_WORDS.get(res["status"], res["status"]),
        sentences=tuple(doc.get("summary", [])),
        chosen=chosen,
        bars=bars,
        shares=shares,
        countries=countries,
        hhi=hhi,
        constraints=constraints,
        value_lost=value_lost,
        conflicts=conflicts,
        frontier=frontier,
        excluded=excluded,
        settings=_settings(doc),
        over_envelope=over,
    )


def _over_envelope(
    chosen: Mapping[str, str],
    names: Mapping[str, str],
    cands: Mapping[str, Mapping[str, Any]],
    envelopes: Mapping[str, float | None],
    currency: str,
) -> tuple[str, ...]:
    """ "Counter-UAS systems: Stryker IM-SHORAD spends 195.6 CAD m, 12.3% over the 174.3
    CAD m envelope." per chosen option above its capability's envelope (the brief's words:
    spend is unit cost x quantity, as the brief's programme cost)."""
    from diversify.words import money, pct

    out = []
    for cap_id, opt_id in chosen.items():
        envelope = envelopes.get(cap_id)
        spend = cands.get(opt_id, {}).get("spend")
        if envelope is None or envelope <= 0 or spend is None:
            continue
        if float(spend) > envelope * (1 + 1e-9):
            system = cands.get(opt_id, {}).get("system", opt_id)
            out.append(
                f"{names.get(cap_id, cap_id)}: {system} spends {money(float(spend), currency)}, "
                f"{pct(float(spend) / envelope - 1)} over the {money(envelope, currency)} "
                "envelope."
            )
    return tuple(out)


def _show(value: Any, unit: str, *, up: bool | None = None) -> str:
    """A limit in its unit; ``up`` rounds the last decimal up (True) or down (False)."""
    if value is None:
        return ""
    if unit == "int":
        return f"{float(value):g}"
    x = float(value) * (10 if unit == "money" else 1000)  # in tenths of the shown unit
    if up is not None:
        x = math.ceil(x - 1e-9) if up else math.floor(x + 1e-9)
    if unit == "money":
        return f"{x / 10:,.1f}"
    return f"{x / 10:.1f}%"


def _frontier_table(
    doc: Mapping[str, Any],
    names: Mapping[str, str],
    cands: Mapping[str, Mapping[str, Any]],
    short: bool = False,
) -> Table | None:
    front = doc.get("frontier")
    if not front:
        return None
    key = front["key"]
    rows = []
    before: Mapping[str, str] | None = None
    for p in front["points"]:
        if before is None:
            changes = f"best with {key} uncapped"
        else:
            changes = _changes(before, p["chosen"], names, cands, short)
        rows.append(
            (p["cap"], p["share"], p["value"], p["value_lost"], p["spend"], p["hhi_bloc"], changes)
        )
        before = p["chosen"]
    cur = doc.get("currency", "")
    return Table(
        f"Price of diversification: best value as the cap on {key} tightens",
        (f"{key} cap", f"{key} share", "value", "lost", f"spend {cur} m", "HHI bloc",
         "changes from the row above"),
        ("pct", "pct", "num", "num", "money", "num", "text"),
        tuple(rows),
    )  # fmt: skip


def _changes(
    before: Mapping[str, str],
    after: Mapping[str, str],
    names: Mapping[str, str],
    cands: Mapping[str, Mapping[str, Any]],
    short: bool = False,
) -> str:
    out = []
    for cap, new in after.items():
        old = before.get(cap)
        if old != new:
            if short:
                system = short_name(str(cands.get(new, {}).get("system", new)))
                out.append(f"{names.get(cap, cap)} → {system}")
            else:
                out.append(f"{names.get(cap, cap)} → {cands.get(new, {}).get('system', new)}")
    return "; ".join(out)


def portfolio_csv_rows(doc: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The portfolio document as one long, tidy table (``diversify portfolio -f csv``).

    One row per number or label: ``section`` is total, candidate, bloc, country,
    constraint, conflict, excluded or frontier; ``subject`` what the row is about (a
    capability, a bloc, a constraint, a frontier step); ``against`` the option or the
    capped key when there is one; ``measure`` the quantity; ``value`` its value.
    """
    rows: list[list[Any]] = []
    res = doc["result"]

    def add(section: str, subject: Any, against: Any, measure: str, value: Any) -> None:
        if isinstance(value, bool):
            value = "true" if value else "false"
        rows.append([section, subject, against, measure, value])

    for key in ("status", "value", "spend", "unconstrained_value", "value_lost", "hhi_country",
                "hhi_bloc"):  # fmt: skip
        add("total", "", "", key, res.get(key))
    chosen = set((res.get("chosen") or {}).values())
    free = set((res.get("unconstrained_chosen") or {}).values())
    for c in doc.get("candidates", []):
        for key in ("value", "unit_cost", "quantity", "spend"):
            add("candidate", c["capability"], c["id"], key, c[key])
        add("candidate", c["capability"], c["id"], "chosen", c["id"] in chosen)
        add("candidate", c["capability"], c["id"], "unconstrained_best", c["id"] in free)
    for b, spend in (res.get("spend_by_bloc") or {}).items():
        add("bloc", b, "", "spend", spend)
        add("bloc", b, "", "share", res["share_by_bloc"][b])
    for k, spend in (res.get("spend_by_country") or {}).items():
        add("country", k, "", "spend", spend)
        add("country", k, "", "share", res["share_by_country"][k])
    for c in res.get("constraints") or []:
        for key in ("limit", "actual", "slack", "tight", "value_cost"):
            if c.get(key) is not None:
                add("constraint", c["label"], c["key"], key, c[key])
    for c in (res.get("explanation") or {}).get("conflicts", []):
        for key in ("limit", "suggestion", "fix"):
            if c.get(key) is not None:
                add("conflict", c["label"], c["key"], key, c[key])
    for e in doc.get("excluded", []):
        add("excluded", e["capability"], e["id"], "reason", e["reason"])
    front = doc.get("frontier")
    if front:
        for i, p in enumerate(front["points"], start=1):
            for key in ("cap", "share", "value", "value_lost", "spend", "hhi_country",
                        "hhi_bloc", "proven"):  # fmt: skip
                add("frontier", i, front["key"], key, p[key])
            for cap, opt in p["chosen"].items():
                add("frontier", i, front["key"], f"chosen {cap}", opt)
    return ["section", "subject", "against", "measure", "value"], rows


def align(table: Table) -> str:
    """Markdown alignment letters: numbers right, text left (limits are right too)."""
    numeric = {"limit", "actual", "slack", "least feasible"}
    return "".join(
        "r" if k != "text" or h in numeric else "l"
        for h, k in zip(table.header, table.kinds, strict=True)
    )


__all__: Sequence[str] = [
    "PortfolioText",
    "ShareBar",
    "align",
    "bar",
    "cell",
    "portfolio_csv_rows",
    "portfolio_text",
    "short_name",
    "table_text",
]
