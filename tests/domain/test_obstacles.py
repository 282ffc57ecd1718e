"""domain.obstacles.obstacle_required: hand-made cases of when a report must name its obstacle."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.obstacles import CATEGORIES, obstacle_required


@pytest.mark.parametrize(
    ("predikat", "light", "planned", "physical", "expected"),
    [
        ("sangat_rendah", None, None, None, "lowest_rating"),  # the lowest predikat
        ("rendah", None, None, None, None),  # low, but not the lowest
        ("sangat_tinggi", None, None, None, None),
        (None, "merah", None, None, "lowest_rating"),  # the lowest light
        (None, "kuning", None, None, None),
        (None, None, None, None, None),  # nothing to rate, nothing to compare
        ("tinggi", None, 25.0, 10.0, "critical_deviation"),  # 15 points behind while the plan is under 70%
        ("tinggi", None, 25.0, 15.0, None),  # exactly 10 behind: not beyond the limit
        ("tinggi", None, 25.0, 14.99, "critical_deviation"),
        ("tinggi", None, 80.0, 74.0, "critical_deviation"),  # from 70% on, more than 5 behind
        ("tinggi", None, 80.0, 75.0, None),
        ("tinggi", None, 25.0, 90.0, None),  # ahead is never critical
        ("tinggi", None, None, 10.0, None),  # no plan: no deviation
        ("tinggi", None, 25.0, None, None),  # physical skipped
        ("sangat_rendah", None, 25.0, 10.0, "lowest_rating"),  # both: the rating is named first
        (None, "hijau", Decimal("50"), Decimal("39.5"), "critical_deviation"),
    ],
)
def test_obstacle_required(
    predikat: str | None, light: str | None, planned: object, physical: object, expected: str | None
) -> None:
    assert (
        obstacle_required(predikat=predikat, light=light, planned_physical=planned, physical=physical)  # type: ignore[arg-type]
        == expected
    )


def test_categories_are_the_issue_s_eight_in_button_order() -> None:
    assert CATEGORIES == ("regulasi", "anggaran", "pengadaan", "sdm", "data", "mitra", "cuaca", "lainnya")
