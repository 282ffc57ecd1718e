"""The Kalimantan Tengah example province (issue 15, "hand-computed roll-up figures on the example province").

The plans are the example files as they are: ``examples/tpakd-kalteng-2026.yaml`` (TPAKD-KALTENG, the parent, a small
plan of its own) and the five regencies of ``examples/kalteng/``, imported as ``pantau plan import`` does. Every
regency keeps the plan defaults: thresholds 91/76/66/51 (Permendagri 86/2017), achievement capped at 150%, predikat
(not traffic lights). On top of them, Triwulan I 2026 reports for three regencies (values chosen so the figures can
be checked by hand), an exemption, a returned report, two closings and three level measurements in Triwulan II.

**The parent's deadline** for 2026-Q1: 10 working days after 31 March: 1, 2 April (3 April is Good Friday), 6–10,
13–15 April → **15 April 2026**. The regencies' agencies have 5 working days (8 April): "late" below is
``Report.on_time`` false.

**Expected in Q1** = activities with a Q1 target whose organization is not excused (the levels of INKLUSI-INDEKS have
targets in Q2 and Q4 only, so they are expected in no regency in Q1; Gunung Mas's KLS-03 and Pulang Pisau's KLS-02
and KLS-03 neither).

TPAKD-LAMANDAU (6 expected; ceilings: KUR-03 150 jt, SIMPEL-02 60 jt)

| act       | org                    | kind        | Q1 target / phys | report (verified)                  | achievement |
| KUR-01    | BANKKALTENG-NANGABULIK | KUR-UMKM    | 40               | 40                                 | 100         |
| KUR-02    | BRI-NANGABULIK         | KUR-UMKM    | 80               | 200                                | 250 → 150   |
| KUR-03    | DISKOPUKM-LAMANDAU     |             | 30 / 20          | 15, budget 42 jt, physical 14      | 50          |
| SIMPEL-01 | BANKKALTENG-NANGABULIK | cumulative  | 500              | 400 (running total), **late**      | 80          |
| SIMPEL-02 | DISDIK-LAMANDAU        |             | 10 / 25          | 10, budget 21 jt, physical 35      | 100         |
| LIK-01    | OJK-KALTENG            |             | 150              | – (missing)                        | 0           |

- completeness 5/6 = 83.3%; on time 4/6 = 66.7%;
- achievement (100 + 150 + 50 + 80 + 100 + 0) / 6 = 480 / 6 = **80** → tinggi (76–90): KUR-02's 250% counts 150;
- budget (42 + 21) jt of (150 + 60) jt = 63 / 210 = **30%**;
- physical planned (150·20 + 60·25) / 210 = 4500 / 210 = 21.43, actual (150·14 + 60·35) / 210 = 4200 / 210 = **20**;
- closed with ``close_period`` at 2026-04-15 18:00 UTC = **01:00 WIB on 16 April: late** (the UTC date is still the
  15th: the day counts in the parent's zone).

TPAKD-MURA (OJK-KALTENG excused for Q1 in Murung Raya only, so LIK-01 is not expected: 5 expected; ceiling SIMPEL-02
50 jt)

| act       | org                   | kind         | Q1 target / phys | report (verified)           | achievement               |
| KUR-01    | BANKKALTENG-PURUKCAHU | KUR-UMKM     | 30               | 30                          | 100                       |
| KUR-02    | BRI-PURUKCAHU         | KUR-UMKM     | 50               | 40                          | 80                        |
| SIMPEL-01 | BANKKALTENG-PURUKCAHU | cumulative   | 250              | 250                         | 100                       |
| SIMPEL-02 | DISDIK-MURA           |              | 8 / 30           | 6, budget 10 jt, physical 30 | 75                       |
| LIK-02    | DISKOPUKM-MURA        | **turun**    | 12               | 9 complaints                | (12 − (9 − 12)) / 12 = 125 |

- completeness 5/5 = 100%; on time 5/5;
- achievement (100 + 80 + 100 + 75 + 125) / 5 = 480 / 5 = **96** → sangat tinggi (≥ 91);
- budget 10 / 50 jt = 20%; physical 30 of planned 30;
- closed at 2026-04-15 02:00 UTC = 09:00 WIB on 15 April: **on time**.

TPAKD-GUMAS (6 expected; ceilings KLS-01 200 jt, KLS-02 120 jt, KUR-02 80 jt; not closed)

| act    | org                    | kind            | Q1 target / phys | report                                  | achievement |
| KLS-01 | DPMD-GUMAS             | cumulative      | 2 / 15           | 1, budget 20 jt, physical 10            | 50          |
| KLS-02 | DISTAN-GUMAS           |                 | 50 / 20          | 50, budget 20 jt, physical 20, **late** | 100         |
| KUR-01 | BANKKALTENG-KUALAKURUN | KUR-UMKM        | 25               | 20                                      | 80          |
| KUR-02 | DISKOPUKM-GUMAS        |                 | 40 / 25          | 40, budget 10 jt, physical 25, **returned** | 0       |
| LIK-01 | OJK-KALTENG            |                 | 100              | 120                                     | 120         |
| LIK-02 | BANKKALTENG-KUALAKURUN | SIMPEL (cumul.) | 300              | – (missing)                             | 0           |

- received 4/6 = 66.7% (the returned report waits for a correction: not received); on time 3/6 = 50%;
- achievement (50 + 100 + 80 + 0 + 120 + 0) / 6 = 350 / 6 = **58.33** → rendah (51–65);
- budget 40 jt of 400 jt = 10% (the returned report's 10 jt does not count); physical planned (200·15 + 120·20 +
  80·25) / 400 = 7400 / 400 = 18.5, actual (200·10 + 120·20 + 80·0) / 400 = 4400 / 400 = **11**;
- its secretariat's ``/tutup`` is refused while the four received reports wait for verification.

TPAKD-BARTIM (6 expected) and TPAKD-PULPIS (5 expected): nothing reported: completeness 0%, every expected activity
0% against its positive target → achievement 0 (sangat rendah).

**Rank**: by achievement, then completeness, then code: 1 MURA (96), 2 LAMANDAU (80), 3 GUMAS (58.33), 4 BARTIM and
5 PULPIS (both 0 and 0%: by code). Closed 2 of 5, 1 on time. Marks: ✅ MURA, ⚠️ LAMANDAU, ⏳ the others.

**Missing organizations** (most missing first, then by code): LAMANDAU: OJK-KALTENG 1 of 1 (excused in Murung Raya,
not here). MURA: none (absent). GUMAS: BANKKALTENG-KUALAKURUN 1 of 2, DISKOPUKM-GUMAS 1 of 1 (1 returned). BARTIM:
BANKKALTENG-TAMIANGLAYANG 2 of 2 (KUR-01, SIMPEL-01), then BPR-BARTIM, DISDIK-BARTIM, DISKOMINFO-BARTIM, OJK-KALTENG
1 each. PULPIS: BANKKALTENG-PULPIS (LIK-02; KLS-03 has no Q1 target), BRI-PULPIS, DISKOPUKM-PULPIS, DPMD-PULPIS,
OJK-KALTENG, 1 each.

**KUR-UMKM** (per period: a total), Q1: BARTIM – (0 of 1 reporting; target 35), GUMAS 20 (1/1; 25), LAMANDAU 40 + 200
= 240 (2/2; 40 + 80 = 120), MURA 30 + 40 = 70 (2/2; 30 + 50 = 80), PULPIS – (0 of 2: KLS-03 and KUR-01; target 60,
KLS-03 has none in Q1). Province: 240 + 20 + 70 = **330** debitur against 35 + 25 + 120 + 80 + 60 = **320**.

**INKLUSI-INDEKS** (a level), measured in Q2 (reports of 3 July): LAMANDAU 79, GUMAS 72, MURA 68 (one activity each);
BARTIM and PULPIS not measured. Province: the mean over the reporting activities (79 + 72 + 68) / 3 = 219 / 3 =
**73** persen (BARTIM and PULPIS weigh nothing; counting them as 0 would give 43.8); target over the activities with
a Q2 target, every regency's: (78 + 74 + 70 + 76 + 72) / 5 = 370 / 5 = **74**. In Q1 nothing is measured (no value,
no target); in Q3 the levels are carried forward (still 73), with no Q3 target.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from planfile.read import load_plan
from progress import province as views
from storage import aggregates as agg
from storage.closing import ClosingError, close_period
from storage.db import session_scope
from storage.exemptions import exempt
from storage.models import Activity, Organization, Program, Team
from storage.plan_versions import apply_change, prepare_change
from storage.verification import return_report, verification_queue, verify_report
from tests.plan.conftest import EXAMPLES
from tests.worlds import Rev, WorldBuilder
from texts import t

PROVINCE = EXAMPLES / "tpakd-kalteng-2026.yaml"
REGENCY_FILES = sorted((EXAMPLES / "kalteng").glob("*.yaml"))
PARENT = "TPAKD-KALTENG"
LAMANDAU, GUMAS, MURA, BARTIM, PULPIS = (
    "TPAKD-LAMANDAU",
    "TPAKD-GUMAS",
    "TPAKD-MURA",
    "TPAKD-BARTIM",
    "TPAKD-PULPIS",
)
Q1, Q2, Q3 = "2026-Q1", "2026-Q2", "2026-Q3"
T0 = datetime(2026, 1, 5, tzinfo=UTC)
NOW = datetime(2026, 7, 20, 3, 0, tzinfo=UTC)  # when the chair reads the views
JT = 1_000_000


def _at(month: int, day: int, hour: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


ON_TIME, LATE = _at(4, 6), _at(4, 10)  # the agencies' Q1 deadline is 8 April


@dataclass(frozen=True)
class Kalteng:
    team: dict[str, int]  # by code
    name: dict[str, str]  # team name by code
    activity: dict[tuple[str, str], int]  # (team code, activity code)


def _activities(session: Session) -> dict[tuple[str, str], int]:
    rows = session.exec(
        select(Team.code, Activity.code, Activity.id)
        .join(Program, col(Program.team_id) == col(Team.id))
        .join(Activity, col(Activity.program_id) == col(Program.id))
    ).all()
    return {(team, act): int(aid or 0) for team, act, aid in rows}


def _verify_q1(session: Session, team_id: int, by: int, now: datetime) -> int:
    """The secretariat verifies the team's Q1 reports (its Q2 measurement may wait); how many."""
    items, _ = verification_queue(session, [team_id], limit=100)
    q1 = [item for item in items if item.period_key == Q1]
    for item in q1:
        verify_report(session, item.report_id, item.revision_id, by, now)
    return len(q1)


