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

from tests.worlds import WorldBuilder

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
    w = WorldBuilder(session, T0)
    team = w.team(
        code,
        timezone=timezone,
        period_kind="quarter",
        deadline_working_days=deadline_working_days,
        lock_days=lock_days,
        policy=policy or {},
    )
    world = TeamWorld(code, team, base, group_chat=-(1000000 + base))
    program = w.program(team, "P1", "UMKM Go Digital")
    for n, (short, count) in enumerate({"ORG1": 2, "ORG2": 1, "ORG3": 1, "ORG4": 2}.items(), start=1):
        org = world.org[short] = w.org(team, f"{code}-{short}", f"Dinas {short} <{code}>")
        world.activities[short] = [
            w.activity(
                program,
                org,
                f"A{n}{i + 1}",
                f"Kegiatan {short}.{i + 1} & onboarding UMKM",
                position=n * 10 + i,
                targets={"2026-Q1": 10.0 * (i + 1), "2026-Q2": 10.0 * (i + 1)},
            )
            for i in range(count)
        ]
        fp_language = "en" if short == "ORG4" else "id"
        w.person(
            base + n, f"FP {short} {code}", team, "focal_point", org, language=fp_language, private_chat=short != "ORG3"
        )
    w.person(base + 10, f"Chair {code}", team, "chair")
    w.person(base + 11, f"Secretariat {code}", team, "secretariat", private_chat=False)
    w.group(team, world.group_chat, f"Grup {code}")
    if exempt_org2:
        w.exemption(team, world.org["ORG2"], "2026-Q1", "reorganisasi OPD")
    return world


def add_report(session: Session, activity_id: int, period_key: str, at: datetime, on_time: bool) -> None:
    WorldBuilder(session, at).report(activity_id, period_key, at=at, on_time=on_time)
