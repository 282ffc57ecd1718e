"""Closing a period for the parent team (issue 15, the layered deadline): ``/tutup``, the automatic close at the
team's lock date, the parent secretariat's reopening, and who is still open.

A team with a parent closes each period once it has verified its reports; a ``PeriodClosing`` row with
``reopened_at`` NULL is a closed period (the parent's roll-up views read it the same way). The parent's deadline
for a period is its end plus ``parent.children_deadline_working_days`` working days (``domain.calendar.deadline``,
weekends and national holidays skipped, as the reminder rules count); a closing is on time when its team-local day
(in the parent's zone) is on or before that deadline. A period closes by itself the day after the team's own lock
date (``domain.calendar.lock_date``: entry is closed from then on), once: a period the parent reopened afterwards is
never closed again by itself.

Sync repository functions: take a session, never commit. Refusals raise :class:`ClosingError` with a catalogue key
(``closing.*``) and the values of its text; the bot renders the reply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, func, select

from domain.calendar import deadline, is_locked, lock_date
from domain.periods import Period, PeriodParseError, parse_period, periods_of_year
from domain.report_rules import period_kind
from domain.zones import team_zone
from storage.models import Activity, PeriodClosing, Person, Program, Report, Team
from storage.schedule import expected_activities


class ClosingError(Exception):
    """A refusal with a catalogue key and the values its text needs (as written: escaping is the reply's job)."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = {k: str(v) for k, v in values.items()}


@dataclass(frozen=True)
class ClosingView:
    """A team's closing of a period, as shown to people (and to the parent's groups)."""

    team_id: int
    team_code: str
    team_name: str
    parent_id: int
    period_key: str
    closed_at: datetime
    closed_by: str | None  # the person's name; None for an automatic close
    automatic: bool
    parent_deadline: date
    on_time: bool
    received: int  # reports received of those expected, when it closed
    expected: int
    reopened_at: datetime | None = None
    reopened_by: str | None = None

    @property
    def period(self) -> Period:
        return Period.from_key(self.period_key)


@dataclass(frozen=True)
class OpenChild:
    """A child team that has not closed a period (yet, or again after a reopening)."""

    team_id: int
    code: str
    name: str
    reopened: bool  # closed once and reopened by the parent


def parent_deadline(parent: Team, period: Period, extra_holidays: frozenset[date] = frozenset()) -> date:
    """The last day the parent's teams may close ``period`` on time: its end plus the parent's
    ``children_deadline_working_days`` working days."""
    return deadline(period, max(0, parent.children_deadline_working_days), extra_holidays)


def team_lock(team: Team, period: Period, extra_holidays: frozenset[date] = frozenset()) -> date:
    """The team's own lock date for ``period`` (the last day its reports may be entered)."""
    return lock_date(period, team.deadline_working_days, team.lock_days, extra_holidays)


def closed_on_time(closed_at: datetime, parent: Team, period: Period) -> bool:
    """Whether a closing at the aware ``closed_at`` met the parent's deadline (the day in the parent's zone)."""
    return closed_at.astimezone(team_zone(parent.timezone)).date() <= parent_deadline(parent, period)


def children(session: Session, parent_id: int) -> list[Team]:
    """The teams whose parent is ``parent_id``, by code."""
    return list(session.exec(select(Team).where(Team.parent_id == parent_id).order_by(col(Team.code))).all())


def parents(session: Session) -> list[Team]:
    """Every team with at least one child, by code."""
    child = select(Team.parent_id).where(col(Team.parent_id).is_not(None))
    return list(session.exec(select(Team).where(col(Team.id).in_(child)).order_by(col(Team.code))).all())


def closing_row(session: Session, team_id: int, period_key: str) -> PeriodClosing | None:
    """The team's closing row of the period, closed or reopened; None when it never closed."""
    return session.exec(
        select(PeriodClosing).where(PeriodClosing.team_id == team_id, PeriodClosing.period_key == period_key)
    ).first()


def is_closed(session: Session, team_id: int, period_key: str) -> bool:
    row = closing_row(session, team_id, period_key)
    return row is not None and row.reopened_at is None


def open_children(session: Session, parent_id: int, period_key: str) -> list[OpenChild]:
    """The parent's teams that have not closed ``period_key`` (never closed, or reopened), by code (one query)."""
    rows = session.exec(
        select(Team, PeriodClosing)
        .outerjoin(
            PeriodClosing,
            (col(PeriodClosing.team_id) == Team.id) & (col(PeriodClosing.period_key) == period_key),
        )
        .where(Team.parent_id == parent_id)
        .order_by(col(Team.code))
    ).all()
    return [
        OpenChild(team.id or 0, team.code, team.name, row is not None)
        for team, row in rows
        if row is None or row.reopened_at is not None
    ]


def waiting_verification(session: Session, team_id: int, period_key: str) -> int:
    """How many of the team's reports of the period wait for the secretariat's verification."""
    count = session.exec(
        select(func.count())
        .select_from(Report)
        .join(Activity, col(Activity.id) == Report.activity_id)
        .join(Program, col(Program.id) == Activity.program_id)
        .where(Program.team_id == team_id, Report.period_key == period_key, Report.status == "submitted")
    ).one()
    return int(count)


def _counts(session: Session, team_id: int, period_key: str) -> tuple[int, int]:
    expected = expected_activities(session, team_id, period_key)
    return sum(1 for a in expected if a.reported), len(expected)


def _name(session: Session, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    person = session.get(Person, person_id)
    if person is None:
        return None
    return person.name or (f"@{person.username}" if person.username else str(person.telegram_id))


def view(session: Session, team: Team, parent: Team, row: PeriodClosing) -> ClosingView:
    period = Period.from_key(row.period_key)
    received, expected = _counts(session, team.id or 0, row.period_key)
    closed_at = _aware(row.closed_at)
    return ClosingView(
        team_id=team.id or 0,
        team_code=team.code,
        team_name=team.name,
        parent_id=parent.id or 0,
        period_key=row.period_key,
        closed_at=closed_at,
        closed_by=_name(session, row.closed_by),
        automatic=row.automatic,
        parent_deadline=parent_deadline(parent, period),
        on_time=closed_on_time(closed_at, parent, period),
        received=received,
        expected=expected,
        reopened_at=_aware(row.reopened_at) if row.reopened_at is not None else None,
        reopened_by=_name(session, row.reopened_by),
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes: they were stored in UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _parent_of(session: Session, team: Team) -> Team:
    parent = session.get(Team, team.parent_id) if team.parent_id is not None else None
    if parent is None:
        raise ClosingError("closing.no_parent", team=team.code)
    return parent


def read_period(team: Team, text: str) -> Period:
    """The period the person typed, of the team's kind (the plan year when they leave the year out)."""
    try:
        return parse_period(text, period_kind(team), team.year)
    except PeriodParseError as exc:
        raise ClosingError("closing.period_unknown", period=text) from exc


def close_period(
    session: Session, team: Team, period: Period, person_id: int | None, now: datetime, *, automatic: bool = False
) -> ClosingView:
    """Close ``period`` of ``team`` for its parent at the aware ``now``.

    Refused (:class:`ClosingError`) for a team without a parent, a period not ended yet (team-local), a period
    already closed (saying when and by whom), and, for a person, while reports of the period wait for verification.
    A period the parent reopened closes again (the same row: ``reopened_at`` cleared). Two closings at once: one
    wins, the other is told it is already closed.
    """
    parent = _parent_of(session, team)
    team_id = team.id or 0
    today = now.astimezone(team_zone(team.timezone)).date()
    if period.end >= today:
        raise ClosingError("closing.not_ended", period=period.label(), end=period.end.isoformat())
    existing = closing_row(session, team_id, period.key)
    if existing is not None and existing.reopened_at is None:
        _already(session, team, parent, existing)
    if not automatic:
        waiting = waiting_verification(session, team_id, period.key)
        if waiting:
            raise ClosingError("closing.unverified", n=waiting, period=period.label())
    values = {"closed_at": now, "closed_by": person_id, "automatic": automatic}
    if existing is None:
        if not _insert(session, {"team_id": team_id, "period_key": period.key, **values}):
            raced = closing_row(session, team_id, period.key)
            assert raced is not None
            _already(session, team, parent, raced)
    else:
        # compare-and-set: only the reopened row this call read closes again
        result = session.execute(
            update(PeriodClosing)
            .where(col(PeriodClosing.id) == existing.id, col(PeriodClosing.reopened_at).is_not(None))
            .values(**values, reopened_at=None, reopened_by=None)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) != 1:
            session.expire(existing)
            _already(session, team, parent, existing)
        session.expire(existing)
    row = closing_row(session, team_id, period.key)
    assert row is not None
    return view(session, team, parent, row)


def _already(session: Session, team: Team, parent: Team, row: PeriodClosing) -> None:
    shown = view(session, team, parent, row)
    local = shown.closed_at.astimezone(team_zone(team.timezone))
    raise ClosingError(
        "closing.already_auto" if row.automatic else "closing.already",
        period=shown.period.label(),
        when=local.strftime("%d-%m-%Y %H:%M"),
        who=shown.closed_by or "?",
    )


def _insert(session: Session, values: Mapping[str, object]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: True when this call created the row."""
    table = PeriodClosing.__table__  # type: ignore[attr-defined]
    dialect = session.get_bind().dialect.name
    stmt: postgresql.Insert | sqlite.Insert
    if dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values).on_conflict_do_nothing()
    elif dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values).on_conflict_do_nothing()
    else:  # pragma: no cover - only the two engines are supported
        raise RuntimeError(f"unsupported dialect {dialect}")
    return session.execute(stmt.returning(table.c.id)).first() is not None


def reopen_closing(
    session: Session, parent: Team, child_code: str, period: Period, person_id: int | None, now: datetime
) -> ClosingView:
    """The parent's secretariat reopens a child's closed period: ``reopened_at`` set, the row kept; the child may
    close again. Refused for a team that is not the parent's child and for a period that is not closed."""
    code = child_code.strip()
    child = session.exec(select(Team).where(col(Team.code).ilike(code))).first() if code else None
    if child is None or child.parent_id != parent.id:
        raise ClosingError("closing.reopen.not_child", team=code, parent=parent.code)
    row = closing_row(session, child.id or 0, period.key)
    if row is None or row.reopened_at is not None:
        raise ClosingError("closing.reopen.not_closed", team=child.code, period=period.label())
    result = session.execute(
        update(PeriodClosing)
        .where(col(PeriodClosing.id) == row.id, col(PeriodClosing.reopened_at).is_(None))
        .values(reopened_at=now, reopened_by=person_id)
        .execution_options(synchronize_session=False)
    )
    session.expire(row)
    if getattr(result, "rowcount", 0) != 1:
        raise ClosingError("closing.reopen.not_closed", team=child.code, period=period.label())
    fresh = closing_row(session, child.id or 0, period.key)
    assert fresh is not None
    return view(session, child, parent, fresh)


def lock_closing_time(team: Team, period: Period, extra_holidays: frozenset[date] = frozenset()) -> datetime:
    """When a period closes by itself: the team-local midnight after its lock date, in UTC."""
    day = team_lock(team, period, extra_holidays) + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=team_zone(team.timezone)).astimezone(UTC)


def close_locked(session: Session, now: datetime) -> list[ClosingView]:
    """Close by itself every period of a team with a parent that is past the team's lock date at ``now`` and was
    never closed (``automatic``, ``closed_at`` the midnight after the lock date); what it closed. Idempotent: a
    period closed before, or reopened by the parent, is left as it is."""
    done: list[ClosingView] = []
    rows = session.exec(select(Team).where(col(Team.parent_id).is_not(None)).order_by(col(Team.code))).all()
    for team in rows:
        parent = session.get(Team, team.parent_id)
        if parent is None:
            continue
        today = now.astimezone(team_zone(team.timezone)).date()
        closed = set(session.exec(select(PeriodClosing.period_key).where(PeriodClosing.team_id == team.id)).all())
        for period in periods_of_year(team.year, period_kind(team)):
            if period.key in closed or not is_locked(today, team_lock(team, period)):
                continue
            at = lock_closing_time(team, period)
            values = {"team_id": team.id, "period_key": period.key, "closed_at": at, "automatic": True}
            if _insert(session, values):
                row = closing_row(session, team.id or 0, period.key)
                assert row is not None
                done.append(view(session, team, parent, row))
    return done


def closed_on_time_count(session: Session, parent: Team, period: Period) -> int:
    """How many of the parent's teams have ``period`` closed (not reopened) by the parent's deadline."""
    rows = session.exec(
        select(PeriodClosing.closed_at)
        .join(Team, col(Team.id) == PeriodClosing.team_id)
        .where(
            Team.parent_id == parent.id,
            PeriodClosing.period_key == period.key,
            col(PeriodClosing.reopened_at).is_(None),
        )
    ).all()
    return sum(1 for closed_at in rows if closed_on_time(_aware(closed_at), parent, period))
