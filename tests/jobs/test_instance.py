"""One active instance: PostgreSQL advisory lock with a standby taking over; SQLite refuses a second process."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from storage.instance import InstanceGuard, InstanceLockError

PG_ENV = "PANTAU_TEST_DATABASE_URL"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_url(postgres_database: str | None) -> str:
    if postgres_database is None:
        pytest.skip(f"{PG_ENV} not set")
    return postgres_database


async def _wait_for(task: asyncio.Task[None], limit: float) -> float:
    started = time.monotonic()
    await asyncio.wait_for(task, timeout=limit)
    return time.monotonic() - started


async def test_standby_takes_over_when_the_active_releases(pg_url: str) -> None:
    active = InstanceGuard(pg_url, name="test:release", poll_seconds=0.2)
    standby = InstanceGuard(pg_url, name="test:release", poll_seconds=0.2)
    await active.acquire(blocking=False)
    try:
        with pytest.raises(InstanceLockError, match="another Pantau instance is active"):
            await standby.acquire(blocking=False)
        waiting = asyncio.create_task(standby.acquire(blocking=True))
        await asyncio.sleep(0.6)
        assert not waiting.done()  # the standby waits
        assert await active.alive()
        await active.release()
        assert await _wait_for(waiting, 5) < 3
        assert standby.held
        assert await standby.alive()
    finally:
        await active.release()
        await standby.release()


async def test_standby_takes_over_when_the_active_connection_dies(pg_url: str) -> None:
    active = InstanceGuard(pg_url, name="test:crash", poll_seconds=0.2)
    standby = InstanceGuard(pg_url, name="test:crash", poll_seconds=0.2)
    await active.acquire()
    try:
        waiting = asyncio.create_task(standby.acquire(blocking=True))
        await asyncio.sleep(0.5)
        assert not waiting.done()
        # the active process dies: its backend is gone, and so is the lock
        dsn = pg_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (active.backend_pid,))
        assert await _wait_for(waiting, 5) < 3
        assert standby.held
        assert not await active.alive()  # the old one notices it lost the lock
    finally:
        await active.release()
        await standby.release()


async def test_sqlite_second_process_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    guard = InstanceGuard(url)
    await guard.acquire()
    try:
        code = (
            "import asyncio, sys\n"
            "from storage.instance import InstanceGuard, InstanceLockError\n"
            "try:\n"
            f"    asyncio.run(InstanceGuard({url!r}).acquire())\n"
            "except InstanceLockError as exc:\n"
            "    print(exc); sys.exit(3)\n"
        )
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 3, done.stderr
        assert "another Pantau instance" in done.stdout
        assert f"pid {os.getpid()}" in done.stdout
        assert "pantau.db" in done.stdout
        # a second open in this process is refused too (flock is per open file description)
        with pytest.raises(InstanceLockError):
            await InstanceGuard(url).acquire()
    finally:
        await guard.release()
    # once released, the next instance starts
    again = InstanceGuard(url)
    await again.acquire()
    await again.release()


async def test_in_memory_sqlite_needs_no_guard() -> None:
    guard = InstanceGuard("sqlite://")
    await guard.acquire()
    assert guard.held
    assert await guard.alive()
    await guard.release()
