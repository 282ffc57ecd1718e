"""The compliance matrix: per organization × period, expected, received, on time, returned and exempt reports."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlmodel import Session

from domain.calendar import deadline as period_deadline
from domain.periods import Period
from storage.aggregates.expected import on_time, received, report_for, returned
from storage.aggregates.sql import (
    ACTIVITY,
    EXEMPTION,
    KEYS,
    ORGANIZATION,
    PROGRAM,
    REPORT,
    TARGET,
    TEAM_ID,
    count_if,
    names_of,
    scope_filter,
)
from storage.aggregates.team import TEAM_SCOPE, Scope, TeamInfo, shape_of, start, statement_params

COMPLIANCE_STATES = ("on_time", "late", "missing", "returned", "exempt", "not_due", "none")


@dataclass(frozen=True)
class ComplianceCell:
    expected: int
    received: int
    on_time: int
    returned: int
    exempt: bool
    due: bool  # the deadline has passed

    @property
    def state(self) -> str:
        """One of ``COMPLIANCE_STATES``: the colour of the cell."""
        if self.exempt:
            return "exempt"
        if self.expected == 0:
            return "none"
        if self.received < self.expected:
            if not self.due:
                return "not_due"
            return "returned" if self.received + self.returned >= self.expected else "missing"
        return "on_time" if self.on_time >= self.expected else "late"


@dataclass(frozen=True)
class ComplianceRow:
    organization_id: int
    code: str
    name: str
    cells: list[ComplianceCell]  # one per period of ``Compliance.periods``

    @property
    def missing_due(self) -> int:
        """Reports missing in periods whose deadline has passed (how the rows are ordered: largest gaps first)."""
        return sum(c.expected - c.received for c in self.cells if c.due and not c.exempt)


@dataclass(frozen=True)
class Compliance:
    team: TeamInfo
    periods: list[Period]
    rows: list[ComplianceRow]  # largest gaps first
    today: date


def compliance(
    session: Session, team_id: int, today: date, periods: Sequence[Period] | None = None, scope: Scope = TEAM_SCOPE
) -> Compliance:
    """Per organization × period: expected, received, on time, returned, exempt (one grouped query + exemptions).

    ``today`` (the team's local date) decides which deadlines have passed: before its deadline a period with
    missing reports is "not due", not "missing"."""
    team = start(session, team_id)
    chosen = list(periods) if periods is not None else team.periods
    keys = [p.key for p in chosen]
    counts, exempt = _compliance_cells(session, team, keys, scope)
    org_ids = {o for o, _ in counts}
    if scope.kind == "organization" and scope.id is not None:
        org_ids.add(scope.id)
    names = names_of(session, ORGANIZATION, org_ids)
    due = {p.key: period_deadline(p, team.deadline_working_days) < today for p in chosen}
    rows = []
    for org_id in org_ids:
        cells = []
        for key in keys:
            exp, rec, ont, ret = counts.get((org_id, key), (0, 0, 0, 0))
            cells.append(ComplianceCell(exp, rec, ont, ret, (org_id, key) in exempt, due[key]))
        code, name, _ = names.get(org_id, (str(org_id), str(org_id), 0))
        rows.append(ComplianceRow(org_id, code, name, cells))
    rows.sort(key=lambda r: (-r.missing_due, -sum(c.received - c.on_time for c in r.cells), r.code))
    return Compliance(team=team, periods=chosen, rows=rows, today=today)


@cache
def _compliance_statements(shape: str) -> tuple[Any, Any]:
    # The planned reports (targets) of the periods with their reports; exemptions are read apart and mark their
    # cells (an excused cell shows as such, whatever it holds).
    joined = (
        TARGET.join(ACTIVITY, ACTIVITY.c.id == TARGET.c.activity_id)
        .join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id)
        .outerjoin(REPORT, report_for(TARGET.c.activity_id, TARGET.c.period_key))
    )
    stmt = (
        select(
            ACTIVITY.c.organization_id,
            TARGET.c.period_key,
            func.count(),
            count_if(received()),
            count_if(on_time()),
            count_if(returned()),
        )
        .select_from(joined)
        .where(PROGRAM.c.team_id == TEAM_ID, TARGET.c.period_key.in_(KEYS), *scope_filter(shape))
        .group_by(ACTIVITY.c.organization_id, TARGET.c.period_key)
    )
    exempt_q = select(EXEMPTION.c.organization_id, EXEMPTION.c.period_key).where(
        EXEMPTION.c.team_id == TEAM_ID, EXEMPTION.c.period_key.in_(KEYS)
    )
    return stmt, exempt_q


def _compliance_cells(
    session: Session, team: TeamInfo, keys: list[str], scope: Scope
) -> tuple[dict[tuple[int, str], tuple[int, int, int, int]], set[tuple[int, str]]]:
    stmt, exempt_q = _compliance_statements(shape_of(scope))
    params = statement_params(team, scope, keys=keys)
    counts: dict[tuple[int, str], tuple[int, int, int, int]] = {}
    for org_id, pk, exp, rec, ont, ret in session.connection().execute(stmt, params).all():
        counts[(int(org_id), str(pk))] = (int(exp), int(rec or 0), int(ont or 0), int(ret or 0))
    exempt = {(int(o), str(p)) for o, p in session.connection().execute(exempt_q, params)}
    return counts, exempt
