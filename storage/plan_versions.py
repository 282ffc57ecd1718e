"""Plan versions: every change of a team's plan is a numbered version with its legal basis and first period.

``Target`` holds the target *in force* for each (activity, period): a version writes only the periods it applies to
(from its ``effective_from`` on; a data correction may write earlier ones), so the target of a closed period is
the one of the latest version that applies to it, and its achievement does not move when a later version is made.
``PlanTarget`` keeps what each version set (version 1, the plan *murni*, has every target) and ``PlanVersion`` the
whole plan each version made (``snapshot``), so nothing a version replaces is lost.

A version never deletes: an activity the new plan leaves out (or marks ``stopped_from``) is stopped from a period
on: its targets from then on leave the plan in force, so it is not expected, reminded or offered any more, and
its reports stay. Sync repository functions: take a session, never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from domain.periods import Period, periods_of_year
from domain.plan import Plan, PlanActivity, PlanProgram
from domain.plan_changes import PlanChanges, compare
from domain.plan_data import plan_from_data, plan_to_data
from domain.report_rules import period_kind
from storage.models import Activity, PlanTarget, PlanVersion, Program, Target, Team
from storage.plan import PlanConflictError, apply_plan, get_team, parent_id_for, read_plan, report_conflicts

_CALENDAR = ("year", "period")  # team settings a version cannot change: every period key depends on them


class PlanChangedError(Exception):
    """The plan got a new version since the change was prepared: nothing was written (no lost update)."""

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"the plan is at version {actual}, the change was prepared against version {expected}")
        self.expected = expected
        self.actual = actual


class NothingToChangeError(Exception):
    """The new plan says what the plan in force says: no version is made."""


@dataclass(frozen=True)
class EarlierPeriodChange:
    """A change to a period before the version's first period (allowed only in a data correction)."""

    activity: str  # activity code ("" for a team setting)
    period: str


class VersionRuleError(Exception):
    """The change breaks a rule of versions; nothing was written.

    ``earlier``: changes to periods before ``effective_from`` (a correction may make them); ``calendar``: the team's
    year or period kind would change; ``bad_period``: ``effective_from`` is not a period of the team's year.
    """

    def __init__(
        self,
        *,
        earlier: Sequence[EarlierPeriodChange] = (),
        calendar: Sequence[str] = (),
        bad_period: str | None = None,
    ) -> None:
        parts = [f"{c.activity or 'team'} {c.period}" for c in earlier] + list(calendar)
        if bad_period is not None:
            parts.append(f"period {bad_period}")
        super().__init__("; ".join(parts))
        self.earlier = tuple(earlier)
        self.calendar = tuple(calendar)
        self.bad_period = bad_period


@dataclass(frozen=True)
class VersionInfo:
    """One version as the lists show it."""

    number: int
    created_at: datetime
    author: str
    basis: str
    reason: str
    effective_from: str
    correction: bool
    summary: dict[str, int]


@dataclass(frozen=True)
class PreparedChange:
    """What applying a plan would do, checked but not written: the preview of the chat and of ``plan diff``."""

    team_code: str
    base_version: int  # the version it was compared with (0: the team is new)
    old: Plan | None
    new: Plan  # as it will be stored: left-out activities kept as stopped, stopped ones without later targets
    changes: PlanChanges | None  # None for a new team
    effective_from: str
    correction: bool


def first_period(plan_or_team: Plan | Team) -> str:
    """The key of the team's first period of its year (version 1 applies from it)."""
    if isinstance(plan_or_team, Plan):
        year, kind = plan_or_team.team.year, plan_or_team.team.period
    else:
        year, kind = plan_or_team.year, period_kind(plan_or_team)
    return periods_of_year(year, kind)[0].key


def latest_version(session: Session, team_id: int) -> int:
    """The team's newest version number, 0 when it has none yet."""
    number = session.exec(select(func.max(PlanVersion.number)).where(PlanVersion.team_id == team_id)).one()
    return int(number or 0)


def _stop(activity: PlanActivity, period: str) -> PlanActivity:
    """The activity stopped from ``period``: its targets from then on leave the plan in force."""
    return replace(activity, stopped_from=period, targets=tuple(t for t in activity.targets if t.period < period))


