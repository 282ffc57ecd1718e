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
