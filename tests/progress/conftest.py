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
from typing import Any

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from domain.plan import Plan
from planfile.read import load_plan
from storage.db import make_sync_engine, session_scope
from storage.models import Activity, Organization, Program, Team
from storage.plan import apply_plan
from tests.plan.conftest import SOLOK
from tests.worlds import Rev, WorldBuilder

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
    w = WorldBuilder(session, T0)
    team = w.team("TPAKD-UJI", "TPAKD Kabupaten Uji", region="Kabupaten Uji")
    org = {
        "DISKOP": w.org(team, "DISKOP", "Dinas Koperasi, Usaha Kecil dan Menengah Kabupaten Uji"),
        "BANK": w.org(team, "BANK", "Bank Sumut Cabang Lubuk Pakam", kind="bank"),
        "DISDIK": w.org(team, "DISDIK", "Dinas Pendidikan"),
    }
    program = {
        "P1": w.program(team, "P1", "UMKM Go Digital", position=1),
        "P2": w.program(team, "P2", "Satu Rekening Satu Pelajar", position=2),
    }
    spec = [
        ("A1", "P1", "DISKOP", "per_period", 100_000_000, [(10, 25), (20, 50)]),
        ("A2", "P1", "BANK", "cumulative", 300_000_000, [(40, 20), (60, 60)]),
        ("A3", "P2", "DISDIK", "per_period", None, [(100, None), (100, None)]),
        ("A4", "P2", "BANK", "per_period", 100_000_000, [(50, 50), (50, 100)]),
        ("A5", "P2", "DISKOP", "per_period", 50_000_000, [(0, None), (10, None)]),
    ]
    activity = {
        code: w.activity(
            program[prog],
            org[owner],
            code,
            f"Kegiatan {code}",
            indicator=f"Indikator {code}",
            unit="UMKM",
            budget_ceiling=ceiling,
            measure=measure,
            position=pos,
            targets={f"2026-Q{q}": target for q, target in enumerate(targets, start=1)},
        )
        for pos, (code, prog, owner, measure, ceiling, targets) in enumerate(spec)
    }
    person = {
        "sari": w.person(1001, "Sari <Diskop>", team, "focal_point", org["DISKOP"], private_chat=False),
        "budi": w.person(1002, "Budi", team, "focal_point", org["BANK"], username="budi_bank", private_chat=False),
        "dewi": w.person(1003, "Dewi", team, "focal_point", org["DISDIK"], private_chat=False),
    }
    w.exemption(team, org["DISDIK"], "2026-Q2", "reorganisasi")

    def report(
        act: str,
        q: int,
        revisions: list[tuple[float, int | None, float | None, datetime]],
        *,
        on_time: bool = True,
        status: str = "submitted",
        who: str = "sari",
    ) -> None:
        notes = ("Sinyal lemah di desa", "Koordinasi dengan Diskominfo") if act == "A1" else (None, None)
        w.report(
            activity[act],
            f"2026-Q{q}",
            *(Rev(value, at, person[who], budget, phys, *notes) for value, budget, phys, at in revisions),
            on_time=on_time,
            status=status,
            reason="foto bukti kurang" if status == "returned" else None,
        )

    report("A1", 1, [(5, None, 10, _at(4, 2)), (9, 20_000_000, 30, _at(4, 6))])
    report("A2", 1, [(30, 50_000_000, 15, _at(5, 20))], on_time=False, who="budi")
    report("A3", 1, [(120, None, None, _at(4, 3))], status="returned", who="dewi")
    report("A5", 1, [(3, None, None, _at(4, 7))])
    report("A1", 2, [(40, 35_000_000, 60, _at(7, 3))], status="verified")
    report("A3", 2, [(50, None, None, _at(7, 4))], who="dewi")
    report("A4", 2, [(45, 60_000_000, 80, _at(7, 6))], who="budi")
    return Sample(team_id=team, org=org, program=program, activity=activity, person=person)


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_sync_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def sample(engine: Engine) -> Sample:
    with session_scope(engine) as session:
        return build_sample(session)


# --- the Solok example with reports on its outcome indicators ----------------------------------------------------
#
# examples/tkpkd-kota-solok-2021.yaml (monthly 2021) carries program SASARAN: SAS-01 (poverty rate, tingkat turun,
# targets March 3.3 and September 3.1, BAPPEDA), SAS-02 (extreme poverty, tingkat turun, June 0.5, December 0.2,
# BAPPEDA), SAS-03 (stunting, tingkat turun, ranges February 14–16 and August 12–14, DINKES). The reports below
# (activity, month: value); everything else is not reported.

SOLOK_REPORTS = {
    ("SAS-01", "2021-03"): 3.0,
    ("SAS-02", "2021-06"): 0.6,
    ("SAS-03", "2021-02"): 17.0,
    ("SAS-03", "2021-08"): 13.0,
    ("DATA-02", "2021-09"): 1.0,
    ("DATA-01", "2021-02"): 500.0,  # cumulative, target 500 in February and 800 in March
    ("BANSOS-01", "2021-03"): 700.0,  # target 350
}
SOLOK_NOW = datetime(2022, 1, 10, 3, tzinfo=UTC)
TEAM: Any = Team.__table__  # type: ignore[attr-defined]


@dataclass
class Solok:
    plan: Plan
    team_id: int
    program: dict[str, int]
    org: dict[str, int]
    activity: dict[str, int]


def import_solok(engine: Engine, reports: dict[tuple[str, str], float]) -> Solok:
    plan = load_plan(SOLOK)
    with session_scope(engine) as session:
        apply_plan(session, plan, SOLOK_NOW)
        w = WorldBuilder(session, SOLOK_NOW)
        team_id = session.connection().execute(TEAM.select().where(TEAM.c.code == "TKPKD-SOLOK")).one().id
        ids = _ids(session, team_id)
        person = w.person(5001, "Rina", team_id, "secretariat")
        for (code, key), value in reports.items():
            w.report(ids["activity"][code], key, Rev(value, datetime(2021, 3, 1, tzinfo=UTC), person))
        return Solok(plan, team_id, ids["program"], ids["org"], ids["activity"])


def _ids(session: Session, team_id: int) -> dict[str, dict[str, int]]:
    conn = session.connection()
    p, a, o = Program.__table__, Activity.__table__, Organization.__table__  # type: ignore[attr-defined]
    programs = {
        c: i for i, c in conn.execute(p.select().with_only_columns(p.c.id, p.c.code).where(p.c.team_id == team_id))
    }
    activities = {
        c: i
        for i, c in conn.execute(
            a.select().with_only_columns(a.c.id, a.c.code).where(a.c.program_id.in_(list(programs.values())))
        )
    }
    orgs = {c: i for i, c in conn.execute(o.select().with_only_columns(o.c.id, o.c.code))}
    return {"program": programs, "activity": activities, "org": orgs}


def set_team(engine: Engine, team_id: int, **values: Any) -> None:
    """Change the team row (its cap, rating scale, yellow limit…)."""
    with session_scope(engine) as session:
        session.connection().execute(TEAM.update().where(TEAM.c.id == team_id).values(**values))


@pytest.fixture
def solok(engine: Engine) -> Solok:
    return import_solok(engine, SOLOK_REPORTS)


@pytest.fixture
def solok_bare(engine: Engine) -> Solok:
    """The Solok plan without any report."""
    return import_solok(engine, {})
