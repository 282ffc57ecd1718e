"""Updates of different people at the same time, each person's own in the order they came.

python-telegram-bot's default processes one update at a time: every update's transactions and sends (each send
waiting for its slot under the 30 messages/s limiter) finish before the next update starts, so at a deadline one
person's slow step holds everyone's answer, and the bot answers at the rate of one update's wall time instead of
Telegram's limit (bench/RESULTS.md, "The deadline rush").

``PerPersonUpdateProcessor`` lets updates run concurrently but keeps one ``asyncio.Lock`` per person (the update's
user, or its chat when it has no user): two updates of the same person never overlap, and they start in the order
they arrived (PTB hands them over in order and ``asyncio.Lock`` wakes its waiters first come, first served). That
is what PTB's caveats about concurrency ask for: a ``ConversationHandler`` keyed by (chat, user), as both of ours
are (report, verification return), sees one update of a conversation at a time, in order; ``user_data`` (the plan
change in the chat, the return reason) is only touched by its own person's updates; and the persistence is written
through after every update under PTB's own lock (``Application.update_persistence``). A conversation keyed by the
chat alone (``per_user=False``) would need the chat as the key; Pantau has none. The job queue does not go through
update processing and is unaffected.

A lock lives only while an update of its person is running or waiting, so memory does not grow with the number of
people. While an update waits for its person's lock it holds one of the processor's ``max_concurrent_updates``
slots (PTB takes the slot before calling ``do_process_update``): one person flooding the bot with more updates than
there are slots would hold the others back, as a sequential bot does with a single update; the flood guard drops
such a person's updates as they come through.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

CONCURRENT_UPDATES = 256  # PTB's own default for ``concurrent_updates(True)``


class _PersonLock:
    """A person's lock and how many of their updates hold it or wait for it."""

    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.users = 0


def person_key(update: object) -> int | None:
    """Whose update it is: the user's id, else the chat's (a channel post), else None (no order to keep)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class PerPersonUpdateProcessor(BaseUpdateProcessor):
    """Different people's updates concurrently, one person's in order (see the module docstring)."""

    __slots__ = ("_locks",)

    def __init__(self, max_concurrent_updates: int = CONCURRENT_UPDATES) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, _PersonLock] = {}

    @property
    def people_waiting_or_running(self) -> int:
        """How many people have an update running or waiting (each keeps one lock meanwhile)."""
        return len(self._locks)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = person_key(update)
        if key is None:
            await coroutine
            return
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = _PersonLock()
        entry.users += 1
        try:
            async with entry.lock:
                await coroutine
        finally:
            entry.users -= 1
            if entry.users == 0:
                del self._locks[key]

    async def initialize(self) -> None:
        """Nothing to set up: locks are made as people's updates arrive."""

    async def shutdown(self) -> None:
        """Nothing to release: a lock goes with its person's last update."""
