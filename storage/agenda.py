"""The plenary agenda's reads that the aggregates do not give: open obstacles that need a decision, open actions, and
each activity's year so far for the early warning (``domain.projection``). Data only; the agenda is composed in
``progress.agenda``.

The ``obstacle`` and ``action_item`` tables are written by the obstacles' and the actions' flows; they are read
here directly (an open obstacle has ``resolved_on`` NULL; an open action has status ``open``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from domain.periods import Period, periods_up_to
from storage.aggregates.expected import RETURNED
from storage.models import (
    ActionItem,
    Activity,
    Exemption,
    Obstacle,
    Organization,
    Program,
    Report,
    ReportRevision,
    Target,
)


@dataclass(frozen=True)
class OpenObstacle:
    id: int
    activity_code: str
    activity_name: str
    organization_code: str
    organization_name: str
    category: str
    description: str
    needs_decision: bool
    opened_period_key: str
    opened_at: datetime


@dataclass(frozen=True)
class OpenAction:
    id: int
    topic: str
    decision: str
    organization_code: str
    organization_name: str
    due_date: date
    activity_code: str | None


@dataclass(frozen=True)
class ActivityYear:
    """One activity's targets for the year and its received reports up to the period asked about."""

    id: int
    code: str
    name: str
    organization_code: str
    organization_name: str
    unit: str
    measure: str  # per_period | cumulative | level
    direction: str  # naik | turun
    budget_ceiling: int | None
    # period key -> (value, value_min, value_max) of the plan in force
    targets: dict[str, tuple[float, float | None, float | None]]
    # period key -> (value, budget_spent, physical_pct) of the current revision of a received report
    reports: dict[str, tuple[float, int | None, float | None]]


def open_obstacles(session: Session, team_id: int, *, needs_decision: bool | None = None) -> list[OpenObstacle]:
    """The team's open obstacles (``needs_decision``: only those, or only the others), oldest first."""
    stmt = (
        sa_select(Obstacle, col(Activity.code), col(Activity.name), col(Organization.code), col(Organization.name))
        .join(Activity, col(Activity.id) == Obstacle.activity_id)
        .join(Organization, col(Organization.id) == Activity.organization_id)
        .where(col(Obstacle.team_id) == team_id, col(Obstacle.resolved_on).is_(None))
        .order_by(col(Obstacle.opened_at), col(Obstacle.id))
    )
    if needs_decision is not None:
        stmt = stmt.where(col(Obstacle.needs_decision) == needs_decision)
    out = []
    for ob, acode, aname, ocode, oname in session.execute(stmt).all():
        assert ob.id is not None
        out.append(
            OpenObstacle(
                ob.id,
                acode,
                aname,
                ocode,
                oname,
                ob.category,
                ob.description,
                ob.needs_decision,
                ob.opened_period_key,
                ob.opened_at,
            )
        )
    return out


def open_actions(session: Session, team_id: int) -> list[OpenAction]:
    """The team's open actions, earliest due first."""
    stmt = (
        select(ActionItem, Organization.code, Organization.name, Activity.code)
        .join(Organization, col(Organization.id) == ActionItem.organization_id)
        .outerjoin(Activity, col(Activity.id) == ActionItem.activity_id)
        .where(col(ActionItem.team_id) == team_id, col(ActionItem.status) == "open")
        .order_by(col(ActionItem.due_date), col(ActionItem.id))
    )
    out = []
    for item, ocode, oname, acode in session.exec(stmt).all():
        assert item.id is not None
        out.append(OpenAction(item.id, item.topic, item.decision, ocode, oname, item.due_date, acode))
    return out


def activity_years(session: Session, team_id: int, period_key: str, year: int) -> list[ActivityYear]:
    """Every activity with a target in ``period_key`` whose organization is not exempt for it, with its targets of
    ``year`` and its received reports of the year up to ``period_key`` (three statements), in plan order."""
    upto = {p.key for p in periods_up_to(Period.from_key(period_key))}
    first = f"{year}-"
    acts = session.exec(
        select(Activity, Organization.code, Organization.name)
        .join(Program, col(Program.id) == Activity.program_id)
        .join(Organization, col(Organization.id) == Activity.organization_id)
        .join(Target, and_(col(Target.activity_id) == Activity.id, col(Target.period_key) == period_key))
        .outerjoin(
            Exemption,
            and_(
                col(Exemption.team_id) == team_id,
                col(Exemption.organization_id) == Activity.organization_id,
                col(Exemption.period_key) == period_key,
            ),
        )
        .where(Program.team_id == team_id, col(Exemption.id).is_(None))
        .order_by(col(Program.position), col(Program.code), col(Activity.position), col(Activity.code))
    ).all()
    ids = [a.id for a, _, _ in acts if a.id is not None]
    if not ids:
        return []
    targets: dict[int, dict[str, tuple[float, float | None, float | None]]] = {i: {} for i in ids}
    for aid, key, value, low, high in session.execute(
        sa_select(
            col(Target.activity_id),
            col(Target.period_key),
            col(Target.value),
            col(Target.value_min),
            col(Target.value_max),
        ).where(
            col(Target.activity_id).in_(ids),
            col(Target.period_key).startswith(first),
        )
    ).all():
        targets[aid][key] = (float(value), low, high)
    reports: dict[int, dict[str, tuple[float, int | None, float | None]]] = {i: {} for i in ids}
    for aid, key, value, spent, physical in session.execute(
        sa_select(
            col(Report.activity_id),
            col(Report.period_key),
            col(ReportRevision.value),
            col(ReportRevision.budget_spent),
            col(ReportRevision.physical_pct),
        )
        .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
        .where(
            col(Report.activity_id).in_(ids),
            col(Report.period_key).startswith(first),
            col(Report.status) != RETURNED,
        )
    ).all():
        if key in upto:
            reports[aid][key] = (float(value), spent, physical)
    return [
        ActivityYear(
            aid,
            a.code,
            a.name,
            ocode,
            oname,
            a.unit,
            a.measure,
            a.direction,
            a.budget_ceiling,
            targets[aid],
            reports[aid],
        )
        for a, ocode, oname in acts
        if (aid := a.id) is not None
    ]
