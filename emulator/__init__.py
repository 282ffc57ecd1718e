"""A local Telegram Bot API emulator for end-to-end tests of the Pantau bot (standard library only)."""

from emulator.clock import ManualClock
from emulator.core import BotAPIEmulator
from emulator.state import ApiCall, CallbackAnswer, Chat, Edit, SendEvent, SentMessage, Stats, User

__all__ = [
    "ApiCall",
    "BotAPIEmulator",
    "CallbackAnswer",
    "Chat",
    "Edit",
    "ManualClock",
    "SendEvent",
    "SentMessage",
    "Stats",
    "User",
]
