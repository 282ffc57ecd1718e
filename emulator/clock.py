"""An injectable clock so tests can advance time past flood windows instead of sleeping."""

from __future__ import annotations

import threading
import time


class ManualClock:
    """Callable clock (unix seconds) that only moves when a test advances it."""

    def __init__(self, start: float | None = None) -> None:
        self._now = float(start if start is not None else time.time())
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, value: float) -> None:
        with self._lock:
            self._now = float(value)
