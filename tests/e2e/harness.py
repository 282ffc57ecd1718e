"""The end-to-end harness: the real application, real polling, our Bot API emulator over HTTP.

A test acts as users through the emulator's control API and reads back what the bot sent. ``settle()`` waits until
the bot has finished processing every update queued so far (the application's ``process_update`` is wrapped to
count them), so a transcript step returns exactly the bot's answer to that step.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from telegram import Update

from bot.app import build_application
from bot.runner import ALLOWED_UPDATES
from bot.services import PantauApp
from emulator import BotAPIEmulator
from emulator.state import Chat, SentMessage, User
from pantau.settings import Settings
from storage import people
from storage.db import Database

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DELI_SERDANG = EXAMPLES / "tpakd-deli-serdang-2022.yaml"
TOKEN = "123456:TEST-TOKEN-e2e"


class Clock:
    """A clock the test moves; aware UTC."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now

    def set(self, when: datetime) -> None:
        assert when.tzinfo is not None
        self.now = when


class Harness:
    """One emulator, one database, and the application (rebuilt by ``restart``)."""

    def __init__(self, db_url: str, *, clock: Clock, admin_ids: list[int] | None = None, **settings: Any) -> None:
        self.db_url = db_url
        self.clock = clock
        self.emu = BotAPIEmulator(token=TOKEN, bot_username="pantau_test_bot")
        self.settings_kw = {"admin_ids": admin_ids or [], **settings}
        self.db: Database | None = None
        self.app: PantauApp | None = None
        self._processed = 0
        self._queued = 0
        self._ids = itertools.count(7_000_000)

    # ---- lifecycle ---------------------------------------------------------------------------
    def settings(self) -> Settings:
        return Settings(
            _env_file=None,  # type: ignore[call-arg]
            token=TOKEN,
            database_url=self.db_url,
            bot_api_url=self.emu.url,
            tick_seconds=0,
            persistence_interval=60,
            **self.settings_kw,
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
                if isinstance(update, Update):
                    self._processed = max(self._processed, update.update_id)

        app.process_update = counted  # type: ignore[method-assign]
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

    async def settle(self, timeout: float = 15.0) -> None:
        """Wait until the bot has processed every update queued so far."""
        deadline = asyncio.get_running_loop().time() + timeout
        while self._processed < self._queued:
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError(f"bot processed update {self._processed}, queued {self._queued}")
            await asyncio.sleep(0.005)

    # ---- people and data ---------------------------------------------------------------------
    def user(self, name: str, *, user_id: int | None = None, language_code: str = "id") -> User:
        return self.emu.user(user_id or next(self._ids), name, language_code=language_code)

    def group(self, title: str = "Tim TPAKD", *, chat_id: int | None = None) -> Chat:
        return self.emu.group(chat_id, title=title) if chat_id else self.emu.group(title=title)

    async def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        assert self.db is not None
        return await self.db.run(fn, *args, **kwargs)

    async def seed_plan(self, path: Path = DELI_SERDANG) -> Any:
        from pantau.planfile import load_plan
        from storage.plan import apply_plan

        plan = load_plan(path)
        return await self.run(apply_plan, plan, self.clock())

    async def grant(self, user: User, team: str, role: str, org: str | None = None) -> None:
        """Register ``user`` with a role directly in the database (what an invitation would do)."""

        def _grant(session: Any) -> None:
            person = people.upsert_person(session, user.id, user.first_name, self.clock())
            team_row = people.team_by_code(session, team)
            assert team_row is not None, team
            org_row = people.org_by_code(session, org) if org else None
            people.grant_role(session, person, team_row, role, org_row, self.clock())

        await self.run(_grant)

    # ---- acting as users ---------------------------------------------------------------------
    async def _act(self, chat_id: int, action: Callable[[], Any]) -> list[SentMessage]:
        mark = self.emu.marker()
        action()
        await self.settle()
        return self.changes_since(mark, chat_id)

    async def say(self, user: User, text: str, chat: Chat | None = None) -> list[SentMessage]:
        """Send a text (or command) and return what the bot sent or edited in that chat in answer."""
        chat_id = chat.id if chat else user.id
        return await self._act(chat_id, lambda: self.emu.send_text(user, text, chat=chat))

    async def press(
        self,
        user: User,
        message: SentMessage | None = None,
        *,
        text: str | None = None,
        data: str | None = None,
        chat: Chat | None = None,
    ) -> list[SentMessage]:
        """Press a button (by label or data) on ``message`` (default: the newest bot message with buttons)."""
        chat_id = chat.id if chat else user.id
        target = message or self.last_with_buttons(chat_id)
        return await self._act(chat_id, lambda: self.emu.press_button(user, target, text=text, callback_data=data))

    async def do(self, chat_id: int, action: Callable[[], Any]) -> list[SentMessage]:
        """Any other user action (photos, locations, stickers, group changes…), then settle."""
        return await self._act(chat_id, action)

    def changes_since(self, mark: int, chat_id: int | None) -> list[SentMessage]:
        """Messages the bot sent or edited in ``chat_id`` after ``mark``, each once, oldest first."""
        state = self.emu.state
        with state.lock:
            events = state.events_since(mark, chat_id, frozenset({"send", "edit"}))
            keys = list(dict.fromkeys((e.chat_id, e.message_id) for e in events))
            return [state.snapshot(key) for key in keys]

    def sent(self, chat_id: int) -> list[SentMessage]:
        return self.emu.sent(chat_id)

    def last(self, chat_id: int) -> SentMessage:
        return self.emu.sent(chat_id)[-1]

    def last_with_buttons(self, chat_id: int) -> SentMessage:
        for message in reversed(self.emu.sent(chat_id)):
            if message.buttons:
                return message
        raise AssertionError(f"no bot message with buttons in chat {chat_id}")


def texts(messages: list[SentMessage]) -> list[str]:
    """The plain texts (or captions) of messages, for transcript assertions."""
    return [m.text if m.text is not None else (m.caption or "") for m in messages]


def plain(html_text: str) -> str:
    """What a person sees of a catalogue text sent with parse_mode=HTML (tags gone, entities decoded)."""
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


@contextlib.asynccontextmanager
async def running_bot(
    db_url: str, *, start: datetime | None = None, seed: bool = True, **kw: Any
) -> AsyncIterator[Harness]:
    clock = Clock(start or datetime(2022, 4, 4, 2, 0, tzinfo=UTC))  # Monday 4 April 2022, 09:00 WIB
    harness = Harness(db_url, clock=clock, **kw)
    try:
        await harness.start()
        if seed:
            await harness.seed_plan()
        yield harness
    finally:
        await harness.close()
