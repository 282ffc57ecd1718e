"""``storage.db.Database``: the bot's transactions run whole on a worker thread, commit once, roll back on error,
and are not cut short when the awaiting caller is cancelled."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlmodel import Session, select

from storage.db import Database, DatabaseUrlError
from storage.models import Team


def _add_team(session: Session, code: str) -> str:
    session.add(Team(code=code, name=f"Tim {code}", year=2026))
    session.flush()
    return threading.current_thread().name


def _codes(session: Session) -> list[str]:
    return sorted(session.exec(select(Team.code)).all())


def _add_then_fail(session: Session) -> None:
    _add_team(session, "GAGAL")
    raise ValueError("the plan check failed")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_sqlite_database_is_refused(url: str) -> None:
    with pytest.raises(DatabaseUrlError, match="sqlite:///FILE"):
        Database(url)


async def test_a_transaction_commits_once_off_the_event_loop(db_url: str) -> None:
    db = Database(db_url)
    try:
        worker = await db.run(_add_team, "TPAKD-A")
        assert worker != threading.current_thread().name and worker.startswith("pantau-db")
        assert await db.run(_codes) == ["TPAKD-A"]
    finally:
        await db.dispose()


async def test_an_error_rolls_the_whole_transaction_back(db_url: str) -> None:
    db = Database(db_url)
    try:
        with pytest.raises(ValueError, match="plan check"):
            await db.run(_add_then_fail)
        assert await db.run(_codes) == []
    finally:
        await db.dispose()


async def test_a_cancelled_caller_does_not_leave_its_transaction_half_done(db_url: str) -> None:
    db = Database(db_url)
    started, release = threading.Event(), threading.Event()

    def slow_add(session: Session) -> None:
        _add_team(session, "TPAKD-B")
        started.set()
        release.wait(10)

    try:
        task = asyncio.create_task(db.run(slow_add))
        await asyncio.to_thread(started.wait, 10)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        release.set()
        # the worker finishes the transaction it began: the team is there, once
        for _ in range(100):
            if await db.run(_codes) == ["TPAKD-B"]:
                break
            await asyncio.sleep(0.05)
        assert await db.run(_codes) == ["TPAKD-B"]
    finally:
        release.set()
        await db.dispose()
