"""A short run of tools/chaos.py: the bot as a process, SIGKILLed at random moments while officials report; nothing
lost, nothing duplicated, no delivery left claimed; meanwhile the plan gets new versions from the bot's month and every
target stays where its versions put it (the closed month untouched). The full run (100 officials, 100 kills, both
engines) is recorded in bench/RESULTS.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(240)
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_short_chaos_run_loses_and_duplicates_nothing(engine: str, tmp_path: Path) -> None:
    pg = os.environ.get("PANTAU_TEST_DATABASE_URL")
    if engine == "postgresql" and not pg:
        pytest.skip("PANTAU_TEST_DATABASE_URL not set")
    args = [sys.executable, str(ROOT / "tools" / "chaos.py"), "--engine", engine, "--officials", "8", "--kills", "10"]
    args += ["--reports", "1", "--min-gap", "0.5", "--max-gap", "2.0", "--max-seconds", "150"]
    args += ["--log", str(tmp_path / "bot.log"), "--seed", "7", "--patience", "5"]
    if pg:
        args += ["--pg", pg]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=230)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "10 SIGKILLs" in done.stdout
    assert "lost 0, duplicated 0" in done.stdout and "OK: 0 lost, 0 duplicated, 0 left claimed" in done.stdout
    assert "claimed left 0 (still due 0)" in done.stdout  # no delivery left claimed at the end (test_chaos_check.py)
    assert "change(s) while reporting, 0 failed;" in done.stdout
    assert (
        "0 not the latest applying version's, 0 set before their version's first period; closed-period targets "
        "changed 0" in done.stdout
    )
