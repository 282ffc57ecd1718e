"""A parent team over its child teams (a province over its regencies, issue 15): the roll-up of a period, who has
not reported in each child, and a shared indicator (kode bersama) across the children.

Every figure of a child is the child's own, as its team recap says it: :func:`rollup` sums the very per-activity
terms of :func:`storage.aggregates.summary.period_summary` (the same SQL expressions, the same fold, the child's own
cap and thresholds), only grouped by team over all the children at once, so ``rollup(...).children[i].progress``
equals ``period_summary(session, child, period).total`` field for field (a test holds them equal).

Definitions (beside the package docstring's):

- **Children** of a parent: the teams whose ``Team.parent_id`` is the parent (one level: a child's own children are
  not the parent's).
- **The parent's deadline** for a period: ``Team.children_deadline_working_days`` working days after the period ends
  (``domain.calendar.deadline``, national holidays), e.g. 10 after a quarter (PP 39/2006).
- **Closed**: the child has a ``PeriodClosing`` row for the period with ``reopened_at`` NULL (closed by its
  secretariat with /tutup, or by itself at its lock date); **closed on time**: closed, and ``closed_at`` (as a day
  in the parent's time zone) is on or before the parent's deadline. A reopened period is not closed.
- **Rank**: by average achievement (highest first, none last), ties by completeness (highest first, none last),
  then by code.
- **Shared indicator** (:func:`shared_indicator`): the activities of the children whose ``shared_code`` is the code.
  A child's value for the period, by the measure: ``per_period`` the sum of its activities' values of the period
  (received reports only); ``cumulative`` the sum of its activities' running totals (each the latest received
  report up to the period, carried forward); ``level`` the mean of its activities' levels (each the latest received
  report up to the period). Activities with no value count nowhere (neither as 0 nor in a mean). The parent's figure:
  for counts (``per_period``, ``cumulative``) the **total** of the children's values; for levels the **mean over
  every reporting activity of every child** — each child's mean weighted by its number of reporting activities.
  Why weighted: a level is a measurement, and a child whose mean rests on five measured units tells more than one
  whose mean rests on one; the weighted mean is the plain mean of all measurements (the same figure whichever way the
  activities are grouped into teams), and a child that reported nothing weighs nothing instead of pulling the mean
  to 0. (Weighting by population would be better still, but the plan does not hold it.) The targets are combined the
  same way, over the activities with a target for the period.

Statements: :func:`rollup` is two (the per-activity terms of all children grouped by team; the closings), plus one
for the children themselves; :func:`missing_organizations` one; :func:`shared_indicator` one (grouped per child
and measure in SQL: Python adds up a dozen rows, not one per activity); :func:`shared_codes` one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Float, Integer, bindparam, cast, func, select
from sqlalchemy.sql import visitors
from sqlalchemy.sql.elements import BindParameter
from sqlmodel import Session, col

from domain.calendar import deadline
from domain.periods import Period
from domain.zones import local_today
from storage.aggregates.expected import RETURNED, excused, received, report_for, target_for
from storage.aggregates.sql import (
    ACTIVITY,
    CAP,
    ORGANIZATION,
    PERIOD,
    PROGRAM,
    REPORT,
    REVISION,
    TARGET,
    TEAM,
    activity_select,
    flag,
)
from storage.aggregates.summary import Progress, _Acc, _acc, _group_sums, _per_activity, _progress
from storage.aggregates.team import TeamInfo, start, team_info, year_floor
from storage.models import PeriodClosing, Team

PARENT_ID = bindparam("parent_id", type_=Integer)
CLOSING: Any = PeriodClosing.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class ChildProgress:
    """One child team in the parent's roll-up of a period."""

    team: TeamInfo  # the child (its own thresholds, cap and rating scale)
    progress: Progress  # the child's total, as its own /rekap says it (``period_summary(...).total``)
    rank: int  # 1 = best (see the module docstring)
    closed_at: datetime | None  # when the child closed the period (None: not closed, or reopened)
    closed_automatically: bool  # closed at its lock date rather than by a person
    closed_on_time: bool | None  # closed by the parent's deadline (None: not closed)

    @property
    def code(self) -> str:
        return self.team.code

    @property
    def name(self) -> str:
        return self.team.name

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True)
class Rollup:
    """A parent team's period: its children, ranked, and the parent's deadline for them to close it."""

    parent: TeamInfo
    period: Period
    deadline: date  # the parent's deadline (period end + children_deadline_working_days working days)
    children: list[ChildProgress]  # ranked

    @property
    def closed(self) -> int:
        return sum(1 for c in self.children if c.closed)

    @property
    def closed_on_time(self) -> int:
        return sum(1 for c in self.children if c.closed_on_time)


