"""A short run of tools/chaos.py's province mode (issue 15): two regency teams under one parent, their officials
reporting and a secretariat member each verifying and closing the reported month with /tutup while the bot is
SIGKILLed; nothing lost or duplicated, every closing the bot acknowledged stored once, no delivery left claimed. The
full run (100 kills, both engines) is recorded in bench/RESULTS.md."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(420)  # about 40 s on a quiet machine; 150-190 s under a load of 12 on two cores
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_short_province_chaos_run_loses_and_duplicates_nothing(engine: str, tmp_path: Path) -> None:
    pg = os.environ.get("PANTAU_TEST_DATABASE_URL")
    if engine == "postgresql" and not pg:
        pytest.skip("PANTAU_TEST_DATABASE_URL not set")
    args = [sys.executable, str(ROOT / "tools" / "chaos.py"), "--engine", engine, "--province", "2"]
    args += ["--officials", "4", "--kills", "3", "--reports", "1", "--plan-changes", "0", "--min-gap", "0.5"]
    args += ["--max-gap", "1.5", "--max-seconds", "300", "--log", str(tmp_path / "bot.log"), "--seed", "7"]
    args += ["--patience", "5"]
    if pg:
        args += ["--pg", pg]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=400)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "3 SIGKILLs" in done.stdout and "province PROV: 2 regency teams" in done.stdout
    assert "lost 0, duplicated 0" in done.stdout
    assert "claimed left 0 (still due 0)" in done.stdout
    # both regencies closed the month once, as the bot told their secretariats; nothing lost or told twice
    assert "closings of " in done.stdout and ": 2 teams," in done.stdout
    assert "lost 0, duplicated 0, acknowledged twice 0, never closed 0;" in done.stdout
    assert "OK: 0 lost, 0 duplicated, 0 left claimed, every closing stored once as acknowledged" in done.stdout
