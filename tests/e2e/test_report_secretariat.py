"""/riwayat revisions, the secretariat's verification (return with a reason, verify) and locked periods (/buka)."""

from __future__ import annotations

from bot.report.draft import Step
from emulator.state import User
from tests.e2e.harness import texts
from tests.report.kit import Kit, p, report_bot
from tests.report.seed import LOCKED
from texts import t
from texts.markup import esc


async def _report(kit: Kit, user: User, activity: str = "⏳ K1", value: str = "80") -> None:
    await kit.walk(user, Step.SUMMARY, activity=activity, value=value)
    await kit.press(user, "Kirim")


async def test_a_revision_through_riwayat(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, siti = kit.budi, kit.siti
        await _report(kit, budi)
        kit.h.clock.advance(hours=1)
        await _report(kit, siti, activity="⏳ K2", value="8")  # a colleague's report is the organization's too
        [listing] = await kit.say(budi, "/riwayat")
        assert listing.text.startswith(p("report.history.head", total=2))
        assert listing.text.index("Pelatihan pemasaran digital") < listing.text.index("Onboarding UMKM")
        assert listing.button_labels() == ["Revisi 1", "Revisi 2"]
        kit.h.clock.advance(hours=1)
        [summary] = await kit.press(budi, "Revisi 2")
        assert summary.text.startswith("Ringkasan laporan (revisi)")
        assert "Realisasi: 80 UMKM" in summary.text and "Bukti: 1 foto, 0 dokumen" in summary.text
        await kit.press(budi, "Ubah")
        [fields] = await kit.press(budi, "Realisasi")
        await kit.say(budi, "92")
        [*_, sent] = await kit.press(budi, "Kirim")
        assert sent.text.startswith("✅ Laporan terkirim (revisi 2)")
        revisions = sorted(await kit.revisions(), key=lambda r: r.id or 0)
        assert [(r.number, r.value) for r in revisions] == [(1, 80.0), (1, 8.0), (2, 92.0)]
        assert len(await kit.evidence()) == 3  # the revision carries its evidence over
        [listing] = await kit.say(budi, "/riwayat")
        assert listing.text.index("Onboarding UMKM") < listing.text.index("Pelatihan pemasaran digital")
        assert "92 UMKM · revisi 2" in listing.text
        assert texts(await kit.say(kit.andi, "/riwayat")) == [p("report.history.empty")]
        assert texts(await kit.say(kit.rina, "/riwayat")) == [p("report.history.not_focal_point")]
        del fields


async def test_return_with_a_reason_then_verify_the_revision(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, rina = kit.budi, kit.rina
        await _report(kit, budi)
        head, item = await kit.say(rina, "/verifikasi")
        assert head.text == p("report.verify.head", total=1, more="")
        assert "DISKOP · Onboarding UMKM ke marketplace · Triwulan I 2026 (revisi 1)" in item.text
        assert "Realisasi: 80 UMKM (target 100 UMKM)" in item.text
        assert item.button_labels() == [t("report.button.verify"), t("report.button.return")]
        # a focal point cannot verify, even with the right data
        verify_data = item.callback_data()[0]
        await kit.h.do(budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, item.message_id, verify_data))
        assert kit.h.emu.callback_answers[-1].text == t("report.verify.not_allowed")
        # Kembalikan asks for the reason; /batal there changes nothing
        assert texts(await kit.h.press(rina, item, text=t("report.button.return"))) == [p("report.verify.ask_reason")]
        assert texts(await kit.say(rina, "/batal")) == [p("report.verify.return_cancelled")]
        assert texts(await kit.say(rina, "/batal")) == [p("report.nothing_to_cancel")]
        # the reason is the next message, even across a restart
        assert texts(await kit.h.press(rina, item, text=t("report.button.return"))) == [p("report.verify.ask_reason")]
        await kit.h.restart(graceful=False)
        # a reason of invisible characters only (a Hangul filler, a zero-width space) is empty: asked again
        assert texts(await kit.say(rina, "\u3164\u200b")) == [p("report.verify.reason_empty")]
        mark = kit.h.emu.marker()
        done, closed = await kit.say(rina, "Foto <bukti> kurang jelas")
        assert closed.message_id == item.message_id and closed.buttons == []
        assert done.text == p("report.verify.done_returned", by="Rina", reason=esc("Foto <bukti> kurang jelas"))
        [notice] = kit.h.changes_since(mark, budi.id)
        assert notice.text == p(
            "report.verify.notice_returned",
            activity="Onboarding UMKM ke marketplace",
            period="Triwulan I 2026",
            reason=esc("Foto <bukti> kurang jelas"),
        )
        assert notice.button_labels() == [t("report.button.revise_one")]
        [report] = await kit.reports()
        assert (report.status, report.status_reason) == ("returned", "Foto <bukti> kurang jelas")
        # the reporter revises from the notice
        [summary] = await kit.h.press(budi, notice, text=t("report.button.revise_one"))
        assert summary.text.startswith("Ringkasan laporan (revisi)")
        await kit.press(budi, "Kirim")
        # the old item's buttons are stale; the new revision is listed and verified
        await kit.h.do(rina.id, lambda: kit.h.emu.press_raw_callback(rina, rina.id, item.message_id, verify_data))
        assert kit.h.emu.callback_answers[-1].text == t("report.verify.superseded")
        _head, item2 = await kit.say(rina, "/verifikasi")
        assert "(revisi 2)" in item2.text
        mark = kit.h.emu.marker()
        [edited] = await kit.h.press(rina, item2, text=t("report.button.verify"))
        assert edited.text.endswith(p("report.verify.done_verified", by="Rina")) and edited.buttons == []
        [verified] = kit.h.changes_since(mark, budi.id)
        assert verified.text == p(
            "report.verify.notice_verified", activity="Onboarding UMKM ke marketplace", period="Triwulan I 2026"
        )
        [report] = await kit.reports()
        assert (report.status, report.revision_count) == ("verified", 2)
        assert texts(await kit.say(rina, "/verifikasi")) == [p("report.verify.empty")]


async def test_a_locked_period_is_refused_until_the_secretariat_reopens_it(db_url: str) -> None:
    async with report_bot(db_url, start=LOCKED) as kit:
        budi, rina = kit.budi, kit.rina
        await kit.say(budi, "/start")
        locked = p("report.period.locked", period="Triwulan I 2026")
        out = await kit.h.do(
            budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, 1, f"rl:{kit.plan.act_pp}:2026-Q1")
        )
        assert texts(out) == [locked]
        [listing] = await kit.say(budi, "/lapor")
        # the list lands on Triwulan II, open; the locked Triwulan I is still offered, to say why
        assert listing.button_labels()[0] == "⏳ K1 · Onboarding UMKM ke marketplace"
        [periods] = await kit.press(budi, "⏳ K1")
        assert periods.button_labels() == ["▶ Triwulan II 2026", "🔒 Triwulan I 2026"]
        assert texts(await kit.press(budi, "🔒 Triwulan I 2026")) == [locked]
        # the secretariat reopens Q1 for DISKOP; the focal point is told
        mark = kit.h.emu.marker()
        [done] = await kit.say(rina, "/buka DISKOP TW I")
        assert done.text == p(
            "report.reopen.done", period="Triwulan I 2026", org="Dinas Koperasi dan UKM", team="TPAKD Deli Serdang"
        )
        [told] = kit.h.changes_since(mark, budi.id)
        assert told.text == p("report.reopen.notice", period="Triwulan I 2026", org="Dinas Koperasi dan UKM")
        assert texts(await kit.say(rina, "/buka DISKOP TW I"))[0].startswith("Periode Triwulan I 2026 sudah dibuka")
        assert texts(await kit.say(budi, "/buka DISKOP TW I")) == [p("report.reopen.not_allowed")]
        # the same period button now leads on
        [value_q] = await kit.h.press(budi, periods, text="🔒 Triwulan I 2026")
        assert value_q.text.startswith("Onboarding UMKM ke marketplace · Triwulan I 2026")
        await kit.say(budi, "80")
        for _ in range(4):
            await kit.press(budi, t("report.button.skip"))
        await kit.press(budi, t("report.button.done"))
        await kit.say(budi, t("report.button.skip"))
        [*_, sent] = await kit.press(budi, "Kirim")
        assert p("report.sent.late") in sent.text
        [report] = await kit.reports()
        assert (report.period_key, report.on_time) == ("2026-Q1", False)
