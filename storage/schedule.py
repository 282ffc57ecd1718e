"""The read side of the reminder schedule: who must report what for a period, who is excused, who to tell.

Sync repository functions (take a session, never commit, never write). The jobs decide *when*; these say *who*.
An activity is expected for a period when the plan gives it a target for that period (a quarter without a target
is a quarter without planned work); an excused organization's activities are not expected at all. A report
returned by the secretariat waits for a correction: it counts as not received. These definitions are written once,
in ``storage.aggregates.expected``, for the reminders and the progress aggregates alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case
from sqlalchemy import select as core_select
from sqlmodel import Session, col, select

from storage.aggregates import expected
from storage.models import (
    Activity,
    Delivery,
    Exemption,
    Membership,
    Organization,
    Person,
    Program,
    Report,
    Target,
    Team,
)

_ACTIVITY = Activity.__table__  # type: ignore[attr-defined]
_ORGANIZATION = Organization.__table__  # type: ignore[attr-defined]
_PROGRAM = Program.__table__  # type: ignore[attr-defined]
_REPORT = Report.__table__  # type: ignore[attr-defined]
_TARGET = Target.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ExpectedActivity:
    """One activity expected to report for a period, and whether (and when) it did."""

    activity_id: int
    code: str
    name: str
    organization_id: int
    organization_code: str
    organization_name: str
    reported: bool
    on_time: bool
    first_submitted_at: datetime | None


@dataclass(frozen=True)
class PersonContact:
    """How the jobs may reach a person: privately only when they opened a chat and did not block the bot."""

    person_id: int
    telegram_id: int
    name: str
    language: str
    private_chat: bool
    reachable: bool

    @property
    def can_message(self) -> bool:
        return self.private_chat and self.reachable


@dataclass(frozen=True)
class ExcusedOrganization:
    organization_id: int
    code: str
    name: str
    reason: str


def list_teams(session: Session, code: str | None = None) -> list[Team]:
    """Every team (by code), or the one with ``code`` (case-insensitive); empty if unknown."""
    query = select(Team).order_by(col(Team.code))
    if code is not None:
        query = query.where(col(Team.code).ilike(code.strip()))
    return list(session.exec(query).all())


def excused_organizations(session: Session, team_id: int, period_key: str) -> list[ExcusedOrganization]:
    """Organizations excused for the period, with the reason, by code."""
    rows = session.exec(
        select(Exemption, Organization)
        .join(Organization, col(Organization.id) == Exemption.organization_id)
        .where(Exemption.team_id == team_id, Exemption.period_key == period_key)
        .order_by(col(Organization.code))
    ).all()
    return [ExcusedOrganization(org.id or 0, org.code, org.name, ex.reason) for ex, org in rows]


def expected_activities(session: Session, team_id: int, period_key: str) -> list[ExpectedActivity]:
    """Activities of the team expected for the period (``storage.aggregates.expected``: a target for the period,
    excused organizations left out), whether received and on time, in plan order (one query)."""
    a, o, p, r = _ACTIVITY, _ORGANIZATION, _PROGRAM, _REPORT
    stmt = (
        core_select(
            a.c.id,
            a.c.code,
            a.c.name,
            o.c.id,
            o.c.code,
            o.c.name,
            case((expected.received(r), 1), else_=0),
            case((expected.on_time(r), 1), else_=0),
            r.c.first_submitted_at,
        )
        .select_from(
            a.join(p, p.c.id == a.c.program_id)
            .join(o, o.c.id == a.c.organization_id)
            .join(_TARGET, expected.target_for(a.c.id, period_key))
            .outerjoin(r, expected.report_for(a.c.id, period_key))
        )
        .where(p.c.team_id == team_id, ~expected.excused(team_id, a.c.organization_id, period_key, a))
        .order_by(o.c.code, p.c.position, a.c.position, a.c.id)
    )
    return [
        ExpectedActivity(
            activity_id=activity_id,
            code=code,
            name=name,
            organization_id=organization_id,
            organization_code=organization_code,
            organization_name=organization_name,
            reported=bool(got),
            on_time=bool(in_time),
            first_submitted_at=first_submitted_at,
        )
        for (
            activity_id,
            code,
            name,
            organization_id,
            organization_code,
            organization_name,
            got,
            in_time,
            first_submitted_at,
        ) in session.connection().execute(stmt)
    ]


def focal_points(session: Session, team_id: int) -> dict[int, list[PersonContact]]:
    """The focal points of each organization of the team (organization id → people, by name)."""
    rows = session.exec(
        select(Membership, Person)
        .join(Person, col(Person.id) == Membership.person_id)
        .where(Membership.team_id == team_id, Membership.role == "focal_point")
        .order_by(col(Person.name), col(Person.id))
    ).all()
    out: dict[int, list[PersonContact]] = defaultdict(list)
    for m, person in rows:
        if m.organization_id is not None:
            out[m.organization_id].append(_contact(person))
    return dict(out)


def team_people(session: Session, team_id: int, roles: Sequence[str]) -> list[PersonContact]:
    """People holding any of ``roles`` in the team, each once, by name."""
    rows = session.exec(
        select(Person)
        .join(Membership, col(Membership.person_id) == Person.id)
        .where(Membership.team_id == team_id, col(Membership.role).in_(list(roles)))
        .order_by(col(Person.name), col(Person.id))
    ).all()
    seen: set[int] = set()
    out: list[PersonContact] = []
    for person in rows:
        if person.id not in seen:
            seen.add(person.id or 0)
            out.append(_contact(person))
    return out


def delivery_statuses(
    session: Session, team_id: int, keys: Iterable[tuple[str, str, str, date]]
) -> dict[tuple[str, str, str, date], str]:
    """Status of existing deliveries by (kind, period_key, recipient, due_date), for the given keys only."""
    wanted = set(keys)
    if not wanted:
        return {}
    dates = {k[3] for k in wanted}
    rows = session.exec(
        select(Delivery).where(Delivery.team_id == team_id, col(Delivery.due_date).in_(list(dates)))
    ).all()
    out: dict[tuple[str, str, str, date], str] = {}
    for d in rows:
        key = (d.kind, d.period_key, d.recipient, d.due_date)
        if key in wanted:
            out[key] = d.status
    return out


def deliveries_on(
    session: Session, team_id: int, due_dates: Iterable[date]
) -> list[tuple[str, str, date, str, str | None]]:
    """(kind, period_key, due_date, status, detail) of the team's deliveries due on any of ``due_dates``."""
    dates = list(set(due_dates))
    if not dates:
        return []
    rows = session.exec(select(Delivery).where(Delivery.team_id == team_id, col(Delivery.due_date).in_(dates))).all()
    return [(d.kind, d.period_key, d.due_date, d.status, d.detail) for d in rows]


def _contact(person: Person) -> PersonContact:
    return PersonContact(
        person_id=person.id or 0,
        telegram_id=person.telegram_id,
        name=person.name or (f"@{person.username}" if person.username else str(person.telegram_id)),
        language=person.language,
        private_chat=person.private_chat,
        reachable=person.reachable,
    )
