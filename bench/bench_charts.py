"""Charts: each chart kind of pantau/charts.py (a full page: 20 organizations, a 12-month S-curve, 20 × 12
compliance cells) against a minimal matplotlib figure of the same size (1080 × 1350 px, one bar, same DPI and PNG
settings), rendered in this process: median of N renders after a warm-up, and the ratio (goals: ≤ 2× and < 300 ms).

    python bench/bench_charts.py [--n 20]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure

from domain.periods import Period
from pantau import charts


def minimal() -> bytes:
    fig = Figure(figsize=(charts.WIDTH_IN, charts.HEIGHT_IN), dpi=charts.DPI, facecolor="white")
    ax = fig.add_subplot()
    ax.barh(["a"], [1.0])
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=charts.DPI, facecolor="white", pil_kwargs={"compress_level": 2})
    return buf.getvalue()


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


def median_ms(fn: Callable[[], bytes], n: int) -> float:
    fn()  # warm-up: fonts, caches
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20)
    ns = parser.parse_args()
    floor = median_ms(minimal, ns.n)
    print(f"charts, median of {ns.n} renders, {datetime.now(UTC):%Y-%m-%d}; floor (minimal figure) {floor:.0f} ms")
    for name, fn in (("progress", progress), ("s-curve", scurve), ("compliance", compliance)):
        ms = median_ms(fn, ns.n)
        print(
            f"  {name:<11} {ms:6.0f} ms  ratio {ms / floor:4.2f}x  (goal <= 2x and < 300 ms)  {len(fn()) // 1024} KiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
