"""Engines and transactions for SQLite and PostgreSQL.

Repository functions are plain synchronous functions ``fn(session, ...)`` that never commit. The CLI calls them in a
sync session; the bot calls the very same functions through ``Database.run``, which runs them on the async engine
with ``AsyncSession.run_sync`` and commits once: the caller owns the transaction (STYLE.md §5).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel import Session, create_engine
from sqlmodel.ext.asyncio.session import AsyncSession

P = ParamSpec("P")
T = TypeVar("T")

SQLITE_BUSY_TIMEOUT_MS = 10_000


class DatabaseUrlError(ValueError):
    """The database URL cannot be understood."""


def normalise_url(raw: str, *, asynchronous: bool) -> URL:
    """Take the URLs people write (``sqlite:///pantau.db``, ``postgresql://u@h/db``) and pick our drivers."""
    try:
        url = make_url(raw)
    except Exception as exc:  # sqlalchemy raises ArgumentError with the URL inside: do not echo it
        raise DatabaseUrlError("PANTAU_DATABASE_URL is not a database URL (e.g. sqlite:///pantau.db)") from exc
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite" if asynchronous else "sqlite+pysqlite")
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
    url = normalise_url(raw, asynchronous=False)
    engine = create_engine(url, **kw)
    if url.get_backend_name() == "sqlite":
        _configure_sqlite(engine)
    return engine


def make_async_engine(raw: str, **kw: Any) -> AsyncEngine:
    url = normalise_url(raw, asynchronous=True)
    if url.get_backend_name() == "postgresql":
        kw.setdefault("pool_size", 10)
        kw.setdefault("max_overflow", 20)
        kw.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kw)
    if url.get_backend_name() == "sqlite":
        _configure_sqlite(engine.sync_engine)
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
    """The async side: one engine, one ``run`` per transaction."""

    def __init__(self, raw_url: str, **engine_kw: Any) -> None:
        self.raw_url = raw_url
        self.engine = make_async_engine(raw_url, **engine_kw)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        self._sessions = async_sessionmaker(self.engine, class_=AsyncSession, expire_on_commit=False)

    async def run(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        """Run ``fn(session, *args, **kwargs)`` in one transaction and commit it.

        SQLite answers "database is locked" only after busy_timeout; we retry a few times so that a burst of
        officials reporting at once waits instead of failing.
        """
        attempts = 5 if self.is_sqlite else 1
        for attempt in range(attempts):
            try:
                async with self._sessions() as session, session.begin():
                    return await session.run_sync(lambda s: fn(s, *args, **kwargs))
            except OperationalError as exc:
                if attempt + 1 >= attempts or "locked" not in str(exc).lower():
                    raise
                await asyncio.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        await self.engine.dispose()
