"""Obstacles followed across periods (table ``obstacle``, migration 0007): opened, confirmed and resolved by reports.

One open obstacle per activity at most: a report of the activity either confirms it ("masih terjadi", possibly with
a new text, category or decision flag) or resolves it (``resolved_on``, ``resolved_revision_id``), and may open a new
one. The writes happen in Kirim's transaction (``storage.submission.submit_draft``), which writes a draft once, so a
double Kirim or a restart never opens two. Functions take the session and never commit; they return data, no text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from domain.obstacles import CATEGORIES
from storage.drafts import Answers
from storage.models import Activity, Obstacle, Organization, Program

OPEN = "open"
RESOLVED = "resolved"


@dataclass(frozen=True)
class OpenObstacle:
    """An obstacle not resolved yet, as a report shows it before asking "masih terjadi?"."""

    id: int
    team_id: int
    activity_id: int
    category: str
    description: str
    needs_decision: bool
    opened_period_key: str
    opened_at: datetime


@dataclass(frozen=True)
class ObstacleLine:
    """One open obstacle of a team, for /kendala and the Excel sheet."""

    id: int
    activity_code: str
    activity_name: str
    program_code: str
    organization_code: str
    organization_name: str
    category: str
    description: str
    needs_decision: bool
    opened_period_key: str
    opened_at: datetime
    updated_at: datetime

    def age_days(self, today: date) -> int:
        """Whole days since it was opened (0 on the day)."""
        return max(0, (today - self.opened_at.date()).days)


def _open(row: Obstacle) -> OpenObstacle:
    return OpenObstacle(
        id=row.id or 0,
        team_id=row.team_id,
        activity_id=row.activity_id,
        category=row.category,
        description=row.description,
        needs_decision=row.needs_decision,
        opened_period_key=row.opened_period_key,
        opened_at=_aware(row.opened_at),
    )


def open_obstacle(session: Session, activity_id: int) -> OpenObstacle | None:
    """The activity's open obstacle (the oldest, should a race ever have left two), None when there is none."""
    row = session.exec(
        select(Obstacle)
        .where(Obstacle.activity_id == activity_id, col(Obstacle.resolved_on).is_(None))
        .order_by(col(Obstacle.opened_at), col(Obstacle.id))
        .limit(1)
    ).first()
    return _open(row) if row is not None else None


def obstacle_for_draft(session: Session, obstacle_id: int, team_id: int | None, activity_id: int | None) -> bool:
    """True when the obstacle is open and belongs to this team's activity (a button naming any other is forged)."""
    row = session.get(Obstacle, obstacle_id)
    return row is not None and row.resolved_on is None and row.team_id == team_id and row.activity_id == activity_id


def record_obstacles(
    session: Session,
    *,
    team_id: int,
    activity_id: int,
    period_key: str,
    revision_id: int,
    answers: Answers,
    today: date,
    now: datetime,
) -> None:
    """Kirim's part: confirm or resolve the open obstacle the report answered for, and open a new one if the report
    names an obstacle and none stays open. Call inside Kirim's transaction, once per revision."""
    # Serialise reports of one activity (two drafts sent at once must not both open an obstacle).
    session.exec(select(Activity.id).where(Activity.id == activity_id).with_for_update()).first()
    followed = session.get(Obstacle, answers.open_obstacle_id) if answers.open_obstacle_id else None
    if followed is not None and (followed.activity_id != activity_id or followed.resolved_on is not None):
        followed = None
    given = answers.obstacle_category in CATEGORIES  # a report without the question (a quick one) keeps the old
    category = answers.obstacle_category if given and answers.obstacle_category else "lainnya"
    text = (answers.obstacles or "").strip()
    if followed is not None and answers.open_obstacle_status == RESOLVED:
        followed.resolved_on = today
        followed.resolved_revision_id = revision_id
        followed.updated_at = now
        session.add(followed)
        followed = None
    elif followed is not None and answers.open_obstacle_status == OPEN:
        if text:
            _update(followed, text, category if given else None, answers.obstacle_needs_decision)
        followed.updated_revision_id = revision_id
        followed.updated_at = now
        session.add(followed)
        session.flush()
        return
    if not text:
        session.flush()
        return
    still_open = session.exec(
        select(Obstacle)
        .where(Obstacle.activity_id == activity_id, col(Obstacle.resolved_on).is_(None))
        .order_by(col(Obstacle.opened_at), col(Obstacle.id))
        .limit(1)
    ).first()
    if still_open is not None:  # one open obstacle per activity: the report's text is its latest word
        _update(still_open, text, category if given else None, answers.obstacle_needs_decision)
        still_open.updated_revision_id = revision_id
        still_open.updated_at = now
        session.add(still_open)
    else:
        session.add(
            Obstacle(
                team_id=team_id,
                activity_id=activity_id,
                category=category,
                description=text[:4000],
                needs_decision=bool(answers.obstacle_needs_decision),
                opened_period_key=period_key,
                opened_revision_id=revision_id,
                opened_at=now,
                updated_revision_id=revision_id,
                updated_at=now,
            )
        )
    session.flush()


def _update(row: Obstacle, text: str, category: str | None, needs_decision: bool | None) -> None:
    """A new text; the category and the decision flag only when the report asked them."""
    row.description = text[:4000]
    if category is not None:
        row.category = category
    if needs_decision is not None:
        row.needs_decision = needs_decision


def open_obstacles(
    session: Session, team_id: int, *, program_code: str | None = None, organization_code: str | None = None
) -> list[ObstacleLine]:
    """The team's open obstacles, those needing a decision first, then the oldest first; optionally of one program
    or one organization (codes compared case-insensitively)."""
    query = (
        select(Obstacle, Activity, Program, Organization)
        .join(Activity, col(Activity.id) == Obstacle.activity_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .join(Organization, col(Organization.id) == Activity.organization_id)
        .where(Obstacle.team_id == team_id, col(Obstacle.resolved_on).is_(None))
    )
    rows = session.exec(query).all()
    lines = [
        ObstacleLine(
            id=o.id or 0,
            activity_code=a.code,
            activity_name=a.name,
            program_code=p.code,
            organization_code=org.code,
            organization_name=org.name,
            category=o.category,
            description=o.description,
            needs_decision=o.needs_decision,
            opened_period_key=o.opened_period_key,
            opened_at=_aware(o.opened_at),
            updated_at=_aware(o.updated_at),
        )
        for o, a, p, org in rows
        if (program_code is None or p.code.casefold() == program_code.casefold())
        and (organization_code is None or org.code.casefold() == organization_code.casefold())
    ]
    lines.sort(key=lambda line: (not line.needs_decision, line.opened_at, line.id))
    return lines


def _aware(moment: datetime) -> datetime:
    """A stored moment as an aware UTC datetime (the columns keep UTC without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def filter_kind(session: Session, team_id: int, code: str) -> str | None:
    """What a /kendala argument names in the team: "program", "organization", or None (neither)."""
    folded = code.casefold()
    programs = session.exec(select(Program.code).where(Program.team_id == team_id)).all()
    if any(p.casefold() == folded for p in programs):
        return "program"
    orgs = session.exec(
        select(Organization.code)
        .join(Activity, col(Activity.organization_id) == Organization.id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == team_id)
    ).all()
    if any(o.casefold() == folded for o in orgs):
        return "organization"
    return None
