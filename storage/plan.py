"""Apply a validated plan to the database and read it back. Sync repository functions: take a session, never commit.

Everything is matched by code (team, organization, program, activity) or by (activity, period) and
(organization, period), so importing the same file twice changes nothing. Reports are never deleted: a plan that
would drop an activity or a target that already has reports is refused as a whole, before anything is written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, update
from sqlmodel import Session, col, select

from domain.plan import (
    KIND_OF_MEASURE,
    MEASURE_OF_KIND,
    Plan,
    PlanActivity,
    PlanExemption,
    PlanOrganization,
    PlanProgram,
    PlanTarget,
    PlanTeam,
)
from storage.models import (
    Activity,
    Exemption,
    Organization,
    Program,
    Report,
    ReportDraft,
    Target,
    Team,
    TeamOrganization,
)

ENTITIES = ("team", "organizations", "memberships", "programs", "activities", "targets", "exemptions")
_CHUNK = 500  # ids per IN (...) list: well under SQLite's and PostgreSQL's parameter limits


class ParentTeamError(LookupError):
    """The plan names a parent team that is not stored yet, or one under this team (a loop)."""

    def __init__(self, code: str, parent: str, *, loop: bool = False) -> None:
        what = "is under this team (a loop)" if loop else "is not in the database yet: import its plan first"
        super().__init__(f'team {code}: parent "{parent}" {what}')
        self.code = code
        self.parent = parent
        self.loop = loop


def parent_id_for(session: Session, code: str, parent: str | None) -> int | None:
    """The id of the team ``parent`` names for team ``code``; refuses an unknown parent and a loop."""
    if parent is None:
        return None
    row = get_team(session, parent)
    if row is None or row.id is None:
        raise ParentTeamError(code, parent)
    seen: set[int] = set()
    current: Team | None = row
    while current is not None and current.id is not None and current.id not in seen:
        if current.code == code:
            raise ParentTeamError(code, parent, loop=True)
        seen.add(current.id)
        current = session.get(Team, current.parent_id) if current.parent_id is not None else None
    return row.id


class TeamNotFoundError(LookupError):
    """No team with that code."""

    def __init__(self, code: str) -> None:
        super().__init__(f'no team "{code}"')
        self.code = code


@dataclass(frozen=True)
class ReportConflict:
    """An activity the new plan drops (or whose targets it drops) although reports exist for it."""

    activity_code: str
    activity_name: str
    periods: tuple[str, ...]  # the periods of the reports that would be orphaned
    whole_activity: bool  # True: the activity is gone; False: only the targets of these periods

    def __str__(self) -> str:
        periods = ", ".join(self.periods)
        if self.whole_activity:
            return (
                f'activity {self.activity_code} "{self.activity_name}" is not in the new plan but has reports '
                f"for {periods}"
            )
        return f"activity {self.activity_code}: the new plan drops the targets of {periods}, which have reports"


class PlanConflictError(Exception):
    """The plan would orphan reports; nothing was written. ``conflicts`` names every activity concerned."""

    def __init__(self, conflicts: Sequence[ReportConflict]) -> None:
        super().__init__("; ".join(str(c) for c in conflicts))
        self.conflicts = tuple(conflicts)


@dataclass
class Tally:
    """What happened to one kind of row."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class PlanChanges:
    """Counts per kind of row (see ``ENTITIES``): the import summary, and the proof that a re-import did nothing."""

    tallies: dict[str, Tally] = field(default_factory=lambda: {name: Tally() for name in ENTITIES})

    def __getitem__(self, entity: str) -> Tally:
        return self.tallies[entity]

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tallies.values())

    def summary(self) -> str:
        """One line per kind of row, for the CLI."""
        lines = []
        for name in ENTITIES:
            t = self.tallies[name]
            lines.append(
                f"  {name:<14}{t.created:>7} created{t.updated:>7} updated{t.unchanged:>7} unchanged"
                f"{t.deleted:>7} deleted"
            )
        return "\n".join(lines)


# --- small helpers other parts use ---------------------------------------------------------------------------------


def get_team(session: Session, code: str) -> Team | None:
    """The team with this code, or None."""
    return session.exec(select(Team).where(Team.code == code)).first()


