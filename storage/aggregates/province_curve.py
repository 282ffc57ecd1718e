"""The S-curve of a parent team (a province over its regencies): each child team's curve (:func:`scurve`), weighted
by the child's budget.

A child's weight is the budget ceiling (pagu) summed over the activities its own curve is drawn from (those with any
planned physical % in the year), so the province's point is what one team holding every child's activities would
show: within a child the activities are weighted by ceiling, across children the child's curve by its ceilings'
sum (up to the rounding of each child's points to 2 decimals).

A **child without budget** (no ceiling on any activity of its curve) weighs 0, as an activity without a ceiling does
within a team, and is counted in :attr:`ProvinceSCurve.unweighted` so the screen can say it is left out; when *no*
child has a budget, the children's curves are averaged plainly, each child counting once. A child with no planned
physical % at all has no curve and takes no part (:attr:`ProvinceSCurve.without_plan`).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, cast, func, select
from sqlmodel import Session

from domain.rating import round_pct
from storage.aggregates.curve import SCurve, SCurvePoint, scurve
from storage.aggregates.province import children as child_teams
from storage.aggregates.sql import ACTIVITY, PROGRAM, TARGET
from storage.aggregates.team import TeamInfo, team_info, year_floor


@dataclass(frozen=True)
class ChildCurve:
    """One child team's curve and its weight in the parent's."""

    team_id: int
    code: str
    name: str
    ceiling: int  # Rp, over the activities of its curve
    curve: SCurve


@dataclass(frozen=True)
class ProvinceSCurve:
    parent: TeamInfo
    points: list[SCurvePoint]  # the parent's periods
    children: list[ChildCurve]  # with a curve, by code
    weighted: bool  # by budget (False: each child counts once)
    unweighted: list[str]  # codes of the children with a curve but no budget (weigh 0 when ``weighted``)
    without_plan: list[str]  # codes of the children without any planned physical %

    @property
    def activities(self) -> int:
        return sum(c.curve.activities for c in self.children)

    @property
    def last_actual(self) -> SCurvePoint | None:
        return next((p for p in reversed(self.points) if p.actual is not None), None)


def _ceiling(session: Session, team_id: int, year: int) -> int:
    """The budget ceilings summed over the team's activities with any planned physical % in ``year`` (the
    population of its :func:`scurve`)."""
    planned = select(TARGET.c.activity_id).where(
        TARGET.c.planned_physical.is_not(None),
        TARGET.c.period_key > year_floor(year),
        TARGET.c.period_key < year_floor(year + 1),
    )
    query = (
        select(func.sum(cast(func.coalesce(ACTIVITY.c.budget_ceiling, 0), Float)))
        .select_from(ACTIVITY.join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id))
        .where(PROGRAM.c.team_id == team_id, ACTIVITY.c.id.in_(planned))
    )
    return int(session.connection().execute(query).scalar() or 0)


def province_scurve(session: Session, parent_id: int, upto: str | None = None) -> ProvinceSCurve:
    """Planned and actual cumulative physical % per period of the parent's year over its children, each child's
    curve weighted by its budget (see the module's docstring for a child without one); actual points stop at
    ``upto``. One curve per child (one or two statements each, one more for its ceiling)."""
    parent = team_info(session, parent_id)
    children = child_teams(session, parent_id)
    with_curve: list[ChildCurve] = []
    without_plan: list[str] = []
    for child in children:
        curve = scurve(session, child.id, upto=upto)
        if curve.activities == 0:
            without_plan.append(child.code)
            continue
        with_curve.append(
            ChildCurve(child.id, child.code, child.name, _ceiling(session, child.id, curve.team.year), curve)
        )
    weighted = any(c.ceiling > 0 for c in with_curve)
    unweighted = [c.code for c in with_curve if c.ceiling <= 0]
    weights = [float(c.ceiling) if weighted else 1.0 for c in with_curve]
    total = sum(weights)
    points: list[SCurvePoint] = []
    for period in parent.periods:
        planned = actual = 0.0
        any_plan = any_actual = False
        for done, w in zip(with_curve, weights, strict=True):
            point = next((p for p in done.curve.points if p.period.key == period.key), None)
            if point is None:
                continue
            if point.planned is not None:
                planned += w * point.planned
                any_plan = True
            if point.actual is not None:
                actual += w * point.actual
                any_actual = True
        shown = upto is None or period.key <= upto
        points.append(
            SCurvePoint(
                period,
                round_pct(planned / total) if any_plan and total else None,
                round_pct(actual / total) if any_actual and total and shown else None,
            )
        )
    return ProvinceSCurve(parent, points, with_curve, weighted, unweighted, without_plan)
