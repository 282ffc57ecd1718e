"""Fixtures of the progress tests: a small plan with known reports whose numbers the tests compute by hand.

Team TPAKD-UJI, quarterly 2026, default thresholds (91/76/66/51), deadline 10 working days.

| act | program | org    | measure    | ceiling | Q1 target / planned phys | Q2 target / planned phys |
| A1  | P1      | DISKOP | per_period | 100 jt  | 10 / 25                  | 20 / 50                  |
| A2  | P1      | BANK   | cumulative | 300 jt  | 40 / 20                  | 60 / 60  (running total) |
| A3  | P2      | DISDIK | per_period | –       | 100 / –                  | 100 / –                  |
| A4  | P2      | BANK   | per_period | 100 jt  | 50 / 50                  | 50 / 100                 |
| A5  | P2      | DISKOP | per_period | 50 jt   | 0 / –                    | 10 / –                   |

DISDIK is exempt for Q2.
Q1: A1 rev 1 = 5, rev 2 = 9 (current; budget 20 jt, physical 30), on time. A2 = 30 (budget 50 jt, physical 15), late.
    A3 = 120 but returned. A4 missing. A5 = 3 on time (target 0).
Q2: A1 = 40 (budget 35 jt to date, physical 60), on time. A3 = 50 (exempt: must count nowhere). A4 = 45 (budget 60 jt,
    physical 80), on time. A2 and A5 missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from storage.db import make_sync_engine, session_scope
from storage.models import (
    Activity,
    Exemption,
    Membership,
    Organization,
    Person,
    Program,
    Report,
    ReportRevision,
    Target,
    Team,
    TeamOrganization,
)

T0 = datetime(2026, 1, 5, tzinfo=UTC)


@dataclass
class Sample:
    team_id: int
    org: dict[str, int]
    program: dict[str, int]
    activity: dict[str, int]
    person: dict[str, int]


def _at(month: int, day: int, hour: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def build_sample(session: Session) -> Sample:
    team = Team(code="TPAKD-UJI", name="TPAKD Kabupaten Uji", region="Kabupaten Uji", year=2026)
    session.add(team)
    orgs = {
        "DISKOP": Organization(code="DISKOP", name="Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Uji"),
        "BANK": Organization(code="BANK", name="Bank Sumut Cabang Lubuk Pakam", kind="bank"),
        "DISDIK": Organization(code="DISDIK", name="Dinas Pendidikan"),
    }
    for org in orgs.values():
        session.add(org)
    session.flush()
    assert team.id is not None
    for org in orgs.values():
        session.add(TeamOrganization(team_id=team.id, organization_id=org.id))  # type: ignore[arg-type]
    programs = {
        "P1": Program(team_id=team.id, code="P1", name="UMKM Go Digital", position=1),
        "P2": Program(team_id=team.id, code="P2", name="Satu Rekening Satu Pelajar", position=2),
    }
    for prog in programs.values():
        session.add(prog)
    session.flush()
    spec = [
        ("A1", "P1", "DISKOP", "per_period", 100_000_000, [(10, 25), (20, 50)]),
        ("A2", "P1", "BANK", "cumulative", 300_000_000, [(40, 20), (60, 60)]),
        ("A3", "P2", "DISDIK", "per_period", None, [(100, None), (100, None)]),
        ("A4", "P2", "BANK", "per_period", 100_000_000, [(50, 50), (50, 100)]),
        ("A5", "P2", "DISKOP", "per_period", 50_000_000, [(0, None), (10, None)]),
    ]
    acts: dict[str, Activity] = {}
    for pos, (code, prog, org, measure, ceiling, targets) in enumerate(spec):
        act = Activity(
            program_id=programs[prog].id,  # type: ignore[arg-type]
            organization_id=orgs[org].id,  # type: ignore[arg-type]
            code=code,
            name=f"Kegiatan {code}",
            indicator=f"Indikator {code}",
            unit="UMKM",
            budget_ceiling=ceiling,
            measure=measure,
            position=pos,
        )
        session.add(act)
        session.flush()
        acts[code] = act
        for q, (value, phys) in enumerate(targets, start=1):
            session.add(
                Target(activity_id=act.id, period_key=f"2026-Q{q}", value=value, planned_physical=phys)  # type: ignore[arg-type]
            )
    people = {
        "sari": Person(telegram_id=1001, name="Sari <Diskop>", created_at=T0),
        "budi": Person(telegram_id=1002, name="Budi", username="budi_bank", created_at=T0),
        "dewi": Person(telegram_id=1003, name="Dewi", created_at=T0),
    }
    for person in people.values():
        session.add(person)
    session.flush()
    for key, org in (("sari", "DISKOP"), ("budi", "BANK"), ("dewi", "DISDIK")):
        session.add(
            Membership(
                person_id=people[key].id,  # type: ignore[arg-type]
                team_id=team.id,
                role="focal_point",
                organization_id=orgs[org].id,
                created_at=T0,
            )
        )
    session.add(
        Exemption(
            team_id=team.id,
            organization_id=orgs["DISDIK"].id,  # type: ignore[arg-type]
            period_key="2026-Q2",
            reason="reorganisasi",
            created_at=T0,
        )
    )
    session.flush()

    def report(
        act: str,
        q: int,
        revisions: list[tuple[float, int | None, float | None, datetime]],
        *,
        on_time: bool = True,
        status: str = "submitted",
        who: str = "sari",
    ) -> None:
        rep = Report(
            activity_id=acts[act].id,  # type: ignore[arg-type]
            period_key=f"2026-Q{q}",
            first_submitted_at=revisions[0][3],
            on_time=on_time,
            status=status,
            status_reason="foto bukti kurang" if status == "returned" else None,
            revision_count=len(revisions),
        )
        session.add(rep)
        session.flush()
        rev = None
        for number, (value, budget, phys, at) in enumerate(revisions, start=1):
            rev = ReportRevision(
                report_id=rep.id,  # type: ignore[arg-type]
                number=number,
                draft_id=f"{act}-{q}-{number}",
                value=value,
                budget_spent=budget,
                physical_pct=phys,
                obstacles="Sinyal lemah di desa" if act == "A1" else None,
                follow_up="Koordinasi dengan Diskominfo" if act == "A1" else None,
                reporter_id=people[who].id,  # type: ignore[arg-type]
                submitted_at=at,
                on_time=on_time,
            )
            session.add(rev)
            session.flush()
        assert rev is not None
        rep.current_revision_id = rev.id
        session.add(rep)

    report("A1", 1, [(5, None, 10, _at(4, 2)), (9, 20_000_000, 30, _at(4, 6))])
    report("A2", 1, [(30, 50_000_000, 15, _at(5, 20))], on_time=False, who="budi")
    report("A3", 1, [(120, None, None, _at(4, 3))], status="returned", who="dewi")
    report("A5", 1, [(3, None, None, _at(4, 7))])
    report("A1", 2, [(40, 35_000_000, 60, _at(7, 3))], status="verified")
    report("A3", 2, [(50, None, None, _at(7, 4))], who="dewi")
    report("A4", 2, [(45, 60_000_000, 80, _at(7, 6))], who="budi")
    session.flush()
    return Sample(
        team_id=team.id,
        org={k: v.id for k, v in orgs.items()},  # type: ignore[misc]
        program={k: v.id for k, v in programs.items()},  # type: ignore[misc]
        activity={k: v.id for k, v in acts.items()},  # type: ignore[misc]
        person={k: v.id for k, v in people.items()},  # type: ignore[misc]
    )


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sample(engine: Engine) -> Sample:
    with session_scope(engine) as session:
        return build_sample(session)
