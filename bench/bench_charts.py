"""Charts: each chart kind of progress/charts.py (a full page: 20 organizations, a 12-month S-curve, 20 × 12
compliance cells) against a minimal matplotlib figure of the same size (1080 × 1350 px, one bar; same DPI,
rendering settings and PNG encoding), on stock matplotlib. Two measurements per kind (goal for both: < 150 ms and
≤ 3× the floor):

- "cold": the first picture in a new Python process (after the imports: fonts opened and looked up for the first
  time), ``--first`` processes each for floor and chart, alternating, medians;
- "steady": in this process after a warm-up, ``--n`` alternating (floor, chart) pairs (the machine is shared),
  medians of each and of the per-pair ratios. Every picture is a new figure on a new canvas, as in the bot; what
  carries over is matplotlib's own process-wide font caches.

Printed: wall time, and CPU time of the rendering thread beside it.

    python bench/bench_charts.py [--n 30] [--first 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib

matplotlib.use("Agg")

from domain.periods import Period
from progress import charts


def minimal() -> bytes:
    """One bar on default axes, built, drawn and encoded exactly as the charts are (``charts.drawing`` settings,
    ``charts.new_figure``, ``charts.png_bytes``)."""
    with charts.drawing():
        fig = charts.new_figure()
        ax = fig.add_subplot()
        ax.barh(["a"], [1.0])
        return charts.png_bytes(fig)


def progress() -> bytes:
    items = [charts.ProgressItem(f"Dinas Uji Nomor {i}", f"ORG{i}", 35.0 + 3.1 * i, None, i % 5, 5) for i in range(20)]
    return charts.render_progress(charts.ProgressChartData("Tim Percepatan Uji", Period.quarter(2026, 1), items))


def scurve() -> bytes:
    points = [
        charts.SCurveChartPoint(Period.month(2026, m), 8.0 * m, 6.5 * m if m <= 9 else None, m in (7, 8))
        for m in range(1, 13)
    ]
    return charts.render_scurve(charts.SCurveChartData("Tim Percepatan Uji", 2026, points))


def compliance() -> bytes:
    states = list(charts.STATE_ORDER)
    rows = [
        charts.ComplianceChartRow(f"Dinas Uji {i}", [states[(i + m) % len(states)] for m in range(12)])
        for i in range(20)
    ]
    periods = [Period.month(2026, m) for m in range(1, 13)]
    return charts.render_compliance(charts.ComplianceChartData("Tim Percepatan Uji", periods, rows))


KINDS: dict[str, Callable[[], bytes]] = {
    "floor": minimal,
    "progress": progress,
    "s-curve": scurve,
    "compliance": compliance,
}
GOAL_MS, GOAL_RATIO = 150.0, 3.0


def _timed(fn: Callable[[], bytes]) -> tuple[float, float]:
    """Wall and CPU (this thread) milliseconds of one render."""
    w0, c0 = time.perf_counter(), time.thread_time()
    fn()
    return (time.perf_counter() - w0) * 1000, (time.thread_time() - c0) * 1000


def steady(fn: Callable[[], bytes], n: int) -> dict[str, float]:
    """``n`` pairs of (floor, subject) in this process, alternating which goes first; medians of each and of the
    per-pair ratios."""
    minimal()
    fn()  # warm-up: imports, fonts
    floor_w: list[float] = []
    floor_c: list[float] = []
    subj_w: list[float] = []
    subj_c: list[float] = []
    ratios: list[float] = []
    for i in range(n):
        if i % 2:
            sw, sc = _timed(fn)
            fw, fc = _timed(minimal)
        else:
            fw, fc = _timed(minimal)
            sw, sc = _timed(fn)
        floor_w.append(fw)
        floor_c.append(fc)
        subj_w.append(sw)
        subj_c.append(sc)
        ratios.append(sw / fw)
    med = statistics.median
    return {
        "floor": med(floor_w),
        "ms": med(subj_w),
        "ratio": med(ratios),
        "floor_cpu": med(floor_c),
        "cpu": med(subj_c),
    }


def _first_in_new_process(kind: str) -> tuple[float, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--one", kind], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), float(out[1])


def cold(kind: str, n: int) -> dict[str, float]:
    """The first picture of ``kind`` and of the floor, each in ``n`` new processes (alternating); medians, and the
    ratio of the medians (the pairs are not concurrent, so a per-pair ratio says no more)."""
    floor_w: list[float] = []
    floor_c: list[float] = []
    subj_w: list[float] = []
    subj_c: list[float] = []
    for i in range(n):
        order = (kind, "floor") if i % 2 else ("floor", kind)
        for k in order:
            w, c = _first_in_new_process(k)
            (floor_w if k == "floor" else subj_w).append(w)
            (floor_c if k == "floor" else subj_c).append(c)
    med = statistics.median
    floor, ms = med(floor_w), med(subj_w)
    return {"floor": floor, "ms": ms, "ratio": ms / floor, "floor_cpu": med(floor_c), "cpu": med(subj_c)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30, help="steady: alternating (floor, chart) pairs per kind")
    parser.add_argument("--first", type=int, default=7, help="cold: new processes per kind, for floor and chart each")
    parser.add_argument("--one", choices=sorted(KINDS), help=argparse.SUPPRESS)  # internal: one cold render
    ns = parser.parse_args()
    if ns.one:
        wall, cpu = _timed(KINDS[ns.one])
        print(f"{wall:.2f} {cpu:.2f}")
        return 0
    print(
        f"charts on matplotlib {matplotlib.__version__}, medians; cold: {ns.first} new processes each, steady:"
        f" {ns.n} alternating pairs (floor, chart); {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    for name, fn in KINDS.items():
        if name == "floor":
            continue
        for label, m in (("cold", cold(name, ns.first)), ("steady", steady(fn, ns.n))):
            met = "met" if m["ms"] < GOAL_MS and m["ratio"] <= GOAL_RATIO else "MISSED"
            print(
                f"  {name:<11} {label:<6} {m['ms']:4.0f} ms  floor {m['floor']:3.0f} ms  ratio {m['ratio']:4.2f}x"
                f"  (CPU {m['cpu']:4.0f} / {m['floor_cpu']:3.0f} ms = {m['cpu'] / m['floor_cpu']:4.2f}x)"
                f"  {len(fn()) // 1024} KiB  goal < {GOAL_MS:.0f} ms and <= {GOAL_RATIO:.0f}x: {met}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
