"""Restarts mid-conversation at every step, a double Kirim, and 50 officials reporting at once."""

from __future__ import annotations

from typing import Any

from sqlmodel import select

from bot.report import steps
from bot.report.draft import Step
from emulator.state import User
from storage.drafts import Answers, save_draft, start_draft
from storage.entry import activity_context
from storage.models import ConversationState, Person
from tests.e2e.harness import plain, texts
from tests.report.kit import p, report_bot
from tests.report.seed import seed_many
from texts import t


async def test_a_new_process_continues_every_step_with_the_answers_kept(db_url: str) -> None:
    """After each answer the application is stopped without a graceful shutdown (a killed process) and a new one
    is built on the same database; the conversation goes on at the same step, taken from the draft alone (no
    conversation-state row is written for the report conversation)."""
    async with report_bot(db_url) as kit:
        budi = kit.budi
        ctx = await kit.h.run(activity_context, kit.plan.act_pp, "2026-Q1")

        async def killed_and_back() -> None:
            await kit.h.restart(graceful=False)

        script: list[tuple[Any, Any]] = [
            (lambda: kit.say(budi, "/lapor"), None),
            (lambda: kit.press(budi, "⏳ K1"), None),
            (lambda: kit.press(budi, "▶"), [plain(steps.value_prompt(ctx, "id"))]),
            (lambda: kit.say(budi, "300"), None),  # far above target: the warning survives too
            (lambda: kit.press(budi, "Ubah"), [plain(steps.value_prompt(ctx, "id"))]),
            (lambda: kit.say(budi, "110"), [plain(steps.budget_prompt(ctx, "id"))]),
            (lambda: kit.say(budi, "3 jt"), [plain(steps.physical_prompt(ctx, "id"))]),
            (lambda: kit.say(budi, "60"), [p("report.obstacles.ask")]),
            (lambda: kit.say(budi, "Jaringan"), [p("obstacles.ask.category")]),
            (lambda: kit.press(budi, t("obstacles.category.data")), [p("obstacles.ask.decision")]),
            (lambda: kit.press(budi, t("obstacles.button.yes")), [p("report.follow_up.ask")]),
            (lambda: kit.say(budi, "Kunjungan"), None),
            (lambda: kit.photo(budi), None),
            (lambda: kit.document(budi), None),
            (lambda: kit.press(budi, t("report.button.done")), [p("report.location.ask")]),
            (lambda: kit.location(budi, 3.6, 98.7), None),
            (lambda: kit.press(budi, "Ubah"), None),
            (lambda: kit.press(budi, "Tindak lanjut"), [p("report.follow_up.ask")]),
            (lambda: kit.say(budi, "Kunjungan ulang"), None),
        ]
        for act, expected in script:
            out = await act()
            if expected is not None:
                assert texts(out) == expected
            await killed_and_back()
        states = await kit.h.run(lambda s: s.exec(select(ConversationState.name)).all())
        assert "report" not in states
        summary = kit.h.last_with_buttons(budi.id)
        assert "Realisasi: 110 UMKM" in summary.text and "Tindak lanjut: Kunjungan ulang" in summary.text
        await kit.press(budi, "Kirim")
        [revision] = await kit.revisions()
        assert (revision.value, revision.budget_spent, revision.physical_pct) == (110.0, 3_000_000, 60.0)
        assert (revision.obstacles, revision.follow_up) == ("Jaringan", "Kunjungan ulang")
        assert (revision.latitude, revision.longitude) == (3.6, 98.7)
        assert sorted(e.kind for e in await kit.evidence()) == ["document", "photo"]


async def test_a_double_kirim_stores_one_revision(db_url: str) -> None:
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.SUMMARY)
        summary = kit.h.last_with_buttons(budi.id)
        # two taps before the bot answers either, then a retry after a restart
        out = await kit.h.act(
            budi.id,
            lambda: [kit.h.emu.press_button(budi, summary, text="Kirim") for _ in range(2)],
        )
        await kit.h.restart(graceful=False)
        kirim = next(data for label, data in summary.buttons[0] if label == "Kirim")
        assert kirim is not None
        out += await kit.h.do(budi.id, lambda: kit.h.emu.press_raw_callback(budi, budi.id, summary.message_id, kirim))
        sent = [m.text for m in out if m.text.startswith("✅")]
        already = [m.text for m in out if m.text == p("report.sent.already", n=1)]
        assert len(sent) == 1 and len(already) == 2
        assert len(await kit.revisions()) == 1
        assert [d.status for d in await kit.drafts()] == ["submitted"]


