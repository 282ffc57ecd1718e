"""Report drafts, submission, revisions, history, verification and reopening. Sync repository functions.

Every function takes the session and ``now``, never commits (the handler step owns the transaction) and knows
nothing of Telegram. The rules the conversation rests on:

- **One open draft per person.** A draft holds every answer given so far (``ReportDraft.data``), so a restart or a
  second process continues where the person was. Starting a new draft cancels the person's other open drafts.
- **Kirim is idempotent.** ``submit_draft`` locks the draft row and writes one revision keyed by the draft id
  (``report_revision.draft_id`` is UNIQUE): a double tap, a retried update or a second Kirim returns the revision
  already written (``Submission.created`` is False) instead of writing another.
- **A report is activity × period.** Its first Kirim creates it (an ``INSERT … ON CONFLICT DO NOTHING`` then a row
  lock, so two officials of one organization reporting the same activity at once get two revisions, never an
  error or a merge); every later Kirim adds a revision, which becomes the current one and sends the report back to
  ``submitted``. ``Report.on_time`` is decided by the first submission only.
- **Which periods accept entry** (:func:`entry_periods`): the periods of the team's plan year that have started
  and are not locked (``domain.calendar.lock_date``), plus locked ones the secretariat reopened for that
  organization (``Reopening``). The *reference period* of a moment is the period every screen lands on
  (``domain.periods.landing_period``): the latest ended period still open for entry, else the current one; it is
  the one the activity list is headed with and marked against, and the one pre-selected when it is open.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from domain import limits
from domain.calendar import deadline, is_locked, is_on_time, lock_date
from domain.periods import Period, PeriodKind, landing_period, periods_up_to
from domain.rating import Measure, Thresholds, ThresholdsError, achievement_for, predikat
from domain.text import is_visibly_empty
from storage.models import (
    Activity,
    Evidence,
    GroupChat,
    Membership,
    Organization,
    Person,
    Program,
    Reopening,
    Report,
    ReportDraft,
    ReportRevision,
    Target,
    Team,
)

ZONE_ALIASES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
FAR_ABOVE_TARGET_PCT = Decimal(150)  # a value above this share of the target asks "Ya, benar?"

Mark = Literal["reported", "returned", "pending", "overdue", "locked"]
EntryState = Literal["open", "reopened", "locked"]
EvidenceKind = Literal["photo", "document"]


class ReportError(Exception):
    """A domain refusal with a catalogue key; the caller shows ``t(self.key, lang, **self.values)``."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


class DraftClosedError(ReportError):
    """The draft is no longer open (submitted, cancelled or expired): nothing may change it."""

    def __init__(self, status: str) -> None:
        super().__init__(f"report.closed.{status}")
        self.status = status


class AnswerTooLargeError(ReportError):
    """Kirim of a draft holding a number its column cannot hold (written before ``domain.limits``, or a revision of
    such a report): nothing is stored; the person types that answer again."""

    def __init__(self, limit: limits.Limit) -> None:
        super().__init__("report.submit.too_large")
        self.limit = limit


