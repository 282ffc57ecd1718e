"""/buka: the secretariat lets one organization enter a locked period again (a ``Reopening`` row, idempotent)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from domain.periods import Period
from domain.report_rules import entry_state, period_kind
from domain.zones import local_today
from storage.models import Activity, Organization, Program, Reopening, Team
from storage.report_errors import ReportError


@dataclass(frozen=True)
class ReopenResult:
    created: bool
    team_id: int
    team_name: str
    organization_code: str
    organization_name: str
    period_key: str
    was_locked: bool


def reopen_period(
    session: Session, team_id: int, org_code: str, period_key: str, person_id: int | None, now: datetime
) -> ReopenResult:
    """/buka: let one organization enter a locked period again (idempotent)."""
    team = session.get(Team, team_id)
    if team is None:
        raise ReportError("report.reopen.unknown_team")
    org = session.exec(select(Organization).where(col(Organization.code).ilike(org_code.strip()))).first()
    if org is None:
        raise ReportError("report.reopen.unknown_org", org=org_code)
    in_team = session.exec(
        select(Activity.id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == team_id, Activity.organization_id == org.id)
        .limit(1)
    ).first()
    if in_team is None:
        raise ReportError("report.reopen.not_in_team", org=org.code)
    period = Period.from_key(period_key)
    if period.year != team.year or period.kind != period_kind(team):
        raise ReportError("report.reopen.bad_period")
    today = local_today(team.timezone, now)
    was_locked = entry_state(team, period, today, set()) == "locked"
    existing = session.exec(
        select(Reopening).where(
            Reopening.team_id == team_id, Reopening.organization_id == org.id, Reopening.period_key == period.key
        )
    ).first()
    if existing is None:
        session.add(
            Reopening(
                team_id=team_id,
                organization_id=org.id or 0,
                period_key=period.key,
                created_by=person_id,
                created_at=now,
            )
        )
        session.flush()
    return ReopenResult(
        created=existing is None,
        team_id=team_id,
        team_name=team.name,
        organization_code=org.code,
        organization_name=org.name,
        period_key=period.key,
        was_locked=was_locked,
    )


def teams_of_org(session: Session, org_code: str) -> list[int]:
    """Teams in which the organization owns activities."""
    org = session.exec(select(Organization).where(col(Organization.code).ilike(org_code.strip()))).first()
    if org is None:
        return []
    return sorted(
        set(
            session.exec(
                select(Program.team_id)
                .join(Activity, col(Activity.program_id) == Program.id)
                .where(Activity.organization_id == org.id)
            ).all()
        )
    )
