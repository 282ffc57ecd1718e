"""Lapor cepat over HTTP (issue 17 item 3): the template from /lapor and from a reminder, one line and three lines
(two with mistakes, each named), "Ya, benar", Kirim stored once, a revision, a guided draft left as it was, a group."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

from bot.report import steps
from emulator.state import SentMessage, User
from jobs.messages import quick_callback_for
from jobs.tick import tick
from storage.entry import activity_context
from storage.models import ReportDraft
from tests.e2e.harness import plain
from tests.e2e.test_sandbox import _sandbox as sandbox
from tests.report.kit import Kit, p, report_bot
from texts import t

K1_TEMPLATE = "LAPOR K1 Triwulan I 2026 | nilai: | anggaran (Rp): | fisik (%): | kendala: | tindak lanjut:"
K2_TEMPLATE = "LAPOR K2 Triwulan I 2026 | nilai: | kendala: | tindak lanjut:"
K3_TEMPLATE = "LAPOR K3 Triwulan I 2026 | nilai: | kendala: | tindak lanjut:"


async def _press_data(kit: Kit, user: User, message: SentMessage, data: str) -> list[SentMessage]:
    return await kit.h.act(user.id, lambda: kit.h.emu.press_raw_callback(user, user.id, message.message_id, data))


def _data(message: SentMessage, label: str) -> str:
    [data] = [d for row in message.buttons for text, d in row if text == label]
    assert data is not None
    return data


async def _quick_drafts(kit: Kit) -> list[ReportDraft]:
    return list(await kit.h.run(lambda s: s.exec(select(ReportDraft).where(ReportDraft.status == "quick")).all()))


async def test_one_line_from_the_activity_list_then_kirim_twice_stores_once(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        [listing] = await kit.say(budi, "/lapor")
        assert listing.button_labels()[-1] == t("quick.button.template")
        [template] = await kit.press(budi, t("quick.button.template"))
        assert template.text is not None and template.raw_text is not None
        assert template.text.startswith("⚡ Lapor cepat · Triwulan I 2026")
        assert f"<pre>{K1_TEMPLATE}\n{K2_TEMPLATE}\n{K3_TEMPLATE}</pre>" in template.raw_text  # one tap copies all
        [open_draft] = await kit.drafts()
        assert open_draft.status == "cancelled"  # the list's draft made way, nothing was answered in it

        line = (
            "lapor k1   TW I 2026 |Fisik: 30 | NILAI:80|anggaran : 2,5 jt | kendala: sinyal <lemah> | tindak lanjut: -"
        )
        [summary] = await kit.say(budi, line)
        assert summary.text is not None
        assert summary.text.startswith("⚡ Ringkasan lapor cepat (1 kegiatan)")
        assert "Baris 1 · K1 Onboarding UMKM ke marketplace" in summary.text
        assert "Realisasi: 80 UMKM (target 100 UMKM, capaian 80%)" in summary.text
        assert "Anggaran: Rp 2.500.000 · Fisik: 30%" in summary.text
        assert "Kendala: sinyal <lemah>" in summary.text and "Tindak lanjut: –" in summary.text
        assert summary.button_labels() == ["Kirim", "Ubah", "Batal"]
        assert await kit.revisions() == []  # nothing stored before Kirim

        kirim = _data(summary, "Kirim")
        answered = await _press_data(kit, budi, summary, kirim)
        assert answered[0].buttons == []  # the summary's buttons are spent
        sent = answered[-1].text or ""
        assert sent.startswith("✅ 1 laporan terkirim")
        assert "Baris 1 · Onboarding UMKM ke marketplace · Triwulan I 2026: 80 UMKM" in sent
        assert "1 tepat waktu, 0 terlambat" in sent
        again = await _press_data(kit, budi, summary, kirim)  # a double tap
        assert [m.text for m in again] == [p("quick.sent.already")]
        [revision] = await kit.revisions()
        assert (revision.value, revision.budget_spent, revision.physical_pct) == (80.0, 2_500_000, 30.0)
        assert (revision.obstacles, revision.follow_up) == ("sinyal <lemah>", None)
        await kit.h.restart(graceful=False)
        again = await _press_data(kit, budi, summary, kirim)  # and after a restart
        assert [m.text for m in again] == [p("quick.sent.already")]
        assert len(await kit.revisions()) == 1

        # the same activity and period again: a revision, the evidence of the guided report kept
        [summary] = await kit.say(budi, "LAPOR K1 | nilai: 95")
        assert "Baris 1 · K1 Onboarding UMKM ke marketplace · revisi" in (summary.text or "")
        answered = await _press_data(kit, budi, summary, _data(summary, "Kirim"))
        assert "95 UMKM (revisi 2)" in (answered[-1].text or "")
        _first, second = sorted(await kit.revisions(), key=lambda r: r.id or 0)
        [report] = await kit.reports()
        assert (report.revision_count, report.current_revision_id, second.value) == (2, second.id, 95.0)


async def test_three_lines_two_with_mistakes_each_named_then_fixed_and_sent(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        # a guided report open at the value question: the quick report does not disturb it
        await kit.say(budi, "/lapor")
        await kit.press(budi, "⏳ K1")
        await kit.press(budi, "▶")
        mistakes = (
            "LAPOR K1 Triwulan I 2026 | nilai: 90 | anggaran (Rp): 1 jt | fisik (%): 20 | kendala: | tindak lanjut:\n"
            "LAPOR K2 Triwulan I 2026 | nilai: sepuluh orang | kendala: - | tindak lanjut:\n"
            "LAPOR K3 Triwulan I 2026 | nilai: 4 | fisik: 120 | fisik: 30 | kendala: banjir"
        )
        answer = await kit.say(budi, mistakes)
        text = "\n".join(m.text or "" for m in answer)
        assert text.startswith(p("quick.problems"))
        assert "Baris 2, nilai: " in text
        assert "Baris 3, fisik: " + p("quick.error.repeated") in text
        assert "Baris 3, fisik: " + p("numbers.percent_over_max", maximum="100") in text
        assert "Baris 1" not in text  # the good line is not named
        assert await _quick_drafts(kit) == [] and await kit.revisions() == []  # nothing stored
        [guided] = [d for d in await kit.drafts() if d.status == "open"]
        assert guided.step == "value"

        fixed = mistakes.replace("sepuluh orang", "12").replace("fisik: 120 | ", "")
        [summary] = await kit.say(budi, fixed)
        assert (summary.text or "").startswith("⚡ Ringkasan lapor cepat (3 kegiatan)")
        for n, code in ((1, "K1"), (2, "K2"), (3, "K3")):
            assert f"Baris {n} · {code} " in (summary.text or "")
        answered = await _press_data(kit, budi, summary, _data(summary, "Kirim"))
        assert (answered[-1].text or "").startswith("✅ 3 laporan terkirim")
        revisions = await kit.revisions()
        assert sorted(r.value for r in revisions) == [4.0, 12.0, 90.0]
        # the guided report is still at its value question
        ctx = await kit.h.run(activity_context, kit.plan.act_pp, "2026-Q1")
        assert [m.text for m in await kit.say(budi, "70")] == [plain(steps.budget_prompt(ctx, "id"))]


async def test_an_implausible_value_is_confirmed_and_ubah_sends_the_lines_back(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        [summary] = await kit.say(budi, "LAPOR K1 | nilai: 500 | anggaran: 20 jt\nLAPOR K3 | nilai: 5 | kendala: a | b")
        text = summary.text or ""
        assert "Baris 1, nilai: ⚠️ 500 UMKM adalah 500% dari target" in text
        assert "Baris 1, anggaran: ⚠️ Rp 20.000.000 melebihi pagu anggaran" in text
        assert summary.button_labels() == ["Ya, benar", "Ubah", "Batal"]

        *_spent, edit = await _press_data(kit, budi, summary, _data(summary, "Ubah"))
        assert edit.text is not None and edit.text.startswith(p("quick.edit"))
        assert edit.raw_text is not None
        assert (
            "<pre>LAPOR K1 Triwulan I 2026 | nilai: 500 | anggaran (Rp): Rp 20.000.000 | fisik (%): | kendala: | "
            "tindak lanjut:\nLAPOR K3 Triwulan I 2026 | nilai: 5 | kendala: a | b | tindak lanjut:</pre>"
        ) in edit.raw_text
        stale = await _press_data(kit, budi, summary, _data(summary, "Ya, benar"))
        assert stale == [] and await _quick_drafts(kit) == []  # the old summary no longer applies

        [summary] = await kit.say(budi, "LAPOR K1 | nilai: 500 | anggaran: 20 jt")
        *_spent, confirmed = await _press_data(kit, budi, summary, _data(summary, "Ya, benar"))
        assert confirmed.text == p("quick.confirmed") and confirmed.button_labels() == ["Kirim", "Ubah", "Batal"]
        answered = await _press_data(kit, budi, confirmed, _data(confirmed, "Kirim"))
        assert (answered[-1].text or "").startswith("✅ 1 laporan terkirim")
        [revision] = await kit.revisions()
        assert (revision.value, revision.budget_spent) == (500.0, 20_000_000)


async def test_the_reminders_button_and_refusals(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, andi = kit.budi, kit.h.emu.user(1003, "Andi")
        await kit.say(budi, "/start")
        h3 = datetime(2026, 4, 10, 1, 0, tzinfo=UTC)  # Friday 10 April 08:00 WIB: H-3 of Triwulan I's deadline
        assert kit.h.app is not None and kit.h.db is not None
        kit.h.clock.set(h3)
        before = len(kit.h.sent(budi.id))
        await tick(kit.h.db, kit.h.app.bot_data["pantau.services"].notifier, h3)
        reminder = next(m for m in kit.h.sent(budi.id)[before:] if m.buttons)
        assert reminder.buttons[-1] == [(t("quick.button.template"), quick_callback_for("2026-Q1"))]
        [template] = await kit.h.press(budi, reminder, text=t("quick.button.template"))
        assert f"<pre>{K1_TEMPLATE}\n{K2_TEMPLATE}\n{K3_TEMPLATE}</pre>" in (template.raw_text or "")

        # another organization's activity, an unknown code, a period not begun, a kendala required: named, nothing stored
        answer = await kit.say(
            budi,
            "LAPOR K4 | nilai: 1\nLAPOR X9 | nilai: 1\nLAPOR K1 Triwulan III 2026 | nilai: 1\n"
            "LAPOR K1 | nilai: 5 | kendala: -",  # 5% of the target: the lowest rating, so the kendala is required
        )
        text = "\n".join(m.text or "" for m in answer)
        assert "Baris 1, kode kegiatan: K4 bukan kode kegiatan OPD Anda." in text
        assert "Baris 2, kode kegiatan: X9 bukan kode kegiatan OPD Anda." in text
        assert "Baris 3, periode: " + p("report.period.not_open", period="Triwulan III 2026") in text
        assert "Baris 4, kendala: " + p("obstacles.required.lowest_rating", rating="Sangat Rendah") in text
        # in a group: the private chat only (the bot an admin there, so it sees the text)
        group = await kit.link_group()
        kit.h.emu.set_bot_admin(group)  # so that it sees a group's plain messages
        [refused] = await kit.h.say(andi, "LAPOR K4 | nilai: 1", chat=group)
        assert refused.text == p("report.private_only")
        forged = await kit.h.act(group.id, lambda: kit.h.emu.press_raw_callback(andi, group, 1, "rqt:2026-Q1"))
        assert forged == []
        assert await _quick_drafts(kit) == [] and await kit.revisions() == []


def test_lapor_cepat_in_the_sandbox_as_the_focal_point(tmp_path: Path) -> None:
    """``pantau sandbox``: Budi's /lapor offers "⚡ Lapor cepat" after his activities; its line, filled in and
    typed back, is summarised, sent with Kirim and told to the team's group."""
    line = "LAPOR UGD-01 Triwulan I 2022 | nilai: 45 | anggaran (Rp): 12.500.000 | fisik (%): 30 | kendala: sinyal"
    out = sandbox(tmp_path, ["/lapor", "3", line, "1", ":keluar"])
    assert "[3] ⚡ Lapor cepat" in out
    assert "LAPOR UGD-01 Triwulan I 2022 | nilai: | anggaran (Rp): | fisik (%): | kendala: | tindak lanjut:" in out
    assert "Realisasi: 45 UMKM (target 50 UMKM, capaian 90%) · predikat Tinggi" in out
    assert "✅ 1 laporan terkirim" in out
    notice = out.split("── Pantau → grup Tim TPAKD-DS")[-1]
    assert "DISKOPUKM" in notice and "45 UMKM" in notice
