"""The parent's deadline for its teams to close a period, as pure calendar rules (``jobs.rules.closing_occasions``):
H-3, H-1 and H before it, the note to the parent's chair on the day, escalations after it; weekends and Indonesian
holidays skipped."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from domain.periods import Period
from jobs.policy import ReminderPolicy
from jobs.rules import CLOSING_ESCALATION, CLOSING_NOTE, CLOSING_REMINDER, closing_occasions
from storage.closing import parent_deadline
from storage.models import Team

WIB = ZoneInfo("Asia/Jakarta")
Q1 = Period(2026, "quarter", 1)


def at(day: date, hour: int = 8, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


def due(day: date, hour: int = 8, *, working_days: int = 10, lock_days: int = 30) -> list[tuple[str, str, str]]:
    found = closing_occasions(ReminderPolicy(), "quarter", working_days, lock_days, at(day, hour))
    return [(o.kind, o.period_key, o.rule) for o in found]


def test_the_parent_deadline_skips_weekends_and_good_friday() -> None:
    # Q1 2026 ends Tuesday 31 March; 1, 2 April work, 3 April is Good Friday, then 6–10 and 13–15 April: the 10th
    # working day is Wednesday 15 April
    parent = Team(code="P", name="P", year=2026, children_deadline_working_days=10)
    assert parent_deadline(parent, Q1) == date(2026, 4, 15)
    assert parent_deadline(Team(code="P", name="P", year=2026, children_deadline_working_days=3), Q1) == date(
        2026, 4, 6
    )


def test_reminders_h3_h1_h_then_the_note_and_the_escalations() -> None:
    assert due(date(2026, 4, 9)) == []  # H-4
    assert due(date(2026, 4, 10)) == [(CLOSING_REMINDER, "2026-Q1", "H-3")]  # Friday
    assert due(date(2026, 4, 11)) == []  # Saturday: a day off
    assert due(date(2026, 4, 13)) == [(CLOSING_REMINDER, "2026-Q1", "H-3")]  # still the latest: settled by then
    assert due(date(2026, 4, 14)) == [(CLOSING_REMINDER, "2026-Q1", "H-1")]
    assert due(date(2026, 4, 15)) == [(CLOSING_REMINDER, "2026-Q1", "H"), (CLOSING_NOTE, "2026-Q1", "H")]
    assert due(date(2026, 4, 16)) == [(CLOSING_ESCALATION, "2026-Q1", "H+1")]
    assert due(date(2026, 4, 20)) == [(CLOSING_ESCALATION, "2026-Q1", "H+1")]  # every 3 working days
    assert due(date(2026, 4, 21)) == [(CLOSING_ESCALATION, "2026-Q1", "H+4")]


def test_nothing_before_the_hour_outside_the_window_or_on_a_holiday() -> None:
    assert due(date(2026, 4, 10), hour=7) == []  # the policy's hour is 08:00
    assert due(date(2026, 4, 10), hour=19) == []  # outside the sending window
    assert due(date(2026, 4, 3)) == []  # Good Friday
    # a parent with a 3-working-day deadline: H is Monday 6 April, H-1 is 2 April (Good Friday skipped)
    assert due(date(2026, 4, 2), working_days=3) == [(CLOSING_REMINDER, "2026-Q1", "H-1")]
    assert due(date(2026, 4, 6), working_days=3)[0] == (CLOSING_REMINDER, "2026-Q1", "H")


def test_escalations_stop_at_the_parents_lock_date_and_no_digest() -> None:
    # deadline 15 April + 5 lock days = 20 April: H+1 (16 April) and H+4 (21 April) would be after it
    assert due(date(2026, 4, 16), lock_days=5) == [(CLOSING_ESCALATION, "2026-Q1", "H+1")]
    assert due(date(2026, 4, 21), lock_days=5) == []
    monday = date(2026, 4, 6)
    assert all(kind != "digest" for kind, _, _ in due(monday))
