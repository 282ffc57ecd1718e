"""A claim left by a process killed before it sent: resolved by a later tick, whether or not it is still due.

Still due and inside the sending window: sent again once (WARNING "re-sending"). Otherwise (the window closed, the
occasion superseded, the recipient no longer concerned): ``failed`` with NOT_DUE_MARK, WARNING "given up", not sent
late, never left ``claimed``. The WIB team of world.py, Q1 2026: H-3 Fri 10 April, H-1 Tue 14 April, 08:00 WIB
(01:00 UTC), sending window 07:00–18:00 WIB (00:00–11:00 UTC).
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from jobs.tick import tick
from storage.db import Database, session_scope
from storage.deliveries import NOT_DUE_MARK, RESENT_MARK
from storage.models import Delivery, GroupChat
from tests.jobs.world import TeamWorld, add_report, build_team
from texts.outgoing import OutgoingMessage, RecordingNotifier, SendResult


def wib(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A WIB wall-clock instant, as the aware UTC instant the tick is given."""
    return datetime(2026, month, day, hour - 7, minute, tzinfo=UTC)


class Killed(BaseException):
    """SIGKILL: nothing in the tick catches it."""


class KilledBeforeSending(RecordingNotifier):
    """Delivers ``ok`` messages; the process dies at the next one, after its claim and before it is sent."""

    def __init__(self, ok: int = 0) -> None:
        super().__init__()
        self.ok = ok

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        if len(self.sent) >= self.ok:
            raise Killed
        return await super().send(chat_id, message)


def world(engine: Engine) -> TeamWorld:
    """The WIB team with a second group and no digest (its digest weekday is a Sunday)."""
    with session_scope(engine) as s:
        w = build_team(s, "TIM-WIB", "Asia/Jakarta", 1000, policy={"digest_weekday": "sunday"})
        s.add(GroupChat(chat_id=-2000, team_id=w.team_id, title="Grup kedua", active=True))
    return w


def rows(engine: Engine) -> dict[tuple[str, str, str], Delivery]:
    """Deliveries by (kind, recipient, due date)."""
    with session_scope(engine) as s:
        found = s.exec(select(Delivery).order_by(col(Delivery.id))).all()
        return {(d.kind, d.recipient, d.due_date.isoformat()): d for d in found}


async def kill_at_first_send(db: Database, instant: datetime) -> None:
    notifier = KilledBeforeSending()
    with pytest.raises(Killed):
        await tick(db, notifier, instant)
    assert notifier.sent == []


def given_up(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "given up" in r.getMessage()]


