"""Engines and transactions for SQLite and PostgreSQL.

Repository functions are plain synchronous functions ``fn(session, ...)`` that never commit. The CLI calls them in a
sync session; the bot calls the very same functions through ``Database.run``, which runs the whole transaction on a
worker thread with the plain sync driver (pysqlite, psycopg) and commits once: the caller owns the transaction
(STYLE.md §5). One thread hop per transaction, instead of one per statement as an async driver would make (aiosqlite
hands every statement to its own thread and back), is what keeps a report turn cheap (bench/RESULTS.md).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

P = ParamSpec("P")
T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_WORKERS = 4  # every transaction queues on BEGIN IMMEDIATE; the others wait off the event loop
POSTGRES_WORKERS = 10


class DatabaseUrlError(ValueError):
    """The database URL cannot be understood."""


def normalise_url(raw: str) -> URL:
    """Take the URLs people write (``sqlite:///pantau.db``, ``postgresql://u@h/db``) and pick our drivers."""
    try:
        url = make_url(raw)
    except Exception as exc:  # sqlalchemy raises ArgumentError with the URL inside: do not echo it
        raise DatabaseUrlError("PANTAU_DATABASE_URL is not a database URL (e.g. sqlite:///pantau.db)") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+pysqlite")
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    raise DatabaseUrlError(f"unsupported database {backend!r}: use sqlite:///FILE or postgresql://USER@HOST/DB")


def is_sqlite(raw: str) -> bool:
    return make_url(raw).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    for pragma in (
        "journal_mode=WAL",
        f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
        "foreign_keys=ON",
        "synchronous=NORMAL",
    ):
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _sqlite_begin_immediate(conn: Any) -> None:
    # Writers take the lock at BEGIN, so two writers wait on busy_timeout instead of failing on upgrade.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _configure_sqlite(sync_engine: Engine) -> None:
    event.listen(sync_engine, "connect", _sqlite_pragmas)

    @event.listens_for(sync_engine, "connect")
    def _no_pysqlite_tx(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # let us issue BEGIN ourselves

    event.listen(sync_engine, "begin", _sqlite_begin_immediate)


def make_sync_engine(raw: str, **kw: Any) -> Engine:
    url = normalise_url(raw)
    engine = create_engine(url, **kw)
    if url.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    return engine


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One sync transaction: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


class Database:
    """The bot's side: one engine, one ``run`` per transaction, each on a worker thread off the event loop."""

    def __init__(self, raw_url: str, **engine_kw: Any) -> None:
        self.raw_url = raw_url
        self.is_sqlite = is_sqlite(raw_url)
        if self.is_sqlite and (make_url(raw_url).database or ":memory:") == ":memory:":
            # Each worker thread would get its own empty in-memory database: the bot's data must live in a file.
            raise DatabaseUrlError("an in-memory SQLite database cannot hold the bot's data: use sqlite:///FILE")
        workers = SQLITE_WORKERS if self.is_sqlite else POSTGRES_WORKERS
        if not self.is_sqlite:
            engine_kw.setdefault("pool_size", POSTGRES_WORKERS)
            engine_kw.setdefault("max_overflow", 0)
            engine_kw.setdefault("pool_pre_ping", True)
        self.engine = make_sync_engine(raw_url, **engine_kw)
        # No more threads than pooled connections, so a worker never waits for a connection.
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pantau-db")

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(session, *args, **kwargs)`` in one transaction on a worker thread and commit it.

        SQLite answers "database is locked" only after busy_timeout; we retry a few times so that a burst of
        officials reporting at once waits instead of failing. A cancelled caller does not cancel the transaction: it
        runs to its commit or rollback on the worker, so a transaction is never left half done.
        """
        attempts = 5 if self.is_sqlite else 1
        call = functools.partial(self._transaction, fn, args, kwargs)
        loop = asyncio.get_running_loop()
        for attempt in range(attempts):
            try:
                return await loop.run_in_executor(self._executor, call)
            except OperationalError as exc:
                if attempt + 1 >= attempts or "locked" not in str(exc).lower():
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _transaction(self, fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
        with session_scope(self.engine) as session:
            return fn(session, *args, **kwargs)

    async def dispose(self) -> None:
        await asyncio.get_running_loop().run_in_executor(None, self._close)

    def _close(self) -> None:
        self._executor.shutdown(wait=True)
        self.engine.dispose()
