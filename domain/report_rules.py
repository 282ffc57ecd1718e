"""The rules a report is checked against, without a database: which periods accept entry, and which answers look
implausible enough to ask "Ya, benar?".

- **Entry** (:func:`entry_state`): a period of the team's plan year that has started is open until its lock date
  (``domain.calendar.lock_date``), then locked, unless the secretariat reopened it for the organization.
- **Reference period** (:func:`reference_period`): the period every screen lands on
  (``domain.periods.landing_period``): the latest ended period still open for entry, else the current one.
- **Plausibility** (:func:`value_error`, :func:`value_warning`, :func:`budget_warning`): a percentage above 100 is
  refused; a value far beyond its target on the side that reads as odd asks "Ya, benar?": far *above* target for a
  ``naik`` indicator (a typo, a wrong unit), far above it for a ``turun`` one too, since there that value got worse
  (far below is good news, never asked about); a running total below the previous one; budget spent above the
  ceiling (pagu). A level (``tingkat``) and a ``turun`` indicator may fall: only a running total is asked about that.
- **Achievement and rating** (:func:`report_achievement`, :func:`rate`): the period's target read as
  ``domain.indicators`` reads it (direction, range, zero target), and the team's scale: the predikat by its
  thresholds, or the traffic light with its kuning limit.

A team and an activity are read through the small protocols below, so storage rows and views both fit.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Final, Literal, Protocol

from domain.calendar import is_locked, lock_date
from domain.indicators import (
    DEFAULT_YELLOW_LIMIT,
    Achievement,
    Direction,
    Light,
    Target,
    TargetRange,
    achievement,
    traffic_light,
)
from domain.periods import Period, PeriodKind, landing_period
from domain.rating import PredikatKey, predikat, team_thresholds

FAR_ABOVE_TARGET_PCT = Decimal(150)  # a value above this share of the target asks "Ya, benar?"
PERCENT_UNITS: Final = frozenset({"%", "persen", "percent"})  # a share: never above 100
PERCENT_MAX: Final = Decimal(100)

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


class IndicatorTarget(Protocol):
    """How an activity's indicator is read in one period: its direction and the period's target (one value, or a
    range: ``target_min``–``target_max``, with ``target`` the bound that counts, ``domain.plan.met_bound``)."""

    @property
    def direction(self) -> str: ...
    @property
    def target(self) -> float | None: ...
    @property
    def target_min(self) -> float | None: ...
    @property
    def target_max(self) -> float | None: ...


class UnitTarget(IndicatorTarget, Protocol):
    """A period's target with the unit it is counted in (what a screen shows of it)."""

    @property
    def unit(self) -> str: ...


class PlannedFigures(IndicatorTarget, Protocol):
    """What the plausibility rules need of an activity in one period."""

    @property
    def unit(self) -> str: ...
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


class TeamRating(Protocol):
    """How a team rates an achievement: ``rating_scale`` predikat (by ``thresholds``) or lampu (``yellow_limit``)."""

    @property
    def rating_scale(self) -> str: ...
    @property
    def thresholds(self) -> Sequence[Any] | None: ...
    @property
    def yellow_limit(self) -> float | None: ...


def _decimal(value: float) -> Decimal:
    return Decimal(repr(float(value)))


def direction_of(ctx: IndicatorTarget) -> Direction:
    """``turun`` when the plan says so, else ``naik`` (what a plan without ``arah`` means)."""
    return "turun" if ctx.direction == "turun" else "naik"


def indicator_target(ctx: IndicatorTarget) -> Target | None:
    """The period's target as ``domain.indicators`` reads it: a range when both bounds are there, else the value;
    None when the period has no target."""
    if ctx.target_min is not None and ctx.target_max is not None:
        return TargetRange(_decimal(ctx.target_min), _decimal(ctx.target_max))
    return None if ctx.target is None else _decimal(ctx.target)


def report_achievement(ctx: IndicatorTarget, value: Decimal | float | None) -> Achievement:
    """The achievement of one reported value against its period's target (a running total against the running
    total, a level against the level, a count against the count): ``domain.indicators.achievement``."""
    realised = None if value is None else value if isinstance(value, Decimal) else _decimal(value)
    return achievement(direction_of(ctx), indicator_target(ctx), realised)


def is_percentage(unit: str) -> bool:
    """A unit that is a share of a whole (``%``, ``persen``): its values lie within 0–100."""
    return unit.strip().lower() in PERCENT_UNITS


def value_error(ctx: PlannedFigures, value: Decimal) -> str | None:
    """Why a realised value cannot be right at all (a catalogue suffix), or None: a percentage above 100."""
    if is_percentage(ctx.unit) and value > PERCENT_MAX:
        return "above_100"
    return None


def value_warning(ctx: PlannedFigures, value: Decimal) -> str | None:
    """Why a realised value is implausible (a catalogue suffix), or None: far above target (``above_target``; for a
    ``turun`` indicator, where that value got worse, ``worse_than_target``), or a running total below the previous
    one. Far below a ``turun`` target is good news, and a level may fall: neither is asked about."""
    target = indicator_target(ctx)
    top = target.high if isinstance(target, TargetRange) else target
    if top is not None and top > 0 and value * 100 > FAR_ABOVE_TARGET_PCT * top:
        return "above_target" if direction_of(ctx) == "naik" else "worse_than_target"
    if ctx.measure == "cumulative" and ctx.previous_value is not None and value < _decimal(ctx.previous_value):
        return "below_previous"
    return None


@dataclass(frozen=True)
class Rating:
    """An achievement rated on the team's scale: ``predikat`` when the scale is the predikat, ``light`` when it is
    the traffic light; both None when there is no percentage to rate (no target, or a zero target)."""

    scale: Literal["predikat", "lampu"]
    predikat: PredikatKey | None = None
    light: Light | None = None


def rate(pct: Decimal | None, team: TeamRating) -> Rating:
    """Rate an achievement percentage by the team's scale (a team without a valid scale rates by predikat)."""
    if team.rating_scale == "lampu":
        limit = DEFAULT_YELLOW_LIMIT if team.yellow_limit is None else _decimal(team.yellow_limit)
        return Rating("lampu", light=traffic_light(pct, limit))
    return Rating("predikat", predikat=predikat(pct, team_thresholds(team.thresholds)))


def budget_warning(ctx: PlannedFigures, amount: int) -> str | None:
    """Budget spent (to date) above the ceiling (pagu) is implausible."""
    if ctx.budget_ceiling is not None and amount > ctx.budget_ceiling:
        return "above_ceiling"
    return None
