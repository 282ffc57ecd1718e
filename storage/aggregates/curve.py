"""The S-curve (/kurva): cumulative planned and actual physical % per period of the year, weighted by budget
ceiling (one statement, a second only for a plan with gaps); and, after a plan version, the plan *murni*'s planned
curve (:func:`murni_scurve`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import func, literal, literal_column, null, select, true, union_all
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from domain.periods import Period
from domain.rating import is_critical_deviation, pct_decimal, round_pct
from storage.aggregates.expected import received
from storage.aggregates.sql import (
    ACTIVITY,
    PROGRAM,
    REPORT,
    REVISION,
    TARGET,
    TEAM_ID,
    UPTO,
    YEAR_FLOOR,
    YEAR_LAST,
    scope_filter,
    weight,
)
from storage.aggregates.team import TEAM_SCOPE, Scope, TeamInfo, shape_of, start, statement_params
from storage.aggregates.versions import PLAN_TARGET, PLAN_VERSION

_T_ANY = TARGET.alias("t_any")


@dataclass(frozen=True)
class SCurvePoint:
    period: Period
    planned: float | None  # cumulative planned physical %
    actual: float | None  # cumulative actual physical % (None after ``upto``)

    @property
    def deviation(self) -> float | None:
        """Actual − planned, percentage points (negative = behind)."""
        if self.planned is None or self.actual is None:
            return None
        return self.actual - self.planned

    @property
    def critical(self) -> bool:
        """Behind plan beyond the usual thresholds (``domain.rating.is_critical_deviation``)."""
        if self.planned is None or self.actual is None:
            return False
        return is_critical_deviation(pct_decimal(self.planned), pct_decimal(self.actual))


@dataclass(frozen=True)
class SCurve:
    team: TeamInfo
    scope: Scope
    points: list[SCurvePoint]
    activities: int  # activities with a planned physical %
    weighted: bool  # weighted by budget ceiling (False: plain mean)

    @property
    def last_actual(self) -> SCurvePoint | None:
        """The latest point with an actual value."""
        return next((p for p in reversed(self.points) if p.actual is not None), None)


def _num(value: Any) -> float:
    return float(value) if value is not None else 0.0


def scurve(session: Session, team_id: int, scope: Scope = TEAM_SCOPE, upto: str | None = None) -> SCurve:
    """Cumulative planned vs actual physical % per period of the year, weighted by budget ceiling.

    One statement over the population (the activities of the scope with any planned physical % in the year, a
    materialised CTE): its size and ceiling; the plan summed per period (exact when every activity has a plan row
    in every period, as plans usually do); the reports' increments per period (``LAG`` over each activity's
    received reports with a physical %), both weighted and plain, so that the choice of weights needs no second
    pass. Only a plan with gaps takes a second statement, which carries it forward by increments the same way.
    Running totals over the 4 or 12 periods are taken here."""
    team = start(session, team_id)
    periods = team.periods
    params = statement_params(team, scope, upto=upto or periods[-1].key)
    shape = shape_of(scope)
    conn = session.connection()
    n, ceiling_sum = 0, 0
    plan_rows_out: list[tuple[str, float, float, int]] = []
    act_rows: list[tuple[str, float, float]] = []
    for kind, key, first, second, count in conn.execute(_scurve_statements(shape)[0], params).all():
        if kind == "n":
            n, ceiling_sum = int(first or 0), int(second or 0)
        elif kind == "p":
            plan_rows_out.append((str(key), _num(first), _num(second), int(count)))
        else:
            act_rows.append((str(key), _num(first), _num(second)))
    weighted = ceiling_sum > 0
    denom = float(ceiling_sum) if weighted else float(n)
    plan: dict[str, float] = {}
    if n and len(plan_rows_out) == len(periods) and all(row[3] == n for row in plan_rows_out):
        # Every activity has a plan row in every period: the sums are the cumulative plan itself.
        level = {key: w_sum if weighted else plain for key, w_sum, plain, _ in plan_rows_out}
        previous = 0.0
        for period in periods:
            plan[period.key] = level[period.key] - previous
            previous = level[period.key]
    elif n:
        fallback = _scurve_statements(shape)[1 if weighted else 2]
        plan = {str(k): _num(v) for k, v in conn.execute(fallback, params).all()}
    actual = {key: w_sum if weighted else plain for key, w_sum, plain in act_rows} if n else {}
    points: list[SCurvePoint] = []
    run_plan = run_act = 0.0
    for period in periods:
        run_plan += plan.get(period.key, 0.0)
        run_act += actual.get(period.key, 0.0)
        show_actual = upto is None or period.key <= upto
        points.append(
            SCurvePoint(
                period=period,
                planned=round_pct(run_plan / denom) if n else None,
                actual=round_pct(run_act / denom) if n and show_actual else None,
            )
        )
    return SCurve(team=team, scope=scope, points=points, activities=n, weighted=weighted)


@cache
def _scurve_statements(shape: str) -> tuple[Any, Any, Any]:
    """The S-curve's statement, and the plan-with-gaps fallbacks (weighted, plain)."""
    floor, last = YEAR_FLOOR, YEAR_LAST
    t_any = _T_ANY
    planned_any = (
        select(t_any.c.id)
        .where(
            t_any.c.activity_id == ACTIVITY.c.id,
            t_any.c.planned_physical.is_not(None),
            t_any.c.period_key > floor,
            t_any.c.period_key <= last,
        )
        .correlate(ACTIVITY)
        .exists()
    )
    pop = (
        select(ACTIVITY.c.id.label("aid"), ACTIVITY.c.budget_ceiling.label("ceiling"), weight().label("w"))
        .select_from(ACTIVITY.join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id))
        .where(PROGRAM.c.team_id == TEAM_ID, *scope_filter(shape), planned_any)
        .cte("pop")
        .prefix_with("MATERIALIZED")
    )
    plan_rows = (TARGET.c.planned_physical.is_not(None), TARGET.c.period_key > floor, TARGET.c.period_key <= last)
    prev_act = func.lag(REVISION.c.physical_pct).over(partition_by=REPORT.c.activity_id, order_by=REPORT.c.period_key)
    act_inc = (
        select(
            REPORT.c.period_key.label("pk"),
            pop.c.w,
            (REVISION.c.physical_pct - func.coalesce(prev_act, 0.0)).label("inc"),
        )
        .select_from(
            pop.join(REPORT, REPORT.c.activity_id == pop.c.aid).join(
                REVISION, REVISION.c.id == REPORT.c.current_revision_id
            )
        )
        .where(
            received(),
            REVISION.c.physical_pct.is_not(None),
            REPORT.c.period_key > floor,
            REPORT.c.period_key <= UPTO,
        )
        .subquery("act_inc")
    )
    main = union_all(
        select(literal_column("'n'").label("kind"), null(), func.count(), func.sum(pop.c.ceiling), null()),
        select(
            literal_column("'p'"),
            TARGET.c.period_key,
            func.sum(pop.c.w * TARGET.c.planned_physical),
            func.sum(TARGET.c.planned_physical),
            func.count(),
        )
        .select_from(pop.join(TARGET, TARGET.c.activity_id == pop.c.aid))
        .where(*plan_rows)
        .group_by(TARGET.c.period_key),
        select(
            literal_column("'a'"), act_inc.c.pk, func.sum(act_inc.c.w * act_inc.c.inc), func.sum(act_inc.c.inc), null()
        ).group_by(act_inc.c.pk),
    )

    def plan_increments(w: ColumnElement[Any]) -> Any:
        prev = func.lag(TARGET.c.planned_physical).over(partition_by=TARGET.c.activity_id, order_by=TARGET.c.period_key)
        inc = (
            select(
                TARGET.c.period_key.label("pk"),
                (w * (TARGET.c.planned_physical - func.coalesce(prev, 0.0))).label("inc"),
            )
            .select_from(pop.join(TARGET, TARGET.c.activity_id == pop.c.aid))
            .where(*plan_rows)
            .subquery("plan_inc")
        )
        return select(inc.c.pk, func.sum(inc.c.inc)).group_by(inc.c.pk)

    return main, plan_increments(pop.c.w), plan_increments(literal(1.0))


