"""One builder for the worlds that tests and benchmarks stand on: teams, organizations, programs, activities with
their targets, people with their roles, linked groups, exemptions and reports, written straight into the tables.

Each method adds one thing, flushes, and returns its id, so a world reads as the list of what is in it::

    w = WorldBuilder(session, now=T0)
    team = w.team("TPAKD-DS", "TPAKD Deli Serdang")
    diskop = w.org(team, "DISKOP", "Dinas Koperasi dan UKM")
    p1 = w.program(team, "P1", "UMKM Go Digital")
    k1 = w.activity(p1, diskop, "K1", "Onboarding UMKM", unit="UMKM", targets=each_period(100))
    budi = w.person(1001, "Budi Santoso", team, "focal_point", diskop)
    w.report(k1, "2026-Q1", Rev(80, at=T0, by=budi))

tests/report/seed.py, tests/security/world.py, tests/jobs/world.py, tests/progress/conftest.py and bench/world.py
write their worlds with it. It never commits (the caller's session does), and production code never imports it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
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
    ReportRevision,
    Target,
    Team,
    TeamOrganization,
)

# A target: the value, or (value, planned physical %).
TargetSpec = float | tuple[float, float | None]


def period_keys(year: int = 2026, kind: str = "quarter") -> list[str]:
    """The period keys of a year: 2026-Q1…Q4, or 2026-01…12 for monthly teams."""
    if kind == "month":
        return [f"{year}-{m:02d}" for m in range(1, 13)]
    return [f"{year}-Q{q}" for q in range(1, 5)]


def each_period(target: TargetSpec, year: int = 2026, kind: str = "quarter") -> dict[str, TargetSpec]:
    """The same target in every period of the year."""
    return dict.fromkeys(period_keys(year, kind), target)


@dataclass(frozen=True)
class Rev:
    """One submitted revision of a report: the value, when, by whom (person id), and the optional answers."""

    value: float
    at: datetime
    by: int
    budget: int | None = None
    physical: float | None = None
    obstacles: str | None = None
    follow_up: str | None = None


class WorldBuilder:
    """Adds rows to ``session``; ``now`` is every record's creation time."""

    def __init__(self, session: Session, now: datetime) -> None:
        self.session = session
        self.now = now

    def _add(self, row: Any) -> int:
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return int(row.id)

    def team(self, code: str, name: str | None = None, *, year: int = 2026, **fields: Any) -> int:
        """A team (quarterly unless ``period_kind="month"``); ``fields``: timezone, region, deadline_working_days,
        lock_days, policy, thresholds."""
        return self._add(Team(code=code, name=name or f"Tim {code}", year=year, **fields))

    def org(self, team: int | None, code: str, name: str, *, kind: str = "OPD") -> int:
        """An organization, a member of ``team`` (None: of no team)."""
        org_id = self._add(Organization(code=code, name=name, kind=kind))
        if team is not None:
            self.session.add(TeamOrganization(team_id=team, organization_id=org_id))
        return org_id

    def program(self, team: int, code: str, name: str, *, position: int = 0) -> int:
        return self._add(Program(team_id=team, code=code, name=name, position=position))

    def activity(
        self,
        program: int,
        org: int,
        code: str,
        name: str,
        *,
        targets: Mapping[str, TargetSpec] | None = None,
        **fields: Any,
    ) -> int:
        """An activity of ``org`` under ``program`` with its targets by period key; ``fields``: indicator, unit,
        budget_ceiling, measure ("per_period" or "cumulative"), position."""
        act_id = self._add(Activity(program_id=program, organization_id=org, code=code, name=name, **fields))
        for key, target in (targets or {}).items():
            value, physical = target if isinstance(target, tuple) else (target, None)
            self.session.add(Target(activity_id=act_id, period_key=key, value=value, planned_physical=physical))
        self.session.flush()
        return act_id

    def person(
        self,
        telegram_id: int,
        name: str,
        team: int | None = None,
        role: str | None = None,
        org: int | None = None,
        *,
        private_chat: bool = True,
        language: str = "id",
        username: str | None = None,
    ) -> int:
        """A person (by default one who has opened the private chat), with a role in ``team`` when given (a focal
        point's with their ``org``)."""
        person_id = self._add(
            Person(
                telegram_id=telegram_id,
                name=name,
                username=username,
                language=language,
                private_chat=private_chat,
                created_at=self.now,
            )
        )
        if team is not None and role is not None:
            self.role(person_id, team, role, org)
        return person_id

    def role(self, person: int, team: int, role: str, org: int | None = None) -> None:
        assert (role == "focal_point") == (org is not None), "a focal point has an organization, no one else does"
        self._add(Membership(person_id=person, team_id=team, role=role, organization_id=org, created_at=self.now))

    def group(self, team: int, chat_id: int, title: str) -> int:
        """A Telegram group linked to ``team``."""
        return self._add(GroupChat(chat_id=chat_id, team_id=team, title=title, active=True, linked_at=self.now))

    def exemption(self, team: int, org: int, period_key: str, reason: str) -> int:
        return self._add(
            Exemption(team_id=team, organization_id=org, period_key=period_key, reason=reason, created_at=self.now)
        )

    def report(
        self,
        activity: int,
        period_key: str,
        *revisions: Rev,
        at: datetime | None = None,
        on_time: bool = True,
        status: str = "submitted",
        reason: str | None = None,
    ) -> int:
        """A report with its revisions (the last is current), first submitted at the first revision's time (or
        ``at``). Without revisions it is the report row alone, counted as one revision, for tests that never read
        its answers."""
        first = at or revisions[0].at
        report = Report(
            activity_id=activity,
            period_key=period_key,
            first_submitted_at=first,
            on_time=on_time,
            status=status,
            status_reason=reason,
            revision_count=max(1, len(revisions)),
        )
        report_id = self._add(report)
        for number, rev in enumerate(revisions, start=1):
            report.current_revision_id = self._add(
                ReportRevision(
                    report_id=report_id,
                    number=number,
                    draft_id=f"world-{report_id}-{number}",
                    value=rev.value,
                    budget_spent=rev.budget,
                    physical_pct=rev.physical,
                    obstacles=rev.obstacles,
                    follow_up=rev.follow_up,
                    reporter_id=rev.by,
                    submitted_at=rev.at,
                    on_time=on_time,
                )
            )
        self.session.add(report)
        self.session.flush()
        return report_id
