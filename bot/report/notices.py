"""Messages the report flow sends outside the conversation's chat: group notices and private notices.

A failure here never reaches the person who caused it: the report is stored before anything is sent, Telegram's
refusals update the database (a removed group is marked inactive, a migrated group is followed, a person who
blocked the bot is marked unreachable) and anything else is logged.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardMarkup
from telegram.error import ChatMigrated, Forbidden, TelegramError

from storage import people
from storage.db import Database

log = logging.getLogger(__name__)


async def send_to_groups(bot: object, db: Database, chat_ids: Sequence[int], text: str) -> int:
    """Send ``text`` to each group (the team's active ones, read with the report); returns how many got it."""
    delivered = 0
    for chat_id in chat_ids:
        if await _send_group(bot, db, chat_id, text):
            delivered += 1
    return delivered


async def _send_group(bot: object, db: Database, chat_id: int, text: str, *, retry: bool = True) -> bool:
    try:
        await bot.send_message(chat_id, text)  # type: ignore[attr-defined]
        return True
    except ChatMigrated as exc:
        await db.run(people.migrate_group, chat_id, exc.new_chat_id)
        if retry:
            return await _send_group(bot, db, exc.new_chat_id, text, retry=False)
        return False
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
