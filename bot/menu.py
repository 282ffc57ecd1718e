"""The command menu Telegram shows, per scope (private chats, groups) and per language, from the command table."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError
from telegram.ext import Application

from bot.commands import Chat, menu
from texts import t

log = logging.getLogger(__name__)

PRIVATE_MENU = menu(Chat.PRIVATE)
GROUP_MENU = menu(Chat.GROUP)


async def set_menus(app: Application) -> None:  # type: ignore[type-arg]
    """Indonesian is the default (no language code); English for people whose Telegram is in English."""
    for scope, entries in (
        (BotCommandScopeAllPrivateChats(), PRIVATE_MENU),
        (BotCommandScopeAllGroupChats(), GROUP_MENU),
    ):
        for lang, code in (("id", None), ("en", "en")):
            commands = [BotCommand(c.name, t(c.description, lang)) for c in entries]
            try:
                await app.bot.set_my_commands(commands, scope=scope, language_code=code)
            except TelegramError as exc:  # the menu is a convenience; the bot works without it
                log.warning("setMyCommands failed for %s/%s: %s", scope.type, code, exc)
