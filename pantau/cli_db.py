"""``pantau db``: schema upgrades."""

from __future__ import annotations

import argparse
from typing import Any

from pantau.settings import Settings
from storage import migrate
from storage.db import DatabaseUrlError


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="database schema: upgrade to the latest version, show the current one")
    dbsub = db.add_subparsers(dest="db_command", metavar="ACTION")
    up = dbsub.add_parser("upgrade", help="create or upgrade the tables (safe to repeat)")
    up.set_defaults(func=_upgrade)
    cur = dbsub.add_parser("current", help="print the schema version of the database")
    cur.set_defaults(func=_current)
    db.set_defaults(func=lambda args, settings: (db.print_help(), 2)[1])


def _upgrade(args: argparse.Namespace, settings: Settings) -> int:
    from pantau.cli import CliError

    try:
        migrate.upgrade(settings.database_url.get_secret_value())
    except DatabaseUrlError as exc:
        raise CliError(str(exc)) from None
    print("Database is up to date.")
    return 0


def _current(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.database_url.get_secret_value()
    print(f"current: {migrate.current_revision(url) or 'empty'}; latest: {migrate.head_revision(url)}")
    return 0
