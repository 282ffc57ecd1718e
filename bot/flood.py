"""Per-person flood control: one person sending hundreds of updates a minute is slowed, others are not."""

from __future__ import annotations

import time
from collections import deque

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.handlers.common import answer_query
from bot.services import PantauContext
from texts import t


class FloodGuard:
    """A sliding window per user; over the limit, updates are dropped, with one notice per episode.

    An episode lasts while the person keeps hitting the limit: it ends only after a whole window without a dropped
    update. (Ending it at the first update let through made a steady flood get a notice every time the window slid
    by one update.)
    """

    def __init__(self, max_updates: int, window_seconds: float) -> None:
        self.max_updates = max_updates
        self.window = window_seconds
        self.seen: dict[int, deque[float]] = {}
        self.last_dropped: dict[int, float] = {}  # user id -> monotonic time of the last dropped update

    def over_limit(self, user_id: int, now: float) -> bool:
        times = self.seen.setdefault(user_id, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        if len(times) >= self.max_updates:
            return True
        times.append(now)
        if len(self.seen) > 10_000:  # forget idle people so memory stays flat
            for uid in [u for u, q in self.seen.items() if not q or now - q[-1] > self.window]:
                self.seen.pop(uid, None)
            for uid in [u for u, at in self.last_dropped.items() if now - at > self.window]:
                self.last_dropped.pop(uid, None)
        return False

    def starts_episode(self, user_id: int, now: float) -> bool:
        """Record a dropped update; True if it is the first of an episode (the one that gets the notice)."""
        previous = self.last_dropped.get(user_id)
        self.last_dropped[user_id] = now
        return previous is None or now - previous > self.window

    async def __call__(self, update: Update, context: PantauContext) -> None:
        user = update.effective_user
        if user is None or self.max_updates <= 0:
            return
        now = time.monotonic()
        if not self.over_limit(user.id, now):
            return
        if self.starts_episode(user.id, now):
            chat = update.effective_chat
            if chat is not None and chat.type == "private":
                await chat.send_message(t("core.flood.slow_down", user.language_code))
            elif update.callback_query is not None:
                await answer_query(update.callback_query, t("core.flood.slow_down", user.language_code))
        raise ApplicationHandlerStop
