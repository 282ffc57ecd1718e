"""The tick's once-only guarantees: crash between claim and confirm, downtime catch-up, and every send outcome."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import col, select

from jobs.tick import tick
from storage.db import Database, session_scope
from storage.models import Delivery, GroupChat, Person
from tests.jobs.world import TeamWorld, build_team
from texts.outgoing import OutgoingMessage, RecordingNotifier, SendResult, SendStatus

WIB_8 = 1  # 08:00 WIB is 01:00 UTC


def at(month: int, day: int, hour: int = WIB_8, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


class Crash(BaseException):
    """The process dies: not an Exception, so nothing in the tick catches it."""


class CrashAfter(RecordingNotifier):
    """Delivers ``ok`` messages, then delivers one more and dies before it can be confirmed."""

    def __init__(self, ok: int) -> None:
        super().__init__()
        self.ok = ok

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        result = await super().send(chat_id, message)
        if len(self.sent) > self.ok:
            raise Crash
        return result


class Migrating(RecordingNotifier):
    """A group that became a supergroup: the message goes to the new id (as bot/ does after ChatMigrated)."""

    def __init__(self, old: int, new: int) -> None:
        super().__init__()
        self.old, self.new = old, new

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        if chat_id == self.old:
            result = await super().send(self.new, message)
            return SendResult(SendStatus.SENT, message_id=result.message_id, migrated_to=self.new)
        return await super().send(chat_id, message)


def rows(engine: Engine) -> list[Delivery]:
    with session_scope(engine) as s:
        return list(s.exec(select(Delivery).order_by(col(Delivery.id))).all())


def world(engine: Engine, *, digest: bool = False) -> TeamWorld:
    """The WIB team with a second group; without ``digest`` its digest weekday is a Sunday, so it never has one."""
    policy = {} if digest else {"digest_weekday": "sunday"}
    with session_scope(engine) as s:
        w = build_team(s, "TIM-WIB", "Asia/Jakarta", 1000, policy=policy)
        s.add(GroupChat(chat_id=-2000, team_id=w.team_id, title="Grup kedua", active=True))
    return w


async def test_crash_between_claim_and_confirm_then_restart_across_a_due_time(
    engine: Engine, db_url: str, fake_digest: list, caplog: pytest.LogCaptureFixture
) -> None:
    w = world(engine, digest=True)
    # Thu 16 April 08:00 WIB, H+1: the escalation goes to two groups; the process dies after the second send,
    # before confirming it.
    db = Database(db_url)
    dying = CrashAfter(ok=1)
    with pytest.raises(Crash):
        await tick(db, dying, at(4, 16))
    await db.dispose()
    assert [c for c, _ in dying.sent] == [w.group_chat, -2000]  # both messages went out
    assert [(r.recipient, r.status) for r in rows(engine)] == [
        (f"chat:{w.group_chat}", "sent"),
        ("chat:-2000", "claimed"),
    ]

    # The bot stays down over the weekend and past Monday's 08:00 digest; it comes back Monday 10:00.
    db = Database(db_url)
    notifier = RecordingNotifier()
    caplog.set_level(logging.INFO, logger="jobs")
    try:
        report = await tick(db, notifier, at(4, 20, 3))
        assert report.resent == 1
        again = await tick(db, notifier, at(4, 20, 3, 1))  # the next tick finds nothing to do
        assert again.planned == 0
        # Tuesday 21 April 08:00 WIB is H+4: the next escalation, to both groups, once
        await tick(db, notifier, at(4, 21))
        await tick(db, notifier, at(4, 21, WIB_8, 1))
    finally:
        await db.dispose()
    sent = [(chat, m.text.split("\n")[0]) for chat, m in notifier.sent]
    escalation = "⚠️ <b>Laporan Triwulan I 2026 belum lengkap</b>"
    digest = f"Ringkasan mingguan tim {w.team_id}"
    assert sent == [
        (-2000, escalation),  # the unconfirmed claim, again
        (w.group_chat, digest),  # Monday's digest, missed while down: sent on start
        (-2000, digest),
        (w.group_chat, escalation),  # H+4
        (-2000, escalation),
    ]
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "re-sending delivery escalation H+1 TIM-WIB 2026-Q1" in warnings[0].getMessage()
    assert "chat:-2000" in warnings[0].getMessage()
    final = rows(engine)
    assert all(r.status == "sent" for r in final)
    resent = [r for r in final if r.attempts == 2]
    assert len(resent) == 1
    assert resent[0].recipient == "chat:-2000"
    assert resent[0].detail and resent[0].detail.startswith("resent after an unconfirmed claim")


async def test_an_unconfirmed_claim_is_sent_again_once_only(
    engine: Engine, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    w = world(engine)
    db = Database(db_url)
    try:
        with pytest.raises(Crash):
            await tick(db, CrashAfter(ok=0), at(4, 16))
        # within the grace the claim may still be in flight: not touched
        notifier = RecordingNotifier()
        assert (await tick(db, notifier, at(4, 16, WIB_8, 5))).not_owned == 1
        assert [c for c, _ in notifier.sent] == [-2000]  # the other group is served normally
        # after the grace: sent again once, and that process dies too
        second = CrashAfter(ok=0)
        with pytest.raises(Crash):
            await tick(db, second, at(4, 16, 2))
        assert len(second.sent) == 1
        # never a third time: given up, logged as an error
        caplog.set_level(logging.ERROR, logger="jobs")
        third = RecordingNotifier()
        report = await tick(db, third, at(4, 16, 3))
    finally:
        await db.dispose()
    assert third.sent == []
    assert report.failed == 1
    assert any("given up" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)
    statuses = {r.recipient: (r.status, r.attempts) for r in rows(engine)}
    assert statuses == {f"chat:{w.group_chat}": ("failed", 2), "chat:-2000": ("sent", 1)}


async def test_downtime_sends_only_what_is_still_useful(engine: Engine, db_url: str) -> None:
    w = world(engine)
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        # down from before H-3 (Fri 10 April) until H-1 (Tue 14 April) 10:00: only the H-1 reminders go
        await tick(db, notifier, at(4, 14, 3))
        first = [(r.kind, r.recipient, r.due_date.isoformat()) for r in rows(engine)]
        # down again over the deadline (Wed 15 April) until Thu 16 April 15:00: no reminder, the escalation yes
        await tick(db, notifier, at(4, 16, 8))
    finally:
        await db.dispose()
    assert first == [
        ("reminder", "person:1001", "2026-04-14"),
        ("reminder", "person:1004", "2026-04-14"),
        ("reminder_group", f"chat:{w.group_chat}", "2026-04-14"),
        ("reminder_group", "chat:-2000", "2026-04-14"),
    ]
    later = [(r.kind, r.due_date.isoformat()) for r in rows(engine)][4:]
    assert later == [("escalation", "2026-04-16"), ("escalation", "2026-04-16")]
    assert len(notifier.sent) == 6


async def test_nothing_outside_sending_hours_or_on_days_off(engine: Engine, db_url: str) -> None:
    world(engine)
    db = Database(db_url)
    notifier = RecordingNotifier()
    try:
        for instant in (
            at(4, 10, 0),  # 07:00 WIB on H-3: before the 08:00 hour
            at(4, 10, 11),  # 18:00 WIB: window closed, and the H-3 never went out
            at(4, 11, WIB_8),  # Saturday
            at(4, 12, WIB_8),  # Sunday
        ):
            await tick(db, notifier, instant)
        assert notifier.sent == []
        # Monday 07:00 WIB: the window is open and Friday's H-3 was missed: it goes now (H-1 is not due until Tue)
        await tick(db, notifier, at(4, 13, 0))
    finally:
        await db.dispose()
    assert {r.due_date.isoformat() for r in rows(engine)} == {"2026-04-10"}
    assert len(notifier.sent) == 4  # fp1, fp4, the note naming fp3 to both groups


async def test_retry_later_unreachable_and_migrated_group(engine: Engine, db_url: str) -> None:
    w = world(engine)
    new_chat = -1009999
    notifier = Migrating(old=w.group_chat, new=new_chat)
    notifier.outcomes[w.base + 1] = SendResult(SendStatus.RETRY_LATER, retry_after=3, detail="flood")
    notifier.outcomes[w.base + 4] = SendResult(SendStatus.UNREACHABLE, detail="bot was blocked by the user")
    notifier.outcomes[-2000] = SendResult(SendStatus.UNREACHABLE, detail="bot was kicked from the group chat")
    db = Database(db_url)
    try:
        report = await tick(db, notifier, at(4, 10))  # H-3
        assert (report.sent, report.retry_later, report.unreachable) == (1, 1, 2)
        by_recipient = {r.recipient: r for r in rows(engine)}
        assert by_recipient["person:1001"].status == "pending"
        assert by_recipient["person:1004"].status == "unreachable"
        assert by_recipient["chat:-2000"].status == "unreachable"
        assert by_recipient[f"chat:{w.group_chat}"].status == "sent"
        assert by_recipient[f"chat:{new_chat}"].status == "sent"  # recorded so that it is not sent again
        with session_scope(engine) as s:
            old = s.exec(select(GroupChat).where(GroupChat.chat_id == w.group_chat)).one()
            new = s.exec(select(GroupChat).where(GroupChat.chat_id == new_chat)).one()
            kicked = s.exec(select(GroupChat).where(GroupChat.chat_id == -2000)).one()
            blocked = s.exec(select(Person).where(Person.telegram_id == w.base + 4)).one()
            assert (old.active, old.migrated_to, new.active, new.team_id) == (False, new_chat, True, w.team_id)
            assert kicked.active is False
            assert blocked.reachable is False

        # the next tick: the flood is over; the pending reminder goes, on the same row; nothing else repeats
        del notifier.outcomes[w.base + 1]
        report = await tick(db, notifier, at(4, 10, WIB_8, 1))
        assert (report.planned, report.sent) == (1, 1)
        fp1 = [r for r in rows(engine) if r.recipient == "person:1001"]
        assert [(r.status, r.attempts) for r in fp1] == [("sent", 2)]

        # H-1: fp4 blocked the bot, so the group note (to the new supergroup only) names fp4 as well as fp3
        notifier.sent.clear()
        await tick(db, notifier, at(4, 14))
        assert [c for c, _ in notifier.sent] == [w.base + 1, new_chat]
        note = notifier.sent[1][1].text
        assert f"tg://user?id={w.base + 3}" in note
        assert f"tg://user?id={w.base + 4}" in note

        # H+1: the escalation names the unreachable focal point in the group
        notifier.sent.clear()
        await tick(db, notifier, at(4, 16))
        assert [c for c, _ in notifier.sent] == [new_chat]
        assert (
            f'<a href="tg://user?id={w.base + 4}">FP ORG4 TIM-WIB</a> (belum membuka chat dengan bot)'
            in notifier.sent[0][1].text
        )
    finally:
        await db.dispose()


async def test_failed_send_is_not_retried_and_the_rest_go_on(engine: Engine, db_url: str) -> None:
    w = world(engine)
    notifier = RecordingNotifier()
    notifier.outcomes[w.base + 1] = SendResult(SendStatus.FAILED, detail="Bad Request: can't parse entities")
    db = Database(db_url)
    try:
        report = await tick(db, notifier, at(4, 10))
        assert (report.failed, report.sent) == (1, 3)
        del notifier.outcomes[w.base + 1]
        assert (await tick(db, notifier, at(4, 10, 2))).planned == 0
    finally:
        await db.dispose()
    failed = [r for r in rows(engine) if r.status == "failed"]
    assert [(r.recipient, r.detail) for r in failed] == [("person:1001", "Bad Request: can't parse entities")]


async def test_a_notifier_error_leaves_the_claim_for_one_more_try(engine: Engine, db_url: str) -> None:
    w = world(engine)

    class Broken(RecordingNotifier):
        async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
            if chat_id == w.base + 1:
                raise RuntimeError("network down")
            return await super().send(chat_id, message)

    db = Database(db_url)
    try:
        report = await tick(db, Broken(), at(4, 10))
        assert len(report.errors) == 1
        assert report.sent == 3
        notifier = RecordingNotifier()
        await tick(db, notifier, at(4, 10, 3))  # past the grace
    finally:
        await db.dispose()
    assert [c for c, _ in notifier.sent] == [w.base + 1]
    assert all(r.status == "sent" for r in rows(engine))


class TopicGone(RecordingNotifier):
    """The topic of ``chat`` was deleted: the message goes to General (as bot/ does) and the result says so."""

    def __init__(self, chat: int) -> None:
        super().__init__()
        self.chat = chat

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        if chat_id == self.chat and message.thread_id is not None:
            result = await super().send(chat_id, replace(message, thread_id=None))
            return SendResult(SendStatus.SENT, message_id=result.message_id, thread_gone=True, detail="to General")
        return await super().send(chat_id, message)


async def test_group_posts_carry_the_linked_topic_and_a_gone_topic_is_cleared(engine: Engine, db_url: str) -> None:
    w = world(engine)
    with session_scope(engine) as s:
        for group in s.exec(select(GroupChat)).all():
            group.thread_id = 77 if group.chat_id == w.group_chat else 5
            s.add(group)
    notifier = TopicGone(chat=-2000)
    db = Database(db_url)
    try:
        await tick(db, notifier, at(4, 10))  # H-3: the note naming fp3 to both groups
        to_groups = {chat: message.thread_id for chat, message in notifier.sent if chat < 0}
        assert to_groups == {w.group_chat: 77, -2000: None}
        with session_scope(engine) as s:
            threads = {g.chat_id: g.thread_id for g in s.exec(select(GroupChat)).all()}
        assert threads == {w.group_chat: 77, -2000: None}
        assert [r.status for r in rows(engine) if r.recipient == "chat:-2000"] == ["sent"]
    finally:
        await db.dispose()