def build_kalteng(engine: Engine) -> Kalteng:
    """The world of the module docstring."""
    with session_scope(engine) as session:
        for path in [PROVINCE, *REGENCY_FILES]:  # the province first, as pantau plan import requires
            apply_change(session, prepare_change(session, load_plan(path)), now=T0, author="test")
    with session_scope(engine) as session:
        teams = {tm.code: tm for tm in session.exec(select(Team)).all()}
        team = {code: int(tm.id or 0) for code, tm in teams.items()}
        act = _activities(session)
        org = {o.code: int(o.id or 0) for o in session.exec(select(Organization)).all()}
        w = WorldBuilder(session, T0)
        sec = {
            code: w.person(8000 + i, f"Sekretariat {code}", team[code], "secretariat") for i, code in enumerate(team)
        }
        fp = {
            LAMANDAU: w.person(8101, "Fokal Lamandau", team[LAMANDAU], "focal_point", org["DISKOPUKM-LAMANDAU"]),
            MURA: w.person(8102, "Fokal Murung Raya", team[MURA], "focal_point", org["DISKOPUKM-MURA"]),
            GUMAS: w.person(8103, "Fokal Gunung Mas", team[GUMAS], "focal_point", org["DISKOPUKM-GUMAS"]),
        }

        def report(code: str, activity: str, value: float, *, late: bool = False, **answers: float) -> int:
            budget = answers.get("budget")
            rev = Rev(
                value,
                LATE if late else ON_TIME,
                fp[code],
                budget=int(budget * JT) if budget is not None else None,
                physical=answers.get("physical"),
            )
            return w.report(act[(code, activity)], Q1, rev, on_time=not late)

        report(LAMANDAU, "KUR-01", 40)
        report(LAMANDAU, "KUR-02", 200)  # 250%: counts 150 (the default cap)
        report(LAMANDAU, "KUR-03", 15, budget=42, physical=14)
        report(LAMANDAU, "SIMPEL-01", 400, late=True)  # a running total
        report(LAMANDAU, "SIMPEL-02", 10, budget=21, physical=35)
        # LIK-01 (OJK-KALTENG): missing

        exempt(session, teams[MURA], "OJK-KALTENG", "TW1", "Pergantian kepala kantor", sec[MURA], _at(3, 25))
        report(MURA, "KUR-01", 30)
        report(MURA, "KUR-02", 40)
        report(MURA, "SIMPEL-01", 250)
        report(MURA, "SIMPEL-02", 6, budget=10, physical=30)
        report(MURA, "LIK-02", 9)  # turun: 9 complaints against 12

        report(GUMAS, "KLS-01", 1, budget=20, physical=10)
        report(GUMAS, "KLS-02", 50, late=True, budget=20, physical=20)
        report(GUMAS, "KUR-01", 20)
        report(GUMAS, "KUR-02", 40, budget=10, physical=25)  # returned below
        report(GUMAS, "LIK-01", 120)
        # LIK-02 (SimPel at BANKKALTENG-KUALAKURUN): missing

        # INKLUSI-INDEKS, measured in Q2 (a level: no Q1 target anywhere)
        for code, activity, value in ((LAMANDAU, "LIK-02", 79), (GUMAS, "LIK-03", 72), (MURA, "LIK-03", 68)):
            w.report(act[(code, activity)], Q2, Rev(value, _at(7, 3), fp[code]))

        # verification, then the closings
        items, _ = verification_queue(session, [team[GUMAS]], limit=100)
        (kur02,) = [i for i in items if i.activity_code == "KUR-02"]
        return_report(session, kur02.report_id, kur02.revision_id, sec[GUMAS], "Lampirkan daftar UMKM", _at(4, 13))
        assert _verify_q1(session, team[LAMANDAU], sec[LAMANDAU], _at(4, 14)) == 5
        assert _verify_q1(session, team[MURA], sec[MURA], _at(4, 14)) == 5
        q1 = agg.team_info(session, team[PARENT]).periods[0]
        on_time = close_period(session, teams[MURA], q1, sec[MURA], _at(4, 15, 2))  # 09:00 WIB on the 15th
        late = close_period(session, teams[LAMANDAU], q1, sec[LAMANDAU], _at(4, 15, 18))  # 01:00 WIB on the 16th
        assert (on_time.parent_deadline, on_time.on_time, on_time.received, on_time.expected) == (
            date(2026, 4, 15),
            True,
            5,
            5,
        )
        assert (late.parent_deadline, late.on_time, late.received, late.expected) == (date(2026, 4, 15), False, 5, 6)
        with pytest.raises(ClosingError) as refused:  # Gunung Mas has not verified its four received reports
            close_period(session, teams[GUMAS], q1, sec[GUMAS], _at(4, 15, 2))
        assert (refused.value.key, refused.value.values["n"]) == ("closing.unverified", "4")
        return Kalteng(team, {code: tm.name for code, tm in teams.items()}, act)


