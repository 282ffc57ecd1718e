"""The ``pantau`` command. Each group of subcommands lives in its own ``pantau.cli_*`` module with ``register``.

This module imports almost nothing at the top: the subcommands pull in SQLAlchemy, Alembic and matplotlib, which
takes a second, and a Ctrl-C in that second must end as one line like any other (``main`` catches it).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pantau.settings import Settings


EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # the shell's convention for a command ended by SIGINT (128 + 2)


class CliError(Exception):
    """A mistake of the operator's, printed as one line, exit status 2."""


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, with what it means for the data (e.g. that a transaction was rolled back)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pantau",
        description="Pantau: realisation reports, reminders and progress for coordination teams on Telegram.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    # Imported here, not at the top: see the module docstring (a Ctrl-C while they load is one line too).
    from pantau import cli_bot, cli_db, cli_deck, cli_jobs, cli_plan, cli_progress, cli_team

    for module in (cli_db, cli_plan, cli_team, cli_bot, cli_jobs, cli_progress, cli_deck):
        module.register(sub)
    return parser


def load_settings() -> Settings:
    from pydantic import ValidationError

    from pantau.settings import Settings

    try:
        return Settings()
    except ValidationError as exc:
        lines = [
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise CliError("invalid settings: " + "; ".join(lines)) from None


def database_error(exc: BaseException) -> str | None:
    """One line for a database that cannot be opened or reached, or None when ``exc`` is something else.

    Only the driver's first line is kept: the URL (and its password) is never part of it.
    """
    from sqlalchemy.exc import OperationalError

    from storage.db import DatabaseUrlError

    if isinstance(exc, DatabaseUrlError):
        return str(exc)
    if not isinstance(exc, OperationalError):
        return None
    lines = str(exc.orig or exc).strip().splitlines() or [type(exc).__name__]
    message = f"cannot open the database: {lines[0].strip()}"
    missing = re.search(r'database "([^"]+)" does not exist', message)
    if missing:  # PostgreSQL: the server answers, the database was never created
        message += f" (create it first: createdb {missing.group(1)})"
    return message


def operator_error(exc: BaseException) -> str | None:
    """The one line for a mistake in the operator's input or setup that reached ``main`` unconverted."""
    from planfile.read import PlanSourceError

    if isinstance(exc, PlanSourceError):
        return str(exc)
    return database_error(exc)


def main(argv: Sequence[str] | None = None) -> int:
    secrets: list[str] = []
    try:
        return _main(argv, secrets)
    except CliError as exc:
        print(f"pantau: {_redact(str(exc), secrets)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        print(f"pantau: {exc if isinstance(exc, Interrupted) else 'interrupted'}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        message = operator_error(exc)
        if message is None:
            raise
        print(f"pantau: {_redact(message, secrets)}", file=sys.stderr)
        return EXIT_USAGE


def _main(argv: Sequence[str] | None, secrets: list[str]) -> int:
    import logging

    from bot.redaction import secrets_of
    from pantau.logs import install_redaction

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE if args.command is None and argv is None and len(sys.argv) <= 1 else 0
    if isinstance(getattr(args, "database", None), str):  # `pantau sandbox --database URL`
        secrets.extend(secrets_of(None, args.database))
    settings = load_settings()
    logging.basicConfig(
        level=getattr(logging, settings.log_level.upper(), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)
    secrets.extend(
        secrets_of(
            settings.token.get_secret_value() if settings.token else None,
            settings.database_url.get_secret_value(),
        )
    )
    install_redaction(secrets)
    result: int = args.func(args, settings)
    return result


def _redact(text: str, secrets: list[str]) -> str:
    from bot.redaction import RedactSecrets

    return RedactSecrets(secrets).redact(text)
