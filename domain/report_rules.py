"""The rules a report is checked against, without a database: which periods accept entry, and which answers look
implausible enough to ask "Ya, benar?".

- **Entry** (:func:`entry_state`): a period of the team's plan year that has started is open until its lock date
  (``domain.calendar.lock_date``), then locked, unless the secretariat reopened it for the organization.
- **Reference period** (:func:`reference_period`): the period every screen lands on
  (``domain.periods.landing_period``): the latest ended period still open for entry, else the current one.
- **Plausibility** (:func:`value_warning`, :func:`budget_warning`): a value far above target, a running total below
  the previous one, or budget spent above the ceiling (pagu).

A team and an activity are read through the small protocols below, so storage rows and views both fit.
"""

from __future__ import annotations

from collections.abc import Set
from datetime import date
from decimal import Decimal
from typing import Literal, Protocol

from domain.calendar import is_locked, lock_date
from domain.periods import Period, PeriodKind, landing_period

FAR_ABOVE_TARGET_PCT = Decimal(150)  # a value above this share of the target asks "Ya, benar?"

EntryState = Literal["open", "reopened", "locked"]


class TeamCalendar(Protocol):
    """What the entry rules need of a team."""

    @property
    def year(self) -> int: ...
    @property
    def period_kind(self) -> str: ...
    @property
    def deadline_working_days(self) -> int: ...
    @property
    def lock_days(self) -> int: ...


class PlannedFigures(Protocol):
    """What the plausibility rules need of an activity in one period."""

    @property
    def target(self) -> float | None: ...
    @property
    def measure(self) -> str: ...
    @property
    def previous_value(self) -> float | None: ...
    @property
    def budget_ceiling(self) -> int | None: ...


def period_kind(team: TeamCalendar) -> PeriodKind:
    """The team's kind of period: months, else quarters."""
    return "month" if team.period_kind == "month" else "quarter"


def reference_period(team: TeamCalendar, today: date) -> Period:
    """The period a report is normally about now: ``domain.periods.landing_period`` of the team (on 2 December,
    with Triwulan III locked, Triwulan IV: never a locked period while one of the plan year is open)."""
    return landing_period(today, period_kind(team), team.year, team.deadline_working_days, team.lock_days)


def entry_state(team: TeamCalendar, period: Period, today: date, reopened: Set[str]) -> EntryState | None:
    """Open, reopened or locked for entry today; None when the period has not started or is outside the plan."""
    if period.year != team.year or period.start > today:
        return None
    if not is_locked(today, lock_date(period, team.deadline_working_days, team.lock_days)):
        return "open"
    return "reopened" if period.key in reopened else "locked"


def value_warning(ctx: PlannedFigures, value: Decimal) -> str | None:
    """Why a realised value is implausible (a catalogue suffix), or None: far above target, or a running total
    below the previous one."""
    if ctx.target and ctx.target > 0 and value * 100 > FAR_ABOVE_TARGET_PCT * Decimal(repr(ctx.target)):
        return "above_target"
    if ctx.measure == "cumulative" and ctx.previous_value is not None and value < Decimal(repr(ctx.previous_value)):
        return "below_previous"
    return None


def budget_warning(ctx: PlannedFigures, amount: int) -> str | None:
    """Budget spent (to date) above the ceiling (pagu) is implausible."""
    if ctx.budget_ceiling is not None and amount > ctx.budget_ceiling:
        return "above_ceiling"
    return None
