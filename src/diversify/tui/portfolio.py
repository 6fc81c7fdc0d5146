"""The programme portfolio in the terminal UI: a panel on the overview screen.

One analysis for the hook (:mod:`diversify.tui.analysis`), registered by
:func:`diversify.tui.app.make_app` only when the scenario has a ``portfolio:`` section
(without one there are no levers, so nothing to show): after the weights settle, a
worker calls :func:`diversify.engine.programme.plan` with the weights on screen, the
preparation the app already made, each constraint priced (``value_costs=True``, one
more solve per constraint, milliseconds each, so "binding" means what ``diversify
portfolio`` means: no room left, or lifting it alone would gain value) and a time limit
of :data:`TIME_LIMIT` seconds per solve, so the panel answers while the room is still
talking. The panel shows the chosen option
per capability with its bloc, each bloc's share of spend as a bar with its cap marked,
the concentration (HHI), the binding constraints and the value lost against the best
portfolio without constraints (a cap changed with the overview's cap keys, which
:meth:`diversify.tui.caps.CapsMixin.edit_cap` keeps for the session only, is marked
``(edited)`` and replaces the file's in the plan); for an infeasible portfolio, the solver's plain-English
explanation and the least change that fixes each conflict.

Nothing here solves or words: the engine plans, :mod:`diversify.report.portfolio_text`
picks the figures and sentences every report uses, this module only lays them out. The
``run`` function imports the engine lazily (scipy's MILP solver), inside the worker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from diversify.text import printable
from diversify.tui.analysis import Analysis, AnalysisInput, Rendered
from diversify.tui.format import MUTED, WARN, bloc_text, clip

__all__ = [
    "PORTFOLIO_ID",
    "TIME_LIMIT",
    "BlocShare",
    "ChosenLine",
    "PortfolioBody",
    "PortfolioView",
    "default_analyses",
    "portfolio_analysis",
    "render_portfolio",
    "run_portfolio",
    "share_bar",
    "share_lines",
]

PORTFOLIO_ID = "portfolio"
TIME_LIMIT = 2.0
"""Seconds each solve may take in the UI; ``diversify portfolio`` has no limit, so a
figure shown after the limit struck is marked as not proven best."""


@dataclass(frozen=True)
class ChosenLine:
    """One capability's chosen option."""

    capability: str
    system: str
    bloc: str
    spend: float | None


@dataclass(frozen=True)
class BlocShare:
    """One bloc's share of spend (0..1) and its cap (None when uncapped)."""

    bloc: str
    share: float
    cap: float | None
    binding: bool
    edited: bool = False
    """The cap was changed on the overview (this session only), not the file's."""


@dataclass(frozen=True)
class PortfolioView:
    """What the portfolio panel shows (plain data, made in the worker)."""

    status: str
    """The engine's status: ``optimal``, ``feasible``, ``infeasible`` or ``unknown``."""
    chosen: tuple[ChosenLine, ...]
    shares: tuple[BlocShare, ...]
    """Every bloc, in the reports' order (empty when there is no portfolio)."""
    hhi_bloc: float | None
    binding: tuple[str, ...]
    """Labels of the constraints with no room left."""
    value_lost: str | None
    explanation: str | None
    """Why no portfolio exists (infeasible only), then each conflict's fix."""
    value: float | None
    spend: float | None
    currency: str
    settings: str


