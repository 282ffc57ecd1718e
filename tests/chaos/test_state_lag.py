"""What tools/chaos.py found: a kill after a step wrote the draft (``advance`` → ``save_draft``) and sent the next
prompt, but before the write-through stored the conversation state, leaves PTB's state one step behind the draft.
The person then presses the only buttons they see, those of the draft's current step, and must be able to go on.

Seen in the full SQLite chaos run: official 600029's draft at ``period`` (activity chosen, period prompt sent),
conversation state ``activity``; every press of ``r:<short>:period:per:2026-10`` was answered as a stale button.
"""

from __future__ import annotations

from sqlalchemy import text

from tests.e2e.harness import plain
from tests.security.world import security_world
from texts import t


async def test_a_button_of_the_drafts_step_works_when_the_conversation_state_lags(db_url: str) -> None:
    async with security_world(db_url) as w:
        await w.h.say(w.budi, "/lapor")  # PTB state: activity
        [(draft_id,)] = await w.h.run(
            lambda s: s.execute(text("SELECT id FROM report_draft WHERE status = 'open'")).all()
        )

        def crash_after_the_draft_write(session: object) -> None:  # what advance() wrote before the kill
            session.execute(  # type: ignore[attr-defined]
                text("UPDATE report_draft SET step = 'period', activity_id = :a, team_id = :t WHERE id = :d"),
                {"a": w.plan.act_pp, "t": w.plan.team_id, "d": draft_id},
            )

        await w.h.run(crash_after_the_draft_write)
        answered = await w.press_data(w.budi, f"r:{draft_id[:8]}:period:per:2026-Q1")
        step = await w.h.run(
            lambda s: s.execute(text("SELECT step FROM report_draft WHERE id = :d"), {"d": draft_id}).scalar_one()
        )
        assert step == "value", [m.text for m in answered]
        assert plain(t("core.stale_button")) not in [m.text for m in answered]


async def test_a_typed_answer_to_the_drafts_question_is_kept_when_the_conversation_state_lags(db_url: str) -> None:
    async with security_world(db_url) as w:
        await w.h.say(w.budi, "/lapor")  # PTB state: activity
        [(draft_id,)] = await w.h.run(
            lambda s: s.execute(text("SELECT id FROM report_draft WHERE status = 'open'")).all()
        )

        def crash_after_the_draft_write(session: object) -> None:  # the period was chosen, then the kill
            session.execute(  # type: ignore[attr-defined]
                text(
                    "UPDATE report_draft SET step = 'value', activity_id = :a, team_id = :t, period_key = '2026-Q1' "
                    "WHERE id = :d"
                ),
                {"a": w.plan.act_pp, "t": w.plan.team_id, "d": draft_id},
            )

        await w.h.run(crash_after_the_draft_write)
        await w.h.say(w.budi, "45")
        row = await w.h.run(
            lambda s: s.execute(text("SELECT step, data FROM report_draft WHERE id = :d"), {"d": draft_id}).one()
        )
        assert row[0] == "budget", row
        assert "45" in str(row[1])