def list_teams(session: Session) -> list[Team]:
    """Every team, by code."""
    return list(session.exec(select(Team).order_by(col(Team.code))).all())


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _set(row: Any, values: dict[str, Any]) -> bool:
    """Assign the values that differ; True when anything changed (so unchanged rows are counted as such)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def _team_values(t: PlanTeam, parent_id: int | None) -> dict[str, Any]:
    return {
        "parent_id": parent_id,
        "children_deadline_working_days": t.children_deadline_working_days,
        "evidence_reminder_days": t.evidence_reminder_days,
        "name": t.name,
        "region": t.region,
        "timezone": t.timezone,
        "period_kind": t.period,
        "year": t.year,
        "deadline_working_days": t.deadline_working_days,
        "lock_days": t.lock_days,
        # new objects, never mutated in place: SQLAlchemy sees JSON changes only on assignment
        "thresholds": [float(x) for x in t.thresholds],
        "policy": dict(t.reminders),
        "achievement_cap": t.achievement_cap,
        "rating_scale": t.rating_scale,
        "yellow_limit": float(t.yellow_limit),
    }


# --- applying ------------------------------------------------------------------------------------------------------


def apply_plan(session: Session, plan: Plan, now: datetime) -> PlanChanges:
    """Create or update the team and everything in its plan so the database says what ``plan`` says.

    Rows the plan no longer lists are deleted (activities, targets, programs, the team's membership of an
    organization, exemptions the plan created), except that reports are never deleted: if an activity or target
    to be dropped has reports, :class:`PlanConflictError` is raised before anything is written. Organizations
    are shared between teams and never deleted. ``now`` stamps new exemptions.
    """
    changes = PlanChanges()
    team = get_team(session, plan.team.code)
    existing = _load_team_rows(session, team.id) if team is not None and team.id is not None else None
    if existing is not None:
        conflicts = _conflicts(session, plan, existing)
        if conflicts:
            raise PlanConflictError(conflicts)

    team = _apply_team(session, plan.team, team, changes)
    assert team.id is not None
    orgs = _apply_organizations(session, plan.organizations, changes)
    _apply_memberships(session, team.id, [orgs[o.code] for o in plan.organizations], changes)
    programs = _apply_programs(session, team.id, plan.programs, existing, changes)
    activity_ids = _apply_activities(session, plan, programs, orgs, existing, changes)
    _apply_targets(session, plan, activity_ids, existing, changes)
    _delete_dropped(session, plan, existing, changes)
    _apply_exemptions(session, team.id, plan.exemptions, orgs, now, changes)
    session.flush()
    return changes


@dataclass
class _Existing:
    """The team's plan rows as they are before the import, loaded in a few queries."""

    programs: dict[str, Program]
    activities: dict[str, Activity]
    targets: dict[int, dict[str, Target]]  # activity id -> period -> target
    report_periods: dict[int, list[str]]  # activity id -> periods with a report


def _load_team_rows(session: Session, team_id: int) -> _Existing:
    programs = {p.code: p for p in session.exec(select(Program).where(Program.team_id == team_id)).all()}
    activities = {
        a.code: a
        for a in session.exec(
            select(Activity)
            .join(Program, col(Program.id) == col(Activity.program_id))
            .where(Program.team_id == team_id)
            .order_by(col(Activity.id))
        ).all()
    }
    targets: dict[int, dict[str, Target]] = defaultdict(dict)
    for target in session.exec(
        select(Target)
        .join(Activity, col(Activity.id) == col(Target.activity_id))
        .join(Program, col(Program.id) == col(Activity.program_id))
        .where(Program.team_id == team_id)
    ).all():
        targets[target.activity_id][target.period_key] = target
    report_periods: dict[int, list[str]] = defaultdict(list)
    for activity_id, period_key in session.exec(
        select(Report.activity_id, Report.period_key)
        .join(Activity, col(Activity.id) == col(Report.activity_id))
        .join(Program, col(Program.id) == col(Activity.program_id))
        .where(Program.team_id == team_id)
        .order_by(col(Report.period_key))
    ).all():
        report_periods[activity_id].append(period_key)
    return _Existing(programs, activities, targets, report_periods)


def report_conflicts(session: Session, plan: Plan, team_id: int) -> list[ReportConflict]:
    """Every activity or target ``plan`` would drop from the team although it has reports (empty: none)."""
    return _conflicts(session, plan, _load_team_rows(session, team_id))


