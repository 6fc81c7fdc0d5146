"""Cost that grows with the work: long option lists and large programmes (issue 14).

Generates synthetic scenarios in a temporary folder (10 criteria: a cost from typed unit
costs, a fixed-anchor delivery, three levels criteria and five local linear ones; every
figure with a low/high range and a source, as real files have) and prints, in one run:

* ``diversify score --format json`` on 1 capability x 25, 100 and 400 options, and the
  growth ratio 400/25 (target: under 4, start-up included). JSON is the format that adds
  the stability intervals and the leader's SMAA-2 acceptability, so it is the costliest;
* ``diversify score --format json`` on a programme of 50 capabilities x 100 options x 10
  criteria against a plain libyaml parse of the same files in one process
  (``yaml.compose`` with PyYAML's ``CSafeLoader``; target: under 3x);
* ``diversify score A B C`` (batch mode, one process) on three scenarios against three
  separate runs, to show the start-up paid once;
* ``diversify score`` on the bundled scenario against ``python -c "import typer"``, the
  floor of any Typer command (target: under 4x).

Every figure is the median of ``--runs`` wall-clock runs of a fresh process (after one
warm-up), so the ratios compare like with like on the same machine in the same run.

Run:  .venv/bin/python benchmarks/bench_scale.py [--runs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench_cli import _cli, _time_processes  # same folder: the script's own path entry

LEVELS = ("none", "low", "medium", "high", "full")
TARGET_GROWTH = 4.0
TARGET_PARSE = 3.0
TARGET_START = 4.0


def _criteria_yaml() -> str:
    lines = ["# Synthetic criteria: 10, the size of a real options analysis.", "criteria:"]
    lines += [
        "  - id: cost",
        "    name: Unit cost",
        "    unit: CAD million per unit",
        "    direction: min",
        "    from: unit_cost",
        "    value_function: {kind: linear}",
        "  - id: delivery",
        "    name: Time to first delivery",
        "    unit: months",
        "    direction: min",
        "    value_function: {kind: linear, worst: 120, best: 0}",
    ]
    for k in range(3):
        levels = ", ".join(f"{name}: {i / 4:g}" for i, name in enumerate(LEVELS))
        lines += [
            f"  - id: level{k}",
            f"    name: Ordinal criterion {k}",
            "    value_function:",
            "      kind: levels",
            f"      levels: {{{levels}}}",
        ]
    for k in range(5):
        lines += [
            f"  - id: figure{k}",
            f"    name: Ratio criterion {k}",
            "    unit: points",
            f"    direction: {'max' if k % 2 else 'min'}",
            "    value_function: {kind: linear}",
        ]
    ids = ["cost", "delivery", *(f"level{k}" for k in range(3)), *(f"figure{k}" for k in range(5))]
    points = ", ".join(f"{c}: {10 + 3 * i}" for i, c in enumerate(ids))
    lines += ["profiles:", f"  balanced: {{{points}}}", ""]
    return "\n".join(lines)


def _suppliers_yaml(cap: int, options: int, seed: int) -> str:
    """One capability with ``options`` options; figures from a small LCG (no numpy needed)."""
    state = seed * 7919 + cap * 104729 + 1

    def rnd() -> float:
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (state >> 11) / 2**53

    countries = ("KR", "DE", "FR", "US", "SE", "NO", "IT", "GB", "CA", "PL")
    out = [
        f"# Synthetic capability {cap}: {options} candidate offers.",
        f"capability: {{id: cap{cap}, name: Capability {cap}, quantity: {10 + cap}}}",
        "options:",
    ]
    for i in range(options):
        cost = round(5 + 95 * rnd(), 2)
        out += [
            f"  - id: opt{i}",
            f"    system: System {cap}-{i}",
            f"    supplier: Supplier {i % 37}",
            f"    country: {countries[i % len(countries)]}",
            f"    unit_cost: {{value: {cost}, currency: CAD, year: 2025, "
            f"low: {round(cost * 0.8, 2)}, high: {round(cost * 1.3, 2)}, source: synthetic}}",
            "    values:",
            f"      delivery: {{value: {int(12 + 70 * rnd())}, low: 10, high: 96, "
            "source: synthetic}",
        ]
        out += [f"      level{k}: {LEVELS[int(rnd() * len(LEVELS))]}" for k in range(3)]
        for k in range(5):
            v = round(1 + 99 * rnd(), 1)
            out.append(
                f"      figure{k}: {{value: {v}, low: {round(v * 0.9, 1)}, "
                f"high: {round(v * 1.1, 1)}, source: synthetic}}"
            )
    out.append("")
    return "\n".join(out)


def write_scenario(folder: Path, capabilities: int, options: int, seed: int = 1) -> Path:
    """A scenario with ``capabilities`` x ``options`` x 10 criteria; returns its path."""
    (folder / "criteria").mkdir(parents=True, exist_ok=True)
    (folder / "suppliers").mkdir(exist_ok=True)
    (folder / "criteria" / "default.yaml").write_text(_criteria_yaml(), encoding="utf-8")
    for cap in range(capabilities):
        text = _suppliers_yaml(cap, options, seed)
        (folder / "suppliers" / f"cap{cap:03d}.yaml").write_text(text, encoding="utf-8")
    scenario = folder / "scenario.yaml"
    scenario.write_text(
        "\n".join(
            [
                f"name: Synthetic {capabilities} x {options} x 10",
                "criteria: criteria/default.yaml",
                "suppliers: [suppliers/*.yaml]",
                "profile: balanced",
                "currency: CAD",
                "rates: {source: synthetic, as_of: 2025-12}",
                "method: mavt",
                "screening: {delivery: {max: 90}}",
                "robustness: {samples: 2000, seed: 7}",
                "",
            ]
        ),
        encoding="utf-8",
    )
    return scenario


def _time(cmds: Sequence[Sequence[str]], runs: int) -> list[float]:
    """Median wall-clock seconds of each command (bench_cli's round-robin timing)."""
    return [statistics.median(t) for t in _time_processes(cmds, runs)]


PARSE_SCRIPT = """
import sys, yaml
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.compose(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def _verdict(ratio: float, target: float) -> str:
    return f"{'met' if ratio < target else 'NOT met'} (target under {target:g}x)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions per figure (median)")
    parser.add_argument("--keep", type=Path, help="write the scenarios here and keep them")
    args = parser.parse_args(argv)
    runs = max(1, args.runs)
    py = sys.executable
    cli = _cli()

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        sizes = (25, 100, 400)
        single = {m: write_scenario(root / f"one-{m}", 1, m) for m in sizes}
        big = write_scenario(root / "programme-50x100", 50, 100)
        lines = sum(
            len(p.read_text(encoding="utf-8").splitlines()) for p in big.parent.rglob("*.yaml")
        )
        batch = [write_scenario(root / f"batch-{k}", 3, 25, seed=k) for k in range(3)]
        print(f"measuring {runs} runs each (+1 warm-up) …", file=sys.stderr)

        growth = _time([[*cli, "score", str(single[m]), "-f", "json"] for m in sizes], runs)
        prog, parse = _time(
            [
                [*cli, "score", str(big), "-f", "json"],
                [py, "-c", PARSE_SCRIPT, str(big.parent)],
            ],
            runs,
        )
        together, *apart = _time(
            [
                [*cli, "score", *map(str, batch), "-f", "json"],
                *([*cli, "score", str(b), "-f", "json"] for b in batch),
            ],
            runs,
        )
        typer_t, bundled_t = _time([[py, "-c", "import typer"], [*cli, "score"]], runs)

    print()
    print(
        f"diversify scale benchmark · Python {platform.python_version()} · "
        f"{platform.system()} {platform.machine()} · {os.cpu_count()} CPUs · median of {runs}"
    )
    if hasattr(os, "getloadavg"):
        print(f"load average (1 min) at the end: {os.getloadavg()[0]:.2f}")
    print()
    print("diversify score -f json, 1 capability x m options x 10 criteria:")
    for m, t in zip(sizes, growth, strict=True):
        print(f"  m = {m:4d}  {t:8.2f} s")
    ratio = growth[-1] / growth[0]
    print(f"  growth 400/25: {ratio:.2f}x  {_verdict(ratio, TARGET_GROWTH)}")
    print()
    print(f"programme 50 capabilities x 100 options x 10 criteria ({lines:,} YAML lines):")
    print(f"  diversify score -f json        {prog:8.2f} s")
    print(f"  libyaml parse (CSafeLoader)    {parse:8.2f} s")
    print(f"  ratio: {prog / parse:.2f}x  {_verdict(prog / parse, TARGET_PARSE)}")
    print()
    print("batch mode, 3 scenarios x 3 capabilities x 25 options:")
    print(f"  one process (score A B C)      {together:8.2f} s")
    print(f"  three processes                {sum(apart):8.2f} s")
    print()
    print("start-up, bundled scenario:")
    print(f"  diversify score (table)        {bundled_t:8.2f} s")
    print(f'  python -c "import typer"       {typer_t:8.2f} s')
    print(f"  ratio: {bundled_t / typer_t:.2f}x  {_verdict(bundled_t / typer_t, TARGET_START)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
