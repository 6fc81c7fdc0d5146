"""SMAA-2 throughput: 1,000,000 weight samples x 20 options x 8 criteria.

Measures diversify's vectorised, chunked SMAA-2 (time and peak memory) against the obvious
alternative, evaluating the very same weight samples one by one with scikit-criteria's
``WeightedSumModel`` (timed on a subsample in the same run and extrapolated), and prints
the ratio and whether the issue's targets (under 3 s, under 500 MB) are met.

Run:  .venv/bin/python benchmarks/bench_smaa.py [--samples N] [--subsample K] [--seed S]
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np

from diversify.engine.sampling import make_weight_sampler
from diversify.engine.smaa import SmaaResult, smaa2, weight_samples

TARGET_SECONDS = 3.0
TARGET_MB = 500.0


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024.0 if sys.platform != "darwin" else peak / 2**20


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t0


def _peak_traced(fn: Callable[[], Any]) -> float:
    """Peak memory allocated while ``fn`` runs (numpy reports its buffers to tracemalloc)."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1e6


def _skcriteria_one_by_one(values: np.ndarray, samples: np.ndarray) -> tuple[np.ndarray, float]:
    """Rank counts from scikit-criteria, one ``WeightedSumModel`` evaluation per sample."""
    import skcriteria as skc
    from skcriteria.agg.simple import WeightedSumModel

    m, n = values.shape
    dm = skc.mkdm(values, [max] * n, weights=np.full(n, 1.0 / n))
    model = WeightedSumModel()
    counts = np.zeros((m, m), dtype=np.int64)
    rows = np.arange(m)
    t0 = time.perf_counter()
    for w in samples:
        rank = model.evaluate(dm.replace(weights=w)).rank_
        counts[rows, np.asarray(rank) - 1] += 1
    return counts, time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--subsample", type=int, default=200)
    parser.add_argument("--options", type=int, default=20)
    parser.add_argument("--criteria", type=int, default=8)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    n_samples, m, n = args.samples, args.options, args.criteria

    rng = np.random.default_rng(args.seed)
    values = rng.random((m, n))
    current = rng.random(n) + 0.1
    current /= current.sum()
    low = np.clip(values - 0.1, 0.0, 1.0)
    high = np.clip(values + 0.1, 0.0, 1.0)
    simplex = make_weight_sampler("simplex", n=n)
    margin = make_weight_sampler("margin", n=n, weights=current, margin=0.2)

    def run(sampler: Any, **kw: Any) -> SmaaResult:
        return smaa2(values, sampler, n_samples=n_samples, seed=args.seed, **kw)

    smaa2(values, simplex, n_samples=10_000, seed=0)  # warm-up: first-call costs

    rss_before = _rss_mb()
    cases: list[tuple[str, Callable[[], SmaaResult], bool]] = [
        ("smaa2, weights uniform on simplex", lambda: run(simplex), True),
        ("smaa2, weights within +/-20% margin", lambda: run(margin), True),
        (
            "smaa2, margin + values uniform in ranges",
            lambda: run(margin, values_low=low, values_high=high, value_kind="uniform"),
            False,
        ),
    ]
    rows = []
    rss_delta = 0.0
    for label, fn, headline in cases:
        _, secs = _timed(fn)
        if headline:
            rss_delta = max(rss_delta, _rss_mb() - rss_before)
        rows.append((label, secs, _peak_traced(fn), headline))

    # scikit-criteria on the very same weight samples (the simplex case's first K draws).
    same = weight_samples(simplex, n, n_samples, args.seed)[: args.subsample]
    sk_counts, sk_secs = _skcriteria_one_by_one(values, same)
    agree = np.array_equal(sk_counts, smaa2(values, same, seed=args.seed).rank_counts)
    sk_total = sk_secs / args.subsample * n_samples

    head = rows[0]
    print(f"SMAA-2 benchmark: {n_samples:,} weight samples x {m} options x {n} criteria")
    print(
        f"machine: {platform.machine()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, seed {args.seed}"
    )
    print()
    print(f"{'path':<44} {'time (s)':>10} {'samples/s':>12} {'peak MB':>9}")
    print("-" * 78)
    for label, secs, peak, _ in rows:
        print(f"{label:<44} {secs:>10.2f} {n_samples / secs:>12,.0f} {peak:>9.1f}")
    print(
        f"{'scikit-criteria WeightedSumModel, 1 by 1':<44} {sk_total:>10.1f} "
        f"{n_samples / sk_total:>12,.0f} {'':>9}"
    )
    print(
        f"  (measured {args.subsample} samples in {sk_secs:.2f} s, "
        f"{sk_secs / args.subsample * 1e3:.2f} ms each, extrapolated to {n_samples:,})"
    )
    print()
    print(f"speed-up over one-by-one scikit-criteria: {sk_total / head[1]:,.0f}x")
    print(f"rank counts on the {args.subsample} shared samples agree: {agree}")
    print(f"peak RSS growth during the weight-only runs (ru_maxrss delta): {rss_delta:.1f} MB")
    print()
    time_ok = head[1] < TARGET_SECONDS
    mem_ok = max(r[2] for r in rows) < TARGET_MB and rss_delta < TARGET_MB
    print(f"target time < {TARGET_SECONDS:.0f} s (simplex case): {'met' if time_ok else 'NOT met'}")
    print(f"target memory < {TARGET_MB:.0f} MB:               {'met' if mem_ok else 'NOT met'}")
    return 0 if time_ok and mem_ok and agree else 1


if __name__ == "__main__":
    raise SystemExit(main())
