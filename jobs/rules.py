"""When things are due: the pure calendar side of the reminder policy (no database, no Telegram).

At a team-local instant, :func:`occasions` says which reminders, escalations, chair notes and digests are due.
Each rule yields at most one occasion per period: the *latest* day of that rule whose time has come, so a tick after
downtime catches up with what is still useful (the last reminder before the deadline, the last escalation) and never
sends two reminders of one deadline at once. The ``Delivery`` table then makes each occasion happen once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from domain.calendar import deadline, is_working_day, lock_date, next_working_day, reminder_day
from domain.periods import Period, PeriodKind, period_containing
from jobs.policy import ReminderPolicy, monday_of

REMINDER = "reminder"  # private, to a focal point with pending activities
REMINDER_GROUP = "reminder_group"  # to the groups, naming focal points the bot cannot reach privately
ESCALATION = "escalation"  # to the groups, after the deadline
CHAIR_NOTE = "chair_note"  # private, to chairs and the secretariat on the deadline day
DIGEST = "digest"  # weekly chart to the groups
# a parent team's deadline for its teams to close a period (issue 15): the same days, counted from the parent's
CLOSING_REMINDER = "closing_reminder"  # private, to the secretariat of a team still open (H-3, H-1, H)
CLOSING_ESCALATION = "closing_escalation"  # to the parent's groups, naming the teams still open, after it
CLOSING_NOTE = "closing_note"  # private, to the parent's chair and secretariat on the deadline day
# a report sent with "bukti menyusul" (issue 17): private, to the focal point who sent it, the team's working days later
EVIDENCE_REMINDER = "evidence_reminder"
KINDS = (
    REMINDER,
    REMINDER_GROUP,
    ESCALATION,
    CHAIR_NOTE,
    DIGEST,
    CLOSING_REMINDER,
    CLOSING_ESCALATION,
    CLOSING_NOTE,
    EVIDENCE_REMINDER,
)
_CLOSING_KIND = {REMINDER: CLOSING_REMINDER, ESCALATION: CLOSING_ESCALATION, CHAIR_NOTE: CLOSING_NOTE}

_MAX_PERIODS_BACK = 36


@dataclass(frozen=True)
class Occasion:
    """One rule due now for one period (or one week, for the digest)."""

    kind: str  # REMINDER (covers REMINDER_GROUP too), ESCALATION, CHAIR_NOTE, DIGEST or a CLOSING_ kind
    period: Period | None  # None for the digest
    due_date: date  # the day the rule was scheduled for (the Monday of the week for the digest)
    scheduled_local: datetime  # team-local instant it became due
    offset: int  # working days from the deadline: -3 is H-3, +1 is H+1 (0 for the digest)
    deadline: date | None = None
    lock: date | None = None

    @property
    def rule(self) -> str:
        """ "H-3", "H", "H+4", "digest"."""
        if self.kind == DIGEST:
            return "digest"
        if self.offset == 0:
            return "H"
        return f"H{self.offset:+d}"

    @property
    def period_key(self) -> str:
        if self.period is None:
            return f"{self.due_date.isocalendar().year}-W{self.due_date.isocalendar().week:02d}"
        return self.period.key


def _latest(days: list[tuple[date, int]], today: date) -> tuple[date, int] | None:
    """The latest (day, offset) on or before today."""
    past = [d for d in days if d[0] <= today]
    return max(past) if past else None


def occasions(
    policy: ReminderPolicy,
    period_kind: PeriodKind,
    deadline_working_days: int,
    lock_days: int,
    local_now: datetime,
    extra_holidays: frozenset[date] = frozenset(),
) -> list[Occasion]:
    """Everything due at the team-local ``local_now``: nothing outside the sending hours or on a day off."""
    today = local_now.date()
    if not policy.in_window(local_now) or not is_working_day(today, extra_holidays):
        return []
    zone = local_now.tzinfo
    assert zone is not None

    def at(day: date, hour: int) -> datetime:
        return datetime(day.year, day.month, day.day, hour, tzinfo=zone)

    found: list[Occasion] = []
    period = period_containing(today, period_kind)
    for _ in range(_MAX_PERIODS_BACK):
        dl = deadline(period, deadline_working_days, extra_holidays)
        lock = lock_date(period, deadline_working_days, lock_days, extra_holidays)
        if lock < today:
            break  # earlier periods are locked too
        if today <= dl:
            days = [(reminder_day(dl, -o, extra_holidays), -o) for o in policy.before_deadline]
            latest = _latest(days, today)
            if latest is not None and at(latest[0], policy.hour) <= local_now:
                found.append(Occasion(REMINDER, period, latest[0], at(latest[0], policy.hour), latest[1], dl, lock))
            if today == dl and at(dl, policy.hour) <= local_now:
                found.append(Occasion(CHAIR_NOTE, period, dl, at(dl, policy.hour), 0, dl, lock))
        else:
            days = []
            offset = 1
            while (day := reminder_day(dl, offset, extra_holidays)) <= lock:
                days.append((day, offset))
                if day > today:
                    break
                offset += policy.escalation_every
            latest = _latest(days, today)
            if latest is not None and at(latest[0], policy.hour) <= local_now:
                found.append(Occasion(ESCALATION, period, latest[0], at(latest[0], policy.hour), latest[1], dl, lock))
        period = period.prev()
    digest = _digest(policy, today, local_now, extra_holidays)
    if digest is not None:
        found.append(digest)
    return found


def digest_day(policy: ReminderPolicy, day: date, extra_holidays: frozenset[date] = frozenset()) -> date | None:
    """The day of ``day``'s week the digest goes out: the digest weekday, or the next working day in that week."""
    monday = monday_of(day)
    first = next_working_day(monday + timedelta(days=policy.digest_weekday), extra_holidays)
    return first if first < monday + timedelta(days=7) else None


def _digest(
    policy: ReminderPolicy, today: date, local_now: datetime, extra_holidays: frozenset[date]
) -> Occasion | None:
    sched = digest_day(policy, today, extra_holidays)
    if sched is None or sched > today:
        return None
    scheduled = datetime(sched.year, sched.month, sched.day, policy.digest_hour, tzinfo=local_now.tzinfo)
    if scheduled > local_now:
        return None
    return Occasion(DIGEST, None, monday_of(today), scheduled, 0)


def closing_occasions(
    policy: ReminderPolicy,
    period_kind: PeriodKind,
    children_deadline_working_days: int,
    lock_days: int,
    local_now: datetime,
    extra_holidays: frozenset[date] = frozenset(),
) -> list[Occasion]:
    """A parent team's closing rules due at its local ``local_now``: the reminders (its policy's days before the
    deadline, H-3, H-1, H by default), the note to its chair and secretariat on the deadline day and the escalations
    after it (every ``escalation_every`` working days up to the parent's lock date), for the deadline of
    ``children_deadline_working_days`` working days after each period. The same calendar as :func:`occasions`
    (one occasion per rule and period, the latest due; nothing outside the sending hours or on a day off)."""
    found = occasions(policy, period_kind, children_deadline_working_days, lock_days, local_now, extra_holidays)
    return [replace(o, kind=_CLOSING_KIND[o.kind]) for o in found if o.kind in _CLOSING_KIND]
