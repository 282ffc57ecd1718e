"""What a person may report, and for which period: the activities of their own organizations, the periods open for
entry, and the plan and history of one activity that the report steps show and check.

The rules themselves (open, reopened, locked; the reference period) are pure, in ``domain.report_rules``; this
module reads the rows they apply to, including the periods the secretariat reopened (``Reopening``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from domain.calendar import deadline
from domain.periods import Period, periods_of_year, periods_up_to
from domain.report_rules import EntryState, entry_state, period_kind, reference_period
from domain.zones import local_today
from storage.models import Activity, Membership, Organization, Program, Reopening, Report, ReportRevision, Target, Team
from storage.report_errors import ReportError

Mark = Literal["reported", "returned", "pending", "overdue", "locked"]


def reopened_periods(session: Session, team_id: int, organization_id: int) -> set[str]:
    """The keys of the locked periods the secretariat reopened for the organization (/buka)."""
    return set(
        session.exec(
            select(Reopening.period_key).where(
                Reopening.team_id == team_id, Reopening.organization_id == organization_id
            )
        ).all()
    )


@dataclass(frozen=True)
class PeriodChoice:
    """One period offered at the period step."""

    key: str
    state: EntryState
    default: bool
    reported: bool


def entry_periods(session: Session, activity_id: int, now: datetime) -> list[PeriodChoice]:
    """The periods offered for an activity, newest first: the open and reopened ones, and the latest ended period
    when it is locked (so that pressing it can say why: ask for /buka); the default is pre-selected (see the module
    docstring)."""
    activity, _program, team = activity_team(session, activity_id)
    today = local_today(team.timezone, now)
    reopened = reopened_periods(session, team.id or 0, activity.organization_id)
    reported = {
        r.period_key
        for r in session.exec(select(Report).where(Report.activity_id == activity_id)).all()
        if r.status != "returned"
    }
    reference = reference_period(team, today)
    candidates = [p for p in periods_of_year(team.year, period_kind(team)) if p.start <= today]
    last_ended = next((p for p in reversed(candidates) if p.end < today), None)
    choices: list[tuple[Period, EntryState]] = []
    for period in reversed(candidates):
        if activity.stopped_from is not None and period.key >= activity.stopped_from:
            continue  # dihentikan: not expected from then on
        state = entry_state(team, period, today, reopened)
        if state is None:
            continue
        if state != "locked" or period in (reference, last_ended):
            choices.append((period, state))
    open_keys = [p.key for p, s in choices if s != "locked"]
    default_key = reference.key if reference.key in open_keys else (open_keys[0] if open_keys else None)
    return [PeriodChoice(p.key, s, p.key == default_key, p.key in reported) for p, s in choices]


def check_entry_open(session: Session, activity_id: int, period_key: str, now: datetime) -> EntryState:
    """Raise ReportError unless the activity's organization may enter ``period_key`` today."""
    activity, _program, team = activity_team(session, activity_id)
    try:
        period = Period.from_key(period_key)
    except ValueError as exc:
        raise ReportError("report.period.unknown") from exc
    if activity.stopped_from is not None and period_key >= activity.stopped_from:
        raise ReportError("plan.activity.stopped", period=activity.stopped_from)
    state = entry_state(
        team, period, local_today(team.timezone, now), reopened_periods(session, team.id or 0, activity.organization_id)
    )
    if state is None or period.kind != period_kind(team):
        raise ReportError("report.period.not_open", period=period_key)
    if state == "locked":
        raise ReportError("report.period.locked", period=period_key)
    return state


@dataclass(frozen=True)
class ActivityChoice:
    """One line of the activity list, marked against the reference period."""

    activity_id: int
    code: str
    name: str
    program_id: int
    program_name: str
    team_id: int
    organization_id: int
    organization_code: str
    mark: Mark
    period_key: str


def reportable_activities(session: Session, person_id: int, now: datetime) -> list[ActivityChoice]:
    """The activities of the person's own organizations (focal point memberships), grouped by program in plan
    order, each marked reported / returned / pending / overdue / locked for its team's reference period."""
    memberships = session.exec(
        select(Membership).where(Membership.person_id == person_id, Membership.role == "focal_point")
    ).all()
    pairs = {(m.team_id, m.organization_id) for m in memberships if m.organization_id is not None}
    if not pairs:
        return []
    out: list[ActivityChoice] = []
    for team_id in sorted({t for t, _ in pairs}):
        team = session.get(Team, team_id)
        if team is None:
            continue
        orgs = sorted(o for t, o in pairs if t == team_id and o is not None)
        today = local_today(team.timezone, now)
        reference = reference_period(team, today)
        due = deadline(reference, team.deadline_working_days)
        rows = session.exec(
            select(Activity, Program, Organization, Report)
            .join(Program, col(Program.id) == Activity.program_id)
            .join(Organization, col(Organization.id) == Activity.organization_id)
            .join(
                Report,
                (col(Report.activity_id) == Activity.id) & (col(Report.period_key) == reference.key),
                isouter=True,
            )
            .where(Program.team_id == team_id, col(Activity.organization_id).in_(orgs))
            .order_by(col(Program.position), col(Program.id), col(Activity.position), col(Activity.id))
        ).all()
        reopened_by_org = {o: reopened_periods(session, team_id, o) for o in orgs}
        for activity, program, org, report in rows:
            if activity.stopped_from is not None and activity.stopped_from <= reference.key and report is None:
                continue  # dihentikan: out of the menu from its period on (its reports stay in /riwayat)
            mark: Mark
            if report is not None and report.status == "returned":
                mark = "returned"
            elif report is not None:
                mark = "reported"
            else:
                state = entry_state(team, reference, today, reopened_by_org[org.id or 0])
                if state == "locked":
                    mark = "locked"
                elif today > due:
                    mark = "overdue"
                else:
                    mark = "pending"
            out.append(
                ActivityChoice(
                    activity_id=activity.id or 0,
                    code=activity.code,
                    name=activity.name,
                    program_id=program.id or 0,
                    program_name=program.name,
                    team_id=team_id,
                    organization_id=org.id or 0,
                    organization_code=org.code,
                    mark=mark,
                    period_key=reference.key,
                )
            )
    return out


