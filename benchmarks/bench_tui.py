"""Terminal UI latency: from a weight key press to the updated ranking on screen.

Runs the real app headless (Textual's ``run_test``), presses the raise/lower-weight keys
alternately (the same key event ``Pilot.press`` sends, posted to the app's driver, so
the harness's own idle waits are not counted), and for each press waits until the
ranking widget has painted the ranking of that change (the widget records the
generation it last drew; the figure includes the worker, the message back, the screen
update and the paint). Reports the median and
95th percentile over N presses, next to the engine's own re-rank time measured in the
same run: inside the app (the time the app itself recorded for each re-ranking, in a
worker or, for fast MAVT re-rankings, inline), and called directly on the same prepared
data.

The app is the one ``diversify tui`` runs, with the robustness analyses (stability
intervals beside the weights after 50 ms of quiet, the SMAA panel after 250 ms, both in
worker threads). Pressed back to back, as a held key would be, the analyses wait for
quiet; paced (``--pace``, default 0.26 s for one extra bundled run), each press lands
while the previous press's analyses run, which is what a person typing sees.

Two scenarios: the bundled Canada scenario, and a synthetic one of 50 capabilities x 10
options x 8 criteria written to temporary YAML files (seeded, so every run is the same).
Target: median key-to-screen under 50 ms for the bundled scenario.

Then the typing path: 30 digits then a letter typed into the weight field, each key timed
to the screen (target: every key under 50 ms); and start-up (target: the first ranking
under 1.5 s), the median of ``--runs`` fresh processes: headless to the first paint and
to the first ranking, with the CPU time and a bare Textual app's first paint measured in
the same run as the baseline; and the real ``diversify tui`` in a pseudo-terminal (first
frame, first ranking, CPU time).

Run:  .venv/bin/python benchmarks/bench_tui.py [--presses N] [--method mavt] [--pace S]
      [--runs N] [--startup-only]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

TARGET_MS = 50.0
STARTUP_TARGET_S = 1.5
COUNTRIES = ("US", "DE", "FR", "KR", "CA", "GB", "IT", "SE", "NO", "PL")
LEVELS = ("none", "low", "medium", "high")


def write_synthetic(folder: Path, capabilities: int = 50, options: int = 10, seed: int = 7) -> Path:
    """A seeded scenario of ``capabilities`` x ``options`` x 8 criteria; returns its path."""
    rng = np.random.default_rng(seed)
    (folder / "suppliers").mkdir(parents=True)
    level_map = "{none: 0.0, low: 0.3, medium: 0.6, high: 1.0}"
    crits = [
        "  - {id: cost, name: Unit cost, unit: CAD million, direction: min, from: unit_cost,"
        " value_function: {kind: linear}}",
        "  - {id: delivery, name: Delivery, unit: months, direction: min,"
        " value_function: {kind: linear, worst: 120, best: 0}}",
        "  - {id: range, name: Range, unit: km, value_function: {kind: linear}}",
        "  - {id: crew, name: Crew, unit: people, direction: min, value_function: {kind: linear}}",
    ]
    for cid in ("interop", "itb", "transfer", "export"):
        crits.append(
            f"  - {{id: {cid}, name: {cid.title()}, value_function: {{kind: levels,"
            f" levels: {level_map}}}}}"
        )
    ids = ["cost", "delivery", "range", "crew", "interop", "itb", "transfer", "export"]
    (folder / "criteria.yaml").write_text(
        "criteria:\n"
        + "\n".join(crits)
        + "\nprofiles:\n  balanced: {"
        + ", ".join(f"{c}: {p}" for c, p in zip(ids, (20, 15, 10, 5, 15, 15, 10, 10), strict=True))
        + "}\n"
    )
    for k in range(capabilities):
        lines = [
            f"capability: {{id: cap{k:02d}, name: Capability {k:02d}, quantity: {10 + k}}}",
            "options:",
        ]
        for j in range(options):
            lv = rng.integers(0, len(LEVELS), size=4)
            lines += [
                f"  - id: opt{j:02d}",
                f"    system: System {k:02d}-{j:02d}",
                f"    supplier: Supplier {j:02d}",
                f"    country: {COUNTRIES[int(rng.integers(len(COUNTRIES)))]}",
                f"    unit_cost: {{value: {rng.uniform(5, 50):.2f}, currency: CAD, year: 2025,"
                ' source: "synthetic"}',
                f"    values: {{delivery: {int(rng.integers(6, 96))}, range: "
                f"{int(rng.integers(20, 300))}, crew: {int(rng.integers(2, 12))}, "
                + ", ".join(f"{c}: {LEVELS[int(v)]}" for c, v in zip(ids[4:], lv, strict=True))
                + "}",
            ]
        (folder / "suppliers" / f"cap{k:02d}.yaml").write_text("\n".join(lines) + "\n")
    (folder / "scenario.yaml").write_text(
        "name: Synthetic 50 x 10 x 8\ncriteria: criteria.yaml\nsuppliers: [suppliers/*.yaml]\n"
        "profile: balanced\ncurrency: CAD\nrates: {source: none}\nmethod: mavt\n"
    )
    return folder / "scenario.yaml"


async def measure(
    scenario: Path | None, presses: int, method: str, pace: float = 0.0
) -> dict[str, float]:
    """Median key-to-screen (ms) and the engine's re-rank times, for one scenario.

    ``pace`` seconds pass between a press's ranking on screen and the next press (0: at
    once), so the analyses that wait for quiet run in between.
    """
    from textual import events

    from diversify.engine.scoring import rerank
    from diversify.tui.app import make_app
    from diversify.tui.widgets import RankingTable

    app = make_app(scenario)
    key_to_screen: list[float] = []
    in_worker: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(6000):
            if app.ranking is not None:
                break
            await pilot.pause(0.01)
        assert app.ranking is not None, "the app never became ready"
        if method != app.method:
            app.method = method
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(RankingTable)
        driver = app._driver
        assert driver is not None
        for i in range(presses + 3):  # the first presses warm caches up; not counted
            target = app._generation + 1
            key = "right" if i % 2 == 0 else "left"
            start = time.perf_counter()
            # The key event Pilot.press sends, without the test harness's idle waits.
            driver.send_message(events.Key(key, None))
            while table.painted_generation < target:
                await asyncio.sleep(0.0002)
            elapsed = (time.perf_counter() - start) * 1000
            await pilot.pause()  # let the rest of the frame finish before the next press
            if pace:
                await asyncio.sleep(pace)
            assert app.ranking is not None and app.ranking.generation == target
            if i >= 3:
                key_to_screen.append(elapsed)
                in_worker.append(app.ranking.elapsed_ms)
        prepared, weights = app.prepared, app.weights
        params = app.method_params()
    assert prepared is not None and weights is not None
    points = weights.as_dict()
    direct = []
    for _ in range(max(presses, 20)):
        t0 = time.perf_counter()
        rerank(prepared, points, method, params)
        direct.append((time.perf_counter() - t0) * 1000)
    return {
        "key_to_screen_median": statistics.median(key_to_screen),
        "key_to_screen_p95": float(np.percentile(key_to_screen, 95)),
        "engine_in_worker_median": statistics.median(in_worker),
        "engine_direct_median": statistics.median(direct),
        "capabilities": float(len(prepared)),
        "options": float(sum(len(p.options) for p in prepared)),
    }


async def measure_typing(scenario: Path | None, digits: int = 30) -> dict[str, float]:
    """Per key (ms), typing ``digits`` digits then a letter into the weight field.

    The field used Textual's ``type="number"`` pattern, which backtracks exponentially on
    digits followed by a letter (20 digits then one letter froze the app for 25 s); each
    key is timed from the driver to the field showing it (or, for the letter, to the
    sentence under the field saying it wants a number).
    """
    from textual import events
    from textual.widgets import Input, Static

    from diversify.tui.app import make_app
    from diversify.tui.screens.dialogs import TypeWeightScreen

    app = make_app(scenario, analyses=())
    per_key: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(6000):
            if app.ranking is not None:
                break
            await pilot.pause(0.01)
        await pilot.press("enter")
        for _ in range(1000):
            if isinstance(app.screen, TypeWeightScreen) and app.screen.query(Input):
                break
            await pilot.pause(0.01)
        await pilot.pause()
        field = app.screen.query_one(Input)
        error = app.screen.query_one("#error", Static)
        driver = app._driver
        assert driver is not None
        for k, char in enumerate("1234567890" * (digits // 10) + "a"):
            start = time.perf_counter()
            driver.send_message(events.Key(char, char))
            if char.isdigit():
                while len(field.value) < k + 1:
                    await asyncio.sleep(0.0002)
            else:
                while "number" not in str(error.render()):
                    await asyncio.sleep(0.0002)
            per_key.append((time.perf_counter() - start) * 1000)
            await pilot.pause()
    return {"median": statistics.median(per_key), "max": max(per_key), "keys": len(per_key)}


STARTUP = """
import time
t0 = time.perf_counter()
import asyncio
async def main():
    from diversify.tui.app import make_app
    from diversify.tui.widgets import RankingTable
    app = make_app(None)
    async with app.run_test(size=(120, 40)) as pilot:
        painted = None
        while True:
            tables = app.screen.query(RankingTable)
            if painted is None and tables:
                painted = time.perf_counter() - t0
            if tables and tables.first().painted_generation > 0:
                break
            await asyncio.sleep(0.002)
        print(painted, time.perf_counter() - t0, time.process_time())
