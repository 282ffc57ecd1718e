"""The team workbook's "Kendala" sheet (issue 16 item 6): the open obstacles, those needing a decision first, then
the oldest, with their age on the day the workbook is made; resolved ones and other teams' are not in it."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any

from openpyxl import load_workbook
from sqlalchemy.engine import Engine

from progress import xlsx
from storage.db import session_scope
from storage.models import Obstacle

NOW = datetime(2026, 8, 1, 3, 0, tzinfo=UTC)


def _add(
    session: Any, team: int, activity: int, text: str, *, decision: bool, days: int, resolved: bool = False
) -> None:
    at = NOW - timedelta(days=days)
    session.add(
        Obstacle(
            team_id=team,
            activity_id=activity,
            category="pengadaan" if decision else "sdm",
            description=text,
            needs_decision=decision,
            opened_period_key="2026-Q1",
            opened_at=at,
            updated_at=at,
            resolved_on=date(2026, 7, 1) if resolved else None,
        )
    )


def test_the_kendala_sheet_lists_open_obstacles(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        _add(session, sample.team_id, sample.activity["A1"], "Operator belum dilatih", decision=False, days=40)
        _add(session, sample.team_id, sample.activity["A4"], "Lelang gagal dua kali", decision=True, days=3)
        _add(session, sample.team_id, sample.activity["A2"], "Server bank lambat", decision=False, days=12)
        _add(session, sample.team_id, sample.activity["A3"], "Sudah beres", decision=True, days=90, resolved=True)
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, sample.team_id, None, upto="2026-Q2", now=NOW)
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "id", chart=False)))
    ws = wb["Kendala"]
    assert [c.value for c in ws[1]] == [
        "Kode kegiatan",
        "Kegiatan",
        "OPD",
        "Kategori",
        "Kendala",
        "Perlu keputusan pimpinan",
        "Sejak",
        "Umur (hari)",
    ]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[0], r[2], r[3], r[4], r[5], r[6], r[7]) for r in rows] == [
        ("A4", "BANK", "Pengadaan", "Lelang gagal dua kali", "Ya", "Triwulan I 2026", 3),
        ("A1", "DISKOP", "SDM", "Operator belum dilatih", "Tidak", "Triwulan I 2026", 40),
        ("A2", "BANK", "SDM", "Server bank lambat", "Tidak", "Triwulan I 2026", 12),
    ]


def test_without_open_obstacles_the_sheet_says_so(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        data = xlsx.build_recap(session, sample.team_id, None, upto="2026-Q2", now=NOW)
    wb = load_workbook(io.BytesIO(xlsx.render_recap_xlsx(data, "id", chart=False)))
    assert wb["Kendala"].cell(2, 1).value == "Tidak ada kendala terbuka."
