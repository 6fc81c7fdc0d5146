"""The programme under uncertainty as the decision brief carries it: robust portfolio,
supply shocks and the resilient alternative, computed once for ``diversify report``.

The brief a minister reads has to say how sure the programme is and what losing a
supplier does to it (issue 13), not only each ranking's confidence. The three analyses
already exist (:mod:`diversify.engine.robust_portfolio`, :mod:`diversify.engine.stress`);
this module only decides how the report runs them, in one place, so that the command
line's report and the terminal UI's export (which must be the same file byte for byte)
cannot drift apart:

* the robust portfolio uses the scenario's ``robustness:`` samples and seed, the numbers
  ``diversify portfolio --robust`` prints with no flags, when the feasible portfolios can
  be enumerated (each sample is then one matrix product: 20,000 samples take seconds);
  when they cannot, each sample is a MILP solve, and the report draws at most
  :data:`MILP_SAMPLES` so that a large programme does not hold the report for minutes
  (the count is in the section: ``--robust --samples`` gives more);
* when the weights cannot be sampled (all zero, or computed from the data) the robust
  part is left out with the reason, rather than failing the whole report;
* supply shocks use the command's defaults (12 months late, 20% dearer), and the
  resilient alternative is the best worst case (``--resilient worst``), the question a
  planner asks first: which programme survives losing any one country?
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from diversify.engine.portfolio import feasible_set
from diversify.engine.programme import ProgrammeError, ProgrammeResult, problem_of
from diversify.engine.robust_portfolio import ENUMERATION_LIMIT, RobustPortfolio, robust
from diversify.engine.scoring import Prepared
from diversify.engine.stress import Resilient, StressResult, resilient, stress
from diversify.model.resolved import ScenarioData
from diversify.model.robustness import RobustnessSpec

MILP_SAMPLES = 200
"""Most samples the report draws when each one is a MILP solve (too many portfolios to
enumerate): about 200 x 15 ms over the cores, a few seconds."""


@dataclass(frozen=True)
class ProgrammeRisk:
    """What the report adds about the programme under uncertainty."""

    robust: RobustPortfolio | None
    robust_skipped: str | None
    """Why there is no robust portfolio (None when there is one)."""
    stress: StressResult
    resilient: Resilient


def report_samples(scenario: ScenarioData, base: ProgrammeResult) -> int:
    """The scenario's robustness samples, or at most :data:`MILP_SAMPLES` when each sample
    would be a MILP solve."""
    spec = scenario.robustness or RobustnessSpec()
    n = int(spec.samples)
    if base.portfolio.status not in ("optimal", "feasible"):
        return n
    fs = feasible_set(problem_of(base), base.constraints, limit=ENUMERATION_LIMIT)
    return n if fs is not None else min(n, MILP_SAMPLES)


def programme_risk(
    scenario: ScenarioData,
    base: ProgrammeResult,
    *,
    weights: Mapping[str, float] | None = None,
    caps: Mapping[str, float] | None = None,
    prepared: Sequence[Prepared] | None = None,
) -> ProgrammeRisk:
    """The robust portfolio around ``base`` (the plan the report shows, under the same
    ``weights`` and ``caps``), every supply shock, and the resilient alternative.

    Raises :class:`ProgrammeError` only for levers no portfolio question can use, which
    ``base`` has already passed.
    """
    found: RobustPortfolio | None = None
    skipped: str | None = None
    try:
        found = robust(scenario, base, samples=report_samples(scenario, base), prepared=prepared)
    except ProgrammeError as err:
        skipped = str(err)
    shocks = stress(scenario, weights=weights, caps=caps)
    alternative = resilient(scenario, objective="worst", weights=weights, caps=caps)
    return ProgrammeRisk(found, skipped, shocks, alternative)


__all__ = ["MILP_SAMPLES", "ProgrammeRisk", "programme_risk", "report_samples"]
