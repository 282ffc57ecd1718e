"""The recap sheet's rows are built without per-row Decimal and without SQLAlchemy's result processing: the
shortcuts must give exactly what ``pct_decimal``/``predikat`` and the ``UTCDateTime`` column type give."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.rating import DEFAULT_THRESHOLDS, Thresholds, pct_decimal, predikat, round_and_rate
from storage import aggregates as agg
from storage.aggregates import rows

THRESHOLDS = [
    DEFAULT_THRESHOLDS,
    Thresholds.from_bounds([90.555, 75.001, 66, 50.5]),
    Thresholds.from_bounds(["100", "99.99", "0.011", "0"]),
]


def _values() -> list[float]:
    rng = random.Random(7)
    values = [k / 1000 for k in range(0, 200_001)]  # every tie of 3 decimals (x.xx5) up to 200 %
    values += [k / 100 for k in range(0, 20_001)]
    values += [100.0 * r / t for r in (1.005, 2.675, 0.125, 1.0, 7.0, 33.3) for t in (1.0, 3.0, 7.0, 0.3, 12.5)]
    values += [rng.uniform(0, 200) for _ in range(20_000)]
    values += [rng.uniform(0, 1e-3) for _ in range(1_000)]
    values += [rng.uniform(1e6, 1e13) for _ in range(1_000)]
    values += [0.0, -0.0, -1.005, -0.004, -12.345678, 5e-324, 0.005, 0.015, 1e9 / 100, 1e15, 4000.005]
    return values


@pytest.mark.parametrize("thresholds", THRESHOLDS, ids=["default", "odd", "edges"])
def test_round_and_rate_is_dec_and_predikat(thresholds: Thresholds) -> None:
    for value in _values():
        exact = pct_decimal(value)
        rounded, rating = round_and_rate(value, thresholds)
        assert (rounded, rating) == (float(exact), predikat(exact, thresholds)), value
        assert math.copysign(1.0, rounded) == math.copysign(1.0, float(exact)), value


def test_utc_is_what_the_column_type_gives() -> None:
    naive = datetime(2026, 4, 6, 3, 4, 5, 123456)
    assert rows._utc("2026-04-06 03:04:05.123456") == naive.replace(tzinfo=UTC)
    assert rows._utc("2026-04-06 03:04:05.123456").tzinfo is UTC
    assert rows._utc("2026-04-06 03:04:05") == naive.replace(microsecond=0, tzinfo=UTC)
    # Text with an offset of its own, and aware values from PostgreSQL, are converted to UTC.
    assert rows._utc("2026-04-06 10:04:05+07:00") == datetime(2026, 4, 6, 3, 4, 5, tzinfo=UTC)
    assert rows._utc("2026-04-06 10:04:05+07:00").tzinfo is UTC
    wib = timezone(timedelta(hours=7))
    assert rows._utc(datetime(2026, 4, 6, 10, tzinfo=wib)) == datetime(2026, 4, 6, 3, tzinfo=UTC)
    assert rows._utc(datetime(2026, 4, 6, 10, tzinfo=wib)).tzinfo is UTC
    assert rows._utc(naive) == naive.replace(tzinfo=UTC)


def test_activity_row_fields_and_immutability() -> None:
    assert agg.ActivityRow._fields == (
        "organization_code",
        "organization_name",
        "program_code",
        "program_name",
        "activity_code",
        "activity_name",
        "indicator",
        "unit",
        "measure",
        "target",
        "realised",
        "achievement",
        "predikat",
        "budget_ceiling",
        "budget_spent",
        "physical_planned",
        "physical_actual",
        "obstacles",
        "follow_up",
        "reporter",
        "submitted_at",
        "status",
        "on_time",
        "direction",
        "target_min",
        "target_max",
        "met",
        "light",
    )
    row = agg.ActivityRow(*range(28))  # type: ignore[arg-type]
    assert row.on_time == 22
    assert row.light == 27
    with pytest.raises(AttributeError):
        row.status = "verified"  # type: ignore[misc]


def test_decimal_bounds_cut_at_whole_cents() -> None:
    # 90.555 is reached by 90.56, not by 90.55; 75.001 by 75.01.
    odd = THRESHOLDS[1]
    assert round_and_rate(90.56, odd)[1] == "sangat_tinggi"
    assert round_and_rate(90.554, odd)[1] == "tinggi"
    assert round_and_rate(75.005, odd)[1] == "tinggi"  # rounds half up to 75.01
    assert round_and_rate(75.004, odd)[1] == "sedang"
    assert predikat(Decimal("75.01"), odd) == "tinggi"
