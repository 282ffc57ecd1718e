"""Ask the Bot API who we are (for invitation links made on the command line)."""

from __future__ import annotations

from telegram import Bot

from pantau.settings import Settings


async def fetch_username(settings: Settings) -> str:
    assert settings.token is not None
    async with Bot(
        settings.token.get_secret_value(), base_url=settings.api_base_url, base_file_url=settings.api_base_file_url
    ) as bot:
        return bot.username
