"""The floor for the update-cost benchmark: a bare python-telegram-bot echo bot, polled the way ``pantau run``
polls (``start_polling`` defaults), one answer per update (text echoed, anything else acknowledged, buttons answered
and acknowledged). Reads PANTAU_TOKEN and PANTAU_BOT_API_URL; stops on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is not None:
        await message.reply_text(message.text or "ok")


async def button(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is not None:
        await query.answer()
        if update.effective_chat is not None:
            await update.effective_chat.send_message(query.data or "ok")


async def main() -> None:
    url = os.environ["PANTAU_BOT_API_URL"]
    app = (
        Application.builder()
        .token(os.environ["PANTAU_TOKEN"])
        .base_url(f"{url}/bot")
        .base_file_url(f"{url}/file/bot")
        .build()
    )
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


if __name__ == "__main__":
    asyncio.run(main())
