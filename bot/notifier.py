"""The ``jobs.notifier.Notifier`` on python-telegram-bot: every Telegram error becomes a ``SendStatus``.

RetryAfter after the rate limiter's own retries, timeouts and 5xx → retry later (the delivery stays pending);
Forbidden and "chat not found" → unreachable; a migrated group → sent again once to the supergroup and reported.
"""

from __future__ import annotations

import logging

from telegram import Bot, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.handlers.common import send_outgoing
from jobs.notifier import OutgoingMessage, SendResult, SendStatus

log = logging.getLogger(__name__)

UNREACHABLE_BAD_REQUESTS = ("chat not found", "user not found", "have no rights to send", "not enough rights")


class TelegramNotifier:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def _send_once(self, chat_id: int, message: OutgoingMessage) -> Message:
        return await send_outgoing(self.bot, chat_id, message)

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        migrated_to: int | None = None
        for _ in range(2):  # the second round only after a migration
            try:
                sent = await self._send_once(chat_id, message)
                return SendResult(SendStatus.SENT, message_id=sent.message_id, migrated_to=migrated_to)
            except ChatMigrated as exc:
                log.info("chat %s migrated to %s; following it", chat_id, exc.new_chat_id)
                chat_id = migrated_to = int(exc.new_chat_id)
            except RetryAfter as exc:
                retry = (
                    exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
                )
                return SendResult(
                    SendStatus.RETRY_LATER, retry_after=float(retry), migrated_to=migrated_to, detail=str(exc)
                )
            except Forbidden as exc:
                return SendResult(SendStatus.UNREACHABLE, migrated_to=migrated_to, detail=str(exc))
            except BadRequest as exc:
                text = str(exc).lower()
                status = (
                    SendStatus.UNREACHABLE if any(s in text for s in UNREACHABLE_BAD_REQUESTS) else SendStatus.FAILED
                )
                log.warning("send to %s refused: %s", chat_id, exc)
                return SendResult(status, migrated_to=migrated_to, detail=str(exc))
            except (TimedOut, NetworkError) as exc:
                return SendResult(SendStatus.RETRY_LATER, migrated_to=migrated_to, detail=str(exc))
            except TelegramError as exc:
                log.warning("send to %s failed: %s", chat_id, exc)
                return SendResult(SendStatus.FAILED, migrated_to=migrated_to, detail=str(exc))
        return SendResult(SendStatus.FAILED, migrated_to=migrated_to, detail="migrated twice")
