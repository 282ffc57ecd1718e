"""A world for the security tests: the report tests' plan (team TPAKD-DS, DISKOP and DISDIK) plus a second team
with its own organization, secretariat and group; every role as an emulator user; a snapshot of the domain records
so a test can say "this changed nothing"."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text

from emulator.state import Chat, SentMessage, User
from tests.e2e.harness import Harness, running_bot
from tests.report.seed import T0, Plan, seed_plan
from tests.worlds import WorldBuilder, each_period
from texts import t

# The domain records a forged update must never change (timestamps of reading are not records).
SNAPSHOT_QUERIES = {
    "report": "SELECT id, activity_id, period_key, current_revision_id, revision_count, status, status_reason FROM report",
    "report_revision": "SELECT id, report_id, number, draft_id, value, budget_spent, reporter_id FROM report_revision",
    "evidence": "SELECT id, revision_id, kind, file_id FROM evidence",
    "report_draft": "SELECT id, person_id, team_id, activity_id, period_key, step, status, base_revision_id FROM report_draft",
    "membership": "SELECT person_id, team_id, role, organization_id FROM membership",
    # anyone who writes privately is recorded (no role, so no power); the registered people must not change
    "person": "SELECT telegram_id, language, reachable FROM person p WHERE EXISTS "
    "(SELECT 1 FROM membership m WHERE m.person_id = p.id)",
    "exemption": "SELECT * FROM exemption",
    "reopening": "SELECT * FROM reopening",
    "invite_token": "SELECT id, used_at, used_by FROM invite_token",
    "group_chat": "SELECT chat_id, team_id, active, migrated_to FROM group_chat",
    "delivery": "SELECT * FROM delivery",
}


@dataclass
class World:
    h: Harness
    plan: Plan
    team2_id: int
    act_team2: int
    budi: User  # DISKOP focal point (TPAKD-DS)
    siti: User  # second DISKOP focal point
    andi: User  # DISDIK focal point
    rina: User  # TPAKD-DS secretariat
    chair: User
    viewer: User
    other_sekre: User  # secretariat of the second team
    other_focal: User  # focal point of the second team
    stranger: User
    group1: Chat
    group2: Chat

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        def read(session: Any) -> dict[str, list[tuple[Any, ...]]]:
            return {
                name: sorted((tuple(row) for row in session.execute(text(sql)).all()), key=repr)
                for name, sql in SNAPSHOT_QUERIES.items()
            }

        return await self.h.run(read)

    async def press_data(self, user: User, data: str, chat: Chat | None = None) -> list[SentMessage]:
        """Press a button with arbitrary (forged) data on the newest bot message in that chat."""
        chat_id = chat.id if chat else user.id
        sent = self.h.sent(chat_id)
        message_id = sent[-1].message_id if sent else 1
        return await self.h.act(chat_id, lambda: self.h.emu.press_raw_callback(user, chat or chat_id, message_id, data))

    async def press_label(self, user: User, label: str) -> list[SentMessage]:
        return await self.h.press_label(user, label)

    async def to_summary(self, user: User, activity: str = "⏳ K1", value: str = "40") -> SentMessage:
        """Walk /lapor to the summary with the shortest answers; returns the summary."""
        await self.h.say(user, "/lapor")
        await self.press_label(user, activity)
        await self.press_label(user, "▶")
        await self.h.say(user, value)
        await self.press_label(user, t("report.button.skip"))  # budget
        [*_, asked] = await self.press_label(user, t("report.button.skip"))  # physical
        if t("report.button.skip") in asked.button_labels():
            await self.press_label(user, t("report.button.skip"))  # no obstacle
        else:  # a value in the lowest rating: the obstacle is required (domain.obstacles)
            await self.h.say(user, "Data belum lengkap")
            await self.press_label(user, t("obstacles.category.data"))
            await self.press_label(user, t("obstacles.button.no"))
        await self.press_label(user, t("report.button.skip"))  # follow-up
        await self.press_label(user, t("report.button.done"))
        [*_, summary] = await self.h.say(user, t("report.button.skip"))
        assert summary.button_labels()[0] == t("report.button.send"), summary.text
        return summary

    async def submit(self, user: User, activity: str = "⏳ K1", value: str = "40") -> None:
        await self.to_summary(user, activity, value)
        await self.press_label(user, t("report.button.send"))


def _second_team(session: Any, plan: Plan, group1: int, group2: int) -> tuple[int, int]:
    """TKPKD Kota Solok with DINSOS, its secretariat and focal point; a chair and a viewer for TPAKD-DS; each team
    linked to its group."""
    w = WorldBuilder(session, T0)
    team = w.team("TKPKD-SLK", "TKPKD Kota Solok")
    dinsos = w.org(team, "DINSOS", "Dinas Sosial")
    program = w.program(team, "S1", "Perlindungan sosial", position=1)
    act = w.activity(program, dinsos, "S1-01", "Bantuan pangan rahasia", unit="KK", position=1, targets=each_period(40))
    w.person(3001, "Sekre Solok", team, "secretariat")
    w.person(3002, "FP Solok", team, "focal_point", dinsos)
    w.person(1005, "Pak Ketua", plan.team_id, "chair")
    w.person(1006, "Pemantau", plan.team_id, "viewer")
    w.group(plan.team_id, group1, "Grup TPAKD")
    w.group(team, group2, "Grup TKPKD Solok")
    return team, act


@contextlib.asynccontextmanager
async def security_world(db_url: str, **kw: Any) -> AsyncIterator[World]:
    kw.setdefault("flood_max_updates", 100_000)  # these tests press hundreds of buttons; flood control has its own
    async with running_bot(db_url, start=T0, seed=False, **kw) as h:
        group1 = h.emu.group(title="Grup TPAKD", bot_member=True)
        group2 = h.emu.group(title="Grup TKPKD Solok", bot_member=True)
        plan = await h.run(seed_plan)
        team2_id, act_team2 = await h.run(_second_team, plan, group1.id, group2.id)
        world = World(
            h=h,
            plan=plan,
            team2_id=team2_id,
            act_team2=act_team2,
            budi=h.user("Budi", user_id=1001),
            siti=h.user("Siti", user_id=1002),
            andi=h.user("Andi", user_id=1003),
            rina=h.user("Rina", user_id=1004),
            chair=h.user("Pak Ketua", user_id=1005),
            viewer=h.user("Pemantau", user_id=1006),
            other_sekre=h.user("Sekre Solok", user_id=3001),
            other_focal=h.user("FP Solok", user_id=3002),
            stranger=h.user("Orang Asing", user_id=9999),
            group1=group1,
            group2=group2,
        )
        for user in (
            world.budi,
            world.siti,
            world.andi,
            world.rina,
            world.chair,
            world.viewer,
            world.other_sekre,
            world.other_focal,
            world.stranger,
        ):
            await h.say(user, "/start")  # each has opened the private chat, as a real person would have
        yield world
