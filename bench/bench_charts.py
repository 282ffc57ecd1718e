"""Charts: each chart kind of pantau/charts.py (a full page: 20 organizations, a 12-month S-curve, 20 × 12
compliance cells) against a minimal matplotlib figure of the same size (1080 × 1350 px, one bar; same DPI,
rendering settings and PNG encoding), rendered in this process. Floor and chart alternate in N pairs after a
warm-up (the machine is shared); printed: the median wall time of each, the median of the per-pair ratios, and the
same in CPU time of this thread (goals: ≤ 2× and < 300 ms).

Each kind is measured twice: "cold", the cache of rasterised strings (``charts.clear_text_cache``) emptied before
every render of floor and chart, as for the first picture with names, values and labels never drawn before (the
goal is judged on this); and "warm", the same picture again, every string already rasterised.

    python bench/bench_charts.py [--n 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib

matplotlib.use("Agg")

from domain.periods import Period
from pantau import charts


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


def _timed(fn: Callable[[], bytes], cold: bool) -> tuple[float, float]:
    """Wall and CPU (this thread) milliseconds of one render; ``cold``: with no string rasterised yet."""
    if cold:
        getattr(charts, "clear_text_cache", lambda: None)()  # (absent before 2026-11-22: nothing is cached)
    w0, c0 = time.perf_counter(), time.thread_time()
    fn()
    return (time.perf_counter() - w0) * 1000, (time.thread_time() - c0) * 1000


def measure(fn: Callable[[], bytes], n: int, cold: bool) -> dict[str, float]:
    """``n`` pairs of (floor, subject), alternating which goes first; medians of each and of the per-pair ratios."""
    minimal()
    fn()  # warm-up: fonts, caches
    floor_w: list[float] = []
    floor_c: list[float] = []
    subj_w: list[float] = []
    subj_c: list[float] = []
    ratios: list[float] = []
    for i in range(n):
        if i % 2:
            sw, sc = _timed(fn, cold)
            fw, fc = _timed(minimal, cold)
        else:
            fw, fc = _timed(minimal, cold)
            sw, sc = _timed(fn, cold)
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=30)
    ns = parser.parse_args()
    print(f"charts, {ns.n} alternating pairs (floor, chart) each, medians, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    for name, fn in (("progress", progress), ("s-curve", scurve), ("compliance", compliance)):
        for cold in (True, False):
            m = measure(fn, ns.n, cold)
            print(
                f"  {name:<11} {'cold' if cold else 'warm'} {m['ms']:4.0f} ms  floor {m['floor']:3.0f} ms"
                f"  ratio {m['ratio']:4.2f}x"
                f"  (CPU {m['cpu']:4.0f} / {m['floor_cpu']:3.0f} ms = {m['cpu'] / m['floor_cpu']:4.2f}x)"
                f"  {len(fn()) // 1024} KiB  (goal <= 2x and < 300 ms)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
