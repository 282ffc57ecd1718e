"""A small plan for the report tests: one quarterly team (2026, deadline 10 working days, lock 30 days), two
organizations, two programs, three activities of DISKOP (per period, cumulative, with a budget ceiling) and one
of DISDIK, targets for every quarter, and people with roles.

Q1 2026 ends 31 March; its deadline is 15 April and it locks after 15 May (domain.calendar).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session

from storage.models import Activity, Organization, Person, Program, Target, Team, TeamOrganization
from storage.people import grant_role, upsert_person

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
    team = Team(code="TPAKD-DS", name="TPAKD Deli Serdang", year=2026, period_kind="quarter")
    session.add(team)
    diskop = Organization(code="DISKOP", name="Dinas Koperasi dan UKM")
    disdik = Organization(code="DISDIK", name="Dinas Pendidikan")
    session.add_all([diskop, disdik])
    session.flush()
    assert team.id and diskop.id and disdik.id
    session.add_all(
        [
            TeamOrganization(team_id=team.id, organization_id=diskop.id),
            TeamOrganization(team_id=team.id, organization_id=disdik.id),
        ]
    )
    go_digital = Program(team_id=team.id, code="P1", name="UMKM Go Digital", position=1)
    naik_kelas = Program(team_id=team.id, code="P2", name="UMKM Naik Kelas", position=2)
    session.add_all([go_digital, naik_kelas])
    session.flush()
    assert go_digital.id and naik_kelas.id
    pp = Activity(
        program_id=go_digital.id,
        organization_id=diskop.id,
        code="K1",
        name="Onboarding UMKM ke marketplace",
        indicator="UMKM onboarded",
        unit="UMKM",
        budget_ceiling=10_000_000,
        measure="per_period",
        position=1,
    )
    cum = Activity(
        program_id=go_digital.id,
        organization_id=diskop.id,
        code="K2",
        name="Pelatihan pemasaran digital",
        indicator="peserta terlatih",
        unit="orang",
        measure="cumulative",
        position=2,
    )
    other = Activity(
        program_id=naik_kelas.id,
        organization_id=diskop.id,
        code="K3",
        name="Sertifikasi halal <UMKM>",
        unit="sertifikat",
        position=1,
    )
    disdik_act = Activity(
        program_id=naik_kelas.id,
        organization_id=disdik.id,
        code="K4",
        name="Rekening pelajar",
        unit="rekening",
        position=2,
    )
    session.add_all([pp, cum, other, disdik_act])
    session.flush()
    assert pp.id and cum.id and other.id and disdik_act.id
    for q in range(1, 5):
        key = f"2026-Q{q}"
        session.add(Target(activity_id=pp.id, period_key=key, value=100, planned_physical=25.0 * q))
        session.add(Target(activity_id=cum.id, period_key=key, value=10.0 * q))
        session.add(Target(activity_id=other.id, period_key=key, value=5))
        session.add(Target(activity_id=disdik_act.id, period_key=key, value=50))
    session.flush()

    def person(tid: int, name: str, role: str, org: Organization | None) -> int:
        p: Person = upsert_person(session, tid, name, now, private_chat=True)
        grant_role(session, p, team, role, org, now)
        assert p.id
        return p.id

    focal = person(1001, "Budi Santoso", "focal_point", diskop)
    focal2 = person(1002, "Siti Aminah", "focal_point", diskop)
    focal_disdik = person(1003, "Andi", "focal_point", disdik)
    secretariat = person(1004, "Rina Bappeda", "secretariat", None)
    for i in range(extra_focal_points):
        person(2000 + i, f"Operator {i}", "focal_point", diskop)
    return Plan(
        team.id, diskop.id, disdik.id, pp.id, cum.id, other.id, disdik_act.id, focal, focal2, focal_disdik, secretariat
    )


def seed_many(session: Session, plan: Plan, n: int, now: datetime = T0) -> list[tuple[int, int]]:
    """``n`` more organizations of the team, each with one activity (target 100 per quarter) and one focal point
    (telegram ids 5000…); returns (person id, activity id) pairs."""
    team = session.get(Team, plan.team_id)
    assert team is not None
    program = Program(team_id=plan.team_id, code="PX", name="Program massal", position=9)
    session.add(program)
    session.flush()
    assert program.id
    pairs: list[tuple[int, int]] = []
    for i in range(n):
        org = Organization(code=f"OPD{i:03d}", name=f"OPD nomor {i}")
        session.add(org)
        session.flush()
        assert org.id
        session.add(TeamOrganization(team_id=plan.team_id, organization_id=org.id))
        act = Activity(
            program_id=program.id, organization_id=org.id, code=f"M{i:03d}", name=f"Kegiatan {i}", unit="unit"
        )
        session.add(act)
        session.flush()
        assert act.id
        for q in range(1, 5):
            session.add(Target(activity_id=act.id, period_key=f"2026-Q{q}", value=100))
        p = upsert_person(session, 5000 + i, f"Pejabat {i}", now, private_chat=True)
        grant_role(session, p, team, "focal_point", org, now)
        assert p.id
        pairs.append((p.id, act.id))
    session.flush()
    return pairs