@pytest.fixture
def kalteng(engine: Engine) -> Kalteng:
    return build_kalteng(engine)


# The world takes a few seconds to build on PostgreSQL: two tests stand on it, each checking several things.


def test_figures_by_hand(engine: Engine, kalteng: Kalteng) -> None:
    """The roll-up, the missing organizations and the shared indicators, as the module docstring computes them."""
    check_rollup(engine, kalteng)
    check_missing_organizations(engine, kalteng)
    check_shared_indicators(engine, kalteng)


def test_what_the_province_chair_reads(engine: Engine, kalteng: Kalteng) -> None:
    """/rekap, /belum and /indikator on the province, in Indonesian: the same figures as text."""
    check_rekap_text(engine, kalteng)
    check_belum_text(engine, kalteng)
    check_indikator_text(engine, kalteng)


# --- the roll-up ----------------------------------------------------------------------------------------------


def check_rollup(engine: Engine, kalteng: Kalteng) -> None:
    with session_scope(engine) as session:
        r = agg.rollup(session, kalteng.team[PARENT], Q1)
        own = {c.code: agg.period_summary(session, c.team.id, Q1).total for c in r.children}
    assert r.deadline == date(2026, 4, 15)  # 10 working days after 31 March, Good Friday (3 April) skipped
    assert [(c.rank, c.code) for c in r.children] == [(1, MURA), (2, LAMANDAU), (3, GUMAS), (4, BARTIM), (5, PULPIS)]
    by = {c.code: c for c in r.children}
    for c in r.children:  # the default rating: predikat by 91/76/66/51, cap 150
        assert (c.team.achievement_cap, c.team.lights) == (150.0, False)
        assert c.progress == replace(own[c.code], id=c.team.id)  # each regency's own /rekap says the same

    figures = {
        code: (
            p.expected,
            p.received,
            p.on_time,
            p.completeness,
            p.timeliness,
            p.achievement,
            p.predikat,
            p.budget_spent,
            p.budget_ceiling,
            p.budget_pct,
            p.physical_planned,
            p.physical_actual,
        )
        for code, p in ((code, c.progress) for code, c in by.items())
    }
    assert figures[MURA] == (5, 5, 5, 100.0, 100.0, 96.0, "sangat_tinggi", 10 * JT, 50 * JT, 20.0, 30.0, 30.0)
    lam = figures[LAMANDAU]
    assert lam[:3] == (6, 5, 4)
    assert lam[3] == pytest.approx(500 / 6) and lam[4] == pytest.approx(400 / 6)
    assert lam[5:10] == (80.0, "tinggi", 63 * JT, 210 * JT, 30.0)
    assert lam[10] == pytest.approx(4500 / 210, abs=0.005) and lam[11] == pytest.approx(20.0)
    gum = figures[GUMAS]
    assert gum[:3] == (6, 4, 3)
    assert gum[3] == pytest.approx(400 / 6) and gum[4] == pytest.approx(50.0)
    assert gum[5:10] == (58.33, "rendah", 40 * JT, 400 * JT, 10.0)
    assert (gum[10], gum[11]) == (pytest.approx(18.5), pytest.approx(11.0))
    for code, expected in ((BARTIM, 6), (PULPIS, 5)):
        p = by[code].progress
        assert (p.expected, p.received, p.on_time, p.completeness, p.achievement, p.predikat) == (
            expected,
            0,
            0,
            0.0,
            0.0,
            "sangat_rendah",
        )

    # the closings: Murung Raya on time, Lamandau late (01:00 WIB on the 16th), the others open
    marks = {c.code: (c.closed, c.closed_on_time, c.closed_automatically) for c in r.children}
    assert marks == {
        MURA: (True, True, False),
        LAMANDAU: (True, False, False),
        GUMAS: (False, None, False),
        BARTIM: (False, None, False),
        PULPIS: (False, None, False),
    }
    assert by[MURA].closed_at == _at(4, 15, 2) and by[LAMANDAU].closed_at == _at(4, 15, 18)
    assert (r.closed, r.closed_on_time) == (2, 1)