def _conflicts(session: Session, plan: Plan, existing: _Existing) -> list[ReportConflict]:
    """Every activity or target the plan drops although it has reports, in the database's order."""
    wanted = {a.code: a for _, a in plan.activities()}
    out: list[ReportConflict] = []
    for code, activity in existing.activities.items():
        assert activity.id is not None
        periods = existing.report_periods.get(activity.id, [])
        if not periods:
            continue
        new = wanted.get(code)
        if new is None:
            out.append(ReportConflict(code, activity.name, tuple(periods), whole_activity=True))
            continue
        kept = {t.period for t in new.targets}
        dropped = [
            p for p in periods if p in existing.targets.get(activity.id, {}) and p not in kept
        ]  # a report for a period that never had a target is not the plan's business
        if dropped:
            out.append(ReportConflict(code, activity.name, tuple(dropped), whole_activity=False))
    return out


def _apply_team(session: Session, plan_team: PlanTeam, team: Team | None, changes: PlanChanges) -> Team:
    values = _team_values(plan_team, parent_id_for(session, plan_team.code, plan_team.parent))
    if team is None:
        team = Team(code=plan_team.code, **values)
        session.add(team)
        session.flush()
        changes["team"].created += 1
    elif _set(team, values):
        changes["team"].updated += 1
    else:
        changes["team"].unchanged += 1
    return team


def _apply_organizations(
    session: Session, plan_orgs: Sequence[PlanOrganization], changes: PlanChanges
) -> dict[str, int]:
    """Organizations by code (shared by all teams); returns code -> id."""
    codes = [o.code for o in plan_orgs]
    found: dict[str, Organization] = {}
    for chunk in _chunks(codes):
        for row in session.exec(select(Organization).where(col(Organization.code).in_(chunk))).all():
            found[row.code] = row
    tally = changes["organizations"]
    for plan_org in plan_orgs:
        org = found.get(plan_org.code)
        if org is None:
            new = Organization(code=plan_org.code, name=plan_org.name, kind=plan_org.kind)
            session.add(new)
            found[plan_org.code] = new
            tally.created += 1
        elif _set(org, {"name": plan_org.name, "kind": plan_org.kind}):
            tally.updated += 1
        else:
            tally.unchanged += 1
    session.flush()
    return {code: org.id for code, org in found.items() if org.id is not None}


def _apply_memberships(session: Session, team_id: int, org_ids: Sequence[int], changes: PlanChanges) -> None:
    current = set(
        session.exec(select(TeamOrganization.organization_id).where(TeamOrganization.team_id == team_id)).all()
    )
    wanted = set(org_ids)
    tally = changes["memberships"]
    new = [{"team_id": team_id, "organization_id": oid} for oid in org_ids if oid not in current]
    if new:
        session.execute(insert(TeamOrganization), new)
    gone = sorted(current - wanted)
    for chunk in _chunks(gone):
        session.execute(
            delete(TeamOrganization).where(
                col(TeamOrganization.team_id) == team_id, col(TeamOrganization.organization_id).in_(chunk)
            )
        )
    tally.created += len(new)
    tally.deleted += len(gone)
    tally.unchanged += len(current & wanted)


def _apply_programs(
    session: Session,
    team_id: int,
    plan_programs: Sequence[PlanProgram],
    existing: _Existing | None,
    changes: PlanChanges,
) -> dict[str, int]:
    """Programs by code within the team, with their order; returns code -> id (dropped ones go last)."""
    current = dict(existing.programs) if existing else {}
    tally = changes["programs"]
    for position, plan_program in enumerate(plan_programs):
        program = current.get(plan_program.code)
        if program is None:
            program = Program(team_id=team_id, code=plan_program.code, name=plan_program.name, position=position)
            session.add(program)
            current[plan_program.code] = program
            tally.created += 1
        elif _set(program, {"name": plan_program.name, "position": position}):
            tally.updated += 1
        else:
            tally.unchanged += 1
    session.flush()
    return {code: p.id for code, p in current.items() if p.id is not None}


def _activity_values(activity: PlanActivity, position: int, program_id: int, org_id: int) -> dict[str, Any]:
    return {
        "program_id": program_id,
        "organization_id": org_id,
        "name": activity.name,
        "indicator": activity.indicator,
        "unit": activity.unit,
        "budget_ceiling": activity.budget_ceiling,
        "measure": MEASURE_OF_KIND[activity.kind],
        "direction": activity.direction,
        "position": position,
        "stopped_from": activity.stopped_from,
        "shared_code": activity.shared_code,
    }


