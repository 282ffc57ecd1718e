"""Issue 11, the report flow driven through the emulator: numbers too large for their column, numbers shown rounded,
report buttons pressed in a group, invisible notes, and refusals that name the case they are about."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import select

from bot.report import steps
from bot.report.draft import Step
from domain import limits
from domain.numbers import format_number, format_rupiah
from storage.entry import ActivityContext, activity_context
from storage.models import ReportDraft, ReportRevision
from tests.e2e.harness import plain, texts
from tests.report.kit import Kit, p, report_bot
from texts import t

HUGE = "999999999999999999999"  # 21 digits: more than BIGINT (19) and more than a double keeps exactly


async def _context(kit: Kit, activity: int, period: str = "2026-Q1") -> ActivityContext:
    return await kit.h.run(activity_context, activity, period)


def _too_large(maximum: str) -> str:
    return p("report.number.too_large", maximum=maximum)


async def test_numbers_too_large_for_their_column_are_refused_at_their_step(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        ctx = await _context(kit, kit.plan.act_other)  # no ceiling, target 5 sertifikat
        value_q = plain(steps.value_prompt(ctx, "id"))
        await kit.walk(budi, Step.VALUE, activity="⏳ K3")
        largest_value = format_number(limits.VALUE.maximum)
        assert largest_value == "9.999.999.999.999,99"
        for typed in (HUGE, "10.000.000.000.000", "10 T"):
            assert texts(await kit.say(budi, typed)) == [_too_large(largest_value), value_q]
        assert texts(await kit.say(budi, "12,3456")) == [
            p("report.number.too_precise", decimals=2, example="75,25"),
            value_q,
        ]
        # the largest value is accepted, and echoed as typed (far above target: the warning shows it)
        [warning] = await kit.say(budi, "9.999.999.999.999,99")
        assert "9.999.999.999.999,99 sertifikat" in warning.text
        budget_q = plain(steps.budget_prompt(ctx, "id"))
        assert texts(await kit.press(budi, t("report.button.yes"))) == [budget_q]
        largest_budget = format_rupiah(int(limits.BUDGET.maximum))
        assert largest_budget == "Rp 999.999.999.999.999"
        for typed in (HUGE, "Rp 1.000 T", "9223372036854775808"):
            assert texts(await kit.say(budi, typed)) == [_too_large(largest_budget), budget_q]
        physical_q = plain(steps.physical_prompt(ctx, "id"))
        assert texts(await kit.say(budi, "Rp 999.999.999.999.999")) == [physical_q]
        assert texts(await kit.say(budi, "75,55")) == [
            p("report.number.too_precise", decimals=1, example="75,2"),
            physical_q,
        ]
        assert texts(await kit.say(budi, "99,9%")) == [p("report.obstacles.ask")]
        for _ in range(2):
            await kit.press(budi, t("report.button.skip"))
        await kit.press(budi, t("report.button.done"))
        _skipped, summary = await kit.say(budi, t("report.button.skip"))
        assert "Realisasi: 9.999.999.999.999,99 sertifikat" in summary.text
        assert "Anggaran: Rp 999.999.999.999.999" in summary.text and "Fisik: 99,9%" in summary.text
        [*_, sent] = await kit.press(budi, t("report.button.send"))
        assert "Realisasi: 9.999.999.999.999,99 sertifikat" in sent.text
        [revision] = await kit.revisions()
        assert (Decimal(repr(revision.value)), revision.budget_spent, revision.physical_pct) == (
            Decimal("9999999999999.99"),
            999_999_999_999_999,
            99.9,
        )


async def test_above_the_ceiling_ya_benar_cannot_store_a_budget_too_large(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        ctx = await _context(kit, kit.plan.act_pp)  # ceiling Rp 10.000.000
        await kit.walk(budi, Step.BUDGET)
        budget_q = plain(steps.budget_prompt(ctx, "id"))
        # refused before any "above the ceiling?" question: there is nothing to confirm
        assert texts(await kit.say(budi, HUGE)) == [_too_large("Rp 999.999.999.999.999"), budget_q]
        [warning] = await kit.say(budi, "Rp 123.456.789.012.345")
        assert "Rp 123.456.789.012.345" in warning.text  # shown as typed, not rounded through a float
        await kit.press(budi, t("report.button.yes"))
        [draft] = [d for d in await kit.drafts() if d.status == "open"]
        assert draft.data["answers"]["budget_spent"] == 123_456_789_012_345


async def _plant(kit: Kit, **answers: Any) -> None:
    """Write out-of-range answers into Budi's open draft, as a draft written before the limits would hold them."""

    def plant(session: Any) -> None:
        row = session.exec(select(ReportDraft).where(ReportDraft.status == "open")).one()
        data = dict(row.data)
        data["answers"] = {**data["answers"], **answers}
        row.data = data
        session.add(row)

    await kit.h.run(plant)


