"""The early warning's projection (domain.projection) against cases computed by hand (docs/early-warning.md)."""

from __future__ import annotations

from decimal import Decimal as D

from domain.indicators import TargetRange
from domain.projection import History, Pace, project, risk_order
from domain.rating import Thresholds


def test_per_periode_naik_the_worked_example() -> None:
    # monthly, 50 UMKM a month; Jan-Jun 20 25 30 35 40 42 = 192; Rp1,2 M ceiling, 300 jt spent, physical 30%
    h = History(
        direction="naik",
        kind="per_periode",
        periods=12,
        values=[D(20), D(25), D(30), D(35), D(40), D(42)],
        targets=[D(50)] * 12,
        budget_ceiling=1_200_000_000,
        spent=300_000_000,
        physical=D(30),
    )
    p = project(h)
    assert p.projected == D(384)  # 192 + 32 × 6
    assert p.year_target == D(600)
    assert p.pct == D("64.00")
    assert p.rating == "rendah"
    assert p.needed == Pace("add", D(68))  # (600 − 192) ÷ 6
    assert p.budget_pct == D("50.00")
    assert p.physical_pct == D("60.00")
    assert p.at_risk


def test_per_periode_counts_an_unreported_period_as_zero() -> None:
    h = History("naik", "per_periode", 4, [D(30), None], [D(40)] * 4)
    p = project(h)
    assert p.projected == D(60)  # 30 + 15 × 2
    assert p.pct == D("37.50")
    assert p.rating == "sangat_rendah"
    assert p.needed == Pace("add", D(65))  # (160 − 30) ÷ 2
    uneven = project(History("naik", "per_periode", 4, [D(30), D(1)], [D(40)] * 4))
    assert uneven.needed == Pace("add", D(65))  # (160 − 31) ÷ 2 = 64,5: a whole count, rounded up
    halves = project(History("naik", "per_periode", 4, [D("30.5"), D(1)], [D(40)] * 4))
    assert halves.needed == Pace("add", D("64.25"))  # a value with decimals keeps two


def test_kumulatif_extrapolates_the_latest_running_total() -> None:
    h = History("naik", "kumulatif", 4, [D(50), D(120)], [D(100), D(200), D(300), D(400)])
    p = project(h)
    assert p.projected == D(240)
    assert p.year_target == D(400)
    assert p.pct == D("60.00")
    assert p.needed == Pace("add", D(140))


def test_tingkat_turun_continues_the_trend() -> None:
    # stunting prevalence 20% then 19%, target 14% at TW IV: trend −1 a quarter → 17%
    h = History("turun", "tingkat", 4, [D(20), D(19)], [D(18), D(17), D(15), D(14)])
    p = project(h)
    assert p.projected == D(17)
    assert p.pct == D("78.57")  # (14 − 3) ÷ 14
    assert p.rating == "tinggi"
    assert p.at_risk
    assert p.needed == Pace("fall", D("2.50"))  # (19 − 14) ÷ 2


def test_tingkat_naik_with_one_level_keeps_it_and_counts_from_the_level() -> None:
    # a level reported in TW I only, nothing in TW II: no trend; 3 periods remain after the level
    h = History("naik", "tingkat", 4, [D(60), None], [D(70), D(75), D(80), D(90)])
    p = project(h)
    assert p.projected == D(60)
    assert p.pct == D("66.67")
    assert p.rating == "sedang"
    assert p.needed == Pace("add", D(10))  # (90 − 60) ÷ 3


def test_tingkat_on_course_and_capped_needs_nothing() -> None:
    h = History("naik", "tingkat", 4, [D(50), D(80)], [D(60)] * 4)
    p = project(h)
    assert p.projected == D(140)  # 80 + 30 × 2
    assert p.achievement.pct == D("233.33")
    assert p.pct == D(150)  # the team's cap
    assert p.needed is None and not p.at_risk
    assert project(h, cap=None).pct == D("233.33")


def test_per_periode_turun_says_the_most_a_period_may_count() -> None:
    # rentenir cases, at most 10 in the year (2.5 a quarter): 4 and 4 so far → 16 projected
    h = History("turun", "per_periode", 4, [D(4), D(4)], [D("2.5")] * 4)
    p = project(h)
    assert p.projected == D(16)
    assert p.pct == D("40.00")  # (10 − 6) ÷ 10
    assert p.needed == Pace("at_most", D(1))  # (10 − 8) ÷ 2


def test_zero_target_has_no_percentage_and_is_not_ranked() -> None:
    h = History("naik", "per_periode", 4, [D(0), D(0)], [D(0)] * 4)
    p = project(h)
    assert p.pct is None and p.rating is None
    assert p.achievement.zero_target and p.achievement.met is True
    turun = project(History("turun", "kumulatif", 4, [D(2)], [D(0)] * 4))
    assert turun.pct is None and turun.achievement.met is False


def test_no_report_yet_projects_nothing() -> None:
    p = project(History("naik", "kumulatif", 4, [None, None], [D(100)] * 4, budget_ceiling=100, spent=None))
    assert p.projected is None and p.pct is None and p.needed is None and p.budget_pct is None
    assert not p.at_risk
    assert project(History("naik", "per_periode", 4, [], [D(10)] * 4)).projected is None


def test_range_target_and_the_teams_scale() -> None:
    h = History("naik", "tingkat", 4, [D(70), D(75)], [TargetRange(D(80), D(90))] * 4)
    p = project(h)
    assert p.projected == D(85)  # 75 + 5 × 2: inside 80–90
    assert p.pct == D(100) and not p.at_risk
    low = project(History("naik", "tingkat", 4, [D(40)], [TargetRange(D(80), D(90))] * 4), lights=True)
    assert low.pct == D("50.00") and low.rating == "merah"
    assert low.needed == Pace("add", D("13.34"))  # (80 − 40) ÷ 3, rounded up
    strict = Thresholds(95, 85, 75, 65)
    quarter = History("naik", "kumulatif", 4, [D(15)], [D(100)] * 4)  # 15 × 4 = 60 → 60%
    assert project(quarter).rating == "rendah"
    assert project(quarter, thresholds=strict).rating == "sangat_rendah"


def test_most_at_risk_lowest_first_then_the_larger_budget() -> None:
    rows = [(D(60), 100, "B"), (D(40), 10, "C"), (D(60), 500, "A"), (D(60), None, "D")]
    ordered = sorted(rows, key=lambda r: risk_order(*r))
    assert [code for _, _, code in ordered] == ["C", "A", "B", "D"]
