"""The plenary's decisions over the emulator (issue 16 item 2): /putuskan, the focal points told, the reminders and
the overdue notice walked with a controlled clock (once each across a restart), /tindaklanjut closing, reopening,
and who may press what.

Deli Serdang's 2022 plan; the clock starts Monday 4 April 2022, 09:00 WIB. An obstacle of a DISKOPUKM activity
needs the chair's decision; the secretariat (Bu Sri) decides on it, due Thursday 14 April 2022: H-3 is Monday 11
April, H-1 Wednesday 13 April (working days), and the first working day after it Monday 18 April (Good Friday 15
April is a holiday).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

from openpyxl import load_workbook
from sqlmodel import Session, col, select

from emulator.state import Chat, SentMessage, User
from jobs.tick import tick
from progress.digest import collect_digest, digest_caption
from storage.models import ActionItem, Activity, Delivery, Obstacle, Organization, Program, Team
from tests.e2e.harness import Harness, plain, running_bot, texts
from tests.worlds import WorldBuilder
from texts import t

H3 = datetime(2022, 4, 11, 1, 0, tzinfo=UTC)  # Monday 11 April 2022 08:00 WIB
H1 = datetime(2022, 4, 13, 1, 0, tzinfo=UTC)
AFTER = datetime(2022, 4, 18, 1, 0, tzinfo=UTC)  # Monday after Good Friday
NEXT_DAY = datetime(2022, 4, 19, 3, 0, tzinfo=UTC)


async def _tick(h: Harness, now: datetime) -> Any:
    assert h.app is not None and h.db is not None
    h.clock.set(now)
    return await tick(h.db, h.app.bot_data["pantau.services"].notifier, now)


def _obstacles(session: Session) -> dict[str, int]:
    """An obstacle of a DISKOPUKM activity needing a decision, one not needing it, and another team's."""
    ds = session.exec(select(Team).where(Team.code == "TPAKD-DS")).one()
    org = session.exec(select(Organization).where(Organization.code == "DISKOPUKM")).one()
    activity = session.exec(
        select(Activity)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == ds.id, Activity.organization_id == org.id)
    ).first()
    assert activity is not None and activity.id is not None and ds.id is not None
    now = datetime(2022, 4, 4, 1, 0, tzinfo=UTC)

    def obstacle(team_id: int, activity_id: int, text: str, needs: bool) -> int:
        row = Obstacle(
            team_id=team_id,
            activity_id=activity_id,
            category="anggaran",
            description=text,
            needs_decision=needs,
            opened_period_key="2022-Q1",
            opened_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    w = WorldBuilder(session, now)
    other = w.team("TPAKD-X", "TPAKD Kabupaten X", year=2022)
    other_org = w.org(other, "DINASX", "Dinas X")
    other_act = w.activity(w.program(other, "PX", "Program X"), other_org, "X-01", "Kegiatan X")
    return {
        "minor": obstacle(ds.id, activity.id, "Data UMKM belum lengkap", False),
        "decide": obstacle(ds.id, activity.id, "Pencairan dana tertahan di BPKAD", True),
        "other": obstacle(other, other_act, "Kendala tim lain", True),
        "other_org": other_org,
    }


def _foreign_action(session: Session) -> int:
    """A done action of the other team (TPAKD-X, DINASX)."""
    team = session.exec(select(Team).where(Team.code == "TPAKD-X")).one()
    org = session.exec(select(Organization).where(Organization.code == "DINASX")).one()
    assert team.id is not None and org.id is not None
    row = ActionItem(
        team_id=team.id,
        topic="Agenda tim lain",
        decision="Keputusan tim lain",
        organization_id=org.id,
        due_date=date(2022, 5, 1),
        status="done",
        created_at=datetime(2022, 4, 4, 1, 0, tzinfo=UTC),
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


def _actions(session: Session) -> list[ActionItem]:
    team = session.exec(select(Team).where(Team.code == "TPAKD-DS")).one()
    return list(
        session.exec(select(ActionItem).where(ActionItem.team_id == team.id).order_by(col(ActionItem.id))).all()
    )


def _deliveries(session: Session, kind: str) -> list[tuple[str, str, date, str]]:
    rows = session.exec(select(Delivery).where(Delivery.kind == kind).order_by(col(Delivery.id))).all()
    return [(d.period_key, d.recipient, d.due_date, d.status) for d in rows]


async def _reply(h: Harness, user: User, chat: Chat, text: str) -> list[SentMessage]:
    """Answer the bot's latest question in a group (a reply: privacy mode shows the bot only those)."""
    question = h.sent(chat.id)[-1]
    return await h.do(chat.id, lambda: h.emu.send_text(user, text, chat=chat, reply_to=question))


def _org_label(h: Harness, chat_id: int, code: str) -> str:
    message = h.last_with_buttons(chat_id)
    return next(x for x in message.button_labels() if x.startswith(f"{code} · "))


async def _decide_other(h: Harness, user: User, topic: str, decision: str, due: str) -> list[SentMessage]:
    """/putuskan privately on an "Agenda lain" item for DISKOPUKM, up to the confirmation (or the date's refusal)."""
    await h.say(user, "/putuskan")
    await h.press_label(user, t("actions.button.other"))
    await h.say(user, topic)
    await h.say(user, decision)
    await h.press(user, text=_org_label(h, user.id, "DISKOPUKM"))
    return await h.say(user, due)


async def test_putuskan_reminders_overdue_tindaklanjut_and_reopen(db_url: str) -> None:
    async with running_bot(db_url, flood_max_updates=500) as h:  # one person's many steps in a few seconds
        ids = await h.run(_obstacles)
        sri = h.user("Bu Sri")
        budi = h.user("Pak Budi")  # DISKOPUKM's focal point
        ani = h.user("Bu Ani")  # another organization's focal point
        await h.grant(sri, "TPAKD-DS", "secretariat")
        await h.grant(budi, "TPAKD-DS", "focal_point", "DISKOPUKM")
        await h.grant(ani, "TPAKD-DS", "focal_point", "DISDIK")
        for user in (sri, budi, ani):
            await h.say(user, "/start")
        group = h.group("Grup TPAKD DS")
        await h.do(group.id, lambda: h.emu.add_bot_to_group(sri, group))
        await h.say(sri, "/hubungkan TPAKD-DS", chat=group)

        # a focal point may not decide
        assert texts(await h.say(budi, "/putuskan")) == [plain(t("core.not_allowed"))]

        # /putuskan in the group: the obstacle needing a decision is listed first
        [head] = await h.say(sri, "/putuskan", chat=group)
        assert head.text is not None and head.text.startswith("📝 Keputusan rapat Tim Percepatan Akses Keuangan Daerah")
        assert head.text.index("Pencairan dana tertahan") < head.text.index("Data UMKM belum lengkap")
        assert "perlu keputusan" in head.text
        # a forged obstacle of another team is refused; so is a press by someone else
        mark = len(h.emu.callback_answers)
        await h.do(group.id, lambda: h.emu.press_raw_callback(sri, group, head.message_id, f"pk:t:{ids['other']}"))
        await h.do(group.id, lambda: h.emu.press_raw_callback(budi, group, head.message_id, f"pk:t:{ids['decide']}"))
        assert [a.text for a in h.emu.callback_answers[mark:]] == [
            t("actions.topic.unknown"),
            t("core.stale_button"),
        ]
        ask = (await h.press(sri, head, data=f"pk:t:{ids['decide']}", chat=group))[-1]
        assert ask.text is not None and "Pencairan dana tertahan di BPKAD" in ask.text
        assert ask.text.endswith(plain(t("actions.who", name="Bu Sri")))
        [orgs] = await _reply(h, sri, group, "BPKAD mencairkan dana hibah UMKM")
        assert orgs.text == plain(t("actions.ask_org", page=1, pages=2))
        # the second page, and a forged organization of another team
        await h.press_label(sri, t("actions.button.next"), chat=group)
        mark = len(h.emu.callback_answers)
        await h.do(group.id, lambda: h.emu.press_raw_callback(sri, group, orgs.message_id, f"pk:o:{ids['other_org']}"))
        assert [a.text for a in h.emu.callback_answers[mark:]] == [t("actions.org.unknown")]
        await h.press_label(sri, t("actions.button.prev"), chat=group)
        await h.press(sri, text=_org_label(h, group.id, "DISKOPUKM"), chat=group)
        # a bad date is named and asked again
        [bad] = await _reply(h, sri, group, "31/2")
        assert bad.text == "\n".join(
            plain(t(key, **values))
            for key, values in (
                ("actions.date.impossible", {"day": 31, "month": 2, "last": 29}),
                ("actions.date.again", {}),
                ("actions.who", {"name": "Bu Sri"}),
            )
        )
        await h.restart(graceful=False)  # the steps are kept across a restart
        [bad] = await _reply(h, sri, group, "1/4/2022")
        assert bad.text is not None and bad.text.startswith("1/4/2022 sudah lewat")
        [confirm] = await _reply(h, sri, group, "14 April")
        assert confirm.text is not None and "Kamis, 14 April 2022" in confirm.text and "DISKOPUKM" in confirm.text
        saved = (await h.press_label(sri, t("actions.button.save"), chat=group))[-1]
        assert (
            saved.text is not None and saved.text.startswith("✅ Keputusan A1 disimpan") and "(1 orang)" in saved.text
        )
        [told] = h.sent(budi.id)[-1:]
        assert told.text is not None and told.text.startswith("📌 Tindak lanjut untuk Dinas Koperasi dan UKM")
        assert "BPKAD mencairkan dana hibah UMKM" in told.text and "Kamis, 14 April 2022" in told.text
        [action] = await h.run(_actions)
        assert (action.obstacle_id, action.due_date, action.status) == (ids["decide"], date(2022, 4, 14), "open")
        assert action.topic.startswith("Kendala ") and action.topic.endswith(
            "(DISKOPUKM): Pencairan dana tertahan di BPKAD"
        )

        # every date form, privately, on other agenda items; /batal leaves nothing
        forms = {
            "30/4": date(2022, 4, 30),
            "30-04-2022": date(2022, 4, 30),
            "29/4/22": date(2022, 4, 29),
            "30 April 2022": date(2022, 4, 30),
            "2 mei": date(2022, 5, 2),
            "akhir Mei": date(2022, 5, 31),
            "pertengahan Juni": date(2022, 6, 15),
        }
        for typed, expected in forms.items():
            [confirm] = await _decide_other(h, sri, f"Agenda {typed}", "Sosialisasi KUR", typed)
            assert confirm.text is not None and confirm.text.startswith("Simpan keputusan ini?"), typed
            assert f"{expected.day} " in confirm.text, typed
            await h.press_label(sri, t("actions.button.save"))
        [unknown] = await _decide_other(h, sri, "Agenda lain", "Rapat lanjutan", "minggu depan")
        assert unknown.text is not None and unknown.text.startswith("“minggu depan” tidak terbaca sebagai tanggal")
        assert texts(await h.say(sri, "/batal")) == [plain(t("actions.cancelled"))]
        stored = await h.run(_actions)
        assert [a.due_date for a in stored[1:]] == list(forms.values())
        assert [a.topic for a in stored[1:]] == [f"Agenda {typed}" for typed in forms]
        assert all(a.organization_id == action.organization_id for a in stored)

        # H-3 and H-1: DISKOPUKM's focal point is reminded, once each across a restart
        def reminders() -> list[str]:
            return [x for x in texts(h.sent(budi.id)) if x.startswith("⏰ Tindak lanjut A1 ")]

        await _tick(h, H3)
        await h.restart(graceful=False)
        await _tick(h, H3)
        [h3] = reminders()
        assert "Kamis, 14 April 2022" in h3 and "3 hari kerja lagi" in h3
        await _tick(h, H1)
        await _tick(h, H1)
        assert len(reminders()) == 2 and "hari kerja berikutnya" in reminders()[1]
        assert not [x for x in texts(h.sent(ani.id)) if "Tindak lanjut" in x]

        # the day after (the first working day): the group is told once, across a restart
        def overdue() -> list[str]:
            return [x for x in texts(h.sent(group.id)) if x.startswith("⚠️ Tindak lanjut lewat batas waktu")]

        await _tick(h, AFTER)
        await h.restart(graceful=False)
        await _tick(h, AFTER)
        [notice] = overdue()
        assert "Dinas Koperasi dan UKM" in notice and "BPKAD mencairkan dana hibah UMKM" in notice
        assert "lewat 4 hari" in notice
        rows = await h.run(_deliveries, "action_overdue")
        assert [(r[0], r[2], r[3]) for r in rows] == [("A1", date(2022, 4, 15), "sent")]

        # /rekap lists the overdue action; the weekly digest has its line; the Excel recap its sheet
        rekap = "\n".join(texts(await h.say(sri, "/rekap TW1")))
        assert plain(t("actions.rekap.head", n=1)) in rekap
        assert "• A1 DISKOPUKM: BPKAD mencairkan dana hibah UMKM — batas 14-04-2022, lewat 4 hari" in rekap
        team_id = await h.run(lambda s: s.exec(select(Team.id).where(Team.code == "TPAKD-DS")).one())
        caption = digest_caption(await h.run(collect_digest, team_id, AFTER))
        assert plain(t("actions.digest", open=len(stored), overdue=1)) in caption.split("\n")
        [recap] = [m for m in await h.say(sri, "/ekspor TW1") if m.document is not None]
        assert recap.document is not None
        sheet = load_workbook(io.BytesIO(recap.document))["Tindak lanjut"]
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0] == tuple(
            t(f"actions.xlsx.col.{c}")
            for c in ("id", "topic", "decision", "org_code", "org", "due", "status", "overdue", "done_at", "done_note")
        )
        assert len(rows) == 1 + len(stored)
        first_row = rows[1]
        assert first_row[0] == "A1" and first_row[3] == "DISKOPUKM" and first_row[6] == "lewat batas"
        assert first_row[5] is not None and first_row[5].date() == date(2022, 4, 14) and first_row[7] == 4
        assert {r[6] for r in rows[2:]} == {"terbuka"}

        # /tindaklanjut: another organization's focal point cannot close it; DISKOPUKM's does
        listing = await h.say(budi, "/tindaklanjut")
        assert listing[0].text == plain(t("actions.list.mine", n=len(stored)))
        first = next(m for m in listing if m.text and m.text.startswith("A1 "))
        assert "lewat 4 hari" in (first.text or "")
        mark = len(h.emu.callback_answers)
        await h.do(ani.id, lambda: h.emu.press_raw_callback(ani, ani.id, first.message_id, "tl:d:1"))
        assert [a.text for a in h.emu.callback_answers[mark:]] == [t("actions.not_allowed", org="DISKOPUKM")]
        assert texts(await h.say(ani, "/tindaklanjut")) == [plain(t("actions.list.none"))]
        # forged buttons naming another team's action are refused to its "focal point" and "secretariat" alike
        foreign = await h.run(_foreign_action)
        mark = len(h.emu.callback_answers)
        await h.do(budi.id, lambda: h.emu.press_raw_callback(budi, budi.id, first.message_id, f"tl:d:{foreign}"))
        await h.do(sri.id, lambda: h.emu.press_raw_callback(sri, sri.id, first.message_id, f"tl:r:{foreign}"))
        assert [a.text for a in h.emu.callback_answers[mark:]] == [
            t("actions.not_allowed", org="DINASX"),
            t("actions.not_secretariat"),
        ]
        [ask] = await h.press(budi, first, text=t("actions.button.done"))
        assert ask.text == plain(t("actions.ask_note", id=1))
        before = len(h.sent(group.id))
        assert texts(await h.say(budi, "Dana dicairkan 16 April")) == [plain(t("actions.closed", id=1))]
        [closed] = texts(h.sent(group.id)[before:])
        assert closed.startswith("✅ Tindak lanjut A1 selesai") and "Dana dicairkan 16 April" in closed
        [done] = [a for a in await h.run(_actions) if a.id == 1]
        assert done.status == "done" and done.done_note == "Dana dicairkan 16 April" and done.done_at is not None
        await _tick(h, NEXT_DAY)
        assert len(overdue()) == 1  # a done action is not announced

        # the secretariat reopens it: the focal point is told, the group told again once (the due date has passed)
        listing = await h.say(sri, "/tindaklanjut")
        assert listing[0].text is not None and listing[0].text.startswith("📌 Tindak lanjut Tim Percepatan")
        done_item = next(m for m in listing if m.text and m.text.startswith("A1 "))
        assert "✅ Selesai" in (done_item.text or "") and done_item.button_labels() == [t("actions.button.reopen")]
        mark = len(h.emu.callback_answers)
        await h.do(budi.id, lambda: h.emu.press_raw_callback(budi, budi.id, first.message_id, "tl:r:1"))
        assert [a.text for a in h.emu.callback_answers[mark:]] == [t("actions.not_secretariat")]
        reopened = (await h.press(sri, done_item, text=t("actions.button.reopen")))[-1]
        assert reopened.text is not None and reopened.text.startswith("↩️ A1 dibuka lagi")
        assert (h.sent(budi.id)[-1].text or "").startswith("↩️ Tindak lanjut A1 dibuka lagi")
        await _tick(h, NEXT_DAY)
        await _tick(h, NEXT_DAY)
        assert len(overdue()) == 2
        [again] = [a for a in await h.run(_actions) if a.id == 1]
        assert again.status == "open" and again.reopened_at is not None
