"""Updates of different people at once, each person's in order (bot.updates), and a report button answered before
the step's work, over HTTP on both engines."""

from __future__ import annotations

from tests.e2e.harness import plain, running_bot, texts
from tests.report.kit import report_bot
from texts import t

HOLD = 3.0  # seconds the emulator holds one person's "sending a photo…" before dropping the connection


async def test_a_slow_update_holds_only_its_own_persons_next_update(db_url: str) -> None:
    async with running_bot(db_url) as h:
        chair = h.user("Pak Sekda")
        viewer = h.user("Bu Sri")
        await h.grant(chair, "TPAKD-DS", "chair")
        await h.grant(viewer, "TPAKD-DS", "viewer")
        [chairs_help] = texts(await h.say(chair, "/bantuan"))
        [viewers_help] = texts(await h.say(viewer, "/bantuan"))
        # The chair's /progres waits HOLD seconds on its chat action (a courtesy: the chart still comes after it).
        h.emu.fail_next(1, "timeout", methods=["sendChatAction"], timeout_seconds=HOLD)
        mark = h.emu.marker()
        h.emu.send_text(chair, "/progres")
        h.emu.send_text(chair, "/bantuan")  # the same person: answered after their chart, in the order sent
        h.emu.send_text(viewer, "/bantuan")  # another person: answered while the chair's update is held
        await h.settle(timeout=30)
        answered = [(m.chat_id, "chart" if m.photo is not None else m.text) for m in h.changes_since(mark, None)]
        assert answered == [(viewer.id, viewers_help), (chair.id, "chart"), (chair.id, chairs_help)]
        [held] = [c for c in h.emu.calls("sendChatAction") if c.status == 0]  # dropped by the emulator
        [viewers] = h.emu.sent(viewer.id)[-1:]
        assert viewers.sent_at < held.at + HOLD  # not after the chair's hold, as one update at a time would be
        assert plain(t("core.error.generic")) not in [m.text for m in h.emu.sent(chair.id)]


async def test_a_report_button_is_answered_before_the_next_question(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.say(budi, "/lapor")
        [periods] = await kit.press(budi, "⏳ K1")
        calls = kit.h.emu.call_count()
        await kit.press(budi, "▶ Triwulan I 2026")
        order = [c.method for c in kit.h.emu.calls()[calls:] if c.method in ("answerCallbackQuery", "sendMessage")]
        assert order == ["answerCallbackQuery", "sendMessage"]  # the spinner stops, then the value is asked
        assert [a.text for a in kit.h.emu.callback_answers[-1:]] == [None]
        # A button of a step already answered still gets the "no longer valid" notice (decided after the read).
        await kit.h.press(budi, periods, text="▶ Triwulan I 2026")
        assert [a.text for a in kit.h.emu.callback_answers[-1:]] == [plain(t("core.stale_button"))]