def run_portfolio(inp: AnalysisInput) -> PortfolioView:
    """Plan the portfolio for the weights on screen (worker thread)."""
    from diversify.engine.programme import plan
    from diversify.report.portfolio_text import portfolio_text
    from diversify.report.programme_text import portfolio_document

    result = plan(
        inp.scenario,
        weights=dict(inp.points),
        prepared=inp.prepared,
        value_costs=True,
        time_limit=TIME_LIMIT,
        caps=inp.caps,
    )
    doc = portfolio_document(result)
    text = portfolio_text(doc, short=True)
    assert text is not None
    res = doc["result"]
    cands = {c["id"]: c for c in doc.get("candidates", [])}
    chosen = tuple(
        ChosenLine(
            cap_id,
            printable(str(cands.get(opt_id, {}).get("system", opt_id))),
            str(cands.get(opt_id, {}).get("bloc", "")),
            cands.get(opt_id, {}).get("spend"),
        )
        for cap_id, opt_id in (res.get("chosen") or {}).items()
    )
    reports = res.get("constraints") or []
    # Binding as `diversify portfolio` says it (report.portfolio_text): no room left, or
    # lifting it alone would gain value (a cap that steers the choice with room to spare).
    binds = [c for c in reports if c.get("tight") or c.get("value_cost")]
    binding_keys = {c["key"] for c in binds if c["kind"] == "bloc_cap"}
    spec = inp.scenario.portfolio
    file_caps = spec.caps if spec is not None else {}
    edited = {k for k, v in (inp.caps or {}).items() if file_caps.get(k) != v}
    shares = tuple(
        BlocShare(b.bloc, b.share, b.cap, b.bloc in binding_keys, b.bloc in edited)
        for b in text.bars
    )
    explanation = None
    expl = res.get("explanation")
    if expl:
        lines = [str(expl.get("summary", ""))]
        lines += [
            f"{c['label']}: {c.get('fix') or 'changing it alone is not enough'}"
            for c in expl.get("conflicts", [])
        ]
        explanation = "\n".join(printable(ln) for ln in lines if ln)
    return PortfolioView(
        status=str(res["status"]),
        chosen=chosen,
        shares=shares,
        hhi_bloc=res.get("hhi_bloc"),
        binding=tuple(printable(c["label"]) for c in binds),
        value_lost=printable(text.value_lost) if text.value_lost else text.value_lost,
        explanation=explanation,
        value=res.get("value"),
        spend=res.get("spend"),
        currency=str(doc.get("currency", "")),
        settings=printable(text.settings),
    )


def share_bar(share: float, cap: float | None, width: int) -> Text:
    """A share 0..1 as a bar ``width`` cells wide, the cap marked ``│`` where it falls.

    Whole cells (not eighths) so the cap mark lands on a cell of its own: the filled part
    up to the share, dots after, the mark at ``round(cap * width)`` (over the fill when
    the share reaches the cap, in the warning colour).
    """
    if width <= 0:
        return Text("")
    n = max(0, min(width, round(share * width)))
    out = Text("█" * n + "·" * (width - n))
    out.stylize(MUTED, n, width)
    if cap is not None:
        at = max(0, min(width - 1, round(cap * width)))
        over = share >= cap - 1e-9
        out = out[:at] + Text("│", style=WARN if over else "bold") + out[at + 1 :]
    return out


def share_lines(shares: Sequence[BlocShare], width: int) -> list[Text]:
    """One line per bloc, ``width`` cells: its share of spend as a bar with the cap marked
    (:func:`share_bar`), the share, the cap (in the warning colour when it binds) and
    ``(edited)`` for a cap changed in this session. The portfolio panel and the programme
    strip on large screens both draw these."""
    digits = 1 if width >= 30 else 0
    has_cap = any(s.cap is not None for s in shares)
    has_edit = any(s.edited for s in shares)
    bar_width = max(
        width - 4 - (6 + 2 * digits) - (5 if has_cap else 0) - (9 if has_edit else 0), 3
    )
    lines = []
    for s in shares:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append_text(bloc_text(s.bloc, short=True))
        line.append(" " * (4 - len(bloc_text(s.bloc, short=True).plain)))
        line.append_text(share_bar(s.share, s.cap, bar_width))
        line.append(f" {100 * s.share:{4 + 2 * digits}.{digits}f}%")
        if s.cap is not None:
            line.append(f" ≤{100 * s.cap:.0f}%", style=WARN if s.binding else MUTED)
        if s.edited:
            line.append(" (edited)", style=WARN)
        lines.append(line)
    return lines


