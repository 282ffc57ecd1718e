"""The aggregates on the sample plan (see conftest.py) match numbers computed by hand, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.engine import Engine

from domain.periods import Period
from storage import aggregates as agg
from storage.db import session_scope


def _summary(engine: Engine, sample: Any, key: str, scope: agg.Scope = agg.TEAM_SCOPE) -> agg.PeriodSummary:
    with session_scope(engine) as session:
        return agg.period_summary(session, sample.team_id, key, scope)


def test_q1_completeness_timeliness_achievement(engine: Engine, sample: Any) -> None:
    s = _summary(engine, sample, "2026-Q1")
    t = s.total
    # Expected: A1..A5 (all have a Q1 target, nobody exempt) = 5. Received: A1, A2, A5 (A3 returned, A4 missing).
    assert (t.expected, t.received, t.on_time, t.returned) == (5, 3, 2, 1)
    assert t.completeness == pytest.approx(60.0)  # 3 / 5
    assert t.timeliness == pytest.approx(40.0)  # A1, A5 on time; A2 late → 2 / 5
    assert (t.late, t.missing) == (1, 2)
    # A1 9/10 = 90; A2 cumulative 30/40 = 75; A3 returned → 0; A4 missing → 0; A5 target 0 → left out.
    # mean(90, 75, 0, 0) = 41.25 → sangat rendah (≤ 50).
    assert t.achievement == 41.25
    assert t.rated == 4
    assert t.predikat == "sangat_rendah"
    orgs = {p.code: p for p in s.by_organization}
    assert orgs["DISKOP"].achievement == 90.0  # A1 90, A5 unrated
    assert orgs["DISKOP"].predikat == "tinggi"  # 76 ≤ 90 < 91
    assert orgs["BANK"].achievement == 37.5  # (75 + 0) / 2
    assert orgs["BANK"].predikat == "sangat_rendah"
    assert orgs["DISDIK"].achievement == 0.0
    assert (orgs["DISDIK"].expected, orgs["DISDIK"].received, orgs["DISDIK"].returned) == (1, 0, 1)
    progs = {p.code: p for p in s.by_program}
    assert [p.code for p in s.by_program] == ["P1", "P2"]
    assert progs["P1"].achievement == 82.5  # (90 + 75) / 2 → tinggi
    assert progs["P1"].predikat == "tinggi"
    assert progs["P2"].achievement == 0.0
    assert s.exempt == []


def test_q2_exempt_cap_carry_forward_physical_budget(engine: Engine, sample: Any) -> None:
    s = _summary(engine, sample, "2026-Q2")
    t = s.total
    # DISDIK exempt: A3 leaves the expected reports, and its report of Q2 counts nowhere. Expected A1, A2, A4, A5.
    assert (t.expected, t.received, t.on_time) == (4, 2, 2)
    assert t.completeness == pytest.approx(50.0)
    assert t.timeliness == pytest.approx(50.0)
    # A1 40/20 = 200 capped at 150; A2 cumulative: latest 30 (Q1, carried) / running-total target 60 = 50;
    # A4 45/50 = 90; A5 missing → 0. mean(150, 50, 90, 0) = 72.5 → sedang (66–75).
    assert t.achievement == 72.5
    assert t.predikat == "sedang"
    orgs = {p.code: p for p in s.by_organization}
    assert orgs["DISKOP"].achievement == 75.0  # (150 + 0) / 2 → sedang (75 < 76)
    assert orgs["DISKOP"].predikat == "sedang"
    assert orgs["BANK"].achievement == 70.0  # (50 + 90) / 2 → sedang
    assert orgs["BANK"].predikat == "sedang"
    assert orgs["DISDIK"].expected == 0
    assert orgs["DISDIK"].achievement is None
    assert orgs["DISDIK"].completeness is None
    assert s.exempt == [("DISDIK", "Dinas Pendidikan")]
    # Physical, weighted by ceiling over A1 (100 jt, plan 50), A2 (300 jt, 60), A4 (100 jt, 100):
    # planned (50·100 + 60·300 + 100·100) / 500 = 66; actual: A1 60, A2 15 (Q1, latest), A4 80
    # → (6000 + 4500 + 8000) / 500 = 37.
    assert t.physical_planned == 66.0
    assert t.physical_actual == 37.0
    # Budget: ceilings 100 + 300 + 0 + 100 + 50 = 550 jt; spent to date = each activity's latest received report
    # up to Q2 (current revisions): A1 35 (Q2), A2 50 (Q1), A4 60 (Q2) = 145 jt (A3's Q1 report was returned, its
    # Q2 one is exempt: no budget).
    assert t.budget_ceiling == 550_000_000
    assert t.budget_spent == 145_000_000
    assert t.budget_pct == pytest.approx(145 / 550 * 100)


def test_scope_program_and_organization(engine: Engine, sample: Any) -> None:
    p1 = agg.Scope("program", sample.program["P1"], "P1", "UMKM Go Digital")
    s = _summary(engine, sample, "2026-Q2", p1)
    assert s.total.achievement == 100.0  # (150 + 50) / 2
    assert {p.code for p in s.by_organization} == {"DISKOP", "BANK"}
    bank = agg.Scope("organization", sample.org["BANK"], "BANK", "Bank")
    s = _summary(engine, sample, "2026-Q1", bank)
    assert s.total.achievement == 37.5
    assert (s.total.expected, s.total.received, s.total.on_time) == (2, 1, 0)
    assert [p.code for p in s.by_program] == ["P1", "P2"]


def test_scurve_weighted_cumulative(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        curve = agg.scurve(session, sample.team_id, upto="2026-Q2")
    # Population: A1, A2, A4 (those with a planned physical %), weights 100/300/100 jt.
    assert curve.activities == 3
    assert curve.weighted
    planned = [p.planned for p in curve.points]
    actual = [p.actual for p in curve.points]
    # Q1 plan (25·100 + 20·300 + 50·100) / 500 = 27; Q2 66; carried to Q3, Q4.
    assert planned == [27.0, 66.0, 66.0, 66.0]
    # Q1 actual (30·100 + 15·300 + 0·100) / 500 = 15; Q2 37; nothing after ``upto``.
    assert actual == [15.0, 37.0, None, None]
    q1, q2 = curve.points[0], curve.points[1]
    assert q1.deviation == -12.0
    assert q1.critical  # behind by 12 > 10 while the plan is under 70
    assert q2.deviation == -29.0
    assert q2.critical
    assert curve.last_actual is q2


def test_scurve_plain_mean_without_ceilings(engine: Engine, sample: Any) -> None:
    # DISDIK has no planned physical at all: the curve is empty (None), not zero.
    with session_scope(engine) as session:
        curve = agg.scurve(session, sample.team_id, agg.Scope("organization", sample.org["DISDIK"]))
    assert curve.activities == 0
    assert all(p.planned is None and p.actual is None for p in curve.points)


def test_compliance_matrix(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        matrix = agg.compliance(session, sample.team_id, today=date(2026, 8, 1))
    assert [p.key for p in matrix.periods] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    states = {row.code: [c.state for c in row.cells] for row in matrix.rows}
    assert states["DISKOP"] == ["on_time", "missing", "none", "none"]
    assert states["BANK"] == ["missing", "missing", "none", "none"]
    assert states["DISDIK"] == ["returned", "exempt", "none", "none"]
    # Largest gaps first: BANK misses 2 (A4 Q1, A2 Q2), DISKOP 1 (A5 Q2), DISDIK 1 (A3 Q1, returned).
    assert matrix.rows[0].code == "BANK"
    assert matrix.rows[0].missing_due == 2
    # Before the Q2 deadline (10 working days after 30 June) the gaps of Q2 are "not due".
    with session_scope(engine) as session:
        early = agg.compliance(session, sample.team_id, today=date(2026, 7, 3))
    assert {r.code: r.cells[1].state for r in early.rows}["DISKOP"] == "not_due"


def test_laggards_with_focal_points(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        q1 = agg.laggards(session, sample.team_id, "2026-Q1")
        q2 = agg.laggards(session, sample.team_id, "2026-Q2")
    assert [(lg.code, lg.missing) for lg in q1] == [("BANK", 1), ("DISDIK", 1)]
    disdik = q1[1]
    assert disdik.activities[0].returned
    assert disdik.activities[0].reason == "foto bukti kurang"
    assert [f.name for f in disdik.focal_points] == ["Dewi"]
    assert [a.code for a in q1[0].activities] == ["A4"]
    # Q2: DISDIK exempt; BANK misses A2, DISKOP misses A5.
    assert [(lg.code, [a.code for a in lg.activities]) for lg in q2] == [("BANK", ["A2"]), ("DISKOP", ["A5"])]
    assert q2[0].focal_points[0].telegram_id == 1002


def test_activity_rows_current_revision_only(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        rows = agg.activity_rows(session, sample.team_id, "2026-Q1")
    by = {r.activity_code: r for r in rows}
    assert [r.activity_code for r in rows] == ["A2", "A1", "A4", "A3", "A5"]  # plan order: program, org, activity
    assert by["A1"].realised == 9.0  # revision 2, not 5
    assert by["A1"].achievement == 90.0
    assert by["A1"].reporter == "Sari <Diskop>"
    assert by["A1"].submitted_at == datetime(2026, 4, 6, 3, tzinfo=UTC)
    assert by["A1"].on_time is True
    assert by["A2"].on_time is False
    assert by["A2"].target == 40.0
    assert by["A3"].status == "returned"
    assert by["A3"].realised == 0.0
    assert by["A4"].status == "missing"
    assert by["A5"].achievement is None
    with session_scope(engine) as session:
        q2 = {r.activity_code: r for r in agg.activity_rows(session, sample.team_id, "2026-Q2")}
    assert q2["A1"].achievement == 200.0  # uncapped in the sheet
    assert q2["A2"].target == 60.0  # cumulative: the plan's running total
    assert q2["A2"].realised == 30.0
    assert q2["A3"].status == "exempt"
    assert q2["A3"].realised is None


def test_new_revisions_of_the_week(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        week = agg.new_revisions(
            session, sample.team_id, datetime(2026, 4, 1, tzinfo=UTC), datetime(2026, 4, 7, tzinfo=UTC)
        )
    # A1 rev 1 (2 Apr) and rev 2 (6 Apr), A3 (3 Apr); A5 on 7 Apr is outside [since, until).
    assert [(r.activity_code, r.number) for r in week] == [("A1", 2), ("A3", 1), ("A1", 1)]


def test_unknown_team(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session, pytest.raises(agg.AggregateError):
        agg.team_info(session, 999)


def test_period_helpers(engine: Engine, sample: Any) -> None:
    with session_scope(engine) as session:
        assert agg.periods_with_targets(session, sample.team_id) == ["2026-Q1", "2026-Q2"]
        assert agg.latest_reported_period(session, sample.team_id) == "2026-Q2"
        info = agg.team_info(session, sample.team_id)
    assert info.periods[0] == Period.quarter(2026, 1)
