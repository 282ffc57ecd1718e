"""A province over its regencies (issue 15): the roll-up, who has not reported, and shared indicators, by hand.

The world (``build_province``), quarterly 2026, Q1; default thresholds (91/76/66/51), deadline 10 working days:

PROV (parent, no plan of its own, children_deadline_working_days 10: Q1's deadline is 2026-04-15 — April 3 is Good
Friday) over KAB-A, KAB-B and KAB-C; PROV2 over KAB-X (another province: never in PROV's figures).

| team  | act | org    | measure    | ceiling | Q1 target / phys | shared | Q1 report                                  |
| KAB-A | A1  | A-DIS  | per_period | 100     | 10 / 50          | KUR    | 8, budget 40, physical 40, on time         |
| KAB-A | A2  | A-BANK | per_period | 300     | 20 / 25          | KUR    | –                                          |
| KAB-A | A3  | A-DIS  | level      | –       | 90               | MISKIN | 90, on time                                |
| KAB-B | B1  | B-DIS  | per_period | 200     | 5                | KUR    | 10, budget 100, late                       |
| KAB-B | B2  | B-DIS  | level      | –       | 80               | MISKIN | 60, on time                                |
| KAB-B | B3  | B-BPS  | level      | –       | 80               | MISKIN | 70, on time                                |
| KAB-X | X1  | X-DIS  | per_period | 100     | 10               | KUR    | 1000                                       |

KAB-B caps achievement at 120 and rates by traffic light; KAB-C has no activities.

- KAB-A: achievements 80, 0, 100 → mean 60 (rendah); expected 3, received 2 (66.67%), on time 2; budget 40 of 400
  (10%); physical planned (100·50 + 300·25)/400 = 31.25, actual (100·40 + 300·0)/400 = 10. Missing: A-BANK (1 of 1).
- KAB-B: 200 capped at 120, 75, 87.5 → mean 94.17 (kuning: under 100, gap under 25); expected 3, received 3, on time 2; budget 100 of 200.
- KAB-C: nothing expected: no mean, no completeness; ranked last.
- Rank: KAB-B, KAB-A, KAB-C.
- Closings: KAB-A at 2026-04-15 16:00 UTC (23:00 WIB on the 15th: on time); KAB-B at 2026-04-15 18:00 UTC (01:00 WIB
  on the 16th: late); KAB-C closed and reopened (not closed).
- KUR (per_period): KAB-A 8 (1 of 2 reporting; target 30), KAB-B 10 (target 5); PROV total 18, target 35.
- MISKIN (level): KAB-A 90, KAB-B mean(60, 70) = 65; PROV mean over the three reporting activities (90 + 60 + 70)/3
  = 73.33 (the plain mean of the children's means would be 77.5); target (90 + 80 + 80)/3 = 83.33.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage import aggregates as agg
from storage.db import session_scope
from storage.models import PeriodClosing, TeamOrganization
from tests.worlds import Rev, WorldBuilder

T0 = datetime(2026, 1, 5, tzinfo=UTC)
Q1 = "2026-Q1"


@dataclass
class Province:
    team: dict[str, int]
    org: dict[str, int]
    activity: dict[str, int]
    person: dict[str, int]


def _at(month: int, day: int, hour: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def build_province(session: Session) -> Province:
    """The world of the module docstring (people: telegram ids 7001… for the e2e tests)."""
    w = WorldBuilder(session, T0)
    prov = w.team("PROV", "TPAKD Provinsi Uji", region="Provinsi Uji")
    prov2 = w.team("PROV2", "TPAKD Provinsi Lain", region="Provinsi Lain")
    team = {
        "PROV": prov,
        "PROV2": prov2,
        "KAB-A": w.team("KAB-A", "TPAKD Kabupaten A", parent_id=prov),
        "KAB-B": w.team("KAB-B", "TPAKD Kabupaten B", parent_id=prov, achievement_cap=120, rating_scale="lampu"),
        "KAB-C": w.team("KAB-C", "TPAKD Kabupaten C", parent_id=prov),
        "KAB-X": w.team("KAB-X", "TPAKD Kabupaten X", parent_id=prov2),
    }
    org = {
        "A-DIS": w.org(team["KAB-A"], "A-DIS", "Dinas Koperasi A"),
        "A-BANK": w.org(team["KAB-A"], "A-BANK", "Bank Daerah A", kind="bank"),
        "B-DIS": w.org(team["KAB-B"], "B-DIS", "Dinas Koperasi B"),
        "B-BPS": w.org(team["KAB-B"], "B-BPS", "BPS B"),
        "X-DIS": w.org(team["KAB-X"], "X-DIS", "Dinas Koperasi X"),
    }
    prog = {t: w.program(team[t], "P1", f"Program {t}", position=1) for t in ("KAB-A", "KAB-B", "KAB-X")}
    spec = [
        ("A1", "KAB-A", "A-DIS", "per_period", 100, (10, 50), "KUR"),
        ("A2", "KAB-A", "A-BANK", "per_period", 300, (20, 25), "KUR"),
        ("A3", "KAB-A", "A-DIS", "level", None, (90, None), "MISKIN"),
        ("B1", "KAB-B", "B-DIS", "per_period", 200, (5, None), "KUR"),
        ("B2", "KAB-B", "B-DIS", "level", None, (80, None), "MISKIN"),
        ("B3", "KAB-B", "B-BPS", "level", None, (80, None), "MISKIN"),
        ("X1", "KAB-X", "X-DIS", "per_period", 100, (10, None), "KUR"),
    ]
    activity = {
        code: w.activity(
            prog[t],
            org[o],
            code,
            f"Kegiatan {code}",
            indicator="Penyaluran KUR" if shared == "KUR" else "Persentase penduduk miskin",
            unit="debitur" if shared == "KUR" else "%",
            budget_ceiling=ceiling,
            measure=measure,
            position=pos,
            shared_code=shared,
            targets={Q1: target},
        )
        for pos, (code, t, o, measure, ceiling, target, shared) in enumerate(spec)
    }
    person = {
        "gub": w.person(7001, "Sekretariat Provinsi", team["PROV"], "secretariat"),
        "ketua": w.person(7002, "Ketua Provinsi", team["PROV"], "chair"),
        "lihat": w.person(7003, "Pemantau Provinsi", team["PROV"], "viewer"),
        "seka": w.person(7011, "Sekretariat A", team["KAB-A"], "secretariat"),
        "fpa": w.person(7012, "Fokal A", team["KAB-A"], "focal_point", org["A-DIS"]),
        "sekb": w.person(7021, "Sekretariat B", team["KAB-B"], "secretariat"),
        "gub2": w.person(7091, "Sekretariat Provinsi Lain", team["PROV2"], "secretariat"),
    }
    by = person["fpa"]
    w.report(activity["A1"], Q1, Rev(8, _at(4, 2), by, budget=40, physical=40))
    w.report(activity["A3"], Q1, Rev(90, _at(4, 2), by))
    w.report(activity["B1"], Q1, Rev(10, _at(4, 30), by, budget=100), on_time=False)
    w.report(activity["B2"], Q1, Rev(60, _at(4, 2), by))
    w.report(activity["B3"], Q1, Rev(70, _at(4, 2), by))
    w.report(activity["X1"], Q1, Rev(1000, _at(4, 2), by))
    session.add(PeriodClosing(team_id=team["KAB-A"], period_key=Q1, closed_at=_at(4, 15, 16), closed_by=person["seka"]))
    session.add(PeriodClosing(team_id=team["KAB-B"], period_key=Q1, closed_at=_at(4, 15, 18), automatic=True))
    session.add(
        PeriodClosing(
            team_id=team["KAB-C"], period_key=Q1, closed_at=_at(4, 10), reopened_at=_at(4, 11), reopened_by=by
        )
    )
    session.flush()
    return Province(team, org, activity, person)


@pytest.fixture
def province(engine: Engine) -> Province:
    with session_scope(engine) as session:
        return build_province(session)


def test_rollup_by_hand(engine: Engine, province: Province) -> None:
    with session_scope(engine) as session:
        r = agg.rollup(session, province.team["PROV"], Q1)
    assert r.parent.code == "PROV"
    assert r.deadline == date(2026, 4, 15)
    assert [c.code for c in r.children] == ["KAB-B", "KAB-A", "KAB-C"]
    assert [c.rank for c in r.children] == [1, 2, 3]
    b, a, c = r.children
    assert (a.progress.expected, a.progress.received, a.progress.on_time) == (3, 2, 2)
    assert a.progress.completeness == pytest.approx(200 / 3)
    assert a.progress.achievement == 60.0
    assert a.progress.predikat == "rendah"
    assert a.progress.light is None
    assert (a.progress.budget_spent, a.progress.budget_ceiling) == (40, 400)
    assert a.progress.budget_pct == 10.0
    assert (a.progress.physical_planned, a.progress.physical_actual) == (31.25, 10.0)
    assert (b.progress.expected, b.progress.received, b.progress.on_time) == (3, 3, 2)
    assert b.progress.achievement == 94.17  # B1's 200% capped at KAB-B's 120
    assert b.progress.light == "kuning"  # under 100, the gap (5.83) under the yellow limit (25)
    assert (b.progress.budget_spent, b.progress.budget_ceiling) == (100, 200)
    assert c.progress.expected == 0
    assert c.progress.achievement is None and c.progress.completeness is None
    assert a.closed and a.closed_on_time is True and not a.closed_automatically
    assert b.closed and b.closed_on_time is False and b.closed_automatically
    assert not c.closed and c.closed_on_time is None  # reopened
    assert (r.closed, r.closed_on_time) == (2, 1)


def test_rollup_is_each_childs_own_recap(engine: Engine, province: Province) -> None:
    """The roll-up's figures of a child are its period summary's total, field for field (one statement for all)."""
    with session_scope(engine) as session:
        r = agg.rollup(session, province.team["PROV"], Q1)
        for child in r.children:
            own = agg.period_summary(session, child.team.id, Q1).total
            assert child.progress == dataclasses.replace(own, id=child.team.id)


def test_rollup_of_another_province_and_of_a_leaf(engine: Engine, province: Province) -> None:
    with session_scope(engine) as session:
        other = agg.rollup(session, province.team["PROV2"], Q1)
        leaf = agg.rollup(session, province.team["KAB-A"], Q1)
        kids = agg.children(session, province.team["PROV"])
    assert [c.code for c in other.children] == ["KAB-X"]
    assert other.children[0].progress.achievement == 150.0  # 1000 of 10, capped at KAB-X's default 150
    assert leaf.children == []
    assert [k.code for k in kids] == ["KAB-A", "KAB-B", "KAB-C"]


def test_missing_organizations(engine: Engine, province: Province) -> None:
    with session_scope(engine) as session:
        missing = agg.missing_organizations(session, province.team["PROV"], Q1)
        w = WorldBuilder(session, T0)
        w.exemption(province.team["KAB-A"], province.org["A-BANK"], Q1, "merger")
        after = agg.missing_organizations(session, province.team["PROV"], Q1)
    assert list(missing) == [province.team["KAB-A"]]
    (bank,) = missing[province.team["KAB-A"]]
    assert (bank.code, bank.expected, bank.received, bank.missing, bank.returned) == ("A-BANK", 1, 0, 1, 0)
    assert after == {}


def test_shared_counts_are_summed(engine: Engine, province: Province) -> None:
    with session_scope(engine) as session:
        kur = agg.shared_indicator(session, province.team["PROV"], "kur", Q1)
    assert kur is not None
    assert (kur.code, kur.measure, kur.unit, kur.is_mean) == ("KUR", "per_period", "debitur", False)
    assert [(v.code, v.value, v.reporting, v.activities, v.target) for v in kur.children] == [
        ("KAB-A", 8.0, 1, 2, 30.0),
        ("KAB-B", 10.0, 1, 1, 5.0),
    ]
    assert (kur.value, kur.target) == (18.0, 35.0)  # KAB-X's 1000 is another province's


def test_shared_levels_are_weighted_by_reporting_activities(engine: Engine, province: Province) -> None:
    with session_scope(engine) as session:
        miskin = agg.shared_indicator(session, province.team["PROV"], "MISKIN", Q1)
        codes = agg.shared_codes(session, province.team["PROV"])
        unknown = agg.shared_indicator(session, province.team["PROV"], "NOPE", Q1)
    assert miskin is not None and miskin.is_mean
    assert [(v.code, v.value) for v in miskin.children] == [("KAB-A", 90.0), ("KAB-B", 65.0)]
    assert miskin.value == pytest.approx(220 / 3)
    assert miskin.target == pytest.approx(250 / 3)
    assert [c for c, _ in codes] == ["KUR", "MISKIN"]
    assert unknown is None


def add_mixed_codes(session: Session, province: Province) -> None:
    """Two more shared codes: CAMPUR (written "Campur") over activities of two measures, the first without a unit or
    an indicator's wording; SERI, one level and one cumulative activity (a tie between the measures)."""
    w = WorldBuilder(session, T0)
    a, b = province.team["KAB-A"], province.team["KAB-B"]
    pa, pb = (w.program(team, "P8", "Program Campur", position=8) for team in (a, b))
    by = province.person["fpa"]
    spec = [
        # code, program, org, position, measure, unit, indicator, Q1 target, Q1 value, shared code
        ("C1", pa, "A-DIS", 1, "level", "", "", 60, 50, "Campur"),
        ("C2", pa, "A-BANK", 2, "per_period", "orang", "Peserta", 10, 7, "Campur"),
        ("C3", pb, "B-DIS", 1, "per_period", "jiwa", "Peserta B", None, 5, "Campur"),
        ("S1", pa, "A-DIS", 3, "level", "%", "Seri", 40, 40, "SERI"),
        ("S2", pb, "B-DIS", 2, "cumulative", "%", "Seri", 20, 30, "SERI"),
    ]
    for code, program, org, pos, measure, unit, indicator, target, value, shared in spec:
        act = w.activity(
            program,
            province.org[org],
            code,
            f"Kegiatan {code}",
            indicator=indicator,
            unit=unit,
            measure=measure,
            position=pos,
            shared_code=shared,
            targets={Q1: target} if target is not None else {},
        )
        w.report(act, Q1, Rev(value, _at(4, 2), by))
    session.flush()


