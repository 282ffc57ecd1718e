"""A person's report history and revising a report: the reports of their own organizations (each with the target
it was measured against, and the plan murni's), each report's owner (for authorisation), its revisions and evidence,
and a new draft pre-filled from the current revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.aggregates.versions import MeasuredTarget, measured_targets
from storage.drafts import Answers, Draft, EvidenceFile, evidence_kind, save_draft, start_draft
from storage.entry import activity_team, check_entry_open
from storage.models import Activity, Evidence, Membership, Organization, Program, Report, ReportRevision, Team
from storage.report_errors import ReportError


@dataclass(frozen=True)
class HistoryItem:
    """One report of the person's organizations, with its current revision."""

    report_id: int
    activity_code: str
    activity_name: str
    unit: str
    organization_code: str
    period_key: str
    status: str
    status_reason: str | None
    revision_number: int
    value: float
    submitted_at: datetime
    evidence_count: int
    # the target it was measured against (the one in force for its period) and the plan murni's
    target: MeasuredTarget | None = None
    evidence_later: bool = False  # sent with "bukti menyusul": /riwayat offers "Kirim bukti"


def _focal_pairs(session: Session, person_id: int) -> set[tuple[int, int]]:
    return {
        (m.team_id, m.organization_id)
        for m in session.exec(
            select(Membership).where(Membership.person_id == person_id, Membership.role == "focal_point")
        ).all()
        if m.organization_id is not None
    }


