"""Schema upgrades with Alembic, configured in code so that an installed package needs no alembic.ini."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

from storage.db import make_sync_engine

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(raw_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", raw_url.replace("%", "%%"))
    return cfg


def upgrade(raw_url: str, revision: str = "head") -> None:
    """Bring the database to ``revision``; safe to run on every start."""
    engine = make_sync_engine(raw_url)
    try:
        upgrade_engine(engine, raw_url, revision)
    finally:
        engine.dispose()


def upgrade_engine(engine: Engine, raw_url: str, revision: str = "head") -> None:
    cfg = alembic_config(raw_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revision(raw_url: str) -> str | None:
    engine = make_sync_engine(raw_url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()


def head_revision(raw_url: str) -> str | None:
    return ScriptDirectory.from_config(alembic_config(raw_url)).get_current_head()
