"""Robust portfolio: how sure is the programme's set of choices, not only each ranking?

The plain portfolio (:mod:`diversify.engine.programme`) answers for one set of weights and
figures. Here the weights and figures are sampled as the robustness analysis samples
them (the scenario's ``robustness:`` section: the same weight distribution, margin or
order, the same value distribution over each figure's low/high range, the same seed
convention), the portfolio is solved for every sample, and the answer is reported as:

* each option's **selection frequency** per capability, the *core index* of Robust
  Portfolio Modelling (Liesiö, Mild & Salo, "Preference programming for robust portfolio
  modeling and project selection", EJOR 181(3), 2007, 1488-1505): *core* when chosen in
  every sample, *exterior* when in none, *borderline* otherwise; with a binomial
  standard error;
* how often each whole portfolio is optimal;
* the **expected value lost by committing** to the recommended (nominal) portfolio:
  the mean, over samples, of the best portfolio's value minus the recommended one's in
  that sample (with its standard error, and the worst case met).

Sampling: one shared weight vector per sample for the scenario's shared criteria (the
programme's weights are one set, so every capability moves together), each capability's
own criteria keeping their stated points; each option's 0..1 values drawn independently
within their ranges, as SMAA does (:func:`diversify.engine.sampling.draw_values`). Spend
stays at its nominal figure, so the caps, budget and content floor, and hence the set of
feasible portfolios, are the same in every sample: uncertain spend would make the
constraints themselves random, which is a different question (see ``diversify stress``
for spend shocks).

Cost: the feasible set does not depend on the weights, so when the number of portfolios
is small enough to enumerate (:func:`diversify.engine.portfolio.feasible_set`) it is
enumerated once and each sample's best is one matrix product (thousands of samples per
second). Otherwise each sample is one exact MILP solve (:func:`solve`), in a process pool
across the machine's cores, in sample order so that results do not depend on the pool.

Hand-written: no library offers programme-level SMAA or RPM over a MILP feasible set
(scikit-criteria ranks one matrix; the RPM papers' codes are not published as packages).
Pure: no I/O; same inputs and seed give identical results.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from diversify.engine.portfolio import (
    Constraints,
    PortfolioProblem,
    best_portfolios,
    feasible_set,
    solve,
)
from diversify.engine.programme import ProgrammeError, ProgrammeResult, problem_of
from diversify.engine.sampling import draw_values, make_weight_sampler
from diversify.engine.scoring import Prepared, _num, prepare_all
from diversify.model.resolved import ScenarioData
from diversify.model.robustness import RobustnessSpec

ENUMERATION_LIMIT = 200_000
"""Most portfolios enumerated once; beyond, one MILP per sample."""

BLOCK = 1024
"""Samples drawn and valued at a time (bounds memory whatever ``samples`` is)."""

TOP_PORTFOLIOS = 10
"""Whole portfolios listed, most often optimal first."""


@dataclass(frozen=True)
class CapabilitySelection:
    """How often each option of one capability is chosen across the samples."""

    id: str
    recommended: str | None
    """The nominal portfolio's choice (None when uncovered)."""
    selection: Mapping[str, float]
    """Option id -> share of samples in which it is chosen; sums to 1."""
    selection_se: Mapping[str, float]
    core: tuple[str, ...]
    """Chosen in every sample."""
    exterior: tuple[str, ...]
    """Chosen in no sample."""


@dataclass(frozen=True)
class PortfolioShare:
    """One whole portfolio and how often it is the best."""

    chosen: Mapping[str, str]
    share: float
    se: float
    recommended: bool


