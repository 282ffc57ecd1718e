"""Every bad input of a report's answers at its step: a clear message and the same question, or a warning to confirm."""

from __future__ import annotations

from datetime import timedelta

from bot.report import steps
from bot.report.draft import Step
from domain.numbers import NumberParseError, parse_number, parse_percent, parse_rupiah
from storage.drafts import Answers, save_draft, start_draft
from storage.entry import activity_context
from storage.submission import submit_draft
from tests.e2e.harness import plain, texts
from tests.report.kit import p, report_bot
from tests.report.seed import T0
from texts import t
from texts.render import render_error


def _error(parse: object, text: str) -> str:
    try:
        parse(text)  # type: ignore[operator]
    except NumberParseError as exc:
        return plain(render_error(exc, "id"))
    raise AssertionError(f"{text!r} parsed")


async def test_every_bad_input_gets_a_message_and_the_question_again(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        ctx = await kit.h.run(activity_context, kit.plan.act_pp, "2026-Q1")
        value_q = plain(steps.value_prompt(ctx, "id"))
        await kit.walk(budi, Step.VALUE)
        # the value: refused forms, each followed by the same question
        for typed in ("-5", "banyak", "1,500"):
            assert texts(await kit.say(budi, typed)) == [_error(parse_number, typed), value_q]
        assert texts(await kit.sticker(budi)) == [p("report.input.text_expected"), value_q]
        # far above target (> 150 %): a warning; "Ubah" asks again, "Ya, benar" keeps it
        [warning] = await kit.say(budi, "200")
        assert warning.text == plain(steps.warning_text("above_target", 200, ctx, "id"))
        assert "200%" in warning.text and warning.button_labels() == ["Ya, benar", "Ubah"]
        assert texts(await kit.press(budi, "Ubah")) == [value_q]
        await kit.say(budi, "200")
        budget_q = plain(steps.budget_prompt(ctx, "id"))
        assert texts(await kit.press(budi, "Ya, benar")) == [budget_q]
        # the budget: not money, negative, above the ceiling (a warning)
        for typed in ("dua juta", "-1"):
            assert texts(await kit.say(budi, typed)) == [_error(parse_rupiah, typed), budget_q]
        [warning] = await kit.say(budi, "12 jt")
        assert warning.text == plain(steps.warning_text("above_ceiling", 12_000_000, ctx, "id"))
        assert "Rp 10.000.000" in warning.text
        physical_q = plain(steps.physical_prompt(ctx, "id"))
        assert texts(await kit.press(budi, "Ya, benar")) == [physical_q]
        # the percentage: over 100, and a voice note
        assert texts(await kit.say(budi, "120")) == [_error(parse_percent, "120"), physical_q]
        assert texts(await kit.voice(budi)) == [p("report.input.text_expected"), physical_q]
        assert texts(await kit.say(budi, "50")) == [p("report.obstacles.ask")]
        # free text: a sticker, and too long
        assert texts(await kit.sticker(budi)) == [p("report.input.text_expected"), p("report.obstacles.ask")]
        assert texts(await kit.say(budi, "x" * 2001)) == [
            p("report.text.too_long", n=2001, max=steps.MAX_NOTE_CHARS),
            p("report.obstacles.ask"),
        ]
        await kit.say(budi, "Cuaca")
        # the category and the decision want their buttons
        assert texts(await kit.say(budi, "cuaca")) == [p("report.input.use_buttons"), p("obstacles.ask.category")]
        await kit.press(budi, t("obstacles.category.cuaca"))
        assert texts(await kit.sticker(budi)) == [p("report.input.use_buttons"), p("obstacles.ask.decision")]
        await kit.press(budi, t("obstacles.button.no"))
        evidence_q = plain(steps.evidence_prompt(Answers(), "id"))
        assert texts(await kit.press(budi, t("report.button.skip"))) == [evidence_q]
        # evidence: text where a file belongs, a photo over Telegram's 20 MB download limit
        assert texts(await kit.say(budi, "fotonya menyusul")) == [p("report.evidence.expected"), evidence_q]
        assert texts(await kit.photo(budi, file_size=25 * 1024 * 1024)) == [p("report.evidence.too_big", size="25")]
        [got] = await kit.photo(budi, file_size=3 * 1024 * 1024)
        assert got.text.startswith("📎")
        # location: text other than "Lewati"
        await kit.press(budi, t("report.button.done"))
        [hint] = await kit.say(budi, "di kantor dinas")
        assert hint.text == p("report.location.expected") and hint.reply_markup is not None
        _received, summary = await kit.location(budi)
        # the summary wants a button
        assert texts(await kit.say(budi, "kirim")) == [p("report.input.use_buttons"), summary.text]
        # an old warning's "Ya, benar" is stale now
        mark = len(kit.h.emu.callback_answers)
        assert await kit.h.press(budi, warning, text="Ya, benar") == []
        assert kit.h.emu.callback_answers[mark].text == t("core.stale_button")
        await kit.press(budi, "Kirim")
        [revision] = await kit.revisions()
        assert (revision.value, revision.budget_spent, revision.physical_pct) == (200.0, 12_000_000, 50.0)
        assert [e.file_size for e in await kit.evidence()] == [3 * 1024 * 1024]


async def test_a_cumulative_value_below_the_previous_one_asks_to_confirm(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        plan = kit.plan

        def earlier(session: object) -> None:
            draft = start_draft(session, plan.focal2, T0 - timedelta(days=1), step="summary")  # type: ignore[arg-type]
            save_draft(
                session,  # type: ignore[arg-type]
                draft.id,
                T0,
                team_id=plan.team_id,
                activity_id=plan.act_cum,
                period_key="2026-Q1",
                answers=Answers(value=9),
            )
            submit_draft(session, draft.id, T0)  # type: ignore[arg-type]

        await kit.h.run(earlier)
        budi = kit.budi
        await kit.walk(budi, Step.VALUE, activity="✅ K2", period="Triwulan II 2026")
        ctx = await kit.h.run(activity_context, plan.act_cum, "2026-Q2")
        assert ctx.previous_value == 9
        [warning] = await kit.say(budi, "5")
        assert warning.text == plain(steps.warning_text("below_previous", 5, ctx, "id"))
        assert "9 orang" in warning.text
        assert texts(await kit.press(budi, "Ya, benar")) == [plain(steps.budget_prompt(ctx, "id"))]
