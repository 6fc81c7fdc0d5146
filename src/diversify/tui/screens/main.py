"""The main screen: capabilities, the selected capability's ranking, weights, and why.

Layout (80 x 24 and up; wider terminals get more columns, not more clutter)::

    status line: scenario · profile · method · total · unsaved
    ┌ Capabilities ┐┌ Ranking of the selected capability ────────────────┐
    │ ▶ Tanks  ROK ││  #  Δ  System  Supplier  Bloc  Score  bar          │
    └──────────────┘└────────────────────────────────────────────────────┘
    ┌ Weights ───────────────────┐┌ Why the highlighted option ranks so ┐
    │ ▶ Cost   20  20%  12–50%   ││ criterion  gains ▇ loses ░  gets  vs │
    └────────────────────────────┘│                                     │
    ┌ Robustness (side panels) ──┐│                                     │
    │ 1 K2   95.1% ±0.2 ███████  ││                                     │
    └────────────────────────────┘└─────────────────────────────────────┘
    (full-width analysis panels, when registered: a portfolio view)
    footer: keys
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer

from diversify.tui.format import safe_text
from diversify.tui.screens.base import FILE_KEYS, HELP, UNDO_KEYS, WEIGHT_KEYS, WorkScreen
from diversify.tui.widgets import (
    AnalysisPanel,
    CapabilityList,
    CapabilityRow,
    ContributionsPanel,
    ContributionsView,
    RankingTable,
    RankingView,
    Spend,
    StatusLine,
    TooSmall,
    WeightsPanel,
    show,
)
from diversify.tui.widgets.leaders import BlocSummary, LeadersView
from diversify.tui.widgets.walking import WalkingChart, WalkingView

if TYPE_CHECKING:
    from diversify.engine.results import CapabilityResult
    from diversify.tui.analysis import AnalysisStatus

TALL = 40
"""Rows from which the layout sizes panels to content and shows sources."""

LARGE = (160, 50)
"""Columns and rows from which the walking weights show beside the ranking."""


class MainScreen(WorkScreen, inherit_bindings=False):
    """Live weighting of every capability, one capability in detail."""

    BINDINGS: ClassVar[list[BindingType]] = [
        HELP,
        WEIGHT_KEYS[0],
        WEIGHT_KEYS[1],
        WEIGHT_KEYS[2],
        WEIGHT_KEYS[3],
        WEIGHT_KEYS[4],
        WEIGHT_KEYS[5],
        Binding(
            "tab,right_square_bracket",
            "capability(1)",
            "capability",
            key_display="tab",
            id="capability-next",
        ),
        Binding(
            "shift+tab,left_square_bracket",
            "capability(-1)",
            "previous capability",
            show=False,
            id="capability-previous",
        ),
        Binding("o,pagedown", "option(1)", "next option", show=False, id="option-next"),
        Binding("pageup", "option(-1)", "previous option", show=False, id="option-previous"),
        Binding("v", "overview", "overview", id="overview"),
        Binding("w", "walking", "walking", id="walking"),
        *WEIGHT_KEYS[6:],
        *UNDO_KEYS,
        *FILE_KEYS,
    ]

    capability_index: int = 0
    highlighted: str | None = None
    """The option whose contributions are shown; None follows the leader."""

    def compose(self) -> ComposeResult:
        yield StatusLine()
        with Vertical(id="body"):
            with Horizontal(id="top"):
                yield CapabilityList(id="capabilities")
                yield RankingTable(id="ranking")
                yield WalkingChart(id="walking-side")  # large screens: beside the ranking
            panels = [a for a in self.dapp.analyses if a.screen == "main" and a.render]
            side = [a for a in panels if a.place == "side"]
            bottom = [a for a in panels if a.place == "bottom"]
            with Horizontal(id="bottom", classes="-side" if side else ""):
                with Vertical(id="bottom-left"):
                    yield WeightsPanel(id="weights")
                    with Vertical(id="side-analyses", classes="-empty" if not side else ""):
                        for a in side:
                            yield AnalysisPanel(a.title, id=f"analysis-{a.id}")
                    blocs = BlocSummary(id="blocs")
                    blocs.border_title = "Capabilities led, by bloc"
                    yield blocs
                with Vertical(id="explain"):
                    yield ContributionsPanel(id="contributions")
                    yield WalkingChart(id="walking")
            with Horizontal(id="analyses", classes="-empty" if not bottom else ""):
                for a in bottom:
                    yield AnalysisPanel(a.title, id=f"analysis-{a.id}")
        yield TooSmall()
        yield Footer(compact=True)

    def _selected_capability(self) -> str | None:
        data = self.dapp.data
        if data is None or not data.capabilities:
            return None
        return data.capabilities[self.capability_index].id

    def _show_ranking(self, _: Any = None) -> None:
        app = self.dapp
        data, ranking = app.data, app.ranking
        if data is None:
            return
        self._show_programme()
        if ranking is not None:
            blocs = LeadersView(
                ranking=ranking,
                names=tuple((c.id, c.name, c.quantity) for c in data.capabilities),
            )
            show(self.query_one(BlocSummary), "view", blocs)
        self._show_weights()
        cap_id = self._selected_capability()
        if ranking is None or cap_id is None:
            return
        result = ranking.result(cap_id)
        if result is None:
            return
        if self.highlighted not in {o.option for o in result.ranking}:
            self.highlighted = None
        table = self.query_one(RankingTable)
        cap = data.capability(cap_id)
        from diversify.tui.format import SCORE_MEANING, safe_text

        # A Text, not a str: a str border title is read as markup, and the name is file text.
        title = f"{cap.name} · {cap.quantity:g} units"
        if cap.budget is not None:
            title += f" · budget {cap.budget:,.0f} {data.currency} m"
        table.border_title = safe_text(title)

        table.border_subtitle = f"{ranking.method.upper()} {SCORE_MEANING.get(ranking.method, '')}"
        show(
            table,
            "view",
            RankingView(
                result=result,
                method=ranking.method,
                generation=ranking.generation,
                highlighted=self.highlighted,
                changes={
                    o.option: ranking.change(cap_id, o.option, o.rank) for o in result.ranking
                },
            ),
        )
        contrib = self.query_one(ContributionsPanel)
        contrib.border_title = "Why it ranks there"
        tall = self.app.size.height >= TALL
        sources = (
            self._sources(cap_id, self.highlighted or result.ranking[0].option)
            if tall and result.ranking
            else ()
        )
        view = ContributionsView(result, self.highlighted, ranking.method, sources)
        show(contrib, "view", view)
        self._show_walking(result)

    def _show_programme(self) -> None:
        """The programme strip: each capability's leader, its SMAA share and nearest
        switch (the ``programme`` analysis) and the spend by bloc (the ``portfolio`` one)."""
        from diversify.tui.portfolio import PORTFOLIO_ID, PortfolioView
        from diversify.tui.programme import PROGRAMME_ID, ProgrammeView, first_text, switch_text

        app = self.dapp
        data, ranking = app.data, app.ranking
        if data is None:
            return
        caps = self.query_one(CapabilityList)
        ids = {a.id for a in app.analyses}
        status = app.analysis_status.get(PROGRAMME_ID)
        programme = status.data if status is not None else None
        method = ranking.method if ranking is not None else app.method
        current = isinstance(programme, ProgrammeView) and programme.method == method
        names = {c.id: c.id for c in data.criteria}
        rows = []
        for cap in data.capabilities:
            res = ranking.result(cap.id) if ranking is not None else None
            leader = res.leader if res is not None else None
            extra: dict[str, Any] = {}
            if PROGRAMME_ID in ids:
                line = programme.lines.get(cap.id) if current else None  # type: ignore[union-attr]
                extra = {
                    "first": first_text(line),
                    "switch": switch_text(line, names),
                    "switch_short": switch_text(line, names, successor=False),
                }
            rows.append(
                CapabilityRow(
                    id=cap.id,
                    name=cap.name,
                    leader=leader.system if leader else None,
                    bloc=leader.bloc if leader else None,
                    leader_changed=ranking.leader_changed(cap.id) if ranking else False,
                    **extra,
                )
            )
        caps.stale = status is not None and status.busy
        spend = None
        if PORTFOLIO_ID in ids:
            plan = app.analysis_status.get(PORTFOLIO_ID)
            view = plan.data if plan is not None else None
            if isinstance(view, PortfolioView):
                note = "" if view.shares else "no portfolio meets every constraint (v)"
                spend = Spend(view.shares, note, stale=plan is not None and plan.busy)
            else:
                spend = Spend(note="computing…")
        show(caps, "spend", spend)
        show(caps, "rows", tuple(rows))  # re-measured: the list may arrive after mounting
        caps.selected = self.capability_index

    def _on_analysis_status(
        self, old: Mapping[str, AnalysisStatus], new: Mapping[str, AnalysisStatus]
    ) -> None:
        """Repaint the strip when the programme or portfolio figures arrive (or go stale)."""
        from diversify.tui.portfolio import PORTFOLIO_ID
        from diversify.tui.programme import PROGRAMME_ID

        super()._on_analysis_status(old, new)
        if any(old.get(k) is not new.get(k) for k in (PROGRAMME_ID, PORTFOLIO_ID)):
            self._show_programme()

    def _show_walking(self, result: CapabilityResult | None = None) -> None:
        """The walking-weights chart for the selected criterion (when it is shown): on
        large screens beside the ranking (``w`` hides it), else in the explanation's place
        (``w`` shows it)."""
        app = self.dapp
        large, walking = self.has_class("-large"), self.has_class("-walking")
        if large == walking or app.weights is None or app.data is None:
            return
        if result is None:
            cap_id = self._selected_capability()
            result = app.ranking.result(cap_id) if app.ranking and cap_id else None
        if result is None:
            return
        cid = app.weights.ids[app.criterion_index]
        name = next((c.name for c in app.data.criteria if c.id == cid), cid)
        chart = self.query_one("#walking-side" if large else "#walking", WalkingChart)
        chart.border_title = safe_text(f"Walking weights · {name}")
        chart.border_subtitle = "others keep their proportions · ┊ now · ▲ leader changes"
        chart.view = WalkingView(result, cid, name)

    def _show_weights(self, _: Any = None) -> None:
        super()._show_weights()
        self._show_walking()

    def _check_size(self, width: int, height: int) -> None:
        """Large terminals (160 x 50 and up) show the walking weights beside the ranking,
        without a key, and the spend by bloc as bars: the room has the space."""
        super()._check_size(width, height)
        large = width >= LARGE[0] and height >= LARGE[1]
        self.query_one(CapabilityList).bars = large
        if large != self.has_class("-large"):
            self.set_class(large, "-large")
            self.call_after_refresh(self._show_walking)

    def action_walking(self) -> None:
        """Show the walking-weights chart instead of the explanation, or back (on large
        screens, where it sits beside the ranking: hide it, or show it again)."""
        self.toggle_class("-walking")
        self._show_walking()

    def _sources(self, cap_id: str, option: str) -> tuple[tuple[str, str], ...]:
        """Each criterion's source for ``option``, as the supplier file gives it."""
        data = self.dapp.data
        assert data is not None
        cap = data.capability(cap_id)
        opt = next((o for o in cap.options if o.id == option), None)
        if opt is None:
            return ()
        out = []
        for crit in cap.criteria:
            fig = opt.figures.get(crit.id)
            if fig is None:
                out.append((crit.name, "no figure: scored as the worst"))
                continue
            flags = [f for f in ("estimate", "derived") if getattr(fig, f)]
            if fig.confidence:
                flags.append(f"confidence {fig.confidence}")
            where = fig.source or "no source given"
            out.append((crit.name, " · ".join([where, *flags])))
        return tuple(out)

    # ----------------------------------------------------------------------------------
    # navigation
    # ----------------------------------------------------------------------------------

    def _select(self, index: int) -> None:
        """Show capability ``index``; the app re-runs its per-capability analyses for it."""
        self.capability_index = index
        self.highlighted = None
        self.dapp.select_capability(self._selected_capability())
        self._show_ranking()

    def action_capability(self, step: int) -> None:
        data = self.dapp.data
        if data is None or not data.capabilities:
            return
        self._select((self.capability_index + step) % len(data.capabilities))

    def on_capability_list_selected(self, message: CapabilityList.Selected) -> None:
        self._select(message.index)

    def action_option(self, step: int) -> None:
        ranking, cap_id = self.dapp.ranking, self._selected_capability()
        if ranking is None or cap_id is None:
            return
        result = ranking.result(cap_id)
        if result is None or not result.ranking:
            return
        ids = [o.option for o in result.ranking]
        current = ids.index(self.highlighted) if self.highlighted in ids else 0
        self.highlighted = ids[(current + step) % len(ids)]
        self._show_ranking()

    def on_ranking_table_highlighted(self, message: RankingTable.Highlighted) -> None:
        self.highlighted = message.option
        self._show_ranking()

    def action_overview(self) -> None:
        from diversify.tui.screens.overview import OverviewScreen

        if self.dapp.ranking is None:
            return  # still loading: nothing to overview yet
        self.app.push_screen(OverviewScreen())

    def focus_capability(self, cap_id: str) -> None:
        """Select a capability by id (the overview uses it when the user picks a row)."""
        data = self.dapp.data
        if data is None:
            return
        ids = [c.id for c in data.capabilities]
        if cap_id in ids:
            self._select(ids.index(cap_id))