@dataclass(frozen=True)
class MissingOrganization:
    """An organization of a child team with expected reports of the period not received (missing or returned)."""

    organization_id: int
    code: str
    name: str
    expected: int
    received: int
    returned: int  # of the missing, returned by the secretariat (waiting for a correction)

    @property
    def missing(self) -> int:
        return self.expected - self.received


@dataclass(frozen=True)
class SharedValue:
    """One child's figure of a shared indicator in a period (see the module docstring for how it is combined)."""

    team_id: int
    code: str
    name: str
    activities: int  # the child's activities with the shared code
    reporting: int  # of them, those with a value for the period
    value: float | None  # the child's value (sum, or mean for a level); None: nothing reported
    targeted: int  # activities with a target for the period
    target: float | None  # the child's target (sum, or mean for a level); None: no target


@dataclass(frozen=True)
class SharedIndicator:
    """A shared indicator (kode bersama) across the children of a parent in one period."""

    code: str
    indicator: str  # the indicator's wording (the first child's, by code)
    unit: str
    measure: str  # per_period | cumulative | level (the most common among the activities)
    period: Period
    children: list[SharedValue]  # every child with the code, by code
    value: float | None  # the parent's total (counts) or weighted mean (levels); None: nothing reported
    target: float | None

    @property
    def is_mean(self) -> bool:
        """The parent's figure is a mean (a level), not a total."""
        return self.measure == "level"


def children(session: Session, parent_id: int) -> list[TeamInfo]:
    """The parent's child teams, by code (one statement; the ORM rows then serve ``team_info``)."""
    stmt = select(Team).where(col(Team.parent_id) == parent_id).order_by(col(Team.code))
    return [team_info(session, int(t.id)) for t in session.execute(stmt).scalars() if t.id is not None]


def rollup(session: Session, parent_id: int, period_key: str) -> Rollup:
    """One row per child of ``parent_id`` for ``period_key``, ranked: its total as its own /rekap says it (expected,
    received, on time, average achievement with predikat or light, budget spent vs ceiling, physical % vs planned),
    and whether it closed the period and by the parent's deadline. A child without activities is there with zeros.
    Raises ``AggregateError`` when the parent does not exist."""
    parent = start(session, parent_id)
    period = Period.from_key(period_key)
    kids = children(session, parent_id)
    params = {
        "parent_id": parent_id,
        "period_key": period_key,
        "year_floor": year_floor(period.year),
        "cap": float("inf"),  # a child without a cap (its NULL coalesces to this)
    }
    sums: dict[int, _Acc] = {}
    if kids:
        for tid, *vector in session.connection().execute(_rollup_statement(), params):
            sums[int(tid)] = _acc(vector)
    closings = _closings(session, [k.id for k in kids], period_key)
    due = deadline(period, _children_deadline_days(session, parent_id))
    rows: list[tuple[TeamInfo, Progress]] = [
        (kid, _progress((kid.code, kid.name), kid.id, sums.get(kid.id, _Acc()), kid)) for kid in kids
    ]
    rows.sort(key=lambda tp: _rank_key(tp[1]))
    out: list[ChildProgress] = []
    for rank, (kid, prog) in enumerate(rows, start=1):
        closed = closings.get(kid.id)
        at, automatic = closed if closed is not None else (None, False)
        on_time = None if at is None else local_today(parent.timezone, at) <= due
        out.append(ChildProgress(kid, prog, rank, at, automatic, on_time))
    return Rollup(parent=parent, period=period, deadline=due, children=out)


