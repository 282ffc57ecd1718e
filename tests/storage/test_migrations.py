"""The schema comes from Alembic migrations alone, on both engines, and upgrading twice changes nothing."""

from __future__ import annotations

from sqlalchemy import inspect

from storage.db import make_sync_engine
from storage.migrate import current_revision, head_revision, upgrade


def test_migrated_database_has_every_table_at_head(db_url: str) -> None:
    upgrade(db_url)  # a second upgrade is a no-op
    assert current_revision(db_url) == head_revision(db_url)
    engine = make_sync_engine(db_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    for name in (
        "team",
        "organization",
        "activity",
        "target",
        "report",
        "report_revision",
        "delivery",
        "exemption",
        "invite_token",
        "conversation_state",
        "user_data",
        "report_draft",
    ):
        assert name in tables


def test_sqlite_pragmas_are_on(sqlite_url: str) -> None:
    engine = make_sync_engine(sqlite_url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
    engine.dispose()
