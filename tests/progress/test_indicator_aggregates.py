"""How an indicator is read, in the aggregates: direction, kind, range and zero targets, the team's
cap and rating scale, checked against numbers computed by hand and against ``domain.indicators`` on the same data,
on SQLite and PostgreSQL: the Solok example with reports on its outcome indicators (``conftest.SOLOK_REPORTS``), and
one organization per way of reading an indicator (``CASES``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.engine import Engine

from domain.indicators import Direction, Kind, TargetRange, achievement, capped_mean, traffic_light, value_at
from domain.plan import KIND_OF_MEASURE, Plan
from domain.rating import pct_decimal, rate_pct
from storage import aggregates as agg
from storage.db import session_scope
from storage.models import Target
from tests.progress.conftest import SOLOK_REPORTS, Solok, set_team
from tests.worlds import Rev, WorldBuilder

TARGET: Any = Target.__table__  # type: ignore[attr-defined]


def _summary(engine: Engine, team_id: int, key: str, scope: agg.Scope = agg.TEAM_SCOPE) -> agg.PeriodSummary:
    with session_scope(engine) as session:
        return agg.period_summary(session, team_id, key, scope)


def _program(s: Solok, code: str) -> agg.Scope:
    return agg.Scope("program", s.program[code], code, code)


# --- hand-computed ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("2021-02", 93.75),  # SAS-03 17 against the range 14–16: above it, turun against 16: (16 − 1) ÷ 16 = 93.75
        ("2021-03", 109.09),  # SAS-01 3.0 against 3.3: (3.3 + 0.3) ÷ 3.3 = 109.0909…
        ("2021-06", 80.0),  # SAS-02 0.6 against 0.5: (0.5 − 0.1) ÷ 0.5 = 80
        ("2021-08", 100.0),  # SAS-03 13 inside 12–14
        ("2021-09", 103.23),  # SAS-01 not reported: the level of March carries, 3.0 against 3.1: 3.2 ÷ 3.1 = 103.2258…
        ("2021-12", 0.0),  # SAS-02 0.6 (June, carried) against 0.2: (0.2 − 0.4) ÷ 0.2 < 0 → 0, never below
    ],
)
def test_sasaran_by_hand(engine: Engine, solok: Solok, key: str, expected: float) -> None:
    s = _summary(engine, solok.team_id, key, _program(solok, "SASARAN"))
    assert (s.total.expected, s.total.rated, s.total.turun) == (1, 1, 1)
    assert s.total.achievement == expected
    assert s.total.light is None  # the team rates by predikat


def test_levels_are_never_summed_and_other_months_expect_nothing(engine: Engine, solok: Solok) -> None:
    # SAS-01 has targets only in March and September: in April nothing of SASARAN is expected.
    s = _summary(engine, solok.team_id, "2021-04", _program(solok, "SASARAN"))
    assert (s.total.expected, s.total.achievement, s.total.turun) == (0, None, 0)
    with session_scope(engine) as session:
        rows = {r.activity_code: r for r in agg.activity_rows(session, solok.team_id, "2021-09")}
    sas1 = rows["SAS-01"]
    assert (sas1.measure, sas1.direction, sas1.target, sas1.realised) == ("level", "turun", 3.1, 3.0)
    assert (sas1.achievement, sas1.met, sas1.predikat, sas1.status) == (103.23, True, "sangat_tinggi", "missing")


def test_ranges_in_the_rows(engine: Engine, solok: Solok) -> None:
    with session_scope(engine) as session:
        feb = {r.activity_code: r for r in agg.activity_rows(session, solok.team_id, "2021-02")}
        aug = {r.activity_code: r for r in agg.activity_rows(session, solok.team_id, "2021-08")}
    assert (feb["SAS-03"].target_min, feb["SAS-03"].target_max, feb["SAS-03"].target) == (14.0, 16.0, 16.0)
    assert (feb["SAS-03"].achievement, feb["SAS-03"].met) == (93.75, False)
    assert (aug["SAS-03"].achievement, aug["SAS-03"].met) == (100.0, True)
    assert feb["DATA-01"].target_min is None and feb["DATA-01"].direction == "naik"


def test_organization_mean_with_a_turun_level(engine: Engine, solok: Solok) -> None:
    s = _summary(engine, solok.team_id, "2021-09")
    bappeda = {p.code: p for p in s.by_organization}["BAPPEDA-SOLOK"]
    # DATA-02 1 of 1 = 100, SAS-01 103.2258…: (100 + 103.2258…) ÷ 2 = 101.6129… → 101.61
    assert (bappeda.expected, bappeda.rated, bappeda.turun) == (2, 2, 1)
    assert bappeda.achievement == 101.61


@pytest.mark.parametrize(
    ("cap", "expected"),
    [
        (150, 106.25),  # DATA-01 500 (February, carried) ÷ 800 = 62.5; BANSOS-01 700 ÷ 350 = 200 → 150
        (100, 81.25),  # 200 → 100
        (None, 131.25),  # no cap: (62.5 + 200) ÷ 2
    ],
)
def test_team_cap(engine: Engine, solok: Solok, cap: int | None, expected: float) -> None:
    set_team(engine, solok.team_id, achievement_cap=cap)
    s = _summary(engine, solok.team_id, "2021-03")
    assert {p.code: p for p in s.by_organization}["DINSOS-SOLOK"].achievement == expected
    with session_scope(engine) as session:
        rows = {r.activity_code: r for r in agg.activity_rows(session, solok.team_id, "2021-03")}
    assert rows["BANSOS-01"].achievement == 200.0  # a row is never capped


def test_traffic_light_scale(engine: Engine, solok: Solok) -> None:
    set_team(engine, solok.team_id, rating_scale="lampu", yellow_limit=10.0)
    feb = _summary(engine, solok.team_id, "2021-02", _program(solok, "SASARAN"))
    assert (feb.total.achievement, feb.total.light) == (93.75, "kuning")  # gap 6.25 < 10
    assert feb.total.predikat == "sangat_tinggi"  # still computed; the views show the light
    sep = _summary(engine, solok.team_id, "2021-09", _program(solok, "SASARAN"))
    assert sep.total.light == "hijau"
    dec = _summary(engine, solok.team_id, "2021-12", _program(solok, "SASARAN"))
    assert dec.total.light == "merah"
    with session_scope(engine) as session:
        rows = {r.activity_code: r for r in agg.activity_rows(session, solok.team_id, "2021-02")}
    assert rows["SAS-03"].light == "kuning"
    assert rows["DATA-02"].light == "merah"  # not reported: 0%


# --- against domain.indicators ----------------------------------------------------------------------------------


def _domain_pct(plan: Plan, code: str, key: str, reports: dict[tuple[str, str], float]) -> Decimal | None:
    """The activity's achievement at ``key`` by ``domain.indicators``, with the aggregates' one rule of their own:
    nothing received (nothing carried forward) is 0% against a positive target."""
    _, act = next((p, a) for p, a in plan.activities() if a.code == code)
    target = next(t for t in act.targets if t.period == key)
    keys = [f"2021-{m:02d}" for m in range(1, int(key[-2:]) + 1)]
    kind: Kind = act.kind
    direction: Direction = act.direction
    value = value_at(kind, [None if (code, k) not in reports else Decimal(repr(reports[(code, k)])) for k in keys])
    if value is None:
        return Decimal(0) if target.value > 0 else None
    goal = target.indicator_target()
    return achievement(direction, goal, value).pct


def test_every_month_and_scope_as_domain_indicators_computes(engine: Engine, solok: Solok) -> None:
    plan = solok.plan
    exempt = {(e.organization, e.period) for e in plan.exemptions}
    for cap in (150, None):
        set_team(engine, solok.team_id, achievement_cap=cap, rating_scale="lampu")
        for month in range(1, 13):
            key = f"2021-{month:02d}"
            s = _summary(engine, solok.team_id, key)
            pcts: dict[str, list[Decimal | None]] = {}
            for program, act in plan.activities():
                if not any(t.period == key for t in act.targets) or (act.organization, key) in exempt:
                    continue
                pct = _domain_pct(plan, act.code, key, SOLOK_REPORTS)
                for group in (act.organization, program.code, "*"):
                    pcts.setdefault(group, []).append(pct)
            groups = {p.code: p for p in s.by_organization} | {p.code: p for p in s.by_program} | {"*": s.total}
            for code, values in pcts.items():
                mean = capped_mean(values, cap)
                got = groups[code]
                assert got.rated == sum(v is not None for v in values), (key, code)
                if mean is None:
                    assert got.achievement is None, (key, code)
                    continue
                # the aggregates average the unrounded achievements (as they always have), the domain the rounded
                # ones: the two means differ by at most a cent (BAPPEDA in September: 101.61 and 101.62)
                assert abs(got.achievement - float(mean)) <= 0.0100001, (key, code, cap)
                assert got.light == traffic_light(pct_decimal(got.achievement), 25)
            with session_scope(engine) as session:
                rows = agg.activity_rows(session, solok.team_id, key)
            for row in rows:
                if row.status == "exempt":
                    assert row.achievement is None
                    continue
                pct = _domain_pct(plan, row.activity_code, key, SOLOK_REPORTS)
                assert row.achievement == (float(pct) if pct is not None else None), (key, row.activity_code)
                assert row.predikat == rate_pct(row.achievement), (key, row.activity_code)


# --- every reading, one activity per organization ---------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    direction: str
    measure: str
    targets: tuple[float | tuple[float, float], ...]  # Q1, Q2: a value or a range (low, high)
    reports: tuple[float | None, ...]  # Q1, Q2: None = not reported
    pct: float | None  # the achievement at Q2, by hand
    met: bool | None


CASES = {
    "naik": Case("naik", "per_period", (10, 10), (None, 9), 90.0, False),
    "turun below": Case("turun", "per_period", (10, 10), (None, 9), 110.0, True),
    "turun above": Case("turun", "per_period", (10, 10), (None, 12), 80.0, False),
    "turun far above": Case("turun", "per_period", (10, 10), (None, 25), 0.0, False),  # never below 0
    "turun missing": Case("turun", "per_period", (10, 10), (None, None), 0.0, False),  # not 200%
    "turun zero met": Case("turun", "per_period", (0, 0), (None, 0), None, True),
    "turun zero not met": Case("turun", "per_period", (0, 0), (None, 2), None, False),
    "naik zero": Case("naik", "per_period", (0, 0), (None, 3), None, True),
    "naik range inside": Case("naik", "per_period", ((80, 90), (80, 90)), (None, 85), 100.0, True),
    "naik range below": Case("naik", "per_period", ((80, 90), (80, 90)), (None, 70), 87.5, False),
    "naik range above": Case("naik", "per_period", ((80, 90), (80, 90)), (None, 95), 105.56, True),
    "turun range inside": Case("turun", "level", ((14, 16), (14, 16)), (None, 15), 100.0, True),
    "turun range above": Case("turun", "level", ((14, 16), (14, 16)), (None, 17), 93.75, False),
    "turun range below": Case("turun", "level", ((14, 16), (14, 16)), (None, 13), 107.14, True),
    "turun range from 0": Case("turun", "level", ((0, 2), (0, 2)), (None, 3), 50.0, False),
    "naik range from 0": Case("naik", "level", ((0, 5), (0, 5)), (None, None), None, None),  # its bound is 0
    "naik level carried": Case("naik", "level", (50, 55), (40, None), 72.73, False),
    "turun level carried": Case("turun", "level", (10, 9), (9, None), 100.0, True),
    "turun level never": Case("turun", "level", (10, 9), (None, None), 0.0, False),
    "cumulative carried": Case("naik", "cumulative", (40, 60), (30, None), 50.0, False),
    "per period not carried": Case("naik", "per_period", (40, 60), (30, None), 0.0, False),
}


@dataclass(frozen=True)
class CaseWorld:
    team_id: int


@pytest.fixture
def cases(engine: Engine) -> CaseWorld:
    """One team (no cap) with one organization and activity per case, named after the case."""
    at = datetime(2026, 4, 2, tzinfo=UTC)
    with session_scope(engine) as session:
        w = WorldBuilder(session, at)
        team = w.team("CASES", achievement_cap=None)
        program = w.program(team, "P", "Program")
        person = w.person(7001, "Uji", team, "secretariat")
        conn = session.connection()
        for n, (name, case) in enumerate(CASES.items()):
            org = w.org(team, f"O{n:02d}", name)
            targets = {
                f"2026-Q{q}": (max(t) if case.direction == "turun" else min(t)) if isinstance(t, tuple) else t
                for q, t in enumerate(case.targets, start=1)
            }
            act = w.activity(
                program, org, f"A{n:02d}", name, targets=targets, measure=case.measure, direction=case.direction
            )
            for q, t in enumerate(case.targets, start=1):
                if isinstance(t, tuple):
                    conn.execute(
                        update(TARGET)
                        .where(TARGET.c.activity_id == act, TARGET.c.period_key == f"2026-Q{q}")
                        .values(value_min=t[0], value_max=t[1])
                    )
            for q, value in enumerate(case.reports, start=1):
                if value is not None:
                    w.report(act, f"2026-Q{q}", Rev(value, at, person))
        return CaseWorld(team)


def test_every_reading(engine: Engine, cases: CaseWorld) -> None:
    with session_scope(engine) as session:
        s = agg.period_summary(session, cases.team_id, "2026-Q2")
        rows = {r.activity_name: r for r in agg.activity_rows(session, cases.team_id, "2026-Q2")}
    by_org = {p.name: p for p in s.by_organization}
    for name, case in CASES.items():
        stated = case.targets[1]
        direction: Direction = "turun" if case.direction == "turun" else "naik"
        goal: Any = TargetRange(Decimal(stated[0]), Decimal(stated[1])) if isinstance(stated, tuple) else stated
        bound = (max(stated) if direction == "turun" else min(stated)) if isinstance(stated, tuple) else stated
        kind = KIND_OF_MEASURE[case.measure]
        value = value_at(kind, [None if r is None else Decimal(repr(r)) for r in case.reports])
        # the aggregates' own rule: nothing received is 0% against a positive target
        pct = (Decimal(0) if bound > 0 else None) if value is None else achievement(direction, goal, value).pct
        assert (float(pct) if pct is not None else None) == case.pct, name  # the hand figure is the domain's
        assert by_org[name].achievement == case.pct, name  # SQL: the organization's one activity, no cap
        assert by_org[name].rated == (case.pct is not None), name
        assert by_org[name].turun == (case.direction == "turun"), name
        row = rows[name]
        assert (row.achievement, row.met) == (case.pct, case.met), name  # the sheet's rows
        shown = float(value) if value is not None else (0.0 if direction == "naik" else None)
        assert row.realised == shown, name
    # The team's mean leaves the zero targets (and the range whose bound is 0) out, and is not capped.
    rated = [c.pct for c in CASES.values() if c.pct is not None]
    assert s.total.rated == len(rated)
    assert s.total.achievement == pytest.approx(sum(rated) / len(rated), abs=0.01)
