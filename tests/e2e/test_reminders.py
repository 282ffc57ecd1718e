"""Reminders through the real bot over HTTP: the tick finds what is due and the Telegram notifier delivers it once."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from jobs.tick import tick
from storage.models import Delivery
from tests.e2e.harness import Harness, running_bot

WIB_0800_H3 = datetime(2022, 4, 11, 1, 0, tzinfo=UTC)  # Monday 11 April 2022 08:00 WIB: H-3 of Triwulan I
WIB_0800_H1_ESCALATION = datetime(2022, 4, 18, 1, 0, tzinfo=UTC)  # after Good Friday: the first working day after


async def _tick(h: Harness, now: datetime) -> object:
    assert h.app is not None and h.db is not None
    h.clock.set(now)
    return await tick(h.db, h.app.bot_data["pantau.services"].notifier, now)


async def test_h3_reminder_reaches_the_focal_point_once_with_report_buttons(db_url: str) -> None:
    async with running_bot(db_url) as h:
        budi = h.user("Budi")
        await h.grant(budi, "TPAKD-DS", "focal_point", "DISKOPUKM")
        await h.say(budi, "/start")
        before = len(h.sent(budi.id))

        await _tick(h, WIB_0800_H3)
        [reminder] = h.sent(budi.id)[before:]
        assert "Triwulan I 2022" in (reminder.text or "")
        assert "UGD-01" in (reminder.text or "") or "Onboarding UMKM" in (reminder.text or "")
        data = [d for row in reminder.buttons for _, d in row]
        *reports, quick = data  # "Lapor sekarang" per activity, then "Lapor cepat" for all of them
        assert reports and all(d and d.startswith("rl:") and d.endswith(":2022-Q1") for d in reports)
        assert quick == "rqt:2022-Q1"
        assert all(len(d.encode()) <= 64 for d in data if d)

        # the same moment again, and a restart: nothing is sent twice
        await _tick(h, WIB_0800_H3)
        await h.restart(graceful=False)
        await _tick(h, WIB_0800_H3)
        assert len(h.sent(budi.id)) == before + 1
        rows = await h.run(lambda s: s.exec(select(Delivery)).all())
        assert [(r.kind, r.recipient, r.status) for r in rows] == [("reminder", f"person:{budi.id}", "sent")]

        # "Lapor sekarang" opens the report on that activity and period, at the value question
        first_label = reminder.buttons[0][0][0]
        opened = await h.press(budi, h.sent(budi.id)[before], text=first_label)
        question = "\n".join(m.text or "" for m in opened)
        assert "Triwulan I 2022" in question and "Target:" in question


async def test_escalation_names_the_missing_in_the_group(db_url: str) -> None:
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        silent = h.user("Rina")  # a focal point who never opened a private chat: named in the group
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        await h.grant(silent, "TPAKD-DS", "focal_point", "DISDIK")
        group = h.group()
        await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
        await h.say(sekre, "/hubungkan TPAKD-DS", chat=group)
        before = len(h.sent(group.id))

        await _tick(h, WIB_0800_H1_ESCALATION)
        new = h.sent(group.id)[before:]
        assert new, "the escalation reaches the group"
        text = "\n".join(m.text or "" for m in new)
        assert "DISDIK" in text or "Dinas Pendidikan" in text
        assert (
            any(e.get("type") == "text_mention" or "tg://user?id=" in str(e) for m in new for e in m.entities)
            or "Rina" in text
        )


async def test_weekly_digest_once_per_group_per_week_across_a_restart(db_url: str) -> None:
    monday = datetime(2022, 4, 4, 1, 0, tzinfo=UTC)  # Monday 4 April 2022, 08:00 WIB
    async with running_bot(db_url) as h:
        sekre = h.user("Bu Sri")
        await h.grant(sekre, "TPAKD-DS", "secretariat")
        group = h.group()
        await h.do(group.id, lambda: h.emu.add_bot_to_group(sekre, group))
        await h.say(sekre, "/hubungkan TPAKD-DS", chat=group)
        before = len(h.sent(group.id))

        await _tick(h, monday)
        [digest] = h.sent(group.id)[before:]
        assert digest.photo is not None and digest.photo.startswith(b"\x89PNG")
        assert digest.caption and len(digest.caption) <= 1024

        await _tick(h, monday.replace(hour=3))
        await h.restart(graceful=False)
        await _tick(h, datetime(2022, 4, 6, 2, 0, tzinfo=UTC))  # Wednesday, same week
        assert len(h.sent(group.id)) == before + 1

        await _tick(h, datetime(2022, 4, 11, 1, 0, tzinfo=UTC))  # the next Monday: the next week's digest
        assert len([m for m in h.sent(group.id)[before:] if m.photo is not None]) == 2
        kinds = await h.run(
            lambda s: [(d.kind, d.period_key, d.status) for d in s.exec(select(Delivery)).all() if d.kind == "digest"]
        )
        assert sorted(kinds) == [("digest", "2022-W14", "sent"), ("digest", "2022-W15", "sent")]
