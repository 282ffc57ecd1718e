"""Ask the Bot API who we are (for invitation links made on the command line)."""

from __future__ import annotations

from telegram import Bot

from bot.settings import BotSettings


async def fetch_username(settings: BotSettings) -> str:
    assert settings.token is not None
    async with Bot(
        settings.token.get_secret_value(), base_url=settings.api_base_url, base_file_url=settings.api_base_file_url
    ) as bot:
        return bot.username
