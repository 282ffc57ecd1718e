"""The plenary's action items (``action_item``): recorded by the secretariat (``/putuskan``), closed by the
responsible organization's focal point (``/tindaklanjut``), reopened by the secretariat.

Every function takes a session and never commits; each checks that what it is given belongs to the team it is
told (an obstacle, an organization, an action), so forged ids naming another team's object are refused
(:class:`ActionError` with a catalogue key: the reply is written above this floor).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from storage.models import (
    ActionItem,
    Activity,
    Obstacle,
    Organization,
    Person,
    Team,
    TeamOrganization,
)

TOPIC_MAX = 1000
DECISION_MAX = 2000
NOTE_MAX = 2000
TOPICS_SHOWN = 12


class ActionError(Exception):
    """A refusal: ``key`` is a catalogue key (``actions.*``)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


@dataclass(frozen=True)
class TopicChoice:
    """An open obstacle to decide on: those needing the chair's decision first, then the oldest."""

    obstacle_id: int
    activity_id: int
    activity_code: str
    organization_code: str
    category: str
    description: str
    needs_decision: bool
    opened_period_key: str


@dataclass(frozen=True)
class OrgChoice:
    organization_id: int
    code: str
    name: str


@dataclass(frozen=True)
class ActionView:
    """One action item as the screens and the jobs show it."""

    id: int
    team_id: int
    team_code: str
    team_name: str
    topic: str
    decision: str
    organization_id: int
    organization_code: str
    organization_name: str
    due_date: date
    status: str
    obstacle_id: int | None
    activity_code: str | None
    created_at: datetime
    created_by_name: str | None
    done_at: datetime | None
    done_by_name: str | None
    done_note: str | None
    reopened_at: datetime | None

    @property
    def open(self) -> bool:
        return self.status == "open"

    def overdue_days(self, today: date) -> int:
        """Days past the due date (0: not overdue, or done)."""
        return max(0, (today - self.due_date).days) if self.open else 0


def decision_topics(session: Session, team_id: int, limit: int = TOPICS_SHOWN) -> list[TopicChoice]:
    """The team's open obstacles, those needing a decision first, then by age (oldest first)."""
    rows = session.exec(
        select(Obstacle, Activity, Organization)
        .join(Activity, col(Activity.id) == Obstacle.activity_id)
        .join(Organization, col(Organization.id) == Activity.organization_id)
        .where(Obstacle.team_id == team_id, col(Obstacle.resolved_on).is_(None))
        .order_by(col(Obstacle.needs_decision).desc(), col(Obstacle.opened_at), col(Obstacle.id))
        .limit(limit)
    ).all()
    return [
        TopicChoice(
            obstacle_id=o.id or 0,
            activity_id=a.id or 0,
            activity_code=a.code,
            organization_code=org.code,
            category=o.category,
            description=o.description,
            needs_decision=o.needs_decision,
            opened_period_key=o.opened_period_key,
        )
        for o, a, org in rows
    ]


def topic_of(session: Session, team_id: int, obstacle_id: int) -> TopicChoice:
    """One open obstacle of the team (a forged or closed one: refused)."""
    row = session.exec(
        select(Obstacle, Activity, Organization)
        .join(Activity, col(Activity.id) == Obstacle.activity_id)
        .join(Organization, col(Organization.id) == Activity.organization_id)
        .where(Obstacle.id == obstacle_id)
    ).first()
    if row is None or row[0].team_id != team_id:
        raise ActionError("actions.topic.unknown")
    o, a, org = row
    if o.resolved_on is not None:
        raise ActionError("actions.topic.resolved")
    return TopicChoice(
        obstacle_id=o.id or 0,
        activity_id=a.id or 0,
        activity_code=a.code,
        organization_code=org.code,
        category=o.category,
        description=o.description,
        needs_decision=o.needs_decision,
        opened_period_key=o.opened_period_key,
    )


def team_organizations(session: Session, team_id: int) -> list[OrgChoice]:
    """The team's organizations, by code."""
    rows = session.exec(
        select(Organization)
        .join(TeamOrganization, col(TeamOrganization.organization_id) == Organization.id)
        .where(TeamOrganization.team_id == team_id)
        .order_by(col(Organization.code))
    ).all()
    return [OrgChoice(o.id or 0, o.code, o.name) for o in rows]


def organization_of(session: Session, team_id: int, organization_id: int) -> OrgChoice:
    """One organization of the team (another team's: refused)."""
    for org in team_organizations(session, team_id):
        if org.organization_id == organization_id:
            return org
    raise ActionError("actions.org.unknown")


def create_action(
    session: Session,
    team_id: int,
    *,
    obstacle_id: int | None,
    topic: str,
    decision: str,
    organization_id: int,
    due_date: date,
    person_id: int | None,
    now: datetime,
) -> ActionView:
    """Store a decision as an open action item (the obstacle and the organization checked against the team)."""
    activity_id = None
    if obstacle_id is not None:
        chosen = topic_of(session, team_id, obstacle_id)
        activity_id = chosen.activity_id
    organization_of(session, team_id, organization_id)
    topic, decision = topic.strip(), decision.strip()
    if not topic:
        raise ActionError("actions.topic.empty")
    if not decision:
        raise ActionError("actions.decision.empty")
    item = ActionItem(
        team_id=team_id,
        obstacle_id=obstacle_id,
        activity_id=activity_id,
        topic=topic[:TOPIC_MAX],
        decision=decision[:DECISION_MAX],
        organization_id=organization_id,
        due_date=due_date,
        status="open",
        created_by=person_id,
        created_at=now,
    )
    session.add(item)
    session.flush()
    return get_action(session, item.id or 0)