async def test_kirim_is_confirmed_when_removing_the_summary_buttons_times_out(db_url: str) -> None:
    """The report is stored first; a timeout on the courtesy edit that removes the spent buttons must not take the
    confirmation away from the reporter."""
    async with report_bot(db_url) as kit:
        budi = kit.budi
        await kit.walk(budi, Step.SUMMARY)
        kit.h.emu.fail_next(1, "timeout", methods=["editMessageReplyMarkup"], timeout_seconds=0.2)
        out = await kit.press(budi, "Kirim")
        assert [m.text.split("\n")[0] for m in out if m.text.startswith("✅")] == ["✅ Laporan terkirim"]
        assert plain(t("core.error.generic")) not in [m.text for m in out]
        assert len(await kit.revisions()) == 1


async def test_officials_interleaved_never_share_a_draft(db_url: str) -> None:
    """Five focal points of five organizations walk the whole flow with their updates interleaved: each step is
    taken by all of them before the bot answers any; every report keeps its own answers."""
    async with report_bot(db_url) as kit:
        h = kit.h
        kit.unthrottle()
        await h.run(seed_many, kit.plan, 5)
        officials = [h.user(f"Pejabat {i}", user_id=5000 + i) for i in range(5)]
        skip = t("report.button.skip")

        def press(label: str) -> Any:
            def act(user: User) -> None:
                message = h.last_with_buttons(user.id)
                found = [lab for lab in message.button_labels() if lab.startswith(label)]
                h.emu.press_button(user, message, text=found[0])

            return act

        def say(text: str) -> Any:
            return lambda user: h.emu.send_text(user, text)

        script = [
            say("/lapor"),
            press("⏳ M"),
            press("▶"),
            lambda user: h.emu.send_text(user, str(user.id - 4900)),  # a value of their own: 100…104
            lambda user: h.emu.send_text(user, f"{user.id - 4000} rb"),  # and a budget: Rp 1.000.000…
            press(skip),
            lambda user: h.emu.send_text(user, f"Kendala {user.first_name}"),
            press(t("obstacles.category.sdm")),
            press(t("obstacles.button.no")),
            press(skip),
            lambda user: h.emu.send_photo(user),
            press(t("report.button.done")),
            say(skip),
            press("Kirim"),
        ]
        for step in script:
            for official in officials:
                step(official)
            await h.settle()
        revisions = await kit.revisions()
        people = {person.id: person.telegram_id for person in await kit.rows(Person)}
        assert sorted((people[r.reporter_id], r.value, r.budget_spent, r.obstacles) for r in revisions) == [
            (5000 + i, 100.0 + i, (1000 + i) * 1000, f"Kendala Pejabat {i}") for i in range(5)
        ]
        assert len({e.file_unique_id for e in await kit.evidence()}) == 5
        for official in officials:
            assert h.last(official.id).text.startswith("✅ Laporan terkirim")


async def test_fifty_officials_pressing_kirim_at_once_store_fifty_reports(db_url: str) -> None:
    """Fifty officials of fifty organizations, each with a finished draft (written while the bot was down, as a
    restart leaves them), press Kirim in the same instant, ten of them twice: fifty reports, one revision each. No conversation state
    is written: the bot takes each conversation's state from the open draft when it starts."""
    async with report_bot(db_url) as kit:
        h = kit.h
        pairs = await h.run(seed_many, kit.plan, 50)
        officials = [h.user(f"Pejabat {i}", user_id=5000 + i) for i in range(len(pairs))]
        with h.emu.state.lock:  # they wrote to the bot before (their drafts came from conversations)
            for official in officials:
                h.emu.state.users[official.id].started = True
        await h.stop()

        def ready(session: Any) -> list[str]:
            shorts = []
            for (person_id, activity_id), official in zip(pairs, officials, strict=True):
                draft = start_draft(session, person_id, h.clock(), step=Step.SUMMARY.value)
                save_draft(
                    session,
                    draft.id,
                    h.clock(),
                    team_id=kit.plan.team_id,
                    activity_id=activity_id,
                    period_key="2026-Q1",
                    answers=Answers(value=float(official.id - 4900)),
                )
                shorts.append(draft.short)
            return shorts

        shorts = await h.run(ready)
        await h.start()
        kit.unthrottle()
        for official, short in zip(officials, shorts, strict=True):
            for _ in range(2 if official.id % 5 == 0 else 1):
                h.emu.press_raw_callback(official, official.id, 1, f"r:{short}:summary:send")
        await h.settle(timeout=60)
        revisions = await kit.revisions()
        assert len(revisions) == 50 and len({r.report_id for r in revisions}) == 50
        assert sorted(r.value for r in revisions) == [float(100 + i) for i in range(50)]
        assert {d.status for d in await kit.drafts()} == {"submitted"}
        for official in officials:
            answers = [m.text for m in h.sent(official.id)]
            assert sum(a.startswith("✅ Laporan terkirim") for a in answers) == 1
            assert answers.count(p("report.sent.already", n=1)) == (1 if official.id % 5 == 0 else 0)
