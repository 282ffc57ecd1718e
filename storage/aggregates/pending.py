"""Who has not reported (/belum): the organizations with expected reports not received in a period, with the
activities concerned and their focal points."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from storage.aggregates.contacts import FocalPoint, focal_points
from storage.aggregates.expected import RETURNED, excused, received, report_for, target_for
from storage.aggregates.sql import (
    ACTIVITY,
    ORGANIZATION,
    PERIOD,
    PROGRAM,
    REPORT,
    TARGET,
    TEAM_ID,
    flag,
    scope_filter,
)
from storage.aggregates.team import TEAM_SCOPE, Scope, shape_of, start, statement_params


@dataclass(frozen=True)
class PendingActivity:
    code: str
    name: str
    program_code: str
    returned: bool
    reason: str | None = None
    target: float | None = None  # the period's target (a range: the bound that counts as reaching it)
    target_min: float | None = None  # a range target's bounds (80–90%)
    target_max: float | None = None
    unit: str = ""
    measure: str = "per_period"  # per_period | cumulative | level
    direction: str = "naik"  # naik | turun

    @property
    def read_otherwise(self) -> bool:
        """Not a plain count where higher is better: a level, a range or a lower-is-better indicator."""
        return self.measure == "level" or self.direction == "turun" or self.target_min is not None


@dataclass(frozen=True)
class Laggard:
    """An organization with expected reports not received in a period."""

    organization_id: int
    code: str
    name: str
    expected: int
    received: int
    activities: list[PendingActivity]
    focal_points: list[FocalPoint]

    @property
    def missing(self) -> int:
        return self.expected - self.received


def laggards(session: Session, team_id: int, period_key: str, scope: Scope = TEAM_SCOPE) -> list[Laggard]:
    """Organizations with expected reports not received in ``period_key`` (missing or returned), with the
    activities concerned and the organization's focal points; most missing first (two queries). The first returns
    only the activities not received, each with its organization's expected and received counts (window sums)."""
    team = start(session, team_id)
    stmt = _laggards_statement(shape_of(scope))
    orgs: dict[int, dict[str, Any]] = {}
    pending = session.connection().execute(stmt, statement_params(team, scope, period_key=period_key)).all()
    for org_id, ocode, oname, expected, got, acode, aname, pcode, status, reason, *target in pending:
        entry = orgs.get(org_id)
        if entry is None:
            entry = orgs[org_id] = {"code": ocode, "name": oname, "expected": int(expected), "received": int(got)}
            entry["acts"] = []
        returned = status == RETURNED
        value, low, high, unit, measure, direction = target
        ranged = low is not None and high is not None
        entry["acts"].append(
            PendingActivity(
                acode,
                aname,
                pcode,
                returned,
                reason if returned else None,
                float(value) if value is not None else None,
                float(low) if ranged else None,
                float(high) if ranged else None,
                unit or "",
                measure,
                direction,
            )
        )
    focal = focal_points(session, team.id, orgs.keys())
    out = [
        Laggard(i, e["code"], e["name"], e["expected"], e["received"], e["acts"], focal.get(i, []))
        for i, e in orgs.items()
    ]
    out.sort(key=lambda lg: (-lg.missing, lg.code))
    return out


@cache
def _laggards_statement(shape: str) -> Any:
    # The expected reports of the period (a target, the organization not excused) and their reports. The exemption
    # is a NOT EXISTS (``expected.excused``) rather than an outer join filtered on NULL: PostgreSQL then estimates
    # the rows right (with the outer join it guessed one row and probed the reports by activity alone, 3× slower).
    joined = (
        TARGET.join(ACTIVITY, target_for(ACTIVITY.c.id, PERIOD))
        .join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id)
        .join(ORGANIZATION, ORGANIZATION.c.id == ACTIVITY.c.organization_id)
        .outerjoin(REPORT, report_for(TARGET.c.activity_id, TARGET.c.period_key))
    )
    not_excused = ~excused(TEAM_ID, ACTIVITY.c.organization_id, PERIOD, ACTIVITY)
    got = flag(received())
    org_window = {"partition_by": ACTIVITY.c.organization_id}
    inner = (
        select(
            ORGANIZATION.c.id.label("org_id"),
            ORGANIZATION.c.code.label("org_code"),
            ORGANIZATION.c.name.label("org_name"),
            ACTIVITY.c.code.label("code"),
            ACTIVITY.c.name.label("name"),
            PROGRAM.c.code.label("program_code"),
            REPORT.c.status.label("status"),
            REPORT.c.status_reason.label("reason"),
            TARGET.c.value.label("target"),
            TARGET.c.value_min.label("target_min"),
            TARGET.c.value_max.label("target_max"),
            ACTIVITY.c.unit.label("unit"),
            ACTIVITY.c.measure.label("measure"),
            ACTIVITY.c.direction.label("direction"),
            PROGRAM.c.position.label("program_position"),
            ACTIVITY.c.position.label("position"),
            got.label("got"),
            func.count().over(**org_window).label("expected"),
            func.sum(got).over(**org_window).label("received"),
        )
        .select_from(joined)
        .where(PROGRAM.c.team_id == TEAM_ID, not_excused, *scope_filter(shape))
        .subquery("expected_reports")
    )
    c = inner.c
    return (
        select(
            c.org_id,
            c.org_code,
            c.org_name,
            c.expected,
            c.received,
            c.code,
            c.name,
            c.program_code,
            c.status,
            c.reason,
            c.target,
            c.target_min,
            c.target_max,
            c.unit,
            c.measure,
            c.direction,
        )
        .where(c.got == 0)
        .order_by(c.org_code, c.program_position, c.position, c.code)
    )