def check_missing_organizations(engine: Engine, kalteng: Kalteng) -> None:
    with session_scope(engine) as session:
        missing = agg.missing_organizations(session, kalteng.team[PARENT], Q1)
    code_of = {tid: code for code, tid in kalteng.team.items()}
    got = {
        code_of[tid]: [(o.code, o.missing, o.expected, o.received, o.returned) for o in orgs]
        for tid, orgs in missing.items()
    }
    assert got == {
        LAMANDAU: [("OJK-KALTENG", 1, 1, 0, 0)],  # OJK is excused in Murung Raya only
        GUMAS: [("BANKKALTENG-KUALAKURUN", 1, 2, 1, 0), ("DISKOPUKM-GUMAS", 1, 1, 0, 1)],
        BARTIM: [
            ("BANKKALTENG-TAMIANGLAYANG", 2, 2, 0, 0),
            ("BPR-BARTIM", 1, 1, 0, 0),
            ("DISDIK-BARTIM", 1, 1, 0, 0),
            ("DISKOMINFO-BARTIM", 1, 1, 0, 0),
            ("OJK-KALTENG", 1, 1, 0, 0),
        ],
        PULPIS: [
            ("BANKKALTENG-PULPIS", 1, 1, 0, 0),
            ("BRI-PULPIS", 1, 1, 0, 0),
            ("DISKOPUKM-PULPIS", 1, 1, 0, 0),
            ("DPMD-PULPIS", 1, 1, 0, 0),
            ("OJK-KALTENG", 1, 1, 0, 0),
        ],
    }


