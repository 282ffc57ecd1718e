"""Achievement (capaian), its rating (predikat, Permendagri 86/2017 scale) and S-curve deviation.

Percentages are Decimals in points (``Decimal("75.5")`` means 75,5%). Achievement is rounded to two decimals, half
up, so the rating is decided on the same value that tables show.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from itertools import pairwise
from math import ceil
from typing import Any, Final, Literal, get_args

from texts import t

Measure = Literal["per_period", "cumulative"]
MEASURES: Final[tuple[Measure, ...]] = get_args(Measure)
PredikatKey = Literal["sangat_tinggi", "tinggi", "sedang", "rendah", "sangat_rendah"]
PREDIKAT_KEYS: Final[tuple[PredikatKey, ...]] = get_args(PredikatKey)  # best first

Amount = Decimal | int

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


def achievement(target: Amount | None, realised: Amount | None) -> Decimal | None:
    """Realised ÷ target × 100, rounded to 2 decimals; None without a positive target or a realisation."""
    if target is None or realised is None or target <= 0:
        return None
    return (Decimal(realised) * _HUNDRED / Decimal(target)).quantize(_CENT, rounding=ROUND_HALF_UP)


def running_totals(values: Sequence[Amount]) -> list[Decimal]:
    """Cumulative sums, e.g. per-period targets [10, 20, 30] → [10, 30, 60] (the planned side of an S-curve)."""
    totals: list[Decimal] = []
    total = Decimal(0)
    for value in values:
        total += Decimal(value)
        totals.append(total)
    return totals


def achievement_for(measure: Measure, targets: Sequence[Amount], realised: Sequence[Amount | None]) -> Decimal | None:
    """Achievement at the last period of ``targets``/``realised``, both ordered from the first period of the year
    up to and including the period asked about (None in ``realised`` = not reported).

    - ``per_period``: each period stands alone: the last target against the last realisation (None if that period
      was not reported).
    - ``cumulative``: the plan states targets as running totals ("120 UMKM by the end of Triwulan II", as the
      plan file and the aggregates read them) and reports are running totals too ("UMKM onboarded so far"): the
      target is the period's own (running-total) target, and the realisation is the latest reported value,
      carried forward over unreported periods (a running total does not fall back to zero).
    """
    if len(targets) != len(realised):
        raise ValueError("targets and realised must cover the same periods")
    if measure not in MEASURES:
        raise ValueError(f"unknown measure: {measure!r}")
    if not targets:
        return None
    if measure == "per_period":
        return achievement(targets[-1], realised[-1])
    latest = next((value for value in reversed(realised) if value is not None), None)
    return achievement(targets[-1], latest)


def pct_decimal(value: float) -> Decimal:
    """A float percentage as the ``Decimal`` tables show and ratings use: its ``repr`` rounded to 2 decimals, half
    up (2.675 → 2.68, the digits people see, not the binary value just below)."""
    return Decimal(repr(float(value))).quantize(_CENT, rounding=ROUND_HALF_UP)


def round_pct(value: float | None) -> float | None:
    """Round a percentage to 2 decimals, half up (the value tables show and ratings use)."""
    return None if value is None else float(pct_decimal(value))


class ThresholdsError(ValueError):
    """Rating bounds a team tried to configure are invalid; its catalogue text gives an example of valid bounds."""

    key = "rating.invalid_thresholds"
    values: dict[str, object] = {}


def _as_decimal(value: Decimal | int | float | str) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@dataclass(frozen=True)
class Thresholds:
    """Lower bounds (inclusive, in %) of the four upper predikat; below ``rendah`` is sangat rendah.

    Defaults are Permendagri 86/2017: ≥91 sangat tinggi, ≥76 tinggi, ≥66 sedang, ≥51 rendah.
    """

    sangat_tinggi: Decimal = Decimal(91)
    tinggi: Decimal = Decimal(76)
    sedang: Decimal = Decimal(66)
    rendah: Decimal = Decimal(51)

    def __post_init__(self) -> None:
        try:
            bounds = [_as_decimal(b) for b in (self.sangat_tinggi, self.tinggi, self.sedang, self.rendah)]
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ThresholdsError(f"thresholds must be numbers: {exc}") from exc
        if any(not b.is_finite() or not 0 <= b <= 100 for b in bounds):
            raise ThresholdsError("thresholds must lie within 0..100")
        if any(high <= low for high, low in pairwise(bounds)):
            raise ThresholdsError("thresholds must be strictly decreasing")
        for name, bound in zip(("sangat_tinggi", "tinggi", "sedang", "rendah"), bounds, strict=True):
            object.__setattr__(self, name, bound)

    @classmethod
    def from_bounds(cls, bounds: Sequence[Decimal | int | float | str]) -> Thresholds:
        """From the stored list of 4 lower bounds, best first, e.g. ``[91, 76, 66, 51]``."""
        if isinstance(bounds, str | bytes) or len(bounds) != 4:
            raise ThresholdsError("exactly 4 lower bounds are needed")
        try:
            values = [_as_decimal(b) for b in bounds]
        except (ArithmeticError, TypeError, ValueError) as exc:
            raise ThresholdsError(f"thresholds must be numbers: {exc}") from exc
        return cls(*values)

    @property
    def bounds(self) -> list[Decimal]:
        """The 4 lower bounds, best first (what a team stores)."""
        return [self.sangat_tinggi, self.tinggi, self.sedang, self.rendah]


DEFAULT_THRESHOLDS: Final = Thresholds()
# The default bounds as a plan and a team row store them (``domain.plan``, ``storage.models.Team.thresholds``).
DEFAULT_BOUNDS: Final[tuple[float, ...]] = tuple(float(b) for b in DEFAULT_THRESHOLDS.bounds)


def team_thresholds(stored: Sequence[Any] | None) -> Thresholds:
    """A team's stored bounds (``Team.thresholds``) as :class:`Thresholds`: the defaults when none are stored or
    they are not valid bounds."""
    if not stored:
        return DEFAULT_THRESHOLDS
    try:
        return Thresholds.from_bounds(stored)
    except ThresholdsError:
        return DEFAULT_THRESHOLDS


def predikat(pct: Amount | None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> PredikatKey | None:
    """Rating key of an achievement percentage (90.5 → "tinggi", 50.9 → "sangat_rendah"); None for None."""
    if pct is None:
        return None
    for key, bound in zip(PREDIKAT_KEYS, thresholds.bounds, strict=False):
        if pct >= bound:
            return key
    return "sangat_rendah"


def rate_pct(value: float | None, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> PredikatKey | None:
    """The predikat of a float percentage, decided on its value rounded as tables show it (:func:`pct_decimal`)."""
    return None if value is None else predikat(pct_decimal(value), thresholds)


def round_and_rate(value: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[float, PredikatKey | None]:
    """``(round_pct(value), rate_pct(value))``, exactly as :func:`pct_decimal` and :func:`predikat` give them,
    without ``Decimal`` in the common case (the recap sheet rates thousands of values): ``value`` × 100 in floating
    point is within ~2⁻⁵² of the exact product of the decimal ``repr(value)`` that :func:`pct_decimal` rounds, so
    away from a tie (fraction .5, within a margin thousands of times that error) its nearest integer is the half-up
    rounding; ``cents / 100`` is then the float nearest to the rounded decimal, as ``float(Decimal)`` is. Ties,
    zero, negative and huge values take the ``Decimal`` path."""
    scaled = value * 100.0
    if 0.0 < scaled < 1e9:
        whole = int(scaled)
        frac = scaled - whole  # exact
        if abs(frac - 0.5) > 1e-9:
            cents = whole + 1 if frac > 0.5 else whole
            cuts, keys = _predikat_steps(thresholds)
            return cents / 100, keys[bisect_right(cuts, cents)]
    exact = pct_decimal(value)
    return float(exact), predikat(exact, thresholds)


@cache
def _predikat_steps(thresholds: Thresholds) -> tuple[list[int], list[PredikatKey | None]]:
    """:func:`predikat` over whole cents as a step function: ``cuts`` are the smallest cents at or above each bound
    (a value of whole cents is ≥ a bound exactly when its cents are ≥ the bound's cut), and ``keys[i]`` is the
    predikat of every value with ``i`` cuts at or below it (computed by :func:`predikat` on one such value)."""
    cuts = sorted({ceil(bound * 100) for bound in thresholds.bounds})
    keys = [predikat(Decimal(c).scaleb(-2), thresholds) for c in [cuts[0] - 1, *cuts]]
    return cuts, keys


def predikat_label(key: str, lang: str | None = "id") -> str:
    """Display name of a rating key: "Sangat Tinggi" / "Very high"."""
    if key not in PREDIKAT_KEYS:
        raise ValueError(f"unknown predikat: {key!r}")
    return t(f"rating.{key}", lang)


# Dark green → light green → amber → orange → red. Lightness peaks at "sedang" and falls towards both ends, so
# neighbours differ in lightness as well as hue (helps red-green colour blindness); charts still print labels.
PREDIKAT_COLOURS: Final[dict[str, str]] = {
    "sangat_tinggi": "#1B7837",
    "tinggi": "#7FBF7B",
    "sedang": "#F2C14E",
    "rendah": "#F08A24",
    "sangat_rendah": "#C0392B",
}

# S-curve: how far behind plan is critical, depending on how far the plan has come (the usual monev rule).
CRITICAL_PLAN_SPLIT: Final = Decimal(70)
CRITICAL_BEHIND_EARLY: Final = Decimal(10)
CRITICAL_BEHIND_LATE: Final = Decimal(5)


def deviation(planned_cum_pct: Amount, actual_cum_pct: Amount) -> Decimal:
    """Deviasi: actual minus planned cumulative progress, in percentage points (negative = behind)."""
    return Decimal(actual_cum_pct) - Decimal(planned_cum_pct)


def is_critical_deviation(planned_cum_pct: Amount, actual_cum_pct: Amount) -> bool:
    """Behind by more than 10 points while the plan is under 70%, or by more than 5 points from 70% on.

    Being ahead is never critical.
    """
    behind = -deviation(planned_cum_pct, actual_cum_pct)
    limit = CRITICAL_BEHIND_EARLY if Decimal(planned_cum_pct) < CRITICAL_PLAN_SPLIT else CRITICAL_BEHIND_LATE
    return behind > limit
