"""A test plan for the jobs: three teams, one per Indonesian time zone, built straight into the tables.

Each team (quarterly 2026, deadline 10 working days, lock 30 days) has four organizations:

| org   | activities (Q1 targets) | focal point                         | notes                         |
| ORG1  | 2                       | fp1, private chat                   | reports both mid-walk         |
| ORG2  | 1                       | fp2, private chat                   | exempt for Q1 ("reorganisasi")|
| ORG3  | 1                       | fp3, NO private chat                | never reports                 |
| ORG4  | 2                       | fp4, private chat, English          | reports one on time, one late |

plus a chair (private chat), a secretariat member (no private chat) and one linked group. Telegram ids are
``base + n`` with a per-team base, so recipients are easy to read in assertions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from storage.models import (
    Activity,
    Exemption,
    GroupChat,
    Membership,
    Organization,
    Person,
    Program,
    Report,
    Target,
    Team,
    TeamOrganization,
)

T0 = datetime(2026, 1, 2, tzinfo=UTC)


@dataclass
class TeamWorld:
    code: str
    team_id: int
    base: int  # telegram ids: fp1 = base+1 … fp4 = base+4, chair = base+10, secretariat = base+11
    group_chat: int
    org: dict[str, int] = field(default_factory=dict)  # "ORG1" → organization id
    activities: dict[str, list[int]] = field(default_factory=dict)  # "ORG1" → activity ids


def build_team(
    session: Session,
    code: str,
    timezone: str,
    base: int,
    *,
    policy: dict[str, Any] | None = None,
    deadline_working_days: int = 10,
    lock_days: int = 30,
    exempt_org2: bool = True,
) -> TeamWorld:
    team = Team(
        code=code,
        name=f"Tim {code}",
        timezone=timezone,
        period_kind="quarter",
        year=2026,
        deadline_working_days=deadline_working_days,
        lock_days=lock_days,
        policy=policy or {},
    )
    session.add(team)
    session.flush()
    assert team.id is not None
    world = TeamWorld(code, team.id, base, group_chat=-(1000000 + base))
    program = Program(team_id=team.id, code="P1", name="UMKM Go Digital")
    session.add(program)
    session.flush()
    assert program.id is not None
    counts = {"ORG1": 2, "ORG2": 1, "ORG3": 1, "ORG4": 2}
    for n, (short, count) in enumerate(counts.items(), start=1):
        org = Organization(code=f"{code}-{short}", name=f"Dinas {short} <{code}>", kind="OPD")
        session.add(org)
        session.flush()
        assert org.id is not None
        world.org[short] = org.id
        session.add(TeamOrganization(team_id=team.id, organization_id=org.id))
        world.activities[short] = []
        for i in range(count):
            act = Activity(
                program_id=program.id,
                organization_id=org.id,
                code=f"A{n}{i + 1}",
                name=f"Kegiatan {short}.{i + 1} & onboarding UMKM",
                position=n * 10 + i,
            )
            session.add(act)
            session.flush()
            assert act.id is not None
            world.activities[short].append(act.id)
            for q in (1, 2):
                session.add(Target(activity_id=act.id, period_key=f"2026-Q{q}", value=10.0 * (i + 1)))
        person = Person(
            telegram_id=base + n,
            name=f"FP {short} {code}",
            language="en" if short == "ORG4" else "id",
            private_chat=short != "ORG3",
            created_at=T0,
        )
        session.add(person)
        session.flush()
        session.add(
            Membership(
                person_id=person.id or 0, team_id=team.id, role="focal_point", organization_id=org.id, created_at=T0
            )
        )
    for tg, role, private in ((base + 10, "chair", True), (base + 11, "secretariat", False)):
        person = Person(telegram_id=tg, name=f"{role.title()} {code}", private_chat=private, created_at=T0)
        session.add(person)
        session.flush()
        session.add(Membership(person_id=person.id or 0, team_id=team.id, role=role, created_at=T0))
    session.add(GroupChat(chat_id=world.group_chat, team_id=team.id, title=f"Grup {code}", active=True))
    if exempt_org2:
        session.add(
            Exemption(
                team_id=team.id,
                organization_id=world.org["ORG2"],
                period_key="2026-Q1",
                reason="reorganisasi OPD",
                created_at=T0,
            )
        )
    session.flush()
    return world


def add_report(session: Session, activity_id: int, period_key: str, at: datetime, on_time: bool) -> None:
    session.add(
        Report(
            activity_id=activity_id,
            period_key=period_key,
            first_submitted_at=at,
            on_time=on_time,
            status="submitted",
            revision_count=1,
        )
    )
    session.flush()
