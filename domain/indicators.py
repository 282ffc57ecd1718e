"""How an indicator is read, as Indonesian performance reports compute it: direction, kind, range targets, caps.

- Direction: ``naik`` (higher is better) or ``turun`` (lower is better: poverty rate, stunting prevalence, rentenir
  cases, non-performing loans). The achievement of a ``turun`` indicator is the LKjIP formula
  (target − (realisation − target)) ÷ target × 100, never below 0: target 10%, realised 9% → 110%; 12% → 80%.
- Kind: ``per_periode`` (a count per period), ``kumulatif`` (a running total, its targets stated as running totals)
  or ``tingkat`` (a level, a rate or a share: the latest value counts, it is never summed, and its targets may rise
  or fall over the year).
- A target is one value or a range (``80–90%``): inside the range the achievement is 100; outside it, the formula of
  the direction is applied against the nearer bound (PermenPANRB performance management).
- A zero target cannot be divided by: the result says whether it was met (``naik``: any realisation ≥ 0; ``turun``:
  a realisation of 0 or less) and carries no percentage, so it is shown in words and left out of averages.
- Averages of achievement into an organization, program or team figure are capped (today's default 150%; teams
  choose 100, 110, 120, 150 or none).
- Besides the Permendagri 86/2017 predikat (``domain.rating``), a team may rate by traffic light on the gap to
  target, gap = (target − realisation) ÷ target for ``naik`` (the other way round for ``turun``), which is
  100 − achievement: hijau at a gap of 0 or less, kuning below the team's limit (default 25%), merah from it on
  (e-Monev Badung).

Percentages are Decimals in points, rounded to two decimals half up, like ``domain.rating.achievement``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final, Literal, get_args

Direction = Literal["naik", "turun"]
DIRECTIONS: Final[tuple[Direction, ...]] = get_args(Direction)
Kind = Literal["per_periode", "kumulatif", "tingkat"]
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
Light = Literal["hijau", "kuning", "merah"]
LIGHTS: Final[tuple[Light, ...]] = get_args(Light)

CAP_CHOICES: Final[tuple[int | None, ...]] = (100, 110, 120, 150, None)
DEFAULT_CAP: Final = Decimal(150)
DEFAULT_YELLOW_LIMIT: Final = Decimal(25)

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")

Amount = Decimal | int


@dataclass(frozen=True)
class TargetRange:
    """A target stated as a range, e.g. 80–90%: both bounds count as inside."""

    low: Decimal
    high: Decimal

    def __post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError(f"range {self.low}–{self.high}: the lower bound is above the upper one")


Target = Decimal | TargetRange


@dataclass(frozen=True)
class Achievement:
    """The achievement of one realisation against one target.

    ``pct`` is None when the target is zero (no percentage can be said) or nothing was realised; ``met`` says
    whether the target was reached (for a zero target, the only thing that can be said).
    """

    pct: Decimal | None
    met: bool | None
    zero_target: bool = False


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def _against(direction: Direction, target: Decimal, realised: Decimal) -> Achievement:
    """The formula of the direction against one target value."""
    if target == 0:
        met = realised >= 0 if direction == "naik" else realised <= 0
        return Achievement(pct=None, met=met, zero_target=True)
    if direction == "naik":
        pct = realised * _HUNDRED / target
    else:
        pct = max(Decimal(0), (target - (realised - target)) * _HUNDRED / target)
    pct = _rounded(pct)
    return Achievement(pct=pct, met=pct >= _HUNDRED)


def achievement(direction: Direction, target: Target | Amount | None, realised: Amount | None) -> Achievement:
    """Achievement of ``realised`` against ``target`` read in ``direction`` (see the module's rules)."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction: {direction!r}")
    if target is None or realised is None:
        return Achievement(pct=None, met=None)
    value = Decimal(realised)
    if isinstance(target, TargetRange):
        if target.low <= value <= target.high:
            return Achievement(pct=_HUNDRED, met=True)
        nearer = target.low if value < target.low else target.high
        return _against(direction, nearer, value)
    return _against(direction, Decimal(target), value)


def value_at(kind: Kind, realised: Sequence[Amount | None]) -> Decimal | None:
    """The realisation that counts at the last period of ``realised`` (ordered from the first period of the year;
    None = not reported): the period's own for ``per_periode``, else the latest reported value, carried forward
    (a running total does not fall back to zero, and a level stays what it was last measured at)."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind: {kind!r}")
    if not realised:
        return None
    if kind == "per_periode":
        last = realised[-1]
        return None if last is None else Decimal(last)
    latest = next((value for value in reversed(realised) if value is not None), None)
    return None if latest is None else Decimal(latest)


def achievement_at(
    direction: Direction, kind: Kind, targets: Sequence[Target | Amount | None], realised: Sequence[Amount | None]
) -> Achievement:
    """Achievement at the last period of ``targets``/``realised`` (both from the first period of the year up to the
    period asked about). The target is the period's own: a running total for ``kumulatif``, a level for
    ``tingkat``, the period's count for ``per_periode``."""
    if len(targets) != len(realised):
        raise ValueError("targets and realised must cover the same periods")
    if not targets:
        return Achievement(pct=None, met=None)
    return achievement(direction, targets[-1], value_at(kind, realised))


def capped(pct: Decimal, cap: Decimal | int | None = DEFAULT_CAP) -> Decimal:
    """An activity's achievement as it enters an average: at most ``cap`` (None: no cap)."""
    return pct if cap is None else min(pct, Decimal(cap))


def capped_mean(values: Iterable[Decimal | None], cap: Decimal | int | None = DEFAULT_CAP) -> Decimal | None:
    """The mean of the achievements that have a percentage, each capped first; None when none has one."""
    kept = [capped(v, cap) for v in values if v is not None]
    if not kept:
        return None
    return _rounded(sum(kept, Decimal(0)) / len(kept))


def gap(pct: Decimal) -> Decimal:
    """The gap to target in percent of the target (negative: beyond it), from the achievement of either direction."""
    return _HUNDRED - pct


def traffic_light(pct: Decimal | None, yellow_limit: Decimal | int = DEFAULT_YELLOW_LIMIT) -> Light | None:
    """hijau when the target is reached (gap ≤ 0), kuning while the gap is under ``yellow_limit`` %, then merah."""
    if pct is None:
        return None
    g = gap(pct)
    if g <= 0:
        return "hijau"
    return "kuning" if g < Decimal(yellow_limit) else "merah"
