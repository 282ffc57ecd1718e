"""The ``texts.outgoing.Notifier`` on python-telegram-bot: every Telegram error becomes a ``SendStatus``
(:func:`send_result`, which the report notices use too).

RetryAfter after the rate limiter's own retries, timeouts and 5xx → retry later (the delivery stays pending);
Forbidden and "chat not found" → unreachable; a migrated group → sent again once to the supergroup and reported;
a forum topic deleted or closed ("message thread not found", "TOPIC_CLOSED") → sent again once to General and
reported (``thread_gone``), so that ``jobs.outcomes.record_send_outcome`` clears the group's stored topic.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
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


SendOnce = Callable[[int, int | None], Awaitable[Message]]
"""One attempt to send to (chat id, forum topic or None for General); returns the sent message, raises PTB's errors."""


async def send_result(send: SendOnce, chat_id: int, thread_id: int | None = None) -> SendResult:
    """Send through ``send`` and turn Telegram's answer into a ``SendResult``: the one mapping of PTB's errors, for
    the jobs' notifier and the report notices alike (``jobs.outcomes.record_send_outcome`` records it)."""
    migrated_to: int | None = None
    gone: str | None = None  # why the topic was given up for General
    for _ in range(3):  # again only after a migration, and once more after a topic is given up
        try:
            sent = await send(chat_id, thread_id)
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
            retry = exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds") else exc.retry_after
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
            if thread_id is not None and is_thread_gone(exc):
                log.warning("topic %s of chat %s is gone (%s): sending to General instead", thread_id, chat_id, exc)
                gone = f"topic {thread_id} gone ({exc}): sent to General"
                thread_id = None
                continue
            text = str(exc).lower()
            status = SendStatus.UNREACHABLE if any(s in text for s in UNREACHABLE_BAD_REQUESTS) else SendStatus.FAILED
            log.warning("send to %s refused: %s", chat_id, exc)
            return SendResult(status, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None)
        except (TimedOut, NetworkError) as exc:
            return SendResult(
                SendStatus.RETRY_LATER, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None
            )
        except TelegramError as exc:
            log.warning("send to %s failed: %s", chat_id, exc)
            return SendResult(SendStatus.FAILED, migrated_to=migrated_to, detail=str(exc), thread_gone=gone is not None)
    return SendResult(SendStatus.FAILED, migrated_to=migrated_to, detail="migrated twice", thread_gone=gone is not None)


class TelegramNotifier:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        async def once(chat: int, thread_id: int | None) -> Message:
            return await send_outgoing(self.bot, chat, replace(message, thread_id=thread_id))

        return await send_result(once, chat_id, message.thread_id)