def _merged(old: Plan, new: Plan, effective_from: str) -> Plan:
    """``new`` as it will be stored: what it leaves out is kept, stopped (activities) or kept as it was."""
    new_codes = {a.code for _, a in new.activities()}
    programs: list[PlanProgram] = []
    for program in new.programs:
        activities = tuple(_stop(a, a.stopped_from) if a.stopped_from else a for a in program.activities)
        programs.append(replace(program, activities=activities))
    by_code = {p.code: i for i, p in enumerate(programs)}
    for old_program, activity in old.activities():
        if activity.code in new_codes:
            continue
        kept = activity if activity.stopped_from else _stop(activity, effective_from)
        if old_program.code not in by_code:
            by_code[old_program.code] = len(programs)
            programs.append(replace(old_program, activities=()))
        i = by_code[old_program.code]
        programs[i] = replace(programs[i], activities=(*programs[i].activities, kept))
    org_codes = {o.code for o in new.organizations}
    organizations = new.organizations + tuple(o for o in old.organizations if o.code not in org_codes)
    return replace(new, organizations=organizations, programs=tuple(programs))


def _earlier_changes(changes: PlanChanges, new: Plan, old: Plan, effective_from: str) -> list[EarlierPeriodChange]:
    found: dict[tuple[str, str], None] = {}
    for change in changes.targets:
        if change.period < effective_from:
            found[(change.activity, change.period)] = None
    for move in changes.moves:
        for period in (move.source, move.destination):
            if period < effective_from:
                found[(move.activity, period)] = None
    old_stops = {a.code: a.stopped_from for _, a in old.activities()}
    for _, activity in new.activities():
        stop = activity.stopped_from
        if stop and stop != old_stops.get(activity.code) and stop < effective_from:
            found[(activity.code, stop)] = None
    return [EarlierPeriodChange(a, p) for a, p in found]


def prepare_change(
    session: Session,
    plan: Plan,
    *,
    effective_from: str | None = None,
    correction: bool = False,
    conflicts: bool = True,
) -> PreparedChange:
    """Check ``plan`` against the team's plan in force and say what applying it would do; writes nothing.

    Raises :class:`VersionRuleError` (a change before ``effective_from`` without ``correction``, a new year or
    period kind, a period not of the team's year), ``storage.plan.PlanConflictError`` (targets with reports would
    go: a stop from a period already reported; not checked with ``conflicts=False``, for a first wording before
    the period is chosen), ``storage.plan.ParentTeamError`` or :class:`NothingToChangeError`.
    """
    parent_id_for(session, plan.team.code, plan.team.parent)
    team = get_team(session, plan.team.code)
    if team is None or team.id is None:
        start = effective_from or first_period(plan)
        return PreparedChange(plan.team.code, 0, None, plan, None, start, correction)
    start = effective_from or first_period(team)
    kind = period_kind(team)
    if start not in {p.key for p in periods_of_year(team.year, kind)}:
        raise VersionRuleError(bad_period=start)
    old = read_plan(session, team.code)
    calendar = [name for name in _CALENDAR if getattr(old.team, name) != getattr(plan.team, name)]
    if calendar:
        raise VersionRuleError(calendar=calendar)
    merged = _merged(old, plan, start)
    changes = compare(old, merged)
    if not changes.changed and not _exemptions_changed(old, merged):
        raise NothingToChangeError()
    if not correction:
        earlier = _earlier_changes(changes, merged, old, start)
        if earlier:
            raise VersionRuleError(earlier=earlier)
    found = report_conflicts(session, merged, team.id) if conflicts else []
    if found:  # said at the preview, not only when applied
        raise PlanConflictError(found)
    return PreparedChange(team.code, latest_version(session, team.id), old, merged, changes, start, correction)


def _exemptions_changed(old: Plan, new: Plan) -> bool:
    return set(old.exemptions) != set(new.exemptions)


