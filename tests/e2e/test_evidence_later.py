"""Evidence later over the emulator, on both engines (issue 17 item 4).

A focal point sends a report with "📎 Bukti menyusul": the summary says when they will be reminded, Kirim stores a
revision marked ``evidence_later`` with no evidence. The team's ``evidence_reminder_days`` (3) working days later the
tick reminds them privately, once (also across a restart of the bot), with "Kirim bukti": it opens the evidence
step of a revision draft with every other answer kept; a photo, "Selesai", the summary, Kirim: a new revision with
the evidence and the same values. /riwayat offers the same button on a report still waiting for its evidence;
another organization's focal point's forged button is refused. A voice note in the obstacle step is kept as
evidence of kind "voice" and sent to the secretariat on /verifikasi.

The seed plan's clock starts on Monday 6 April 2026, 10:00 WIB: three working days later is Thursday 9 April, and
the team's reminder hour is 08:00 WIB (the regular H-3 reminder of Triwulan I is on Friday 10 April).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from bot.report.draft import Step
from jobs.rules import EVIDENCE_REMINDER
from jobs.tick import tick
from storage.models import Delivery, Team
from tests.e2e.harness import Harness, texts
from tests.report.kit import Kit, p, report_bot
from texts import t

WEDNESDAY = datetime(2026, 4, 8, 1, 0, tzinfo=UTC)  # 08:00 WIB: two working days after the report
THURSDAY = datetime(2026, 4, 9, 1, 0, tzinfo=UTC)  # 08:00 WIB: the third working day, the reminder's
THURSDAY_EARLY = datetime(2026, 4, 9, 0, 30, tzinfo=UTC)  # 07:30 WIB: before the reminder hour
FRIDAY = datetime(2026, 4, 10, 2, 0, tzinfo=UTC)
ACTIVITY = "Onboarding UMKM ke marketplace"


async def _tick(h: Harness, now: datetime) -> None:
    assert h.app is not None and h.db is not None
    h.clock.set(now)
    await tick(h.db, h.app.bot_data["pantau.services"].notifier, now)


def _evidence_reminders(kit: Kit, chat_id: int) -> list[str]:
    head = p("reminders.evidence.head")
    return [x for x in texts(kit.h.sent(chat_id)) if x.startswith(head)]


async def _send_with_evidence_later(kit: Kit) -> None:
    """Budi reports K1 for Triwulan I with "Bukti menyusul"."""
    budi = kit.budi
    [*_, ask] = await kit.walk(budi, Step.EVIDENCE, activity="⏳ K1", value="80")
    assert t("report.button.evidence_later") in ask.button_labels()
    [summary] = await kit.press(budi, t("report.button.evidence_later"))
    assert "Bukti: menyusul (pengingat dalam 3 hari" in (summary.text or "")
    assert p("report.summary.evidence_later", days=3) in (summary.text or "")
    sent = await kit.press(budi, t("report.button.send"))
    assert (sent[-2].text or "").startswith("✅ Laporan terkirim"), texts(sent)
    assert sent[-1].text == p("report.sent.evidence_later", days=3)


async def test_evidence_later_reminded_once_and_sent_from_the_reminder(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await _send_with_evidence_later(kit)
        [first] = await kit.revisions()
        assert first.evidence_later is True and await kit.evidence() == []

        # not before the third working day's reminder hour; then once, also across a restart of the bot
        await _tick(kit.h, WEDNESDAY)
        await _tick(kit.h, THURSDAY_EARLY)
        assert _evidence_reminders(kit, budi.id) == []
        await _tick(kit.h, THURSDAY)
        await _tick(kit.h, THURSDAY)
        await kit.h.restart(graceful=False)
        await _tick(kit.h, THURSDAY.replace(hour=5))
        [reminder] = _evidence_reminders(kit, budi.id)
        assert ACTIVITY in reminder and "Triwulan I 2026" in reminder
        assert p("reminders.evidence.foot") in reminder
        for other in (kit.siti, kit.andi, kit.rina):  # only the focal point who sent it
            assert _evidence_reminders(kit, other.id) == []
        rows = await kit.rows(Delivery)
        [row] = [d for d in rows if d.kind == EVIDENCE_REMINDER]
        assert (row.period_key, row.recipient, row.status, str(row.due_date)) == (
            "2026-Q1",
            f"person:{budi.id}",
            "sent",
            "2026-04-09",
        )

        # its button: the evidence step of a revision draft, straight back to the summary, Kirim
        message = next(m for m in kit.h.sent(budi.id) if (m.text or "").startswith(p("reminders.evidence.head")))
        label = t("reminders.evidence.button", activity=ACTIVITY)
        assert message.button_labels() == [label]
        opened = await kit.h.press(budi, message, text=label)
        assert texts(opened)[0] == p("report.evidence_later.ask", activity=ACTIVITY, period="Triwulan I 2026")
        assert t("report.button.evidence_later") in opened[-1].button_labels()  # nothing attached yet
        await kit.photo(budi)
        [summary] = await kit.press(budi, t("report.button.done"))
        assert "Ringkasan laporan (revisi)" in (summary.text or "")
        assert "Bukti: 1 foto, 0 dokumen" in (summary.text or "")
        sent = await kit.press(budi, t("report.button.send"))
        assert (sent[-1].text or "").startswith("✅ Laporan terkirim (revisi 2)"), texts(sent)

        first, second = sorted(await kit.revisions(), key=lambda r: r.number)
        assert second.evidence_later is False
        kept = ("value", "budget_spent", "physical_pct", "obstacles", "follow_up", "latitude", "longitude")
        assert {k: getattr(second, k) for k in kept} == {k: getattr(first, k) for k in kept}
        [photo] = await kit.evidence()
        assert (photo.revision_id, photo.kind) == (second.id, "photo")

        # the reminder's button again: nothing is waiting any more; no second reminder on later days
        await kit.h.press(budi, message, text=label)
        assert texts(kit.h.sent(budi.id))[-1] == p("report.evidence_later.not_waiting")
        await _tick(kit.h, FRIDAY)
        assert len(_evidence_reminders(kit, budi.id)) == 1
        assert len(await kit.revisions()) == 2


async def test_riwayat_sends_the_evidence_and_forged_buttons_are_refused(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, andi = kit.budi, kit.andi
        await _send_with_evidence_later(kit)
        [report] = await kit.reports()
        data = f"re:{report.id}"

        # another organization's focal point, with the button forged: refused, no draft opened
        await kit.say(andi, "/start")
        out = await kit.h.do(andi.id, lambda: kit.h.emu.press_raw_callback(andi, andi.id, 1, data))
        assert texts(out) == [p("report.revise.not_yours")]
        # in a group: nothing changes, a short notice
        group = await kit.link_group()
        await kit.h.do(group.id, lambda: kit.h.emu.press_raw_callback(budi, group.id, 1, data))
        assert [d for d in await kit.drafts() if d.status == "open"] == []

        [history] = await kit.say(budi, "/riwayat")
        assert p("report.history.evidence_later").strip() in (history.text or "")
        label = t("report.button.send_evidence_n", n=1)
        assert label in history.button_labels()
        await kit.press(budi, label)
        await kit.document(budi)
        [summary] = await kit.press(budi, t("report.button.done"))
        assert "Bukti: 0 foto, 1 dokumen" in (summary.text or "")
        await kit.press(budi, t("report.button.send"))
        revisions = sorted(await kit.revisions(), key=lambda r: r.number)
        assert [r.evidence_later for r in revisions] == [True, False]
        [document] = await kit.evidence()
        assert (document.revision_id, document.kind) == (revisions[1].id, "document")

        # nothing waits now: /riwayat offers no "Kirim bukti", and no reminder goes on Thursday
        [history] = await kit.say(budi, "/riwayat")
        assert label not in history.button_labels()
        await _tick(kit.h, THURSDAY)
        assert _evidence_reminders(kit, budi.id) == []


async def test_the_team_sets_the_days(db_url: str) -> None:
    async with report_bot(db_url) as kit:

        def five_days(session: object) -> None:
            team = session.exec(select(Team)).one()  # type: ignore[attr-defined]
            team.evidence_reminder_days = 5
            session.add(team)  # type: ignore[attr-defined]

        await kit.h.run(five_days)
        await kit.walk(kit.budi, Step.EVIDENCE, activity="⏳ K2", value="8")
        [summary] = await kit.press(kit.budi, t("report.button.evidence_later"))
        assert p("report.summary.evidence_later", days=5) in (summary.text or "")
        await kit.press(kit.budi, t("report.button.send"))
        await _tick(kit.h, THURSDAY)  # the third working day: not yet
        assert _evidence_reminders(kit, kit.budi.id) == []
        await _tick(kit.h, datetime(2026, 4, 13, 1, 0, tzinfo=UTC))  # Monday 13 April: the fifth
        assert len(_evidence_reminders(kit, kit.budi.id)) == 1


async def test_a_voice_note_for_an_obstacle_reaches_the_secretariat(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, rina = kit.budi, kit.rina
        await kit.walk(budi, Step.OBSTACLES, activity="⏳ K1", value="80")
        got = await kit.voice(budi)
        assert texts(got)[0] == p("report.obstacles.voice_got")
        assert texts(got)[-1] == p("report.obstacles.ask")  # then the text, or Lewati, as before
        await kit.press(budi, t("report.button.skip"))  # no text: the voice note says it
        await kit.press(budi, t("report.button.skip"))  # follow-up
        evidence_ask = kit.h.last_with_buttons(budi.id)
        assert t("report.button.evidence_later") in evidence_ask.button_labels()  # a voice note is not the evidence
        await kit.photo(budi)
        await kit.press(budi, t("report.button.done"))
        [*_, summary] = await kit.location(budi)
        assert "Bukti: 1 foto, 0 dokumen, 1 pesan suara" in (summary.text or "")
        await kit.press(budi, t("report.button.send"))
        stored = {e.kind: e for e in await kit.evidence()}
        assert set(stored) == {"photo", "voice"} and stored["voice"].file_id

        head, item, voice = await kit.say(rina, "/verifikasi")
        assert head.text == p("report.verify.head", total=1, more="")
        assert "Bukti: 2" + p("report.verify.voice", n=1) in (item.text or "")
        assert voice.method == "sendVoice" and voice.message["voice"]["file_id"] == stored["voice"].file_id
        assert voice.caption == p("report.verify.voice_caption", org="DISKOP", activity=ACTIVITY)