def _rank_key(p: Progress) -> tuple[Any, ...]:
    ach, comp = p.achievement, p.completeness
    return (ach is None, -(ach or 0.0), comp is None, -(comp or 0.0), p.code)


def _children_deadline_days(session: Session, parent_id: int) -> int:
    value = (
        session.connection()
        .execute(select(TEAM.c.children_deadline_working_days).where(TEAM.c.id == parent_id))
        .scalar_one()
    )
    return int(value)


def _closings(session: Session, team_ids: list[int], period_key: str) -> dict[int, tuple[datetime, bool]]:
    """(closed_at in UTC, automatic) of the children's closings of the period that stand (not reopened)."""
    if not team_ids:
        return {}
    stmt = select(CLOSING.c.team_id, CLOSING.c.closed_at, CLOSING.c.automatic).where(
        CLOSING.c.team_id.in_(team_ids), CLOSING.c.period_key == period_key, CLOSING.c.reopened_at.is_(None)
    )
    return {int(tid): (_utc(at), bool(auto)) for tid, at, auto in session.connection().execute(stmt)}


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


@cache
def _rollup_statement() -> Any:
    """``period_summary``'s per-activity terms over the activities of every child of ``parent_id``, summed by team.

    The summary's statement is written for one team (``team_id`` bound): here the team is each activity's own
    (``program.team_id``), the cap each child's own (``team.achievement_cap``, no cap: ``cap`` bound to infinity),
    and the children are those of ``parent_id``; everything else is the summary's SQL, unchanged."""
    per_activity = _per_activity("team", True)
    per_activity = _rebind(per_activity, {"team_id": PROGRAM.c.team_id})
    child = TEAM.alias("child")
    per_activity = (
        per_activity.add_columns(
            PROGRAM.c.team_id.label("tid"),
            func.coalesce(cast(child.c.achievement_cap, Float), CAP).label("team_cap"),
        )
        .join(child, child.c.id == PROGRAM.c.team_id)
        .where(child.c.parent_id == PARENT_ID)
    )
    act = per_activity.cte("act").prefix_with("MATERIALIZED")
    sums = [_rebind(s, {"cap": act.c.team_cap}) for s in _group_sums(act)]
    return select(act.c.tid, *sums).group_by(act.c.tid)


def _rebind(element: Any, replacements: dict[str, Any]) -> Any:
    """``element`` with the bind parameters named in ``replacements`` replaced by those expressions."""

    def replace(node: Any) -> Any:
        if isinstance(node, BindParameter) and node.key in replacements:
            return replacements[node.key]
        return None

    opts: dict[str, Any] = {}
    return visitors.replacement_traverse(element, opts, replace)  # type: ignore[call-overload]


def missing_organizations(session: Session, parent_id: int, period_key: str) -> dict[int, list[MissingOrganization]]:
    """Per child team id, its organizations with expected reports of the period not received (missing or returned),
    most missing first, then by code; a child with nothing missing is absent. One statement over all children."""
    rows = session.connection().execute(_missing_statement(), {"parent_id": parent_id, "period_key": period_key})
    out: dict[int, list[MissingOrganization]] = {}
    for tid, oid, code, name, expected, got, back in rows:
        org = MissingOrganization(int(oid), str(code), str(name), int(expected), int(got or 0), int(back or 0))
        out.setdefault(int(tid), []).append(org)
    for orgs in out.values():
        orgs.sort(key=lambda o: (-o.missing, o.code))
    return out


