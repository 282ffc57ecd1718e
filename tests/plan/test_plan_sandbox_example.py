"""The sandbox's example plan change (``sandbox-files/rencana-perubahan-contoh.xlsx``) shows every kind of change."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from pantau.sandbox import _write_example_change
from planfile.changes_text import summary_line
from planfile.read import load_plan
from storage.plan_versions import apply_change, prepare_change

from .conftest import DELI_SERDANG, NOW


def test_the_example_change_moves_retargets_rebudgets_and_stops(engine: Engine, tmp_path: Path) -> None:
    plan = load_plan(DELI_SERDANG)
    path = _write_example_change(plan, tmp_path)
    changed = load_plan(path)  # the workbook the secretariat sends back reads as a plan of the same team
    assert changed.team == plan.team
    with Session(engine) as session:
        apply_change(session, prepare_change(session, plan), now=NOW)
        prepared = prepare_change(session, changed, effective_from="2022-Q2")
        session.rollback()
    changes = prepared.changes
    assert changes is not None
    assert len(changes.moves) == 1 and (changes.moves[0].source, changes.moves[0].destination) == ("2022-Q3", "2022-Q2")
    assert changes.changed_target_count == 3  # Q3 and Q4 of the first activity, Q3's physical % of the third
    assert len(changes.ceilings) == 1 and len(changes.stopped) == 1
    words = summary_line(changes)
    assert words.startswith("3 target berubah, 1 target dipindah TW III → TW II")
    assert "1 kegiatan dihentikan mulai TW II" in words
