"""Expected and received reports: the one definition the aggregates and the reminders (``storage.schedule``) share.

- An activity is **expected** to report for a period when the plan gives it a target for that period (a ``Target``
  row: a period without a target is a period without planned work), and its organization is not excused
  (``Exemption``) for that team and period.
- An expected report is **received** when its report is in and was not returned by the secretariat: a returned
  report waits for a correction and counts as not received (it is shown apart). It is **on time** when received and
  ``Report.on_time`` (its first submission met the deadline).

A report row is written with its first revision, in one transaction, and keeps a current revision from then on, so
"the report is in" is tested on the row itself.

These are condition builders over the tables (or aliases of them): join conditions for the target, the exemption
and the report of an activity in a period, and the conditions on the joined rows. Each takes SQL expressions or
plain values (bound as parameters) for the ids and the period, so the aggregates build their statements once over
bind parameters and the reminders pass the period they ask about.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select, true
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from storage.models import Exemption, Report, Target

RETURNED = "returned"

TARGET: Any = Target.__table__  # type: ignore[attr-defined]
EXEMPTION: Any = Exemption.__table__  # type: ignore[attr-defined]
REPORT: Any = Report.__table__  # type: ignore[attr-defined]


def target_for(activity_id: Any, period_key: Any, target: Any = TARGET) -> ColumnElement[bool]:
    """Join condition: the activity's target for the period (at most one row: unique per activity and period)."""
    return and_(target.c.activity_id == activity_id, target.c.period_key == period_key)


def exemption_for(
    team_id: Any, organization_id: Any, period_key: Any, exemption: Any = EXEMPTION
) -> ColumnElement[bool]:
    """Join condition: the organization's exemption in the team for the period (at most one row: unique)."""
    return and_(
        exemption.c.team_id == team_id,
        exemption.c.organization_id == organization_id,
        exemption.c.period_key == period_key,
    )


def excused(team_id: Any, organization_id: Any, period_key: Any, correlate: FromClause) -> ColumnElement[bool]:
    """``EXISTS`` the organization's exemption (correlated to ``correlate``, the table ``organization_id`` is of).

    As a ``NOT EXISTS`` rather than an outer join filtered on NULL, PostgreSQL estimates the rows of what remains
    right (with the outer join it guessed one row and chose nested loops, 3× slower)."""
    return (
        select(EXEMPTION.c.id).where(exemption_for(team_id, organization_id, period_key)).correlate(correlate).exists()
    )


def expected(target: Any = TARGET, exemption: Any = EXEMPTION) -> ColumnElement[bool]:
    """Over an activity outer-joined to its target (:func:`target_for`) and its exemption (:func:`exemption_for`):
    the activity is expected (a target, no exemption)."""
    return and_(target.c.id.is_not(None), exemption.c.id.is_(None))


def report_for(activity_id: Any, period_key: Any, report: Any = REPORT) -> ColumnElement[bool]:
    """Join condition: the activity's report for the period (at most one row: unique per activity and period)."""
    return and_(report.c.activity_id == activity_id, report.c.period_key == period_key)


def received(report: Any = REPORT) -> ColumnElement[bool]:
    """Over a report (outer-)joined by :func:`report_for`: it is in and was not returned."""
    return and_(report.c.id.is_not(None), report.c.status != RETURNED)


def on_time(report: Any = REPORT) -> ColumnElement[bool]:
    """Received, and its first submission met the deadline."""
    return and_(received(report), report.c.on_time == true())


def returned(report: Any = REPORT) -> ColumnElement[bool]:
    """Returned by the secretariat: waiting for a correction, not received."""
    return report.c.status == RETURNED  # type: ignore[no-any-return]


__all__ = [
    "RETURNED",
    "excused",
    "exemption_for",
    "expected",
    "on_time",
    "received",
    "report_for",
    "returned",
    "target_for",
]