@cache
def _missing_statement() -> Any:
    child = TEAM.alias("child")
    joined = (
        TARGET.join(ACTIVITY, target_for(ACTIVITY.c.id, PERIOD))
        .join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id)
        .join(child, child.c.id == PROGRAM.c.team_id)
        .join(ORGANIZATION, ORGANIZATION.c.id == ACTIVITY.c.organization_id)
        .outerjoin(REPORT, report_for(TARGET.c.activity_id, TARGET.c.period_key))
    )
    got = func.sum(flag(received()))
    return (
        select(
            PROGRAM.c.team_id,
            ORGANIZATION.c.id,
            ORGANIZATION.c.code,
            ORGANIZATION.c.name,
            func.count().label("expected"),
            got.label("received"),
            func.sum(flag(REPORT.c.status == RETURNED)).label("returned"),
        )
        .select_from(joined)
        .where(
            child.c.parent_id == PARENT_ID,
            # correlated to the program too: else the EXISTS has a program of its own (``FROM exemption, program``),
            # an exemption in any team excuses the organization, and SQLite scans the exemptions per activity
            ~excused(PROGRAM.c.team_id, ACTIVITY.c.organization_id, PERIOD, ACTIVITY).correlate(PROGRAM),
        )
        .group_by(PROGRAM.c.team_id, ORGANIZATION.c.id, ORGANIZATION.c.code, ORGANIZATION.c.name)
        .having(got < func.count())
    )


def shared_codes(session: Session, parent_id: int) -> list[tuple[str, str]]:
    """The shared codes among the parent's children's activities, with an indicator's wording each, by code."""
    rows = session.connection().execute(_codes_statement(), {"parent_id": parent_id})
    return [(str(code), str(ind or name or "")) for code, ind, name in rows]


@cache
def _codes_statement() -> Any:
    """Built once (an alias and its statement cost ~7 ms of Python, more than the statement takes on SQLite)."""
    child = TEAM.alias("child")
    return (
        select(ACTIVITY.c.shared_code, func.min(ACTIVITY.c.indicator), func.min(ACTIVITY.c.name))
        .select_from(
            ACTIVITY.join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id).join(child, child.c.id == PROGRAM.c.team_id)
        )
        .where(child.c.parent_id == PARENT_ID, ACTIVITY.c.shared_code.is_not(None))
        .group_by(ACTIVITY.c.shared_code)
        .order_by(ACTIVITY.c.shared_code)
    )


def shared_indicator(session: Session, parent_id: int, code: str, period_key: str) -> SharedIndicator | None:
    """The shared indicator ``code`` (matched without regard to case) across the parent's children in
    ``period_key``: each child's value and target, and the parent's total or mean (module docstring). None when no
    child has an activity with the code.

    One statement (:func:`_shared_statement`) sums and counts per child and measure in SQL; Python adds up a child's
    rows (one per measure its activities use, mostly one), picks the most common measure (ties: alphabetical), and
    turns each sum into a total or, for a level, a mean (sum ÷ count)."""
    period = Period.from_key(period_key)
    params = {
        "parent_id": parent_id,
        "period_key": period_key,
        "year_floor": year_floor(period.year),
        "shared_code": code.strip().upper(),
    }
    rows = session.connection().execute(_shared_statement(), params).all()
    if not rows:
        return None
    kinds: dict[str, int] = {}
    per_team: dict[int, _Shared] = {}
    for tid, tcode, tname, measure, n, reporting, total, targeted, target, *_header in rows:
        kinds[measure] = kinds.get(measure, 0) + int(n)
        entry = per_team.get(tid)
        if entry is None:
            entry = per_team[tid] = _Shared(int(tid), str(tcode), str(tname))
        entry.add(int(n), int(reporting), total, int(targeted), target)
    measure = max(sorted(kinds), key=lambda k: kinds[k])
    level = measure == "level"
    kids = sorted(per_team.values(), key=lambda e: e.code)
    shared_code, wording, unit = rows[0][-3:]  # the same on every row
    return SharedIndicator(
        code=str(shared_code),
        indicator=str(wording or ""),
        unit=str(unit or ""),
        measure=measure,
        period=period,
        children=[e.value(level) for e in kids],
        value=_combine(sum(e.total for e in kids), sum(e.reporting for e in kids), level),
        target=_combine(sum(e.target for e in kids), sum(e.targeted for e in kids), level),
    )


