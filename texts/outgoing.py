"""The narrow seam between jobs and Telegram: jobs build ``OutgoingMessage``s and a ``Notifier`` delivers them.

``bot/`` implements the protocol on python-telegram-bot; tests may use ``RecordingNotifier``. Jobs never see a
Telegram exception: every outcome that a job must act on is a ``SendStatus``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Protocol


@dataclass(frozen=True)
class Button:
    """An inline button: ``callback_data`` (at most 64 bytes) or ``url`` (deep links)."""

    text: str
    callback_data: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    """A text (HTML) or a photo with a caption, with optional rows of inline buttons.

    ``thread_id``: the forum topic of the destination group to post in (None: General, or no forum); the tick
    sets it from the group's row, the notifier passes it on."""

    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    photo: bytes | None = None  # when set, ``text`` is the caption (at most 1,024 characters)
    document: bytes | None = None
    filename: str | None = None
    parse_mode: str | None = "HTML"
    thread_id: int | None = None


class SendStatus(Enum):
    SENT = "sent"
    RETRY_LATER = "retry_later"  # flood limit or a passing network/server fault: leave the delivery pending
    UNREACHABLE = "unreachable"  # 403: blocked, kicked, never started a private chat
    FAILED = "failed"  # 400 that will not get better by retrying (bad request)


@dataclass(frozen=True)
class SendResult:
    status: SendStatus
    message_id: int | None = None
    retry_after: float | None = None
    migrated_to: int | None = None  # the group became a supergroup; the message went to this id
    detail: str | None = None
    thread_gone: bool = False  # the message's topic was deleted or closed: it went to General instead


class Notifier(Protocol):
    """Delivers one message to one chat (a person's private chat id equals their Telegram user id)."""

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult: ...


@dataclass
class RecordingNotifier:
    """A notifier that records what it was asked to send; outcomes per chat can be preset for tests and dry runs."""

    sent: list[tuple[int, OutgoingMessage]] = field(default_factory=list)
    outcomes: dict[int, SendResult] = field(default_factory=dict)
    _next_id: int = 1

    async def send(self, chat_id: int, message: OutgoingMessage) -> SendResult:
        preset = self.outcomes.get(chat_id)
        if preset is not None and preset.status is not SendStatus.SENT:
            return preset
        self.sent.append((chat_id, message))
        self._next_id += 1
        return SendResult(SendStatus.SENT, message_id=self._next_id)