@dataclass(frozen=True)
class RobustPortfolio:
    """The robust portfolio analysis of one programme plan."""

    samples: int
    seed: int
    weights: str
    margin: float | None
    values: str
    method: str
    """``enumeration`` (feasible portfolios enumerated once) or ``milp`` (one per sample)."""
    feasible_portfolios: int | None
    status: str
    """``ok``, or ``infeasible`` when no portfolio meets the levers (nothing to sample)."""
    capabilities: tuple[CapabilitySelection, ...]
    portfolios: tuple[PortfolioShare, ...]
    distinct_portfolios: int
    recommended_share: float | None
    """Share of samples in which the recommended portfolio is the best."""
    expected_value_lost: float | None
    expected_value_lost_se: float | None
    worst_value_lost: float | None

    def to_dict(self) -> dict[str, Any]:
        """Plain data in a stable key order, floats rounded as every result is."""

        def num(x: float | None) -> float | None:
            return None if x is None else _num(x)

        return {
            "samples": self.samples,
            "seed": self.seed,
            "weights": self.weights,
            "margin": num(self.margin),
            "values": self.values,
            "method": self.method,
            "feasible_portfolios": self.feasible_portfolios,
            "status": self.status,
            "recommended_share": num(self.recommended_share),
            "expected_value_lost": num(self.expected_value_lost),
            "expected_value_lost_se": num(self.expected_value_lost_se),
            "worst_value_lost": num(self.worst_value_lost),
            "capabilities": [
                {
                    "id": c.id,
                    "recommended": c.recommended,
                    "selection": {k: _num(v) for k, v in c.selection.items()},
                    "selection_se": {k: _num(v) for k, v in c.selection_se.items()},
                    "core": list(c.core),
                    "exterior": list(c.exterior),
                }
                for c in self.capabilities
            ],
            "distinct_portfolios": self.distinct_portfolios,
            "portfolios": [
                {
                    "chosen": dict(p.chosen),
                    "share": _num(p.share),
                    "se": _num(p.se),
                    "recommended": p.recommended,
                }
                for p in self.portfolios
            ],
        }


def _bare(ref: str | None) -> str | None:
    """``capability.option`` -> ``option``."""
    return None if ref is None else ref.split(".", 1)[1]


def _se(p: np.ndarray | float, n: int) -> Any:
    return np.sqrt(np.asarray(p) * (1 - np.asarray(p)) / n)


class _Valuer:
    """Draws one block of samples and values every candidate option in each."""

    def __init__(
        self,
        scenario: ScenarioData,
        base: ProgrammeResult,
        problem: PortfolioProblem,
        spec: RobustnessSpec,
        preps: Sequence[Prepared],
    ) -> None:
        self.shared = [c.id for c in scenario.criteria]
        points = np.array([float(base.weights_points.get(c, 0.0)) for c in self.shared])
        self.total = float(points.sum())
        if self.total <= 0:
            raise ProgrammeError(
                "the robust portfolio samples around stated weights; these are all zero "
                "(or computed from the data): choose a profile or give --weights",
                ("weights",),
                None,
            )
        self.sampler = make_weight_sampler(
            spec.weights,
            n=len(self.shared),
            weights=points / self.total,
            margin=spec.margin,
            order_idx=spec.order_indices(self.shared) if spec.weights == "ordered" else None,
        )
        self.kind = spec.values
        by_cap = {p.capability.id: p for p in preps}
        # Per capability with candidates: its problem columns, the candidates' rows of
        # prepared values with their ranges, and where each criterion's points come from.
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                               np.ndarray]] = []  # fmt: skip
        for c, cap_id in enumerate(problem.capabilities):
            mine = np.flatnonzero(problem.capability_index == c)
            if mine.size == 0:
                continue
            prep = by_cap[cap_id]
            row_of = {o: i for i, o in enumerate(prep.option_ids)}
            rows = np.array([row_of[problem.option_ids[i].split(".", 1)[1]] for i in mine])
            shared_idx = np.array(
                [self.shared.index(k) if k in self.shared else -1 for k in prep.criterion_ids]
            )
            own = np.array([float(prep.capability.extra_weights.get(k, 0.0))
                            for k in prep.criterion_ids])  # fmt: skip
            v = np.asarray(prep.values, dtype=float)[rows]
            lo = np.minimum(np.asarray(prep.values_low, dtype=float)[rows], v)
            hi = np.maximum(np.asarray(prep.values_high, dtype=float)[rows], v)
            self.parts.append((mine, shared_idx, own, v, lo, hi))
        self.n_options = problem.n_options

    def block(self, rng: np.random.Generator, k: int) -> np.ndarray:
        """(k, n_options) values of every candidate option in ``k`` fresh samples."""
        w = self.sampler(rng, k) * self.total  # shared points
        out = np.zeros((k, self.n_options))
        for mine, shared_idx, own, v, lo, hi in self.parts:
            pts = np.where(shared_idx >= 0, w[:, np.maximum(shared_idx, 0)], own[None, :])
            sums = pts.sum(axis=1, keepdims=True)
            cw = np.divide(pts, sums, out=np.zeros_like(pts), where=sums > 0)
            vals = draw_values(rng, k, v, lo, hi, self.kind)  # (k, m, n)
            out[:, mine] = np.clip(np.einsum("sj,smj->sm", cw, vals), 0.0, 1.0)
        return out


