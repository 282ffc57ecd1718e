"""Lapor cepat's lines waiting for their one Kirim, stored as drafts and sent by ``storage.submission``.

- **A line is a draft.** Each line of a quick report is a ``report_draft`` row, status ``quick``
  (``storage.drafts.QUICK``): it holds the line's answers as any draft does, but it is not the person's open draft,
  so a guided /lapor open at the same time stays exactly where it was.
- **A batch is the lines of one message.** The rows' ids are ``<batch uuid>-<nn>`` (the batch's uuid hex, then the
  line's place), so the summary's buttons carry the batch's short id as a guided draft's carry the draft's. A new
  quick report cancels the person's batch still waiting.
- **Kirim is idempotent.** :func:`submit_batch` sends every line with ``storage.submission.submit_draft`` in one
  transaction, each keyed by its draft id: a double tap or a restart returns the revisions already written; a line
  that cannot be sent any more (its period locked meanwhile) stores none of them.
- **A revision, as the guided one.** A line for an activity already reported in the period is a revision of its
  report (``base_revision_id``): the evidence and location of the current revision are kept, as "Revisi" keeps them.

Functions take the session and ``now`` and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from storage.drafts import QUICK, Answers, Draft, EvidenceFile, new_draft_id
from storage.models import Evidence, Report, ReportDraft, ReportRevision
from storage.submission import Submission, submit_draft

_BATCH_ID_LENGTH = 32  # uuid4 hex; a line's id is "<batch>-<nn>"


@dataclass(frozen=True)
class QuickLine:
    """One line of a quick report, checked, as it will be sent."""

    line: int  # the line's number in the person's message
    team_id: int
    activity_id: int
    period_key: str
    answers: Answers
    base_revision_id: int | None = None  # a revision of the report already sent for the period


@dataclass(frozen=True)
class QuickBatch:
    """The lines of one quick report, with the status they share and whether its warnings were confirmed."""

    batch: str
    person_id: int
    status: str
    confirmed: bool
    lines: tuple[QuickLine, ...]
    updated_at: datetime | None

    @property
    def short(self) -> str:
        return self.batch[:8]


def current_revisions(session: Session, pairs: Sequence[tuple[int, str]]) -> dict[tuple[int, str], QuickLine]:
    """For each (activity, period) already reported, its current revision as a line (answers, evidence and
    location), to revise it."""
    found: dict[tuple[int, str], QuickLine] = {}
    for activity_id, period_key in set(pairs):
        row = session.exec(
            select(Report, ReportRevision)
            .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
            .where(Report.activity_id == activity_id, Report.period_key == period_key)
        ).first()
        if row is None:
            continue
        _report, revision = row
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
                EvidenceFile(cast(Any, e.kind), e.file_id, e.file_unique_id, e.file_name, e.mime_type, e.file_size)
                for e in evidence
            ),
            latitude=revision.latitude,
            longitude=revision.longitude,
        )
        found[(activity_id, period_key)] = QuickLine(0, 0, activity_id, period_key, answers, revision.id)
    return found


def report_statuses(session: Session, pairs: Sequence[tuple[int, str]]) -> dict[int, dict[str, str]]:
    """The status of each (activity, period) already reported, by activity then period."""
    found: dict[int, dict[str, str]] = {}
    activities = {a for a, _ in pairs}
    if not activities:
        return found
    wanted = set(pairs)
    rows = session.exec(
        select(Report.activity_id, Report.period_key, Report.status).where(col(Report.activity_id).in_(activities))
    ).all()
    for activity_id, period_key, status in rows:
        if (activity_id, period_key) in wanted:
            found.setdefault(activity_id, {})[period_key] = status
    return found


def revise(line: QuickLine, current: QuickLine | None) -> QuickLine:
    """The line as a revision of ``current`` (the report's current revision): the typed answers, with the evidence
    and location kept. Unchanged when the period was not reported."""
    if current is None:
        return line
    kept = replace(line.answers, evidence=current.answers.evidence, latitude=current.answers.latitude)
    kept = replace(kept, longitude=current.answers.longitude)
    return replace(line, answers=kept, base_revision_id=current.base_revision_id)


def start_batch(session: Session, person_id: int, now: datetime, lines: Sequence[QuickLine], *, confirmed: bool) -> str:
    """Store the lines of a quick report as one batch waiting for Kirim (the person's batch still waiting is
    cancelled); returns the batch's id."""
    session.execute(
        update(ReportDraft)
        .where(col(ReportDraft.person_id) == person_id, col(ReportDraft.status) == QUICK)
        .values(status="cancelled", updated_at=now)
    )
    batch = new_draft_id()
    for place, line in enumerate(lines):
        draft = Draft(
            id=f"{batch}-{place:02d}",
            person_id=person_id,
            team_id=line.team_id,
            activity_id=line.activity_id,
            period_key=line.period_key,
            step="summary",
            status=QUICK,
            base_revision_id=line.base_revision_id,
            answers=line.answers,
        )
        session.add(
            ReportDraft(
                id=draft.id,
                person_id=person_id,
                team_id=line.team_id,
                activity_id=line.activity_id,
                period_key=line.period_key,
                step=draft.step,
                data={**draft.data_json(), "quick": {"line": line.line, "confirmed": confirmed}},
                status=QUICK,
                base_revision_id=line.base_revision_id,
                created_at=now,
                updated_at=now,
            )
        )
    session.flush()
    return batch


def _rows(session: Session, person_id: int, short: str, *, lock: bool = False) -> list[ReportDraft]:
    if len(short) != 8 or any(c not in "0123456789abcdef" for c in short):
        return []
    query = (
        select(ReportDraft)
        .where(
            col(ReportDraft.person_id) == person_id,
            col(ReportDraft.id).startswith(short),
            func.length(col(ReportDraft.id)) > _BATCH_ID_LENGTH,
        )
        .order_by(col(ReportDraft.id))
    )
    return list(session.exec(query.with_for_update() if lock else query).all())


def _batch(person_id: int, rows: Sequence[ReportDraft]) -> QuickBatch | None:
    if not rows:
        return None
    batch = rows[0].id[:_BATCH_ID_LENGTH]
    rows = [r for r in rows if r.id.startswith(batch)]  # two batches sharing a short id: the first only
    statuses = {r.status for r in rows}
    status = QUICK if statuses == {QUICK} else "submitted" if "submitted" in statuses else rows[0].status
    info: dict[str, Any] = dict((rows[0].data or {}).get("quick") or {})
    lines = tuple(
        QuickLine(
            line=int(((r.data or {}).get("quick") or {}).get("line", 0)),
            team_id=r.team_id or 0,
            activity_id=r.activity_id or 0,
            period_key=r.period_key or "",
            answers=Draft.from_row(r).answers,
            base_revision_id=r.base_revision_id,
        )
        for r in rows
    )
    return QuickBatch(batch, person_id, status, bool(info.get("confirmed")), lines, max(r.updated_at for r in rows))


def find_batch(session: Session, person_id: int, short: str) -> QuickBatch | None:
    """The person's batch whose id starts with ``short`` (the summary's buttons), or None."""
    return _batch(person_id, _rows(session, person_id, short))


def confirm_batch(session: Session, person_id: int, short: str, now: datetime) -> QuickBatch | None:
    """ "Ya, benar": the batch's implausible answers are confirmed (its lines still waiting)."""
    rows = _rows(session, person_id, short, lock=True)
    for row in rows:
        if row.status == QUICK:
            data = dict(row.data or {})
            data["quick"] = {**(data.get("quick") or {}), "confirmed": True}
            row.data = data
            row.updated_at = now
            session.add(row)
    session.flush()
    return _batch(person_id, rows)


def close_batch(session: Session, person_id: int, short: str, status: str, now: datetime) -> bool:
    """Batal, Ubah or expiry: the waiting lines are closed (``cancelled``/``expired``); False when none waited."""
    closed = False
    for row in _rows(session, person_id, short, lock=True):
        if row.status == QUICK:
            row.status = status
            row.updated_at = now
            session.add(row)
            closed = True
    session.flush()
    return closed


def submit_batch(session: Session, person_id: int, short: str, now: datetime) -> list[tuple[int, Submission]]:
    """Kirim: every line of the batch as one revision of its report, in this transaction (each line's number with
    what was written). A line already sent returns its revision (``created`` False): a second Kirim writes nothing.
    A ``ReportError`` of any line (named by ``line``) leaves the whole batch unsent."""
    rows = _rows(session, person_id, short, lock=True)
    batch = _batch(person_id, rows)
    if batch is None:
        return []
    sent: list[tuple[int, Submission]] = []
    for row, line in zip(rows, batch.lines, strict=False):
        try:
            sent.append((line.line, submit_draft(session, row.id, now)))
        except Exception as exc:
            exc.line = line.line  # type: ignore[attr-defined]
            raise
    return sent
