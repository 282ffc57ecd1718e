"""How large, and how precise, each number of a report may be: what its column holds exactly and what is shown back.

Defined once, here, and used by every step that reads a number (the first answer and "Ubah" alike) and by Kirim,
which checks a draft written before these limits (or a revision of such a report) instead of failing on it.

- **value** (``report_revision.value``, a double): at most 9.999.999.999.999,99 with 2 decimals, i.e. at most 15
  significant digits, which a double holds exactly; 2 decimals is what every view shows (``format_number``).
- **budget_spent** (BIGINT, whole Rupiah): at most Rp 999.999.999.999.999 (just under 1.000 triliun, more than any
  regional activity spends): far inside BIGINT, a sum over thousands of activities still fits, and a chart's float
  holds it exactly (below 2**53).
- **physical_pct** (a double): 0 to 100 with 1 decimal, what every view shows (``format_percent``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal

Field = Literal["value", "budget_spent", "physical_pct"]
Problem = Literal["too_large", "too_precise"]


@dataclass(frozen=True)
class Limit:
    """The largest accepted number of one answer and how many decimals it may have."""

    field: Field
    maximum: Decimal
    decimals: int


VALUE: Final = Limit("value", Decimal("9999999999999.99"), 2)
BUDGET: Final = Limit("budget_spent", Decimal(999_999_999_999_999), 0)
PHYSICAL: Final = Limit("physical_pct", Decimal(100), 1)
LIMITS: Final[tuple[Limit, ...]] = (VALUE, BUDGET, PHYSICAL)


def exact(number: Decimal | int | float) -> Decimal:
    """The number as a Decimal, floats by their shortest repr (what was typed, for anything a double holds)."""
    if isinstance(number, float):
        return Decimal(repr(number))
    return Decimal(number)


def problem(limit: Limit, number: Decimal | int | float) -> Problem | None:
    """None when ``number`` fits ``limit``; "too_large" (also for a negative, infinite or NaN number, which no
    step accepts) or "too_precise" (more decimals than are kept and shown)."""
    amount = exact(number)
    if not amount.is_finite() or amount < 0 or amount > limit.maximum:
        return "too_large"
    exponent = amount.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -limit.decimals:
        return "too_precise"
    return None


def out_of_range(
    value: Decimal | int | float | None,
    budget_spent: Decimal | int | float | None,
    physical_pct: Decimal | int | float | None,
) -> Limit | None:
    """The first answer of a report that its column cannot hold (None when all fit; unanswered ones fit).

    Only the range is checked here, not the decimals: a stored answer with more decimals still stores."""
    for limit, number in zip(LIMITS, (value, budget_spent, physical_pct), strict=True):
        if number is not None and problem(limit, number) == "too_large":
            return limit
    return None
