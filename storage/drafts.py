"""Report drafts: a report being written, one row per person holding every answer given so far.

A restart or a second process continues where the person was (``ReportDraft.data``). **One open draft per person**:
starting a new draft cancels the person's other open drafts, so their old buttons become stale. Functions take the
session and ``now`` and never commit.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from storage.models import Person, ReportDraft
from storage.report_errors import DraftClosedError

EvidenceKind = Literal["photo", "document", "voice"]  # voice: a voice note for an obstacle


def evidence_kind(kind: object) -> EvidenceKind:
    """A stored kind as one of ours (anything unknown reads as a photo, as before voice notes)."""
    return "document" if kind == "document" else "voice" if kind == "voice" else "photo"


@dataclass(frozen=True)
class EvidenceFile:
    """A photo, document or voice note sent as evidence, kept as Telegram file ids."""

    kind: EvidenceKind
    file_id: str
    file_unique_id: str
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> EvidenceFile:
        return cls(
            kind=evidence_kind(raw.get("kind")),
            file_id=str(raw["file_id"]),
            file_unique_id=str(raw.get("file_unique_id") or ""),
            file_name=raw.get("file_name"),
            mime_type=raw.get("mime_type"),
            file_size=raw.get("file_size"),
        )


@dataclass(frozen=True)
class Answers:
    """Everything a person answered; None means not answered or skipped."""

    value: float | None = None
    budget_spent: int | None = None
    physical_pct: float | None = None
    obstacles: str | None = None
    follow_up: str | None = None
    evidence: tuple[EvidenceFile, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    evidence_later: bool = False  # "bukti menyusul": sent without evidence, reminded after the team's days
    # the obstacle being followed (storage.obstacles): its category (domain.obstacles.CATEGORIES), whether it needs
    # the chair's decision, and the open obstacle this report answers for ("open": still there, "resolved")
    obstacle_category: str | None = None
    obstacle_needs_decision: bool | None = None
    open_obstacle_id: int | None = None
    open_obstacle_status: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["evidence"] = [asdict(e) for e in self.evidence]
        return data

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Answers:
        raw = raw or {}
        return cls(
            value=raw.get("value"),
            budget_spent=raw.get("budget_spent"),
            physical_pct=raw.get("physical_pct"),
            obstacles=raw.get("obstacles"),
            follow_up=raw.get("follow_up"),
            evidence=tuple(EvidenceFile.from_json(e) for e in raw.get("evidence") or ()),
            latitude=raw.get("latitude"),
            longitude=raw.get("longitude"),
            evidence_later=bool(raw.get("evidence_later", False)),
            obstacle_category=raw.get("obstacle_category"),
            obstacle_needs_decision=raw.get("obstacle_needs_decision"),
            open_obstacle_id=raw.get("open_obstacle_id"),
            open_obstacle_status=raw.get("open_obstacle_status"),
        )


@dataclass(frozen=True)
class Pending:
    """An implausible answer waiting for "Ya, benar" (``reason`` names the catalogue warning)."""

    field: str
    value: float
    reason: str

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Pending | None:
        if not raw:
            return None
        return cls(field=str(raw["field"]), value=float(raw["value"]), reason=str(raw["reason"]))


class DraftRow(Protocol):
    """The columns a ``Draft`` is read from: a ``ReportDraft`` or a row of ``DRAFT_COLUMNS``."""

    @property
    def id(self) -> str: ...
    @property
    def person_id(self) -> int: ...
    @property
    def team_id(self) -> int | None: ...
    @property
    def activity_id(self) -> int | None: ...
    @property
    def period_key(self) -> str | None: ...
    @property
    def step(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def base_revision_id(self) -> int | None: ...
    @property
    def data(self) -> dict[str, Any] | None: ...
    @property
    def updated_at(self) -> datetime | None: ...


# A draft's columns, read as plain values: read and written on every report update, so no ORM object is built.
DRAFT_COLUMNS = (
    col(ReportDraft.id),
    col(ReportDraft.person_id),
    col(ReportDraft.team_id),
    col(ReportDraft.activity_id),
    col(ReportDraft.period_key),
    col(ReportDraft.step),
    col(ReportDraft.status),
    col(ReportDraft.base_revision_id),
    col(ReportDraft.data),
    col(ReportDraft.updated_at),
)


@dataclass(frozen=True)
class Draft:
    """A report being written: the row of ``report_draft`` with its JSON answers typed."""

    id: str
    person_id: int
    team_id: int | None
    activity_id: int | None
    period_key: str | None
    step: str
    status: str
    base_revision_id: int | None
    answers: Answers
    pending: Pending | None = None
    editing: bool = False  # "Ubah" from the summary: the step returns to the summary
    page: int = 0  # the page of the activity list
    updated_at: datetime | None = None

    @property
    def short(self) -> str:
        """The first 8 hex digits: what buttons carry so that old ones are recognised."""
        return self.id.replace("-", "")[:8]

    @classmethod
    def from_row(cls, row: DraftRow) -> Draft:
        data = dict(row.data or {})
        return cls(
            id=row.id,
            person_id=row.person_id,
            team_id=row.team_id,
            activity_id=row.activity_id,
            period_key=row.period_key,
            step=row.step,
            status=row.status,
            base_revision_id=row.base_revision_id,
            answers=Answers.from_json(data.get("answers")),
            pending=Pending.from_json(data.get("pending")),
            editing=bool(data.get("editing", False)),
            page=int(data.get("page", 0)),
            updated_at=row.updated_at,
        )

    def data_json(self) -> dict[str, Any]:
        return {
            "answers": self.answers.to_json(),
            "pending": asdict(self.pending) if self.pending else None,
            "editing": self.editing,
            "page": self.page,
        }


_UNSET: Any = object()
# A line of a quick report (storage.quick_report) waiting for its Kirim: a draft, but not the person's open one.
QUICK = "quick"


def new_draft_id() -> str:
    return uuid.uuid4().hex


def start_draft(
    session: Session,
    person_id: int,
    now: datetime,
    *,
    step: str,
    team_id: int | None = None,
    activity_id: int | None = None,
    period_key: str | None = None,
    answers: Answers | None = None,
    base_revision_id: int | None = None,
) -> Draft:
    """Open a new draft for the person, cancelling any other open one (its buttons become stale)."""
    session.execute(
        update(ReportDraft)
        .where(col(ReportDraft.person_id) == person_id, col(ReportDraft.status) == "open")
        .values(status="cancelled", updated_at=now)
    )
    draft = Draft(
        id=new_draft_id(),
        person_id=person_id,
        team_id=team_id,
        activity_id=activity_id,
        period_key=period_key,
        step=step,
        status="open",
        base_revision_id=base_revision_id,
        answers=answers or Answers(),
    )
    row = ReportDraft(
        id=draft.id,
        person_id=person_id,
        team_id=team_id,
        activity_id=activity_id,
        period_key=period_key,
        step=step,
        data=draft.data_json(),
        status="open",
        base_revision_id=base_revision_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return replace(draft, updated_at=now)


def get_draft(session: Session, draft_id: str) -> Draft | None:
    row = session.get(ReportDraft, draft_id)
    return Draft.from_row(row) if row is not None else None


def person_draft(session: Session, telegram_id: int) -> tuple[int | None, Draft | None]:
    """The person's id and their open draft, else their most recently touched one (to tell "expired" from "sent"),
    in one query per update. A quick report's lines waiting for Kirim (``QUICK``) are not the guided draft."""
    row = session.execute(
        sa_select(col(Person.id).label("person_key"), *DRAFT_COLUMNS)
        .outerjoin(ReportDraft, (col(ReportDraft.person_id) == Person.id) & (col(ReportDraft.status) != QUICK))
        .where(col(Person.telegram_id) == telegram_id)
        .order_by(col(ReportDraft.status) != "open", col(ReportDraft.updated_at).desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    return row.person_key, Draft.from_row(row) if row.id is not None else None


def open_draft_steps(session: Session) -> dict[int, str]:
    """Each person with an open draft, by Telegram id, and the draft's step: where their conversation stands.

    The bot rebuilds the report conversation from this at start instead of storing its state separately, so the
    two can never disagree after a crash."""
    rows = session.exec(
        select(Person.telegram_id, ReportDraft.step)
        .join(Person, col(Person.id) == col(ReportDraft.person_id))
        .where(col(ReportDraft.status) == "open")
        .order_by(col(ReportDraft.updated_at))
    ).all()
    return {telegram_id: step for telegram_id, step in rows}  # the most recent open draft wins (there is one)


def _close_open_draft(session: Session, draft_id: str, status: str, now: datetime) -> bool:
    """Close a draft only if it is still open (one conditional UPDATE, so two closers cannot both win)."""
    result = session.execute(
        update(ReportDraft)
        .where(col(ReportDraft.id) == draft_id, col(ReportDraft.status) == "open")
        .values(status=status, updated_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


def mark_expired(session: Session, draft_id: str, now: datetime) -> bool:
    """Expire one open draft (the guard found it idle before the tick did); False if it was not open."""
    return _close_open_draft(session, draft_id, "expired", now)


def save_draft(
    session: Session,
    draft_id: str,
    now: datetime,
    *,
    step: str = _UNSET,
    team_id: int | None = _UNSET,
    activity_id: int | None = _UNSET,
    period_key: str | None = _UNSET,
    answers: Answers = _UNSET,
    pending: Pending | None = _UNSET,
    editing: bool = _UNSET,
    page: int = _UNSET,
) -> Draft:
    """Write the given fields of an open draft (row-locked); raises DraftClosedError if it is not open. Plain
    columns and one UPDATE statement, no ORM object: this runs on every answer."""
    row = session.execute(sa_select(*DRAFT_COLUMNS).where(col(ReportDraft.id) == draft_id).with_for_update()).first()
    if row is None:
        raise DraftClosedError("cancelled")
    if row.status != "open":
        raise DraftClosedError(row.status)
    draft = Draft.from_row(row)
    changes: dict[str, Any] = {
        name: value
        for name, value in (
            ("step", step),
            ("team_id", team_id),
            ("activity_id", activity_id),
            ("period_key", period_key),
            ("answers", answers),
            ("pending", pending),
            ("editing", editing),
            ("page", page),
        )
        if value is not _UNSET
    }
    draft = replace(draft, **changes, updated_at=now)
    session.execute(
        update(ReportDraft)
        .where(col(ReportDraft.id) == draft_id)
        .values(
            step=draft.step,
            team_id=draft.team_id,
            activity_id=draft.activity_id,
            period_key=draft.period_key,
            data=draft.data_json(),
            updated_at=now,
        )
    )
    return draft


def cancel_draft(session: Session, draft_id: str, now: datetime) -> bool:
    """/batal: close an open draft; False when it was not open any more."""
    return _close_open_draft(session, draft_id, "cancelled", now)


@dataclass(frozen=True)
class ExpiredDraft:
    """A draft the tick just expired, with whom to tell."""

    draft_id: str
    telegram_id: int
    language: str
    reachable: bool


def expire_idle_drafts(session: Session, now: datetime, idle: timedelta) -> list[ExpiredDraft]:
    """Mark open drafts untouched for ``idle`` as expired and return them (each exactly once)."""
    cutoff = now - idle
    rows = session.exec(
        select(ReportDraft, Person)
        .join(Person, col(Person.id) == ReportDraft.person_id)
        .where(ReportDraft.status == "open", col(ReportDraft.updated_at) < cutoff)
    ).all()
    expired: list[ExpiredDraft] = []
    for draft, person in rows:
        result = session.execute(
            update(ReportDraft)
            .where(col(ReportDraft.id) == draft.id, col(ReportDraft.status) == "open")
            .values(status="expired", updated_at=now)
        )
        if getattr(result, "rowcount", 0):
            expired.append(
                ExpiredDraft(draft.id, person.telegram_id, person.language, person.private_chat and person.reachable)
            )
    return expired


def person_id_of(session: Session, telegram_id: int) -> int | None:
    """Our id of the person with this Telegram id (who writes, decides or reopens), None when unknown."""
    return session.exec(select(Person.id).where(Person.telegram_id == telegram_id)).first()