@pytest.mark.parametrize(
    ("field", "planted", "step", "label", "maximum", "retyped"),
    [
        ("budget_spent", 10**21 - 1, Step.BUDGET, "Anggaran", "Rp 999.999.999.999.999", "2.500.000"),
        ("value", 1e21, Step.VALUE, "Realisasi", "9.999.999.999.999,99", "80"),
        ("physical_pct", 250.0, Step.PHYSICAL, "Fisik %", "100", "40"),
    ],
    ids=["budget", "value", "physical"],
)
async def test_a_draft_holding_a_number_too_large_is_sent_back_to_its_step_at_kirim(
    db_url: str, field: str, planted: object, step: Step, label: str, maximum: str, retyped: str
) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        ctx = await _context(kit, kit.plan.act_pp)
        await kit.walk(budi, Step.SUMMARY)
        await _plant(kit, **{field: planted})
        question = {
            Step.BUDGET: steps.budget_prompt(ctx, "id"),
            Step.VALUE: steps.value_prompt(ctx, "id"),
            Step.PHYSICAL: steps.physical_prompt(ctx, "id"),
        }[step]
        answered = await kit.press(budi, t("report.button.send"))  # not the generic error
        assert texts(answered) == [p("report.submit.too_large", field=label, maximum=maximum), plain(question)]
        assert await kit.revisions() == []
        [draft] = [d for d in await kit.drafts() if d.status == "open"]
        assert (draft.step, draft.data["editing"]) == (step.value, True)
        [summary] = await kit.say(budi, retyped)  # back at the summary, as after "Ubah"
        assert summary.button_labels() == ["Kirim", "Ubah", "Batal"]
        [*_, sent] = await kit.press(budi, t("report.button.send"))
        assert sent.text.startswith("✅ Laporan terkirim")
        assert len(await kit.revisions()) == 1


async def test_a_revision_of_a_report_holding_a_number_too_large_can_be_sent(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.SUMMARY)
        await kit.press(budi, t("report.button.send"))

        def inflate(session: Any) -> None:  # a revision stored before the limits (a double holds 1e21)
            revision = session.exec(select(ReportRevision)).one()
            revision.value = 1e21
            session.add(revision)

        await kit.h.run(inflate)
        [history] = await kit.say(budi, "/riwayat")
        [summary] = await kit.h.press(budi, history, text=t("report.button.revise", "id", n=1))
        assert "Ringkasan laporan (revisi)" in summary.text
        ctx = await _context(kit, kit.plan.act_pp)
        answered = await kit.press(budi, t("report.button.send"))
        assert texts(answered) == [
            p("report.submit.too_large", field="Realisasi", maximum="9.999.999.999.999,99"),
            plain(steps.value_prompt(ctx, "id")),
        ]
        await kit.say(budi, "90")
        await kit.press(budi, t("report.button.send"))
        assert [r.value for r in sorted(await kit.revisions(), key=lambda r: r.number)] == [1e21, 90.0]


