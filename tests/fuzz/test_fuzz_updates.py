"""Fuzzing: a hypothesis state machine sends random updates at every conversation state and every command (any
unicode, 10,000-character text, empty text, stickers, photos, documents, locations, contacts, voice, edited messages,
unknown and forged callback data, another organization's activity ids, commands mid-flow, updates from unknown users
and unknown chats) to the real bot over the emulator, and checks after each step:

- no unhandled exception was logged (nothing at ERROR);
- the bot answered or deliberately ignored it (a private text or command always gets an answer; a button press is
  always answered);
- the database invariants hold: one current revision per activity × period (the latest), no report without a Kirim
  (every revision comes from a submitted draft, never more revisions than Kirim presses), no cross-organization
  write (every revision's reporter is a focal point of the activity's organization).

One bot serves the whole run (its state carries over between examples, which only makes the fuzzing harder).
``PANTAU_FUZZ_EXAMPLES`` / ``PANTAU_FUZZ_STEPS`` make a longer run (defaults keep it within about a minute).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import text

from emulator.state import Chat, User
from tests.security.world import World, security_world

EXAMPLES = int(os.environ.get("PANTAU_FUZZ_EXAMPLES", "20"))
STEPS = int(os.environ.get("PANTAU_FUZZ_STEPS", "40"))

COMMANDS = [
    "/start",
    "/lapor",
    "/batal",
    "/riwayat",
    "/bantuan",
    "/bahasa",
    "/verifikasi",
    "/undang",
    "/undang viewer",
    "/undang focal_point DISDIK",
    "/hubungkan",
    "/hubungkan TPAKD-DS",
    "/hubungkan TKPKD-SLK",
    "/kecualikan",
    "/kecualikan DISKOP 2026-Q1 libur",
    "/batalkecuali DISKOP 2026-Q1",
    "/buka DISKOP 2026-Q1",
    "/progres",
    "/rekap",
    "/rekap 2026-Q1",
    "/belum",
    "/kurva",
    "/ekspor",
    "/start lapor",
    "/entahlah",
    "/lapor@pantau_test_bot",
    "/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
]
NUMBERS = ["40", "1.250.000", "1,5 juta", "Rp 2jt", "80%", "-5", "0", "1e309", "NaN", "99999999999999999999", "½"]


class ErrorLog(logging.Handler):
    """Every record at ERROR or above, from any logger of the process."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class BotThread:
    """The world (tests/security/world.py) on an event loop of its own, driven synchronously by hypothesis."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.world: World | None = None
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self._main())

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        try:
            async with security_world(self.db_url) as world:
                self.world = world
                self.ready.set()
                await self._stop.wait()
        except BaseException as exc:
            self.failure = exc
            self.ready.set()

    def start(self) -> World:
        self.thread.start()
        self.ready.wait(120)
        if self.failure is not None:
            raise self.failure
        assert self.world is not None
        return self.world

    def call(self, coro: Coroutine[Any, Any, Any], timeout: float = 60.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(60)


INVARIANTS = {
    "one current revision per activity x period, and it is the latest": """
        SELECT r.id FROM report r
        WHERE r.current_revision_id IS NULL
           OR r.current_revision_id <> (SELECT max(v.id) FROM report_revision v WHERE v.report_id = r.id)
           OR r.revision_count <> (SELECT count(*) FROM report_revision v WHERE v.report_id = r.id)
    """,
    "no report without a Kirim (every revision from a submitted draft)": """
        SELECT v.id FROM report_revision v LEFT JOIN report_draft d ON d.id = v.draft_id
        WHERE d.id IS NULL OR d.status <> 'submitted'
    """,
    "no cross-organization write": """
        SELECT v.id FROM report_revision v JOIN report r ON r.id = v.report_id JOIN activity a ON a.id = r.activity_id
        WHERE NOT EXISTS (SELECT 1 FROM membership m WHERE m.person_id = v.reporter_id
                          AND m.role = 'focal_point' AND m.organization_id = a.organization_id)
    """,
    "no report twice for one activity x period": """
        SELECT activity_id FROM report GROUP BY activity_id, period_key HAVING count(*) > 1
    """,
}


@pytest.fixture
def bot(db_url: str) -> Iterator[BotThread]:
    runner = BotThread(db_url)
    runner.start()
    yield runner
    runner.stop()


@pytest.mark.timeout(600)
def test_random_updates_never_break_the_bot(bot: BotThread) -> None:
    world = bot.world
    assert world is not None
    errors = ErrorLog()
    logging.getLogger().addHandler(errors)
    kirim_presses = [0]
    plan = world.plan
    own_and_foreign_ids = [plan.act_pp, plan.act_cum, plan.act_other, plan.act_disdik, world.act_team2, 0, 999999]
    unknown_group = world.h.emu.group(title="Grup tak dikenal", bot_member=True)

    def read(sql: str) -> list[tuple[Any, ...]]:
        return bot.call(world.h.run(lambda s: [tuple(r) for r in s.execute(text(sql)).all()]))

    class Updates(RuleBasedStateMachine):
        """Random people doing random things in random chats."""

        def __init__(self) -> None:
            super().__init__()
            self.sent_texts: list[tuple[User, dict[str, Any]]] = []

        # ---- who and where ----
        def people(self) -> st.SearchStrategy[User]:
            return st.sampled_from([world.budi, world.siti, world.andi, world.rina, world.chair, world.stranger])

        def _act(self, chat_id: int, action: Any) -> list[Any]:
            return bot.call(world.h.act(chat_id, action))

        def _private_answered(self, user: User, before: int) -> None:
            after = len(world.h.sent(user.id))
            edits = world.h.changes_since(before, user.id)
            assert after > 0 and edits, f"no answer to {user.first_name}"

        # ---- rules ----
        @rule(
            who=st.sampled_from(["budi", "siti", "andi", "rina", "chair", "stranger"]),
            body=st.one_of(
                st.text(max_size=200),
                st.sampled_from(NUMBERS),
                st.just(""),
                st.just(" "),
                st.just("x" * 10_000),
                st.just("🙂" * 3000),
                st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=50),
            ),
        )
        def say_text(self, who: str, body: str) -> None:
            user: User = getattr(world, who)
            mark = world.h.emu.marker()
            try:
                message = world.h.emu.send_text(user, body)
            except ValueError:
                return  # the emulator refuses what Telegram refuses (e.g. an empty message)
            bot.call(world.h.settle())
            self.sent_texts.append((user, message))
            if body.strip():
                assert world.h.changes_since(mark, user.id), f"no answer to {who}: {body[:60]!r}"

        @rule(
            who=st.sampled_from(["budi", "siti", "andi", "rina", "chair", "stranger"]),
            command=st.sampled_from(COMMANDS),
        )
        def say_command(self, who: str, command: str) -> None:
            user: User = getattr(world, who)
            answered = bot.call(world.h.say(user, command))
            assert answered, f"no answer to {who}: {command}"

        @rule(
            who=st.sampled_from(["budi", "andi", "rina", "stranger"]),
            where=st.sampled_from(["group1", "group2", "unknown"]),
            command=st.sampled_from([*COMMANDS, "halo", "40"]),
        )
        def in_a_group(self, who: str, where: str, command: str) -> None:
            user: User = getattr(world, who)
            chat: Chat = unknown_group if where == "unknown" else getattr(world, where)
            bot.call(world.h.say(user, command, chat=chat))

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
            if ":summary:send" in chosen:
                kirim_presses[0] += 1
            qid = [""]

            def press() -> None:
                qid[0] = world.h.emu.press_button(user, message, callback_data=chosen)

            self._act(user.id, press)
            world.h.emu.wait_for_callback_answer(qid[0], timeout=10)

        @rule(
            who=st.sampled_from(["budi", "andi", "rina", "stranger", "chair"]),
            data=st.one_of(
                st.builds(
                    lambda prefix, act: f"{prefix}{act}",
                    st.sampled_from(["rl:", "rv:", "rh:", "vf:", "vr:", "lang:"]),
                    st.sampled_from([str(i) for i in own_and_foreign_ids] + ["1:2026-Q1", "2026-Q1", "en", "de"]),
                ),
                st.builds(
                    lambda act, period: f"rl:{act}:{period}",
                    st.sampled_from(own_and_foreign_ids),
                    st.sampled_from(["2026-Q1", "2026-Q2", "2025-Q4", "2026-13"]),
                ),
                st.text(min_size=1, max_size=64),  # Telegram: callback data is 1-64 bytes
            ),
            forge_draft=st.booleans(),
            verb=st.sampled_from(["act", "per", "send", "skip", "done", "yes", "no", "edit", "field", "back", "clear"]),
            arg=st.sampled_from([str(i) for i in own_and_foreign_ids] + ["2026-Q1", "value", ""]),
        )
        def press_forged(self, who: str, data: str, forge_draft: bool, verb: str, arg: str) -> None:
            user: User = getattr(world, who)
            if forge_draft:  # a button of someone's open draft, any step, any verb, any argument
                rows = read("SELECT id, step FROM report_draft WHERE status = 'open'")
                if rows:
                    draft_id, step = rows[len(data) % len(rows)]
                    data = f"r:{draft_id[:8]}:{step}:{verb}" + (f":{arg}" if arg else "")
            if not data or len(data.encode()) > 64:
                return
            if ":summary:send" in data or data.startswith("r:"):
                kirim_presses[0] += 1
            sent = world.h.sent(user.id)
            message_id = sent[-1].message_id if sent else 1
            qid = [""]

            def press() -> None:
                qid[0] = world.h.emu.press_raw_callback(user, user.id, message_id, data)

            self._act(user.id, press)
            world.h.emu.wait_for_callback_answer(qid[0], timeout=10)

        @rule(
            who=st.sampled_from(["budi", "andi", "stranger"]),
            kind=st.sampled_from(["photo", "document", "location", "sticker", "voice", "contact"]),
        )
        def send_media(self, who: str, kind: str) -> None:
            user: User = getattr(world, who)
            emu = world.h.emu
            actions = {
                "photo": lambda: emu.send_photo(user, b"\x89PNG\r\n\x1a\n" + bytes(32)),
                "document": lambda: emu.send_document(user, b"%PDF-1.4", "x.pdf", "application/pdf"),
                "location": lambda: emu.send_location(user, -90.0, 180.0),
                "sticker": lambda: emu.send_sticker(user),
                "voice": lambda: emu.send_voice(user),
                "contact": lambda: emu.send_contact(user, "+62811000000", "Kontak"),
            }
            self._act(user.id, actions[kind])

        @precondition(lambda self: bool(self.sent_texts))
        @rule(index=st.integers(0, 1000), body=st.text(max_size=100))
        def edit_a_message(self, index: int, body: str) -> None:
            user, message = self.sent_texts[index % len(self.sent_texts)]
            try:
                self._act(user.id, lambda: world.h.emu.edit_user_message(user, message, body or "x"))
            except ValueError:
                pass

        # ---- after every step ----
        @invariant()
        def nothing_logged_at_error(self) -> None:
            found = [r.getMessage()[:300] for r in errors.records]
            assert not found, found

        @invariant()
        def database_invariants_hold(self) -> None:
            for name, sql in INVARIANTS.items():
                assert read(sql) == [], name
            revisions = read("SELECT count(*) FROM report_revision")[0][0]
            assert revisions <= kirim_presses[0], (revisions, kirim_presses[0])

    try:
        postgres = not bot.db_url.startswith("sqlite")
        Updates.TestCase.settings = settings(
            max_examples=max(1, EXAMPLES // 2) if postgres else EXAMPLES,  # the suite runs both; PostgreSQL is slower
            stateful_step_count=STEPS,
            deadline=None,
            phases=[Phase.explicit, Phase.reuse, Phase.generate],  # no shrinking: the printed steps are short enough
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        Updates.TestCase().runTest()
    finally:
        logging.getLogger().removeHandler(errors)
