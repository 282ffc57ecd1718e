"""The report conversation over HTTP, as transcripts: complete, skipped, Ubah, /batal everywhere, the group."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.report import expiry, steps
from bot.report.draft import Step
from storage.drafts import Answers
from storage.entry import ActivityContext, activity_context
from storage.models import GroupChat
from tests.e2e.harness import plain, texts
from tests.report.kit import Kit, p, report_bot
from texts import t


async def _context(kit: Kit, activity: int, period: str = "2026-Q1") -> ActivityContext:
    return await kit.h.run(activity_context, activity, period)


async def test_a_complete_report_with_every_optional_step(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        group = await kit.link_group()
        budi = kit.budi
        [listing] = await kit.say(budi, "/lapor")
        assert "Triwulan I 2026" in listing.text and "UMKM Go Digital" in listing.text
        assert "Sertifikasi halal <UMKM>" in listing.text  # escaped on the way out, shown as written
        assert "Rekening pelajar" not in listing.text  # another organization's
        assert listing.button_labels()[0] == "⏳ K1 · Onboarding UMKM ke marketplace"
        [periods] = await kit.press(budi, "⏳ K1")
        assert periods.button_labels() == ["▶ Triwulan I 2026", "Triwulan II 2026"]
        ctx = await _context(kit, kit.plan.act_pp)
        assert texts(await kit.press(budi, "▶ Triwulan I 2026")) == [plain(steps.value_prompt(ctx, "id"))]
        assert texts(await kit.say(budi, "120")) == [plain(steps.budget_prompt(ctx, "id"))]
        assert texts(await kit.say(budi, "Rp 2,5 jt")) == [plain(steps.physical_prompt(ctx, "id"))]
        assert texts(await kit.say(budi, "45,5%")) == [p("report.obstacles.ask")]
        [category] = await kit.say(budi, "Sinyal <lemah> di desa")
        assert category.text == p("obstacles.ask.category") and len(category.button_labels()) == 8
        assert texts(await kit.press(budi, t("obstacles.category.data"))) == [p("obstacles.ask.decision")]
        assert texts(await kit.press(budi, t("obstacles.button.no"))) == [p("report.follow_up.ask")]
        [evidence] = await kit.say(budi, "Pendampingan & pelatihan ulang")
        assert evidence.text == plain(steps.evidence_prompt(Answers(), "id"))
        [got] = await kit.photo(budi)
        assert got.text == p("report.evidence.got", items=p("report.evidence.items", photos=1, documents=0))
        [got] = await kit.document(budi)
        assert got.text == p("report.evidence.got", items=p("report.evidence.items", photos=1, documents=1))
        [where] = await kit.press(budi, t("report.button.done"))
        assert where.text == p("report.location.ask")
        assert where.reply_markup is not None and where.reply_markup["keyboard"][0][0]["request_location"] is True
        received, summary = await kit.location(budi, 3.58, 98.67)
        assert received.text == p("report.location.got")
        assert received.reply_markup == {"remove_keyboard": True}
        assert "Realisasi: 120 UMKM (target 100 UMKM, capaian 120%)" in summary.text
        assert "Anggaran: Rp 2.500.000" in summary.text and "Fisik: 45,5%" in summary.text
        assert "Kendala: Sinyal <lemah> di desa [Data]" in summary.text and "Lokasi: 3.58000, 98.67000" in summary.text
        assert summary.button_labels() == ["Kirim", "Ubah", "Batal"]
        assert await kit.revisions() == []  # nothing is stored until Kirim
        answered = await kit.press(budi, "Kirim")
        assert answered[0].buttons == []  # the summary's buttons are spent
        sent = answered[-1].text
        assert sent.startswith("✅ Laporan terkirim\nOnboarding UMKM ke marketplace · Triwulan I 2026")
        assert p("report.sent.rating", pct="120%", predikat="Sangat Tinggi") in sent
        assert p("report.sent.on_time") in sent
        [notice] = await kit.h.emu.wait_for_messages_async(group.id)
        assert notice.text == (
            "📝 DISKOP melaporkan Onboarding UMKM ke marketplace (Triwulan I 2026): 120 UMKM, capaian 120%"
        )
        [revision] = await kit.revisions()
        assert (revision.value, revision.budget_spent, revision.physical_pct) == (120.0, 2_500_000, 45.5)
        assert (revision.obstacles, revision.follow_up) == ("Sinyal <lemah> di desa", "Pendampingan & pelatihan ulang")
        assert (revision.latitude, revision.longitude, revision.on_time) == (3.58, 98.67, True)
        evidence_rows = await kit.evidence()
        assert sorted(e.kind for e in evidence_rows) == ["document", "photo"]
        assert all(e.file_id and e.file_unique_id for e in evidence_rows)
        assert [e.file_name for e in evidence_rows if e.kind == "document"] == ["laporan.pdf"]
        [report] = await kit.reports()
        assert (report.current_revision_id, report.status, report.on_time) == (revision.id, "submitted", True)


async def test_a_report_with_every_optional_step_skipped(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.VALUE)
        ctx = await _context(kit, kit.plan.act_pp)
        assert texts(await kit.say(budi, "80")) == [plain(steps.budget_prompt(ctx, "id"))]
        skip = t("report.button.skip")
        assert texts(await kit.press(budi, skip)) == [plain(steps.physical_prompt(ctx, "id"))]
        assert texts(await kit.press(budi, skip)) == [p("report.obstacles.ask")]
        assert texts(await kit.say(budi, "-")) == [p("report.follow_up.ask")]  # typed, not pressed
        assert texts(await kit.say(budi, "lewati")) == [plain(steps.evidence_prompt(Answers(), "id"))]
        assert texts(await kit.press(budi, t("report.button.done"))) == [p("report.location.ask")]
        skipped, summary = await kit.say(budi, t("report.button.skip"))
        assert skipped.text == p("report.location.skipped") and skipped.reply_markup == {"remove_keyboard": True}
        for label in ("Anggaran", "Fisik", "Kendala", "Tindak lanjut", "Bukti", "Lokasi"):
            assert f"{label}: –" in summary.text
        [*_, done] = await kit.press(budi, "Kirim")
        assert p("report.sent.rating", pct="80%", predikat="Tinggi") in done.text
        [revision] = await kit.revisions()
        assert (revision.value, revision.budget_spent, revision.physical_pct, revision.obstacles) == (
            80,
            None,
            None,
            None,
        )
        assert (revision.follow_up, revision.latitude) == (None, None)
        assert await kit.evidence() == []


async def test_ubah_changes_one_answer_and_comes_back_to_the_summary(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        [fields] = await kit.walk(budi, Step.EDIT)
        assert fields.button_labels() == [
            "Periode",
            "Realisasi",
            "Anggaran",
            "Fisik %",
            "Kendala",
            "Kategori kendala",
            "Keputusan pimpinan",
            "Tindak lanjut",
            "Bukti",
            "Lokasi",
            t("report.button.back"),
        ]
        ctx = await _context(kit, kit.plan.act_pp)
        assert texts(await kit.press(budi, "Realisasi")) == [plain(steps.value_prompt(ctx, "id"))]
        [summary] = await kit.say(budi, "95")
        assert "Realisasi: 95 UMKM (target 100 UMKM, capaian 95%)" in summary.text
        assert "Anggaran: Rp 2.500.000" in summary.text  # the other answers are kept
        await kit.press(budi, "Ubah")
        await kit.press(budi, "Kendala")
        assert texts(await kit.say(budi, "Hujan deras")) == [p("obstacles.ask.category")]
        assert texts(await kit.press(budi, t("obstacles.category.cuaca"))) == [p("obstacles.ask.decision")]
        [summary] = await kit.press(budi, t("obstacles.button.yes"))
        assert "Kendala: Hujan deras [Cuaca/alam] · perlu keputusan pimpinan" in summary.text
        assert "Realisasi: 95 UMKM" in summary.text
        await kit.press(budi, "Ubah")
        await kit.press(budi, "Kategori kendala")  # the category alone: straight back to the summary
        [summary] = await kit.press(budi, t("obstacles.category.regulasi"))
        assert "Kendala: Hujan deras [Regulasi] · perlu keputusan pimpinan" in summary.text
        await kit.press(budi, "Ubah")
        await kit.press(budi, "Bukti")
        await kit.document(budi)
        [summary] = await kit.press(budi, t("report.button.done"))
        assert "Bukti: 1 foto, 1 dokumen" in summary.text
        await kit.press(budi, "Ubah")
        [again] = await kit.press(budi, t("report.button.back"))
        assert again.text == summary.text
        await kit.press(budi, "Kirim")
        [revision] = await kit.revisions()
        assert (revision.value, revision.obstacles, revision.follow_up) == (
            95.0,
            "Hujan deras",
            "Pendampingan lanjutan",
        )
        assert len(await kit.evidence()) == 2


WALKED = [s for s in Step if s is not Step.OBSTACLE_OPEN]  # asked only with an obstacle open: test_obstacles.py


@pytest.mark.parametrize("step", WALKED, ids=[s.value for s in WALKED])
async def test_batal_works_from_every_state(sqlite_url: str, step: Step) -> None:
    """Conversation logic only (cancelling a draft is tested on both engines in tests/report): SQLite keeps the
    eleven transcripts quick."""
    async with report_bot(sqlite_url) as kit:
        budi = kit.budi
        await kit.walk(budi, step)
        [cancelled] = await kit.say(budi, "/batal")
        assert cancelled.text == p("report.cancelled")
        assert cancelled.reply_markup == {"remove_keyboard": True}
        assert [d.status for d in await kit.drafts()] == ["cancelled"]
        assert await kit.revisions() == []
        # the conversation is over: text is no longer an answer, and a second /batal has nothing to cancel
        assert texts(await kit.say(budi, "80")) == [p("core.free_text")]
        assert texts(await kit.say(budi, "/batal")) == [p("report.nothing_to_cancel")]


async def test_a_button_from_an_old_message_is_stale(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.PERIOD)
        old_periods = kit.h.last_with_buttons(budi.id)
        await kit.press(budi, "▶")
        before = await kit.drafts()
        mark = len(kit.h.emu.callback_answers)
        # the period button again, now that the draft is at the value step
        assert await kit.h.press(budi, old_periods, text="Triwulan II 2026") == []
        assert kit.h.emu.callback_answers[mark].text == t("core.stale_button")
        # a new /lapor makes the whole old draft's buttons stale
        await kit.say(budi, "/lapor")
        assert await kit.h.press(budi, old_periods, text="▶ Triwulan I 2026") == []
        assert kit.h.emu.callback_answers[-1].text == t("core.stale_button")
        after = await kit.drafts()
        assert [d.period_key for d in before] == ["2026-Q1"] and after[0].period_key == "2026-Q1"
        # forged data
        await kit.h.do(budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, old_periods.message_id, "r:zz"))
        assert kit.h.emu.callback_answers[-1].text == t("core.stale_button")


async def test_lapor_in_a_group_opens_the_private_chat_by_deep_link(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        group = await kit.link_group()
        [reply] = await kit.h.say(kit.budi, "/lapor", chat=group)
        assert reply.text == p("report.private_only")
        assert reply.buttons == [[(t("report.button.open_private"), "https://t.me/pantau_test_bot?start=lapor")]]
        [listing] = await kit.say(kit.budi, "/start lapor")
        assert listing.button_labels()[0].startswith("⏳ K1")
        assert texts(await kit.say(kit.rina, "/lapor")) == [p("report.not_focal_point")]


async def test_lapor_sekarang_opens_the_value_step_after_checking_the_person(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, andi = kit.budi, kit.andi
        data = f"rl:{kit.plan.act_pp}:2026-Q1"
        await kit.say(budi, "/start")  # reminders reach only people who opened the private chat
        ctx = await _context(kit, kit.plan.act_pp)
        out = await kit.h.do(budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, 1, data))
        assert texts(out) == [plain(steps.value_prompt(ctx, "id"))]
        await kit.say(andi, "/start")
        out = await kit.h.do(andi.id, lambda: kit.h.emu.press_raw_callback(andi, andi.id, 1, data))
        assert texts(out) == [p("report.not_your_activity")]
        out = await kit.h.do(
            budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, 1, f"rl:{kit.plan.act_pp}:2026-Q4")
        )
        assert texts(out) == [p("report.period.not_open", period="Triwulan IV 2026")]
        # Budi's draft is still at the value step
        assert texts(await kit.say(budi, "80"))[0] == plain(steps.budget_prompt(ctx, "id"))


async def test_an_idle_draft_expires_with_one_message(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.BUDGET)
        kit.h.clock.advance(hours=25)
        assert kit.h.app is not None
        mark = kit.h.emu.marker()
        await expiry.expire_drafts(kit.h.app, kit.h.clock())
        await expiry.expire_drafts(kit.h.app, kit.h.clock() + timedelta(minutes=1))
        assert texts(kit.h.changes_since(mark, budi.id)) == [p("report.expired_notice", hours="24")]
        assert texts(await kit.say(budi, "2.000.000")) == [p("report.closed.expired")]
        assert [d.status for d in await kit.drafts()] == ["expired"]


async def test_a_group_that_refuses_the_notice_never_costs_the_report(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        gone = await kit.link_group("Grup lama")
        alive = await kit.link_group("Grup aktif")
        kit.h.emu.forbid_chat(gone, "Forbidden: bot was kicked from the group chat")
        await kit.walk(kit.budi, Step.SUMMARY)
        [*_, sent] = await kit.press(kit.budi, "Kirim")
        assert p("report.sent.on_time") in sent.text
        await kit.h.emu.wait_for_messages_async(alive.id)
        assert len(await kit.revisions()) == 1
        for _ in range(200):  # the notice is sent off the update's path: wait for it
            groups = {g.chat_id: g.active for g in await kit.rows(GroupChat)}
            if not groups[gone.id]:
                break
            await asyncio.sleep(0.02)
        assert groups == {gone.id: False, alive.id: True}
