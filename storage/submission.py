"""Kirim: a draft written as one revision of its report, exactly once.

- **Idempotent.** ``submit_draft`` locks the draft row and writes one revision keyed by the draft id
  (``report_revision.draft_id`` is UNIQUE): a double tap, a retried update or a second Kirim returns the revision
  already written (``Submission.created`` is False).
- **A report is activity × period.** Its first Kirim creates it (``INSERT … ON CONFLICT DO NOTHING``, then a row
  lock, so two officials reporting the same activity at once get two revisions, never an error or a merge); every
  later Kirim adds a revision, which becomes the current one and sends the report back to ``submitted``.
  ``Report.on_time`` is decided by the first submission only.
- **What is stored is the value.** A revision keeps the realised value, never a percentage: its achievement is
  computed from it and the period's target whenever it is shown (``domain.report_rules.report_achievement``, the
  rule the summary before Kirim used: direction, kind, range, zero target), and rated on the team's scale
  (``domain.report_rules.rate``), so a plan revised mid-year (APBD Perubahan) is read against its new targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from domain import limits
from domain.calendar import deadline, is_on_time
from domain.periods import Period
from domain.report_rules import rate, report_achievement
from domain.zones import local_today
from storage.drafts import QUICK, Draft
from storage.entry import activity_context, activity_team, check_entry_open
from storage.models import (
    Evidence,
    GroupChat,
    Organization,
    Person,
    Report,
    ReportDraft,
    ReportRevision,
)
from storage.obstacles import record_obstacles
from storage.report_errors import AnswerTooLargeError, DraftClosedError, ReportError


@dataclass(frozen=True)
class Submission:
    """What Kirim wrote (or had written already), with what the reporter and the group are told."""

    created: bool
    report_id: int
    revision_id: int
    revision_number: int
    team_id: int
    activity_name: str
    activity_code: str
    unit: str
    organization_code: str
    organization_name: str
    period_key: str
    value: float
    achievement: Decimal | None  # None: no target, or a zero target (then ``met`` says whether it was reached)
    predikat: str | None
    on_time: bool
    reporter_name: str
    group_chat_ids: tuple[int, ...] = ()  # the team's active groups, for the one-line notice
    met: bool | None = None  # the target was reached (for a zero target, all that can be said)
    zero_target: bool = False
    rating_scale: str = "predikat"  # predikat, or lampu: then ``light`` rates it and ``predikat`` is None
    light: str | None = None
    evidence_later: bool = False  # sent with "bukti menyusul": reminded after ``evidence_reminder_days``
    evidence_reminder_days: int = 3


def _insert_report_if_missing(
    session: Session, activity_id: int, period_key: str, now: datetime, on_time: bool
) -> None:
    values = {
        "activity_id": activity_id,
        "period_key": period_key,
        "revision_count": 0,
        "status": "submitted",
        "first_submitted_at": now,
        "on_time": on_time,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(Report).values(**values).on_conflict_do_nothing(index_elements=["activity_id", "period_key"])
    session.execute(stmt)


def submit_draft(session: Session, draft_id: str, now: datetime) -> Submission:
    """Kirim: write the draft as one revision (exactly once per draft), make it the report's current one."""
    row = session.exec(select(ReportDraft).where(ReportDraft.id == draft_id).with_for_update()).first()
    if row is None:
        raise ReportError("report.closed.cancelled")
    existing = session.exec(select(ReportRevision).where(ReportRevision.draft_id == draft_id)).first()
    if existing is not None:
        return _submission(session, existing, created=False)
    if row.status not in ("open", QUICK):  # a quick report's line is sent as the guided draft is
        raise DraftClosedError(row.status)
    draft = Draft.from_row(row)
    answers = draft.answers
    if draft.activity_id is None or draft.period_key is None or answers.value is None:
        raise ReportError("report.submit.incomplete")
    too_large = limits.out_of_range(answers.value, answers.budget_spent, answers.physical_pct)
    if too_large is not None:
        raise AnswerTooLargeError(too_large)
    activity, _program, team = activity_team(session, draft.activity_id)
    check_entry_open(session, draft.activity_id, draft.period_key, now)
    period = Period.from_key(draft.period_key)
    on_time = is_on_time(local_today(team.timezone, now), deadline(period, team.deadline_working_days))
    _insert_report_if_missing(session, activity.id or 0, period.key, now, on_time)
    report = session.exec(
        select(Report).where(Report.activity_id == activity.id, Report.period_key == period.key).with_for_update()
    ).one()
    revision = ReportRevision(
        report_id=report.id or 0,
        number=report.revision_count + 1,
        draft_id=draft.id,
        value=answers.value,
        budget_spent=answers.budget_spent,
        physical_pct=answers.physical_pct,
        obstacles=answers.obstacles,
        follow_up=answers.follow_up,
        latitude=answers.latitude,
        longitude=answers.longitude,
        reporter_id=draft.person_id,
        submitted_at=now,
        on_time=on_time,
        evidence_later=answers.evidence_later,
    )
    session.add(revision)
    session.flush()
    for item in answers.evidence:
        session.add(
            Evidence(
                revision_id=revision.id or 0,
                kind=item.kind,
                file_id=item.file_id,
                file_unique_id=item.file_unique_id,
                file_name=item.file_name,
                mime_type=item.mime_type,
                file_size=item.file_size,
            )
        )
    record_obstacles(
        session,
        team_id=team.id or 0,
        activity_id=activity.id or 0,
        period_key=period.key,
        revision_id=revision.id or 0,
        answers=answers,
        today=local_today(team.timezone, now),
        now=now,
    )
    report.current_revision_id = revision.id
    report.revision_count = revision.number
    report.status = "submitted"
    report.status_reason = None
    report.status_by = None
    report.status_at = None
    session.add(report)
    row.status = "submitted"
    row.updated_at = now
    session.add(row)
    session.flush()
    return _submission(session, revision, created=True)


def _submission(session: Session, revision: ReportRevision, *, created: bool) -> Submission:
    report = session.get(Report, revision.report_id)
    assert report is not None
    activity, _program, team = activity_team(session, report.activity_id)
    org = session.get(Organization, activity.organization_id)
    reporter = session.get(Person, revision.reporter_id)
    ctx = activity_context(session, report.activity_id, report.period_key)
    reached = report_achievement(ctx, revision.value)
    rating = rate(reached.pct, ctx)
    groups = session.exec(
        select(GroupChat.chat_id).where(GroupChat.team_id == team.id, col(GroupChat.active).is_(True))
    ).all()
    return Submission(
        created=created,
        report_id=report.id or 0,
        revision_id=revision.id or 0,
        revision_number=revision.number,
        team_id=team.id or 0,
        activity_name=activity.name,
        activity_code=activity.code,
        unit=activity.unit,
        organization_code=org.code if org else "",
        organization_name=org.name if org else "",
        period_key=report.period_key,
        value=revision.value,
        achievement=reached.pct,
        predikat=rating.predikat,
        on_time=report.on_time,
        reporter_name=reporter.name if reporter else "",
        group_chat_ids=tuple(groups),
        met=reached.met,
        zero_target=reached.zero_target,
        rating_scale=rating.scale,
        light=rating.light,
        evidence_later=revision.evidence_later,
        evidence_reminder_days=team.evidence_reminder_days,
    )