def report_history(
    session: Session, person_id: int, *, limit: int = 8, offset: int = 0
) -> tuple[list[HistoryItem], int]:
    """Reports of the person's own organizations (whoever of them reported), newest submission first; and the
    total count, for paging."""
    pairs = _focal_pairs(session, person_id)
    if not pairs:
        return [], 0
    orgs = sorted({o for _t, o in pairs})
    teams = sorted({t for t, _o in pairs})
    base = (
        select(Report, ReportRevision, Activity, Program)
        .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
        .join(Activity, col(Activity.id) == Report.activity_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(col(Activity.organization_id).in_(orgs), col(Program.team_id).in_(teams))
    )
    org_rows = {o.id: o for o in session.exec(select(Organization).where(col(Organization.id).in_(orgs))).all()}
    rows = [
        (r, v, a, org_rows[a.organization_id])
        for r, v, a, p in session.exec(
            base.order_by(col(ReportRevision.submitted_at).desc(), col(Report.id).desc())
        ).all()
        if (p.team_id, a.organization_id) in pairs
    ]
    total = len(rows)
    page = rows[offset : offset + limit]
    counts: dict[int, int] = {}
    rev_ids = [v.id for _r, v, _a, _o in page]
    if rev_ids:
        for ev in session.exec(select(Evidence).where(col(Evidence.revision_id).in_(rev_ids))).all():
            counts[ev.revision_id] = counts.get(ev.revision_id, 0) + 1
    targets = measured_targets(session, [(a.id or 0, r.period_key) for r, _v, a, _o in page])
    return [
        HistoryItem(
            report_id=r.id or 0,
            activity_code=a.code,
            activity_name=a.name,
            unit=a.unit,
            organization_code=o.code,
            period_key=r.period_key,
            status=r.status,
            status_reason=r.status_reason,
            revision_number=v.number,
            value=v.value,
            submitted_at=v.submitted_at,
            evidence_count=counts.get(v.id or 0, 0),
            target=targets.get((a.id or 0, r.period_key)),
            evidence_later=v.evidence_later,
        )
        for r, v, a, o in page
    ], total


@dataclass(frozen=True)
class ReportOwner:
    """Where a report belongs, for authorisation."""

    report_id: int
    activity_id: int
    period_key: str
    team_id: int
    organization_id: int
    status: str
    current_revision_id: int | None
    evidence_later: bool = False  # its current revision was sent with "bukti menyusul"


def report_owner(session: Session, report_id: int) -> ReportOwner:
    report = session.get(Report, report_id)
    if report is None:
        raise ReportError("report.history.unknown")
    activity, _program, team = activity_team(session, report.activity_id)
    current = session.get(ReportRevision, report.current_revision_id) if report.current_revision_id else None
    return ReportOwner(
        report_id=report_id,
        activity_id=activity.id or 0,
        period_key=report.period_key,
        team_id=team.id or 0,
        organization_id=activity.organization_id,
        status=report.status,
        current_revision_id=report.current_revision_id,
        evidence_later=current is not None and current.evidence_later,
    )


def start_revision(
    session: Session, person_id: int, report_id: int, now: datetime, *, step: str, evidence_now: bool = False
) -> Draft:
    """A new draft pre-filled with the report's current revision (evidence included, and its "bukti menyusul"),
    opened at ``step``. ``evidence_now``: the evidence promised with "bukti menyusul" is being sent: the draft is no
    longer "menyusul" and its step returns to the summary (every other answer kept as sent)."""
    report = session.get(Report, report_id)
    if report is None or report.current_revision_id is None:
        raise ReportError("report.history.unknown")
    check_entry_open(session, report.activity_id, report.period_key, now)
    revision = session.get(ReportRevision, report.current_revision_id)
    assert revision is not None
    _activity, _program, team = activity_team(session, report.activity_id)
    evidence = session.exec(
        select(Evidence).where(Evidence.revision_id == revision.id).order_by(col(Evidence.id))
    ).all()
    answers = Answers(
        value=revision.value,
        budget_spent=revision.budget_spent,
        physical_pct=revision.physical_pct,
        obstacles=revision.obstacles,
        follow_up=revision.follow_up,
        evidence=tuple(
            EvidenceFile(
                kind=evidence_kind(e.kind),
                file_id=e.file_id,
                file_unique_id=e.file_unique_id,
                file_name=e.file_name,
                mime_type=e.mime_type,
                file_size=e.file_size,
            )
            for e in evidence
        ),
        latitude=revision.latitude,
        longitude=revision.longitude,
        evidence_later=revision.evidence_later and not evidence_now,
    )
    draft = start_draft(
        session,
        person_id,
        now,
        step=step,
        team_id=team.id,
        activity_id=report.activity_id,
        period_key=report.period_key,
        answers=answers,
        base_revision_id=revision.id,
    )
    if evidence_now:
        draft = save_draft(session, draft.id, now, editing=True)  # "Selesai" goes straight to the summary
    return draft


def revisions_of(session: Session, report_id: int) -> list[ReportRevision]:
    """Every revision of a report, oldest first: the audit trail."""
    return list(
        session.exec(
            select(ReportRevision).where(ReportRevision.report_id == report_id).order_by(col(ReportRevision.number))
        ).all()
    )


def evidence_of(session: Session, revision_id: int) -> list[Evidence]:
    return list(session.exec(select(Evidence).where(Evidence.revision_id == revision_id).order_by(col(Evidence.id))))


# --- evidence later ("bukti menyusul", issue 17) -----------------------------------------------------------------


@dataclass(frozen=True)
class WaitingEvidence:
    """A report whose current revision was sent with "bukti menyusul": who sent it, when, for what."""

    report_id: int
    revision_id: int
    activity_id: int
    activity_code: str
    activity_name: str
    organization_id: int
    period_key: str
    reporter_id: int
    submitted_at: datetime


def evidence_waiting(session: Session, team_id: int, since: datetime) -> list[WaitingEvidence]:
    """The team's reports whose current revision was sent with "bukti menyusul" at ``since`` or later, oldest
    first (one query)."""
    rows = session.exec(
        select(Report, ReportRevision, Activity)
        .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
        .join(Activity, col(Activity.id) == Report.activity_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(
            Program.team_id == team_id,
            col(ReportRevision.evidence_later).is_(True),
            col(ReportRevision.submitted_at) >= since,
        )
        .order_by(col(ReportRevision.submitted_at), col(Report.id))
    ).all()
    return [
        WaitingEvidence(
            report_id=r.id or 0,
            revision_id=v.id or 0,
            activity_id=a.id or 0,
            activity_code=a.code,
            activity_name=a.name,
            organization_id=a.organization_id,
            period_key=r.period_key,
            reporter_id=v.reporter_id,
            submitted_at=v.submitted_at,
        )
        for r, v, a in rows
    ]


def evidence_reminder_days(session: Session, team_id: int) -> int:
    """After how many working days a report sent with "bukti menyusul" reminds its focal point (the team's)."""
    days = session.exec(select(Team.evidence_reminder_days).where(Team.id == team_id)).first()
    return 3 if days is None else days
