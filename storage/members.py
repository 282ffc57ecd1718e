"""Who is connected: a team's organizations, their focal points, whether each can be reached privately and when
they last reported, and the organizations nobody reports for yet (``/anggota``, the invitation sheet, the digest).

An organization is *connected* when at least one of its focal points can be messaged privately: the person has
written to the bot (``Person.private_chat``, set by an invitation's /start) and has not blocked it since
(``Person.reachable``). Sync repository functions: take a session, never commit, return data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.models import (
    Activity,
    Membership,
    Organization,
    Person,
    Program,
    Report,
    ReportRevision,
    Team,
    TeamOrganization,
)


@dataclass(frozen=True)
class FocalPoint:
    """One focal point of an organization in a team."""

    telegram_id: int
    name: str
    username: str | None
    private_chat: bool  # has written to the bot privately
    reachable: bool  # has not blocked it since
    last_report: datetime | None  # their latest revision submitted in this team (UTC), None: never

    @property
    def can_message(self) -> bool:
        return self.private_chat and self.reachable


@dataclass(frozen=True)
class OrganizationMembers:
    """An organization of the team with its focal points (by name)."""

    organization_id: int
    code: str
    name: str
    focal_points: tuple[FocalPoint, ...]

    @property
    def connected(self) -> bool:
        return any(fp.can_message for fp in self.focal_points)


@dataclass(frozen=True)
class TeamMembers:
    team_id: int
    team_code: str
    team_name: str
    timezone: str
    organizations: tuple[OrganizationMembers, ...]  # by code

    @property
    def with_focal_points(self) -> list[OrganizationMembers]:
        return [o for o in self.organizations if o.focal_points]

    @property
    def without_focal_points(self) -> list[OrganizationMembers]:
        return [o for o in self.organizations if not o.focal_points]

    @property
    def unconnected(self) -> list[OrganizationMembers]:
        """No focal point, or none who can be messaged privately."""
        return [o for o in self.organizations if not o.connected]


class MembersError(Exception):
    """A refusal with a catalogue key (an unknown team)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def team_organization_ids(session: Session, team_id: int) -> set[int]:
    """The team's organizations: its members (the plan's list) and the owners of its activities (as
    ``storage.people`` counts them for invitations)."""
    members = session.exec(select(TeamOrganization.organization_id).where(TeamOrganization.team_id == team_id)).all()
    owners = session.exec(
        select(Activity.organization_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == team_id)
    ).all()
    return {*members, *owners}


def organization_of_team(session: Session, team_id: int, organization_id: int) -> Organization | None:
    """The organization, if it belongs to the team (None for another team's or an unknown id)."""
    if organization_id not in team_organization_ids(session, team_id):
        return None
    return session.get(Organization, organization_id)


def team_members(session: Session, team_id: int) -> TeamMembers:
    """Every organization of the team with its focal points and their last report in the team (four queries)."""
    team = session.get(Team, team_id)
    if team is None:
        raise MembersError("core.team.unknown", team=str(team_id))
    ids = team_organization_ids(session, team_id)
    orgs = (
        session.exec(select(Organization).where(col(Organization.id).in_(ids)).order_by(col(Organization.code))).all()
        if ids
        else []
    )
    rows = session.exec(
        select(Membership.organization_id, Person)
        .join(Person, col(Person.id) == Membership.person_id)
        .where(Membership.team_id == team_id, Membership.role == "focal_point")
        .order_by(col(Person.name), col(Person.id))
    ).all()
    last = dict(
        session.exec(
            select(ReportRevision.reporter_id, func.max(ReportRevision.submitted_at))
            .join(Report, col(Report.id) == ReportRevision.report_id)
            .join(Activity, col(Activity.id) == Report.activity_id)
            .join(Program, col(Program.id) == Activity.program_id)
            .where(Program.team_id == team_id)
            .group_by(col(ReportRevision.reporter_id))
        ).all()
    )
    by_org: dict[int, list[FocalPoint]] = {}
    for org_id, person in rows:
        if org_id is None:
            continue
        by_org.setdefault(org_id, []).append(
            FocalPoint(
                telegram_id=person.telegram_id,
                name=person.name,
                username=person.username,
                private_chat=person.private_chat,
                reachable=person.reachable,
                last_report=_aware(last.get(person.id or 0)),
            )
        )
    organizations = tuple(
        OrganizationMembers(org.id or 0, org.code, org.name, tuple(by_org.get(org.id or 0, ()))) for org in orgs
    )
    return TeamMembers(team.id or 0, team.code, team.name, team.timezone, organizations)


def _aware(at: datetime | None) -> datetime | None:
    """SQLite gives naive datetimes back: they were stored in UTC."""
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


def organizations_to_invite(
    session: Session, team_id: int, codes: Iterable[str] = ()
) -> tuple[TeamMembers, list[OrganizationMembers], list[str]]:
    """The organizations an invitation sheet is for: those named (any of the team's, case-insensitive), or without
    names every organization without a focal point. Also the names that are none of the team's organizations."""
    members = team_members(session, team_id)
    wanted = [c.strip() for c in codes if c.strip()]
    if not wanted:
        return members, members.without_focal_points, []
    by_code = {o.code.upper(): o for o in members.organizations}
    chosen: list[OrganizationMembers] = []
    unknown: list[str] = []
    for code in wanted:
        org = by_code.get(code.upper())
        if org is None:
            unknown.append(code)
        elif org not in chosen:
            chosen.append(org)
    return members, chosen, unknown


def unconnected_organizations(session: Session, team_id: int) -> list[tuple[str, str]]:
    """(code, name) of the team's organizations not yet connected (no focal point who can be messaged), by code:
    what the weekly digest names."""
    return [(o.code, o.name) for o in team_members(session, team_id).unconnected]