asyncio.run(main())
"""

BARE_TEXTUAL = """
import time
t0 = time.perf_counter()
import asyncio
async def main():
    from textual.app import App
    from textual.widgets import Static
    class Bare(App[None]):
        def compose(self):
            yield Static("ready", id="ready")
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.screen.query("#ready"):
            await asyncio.sleep(0.002)
        print(time.perf_counter() - t0, time.perf_counter() - t0, time.process_time())
asyncio.run(main())
"""


def measure_startup(runs: int = 5) -> dict[str, float]:
    """Seconds from a fresh interpreter to the first paint and to the first ranking.

    A new process each run (imports are part of start-up), the bundled scenario, the
    app ``diversify tui`` runs (analyses included), headless; interpreter start itself
    not counted. First paint: the main screen is up (the scenario is read after it);
    first ranking: the ranking table has drawn the engine's ranking. ``cpu`` is the
    process's CPU time (every thread) at the first ranking: what load on the machine
    does not change. The baseline, measured in the same run: a bare Textual app (one
    Static) to its first paint, the least any Textual app costs on this machine now.
    """
    import subprocess
    import sys

    def median_of(script: str) -> tuple[float, float, float]:
        rows = []
        for _ in range(runs):
            out = subprocess.run(
                [sys.executable, "-c", script], capture_output=True, text=True, check=True
            ).stdout.split()
            rows.append(tuple(float(x) for x in out))
        paint, ranking, cpu = zip(*rows, strict=True)
        return statistics.median(paint), statistics.median(ranking), statistics.median(cpu)

    bare = median_of(BARE_TEXTUAL)
    paint, ranking, cpu = median_of(STARTUP)
    return {
        "first_paint": paint,
        "first_ranking": ranking,
        "cpu": cpu,
        "bare_textual": bare[0],
        "bare_cpu": bare[2],
    }


def measure_command(runs: int = 5, size: tuple[int, int] = (120, 40)) -> dict[str, float] | None:
    """The real ``diversify tui`` in a pseudo-terminal: seconds to the first frame and
    to the first ranking, from the process's start (interpreter and CLI included).

    The terminal output is read as it comes, escape sequences stripped: the frame is up
    when a panel title (``Capabilities``) has been written, the ranking when the ranking
    table's header (``# Δ System``) has. Then ``q`` quits (nothing unsaved). ``cpu`` is
    the process's CPU time at the ranking (from /proc). None where there are no
    pseudo-terminals (not POSIX).
    """
    try:
        import fcntl
        import pty
        import re
        import select
        import struct
        import subprocess
        import sys
        import termios
    except ImportError:
        return None
    ansi = re.compile(
        rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)"
    )
    header = re.compile(r"#\s+Δ\s+System".encode())
    frames, rankings, cpus = [], [], []
    for _ in range(runs):
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        env = {**os.environ, "TERM": "xterm-256color"}
        code = "from diversify.cli.main import run; run()"
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", code, "tui"],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        seen, frame, ranked, cpu = b"", None, None, float("nan")
        while time.perf_counter() - start < 60 and ranked is None:
            ready, _, _ = select.select([master], [], [], 0.005)
            if not ready:
                continue
            try:
                seen += os.read(master, 1 << 16)
            except OSError:
                break
            text = ansi.sub(b"", seen)
            if frame is None and b"Capabilities" in text:
                frame = time.perf_counter() - start
            if header.search(text):
                ranked = time.perf_counter() - start
                try:
                    with open(f"/proc/{proc.pid}/stat") as stat:
                        fields = stat.read().rsplit(")", 1)[1].split()
                    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                except OSError:
                    pass
        os.write(master, b"q")
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        os.close(master)
        if frame is None or ranked is None:
            raise RuntimeError("diversify tui never showed its ranking in the pseudo-terminal")
        frames.append(frame)
        rankings.append(ranked)
        cpus.append(cpu)
    return {
        "first_paint": statistics.median(frames),
        "first_ranking": statistics.median(rankings),
        "cpu": statistics.median(cpus),
    }


def keys(args: argparse.Namespace) -> None:
    """Key-to-screen for held and paced keys on both scenarios, then the typing path."""
    print(f"median of {args.presses} key presses (right/left alternately), method {args.method}")
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = write_synthetic(Path(tmp) / "synthetic")
        paced = f"bundled, {1000 * args.pace:.0f} ms"
        rows = [
            ("bundled Canada", asyncio.run(measure(None, args.presses, args.method))),
            (paced, asyncio.run(measure(None, args.presses, args.method, args.pace))),
            ("synthetic 50x10x8", asyncio.run(measure(synthetic, args.presses, args.method))),
        ]
    head = f"{'scenario':<19}{'caps':>5}{'opts':>6}{'key->screen':>13}{'p95':>10}"
    head += f"{'engine (in app)':>17}{'engine (direct)':>17}"
    print(head)
    for name, r in rows:
        print(
            f"{name:<19}{r['capabilities']:>5.0f}{r['options']:>6.0f}"
            f"{r['key_to_screen_median']:>10.1f} ms{r['key_to_screen_p95']:>7.1f} ms"
            f"{r['engine_in_worker_median']:>14.2f} ms{r['engine_direct_median']:>14.2f} ms"
        )
    bundled = rows[0][1]["key_to_screen_median"]
    verdict = "met" if bundled < TARGET_MS else "NOT met"
    print(f"target: bundled key-to-screen under {TARGET_MS:.0f} ms: {verdict} ({bundled:.1f} ms)")
    typing = asyncio.run(measure_typing(None, args.digits))
    verdict = "met" if typing["max"] < TARGET_MS else "NOT met"
    print(
        f"typing {args.digits} digits then a letter into the weight field: "
        f"{typing['median']:.1f} ms median, {typing['max']:.1f} ms worst key "
        f"(target every key under {TARGET_MS:.0f} ms: {verdict})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=60)
    parser.add_argument("--method", default="mavt")
    parser.add_argument("--pace", type=float, default=0.26, help="seconds between paced presses")
    parser.add_argument("--digits", type=int, default=30, help="digits typed into the field")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per start-up figure")
    parser.add_argument(
        "--startup-only", action="store_true", help="only the start-up figures (quick)"
    )
    args = parser.parse_args()
    print(f"diversify TUI latency · {platform.python_version()} · {platform.machine()}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} CPUs, load average {load:.1f} (other processes slow every figure)")
    if not args.startup_only:
        keys(args)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    start = measure_startup(args.runs)
    verdict = "met" if start["first_ranking"] < STARTUP_TARGET_S else "NOT met"
    print(
        f"start-up (fresh process, bundled, headless, median of {args.runs}, load {load:.1f}): "
        f"first paint {start['first_paint']:.2f} s, first ranking {start['first_ranking']:.2f} s "
        f"({start['cpu']:.2f} CPU s) (target first ranking under {STARTUP_TARGET_S} s: "
        f"{verdict}); a bare Textual app paints in {start['bare_textual']:.2f} s "
        f"({start['bare_cpu']:.2f} CPU s): first ranking "
        f"x{start['first_ranking'] / start['bare_textual']:.1f} that"
    )
    command = measure_command(args.runs)
    if command is not None:
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        verdict = "met" if command["first_ranking"] < STARTUP_TARGET_S else "NOT met"
        print(
            f"`diversify tui` in a 120x40 pseudo-terminal (interpreter and CLI included, "
            f"median of {args.runs}, load {load:.1f}): first frame "
            f"{command['first_paint']:.2f} s, first ranking {command['first_ranking']:.2f} s "
            f"({command['cpu']:.2f} CPU s) (target under {STARTUP_TARGET_S} s: {verdict})"
        )


if __name__ == "__main__":
    main()
