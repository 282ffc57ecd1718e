"""Obstacles (kendala) that are followed: their categories and when a report must name one.

An obstacle is required when the activity's achievement for the report is in the lowest rating of the team's scale
(``sangat_rendah`` on the predikat, ``merah`` on the traffic light) or its physical progress is critically behind the
plan (``domain.rating.is_critical_deviation``, the S-curve's rule). The team then needs to know why, so "Lewati" is
not offered.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, Literal, get_args

from domain.rating import is_critical_deviation, pct_decimal

Category = Literal["regulasi", "anggaran", "pengadaan", "sdm", "data", "mitra", "cuaca", "lainnya"]
CATEGORIES: Final[tuple[Category, ...]] = get_args(Category)  # in the order the buttons show them

# The lowest rating(s) of each scale: a report rated here must say what stands in the way.
LOWEST_PREDIKAT: Final[frozenset[str]] = frozenset({"sangat_rendah"})
LOWEST_LIGHTS: Final[frozenset[str]] = frozenset({"merah"})

Reason = Literal["lowest_rating", "critical_deviation"]


def is_category(key: str | None) -> bool:
    return key in CATEGORIES


def obstacle_required(
    *,
    predikat: str | None = None,
    light: str | None = None,
    planned_physical: Decimal | float | None = None,
    physical: Decimal | float | None = None,
) -> Reason | None:
    """Why the report must name an obstacle, or None when it may be skipped.

    ``predikat`` / ``light``: the report's rating on the team's scale (``domain.report_rules.rate``; None when it
    cannot be rated); ``planned_physical`` / ``physical``: the period's planned and the reported cumulative physical
    progress in % (either None: no deviation to judge). The rating is checked first."""
    if predikat in LOWEST_PREDIKAT or light in LOWEST_LIGHTS:
        return "lowest_rating"
    if planned_physical is not None and physical is not None:
        planned = planned_physical if isinstance(planned_physical, Decimal) else pct_decimal(planned_physical)
        actual = physical if isinstance(physical, Decimal) else pct_decimal(physical)
        if is_critical_deviation(planned, actual):
            return "critical_deviation"
    return None
