"""Indonesian working days: deadlines, locks and reminder days counted the way offices count them.

A working day is Monday–Friday and not a national public holiday (``holidays`` package, Indonesia) nor one of the
team's ``extra_holidays`` (cuti bersama, regional holidays). :func:`cuti_bersama` gives the joint leave days that the
``holidays`` package knows, ready to pass as ``extra_holidays``; civil-service offices are closed on them.

Every function takes ``extra_holidays`` so a team's own calendar flows through without global state.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

from domain.periods import Period

NO_EXTRA_HOLIDAYS: frozenset[date] = frozenset()
_MAX_STEPS = 100_000  # a guard against an endless loop if every day were a holiday


@lru_cache(maxsize=64)
def _calendar(year: int, category: str) -> dict[date, str]:
    """Holidays of one year and category, in Indonesian; built once per year (construction is slow)."""
    found = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
    return dict(found.items())


def national_holidays(year: int) -> frozenset[date]:
    """Indonesian national public holidays (hari libur nasional) of ``year``, per the ``holidays`` package."""
    return frozenset(_calendar(year, "public"))


def cuti_bersama(year: int) -> frozenset[date]:
    """Joint leave days (cuti bersama) of ``year`` that the ``holidays`` package knows (its "government" category).

    Not included by default: the package's list follows the yearly joint ministerial decree and may lag or change;
    a team passes these (possibly edited) as ``extra_holidays``.
    """
    return frozenset(_calendar(year, "government"))


def holiday_name(d: date) -> str | None:
    """Indonesian name of the national holiday or joint leave on ``d`` per the package (for messages), else None."""
    for category in ("public", "government"):
        name = _calendar(d.year, category).get(d)
        if name:
            return name
    return None


def is_holiday(d: date, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> bool:
    """Whether ``d`` is a national public holiday or one of the team's extra holidays (weekends aside)."""
    return d in extra_holidays or d in _calendar(d.year, "public")


def is_working_day(d: date, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> bool:
    """Monday–Friday and not a holiday."""
    return d.weekday() < 5 and not is_holiday(d, extra_holidays)


def add_working_days(d: date, n: int, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> date:
    """The ``n``-th working day after ``d`` (n > 0) or before it (n < 0); n = 0 gives ``d`` moved forward to a
    working day if it is not one. ``d`` itself is never counted when n != 0."""
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    current = d
    if n == 0:
        remaining = 0 if is_working_day(d, extra_holidays) else 1
    for _ in range(_MAX_STEPS):
        if remaining == 0:
            return current
        current += timedelta(days=step)
        if is_working_day(current, extra_holidays):
            remaining -= 1
    raise RuntimeError("no working day found; check extra_holidays")


def next_working_day(d: date, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> date:
    """``d`` if it is a working day, else the next one (how a deadline on a weekend or holiday moves)."""
    return add_working_days(d, 0, extra_holidays)


def working_days_between(a: date, b: date, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> int:
    """Signed number of working-day steps from ``a`` to ``b``: the inverse of :func:`add_working_days`.

    - ``a <= b``: the count of working days ``d`` with ``a < d <= b`` (``a`` excluded, ``b`` included).
    - ``a > b``: minus the count of working days ``d`` with ``b <= d < a``.

    So ``add_working_days(a, working_days_between(a, b)) == b`` whenever ``b`` is a working day, and
    ``working_days_between(a, add_working_days(a, n)) == n`` for every n != 0 (and for n = 0 when ``a`` works).
    Use: ``working_days_between(today, deadline) == 3`` is "H-3", ``working_days_between(deadline, today) == 1``
    is "H+1". With a weekend ``today`` several calendar days share one value; schedule with :func:`reminder_day`.
    """
    if a == b:
        return 0
    lo, hi, sign = (a, b, 1) if a < b else (b, a, -1)
    # a < b counts (lo, hi]; a > b counts [lo, hi): shift the window by one day accordingly.
    first = lo + timedelta(days=1) if sign == 1 else lo
    last = hi if sign == 1 else hi - timedelta(days=1)
    return sign * _count_working_days(first, last, extra_holidays)


def _count_working_days(first: date, last: date, extra_holidays: frozenset[date]) -> int:
    """Working days in the inclusive range; whole weeks counted arithmetically, holidays subtracted."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = first.weekday()
    count += sum(1 for i in range(rest) if (weekday + i) % 7 < 5)
    closed = set(extra_holidays)
    for year in range(first.year, last.year + 1):
        closed.update(_calendar(year, "public"))
    count -= sum(1 for h in closed if first <= h <= last and h.weekday() < 5)
    return count


def deadline(period: Period, working_days: int, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> date:
    """The ``working_days``-th working day after the period ends; 0 means the period end itself, moved forward
    to a working day if it falls on a weekend or holiday. Reports on or before it are on time."""
    if working_days < 0:
        raise ValueError("working_days must be 0 or more")
    return add_working_days(period.end, working_days, extra_holidays)


def lock_date(
    period: Period, working_days: int, lock_days: int, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS
) -> date:
    """The last day entry is open: the deadline plus ``lock_days`` calendar days (closed the day after)."""
    if lock_days < 0:
        raise ValueError("lock_days must be 0 or more")
    return deadline(period, working_days, extra_holidays) + timedelta(days=lock_days)


def is_on_time(submitted_on: date, deadline: date) -> bool:
    """A report is on time when submitted on or before the deadline (local calendar day)."""
    return submitted_on <= deadline


def is_locked(today: date, lock: date) -> bool:
    """Entry is closed once ``today`` is after the lock date."""
    return today > lock


def reminder_day(deadline: date, offset: int, extra_holidays: frozenset[date] = NO_EXTRA_HOLIDAYS) -> date:
    """The working day ``offset`` working days from the deadline: -3 is H-3, 0 the day itself, +1 is H+1."""
    return add_working_days(deadline, offset, extra_holidays)
