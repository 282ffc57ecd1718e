"""Due dates typed as officials type them (domain.due_dates): hand cases and properties."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.due_dates import MONTHS, DueDateError, parse_due_date
from texts import t
from texts.render import render_error

TODAY = date(2026, 6, 10)  # a Wednesday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("30/6", date(2026, 6, 30)),
        ("30-06-2026", date(2026, 6, 30)),
        ("30/6/26", date(2026, 6, 30)),
        ("30.06.2026", date(2026, 6, 30)),
        ("2026-06-30", date(2026, 6, 30)),
        ("30 Juni 2026", date(2026, 6, 30)),
        ("30 jun", date(2026, 6, 30)),
        ("  30   JUNI  ", date(2026, 6, 30)),
        ("30 June 2026", date(2026, 6, 30)),
        ("June 30", date(2026, 6, 30)),
        ("3 Agustus", date(2026, 8, 3)),
        ("3 Ags", date(2026, 8, 3)),
        ("17 Agt 2026.", date(2026, 8, 17)),
        ("akhir Juli", date(2026, 7, 31)),
        ("Akhir Juni", date(2026, 6, 30)),
        ("akhir Februari", date(2027, 2, 28)),  # February 2026 has passed: next year's, the 28th
        ("akhir Februari 2028", date(2028, 2, 29)),
        ("end of July", date(2026, 7, 31)),
        ("pertengahan Juli", date(2026, 7, 15)),
        ("tengah Juli", date(2026, 7, 15)),
        ("mid July 2027", date(2027, 7, 15)),
        ("awal Agustus", date(2026, 8, 1)),
        ("awal Juni", date(2027, 6, 1)),  # the 1st of this June has passed: next year's
        ("10/6", TODAY),  # today is allowed
        ("9/6", date(2027, 6, 9)),  # yesterday without a year: next year's
        ("1/1", date(2027, 1, 1)),
        ("29/2", date(2028, 2, 29)),  # the next 29 February
    ],
)
def test_forms(typed: str, expected: date) -> None:
    assert parse_due_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "key", "says"),
    [
        ("31/2", "actions.date.impossible", "Tanggal 31 tidak ada di bulan ke-2: bulan itu paling banyak 29 hari."),
        ("31/4/2026", "actions.date.impossible", "Tanggal 31 tidak ada di bulan ke-4"),
        ("29/2/2027", "actions.date.impossible", "paling banyak 28 hari"),
        ("31 September", "actions.date.impossible", "Tanggal 31 tidak ada di bulan ke-9"),
        ("0/6", "actions.date.impossible", "Tanggal 0"),
        ("1/13", "actions.date.month_number", "Tidak ada bulan ke-13"),
        ("30 Foo", "actions.date.month", "Bulan “foo” tidak dikenal"),
        ("akhir Jon", "actions.date.month", "Bulan “jon”"),
        ("9/6/2026", "actions.date.past", "9/6/2026 sudah lewat"),
        ("1 Januari 2026", "actions.date.past", "1/1/2026 sudah lewat"),
        ("30/6/3026", "actions.date.far", "Tahun 3026 terlalu jauh"),
        ("besok", "actions.date.unknown", "“besok” tidak terbaca sebagai tanggal"),
        ("30/6/2026/1", "actions.date.unknown", "tidak terbaca"),
        ("", "actions.date.empty", "Tulis batas waktunya"),
    ],
)
def test_refusals_name_what_was_wrong(typed: str, key: str, says: str) -> None:
    with pytest.raises(DueDateError) as caught:
        parse_due_date(typed, TODAY)
    assert caught.value.key == key
    assert says in render_error(caught.value, "id")
    assert render_error(caught.value, "en")  # both languages fill


days = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))


@given(today=days, offset=st.integers(min_value=0, max_value=700))
def test_typed_with_a_year_round_trips(today: date, offset: int) -> None:
    target = today + timedelta(days=offset)
    assert parse_due_date(f"{target.day}/{target.month}/{target.year}", today) == target
    assert parse_due_date(f"{target.day:02d}-{target.month:02d}-{target.year}", today) == target
    assert parse_due_date(target.isoformat(), today) == target


@given(today=days, day=st.integers(1, 31), month=st.integers(1, 12))
def test_without_a_year_the_next_occurrence(today: date, day: int, month: int) -> None:
    """Never in the past, within a year (four for 29 February), on the day and month typed."""
    if day > calendar.monthrange(2000, month)[1]:
        with pytest.raises(DueDateError):
            parse_due_date(f"{day}/{month}", today)
        return
    found = parse_due_date(f"{day}/{month}", today)
    assert (found.day, found.month) == (day, month)
    assert found >= today
    limit = 366 * 4 if (day, month) == (29, 2) else 366
    assert (found - today).days < limit
    # no earlier occurrence on or after today
    earlier = [y for y in range(today.year, found.year) if day <= calendar.monthrange(y, month)[1]]
    assert all(date(y, month, day) < today for y in earlier)


@given(today=days, month=st.sampled_from(sorted(MONTHS)))
def test_month_names_and_akhir(today: date, month: str) -> None:
    found = parse_due_date(f"akhir {month}", today)
    assert found.month == MONTHS[month]
    assert found.day == calendar.monthrange(found.year, found.month)[1]
    assert today <= found
    assert parse_due_date(f"15 {month.upper()}", today).month == MONTHS[month]


@given(today=days, text=st.text(max_size=30))
def test_anything_typed_is_a_date_or_a_keyed_refusal(today: date, text: str) -> None:
    key = None
    try:
        found = parse_due_date(text, today)
    except DueDateError as exc:
        key = exc.key
    if key is not None:
        assert t(key, "id")
    else:
        assert found >= today
