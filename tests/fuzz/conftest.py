"""The bot both update fuzzers drive: a real application on its own thread, against the emulator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fuzz.test_fuzz_updates import BotThread


@pytest.fixture
def bot(db_url: str) -> Iterator[BotThread]:
    runner = BotThread(db_url)
    runner.start()
    yield runner
    runner.stop()
