"""Helpers for the report transcripts: the real bot (tests/e2e/harness.py) on the plan of ``seed.py``, its people
as emulator users, and a walk through the conversation to any state with the usual answers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import select

from bot.report.draft import Step
from emulator.state import Chat, SentMessage, User
from storage.models import Evidence, Report, ReportDraft, ReportRevision
from tests.e2e.harness import Harness, plain, running_bot
from tests.report.seed import T0, Plan, seed_plan
from tests.worlds import WorldBuilder
from texts import t

PHOTO_BYTES = b"\x89PNG\r\n\x1a\n" + bytes(64)


@dataclass
class Kit:
    """The bot, the plan and its people: Budi and Siti (DISKOP), Andi (DISDIK), Rina (secretariat)."""

    h: Harness
    plan: Plan
    budi: User = field(init=False)
    siti: User = field(init=False)
    andi: User = field(init=False)
    rina: User = field(init=False)

    def __post_init__(self) -> None:
        self.budi = self.h.user("Budi", user_id=1001)
        self.siti = self.h.user("Siti", user_id=1002)
        self.andi = self.h.user("Andi", user_id=1003)
        self.rina = self.h.user("Rina", user_id=1004)

    # ---- acting ----------------------------------------------------------------------------------------------
    async def say(self, user: User, text: str) -> list[SentMessage]:
        return await self.h.say(user, text)

    async def press(self, user: User, label: str) -> list[SentMessage]:
        """Press the button whose label is ``label`` (or starts with it) on the newest message with buttons."""
        return await self.h.press_label(user, label)

    async def photo(self, user: User, file_size: int | None = None) -> list[SentMessage]:
        return await self.h.do(user.id, lambda: self.h.emu.send_photo(user, PHOTO_BYTES, file_size=file_size))

    async def document(self, user: User, name: str = "laporan.pdf") -> list[SentMessage]:
        return await self.h.do(
            user.id, lambda: self.h.emu.send_document(user, b"%PDF-1.4 test", name, "application/pdf")
        )

    async def location(self, user: User, lat: float = 3.5833, lon: float = 98.6667) -> list[SentMessage]:
        return await self.h.do(user.id, lambda: self.h.emu.send_location(user, lat, lon))

    async def sticker(self, user: User) -> list[SentMessage]:
        return await self.h.do(user.id, lambda: self.h.emu.send_sticker(user))

    async def voice(self, user: User) -> list[SentMessage]:
        return await self.h.do(user.id, lambda: self.h.emu.send_voice(user))

    async def walk(
        self, user: User, to: Step, *, activity: str = "⏳ K1", period: str = "▶", value: str = "80"
    ) -> list[SentMessage]:
        """Start /lapor and answer every step before ``to`` as usual; returns the bot's answer to the last one."""
        out = await self.say(user, "/lapor")
        given = {Step.ACTIVITY: activity, Step.PERIOD: period, Step.VALUE: value}
        for step, action in PATH:
            if step is to:
                return out
            out = await action(self, user, given.get(step, ""))
        if to is Step.EDIT:
            return out
        raise AssertionError(f"no path to {to}")

    def unthrottle(self) -> None:
        """Lift the client-side rate limiter (Telegram's 30 messages/s) for bulk tests: it only spaces the sends
        out (60 answers take 2 s), which is not what they measure."""
        assert self.h.app is not None
        self.h.app.bot._rate_limiter = None  # type: ignore[attr-defined]

    # ---- reading ---------------------------------------------------------------------------------------------
    async def rows(self, model: Any) -> list[Any]:
        return list(await self.h.run(lambda s: s.exec(select(model)).all()))

    async def revisions(self) -> list[ReportRevision]:
        return await self.rows(ReportRevision)

    async def reports(self) -> list[Report]:
        return await self.rows(Report)

    async def evidence(self) -> list[Evidence]:
        return await self.rows(Evidence)

    async def drafts(self) -> list[ReportDraft]:
        return await self.rows(ReportDraft)

    async def link_group(self, title: str = "Grup TPAKD") -> Chat:
        chat = self.h.emu.group(title=title, bot_member=True)
        await self.h.run(lambda session: WorldBuilder(session, self.h.clock()).group(self.plan.team_id, chat.id, title))
        return chat


Action = Callable[[Kit, User, str], Awaitable[list[SentMessage]]]


async def _choose(kit: Kit, user: User, label: str) -> list[SentMessage]:
    return await kit.press(user, label)


def _say(text: str) -> Action:
    async def act(kit: Kit, user: User, _label: str) -> list[SentMessage]:
        return await kit.say(user, text)

    return act


async def _evidence(kit: Kit, user: User, _label: str) -> list[SentMessage]:
    await kit.photo(user)
    return await kit.press(user, t("report.button.done"))


async def _location(kit: Kit, user: User, _label: str) -> list[SentMessage]:
    return await kit.location(user)


# What the usual report answers at each step (the step it leaves), in order.
PATH: list[tuple[Step, Action]] = [
    (Step.ACTIVITY, _choose),
    (Step.PERIOD, _choose),
    (Step.VALUE, lambda kit, user, value: kit.say(user, value)),
    (Step.BUDGET, _say("2.500.000")),
    (Step.PHYSICAL, _say("40")),
    (Step.OBSTACLES, _say("Sinyal lemah di desa")),
    (Step.OBSTACLE_CAT, lambda kit, user, _l: kit.press(user, t("obstacles.category.data"))),
    (Step.OBSTACLE_DEC, lambda kit, user, _l: kit.press(user, t("obstacles.button.no"))),
    (Step.FOLLOW_UP, _say("Pendampingan lanjutan")),
    (Step.EVIDENCE, _evidence),
    (Step.LOCATION, _location),
    (Step.SUMMARY, lambda kit, user, _l: kit.press(user, t("report.button.change"))),
]


@contextlib.asynccontextmanager
async def report_bot(db_url: str, *, start: datetime = T0, **kw: Any) -> AsyncIterator[Kit]:
    """The bot on the seed plan; the flood guard is off (a transcript types faster than any official)."""
    kw.setdefault("flood_max_updates", 0)
    async with running_bot(db_url, start=start, seed=False, **kw) as h:
        plan = await h.run(seed_plan)
        yield Kit(h, plan)


def p(key: str, lang: str = "id", **values: Any) -> str:
    """A catalogue text as the person sees it (tags gone)."""
    return plain(t(key, lang, **values))