async def test_a_claim_whose_window_closed_is_given_up_and_its_occasion_finished_next_day(
    engine: Engine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    w = world(engine)
    caplog.set_level(logging.INFO, logger="jobs")
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        # Fri 17:52 WIB: the H-3 reminder to fp1 is claimed, then the process is killed before sending it (and
        # before claiming the other H-3 deliveries)
        await kill_at_first_send(db, wib(4, 10, 17, 52))
        # 18:01: the window is closed and the claim still within its grace: untouched
        report = await tick(db, notifier, wib(4, 10, 18, 1))
        assert report.given_up == 0
        assert rows(engine)[("reminder", "person:1001", "2026-04-10")].status == "claimed"
        # 18:03: past the grace, not due any more (window closed): given up, not sent
        report = await tick(db, notifier, wib(4, 10, 18, 3))
        assert (report.given_up, report.failed, report.sent) == (1, 1, 0)
        row = rows(engine)[("reminder", "person:1001", "2026-04-10")]
        assert (row.status, row.attempts, row.detail) == ("failed", 1, NOT_DUE_MARK)
        assert len(given_up(caplog)) == 1
        assert "reminder TIM-WIB 2026-Q1 to person:1001 due 2026-04-10" in given_up(caplog)[0]
        assert (await tick(db, notifier, wib(4, 10, 18, 30))).given_up == 0  # once
        # Monday 08:00: H-3 is still the reminder due; what the kill kept from being claimed goes now, fp1's not
        await tick(db, notifier, wib(4, 13, 8))
        assert (await tick(db, notifier, wib(4, 13, 8, 1))).planned == 0
        assert [c for c, _ in notifier.sent] == [w.base + 4, w.group_chat, -2000]
        # Tuesday: H-1 to fp1 as to everyone
        notifier.sent.clear()
        await tick(db, notifier, wib(4, 14, 8))
    finally:
        await db.dispose()
    assert [c for c, _ in notifier.sent] == [w.base + 1, w.base + 4, w.group_chat, -2000]
    assert all(d.status != "claimed" for d in rows(engine).values())


async def test_a_claim_still_due_inside_the_window_is_sent_again_once(
    engine: Engine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    w = world(engine)
    caplog.set_level(logging.INFO, logger="jobs")
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        await kill_at_first_send(db, wib(4, 10, 10))  # Fri 10:00 WIB, H-3
        assert (await tick(db, notifier, wib(4, 10, 10, 5))).not_owned == 1  # within the grace: left alone
        report = await tick(db, notifier, wib(4, 10, 10, 11))  # past it, still due: sent again
        assert (report.resent, report.given_up) == (1, 0)
        for minute in (12, 30):
            assert (await tick(db, notifier, wib(4, 10, 10, minute))).planned == 0
        assert (await tick(db, notifier, wib(4, 10, 18, 30))).given_up == 0
    finally:
        await db.dispose()
    assert Counter(c for c, _ in notifier.sent) == {w.base + 1: 1, w.base + 4: 1, w.group_chat: 1, -2000: 1}
    row = rows(engine)[("reminder", "person:1001", "2026-04-10")]
    assert (row.status, row.attempts) == ("sent", 2)
    assert row.detail is not None and row.detail.startswith(RESENT_MARK)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "re-sending delivery reminder H-3 TIM-WIB 2026-Q1 to person:1001" in warnings[0]


async def test_a_claim_superseded_by_the_next_reminder_is_given_up(engine: Engine, db_url: str) -> None:
    w = world(engine)
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        await kill_at_first_send(db, wib(4, 10, 17, 50))  # Fri, H-3; the bot stays down until Tuesday 08:00 (H-1)
        report = await tick(db, notifier, wib(4, 14, 8))
        assert (report.given_up, report.resent) == (1, 0)
    finally:
        await db.dispose()
    assert [c for c, _ in notifier.sent] == [w.base + 1, w.base + 4, w.group_chat, -2000]  # H-1 only, once each
    by_key = rows(engine)
    assert by_key[("reminder", "person:1001", "2026-04-10")].status == "failed"
    assert {k[2] for k, d in by_key.items() if d.status == "sent"} == {"2026-04-14"}


async def test_a_claim_whose_recipient_has_reported_since_is_given_up(engine: Engine, db_url: str) -> None:
    w = world(engine)
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        await kill_at_first_send(db, wib(4, 10, 10))
        with session_scope(engine) as s:  # fp1 reports both activities of ORG1 meanwhile
            for activity_id in w.activities["ORG1"]:
                add_report(s, activity_id, "2026-Q1", wib(4, 10, 10, 3), on_time=True)
        report = await tick(db, notifier, wib(4, 10, 10, 11))  # H-3 still due, but not to fp1
        assert (report.given_up, report.resent) == (1, 0)
    finally:
        await db.dispose()
    assert [c for c, _ in notifier.sent] == [w.base + 4, w.group_chat, -2000]
    assert rows(engine)[("reminder", "person:1001", "2026-04-10")].status == "failed"


async def test_a_resend_killed_again_after_the_window_keeps_both_marks(engine: Engine, db_url: str) -> None:
    world(engine)
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        await kill_at_first_send(db, wib(4, 10, 17, 40))
        await kill_at_first_send(db, wib(4, 10, 17, 51))  # the re-send, killed before it went out
        report = await tick(db, notifier, wib(4, 10, 18, 2))
        assert (report.given_up, report.sent) == (1, 0)
    finally:
        await db.dispose()
    row = rows(engine)[("reminder", "person:1001", "2026-04-10")]
    assert (row.status, row.attempts, row.detail) == ("failed", 2, f"{RESENT_MARK}; {NOT_DUE_MARK}")
    assert notifier.sent == []