def activity_team(session: Session, activity_id: int) -> tuple[Activity, Program, Team]:
    """The activity with its program and team; ReportError when there is no such activity."""
    row = session.exec(
        select(Activity, Program, Team)
        .join(Program, col(Program.id) == Activity.program_id)
        .join(Team, col(Team.id) == Program.team_id)
        .where(Activity.id == activity_id)
    ).first()
    if row is None:
        raise ReportError("report.activity.unknown")
    return row[0], row[1], row[2]


def activity_name(session: Session, activity_id: int) -> str:
    """The activity's name, for the period question."""
    return activity_team(session, activity_id)[0].name


@dataclass(frozen=True)
class ActivityContext:
    """What the steps show and check: the plan of the activity, its target and the values reported before."""

    activity_id: int
    code: str
    name: str
    indicator: str
    unit: str
    measure: str
    budget_ceiling: int | None
    program_name: str
    team_id: int
    team_name: str
    organization_id: int
    organization_code: str
    organization_name: str
    period_key: str
    target: float | None  # the period's target (for cumulative measures, the plan's running total)
    planned_physical: float | None
    previous_value: float | None  # the latest value reported for an earlier period of the year
    previous_period_key: str | None
    previous_budget: int | None
    current_value: float | None  # this period's current revision, when it was reported already
    current_revision_number: int | None
    # how the indicator is read (domain.indicators): its direction, the period's range target (``target`` is then
    # the bound that counts), and the team's rating scale
    direction: str = "naik"
    target_min: float | None = None
    target_max: float | None = None
    rating_scale: str = "predikat"
    thresholds: tuple[float, ...] = ()
    yellow_limit: float | None = None


def activity_context(session: Session, activity_id: int, period_key: str) -> ActivityContext:
    """The plan and history of one activity for one period, for the prompts and the plausibility checks.

    Read on every report turn, so it is two queries of plain columns: the plan row with its period's target, and
    the current values of the year up to the period."""
    plan = session.execute(
        sa_select(  # sqlmodel's select() types four columns at most
            col(Activity.code),
            col(Activity.name),
            col(Activity.indicator),
            col(Activity.unit),
            col(Activity.measure),
            col(Activity.budget_ceiling),
            col(Activity.organization_id),
            col(Program.name),
            col(Team.id),
            col(Team.name),
            col(Organization.code),
            col(Organization.name),
            col(Target.value),
            col(Target.planned_physical),
            col(Activity.direction),
            col(Target.value_min),
            col(Target.value_max),
            col(Team.rating_scale),
            col(Team.thresholds),
            col(Team.yellow_limit),
        )
        .join(Program, col(Program.id) == Activity.program_id)
        .join(Team, col(Team.id) == Program.team_id)
        .outerjoin(Organization, col(Organization.id) == Activity.organization_id)
        .outerjoin(Target, (col(Target.activity_id) == Activity.id) & (col(Target.period_key) == period_key))
        .where(col(Activity.id) == activity_id)
    ).first()
    if plan is None:
        raise ReportError("report.activity.unknown")
    (code, name, indicator, unit, measure, ceiling, org_id, program_name, team_id, team_name, org_code, org_name) = (
        plan[:12]
    )
    # Cumulative targets are running totals in the plan already ("120 by the end of Triwulan II").
    target, planned_physical = plan[12], plan[13]
    direction, target_min, target_max, rating_scale, thresholds, yellow_limit = plan[14:20]
    keys = [p.key for p in periods_up_to(Period.from_key(period_key))]
    values = session.exec(
        select(Report.period_key, ReportRevision.value, ReportRevision.budget_spent, ReportRevision.number)
        .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
        .where(Report.activity_id == activity_id, col(Report.period_key).in_(keys))
        .order_by(col(Report.period_key))
    ).all()
    previous = [row for row in values if row[0] < period_key]
    current = next((row for row in values if row[0] == period_key), None)
    prev_budget = next((row[2] for row in reversed(previous) if row[2] is not None), None)
    return ActivityContext(
        activity_id=activity_id,
        code=code,
        name=name,
        indicator=indicator,
        unit=unit,
        measure=measure,
        budget_ceiling=ceiling,
        program_name=program_name,
        team_id=team_id or 0,
        team_name=team_name,
        organization_id=org_id,
        organization_code=org_code or "",
        organization_name=org_name or "",
        period_key=period_key,
        target=target,
        planned_physical=planned_physical,
        previous_value=previous[-1][1] if previous else None,
        previous_period_key=previous[-1][0] if previous else None,
        previous_budget=prev_budget,
        current_value=current[1] if current else None,
        current_revision_number=current[3] if current else None,
        direction=direction,
        target_min=target_min,
        target_max=target_max,
        rating_scale=rating_scale,
        thresholds=tuple(thresholds or ()),
        yellow_limit=yellow_limit,
    )
