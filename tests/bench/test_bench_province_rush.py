"""Smoke tests: the province and deadline-rush benchmarks run end to end on a tiny shape (SQLite). No timing is
asserted: the figures are bench/RESULTS.md's; here only that the scripts work and their answers check out (the
province bench asserts each query equals its hand-written floor; the rush exits 0 only when every Kirim is
stored exactly once)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> str:
    done = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=100, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_bench_province_runs_and_its_floors_agree() -> None:
    out = _run(
        "bench/bench_province.py",
        *("--no-pg", "--province", "2", "--orgs", "4", "--activities", "30", "--repeat", "1"),
    )
    assert "rollup (/rekap, /belum)" in out and "/indikator load_indikator" in out


def test_bench_rush_files_every_report_once() -> None:
    out = _run(
        "bench/bench_rush.py",
        *("--engine", "sqlite", "--focal-points", "3", "--regencies", "2"),
        *("--think", "0.05", "0.1", "--private-burst", "0"),
    )
    assert "stored exactly once: 3 of 3" in out
