"""Fixtures: a started emulator (optionally on a manual clock) and a tiny raw Bot API client."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from emulator import BotAPIEmulator, ManualClock


class RawApi:
    """Calls the emulator like any HTTP client would, returning (status, JSON body)."""

    def __init__(self, emu: BotAPIEmulator) -> None:
        self.emu = emu
        self.client = httpx.Client(base_url=emu.url, timeout=10)

    def __call__(self, method: str, **params: Any) -> tuple[int, Any]:
        response = self.client.post(f"/bot{self.emu.token}/{method}", json=params)
        return response.status_code, response.json()

    def ok(self, method: str, **params: Any) -> Any:
        status, body = self(method, **params)
        assert status == 200, body
        assert body["ok"] is True
        return body["result"]

    def error(self, method: str, **params: Any) -> dict[str, Any]:
        status, body = self(method, **params)
        assert status != 200, body
        assert body["ok"] is False
        assert body["error_code"] == status
        return body


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1_750_000_000.0)


@pytest.fixture
def emu(clock: ManualClock) -> Iterator[BotAPIEmulator]:
    with BotAPIEmulator(clock=clock, fault_timeout_seconds=2.0) as emulator:
        yield emulator


@pytest.fixture
def api(emu: BotAPIEmulator) -> Iterator[RawApi]:
    raw = RawApi(emu)
    yield raw
    raw.client.close()