def murni_scurve(session: Session, curve: SCurve) -> list[float | None] | None:
    """The planned S-curve of the plan *murni* (version 1's planned physical %) over ``curve``'s scope and periods,
    or None when it is the plan in force's (no later version, or none that changed the planned curve).

    Computed as :func:`scurve` computes its plan, over version 1's ``PlanTarget`` rows instead of the targets in
    force: the activities of the scope with any murni planned physical %, weighted by budget ceiling (the ceiling
    as it stands: the weights of both curves are the same, so the two lines differ only where a version changed the
    planned physical %, stopped or added an activity), carried forward by increments over periods without a row.
    One small statement to see that the team has a version after the murni; one more only then."""
    team = curve.team
    conn = session.connection()
    if conn.execute(_LATER_VERSION, {"team_id": team.id}).first() is None:
        return None
    params = statement_params(team, curve.scope)
    n, ceiling_sum = 0, 0
    increments: dict[str, tuple[float, float]] = {}
    for kind, key, first, second in conn.execute(_murni_statement(shape_of(curve.scope)), params).all():
        if kind == "n":
            n, ceiling_sum = int(first or 0), int(second or 0)
        else:
            increments[str(key)] = (_num(first), _num(second))
    if not n:
        return None
    weighted = ceiling_sum > 0
    denom = float(ceiling_sum) if weighted else float(n)
    out: list[float | None] = []
    running = 0.0
    for period in team.periods:
        w_inc, plain_inc = increments.get(period.key, (0.0, 0.0))
        running += w_inc if weighted else plain_inc
        out.append(round_pct(running / denom))
    if out == [p.planned for p in curve.points]:
        return None
    return out


