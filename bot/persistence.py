"""python-telegram-bot persistence on our own database (its ``BasePersistence`` API; see docs/architecture.md).

Conversation states and ``user_data`` are stored; chat/bot/callback data are not used by Pantau. The application
also calls ``update_persistence`` after every update (``bot.app``), so a killed process loses at most the update
in flight instead of ``update_interval`` seconds of answers.

A conversation whose state is already in domain rows (the report conversation: the open draft's step) registers a
``derive`` source instead: its state is rebuilt from those rows at start and never written separately, which saves a
transaction per update and leaves no second copy to fall behind the first after a crash.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlmodel import Session
from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage import persistence as rows
from storage.db import Database


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, default=str)


class DatabasePersistence(BasePersistence[dict[str, Any], dict[str, Any], dict[str, Any]]):
    """Reads everything once at start (PTB's contract) and writes each change as it happens."""

    def __init__(self, db: Database, clock: Callable[[], datetime], update_interval: float = 5.0) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
            update_interval=update_interval,
        )
        self.db = db
        self.clock = clock
        # What the database holds, as JSON, so that an update that changed nothing costs no transaction.
        self._stored_states: dict[tuple[str, ConversationKey], str | None] = {}
        self._stored_user_data: dict[int, str] = {}
        self._derived: dict[str, Callable[[Session], ConversationDict]] = {}

    def derive(self, name: str, source: Callable[[Session], ConversationDict]) -> None:
        """Take conversation ``name``'s states from ``source`` at start; its changes are then never stored."""
        self._derived[name] = source

    async def get_conversations(self, name: str) -> ConversationDict:
        if name in self._derived:
            return await self.db.run(self._derived[name])
        states = await self.db.run(rows.load_conversations, name)
        for key, state in states.items():
            self._stored_states[(name, key)] = json.dumps(state)
        return states

    async def update_conversation(self, name: str, key: ConversationKey, new_state: object | None) -> None:
        if name in self._derived:
            return  # the domain rows already hold it
        text = None if new_state is None else json.dumps(new_state)
        if (name, key) in self._stored_states and self._stored_states[(name, key)] == text:
            return
        await self.db.run(rows.save_conversation, name, key, new_state, self.clock())
        self._stored_states[(name, key)] = text

    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        data = await self.db.run(rows.load_user_data)
        for user_id, values in data.items():
            self._stored_user_data[user_id] = _json(values)
        return data

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        text = _json(data)
        if self._stored_user_data.get(user_id, _json({})) == text:
            return  # nothing new (an empty dict needs no row either)
        await self.db.run(rows.save_user_data, user_id, data, self.clock())
        self._stored_user_data[user_id] = text

    async def drop_user_data(self, user_id: int) -> None:
        await self.db.run(rows.drop_user_data, user_id)
        self._stored_user_data.pop(user_id, None)

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        """Nothing to do: one active process owns the state (the instance lock guarantees it)."""

    async def get_chat_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[str, Any]) -> None:
        """Chat data is not used."""

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[str, Any]) -> None:
        """Chat data is not used."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Chat data is not used."""

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        """Bot data holds only the process's services, never persisted."""

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        """Bot data is not persisted."""

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        """Callback data is plain strings (≤ 64 bytes), never cached."""

    async def flush(self) -> None:
        """Every write is already committed."""
