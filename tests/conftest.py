"""Shared fixtures: a migrated database per test on SQLite, and on PostgreSQL when PANTAU_TEST_DATABASE_URL is set.

PostgreSQL tests run in a database of their own (created for the session and dropped after), so a run never
touches data it did not create; every test starts from empty tables.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from storage.db import make_sync_engine
from storage.migrate import upgrade

PG_ENV = "PANTAU_TEST_DATABASE_URL"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgres: needs PostgreSQL (PANTAU_TEST_DATABASE_URL)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str | None]:
    base = os.environ.get(PG_ENV)
    if not base:
        yield None
        return
    import psycopg

    url = make_url(base)
    name = f"pantau_test_{uuid.uuid4().hex[:10]}"
    admin_dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    test_url = url.set(database=name).render_as_string(hide_password=False)
    upgrade(test_url)
    try:
        yield test_url
    finally:
        with psycopg.connect(admin_dsn, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_all(url: str) -> None:
    from sqlmodel import SQLModel

    import storage.models  # noqa: F401

    engine = make_sync_engine(url)
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, postgres_database: str | None) -> str:
    """A migrated, empty database URL; parametrised over both engines."""
    if request.param == "sqlite":
        path = tmp_path / "pantau.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    if postgres_database is None:
        pytest.skip(f"{PG_ENV} not set")
    _truncate_all(postgres_database)
    return postgres_database


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    """A migrated, empty SQLite database, for tests that need only one engine."""
    path = tmp_path / "pantau.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite:///{path}"
