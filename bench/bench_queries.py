"""Time the progress aggregates on the big synthetic plan, against a hand-written SQL floor, on SQLite and PostgreSQL.

    /work/venv/bin/python bench/bench_queries.py [--pg postgresql://postgres@127.0.0.1/test] [--repeat 21]

The plan is made once per engine by the ``pantau plan generate`` code (60 organizations × 3,000 activities × 12
monthly periods with report history) in a temporary database (a temp SQLite file; a PostgreSQL database created
for the run and dropped after). Each aggregate runs ``--repeat`` times after a warm-up; the median is printed next
to the median of the floor, one plain ``GROUP BY`` over the same tables measured in the same run, as a ratio.
Goal: each ``/rekap`` aggregate ≤ 1.5× the floor and < 100 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from pantau.plangen import generate_team
from storage import aggregates as agg
from storage.db import make_sync_engine, session_scope
from storage.migrate import upgrade
from storage.models import Report, Team

YEAR = 2025
NOW = datetime(YEAR + 1, 1, 31, 12, tzinfo=UTC)  # every period of the year has ended: full report history
PERIOD = f"{YEAR}-06"

FLOOR_SQL = text(
    """
    SELECT a.organization_id, COUNT(t.id), COUNT(r.id),
           SUM(CASE WHEN r.on_time THEN 1 ELSE 0 END), SUM(v.value)
    FROM activity a
    JOIN program p ON p.id = a.program_id
    LEFT JOIN target t ON t.activity_id = a.id AND t.period_key = :pk
    LEFT JOIN report r ON r.activity_id = a.id AND r.period_key = :pk
    LEFT JOIN report_revision v ON v.id = r.current_revision_id
    WHERE p.team_id = :team
    GROUP BY a.organization_id
    """
)


def _generate(url: str, orgs: int, activities: int, periods: int) -> int:
    upgrade(url)
    engine = make_sync_engine(url)
    started = time.perf_counter()
    with session_scope(engine) as session:
        out = generate_team(
            session,
            team_code="BENCH",
            orgs=orgs,
            activities=activities,
            periods=periods,
            year=YEAR,
            now=NOW,
            with_reports=True,
        )
    print(f"  generated in {time.perf_counter() - started:.1f} s: {out.summary()}")
    with engine.connect() as conn:
        team_id = conn.execute(select(Team.id).where(Team.code == "BENCH")).scalar_one()  # type: ignore[call-overload]
        reports = conn.execute(select(func.count()).select_from(Report)).scalar_one()
    print(f"  {reports:,} report rows")
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
    engine.dispose()
    return int(team_id)


def _paired_ms(floor: Callable[[], Any], fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Medians of ``floor`` and ``fn`` timed alternately, so that a busy machine slows both alike."""
    floor()
    fn()  # warm-up: statement cache, page cache
    floors, times = [], []
    for _ in range(repeat):
        started = time.perf_counter()
        floor()
        floors.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(floors), statistics.median(times)


def _run(label: str, engine: Engine, team_id: int, repeat: int) -> None:
    with Session(engine) as session:
        conn = session.connection()

        def floor() -> Any:
            return conn.execute(FLOOR_SQL, {"pk": PERIOD, "team": team_id}).all()

        cases: list[tuple[str, Callable[[], Any]]] = [
            ("period_summary (/rekap)", lambda: agg.period_summary(session, team_id, PERIOD, with_budget=False)),
            ("period_summary + budget (/progres)", lambda: agg.period_summary(session, team_id, PERIOD)),
            ("laggards (/belum)", lambda: agg.laggards(session, team_id, PERIOD)),
            ("scurve (/kurva)", lambda: agg.scurve(session, team_id, upto=PERIOD)),
            ("compliance (12 periods)", lambda: agg.compliance(session, team_id, today=date(YEAR + 1, 1, 31))),
            ("activity_rows (one XLSX sheet)", lambda: agg.activity_rows(session, team_id, PERIOD)),
        ]
        print(f"\n{label}: period {PERIOD}; floor = one plain GROUP BY over the same tables, timed alternately")
        print(f"  {'aggregate':36} {'median ms':>10} {'floor ms':>9} {'× floor':>8}")
        for name, fn in cases:
            floor_ms, ms = _paired_ms(floor, fn, repeat)
            print(f"  {name:36} {ms:10.1f} {floor_ms:9.1f} {ms / floor_ms:8.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("PANTAU_TEST_DATABASE_URL"), help="PostgreSQL server URL")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only")
    parser.add_argument("--orgs", type=int, default=60)
    parser.add_argument("--activities", type=int, default=3000)
    parser.add_argument("--periods", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        print("SQLite")
        team_id = _generate(url, args.orgs, args.activities, args.periods)
        engine = make_sync_engine(url)
        _run("SQLite", engine, team_id, args.repeat)
        engine.dispose()

    if args.pg and not args.no_pg:
        import psycopg

        base = make_url(args.pg)
        name = f"pantau_bench_{uuid.uuid4().hex[:8]}"
        admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        try:
            url = base.set(database=name).render_as_string(hide_password=False)
            print("\nPostgreSQL")
            team_id = _generate(url, args.orgs, args.activities, args.periods)
            engine = make_sync_engine(url)
            _run("PostgreSQL", engine, team_id, args.repeat)
            engine.dispose()
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