def _apply_activities(
    session: Session,
    plan: Plan,
    programs: dict[str, int],
    orgs: dict[str, int],
    existing: _Existing | None,
    changes: PlanChanges,
) -> dict[str, int]:
    """Activities by code within the team (one moved to another program keeps its reports); code -> id."""
    current = existing.activities if existing else {}
    tally = changes["activities"]
    new_rows: list[dict[str, Any]] = []
    ids: dict[str, int] = {}
    for program in plan.programs:
        for position, activity in enumerate(program.activities):
            values = _activity_values(activity, position, programs[program.code], orgs[activity.organization])
            row = current.get(activity.code)
            if row is None:
                new_rows.append({"code": activity.code, **values})
                continue
            assert row.id is not None
            ids[activity.code] = row.id
            if _set(row, values):
                tally.updated += 1
            else:
                tally.unchanged += 1
    if new_rows:
        session.flush()  # moved activities first: the (program, code) unique key must see their new program
        result = session.execute(insert(Activity).returning(col(Activity.id), sort_by_parameter_order=True), new_rows)
        for row_values, new_id in zip(new_rows, result.scalars().all(), strict=True):
            ids[row_values["code"]] = new_id
        tally.created += len(new_rows)
    return ids


def _target_values(target: PlanTarget) -> dict[str, Any]:
    low, high = target.value_range if target.value_range is not None else (None, None)
    return {
        "value": target.value,
        "planned_budget": target.budget,
        "planned_physical": target.physical,
        "value_min": low,
        "value_max": high,
    }


def _apply_targets(
    session: Session, plan: Plan, activity_ids: dict[str, int], existing: _Existing | None, changes: PlanChanges
) -> None:
    tally = changes["targets"]
    new_rows: list[dict[str, Any]] = []
    gone: list[int] = []
    for _, activity in plan.activities():
        activity_id = activity_ids[activity.code]
        current = dict(existing.targets.get(activity_id, {})) if existing else {}
        for target in activity.targets:
            row = current.pop(target.period, None)
            values = _target_values(target)
            if row is None:
                new_rows.append({"activity_id": activity_id, "period_key": target.period, **values})
            elif _set(row, values):
                tally.updated += 1
            else:
                tally.unchanged += 1
        gone += [t.id for t in current.values() if t.id is not None]
    session.flush()
    for chunk in _chunks(gone):
        session.execute(delete(Target).where(col(Target.id).in_(chunk)))
    for chunk in _chunks(new_rows, 2000):
        session.execute(insert(Target), list(chunk))
    tally.created += len(new_rows)
    tally.deleted += len(gone)


def _delete_dropped(session: Session, plan: Plan, existing: _Existing | None, changes: PlanChanges) -> None:
    """Activities and programs the plan no longer lists (their reports were checked: there are none)."""
    if existing is None:
        return
    wanted_activities = {a.code for _, a in plan.activities()}
    dropped = [a.id for code, a in existing.activities.items() if code not in wanted_activities and a.id]
    for chunk in _chunks(dropped):
        # a report being written for a dropped activity cannot be sent any more: close it rather than fail on the key
        session.execute(
            update(ReportDraft)
            .where(col(ReportDraft.activity_id).in_(chunk))
            .values(activity_id=None, status="cancelled")
        )
        session.execute(delete(Target).where(col(Target.activity_id).in_(chunk)))
        session.execute(delete(Activity).where(col(Activity.id).in_(chunk)))
    changes["activities"].deleted += len(dropped)
    wanted_programs = {p.code for p in plan.programs}
    gone = [p.id for code, p in existing.programs.items() if code not in wanted_programs and p.id]
    for chunk in _chunks(gone):
        session.execute(delete(Program).where(col(Program.id).in_(chunk)))
    changes["programs"].deleted += len(gone)
    session.expire_all()  # the identity map still holds the deleted rows


def _apply_exemptions(
    session: Session,
    team_id: int,
    plan_exemptions: Sequence[PlanExemption],
    orgs: dict[str, int],
    now: datetime,
    changes: PlanChanges,
) -> None:
    """Exemptions by (organization, period). Those granted in the bot (``created_by`` set) are kept."""
    current = {
        (e.organization_id, e.period_key): e
        for e in session.exec(select(Exemption).where(Exemption.team_id == team_id)).all()
    }
    tally = changes["exemptions"]
    for plan_exemption in plan_exemptions:
        key = (orgs[plan_exemption.organization], plan_exemption.period)
        row = current.pop(key, None)
        if row is None:
            session.add(
                Exemption(
                    team_id=team_id,
                    organization_id=key[0],
                    period_key=key[1],
                    reason=plan_exemption.reason,
                    created_at=now,
                )
            )
            tally.created += 1
        elif _set(row, {"reason": plan_exemption.reason}):
            tally.updated += 1
        else:
            tally.unchanged += 1
    gone = [e.id for e in current.values() if e.created_by is None and e.id is not None]
    for chunk in _chunks(gone):
        session.execute(delete(Exemption).where(col(Exemption.id).in_(chunk)))
    tally.deleted += len(gone)


