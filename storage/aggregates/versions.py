"""The plan *murni* beside the plan in force: what the progress screens show of plan versions (issue 14).

``Target`` holds the target in force for each (activity, period) and every other aggregate measures against it;
this module only reads version 1's targets (``PlanTarget`` rows of the team's ``PlanVersion`` number 1, the plan
*murni*) to say where the plan in force differs from them, and which activities are stopped (``stopped_from``).
A team without a version 1 (stored before versions, and not yet given one by ``ensure_first_version``) has no
murni to differ from: nothing is said to have changed.

- :func:`period_murni`: one period's murni targets and the differences (/rekap, the Excel recap);
- :func:`measured_targets`: for given reports (activity, period), the target in force they were measured against
  and the murni one (/riwayat, /verifikasi);
- the murni S-curve is in :mod:`storage.aggregates.curve` (:func:`~storage.aggregates.curve.murni_scurve`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, or_, select, true
from sqlmodel import Session

from storage.aggregates.sql import ACTIVITY, ORGANIZATION, PROGRAM, TARGET
from storage.models import PlanTarget, PlanVersion

PLAN_TARGET: Any = PlanTarget.__table__  # type: ignore[attr-defined]
PLAN_VERSION: Any = PlanVersion.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class TargetValue:
    """A target as a plan states it: one value, or a range (``value`` then the bound that counts)."""

    value: float
    value_min: float | None = None
    value_max: float | None = None

    @property
    def is_range(self) -> bool:
        return self.value_min is not None and self.value_max is not None


@dataclass(frozen=True)
class TargetDifference:
    """One activity whose target in a period is not the plan murni's (or that is stopped from then on)."""

    program_code: str
    activity_code: str
    activity_name: str
    indicator: str
    unit: str
    organization_code: str
    in_force: TargetValue | None  # None: no target in force for the period (stopped, or moved away)
    murni: TargetValue | None  # None: the plan murni had none (added later, or moved here)
    stopped_from: str | None  # dihentikan mulai: the activity's first period without a target in force


@dataclass(frozen=True)
class PeriodMurni:
    """The plan murni of one period, keyed by (program code, activity code)."""

    period_key: str
    has_murni: bool  # the team has a version 1 (else ``murni`` is empty and nothing differs)
    murni: dict[tuple[str, str], TargetValue] = field(default_factory=dict)
    stopped: dict[tuple[str, str], str] = field(default_factory=dict)  # every stopped activity of the team
    differences: list[TargetDifference] = field(default_factory=list)  # in plan order


def _value(value: Any, low: Any, high: Any) -> TargetValue:
    both = low is not None and high is not None
    return TargetValue(float(value), float(low) if both else None, float(high) if both else None)


def first_version_id(session: Session, team_id: int) -> int | None:
    """The id of the team's version 1 (the plan murni), None when the team has no versions."""
    found = session.connection().execute(_FIRST_VERSION, {"team_id": team_id}).first()
    return int(found[0]) if found is not None else None


_FIRST_VERSION = select(PLAN_VERSION.c.id).where(
    PLAN_VERSION.c.team_id == bindparam("team_id", type_=Integer), PLAN_VERSION.c.number == 1
)


def period_murni(session: Session, team_id: int, period_key: str, *, differences_only: bool = False) -> PeriodMurni:
    """Version 1's targets of ``period_key`` beside the targets in force (one statement, after finding version 1).

    ``differences``: the activities whose value or range in force is not the murni's, or that have a target in one
    and not the other (a stopped activity, a target moved between periods, an activity added later).
    ``differences_only``: read just those rows (``murni`` then holds only theirs), as /rekap needs."""
    version_id = first_version_id(session, team_id)
    if version_id is None:
        return PeriodMurni(period_key, False)
    params = {"team_id": team_id, "period_key": period_key, "version_id": version_id}
    out = PeriodMurni(period_key, True)
    for row in session.connection().execute(_period_statement(differences_only), params):
        (prog, code, name, indicator, unit, org, stopped, t_id, t_v, t_lo, t_hi, m_id, m_v, m_lo, m_hi) = row
        key = (str(prog), str(code))
        in_force = _value(t_v, t_lo, t_hi) if t_id is not None else None
        murni = _value(m_v, m_lo, m_hi) if m_id is not None else None
        if murni is not None:
            out.murni[key] = murni
        if stopped is not None:
            out.stopped[key] = str(stopped)
        if (in_force is not None or murni is not None) and in_force != murni:
            out.differences.append(
                TargetDifference(
                    key[0], key[1], str(name), str(indicator or ""), str(unit or ""), str(org), in_force, murni,
                    str(stopped) if stopped is not None else None,
                )
            )  # fmt: skip
    return out


