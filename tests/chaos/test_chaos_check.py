"""The end checks of tools/chaos.py on a database left as a kill leaves it: a delivery claimed and never confirmed.

Before it checked for claims left behind, the script failed only on what ``due_deliveries`` still returned at its stopped clock, so a
claim whose occasion was no longer due there (the clock stopped outside the sending window, or after the next
reminder superseded it) passed unseen; a PostgreSQL run with 40 kills ended with two such rows and exit status 0.
The first test is that case: every old check passes (nothing due, nothing lost or duplicated) and the run fails.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from bench.world import seed
from emulator import BotAPIEmulator
from jobs.planner import due_deliveries
from storage.db import make_sync_engine
from storage.deliveries import CLAIM_GRACE
from storage.models import Delivery

ROOT = Path(__file__).resolve().parents[2]
WIB = ZoneInfo("Asia/Jakarta")


@pytest.fixture(scope="module")
def chaos() -> ModuleType:
    spec = importlib.util.spec_from_file_location("chaos_tool", ROOT / "tools" / "chaos.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _world(chaos: ModuleType, db_url: str, tmp_path: Path) -> tuple[Any, Any, int]:
    timeline = chaos.pick_timeline(datetime(2026, 12, 2, tzinfo=UTC))
    seeded = seed(
        db_url,
        people_count=2,
        activities_each=2,
        year=timeline.year,
        period_kind="month",
        team_code="CHAOS",
        deadline_working_days=timeline.deadline_working_days,
        now=timeline.base,
    )
    log = tmp_path / "bot.log"
    log.write_text("")
    emu = BotAPIEmulator(token=chaos.TOKEN)
    run = chaos.Run("test", db_url, emu, timeline, 1200.0, time.time(), log, 0, seeded.user_ids, 2)
    return run, timeline, seeded.team_id


def _claim(db_url: str, **key: Any) -> None:
    """What a SIGKILL between claim and confirm leaves: the row ``claimed``, attempt 1."""
    engine = make_sync_engine(db_url)
    try:
        with Session(engine) as session:
            session.add(Delivery(status="claimed", attempts=1, **key))
            session.commit()
    finally:
        engine.dispose()


def test_a_claim_no_longer_due_at_the_stopped_clock_fails_the_run(
    chaos: ModuleType, db_url: str, tmp_path: Path
) -> None:
    run, timeline, team_id = _world(chaos, db_url, tmp_path)
    monday = timeline.base.astimezone(WIB).date()
    claimed_at = datetime(monday.year, monday.month, monday.day, 17, 55, tzinfo=WIB).astimezone(UTC)
    _claim(
        db_url,
        kind="reminder",
        team_id=team_id,
        period_key=timeline.period_key,
        recipient=f"person:{run.officials[0]}",
        due_date=monday,
        claimed_at=claimed_at,
    )
    frozen_at = claimed_at + timedelta(minutes=15)  # 18:10 WIB: the sending window (07:00-18:00) has closed

    out = chaos.check(run, frozen_at, [])

    # what the script checked before: all clear, exit status 0
    assert (out.lost, out.duplicated, out.unfinished_drafts, out.still_due, out.duplicate_deliveries) == (0, 0, 0, 0, 0)
    # now: the row left claimed fails the run, and says why
    assert out.failed
    assert len(out.claimed_left) == 1 and out.claimed_still_due == 0
    assert "no longer due" in out.claimed_left[0] and "person:" in out.claimed_left[0]
    assert out.why() == ["1 delivery(ies) left claimed (0 of them still due)"]


def test_a_claim_still_due_at_the_stopped_clock_is_told_apart(chaos: ModuleType, db_url: str, tmp_path: Path) -> None:
    run, timeline, _team_id = _world(chaos, db_url, tmp_path)
    frozen_at = timeline.base + timedelta(hours=3)  # Monday 10:30 WIB: the first reminder is due
    engine = make_sync_engine(db_url)
    try:
        with Session(engine) as session:
            due = due_deliveries(session, frozen_at)
    finally:
        engine.dispose()
    assert due
    p = due[0]
    _claim(
        db_url,
        kind=p.kind,
        team_id=p.team_id,
        period_key=p.period_key,
        recipient=p.recipient,
        due_date=p.due_date,
        claimed_at=frozen_at - timedelta(minutes=2),
    )

    out = chaos.check(run, frozen_at, [])

    assert out.failed
    assert out.claimed_still_due == 1 and "still due at the stopped clock" in out.claimed_left[0]


def test_the_end_instant_is_past_the_grace_of_every_claim_left(chaos: ModuleType) -> None:
    stopped = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    claims = [stopped - timedelta(minutes=30), stopped - timedelta(seconds=5)]
    end = chaos.end_instant(stopped, claims)
    assert all(end > c + CLAIM_GRACE for c in claims)
    assert end - stopped < CLAIM_GRACE + timedelta(minutes=2)  # no later than needed: the occasion stays due
    assert chaos.end_instant(stopped, []) > stopped


def test_plan_changes_during_the_run_are_checked_against_their_versions(
    chaos: ModuleType, db_url: str, tmp_path: Path
) -> None:
    """The driver's plan changes (versions from the bot's month) keep every target where the versions put it and the
    closed month as it was; a target changed behind the versions' back, or set before its version's first period,
    fails the check."""
    import random

    from sqlalchemy import text

    _run, timeline, _team_id = _world(chaos, db_url, tmp_path)
    engine = make_sync_engine(db_url)
    try:
        with engine.connect() as conn:
            before = chaos.in_force_targets(conn)
        rng = random.Random(3)
        lines = [chaos.change_plan(db_url, "CHAOS", timeline.base, rng, n) for n in (1, 2, 3)]
        assert all(line is not None and line.startswith(f"version {n + 1} from ") for n, line in enumerate(lines, 1))
        with engine.connect() as conn:
            after = chaos.in_force_targets(conn)
            check = chaos.check_plan_targets(conn)
        assert (check.versions, check.failed) == (4, False)
        assert check.checked == len(before) == len(after) + 1  # version 3 stopped an activity from the month on
        assert chaos.closed_changes(before, after, timeline.period_key) == []
        assert before != after  # the future months did change

        closed = next(k for k in sorted(after) if k[1] == timeline.period_key)
        with engine.begin() as conn:
            conn.execute(
                text("UPDATE target SET value = 1 WHERE activity_id = :a AND period_key = :p"),
                {"a": closed[0], "p": closed[1]},
            )
            second = conn.execute(text("SELECT id, effective_from FROM plan_version WHERE number = 2")).one()
            conn.execute(
                text(
                    "INSERT INTO plan_target (version_id, activity_id, period_key, present, value)"
                    " VALUES (:v, :a, :p, true, 5)"
                ),
                {"v": second[0], "a": closed[0], "p": f"{timeline.year}-01"},
            )
        with engine.connect() as conn:
            check = chaos.check_plan_targets(conn)
            tampered = chaos.closed_changes(before, chaos.in_force_targets(conn), timeline.period_key)
    finally:
        engine.dispose()
    assert second[1] > f"{timeline.year}-01"
    assert check.failed and len(check.mismatched) == 1 and len(check.early) == 1
    assert f"activity {closed[0]} {closed[1]}" in check.mismatched[0]
    assert len(tampered) == 1


def test_an_activity_reported_for_two_months_is_not_a_duplicate(chaos: ModuleType, db_url: str, tmp_path: Path) -> None:
    """A long run's clock passes the end of the next month (the full province runs under load: 26 days at x1200),
    and the officials report that month too, for the activities they reported before: two reports, each once. The
    check keyed the reports by activity and counted each such pair as a duplicate; a second revision still is one."""
    from sqlalchemy import text

    from tests.worlds import Rev, WorldBuilder

    run, timeline, _team_id = _world(chaos, db_url, tmp_path)
    engine = make_sync_engine(db_url)
    try:
        with Session(engine) as session:
            ids = [int(i) for i in session.execute(text("SELECT id FROM activity ORDER BY id")).scalars()]
            first, second = ids[:2]
            person = int(session.execute(text("SELECT id FROM person ORDER BY id")).scalars().first())
            w = WorldBuilder(session, timeline.base)
            at = timeline.base
            w.report(first, timeline.period_key, Rev(40, at, person))
            w.report(first, f"{timeline.year}-12", Rev(40, at, person))
            w.report(second, timeline.period_key, Rev(40, at, person), Rev(41, at, person))  # a second revision
            session.commit()
    finally:
        engine.dispose()

    out = chaos.check(run, timeline.base + timedelta(hours=1), [])

    assert out.reports == 3
    assert out.duplicated == 1  # the report with two revisions, not the activity with two months
