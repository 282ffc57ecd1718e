"""The rules of a team's reminder policy: ``team: reminders:`` in the plan file, ``Team.policy`` once imported.

One definition of which keys there are and which values each takes, for the two places that judge a policy: the
plan-file checker (``planfile.read``), which names the place of every mistake, and the jobs (``jobs.policy``),
which read the stored policy and fall back to the default of a value they cannot use. Each says what is wrong in
its own words; what is right is said here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import time

from domain.plan import WEEKDAYS

KEYS = ("hour", "before_deadline", "escalation_every", "send_window", "digest_weekday", "digest_hour")
HOUR_KEYS = ("hour", "digest_hour")  # an hour of the day, team-local
HOURS = (0, 23)
DAYS_BEFORE_DEADLINE = (0, 60)  # before_deadline: working days before the deadline, 0 = the day itself
ESCALATION_EVERY = (1, 60)  # working days between escalations after H+1
WEEKDAYS_ID = {"senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6}

_HHMM = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def within(value: int, bounds: tuple[int, int]) -> bool:
    """Whether ``value`` lies in the inclusive ``bounds`` (one of :data:`HOURS`, :data:`DAYS_BEFORE_DEADLINE`,
    :data:`ESCALATION_EVERY`)."""
    return bounds[0] <= value <= bounds[1]


def time_of_day(text: str) -> time | None:
    """A ``send_window`` bound written ``HH:MM`` (``7:00`` and ``07.00`` too), or None."""
    match = _HHMM.match(text.strip())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def window_ok(start: time, end: time) -> bool:
    """A sending window starts before it ends (no window across midnight)."""
    return start < end


def weekday(name: str) -> int | None:
    """The ``digest_weekday`` named in English or Indonesian, any case (0 = Monday), or None."""
    day = name.strip().lower()
    if day in WEEKDAYS:
        return WEEKDAYS.index(day)
    return WEEKDAYS_ID.get(day)


def reminder_days(days: Iterable[int]) -> tuple[int, ...]:
    """``before_deadline`` as stored and used: each day once, the farthest first."""
    return tuple(sorted(set(days), reverse=True))