@cache
def _period_statement(differences_only: bool) -> Any:
    a, p, o, t, m = ACTIVITY, PROGRAM, ORGANIZATION, TARGET, PLAN_TARGET
    period = bindparam("period_key", type_=String)
    joined = (
        a.join(p, p.c.id == a.c.program_id)
        .join(o, o.c.id == a.c.organization_id)
        .outerjoin(t, and_(t.c.activity_id == a.c.id, t.c.period_key == period))
        .outerjoin(
            m,
            and_(
                m.c.activity_id == a.c.id,
                m.c.period_key == period,
                m.c.version_id == bindparam("version_id", type_=Integer),
                m.c.present == true(),
            ),
        )
    )
    where: list[Any] = [p.c.team_id == bindparam("team_id", type_=Integer)]
    if differences_only:
        where.append(
            or_(
                t.c.value.is_distinct_from(m.c.value),
                t.c.value_min.is_distinct_from(m.c.value_min),
                t.c.value_max.is_distinct_from(m.c.value_max),
                a.c.stopped_from.is_not(None),
            )
        )
    where.append(or_(t.c.id.is_not(None), m.c.id.is_not(None), a.c.stopped_from.is_not(None)))
    return (
        select(
            p.c.code,
            a.c.code,
            a.c.name,
            a.c.indicator,
            a.c.unit,
            o.c.code,
            a.c.stopped_from,
            t.c.id,
            t.c.value,
            t.c.value_min,
            t.c.value_max,
            m.c.id,
            m.c.value,
            m.c.value_min,
            m.c.value_max,
        )
        .select_from(joined)
        .where(*where)
        .order_by(p.c.position, p.c.code, o.c.code, a.c.position, a.c.code)
    )


@dataclass(frozen=True)
class MeasuredTarget:
    """The target a report of (activity, period) is measured against (the one in force for its period) and the plan
    murni's, to say when they differ."""

    in_force: TargetValue | None
    murni: TargetValue | None
    has_murni: bool  # the team has a version 1: ``murni`` None then means the plan murni had no target

    @property
    def changed(self) -> bool:
        """The target in force is not the plan murni's (a later version changed it)."""
        return self.has_murni and self.in_force != self.murni


def measured_targets(session: Session, pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], MeasuredTarget]:
    """For each (activity id, period key): its target in force and its plan murni target (two statements)."""
    wanted = set(pairs)
    if not wanted:
        return {}
    ids = sorted({a for a, _ in wanted})
    keys = sorted({k for _, k in wanted})
    conn = session.connection()
    in_force: dict[tuple[int, str], TargetValue] = {}
    for aid, pk, v, lo, hi in conn.execute(
        select(TARGET.c.activity_id, TARGET.c.period_key, TARGET.c.value, TARGET.c.value_min, TARGET.c.value_max).where(
            TARGET.c.activity_id.in_(ids), TARGET.c.period_key.in_(keys)
        )
    ):
        in_force[(int(aid), str(pk))] = _value(v, lo, hi)
    # version 1 of each activity's team; the teams that have one
    first = (
        select(PLAN_VERSION.c.id, PLAN_VERSION.c.team_id).where(PLAN_VERSION.c.number == 1).subquery("first_version")
    )
    team_of = {
        int(aid): (int(team), vid)
        for aid, team, vid in conn.execute(
            select(ACTIVITY.c.id, PROGRAM.c.team_id, first.c.id)
            .select_from(
                ACTIVITY.join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id).outerjoin(
                    first, first.c.team_id == PROGRAM.c.team_id
                )
            )
            .where(ACTIVITY.c.id.in_(ids))
        )
    }
    murni: dict[tuple[int, str], TargetValue] = {}
    versions = sorted({vid for _, vid in team_of.values() if vid is not None})
    if versions:
        m = PLAN_TARGET
        for aid, pk, v, lo, hi in conn.execute(
            select(m.c.activity_id, m.c.period_key, m.c.value, m.c.value_min, m.c.value_max).where(
                m.c.version_id.in_(versions),
                m.c.activity_id.in_(ids),
                m.c.period_key.in_(keys),
                m.c.present == true(),
            )
        ):
            murni[(int(aid), str(pk))] = _value(v, lo, hi)
    return {
        (aid, pk): MeasuredTarget(
            in_force.get((aid, pk)),
            murni.get((aid, pk)),
            team_of.get(aid, (0, None))[1] is not None,
        )
        for aid, pk in wanted
    }
