"""Robustness in the terminal UI: stability intervals beside the weights, SMAA in a panel.

Two analyses for the hook (:mod:`diversify.tui.analysis`), both for the capability
selected on the main screen, which :func:`diversify.tui.app.make_app` registers unless
told otherwise:

* ``stability`` (no panel of its own): :func:`diversify.engine.robustness.analyse` with
  ``parts=("stability",)`` after every re-ranking, at once. For each criterion, the range
  of its weight (the others keeping their ratios) within which the current leader stays
  first; the weights panel shows it beside each weight. Closed form for MAVT and WSM (a
  few milliseconds); a sweep for the other methods (up to a second), hence a worker.
* ``robustness`` (a panel under the weights): ``parts=("stability", "smaa")`` once the
  weights have been still for a moment, with the scenario's ``robustness:`` settings but
  at most :data:`MAX_SAMPLES` samples, so it answers while the room is still talking.
  Each option's SMAA-2 first-rank acceptability (how often it comes first) with its Monte
  Carlo standard error, and the plain-English headline of
  :func:`diversify.report.robustness_text.capability_text` (the sentence the reports use).

Nothing here scores: the engine computes, the report module words it, this module only
picks the figures for the screen and lays them out. The ``run`` functions import the
engine lazily (scikit-criteria, scipy), inside the worker thread, so the app starts fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from diversify.text import printable
from diversify.tui.analysis import Analysis, AnalysisInput, Rendered
from diversify.tui.format import MUTED, Flex, bar, columns

if TYPE_CHECKING:
    from diversify.engine.robustness import CapabilityRobustness

__all__ = [
    "MAX_SAMPLES",
    "AcceptabilityView",
    "Interval",
    "OptionLine",
    "StabilityMarks",
    "acceptability_analysis",
    "default_analyses",
    "render_acceptability",
    "run_acceptability",
    "run_stability",
    "stability_analysis",
]

MAX_SAMPLES = 10_000
"""The most SMAA samples the UI draws per run: about 10-20 ms a capability, and standard
errors under half a percentage point. ``diversify robustness`` draws the scenario's full
count."""

STABILITY_DELAY = 0.05
"""Seconds of quiet before the stability intervals are recomputed. Started with every key
press, the worker (its start, its thread, its result) doubled the key-to-screen time
(``benchmarks/bench_tui.py``); 50 ms later the ranking is on screen, and a held key
recomputes once, when it is released."""

STABILITY_ID = "stability"
ROBUSTNESS_ID = "robustness"


# ---------------------------------------------------------------------------------------
# stability beside the weights
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """One criterion's stability interval (shares of the capability's total weight, 0..1)."""

    criterion: str
    weight: float
    lo: float
    hi: float
    exact: bool
    """False where a sweep found the ends (non-additive methods), to its tolerance."""
    tightest: bool
    """The criterion whose weight has to move least, alone, before the leader changes
    (the one the headline sentence names)."""


@dataclass(frozen=True)
class StabilityMarks:
    """The leader's stability interval for each criterion of one capability."""

    capability: str
    method: str
    leader: str | None
    intervals: Mapping[str, Interval]
    """criterion id -> interval (empty when weights cannot change the ranking)."""


def _analyse(
    inp: AnalysisInput, parts: tuple[str, ...], samples: int | None = None
) -> CapabilityRobustness | None:
    """The engine's robustness analysis of the selected capability, for these weights."""
    if inp.capability is None:
        return None
    from diversify.engine.robustness import analyse

    result = analyse(
        inp.scenario,
        weights=dict(inp.points),
        method=inp.method,
        samples=samples,
        prepared=inp.prepared,
        capabilities=[inp.capability],
        parts=parts,
        leader_only=True,
    )
    return result.capabilities[0] if result.capabilities else None


def run_stability(inp: AnalysisInput) -> StabilityMarks | None:
    """Stability intervals of the selected capability's leader (worker thread)."""
    cap = _analyse(inp, ("stability",))
    if cap is None:
        return None
    from diversify.report.robustness_text import tightest

    stability = cap.stability or ()
    tight = tightest(cap.stability_dict() or {})
    return StabilityMarks(
        capability=cap.id,
        method=cap.method,
        leader=cap.leader,
        intervals={
            s.criterion: Interval(
                criterion=s.criterion,
                weight=s.weight,
                lo=s.lo,
                hi=s.hi,
                exact=s.exact,
                tightest=tight is not None and tight[0] == s.criterion,
            )
            for s in stability
        },
    )


