"""Per-person flood control (bot/flood.py): a person sending hundreds of updates a minute is slowed with one notice,
and the others are not delayed."""

from __future__ import annotations

import asyncio
import time

from tests.e2e.harness import plain
from tests.security.world import security_world
from texts import t

NOTICE = plain(t("core.flood.slow_down"))


def _notices(w: object, chat_id: int) -> int:
    return sum(1 for m in w.h.sent(chat_id) if m.text == NOTICE)  # type: ignore[attr-defined]


async def test_a_burst_is_cut_with_one_notice_and_others_go_on(db_url: str) -> None:
    async with security_world(db_url, flood_max_updates=10, flood_window_seconds=30.0) as w:
        flooder, other = w.budi, w.siti
        before = len(w.h.sent(flooder.id))
        for i in range(300):
            w.h.emu.send_text(flooder, f"/bantuan {i}")
        queued = time.monotonic()
        mark = w.h.emu.marker()
        for _ in range(5):
            w.h.emu.send_text(other, "/bantuan")
        await w.h.settle(timeout=60)
        waited = time.monotonic() - queued
        answers = w.h.sent(flooder.id)[before:]
        assert _notices(w, flooder.id) == 1
        # /start (in the world's set-up) used one of the ten updates of the window
        assert len(answers) == 9 + 1, [m.text[:40] for m in answers]
        # the other person: all five answered, none slowed
        theirs = w.h.changes_since(mark, other.id)
        assert len(theirs) == 5 and NOTICE not in [m.text for m in theirs]
        # the 290 dropped updates cost next to nothing: the bot is through the queue quickly
        assert waited < 10, waited


async def test_a_sustained_flood_gets_one_notice_per_episode(db_url: str) -> None:
    """Twenty updates a second for four seconds against a window of five per second: slowed, one notice."""
    async with security_world(db_url, flood_max_updates=5, flood_window_seconds=1.0) as w:
        flooder = w.budi
        await asyncio.sleep(1.1)  # the set-up's /start leaves the window
        for i in range(80):
            w.h.emu.send_text(flooder, f"/bantuan {i}")
            await asyncio.sleep(0.05)
        await w.h.settle(timeout=30)
        assert _notices(w, flooder.id) == 1
        # after a quiet window the person is served again, and a later flood gets a new notice
        await asyncio.sleep(1.2)
        mark = w.h.emu.marker()
        assert await w.h.say(flooder, "/bantuan")
        assert NOTICE not in [m.text for m in w.h.changes_since(mark, flooder.id)]
        for i in range(10):
            w.h.emu.send_text(flooder, f"/bantuan again {i}")
        await w.h.settle(timeout=30)
        assert _notices(w, flooder.id) == 2
