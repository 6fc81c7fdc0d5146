"""What the main and overview screens share: the weight keys, the status line, the size check.

Both screens let the room change weights, so the keys that do it live here, once. The
screen turns a key into an :class:`~diversify.tui.state.Edit` and hands it to the app,
which re-ranks; nothing here scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.screen import Screen

from diversify.tui.host import SessionHost
from diversify.tui.widgets import (
    MIN_HEIGHT,
    MIN_WIDTH,
    StatusInfo,
    StatusLine,
    TooSmall,
    WeightRow,
    WeightsPanel,
    WeightsView,
    show,
)

if TYPE_CHECKING:
    from diversify.tui.analysis import AnalysisStatus
    from diversify.tui.robustness import Interval


HELP = Binding("question_mark,f1", "app.help", "help", key_display="?", id="help")
"""First in every footer, so a newcomer finds it."""

WEIGHT_KEYS: list[BindingType] = [
    Binding("down,j", "criterion(1)", "criterion", key_display="↑↓", id="criterion-next"),
    Binding("up,k", "criterion(-1)", "previous criterion", show=False, id="criterion-previous"),
    Binding("right,plus,equals_sign", "weight(1)", "±1", key_display="←→", id="weight-up"),
    Binding("left,minus", "weight(-1)", "lower by 1", show=False, id="weight-down"),
    Binding(
        "greater_than_sign,shift+right",
        "weight(5)",
        "±5",
        key_display="<>",
        show=False,
        id="weight-up-5",
    ),
    Binding(
        "less_than_sign,shift+left", "weight(-5)", "lower by 5", show=False, id="weight-down-5"
    ),
    Binding("enter,e", "type_weight", "type a value", show=False, id="weight-type"),
    Binding("l,space", "lock", "lock", key_display="l", show=False, id="lock"),
    Binding("n", "normalise", "normalise to 100", show=False, id="normalise"),
    Binding("r", "reset", "reset", show=False, id="reset"),
]
"""The weights panel's keys, on both the main and the overview screen."""

UNDO_KEYS: list[BindingType] = [
    Binding("ctrl+z,u", "app.undo", "undo", key_display="u", show=False, id="undo"),
    Binding("ctrl+y,U", "app.redo", "redo", key_display="U", show=False, id="redo"),
    Binding("h", "app.history", "history of changes", show=False, id="history"),
]
"""Undo / redo every weight, lock, profile and cap change; the list on request."""

FILE_KEYS: list[BindingType] = [
    Binding("p", "pick_profile", "profile", id="profile"),
    Binding("c", "compare", "compare", show=False, id="compare"),
    Binding("m", "pick_method", "method", id="method"),
    Binding("s,ctrl+s", "save", "save", key_display="s", id="save"),
    Binding("x", "export", "export", id="export"),
]


