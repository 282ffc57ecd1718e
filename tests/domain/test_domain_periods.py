"""Periods: keys, bounds, labels in both languages, navigation, time zones and forgiving parsing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.calendar import is_locked, lock_date
from domain.periods import (
    Period,
    PeriodParseError,
    landing_period,
    month_name,
    parse_period,
    period_at,
    period_containing,
    periods_of_year,
    periods_up_to,
)
from texts import t
from texts.render import render_error

Q1 = Period.quarter(2026, 1)
MAR = Period.month(2026, 3)

periods_st = st.builds(
    lambda year, kind, data: Period(year, kind, data),
    st.integers(2000, 2100),
    st.sampled_from(["month", "quarter"]),
    st.integers(1, 4),
) | st.builds(Period.month, st.integers(2000, 2100), st.integers(1, 12))


@pytest.mark.parametrize(
    ("period", "key", "start", "end"),
    [
        (Q1, "2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        (Period.quarter(2026, 2), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (Period.quarter(2026, 4), "2026-Q4", date(2026, 10, 1), date(2026, 12, 31)),
        (MAR, "2026-03", date(2026, 3, 1), date(2026, 3, 31)),
        (Period.month(2026, 2), "2026-02", date(2026, 2, 1), date(2026, 2, 28)),
        (Period.month(2028, 2), "2028-02", date(2028, 2, 1), date(2028, 2, 29)),
        (Period.month(2026, 12), "2026-12", date(2026, 12, 1), date(2026, 12, 31)),
    ],
)
def test_key_start_end(period: Period, key: str, start: date, end: date) -> None:
    assert period.key == key
    assert Period.from_key(key) == period
    assert (period.start, period.end) == (start, end)


@pytest.mark.parametrize("junk", ["", "2026", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-3", "Q1-2026", "x"])
def test_from_key_rejects_junk(junk: str) -> None:
    with pytest.raises(ValueError):
        Period.from_key(junk)


@pytest.mark.parametrize(
    ("year", "kind", "index"), [(2026, "month", 0), (2026, "month", 13), (2026, "quarter", 5), (2026, "week", 1)]
)
def test_invalid_periods_are_refused(year: int, kind: str, index: int) -> None:
    with pytest.raises(ValueError):
        Period(year, kind, index)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("period", "lang", "label", "short"),
    [
        (Q1, "id", "Triwulan I 2026", "TW I"),
        (Q1, "en", "Q1 2026", "Q1"),
        (Period.quarter(2026, 4), "id", "Triwulan IV 2026", "TW IV"),
        (Period.quarter(2026, 3), "en", "Q3 2026", "Q3"),
        (MAR, "id", "Maret 2026", "Mar 2026"),
        (MAR, "en", "March 2026", "Mar 2026"),
        (Period.month(2026, 5), "id", "Mei 2026", "Mei 2026"),
        (Period.month(2026, 5), "en", "May 2026", "May 2026"),
        (Period.month(2026, 8), "id", "Agustus 2026", "Agu 2026"),
        (Period.month(2026, 12), "id", "Desember 2026", "Des 2026"),
        (Period.month(2026, 1), "id-ID", "Januari 2026", "Jan 2026"),
        (Period.month(2026, 1), None, "Januari 2026", "Jan 2026"),
    ],
)
def test_labels(period: Period, lang: str | None, label: str, short: str) -> None:
    assert period.label(lang) == label
    assert period.short_label(lang) == short


def test_month_names_come_from_babel() -> None:
    assert [month_name(m) for m in range(1, 13)] == [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]
    with pytest.raises(ValueError):
        month_name(13)


def test_ordering_is_chronological_within_a_kind() -> None:
    shuffled = [Period.month(2026, 2), Period.month(2025, 12), Period.month(2026, 11), Period.month(2026, 1)]
    assert [p.key for p in sorted(shuffled)] == ["2025-12", "2026-01", "2026-02", "2026-11"]
    assert sorted([Period.quarter(2027, 1), Period.quarter(2026, 4)]) == [
        Period.quarter(2026, 4),
        Period.quarter(2027, 1),
    ]


@pytest.mark.parametrize(
    ("period", "following"),
    [
        (Q1, Period.quarter(2026, 2)),
        (Period.quarter(2026, 4), Period.quarter(2027, 1)),
        (Period.month(2026, 12), Period.month(2027, 1)),
        (MAR, Period.month(2026, 4)),
    ],
)
def test_next_and_prev_cross_years(period: Period, following: Period) -> None:
    assert period.next() == following
    assert following.prev() == period


def test_contains() -> None:
    assert Q1.contains(date(2026, 1, 1))
    assert Q1.contains(date(2026, 3, 31))
    assert not Q1.contains(date(2026, 4, 1))
    assert not Q1.contains(date(2025, 12, 31))


def test_periods_of_year_and_up_to() -> None:
    assert [p.key for p in periods_of_year(2026, "quarter")] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    months = periods_of_year(2026, "month")
    assert len(months) == 12
    assert months[0].key == "2026-01"
    assert months[-1].key == "2026-12"
    assert periods_up_to(Period.quarter(2026, 3)) == periods_of_year(2026, "quarter")[:3]


@pytest.mark.parametrize(
    ("day", "kind", "key"),
    [
        (date(2026, 1, 1), "quarter", "2026-Q1"),
        (date(2026, 3, 31), "quarter", "2026-Q1"),
        (date(2026, 4, 1), "quarter", "2026-Q2"),
        (date(2026, 12, 31), "quarter", "2026-Q4"),
        (date(2026, 3, 31), "month", "2026-03"),
        (date(2026, 2, 1), "month", "2026-02"),
    ],
)
def test_period_containing(day: date, kind: str, key: str) -> None:
    assert period_containing(day, kind).key == key  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("instant", "tz", "kind", "key"),
    [
        # 17:30 UTC on 31 March: already 1 April in WIB (UTC+7), WITA (+8), WIT (+9); still March in UTC.
        (datetime(2026, 3, 31, 17, 30, tzinfo=UTC), "Asia/Jakarta", "month", "2026-04"),
        (datetime(2026, 3, 31, 17, 30, tzinfo=UTC), "Asia/Makassar", "month", "2026-04"),
        (datetime(2026, 3, 31, 17, 30, tzinfo=UTC), "Asia/Jayapura", "month", "2026-04"),
        (datetime(2026, 3, 31, 17, 30, tzinfo=UTC), "UTC", "month", "2026-03"),
        (datetime(2026, 3, 31, 17, 30, tzinfo=UTC), "Asia/Jakarta", "quarter", "2026-Q2"),
        # One minute before local midnight in each zone is still March.
        (datetime(2026, 3, 31, 16, 59, tzinfo=UTC), "Asia/Jakarta", "month", "2026-03"),
        (datetime(2026, 3, 31, 15, 59, tzinfo=UTC), "Asia/Makassar", "month", "2026-03"),
        (datetime(2026, 3, 31, 16, 0, tzinfo=UTC), "Asia/Makassar", "month", "2026-04"),
        (datetime(2026, 3, 31, 14, 59, tzinfo=UTC), "Asia/Jayapura", "month", "2026-03"),
        (datetime(2026, 3, 31, 15, 0, tzinfo=UTC), "Asia/Jayapura", "month", "2026-04"),
        # New year in WIT while Jakarta is still in the old one.
        (datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "Asia/Jayapura", "quarter", "2027-Q1"),
        (datetime(2026, 12, 31, 15, 30, tzinfo=UTC), "Asia/Jakarta", "quarter", "2026-Q4"),
        # Any aware datetime works, not only UTC.
        (datetime(2026, 4, 1, 0, 30, tzinfo=timezone(timedelta(hours=7))), "Asia/Jakarta", "month", "2026-04"),
    ],
)
def test_period_at_uses_the_team_zone(instant: datetime, tz: str, kind: str, key: str) -> None:
    assert period_at(instant, tz, kind).key == key  # type: ignore[arg-type]


def test_period_at_refuses_naive_datetimes() -> None:
    with pytest.raises(ValueError):
        period_at(datetime(2026, 3, 31, 17, 30), "Asia/Jakarta", "month")


@pytest.mark.parametrize(
    "text",
    [
        "TW1",
        "tw 1",
        "TW I",
        "tw i",
        "TW-1",
        "triwulan 1",
        "triwulan I",
        "Triwulan  i",
        "TRIWULAN I",
        "triwulan pertama",
        "Q1",
        "q 1",
        "2026-Q1",
        "2026-q1",
        "Triwulan I 2026",
        "TW I/2026",
        "Q1 2026",
        "1",
        " 1 ",
    ],
)
def test_parse_quarter(text: str) -> None:
    assert parse_period(text, "quarter", 2026) == Q1


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("TW IV", "2026-Q4"),
        ("tw iii", "2026-Q3"),
        ("triwulan 2", "2026-Q2"),
        ("triwulan keempat", "2026-Q4"),
        ("Q4 2025", "2025-Q4"),
        ("2027-Q2", "2027-Q2"),
        ("4", "2026-Q4"),
    ],
)
def test_parse_other_quarters(text: str, key: str) -> None:
    assert parse_period(text, "quarter", 2026).key == key


@pytest.mark.parametrize(
    "text",
    [
        "maret",
        "Maret",
        "MARET",
        "Mar",
        "mar.",
        "march",
        "mar 2026",
        "Maret 2026",
        "maret  2026",
        "bulan maret",
        "2026-03",
        "2026-3",
        "03/2026",
        "3/2026",
        "03-2026",
        "3",
        "03",
    ],
)
def test_parse_month(text: str) -> None:
    assert parse_period(text, "month", 2026) == MAR


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Mei", "2026-05"),
        ("may", "2026-05"),
        ("agustus", "2026-08"),
        ("agu", "2026-08"),
        ("agt", "2026-08"),
        ("sept", "2026-09"),
        ("okt", "2026-10"),
        ("nopember", "2026-11"),
        ("pebruari", "2026-02"),
        ("des 2025", "2025-12"),
        ("12", "2026-12"),
        ("janu", "2026-01"),
    ],
)
def test_parse_other_months(text: str, key: str) -> None:
    assert parse_period(text, "month", 2026).key == key


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("maret", "quarter"),
        ("03/2026", "quarter"),
        ("2026-03", "quarter"),
        ("TW I", "month"),
        ("Q1", "month"),
        ("2026-Q1", "month"),
    ],
)
def test_parse_wrong_kind(text: str, kind: str) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_period(text, kind, 2026)  # type: ignore[arg-type]
    assert info.value.reason == "wrong_kind"
    assert render_error(info.value, "id").startswith(t(f"periods.wrong_kind_{kind}", "id"))
    assert render_error(info.value, "en").startswith(t(f"periods.wrong_kind_{kind}", "en"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "month"),
        ("abc", "month"),
        ("ma", "month"),
        ("13", "month"),
        ("0", "month"),
        ("5", "quarter"),
        ("TW V", "quarter"),
        ("tw 1 0000", "quarter"),
    ],
)
def test_parse_junk(text: str, kind: str) -> None:
    with pytest.raises(PeriodParseError) as info:
        parse_period(text, kind, 2026)  # type: ignore[arg-type]
    assert isinstance(info.value, ValueError)
    assert render_error(info.value, "id") == t(f"periods.expected_{kind}", "id", head=t("periods.not_understood", "id"))


def test_parse_with_choices_lists_them_in_the_message() -> None:
    choices = [Period.quarter(2026, 1), Period.quarter(2026, 2)]
    assert parse_period("tw 2", "quarter", 2026, choices) == choices[1]
    with pytest.raises(PeriodParseError) as info:
        parse_period("tw 3", "quarter", 2026, choices)
    error = info.value
    assert error.reason == "not_a_choice"
    assert error.choices == tuple(choices)
    assert render_error(error, "id") == (
        "Periode itu tidak bisa dipilih sekarang. Pilih salah satu: Triwulan I 2026, Triwulan II 2026."
    )
    assert render_error(error, "en") == "That period cannot be chosen now. Choose one of: Q1 2026, Q2 2026."
    with pytest.raises(PeriodParseError) as info:
        parse_period("zzz", "quarter", 2026, choices)
    assert "Triwulan I 2026, Triwulan II 2026" in render_error(info.value, "id")


def test_parse_with_choices_across_a_year_boundary() -> None:
    """In January the open choices may be last year's TW IV and this year's TW I: "tw 4" means the former."""
    choices = [Period.quarter(2025, 4), Period.quarter(2026, 1)]
    assert parse_period("tw 4", "quarter", 2026, choices) == Period.quarter(2025, 4)
    assert parse_period("TW IV 2025", "quarter", 2026, choices) == Period.quarter(2025, 4)
    with pytest.raises(PeriodParseError):
        parse_period("TW IV 2026", "quarter", 2026, choices)
    # When both years are offered, the team's current year wins for a bare index.
    both = [Period.quarter(2025, 1), Period.quarter(2026, 1)]
    assert parse_period("tw 1", "quarter", 2026, both) == Period.quarter(2026, 1)


@settings(max_examples=150, deadline=None)
@given(period=periods_st, lang=st.sampled_from(["id", "en"]))
def test_round_trips(period: Period, lang: str) -> None:
    assert Period.from_key(period.key) == period
    assert parse_period(period.key, period.kind, 2000) == period
    assert parse_period(period.label(lang), period.kind, 2000) == period
    assert parse_period(period.short_label(lang), period.kind, period.year) == period
    assert period.next().prev() == period
    assert period.start <= period.end
    assert period.next().start == period.end + timedelta(days=1)
    assert period_containing(period.start, period.kind) == period
    assert period_containing(period.end, period.kind) == period


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=30), kind=st.sampled_from(["month", "quarter"]))
def test_parse_raises_only_period_parse_error(text: str, kind: str) -> None:
    try:
        result = parse_period(text, kind, 2026)  # type: ignore[arg-type]
    except PeriodParseError:
        return
    assert result.kind == kind


# --- every label the bot shows reads back; Roman numerals alone ------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "key"),
    [
        ("IV", "quarter", "2026-Q4"),
        ("iv", "quarter", "2026-Q4"),
        ("I", "quarter", "2026-Q1"),
        ("III 2025", "quarter", "2025-Q3"),
        ("II/2026", "quarter", "2026-Q2"),
        ("Triwulan IV", "quarter", "2026-Q4"),
        ("Triwulan IV 2026", "quarter", "2026-Q4"),
        ("▶ Triwulan I 2026", "quarter", "2026-Q1"),
        ("🔒 Triwulan III 2026", "quarter", "2026-Q3"),
        ("IV", "month", "2026-04"),
        ("XII", "month", "2026-12"),
        ("ix 2025", "month", "2025-09"),
        ("Desember 2026", "month", "2026-12"),
        ("✅ Mar 2026", "month", "2026-03"),
    ],
)
def test_parse_roman_numerals_alone_and_labels_as_shown(text: str, kind: str, key: str) -> None:
    assert parse_period(text, kind, 2026).key == key  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "kind"), [("V", "quarter"), ("XIII", "month"), ("IIII", "quarter"), ("VX", "month")])
def test_parse_refuses_roman_numerals_out_of_range(text: str, kind: str) -> None:
    with pytest.raises(PeriodParseError):
        parse_period(text, kind, 2026)  # type: ignore[arg-type]


def _shown_labels(period: Period, lang: str) -> list[str]:
    """Every way the bot writes a period: full and short labels, with and without the year, with a button mark."""
    label, short = period.label(lang), period.short_label(lang)
    shown = [label, short, period.key, label.removesuffix(f" {period.year}"), short.removesuffix(f" {period.year}")]
    return shown + [f"{mark} {text}" for mark in ("▶", "🔒", "✅", "•") for text in (label, short)]


@settings(max_examples=200, deadline=None)
@given(period=periods_st, lang=st.sampled_from(["id", "en"]))
def test_every_label_the_bot_shows_reads_back_as_its_period(period: Period, lang: str) -> None:
    for text in _shown_labels(period, lang):
        assert parse_period(text, period.kind, period.year) == period, text
        # the refusal lists the team's periods by their labels: each one, typed back, is that choice
        year = periods_of_year(period.year, period.kind)
        assert parse_period(text, period.kind, period.year, year) == period, text


def test_the_refusal_lists_labels_that_read_back() -> None:
    year = periods_of_year(2026, "quarter")
    with pytest.raises(PeriodParseError) as info:
        parse_period("TW9", "quarter", 2026, year)
    message = render_error(info.value, "id")
    for period in year:
        assert period.label("id") in message
        assert parse_period(period.label("id"), "quarter", 2026, year) == period
        assert parse_period(period.roman, "quarter", 2026, year) == period


# --- the period a screen lands on ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "kind", "key"),
    [
        (date(2026, 12, 2), "quarter", "2026-Q4"),  # Triwulan III locked in November; Triwulan IV open
        (date(2026, 10, 5), "quarter", "2026-Q3"),  # Triwulan III due on 14 October
        (date(2026, 10, 20), "quarter", "2026-Q3"),  # late but still accepted
        (date(2026, 11, 13), "quarter", "2026-Q3"),  # its lock date: the last day of entry
        (date(2026, 11, 16), "quarter", "2026-Q4"),
        (date(2026, 2, 1), "quarter", "2026-Q1"),  # nothing has ended yet: the current one
        (date(2025, 12, 2), "quarter", "2026-Q1"),  # before the plan year
        (date(2027, 1, 20), "quarter", "2026-Q4"),  # after the year, Triwulan IV still open
        (date(2027, 3, 1), "quarter", "2026-Q4"),  # after the year, all locked
        (date(2026, 8, 1), "month", "2026-07"),  # June late but open, July due 14 August: July
        (date(2026, 12, 2), "month", "2026-11"),
        (date(2026, 1, 10), "month", "2026-01"),
    ],
)
def test_landing_period(today: date, kind: str, key: str) -> None:
    assert landing_period(today, kind, 2026, 10, 30).key == key  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    today=st.dates(date(2026, 1, 1), date(2026, 12, 31)),
    kind=st.sampled_from(["month", "quarter"]),
    working_days=st.integers(0, 20),
    lock_days=st.integers(0, 90),
)
def test_the_landing_period_is_open_for_entry_and_never_ahead_of_today(
    today: date, kind: str, working_days: int, lock_days: int
) -> None:
    landed = landing_period(today, kind, 2026, working_days, lock_days)  # type: ignore[arg-type]
    assert landed.year == 2026 and landed.start <= today
    assert not is_locked(today, lock_date(landed, working_days, lock_days))
    # no later period that has ended is still open (it would be the one due now)
    for later in periods_of_year(2026, kind):  # type: ignore[arg-type]
        if later > landed and later.end < today:
            assert is_locked(today, lock_date(later, working_days, lock_days))
