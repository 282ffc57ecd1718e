"""Scheduled posts and notices to a linked forum group go to the topic where the group was linked, over HTTP against
the emulator: the weekly digest, the reminder note and the escalation, the report notice. Linking in General (or a
group without topics) posts in General; a topic deleted or closed afterwards gets the post in General, once, and the
group posts in General from then on."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
from sqlmodel import select

from emulator.state import Chat, SentMessage, User
from jobs.tick import tick
from storage import people
from storage.models import Delivery
from tests.e2e.harness import Harness, plain, running_bot
from tests.e2e.test_telegram_rules import _report_once
from texts import t

TEAM = "TPAKD-DS"
TEAM_NAME = "Tim Percepatan Akses Keuangan Daerah Kabupaten Deli Serdang"
MONDAY_W14 = datetime(2022, 4, 4, 1, 0, tzinfo=UTC)  # Monday 4 April 2022 08:00 WIB: the weekly digest
H3_W15 = datetime(2022, 4, 11, 1, 0, tzinfo=UTC)  # Monday 11 April: H-3 of Triwulan I (and the next digest)
ESCALATION = datetime(2022, 4, 18, 1, 0, tzinfo=UTC)  # the first working day after the deadline


async def _tick(h: Harness, now: datetime) -> None:
    assert h.app is not None and h.db is not None
    h.clock.set(now)
    await tick(h.db, h.app.bot_data["pantau.services"].notifier, now)


async def _forum(h: Harness, sekre: User) -> tuple[Chat, int, int]:
    """A forum supergroup with the bot in it and two topics."""
    forum = h.emu.group(title="Forum TPAKD", type="supergroup", forum=True, creator=sekre)
    await h.do(forum.id, lambda: h.emu.add_bot_to_group(sekre, forum))
    return forum, h.emu.create_topic(forum, "Laporan & rekap", sekre), h.emu.create_topic(forum, "Rapat", sekre)


async def _link(h: Harness, sekre: User, forum: Chat, thread_id: int | None, text: str = f"/hubungkan {TEAM}") -> str:
    [confirmation] = await h.do(forum.id, lambda: h.emu.send_text(sekre, text, forum, thread_id=thread_id))
    assert confirmation.message_thread_id == thread_id
    return confirmation.text or ""


async def _thread(h: Harness, chat_id: int) -> int | None:
    group = await h.run(people.get_group, chat_id)
    assert group is not None and group.active
    return group.thread_id


def _refusals(h: Harness) -> list[str]:
    return [f"{c.method}: {c.description}" for c in h.emu.calls() if c.status != 200 and c.method != "getUpdates"]


def _posts(h: Harness, chat_id: int, since: int) -> list[SentMessage]:
    return h.sent(chat_id)[since:]


def texts_of(messages: list[SentMessage]) -> list[str]:
    return [m.text or "" for m in messages]


async def _deliveries(h: Harness) -> list[tuple[str, str, str]]:
    rows = await h.run(lambda s: s.exec(select(Delivery).order_by(Delivery.id)).all())
    return [(d.kind, d.period_key, d.status) for d in rows if d.recipient.startswith("chat:")]


async def test_a_group_linked_in_a_topic_gets_every_post_in_that_topic(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        silent = h.user("Rina")  # a focal point who never wrote to the bot privately: named in the group
        await h.grant(sekre, TEAM, "secretariat")
        await h.grant(silent, TEAM, "focal_point", "DISDIK")
        forum, topic, _other = await _forum(h, sekre)

        said = await _link(h, sekre, forum, topic)
        assert said == plain(t("core.group.linked_topic", team=TEAM_NAME, topic="Laporan & rekap"))
        assert await _thread(h, forum.id) == topic
        before = len(h.sent(forum.id))

        await _tick(h, MONDAY_W14)  # the weekly digest with its chart
        [digest] = _posts(h, forum.id, before)
        assert digest.photo is not None and digest.photo.startswith(b"\x89PNG")
        assert digest.message_thread_id == topic

        await _tick(h, H3_W15)  # the reminder note naming Rina, and the week's digest
        await _tick(h, ESCALATION)  # the organizations still missing
        posts = _posts(h, forum.id, before)
        text = "\n".join(m.text or m.caption or "" for m in posts)
        assert "Rina" in text and ("DISDIK" in text or "Dinas Pendidikan" in text)
        assert {m.message_thread_id for m in posts} == {topic}
        assert sorted(await _deliveries(h)) == [
            ("digest", "2022-W14", "sent"),
            ("digest", "2022-W15", "sent"),
            ("digest", "2022-W16", "sent"),
            ("escalation", "2022-Q1", "sent"),
            ("reminder_group", "2022-Q1", "sent"),
        ]
        assert _refusals(h) == []


@pytest.mark.parametrize("deleted", [False, True], ids=["topic", "deleted-topic"])
async def test_the_report_notice_goes_to_the_linked_topic_or_general_once_it_is_deleted(
    db_url: str, deleted: bool
) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        budi = h.user("Budi")
        await h.grant(sekre, TEAM, "secretariat")
        await h.grant(budi, TEAM, "focal_point", "DISKOPUKM")
        forum, topic, _other = await _forum(h, sekre)
        await _link(h, sekre, forum, topic)
        if deleted:
            h.emu.delete_topic(forum, topic)
        before = len(h.sent(forum.id))

        await h.say(budi, "/start")
        await _report_once(h, budi)
        [notice] = _posts(h, forum.id, before)
        assert (notice.text or "").startswith("📝 DISKOPUKM melaporkan")
        if not deleted:
            assert notice.message_thread_id == topic
            assert _refusals(h) == []
        else:
            assert notice.message_thread_id is None
            assert _refusals(h) == ["sendMessage: Bad Request: message thread not found"]
            assert await _thread(h, forum.id) is None


async def test_relinking_moves_the_topic_and_general_resets_it(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        await h.grant(sekre, TEAM, "secretariat")
        forum, topic, other = await _forum(h, sekre)

        await _link(h, sekre, forum, topic)
        assert await _thread(h, forum.id) == topic
        said = await _link(h, sekre, forum, other, "/hubungkan")  # without the code: the group's own team
        assert said == plain(t("core.group.linked_topic", team=TEAM_NAME, topic="Rapat"))
        assert await _thread(h, forum.id) == other
        said = await _link(h, sekre, forum, None)
        assert said == plain(t("core.group.linked_general", team=TEAM_NAME))
        assert await _thread(h, forum.id) is None
        before = len(h.sent(forum.id))

        await _tick(h, MONDAY_W14)
        [digest] = _posts(h, forum.id, before)
        assert digest.photo is not None and digest.message_thread_id is None  # General
        assert _refusals(h) == []

        # a group without topics: General, with the usual confirmation
        group = h.group("Grup biasa")
        await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
        assert texts_of(await h.say(sekre, f"/hubungkan {TEAM}", chat=group)) == [
            plain(t("core.group.linked", team=TEAM_NAME))
        ]
        assert await _thread(h, group.id) is None


@pytest.mark.parametrize("gone", ["deleted", "closed"])
async def test_a_topic_gone_gets_the_post_in_general_once(
    db_url: str, gone: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.notifier")
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        await h.grant(sekre, TEAM, "secretariat")
        forum, topic, _other = await _forum(h, sekre)
        await _link(h, sekre, forum, topic)
        if gone == "deleted":
            h.emu.delete_topic(forum, topic)
        else:
            await h.do(forum.id, lambda: h.emu.close_topic(forum, topic, sekre))
        refused = "message thread not found" if gone == "deleted" else "TOPIC_CLOSED"
        before = len(h.sent(forum.id))

        await _tick(h, MONDAY_W14)
        [digest] = _posts(h, forum.id, before)
        assert digest.photo is not None and digest.message_thread_id is None  # in General
        assert _refusals(h) == [f"sendPhoto: Bad Request: {refused}"]  # tried in the topic once
        assert await _thread(h, forum.id) is None  # the group posts in General from now on
        assert await _deliveries(h) == [("digest", "2022-W14", "sent")]  # confirmed once
        [warning] = [r for r in caplog.records if r.name == "bot.notifier" and "sending to General" in r.message]
        assert warning.levelno == logging.WARNING and refused.lower() in warning.message.lower()

        # the same week again, and a restart: nothing twice; the next week goes straight to General
        await _tick(h, MONDAY_W14.replace(hour=4))
        await h.restart(graceful=False)
        await _tick(h, H3_W15)
        posts = _posts(h, forum.id, before)
        assert [m.photo is not None for m in posts] == [True, True]
        assert {m.message_thread_id for m in posts} == {None}
        assert len(_refusals(h)) == 1
        assert await _deliveries(h) == [("digest", "2022-W14", "sent"), ("digest", "2022-W15", "sent")]
