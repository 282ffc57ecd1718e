"""Early warning: where an activity ends the year at its current pace, and what it would take to reach its target.

Pure arithmetic over an activity's reports so far in the year (``docs/early-warning.md`` states the method with a
worked example). ``elapsed`` is the number of periods from the first of the year up to and including the period
asked about; ``periods`` the number in the year (4 quarters or 12 months); ``remaining`` = periods − elapsed.

- **Value at year end** by the indicator's kind:
  - ``per_periode`` (a count per period): the sum so far + the average per elapsed period × the remaining periods
    (a period not reported counts 0, as the team sees it); the year's target is the sum of the periods' targets;
  - ``kumulatif`` (a running total): the latest running total extrapolated linearly, latest × periods ÷ elapsed;
    the year's target is the last period's running total;
  - ``tingkat`` (a level): the latest level plus its trend continued to the last period of the year; the trend per
    period is (last − first) ÷ the periods between the first and the last level reported (none with one level:
    the level stays); the year's target is the level set for the last period. A projected value never falls
    below 0.
- **Achievement at year end**: ``domain.indicators.achievement`` of the projected value against the year's target
  (``naik`` or ``turun``, a range target, a zero target: met or not, no percentage), capped at the team's cap
  (``domain.indicators.capped``), rated on the team's scale (``domain.rating.predikat`` or the traffic light).
- **Budget absorption**: spent so far ÷ the elapsed share of the year (elapsed ÷ periods), against the ceiling.
- **Physical %**: the latest physical % ÷ the elapsed share of the year, at most 100.
- **Needed pace** (only when the projection falls short and periods remain): ``naik``: what each remaining period
  must add, (year's target − the value so far) ÷ remaining, where the value so far is the sum (``per_periode``) or
  the latest value; ``turun``: for a running total or a level, how much it must fall per period, (latest − target) ÷
  remaining; for a count per period, the most each remaining period may count, (target − sum) ÷ remaining. A count
  whose target and value so far are whole numbers is said in whole numbers (rounded up what must be added or fall,
  down what may be counted); a level, or anything with decimals, to two decimals (rounded the same ways).
- **No report yet** (no value at all): nothing is projected (``projected`` None): the list of missing reports
  already names it. Nothing elapsed: likewise.
- **Most at risk**: the lowest projected achievement first; ties: the larger budget ceiling first, then the code.
  Projections without a percentage (a zero target, nothing reported) are not ranked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal
from typing import Final, Literal

from domain.indicators import (
    DEFAULT_CAP,
    DEFAULT_YELLOW_LIMIT,
    Achievement,
    Direction,
    Kind,
    Target,
    TargetRange,
    achievement,
    capped,
    traffic_light,
)
from domain.rating import DEFAULT_THRESHOLDS, Thresholds, predikat

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")
_ONE: Final = Decimal(1)

PaceKind = Literal["add", "fall", "at_most"]


@dataclass(frozen=True)
class History:
    """An activity's year so far: one entry per elapsed period, from the first of the year (None: not reported).

    ``values`` are the reported realisations; ``targets`` the periods' targets for the whole year (``periods``
    entries, None where a period has none); ``spent`` the budget spent to date as last reported; ``physical`` the
    latest physical % reported."""

    direction: Direction
    kind: Kind
    periods: int
    values: Sequence[Decimal | None]
    targets: Sequence[Target | None]
    budget_ceiling: int | None = None
    spent: int | None = None
    physical: Decimal | None = None

    @property
    def elapsed(self) -> int:
        return len(self.values)

    @property
    def remaining(self) -> int:
        return max(0, self.periods - self.elapsed)


@dataclass(frozen=True)
class Pace:
    """What each remaining period must do: ``add`` (naik: +amount a period), ``fall`` (turun: −amount a period) or
    ``at_most`` (turun, a count per period: at most amount a period)."""

    kind: PaceKind
    amount: Decimal


@dataclass(frozen=True)
class Projection:
    """Where the activity ends the year at its current pace."""

    projected: Decimal | None  # the value at year end; None: nothing to project from
    year_target: Target | None
    achievement: Achievement  # of the projected value against the year's target, uncapped
    pct: Decimal | None  # the achievement capped at the team's cap (what is shown and ranked)
    rating: str | None  # predikat key, or the light on a team rating by traffic light
    budget_pct: Decimal | None  # projected absorption at year end, % of the ceiling
    physical_pct: Decimal | None  # projected physical progress at year end, %
    needed: Pace | None  # None: on course, nothing remains, or nothing to say

    @property
    def at_risk(self) -> bool:
        """Projected to fall short of the target."""
        return self.achievement.met is False


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def year_target(kind: Kind, targets: Sequence[Target | None]) -> Target | None:
    """The target at the year's end: the sum of the periods' (``per_periode``), else the last period's that has one."""
    stated = [t for t in targets if t is not None]
    if not stated:
        return None
    if kind == "per_periode":
        total = Decimal(0)
        for target in stated:
            total += target.low if isinstance(target, TargetRange) else Decimal(target)
        return total
    return stated[-1]