def stability_analysis() -> Analysis:
    """Stability intervals for the weights panel: after every change, no panel of its own."""
    return Analysis(
        id=STABILITY_ID,
        title="Stability",
        run=run_stability,
        render=None,
        delay=STABILITY_DELAY,
        per_capability=True,
        help=(
            "Beside each weight, its stable range: while that weight stays within it (the "
            "others keeping their proportions) the leader of the selected capability stays "
            "first. The range in bold is the one closest to being crossed."
        ),
    )


# ---------------------------------------------------------------------------------------
# acceptability panel
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionLine:
    """One option's first-rank acceptability (0..1) and its standard error."""

    option: str
    system: str
    rank: int
    first: float
    se: float


@dataclass(frozen=True)
class AcceptabilityView:
    """What the robustness panel shows for one capability (plain data, made in the worker)."""

    capability: str
    method: str
    options: tuple[OptionLine, ...]
    """In ranking order."""
    headline: str | None
    sentences: tuple[str, ...]
    notes: tuple[str, ...]
    samples: int
    seed: int
    weights: str
    """How weights were sampled: ``margin``, ``simplex`` or ``ordered``."""
    margin: float | None


def run_acceptability(inp: AnalysisInput) -> AcceptabilityView | None:
    """SMAA-2 acceptabilities and the headline for the selected capability (worker thread)."""
    if inp.capability is None:
        return None
    from diversify.engine.robustness import effective_spec

    spec = effective_spec(inp.scenario.robustness)
    cap = _analyse(inp, ("stability", "smaa"), samples=min(spec.samples, MAX_SAMPLES))
    if cap is None:
        return None
    from diversify.report.robustness_text import capability_text

    text = capability_text(cap.to_dict())
    lines: list[OptionLine] = []
    if cap.smaa is not None:
        for info in cap.options:
            acc = cap.smaa.option(info.option)
            se = acc.rank_acceptability_se[0] if acc.rank_acceptability_se else 0.0
            lines.append(OptionLine(info.option, printable(info.system), info.rank, acc.first, se))
    notes = list(text.notes)
    if cap.method != "mavt" and cap.smaa is not None:
        notes.append(
            "Acceptability uses the value-function model (MAVT), on which SMAA-2 is defined, "
            f"whatever the ranking method ({cap.method.upper()} here)."
        )
    return AcceptabilityView(
        capability=cap.id,
        method=cap.method,
        options=tuple(lines),
        headline=printable(text.headline) if text.headline else text.headline,
        sentences=tuple(printable(s) for s in text.sentences),
        notes=tuple(printable(n) for n in notes),
        samples=cap.smaa.samples if cap.smaa is not None else 0,
        seed=cap.smaa.seed if cap.smaa is not None else spec.seed,
        weights=str(cap.settings.get("weights", spec.weights)),
        margin=cap.settings.get("margin"),
    )


def first_text(share: float) -> str:
    """A first-rank acceptability as shown: ``95.1%``."""
    return f"{100 * share:.1f}%"


def se_text(se: float) -> str:
    """Its standard error in percentage points, ``±0.2``; empty when it is exactly zero."""
    return f"±{100 * se:.1f}" if se > 0 else ""


def sampling_text(view: AcceptabilityView) -> str:
    """The panel's subtitle: how many samples, which seed, how the weights were drawn."""
    text = f"{view.samples:,} samples · seed {view.seed}"
    if view.weights == "margin" and view.margin is not None:
        text += f" · weights ±{100 * view.margin:.0f}%"
    elif view.weights == "simplex":
        text += " · any weights"
    elif view.weights == "ordered":
        text += " · weights in order"
    return text


