"""A team's reminder policy (``Team.policy``, written by the plan import) and its defaults.

The plan file may leave out any key; the defaults live here and nowhere else, the rules of each value in
``domain.reminder_policy`` (which the plan-file checker judges by as well). ``from_team`` never raises on a
stored policy (a bad value falls back to its default with a warning) because a tick must not stop for one team.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from domain import reminder_policy as rules
from storage.models import Team

log = logging.getLogger(__name__)

WEEKDAYS = rules.WEEKDAYS

DEFAULT_HOUR = 8
DEFAULT_BEFORE_DEADLINE = (3, 1, 0)
DEFAULT_ESCALATION_EVERY = 3
DEFAULT_SEND_WINDOW = (time(7, 0), time(18, 0))
DEFAULT_DIGEST_WEEKDAY = 0  # Monday
DEFAULT_DIGEST_HOUR = 8


_FIELDS = rules.KEYS


class PolicyError(ValueError):
    """A reminder policy value that cannot be used."""


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, int) and rules.within(value, rules.HOURS):
        return time(value)
    found = rules.time_of_day(str(value))
    if found is None:
        raise PolicyError(f"not a time of day: {value!r} (write HH:MM)")
    return found


def _parse_hour(value: Any, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not rules.within(value, rules.HOURS):
        raise PolicyError(f"{key} must be an hour {rules.HOURS[0]}-{rules.HOURS[1]}, got {value!r}")
    return value


@dataclass(frozen=True)
class ReminderPolicy:
    """When a team is reminded, escalated and sent its digest (team-local wall-clock times, working days)."""

    hour: int = DEFAULT_HOUR
    before_deadline: tuple[int, ...] = DEFAULT_BEFORE_DEADLINE  # working days before the deadline, 0 = the day
    escalation_every: int = DEFAULT_ESCALATION_EVERY  # working days between escalations after H+1
    send_window: tuple[time, time] = DEFAULT_SEND_WINDOW
    digest_weekday: int = DEFAULT_DIGEST_WEEKDAY  # 0 = Monday (Python's numbering, not PTB's)
    digest_hour: int = DEFAULT_DIGEST_HOUR

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> ReminderPolicy:
        """Build from the ``reminders:`` mapping of a plan; missing keys take the defaults, bad ones raise."""
        kw: dict[str, Any] = {}
        for key in rules.HOUR_KEYS:
            if key in raw:
                kw[key] = _parse_hour(raw[key], key)
        if "before_deadline" in raw:
            days = raw["before_deadline"]
            if not isinstance(days, list | tuple) or not all(
                isinstance(d, int) and not isinstance(d, bool) and rules.within(d, rules.DAYS_BEFORE_DEADLINE)
                for d in days
            ):
                low, high = rules.DAYS_BEFORE_DEADLINE
                raise PolicyError(f"before_deadline must be a list of working days {low}-{high}, got {days!r}")
            kw["before_deadline"] = rules.reminder_days(days)
        if "escalation_every" in raw:
            every = raw["escalation_every"]
            if isinstance(every, bool) or not isinstance(every, int) or not rules.within(every, rules.ESCALATION_EVERY):
                low, high = rules.ESCALATION_EVERY
                raise PolicyError(f"escalation_every must be {low}-{high} working days, got {every!r}")
            kw["escalation_every"] = every
        if "send_window" in raw:
            window = raw["send_window"]
            if not isinstance(window, list | tuple) or len(window) != 2:
                raise PolicyError(f'send_window must be two times such as ["07:00", "18:00"], got {window!r}')
            start, end = _parse_time(window[0]), _parse_time(window[1])
            if not rules.window_ok(start, end):
                raise PolicyError("send_window must start before it ends")
            kw["send_window"] = (start, end)
        if "digest_weekday" in raw:
            day = str(raw["digest_weekday"]).strip().lower()
            index = rules.weekday(day)
            if index is None:
                raise PolicyError(f"digest_weekday must be one of {', '.join(WEEKDAYS)}, got {day!r}")
            kw["digest_weekday"] = index
        return cls(**kw)

    @classmethod
    def from_team(cls, team: Team) -> ReminderPolicy:
        """The team's policy; a stored value that cannot be used falls back to the default (logged)."""
        raw = dict(team.policy or {})
        try:
            return cls.from_mapping(raw)
        except PolicyError as exc:
            log.warning("team %s: reminder policy %s; using the defaults for the bad keys", team.code, exc)
        merged = cls()
        for key in raw:
            if key not in _FIELDS:
                continue
            try:
                single = cls.from_mapping({key: raw[key]})
            except PolicyError:
                continue
            merged = replace(merged, **{key: getattr(single, key)})
        return merged

    def in_window(self, local: datetime) -> bool:
        """Whether a team-local instant is within the sending hours (start included, end excluded)."""
        start, end = self.send_window
        return start <= local.time().replace(tzinfo=None) < end


def monday_of(day: date) -> date:
    """The Monday of ``day``'s week."""
    return day - timedelta(days=day.weekday())
