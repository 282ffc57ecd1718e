"""Flood limits and injected failures: how the emulator makes a bot meet a hostile Telegram."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

FAULT_KINDS = frozenset({"429", "500", "timeout", "timeout_after_send"})

# Methods that deliver a message and so count against Telegram's flood limits.
SEND_METHODS = frozenset(
    {
        "sendmessage",
        "sendphoto",
        "senddocument",
        "sendmediagroup",
        "sendlocation",
        "sendaudio",
        "sendvideo",
        "sendvoice",
        "sendanimation",
        "sendsticker",
        "sendcontact",
        "sendvenue",
        "sendpoll",
        "senddice",
        "copymessage",
        "forwardmessage",
    }
)


class FloodLimiter:
    """Telegram's documented limits: sliding windows for 30 messages/s overall and 20/min per group, and (when
    ``private_burst`` is set) about one a second per private chat: "avoid sending more than one message per second
    in a particular chat; we may allow short bursts that go over this limit" (Bots FAQ), enforced as a bucket of
    ``private_burst`` messages per private chat refilled at one a second (1/s sustained, bursts of that many)."""

    def __init__(
        self, global_per_second: int = 30, group_per_minute: int = 20, private_burst: int | None = None
    ) -> None:
        self.enabled = False
        self.global_per_second = global_per_second
        self.group_per_minute = group_per_minute
        self.private_burst = private_burst
        self._global: deque[float] = deque()
        self._groups: dict[int, deque[float]] = {}
        self._privates: dict[int, tuple[float, float]] = {}  # chat -> (messages left in its bucket, as of)

    def reset(self) -> None:
        self._global.clear()
        self._groups.clear()
        self._privates.clear()

    def retry_after(self, chat_id: int, now: float, count: int = 1) -> int | None:
        """Seconds until ``count`` more sends fit, or None if they fit now."""
        if not self.enabled:
            return None
        waits: list[float] = []
        window = self._trim(self._global, now, 1.0)
        if len(window) + count > self.global_per_second:
            waits.append(window[max(0, len(window) + count - self.global_per_second - 1)] + 1.0 - now)
        if chat_id < 0:
            group = self._trim(self._groups.setdefault(chat_id, deque()), now, 60.0)
            if len(group) + count > self.group_per_minute:
                waits.append(group[max(0, len(group) + count - self.group_per_minute - 1)] + 60.0 - now)
        if chat_id > 0 and self.private_burst:
            left = self._private_left(chat_id, now)
            if left + 1e-9 < count:
                waits.append(count - left)  # refilled at one a second
        if not waits:
            return None
        return max(1, math.ceil(max(waits) - 1e-9))

    def record(self, chat_id: int, now: float, count: int = 1) -> None:
        for _ in range(count):
            self._global.append(now)
            if chat_id < 0:
                self._groups.setdefault(chat_id, deque()).append(now)
        if chat_id > 0 and self.private_burst:
            self._privates[chat_id] = (self._private_left(chat_id, now) - count, now)

    def _private_left(self, chat_id: int, now: float) -> float:
        burst = float(self.private_burst or 0)
        left, then = self._privates.get(chat_id, (burst, now))
        return min(burst, left + max(0.0, now - then))

    @staticmethod
    def _trim(window: deque[float], now: float, span: float) -> deque[float]:
        while window and window[0] <= now - span:
            window.popleft()
        return window


@dataclass
class Fault:
    """``remaining`` more matching calls fail with ``kind``."""

    kind: str
    remaining: int
    methods: frozenset[str] | None  # lower-case names; None = every method except getUpdates
    retry_after: int = 1
    timeout_seconds: float | None = None

    def matches(self, method: str) -> bool:
        if self.methods is None:
            return method != "getupdates"
        return method in self.methods


class FaultPlan:
    """Queued injected failures plus chats that answer 403 until allowed again."""

    def __init__(self) -> None:
        self.faults: list[Fault] = []
        self.forbidden_chats: dict[int, str] = {}

    def reset(self) -> None:
        self.faults.clear()
        self.forbidden_chats.clear()

    def add(self, fault: Fault) -> None:
        if fault.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {fault.kind!r}; use one of {sorted(FAULT_KINDS)}")
        if fault.remaining > 0:
            self.faults.append(fault)

    def take(self, method: str) -> Fault | None:
        """Consume one failure for this call, if any is planned."""
        for fault in self.faults:
            if fault.matches(method):
                fault.remaining -= 1
                if fault.remaining <= 0:
                    self.faults.remove(fault)
                return fault
        return None
