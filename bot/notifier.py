"""The ``texts.outgoing.Notifier`` on python-telegram-bot: every Telegram error becomes a ``SendStatus``.

RetryAfter after the rate limiter's own retries, timeouts and 5xx → retry later (the delivery stays pending);
Forbidden and "chat not found" → unreachable; a migrated group → sent again once to the supergroup and reported;
a forum topic deleted or closed ("message thread not found", "TOPIC_CLOSED") → sent again once to General and
reported (``thread_gone``), so that the job clears the group's stored topic.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Bot, Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.handlers.common import send_outgoing
from texts.outgoing import OutgoingMessage, SendResult, SendStatus

log = logging.getLogger(__name__)

UNREACHABLE_BAD_REQUESTS = ("chat not found", "user not found", "have no rights to send", "not enough rights")
THREAD_GONE_BAD_REQUESTS = ("message thread not found", "topic_closed", "topic_deleted")


def is_thread_gone(error: BadRequest) -> bool:
    """Telegram's 400 for a message to a forum topic that was deleted or closed: General still takes it."""
    text = str(error).lower()
    return any(s in text for s in THREAD_GONE_BAD_REQUESTS)


class TelegramNotifier:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def _send_once(self, chat_id: int, message: OutgoingMessage) -> Message:
        return await send_outgoing(self.bot, chat_id, message, thread_id=message.thread_id)

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        migrated_to: int | None = None
        gone: str | None = None  # why the topic was given up for General
        for _ in range(3):  # again only after a migration, and once more after a topic is given up
            try:
                sent = await self._send_once(chat_id, message)
                return SendResult(
                    SendStatus.SENT,
                    message_id=sent.message_id,
                    migrated_to=migrated_to,
                    detail=gone,
                    thread_gone=gone is not None,
                )
            except ChatMigrated as exc:
                if migrated_to is not None:
                    break
                log.info("chat %s migrated to %s; following it", chat_id, exc.new_chat_id)
                chat_id = migrated_to = int(exc.new_chat_id)
            except RetryAfter as exc:
                retry = (
                    exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
                )
                return SendResult(
                    SendStatus.RETRY_LATER,
                    retry_after=float(retry),
                    migrated_to=migrated_to,
                    detail=str(exc),
                    thread_gone=gone is not None,
                )
            except Forbidden as exc:
                return SendResult(
                    SendStatus.UNREACHABLE, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None
                )
            except BadRequest as exc:
                if message.thread_id is not None and is_thread_gone(exc):
                    log.warning(
                        "topic %s of chat %s is gone (%s): sending to General instead", message.thread_id, chat_id, exc
                    )
                    gone = f"topic {message.thread_id} gone ({exc}): sent to General"
                    message = replace(message, thread_id=None)
                    continue
                text = str(exc).lower()
                status = (
                    SendStatus.UNREACHABLE if any(s in text for s in UNREACHABLE_BAD_REQUESTS) else SendStatus.FAILED
                )
                log.warning("send to %s refused: %s", chat_id, exc)
                return SendResult(status, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None)
            except (TimedOut, NetworkError) as exc:
                return SendResult(
                    SendStatus.RETRY_LATER, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None
                )
            except TelegramError as exc:
                log.warning("send to %s failed: %s", chat_id, exc)
                return SendResult(
                    SendStatus.FAILED, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None
                )
        return SendResult(
            SendStatus.FAILED, migrated_to=migrated_to, detail="migrated twice", thread_gone=gone is not None
        )
