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


def test_upgrade_to_0002_keeps_group_rows_and_adds_an_empty_thread(db_url: str) -> None:
    """A database of the previous revision (0001) with a linked group: the upgrade adds ``thread_id`` (NULL) and
    keeps the row."""
    from alembic import command
    from sqlalchemy import text

    from storage.migrate import alembic_config

    engine = make_sync_engine(db_url)
    try:
        cfg = alembic_config(db_url)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0001")
        assert "thread_id" not in {c["name"] for c in inspect(engine).get_columns("group_chat")}
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO team (code, name, region, timezone, period_kind, year, deadline_working_days,"
                    " lock_days, thresholds, policy) VALUES ('T1', 'Tim', '', 'Asia/Jakarta', 'quarter', 2022, 10,"
                    " 30, '[91, 76, 66, 51]', '{}')"
                )
            )
            conn.execute(
                text(
                    "INSERT INTO group_chat (chat_id, team_id, title, active)"
                    " SELECT -1001234567890, id, 'Grup TPAKD', true FROM team"
                )
            )
    finally:
        engine.dispose()
        upgrade(db_url)
    assert current_revision(db_url) == head_revision(db_url)
    engine = make_sync_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT chat_id, title, active, thread_id FROM group_chat")).all()
    engine.dispose()
    assert [(r[0], r[1], bool(r[2]), r[3]) for r in rows] == [(-1001234567890, "Grup TPAKD", True, None)]