def check_shared_indicators(engine: Engine, kalteng: Kalteng) -> None:
    parent = kalteng.team[PARENT]
    with session_scope(engine) as session:
        kur = agg.shared_indicator(session, parent, "kur-umkm", Q1)
        inklusi = {key: agg.shared_indicator(session, parent, "INKLUSI-INDEKS", key) for key in (Q1, Q2, Q3)}
        codes = agg.shared_codes(session, parent)
    assert [c for c, _ in codes] == [
        "INKLUSI-INDEKS",
        "KLASTER-BUMDES",
        "KUR-UMKM",
        "LITERASI-PESERTA",
        "SIMPEL-REKENING",
    ]

    assert kur is not None
    assert (kur.code, kur.measure, kur.unit, kur.is_mean) == ("KUR-UMKM", "per_period", "debitur", False)
    assert [(v.code, v.value, v.reporting, v.activities, v.target, v.targeted) for v in kur.children] == [
        (BARTIM, None, 0, 1, 35.0, 1),
        (GUMAS, 20.0, 1, 1, 25.0, 1),
        (LAMANDAU, 240.0, 2, 2, 120.0, 2),
        (MURA, 70.0, 2, 2, 80.0, 2),
        (PULPIS, None, 0, 2, 60.0, 1),  # KLS-03 (KUR for shrimp farmers) has no Q1 target
    ]
    assert (kur.value, kur.target) == (330.0, 320.0)

    q1, q2, q3 = inklusi[Q1], inklusi[Q2], inklusi[Q3]
    assert q1 is not None and q2 is not None and q3 is not None
    assert (q2.measure, q2.unit, q2.is_mean) == ("level", "persen", True)
    assert [(v.code, v.value, v.reporting, v.target) for v in q2.children] == [
        (BARTIM, None, 0, 76.0),
        (GUMAS, 72.0, 1, 74.0),
        (LAMANDAU, 79.0, 1, 78.0),
        (MURA, 68.0, 1, 70.0),
        (PULPIS, None, 0, 72.0),
    ]
    assert (q2.value, q2.target) == (pytest.approx(73.0), pytest.approx(74.0))
    assert (q1.value, q1.target) == (None, None)  # measured from Q2 on; no Q1 target
    assert (q3.value, q3.target) == (pytest.approx(73.0), None)  # carried forward


