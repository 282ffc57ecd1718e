"""When an action item's reminders and overdue notice are due (jobs.actions.action_occasion): hand cases."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from jobs.actions import ACTION_OVERDUE, ACTION_REMINDER, action_occasion
from jobs.policy import ReminderPolicy

WIB = ZoneInfo("Asia/Jakarta")
POLICY = ReminderPolicy()  # 08:00, 07:00-18:00
DUE = date(2022, 4, 14)  # a Thursday; Good Friday 15 April 2022 is a holiday


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


@pytest.mark.parametrize(
    ("recorded", "now", "expected"),
    [
        (date(2022, 4, 4), at(date(2022, 4, 8)), None),  # before H-3
        (date(2022, 4, 4), at(date(2022, 4, 11), 7), None),  # H-3 before the reminder hour
        (date(2022, 4, 4), at(date(2022, 4, 11)), (ACTION_REMINDER, date(2022, 4, 11), -3)),
        (date(2022, 4, 4), at(date(2022, 4, 12)), (ACTION_REMINDER, date(2022, 4, 11), -3)),  # caught up
        (date(2022, 4, 4), at(date(2022, 4, 13)), (ACTION_REMINDER, date(2022, 4, 13), -1)),  # the latest only
        (date(2022, 4, 4), at(DUE), (ACTION_REMINDER, date(2022, 4, 13), -1)),
        (date(2022, 4, 11), at(date(2022, 4, 11)), None),  # recorded on H-3: just told
        (date(2022, 4, 12), at(date(2022, 4, 12)), None),
        (date(2022, 4, 12), at(date(2022, 4, 13)), (ACTION_REMINDER, date(2022, 4, 13), -1)),
        (date(2022, 4, 14), at(DUE), None),  # recorded on the due date: no reminder
        (date(2022, 4, 4), at(date(2022, 4, 15)), None),  # Good Friday: no message on a holiday
        (date(2022, 4, 4), at(date(2022, 4, 16)), None),  # Saturday
        (date(2022, 4, 4), at(date(2022, 4, 18), 7), None),  # the first working day after, before the hour
        (date(2022, 4, 4), at(date(2022, 4, 18)), (ACTION_OVERDUE, date(2022, 4, 15), 4)),
        (date(2022, 4, 4), at(date(2022, 4, 25)), (ACTION_OVERDUE, date(2022, 4, 15), 11)),  # one notice only
        (date(2022, 4, 20), at(date(2022, 4, 21)), (ACTION_OVERDUE, date(2022, 4, 20), 7)),  # reopened late
        (date(2022, 4, 4), at(date(2022, 4, 11), 19), None),  # outside the sending hours
    ],
)
def test_action_occasion(recorded: date, now: datetime, expected: tuple[str, date, int] | None) -> None:
    found = action_occasion(POLICY, DUE, recorded, now)
    assert (None if found is None else (found.kind, found.day, found.offset)) == expected
