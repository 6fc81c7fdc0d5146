"""The programme under uncertainty, on the overview: robust portfolio and supply shocks.

One analysis for the hook (:mod:`diversify.tui.analysis`), registered with the portfolio
panel when the scenario has a ``portfolio:`` section (:func:`diversify.tui.portfolio.
default_analyses`), run only while the overview is
open (``when_shown``) and a second after the weights settle: it is the slowest figure
the app shows (about two seconds for the bundled scenario).

* **Robust portfolio** (:func:`diversify.engine.robust_portfolio.robust`, what
  ``diversify portfolio --robust`` prints): the weights and figures are sampled as the
  robustness analysis samples them, the portfolio is solved for each sample, and the
  panel says how often the recommended portfolio is the best, and each capability's
  recommended option's *core index* (the share of samples in which it is chosen; core
  when in every one). At most :data:`MAX_SAMPLES` samples (and, as the report does,
  at most :data:`~diversify.engine.programme_risk.MILP_SAMPLES` when the portfolios are
  too many to enumerate and each sample is a MILP solve), in this thread (no process
  pool from inside the app), so the figures are close to, not the same as, the CLI's
  full count; the panel's border says how many.
* **Supply shocks** (:func:`diversify.engine.stress.stress`, what ``diversify stress``
  prints): each bloc and country lost, late or dearer in turn, the portfolio re-planned;
  the panel gives the sentence the reports use for the loss that hurts most.

Nothing here computes or words: the engine samples and re-plans, :mod:`diversify.report.
uncertainty_text` says it, this module lays the sentences out for the rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.worker import NoActiveWorker, get_current_worker

from diversify.text import printable
from diversify.tui.analysis import Analysis, AnalysisInput, Rendered
from diversify.tui.format import MUTED, WARN, clip

__all__ = [
    "MAX_SAMPLES",
    "UNCERTAINTY_ID",
    "CoreIndex",
    "UncertaintyView",
    "render_uncertainty",
    "run_uncertainty",
    "uncertainty_analysis",
]

UNCERTAINTY_ID = "uncertainty"
MAX_SAMPLES = 2_000
"""Samples of the robust portfolio in the app (the CLI draws the scenario's count)."""


@dataclass(frozen=True)
class CoreIndex:
    """One capability's recommended option and the share of samples that choose it."""

    capability: str
    system: str
    share: float


@dataclass(frozen=True)
class UncertaintyView:
    """What the panel shows (plain data, made in the worker)."""

    samples: int
    seed: int
    robust: tuple[str, ...]
    """The robust-portfolio sentences the reports use (how often the recommendation is
    the best; the core), or why there is nothing to sample."""
    core_index: tuple[CoreIndex, ...]
    shocks: tuple[str, ...]
    """The supply-shock sentences (the loss that hurts most; the losses that change nothing)."""


def run_uncertainty(inp: AnalysisInput) -> UncertaintyView | None:
    """Robust portfolio, then the supply shocks (worker thread); None when cancelled."""
    from diversify.engine.programme import ProgrammeError, plan
    from diversify.engine.programme_risk import report_samples
    from diversify.engine.robust_portfolio import robust
    from diversify.engine.stress import stress
    from diversify.model.robustness import RobustnessSpec
    from diversify.report.uncertainty_text import data_names, robust_sentences, stress_sentences

    try:
        worker = get_current_worker()
    except NoActiveWorker:  # called outside a worker (a test): runs to the end
        worker = None
    data, points = inp.scenario, dict(inp.points)
    names = data_names(data)  # the room reads names, as the reports give them
    spec = data.robustness or RobustnessSpec()
    base = plan(data, weights=points, caps=inp.caps, prepared=inp.prepared)
    # The report's rule (fewer samples when each one is a MILP solve), capped for the app.
    samples = min(report_samples(data, base), MAX_SAMPLES)
    kept: list[str] = []
    core: tuple[CoreIndex, ...] = ()
    try:
        found = robust(data, base, samples=samples, prepared=inp.prepared, workers=1).to_dict()
    except ProgrammeError as err:  # weights that cannot be sampled: said, as the report does
        kept = [f"No robust portfolio: {err}"]
    else:
        said = robust_sentences(found, names)
        # The sampling sentence is the border's; the average loss stays in the reports.
        ok = found["status"] == "ok"
        kept = [s for s in said[1:] if "loses" not in s] if ok else [said[0]]
        systems = {c.id: c.system for c in base.candidates}
        core = tuple(
            CoreIndex(
                c["id"],
                printable(systems.get(f"{c['id']}.{c['recommended']}", str(c["recommended"]))),
                float(c["selection"].get(c["recommended"], 0.0)),
            )
            for c in found["capabilities"]
            if c["recommended"] is not None
        )
    if worker is not None and worker.is_cancelled:
        return None
    shocked = stress(data, weights=points, caps=inp.caps).to_dict()
    return UncertaintyView(
        samples=samples,
        seed=int(spec.seed),
        robust=tuple(printable(s) for s in kept),
        core_index=core,
        shocks=tuple(printable(s) for s in stress_sentences(shocked, names)),
    )


class UncertaintyBody:
    """The panel's body, laid out for the rows it is given: the loss that hurts most and
    how often the recommendation is the best first, then each capability's core index,
    then the rest, as long as rows remain."""

    def __init__(self, view: UncertaintyView) -> None:
        self.view = view

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        view, width, height = self.view, options.max_width, options.height
        first = [Text(s, style=WARN if s.startswith("Losing") else "") for s in view.shocks[:1]]
        first += [Text(s) for s in view.robust[:1]]
        rest = [Text(s, style=MUTED) for s in (*view.robust[1:], *view.shocks[1:])]
        cap_w = min(max((len(c.capability) for c in view.core_index), default=0), width // 3)
        index = [Text("Chosen in (core index of each recommended option):", style=MUTED)]
        for c in view.core_index:
            line = Text(no_wrap=True, overflow="ellipsis")
            line.append(clip(c.capability, cap_w).ljust(cap_w) + " ", style=MUTED)
            line.append(clip(c.system, max(width - cap_w - 8, 1)).ljust(width - cap_w - 8))
            # One decimal: 99.9% must not read as core (chosen in every sample).
            line.append(f"{100 * c.share:6.1f}%", style="bold" if c.share >= 1 else "")
            index.append(line)
        rows: list[Text] = []
        for block in (first, index, rest):
            lines = [ln for t in block for ln in t.wrap(console, width)]
            if height is not None and len(rows) + len(lines) > height:
                rows.extend(lines[: max(height - len(rows), 0)])
                break
            rows.extend(lines)
        yield Text("\n", no_wrap=True, overflow="ellipsis").join(rows)


def render_uncertainty(view: UncertaintyView | None) -> Rendered:
    if view is None:
        return Rendered(Text("", style=MUTED))
    return Rendered(UncertaintyBody(view), f"{view.samples:,} samples · seed {view.seed}")


def uncertainty_analysis() -> Analysis:
    """The overview's robust-portfolio and supply-shock panel."""
    return Analysis(
        id=UNCERTAINTY_ID,
        title="Programme under uncertainty",
        run=run_uncertainty,
        render=render_uncertainty,
        screen="overview",
        place="bottom",
        delay=1.0,
        when_shown=True,
        help=(
            "Programme under uncertainty (overview): how often the recommended portfolio "
            "is the best when weights and figures are sampled, each capability's "
            "recommended option's core index (share of samples choosing it), as "
            "`diversify portfolio --robust` says with at most 2,000 samples; and the "
            "supply shock that hurts most, as `diversify stress` says."
        ),
    )