_LATER_VERSION = select(PLAN_VERSION.c.id).where(PLAN_VERSION.c.team_id == TEAM_ID, PLAN_VERSION.c.number > 1).limit(1)


@cache
def _murni_statement(shape: str) -> Any:
    """The murni plan's population (count, ceiling sum) and its weighted and plain increments per period."""
    m = PLAN_TARGET
    first = (
        select(PLAN_VERSION.c.id).where(PLAN_VERSION.c.team_id == TEAM_ID, PLAN_VERSION.c.number == 1).scalar_subquery()
    )
    rows = (
        m.c.version_id == first,
        m.c.present == true(),
        m.c.planned_physical.is_not(None),
        m.c.period_key > YEAR_FLOOR,
        m.c.period_key <= YEAR_LAST,
    )
    m_any = m.alias("m_any")
    planned_any = (
        select(m_any.c.id)
        .where(
            m_any.c.activity_id == ACTIVITY.c.id,
            m_any.c.version_id == first,
            m_any.c.present == true(),
            m_any.c.planned_physical.is_not(None),
            m_any.c.period_key > YEAR_FLOOR,
            m_any.c.period_key <= YEAR_LAST,
        )
        .correlate(ACTIVITY)
        .exists()
    )
    pop = (
        select(ACTIVITY.c.id.label("aid"), ACTIVITY.c.budget_ceiling.label("ceiling"), weight().label("w"))
        .select_from(ACTIVITY.join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id))
        .where(PROGRAM.c.team_id == TEAM_ID, *scope_filter(shape), planned_any)
        .cte("murni_pop")
    )
    prev = func.lag(m.c.planned_physical).over(partition_by=m.c.activity_id, order_by=m.c.period_key)
    inc = (
        select(
            m.c.period_key.label("pk"),
            pop.c.w,
            (m.c.planned_physical - func.coalesce(prev, 0.0)).label("inc"),
        )
        .select_from(pop.join(m, m.c.activity_id == pop.c.aid))
        .where(*rows)
        .subquery("murni_inc")
    )
    return union_all(
        select(literal_column("'n'").label("kind"), null(), func.count(), func.sum(pop.c.ceiling)),
        select(literal_column("'p'"), inc.c.pk, func.sum(inc.c.w * inc.c.inc), func.sum(inc.c.inc)).group_by(inc.c.pk),
    )