# --- what the province chair reads ----------------------------------------------------------------------------


def check_rekap_text(engine: Engine, kalteng: Kalteng) -> None:
    with session_scope(engine) as session:
        view = views.load_parent_rekap(session, kalteng.team[PARENT], "TW1", NOW)
    assert view.own is not None  # the province's own plan follows its regencies
    text = "\n".join(views.parent_rekap_messages(view, "id"))
    name = {code: html.escape(n) for code, n in kalteng.name.items()}
    lines = [
        t("province.closing_line", "id", deadline="15 April 2026", closed=2, children=5, on_time=1),
        t(
            "province.child_line",
            "id",
            rank=1,
            mark="✅",
            code=MURA,
            name=name[MURA],
            received=5,
            expected=5,
            completeness="100%",
            timeliness="100%",
            achievement="96%",
            rating=" Sangat Tinggi",
        ),
        t(
            "province.child_line",
            "id",
            rank=2,
            mark="⚠️",
            code=LAMANDAU,
            name=name[LAMANDAU],
            received=5,
            expected=6,
            completeness="83,3%",
            timeliness="66,7%",
            achievement="80%",
            rating=" Tinggi",
        ),
        t("province.child_money", "id", spent="Rp 63 jt", ceiling="Rp 210 jt", pct="30%"),
        t("province.child_physical", "id", actual="20%", planned="21,4%"),
        t(
            "province.child_line",
            "id",
            rank=3,
            mark="⏳",
            code=GUMAS,
            name=name[GUMAS],
            received=4,
            expected=6,
            completeness="66,7%",
            timeliness="50%",
            achievement="58,33%",
            rating=" Rendah",
        ),
        t("province.child_money", "id", spent="Rp 40 jt", ceiling="Rp 400 jt", pct="10%"),
        t("province.child_physical", "id", actual="11%", planned="18,5%"),
    ]
    for line in lines:
        assert line in text, line
    # the ranking as the chair reads it, top to bottom
    order = [text.index(f"{rank}. ") for rank in range(1, 6)]
    assert order == sorted(order)
    assert f"5. ⏳ <b>{PULPIS}</b>" in text and f"4. ⏳ <b>{BARTIM}</b>" in text
    assert t("province.own_plan", "id", team=PARENT) in text


