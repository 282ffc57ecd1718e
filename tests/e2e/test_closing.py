"""The layered deadline over the emulator (issue 15): a regency team under a province closes a quarter for it.

Deli Serdang's 2022 plan is put under a province team (TPAKD-SUMUT, deadline 10 working days: Thursday 14 April
2022 for Triwulan I, Good Friday 15 April after it) beside a second regency that closes at once. The clock walks the
quarter's deadline: the open regency's secretariat is reminded H-3, H-1 and H, the closed one never; the province's
group gets the escalation naming the open regency after the deadline; each once, across a restart of the bot.
/tutup is refused while a report waits for verification, then accepted (late); the province's secretariat reopens.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from jobs.tick import tick
from storage.models import Activity, Delivery, PeriodClosing, Program, Report, Team
from tests.e2e.harness import Harness, plain, running_bot, texts
from tests.worlds import WorldBuilder
from texts import t

H3 = datetime(2022, 4, 11, 1, 0, tzinfo=UTC)  # Monday 11 April 2022 08:00 WIB
H1 = datetime(2022, 4, 13, 1, 0, tzinfo=UTC)
H = datetime(2022, 4, 14, 1, 0, tzinfo=UTC)
H_PLUS_1 = datetime(2022, 4, 18, 1, 0, tzinfo=UTC)  # Monday after Good Friday
H_PLUS_4 = datetime(2022, 4, 21, 1, 0, tzinfo=UTC)
PARENT = "TPAKD Sumatera Utara"


async def _tick(h: Harness, now: datetime) -> object:
    assert h.app is not None and h.db is not None
    h.clock.set(now)
    return await tick(h.db, h.app.bot_data["pantau.services"].notifier, now)


def _province(session: Session) -> None:
    w = WorldBuilder(session, datetime(2022, 4, 1, tzinfo=UTC))
    prov = w.team("TPAKD-SUMUT", PARENT, year=2022)
    w.team("TPAKD-X", "TPAKD Kabupaten X", year=2022, parent_id=prov)
    ds = session.exec(select(Team).where(Team.code == "TPAKD-DS")).one()
    ds.parent_id = prov
    session.add(ds)
    activity = session.exec(
        select(Activity).join(Program, col(Program.id) == Activity.program_id).where(Program.team_id == ds.id)
    ).first()
    assert activity is not None and activity.id is not None
    w.report(activity.id, "2022-Q1", at=datetime(2022, 4, 5, 3, 0, tzinfo=UTC), status="submitted")


def _verify_all(session: Session) -> None:
    for report in session.exec(select(Report)).all():
        report.status = "verified"
        session.add(report)


def _closing_reminders(h: Harness, chat_id: int) -> list[str]:
    return [x for x in texts(h.sent(chat_id)) if f"untuk {PARENT}" in x and x.startswith("⏰")]


async def test_reminders_escalation_tutup_and_reopen_across_a_restart(db_url: str) -> None:
    async with running_bot(db_url) as h:
        await h.run(_province)
        sri = h.user("Bu Sri")  # Deli Serdang's secretariat: stays open
        ani = h.user("Bu Ani")  # TPAKD-X's secretariat: closes at once
        prov = h.user("Pak Prov")  # the province's secretariat
        await h.grant(sri, "TPAKD-DS", "secretariat")
        await h.grant(ani, "TPAKD-X", "secretariat")
        await h.grant(prov, "TPAKD-SUMUT", "secretariat")
        for user in (sri, ani, prov):
            await h.say(user, "/start")
        group = h.group("Grup TPAKD Sumut")
        await h.do(group.id, lambda: h.emu.add_bot_to_group(prov, group))
        await h.say(prov, "/hubungkan TPAKD-SUMUT", chat=group)
        in_group = len(h.sent(group.id))

        # TPAKD-X closes Triwulan I: told it is on time; the province's group gets the one-line notice
        [done] = texts(await h.say(ani, "/tutup TW I 2022"))
        assert "Triwulan I 2022 ditutup" in done and "Tepat waktu" in done
        [line] = texts(h.sent(group.id)[in_group:])
        assert line == plain(
            t(
                "closing.notice",
                team="TPAKD Kabupaten X",
                period="TW I 2022",
                received=0,
                expected=0,
                timeliness="tepat waktu",
            )
        )
        [again] = texts(await h.say(ani, "/tutup TW I 2022"))
        assert again.startswith("Triwulan I 2022 sudah ditutup pada 04-04-2022") and "Bu Ani" in again

        # H-3: the open regency's secretariat is reminded once, across a restart; the closed one never
        await _tick(h, H3)
        await _tick(h, H3)
        await h.restart(graceful=False)
        await _tick(h, H3)
        [h3] = _closing_reminders(h, sri.id)
        assert "Triwulan I 2022" in h3 and "TPAKD-DS" in h3 and "/tutup TW I 2022" in h3 and "3 hari kerja" in h3
        assert _closing_reminders(h, ani.id) == []

        await _tick(h, H1)
        await _tick(h, H)
        await _tick(h, H)
        assert len(_closing_reminders(h, sri.id)) == 3
        assert _closing_reminders(h, ani.id) == []
        notes = [x for x in texts(h.sent(prov.id)) if x.startswith("📋 Penutupan")]
        assert len(notes) == 1 and "1/2 tim sudah menutup, 1 tepat waktu" in notes[0] and "TPAKD-DS" in notes[0]

        # /tutup is refused while a report of the period waits for verification
        refused = texts(await h.say(sri, "/tutup TW I 2022"))
        assert refused == [plain(t("closing.unverified", n=1, period="Triwulan I 2022"))]

        # after the deadline: the province's group is told which regency is still open, once, across a restart
        before = len(h.sent(group.id))
        await _tick(h, H_PLUS_1)
        await h.restart(graceful=False)
        await _tick(h, H_PLUS_1)
        escalations = [x for x in texts(h.sent(group.id)[before:]) if x.startswith("⚠️")]
        assert len(escalations) == 1
        assert "1 dari 2 tim belum menutup" in escalations[0] and "TPAKD-DS" in escalations[0]
        assert "TPAKD-X" not in escalations[0]

        # verified: /tutup is accepted, late; the province's group gets the notice
        await h.run(_verify_all)
        before = len(h.sent(group.id))
        [closed] = texts(await h.say(sri, "/tutup TW I 2022"))
        assert "ditutup" in closed and "Melewati batas waktu" in closed
        assert texts(h.sent(group.id)[before:])[-1].endswith("laporan, terlambat")
        await _tick(h, H_PLUS_4)  # nobody open: no escalation
        assert not [x for x in texts(h.sent(group.id)[before:]) if x.startswith("⚠️")]

        # the province's secretariat reopens; a regency's secretariat may not; Deli Serdang closes again
        refused = texts(await h.say(sri, "/bukatutup TPAKD-DS TW I 2022"))
        assert refused == [plain(t("closing.reopen.not_child", team="TPAKD-DS", parent="TPAKD-DS"))]
        [reopened] = texts(await h.say(prov, "/bukatutup TPAKD-DS TW I 2022"))
        assert reopened == plain(t("closing.reopen.done", period="Triwulan I 2022", team="TPAKD-DS"))
        [closed_again] = texts(await h.say(sri, "/tutup TW I 2022"))
        assert "ditutup" in closed_again

        rows = await h.run(lambda s: s.exec(select(Delivery)).all())
        kinds = sorted((r.kind, r.recipient, r.due_date.isoformat(), r.status) for r in rows if "closing" in r.kind)
        assert kinds == [
            ("closing_escalation", f"chat:{group.id}", "2022-04-18", "sent"),
            ("closing_note", f"person:{prov.id}", "2022-04-14", "sent"),
            ("closing_reminder", f"person:{sri.id}", "2022-04-11", "sent"),
            ("closing_reminder", f"person:{sri.id}", "2022-04-13", "sent"),
            ("closing_reminder", f"person:{sri.id}", "2022-04-14", "sent"),
        ]
        closings = await h.run(lambda s: [(c.automatic, c.reopened_at) for c in s.exec(select(PeriodClosing)).all()])
        assert closings == [(False, None), (False, None)]