# --- reading back ---------------------------------------------------------------------------------------------------


def read_plan(session: Session, team_code: str) -> Plan:
    """The team's plan as stored, for export; :func:`apply_plan` of the result changes nothing."""
    team = get_team(session, team_code)
    if team is None or team.id is None:
        raise TeamNotFoundError(team_code)
    orgs = session.exec(
        select(Organization)
        .join(TeamOrganization, col(TeamOrganization.organization_id) == col(Organization.id))
        .where(TeamOrganization.team_id == team.id)
        .order_by(col(Organization.id))
    ).all()
    programs = session.exec(
        select(Program).where(Program.team_id == team.id).order_by(col(Program.position), col(Program.id))
    ).all()
    activities = session.exec(
        select(Activity, Organization.code)
        .join(Program, col(Program.id) == col(Activity.program_id))
        .join(Organization, col(Organization.id) == col(Activity.organization_id))
        .where(Program.team_id == team.id)
        .order_by(col(Activity.position), col(Activity.id))
    ).all()
    targets: dict[int, list[PlanTarget]] = defaultdict(list)
    for t in session.exec(
        select(Target)
        .join(Activity, col(Activity.id) == col(Target.activity_id))
        .join(Program, col(Program.id) == col(Activity.program_id))
        .where(Program.team_id == team.id)
        .order_by(col(Target.activity_id), col(Target.period_key))
    ).all():
        targets[t.activity_id].append(
            PlanTarget(
                period=t.period_key,
                value=t.value,
                budget=t.planned_budget,
                physical=t.planned_physical,
                value_range=None if t.value_min is None or t.value_max is None else (t.value_min, t.value_max),
            )
        )
    by_program: dict[int, list[PlanActivity]] = defaultdict(list)
    for activity, org_code in activities:
        assert activity.id is not None
        by_program[activity.program_id].append(
            PlanActivity(
                code=activity.code,
                name=activity.name,
                organization=org_code,
                indicator=activity.indicator,
                unit=activity.unit,
                kind=KIND_OF_MEASURE.get(activity.measure, "per_periode"),
                direction="turun" if activity.direction == "turun" else "naik",
                budget_ceiling=activity.budget_ceiling,
                targets=tuple(targets.get(activity.id, ())),
                stopped_from=activity.stopped_from,
                shared_code=activity.shared_code,
            )
        )
    exemptions = session.exec(
        select(Exemption, Organization.code)
        .join(Organization, col(Organization.id) == col(Exemption.organization_id))
        .where(Exemption.team_id == team.id)
    ).all()
    parent = session.get(Team, team.parent_id) if team.parent_id is not None else None
    return Plan(
        team=PlanTeam(
            code=team.code,
            name=team.name,
            year=team.year,
            region=team.region,
            timezone=team.timezone,
            period="month" if team.period_kind == "month" else "quarter",
            deadline_working_days=team.deadline_working_days,
            lock_days=team.lock_days,
            thresholds=tuple(float(x) for x in team.thresholds),
            reminders=dict(team.policy or {}),
            achievement_cap=team.achievement_cap,
            rating_scale="lampu" if team.rating_scale == "lampu" else "predikat",
            yellow_limit=team.yellow_limit,
            parent=parent.code if parent is not None else None,
            children_deadline_working_days=team.children_deadline_working_days,
            evidence_reminder_days=team.evidence_reminder_days,
        ),
        organizations=tuple(PlanOrganization(code=o.code, name=o.name, kind=o.kind) for o in orgs),
        programs=tuple(
            PlanProgram(code=p.code, name=p.name, activities=tuple(by_program.get(p.id or 0, ()))) for p in programs
        ),
        exemptions=tuple(
            sorted(
                (PlanExemption(organization=code, period=e.period_key, reason=e.reason) for e, code in exemptions),
                key=lambda e: (e.period, e.organization),
            )
        ),
    )


def team_codes(teams: Iterable[Team]) -> str:
    """``A, B, C`` for error messages naming the teams that do exist."""
    return ", ".join(t.code for t in teams) or "none yet"
