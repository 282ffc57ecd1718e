"""The end-to-end harness: the real application, real polling, our Bot API emulator over HTTP.

A test acts as users through the emulator's control API and reads back what the bot sent. ``settle()`` waits until
the bot has finished processing every update queued so far (the application's ``process_update`` is wrapped to
count them), so a transcript step returns exactly the bot's answer to that step.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from emulator.state import Chat, SentMessage, User
from pantau.local import Clock, LocalBot
from storage import people

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
DELI_SERDANG = EXAMPLES / "tpakd-deli-serdang-2022.yaml"
TOKEN = "123456:TEST-TOKEN-e2e"


class Harness(LocalBot):
    """The in-process bot with transcript helpers for tests."""

    def __init__(self, db_url: str, *, clock: Clock, admin_ids: list[int] | None = None, **settings: Any) -> None:
        super().__init__(db_url, clock=clock, token=TOKEN, admin_ids=admin_ids or [], **settings)
        self._ids = itertools.count(7_000_000)

    # ---- people and data ---------------------------------------------------------------------
    def user(self, name: str, *, user_id: int | None = None, language_code: str = "id") -> User:
        return self.emu.user(user_id or next(self._ids), name, language_code=language_code)

    def group(self, title: str = "Tim TPAKD", *, chat_id: int | None = None) -> Chat:
        return self.emu.group(chat_id, title=title) if chat_id else self.emu.group(title=title)

    async def seed_plan(self, path: Path = DELI_SERDANG) -> Any:
        from planfile.read import load_plan
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
    async def say(self, user: User, text: str, chat: Chat | None = None) -> list[SentMessage]:
        """Send a text (or command) and return what the bot sent or edited in that chat in answer."""
        chat_id = chat.id if chat else user.id
        return await self.act(chat_id, lambda: self.emu.send_text(user, text, chat=chat))

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
        return await self.act(chat_id, lambda: self.emu.press_button(user, target, text=text, callback_data=data))

    async def do(self, chat_id: int, action: Callable[[], Any]) -> list[SentMessage]:
        """Any other user action (photos, locations, stickers, group changes…), then settle."""
        return await self.act(chat_id, action)

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
