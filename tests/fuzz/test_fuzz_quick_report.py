"""Fuzzing Lapor cepat: a hypothesis state machine sends random one-line quick reports (any unicode, missing,
unknown and repeated labels, another organization's codes, any period, 10,000 characters) from focal points and
others, in private and in a group, between guided /lapor steps, and presses the buttons they get (Kirim, Ya benar,
Ubah, Batal, twice, old ones) and forged ``rq:``/``rqt:`` data. After each step:

- no unhandled exception was logged (nothing at ERROR);
- a private quick report is always answered;
- nothing is stored without a Kirim: there are never more revisions than Kirim presses of a quick summary or a
  guided one (a line is one revision), and the database invariants of ``test_fuzz_updates`` hold (every revision
  from a submitted draft, one current revision per report, no cross-organization write).

``PANTAU_FUZZ_EXAMPLES`` / ``PANTAU_FUZZ_STEPS`` make a longer run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule
from sqlalchemy import text

from emulator.state import User
from tests.fuzz.test_fuzz_updates import INVARIANTS, BotThread, ErrorLog

EXAMPLES = int(os.environ.get("PANTAU_FUZZ_EXAMPLES", "3"))
STEPS = int(os.environ.get("PANTAU_FUZZ_STEPS", "15"))

CODES = ["K1", "k2", "K3", "K4", "S1-01", "X9", "", "K1 K1", "🙂"]
PERIODS = ["", "Triwulan I 2026", "TW II", "2026-Q1", "Maret 2026", "2025-Q4", "triwulan 9", "IV", "\u200b"]
LABELS = [
    "nilai",
    "NILAI",
    " nilai saat ini ",
    "anggaran (Rp)",
    "budget",
    "fisik (%)",
    "physical",
    "kendala",
    "tindak lanjut",
    "follow-up",
    "harga",
    "",
    "nilai nilai",
    "🙂",
]
VALUES = ["40", "1.250.000", "1,5 juta", "Rp 2jt", "80%", "-5", "0", "1e309", "NaN", "99999999999999999999", "½", ""]
WHO = ["budi", "siti", "andi", "rina", "stranger"]

slot = st.tuples(st.sampled_from(LABELS), st.one_of(st.sampled_from(VALUES), st.text(max_size=30))).map(
    lambda pair: f"{pair[0]}: {pair[1]}"
)
one_line = st.one_of(
    st.builds(
        lambda code, period, slots: " | ".join([f"LAPOR {code} {period}".rstrip(), *slots]),
        st.sampled_from(CODES),
        st.sampled_from(PERIODS),
        st.lists(slot, max_size=7),  # none, some, repeated and unknown labels
    ),
    st.builds(lambda body: "LAPOR " + body, st.text(min_size=1, max_size=200)),  # any unicode after the keyword
    st.builds(lambda body: "lapor K1 |" + body, st.text(alphabet=st.characters(codec="utf-8"), max_size=80)),
    st.just("LAPOR K1 | kendala: " + "x" * 10_000),
    st.just("LAPOR K1 | nilai: 40 | " + "nilai: 1 | " * 900),
    st.just("LAPOR K1 | nilai: 40 | kendala: banjir"),  # a good one now and then, to reach Kirim
    st.just("LAPOR K3 | nilai: 500"),  # a doubt to confirm
)


@pytest.fixture
def bot(db_url: str) -> Iterator[BotThread]:
    runner = BotThread(db_url)
    runner.start()
    yield runner
    runner.stop()


@pytest.mark.timeout(600)
def test_random_quick_reports_never_break_the_bot_nor_store_without_kirim(bot: BotThread) -> None:
    world = bot.world
    assert world is not None
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    kirim_presses = [0]

    def read(sql: str) -> list[tuple[Any, ...]]:
        return bot.call(world.h.run(lambda s: [tuple(r) for r in s.execute(text(sql)).all()]))

    class QuickReports(RuleBasedStateMachine):
        @rule(who=st.sampled_from(WHO), body=one_line)
        def send_a_quick_report(self, who: str, body: str) -> None:
            user: User = getattr(world, who)
            mark = world.h.emu.marker()
            try:
                world.h.emu.send_text(user, body)
            except ValueError:
                return  # the emulator refuses what Telegram refuses
            bot.call(world.h.settle())
            assert world.h.changes_since(mark, user.id), f"no answer to {who}: {body[:60]!r}"

        @rule(who=st.sampled_from(["budi", "andi"]), body=one_line)
        def in_a_group(self, who: str, body: str) -> None:
            user: User = getattr(world, who)
            world.h.emu.set_bot_admin(world.group1)
            try:
                bot.call(world.h.say(user, body, chat=world.group1))
            except ValueError:
                return

        @rule(who=st.sampled_from(["budi", "andi"]), command=st.sampled_from(["/lapor", "/batal", "40"]))
        def guided(self, who: str, command: str) -> None:
            bot.call(world.h.say(getattr(world, who), command))

        @rule(who=st.sampled_from(["budi", "andi", "siti"]), index=st.integers(0, 30))
        def press_a_real_button(self, who: str, index: int) -> None:
            user: User = getattr(world, who)
            with_buttons = [m for m in world.h.sent(user.id) if m.buttons]
            if not with_buttons:
                return
            message = with_buttons[-1] if index % 3 else with_buttons[index % len(with_buttons)]  # mostly the newest
            data = [d for row in message.buttons for _label, d in row if d and not d.startswith("http")]
            if not data:
                return
            chosen = data[index % len(data)]
            if chosen.endswith(":send"):
                kirim_presses[0] += 1
            qid = [""]

            def press() -> None:
                qid[0] = world.h.emu.press_button(user, message, callback_data=chosen)

            bot.call(world.h.act(user.id, press))
            world.h.emu.wait_for_callback_answer(qid[0], timeout=10)

        @rule(
            who=st.sampled_from(WHO),
            data=st.one_of(
                st.builds(
                    lambda short, verb: f"rq:{short}:{verb}",
                    st.sampled_from(["00000000", "ffffffff", "0123abcd"]),
                    st.sampled_from(["send", "yes", "edit", "cancel"]),
                ),
                st.sampled_from(["rqt:", "rqt:2026-Q1", "rqt:2026-Q3", "rqt:2025-12", "rq:", "rq:zz:send"]),
            ),
            forge_batch=st.booleans(),
        )
        def press_forged(self, who: str, data: str, forge_batch: bool) -> None:
            user: User = getattr(world, who)
            if forge_batch:  # someone's real batch, any verb
                rows = read("SELECT id FROM report_draft WHERE length(id) > 32 ORDER BY id")
                if rows:
                    data = f"rq:{rows[len(data) % len(rows)][0][:8]}:" + data.rsplit(":", 1)[-1]
            if data.endswith(":send"):
                kirim_presses[0] += 1
            sent = world.h.sent(user.id)
            message_id = sent[-1].message_id if sent else 1
            qid = [""]

            def press() -> None:
                qid[0] = world.h.emu.press_raw_callback(user, user.id, message_id, data)

            bot.call(world.h.act(user.id, press))
            world.h.emu.wait_for_callback_answer(qid[0], timeout=10)

        @invariant()
        def nothing_logged_at_error(self) -> None:
            found = [r.getMessage()[:300] for r in errors.records]
            assert not found, found

        @invariant()
        def nothing_stored_without_kirim(self) -> None:
            for name, sql in INVARIANTS.items():
                assert read(sql) == [], name
            revisions = read("SELECT count(*) FROM report_revision")[0][0]
            assert revisions <= kirim_presses[0], (revisions, kirim_presses[0])

    try:
        postgres = not bot.db_url.startswith("sqlite")
        QuickReports.TestCase.settings = settings(
            max_examples=max(1, EXAMPLES // 2) if postgres else EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        QuickReports.TestCase().runTest()
    finally:
        logging.getLogger().removeHandler(errors)