def _summary(changes: PlanChanges | None) -> dict[str, int]:
    if changes is None:
        return {}
    return {
        "targets": changes.changed_target_count,
        "moves": len(changes.moves),
        "added": len(changes.added),
        "renamed": len(changes.renamed),
        "ceilings": len(changes.ceilings),
        "settings": len(changes.activity_settings),
        "stopped": len(changes.stopped),
        "team": len(changes.team),
    }


def _target_rows(session: Session, team_id: int) -> dict[tuple[int, str], tuple[Any, ...]]:
    """The team's targets in force: (activity id, period) -> (value, budget, physical, low, high)."""
    rows = session.execute(
        sa_select(
            col(Target.activity_id),
            col(Target.period_key),
            col(Target.value),
            col(Target.planned_budget),
            col(Target.planned_physical),
            col(Target.value_min),
            col(Target.value_max),
        )
        .join(Activity, col(Activity.id) == col(Target.activity_id))
        .join(Program, col(Program.id) == col(Activity.program_id))
        .where(col(Program.team_id) == team_id)
    ).all()
    return {(r[0], r[1]): tuple(r[2:]) for r in rows}


def _record_targets(
    session: Session,
    version_id: int,
    before: dict[tuple[int, str], tuple[Any, ...]],
    after: dict[tuple[int, str], tuple[Any, ...]],
    everything: bool,
) -> None:
    """The version's ``PlanTarget`` rows: every target (version 1) or those it set or took away."""
    rows: list[dict[str, Any]] = []
    for key, values in after.items():
        if everything or before.get(key) != values:
            value, budget, physical, low, high = values
            rows.append(
                {
                    "version_id": version_id,
                    "activity_id": key[0],
                    "period_key": key[1],
                    "present": True,
                    "value": value,
                    "planned_budget": budget,
                    "planned_physical": physical,
                    "value_min": low,
                    "value_max": high,
                }
            )
    for key in before.keys() - after.keys():
        rows.append(
            {"version_id": version_id, "activity_id": key[0], "period_key": key[1], "present": False, "value": 0.0}
        )
    for start in range(0, len(rows), 2000):
        session.execute(insert(PlanTarget), rows[start : start + 2000])


def _add_version(
    session: Session,
    team: Team,
    number: int,
    *,
    now: datetime,
    author: str,
    created_by: int | None,
    basis: str,
    reason: str,
    effective_from: str,
    correction: bool,
    summary: dict[str, int],
) -> PlanVersion:
    version = PlanVersion(
        team_id=team.id or 0,
        number=number,
        created_at=now,
        created_by=created_by,
        author=author,
        basis=basis,
        reason=reason,
        effective_from=effective_from,
        correction=correction,
        summary=summary,
    )
    session.add(version)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:  # another change took this number first
        raise PlanChangedError(number - 1, latest_version(session, team.id or 0)) from exc
    return version


def ensure_first_version(session: Session, team: Team, now: datetime) -> None:
    """Give a team stored before versions existed its version 1 (the plan as it stands), with its snapshot."""
    assert team.id is not None
    first = session.exec(
        select(PlanVersion).where(PlanVersion.team_id == team.id).order_by(col(PlanVersion.number))
    ).first()
    if first is None:
        version = _add_version(
            session,
            team,
            1,
            now=now,
            author="",
            created_by=None,
            basis="",
            reason="",
            effective_from=first_period(team),
            correction=False,
            summary={},
        )
        assert version.id is not None
        _record_targets(session, version.id, {}, _target_rows(session, team.id), everything=True)
        first = version
    if first.snapshot is None and latest_version(session, team.id) == first.number:
        first.snapshot = plan_to_data(read_plan(session, team.code))
        session.add(first)
        session.flush()