def test_shared_indicator_of_mixed_measures_and_missing_units(engine: Engine, province: Province) -> None:
    """The most common measure decides how every child's values are combined (a tie: the first alphabetically);
    the wording and the code as written are the first child's first activity's, the unit the first one given."""
    with session_scope(engine) as session:
        add_mixed_codes(session, province)
    with session_scope(engine) as session:
        campur = agg.shared_indicator(session, province.team["PROV"], "campur", Q1)
        seri = agg.shared_indicator(session, province.team["PROV"], "SERI", Q1)
    assert campur is not None and seri is not None
    assert (campur.code, campur.indicator, campur.unit, campur.measure) == (
        "Campur",
        "Kegiatan C1",
        "orang",
        "per_period",
    )
    assert [(v.code, v.activities, v.reporting, v.value, v.targeted, v.target) for v in campur.children] == [
        ("KAB-A", 2, 2, 57.0, 2, 70.0),
        ("KAB-B", 1, 1, 5.0, 0, None),
    ]
    assert (campur.value, campur.target) == (62.0, 70.0)
    assert (seri.measure, seri.value, seri.target) == ("cumulative", 70.0, 60.0)


def test_level_carried_forward_into_the_next_period(engine: Engine, province: Province) -> None:
    """Q2 without reports: a level stays what it was last measured at, a per-period count has nothing."""
    with session_scope(engine) as session:
        miskin = agg.shared_indicator(session, province.team["PROV"], "MISKIN", "2026-Q2")
        kur = agg.shared_indicator(session, province.team["PROV"], "KUR", "2026-Q2")
    assert miskin is not None and kur is not None
    assert miskin.value == pytest.approx(220 / 3)
    assert kur.value is None and all(v.value is None for v in kur.children)


def test_an_exemption_in_one_regency_does_not_excuse_the_organization_in_another(
    engine: Engine, province: Province
) -> None:
    """OJK sits in two regencies and reported in neither; excused in KAB-A only, it is still missing in KAB-B."""
    with session_scope(engine) as session:
        w = WorldBuilder(session, T0)
        ojk = w.org(province.team["KAB-A"], "OJK", "OJK Provinsi")
        w.session.add(TeamOrganization(team_id=province.team["KAB-B"], organization_id=ojk))
        for team in ("KAB-A", "KAB-B"):
            program = w.program(province.team[team], "P9", f"Literasi {team}", position=9)
            w.activity(program, ojk, f"L-{team}", "Edukasi literasi", targets={Q1: 5})
        w.exemption(province.team["KAB-A"], ojk, Q1, "tidak ada kegiatan")
        missing = agg.missing_organizations(session, province.team["PROV"], Q1)
    assert "OJK" not in [m.code for m in missing.get(province.team["KAB-A"], [])]
    assert [m.code for m in missing[province.team["KAB-B"]]] == ["OJK"]
