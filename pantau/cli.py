"""The ``pantau`` command. Each group of subcommands lives in its own ``pantau.cli_*`` module with ``register``."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from pantau.logs import install_redaction, secrets_of
from pantau.settings import Settings

COMMAND_MODULES = (
    "pantau.cli_db",
    "pantau.cli_plan",
    "pantau.cli_bot",
    "pantau.cli_jobs",
    "pantau.cli_progress",
)

EXIT_USAGE = 2


class CliError(Exception):
    """A mistake of the operator's, printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pantau",
        description="Pantau: realisation reports, reminders and progress for coordination teams on Telegram.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.register(sub)
    return parser


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        lines = [f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()]
        raise CliError("invalid settings: " + "; ".join(lines)) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE if args.command is None and argv is None and len(sys.argv) <= 1 else 0
    try:
        settings = load_settings()
        logging.basicConfig(
            level=getattr(logging, settings.log_level.upper(), logging.INFO),
            format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        )
        logging.getLogger("httpx").setLevel(logging.WARNING)
        install_redaction(
            secrets_of(
                settings.token.get_secret_value() if settings.token else None,
                settings.database_url.get_secret_value(),
            )
        )
        result: int = args.func(args, settings)
        return result
    except CliError as exc:
        print(f"pantau: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
