"""The floor for the update-cost benchmark: a bare python-telegram-bot echo bot, polled the way ``pantau run``
polls (``start_polling`` defaults), one answer per update (text echoed, anything else acknowledged, buttons answered
and acknowledged). Reads PANTAU_TOKEN and PANTAU_BOT_API_URL; stops on SIGTERM.

With ``--store`` it is the second floor: the same echo, plus one transaction per update through Pantau's own
``storage.db.Database`` (an upsert of the person's last message, on PANTAU_DATABASE_URL): the least a bot that
keeps every answer durable does per update.

With ``--limited`` it sends through the same rate limiter as ``pantau run`` (``bot.app``: one request per 1/30 s,
Telegram's overall limit without a burst), which any bot answering at that rate needs: the bot is then paced as
pantau is, not answering flat out."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import AIORateLimiter, Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.db import Database
from storage.persistence import save_conversation

DB: Database | None = None


async def store(update: Update, text: str) -> None:
    if DB is not None and update.effective_chat is not None and update.effective_user is not None:
        key = (update.effective_chat.id, update.effective_user.id)
        await DB.run(save_conversation, "echo", key, text, datetime.now(UTC))


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None:
        await store(update, message.text or "ok")
        await message.reply_text(message.text or "ok")


async def button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
        await store(update, query.data or "ok")
        if update.effective_chat is not None:
            await update.effective_chat.send_message(query.data or "ok")


async def main() -> None:
    global DB
    if "--store" in sys.argv:
        DB = Database(os.environ["PANTAU_DATABASE_URL"])
    url = os.environ["PANTAU_BOT_API_URL"]
    builder = (
        Application.builder().token(os.environ["PANTAU_TOKEN"]).base_url(f"{url}/bot").base_file_url(f"{url}/file/bot")
    )
    app: Application[Any, Any, Any, Any, Any, Any]
    if "--limited" in sys.argv:  # as bot.app builds pantau's
        limiter = AIORateLimiter(overall_max_rate=1, overall_time_period=1 / 30, max_retries=3)
        app = builder.rate_limiter(limiter).build()
    else:
        app = builder.build()
    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(button))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    async with app:
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling()
        await stop.wait()
        await app.updater.stop()
        await app.stop()
    if DB is not None:
        await DB.dispose()


if __name__ == "__main__":
    asyncio.run(main())