def apply_change(
    session: Session,
    prepared: PreparedChange,
    *,
    now: datetime,
    basis: str = "",
    reason: str = "",
    author: str = "",
    created_by: int | None = None,
) -> VersionInfo:
    """Write a prepared change as the team's next version, if the plan is still at ``prepared.base_version``.

    Raises :class:`PlanChangedError` when another version came first (the preview the person saw is stale) and
    ``storage.plan.PlanConflictError`` when it would take away targets that have reports.
    """
    team = get_team(session, prepared.team_code)
    if team is not None and team.id is not None:
        seen = latest_version(session, team.id)  # 0: stored without versions, previewed as such
        if seen != prepared.base_version:
            raise PlanChangedError(prepared.base_version, seen)
        ensure_first_version(session, team, now)
        current = latest_version(session, team.id)
        before = _target_rows(session, team.id)
    else:
        current, before = 0, {}
    apply_plan(session, prepared.new, now)
    team = get_team(session, prepared.team_code)
    assert team is not None
    assert team.id is not None
    number = current + 1
    version = _add_version(
        session,
        team,
        number,
        now=now,
        author=author,
        created_by=created_by,
        basis=basis,
        reason=reason,
        effective_from=prepared.effective_from if number > 1 else first_period(team),
        correction=prepared.correction and number > 1,
        summary=_summary(prepared.changes),
    )
    assert version.id is not None
    _record_targets(session, version.id, before, _target_rows(session, team.id), everything=number == 1)
    version.snapshot = plan_to_data(read_plan(session, team.code))
    session.add(version)
    session.flush()
    return _info(version)


def _info(v: PlanVersion) -> VersionInfo:
    return VersionInfo(
        number=v.number,
        created_at=v.created_at,
        author=v.author,
        basis=v.basis,
        reason=v.reason,
        effective_from=v.effective_from,
        correction=v.correction,
        summary={str(k): int(n) for k, n in (v.summary or {}).items()},
    )


def list_versions(session: Session, team_id: int) -> list[VersionInfo]:
    """The team's versions, oldest first."""
    rows = session.exec(
        select(PlanVersion).where(PlanVersion.team_id == team_id).order_by(col(PlanVersion.number))
    ).all()
    return [_info(v) for v in rows]


def version_plan(session: Session, team: Team, number: int) -> Plan | None:
    """The whole plan as version ``number`` made it (None: no such version)."""
    assert team.id is not None
    version = session.exec(
        select(PlanVersion).where(PlanVersion.team_id == team.id, PlanVersion.number == number)
    ).first()
    if version is None:
        return None
    if version.snapshot is None:  # a migrated version 1 no later version has replaced: the plan as stored
        return read_plan(session, team.code)
    return plan_from_data(version.snapshot)


@dataclass(frozen=True)
class MurniTarget:
    """Version 1's target of one (activity, period), for showing it beside the target in force."""

    value: float | None  # None: the plan murni had no target for that period
    value_min: float | None
    value_max: float | None
    planned_physical: float | None


def murni_targets(session: Session, team_id: int) -> dict[tuple[int, str], MurniTarget]:
    """Version 1's targets of the team by (activity id, period key); empty when the team has no versions."""
    rows = session.exec(
        select(PlanTarget)
        .join(PlanVersion, col(PlanVersion.id) == col(PlanTarget.version_id))
        .where(PlanVersion.team_id == team_id, PlanVersion.number == 1, col(PlanTarget.present).is_(True))
    ).all()
    return {
        (r.activity_id, r.period_key): MurniTarget(r.value, r.value_min, r.value_max, r.planned_physical) for r in rows
    }


def is_period_key(team: Team, key: str) -> bool:
    """Whether ``key`` names a period of the team's year and kind."""
    try:
        period = Period.from_key(key)
    except ValueError:
        return False
    return period.kind == period_kind(team) and period.year == team.year


def version_changes(session: Session, team: Team) -> list[tuple[VersionInfo, PlanChanges | None]]:
    """Each version with what it changed against the one before (None for version 1, the plan murni)."""
    assert team.id is not None
    rows = session.exec(
        select(PlanVersion).where(PlanVersion.team_id == team.id).order_by(col(PlanVersion.number))
    ).all()
    out: list[tuple[VersionInfo, PlanChanges | None]] = []
    previous: Plan | None = None
    for version in rows:
        plan = plan_from_data(version.snapshot) if version.snapshot is not None else None
        if plan is None and version is rows[-1]:
            plan = read_plan(session, team.code)
        changes = compare(previous, plan) if previous is not None and plan is not None else None
        out.append((_info(version), changes))
        previous = plan
    return out
