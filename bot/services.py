"""What every handler needs from the process (settings, database, clock), reached through a typed context."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.ext import Application, CallbackContext, ExtBot

from bot.settings import BotSettings
from storage.db import Database
from texts.outgoing import Notifier

SERVICES_KEY = "pantau.services"


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """The process's shared parts, built once by ``bot.app.build_application``."""

    settings: BotSettings
    db: Database
    clock: Callable[[], datetime] = utc_now
    bot_username: str = ""
    # True when ``build_application`` opened the database itself and must close it at shutdown.
    owns_db: bool = False
    # How jobs reach chats; set when the application is initialised and its bot is known.
    notifier: Notifier | None = None
    # When each error summary was last sent to the admins (monotonic seconds), so a loop of errors alerts once.
    last_alert: dict[str, float] = field(default_factory=dict)
    # ``async fn(app, now)`` run on every tick (draft expiry and the like); feature modules append in register().
    tick_hooks: list[Callable[[Any, datetime], Awaitable[None]]] = field(default_factory=list)

    def now(self) -> datetime:
        return self.clock()

    def is_bootstrap_admin(self, telegram_id: int) -> bool:
        return telegram_id in self.settings.admin_ids


class PantauContext(CallbackContext[ExtBot[None], dict[str, Any], dict[str, Any], dict[str, Any]]):
    """``context.services`` instead of string keys in ``bot_data``."""

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data[SERVICES_KEY]
        return services


PantauApp = Application[ExtBot[None], PantauContext, dict[str, Any], dict[str, Any], dict[str, Any], Any]