def _views(session: Session, where: list[object], order: list[object] | None = None) -> list[ActionView]:
    stmt = (
        select(ActionItem, Team, Organization, Activity)
        .join(Team, col(Team.id) == ActionItem.team_id)
        .join(Organization, col(Organization.id) == ActionItem.organization_id)
        .outerjoin(Activity, col(Activity.id) == ActionItem.activity_id)
        .where(*where)  # type: ignore[arg-type]
        .order_by(*(order or [col(ActionItem.due_date), col(ActionItem.id)]))  # type: ignore[arg-type]
    )
    rows = session.exec(stmt).all()
    people_ids = {i for item, *_ in rows for i in (item.created_by, item.done_by) if i is not None}
    names = (
        {p.id: p.name for p in session.exec(select(Person).where(col(Person.id).in_(people_ids))).all()}
        if people_ids
        else {}
    )
    return [
        ActionView(
            id=item.id or 0,
            team_id=item.team_id,
            team_code=team.code,
            team_name=team.name,
            topic=item.topic,
            decision=item.decision,
            organization_id=item.organization_id,
            organization_code=org.code,
            organization_name=org.name,
            due_date=item.due_date,
            status=item.status,
            obstacle_id=item.obstacle_id,
            activity_code=activity.code if activity is not None else None,
            created_at=item.created_at,
            created_by_name=names.get(item.created_by) if item.created_by else None,
            done_at=item.done_at,
            done_by_name=names.get(item.done_by) if item.done_by else None,
            done_note=item.done_note,
            reopened_at=item.reopened_at,
        )
        for item, team, org, activity in rows
    ]


def get_action(session: Session, action_id: int) -> ActionView:
    found = _views(session, [ActionItem.id == action_id])
    if not found:
        raise ActionError("actions.unknown")
    return found[0]


def team_actions(session: Session, team_id: int, *, status: str | None = None) -> list[ActionView]:
    """The team's actions (all, or those of ``status``), by due date."""
    where: list[object] = [ActionItem.team_id == team_id]
    if status is not None:
        where.append(ActionItem.status == status)
    return _views(session, where)


def organization_actions(session: Session, pairs: list[tuple[int, int]]) -> list[ActionView]:
    """The open actions of these (team id, organization id) pairs: what a focal point has to follow up."""
    out: list[ActionView] = []
    for team_id, org_id in dict.fromkeys(pairs):
        out += _views(
            session, [ActionItem.team_id == team_id, ActionItem.organization_id == org_id, ActionItem.status == "open"]
        )
    return sorted(out, key=lambda a: (a.due_date, a.id))


def close_action(session: Session, action_id: int, person_id: int | None, note: str, now: datetime) -> ActionView:
    """Mark an open action done with what was done (a done one: refused; the caller checked who may)."""
    note = note.strip()
    if not note:
        raise ActionError("actions.note.empty")
    item = session.exec(select(ActionItem).where(ActionItem.id == action_id).with_for_update()).first()
    if item is None:
        raise ActionError("actions.unknown")
    if item.status != "open":
        raise ActionError("actions.already_done")
    item.status = "done"
    item.done_at = now
    item.done_by = person_id
    item.done_note = note[:NOTE_MAX]
    session.add(item)
    session.flush()
    return get_action(session, action_id)


def reopen_action(session: Session, action_id: int, person_id: int | None, now: datetime) -> ActionView:
    """Open a done action again (an open one: refused; the caller checked who may)."""
    item = session.exec(select(ActionItem).where(ActionItem.id == action_id).with_for_update()).first()
    if item is None:
        raise ActionError("actions.unknown")
    if item.status == "open":
        raise ActionError("actions.already_open")
    item.status = "open"
    item.reopened_at = now
    item.reopened_by = person_id
    session.add(item)
    session.flush()
    return get_action(session, action_id)


@dataclass(frozen=True)
class ActionCounts:
    open: int
    overdue: int


def action_counts(session: Session, team_id: int, today: date) -> ActionCounts:
    """How many of the team's actions are open, and how many of those are past their due date on ``today``."""
    dues: list[date] = [
        item.due_date
        for item in session.exec(
            select(ActionItem).where(ActionItem.team_id == team_id, ActionItem.status == "open")
        ).all()
    ]
    return ActionCounts(open=len(dues), overdue=sum(1 for d in dues if d < today))


def open_team_actions(session: Session, team_id: int) -> list[ActionItem]:
    """The team's open action rows (the jobs' reminders and overdue notices)."""
    return list(
        session.exec(
            select(ActionItem)
            .where(ActionItem.team_id == team_id, ActionItem.status == "open")
            .order_by(col(ActionItem.due_date), col(ActionItem.id))
        ).all()
    )