def check_belum_text(engine: Engine, kalteng: Kalteng) -> None:
    with session_scope(engine) as session:
        view = views.load_parent_belum(session, kalteng.team[PARENT], "TW1", NOW)
    text = "\n".join(views.parent_belum_messages(view, "id"))
    name = {code: html.escape(n) for code, n in kalteng.name.items()}
    assert (
        t("province.belum_title", "id", period="Triwulan I 2026", deadline="15 April 2026", open=3, children=5) in text
    )
    assert t("province.belum_child", "id", code=GUMAS, name=name[GUMAS], received=4, expected=6) in text
    returned = t("province.belum_org_returned", "id", returned=1)
    assert (
        t(
            "province.belum_org",
            "id",
            code="DISKOPUKM-GUMAS",
            name="Dinas Koperasi dan UKM Kabupaten Gunung Mas",
            missing=1,
            expected=1,
        )
        + returned
        in text
    )
    assert MURA not in text and LAMANDAU not in text  # closed


def check_indikator_text(engine: Engine, kalteng: Kalteng) -> None:
    parent = kalteng.team[PARENT]
    with session_scope(engine) as session:
        kur = views.indikator_messages(views.load_indikator(session, parent, "KUR-UMKM TW1", NOW), "id")
        inklusi = views.indikator_messages(views.load_indikator(session, parent, "INKLUSI-INDEKS TW2", NOW), "id")
    kur_text, inklusi_text = "\n".join(kur), "\n".join(inklusi)
    assert t("province.indikator_total", "id", value="330 debitur", target="320 debitur") in kur_text
    for code, value, target, reporting, activities in (
        (BARTIM, "–", "35 debitur", 0, 1),
        (LAMANDAU, "240 debitur", "120 debitur", 2, 2),
        (PULPIS, "–", "60 debitur", 0, 1),  # two KUR-UMKM activities, one with a Q1 target (KLS-03 starts in Q2)
    ):
        line = t(
            "province.indikator_child",
            "id",
            code=code,
            value=value,
            target=target,
            reporting=reporting,
            activities=activities,
        )
        assert line in kur_text, line
    assert t("province.indikator_mean", "id", value="73 persen", target="74 persen") in inklusi_text
    assert (
        t("province.indikator_child", "id", code=MURA, value="68 persen", target="70 persen", reporting=1, activities=1)
        in inklusi_text
    )