async def test_report_buttons_pressed_in_a_group_change_nothing(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        group = await kit.link_group()
        await kit.walk(budi, Step.SUMMARY)
        await kit.press(budi, t("report.button.send"))
        [report] = await kit.reports()
        await kit.walk(budi, Step.SUMMARY, activity="⏳ K2", value="5")
        [draft] = [d for d in await kit.drafts() if d.status == "open"]
        short = draft.id[:8]
        before = sorted((d.id, d.status, d.step, str(d.data)) for d in await kit.drafts())
        forged = [
            f"rv:{report.id}",
            f"rl:{kit.plan.act_pp}:2026-Q1",
            "rh:0",
            f"r:{short}:summary:send",
            f"r:{short}:summary:edit",
            f"r:{short}:summary:cancel",
        ]
        for data in forged:
            mark = len(kit.h.emu.callback_answers)
            out = await kit.h.do(group.id, lambda data=data: kit.h.emu.press_raw_callback(budi, group, 1, data))
            assert out == [], (data, texts(out))
            assert [a.text for a in kit.h.emu.callback_answers[mark:]] == [t("report.private_buttons")], data
        assert sorted((d.id, d.status, d.step, str(d.data)) for d in await kit.drafts()) == before
        assert len(await kit.revisions()) == 1
        # the private draft is untouched: Kirim there still sends it
        [*_, sent] = await kit.press(budi, t("report.button.send"))
        assert sent.text.startswith("✅ Laporan terkirim")


INVISIBLE = [
    "\u3164",  # HANGUL FILLER
    "\u200b",  # ZERO WIDTH SPACE
    "\u2060\ufeff",  # WORD JOINER, BOM
    "\u115f\u1160",  # HANGUL CHOSEONG / JUNGSEONG FILLER
    "\u2800",  # BRAILLE PATTERN BLANK
    "\u00ad\u200e\u3000",  # SOFT HYPHEN, LEFT-TO-RIGHT MARK, IDEOGRAPHIC SPACE
    "   ",
]


async def test_a_note_of_invisible_characters_is_empty_and_asked_again(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        empty = p("report.text.empty")
        await kit.walk(budi, Step.OBSTACLES)
        for typed in INVISIBLE:
            assert texts(await kit.say(budi, typed)) == [empty, p("report.obstacles.ask")], repr(typed)
        # a message with no text at all (not a sticker or a voice note) is empty too
        assert texts(await kit.say(budi, "")) == [empty, p("report.obstacles.ask")]
        assert texts(await kit.h.do(budi.id, lambda: kit.h.emu.send_contact(budi, "+628123", "Budi"))) == [
            empty,
            p("report.obstacles.ask"),
        ]
        assert texts(await kit.sticker(budi)) == [p("report.input.text_expected"), p("report.obstacles.ask")]
        assert texts(await kit.say(budi, "Sinyal lemah")) == [p("obstacles.ask.category")]
        await kit.press(budi, t("obstacles.category.data"))
        assert texts(await kit.press(budi, t("obstacles.button.no"))) == [p("report.follow_up.ask")]
        for typed in INVISIBLE:
            assert texts(await kit.say(budi, typed)) == [empty, p("report.follow_up.ask")], repr(typed)
        await kit.say(budi, "Pendampingan")
        await kit.press(budi, t("report.button.done"))
        await kit.say(budi, t("report.button.skip"))
        # "Ubah" → Kendala: the same rule
        await kit.press(budi, t("report.button.change"))
        await kit.press(budi, t("report.field.obstacles"))
        assert texts(await kit.say(budi, "\u3164")) == [empty, p("report.obstacles.ask")]
        await kit.say(budi, "Hujan")
        await kit.press(budi, t("obstacles.category.cuaca"))
        [summary] = await kit.press(budi, t("obstacles.button.no"))
        assert "Kendala: Hujan [Cuaca/alam]" in summary.text
        await kit.press(budi, t("report.button.send"))
        [revision] = await kit.revisions()
        assert (revision.obstacles, revision.follow_up) == ("Hujan", "Pendampingan")


async def test_a_forged_revisi_is_answered_for_who_pressed_it(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi, andi = kit.budi, kit.andi
        await kit.walk(budi, Step.SUMMARY)
        await kit.press(budi, t("report.button.send"))
        [report] = await kit.reports()
        data = f"rv:{report.id}"
        viewer, chair = kit.h.user("Vera"), kit.h.user("Ketua")
        await kit.h.grant(viewer, "TPAKD-DS", "viewer")
        await kit.h.grant(chair, "TPAKD-DS", "chair")
        for who, expected in (
            (viewer, "report.not_reporter"),
            (chair, "report.not_reporter"),
            (kit.rina, "report.not_reporter"),  # the secretariat verifies; it does not report
            (andi, "report.revise.not_yours"),  # a focal point of another organization
        ):
            await kit.say(who, "/start")
            out = await kit.h.do(who.id, lambda who=who: kit.h.emu.press_raw_callback(who, who.id, 1, data))
            assert texts(out) == [p(expected)], who.first_name
        assert [d for d in await kit.drafts() if d.status == "open"] == []
        # the same Revisi by the other focal point of the report's organization opens it
        await kit.say(kit.siti, "/start")
        [summary] = await kit.h.do(kit.siti.id, lambda: kit.h.emu.press_raw_callback(kit.siti, kit.siti.id, 1, data))
        assert "Ringkasan laporan (revisi)" in summary.text
