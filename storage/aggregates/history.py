"""The team's reports over time: the week's new revisions (the digest), the periods with targets, the latest
period reported."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlmodel import Session

from storage.aggregates.sql import ACTIVITY, ORGANIZATION, PROGRAM, REPORT, REVISION, TARGET


@dataclass(frozen=True)
class NewRevision:
    organization_code: str
    organization_name: str
    activity_code: str
    period_key: str
    number: int  # 1 = a new report, more = a revision
    submitted_at: datetime


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def new_revisions(session: Session, team_id: int, since: datetime, until: datetime) -> list[NewRevision]:
    """Revisions (new reports and corrections) of the team submitted in ``[since, until)``, newest first."""
    stmt = (
        select(
            ORGANIZATION.c.code,
            ORGANIZATION.c.name,
            ACTIVITY.c.code,
            REPORT.c.period_key,
            REVISION.c.number,
            REVISION.c.submitted_at,
        )
        .select_from(
            REVISION.join(REPORT, REPORT.c.id == REVISION.c.report_id)
            .join(ACTIVITY, ACTIVITY.c.id == REPORT.c.activity_id)
            .join(PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id)
            .join(ORGANIZATION, ORGANIZATION.c.id == ACTIVITY.c.organization_id)
        )
        .where(PROGRAM.c.team_id == team_id, REVISION.c.submitted_at >= since, REVISION.c.submitted_at < until)
        .order_by(REVISION.c.submitted_at.desc())
    )
    out = []
    for ocode, oname, acode, pk, number, at in session.connection().execute(stmt):
        submitted = _aware(at)
        assert submitted is not None
        out.append(NewRevision(ocode, oname, acode, pk, int(number), submitted))
    return out


def periods_with_targets(session: Session, team_id: int) -> list[str]:
    """The period keys of the team that have at least one target, in order."""
    stmt = (
        select(TARGET.c.period_key)
        .select_from(
            TARGET.join(ACTIVITY, ACTIVITY.c.id == TARGET.c.activity_id).join(
                PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id
            )
        )
        .where(PROGRAM.c.team_id == team_id)
        .distinct()
    )
    return sorted(str(k) for (k,) in session.connection().execute(stmt))


def latest_reported_period(session: Session, team_id: int) -> str | None:
    """The latest period key with a received report in the team, if any."""
    stmt = (
        select(func.max(REPORT.c.period_key))
        .select_from(
            REPORT.join(ACTIVITY, ACTIVITY.c.id == REPORT.c.activity_id).join(
                PROGRAM, PROGRAM.c.id == ACTIVITY.c.program_id
            )
        )
        .where(PROGRAM.c.team_id == team_id, REPORT.c.current_revision_id.is_not(None))
    )
    value = session.connection().execute(stmt).scalar()
    return str(value) if value is not None else None
