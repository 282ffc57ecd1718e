"""The secretariat's verification: the queue of submitted reports, and verifying or returning one.

A decision applies only to the revision it was shown for and only while the report awaits one, so a report revised
or decided meanwhile is refused, never decided twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from domain.text import is_visibly_empty
from storage.aggregates.versions import MeasuredTarget, measured_targets
from storage.history import ReportOwner, evidence_of, report_owner
from storage.models import Activity, Organization, Person, Program, Report, ReportRevision, Target
from storage.report_errors import ReportError


@dataclass(frozen=True)
class QueueItem:
    """A submitted report waiting for the secretariat, with its current revision."""

    report_id: int
    revision_id: int
    revision_number: int
    team_id: int
    activity_code: str
    activity_name: str
    unit: str
    organization_code: str
    period_key: str
    value: float
    target: float | None
    budget_spent: int | None
    direction: str
    target_min: float | None
    target_max: float | None
    physical_pct: float | None
    obstacles: str | None
    follow_up: str | None
    evidence_count: int
    reporter_name: str
    submitted_at: datetime
    # ``target`` is the target in force for the period (what the report is measured against); this says whether
    # it is the plan murni's (None: no target either way)
    measured: MeasuredTarget | None = None


def verification_queue(session: Session, team_ids: list[int], *, limit: int = 10) -> tuple[list[QueueItem], int]:
    """Submitted reports of the teams, oldest submission first (first come, first verified), and the total."""
    if not team_ids:
        return [], 0
    rows = session.exec(
        select(Report, ReportRevision, Activity, Program)
        .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
        .join(Activity, col(Activity.id) == Report.activity_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Report.status == "submitted", col(Program.team_id).in_(team_ids))
        .order_by(col(ReportRevision.submitted_at), col(Report.id))
    ).all()
    page = rows[:limit]
    measured = measured_targets(session, [(activity.id or 0, report.period_key) for report, _r, activity, _p in page])
    items: list[QueueItem] = []
    for report, rev, activity, program in page:
        org = session.get(Organization, activity.organization_id)
        person = session.get(Person, rev.reporter_id)
        planned = session.exec(
            select(Target.value, Target.value_min, Target.value_max).where(
                Target.activity_id == activity.id, Target.period_key == report.period_key
            )
        ).first()
        target, target_min, target_max = planned if planned is not None else (None, None, None)
        n = len(evidence_of(session, rev.id or 0))
        items.append(
            QueueItem(
                report_id=report.id or 0,
                revision_id=rev.id or 0,
                revision_number=rev.number,
                team_id=program.team_id,
                activity_code=activity.code,
                activity_name=activity.name,
                unit=activity.unit,
                organization_code=org.code if org else "",
                period_key=report.period_key,
                value=rev.value,
                target=target,
                budget_spent=rev.budget_spent,
                direction=activity.direction,
                target_min=target_min,
                target_max=target_max,
                physical_pct=rev.physical_pct,
                obstacles=rev.obstacles,
                follow_up=rev.follow_up,
                evidence_count=n,
                reporter_name=person.name if person else "",
                submitted_at=rev.submitted_at,
                measured=measured.get((activity.id or 0, report.period_key)),
            )
        )
    return items, len(rows)


@dataclass(frozen=True)
class StatusChange:
    """A verification decision, with whom to notify (the reporter of the revision decided on)."""

    report_id: int
    status: str
    reason: str | None
    activity_code: str
    activity_name: str
    period_key: str
    reporter_telegram_id: int
    reporter_language: str
    reporter_reachable: bool


def _decide(
    session: Session,
    report_id: int,
    revision_id: int,
    person_id: int | None,
    now: datetime,
    status: str,
    reason: str | None,
) -> StatusChange:
    report = session.exec(select(Report).where(Report.id == report_id).with_for_update()).first()
    if report is None:
        raise ReportError("report.history.unknown")
    if report.current_revision_id != revision_id:
        raise ReportError("report.verify.superseded")
    if report.status != "submitted":
        raise ReportError(f"report.verify.already_{report.status}")
    revision = session.get(ReportRevision, revision_id)
    assert revision is not None
    reporter = session.get(Person, revision.reporter_id)
    assert reporter is not None
    activity = session.get(Activity, report.activity_id)
    assert activity is not None
    report.status = status
    report.status_reason = reason
    report.status_by = person_id
    report.status_at = now
    session.add(report)
    session.flush()
    return StatusChange(
        report_id=report_id,
        status=status,
        reason=reason,
        activity_code=activity.code,
        activity_name=activity.name,
        period_key=report.period_key,
        reporter_telegram_id=reporter.telegram_id,
        reporter_language=reporter.language,
        reporter_reachable=reporter.private_chat and reporter.reachable,
    )


def verify_report(
    session: Session, report_id: int, revision_id: int, person_id: int | None, now: datetime
) -> StatusChange:
    """Mark the report verified, if ``revision_id`` is still its current revision and it awaits verification."""
    return _decide(session, report_id, revision_id, person_id, now, "verified", None)


def return_report(
    session: Session, report_id: int, revision_id: int, person_id: int | None, reason: str, now: datetime
) -> StatusChange:
    """Return the report to its reporter with a reason (same conditions as :func:`verify_report`)."""
    reason = reason.strip()[:1000]
    if is_visibly_empty(reason):
        raise ReportError("report.verify.reason_empty")
    return _decide(session, report_id, revision_id, person_id, now, "returned", reason)


def check_decidable(session: Session, report_id: int, revision_id: int) -> ReportOwner:
    """Raise ReportError unless the report still awaits a decision on ``revision_id``."""
    owner = report_owner(session, report_id)
    if owner.current_revision_id != revision_id:
        raise ReportError("report.verify.superseded")
    if owner.status != "submitted":
        raise ReportError(f"report.verify.already_{owner.status}")
    return owner