def projected_value(history: History) -> Decimal | None:
    """The value at year end at the current pace (see the module's rules); None without any value reported."""
    values = history.values
    reported = [(i, Decimal(v)) for i, v in enumerate(values) if v is not None]
    if not reported or history.elapsed == 0:
        return None
    if history.kind == "per_periode":
        so_far = sum((v for _, v in reported), Decimal(0))
        value = so_far + so_far / history.elapsed * history.remaining
    elif history.kind == "kumulatif":
        value = reported[-1][1] * history.periods / history.elapsed
    else:
        (first_i, first), (last_i, last) = reported[0], reported[-1]
        trend = (last - first) / (last_i - first_i) if last_i > first_i else Decimal(0)
        value = last + trend * (history.periods - 1 - last_i)
    return _rounded(max(Decimal(0), value))


def _so_far(history: History) -> Decimal | None:
    """The value reached so far: the sum (``per_periode``) or the latest value."""
    reported = [Decimal(v) for v in history.values if v is not None]
    if not reported:
        return None
    return sum(reported, Decimal(0)) if history.kind == "per_periode" else reported[-1]


def needed_pace(history: History, target: Target | None) -> Pace | None:
    """What each remaining period must do to reach ``target`` (None: nothing remains, or no target/value)."""
    so_far = _so_far(history)
    if target is None or so_far is None:
        return None
    if history.kind == "tingkat":  # from the last level reported to the last period of the year
        last_i = max(i for i, v in enumerate(history.values) if v is not None)
        remaining = history.periods - 1 - last_i
    else:
        remaining = history.remaining
    if remaining <= 0:
        return None
    if isinstance(target, TargetRange):
        goal = target.low if history.direction == "naik" else target.high
    else:
        goal = Decimal(target)
    # a count (per period or running) of whole things in whole numbers: nobody onboards 0,67 UMKM
    step = _ONE if history.kind != "tingkat" and _whole(goal) and _whole(so_far) else _CENT
    if history.direction == "naik":
        if so_far >= goal:
            return None
        return Pace("add", ((goal - so_far) / remaining).quantize(step, rounding=ROUND_UP))
    if history.kind == "per_periode":
        room = max(Decimal(0), goal - so_far) / remaining
        return Pace("at_most", room.quantize(step, rounding=ROUND_DOWN))
    if so_far <= goal:
        return None
    return Pace("fall", ((so_far - goal) / remaining).quantize(step, rounding=ROUND_UP))


def _whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


def rate(
    pct: Decimal | None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    *,
    lights: bool = False,
    yellow_limit: Decimal | int | float = DEFAULT_YELLOW_LIMIT,
) -> str | None:
    """The rating key of a percentage on the team's scale: its light (``lights``) or its predikat."""
    if pct is None:
        return None
    if lights:
        return traffic_light(pct, Decimal(repr(yellow_limit)) if isinstance(yellow_limit, float) else yellow_limit)
    return predikat(pct, thresholds)


def project(
    history: History,
    *,
    cap: Decimal | int | float | None = DEFAULT_CAP,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    lights: bool = False,
    yellow_limit: Decimal | int | float = DEFAULT_YELLOW_LIMIT,
) -> Projection:
    """Project ``history`` to the year's end (see the module's rules)."""
    target = year_target(history.kind, history.targets)
    value = projected_value(history)
    ach = achievement(history.direction, target, value)
    pct = None
    if ach.pct is not None:
        pct = capped(ach.pct, None if cap is None else Decimal(repr(cap)) if isinstance(cap, float) else cap)
    share = Decimal(history.elapsed) / history.periods if history.periods and history.elapsed else None
    budget = None
    if share and history.budget_ceiling and history.spent is not None:
        budget = _rounded(Decimal(history.spent) / share * _HUNDRED / history.budget_ceiling)
    physical = None
    if share and history.physical is not None:
        physical = _rounded(min(_HUNDRED, Decimal(history.physical) / share))
    needed = needed_pace(history, target) if ach.met is False else None
    return Projection(
        projected=value,
        year_target=target,
        achievement=ach,
        pct=pct,
        rating=rate(pct, thresholds, lights=lights, yellow_limit=yellow_limit),
        budget_pct=budget,
        physical_pct=physical,
        needed=needed,
    )


def risk_order(pct: Decimal, budget_ceiling: int | None, code: str) -> tuple[Decimal, int, str]:
    """The sort key of "most at risk first": the lowest projected achievement, then the larger budget, the code."""
    return (pct, -(budget_ceiling or 0), code)
