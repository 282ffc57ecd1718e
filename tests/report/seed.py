"""A small plan for the report tests: one quarterly team (2026, deadline 10 working days, lock 30 days), two
organizations, two programs, three activities of DISKOP (per period, cumulative, with a budget ceiling) and one
of DISDIK, targets for every quarter, and people with roles.

Q1 2026 ends 31 March; its deadline is 15 April and it locks after 15 May (domain.calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from tests.worlds import WorldBuilder, each_period

T0 = datetime(2026, 4, 6, 3, 0, tzinfo=UTC)  # Monday 6 April 2026, 10:00 WIB: Q1 ended, before its deadline
AFTER_DEADLINE = datetime(2026, 4, 20, 3, 0, tzinfo=UTC)  # Q1 overdue, not locked
LOCKED = datetime(2026, 5, 20, 3, 0, tzinfo=UTC)  # Q1 locked; Q2 is the current period


@dataclass(frozen=True)
class Plan:
    team_id: int
    diskop_id: int
    disdik_id: int
    act_pp: int  # per period, target 100 per quarter, ceiling 10 juta
    act_cum: int  # cumulative, running-total targets 10/20/30/40 (by the end of each quarter)
    act_other: int  # second program, per period, no ceiling
    act_disdik: int  # another organization's
    focal: int  # person id, focal point of DISKOP (telegram 1001)
    focal2: int  # second DISKOP focal point (1002)
    focal_disdik: int  # DISDIK focal point (1003)
    secretariat: int  # (1004)


def seed_plan(session: Session, now: datetime = T0, *, extra_focal_points: int = 0) -> Plan:
    w = WorldBuilder(session, now)
    team = w.team("TPAKD-DS", "TPAKD Deli Serdang")
    diskop = w.org(team, "DISKOP", "Dinas Koperasi dan UKM")
    disdik = w.org(team, "DISDIK", "Dinas Pendidikan")
    go_digital = w.program(team, "P1", "UMKM Go Digital", position=1)
    naik_kelas = w.program(team, "P2", "UMKM Naik Kelas", position=2)
    pp = w.activity(
        go_digital,
        diskop,
        "K1",
        "Onboarding UMKM ke marketplace",
        indicator="UMKM onboarded",
        unit="UMKM",
        budget_ceiling=10_000_000,
        measure="per_period",
        position=1,
        targets={f"2026-Q{q}": (100, 25.0 * q) for q in range(1, 5)},
    )
    cum = w.activity(
        go_digital,
        diskop,
        "K2",
        "Pelatihan pemasaran digital",
        indicator="peserta terlatih",
        unit="orang",
        measure="cumulative",
        position=2,
        targets={f"2026-Q{q}": 10.0 * q for q in range(1, 5)},
    )
    other = w.activity(
        naik_kelas, diskop, "K3", "Sertifikasi halal <UMKM>", unit="sertifikat", position=1, targets=each_period(5)
    )
    disdik_act = w.activity(
        naik_kelas, disdik, "K4", "Rekening pelajar", unit="rekening", position=2, targets=each_period(50)
    )
    focal = w.person(1001, "Budi Santoso", team, "focal_point", diskop)
    focal2 = w.person(1002, "Siti Aminah", team, "focal_point", diskop)
    focal_disdik = w.person(1003, "Andi", team, "focal_point", disdik)
    secretariat = w.person(1004, "Rina Bappeda", team, "secretariat")
    for i in range(extra_focal_points):
        w.person(2000 + i, f"Operator {i}", team, "focal_point", diskop)
    return Plan(team, diskop, disdik, pp, cum, other, disdik_act, focal, focal2, focal_disdik, secretariat)


def seed_many(session: Session, plan: Plan, n: int, now: datetime = T0) -> list[tuple[int, int]]:
    """``n`` more organizations of the team, each with one activity (target 100 per quarter) and one focal point
    (telegram ids 5000…); returns (person id, activity id) pairs."""
    w = WorldBuilder(session, now)
    program = w.program(plan.team_id, "PX", "Program massal", position=9)
    pairs: list[tuple[int, int]] = []
    for i in range(n):
        org = w.org(plan.team_id, f"OPD{i:03d}", f"OPD nomor {i}")
        act = w.activity(program, org, f"M{i:03d}", f"Kegiatan {i}", unit="unit", targets=each_period(100))
        pairs.append((w.person(5000 + i, f"Pejabat {i}", plan.team_id, "focal_point", org), act))
    return pairs
