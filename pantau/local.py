"""The real application against the local Bot API emulator, in one process: the sandbox and the tests use it.

``settle()`` waits until the bot has processed every update queued so far (``process_update`` is wrapped to count
them), so whoever drives it reads exactly the bot's answer to each action.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import SecretStr

from bot.app import build_application
from bot.runner import ALLOWED_UPDATES
from bot.services import PantauApp
from emulator import BotAPIEmulator
from emulator.state import SentMessage
from pantau.settings import Settings
from storage.db import Database

LOCAL_TOKEN = "123456:LOCAL-EMULATOR-TOKEN"


class Clock:
    """A clock that can be set and moved (aware UTC); by default it runs on from where it was set."""

    def __init__(self, start: datetime, *, running: bool = False) -> None:
        assert start.tzinfo is not None
        self._base = start
        self._running = running
        self._set_at = datetime.now(UTC)

    @property
    def now(self) -> datetime:
        if self._running:
            return self._base + (datetime.now(UTC) - self._set_at)
        return self._base

    @now.setter
    def now(self, when: datetime) -> None:
        self.set(when)

    def __call__(self) -> datetime:
        return self.now

    def set(self, when: datetime) -> None:
        assert when.tzinfo is not None
        self._base, self._set_at = when, datetime.now(UTC)

    def advance(self, **delta: float) -> datetime:
        self.set(self.now + timedelta(**delta))
        return self.now


class LocalBot:
    """One emulator, one database, and the application (rebuilt by ``restart``)."""

    def __init__(
        self,
        db_url: str,
        *,
        clock: Clock,
        token: str = LOCAL_TOKEN,
        bot_username: str = "pantau_test_bot",
        **settings: Any,
    ) -> None:
        self.db_url = db_url
        self.clock = clock
        self.token = token
        self.emu = BotAPIEmulator(token=token, bot_username=bot_username)
        self.settings_kw = settings
        self.db: Database | None = None
        self.app: PantauApp | None = None
        self._processed = 0
        self._queued = 0
        self._tasks: set[asyncio.Task[Any]] = set()  # work handlers started off the update's path (group notices)

    def settings(self) -> Settings:
        values: dict[str, Any] = {"tick_seconds": 0, "persistence_interval": 60, **self.settings_kw}
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            token=SecretStr(self.token),
            database_url=SecretStr(self.db_url),
            bot_api_url=self.emu.url,
            **values,
        )

    async def start(self) -> None:
        if self.db is None:
            self.emu.start()
            self._track_queued_updates()
            self.db = Database(self.db_url)
        app = build_application(self.settings(), db=self.db, clock=self.clock, read_timeout=5.0)
        original = app.process_update

        async def counted(update: object) -> None:
            try:
                await original(update)
            finally:
                update_id = getattr(update, "update_id", None)
                if isinstance(update_id, int):
                    self._processed = max(self._processed, update_id)

        app.process_update = counted  # type: ignore[method-assign]
        original_create_task = app.create_task

        def tracked_create_task(coroutine: Any, *args: Any, **kwargs: Any) -> asyncio.Task[Any]:
            task = original_create_task(coroutine, *args, **kwargs)
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            return task

        app.create_task = tracked_create_task  # type: ignore[method-assign]
        await app.initialize()
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
        self.app = app

    async def stop(self, *, graceful: bool = True) -> None:
        """Stop the application; ``graceful=False`` skips the shutdown flush, as a killed process would."""
        app, self.app = self.app, None
        if app is None:
            return
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        if graceful:
            await app.shutdown()
        else:
            await app.bot.shutdown()

    async def restart(self, *, graceful: bool = True) -> None:
        await self.settle()
        await self.stop(graceful=graceful)
        await self.start()

    async def close(self) -> None:
        await self.stop()
        if self.db is not None:
            await self.db.dispose()
        self.emu.stop()

    def _track_queued_updates(self) -> None:
        state = self.emu.state
        for name in ("queue_update", "queue_raw_update"):
            original: Callable[..., dict[str, Any]] = getattr(state, name)

            def recording(*args: Any, _original: Callable[..., dict[str, Any]] = original) -> dict[str, Any]:
                update = _original(*args)
                kind = next((k for k in update if k != "update_id"), "")
                if kind in ALLOWED_UPDATES:
                    self._queued = max(self._queued, int(update["update_id"]))
                return update

            setattr(state, name, recording)

    async def settle(self, timeout: float = 15.0) -> None:  # noqa: ASYNC109 - a deadline, not a cancel scope
        """Wait until the bot has processed every update queued so far, and finished what they started.

        Different people's updates run concurrently (``bot.updates``), so the newest update can finish before an
        older one: once the newest is done, every older one is in the application's update queue, and the queue's
        ``join`` waits until each of them is processed too."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            while self._processed < self._queued or self._tasks:
                if loop.time() > deadline:
                    raise TimeoutError(self._progress())
                await asyncio.sleep(0.005)
            if self.app is not None:
                try:
                    await asyncio.wait_for(self.app.update_queue.join(), timeout=max(0.0, deadline - loop.time()))
                except TimeoutError:
                    raise TimeoutError(self._progress()) from None
            if self._processed >= self._queued and not self._tasks:
                return

    def _progress(self) -> str:
        return f"bot processed update {self._processed}, queued {self._queued}; {len(self._tasks)} tasks running"

    def changes_since(self, mark: int, chat_id: int | None) -> list[SentMessage]:
        """Messages the bot sent or edited in ``chat_id`` after ``mark``, each once, oldest first."""
        state = self.emu.state
        with state.lock:
            events = state.events_since(mark, chat_id, frozenset({"send", "edit"}))
            keys = list(dict.fromkeys((e.chat_id, e.message_id) for e in events))
            return [state.snapshot(key) for key in keys]

    async def act(self, chat_id: int | None, action: Callable[[], Any]) -> list[SentMessage]:
        """Do a user action through the emulator, wait for the bot, return what it sent or edited in that chat."""
        mark = self.emu.marker()
        action()
        await self.settle()
        return self.changes_since(mark, chat_id)

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        assert self.db is not None
        return await self.db.run(fn, *args, **kwargs)
