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
from storage import people
from storage.models import Activity, Organization, Program, Target, Team, TeamOrganization
from tests.e2e.harness import Harness, running_bot
from tests.report.seed import T0, Plan, seed_plan
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
        message = self.h.last_with_buttons(user.id)
        labels = message.button_labels()
        found = [x for x in labels if x == label] or [x for x in labels if x.startswith(label)]
        assert found, f"no button {label!r} in {labels}"
        return await self.h.press(user, message, text=found[0])

    async def to_summary(self, user: User, activity: str = "⏳ K1", value: str = "40") -> SentMessage:
        """Walk /lapor to the summary with the shortest answers; returns the summary."""
        await self.h.say(user, "/lapor")
        await self.press_label(user, activity)
        await self.press_label(user, "▶")
        await self.h.say(user, value)
        for _ in range(4):  # budget, physical, obstacles, follow-up
            await self.press_label(user, t("report.button.skip"))
        await self.press_label(user, t("report.button.done"))
        [*_, summary] = await self.h.say(user, t("report.button.skip"))
        assert summary.button_labels()[0] == t("report.button.send"), summary.text
        return summary

    async def submit(self, user: User, activity: str = "⏳ K1", value: str = "40") -> None:
        await self.to_summary(user, activity, value)
        await self.press_label(user, t("report.button.send"))


def _second_team(session: Any, now: Any) -> tuple[int, int]:
    team = Team(code="TKPKD-SLK", name="TKPKD Kota Solok", year=2026, period_kind="quarter")
    org = Organization(code="DINSOS", name="Dinas Sosial")
    session.add_all([team, org])
    session.flush()
    session.add(TeamOrganization(team_id=team.id, organization_id=org.id))
    program = Program(team_id=team.id, code="S1", name="Perlindungan sosial", position=1)
    session.add(program)
    session.flush()
    act = Activity(
        program_id=program.id,
        organization_id=org.id,
        code="S1-01",
        name="Bantuan pangan rahasia",
        unit="KK",
        position=1,
    )
    session.add(act)
    session.flush()
    for q in range(1, 5):
        session.add(Target(activity_id=act.id, period_key=f"2026-Q{q}", value=40))
    for tid, name, role, o in ((3001, "Sekre Solok", "secretariat", None), (3002, "FP Solok", "focal_point", org)):
        person = people.upsert_person(session, tid, name, now, private_chat=True)
        people.grant_role(session, person, team, role, o, now)
    return team.id, act.id


def _more_roles(session: Any, now: Any) -> None:
    team = people.team_by_code(session, "TPAKD-DS")
    for tid, name, role in ((1005, "Pak Ketua", "chair"), (1006, "Pemantau", "viewer")):
        person = people.upsert_person(session, tid, name, now, private_chat=True)
        people.grant_role(session, person, team, role, None, now)


@contextlib.asynccontextmanager
async def security_world(db_url: str, **kw: Any) -> AsyncIterator[World]:
    kw.setdefault("flood_max_updates", 100_000)  # these tests press hundreds of buttons; flood control has its own
    async with running_bot(db_url, start=T0, seed=False, **kw) as h:
        plan = await h.run(seed_plan)
        team2_id, act_team2 = await h.run(_second_team, T0)
        await h.run(_more_roles, T0)
        group1 = h.emu.group(title="Grup TPAKD", bot_member=True)
        group2 = h.emu.group(title="Grup TKPKD Solok", bot_member=True)

        def link(session: Any) -> None:
            people.link_group(session, group1.id, group1.title, session.get(Team, plan.team_id), None, T0)
            people.link_group(session, group2.id, group2.title, session.get(Team, team2_id), None, T0)

        await h.run(link)
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
