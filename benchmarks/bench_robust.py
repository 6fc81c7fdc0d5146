"""Benchmark the robust portfolio: time per sample against one plain MILP solve.

Run: ``.venv/bin/python benchmarks/bench_robust.py [--samples N] [--large-samples N]``

Measured in the same run:

* the bundled scenario: ``diversify portfolio --robust`` with 10,000 samples (the
  feasible set is enumerated once; each sample is one matrix product), against one plain
  ``solve`` of the same problem;
* a synthetic programme of 40 capabilities x 10 options (10**40 portfolios: no
  enumeration), where each sample is one exact MILP in a process pool across the cores,
  against one plain ``solve``. Fewer samples by default (``--large-samples``), timed and
  reported per sample; 10,000 samples take that time x 10,000 / N.

The ratio "per sample / one solve" is the figure to watch: below 1 means the sampling is
cheaper than re-solving from scratch (enumeration, or the pool across cores).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from bench_portfolio import instance
from diversify.engine import robust_portfolio as rp
from diversify.engine.portfolio import Constraints, solve
from diversify.engine.programme import plan, problem_of
from diversify.io.loader import bundled_scenario, load_scenario


def timed(fn, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=10_000)
    ap.add_argument("--large-samples", type=int, default=200)
    args = ap.parse_args()
    print(f"load average at start: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")

    data = load_scenario(bundled_scenario())
    base = plan(data, value_costs=False)
    problem = problem_of(base)
    one = timed(lambda: solve(problem, base.constraints))
    t = time.perf_counter()
    res = rp.robust(data, base, samples=args.samples, seed=1)
    total = time.perf_counter() - t
    per = total / args.samples
    print(
        f"bundled: {args.samples:,} samples in {total:.2f} s ({res.method}, "
        f"{res.feasible_portfolios:,} feasible portfolios): {1e3 * per:.3f} ms per sample; "
        f"one plain solve {1e3 * one:.1f} ms; per sample / one solve = {per / one:.3f}"
    )

    big = instance(40, 10, 0)
    cons = Constraints(bloc_caps={"US": 0.5})
    one = timed(lambda: solve(big, cons), repeat=3)
    rng = np.random.default_rng(1)
    values = np.clip(
        big.value[None, :] + rng.normal(0, 0.05, (args.large_samples, big.n_options)), 0, 1
    )
    with rp.Chooser(big, cons) as chooser:
        t = time.perf_counter()
        chooser.choose(values)
        total = time.perf_counter() - t
        method = "enumeration" if chooser.fs is not None else f"milp x {chooser.workers} workers"
    per = total / args.large_samples
    print(
        f"40 x 10: {args.large_samples:,} samples in {total:.2f} s ({method}): "
        f"{1e3 * per:.1f} ms per sample; one plain solve {1e3 * one:.1f} ms; "
        f"per sample / one solve = {per / one:.3f}; 10,000 samples ~ {per * 1e4:.0f} s"
    )


if __name__ == "__main__":
    main()
