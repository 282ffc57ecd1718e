"""The agenda's composition (progress.agenda) on the progress sample, whose numbers are computed by hand in
tests/progress/conftest.py, and its rendering within Telegram's limits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.engine import Engine

from domain.periods import Period
from domain.projection import History, project
from progress import agenda as pa
from storage.agenda import activity_years
from storage.db import session_scope
from texts import t
from texts.markup import TEXT_LIMIT, utf16_len


def test_the_agenda_of_tw2(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        agenda = pa.build_agenda(session, sample.team_id, "2026-Q2", date(2026, 7, 20))
    assert (agenda.team_code, agenda.period_key, agenda.period_label) == ("TPAKD-UJI", "2026-Q2", "Triwulan II 2026")
    # DISDIK is exempt for TW II: nowhere
    assert [(m.code, m.missing, m.expected) for m in agenda.missing] == [("BANK", 1, 2), ("DISKOP", 1, 2)]
    assert agenda.lowest == []  # A1 200%, A4 90%; A2 and A5 not reported
    # A4 reported 80% against a planned 100% (A2, far behind too, did not report TW II: the first section's)
    assert [(d.code, d.planned, d.actual, d.gap) for d in agenda.critical_deviation] == [("A4", 100.0, 80.0, -20.0)]
    # A5: 3 + 1,5 × 2 = 6 of 10 → 60%; A4: 45 + 22,5 × 2 = 90 of 100 → 90%; A1 and A2 on course; A3 exempt
    assert [(r.code, r.projected_pct, r.rating) for r in agenda.at_risk] == [
        ("A5", 60.0, "rendah"),
        ("A4", 90.0, "tinggi"),
    ]
    assert agenda.decisions_needed == [] and agenda.overdue_actions == [] and agenda.open_actions == []
    messages = pa.render_agenda(agenda, "id")
    assert len(messages) == 1
    assert t("agenda.lowest.none", "id") in messages[0] and t("agenda.decisions.none", "id") in messages[0]


def test_a_returned_report_is_not_projected(engine: Engine, sample: Any) -> None:
    """A3's TW I report was returned by the secretariat: its year holds no report, so nothing is projected."""
    with session_scope(engine) as session:
        years = {y.code: y for y in activity_years(session, sample.team_id, "2026-Q1", 2026)}
    assert years["A3"].reports == {}
    a1 = years["A1"]
    assert a1.reports["2026-Q1"] == (9.0, 20_000_000, 30.0)  # the current revision
    history = pa.history_of(a1, Period.from_key("2026-Q1"))
    assert history == History(
        "naik",
        "per_periode",
        4,
        [Decimal(9)],
        [Decimal(10), Decimal(20), None, None],
        100_000_000,
        20_000_000,
        Decimal(30),
    )
    assert project(history).projected == Decimal(36)  # 9 + 9 × 3, of 30 in the year: on course
    assert project(pa.history_of(years["A3"], Period.from_key("2026-Q1"))).projected is None


def test_a_long_agenda_is_split_within_the_limit_and_counts_what_is_not_shown() -> None:
    long_name = "Kegiatan dengan nama yang sangat panjang <dan tanda> " * 3
    agenda = pa.Agenda(
        team_code="T",
        team_name="Tim & Uji",
        period_key="2026-Q1",
        period_label="Triwulan I 2026",
        today=date(2026, 4, 20),
        missing=[pa.MissingOrg(f"ORG{i}", long_name, 2, 3) for i in range(30)],
        lowest=[pa.ActivityLine(f"K{i}", long_name, "ORG", long_name, 12.5, "sangat_rendah") for i in range(30)],
        critical_deviation=[pa.DeviationLine(f"K{i}", long_name, "ORG", long_name, 50, 10, -40) for i in range(30)],
        decisions_needed=[
            pa.ObstacleLine(i, f"K{i}", long_name, "ORG", long_name, "regulasi", "x" * 500, "2026-Q1", 12)
            for i in range(30)
        ],
        overdue_actions=[
            pa.ActionLine(i, "topik " * 40, "keputusan " * 60, "ORG", long_name, date(2026, 3, 1), 50)
            for i in range(30)
        ],
        open_actions=[],
        at_risk=[],
    )
    messages = pa.render_agenda(agenda, "id")
    assert len(messages) > 1
    assert all(utf16_len(m) <= TEXT_LIMIT for m in messages)
    text = "\n".join(messages)
    assert "Tim &amp; Uji" in text and "&lt;dan tanda&gt;" in text and "<dan" not in text
    assert text.count(t("agenda.more", "id", n=30 - pa.SHOWN)) == 5
    assert t("agenda.risk.none", "id") in text
    assert "Regulasi" in text  # the obstacles' own category name