class PortfolioBody:
    """The panel's body; lays itself out for the width and rows it is given.

    Left, the chosen option per capability (id, system, bloc); right, one bar per bloc
    with its share and cap. Under them the HHI, the binding constraints and the value
    lost, as long as rows remain. For an infeasible portfolio, the explanation instead.
    """

    def __init__(self, view: PortfolioView) -> None:
        self.view = view

    def _bars(self, width: int) -> list[Text]:
        return share_lines(self.view.shares, width)

    def _chosen(self, width: int) -> list[Text]:
        cap_w = max((len(c.capability) for c in self.view.chosen), default=0)
        cap_w = min(cap_w, max(width // 3, 6))
        lines = []
        for c in self.view.chosen:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(clip(c.capability, cap_w).ljust(cap_w) + " ", style=MUTED)
            sys_w = max(width - cap_w - 5, 1)
            line.append(clip(c.system, sys_w).ljust(sys_w) + " ")
            line.append_text(bloc_text(c.bloc, short=True))
            lines.append(line)
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        view = self.view
        width = options.max_width
        height = options.height
        if view.explanation is not None or not view.shares:
            words = view.explanation or "No portfolio: " + view.status + "."
            out = Text("No portfolio meets every constraint.\n", style=WARN)
            out.append(words)
            yield out
            return
        extra: list[Text] = []
        if view.hhi_bloc is not None:
            extra.append(Text(f"HHI by bloc {view.hhi_bloc:.3f} (1 = all to one bloc)"))
        if view.binding:
            extra.append(Text("Binding: " + "; ".join(view.binding), style=WARN))
        else:
            extra.append(Text("No constraint binds.", style=MUTED))
        if view.status == "feasible":
            extra.append(Text("Time limit struck: best found, not proven best.", style=MUTED))
        lost = [Text(view.value_lost, style=MUTED)] if view.value_lost else []
        left_w = min(max(width * 2 // 5, 20), width)
        right_w = width - left_w - 2
        blocks: list[list[Text]]
        if right_w >= 16:  # two columns: choices beside the bars
            left, right = self._chosen(left_w), self._bars(right_w)
            side: list[Text] = []
            for k in range(max(len(left), len(right))):
                line = Text(no_wrap=True, overflow="ellipsis")
                a = left[k] if k < len(left) else Text("")
                a.truncate(left_w, pad=True)
                line.append_text(a)
                line.append("  ")
                line.append_text(right[k] if k < len(right) else Text(""))
                side.append(line)
            blocks = [side, *([t] for t in extra), lost]
        else:  # one narrow column: the bars first, the choices after the figures
            blocks = [self._bars(width), *([t] for t in extra), self._chosen(width), lost]
        rows: list[Text] = []
        for block in blocks:
            lines = [ln for t in block for ln in t.wrap(console, width)]
            if height is not None and len(rows) + len(lines) > height:
                rows.extend(lines[: max(height - len(rows), 0)])
                break
            rows.extend(lines)
        yield Text("\n", no_wrap=True, overflow="ellipsis").join(rows)


def subtitle(view: PortfolioView) -> str:
    """The panel's subtitle: programme value and spend."""
    if view.value is None or view.spend is None:
        return view.status
    return f"value {view.value:.3f} · spend {view.spend:,.0f} {view.currency} m"


def render_portfolio(view: PortfolioView) -> Rendered:
    return Rendered(PortfolioBody(view), subtitle(view))


def portfolio_analysis() -> Analysis:
    """The portfolio panel on the overview screen, re-planned once the weights settle."""
    return Analysis(
        id=PORTFOLIO_ID,
        title="Portfolio: one option per capability",
        run=run_portfolio,
        render=render_portfolio,
        screen="overview",
        place="bottom",
        delay=0.5,
        help=(
            "Portfolio (overview): the best programme under the scenario's portfolio levers "
            "for the current weights, one option per capability; each bloc's share of spend "
            "with its cap marked │, the concentration (HHI), the constraints with no room "
            "left and the value they cost. Each solve stops after two seconds. `.` / `,` "
            "raise / lower the selected bloc's cap by 5 points, `b` picks the bloc (US "
            "first); an edited cap is marked (edited) and is never saved to the file."
        ),
    )


def default_analyses(portfolio: object | None) -> tuple[Analysis, ...]:
    """The portfolio panel and the programme under uncertainty
    (:mod:`diversify.tui.uncertainty`) when the scenario has a ``portfolio:`` section,
    else nothing: without one there are no levers to plan with."""
    if portfolio is None:
        return ()
    from diversify.tui.uncertainty import uncertainty_analysis

    return (portfolio_analysis(), uncertainty_analysis())
