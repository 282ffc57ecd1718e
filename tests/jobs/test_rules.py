"""The pure side: policy defaults, which rule is due when (holidays included), and message limits."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from domain.periods import Period
from jobs.messages import MissingOrganization, callback_for, escalation_message, quick_callback_for, reminder_message
from jobs.policy import PolicyError, ReminderPolicy
from jobs.rules import CHAIR_NOTE, DIGEST, ESCALATION, REMINDER, digest_day, occasions
from storage.models import Team
from storage.schedule import ExcusedOrganization, ExpectedActivity, PersonContact

WIB = ZoneInfo("Asia/Jakarta")


def local(text: str, zone: ZoneInfo = WIB) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


def due(
    policy: ReminderPolicy, text: str, kind: str = "quarter", days: int = 10, period: str | None = None
) -> list[tuple[str, str, str]]:
    found = occasions(policy, kind, days, 30, local(text))  # type: ignore[arg-type]
    return [(o.kind, o.period_key, o.rule) for o in found if o.kind != DIGEST and period in (None, o.period_key)]


def test_policy_defaults_and_overrides() -> None:
    default = ReminderPolicy()
    assert (default.hour, default.before_deadline, default.escalation_every) == (8, (3, 1, 0), 3)
    assert default.send_window[0].isoformat() == "07:00:00"
    assert (default.digest_weekday, default.digest_hour) == (0, 8)
    custom = ReminderPolicy.from_mapping({"hour": 9, "before_deadline": [0, 5, 1, 1], "digest_weekday": "friday"})
    assert (custom.hour, custom.before_deadline, custom.digest_weekday) == (9, (5, 1, 0), 4)
    with pytest.raises(PolicyError):
        ReminderPolicy.from_mapping({"send_window": ["18:00", "07:00"]})
    # a stored bad value falls back to its default; the good ones stay
    team = Team(code="X", name="X", year=2026, policy={"hour": 25, "escalation_every": 2, "unknown": 1})
    assert ReminderPolicy.from_team(team) == ReminderPolicy(escalation_every=2)


def test_monthly_team_across_nyepi_and_idul_fitri() -> None:
    """February 2026, 15 working days: the count skips Nyepi (Thu 19 March), so the deadline is Mon 23 March;
    H-1 is Fri 20 March, H-3 Tue 17 March. Idul Fitri falls on the weekend (21-22 March). (January's escalations
    run alongside until its lock; this test looks at February.)"""
    p = ReminderPolicy()
    assert due(p, "2026-03-17 08:00", "month", 15, "2026-02") == [(REMINDER, "2026-02", "H-3")]
    assert due(p, "2026-03-19 08:00", "month", 15, "2026-02") == []  # Nyepi: a holiday, nothing is sent
    assert due(p, "2026-03-20 08:00", "month", 15, "2026-02") == [(REMINDER, "2026-02", "H-1")]
    assert due(p, "2026-03-21 08:00", "month", 15, "2026-02") == []  # Idul Fitri, Saturday
    assert due(p, "2026-03-23 08:00", "month", 15, "2026-02") == [
        (REMINDER, "2026-02", "H"),
        (CHAIR_NOTE, "2026-02", "H"),
    ]
    assert due(p, "2026-03-24 08:00", "month", 15, "2026-02") == [(ESCALATION, "2026-02", "H+1")]


def test_latest_rule_only_and_hours() -> None:
    p = ReminderPolicy()
    # Triwulan I 2026: deadline Wed 15 April; H-3 Fri 10 April, H-1 Tue 14 April
    assert due(p, "2026-04-10 07:59") == []
    assert due(p, "2026-04-10 08:00") == [(REMINDER, "2026-Q1", "H-3")]
    assert due(p, "2026-04-13 09:00") == [(REMINDER, "2026-Q1", "H-3")]  # catch-up of Friday's, if it never went
    assert due(p, "2026-04-14 07:30") == []  # today's H-1 is coming: yesterday's H-3 is not sent any more
    assert due(p, "2026-04-14 08:00") == [(REMINDER, "2026-Q1", "H-1")]
    assert due(p, "2026-04-14 18:00") == []  # window closed
    assert due(p, "2026-04-20 10:00") == [(ESCALATION, "2026-Q1", "H+1")]
    assert due(p, "2026-05-15 10:00") == [(ESCALATION, "2026-Q1", "H+19")]  # lock day: still the last one
    assert due(p, "2026-05-18 10:00") == []  # locked


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
def test_team_local_time(zone: str) -> None:
    tz = ZoneInfo(zone)
    found = occasions(ReminderPolicy(), "quarter", 10, 30, local("2026-04-10 08:00", tz))
    offset = {"Asia/Jakarta": "+07:00", "Asia/Makassar": "+08:00", "Asia/Jayapura": "+09:00"}[zone]
    assert [(o.kind, o.scheduled_local.isoformat()) for o in found] == [
        (REMINDER, f"2026-04-10T08:00:00{offset}"),
        (DIGEST, f"2026-04-06T08:00:00{offset}"),  # this week's digest, still open until it is sent
    ]


def test_digest_moves_off_a_holiday_monday() -> None:
    p = ReminderPolicy()
    assert digest_day(p, date(2026, 6, 3)) == date(2026, 6, 2)  # Mon 1 June is Hari Lahir Pancasila
    assert digest_day(p, date(2026, 4, 15)) == date(2026, 4, 13)
    found = occasions(p, "quarter", 10, 30, local("2026-06-02 08:00"))
    assert [(o.kind, o.due_date, o.period_key) for o in found] == [(DIGEST, date(2026, 6, 1), "2026-W23")]


def _activity(i: int) -> ExpectedActivity:
    return ExpectedActivity(i, f"A{i}", f"Kegiatan <{i}> " + "x" * 80, i, f"ORG{i}", f"Dinas {i}", False, False, None)


def test_reminder_buttons_and_callback_limits() -> None:
    acts = [_activity(i) for i in range(1, 40)]
    msg = reminder_message(acts, Period.quarter(2026, 1), date(2026, 4, 15), -3, "id")
    assert len(msg.text) < 4096
    assert len(msg.buttons) == 21  # 20 activities, then "Lapor cepat" for all of them
    assert msg.buttons[0][0].callback_data == "rl:1:2026-Q1"
    assert msg.buttons[-1][0].callback_data == quick_callback_for("2026-Q1") == "rqt:2026-Q1"
    assert "Kegiatan &lt;1&gt;" in msg.text
    assert len(callback_for(2**63 - 1, "2026-12").encode()) <= 64


def test_escalation_with_sixty_missing_organizations_fits_one_message() -> None:
    people = tuple(PersonContact(i, 10_000 + i, f"Focal <{i}> " + "n" * 30, "id", i % 2 == 0, True) for i in range(3))
    missing = [MissingOrganization(f"ORG{i:02d}", f"Dinas Nomor {i} & Co", 4, people) for i in range(60)]
    excused = [ExcusedOrganization(i, f"EX{i}", f"Ex {i}", "reorganisasi " * 20) for i in range(30)]
    msg = escalation_message(Period.quarter(2026, 1), date(2026, 4, 15), 1, date(2026, 5, 15), missing, 75, excused)
    assert len(msg.text) < 4096
    assert "Belum lapor: <b>60</b> dari 75 organisasi." in msg.text
    assert "lainnya. Ketik /belum untuk daftar lengkap." in msg.text
    assert "Dinas Nomor 0 &amp; Co" in msg.text
    assert "Focal &lt;0&gt;" in msg.text
    assert "Laporan masih bisa dikirim sampai Jumat, 15 Mei 2026." in msg.text
