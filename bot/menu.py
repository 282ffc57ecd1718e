"""The command menu Telegram shows, per scope (private chats, groups) and per language."""

from __future__ import annotations

import logging

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeAllPrivateChats
from telegram.error import TelegramError
from telegram.ext import Application

from texts import t

log = logging.getLogger(__name__)

PRIVATE_MENU = (
    "lapor",
    "riwayat",
    "batal",
    "progres",
    "rekap",
    "belum",
    "kurva",
    "ekspor",
    "undang",
    "bantuan",
    "bahasa",
)
GROUP_MENU = ("progres", "rekap", "belum", "kurva", "hubungkan", "bantuan")


async def set_menus(app: Application) -> None:  # type: ignore[type-arg]
    """Indonesian is the default (no language code); English for people whose Telegram is in English."""
    for scope, names in (
        (BotCommandScopeAllPrivateChats(), PRIVATE_MENU),
        (BotCommandScopeAllGroupChats(), GROUP_MENU),
    ):
        for lang, code in (("id", None), ("en", "en")):
            commands = [BotCommand(name, t(f"core.cmd.{name}", lang)) for name in names]
            try:
                await app.bot.set_my_commands(commands, scope=scope, language_code=code)
            except TelegramError as exc:  # the menu is a convenience; the bot works without it
                log.warning("setMyCommands failed for %s/%s: %s", scope.type, code, exc)
