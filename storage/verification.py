"""The secretariat's verification: the queue of submitted reports, and verifying or returning one.

A decision applies only to the revision it was shown for and only while the report awaits one, so a report revised
or decided meanwhile is refused, never decided twice.

Evidence checks: a photo or document whose Telegram ``file_unique_id`` is also in another report (another activity
or period, any of its revisions) is worth a second look; :func:`reused_evidence` says where, for every item of a
screen in one query (:func:`reused_evidence_of_period` for a recap sheet), and nothing is refused. The same file in
another revision of the same report is a correction, not a reuse. ``file_unique_id`` is Telegram's id of the file
itself, the same for every bot and chat, so the same photo in another team's report counts too; but a report the
viewer may not see is never named (``ReusedEvidence.where`` is None: "another team's report").
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select as sql_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from domain.text import is_visibly_empty
from storage.aggregates.versions import MeasuredTarget, measured_targets
from storage.history import ReportOwner, evidence_of, report_owner
from storage.models import (
    Activity,
    Evidence,
    Organization,
    Person,
    Program,
    Report,
    ReportRevision,
    Target,
    Team,
)
from storage.report_errors import ReportError


@dataclass(frozen=True)
class ReportRef:
    """Another report, as the viewer may name it: its activity's code and its period (``team_code``: its team's,
    when that is not the team of the report shown)."""

    activity_code: str
    period_key: str
    team_code: str | None = None


@dataclass(frozen=True)
class ReusedEvidence:
    """A photo or document of the revision shown that is also in another report."""

    kind: str  # photo | document: the file in the revision shown
    where: ReportRef | None  # None: a report of a team the viewer may not see (named only "another team's")


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
    reused: tuple[ReusedEvidence, ...] = field(default=())  # its evidence also in other reports
    voice_file_ids: tuple[str, ...] = ()  # voice notes sent for its obstacle (shown by sending them again)
    evidence_later: bool = False  # sent with "bukti menyusul": the evidence is still to come


def verification_queue(session: Session, team_ids: list[int], *, limit: int = 10) -> tuple[list[QueueItem], int]:
    """Submitted reports of the teams, oldest submission first (first come, first verified), and the total; each
    with its evidence also used in other reports (one query for the page; the teams are the ones it may name)."""
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
    reused = reused_evidence(session, [rev.id or 0 for _report, rev, _a, _p in page], team_ids)
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
        files = evidence_of(session, rev.id or 0)
        n = len(files)
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
                reused=reused.get(rev.id or 0, ()),
                voice_file_ids=tuple(e.file_id for e in files if e.kind == "voice"),
                evidence_later=rev.evidence_later,
            )
        )
    return items, len(rows)


def reused_evidence(
    session: Session, revision_ids: Collection[int], visible_team_ids: Collection[int]
) -> dict[int, tuple[ReusedEvidence, ...]]:
    """For each of ``revision_ids`` with a photo or document also in another report: where (one query). A report of
    a team outside ``visible_team_ids`` is not named; another team's that is names its team."""
    if not revision_ids:
        return {}
    mine = aliased(Evidence)
    found = _reuse(session, mine, col(mine.revision_id).in_(list(revision_ids)), visible_team_ids)
    return {rev_id: items for rev_id, (_key, items) in found.items()}


def reused_evidence_of_period(
    session: Session, team_id: int, period_key: str
) -> dict[tuple[str, str], tuple[ReusedEvidence, ...]]:
    """The team's reports of ``period_key`` whose current revision has a photo or document also in another report,
    by (program code, activity code), as a recap sheet lists them (one query; only the team's own reports named)."""
    mine = aliased(Evidence)
    current = (
        select(Report.current_revision_id)
        .join(Activity, col(Activity.id) == Report.activity_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == team_id, Report.period_key == period_key)
    )
    found = _reuse(session, mine, col(mine.revision_id).in_(current), [team_id])
    return dict(found.values())


def _reuse(
    session: Session, mine: Any, which: Any, visible_team_ids: Collection[int]
) -> dict[int, tuple[tuple[str, str], tuple[ReusedEvidence, ...]]]:
    """Evidence rows ``mine`` chosen by ``which``, each joined to every other report holding the same file: by
    revision, its (program code, activity code) and where its files are reused: the other reports a viewer of
    ``visible_team_ids`` may name (by period and code), then one entry per kind for the ones it may not."""
    my_rev = aliased(ReportRevision)
    my_report = aliased(Report)
    my_activity = aliased(Activity)
    my_program = aliased(Program)
    other = aliased(Evidence)
    other_rev = aliased(ReportRevision)
    other_report = aliased(Report)
    other_activity = aliased(Activity)
    other_program = aliased(Program)
    other_team = aliased(Team)
    columns: list[Any] = [
        mine.revision_id,
        mine.kind,
        my_program.team_id,
        my_program.code,
        my_activity.code,
        other_report.id,
        other_activity.code,
        other_report.period_key,
        other_program.team_id,
        other_team.code,
    ]
    rows = (
        session.connection()
        .execute(
            sql_select(*columns)
            .join(my_rev, col(my_rev.id) == mine.revision_id)
            .join(my_report, col(my_report.id) == my_rev.report_id)
            .join(my_activity, col(my_activity.id) == my_report.activity_id)
            .join(my_program, col(my_program.id) == my_activity.program_id)
            .join(other, col(other.file_unique_id) == mine.file_unique_id)
            .join(other_rev, col(other_rev.id) == other.revision_id)
            .join(other_report, col(other_report.id) == other_rev.report_id)
            .join(other_activity, col(other_activity.id) == other_report.activity_id)
            .join(other_program, col(other_program.id) == other_activity.program_id)
            .join(other_team, col(other_team.id) == other_program.team_id)
            .where(which, col(other_rev.report_id) != my_rev.report_id, mine.file_unique_id != "")
            .distinct()
        )
        .all()
    )
    visible = set(visible_team_ids)
    keys: dict[int, tuple[str, str]] = {}
    named: dict[int, set[tuple[str, str | None, str, str]]] = {}
    hidden: dict[int, set[str]] = {}
    for rev_id, kind, my_team, program_code, activity_code, _id, code, period_key, team_id, team_code in rows:
        keys[rev_id] = (program_code, activity_code)
        if team_id in visible:
            named.setdefault(rev_id, set()).add((kind, None if team_id == my_team else team_code, period_key, code))
        else:
            hidden.setdefault(rev_id, set()).add(kind)
    result: dict[int, tuple[tuple[str, str], tuple[ReusedEvidence, ...]]] = {}
    for rev_id, key in keys.items():
        items = [
            ReusedEvidence(kind, ReportRef(code, period_key, team_code))
            for kind, team_code, period_key, code in sorted(
                named.get(rev_id, ()), key=lambda x: (x[0], x[1] or "", x[2], x[3])
            )
        ]
        items += [ReusedEvidence(kind, None) for kind in sorted(hidden.get(rev_id, ()))]
        result[rev_id] = (key, tuple(items))
    return result


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
