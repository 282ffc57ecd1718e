"""Per-person flood control: one person sending hundreds of updates a minute is slowed, others are not."""

from __future__ import annotations

import time
from collections import deque

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.services import PantauContext
from pantau.texts import t


class FloodGuard:
    """A sliding window per user; over the limit, updates are dropped, with one notice per episode."""

    def __init__(self, max_updates: int, window_seconds: float) -> None:
        self.max_updates = max_updates
        self.window = window_seconds
        self.seen: dict[int, deque[float]] = {}
        self.warned: set[int] = set()

    def over_limit(self, user_id: int, now: float) -> bool:
        times = self.seen.setdefault(user_id, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) >= self.max_updates:
            return True
        times.append(now)
        self.warned.discard(user_id)
        if len(self.seen) > 10_000:  # forget idle people so memory stays flat
            for uid in [u for u, q in self.seen.items() if not q or now - q[-1] > self.window]:
                self.seen.pop(uid, None)
        return False

    async def __call__(self, update: Update, context: PantauContext) -> None:
        user = update.effective_user
        if user is None or self.max_updates <= 0:
            return
        if not self.over_limit(user.id, time.monotonic()):
            return
        if user.id not in self.warned:
            self.warned.add(user.id)
            chat = update.effective_chat
            if chat is not None and chat.type == "private":
                await chat.send_message(t("core.flood.slow_down", user.language_code))
            elif update.callback_query is not None:
                await update.callback_query.answer(t("core.flood.slow_down", user.language_code))
        raise ApplicationHandlerStop
