"""One active instance per database (README, "How it runs"): a PostgreSQL advisory lock, or an OS file lock on SQLite.

PostgreSQL: the guard holds a dedicated connection on which it took ``pg_try_advisory_lock(key)``. The lock lives
exactly as long as that connection: if the process dies or the connection drops, PostgreSQL releases it and a
standby (polling every :data:`POLL_SECONDS`) takes over within seconds. The active instance should call
:meth:`InstanceGuard.alive` now and then (the bot does it on its tick) and stop polling and jobs when it says False.

SQLite: an exclusive ``fcntl.flock`` on ``<database file>.lock`` held for the process lifetime. A second process on
the same file is refused at once with :class:`InstanceLockError` (there is no standby on SQLite: one file, one
machine, one bot). In-memory SQLite needs no guard.

Usage::

    guard = InstanceGuard(settings.database_url.get_secret_value())
    await guard.acquire(blocking=True)   # PostgreSQL standby waits here; SQLite raises if another process runs
    try:
        ...  # run polling and jobs; if not await guard.alive(): stop
    finally:
        await guard.release()
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import socket
from pathlib import Path
from typing import IO, Any

from sqlalchemy.engine import make_url

from storage.db import normalise_url

log = logging.getLogger(__name__)

POLL_SECONDS = 1.0
LOCK_NAME = "pantau:active-instance"


class InstanceLockError(RuntimeError):
    """Another instance holds the database; the message says which file or database and what to do."""


def lock_key(name: str = LOCK_NAME) -> int:
    """A stable signed 64-bit advisory-lock key for ``name``."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class InstanceGuard:
    """Holds the single-active-instance lock for one database URL."""

    def __init__(self, database_url: str, *, name: str = LOCK_NAME, poll_seconds: float = POLL_SECONDS) -> None:
        self.database_url = database_url
        self.key = lock_key(name)
        self.poll_seconds = poll_seconds
        url = make_url(database_url)
        self.backend = url.get_backend_name()
        self._pg_conn: Any = None
        self._file: IO[str] | None = None
        self._held = False
        if self.backend == "sqlite":
            database = url.database or ""
            self.lock_path: Path | None = (
                None
                if database in ("", ":memory:")
                else Path(database).expanduser().resolve().with_name(Path(database).name + ".lock")
            )
        elif self.backend in ("postgresql", "postgres"):
            self.lock_path = None
        else:
            raise InstanceLockError(f"no instance guard for {self.backend!r} databases")

    @property
    def held(self) -> bool:
        return self._held

    @property
    def backend_pid(self) -> int | None:
        """PostgreSQL backend pid of the lock connection (for operators and tests)."""
        return None if self._pg_conn is None else int(self._pg_conn.info.backend_pid)

    async def acquire(self, blocking: bool = True) -> None:
        """Take the lock. PostgreSQL: wait for it when ``blocking`` (the standby), else raise if taken.
        SQLite: always refuse at once when another process holds the file."""
        if self._held:
            return
        if self.backend == "sqlite":
            self._acquire_file()
        else:
            await self._acquire_pg(blocking)
        self._held = True

    async def release(self) -> None:
        """Give the lock up (also safe after the connection was lost, and when never acquired)."""
        self._held = False
        if self._pg_conn is not None:
            conn, self._pg_conn = self._pg_conn, None
            with contextlib.suppress(Exception):
                await conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
            with contextlib.suppress(Exception):
                await conn.close()
        if self._file is not None:
            file, self._file = self._file, None
            import fcntl

            with contextlib.suppress(OSError):
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)
            file.close()

    async def alive(self) -> bool:
        """Whether the lock is still ours: on PostgreSQL, whether its connection still answers."""
        if not self._held:
            return False
        if self._pg_conn is None:
            return True  # SQLite: the file lock lasts as long as the process
        try:
            await asyncio.wait_for(self._pg_conn.execute("SELECT 1"), timeout=5)
        except Exception:
            log.error("lost the database connection that holds the instance lock: this instance is no longer active")
            await self.release()
            return False
        return True

    # --- PostgreSQL -----------------------------------------------------------------------------------------

    async def _acquire_pg(self, blocking: bool) -> None:
        import psycopg

        dsn = normalise_url(self.database_url).set(drivername="postgresql")
        conninfo = dsn.render_as_string(hide_password=False)
        waited = False
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    conninfo,
                    autocommit=True,
                    application_name="pantau-instance-lock",
                    keepalives=1,
                    keepalives_idle=10,
                    keepalives_interval=5,
                    keepalives_count=3,
                )
            except psycopg.OperationalError as exc:
                if not blocking:
                    raise InstanceLockError(f"cannot reach PostgreSQL for the instance lock: {exc}") from None
                log.warning("instance lock: PostgreSQL unreachable (%s); retrying", exc)
                await asyncio.sleep(self.poll_seconds)
                continue
            try:
                row = await (await conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,))).fetchone()
            except Exception:
                await conn.close()
                raise
            if row is not None and row[0]:
                self._pg_conn = conn
                if waited:
                    log.info("instance lock acquired: this instance is now active")
                return
            await conn.close()
            if not blocking:
                raise InstanceLockError(
                    "another Pantau instance is active on this PostgreSQL database; this one would be a standby"
                )
            if not waited:
                log.info("another instance is active; standing by (checking every %.0f s)", self.poll_seconds)
                waited = True
            await asyncio.sleep(self.poll_seconds)

    # --- SQLite ---------------------------------------------------------------------------------------------

    def _acquire_file(self) -> None:
        if self.lock_path is None:
            return
        import fcntl

        path = self.lock_path
        file = path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            file.seek(0)
            holder = file.read().strip() or "another process"
            file.close()
            raise InstanceLockError(
                f"another Pantau instance ({holder}) is already running on {path.with_suffix('')}; "
                "stop it first (SQLite allows one instance; use PostgreSQL for a standby)"
            ) from None
        file.seek(0)
        file.truncate()
        file.write(f"pid {os.getpid()} on {socket.gethostname()}\n")
        file.flush()
        self._file = file
