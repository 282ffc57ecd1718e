"""Closing a period for the parent team (``storage.closing``), on both engines: the refusals, on time or late by the
parent's deadline, reopening and closing again, the automatic close at the team's lock date (once, never after a
reopening), who is still open."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from domain.periods import Period
from storage import closing
from storage.closing import ClosingError
from storage.db import make_sync_engine
from storage.models import PeriodClosing, Team
from tests.worlds import WorldBuilder

T0 = datetime(2026, 1, 2, tzinfo=UTC)
Q1 = Period(2026, "quarter", 1)
Q2 = Period(2026, "quarter", 2)
# Q1 2026 ends Tuesday 31 March; the parent's deadline (10 working days, Good Friday 3 April skipped) is 15 April
ON_TIME = datetime(2026, 4, 15, 9, 0, tzinfo=UTC)  # 16:00 WIB on the deadline day
LATE = datetime(2026, 4, 15, 17, 30, tzinfo=UTC)  # 00:30 WIB on 16 April


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def world(engine: Engine) -> dict[str, int]:
    with Session(engine) as s:
        w = WorldBuilder(s, T0)
        prov = w.team("PROV", "TPAKD Provinsi")
        a = w.team("KAB-A", "TPAKD Kabupaten A", parent_id=prov, lock_days=30)
        b = w.team("KAB-B", "TPAKD Kabupaten B", parent_id=prov)
        lone = w.team("LONE", "Tim tanpa induk")
        org = w.org(a, "DINAS", "Dinas A")
        program = w.program(a, "P1", "Program")
        act1 = w.activity(program, org, "K1", "Kegiatan 1", targets={"2026-Q1": 10, "2026-Q2": 10})
        act2 = w.activity(program, org, "K2", "Kegiatan 2", targets={"2026-Q1": 5})
        sri = w.person(100, "Bu Sri", a, "secretariat")
        prov_sec = w.person(200, "Pak Prov", prov, "secretariat")
        w.report(act1, "2026-Q1", at=T0, status="verified")
        pending = w.report(act2, "2026-Q1", at=T0, status="submitted")
        s.commit()
        return {"prov": prov, "a": a, "b": b, "lone": lone, "sri": sri, "prov_sec": prov_sec, "pending": pending}


def _team(s: Session, team_id: int) -> Team:
    team = s.get(Team, team_id)
    assert team is not None
    return team


def _verify_all(s: Session) -> None:
    from storage.models import Report

    for report in s.exec(select(Report)).all():
        report.status = "verified"
        s.add(report)
    s.flush()


def test_refusals_then_closing_on_time(engine: Engine, world: dict[str, int]) -> None:
    with Session(engine) as s:
        with pytest.raises(ClosingError) as no_parent:
            closing.close_period(s, _team(s, world["lone"]), Q1, None, ON_TIME)
        assert no_parent.value.key == "closing.no_parent"
        with pytest.raises(ClosingError) as not_ended:
            closing.close_period(s, _team(s, world["a"]), Q2, world["sri"], ON_TIME)
        assert not_ended.value.key == "closing.not_ended"
        with pytest.raises(ClosingError) as unverified:
            closing.close_period(s, _team(s, world["a"]), Q1, world["sri"], ON_TIME)
        assert unverified.value.key == "closing.unverified" and unverified.value.values["n"] == "1"
        assert closing.waiting_verification(s, world["a"], "2026-Q1") == 1
        assert [c.code for c in closing.open_children(s, world["prov"], "2026-Q1")] == ["KAB-A", "KAB-B"]

        _verify_all(s)
        view = closing.close_period(s, _team(s, world["a"]), Q1, world["sri"], ON_TIME)
        s.commit()
        assert (view.team_code, view.period_key, view.on_time, view.automatic) == ("KAB-A", "2026-Q1", True, False)
        assert (view.received, view.expected, view.closed_by) == (2, 2, "Bu Sri")
        assert view.parent_deadline.isoformat() == "2026-04-15"

    with Session(engine) as s:
        assert closing.is_closed(s, world["a"], "2026-Q1")
        assert [c.code for c in closing.open_children(s, world["prov"], "2026-Q1")] == ["KAB-B"]
        assert closing.closed_on_time_count(s, _team(s, world["prov"]), Q1) == 1
        with pytest.raises(ClosingError) as again:
            closing.close_period(s, _team(s, world["a"]), Q1, world["sri"], LATE)
        assert again.value.key == "closing.already"
        assert again.value.values["who"] == "Bu Sri" and again.value.values["when"] == "15-04-2026 16:00"


def test_reopen_and_close_again_late(engine: Engine, world: dict[str, int]) -> None:
    with Session(engine) as s:
        _verify_all(s)
        closing.close_period(s, _team(s, world["a"]), Q1, world["sri"], ON_TIME)
        s.commit()
    with Session(engine) as s:
        prov = _team(s, world["prov"])
        with pytest.raises(ClosingError) as not_child:
            closing.reopen_closing(s, prov, "LONE", Q1, world["prov_sec"], LATE)
        assert not_child.value.key == "closing.reopen.not_child"
        with pytest.raises(ClosingError) as not_closed:
            closing.reopen_closing(s, prov, "kab-b", Q1, world["prov_sec"], LATE)
        assert not_closed.value.key == "closing.reopen.not_closed"
        view = closing.reopen_closing(s, prov, "kab-a", Q1, world["prov_sec"], LATE)
        s.commit()
        assert view.reopened_by == "Pak Prov" and view.reopened_at is not None
    with Session(engine) as s:
        assert not closing.is_closed(s, world["a"], "2026-Q1")
        [open_a, _] = closing.open_children(s, world["prov"], "2026-Q1")
        assert open_a.reopened
        with pytest.raises(ClosingError):
            closing.reopen_closing(s, _team(s, world["prov"]), "KAB-A", Q1, world["prov_sec"], LATE)
        view = closing.close_period(s, _team(s, world["a"]), Q1, world["sri"], LATE)
        s.commit()
        assert not view.on_time and view.reopened_at is None
        rows = s.exec(select(PeriodClosing)).all()
        assert [(r.team_id, r.period_key, r.reopened_at) for r in rows] == [(world["a"], "2026-Q1", None)]


def test_automatic_close_at_the_lock_date_once_and_not_after_a_reopening(engine: Engine, world: dict[str, int]) -> None:
    # KAB-A: its own deadline 15 April (10 working days) + 30 lock days = 15 May, the last day of entry
    last_day = datetime(2026, 5, 15, 16, 0, tzinfo=UTC)  # 23:00 WIB on 15 May
    next_day = datetime(2026, 5, 15, 17, 0, tzinfo=UTC)  # 00:00 WIB on 16 May
    with Session(engine) as s:
        assert closing.close_locked(s, last_day) == []
        done = closing.close_locked(s, next_day)
        s.commit()
        assert sorted((v.team_code, v.period_key, v.automatic, v.on_time) for v in done) == [
            ("KAB-A", "2026-Q1", True, False),
            ("KAB-B", "2026-Q1", True, False),
        ]
        assert done[0].closed_at == next_day  # the midnight after the lock date, whenever the tick ran
        assert closing.close_locked(s, next_day) == []
    with Session(engine) as s:
        closing.reopen_closing(s, _team(s, world["prov"]), "KAB-A", Q1, world["prov_sec"], next_day)
        s.commit()
        assert closing.close_locked(s, datetime(2026, 5, 20, tzinfo=UTC)) == []
        assert not closing.is_closed(s, world["a"], "2026-Q1")
        with pytest.raises(ClosingError) as auto:
            closing.close_period(s, _team(s, world["b"]), Q1, world["sri"], next_day)
        assert auto.value.key == "closing.already_auto"


def test_a_monitoring_only_parent_gets_the_closing_note_not_an_empty_chair_note(
    engine: Engine, world: dict[str, int]
) -> None:
    """PROV has no plan of its own: on its deadline day its chair and secretariat hear which teams closed, not
    "no report was expected"."""
    from jobs.planner import due_deliveries
    from jobs.rules import CHAIR_NOTE, CLOSING_NOTE

    with Session(engine) as s:
        kinds = {d.kind for d in due_deliveries(s, ON_TIME, "PROV")}
    assert CLOSING_NOTE in kinds
    assert CHAIR_NOTE not in kinds