class WorkScreen(Screen[None], inherit_bindings=False):
    """A screen with the weights panel's keys, a status line and a too-small notice."""

    BINDINGS: ClassVar[list[BindingType]] = [HELP, *WEIGHT_KEYS, *UNDO_KEYS, *FILE_KEYS]

    @property
    def dapp(self) -> SessionHost:
        """The app, as screens see it (they never import it)."""
        return cast(SessionHost, self.app)

    # ----------------------------------------------------------------------------------
    # keeping widgets in step with the app
    # ----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.watch(self.app, "status", self._show_status)
        self.watch(self.app, "weights", self._show_weights)
        self.watch(self.app, "analysis_status", self._on_analysis_status, init=False)
        self.dapp.show_analyses()  # results that came while this screen was not shown
        self.watch(self.app, "criterion_index", self._show_weights)
        self.watch(self.app, "ranking", self._show_ranking)
        self._check_size(self.app.size.width, self.app.size.height)

    def _show_status(self, status: StatusInfo | None) -> None:
        self.query_one(StatusLine).info = status

    def _show_ranking(self, _: Any = None) -> None:
        """Push the app's latest ranking into this screen's widgets."""
        self._show_weights()

    def _selected_capability(self) -> str | None:
        """The capability whose own criteria the weights panel lists (None: none)."""
        return None

    def _show_weights(self, _: Any = None) -> None:
        app = self.dapp
        weights, data = app.weights, app.data
        if weights is None or data is None:
            return
        names = {c.id: c.name for c in data.criteria}
        result = None
        cap_id = self._selected_capability()
        if app.ranking is not None and cap_id is not None:
            result = app.ranking.result(cap_id)
        shares = dict(zip(weights.ids, weights.shares, strict=True))
        if result is not None and app.ranking is not None:
            shares = dict(result.weights)
        marks, stale, reserve = self._stability(cap_id)

        def mark(cid: str) -> dict[str, Any]:
            m = marks.get(cid)
            if m is None:
                return {}
            return {"stable": (m.lo, m.hi), "exact": m.exact, "tight": m.tightest}

        rows = [
            WeightRow(
                id=cid,
                name=names.get(cid, cid),
                points=pts,
                share=shares.get(cid, 0.0),
                locked=cid in weights.locked,
                **mark(cid),
            )
            for cid, pts in zip(weights.ids, weights.points, strict=True)
        ]
        if cap_id is not None:
            cap = data.capability(cap_id)
            for crit in cap.criteria:
                if crit.id in names:
                    continue
                rows.append(
                    WeightRow(
                        id=crit.id,
                        name=crit.name,
                        points=float(cap.extra_weights.get(crit.id, 0.0)),
                        share=shares.get(crit.id, 0.0),
                        own=True,
                        **mark(crit.id),
                    )
                )
        panel = self.query_one(WeightsPanel)
        view = WeightsView(
            rows=tuple(rows), selected=app.criterion_index, stale=stale, marks=reserve
        )
        show(panel, "view", view)
        panel.border_title = f"Weights · {len(weights.ids)} criteria"
        legend = ["points · share"]
        if reserve:
            legend.append("stable range: computing…" if stale else "stable range")
        if weights.locked:
            legend.append("L locked")
        if any(r.own for r in rows):
            legend.append("grey: this capability's own")
        panel.border_subtitle = " · ".join(legend)

    def _on_analysis_status(
        self, old: Mapping[str, AnalysisStatus], new: Mapping[str, AnalysisStatus]
    ) -> None:
        """Repaint the weights only when the stability intervals (or their state) changed."""
        from diversify.tui.robustness import STABILITY_ID

        if old.get(STABILITY_ID) is not new.get(STABILITY_ID):
            self._show_weights()

    def _stability(self, cap_id: str | None) -> tuple[Mapping[str, Interval], bool, bool]:
        """The stability intervals for ``cap_id`` (from the ``stability`` analysis); whether
        they are being computed (slowly, for newer weights: they are shown dim); and whether
        the panel keeps a column for them (the analysis is registered and a capability is
        selected), so the layout does not jump while they are computed.
        """
        from diversify.tui.robustness import STABILITY_ID, StabilityMarks

        app = self.dapp
        reserve = cap_id is not None and any(a.id == STABILITY_ID for a in app.analyses)
        status = app.analysis_status.get(STABILITY_ID)
        if status is None or not reserve:
            return {}, False, reserve
        data = status.data
        method = app.ranking.method if app.ranking is not None else app.method
        if not isinstance(data, StabilityMarks) or data.capability != cap_id:
            return {}, status.busy, reserve
        if data.method != method:
            # Another method's ranges would mislead: none until this method's come.
            return {}, True, reserve
        return data.intervals, status.slow, reserve

    # ----------------------------------------------------------------------------------
    # size
    # ----------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.set_class(small, "-too-small")
        self.query_one(TooSmall).size_seen = (width, height)

    # ----------------------------------------------------------------------------------
    # weight keys
    # ----------------------------------------------------------------------------------

    def on_weights_panel_selected(self, message: WeightsPanel.Selected) -> None:
        self.dapp.criterion_index = message.index

    def on_weights_panel_nudged(self, message: WeightsPanel.Nudged) -> None:
        """The wheel over a weight: select it and step it, as ← / → would."""
        self.dapp.criterion_index = message.index
        self.action_weight(message.delta)

    def action_criterion(self, step: int) -> None:
        weights = self.dapp.weights
        if weights is not None:
            self.dapp.criterion_index = (self.dapp.criterion_index + step) % len(weights.ids)

    def action_weight(self, delta: float) -> None:
        weights, index = self.dapp.weights, self.dapp.criterion_index
        if weights is not None:
            self.dapp.apply_edit(weights.stepped(index, delta), f"weight:{weights.ids[index]}")

    def action_lock(self) -> None:
        self.dapp.toggle_lock(self.dapp.criterion_index)

    def action_normalise(self) -> None:
        weights = self.dapp.weights
        if weights is not None:
            self.dapp.apply_edit(weights.normalised(100.0))

    def action_reset(self) -> None:
        self.dapp.reset_weights()

    def action_type_weight(self, prefill: str = "") -> None:
        from diversify.tui.screens.dialogs import TypeWeightScreen

        app = self.dapp
        weights, data = app.weights, app.data
        if weights is None or data is None:
            return
        index = app.criterion_index
        cid = weights.ids[index]
        if cid in weights.locked:
            app.notify(f"`{cid}` is locked: press l to unlock it first", severity="warning")
            return
        name = next((c.name for c in data.criteria if c.id == cid), cid)

        def typed(value: float | None) -> None:
            current = app.weights
            if value is not None and current is not None:
                app.apply_edit(current.set(index, value))

        dialog = TypeWeightScreen(name, weights.points[index], weights.ceiling(index), prefill)
        app.push_screen(dialog, typed)

    def _typing(self) -> Any:
        """The weight dialog already opened from this screen (keys may still be on their way)."""
        from diversify.tui.screens.dialogs import TypeWeightScreen

        top = self.app.screen_stack[-1] if self.app.screen_stack else None
        return top if isinstance(top, TypeWeightScreen) else None

    def on_key(self, event: events.Key) -> None:
        """A digit starts typing a value for the selected weight.

        Digits that arrive together (typed faster than a frame, or pasted by a terminal
        without bracketed paste) go into the one dialog the first opened, not a stack.
        """
        char = event.character
        if char is None or not event.is_printable:
            return
        dialog = self._typing()
        if dialog is not None and char in "0123456789.":
            event.stop()
            dialog.add_text(char)
        elif char.isdigit() and char in "0123456789":
            event.stop()
            self.action_type_weight(char)

    def on_paste(self, event: events.Paste) -> None:
        """Pasted points open the weight dialog with them (one dialog, however many digits)."""
        text = event.text.strip()
        if not text:
            return
        event.stop()
        dialog = self._typing()
        if dialog is not None:
            dialog.add_text(text)
        else:
            self.action_type_weight(text)

    def action_pick_profile(self) -> None:
        from diversify.tui.screens.dialogs import ConfirmScreen
        from diversify.tui.screens.pick import PickScreen

        app = self.dapp
        data = app.data
        if data is None or app.weights is None:
            return
        if not data.profiles:
            app.notify("This scenario has no profiles yet: press s to save one.")
            return
        choices = _profile_choices(data.profiles)

        def picked(name: str | None) -> None:
            if name is None:
                return
            if not app.unsaved:
                app.apply_profile(name)
                return

            def answered(choice: str | None) -> None:
                if choice == "switch":
                    app.apply_profile(name)

            app.push_screen(
                ConfirmScreen(
                    f"Switch to profile `{name}`?",
                    "The weights on screen differ from " + app.origin_label() + ". "
                    f"Switching replaces them with `{name}`'s; ctrl+z brings them back.",
                    [("switch", "Switch", "y"), (None, "Keep these weights", "n")],
                ),
                answered,
            )

        app.push_screen(PickScreen("Pick a weight profile", choices, app.profile), picked)

    def action_compare(self) -> None:
        """Pick a profile and see every ranking under it beside the weights on screen."""
        from diversify.tui.screens.compare import CompareScreen
        from diversify.tui.screens.pick import PickScreen

        app = self.dapp
        data, ranking = app.data, app.ranking
        if data is None or ranking is None or app.weights is None:
            return
        if not data.profiles:
            app.notify("This scenario has no profiles to compare with: press s to save one.")
            return
        choices = _profile_choices(data.profiles)
        here = "the weights on screen" + (f" ({app.profile}, edited)" if app.unsaved else "")
        if not app.unsaved and app.profile:
            here = f"profile {app.profile}"

        def picked(name: str | None) -> None:
            if name is None or app.ranking is None or app.weights is None:
                return
            theirs = app.rank_with(dict(data.profiles[name]))
            mine = ", ".join(f"{k} {v:g}" for k, v in app.weights.as_dict().items())
            line = f"{app.ranking.method.upper()} · on screen: {mine}"
            self.app.push_screen(CompareScreen(here, name, app.ranking.results, theirs, line))

        app.push_screen(PickScreen("Compare the weights on screen with…", choices, None), picked)

    def action_pick_method(self) -> None:
        from diversify.engine.methods import METHODS
        from diversify.tui.screens.pick import PickScreen

        app = self.dapp
        if app.data is None:
            return  # still loading
        choices = [(m.name, m.title, m.description) for m in METHODS.values()]

        def picked(name: str | None) -> None:
            if name is not None:
                app.set_method(name)

        app.push_screen(PickScreen("Pick a ranking method", choices, app.method), picked)

    def action_save(self) -> None:
        from diversify.tui.screens.save_profile import SaveProfileScreen

        app = self.dapp
        if app.weights is None or app.data is None:
            return
        refusal = app.save_refusal()
        if refusal is not None:
            app.notify(refusal, title="Cannot save here", severity="warning", timeout=10)
            app.save_cancelled()
            return
        points = app.weights.as_dict()
        existing = list(app.data.profiles)

        def chosen(answer: tuple[str, bool] | None) -> None:
            if answer is None:
                app.save_cancelled()
                return
            name, overwrite = answer
            app.save_profile(name, points, overwrite)

        app.push_screen(SaveProfileScreen(existing, app.profile, str(app.criteria_path())), chosen)

    def action_export(self) -> None:
        from diversify.report.formats import FORMATS
        from diversify.tui.screens.export import ExportScreen

        app = self.dapp
        if app.weights is None:
            return
        formats = [(f.name, f.description, str(app.export_name(f.name))) for f in FORMATS.values()]

        def chosen(answer: tuple[str, str] | None) -> None:
            if answer is not None:
                from pathlib import Path

                fmt, path = answer
                app.export_report(fmt, Path(path))

        app.push_screen(ExportScreen(formats), chosen)


def _profile_choices(profiles: Mapping[str, Mapping[str, float]]) -> list[tuple[str, str, str]]:
    """The picker's lines for the scenario's profiles: name, and its points."""
    return [
        (name, name, ", ".join(f"{k} {v:g}" for k, v in pts.items()))
        for name, pts in profiles.items()
    ]
