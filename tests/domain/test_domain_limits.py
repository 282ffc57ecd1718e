"""The limits of a report's numbers (domain/limits.py): what each column holds exactly and what is shown back."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain import limits
from domain.numbers import parse_number, parse_rupiah


@pytest.mark.parametrize(
    ("limit", "number", "problem"),
    [
        (limits.VALUE, Decimal("9999999999999.99"), None),
        (limits.VALUE, Decimal("10000000000000"), "too_large"),
        (limits.VALUE, parse_number("999999999999999999999"), "too_large"),
        (limits.VALUE, Decimal("12.25"), None),
        (limits.VALUE, Decimal("12.250"), None),  # trailing zeros are no decimals
        (limits.VALUE, Decimal("12.345"), "too_precise"),
        (limits.VALUE, 1e21, "too_large"),
        (limits.VALUE, 0.1, None),  # a float by its shortest repr, not its binary expansion
        (limits.VALUE, Decimal("1E+3"), None),
        (limits.VALUE, Decimal("-1"), "too_large"),
        (limits.VALUE, Decimal("NaN"), "too_large"),
        (limits.BUDGET, 999_999_999_999_999, None),
        (limits.BUDGET, 10**15, "too_large"),
        (limits.BUDGET, parse_rupiah("999999999999999999999"), "too_large"),
        (limits.BUDGET, 2**63 - 1, "too_large"),
        (limits.PHYSICAL, Decimal(100), None),
        (limits.PHYSICAL, Decimal("100.1"), "too_large"),
        (limits.PHYSICAL, Decimal("75.5"), None),
        (limits.PHYSICAL, Decimal("75.55"), "too_precise"),
    ],
)
def test_problem(limit: limits.Limit, number: Decimal | int | float, problem: str | None) -> None:
    assert limits.problem(limit, number) == problem


def test_every_accepted_value_survives_the_double_column_exactly() -> None:
    for text in ("9999999999999.99", "1234567890123.45", "0.01", "0.1", "100", "9999999999999.9"):
        typed = Decimal(text)
        assert limits.problem(limits.VALUE, typed) is None
        assert limits.exact(float(typed)) == typed


def test_the_budget_limit_fits_bigint_and_a_double() -> None:
    assert limits.BUDGET.maximum < 2**63 - 1
    assert limits.BUDGET.maximum < 2**53  # charts read it as a float
    assert int(float(int(limits.BUDGET.maximum))) == int(limits.BUDGET.maximum)


def test_out_of_range_names_the_first_answer_its_column_cannot_hold() -> None:
    assert limits.out_of_range(80.0, 2_500_000, 40.0) is None
    assert limits.out_of_range(None, None, None) is None
    assert limits.out_of_range(80.0, 10**21, 40.0) is limits.BUDGET
    assert limits.out_of_range(1e21, 10**21, 40.0) is limits.VALUE
    assert limits.out_of_range(80.0, None, 250.0) is limits.PHYSICAL
    assert limits.out_of_range(80.125, None, 40.55) is None  # too precise still stores: only the range counts