def _plain_constraints(c: Constraints) -> dict[str, Any]:
    """Constraints as picklable plain data (their mappings are read-only proxies)."""
    return {
        "budget": c.budget,
        "bloc_caps": dict(c.bloc_caps),
        "country_caps": dict(c.country_caps),
        "min_local_content": c.min_local_content,
        "min_blocs": c.min_blocs,
        "force_in": frozenset(c.force_in),
        "force_out": frozenset(c.force_out),
    }


def _solve_one(args: tuple[PortfolioProblem, dict[str, Any], np.ndarray]) -> tuple[int, ...]:
    problem, plain, values = args
    res = solve(replace(problem, value=values), Constraints(**plain), value_costs=False)
    index = {o: i for i, o in enumerate(problem.option_ids)}
    return tuple(sorted(index[ref] for ref in res.chosen.values()))


class Chooser:
    """The best portfolio for each of many valuations of one problem.

    Enumerates the feasible set once when it is small enough (``fs``), else solves one
    MILP per valuation, in a process pool when ``workers`` > 1 (default: up to 4, the
    machine's cores), always returning rows in the order the valuations came. Use it as
    a context manager so the pool is shut down.
    """

    def __init__(
        self, problem: PortfolioProblem, constraints: Constraints, *, workers: int | None = None
    ) -> None:
        self.problem = problem
        self.plain = _plain_constraints(constraints)
        self.fs = feasible_set(problem, constraints, limit=ENUMERATION_LIMIT)
        self.workers = workers or min(4, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Chooser:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def choose(self, values: np.ndarray) -> np.ndarray:
        """(k, n_covered) sorted option indices of the best portfolio per row of ``values``."""
        if self.fs is not None:
            return np.sort(self.fs.picks[best_portfolios(self.fs, values)], axis=1)
        args = [(self.problem, self.plain, values[i]) for i in range(values.shape[0])]
        if self.workers <= 1:
            rows = list(map(_solve_one, args))
        else:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(max_workers=self.workers)
            rows = list(self._pool.map(_solve_one, args, chunksize=16))
        return np.array(rows, dtype=np.int64)


def robust(
    scenario: ScenarioData,
    base: ProgrammeResult,
    *,
    samples: int | None = None,
    seed: int | None = None,
    prepared: Sequence[Prepared] | None = None,
    workers: int | None = None,
) -> RobustPortfolio:
    """Sample weights and figures, solve the portfolio for each sample, and summarise.

    ``base`` is the nominal plan (:func:`diversify.engine.programme.plan`) under the same
    weights and levers; its choice is the recommendation whose regret is measured.
    ``samples`` and ``seed`` override the scenario's ``robustness:`` section.
    """
    spec = scenario.robustness or RobustnessSpec()
    spec = spec.model_copy(
        update={k: v for k, v in (("samples", samples), ("seed", seed)) if v is not None}
    )
    n = int(spec.samples)
    preps = tuple(prepared) if prepared is not None else prepare_all(scenario)
    problem = problem_of(base)
    constraints = base.constraints
    margin = float(spec.margin) if spec.weights == "margin" else None
    common = {"samples": n, "seed": int(spec.seed), "weights": spec.weights,
              "margin": margin, "values": spec.values}  # fmt: skip
    if base.portfolio.status not in ("optimal", "feasible"):
        return RobustPortfolio(
            **common, method="none", feasible_portfolios=0, status="infeasible",
            capabilities=(), portfolios=(), distinct_portfolios=0, recommended_share=None,
            expected_value_lost=None, expected_value_lost_se=None, worst_value_lost=None,
        )  # fmt: skip
    valuer = _Valuer(scenario, base, problem, spec, preps)
    rng = np.random.default_rng(int(spec.seed))
    index = {o: i for i, o in enumerate(problem.option_ids)}
    rec = np.array(sorted(index[ref] for ref in base.portfolio.chosen.values()), dtype=np.int64)
    weight = problem.importance[problem.capability_index]
    chooser = Chooser(problem, constraints, workers=workers)
    chosen_rows: list[tuple[int, ...]] = []
    lost = np.empty(n)
    done = 0
    with chooser:
        while done < n:
            k = min(BLOCK, n - done)
            vals = valuer.block(rng, k)
            picks = chooser.choose(vals)
            scored = vals * weight[None, :]
            best_value = np.take_along_axis(scored, picks, axis=1).sum(axis=1)
            lost[done : done + k] = np.maximum(0.0, best_value - scored[:, rec].sum(axis=1))
            chosen_rows.extend(map(tuple, picks.tolist()))
            done += k
    fs = chooser.fs

    counts = Counter(chosen_rows)
    selections = []
    per_option = Counter(i for row in chosen_rows for i in row)
    for c, cap_id in enumerate(problem.capabilities):
        mine = [i for i in np.flatnonzero(problem.capability_index == c)]
        if not any(per_option[i] for i in mine):
            continue  # uncovered: no option of it is ever in a portfolio
        names = [problem.option_ids[i].split(".", 1)[1] for i in mine]
        share = np.array([per_option[i] / n for i in mine])
        selections.append(
            CapabilitySelection(
                id=cap_id,
                recommended=_bare(base.portfolio.chosen.get(cap_id)),
                selection=MappingProxyType(dict(zip(names, share.tolist(), strict=True))),
                selection_se=MappingProxyType(
                    dict(zip(names, _se(share, n).tolist(), strict=True))
                ),
                core=tuple(nm for nm, s in zip(names, share, strict=True) if s == 1.0),
                exterior=tuple(nm for nm, s in zip(names, share, strict=True) if s == 0.0),
            )
        )
    rec_key = tuple(rec.tolist())
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    portfolios = []
    for row, count in ranked[:TOP_PORTFOLIOS]:
        chosen = {}
        for i in row:
            cap, opt = problem.option_ids[i].split(".", 1)
            chosen[cap] = opt
        share_ = count / n
        portfolios.append(
            PortfolioShare(MappingProxyType(chosen), share_, float(_se(share_, n)), row == rec_key)
        )
    return RobustPortfolio(
        **common,
        method="enumeration" if fs is not None else "milp",
        feasible_portfolios=None if fs is None else int(fs.picks.shape[0]),
        status="ok",
        capabilities=tuple(selections),
        portfolios=tuple(portfolios),
        distinct_portfolios=len(counts),
        recommended_share=counts.get(rec_key, 0) / n,
        expected_value_lost=float(lost.mean()),
        expected_value_lost_se=float(lost.std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0,
        worst_value_lost=float(lost.max()),
    )


__all__ = ["CapabilitySelection", "PortfolioShare", "RobustPortfolio", "robust"]