class _Shared:
    """One child's grouped rows of :func:`_shared_statement`, added up."""

    def __init__(self, team_id: int, code: str, name: str) -> None:
        self.team_id, self.code, self.name = team_id, code, name
        self.activities = self.reporting = self.targeted = 0
        self.total = self.target = 0.0

    def add(self, n: int, reporting: int, total: Any, targeted: int, target: Any) -> None:
        self.activities += n
        self.reporting += reporting
        self.targeted += targeted
        self.total += float(total or 0.0)
        self.target += float(target or 0.0)

    def value(self, level: bool) -> SharedValue:
        return SharedValue(
            self.team_id,
            self.code,
            self.name,
            self.activities,
            self.reporting,
            _combine(self.total, self.reporting, level),
            self.targeted,
            _combine(self.target, self.targeted, level),
        )


def _combine(total: float, count: int, level: bool) -> float | None:
    """A total (counts) or a mean (levels) of ``count`` values summing to ``total``; None for no value."""
    if not count:
        return None
    return total / count if level else total


@cache
def _shared_statement() -> Any:
    """Per child of ``parent_id`` and measure, over its activities with the shared code: how many, how many with a
    value for the period (the summary's realisation: the period's received report, or for a cumulative or level
    activity the latest received before it) and their sum, how many with a target for the period and their sum; by
    child code. On every row, the same header: the shared code as written and the wording (indicator, else name) of
    the first activity (by child code, program and activity position, activity code), and the first unit given.

    The activities are materialised once (``acts``); the header is three scalar subqueries over them, each a sort
    of a few hundred rows, evaluated once (a ``ROW_NUMBER`` window per child cost SQLite 15–25 % more)."""
    _, x, _ = activity_select("team")
    child = TEAM.alias("child")
    joined = (
        child.join(PROGRAM, PROGRAM.c.team_id == child.c.id)
        .join(ACTIVITY, ACTIVITY.c.program_id == PROGRAM.c.id)
        .outerjoin(TARGET, target_for(ACTIVITY.c.id, PERIOD))
        .outerjoin(REPORT, report_for(ACTIVITY.c.id, PERIOD))
        .outerjoin(REVISION, REVISION.c.id == REPORT.c.current_revision_id)
    )
    acts = (
        select(
            PROGRAM.c.team_id.label("tid"),
            child.c.code.label("tcode"),
            child.c.name.label("tname"),
            PROGRAM.c.position.label("pp"),
            ACTIVITY.c.position.label("ap"),
            ACTIVITY.c.code.label("ac"),
            ACTIVITY.c.measure,
            ACTIVITY.c.shared_code,
            func.coalesce(func.nullif(ACTIVITY.c.indicator, ""), ACTIVITY.c.name).label("wording"),
            func.nullif(ACTIVITY.c.unit, "").label("unit"),
            x["value"].label("x"),
            TARGET.c.value.label("tv"),
        )
        .select_from(joined)
        .where(child.c.parent_id == PARENT_ID, func.upper(ACTIVITY.c.shared_code) == bindparam("shared_code"))
        .cte("acts")
        .prefix_with("MATERIALIZED")
    )

    def first(column: Any, *where: Any) -> Any:
        return (
            select(column)
            .where(*where)
            .order_by(acts.c.tcode, acts.c.pp, acts.c.ap, acts.c.ac)
            .limit(1)
            .correlate(None)
            .scalar_subquery()
        )

    return (
        select(
            acts.c.tid,
            acts.c.tcode,
            acts.c.tname,
            acts.c.measure,
            func.count(),
            func.count(acts.c.x),
            func.sum(acts.c.x),
            func.count(acts.c.tv),
            func.sum(acts.c.tv),
            first(acts.c.shared_code),
            first(acts.c.wording),
            first(acts.c.unit, acts.c.unit.is_not(None)),
        )
        .group_by(acts.c.tid, acts.c.tcode, acts.c.tname, acts.c.measure)
        .order_by(acts.c.tcode, acts.c.measure)
    )


__all__ = [
    "ChildProgress",
    "MissingOrganization",
    "Rollup",
    "SharedIndicator",
    "SharedValue",
    "children",
    "missing_organizations",
    "rollup",
    "shared_codes",
    "shared_indicator",
]
