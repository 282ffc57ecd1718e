"""What the plan chat reads and writes, each a plain function of a session (one transaction through
``services.db.run``), over ``storage.plan_versions``: the plan to export with its versions, the preview of a file
sent back, the check of a chosen period, applying the change, and who must hear of it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from domain.periods import period_at, periods_of_year
from domain.plan import Plan
from domain.plan_changes import PlanChanges
from domain.report_rules import period_kind
from storage import people
from storage.models import Membership, Organization, Person, Team
from storage.plan import get_team, read_plan
from storage.plan_versions import (
    PlanChangedError,
    PreparedChange,
    VersionInfo,
    apply_change,
    ensure_first_version,
    latest_version,
    prepare_change,
    version_changes,
)


class UnknownTeamError(LookupError):
    """The plan file names a team Pantau does not have."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def offered_periods(team: Team, now: datetime) -> list[str]:
    """The periods a change may start from: the team's periods of its year from the current one on (all of them
    before the year starts; the last one once it is over)."""
    kind = period_kind(team)
    periods = periods_of_year(team.year, kind)
    current = period_at(now, team.timezone, kind)
    if current.year < team.year:
        return [p.key for p in periods]
    if current.year > team.year:
        return [periods[-1].key]
    return [p.key for p in periods if p >= current]


@dataclass(frozen=True)
class PlanExport:
    """/rencana: the plan in force, its version and every version with what it changed."""

    team_code: str
    timezone: str
    version: int
    plan: Plan
    versions: list[tuple[VersionInfo, PlanChanges | None]]


def plan_export(session: Session, team_id: int, now: datetime) -> PlanExport:
    team = session.get(Team, team_id)
    assert team is not None
    assert team.id is not None
    ensure_first_version(session, team, now)
    return PlanExport(
        team_code=team.code,
        timezone=team.timezone,
        version=latest_version(session, team.id),
        plan=read_plan(session, team.code),
        versions=version_changes(session, team),
    )


@dataclass(frozen=True)
class Preview:
    """A plan file checked against the plan in force (``correction=False`` from the first period: every change)."""

    team_id: int
    team_code: str
    base_version: int
    changes: PlanChanges
    periods: list[str]  # offered as buttons


def team_of(session: Session, code: str) -> int | None:
    team = get_team(session, code)
    return team.id if team is not None else None


def preview(session: Session, plan: Plan, now: datetime) -> Preview:
    """Raises ``UnknownTeamError``, ``VersionRuleError`` (calendar), ``storage.plan.ParentTeamError`` or
    ``NothingToChangeError``."""
    team = get_team(session, plan.team.code)
    if team is None or team.id is None:
        raise UnknownTeamError(plan.team.code)
    ensure_first_version(session, team, now)
    # worded as if it applied from the first period offered; the rules on earlier periods and on stopping an
    # activity that has reports are checked once the person has chosen the period
    periods = offered_periods(team, now)
    prepared = prepare_change(
        session, plan, effective_from=periods[0] if periods else None, correction=True, conflicts=False
    )
    assert prepared.changes is not None
    return Preview(team.id, team.code, prepared.base_version, prepared.changes, offered_periods(team, now))


def current_version(session: Session, team_id: int) -> int:
    return latest_version(session, team_id)


def check_period(session: Session, plan: Plan, effective_from: str, correction: bool) -> PreparedChange:
    """The change from ``effective_from`` (raises ``VersionRuleError`` for changes before it without
    ``correction``)."""
    return prepare_change(session, plan, effective_from=effective_from, correction=correction)


def correction_period(session: Session, team_id: int, now: datetime) -> str:
    """The first period a data correction is recorded as applying from: the first one offered."""
    team = session.get(Team, team_id)
    assert team is not None
    return offered_periods(team, now)[0]


@dataclass(frozen=True)
class FocalPoint:
    telegram_id: int
    language: str
    reachable: bool
    organization_code: str
    organization_name: str


