"""Messages the report flow sends outside the conversation's chat: group notices and private notices.

A failure here never reaches the person who caused it: the report is stored before anything is sent, Telegram's
answer becomes a ``SendResult`` (``bot.notifier.send_result``) and updates the database as every send's does
(``jobs.outcomes.record_send_outcome``: a removed group is marked inactive, a migrated group is followed, a
deleted topic cleared, a person who blocked the bot is marked unreachable); anything else is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Message

from bot.notifier import send_result
from jobs import outcomes
from storage import people
from storage.db import Database
from texts.outgoing import SendStatus

log = logging.getLogger(__name__)


async def send_to_groups(bot: object, db: Database, chat_ids: Sequence[int], text: str) -> int:
    """Send ``text`` to each group (the team's active ones, read with the report), in the forum topic it was
    linked in; returns how many got it."""
    threads = await db.run(people.group_threads, chat_ids)
    delivered = 0
    for chat_id in chat_ids:
        if await _send_group(bot, db, chat_id, text, threads.get(chat_id)):
            delivered += 1
    return delivered


async def _send_group(bot: object, db: Database, chat_id: int, text: str, thread_id: int | None) -> bool:
    async def once(chat: int, thread: int | None) -> Message:
        return await bot.send_message(chat, text, message_thread_id=thread)  # type: ignore[attr-defined,no-any-return]

    result = await send_result(once, chat_id, thread_id)
    if outcomes.affects_records(result):
        await db.run(outcomes.record_send_outcome, chat_id, result, thread_id=thread_id)
    if result.status is SendStatus.UNREACHABLE:
        log.info("group %s refused the report notice (%s): marked inactive", chat_id, result.detail)
    elif result.status is not SendStatus.SENT:
        log.warning("report notice to group %s failed: %s", chat_id, result.detail)
    return result.status is SendStatus.SENT


async def send_private(
    bot: object, db: Database, telegram_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Message a person privately; a refusal (blocked, never started) marks them unreachable. True when sent."""

    async def once(chat: int, _thread: int | None) -> Message:
        return await bot.send_message(chat, text, reply_markup=markup)  # type: ignore[attr-defined,no-any-return]

    result = await send_result(once, telegram_id)
    if outcomes.affects_records(result):
        await db.run(outcomes.record_send_outcome, telegram_id, result, person_telegram_id=telegram_id)
    if result.status not in (SendStatus.SENT, SendStatus.UNREACHABLE):
        log.warning("private notice to %s failed: %s", telegram_id, result.detail)
    return result.status is SendStatus.SENT
