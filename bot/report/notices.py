"""Messages the report flow sends outside the conversation's chat: group notices and private notices.

A failure here never reaches the person who caused it: the report is stored before anything is sent, Telegram's
refusals update the database (a removed group is marked inactive, a migrated group is followed, a person who
blocked the bot is marked unreachable) and anything else is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.notifier import is_thread_gone
from storage import people
from storage.db import Database

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


async def _send_group(
    bot: object, db: Database, chat_id: int, text: str, thread_id: int | None, *, retry: bool = True
) -> bool:
    try:
        await bot.send_message(chat_id, text, message_thread_id=thread_id)  # type: ignore[attr-defined]
        return True
    except ChatMigrated as exc:
        await db.run(people.migrate_group, chat_id, exc.new_chat_id)
        if retry:
            return await _send_group(bot, db, exc.new_chat_id, text, thread_id, retry=False)
        return False
    except BadRequest as exc:
        if thread_id is None or not is_thread_gone(exc):
            log.warning("report notice to group %s failed: %s", chat_id, exc)
            return False
        # the topic was deleted or closed: post in General, now and from now on
        log.warning("topic %s of group %s is gone (%s): the report notice goes to General", thread_id, chat_id, exc)
        await db.run(people.clear_group_thread, chat_id, thread_id)
        return await _send_group(bot, db, chat_id, text, None, retry=retry)
    except Forbidden:
        log.info("group %s refused the report notice: marking it inactive", chat_id)
        await db.run(people.set_group_active, chat_id, False)
        return False
    except TelegramError as exc:
        log.warning("report notice to group %s failed: %s", chat_id, exc)
        return False


async def send_private(
    bot: object, db: Database, telegram_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """Message a person privately; a Forbidden marks them unreachable. True when sent."""
    try:
        await bot.send_message(telegram_id, text, reply_markup=markup)  # type: ignore[attr-defined]
        return True
    except Forbidden:
        await db.run(people.mark_unreachable, telegram_id)
        return False
    except TelegramError as exc:
        log.warning("private notice to %s failed: %s", telegram_id, exc)
        return False