class AcceptabilityBody:
    """The panel's body; lays itself out for the rows it is given (Rich renderable).

    One line per option (rank, system, first-rank acceptability, ± standard error, a bar),
    then the headline and any close-call sentence, then notes, dim. When the panel is too
    short for all of it (80 x 24), the option lines come first and whole sentences follow
    only if they fit; if even the options do not fit, the most often first are shown and
    the last line says how many more there are.
    """

    def __init__(self, view: AcceptabilityView) -> None:
        self.view = view

    def _option_rows(self, options: Sequence[OptionLine], width: int) -> Text:
        bar_width = max(min(width - 34, 24), 0)
        rows: list[list[Text | str]] = []
        for o in options:
            style = "bold" if o.rank == 1 else ""
            rows.append(
                [
                    Text(str(o.rank), style=MUTED),
                    Text(o.system, style=style),
                    Text(first_text(o.first), style=style),
                    Text(se_text(o.se), style=MUTED),
                    Text(bar(o.first, bar_width)),
                ]
            )
        widths: list[int | Flex] = [2, Flex(), 6, 5]
        if bar_width:
            widths.append(bar_width)
        else:
            rows = [r[:4] for r in rows]
        return columns(rows, widths, width, right=(0, 2, 3))

    @staticmethod
    def _inline(options: Sequence[OptionLine]) -> Text:
        """Every option on one line, most often first first (for a one-row panel)."""
        out = Text(no_wrap=True, overflow="ellipsis")
        for k, o in enumerate(sorted(options, key=lambda o: -o.first)):
            if k:
                out.append(" · ", style=MUTED)
            out.append(f"{o.system} ", style="bold" if o.rank == 1 else "")
            out.append(first_text(o.first))
        return out

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        view = self.view
        width = options.max_width
        height = options.height
        if not view.options:
            notes = view.notes or ("Nothing to sample.",)
            yield Text("\n".join(notes), style=MUTED)
            return
        paragraphs = [Text(s) for s in (view.headline, *view.sentences) if s]
        paragraphs += [Text(n, style=MUTED) for n in view.notes]
        wrapped = [p.wrap(console, width) for p in paragraphs]
        shown: Sequence[OptionLine] = view.options
        more = ""
        if height is not None and len(view.options) > height:
            if height < 2:
                yield self._inline(view.options)
                return
            best = sorted(view.options, key=lambda o: -o.first)[: height - 1]
            ids = {o.option for o in best}
            shown = [o for o in view.options if o.option in ids]
            top = max((o.first for o in view.options if o.option not in ids), default=0.0)
            rest = len(view.options) - len(shown)
            more = (
                f"+{rest} more, never first"
                if top <= 0
                else f"+{rest} more, each first in at most {first_text(top)}"
            )
        out = [self._option_rows(shown, width)]
        if more:
            out.append(Text(more, style=MUTED))
        else:
            room = None if height is None else height - len(shown)
            for lines in wrapped:
                needed = len(lines) + 1  # a blank line before each paragraph
                if room is not None and needed > room:
                    break
                out.append(Text(""))
                out.extend(lines)
                if room is not None:
                    room -= needed
        # Ends in a newline: Textual measures a renderable by counting them.
        yield Text("\n", no_wrap=True, overflow="ellipsis").join(out)


def render_acceptability(view: AcceptabilityView | None) -> Rendered:
    if view is None:
        return Rendered(Text("No capability selected.", style=MUTED))
    return Rendered(AcceptabilityBody(view), sampling_text(view))


def acceptability_analysis() -> Analysis:
    """The robustness panel: SMAA-2 acceptabilities and the headline, debounced."""
    return Analysis(
        id=ROBUSTNESS_ID,
        title="How often each comes first (SMAA)",
        run=run_acceptability,
        render=render_acceptability,
        place="side",
        delay=0.25,
        per_capability=True,
        help=(
            "Robustness: in how many sampled weightings (SMAA-2, weights and figures drawn "
            "at random within the scenario's ranges, seeded) each option of the selected "
            "capability comes first, ± its Monte Carlo standard error in percentage points, "
            "and the sentence the report uses."
        ),
    )


def default_analyses() -> tuple[Analysis, ...]:
    """What ``diversify tui`` shows: stability beside the weights and the robustness panel."""
    return (stability_analysis(), acceptability_analysis())
