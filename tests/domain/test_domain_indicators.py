"""Achievement as officials compute it: naik, turun (LKjIP), ranges, zero targets, levels, caps and traffic lights."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.indicators import (
    DIRECTIONS,
    KINDS,
    Achievement,
    TargetRange,
    achievement,
    achievement_at,
    capped_mean,
    traffic_light,
    value_at,
)

# --- worked examples, as an official would state them ----------------------------------------------------------


@pytest.mark.parametrize(
    ("direction", "target", "realised", "expected"),
    [
        # "target 10%, realised 9%, turun → 110%" (persentase penduduk miskin)
        ("turun", D(10), D(9), D("110.00")),
        # realised 12% against 10%: worse than planned → 80%
        ("turun", D(10), D(12), D("80.00")),
        # exactly on target
        ("turun", D("7.5"), D("7.5"), D("100.00")),
        # rentenir cases: target 20, realised 45 → (20 − 25) ÷ 20 is below zero → 0, never negative
        ("turun", D(20), D(45), D("0.00")),
        # UMKM onboarded: 80 of 100 → 80%
        ("naik", D(100), D(80), D("80.00")),
        ("naik", D(300), D(330), D("110.00")),
        # stunting prevalence 14,2% against 14%: (14 − 0,2) ÷ 14 = 98,57%
        ("turun", D(14), D("14.2"), D("98.57")),
    ],
)
def test_worked_examples(direction: str, target: D, realised: D, expected: D) -> None:
    assert achievement(direction, target, realised).pct == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("direction", "low", "high", "realised", "expected"),
    [
        # share of villages with a bank agent, target 80–90%: 85% is inside → 100
        ("naik", D(80), D(90), D(85), D("100.00")),
        ("naik", D(80), D(90), D(80), D("100.00")),
        ("naik", D(80), D(90), D(90), D("100.00")),
        # below the range: 72 against the nearer bound 80 → 90%
        ("naik", D(80), D(90), D(72), D("90.00")),
        # above the range of a naik indicator: against 90 → 105%
        ("naik", D(80), D(90), D("94.5"), D("105.00")),
        # NPL kept within 3–5%: 6% is above, against 5 → (5 − 1) ÷ 5 = 80%
        ("turun", D(3), D(5), D(6), D("80.00")),
        # 2,4% is below the range of a turun indicator: against 3 → (3 + 0,6) ÷ 3 = 120%
        ("turun", D(3), D(5), D("2.4"), D("120.00")),
    ],
)
def test_range_targets(direction: str, low: D, high: D, realised: D, expected: D) -> None:
    assert achievement(direction, TargetRange(low, high), realised).pct == expected  # type: ignore[arg-type]


def test_a_range_upside_down_is_refused() -> None:
    with pytest.raises(ValueError, match="lower bound"):
        TargetRange(D(90), D(80))


def test_a_zero_target_says_met_or_not_and_never_divides() -> None:
    # no new rentenir case planned: none happened → met; three happened → not met; no percentage either way
    assert achievement("turun", D(0), D(0)) == Achievement(pct=None, met=True, zero_target=True)
    assert achievement("turun", D(0), D(3)) == Achievement(pct=None, met=False, zero_target=True)
    # nothing planned for a naik indicator this quarter: whatever was done meets it
    assert achievement("naik", D(0), D(5)) == Achievement(pct=None, met=True, zero_target=True)
    # a range whose nearer bound is zero behaves the same way
    assert achievement("turun", TargetRange(D(0), D(2)), D(3)).pct == D("50.00")
    assert achievement("naik", TargetRange(D(0), D(0)), D(0)).pct == D(100)


def test_nothing_reported_or_nothing_planned() -> None:
    assert achievement("naik", None, D(5)) == Achievement(pct=None, met=None)
    assert achievement("turun", D(5), None) == Achievement(pct=None, met=None)


def test_kinds_read_the_value_that_counts() -> None:
    # a count per period: the period's own; a running total and a level: the latest reported, carried forward
    series = [D(10), None, D(8), None]
    assert value_at("per_periode", series) is None
    assert value_at("kumulatif", series) == D(8)
    assert value_at("tingkat", series) == D(8)
    assert value_at("tingkat", [None, None]) is None
    # a level whose targets fall over the year (poverty rate 10 → 9,5 → 9 → 8,5), reported 9,2 in Q3 and not in Q4
    targets = [D(10), D("9.5"), D(9), D("8.5")]
    assert achievement_at("turun", "tingkat", targets, [D("9.8"), D("9.6"), D("9.2"), None]).pct == D("91.76")
    with pytest.raises(ValueError, match="same periods"):
        achievement_at("naik", "tingkat", targets, [D(1)])


def test_caps_apply_before_the_mean() -> None:
    # 200% and 50%: capped at 150 → 100; at 120 → 85; uncapped → 125; a zero-target activity (None) is left out
    assert capped_mean([D(200), D(50), None], 150) == D(100)
    assert capped_mean([D(200), D(50)], 120) == D(85)
    assert capped_mean([D(200), D(50)], None) == D(125)
    assert capped_mean([None]) is None


@pytest.mark.parametrize(
    ("pct", "light"),
    [
        (D(110), "hijau"),
        (D(100), "hijau"),
        (D("99.99"), "kuning"),
        (D("75.01"), "kuning"),
        (D(75), "merah"),
        (D(0), "merah"),
    ],
)
def test_traffic_light_on_the_gap(pct: D, light: str) -> None:
    assert traffic_light(pct) == light
    assert traffic_light(None) is None


def test_traffic_light_of_a_turun_indicator_reads_the_gap_the_other_way() -> None:
    # poverty 10% planned, 11% realised: the gap is (11 − 10) ÷ 10 = 10% → kuning; 13% → 30% → merah
    assert traffic_light(achievement("turun", D(10), D(11)).pct) == "kuning"
    assert traffic_light(achievement("turun", D(10), D(13)).pct) == "merah"
    assert traffic_light(achievement("turun", D(10), D(9)).pct) == "hijau"


# --- properties ---------------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=D(0), max_value=D(10**6), places=2, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.01"), max_value=D(10**6), places=2, allow_nan=False, allow_infinity=False)
directions = st.sampled_from(DIRECTIONS)


@given(direction=directions, target=positive)
def test_on_target_is_exactly_100(direction: str, target: D) -> None:
    assert achievement(direction, target, target).pct == D(100)  # type: ignore[arg-type]


@given(target=positive, a=amounts, b=amounts)
def test_naik_rises_and_turun_falls_with_the_realisation(target: D, a: D, b: D) -> None:
    low, high = min(a, b), max(a, b)
    naik_low, naik_high = achievement("naik", target, low).pct, achievement("naik", target, high).pct
    turun_low, turun_high = achievement("turun", target, low).pct, achievement("turun", target, high).pct
    assert naik_low is not None and naik_high is not None and turun_low is not None and turun_high is not None
    assert naik_low <= naik_high
    assert turun_low >= turun_high >= 0


@given(target=positive, realised=amounts)
def test_turun_mirrors_naik_around_the_target(target: D, realised: D) -> None:
    """The LKjIP formula is 200 − the naik formula, floored at 0 (up to the rounding of each)."""
    naik = achievement("naik", target, realised).pct
    turun = achievement("turun", target, realised).pct
    assert naik is not None and turun is not None
    assert abs(turun - max(D(0), 200 - naik)) <= D("0.01")


@given(direction=directions, a=positive, b=positive, realised=amounts)
def test_a_range_is_100_inside_and_continuous_at_its_bounds(direction: str, a: D, b: D, realised: D) -> None:
    rng = TargetRange(min(a, b), max(a, b))
    got = achievement(direction, rng, realised).pct  # type: ignore[arg-type]
    assert got is not None
    if rng.low <= realised <= rng.high:
        assert got == D(100)
    else:
        nearer = rng.low if realised < rng.low else rng.high
        assert got == achievement(direction, nearer, realised).pct  # type: ignore[arg-type]
    # at each bound the outside formula gives 100 as well: no jump
    assert achievement(direction, rng.low, rng.low).pct == D(100)  # type: ignore[arg-type]


@given(kind=st.sampled_from(KINDS), series=st.lists(st.one_of(st.none(), amounts), min_size=1, max_size=12))
def test_value_at_never_sums(kind: str, series: list[D | None]) -> None:
    got = value_at(kind, series)  # type: ignore[arg-type]
    reported = [v for v in series if v is not None]
    assert got is None or got in reported


@given(pcts=st.lists(st.one_of(st.none(), st.decimals(min_value=D(0), max_value=D(500), places=2)), max_size=20))
def test_a_capped_mean_stays_within_the_cap(pcts: list[D | None]) -> None:
    for cap in (100, 110, 120, 150):
        mean = capped_mean(pcts, cap)
        assert mean is None or D(0) <= mean <= cap