# --- the typed draft ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceFile:
    """A photo or document sent as evidence, kept as Telegram file ids."""

    kind: EvidenceKind
    file_id: str
    file_unique_id: str
    file_name: str | None = None
    mime_type: str | None = None
    file_size: int | None = None

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> EvidenceFile:
        return cls(
            kind="document" if raw.get("kind") == "document" else "photo",
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
    def from_row(cls, row: ReportDraft) -> Draft:
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
    in one query per update."""
    row = session.exec(
        select(Person.id, ReportDraft)
        .outerjoin(ReportDraft, col(ReportDraft.person_id) == Person.id)
        .where(Person.telegram_id == telegram_id)
        .order_by(col(ReportDraft.status) != "open", col(ReportDraft.updated_at).desc())
        .limit(1)
    ).first()
    if row is None:
        return None, None
    person_id, draft = row
    return person_id, Draft.from_row(draft) if draft is not None else None


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
    """Write the given fields of an open draft (row-locked); raises DraftClosedError if it is not open."""
    row = session.exec(select(ReportDraft).where(ReportDraft.id == draft_id).with_for_update()).first()
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
    row.step = draft.step
    row.team_id = draft.team_id
    row.activity_id = draft.activity_id
    row.period_key = draft.period_key
    row.data = draft.data_json()
    row.updated_at = now
    session.add(row)
    session.flush()
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


# --- what a person may report ---------------------------------------------------------------------------------


def team_zone(team: Team) -> ZoneInfo:
    """The team's IANA zone; WIB/WITA/WIT accepted as well."""
    return ZoneInfo(ZONE_ALIASES.get(team.timezone.upper(), team.timezone))


def local_today(team: Team, now: datetime) -> date:
    return now.astimezone(team_zone(team)).date()


def _kind(team: Team) -> PeriodKind:
    return "month" if team.period_kind == "month" else "quarter"


def reference_period(team: Team, today: date) -> Period:
    """The period a report is normally about now: ``domain.periods.landing_period`` of the team (on 2 December,
    with Triwulan III locked, Triwulan IV: never a locked period while one of the plan year is open)."""
    return landing_period(today, _kind(team), team.year, team.deadline_working_days, team.lock_days)


def _reopened(session: Session, team_id: int, organization_id: int) -> set[str]:
    return set(
        session.exec(
            select(Reopening.period_key).where(
                Reopening.team_id == team_id, Reopening.organization_id == organization_id
            )
        ).all()
    )


def entry_state(team: Team, period: Period, today: date, reopened: set[str]) -> EntryState | None:
    """Open, reopened or locked for entry today; None when the period has not started or is outside the plan."""
    if period.year != team.year or period.start > today:
        return None
    if not is_locked(today, lock_date(period, team.deadline_working_days, team.lock_days)):
        return "open"
    return "reopened" if period.key in reopened else "locked"


@dataclass(frozen=True)
class PeriodChoice:
    """One period offered at the period step."""

    key: str
    state: EntryState
    default: bool
    reported: bool


def entry_periods(session: Session, activity_id: int, now: datetime) -> list[PeriodChoice]:
    """The periods offered for an activity, newest first: the open and reopened ones, and the latest ended period
    when it is locked (so that pressing it can say why: ask for /buka); the default is pre-selected (see the module
    docstring)."""
    activity, _program, team = _activity_team(session, activity_id)
    today = local_today(team, now)
    reopened = _reopened(session, team.id or 0, activity.organization_id)
    reported = {
        r.period_key
        for r in session.exec(select(Report).where(Report.activity_id == activity_id)).all()
        if r.status != "returned"
    }
    reference = reference_period(team, today)
    candidates = [p for p in _year_periods(team) if p.start <= today]
    last_ended = next((p for p in reversed(candidates) if p.end < today), None)
    choices: list[tuple[Period, EntryState]] = []
    for period in reversed(candidates):
        state = entry_state(team, period, today, reopened)
        if state is None:
            continue
        if state != "locked" or period in (reference, last_ended):
            choices.append((period, state))
    open_keys = [p.key for p, s in choices if s != "locked"]
    default_key = reference.key if reference.key in open_keys else (open_keys[0] if open_keys else None)
    return [PeriodChoice(p.key, s, p.key == default_key, p.key in reported) for p, s in choices]


def _year_periods(team: Team) -> list[Period]:
    count = 12 if _kind(team) == "month" else 4
    return [Period(team.year, _kind(team), i) for i in range(1, count + 1)]


def check_entry_open(session: Session, activity_id: int, period_key: str, now: datetime) -> EntryState:
    """Raise ReportError unless the activity's organization may enter ``period_key`` today."""
    activity, _program, team = _activity_team(session, activity_id)
    try:
        period = Period.from_key(period_key)
    except ValueError as exc:
        raise ReportError("report.period.unknown") from exc
    state = entry_state(
        team, period, local_today(team, now), _reopened(session, team.id or 0, activity.organization_id)
    )
    if state is None or period.kind != _kind(team):
        raise ReportError("report.period.not_open", period=period_key)
    if state == "locked":
        raise ReportError("report.period.locked", period=period_key)
    return state


@dataclass(frozen=True)
class ActivityChoice:
    """One line of the activity list, marked against the reference period."""

    activity_id: int
    code: str
    name: str
    program_id: int
    program_name: str
    team_id: int
    organization_id: int
    organization_code: str
    mark: Mark
    period_key: str


def reportable_activities(session: Session, person_id: int, now: datetime) -> list[ActivityChoice]:
    """The activities of the person's own organizations (focal point memberships), grouped by program in plan
    order, each marked reported / returned / pending / overdue / locked for its team's reference period."""
    memberships = session.exec(
        select(Membership).where(Membership.person_id == person_id, Membership.role == "focal_point")
    ).all()
    pairs = {(m.team_id, m.organization_id) for m in memberships if m.organization_id is not None}
    if not pairs:
        return []
    out: list[ActivityChoice] = []
    for team_id in sorted({t for t, _ in pairs}):
        team = session.get(Team, team_id)
        if team is None:
            continue
        orgs = sorted(o for t, o in pairs if t == team_id and o is not None)
        today = local_today(team, now)
        reference = reference_period(team, today)
        due = deadline(reference, team.deadline_working_days)
        rows = session.exec(
            select(Activity, Program, Organization, Report)
            .join(Program, col(Program.id) == Activity.program_id)
            .join(Organization, col(Organization.id) == Activity.organization_id)
            .join(
                Report,
                (col(Report.activity_id) == Activity.id) & (col(Report.period_key) == reference.key),
                isouter=True,
            )
            .where(Program.team_id == team_id, col(Activity.organization_id).in_(orgs))
            .order_by(col(Program.position), col(Program.id), col(Activity.position), col(Activity.id))
        ).all()
        reopened_by_org = {o: _reopened(session, team_id, o) for o in orgs}
        for activity, program, org, report in rows:
            mark: Mark
            if report is not None and report.status == "returned":
                mark = "returned"
            elif report is not None:
                mark = "reported"
            else:
                state = entry_state(team, reference, today, reopened_by_org[org.id or 0])
                if state == "locked":
                    mark = "locked"
                elif today > due:
                    mark = "overdue"
                else:
                    mark = "pending"
            out.append(
                ActivityChoice(
                    activity_id=activity.id or 0,
                    code=activity.code,
                    name=activity.name,
                    program_id=program.id or 0,
                    program_name=program.name,
                    team_id=team_id,
                    organization_id=org.id or 0,
                    organization_code=org.code,
                    mark=mark,
                    period_key=reference.key,
                )
            )
    return out


def _activity_team(session: Session, activity_id: int) -> tuple[Activity, Program, Team]:
    row = session.exec(
        select(Activity, Program, Team)
        .join(Program, col(Program.id) == Activity.program_id)
        .join(Team, col(Team.id) == Program.team_id)
        .where(Activity.id == activity_id)
    ).first()
    if row is None:
        raise ReportError("report.activity.unknown")
    return row[0], row[1], row[2]


def activity_name(session: Session, activity_id: int) -> str:
    """The activity's name, for the period question."""
    return _activity_team(session, activity_id)[0].name


@dataclass(frozen=True)
class ActivityContext:
    """What the steps show and check: the plan of the activity, its target and the values reported before."""

    activity_id: int
    code: str
    name: str
    indicator: str
    unit: str
    measure: str
    budget_ceiling: int | None
    program_name: str
    team_id: int
    team_name: str
    organization_id: int
    organization_code: str
    organization_name: str
    period_key: str
    target: float | None  # the period's target (for cumulative measures, the plan's running total)
    planned_physical: float | None
    previous_value: float | None  # the latest value reported for an earlier period of the year
    previous_period_key: str | None
    previous_budget: int | None
    current_value: float | None  # this period's current revision, when it was reported already
    current_revision_number: int | None


def activity_context(session: Session, activity_id: int, period_key: str) -> ActivityContext:
    """The plan and history of one activity for one period, for the prompts and the plausibility checks.

    Read on every report turn, so it is two queries of plain columns: the plan row with its period's target, and
    the current values of the year up to the period."""
    plan = session.execute(
        sa_select(  # sqlmodel's select() types four columns at most
            col(Activity.code),
            col(Activity.name),
            col(Activity.indicator),
            col(Activity.unit),
            col(Activity.measure),
            col(Activity.budget_ceiling),
            col(Activity.organization_id),
            col(Program.name),
            col(Team.id),
            col(Team.name),
            col(Organization.code),
            col(Organization.name),
            col(Target.value),
            col(Target.planned_physical),
        )
        .join(Program, col(Program.id) == Activity.program_id)
        .join(Team, col(Team.id) == Program.team_id)
        .outerjoin(Organization, col(Organization.id) == Activity.organization_id)
        .outerjoin(Target, (col(Target.activity_id) == Activity.id) & (col(Target.period_key) == period_key))
        .where(col(Activity.id) == activity_id)
    ).first()
    if plan is None:
        raise ReportError("report.activity.unknown")
    (code, name, indicator, unit, measure, ceiling, org_id, program_name, team_id, team_name, org_code, org_name) = (
        plan[:12]
    )
    # Cumulative targets are running totals in the plan already ("120 by the end of Triwulan II").
    target, planned_physical = plan[12], plan[13]
    keys = [p.key for p in periods_up_to(Period.from_key(period_key))]
    values = session.exec(
        select(Report.period_key, ReportRevision.value, ReportRevision.budget_spent, ReportRevision.number)
        .join(ReportRevision, col(ReportRevision.id) == Report.current_revision_id)
        .where(Report.activity_id == activity_id, col(Report.period_key).in_(keys))
        .order_by(col(Report.period_key))
    ).all()
    previous = [row for row in values if row[0] < period_key]
    current = next((row for row in values if row[0] == period_key), None)
    prev_budget = next((row[2] for row in reversed(previous) if row[2] is not None), None)
    return ActivityContext(
        activity_id=activity_id,
        code=code,
        name=name,
        indicator=indicator,
        unit=unit,
        measure=measure,
        budget_ceiling=ceiling,
        program_name=program_name,
        team_id=team_id or 0,
        team_name=team_name,
        organization_id=org_id,
        organization_code=org_code or "",
        organization_name=org_name or "",
        period_key=period_key,
        target=target,
        planned_physical=planned_physical,
        previous_value=previous[-1][1] if previous else None,
        previous_period_key=previous[-1][0] if previous else None,
        previous_budget=prev_budget,
        current_value=current[1] if current else None,
        current_revision_number=current[3] if current else None,
    )


# --- plausibility (pure) --------------------------------------------------------------------------------------


def value_warning(ctx: ActivityContext, value: Decimal) -> str | None:
    """Why a realised value is implausible (a catalogue suffix), or None: far above target, or a running total
    below the previous one."""
    if ctx.target and ctx.target > 0 and value * 100 > FAR_ABOVE_TARGET_PCT * Decimal(repr(ctx.target)):
        return "above_target"
    if ctx.measure == "cumulative" and ctx.previous_value is not None and value < Decimal(repr(ctx.previous_value)):
        return "below_previous"
    return None


def budget_warning(ctx: ActivityContext, amount: int) -> str | None:
    """Budget spent (to date) above the ceiling (pagu) is implausible."""
    if ctx.budget_ceiling is not None and amount > ctx.budget_ceiling:
        return "above_ceiling"
    return None


# --- Kirim ----------------------------------------------------------------------------------------------------


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
    achievement: Decimal | None
    predikat: str | None
    on_time: bool
    reporter_name: str
    group_chat_ids: tuple[int, ...] = ()  # the team's active groups, for the one-line notice


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


def _thresholds(team: Team) -> Thresholds:
    try:
        return Thresholds.from_bounds(team.thresholds)
    except ThresholdsError:
        return Thresholds()


def _achievement(session: Session, activity: Activity, period: Period, value: float) -> Decimal | None:
    keys = [p.key for p in periods_up_to(period)]
    targets = {
        t.period_key: t.value
        for t in session.exec(
            select(Target).where(Target.activity_id == activity.id, col(Target.period_key).in_(keys))
        ).all()
    }
    if period.key not in targets and activity.measure != "cumulative":
        return None
    measure: Measure = "cumulative" if activity.measure == "cumulative" else "per_period"
    target_values = [Decimal(repr(targets.get(k, 0.0))) for k in keys]
    realised: list[Decimal | None] = [None] * (len(keys) - 1) + [Decimal(repr(value))]
    return achievement_for(measure, target_values, realised)


def submit_draft(session: Session, draft_id: str, now: datetime) -> Submission:
    """Kirim: write the draft as one revision (exactly once per draft), make it the report's current one."""
    row = session.exec(select(ReportDraft).where(ReportDraft.id == draft_id).with_for_update()).first()
    if row is None:
        raise ReportError("report.closed.cancelled")
    existing = session.exec(select(ReportRevision).where(ReportRevision.draft_id == draft_id)).first()
    if existing is not None:
        return _submission(session, existing, created=False)
    if row.status != "open":
        raise DraftClosedError(row.status)
    draft = Draft.from_row(row)
    answers = draft.answers
    if draft.activity_id is None or draft.period_key is None or answers.value is None:
        raise ReportError("report.submit.incomplete")
    too_large = limits.out_of_range(answers.value, answers.budget_spent, answers.physical_pct)
    if too_large is not None:
        raise AnswerTooLargeError(too_large)
    activity, _program, team = _activity_team(session, draft.activity_id)
    check_entry_open(session, draft.activity_id, draft.period_key, now)
    period = Period.from_key(draft.period_key)
    on_time = is_on_time(local_today(team, now), deadline(period, team.deadline_working_days))
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
    activity, _program, team = _activity_team(session, report.activity_id)
    org = session.get(Organization, activity.organization_id)
    reporter = session.get(Person, revision.reporter_id)
    pct = _achievement(session, activity, Period.from_key(report.period_key), revision.value)
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
        achievement=pct,
        predikat=predikat(pct, _thresholds(team)),
        on_time=report.on_time,
        reporter_name=reporter.name if reporter else "",
        group_chat_ids=tuple(groups),
    )