@dataclass(frozen=True)
class Applied:
    """A change written as a version, with whom to tell."""

    info: VersionInfo
    prepared: PreparedChange
    group_chat_ids: list[int]
    focal_points: list[FocalPoint]


def apply(
    session: Session,
    plan: Plan,
    *,
    base_version: int,
    effective_from: str,
    correction: bool,
    basis: str,
    now: datetime,
    telegram_id: int,
    author: str,
) -> Applied:
    """Apply the change the person previewed against ``base_version``; raises ``PlanChangedError`` when another
    version came first (nothing written), and whatever ``prepare_change`` / ``apply_change`` raise."""
    team = get_team(session, plan.team.code)
    if team is None or team.id is None:
        raise UnknownTeamError(plan.team.code)
    ensure_first_version(session, team, now)
    current = latest_version(session, team.id)
    if current != base_version:
        raise PlanChangedError(base_version, current)
    prepared = prepare_change(session, plan, effective_from=effective_from, correction=correction)
    person = people.get_person(session, telegram_id)
    info = apply_change(
        session,
        prepared,
        now=now,
        basis=basis,
        author=author,
        created_by=person.id if person is not None else None,
    )
    groups = [g.chat_id for g in people.active_groups(session, team.id)]
    organizations = affected_organizations(prepared)
    return Applied(info, prepared, groups, focal_points(session, team.id, organizations))


def activity_codes(changes: PlanChanges) -> set[str]:
    """Every activity a change names."""
    codes = {c.activity for c in changes.targets}
    codes |= {m.activity for m in changes.moves}
    codes |= {c.activity for c in changes.ceilings}
    codes |= {s.activity for s in changes.activity_settings}
    codes |= set(changes.stopped)
    codes |= {a.code for a in changes.added if a.kind == "activity"}
    codes |= {r.code for r in changes.renamed if r.kind == "activity"}
    return codes


def organizations_of(plans: Iterable[Plan | None], codes: set[str]) -> dict[str, set[str]]:
    """Organization code → the changed activities it owns (in the old plan or the new: a moved activity is told to
    both)."""
    owners: dict[str, set[str]] = {}
    for plan in plans:
        if plan is None:
            continue
        for _, activity in plan.activities():
            if activity.code in codes:
                owners.setdefault(activity.organization, set()).add(activity.code)
    return owners


def affected_organizations(prepared: PreparedChange) -> dict[str, set[str]]:
    if prepared.changes is None:
        return {}
    return organizations_of((prepared.old, prepared.new), activity_codes(prepared.changes))


def focal_points(session: Session, team_id: int, organizations: dict[str, set[str]]) -> list[FocalPoint]:
    """The focal points of the team for these organizations (one per person and organization)."""
    if not organizations:
        return []
    rows = session.exec(
        select(Person, Organization)
        .join(Membership, col(Membership.person_id) == col(Person.id))
        .join(Organization, col(Organization.id) == col(Membership.organization_id))
        .where(
            Membership.team_id == team_id,
            Membership.role == "focal_point",
            col(Organization.code).in_(sorted(organizations)),
        )
        .order_by(col(Organization.code), col(Person.id))
    ).all()
    seen: set[tuple[int, str]] = set()
    out: list[FocalPoint] = []
    for person, org in rows:
        if (person.telegram_id, org.code) in seen:
            continue
        seen.add((person.telegram_id, org.code))
        out.append(
            FocalPoint(
                telegram_id=person.telegram_id,
                language=person.language,
                reachable=person.private_chat and person.reachable,
                organization_code=org.code,
                organization_name=org.name,
            )
        )
    return out


def is_offered(session: Session, team_id: int, key: str, now: datetime) -> bool:
    team = session.get(Team, team_id)
    return team is not None and key in offered_periods(team, now)


def offered(session: Session, team_id: int, now: datetime) -> list[str]:
    team = session.get(Team, team_id)
    return offered_periods(team, now) if team is not None else []
