"""The end-to-end harness: the real application, real polling, our Bot API emulator over HTTP.

A test acts as users through the emulator's control API and reads back what the bot sent. ``settle()`` waits until
the bot has finished processing every update queued so far (the application's ``process_update`` is wrapped to
count them), so a transcript step returns exactly the bot's answer to that step.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
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

    async def press_label(self, user: User, label: str, chat: Chat | None = None) -> list[SentMessage]:
        """Press the button labelled ``label`` (or, failing that, starting with it) on the newest message with
        buttons in the chat."""
        message = self.last_with_buttons(chat.id if chat else user.id)
        labels = message.button_labels()
        found = [x for x in labels if x == label] or [x for x in labels if x.startswith(label)]
        assert found, f"no button {label!r} in {labels}"
        return await self.press(user, message, text=found[0], chat=chat)

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


@dataclass(frozen=True)
class Press:
    """A button, by its label (or the start of it), on the newest bot message with buttons."""

    label: str


@dataclass(frozen=True)
class Turn:
    """One line of a transcript: ``who`` types ``does`` (or presses a button), and the bot ``shows`` these
    catalogue texts (``t(...)``, as HTML: compared as the person sees them), one per message it sends or edits."""

    who: User
    does: str | Press
    shows: str | Sequence[str]
    chat: Chat | None = None


async def play(h: Harness, turns: Sequence[Turn], *, chat: Chat | None = None) -> None:
    """Play a transcript (in ``chat`` unless a turn names its own; default each person's private chat) and check
    that every turn gets exactly its answer."""
    for n, turn in enumerate(turns, start=1):
        where = turn.chat or chat
        if isinstance(turn.does, Press):
            out = await h.press_label(turn.who, turn.does.label, chat=where)
        else:
            out = await h.say(turn.who, turn.does, chat=where)
        expected = [turn.shows] if isinstance(turn.shows, str) else list(turn.shows)
        assert texts(out) == [plain(x) for x in expected], f"turn {n}: {turn.who.first_name} does {turn.does!r}"


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
