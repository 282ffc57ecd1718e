"""Shared by the benchmarks and the chaos script: a throwaway database seeded with a team whose focal points each
own a few activities, the bot as a separate process against the emulator, and the CPU time of that process."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlmodel import Session

from storage.db import make_sync_engine
from storage.migrate import upgrade
from tests.worlds import WorldBuilder, each_period

ROOT = Path(__file__).resolve().parents[1]
FIRST_USER_ID = 600_000


@dataclass(frozen=True)
class Seeded:
    team_id: int
    user_ids: list[int]
    activity_ids: dict[int, list[int]]  # telegram id -> own activity ids


def seed(
    url: str,
    *,
    people_count: int,
    activities_each: int,
    year: int,
    period_kind: str = "quarter",
    team_code: str = "BENCH",
    deadline_working_days: int = 10,
    now: datetime | None = None,
) -> Seeded:
    """One team; one organization per person; ``activities_each`` per-period activities each (target 1000, so the
    usual answers never warn); every person a focal point who has opened the private chat."""
    now = now or datetime.now(UTC)
    engine = make_sync_engine(url)
    try:
        with Session(engine) as session:
            w = WorldBuilder(session, now)
            team = w.team(team_code, year=year, period_kind=period_kind, deadline_working_days=deadline_working_days)
            program = w.program(team, "P1", "Program uji", position=1)
            targets = each_period((1000, 50.0), year, period_kind)
            activity_ids: dict[int, list[int]] = {}
            for i in range(people_count):
                org = w.org(team, f"{team_code}-O{i:03d}", f"Dinas Uji {i}")
                acts = [
                    w.activity(
                        program,
                        org,
                        f"{team_code}-K{i:03d}-{j}",
                        f"Kegiatan {i}.{j}",
                        unit="unit",
                        budget_ceiling=1_000_000_000,
                        measure="per_period",
                        position=j,
                        targets=targets,
                    )
                    for j in range(activities_each)
                ]
                tid = FIRST_USER_ID + i
                w.person(tid, f"Petugas {i}", team, "focal_point", org)
                activity_ids[tid] = acts
            session.commit()
            return Seeded(team, list(activity_ids), activity_ids)
    finally:
        engine.dispose()


@contextmanager
def database(engine: str, pg_base: str | None = None, directory: Path | None = None) -> Iterator[str]:
    """A fresh, migrated database URL: a SQLite file, or a PostgreSQL database created here and dropped after."""
    if engine == "sqlite":
        folder = directory or Path(os.environ.get("TMPDIR", "/tmp"))
        path = folder / f"pantau-bench-{uuid.uuid4().hex[:8]}.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        try:
            yield url
        finally:
            for suffix in ("", "-wal", "-shm", ".lock"):  # .lock: the instance guard
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    base = make_url(pg_base or "postgresql://postgres@127.0.0.1:5432/test")
    name = f"pantau_bench_{uuid.uuid4().hex[:8]}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.set(database=name).render_as_string(hide_password=False)
    try:
        upgrade(url)
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def spawn_bot(
    args: list[str], *, token: str, api_url: str, db_url: str, log: Path | None = None, **env_extra: str
) -> subprocess.Popen[bytes]:
    """A bot process (``args`` after ``python``) with the PANTAU_* settings; output to ``log`` or discarded."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env.update(
        PANTAU_TOKEN=token,
        PANTAU_BOT_API_URL=api_url,
        PANTAU_DATABASE_URL=db_url,
        PANTAU_TICK_SECONDS="0",
        PANTAU_FLOOD_MAX_UPDATES="100000",
        PYTHONPATH=str(ROOT),
    )
    env.update(env_extra)
    out = open(log, "ab") if log is not None else subprocess.DEVNULL  # noqa: SIM115 - the child owns it
    return subprocess.Popen([sys.executable, *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
