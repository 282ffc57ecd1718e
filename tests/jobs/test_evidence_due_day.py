"""When a report sent with "bukti menyusul" reminds its focal point (issue 17 item 4): the team's number of working
days after the team-local day it was sent, weekends and national holidays skipped (as every deadline counts)."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.planner import evidence_due_day


@pytest.mark.parametrize(
    ("sent_on", "days", "due"),
    [
        (date(2026, 4, 6), 3, date(2026, 4, 9)),  # Monday: Thursday
        (date(2026, 4, 2), 3, date(2026, 4, 8)),  # Thursday before Good Friday (3 April) and the weekend
        (date(2026, 3, 18), 1, date(2026, 3, 20)),  # Nyepi (19 March) is a holiday; cuti bersama is not
        (date(2026, 4, 10), 5, date(2026, 4, 17)),  # Friday: a week later
        (date(2026, 4, 6), 0, date(2026, 4, 6)),  # 0: the same working day
        (date(2026, 4, 4), 0, date(2026, 4, 6)),  # 0 on a Saturday: the next working day
    ],
)
def test_due_day_counts_working_days(sent_on: date, days: int, due: date) -> None:
    assert evidence_due_day(sent_on, days) == due
