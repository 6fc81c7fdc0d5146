"""CLI start-up and scoring time, against ``python -c "import skcriteria"`` in the same run.

Why this baseline: scoring needs scikit-criteria, whose import (scikit-learn, scipy,
pandas, matplotlib) is the floor for any command that ranks; ``diversify --help`` should
cost a small fraction of it because the CLI imports its heavy modules lazily. All figures
are measured in one run on one machine, so the ratios are comparable even when the
absolute times are not.

Measured, each the median of ``--runs`` repetitions (after one warm-up, so the disk cache
is warm for everyone):

* subprocesses (what a user waits for): the interpreter alone, the baseline, ``diversify
  --help``, ``diversify score`` on the bundled scenario (table) and ``--format json``;
* in-process (what the engine costs once loaded): loading the bundled scenario, scoring it
  (preparation + ranking of all seven capabilities), and the interactive path, re-ranking
  with new weights while reusing :func:`~diversify.engine.scoring.prepare_all`.

Run:  .venv/bin/python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def _cli() -> list[str]:
    """The installed ``diversify`` console script (what users run), else ``python -m``."""
    script = Path(sys.executable).with_name("diversify")
    return [str(script)] if script.exists() else [sys.executable, "-m", "diversify"]


def _time_processes(cmds: Sequence[Sequence[str]], runs: int) -> list[list[float]]:
    """Wall-clock seconds of ``runs`` runs of each command; every run must succeed.

    The commands take turns (round-robin) rather than running in blocks, so that a change
    in machine load during the benchmark affects the baseline and the CLI alike. The first
    round only warms the disk cache and is not counted.
    """
    env = {**os.environ, "COLUMNS": "80"}
    times: list[list[float]] = [[] for _ in cmds]
    for i in range(runs + 1):
        for j, cmd in enumerate(cmds):
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
            elapsed = time.perf_counter() - t0
            if proc.returncode != 0:
                sys.exit(f"`{' '.join(cmd)}` failed ({proc.returncode}): {proc.stderr.decode()}")
            if i:
                times[j].append(elapsed)
    return times


def _time_call(fn: Callable[[], Any], runs: int, inner: int = 1) -> list[float]:
    """Seconds per call of ``fn`` (each sample averages ``inner`` calls), after a warm-up."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return times


def _fmt(seconds: float) -> str:
    return f"{seconds * 1000:9.1f} ms" if seconds >= 0.001 else f"{seconds * 1e6:9.1f} µs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="repetitions per figure (median)")
    parser.add_argument("--inner", type=int, default=20, help="calls per in-process sample")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    py = sys.executable
    cli = _cli()

    rows: list[tuple[str, list[float]]] = []
    print(f"measuring {runs} runs each (+1 warm-up) …", file=sys.stderr)
    processes = [
        ("python -c pass (interpreter alone)", [py, "-c", "pass"]),
        ('python -c "import skcriteria"  [baseline]', [py, "-c", "import skcriteria"]),
        ("diversify --help", [*cli, "--help"]),
        ("diversify score  (bundled, table)", [*cli, "score"]),
        ("diversify score --format json", [*cli, "score", "--format", "json"]),
    ]
    timed = _time_processes([cmd for _, cmd in processes], runs)
    rows += [(label, t) for (label, _), t in zip(processes, timed, strict=True)]

    # In-process: import everything first, so only the work itself is timed.
    import skcriteria  # noqa: F401  (the import is what a cold score would pay)

    from diversify.engine import scoring
    from diversify.engine.methods import METHODS  # noqa: F401
    from diversify.io.loader import load_scenario

    data = load_scenario(None)
    rows.append(
        ("load bundled scenario (in-process)", _time_call(lambda: load_scenario(None), runs))
    )
    rows.append(
        ("score bundled, loaded (engine only)", _time_call(lambda: scoring.score(data), runs))
    )
    preps = scoring.prepare_all(data)
    criteria = [c.id for c in data.criteria]
    variants = [{c: float((i + k) % 5 + 1) for k, c in enumerate(criteria)} for i in range(5)]
    state = {"i": 0}

    def next_weights() -> dict[str, float]:
        state["i"] += 1
        return variants[state["i"] % len(variants)]

    rows.append(
        (
            "re-rank, new weights, reuse prepare_all",
            _time_call(
                lambda: scoring.score(data, weights=next_weights(), prepared=preps),
                runs,
                args.inner,
            ),
        )
    )
    rerank = getattr(scoring, "rerank", None)
    if rerank is not None:  # the TUI's numpy fast path for MAVT
        rows.append(
            (
                "  same via rerank() (MAVT fast path)",
                _time_call(lambda: rerank(preps, next_weights(), "mavt"), runs, args.inner),
            )
        )

    base_med = statistics.median(rows[1][1])
    base_min = min(rows[1][1])
    print()
    print(
        f"diversify CLI benchmark · Python {platform.python_version()} · "
        f"{platform.system()} {platform.machine()} · {os.cpu_count()} CPUs · median of {runs}"
    )
    if hasattr(os, "getloadavg"):
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        print("PYTHONDONTWRITEBYTECODE is set: modules without a cached .pyc compile every start")
    print()
    print(f"{'what':42} {'median':>12} {'min':>12}   {'÷ baseline (median, min)':>24}")
    print("-" * 96)
    for label, times in rows:
        med, low = statistics.median(times), min(times)
        ratios = f"{med / base_med:10.3g}x {low / base_min:10.3g}x"
        print(f"{label:42} {_fmt(med):>12} {_fmt(low):>12}   {ratios:>24}")
    print()
    print(
        'baseline = python -c "import skcriteria". Subprocess rows are wall-clock times of a '
        "fresh process;\nin-process rows exclude imports. Below 1x is faster than importing "
        "scikit-criteria alone.\nOn a busy machine trust the min column more than the median."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
