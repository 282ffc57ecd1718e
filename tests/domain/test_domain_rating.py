"""Achievement, cumulative measures, predikat boundaries (Permendagri 86/2017) and S-curve deviation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.rating import (
    DEFAULT_THRESHOLDS,
    PREDIKAT_COLOURS,
    PREDIKAT_KEYS,
    Thresholds,
    ThresholdsError,
    achievement,
    achievement_for,
    deviation,
    is_critical_deviation,
    predikat,
    predikat_label,
    running_totals,
)
from texts import t
from texts.render import render_error

D = Decimal


@pytest.mark.parametrize(
    ("target", "realised", "expected"),
    [
        (D(100), D(75), D("75.00")),
        (D(40), D(50), D("125.00")),
        (D(3), D(1), D("33.33")),
        (D(3), D(2), D("66.67")),  # half up
        (200, 181, D("90.50")),
        (D(100), D(0), D("0.00")),
        (D(0), D(5), None),
        (None, D(5), None),
        (D(100), None, None),
        (D(-10), D(5), None),
    ],
)
def test_achievement(target: Decimal | int | None, realised: Decimal | int | None, expected: Decimal | None) -> None:
    assert achievement(target, realised) == expected


def test_running_totals() -> None:
    assert running_totals([10, 20, D("30.5")]) == [D(10), D(30), D("60.5")]
    assert running_totals([]) == []


@pytest.mark.parametrize(
    ("measure", "targets", "realised", "expected"),
    [
        # per period: only the last period counts
        ("per_period", [D(10), D(20)], [D(10), D(15)], D("75.00")),
        ("per_period", [D(10), D(20)], [D(10), None], None),
        ("per_period", [D(10), D(0)], [D(10), D(5)], None),
        # cumulative: targets and reports are both running totals; the period's own target counts
        ("cumulative", [D(10), D(30)], [D(8), D(24)], D("80.00")),  # 24 of 30
        ("cumulative", [D(10), D(30), D(60)], [D(8), D(24), None], D("40.00")),  # carried forward: 24 of 60
        ("cumulative", [D(10), D(30)], [None, None], None),
        ("cumulative", [D(0), D(0)], [D(3), D(4)], None),
        ("cumulative", [D(0), D(50)], [D(5), D(50)], D("100.00")),
        ("per_period", [], [], None),
        ("cumulative", [], [], None),
    ],
)
def test_achievement_for(
    measure: str, targets: list[Decimal], realised: list[Decimal | None], expected: Decimal | None
) -> None:
    assert achievement_for(measure, targets, realised) == expected  # type: ignore[arg-type]


def test_achievement_for_refuses_mismatched_input() -> None:
    with pytest.raises(ValueError):
        achievement_for("cumulative", [D(1), D(2)], [D(1)])
    with pytest.raises(ValueError):
        achievement_for("yearly", [D(1)], [D(1)])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("pct", "key"),
    [
        (D(150), "sangat_tinggi"),
        (D(100), "sangat_tinggi"),
        (D(91), "sangat_tinggi"),
        (D("90.99"), "tinggi"),
        (D("90.5"), "tinggi"),
        (D(76), "tinggi"),
        (D("75.99"), "sedang"),
        (D(66), "sedang"),
        (D("65.99"), "rendah"),
        (D(51), "rendah"),
        (D("50.9"), "sangat_rendah"),
        (D(0), "sangat_rendah"),
        (D(-5), "sangat_rendah"),
        (91, "sangat_tinggi"),
        (None, None),
    ],
)
def test_predikat_default_boundaries(pct: Decimal | int | None, key: str | None) -> None:
    assert predikat(pct) == key


def test_custom_thresholds() -> None:
    custom = Thresholds.from_bounds([90, 80, 70, 60])
    assert custom.bounds == [D(90), D(80), D(70), D(60)]
    assert predikat(D(85), custom) == "tinggi"
    assert predikat(D(85)) == "tinggi"
    assert predikat(D(90), custom) == "sangat_tinggi"
    assert predikat(D("59.99"), custom) == "sangat_rendah"
    assert Thresholds.from_bounds([91.0, 76.0, 66.0, 51.0]) == DEFAULT_THRESHOLDS  # as stored in JSON
    assert Thresholds.from_bounds(["91", "76,5".replace(",", "."), "66", "51"]).tinggi == D("76.5")
    assert DEFAULT_THRESHOLDS.bounds == [D(91), D(76), D(66), D(51)]


@pytest.mark.parametrize(
    "bounds",
    [
        [91, 76, 66],
        [91, 76, 66, 51, 40],
        [91, 91, 66, 51],
        [51, 66, 76, 91],
        [101, 76, 66, 51],
        [91, 76, 66, -1],
        [91, 76, "x", 51],
        [float("nan"), 76, 66, 51],
        "9176",
    ],
)
def test_invalid_thresholds(bounds: list[object]) -> None:
    with pytest.raises(ValueError) as info:
        Thresholds.from_bounds(bounds)  # type: ignore[arg-type]
    assert isinstance(info.value, ThresholdsError)
    assert render_error(info.value, "id") == t("rating.invalid_thresholds", "id")
    assert "91; 76; 66; 51" in render_error(info.value, "en")


@pytest.mark.parametrize(
    ("key", "id_label", "en_label"),
    [
        ("sangat_tinggi", "Sangat Tinggi", "Very high"),
        ("tinggi", "Tinggi", "High"),
        ("sedang", "Sedang", "Medium"),
        ("rendah", "Rendah", "Low"),
        ("sangat_rendah", "Sangat Rendah", "Very low"),
    ],
)
def test_predikat_labels(key: str, id_label: str, en_label: str) -> None:
    assert predikat_label(key) == id_label
    assert predikat_label(key, "id") == id_label
    assert predikat_label(key, "en") == en_label


def test_unknown_predikat_label() -> None:
    with pytest.raises(ValueError):
        predikat_label("luar_biasa")


def test_colours_cover_every_key_and_are_distinct() -> None:
    assert set(PREDIKAT_COLOURS) == set(PREDIKAT_KEYS)
    assert len(set(PREDIKAT_COLOURS.values())) == 5
    for colour in PREDIKAT_COLOURS.values():
        assert colour.startswith("#")
        assert len(colour) == 7
        int(colour[1:], 16)


@pytest.mark.parametrize(
    ("planned", "actual", "dev", "critical"),
    [
        (D(50), D(40), D(-10), False),  # exactly 10 behind under 70%: not yet
        (D(50), D("39.99"), D("-10.01"), True),
        (D("69.99"), D("59.99"), D(-10), False),
        (D("69.99"), D(59), D("-10.99"), True),
        (D(70), D(65), D(-5), False),  # exactly 5 behind at 70%: not yet
        (D(70), D("64.99"), D("-5.01"), True),
        (D(70), D(62), D(-8), True),  # 8 behind would be fine under 70%, not from 70% on
        (D(69), D(61), D(-8), False),
        (D(100), D(94), D(-6), True),
        (D(20), D(80), D(60), False),  # ahead is never critical
        (D(90), D(100), D(10), False),
        (D(0), D(0), D(0), False),
        (50, 30, D(-20), True),
    ],
)
def test_s_curve_deviation(planned: Decimal, actual: Decimal, dev: Decimal, critical: bool) -> None:
    assert deviation(planned, actual) == dev
    assert is_critical_deviation(planned, actual) is critical


pcts = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(planned=pcts, actual=pcts)
def test_ahead_is_never_critical(planned: Decimal, actual: Decimal) -> None:
    if actual >= planned:
        assert not is_critical_deviation(planned, actual)
    if planned - actual > 10:
        assert is_critical_deviation(planned, actual)


@settings(max_examples=200, deadline=None)
@given(a=st.decimals(min_value=-50, max_value=300, places=2, allow_nan=False, allow_infinity=False), b=pcts)
def test_predikat_is_monotonic(a: Decimal, b: Decimal) -> None:
    low, high = sorted([a, b])
    assert PREDIKAT_KEYS.index(predikat(high) or "") <= PREDIKAT_KEYS.index(predikat(low) or "")
