"""Working days, deadlines, locks and reminder days over the real 2026 Indonesian holidays.

What ``holidays`` 0.109 says about 2026 (public): 1 Jan, 16 Jan Isra Mikraj (Fri), 17 Feb Imlek (Tue), 19 Mar Nyepi
(Thu), 21–22 Mar Idul Fitri (Sat–Sun!), 3 Apr Good Friday, 1 May, 14 May Ascension, 27 May Idul Adha, 31 May
Waisak (Sun), 1 Jun Pancasila, 16 Jun Islamic New Year, 17 Aug, 25 Aug Maulid, 25 Dec. Cuti bersama ("government"
category): 16 Feb, 18 Mar, 20 Mar, 23–24 Mar, 15 May, 28 May, 24 Dec.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import (
    add_working_days,
    cuti_bersama,
    deadline,
    holiday_name,
    is_holiday,
    is_locked,
    is_on_time,
    is_working_day,
    lock_date,
    national_holidays,
    next_working_day,
    reminder_day,
    working_days_between,
)
from domain.periods import Period

CUTI_2026 = cuti_bersama(2026)
D = date


def test_the_2026_calendar_we_rely_on() -> None:
    public = national_holidays(2026)
    for day in (D(2026, 1, 1), D(2026, 3, 19), D(2026, 3, 21), D(2026, 3, 22), D(2026, 4, 3), D(2026, 12, 25)):
        assert day in public
    assert holiday_name(D(2026, 3, 19)) == "Hari Suci Nyepi"
    assert holiday_name(D(2026, 3, 21)) == "Hari Raya Idul Fitri"
    assert holiday_name(D(2026, 3, 20)) == "Cuti Bersama Hari Raya Idul Fitri"
    assert holiday_name(D(2026, 3, 25)) is None
    # Idul Fitri 1447 H falls on a weekend; the weekdays around it are cuti bersama, not public holidays.
    assert {D(2026, 3, 18), D(2026, 3, 20), D(2026, 3, 23), D(2026, 3, 24)} <= CUTI_2026
    assert not public & CUTI_2026


@pytest.mark.parametrize(
    ("day", "extra", "working"),
    [
        (D(2026, 3, 17), frozenset(), True),  # Tuesday
        (D(2026, 3, 19), frozenset(), False),  # Nyepi
        (D(2026, 3, 20), frozenset(), True),  # cuti bersama, not a public holiday
        (D(2026, 3, 20), CUTI_2026, False),
        (D(2026, 3, 21), frozenset(), False),  # Idul Fitri, Saturday
        (D(2026, 3, 23), frozenset(), True),
        (D(2026, 3, 23), CUTI_2026, False),
        (D(2026, 4, 3), frozenset(), False),  # Good Friday
        (D(2026, 4, 4), frozenset(), False),  # Saturday
        (D(2026, 4, 5), frozenset(), False),  # Sunday (and Easter)
        (D(2026, 4, 6), frozenset(), True),
        (D(2026, 4, 6), frozenset({D(2026, 4, 6)}), False),  # a regional holiday
        (D(2026, 6, 1), frozenset(), False),  # Pancasila, Monday
        (D(2026, 8, 17), frozenset(), False),
    ],
)
def test_is_working_day(day: date, extra: frozenset[date], working: bool) -> None:
    assert is_working_day(day, extra) is working


def test_is_holiday_ignores_weekends() -> None:
    assert not is_holiday(D(2026, 4, 4))
    assert is_holiday(D(2026, 3, 19))
    assert is_holiday(D(2026, 3, 20), CUTI_2026)


@pytest.mark.parametrize(
    ("start", "n", "extra", "expected"),
    [
        (D(2026, 4, 2), 1, frozenset(), D(2026, 4, 6)),  # over Good Friday and the weekend
        (D(2026, 4, 6), -1, frozenset(), D(2026, 4, 2)),
        (D(2026, 3, 17), 1, frozenset(), D(2026, 3, 18)),
        (D(2026, 3, 17), 1, CUTI_2026, D(2026, 3, 25)),  # the whole Nyepi + Lebaran stretch
        (D(2026, 3, 25), -1, CUTI_2026, D(2026, 3, 17)),
        (D(2026, 3, 18), 2, frozenset(), D(2026, 3, 23)),  # Thu Nyepi, then Fri 20, then Mon 23
        (D(2026, 4, 4), 0, frozenset(), D(2026, 4, 6)),  # n = 0 moves a weekend forward
        (D(2026, 4, 7), 0, frozenset(), D(2026, 4, 7)),
        (D(2026, 4, 4), 1, frozenset(), D(2026, 4, 6)),  # from a Saturday the next working day is step 1
        (D(2026, 4, 4), -1, frozenset(), D(2026, 4, 2)),
        (D(2025, 12, 31), 1, frozenset(), D(2026, 1, 2)),  # over New Year
        (D(2026, 1, 2), -1, frozenset(), D(2025, 12, 31)),
    ],
)
def test_add_working_days(start: date, n: int, extra: frozenset[date], expected: date) -> None:
    assert add_working_days(start, n, extra) == expected


def test_next_working_day() -> None:
    assert next_working_day(D(2026, 5, 30)) == D(2026, 6, 2)  # Sat, Sun Waisak, Mon Pancasila
    assert next_working_day(D(2026, 6, 2)) == D(2026, 6, 2)


@pytest.mark.parametrize(
    ("period", "n", "extra", "expected"),
    [
        # Q1 2026 ends Tue 31 Mar; 10 working days skip Good Friday 3 April: Wed 15 April (14 without it).
        (Period.quarter(2026, 1), 10, frozenset(), D(2026, 4, 15)),
        (Period.quarter(2026, 1), 10, CUTI_2026, D(2026, 4, 15)),
        (Period.quarter(2026, 1), 2, frozenset(), D(2026, 4, 2)),
        (Period.quarter(2026, 1), 3, frozenset(), D(2026, 4, 6)),
        # February 2026 (ends Sat 28 Feb), 15 working days: into the Nyepi / Idul Fitri weeks.
        (Period.month(2026, 2), 15, frozenset(), D(2026, 3, 23)),
        (Period.month(2026, 2), 15, CUTI_2026, D(2026, 3, 27)),
        # Q4 2025 ends Wed 31 Dec; 1 Jan is a holiday: 10 working days is Thu 15 Jan, 11 skips Isra Mikraj 16 Jan.
        (Period.quarter(2025, 4), 10, frozenset(), D(2026, 1, 15)),
        (Period.quarter(2025, 4), 11, frozenset(), D(2026, 1, 19)),
        # N = 0: the period end, moved to a working day. May 2026 ends Sun 31 May (Waisak); Mon 1 June is Pancasila.
        (Period.month(2026, 5), 0, frozenset(), D(2026, 6, 2)),
        (Period.quarter(2026, 2), 0, frozenset(), D(2026, 6, 30)),
        (Period.month(2026, 12), 0, frozenset(), D(2026, 12, 31)),
        (Period.month(2026, 12), 0, frozenset({D(2026, 12, 31)}), D(2027, 1, 4)),
    ],
)
def test_deadline(period: Period, n: int, extra: frozenset[date], expected: date) -> None:
    assert deadline(period, n, extra) == expected


def test_deadline_and_lock_refuse_negative_settings() -> None:
    with pytest.raises(ValueError):
        deadline(Period.quarter(2026, 1), -1)
    with pytest.raises(ValueError):
        lock_date(Period.quarter(2026, 1), 10, -1)


def test_lock_date() -> None:
    assert lock_date(Period.quarter(2026, 1), 10, 30) == D(2026, 5, 15)
    assert lock_date(Period.quarter(2026, 1), 10, 0) == D(2026, 4, 15)
    assert lock_date(Period.month(2026, 2), 15, 7, CUTI_2026) == D(2026, 4, 3)


def test_on_time_and_locked_boundaries() -> None:
    due = D(2026, 4, 15)
    assert is_on_time(D(2026, 4, 14), due)
    assert is_on_time(due, due)
    assert not is_on_time(D(2026, 4, 16), due)
    lock = D(2026, 5, 15)
    assert not is_locked(D(2026, 5, 14), lock)
    assert not is_locked(lock, lock)
    assert is_locked(D(2026, 5, 16), lock)


@pytest.mark.parametrize(
    ("a", "b", "extra", "expected"),
    [
        (D(2026, 4, 15), D(2026, 4, 15), frozenset(), 0),
        (D(2026, 4, 10), D(2026, 4, 15), frozenset(), 3),  # Fri → Wed: H-3
        (D(2026, 4, 11), D(2026, 4, 15), frozenset(), 3),  # Sat → Wed: also 3 (Mon, Tue, Wed)
        (D(2026, 4, 14), D(2026, 4, 15), frozenset(), 1),  # H-1
        (D(2026, 4, 15), D(2026, 4, 16), frozenset(), 1),  # H+1 seen from the deadline
        (D(2026, 4, 16), D(2026, 4, 15), frozenset(), -1),
        (D(2026, 4, 2), D(2026, 4, 6), frozenset(), 1),  # Good Friday and the weekend do not count
        (D(2026, 4, 6), D(2026, 4, 2), frozenset(), -1),
        (D(2026, 4, 4), D(2026, 4, 2), frozenset(), -1),  # Sat back to Thu: one step back
        (D(2026, 4, 4), D(2026, 4, 5), frozenset(), 0),  # within a weekend
        (D(2026, 3, 17), D(2026, 3, 25), frozenset(), 5),  # 18, 20, 23, 24, 25 (19 is Nyepi)
        (D(2026, 3, 17), D(2026, 3, 25), CUTI_2026, 1),
        (D(2025, 12, 31), D(2026, 1, 2), frozenset(), 1),
        (D(2026, 1, 1), D(2026, 12, 31), frozenset(), 248),  # 261 weekdays, 13 on weekday holidays
    ],
)
def test_working_days_between(a: date, b: date, extra: frozenset[date], expected: int) -> None:
    assert working_days_between(a, b, extra) == expected


@pytest.mark.parametrize(
    ("due", "offset", "extra", "expected"),
    [
        (D(2026, 4, 15), -3, frozenset(), D(2026, 4, 10)),  # H-3 over a weekend
        (D(2026, 4, 15), -1, frozenset(), D(2026, 4, 14)),
        (D(2026, 4, 15), 0, frozenset(), D(2026, 4, 15)),
        (D(2026, 4, 15), 1, frozenset(), D(2026, 4, 16)),  # H+1
        (D(2026, 4, 6), -1, frozenset(), D(2026, 4, 2)),  # H-1 before Good Friday
        (D(2026, 3, 27), -3, CUTI_2026, D(2026, 3, 17)),  # back over Lebaran cuti bersama and Nyepi
        (D(2026, 3, 27), -3, frozenset(), D(2026, 3, 24)),
    ],
)
def test_reminder_day(due: date, offset: int, extra: frozenset[date], expected: date) -> None:
    assert reminder_day(due, offset, extra) == expected


def test_every_function_honours_extra_holidays() -> None:
    regional = frozenset({D(2026, 4, 1), D(2026, 4, 2)})
    assert not is_working_day(D(2026, 4, 1), regional)
    assert add_working_days(D(2026, 3, 31), 1, regional) == D(2026, 4, 6)
    assert deadline(Period.quarter(2026, 1), 1, regional) == D(2026, 4, 6)
    assert lock_date(Period.quarter(2026, 1), 1, 2, regional) == D(2026, 4, 8)
    assert working_days_between(D(2026, 3, 31), D(2026, 4, 6), regional) == 1
    assert reminder_day(D(2026, 4, 6), -1, regional) == D(2026, 3, 31)
    assert next_working_day(D(2026, 4, 1), regional) == D(2026, 4, 6)


# --- properties --------------------------------------------------------------------------------------------------

days = st.dates(min_value=D(2024, 1, 1), max_value=D(2027, 12, 31))
steps = st.integers(-60, 60)
extras = st.frozensets(st.dates(min_value=D(2025, 6, 1), max_value=D(2026, 6, 30)), max_size=8)
periods = st.one_of(
    st.builds(Period.quarter, st.integers(2024, 2027), st.integers(1, 4)),
    st.builds(Period.month, st.integers(2024, 2027), st.integers(1, 12)),
)


def _brute_between(a: date, b: date, extra: frozenset[date]) -> int:
    if a <= b:
        span = [a + timedelta(days=i) for i in range(1, (b - a).days + 1)]
        return sum(is_working_day(d, extra) for d in span)
    span = [b + timedelta(days=i) for i in range((a - b).days)]
    return -sum(is_working_day(d, extra) for d in span)


@settings(max_examples=200, deadline=None)
@given(start=days, n=steps, extra=extras)
def test_add_working_days_lands_on_a_working_day(start: date, n: int, extra: frozenset[date]) -> None:
    landed = add_working_days(start, n, extra)
    assert is_working_day(landed, extra)
    assert (landed > start) if n > 0 else (landed < start) if n < 0 else (landed >= start)


@settings(max_examples=200, deadline=None)
@given(start=days, n=steps, extra=extras)
def test_between_inverts_add(start: date, n: int, extra: frozenset[date]) -> None:
    start = next_working_day(start, extra)
    target = add_working_days(start, n, extra)
    assert working_days_between(start, target, extra) == n
    assert add_working_days(start, working_days_between(start, target, extra), extra) == target
    if n != 0:  # from any day, not only working days
        other = start - timedelta(days=1)
        assert working_days_between(other, add_working_days(other, n, extra), extra) == n


@settings(max_examples=150, deadline=None)
@given(a=days, span=st.integers(-120, 120), extra=extras)
def test_between_matches_a_day_by_day_count(a: date, span: int, extra: frozenset[date]) -> None:
    b = a + timedelta(days=span)
    assert working_days_between(a, b, extra) == _brute_between(a, b, extra)


@settings(max_examples=150, deadline=None)
@given(period=periods, n=st.integers(0, 30), lock=st.integers(0, 60), extra=extras)
def test_deadline_is_after_period_end(period: Period, n: int, lock: int, extra: frozenset[date]) -> None:
    due = deadline(period, n, extra)
    assert due >= period.end
    if n > 0:
        assert due > period.end
        assert working_days_between(period.end, due, extra) == n
    assert is_working_day(due, extra)
    assert lock_date(period, n, lock, extra) >= due