# --- history and revision -------------------------------------------------------------------------------------


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


def report_owner(session: Session, report_id: int) -> ReportOwner:
    report = session.get(Report, report_id)
    if report is None:
        raise ReportError("report.history.unknown")
    activity, _program, team = _activity_team(session, report.activity_id)
    return ReportOwner(
        report_id=report_id,
        activity_id=activity.id or 0,
        period_key=report.period_key,
        team_id=team.id or 0,
        organization_id=activity.organization_id,
        status=report.status,
        current_revision_id=report.current_revision_id,
    )


def start_revision(session: Session, person_id: int, report_id: int, now: datetime, *, step: str) -> Draft:
    """A new draft pre-filled with the report's current revision (evidence included), opened at ``step``."""
    report = session.get(Report, report_id)
    if report is None or report.current_revision_id is None:
        raise ReportError("report.history.unknown")
    check_entry_open(session, report.activity_id, report.period_key, now)
    revision = session.get(ReportRevision, report.current_revision_id)
    assert revision is not None
    _activity, _program, team = _activity_team(session, report.activity_id)
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
                kind="document" if e.kind == "document" else "photo",
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
    )
    return start_draft(
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


def revisions_of(session: Session, report_id: int) -> list[ReportRevision]:
    """Every revision of a report, oldest first: the audit trail."""
    return list(
        session.exec(
            select(ReportRevision).where(ReportRevision.report_id == report_id).order_by(col(ReportRevision.number))
        ).all()
    )


def evidence_of(session: Session, revision_id: int) -> list[Evidence]:
    return list(session.exec(select(Evidence).where(Evidence.revision_id == revision_id).order_by(col(Evidence.id))))


# --- verification ---------------------------------------------------------------------------------------------


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
    physical_pct: float | None
    obstacles: str | None
    follow_up: str | None
    evidence_count: int
    reporter_name: str
    submitted_at: datetime


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
    items: list[QueueItem] = []
    for report, rev, activity, program in page:
        org = session.get(Organization, activity.organization_id)
        person = session.get(Person, rev.reporter_id)
        target = session.exec(
            select(Target.value).where(Target.activity_id == activity.id, Target.period_key == report.period_key)
        ).first()
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
                physical_pct=rev.physical_pct,
                obstacles=rev.obstacles,
                follow_up=rev.follow_up,
                evidence_count=n,
                reporter_name=person.name if person else "",
                submitted_at=rev.submitted_at,
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


# --- reopening ------------------------------------------------------------------------------------------------


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
    if period.year != team.year or period.kind != _kind(team):
        raise ReportError("report.reopen.bad_period")
    today = local_today(team, now)
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


def person_id_of(session: Session, telegram_id: int) -> int | None:
    return session.exec(select(Person.id).where(Person.telegram_id == telegram_id)).first()


def get_team(session: Session, team_id: int) -> Team | None:
    return session.get(Team, team_id)
